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

test("after one visit the portal keeps working offline", async () => {
  const page = await newPage(browser, { serviceWorkers: "allow" });
  await page.goto(server.url);
  await page.getByRole("heading", { level: 1, name: "连云港新污染物信息公开" }).waitFor();
  // Wait until the worker controls the page and has cached the education content ahead.
  await page.waitForFunction(async () => {
    if (!navigator.serviceWorker.controller) return false;
    const latest = await (await fetch("/feed/latest.json")).json();
    return !!(await caches.match(`/feed/${latest.version}/content/explainers/pfas.json`));
  }, null, { timeout: 30000, polling: 250 });
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
