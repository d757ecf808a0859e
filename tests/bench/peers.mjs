// The portal's query engine side by side with DuckDB-WASM and sql.js, in the same page and the
// same run (`cargo xtask bench`). Every peer answer is checked against the portal's (the same
// total, the same rows of the shown page in the same order, the same facet counts) before any
// time counts; a mismatch stops the benchmark.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
const IMPORT_MAP = {
  imports: {
    "apache-arrow": "/__peers/apache-arrow/Arrow.dom.mjs",
    flatbuffers: "/__peers/flatbuffers/mjs/flatbuffers.js",
    tslib: "/__peers/tslib/tslib.es6.mjs",
  },
};

/**
 * Serves /__peers/… from node_modules (and the page script from tests/bench) on the page's origin;
 * returns the bytes served, by path, to weigh each peer's start-up by what it actually loaded.
 */
export async function routePeers(page) {
  const served = new Map();
  await page.route("**/__peers/**", async (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.replace(/^\/__peers\//, ""));
    if (rel.includes("..")) return route.fulfill({ status: 400 });
    const file = rel === "peers-page.mjs" ? join("tests", "bench", rel) : join("node_modules", rel);
    try {
      const ext = file.slice(file.lastIndexOf("."));
      const body = readFileSync(file);
      served.set(rel, body);
      await route.fulfill({ status: 200, body, contentType: TYPES[ext] ?? "application/octet-stream" });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
  await page.addScriptTag({ type: "importmap", content: JSON.stringify(IMPORT_MAP) });
  return served;
}

/** Which served files belong to which peer (DuckDB's JS API imports Arrow, flatbuffers and tslib). */
const PEERS = {
  "DuckDB-WASM": /^(@duckdb|apache-arrow|flatbuffers|tslib)\//,
  "sql.js": /^sql\.js\//,
};

/** The bytes a peer loaded (raw and gzip -9), from what `routePeers` served. */
function peerBytes(served, pattern) {
  let raw = 0;
  let gz = 0;
  for (const [rel, bytes] of served) {
    if (!pattern.test(rel)) continue;
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return `${(raw / 1048576).toFixed(1)} MB / ${(gz / 1048576).toFixed(1)} MB`;
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/**
 * Runs the comparison on a page showing /disclosures with the feed loaded; `views` are the
 * list views to answer; prints rows through `row`.
 */
export async function comparePeers(page, label, views, row, reps) {
  const served = await routePeers(page);
  const result = await page.evaluate(
    async ({ views, reps }) => {
      const p = await import("/__peers/peers-page.mjs");
      const t0 = performance.now();
      const data = await p.prepare();
      const prepareMs = performance.now() - t0;
      const peers = { "DuckDB-WASM": await p.startDuckDb(data), "sql.js": await p.startSqlJs(data) };
      const out = { prepareMs, startup: {}, views: [] };
      for (const [name, peer] of Object.entries(peers)) out.startup[name] = peer.startMs;
      // Compared as JSON with the object keys sorted (the portal's JSON sorts them).
      const canonical = (v) =>
        Array.isArray(v) ? v.map(canonical) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])])) : v;
      for (const view of views) {
        const want = canonical(p.portalAnswer(view.view));
        for (const [name, peer] of Object.entries(peers)) {
          const got = canonical(await peer.answer(view.view));
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            return { mismatch: { peer: name, view: view.name, want, got } };
          }
        }
        // Browsers coarsen performance.now() (to 0.1 ms here), so each sample times a batch of
        // calls long enough (≥ 5 ms) and divides; the batch size is set per engine from one call.
        const sample = async (call) => {
          const s0 = performance.now();
          await call();
          const once = Math.max(performance.now() - s0, 0.01);
          const batch = Math.max(1, Math.ceil(5 / once));
          const times = [];
          for (let i = 0; i < reps; i++) {
            const s = performance.now();
            for (let k = 0; k < batch; k++) await call();
            times.push((performance.now() - s) / batch);
          }
          return times;
        };
        const times = { portal: await sample(() => p.portalAnswer(view.view)) };
        for (const [name, peer] of Object.entries(peers)) times[name] = await sample(() => peer.answer(view.view));
        out.views.push({ name: view.name, total: want.total, times });
      }
      await peers["DuckDB-WASM"].close();
      return out;
    },
    { views, reps },
  );
  if (result.mismatch) {
    const m = result.mismatch;
    throw new Error(`${m.peer} answered "${m.view}" differently:\nportal: ${JSON.stringify(m.want)}\n${m.peer}: ${JSON.stringify(m.got)}`);
  }
  row(`[${label}] peers: flattening the index for the peers (JS, not counted in their start-up)`, `${result.prepareMs.toFixed(0)} ms`);
  for (const [name, ms] of Object.entries(result.startup)) {
    row(`[${label}] ${name} start-up: bytes it loaded (raw / gzip) and time to the first answer`, `${peerBytes(served, PEERS[name])}; ${ms.toFixed(0)} ms`);
  }
  for (const v of result.views) {
    const portal50 = percentile(v.times.portal, 50);
    row(`[${label}] query "${v.name}" (${v.total} rows), portal engine in WASM, p50 / p95 (${reps} samples)`, `${portal50.toFixed(3)} / ${percentile(v.times.portal, 95).toFixed(3)} ms`);
    for (const name of Object.keys(PEERS)) {
      const t50 = percentile(v.times[name], 50);
      const ratio = t50 / portal50;
      row(`[${label}] query "${v.name}", ${name} p50 / p95 and ÷ portal (answers checked equal)`, `${t50.toFixed(3)} / ${percentile(v.times[name], 95).toFixed(3)} ms; ${ratio.toFixed(1)}×`, "≥ 2× slower", ratio >= 2 ? "pass" : "fail");
    }
  }
}
