// Shared set-up for the end-to-end tests: start the real intake service on a free loopback port
// serving the built site, and a real headless Chromium (Debian's) driven by playwright-core.
//
// Environment:
//   PORTAL_INTAKE_BIN  path to the built `intake` binary (set by `cargo xtask test`)
//   PORTAL_SITE_DIR    the built site (default: dist)
//   CHROMIUM           the browser (default: /usr/bin/chromium)
import { spawn } from "node:child_process";
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

/** Starts the intake service; resolves with { url, stop }. `site` overrides the site directory. */
export async function startServer({ site: siteDir } = {}) {
  const bin = process.env.PORTAL_INTAKE_BIN;
  if (!bin) throw new Error("PORTAL_INTAKE_BIN is not set; run the tests with `cargo xtask test`");
  const dataDir = mkdtempSync(join(tmpdir(), "portal-e2e-"));
  const site = siteDir ?? process.env.PORTAL_SITE_DIR ?? "dist";
  const child = spawn(bin, ["serve", "--port", "0", "--data-dir", dataDir, "--site-dir", site], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`intake did not start in 20 s: ${stderr}`)), 20000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/Serving the portal at (http:\/\/[^\s]+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`intake exited with ${code}: ${stderr}`)));
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, dataDir, stop };
}

/** Launches headless Chromium. Requests to any host other than loopback are refused. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
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
  return page;
}
