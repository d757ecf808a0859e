// Offline support for the portal. What it caches:
// - the app shell: the home page (`/`, its own small wasm), the whole app's page (`/app.html`,
//   which the server sends for every other route), the loader, and the hashed JS, WASM and CSS;
//   the whole app's are fetched ahead ("warm", after every start), so that a reader who only
//   saw the home page can still open every page offline, the home page's as they are used;
// - feed versions (immutable: a version's files never change), including the current version's
//   index, reference data and education content, fetched ahead ("warm") after the first visit;
// - anything else from the feed as it is visited (enterprise pages then work offline).
// The report API is never cached: reports go through the page's own offline queue.
// What it drops ("warm", after every start): hashed files of app builds that neither the home
// page nor the whole app's page names any more, and feed versions other than the current one and
// those an open page pins (`?v=`), so that the caches do not grow with every deploy.
// Every address below is a path of the site ("/app.html"): `at` puts it where the site is mounted
// (the directory this worker was served from: "/", or a sub-path such as "/xinwuranwu/"), and
// `sitePath` reads a request's path back as the site's.
const BASE = new URL("./", self.location.href).pathname;
const at = (path) => BASE + path.slice(1);
const sitePath = (pathname) => (pathname.startsWith(BASE) ? pathname.slice(BASE.length - 1) : null);
const SHELL = "portal-shell-v1";
const FEED = "portal-feed-v1";
const HASHED = /-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(["/", "/boot.js", "/favicon.svg", "/manifest.webmanifest"].map(at)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function networkFirst(request, cacheName, fallbacks = []) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    for (const key of [request, ...fallbacks]) {
      const cached = await cache.match(key);
      if (cached) return cached;
    }
    throw error;
  }
}

// The whole app's page and the hashed files it names. A site built without a separate app page
// (`trunk serve` during development) has no /app.html: then every route is "/".
const APP_ASSET = /(?:href|src|data-portal-js|data-portal-wasm)="(\/[^"]+-[0-9a-f]{8,}(?:_bg)?\.(?:js|wasm|css))"/g;
async function cacheAppShell() {
  const cache = await caches.open(SHELL);
  const response = await fetch(at("/app.html")).catch(() => null);
  if (!response?.ok) return;
  const html = await response.clone().text();
  await cache.put(at("/app.html"), response);
  for (const [, path] of html.matchAll(APP_ASSET)) {
    if (!(await cache.match(path))) {
      const r = await fetch(path);
      if (r.ok) await cache.put(path, r);
    }
  }
}

async function cacheFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // Only the site's own files: not the API, nor anything of the host outside the site's mount.
  const path = sitePath(url.pathname);
  if (url.origin !== self.location.origin || path === null || path.startsWith("/api/")) return;
  // The feed's top-level files (latest.json, versions.json) and the Atom feeds change with each
  // version; the files inside a version directory never do.
  if (/^\/feed\/[^/]+$/.test(path) || path.startsWith("/feed/atom/")) {
    event.respondWith(networkFirst(request, FEED));
  } else if (path.startsWith("/feed/")) {
    event.respondWith(cacheFirst(request, FEED));
  } else if (request.mode === "navigate") {
    // Offline, a route not visited before gets the whole app's page (or, without one, "/").
    const fallbacks = path === "/" ? [] : [at("/app.html"), at("/")];
    event.respondWith(networkFirst(request, SHELL, fallbacks));
  } else if (HASHED.test(path)) {
    event.respondWith(cacheFirst(request, SHELL));
  } else {
    event.respondWith(networkFirst(request, SHELL));
  }
});

// "warm": cache the whole app, the current version's list data and every education page ahead
// of need.
// Not when the reader asked their browser to save data (Save-Data): then only what they open is
// cached.
// Runs go one after another, so that a prune never races an earlier run; a sender that passes a
// MessagePort is told "warmed" when its run (and so every earlier one) has finished.
let warming = Promise.resolve();
self.addEventListener("message", (event) => {
  if (event.data !== "warm") return;
  const done = () => event.ports[0]?.postMessage("warmed");
  if (self.navigator.connection?.saveData) return done();
  warming = warming.then(() => warm().catch(() => {})).then(done);
  event.waitUntil(warming);
});

async function warm() {
  await cacheAppShell().catch(() => {});
  const cache = await caches.open(FEED);
  const latest = await (await fetch(at("/feed/latest.json"))).json();
  await cache.put(at("/feed/latest.json"), new Response(JSON.stringify(latest), { headers: { "content-type": "application/json" } }));
  const base = at(`/feed/${latest.version}/`);
  const files = ["manifest.json", "index.json", "reference.json", "stats.json", "content/index.json"];
  const content = await (await fetch(base + "content/index.json")).json().catch(() => null);
  for (const e of content?.explainers ?? []) {
    files.push(`content/explainers/${e.id}.json`);
    if (e.quiz) files.push(`content/quizzes/${e.id}.json`);
  }
  for (const l of content?.lessons ?? []) files.push(`content/lessons/${l.level}.json`);
  for (const f of files) {
    if (!(await cache.match(base + f))) {
      const r = await fetch(base + f);
      if (r.ok) await cache.put(base + f, r);
    }
  }
  await prune(latest.version);
}

// The hashed files a cached page names.
async function assetsOf(cache, page) {
  const response = await cache.match(page);
  if (!response) return [];
  return [...(await response.text()).matchAll(APP_ASSET)].map(([, path]) => path);
}

// Drops old builds' hashed files and unpinned feed versions (see the top of this file).
async function prune(current) {
  const shell = await caches.open(SHELL);
  const named = new Set([...(await assetsOf(shell, at("/app.html"))), ...(await assetsOf(shell, at("/")))]);
  if (named.size > 0) {
    for (const request of await shell.keys()) {
      const path = new URL(request.url).pathname;
      if (HASHED.test(path) && !named.has(path)) await shell.delete(request);
    }
  }
  const pinned = new Set([current]);
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    const v = new URL(client.url).searchParams.get("v");
    if (v) pinned.add(v);
  }
  const feed = await caches.open(FEED);
  for (const request of await feed.keys()) {
    const version = sitePath(new URL(request.url).pathname)?.match(/^\/feed\/([^/]+)\/./)?.[1];
    if (version && version !== "atom" && !pinned.has(version)) await feed.delete(request);
  }
}
