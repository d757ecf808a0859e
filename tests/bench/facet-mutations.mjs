// What one facet click does to the page, for working on the facet-click figure (issue 15): per
// click, the DOM writes (a MutationObserver on the body), the time until the count has changed,
// a forced layout after it, and the time until the next frame; 60 clicks on the first two
// district boxes in turn, as tests/bench/browser.mjs clicks. Not part of `cargo xtask bench`:
//
//   PORTAL_INTAKE_BIN=$CARGO_TARGET_DIR/debug/intake PORTAL_SITE_DIR=target/bench/site-10000 \
//     node tests/bench/facet-mutations.mjs
//
// (target/bench/site-10000 is the bench build with the 10 000 feed, left by `cargo xtask bench --facet`.)
import { startServer, launchBrowser, newPage } from "../e2e/harness.mjs";

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await page.goto(new URL("disclosures", server.url).href);
  await page.locator("table tbody tr").first().waitFor({ timeout: 120000 });
  const clicks = await page.evaluate(async () => {
    const status = document.getElementById("results-count");
    const out = [];
    for (let i = 0; i < 60; i++) {
      const box = document.querySelectorAll("fieldset")[1].querySelectorAll("input[type=checkbox]")[i % 2];
      const before = status.textContent;
      const writes = { attributes: 0, texts: 0, added: 0, removed: 0 };
      const all = new MutationObserver((ms) => {
        for (const m of ms) {
          if (m.type === "attributes") writes.attributes++;
          else if (m.type === "characterData") writes.texts++;
          else {
            writes.added += m.addedNodes.length;
            writes.removed += m.removedNodes.length;
          }
        }
      });
      all.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      const t0 = performance.now();
      let countChanged = 0;
      const changed = new Promise((resolve) => {
        const obs = new MutationObserver(() => {
          if (status.textContent !== before) {
            countChanged = performance.now() - t0;
            obs.disconnect();
            resolve();
          }
        });
        obs.observe(status, { childList: true, subtree: true, characterData: true });
      });
      box.click();
      await Promise.race([changed, new Promise((r) => setTimeout(r, 5000))]);
      const t1 = performance.now();
      document.body.getBoundingClientRect();
      const layout = performance.now() - t1;
      await new Promise((r) => requestAnimationFrame(() => r()));
      const frame = performance.now() - t0;
      all.disconnect();
      out.push({ countChanged, layout, frame, ...writes });
      await new Promise((r) => setTimeout(r, 20));
    }
    return out;
  });
  for (const key of Object.keys(clicks[0])) {
    const xs = clicks.map((c) => c[key]).sort((a, b) => a - b);
    console.log(`${key}: p50 ${xs[30].toFixed(1)}, p95 ${xs[57].toFixed(1)}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
