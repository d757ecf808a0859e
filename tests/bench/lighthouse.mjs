// Lighthouse benchmarks for `cargo xtask bench`: the home page, the enterprise list and one
// enterprise page, each audited once with Lighthouse's defaults (mobile form factor, simulated
// throttling) in Debian's headless Chromium on 127.0.0.1.
// Prints lines "ROW\t<what>\t<value>\t<budget>\t<pass|fail>" that xtask collects; exits 0 only if
// all three pages ran.
//
// Environment: PORTAL_INTAKE_BIN, PORTAL_SITE_DIR and CHROMIUM as for tests/e2e/harness.mjs;
// LIGHTHOUSE_JSON_DIR, if set, keeps each page's full Lighthouse result there as JSON.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { startServer } from "../e2e/harness.mjs";

const PAGES = ["/", "/disclosures", "/enterprises/e00002"];
// Lighthouse's category ids, how we name them, and the budget each score must meet.
const CATEGORIES = [
  ["performance", "Performance", 95],
  ["accessibility", "Accessibility", 100],
  ["best-practices", "Best Practices", 100],
];
const METRICS = [
  ["first-contentful-paint", "First Contentful Paint"],
  ["largest-contentful-paint", "Largest Contentful Paint"],
  ["total-blocking-time", "Total Blocking Time"],
  ["cumulative-layout-shift", "Cumulative Layout Shift"],
  ["speed-index", "Speed Index"],
];

function row(what, value, budget = "", pass = "") {
  console.log(["ROW", what, value, budget, pass].join("\t"));
}

const server = await startServer();
// One browser for all three runs; Lighthouse opens a fresh tab in it for each and resets the
// origin's storage (service worker, caches) before loading, so every run is a cold load.
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

let ran = 0;
try {
  for (const path of PAGES) {
    const name = `Lighthouse (mobile) ${path}`;
    let lhr;
    try {
      const url = new URL(path.slice(1), server.url).href;
      const result = await lighthouse(url, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: CATEGORIES.map(([id]) => id),
      });
      lhr = result?.lhr;
      if (!lhr) throw new Error("no result");
      if (process.env.LIGHTHOUSE_JSON_DIR) {
        writeFileSync(join(process.env.LIGHTHOUSE_JSON_DIR, `${path.replace(/\W+/g, "_") || "_"}.json`), result.report);
      }
      // A fatal page-load problem (e.g. nothing painted) leaves the scores null.
      if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    } catch (e) {
      row(`${name}: run`, `Lighthouse failed (${String(e?.message ?? e).split("\n")[0].slice(0, 120)})`, "", "fail");
      continue;
    }
    ran++;

    for (const [id, title, budget] of CATEGORIES) {
      const score = lhr.categories[id].score;
      const value = score === null ? "n/a" : Math.round(score * 100);
      const ok = score !== null && value >= budget;
      row(`${name}: ${title}`, value, budget === 100 ? "= 100" : `≥ ${budget}`, ok ? "pass" : "fail");
    }
    for (const [id, title] of METRICS) row(`${name}: ${title}`, lhr.audits[id]?.displayValue ?? "n/a");

    // What keeps accessibility and best practices below 100: each failing, scored audit.
    for (const id of ["accessibility", "best-practices"]) {
      for (const { id: auditId } of lhr.categories[id].auditRefs) {
        const audit = lhr.audits[auditId];
        const scored = !["notApplicable", "informative", "manual"].includes(audit.scoreDisplayMode);
        if (scored && audit.score !== null && audit.score < 1) row(`${name}: failing audit`, `${auditId}: ${audit.title}`);
      }
    }
    // Audits Lighthouse could not compute (e.g. its trace engine not understanding this Chromium's
    // trace); their diagnostics are missing from the result, though the scores above still stand.
    const errored = Object.values(lhr.audits).filter((a) => a.scoreDisplayMode === "error");
    if (errored.length) {
      const why = (errored[0].errorMessage ?? "").split("\n")[0].replace(/^.*exception: /, "").slice(0, 80);
      row(`${name}: audits that errored`, `${errored.map((a) => a.id).join(", ")} (${why})`);
    }
  }
} finally {
  chrome.kill();
  await server.stop();
}
process.exitCode = ran === PAGES.length ? 0 : 1;
