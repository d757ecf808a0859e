// Browser benchmarks for `cargo xtask bench`, in Debian's headless Chromium on 127.0.0.1.
// Prints lines "ROW\t<what>\t<value>\t<budget>\t<pass|fail>" that xtask collects.
import { startServer, launchBrowser, newPage } from "../e2e/harness.mjs";

const label = process.env.BENCH_LABEL ?? "sample";
const server = await startServer();
const browser = await launchBrowser();

function row(what, value, budget = "", pass = "") {
  console.log(["ROW", what, value, budget, pass].join("\t"));
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Loads /disclosures and returns first contentful paint, time to a usable list and bytes. */
async function load(throttled) {
  const page = await newPage(browser);
  const cdp = await page.context().newCDPSession(page);
  if (throttled) {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await cdp.send("Network.enable");
    // Chrome DevTools' "Slow 4G" preset.
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 562.5,
      downloadThroughput: (1.4 * 1024 * 1024) / 8,
      uploadThroughput: (675 * 1024) / 8,
    });
  }
  const start = Date.now();
  await page.goto(new URL("disclosures", server.url).href);
  await page.locator("table tbody tr").first().waitFor({ timeout: 120000 });
  const listMs = Date.now() - start;
  const metrics = await page.evaluate(() => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
    const bytes = performance.getEntriesByType("resource").reduce((a, r) => a + (r.transferSize || 0), 0) +
      (performance.getEntriesByType("navigation")[0]?.transferSize ?? 0);
    const t = globalThis.portalLoadTimings ?? {};
    return { fcp, bytes, heap: performance.memory?.usedJSHeapSize ?? NaN, wasm: globalThis.portalWasmMemoryBytes?.() ?? NaN, parse: t.indexParseMs ?? NaN, catalog: t.catalogMs ?? NaN };
  });
  return { page, listMs, ...metrics };
}

const plain = await load(false);
row(`[${label}] first contentful paint, /disclosures`, `${plain.fcp.toFixed(0)} ms`);
row(`[${label}] time until the list is shown, /disclosures`, `${plain.listMs} ms`);
row(`[${label}] bytes transferred until the list is shown (server sends no compression)`, `${(plain.bytes / 1024).toFixed(1)} KB`);
row(`[${label}] parse index.json in WASM (serde_json)`, `${plain.parse.toFixed(1)} ms`);
row(`[${label}] build the search catalog in WASM`, `${plain.catalog.toFixed(1)} ms`);
row(`[${label}] JS heap after loading the feed`, `${(plain.heap / 1048576).toFixed(1)} MB`);
row(`[${label}] wasm linear memory after loading the feed`, `${(plain.wasm / 1048576).toFixed(1)} MB`);

// Facet change: click a district checkbox, time until the result count changes and a frame is painted.
const page = plain.page;
const timings = await page.evaluate(async () => {
  const boxes = [...document.querySelectorAll("fieldset")].find((f) => f.querySelector("legend")?.textContent === "区县")?.querySelectorAll("input[type=checkbox]");
  const status = document.getElementById("results-count");
  const out = [];
  for (let i = 0; i < 40; i++) {
    const box = document.querySelectorAll("fieldset")[1].querySelectorAll("input[type=checkbox]")[i % 2];
    const before = status.textContent;
    const t0 = performance.now();
    const changed = new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (status.textContent !== before) {
          obs.disconnect();
          resolve();
        }
      });
      obs.observe(status, { childList: true, subtree: true, characterData: true });
    });
    box.click();
    await Promise.race([changed, new Promise((r) => setTimeout(r, 5000))]);
    await new Promise((r) => requestAnimationFrame(() => r()));
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { out, found: !!boxes };
});
const p50 = percentile(timings.out, 50);
const p95 = percentile(timings.out, 95);
const budget = label === "100000" ? 100 : 16;
row(`[${label}] facet click to updated list, p50 (40 clicks)`, `${p50.toFixed(1)} ms`);
row(`[${label}] facet click to updated list, p95 (40 clicks)`, `${p95.toFixed(1)} ms`, label === "sample" ? "" : `≤ ${budget} ms`, p95 <= budget ? "pass" : "fail");
await page.context().close();

// Chart draw times on an enterprise page (plotters on a canvas, in WASM).
{
  const page = await newPage(browser);
  await page.goto(new URL("enterprises/e00002", server.url).href);
  await page.getByRole("img").nth(1).waitFor({ timeout: 60000 });
  await page.waitForTimeout(300);
  const timings = await page.evaluate(() => globalThis.portalChartTimings ?? {});
  for (const [title, ms] of Object.entries(timings)) row(`[${label}] chart draw: ${title}`, `${ms.toFixed(1)} ms`, "≤ 16 ms", ms <= 16 ? "pass" : "fail");
  await page.context().close();
}

// The proof of work's cost in the browser, timed while filing one report through the form.
if (label === "sample") {
  const page = await newPage(browser);
  await page.goto(new URL("report?lang=en", server.url).href);
  await page.getByRole("radio", { name: /Illegal discharge/ }).check();
  await page.getByLabel(/Do not know the enterprise/).fill("Benchmark report: a pipe under a bridge");
  await page.getByLabel("District or county").locator("option").nth(3).waitFor({ state: "attached" });
  await page.getByLabel("District or county").selectOption("320724");
  await page.getByLabel(/Describe what you saw/).fill("Benchmark run: dark water from a pipe with a solvent smell.");
  await page.getByRole("button", { name: "Continue: check your report" }).click();
  await page.getByRole("button", { name: "Send the report" }).click();
  await page.getByRole("heading", { name: "Your report has been sent" }).waitFor({ timeout: 120000 });
  const pow = await page.evaluate(() => globalThis.portalPowTimings ?? {});
  for (const [bits, ms] of Object.entries(pow)) row(`proof of work in the browser (${bits}), one report`, `${ms.toFixed(0)} ms`);
  await page.context().close();
}

try {
  const slow = await load(true);
  row(`[${label}] 4× CPU + slow 4G: first contentful paint`, `${slow.fcp.toFixed(0)} ms`);
  row(`[${label}] 4× CPU + slow 4G: time until the list is shown`, `${slow.listMs} ms`);
  await slow.page.context().close();
} catch (e) {
  row(`[${label}] 4× CPU + slow 4G: time until the list is shown`, `not shown within 120 s (${String(e).split("\n")[0].slice(0, 60)})`);
}

await browser.close();
await server.stop();
