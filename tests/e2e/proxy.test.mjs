// The portal behind a real reverse proxy, as docs/deploy.md sets it up: Debian's nginx with the
// repository's own configuration (deploy/nginx/portal-http.conf and portal-locations.conf,
// included unchanged), TLS with a self-signed certificate made here, in front of the intake
// service started with --trusted-proxy 127.0.0.1. Everything runs on loopback, on free
// unprivileged ports, under one temporary directory.
//
// Checked: pages load over HTTPS with HSTS; nginx answers site paths with the same status, cache
// and security headers as the intake itself; a report is filed through the proxy; a staff
// session cookie is Secure; the rate limit sees two clients behind the proxy as two, and ignores
// X-Forwarded-For sent straight to the intake; a prerendered page under _pages/ is served for its
// route and language.
//
// nginx is installed by `cargo xtask test` (xtask/src/setup.rs); without it this file fails,
// saying so.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, newPage, settled } from "./harness.mjs";
import {
  ROOT, call as request, checkTools, freePort, intakeUpstream, makeCertificate, signsInSecurely, startIntake, startNginx, tearDown, tlsServer,
} from "./nginx.mjs";
import { fileReport } from "./pages/report.mjs";

const ZH_PAGE = "<!doctype html><html lang=zh><title>示例企业（虚构）</title><p>预渲染页面 e00118</p>\n";
const EN_PAGE = "<!doctype html><html lang=en><title>Sample enterprise (fictitious)</title><p>Prerendered page e00118</p>\n";

let dir;
let intake;
let nginx;
let browser;
let cert;
let proxyUrl;
let intakeUrl;

/** A request to nginx (trusting the certificate made here) or to the intake (see nginx.mjs). */
const call = (base, path, options = {}) => request(base, path, { ca: cert, ...options });

before(async () => {
  checkTools();
  dir = mkdtempSync(join(tmpdir(), "portal-proxy-"));
  // nginx's worker may run as another user: the site must be readable by it.
  chmodSync(dir, 0o755);

  // The site, with a prerendered page for /enterprises/e00118 in both languages.
  const site = join(dir, "site");
  cpSync(process.env.PORTAL_SITE_DIR ?? "dist", site, { recursive: true });
  // The build's own prerendered pages are replaced by these two, so that the test knows which
  // routes have one (prerender.test.mjs checks the real ones).
  rmSync(join(site, "_pages"), { recursive: true, force: true });
  mkdirSync(join(site, "_pages", "enterprises", "e00118"), { recursive: true });
  mkdirSync(join(site, "_pages", "en", "enterprises", "e00118"), { recursive: true });
  writeFileSync(join(site, "_pages", "enterprises", "e00118", "index.html"), ZH_PAGE);
  writeFileSync(join(site, "_pages", "en", "enterprises", "e00118", "index.html"), EN_PAGE);

  // A self-signed certificate for localhost and 127.0.0.1.
  cert = makeCertificate(dir);

  // The intake, trusting nginx's address; one report a minute per client, so three challenges.
  intake = await startIntake([
    "--data-dir", join(dir, "data"), "--site-dir", site, "--trusted-proxy", "127.0.0.1", "--rate-limit", "1",
  ]);
  intakeUrl = intake.url;
  const intakePort = new URL(intakeUrl).port;

  const port = await freePort();
  nginx = await startNginx(
    dir,
    [intakeUpstream(intakePort), tlsServer(port, dir, `        root ${site};\n        include ${ROOT}deploy/nginx/portal-locations.conf;`)].join("\n"),
    async () => (await call(`https://localhost:${port}/`, "/api/health").catch(() => ({ status: 0 }))).status === 200,
  );
  proxyUrl = `https://localhost:${port}/`;
  browser = await launchBrowser();
});

after(() => tearDown({ browser, nginx, intake, dir }));

test("pages load over HTTPS with HSTS, and nginx applies the intake's own rules", async () => {
  const page = await newPage(browser, { ignoreHTTPSErrors: true });
  try {
    const response = await page.goto(new URL("disclosures?lang=en", proxyUrl).href);
    assert.equal(response.status(), 200);
    assert.match(response.headers()["strict-transport-security"] ?? "", /max-age=\d{7,}/);
    await settled(page);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    assert.deepEqual(page.consoleErrors, [], "no errors in the page (CSP, wasm, feed)");
    // The home page runs its own small wasm under the same CSP.
    const home = await page.goto(proxyUrl);
    assert.equal(home.status(), 200);
    await settled(page);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    assert.deepEqual(page.consoleErrors, [], "no errors on the home page");
  } finally {
    await page.context().close();
  }

  // The same answers as the intake gives for the same paths: status, Cache-Control, CSP.
  const version = JSON.parse((await call(proxyUrl, "/feed/latest.json")).body).version;
  const site = readdirSync(join(dir, "site"));
  const hashed = site.find((f) => /-[0-9a-f]{16}_bg\.wasm$/.test(f));
  assert.ok(hashed, "the site has a hashed wasm file");
  const manifest = readdirSync(join(dir, "site", "feed", version)).find((f) => f.endsWith(".json"));
  const paths = [
    "/", "/disclosures", "/enterprises/e99999", "/substances/3?lang=en", "/feed/latest.json",
    `/feed/${version}/${manifest}`, `/${hashed}`, "/sw.js", "/missing.js", "/feed/missing.json", `/feed/${version}/nope.json`,
    "/feed/atom/all.xml",
  ];
  for (const path of paths) {
    const [viaProxy, direct] = await Promise.all([call(proxyUrl, path), call(intakeUrl, path)]);
    assert.equal(viaProxy.status, direct.status, `status of ${path}`);
    assert.equal(viaProxy.headers["content-security-policy"], direct.headers["content-security-policy"], `CSP of ${path}`);
    for (const name of ["x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy"]) {
      assert.equal(viaProxy.headers[name], direct.headers[name], `${name} of ${path}`);
    }
    assert.ok(viaProxy.headers["strict-transport-security"], `HSTS on ${path}`);
    if (direct.status === 200) {
      assert.equal(viaProxy.headers["cache-control"], direct.headers["cache-control"], `Cache-Control of ${path}`);
      assert.equal(viaProxy.body, direct.body, `body of ${path}`);
    }
  }
  // The Atom feeds carry their own media type, and are revalidated (they follow the newest version).
  for (const via of [proxyUrl, intakeUrl]) {
    const atom = await call(via, "/feed/atom/all.xml");
    assert.equal(atom.status, 200, `Atom via ${via}`);
    assert.match(atom.headers["content-type"], /^application\/atom\+xml; ?charset=utf-8$/i, `Atom type via ${via}`);
    assert.equal(atom.headers["cache-control"], "no-cache");
  }
  // The build's gzip copies are sent to a browser that accepts them.
  const gz = await call(proxyUrl, `/${hashed}`, { headers: { "accept-encoding": "gzip" } });
  assert.equal(gz.headers["content-encoding"], "gzip");
  assert.equal(gz.headers["content-type"], "application/wasm");
  // The API's own answers keep their no-store, once, and the security headers are not doubled.
  const health = await call(proxyUrl, "/api/health");
  assert.equal(health.headers["cache-control"], "no-store");
  assert.ok(!health.headers["content-security-policy"].includes(","), "one CSP, not two");
  // The intake keeps nginx's own request id (32 hex digits), so the two logs can be joined; a
  // client's own X-Request-Id goes no further than nginx.
  assert.match(health.headers["x-request-id"] ?? "", /^[0-9a-f]{32}$/, "nginx's $request_id reaches the answer");
  const chosen = await call(proxyUrl, "/api/health", { headers: { "x-request-id": "chosen-by-client" } });
  assert.match(chosen.headers["x-request-id"] ?? "", /^[0-9a-f]{32}$/);
});

test("a prerendered page is served for its route and language; other routes get the app", async () => {
  const zh = await call(proxyUrl, "/enterprises/e00118");
  assert.equal(zh.status, 200);
  assert.equal(zh.body, ZH_PAGE);
  assert.equal(zh.headers["cache-control"], "no-cache");
  assert.match(zh.headers["content-type"], /^text\/html/);
  const en = await call(proxyUrl, "/enterprises/e00118?lang=en");
  assert.equal(en.body, EN_PAGE);
  // No prerendered page: the app shell, as the intake answers.
  const shell = readFileSync(join(dir, "site", existsSync(join(dir, "site", "app.html")) ? "app.html" : "index.html"), "utf8");
  assert.equal((await call(proxyUrl, "/enterprises/e00119")).body, shell);
  // `/` without a prerendered home page stays the home page.
  assert.equal((await call(proxyUrl, "/")).body, readFileSync(join(dir, "site", "index.html"), "utf8"));
  // A browser on the route sees the prerendered page.
  const page = await newPage(browser, { ignoreHTTPSErrors: true });
  try {
    await page.goto(new URL("enterprises/e00118?lang=en", proxyUrl).href);
    await page.getByText("Prerendered page e00118").waitFor();
  } finally {
    await page.context().close();
  }
});

test("a report is filed through the proxy, and a staff session cookie is Secure", async () => {
  const page = await newPage(browser, { ignoreHTTPSErrors: true });
  try {
    const { id, receipt } = await fileReport({ url: proxyUrl }, page, { query: "?lang=en" });
    assert.match(id, /\S/);
    assert.match(receipt, /\d/);
  } finally {
    await page.context().close();
  }
  await signsInSecurely((path, options) => call(proxyUrl, path, options), join(dir, "data"));
});

test("behind the trusted proxy, two clients are limited separately; forged headers change nothing", async () => {
  // 127.0.0.2 and 127.0.0.3 are two residents; nginx tells the intake who each is.
  const challenge = (base, localAddress, headers = {}) => call(base, "/api/pow", { localAddress, headers }).then((r) => r.status);
  for (let i = 0; i < 3; i++) assert.equal(await challenge(proxyUrl, "127.0.0.2"), 200);
  assert.equal(await challenge(proxyUrl, "127.0.0.2"), 429, "the first client has used its three challenges");
  assert.equal(
    await challenge(proxyUrl, "127.0.0.2", { "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.1" }),
    429,
    "a client cannot make itself someone else through the proxy",
  );
  assert.equal(await challenge(proxyUrl, "127.0.0.3"), 200, "the second client behind the same proxy is not limited with the first");

  // Straight to the intake from an address that is not the proxy, X-Forwarded-For is ignored.
  for (let i = 0; i < 3; i++) {
    assert.equal(await challenge(intakeUrl, "127.0.0.4", { "x-forwarded-for": `198.51.100.${10 + i}` }), 200);
  }
  assert.equal(await challenge(intakeUrl, "127.0.0.4", { "x-forwarded-for": "198.51.100.99" }), 429);
});
