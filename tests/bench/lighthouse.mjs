// Lighthouse benchmarks for `cargo xtask bench`: home, the enterprise list, an enterprise page, an
// explainer and the report form, each audited RUNS times with Lighthouse's defaults (mobile form
// factor, simulated throttling) in Debian's headless Chromium on 127.0.0.1. Each figure is the
// median of the runs.
// Prints lines "ROW\t<what>\t<value>\t<budget>\t<pass|fail>" that xtask collects; exits 0 only if
// every run of every page ran.
//
// Environment: PORTAL_INTAKE_BIN, PORTAL_SITE_DIR and CHROMIUM as for tests/e2e/harness.mjs;
// LIGHTHOUSE_JSON_DIR, if set, keeps each page's last Lighthouse result there as JSON;
// LIGHTHOUSE_RUNS overrides the number of runs (3).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { startServer } from "../e2e/harness.mjs";

const PAGES = (process.env.LIGHTHOUSE_PAGES ?? "/,/disclosures,/enterprises/e00118,/learn/pfas,/report").split(",");
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
// Lighthouse's category ids, how we name them, and the budget each score must meet.
const CATEGORIES = [
  ["performance", "Performance", 95],
  ["accessibility", "Accessibility", 100],
  ["best-practices", "Best Practices", 100],
];
// Metrics: id, name, budget (in the audit's numericValue unit) and how to show a value.
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const METRICS = [
  ["first-contentful-paint", "First Contentful Paint", null, seconds],
  ["largest-contentful-paint", "Largest Contentful Paint", [2000, "≤ 2.0 s"], seconds],
  ["total-blocking-time", "Total Blocking Time", null, (ms) => `${Math.round(ms)} ms`],
  ["cumulative-layout-shift", "Cumulative Layout Shift", [0.02, "≤ 0.02"], (v) => v.toFixed(3)],
  ["speed-index", "Speed Index", null, seconds],
];

function row(what, value, budget = "", pass = "") {
  console.log(["ROW", what, value, budget, pass].join("\t"));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const server = await startServer();
// One browser for all runs; Lighthouse opens a fresh tab in it for each and resets the origin's
// storage (service worker, caches) before loading, so every run is a cold load.
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

let complete = 0;
try {
  for (const path of PAGES) {
    const name = `Lighthouse (mobile, median of ${RUNS}) ${path}`;
    const results = [];
    for (let run = 0; run < RUNS; run++) {
      try {
        const url = new URL(path.slice(1), server.url).href;
        const result = await lighthouse(url, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: CATEGORIES.map(([id]) => id),
        });
        const lhr = result?.lhr;
        if (!lhr) throw new Error("no result");
        // A fatal page-load problem (e.g. nothing painted) leaves the scores null.
        if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
        if (process.env.LIGHTHOUSE_JSON_DIR) {
          writeFileSync(join(process.env.LIGHTHOUSE_JSON_DIR, `${path.replace(/\W+/g, "_") || "_"}.json`), result.report);
        }
        results.push(lhr);
      } catch (e) {
        row(`${name}: run ${run + 1}`, `Lighthouse failed (${String(e?.message ?? e).split("\n")[0].slice(0, 120)})`, "", "fail");
      }
    }
    if (results.length === 0) continue;
    if (results.length === RUNS) complete++;

    for (const [id, title, budget] of CATEGORIES) {
      const scores = results.map((lhr) => lhr.categories[id].score);
      const known = scores.filter((s) => s !== null).map((s) => Math.round(s * 100));
      const value = known.length ? median(known) : null;
      const ok = value !== null && value >= budget;
      const all = scores.map((s) => (s === null ? "n/a" : Math.round(s * 100))).join(", ");
      row(`${name}: ${title}`, value === null ? "n/a" : `${value} (runs: ${all})`, budget === 100 ? "= 100" : `≥ ${budget}`, ok ? "pass" : "fail");
    }
    for (const [id, title, budget, show] of METRICS) {
      const values = results.map((lhr) => lhr.audits[id]?.numericValue).filter((v) => typeof v === "number");
      if (!values.length) {
        row(`${name}: ${title}`, "n/a", budget?.[1] ?? "", budget ? "fail" : "");
        continue;
      }
      const value = median(values);
      const shown = `${show(value)} (runs: ${values.map(show).join(", ")})`;
      if (budget) row(`${name}: ${title}`, shown, budget[1], value <= budget[0] ? "pass" : "fail");
      else row(`${name}: ${title}`, shown);
    }

    // What keeps accessibility and best practices below 100 in the last run: each failing,
    // scored audit.
    const last = results.at(-1);
    for (const id of ["accessibility", "best-practices"]) {
      for (const { id: auditId } of last.categories[id].auditRefs) {
        const audit = last.audits[auditId];
        const scored = !["notApplicable", "informative", "manual"].includes(audit.scoreDisplayMode);
        if (scored && audit.score !== null && audit.score < 1) row(`${name}: failing audit`, `${auditId}: ${audit.title}`);
      }
    }
    // Audits Lighthouse could not compute (e.g. its trace engine not understanding this Chromium's
    // trace); their diagnostics are missing from the result, though the scores above still stand.
    const errored = Object.values(last.audits).filter((a) => a.scoreDisplayMode === "error");
    if (errored.length) {
      const why = (errored[0].errorMessage ?? "").split("\n")[0].replace(/^.*exception: /, "").slice(0, 80);
      row(`${name}: audits that errored`, `${errored.map((a) => a.id).join(", ")} (${why})`);
    }
  }
} finally {
  chrome.kill();
  await server.stop();
}
process.exitCode = complete === PAGES.length ? 0 : 1;
