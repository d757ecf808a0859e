// Writes name.br (brotli, quality 11) and name.gz (gzip -9) next to each compressible file of the
// built site, so the intake service can send the smallest copy without compressing per request.
// Usage: node xtask/scripts/precompress.mjs dist [--recursive]
// (--recursive also walks subdirectories: the prerendered pages in dist/_pages.)
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|svg|json|webmanifest)$/;
const dir = process.argv[2];
const recursive = process.argv.includes("--recursive");
if (!dir) throw new Error("usage: precompress.mjs <site directory> [--recursive]");

function compress(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory() && recursive) compress(path);
    if (!COMPRESSIBLE.test(name) || !stat.isFile()) continue;
    const raw = readFileSync(path);
    if (raw.length < 1024) continue;
    const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length };
    writeFileSync(`${path}.br`, brotliCompressSync(raw, { params }));
    writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
  }
}
compress(dir);
