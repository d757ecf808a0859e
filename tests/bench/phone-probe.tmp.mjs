import { startServer, launchBrowser, newPage } from "../e2e/harness.mjs";
const server = await startServer();
const browser = await launchBrowser();
const page = await newPage(browser);
await page.goto(new URL("disclosures", server.url).href);
await page.locator("table tbody tr").first().waitFor({ timeout: 120000 });
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
await cdp.send("Profiler.start");
const r = await page.evaluate(async () => {
  const status = document.getElementById("results-count");
  const out = [];
  for (let i = 0; i < 60; i++) {
    const box = document.querySelectorAll("fieldset")[1].querySelectorAll("input[type=checkbox]")[i % 2];
    const before = status.textContent;
    let muts = { attr: 0, text: 0, added: 0, removed: 0 };
    const all = new MutationObserver((ms) => { for (const m of ms) { if (m.type === "attributes") muts.attr++; else if (m.type === "characterData") muts.text++; else { muts.added += m.addedNodes.length; muts.removed += m.removedNodes.length; } } });
    all.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const t0 = performance.now();
    let tChange = 0;
    const changed = new Promise((resolve) => {
      const obs = new MutationObserver(() => { if (status.textContent !== before) { tChange = performance.now() - t0; obs.disconnect(); resolve(); } });
      obs.observe(status, { childList: true, subtree: true, characterData: true });
    });
    box.click();
    const tSync = performance.now() - t0;
    await changed;
    const t1 = performance.now();
    document.body.getBoundingClientRect();
    const tLayout = performance.now() - t1;
    await new Promise((r) => requestAnimationFrame(() => r()));
    const tFrame = performance.now() - t0;
    all.disconnect();
    out.push({ tSync, tChange, tLayout, tFrame, ...muts });
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
});
const { profile } = await cdp.send("Profiler.stop");
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
profile.samples.forEach((id, i) => {
  const frame = byId.get(id).callFrame;
  const name = (frame.functionName || "(anon)") + " " + frame.url.split("/").pop().slice(0, 30);
  self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
const med = (k) => { const s = r.map((x) => x[k]).sort((a, b) => a - b); return `${k} p50 ${s[30].toFixed(1)} p95 ${s[57].toFixed(1)}`; };
for (const k of ["tSync", "tChange", "tLayout", "tFrame", "attr", "text", "added", "removed"]) console.log(med(k));
await browser.close();
await server.stop();
