// How much a reader downloads before a page can be read, for `cargo xtask bench`: for each page,
// the bytes on the wire up to its largest contentful paint (LCP, the moment its main content is
// shown), the LCP itself on a throttled mobile connection (Chrome DevTools' "Slow 4G" and a 4×
// slower CPU), and everything fetched until the network is idle (the app included), cold cache.
// Prints lines "ROW\t<what>\t<value>\t<budget>\t<pass|fail>" that xtask collects.
import { startServer, launchBrowser, newPage } from "../e2e/harness.mjs";

const PAGES = ["", "disclosures", "enterprises/e00118", "learn/pfas", "report"];
const server = await startServer();
const browser = await launchBrowser();
const row = (what, value, budget = "", pass = "") => console.log(["ROW", what, value, budget, pass].join("\t"));

for (const path of PAGES) {
  const page = await newPage(browser);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 562.5,
    downloadThroughput: (400 * 1024) / 8,
    uploadThroughput: (400 * 1024) / 8,
  });
  await page.addInitScript(() => {
    window.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__lcp = e.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  await page.goto(new URL(path, server.url).href, { timeout: 120000 });
  await page.waitForLoadState("networkidle", { timeout: 120000 });
  const m = await page.evaluate(() => {
    const all = [performance.getEntriesByType("navigation")[0], ...performance.getEntriesByType("resource")];
    const upTo = (t) => all.filter((r) => r.responseEnd <= t).reduce((n, r) => n + r.transferSize, 0);
    return { lcp: window.__lcp, beforeLcp: upTo(window.__lcp), total: upTo(Infinity) };
  });
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  row(`/${path}: bytes on the wire before it is readable (up to LCP)`, kb(m.beforeLcp), "≤ 100 KB", m.beforeLcp <= 100 * 1024 ? "pass" : "fail");
  row(`/${path}: LCP on Slow 4G with a 4× slower CPU (cold cache)`, `${(m.lcp / 1000).toFixed(2)} s`, "≤ 2.0 s", m.lcp <= 2000 ? "pass" : "fail");
  row(`/${path}: full first view (until the network is idle, the app included)`, kb(m.total));
  await page.context().close();
}
await browser.close();
await server.stop();
