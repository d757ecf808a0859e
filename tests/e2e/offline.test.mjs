// Offline through the service worker: after one visit, the app shell, the current feed version,
// the education content and the enterprise pages already visited keep working without a network.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Evaluates `predicate` in the page until it resolves to true (waitForFunction takes the promise
 * an async predicate returns for a true value). */
async function until(page, predicate, timeout = 30000) {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(predicate))) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeout} ms: ${predicate}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("after one visit the portal keeps working offline", async () => {
  const page = await newPage(browser, { serviceWorkers: "allow" });
  await page.goto(server.url);
  await page.getByRole("heading", { level: 1, name: "连云港新污染物信息公开" }).waitFor();
  // Wait until the worker controls the page and has cached the education content ahead.
  await until(page, async () => {
    if (!navigator.serviceWorker.controller) return false;
    const latest = await (await fetch("/feed/latest.json")).json();
    return !!(await caches.match(`/feed/${latest.version}/content/explainers/pfas.json`));
  });
  await page.goto(new URL("enterprises/e00002", server.url).href);
  await page.getByRole("heading", { name: "排放口与污染物" }).waitFor();

  await page.context().setOffline(true);
  await page.goto(new URL("disclosures", server.url).href);
  await page.getByRole("table").first().waitFor();
  await page.goto(new URL("learn/pfas", server.url).href);
  await page.getByRole("heading", { level: 1, name: /PFAS/ }).waitFor();
  await page.goto(new URL("enterprises/e00002", server.url).href);
  await page.getByRole("heading", { name: "排放口与污染物" }).waitFor();
  assert.equal(await page.getByRole("alert").count(), 0, "no error shown offline");
  await page.context().setOffline(false);
  await page.context().close();
});

test("a reader who only saw the home page can open the other pages offline", async () => {
  // The home page runs its own small wasm; the worker fetches the whole app ahead.
  const page = await newPage(browser, { serviceWorkers: "allow" });
  await page.goto(server.url);
  await page.getByRole("heading", { level: 1, name: "连云港新污染物信息公开" }).waitFor();
  await until(page, async () => {
    if (!navigator.serviceWorker.controller) return false;
    const app = await caches.match("/app.html");
    if (!app) return false;
    const wasm = (await app.text()).match(/data-portal-wasm="([^"]+)"/)?.[1];
    const latest = await (await fetch("/feed/latest.json")).json();
    const base = `/feed/${latest.version}/`;
    const cached = await Promise.all([wasm, base + "index.json", base + "reference.json", base + "content/explainers/pfas.json"].map((u) => caches.match(u)));
    return !!wasm && cached.every(Boolean);
  });

  await page.context().setOffline(true);
  await page.goto(new URL("learn/pfas", server.url).href);
  await page.getByRole("heading", { level: 1, name: /PFAS/ }).waitFor();
  await page.goto(new URL("disclosures", server.url).href);
  await page.getByRole("table").first().waitFor();
  assert.equal(await page.getByRole("alert").count(), 0, "no error shown offline");
  await page.context().setOffline(false);
  await page.context().close();
});

test("the web app manifest names the portal and its icons", async () => {
  const res = await fetch(new URL("manifest.webmanifest", server.url));
  assert.equal(res.status, 200);
  const m = await res.json();
  assert.equal(m.start_url, "/");
  assert.equal(m.display, "standalone");
  for (const size of ["192x192", "512x512"]) {
    const icon = m.icons.find((i) => i.sizes === size);
    assert.ok(icon, `an icon of ${size}`);
    const png = await fetch(new URL(icon.src.slice(1), server.url));
    assert.equal(png.status, 200);
    assert.equal(png.headers.get("content-type"), "image/png");
  }
});
