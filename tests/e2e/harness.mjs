// Shared set-up for the end-to-end tests: start the real intake service on a free loopback port
// serving the built site, and a real headless Chromium (Debian's) driven by playwright-core.
// A test file calls `useE2E()` once; every test then opens its own pages (each in a fresh browser
// context, closed after the test) and creates its own data, so no test relies on another.
//
// Environment:
//   PORTAL_INTAKE_BIN  path to the built `intake` binary (set by `cargo xtask test`)
//   PORTAL_SITE_DIR    the built site (default: dist)
//   CHROMIUM           the browser (default: /usr/bin/chromium)
import { after, afterEach, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/** Starts the intake with `args` after `serve --port 0`; resolves with { child, url } once it prints its start-up line. */
export function startIntake(args) {
  const child = spawn(process.env.PORTAL_INTAKE_BIN, ["serve", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`intake did not start in 20 s: ${stderr}`)), 20000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/Serving the portal at (http:\/\/[^\s]+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`intake exited with ${code}: ${stderr}`)));
  });
}

/** Starts the intake service; resolves with { url, dataDir, stop }. `site` overrides the site directory. */
export async function startServer({ site: siteDir } = {}) {
  const bin = process.env.PORTAL_INTAKE_BIN;
  if (!bin) throw new Error("PORTAL_INTAKE_BIN is not set; run the tests with `cargo xtask test`");
  const dataDir = mkdtempSync(join(tmpdir(), "portal-e2e-"));
  const site = siteDir ?? process.env.PORTAL_SITE_DIR ?? "dist";
  const { child, url } = await startIntake(["--data-dir", dataDir, "--site-dir", site]);
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, dataDir, stop };
}

/**
 * Launches headless Chromium. Requests to any host other than loopback are refused. `args` adds
 * switches (`--ignore-certificate-errors` for a service worker behind a self-signed certificate,
 * which a context's ignoreHTTPSErrors does not cover).
 */
export async function launchBrowser({ args = [] } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, ...args],
  });
}

/** A new page whose console errors and failed loads are collected for assertions. */
export async function newPage(browser, options = {}) {
  // Service workers are blocked unless a test asks for them (the offline test does), so that
  // request interception and timings see the network as it is.
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, serviceWorkers: "block", ...options });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on("console", (m) => m.type() === "error" && page.consoleErrors.push(m.text()));
  page.on("pageerror", (e) => page.consoleErrors.push(String(e)));
  // A prerendered page is readable at once but inert until the app has taken it over: every
  // navigation a test makes waits for that (<html data-app>, see app/src/takeover.rs), so that a
  // test acts on the live page, as a reader would a moment later.
  if (options.javaScriptEnabled !== false) {
    for (const name of ["goto", "reload", "goBack", "goForward"]) {
      const navigate = page[name].bind(page);
      page[name] = async (...args) => {
        const response = await navigate(...args);
        await appRunning(page);
        return response;
      };
    }
  }
  return page;
}

/**
 * Waits until the portal's app runs the page (`<html data-app>`); any other document (a feed
 * file, a plain-text answer) has nothing to wait for.
 */
export async function appRunning(page, timeout = 30000) {
  await page.waitForFunction(() => !document.querySelector("script[data-portal-js]") || document.documentElement.dataset.app, null, {
    timeout,
  });
}

/**
 * Polls `check` (an async function run in Node) until it returns a truthy value, which it
 * returns; throws with `message` after `timeout` ms. For state a page cannot test synchronously
 * (Cache Storage, a fetch, a locator's value); `page.waitForFunction` takes an async predicate's
 * promise itself for a true value, so it only serves synchronous predicates.
 */
export async function until(check, { timeout = 30000, interval = 100, message = String(check) } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not true within ${timeout} ms: ${message}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Polls `predicate` (which may be async) in the page until it returns true. */
export function untilInPage(page, predicate, { timeout = 30000, arg } = {}) {
  return until(() => page.evaluate(predicate, arg), { timeout, interval: 250, message: String(predicate) });
}

/**
 * Waits until a page has finished its data-driven parts: the network is idle, no loading
 * message is left and two frames have been painted since (charts and tables are laid out).
 */
export async function settled(page, timeout = 30000) {
  await page.waitForLoadState("networkidle", { timeout });
  await page.waitForFunction(() => !document.querySelector(".loading"), null, { timeout });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * How many distinct colours a sample of every `step`-th pixel of a canvas has (a blank canvas
 * has one); `channels` 3 compares RGB, 4 RGBA.
 */
export function paintedColours(canvas, { step, channels }) {
  return canvas.evaluate(
    (c, [step, channels]) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4 * step) seen.add(Array.from(d.subarray(i, i + channels)).join(","));
      return seen.size;
    },
    [step, channels],
  );
}

/**
 * Registers with node:test, for the calling file, one intake service and one Chromium shared by
 * its tests, and returns the context they use:
 * - `url`, `dataDir`, `browser`: the service's address and data folder, and the browser;
 * - `at(path)`: the absolute address of a path on the service ("disclosures?lang=en");
 * - `newPage(options)`: a page in a fresh browser context, closed after the test;
 * - `fetch(path, init)`, `json(path)`, `latest()`, `feedJson(file)`: the service read from Node;
 * - `addStaff(role)`: a fresh staff account { user, password, role }, made by `intake staff add`;
 * - `staffFetch(who)`: a fetch function signed in as that account.
 * `site` (a function called before the service starts) serves another site directory.
 */
export function useE2E({ site } = {}) {
  const open = new Set();
  let server;
  let browser;
  const ctx = {
    get url() {
      return server.url;
    },
    get dataDir() {
      return server.dataDir;
    },
    get browser() {
      return browser;
    },
    at(path) {
      return new URL(path.replace(/^\//, ""), server.url).href;
    },
    async newPage(options = {}) {
      const page = await newPage(browser, options);
      const context = page.context();
      open.add(context);
      context.on("close", () => open.delete(context));
      return page;
    },
    fetch(path, init) {
      return fetch(ctx.at(path), init);
    },
    async json(path) {
      return (await ctx.fetch(path)).json();
    },
    latest() {
      return ctx.json("feed/latest.json");
    },
    async feedJson(file) {
      return ctx.json(`feed/${(await ctx.latest()).version}/${file}`);
    },
    addStaff(role) {
      const who = { user: `${role}-${randomBytes(4).toString("hex")}`, password: `a long passphrase ${randomBytes(6).toString("hex")}`, role };
      execFileSync(process.env.PORTAL_INTAKE_BIN, ["staff", "add", "--data-dir", server.dataDir, "--user", who.user, "--role", role], {
        input: `${who.password}\n`,
      });
      return who;
    },
    async staffFetch(who) {
      const login = await ctx.fetch("api/staff/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user: who.user, password: who.password }),
      });
      assert.equal(login.status, 200, `staff login of ${who.user}`);
      const cookie = login.headers.get("set-cookie").split(";")[0];
      return (path, init = {}) => ctx.fetch(path, { ...init, headers: { ...init.headers, cookie } });
    },
  };
  before(async () => {
    server = await startServer({ site: site?.() });
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all([...open].map((c) => c.close()));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return ctx;
}
