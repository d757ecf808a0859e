// Offline through the service worker: after one visit, the app shell, the current feed version,
// the education content and the enterprise pages already visited keep working without a network.
import { test } from "node:test";
import assert from "node:assert/strict";
import { untilInPage, useE2E } from "./harness.mjs";
import { EnterprisePage } from "./pages/enterprise.mjs";
import { DisclosuresPage } from "./pages/list.mjs";

const ctx = useE2E();

/**
 * Opens the home page with the service worker allowed, and waits until `ready` (run in the page)
 * says the worker controls it and has cached what the test needs.
 */
async function firstVisit(ready) {
  const page = await ctx.newPage({ serviceWorkers: "allow" });
  await page.goto(ctx.url);
  await page.getByRole("heading", { level: 1, name: "连云港新污染物信息公开" }).waitFor();
  await untilInPage(page, ready);
  return page;
}

test("after one visit the portal keeps working offline", async () => {
  // Wait until the worker controls the page and has cached the education content ahead.
  const page = await firstVisit(async () => {
    if (!navigator.serviceWorker.controller) return false;
    const latest = await (await fetch("/feed/latest.json")).json();
    return !!(await caches.match(`/feed/${latest.version}/content/explainers/pfas.json`));
  });
  await (await EnterprisePage.open(ctx, page, "e00002")).outlets.waitFor();

  await page.context().setOffline(true);
  await (await DisclosuresPage.open(ctx, page)).results.waitFor();
  await page.goto(ctx.at("learn/pfas"));
  await page.getByRole("heading", { level: 1, name: /PFAS/ }).waitFor();
  await (await EnterprisePage.open(ctx, page, "e00002")).outlets.waitFor();
  assert.equal(await page.getByRole("alert").count(), 0, "no error shown offline");
  await page.context().setOffline(false);
});

test("a reader who only saw the home page can open the other pages offline", async () => {
  // The home page runs its own small wasm; the worker fetches the whole app ahead.
  const page = await firstVisit(async () => {
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
  await page.goto(ctx.at("learn/pfas"));
  await page.getByRole("heading", { level: 1, name: /PFAS/ }).waitFor();
  await (await DisclosuresPage.open(ctx, page)).results.waitFor();
  assert.equal(await page.getByRole("alert").count(), 0, "no error shown offline");
  await page.context().setOffline(false);
});

test("the web app manifest names the portal and its icons", async () => {
  const res = await ctx.fetch("manifest.webmanifest");
  assert.equal(res.status, 200);
  const m = await res.json();
  // Relative to the manifest, so that the app works wherever the site is mounted: here the root.
  assert.equal(new URL(m.start_url, ctx.at("manifest.webmanifest")).pathname, "/");
  assert.equal(new URL(m.scope, ctx.at("manifest.webmanifest")).pathname, "/");
  assert.equal(m.display, "standalone");
  for (const size of ["192x192", "512x512"]) {
    const icon = m.icons.find((i) => i.sizes === size);
    assert.ok(icon, `an icon of ${size}`);
    const png = await ctx.fetch(icon.src);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get("content-type"), "image/png");
  }
});

/** Asks the worker to warm its caches, and waits until that run and every earlier one is over. */
async function warmed(page) {
  await page.evaluate(async () => {
    const worker = (await navigator.serviceWorker.ready).active;
    const channel = new MessageChannel();
    const reply = new Promise((resolve) => (channel.port1.onmessage = resolve));
    worker.postMessage("warm", [channel.port2]);
    await reply;
  });
}

test("the worker drops old builds' files and feed versions that no open page pins", async () => {
  const page = await firstVisit(async () => !!navigator.serviceWorker.controller && !!(await caches.match("/app.html")));
  const current = (await ctx.latest()).version;
  // The first visit's own warm-up must be over: its prune would otherwise see the planted
  // entries before the pinning page below is open.
  await warmed(page);
  // What an earlier deploy left behind: an old build's wasm, and two old feed versions.
  await page.evaluate(async () => {
    const shell = await caches.open("portal-shell-v1");
    await shell.put("/portal-app-00000000deadbeef_bg.wasm", new Response("old build"));
    const feed = await caches.open("portal-feed-v1");
    await feed.put("/feed/0ldversion00/index.json", new Response("{}"));
    await feed.put("/feed/pinnedv0000/index.json", new Response("{}"));
  });
  // A reader has a page open that pins one of them (a cited permanent link).
  const pinning = await page.context().newPage();
  await pinning.goto(ctx.at("about?v=pinnedv0000"));
  await warmed(page);
  const kept = await page.evaluate(async (v) => {
    const app = await (await caches.match("/app.html")).text();
    const wasm = app.match(/data-portal-wasm="([^"]+)"/)?.[1];
    return {
      oldBuild: !!(await caches.match("/portal-app-00000000deadbeef_bg.wasm")),
      oldVersion: !!(await caches.match("/feed/0ldversion00/index.json")),
      pinned: !!(await caches.match("/feed/pinnedv0000/index.json")),
      current: !!(await caches.match(`/feed/${v}/index.json`)),
      currentBuild: !!wasm && !!(await caches.match(wasm)),
    };
  }, current);
  assert.deepEqual(kept, { oldBuild: false, oldVersion: false, pinned: true, current: true, currentBuild: true });
});
