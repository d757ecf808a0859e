// Every route, in both languages, on a desktop and a phone viewport: axe-core (WCAG 2.1 A and AA)
// finds no violation, and at 360 × 640 nothing scrolls sideways.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { settled, useE2E } from "./harness.mjs";
import { ROUTES } from "./routes.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 640 } };

const ctx = useE2E();

async function audit(route, lang, viewport) {
  const page = await ctx.newPage({ viewport: VIEWPORTS[viewport] });
  const sep = route.includes("?") ? "&" : "?";
  await page.goto(ctx.at(route + (lang === "en" ? `${sep}lang=en` : "")));
  await page.locator("main h1").waitFor();
  // Let data-driven parts (tables, charts) render.
  await settled(page);
  // axe runs through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const violations = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.context().close();
  return { violations, overflow };
}

for (const lang of ["zh", "en"]) {
  for (const viewport of Object.keys(VIEWPORTS)) {
    test(`axe finds no WCAG 2.1 AA violation on any route (${lang}, ${viewport})`, async () => {
      const problems = [];
      for (const route of ROUTES) {
        const { violations, overflow } = await audit(route, lang, viewport);
        for (const v of violations) problems.push(`${route}: ${v}`);
        if (viewport === "phone" && overflow > 0) problems.push(`${route}: scrolls sideways by ${overflow}px at 360 px`);
      }
      assert.deepEqual(problems, []);
    });
  }
}
