// A CPU profile of 60 facet clicks on /disclosures, by function (self time), for reading where a
// click's time goes. Not part of `cargo xtask bench`: it wants a wasm that keeps its function
// names, built by hand:
//
//   sed -e 's/data-wasm-opt="z" data-wasm-opt-params="[^"]*"/data-keep-debug data-wasm-opt="0"/' \
//       index.html > prof.html
//   PATH=$PWD/node_modules/.bin:$PATH trunk build prof.html --release --offline --dist target/site-prof
//   rm prof.html && cp -r public/feed target/site-prof/
//   PORTAL_INTAKE_BIN=target/debug/intake PORTAL_SITE_DIR=target/site-prof node tests/bench/facet-profile.mjs
//
// It prints the 45 largest self times over the 60 clicks, and each click's time until the count
// has changed and a layout is forced (p50 / p95).
import { startServer, launchBrowser, newPage } from "../e2e/harness.mjs";

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await page.goto(new URL("disclosures", server.url).href);
  await page.locator("table tbody tr").first().waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await cdp.send("Profiler.start");
  const times = await page.evaluate(async () => {
    const out = [];
    for (let i = 0; i < 60; i++) {
      const box = document.querySelectorAll("fieldset")[1].querySelectorAll("input[type=checkbox]")[i % 2];
      const t0 = performance.now();
      box.click();
      await new Promise((r) => queueMicrotask(r));
      document.body.getBoundingClientRect();
      out.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 30));
    }
    return out;
  });
  const { profile } = await cdp.send("Profiler.stop");
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame;
    const name = frame.functionName || `(${frame.url.split("/").pop()})`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 45)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${name.slice(0, 150)}`);
  }
  times.sort((a, b) => a - b);
  console.log(`click until updated and laid out: p50 ${times[30].toFixed(1)} ms, p95 ${times[57].toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.stop();
}
