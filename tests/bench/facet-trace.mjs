// Where a facet click's time goes, from a Chrome trace of 40 clicks on /disclosures (as
// tests/bench/browser.mjs clicks): per click, the main thread's time in script (the app's wasm and
// its DOM calls), style, layout, paint and the rest, from the click until the next frame has been
// drawn. Not part of `cargo xtask bench`; for working on the facet-click figure:
//
//   PORTAL_INTAKE_BIN=$CARGO_TARGET_DIR/debug/intake PORTAL_SITE_DIR=target/bench/site-10000 \
//     node tests/bench/facet-trace.mjs
//
// (target/bench/site-10000 is the bench build with the 10 000 feed, left by `cargo xtask bench --facet`.)
import { startServer, launchBrowser, newPage } from "../e2e/harness.mjs";

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await page.goto(new URL("disclosures", server.url).href);
  await page.locator("table tbody tr").first().waitFor({ timeout: 120000 });
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
  const done = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
  await cdp.send("Tracing.start", {
    traceConfig: { includedCategories: ["devtools.timeline", "blink.user_timing", "v8.execute"] },
  });
  const clicks = await page.evaluate(async () => {
    const status = document.getElementById("results-count");
    const out = [];
    for (let i = 0; i < 50; i++) {
      const box = document.querySelectorAll("fieldset")[1].querySelectorAll("input[type=checkbox]")[i % 2];
      const before = status.textContent;
      performance.mark(`click-${i}`);
      const t0 = performance.now();
      const changed = new Promise((resolve) => {
        const obs = new MutationObserver(() => {
          if (status.textContent !== before) {
            obs.disconnect();
            resolve(performance.now());
          }
        });
        obs.observe(status, { childList: true, subtree: true, characterData: true });
      });
      box.click();
      const t1 = await changed;
      await new Promise((r) => requestAnimationFrame(() => r()));
      const t2 = performance.now();
      if (i >= 10) out.push({ count: t1 - t0, frame: t2 - t0, rows: document.querySelectorAll("table.results-table tbody tr").length });
      await new Promise((r) => setTimeout(r, 20));
    }
    performance.mark("end");
    return out;
  });
  await cdp.send("Tracing.end");
  await done;
  // Main thread of the page's renderer: the thread with the user timing marks.
  const marks = events.filter((e) => e.cat?.includes("blink.user_timing") && /^click-\d+$|^end$/.test(e.name));
  const tid = marks[0]?.tid;
  const pid = marks[0]?.pid;
  const starts = marks.filter((m) => m.name !== "end").map((m) => [Number(m.name.slice(6)), m.ts]).sort((a, b) => a[1] - b[1]);
  const end = marks.find((m) => m.name === "end")?.ts ?? Infinity;
  const kinds = {
    FunctionCall: "script", EventDispatch: "script", TimerFire: "script", FireAnimationFrame: "script", "v8.callFunction": "script",
    UpdateLayoutTree: "style", RecalculateStyles: "style", Layout: "layout", Paint: "paint", PrePaint: "paint", Layerize: "paint",
    UpdateLayer: "paint", CompositeLayers: "paint", Commit: "paint", RasterTask: "paint", HitTest: "other",
  };
  const per = new Map();
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid || e.ph !== "X" || !kinds[e.name]) continue;
    const k = starts.findLast(([, ts]) => ts <= e.ts);
    if (!k || k[0] < 10 || e.ts > end) continue;
    const acc = per.get(k[0]) ?? {};
    acc[kinds[e.name]] = (acc[kinds[e.name]] ?? 0) + e.dur / 1000;
    per.set(k[0], acc);
  }
  // Nested events (a FunctionCall inside an EventDispatch) are counted once: top-level only would
  // need the stack; the script figure is an upper bound, the others are exact.
  const sum = {};
  for (const acc of per.values()) for (const [k, v] of Object.entries(acc)) sum[k] = (sum[k] ?? 0) + v;
  const n = per.size || 1;
  console.log("mean per click (ms), main thread, click until the next click:", Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, +(v / n).toFixed(2)])));
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  const pct = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  const c = clicks.map((x) => x.count), f = clicks.map((x) => x.frame);
  console.log(`count written: p50 ${pct(c, 50).toFixed(1)} p95 ${pct(c, 95).toFixed(1)} ms; next frame: p50 ${pct(f, 50).toFixed(1)} p95 ${pct(f, 95).toFixed(1)} ms; rows shown: ${clicks.map((x) => x.rows).join(",")}`);
} finally {
  await browser.close();
  await server.stop();
}
