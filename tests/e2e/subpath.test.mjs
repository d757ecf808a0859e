// The portal under a sub-path of another site, as docs/deploy.md ("Under a sub-path") sets it up:
// Debian's nginx with TLS, the portal's own server on loopback (deploy/nginx/portal-locations.conf)
// and, inside a "city portal" server that keeps `/` for itself, the portal's locations for
// /xinwuranwu/ (deploy/nginx/portal-subpath-locations.conf), both included unchanged, in front of
// the release intake. The site is the build as it is, the same one that serves at the root.
//
// Checked: a prerendered enterprise page comes under the prefix (its links, files, og:url and Atom
// links with it); the app takes it over and everything it loads stays under the prefix; following
// a link stays there, and the list's feed loads; the home page's own small wasm hands over to the
// whole app there; a report is filed through /xinwuranwu/api/, and staff sign in there with a
// Secure cookie; the service worker registers with the scope /xinwuranwu/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launchBrowser, newPage, settled, untilInPage } from "./harness.mjs";
import {
  ROOT, call as request, checkTools, freePort, intakeUpstream, makeCertificate, signsInSecurely, startIntake, startNginx, tearDown, tlsServer,
} from "./nginx.mjs";
import { DisclosuresPage } from "./pages/list.mjs";
import { fileReport } from "./pages/report.mjs";

const PREFIX = "/xinwuranwu/";
/** The city portal's own answer for everything outside the prefix. */
const CITY = "city portal";

// The set-up's temporary directory, processes, browser and certificate.
let dir, intake, nginx, browser, cert;
/** https://localhost:<port>/xinwuranwu/ */
let mountUrl;

const call = (path, options = {}) => request(mountUrl, path, { ca: cert, ...options });

before(async () => {
  checkTools();
  dir = mkdtempSync(join(tmpdir(), "portal-subpath-"));
  chmodSync(dir, 0o755);
  const site = resolve(process.env.PORTAL_SITE_DIR ?? "dist");
  cert = makeCertificate(dir);
  intake = await startIntake(["--data-dir", join(dir, "data"), "--site-dir", site, "--trusted-proxy", "127.0.0.1"]);
  const intakePort = new URL(intake.url).port;
  const [port, sitePort] = [await freePort(), await freePort()];
  // The portal's own server on loopback, and a "city portal" that keeps `/` for itself.
  const portalSite = `    upstream portal_site {
        server 127.0.0.1:${sitePort};
        keepalive 4;
    }
    server {
        listen 127.0.0.1:${sitePort};
        server_name localhost;
        root ${site};
        include ${ROOT}deploy/nginx/portal-locations.conf;
    }`;
  const city = tlsServer(port, dir, `        location / {
            default_type text/plain;
            return 404 "${CITY}";
        }
        include ${ROOT}deploy/nginx/portal-subpath-locations.conf;`);
  nginx = await startNginx(
    dir,
    [intakeUpstream(intakePort), portalSite, city].join("\n"),
    async () => (await request(`https://localhost:${port}${PREFIX}`, "api/health", { ca: cert }).catch(() => ({ status: 0 }))).status === 200,
  );
  mountUrl = `https://localhost:${port}${PREFIX}`;
  // The service worker's script is refused behind the self-signed certificate otherwise.
  browser = await launchBrowser({ args: ["--ignore-certificate-errors"] });
});

after(() => tearDown({ browser, nginx, intake, dir }));

/** A page that records every address it asks this host for, outside the prefix. */
async function mountedPage(options = {}) {
  const page = await newPage(browser, { ignoreHTTPSErrors: true, ...options });
  page.outside = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.origin === new URL(mountUrl).origin && !url.pathname.startsWith(PREFIX)) page.outside.push(url.pathname);
  });
  return page;
}

test("the city portal keeps its own root, and the prefix without its slash is redirected", async () => {
  const root = await call("/");
  assert.equal(root.status, 404);
  assert.equal(root.body, CITY);
  const bare = await call(PREFIX.slice(0, -1));
  assert.equal(bare.status, 301);
  assert.equal(new URL(bare.headers.location, mountUrl).pathname, PREFIX);
});

test("a prerendered enterprise page comes under the prefix, with its links, files, og:url and feeds", async () => {
  const res = await call("enterprises/e00014?lang=en");
  assert.equal(res.status, 200);
  assert.match(res.body, /id="prerendered"/, "the prerendered page, not the app shell");
  assert.match(res.body, /<meta property="og:url" content="\/xinwuranwu\/enterprises\/e00014\?lang=en">/);
  assert.match(res.body, /<link rel="alternate" type="application\/atom\+xml"[^>]* href="\/xinwuranwu\/feed\/atom\/enterprises\/e00014\.xml">/);
  assert.match(res.body, /<script type="module" src="\/xinwuranwu\/boot\.js" data-portal-js="\/xinwuranwu\/[^"]+\.js"/);
  // Every root-absolute address in the page is under the prefix.
  const addresses = [...res.body.matchAll(/(?:href|src|action|content|data-portal-js|data-portal-wasm)="(\/[^"]*)"/g)].map((m) => m[1]);
  assert.ok(addresses.length > 20, `the page has its links (${addresses.length})`);
  assert.deepEqual(addresses.filter((a) => !a.startsWith(PREFIX)), [], "addresses outside the prefix");
  // The same rules as at the root: security headers and revalidation for a page; the build's
  // compressed copies, immutable, for the app's files.
  assert.match(res.headers["content-security-policy"], /default-src 'self'/);
  assert.ok(res.headers["strict-transport-security"]);
  assert.equal(res.headers["cache-control"], "no-cache");
  const wasm = res.body.match(/data-portal-wasm="\/xinwuranwu\/([^"]+)"/)[1];
  const file = await call(wasm, { headers: { "accept-encoding": "gzip" } });
  assert.equal(file.status, 200);
  assert.equal(file.headers["content-encoding"], "gzip");
  assert.equal(file.headers["content-type"], "application/wasm");
  assert.equal(file.headers["cache-control"], "public, max-age=31536000, immutable");
  // The feed, and a route that does not exist, as at the root.
  const latest = await call("feed/latest.json");
  assert.equal(latest.status, 200);
  assert.match(latest.headers["content-type"], /json/);
  assert.equal((await call("feed/missing.json")).status, 404);
  // The Atom feeds' links are under the prefix too.
  const atom = await call("feed/atom/all.xml");
  assert.equal(atom.status, 200);
  assert.match(atom.headers["content-type"], /^application\/atom\+xml/);
  const links = [...atom.body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
  assert.ok(links.length > 0);
  assert.deepEqual(links.filter((h) => h.startsWith("/") && !h.startsWith(PREFIX)), [], "Atom links outside the prefix");
});

test("the app takes the page over, and its links, the feed and the service worker stay under the prefix", async () => {
  const page = await mountedPage({ serviceWorkers: "allow" });
  try {
    await page.goto(new URL("enterprises/e00014", mountUrl).href);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "live");
    assert.equal(await page.locator("#prerendered").count(), 0, "the app took the prerendered page over");
    await settled(page);
    // The live page's own links (rendered by the app, not by the build) carry the prefix.
    const hrefs = await page.evaluate(() => [...document.querySelectorAll("a[href^='/']")].map((a) => a.getAttribute("href")));
    assert.ok(hrefs.length > 10, `the live page has its links (${hrefs.length})`);
    assert.deepEqual(hrefs.filter((h) => !h.startsWith("/xinwuranwu/")), [], "live links outside the prefix");

    // The service worker sits beside the loader, with the mount as its scope.
    const scopes = await untilInPage(page, async () => {
      const registrations = await navigator.serviceWorker.getRegistrations();
      return registrations.length > 0 && registrations.map((r) => r.scope);
    }, { timeout: 20000 });
    assert.deepEqual(scopes, [mountUrl]);

    // Following the header's link to the list stays under the prefix, in the app, and the list
    // loads its feed.
    await page.getByRole("navigation").getByRole("link", { name: "企业披露" }).first().click();
    const list = new DisclosuresPage(page);
    await list.heading.waitFor();
    assert.equal(new URL(page.url()).pathname, `${PREFIX}disclosures`);
    await list.results.locator("tbody tr").first().waitFor();
    assert.match(await list.count.innerText(), /\d/);
    // An enterprise from the list, by its link in the table.
    await list.results.locator("tbody th a").first().click();
    await untilInPage(page, (prefix) => location.pathname.startsWith(`${prefix}enterprises/`), { arg: PREFIX });
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await settled(page);
    assert.deepEqual(page.consoleErrors, [], "no errors (CSP, wasm, feed)");
    assert.deepEqual(page.outside, [], "nothing was asked for outside the prefix");
  } finally {
    await page.context().close();
  }
});

test("the home page's own wasm hands a link over to the whole app under the prefix", async () => {
  const page = await mountedPage();
  try {
    await page.goto(mountUrl);
    await settled(page);
    await page.getByRole("navigation").getByRole("link", { name: "企业披露" }).first().click();
    await new DisclosuresPage(page).results.locator("tbody tr").first().waitFor();
    assert.equal(new URL(page.url()).pathname, `${PREFIX}disclosures`);
    assert.deepEqual(page.consoleErrors, []);
    assert.deepEqual(page.outside, [], "nothing was asked for outside the prefix");
  } finally {
    await page.context().close();
  }
});

test("a report is filed through /xinwuranwu/api/", async () => {
  const page = await mountedPage();
  const api = [];
  page.on("request", (r) => new URL(r.url()).pathname.includes("/api/") && api.push(new URL(r.url()).pathname));
  let receipt;
  try {
    const sent = await fileReport({ url: mountUrl }, page, { query: "?lang=en" });
    assert.match(sent.id, /\S/);
    receipt = sent.receipt;
    assert.ok(api.includes(`${PREFIX}api/open311/v2/requests.json`), `the report went to the prefix's API: ${api}`);
    assert.deepEqual(page.outside, [], "nothing was asked for outside the prefix");
  } finally {
    await page.context().close();
  }
  // The intake has it: its receipt answers through the prefix.
  const status = await call("api/reports/status", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ receipt }),
  });
  assert.equal(status.status, 200, status.body);
  assert.equal(status.headers["cache-control"], "no-store");
});

test("staff sign in through /xinwuranwu/api/ with a Secure session cookie", async () => {
  await signsInSecurely(call, join(dir, "data"));
});
