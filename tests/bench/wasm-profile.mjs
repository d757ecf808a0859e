// Where the wasm's bytes go, by crate: reads `twiggy top -n 100000 -f csv <file.wasm>` on stdin
// (twiggy: `cargo install twiggy`), run on the wasm before wasm-bindgen and wasm-opt, which still
// has function names:
//   twiggy top -n 100000 -f csv target/wasm32-unknown-unknown/release/portal-app.wasm | node tests/bench/wasm-profile.mjs
import { readFileSync } from "node:fs";

const lines = readFileSync(0, "utf8").trim().split("\n").slice(1);
const byCrate = new Map();
let code = 0;
for (const line of lines) {
  // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent (names may hold commas).
  const m = line.match(/^"?(.*?)"?,(\d+),[\d.]+,[^,]*,[^,]*$/);
  if (!m) continue;
  const [, name, size] = m;
  // Sections that wasm-bindgen or wasm-opt remove before the file ships.
  if (/function names|__wasm_bindgen_unstable|__wbindgen_describe|^export |^import /.test(name)) continue;
  const crate = name.startsWith("data segment") ? "(data: strings and tables)" : (name.match(/([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/)?.[1] ?? "(other)");
  const key = crate === "portal_app" ? `portal_app::${name.match(/portal_app::(pages::\w+|components::\w+|\w+)/)?.[1] ?? ""}` : crate;
  byCrate.set(key, (byCrate.get(key) ?? 0) + Number(size));
  code += Number(size);
}
const rows = [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 25);
console.log(`| crate (first path segment) | KB | share |\n|---|---|---|`);
for (const [k, v] of rows) console.log(`| ${k} | ${(v / 1024).toFixed(0)} | ${((100 * v) / code).toFixed(1)} % |`);
console.log(`| everything counted | ${(code / 1024).toFixed(0)} | 100 % |`);
