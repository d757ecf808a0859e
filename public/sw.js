// Offline support for the portal. What it caches:
// - the app shell: the page itself, the loader, and the hashed JS, WASM and CSS once used;
// - feed versions (immutable: a version's files never change), including the current version's
//   index, reference data and education content, fetched ahead ("warm") after the first visit;
// - anything else from the feed as it is visited (enterprise pages then work offline).
// The report API is never cached: reports go through the page's own offline queue.
const SHELL = "portal-shell-v1";
const FEED = "portal-feed-v1";
const HASHED = /-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(["/", "/boot.js", "/favicon.svg", "/manifest.webmanifest"]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function networkFirst(request, cacheName, fallback) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = (await cache.match(request)) ?? (fallback ? await cache.match(fallback) : undefined);
    if (cached) return cached;
    throw error;
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
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (url.pathname === "/feed/latest.json") {
    event.respondWith(networkFirst(request, FEED));
  } else if (url.pathname.startsWith("/feed/")) {
    event.respondWith(cacheFirst(request, FEED));
  } else if (request.mode === "navigate") {
    // Any route is the same single page: offline, serve the cached shell.
    event.respondWith(networkFirst(request, SHELL, "/"));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request, SHELL));
  } else {
    event.respondWith(networkFirst(request, SHELL));
  }
});

// "warm": cache the current version's list data and every education page ahead of need.
self.addEventListener("message", (event) => {
  if (event.data !== "warm") return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(FEED);
      const latest = await (await fetch("/feed/latest.json")).json();
      await cache.put("/feed/latest.json", new Response(JSON.stringify(latest), { headers: { "content-type": "application/json" } }));
      const base = `/feed/${latest.version}/`;
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
    })().catch(() => {}),
  );
});
