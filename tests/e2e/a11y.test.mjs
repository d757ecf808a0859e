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

test("the English enterprise page marks what stays in Chinese (the legal representative, the filing number, the waste receiver) lang=zh-CN and says what it is", async () => {
  const detail = await ctx.feedJson("enterprises/e00014.json");
  const annual = detail.records.filter((r) => r.report_type === "annual").sort((a, b) => b.report_year - a.report_year)[0];
  assert.ok(annual.legal_representative && annual.emergency_plan?.filing_no, "the sample names both");
  const page = await ctx.newPage({ viewport: VIEWPORTS.phone });
  await page.goto(ctx.at(`enterprises/e00014?year=${annual.report_year}&lang=en`));
  const field = (name) => page.locator("dt", { hasText: name }).locator("xpath=following-sibling::dd[1]");
  const rep = field("Legal representative");
  await rep.waitFor();
  assert.equal(await rep.locator('[lang="zh-CN"]').innerText(), annual.legal_representative);
  assert.match(await rep.innerText(), /\(name as registered\)$/);
  const plan = field("Emergency plan");
  assert.equal(await plan.locator('[lang="zh-CN"]').innerText(), annual.emergency_plan.filing_no);
  assert.match(await plan.innerText(), /^Filed \(filing no\. /);
  const receiver = page.locator('td[data-label="Receiver"]').first();
  assert.equal(await receiver.locator('[lang="zh-CN"]').innerText(), annual.hazardous_waste[0].receiver_zh);
  assert.match(await receiver.innerText(), /\(name as registered\)$/);
  // In Chinese nothing is added.
  await page.goto(ctx.at(`enterprises/e00014?year=${annual.report_year}&lang=zh`));
  const repZh = page.locator("dt", { hasText: "法定代表人" }).locator("xpath=following-sibling::dd[1]");
  await repZh.waitFor();
  assert.equal(await repZh.innerText(), annual.legal_representative);
});

test("English pages say everything in English; what stays in Chinese (names, titles as published) is marked lang=zh-CN", async () => {
  // The feed's own source line is bilingual by design ("示例数据：… · Sample data: …").
  const manifest = await ctx.feedJson("manifest.json");
  const bilingual = [manifest.source].filter(Boolean);
  const page = await ctx.newPage({ viewport: VIEWPORTS.desktop });
  const problems = [];
  for (const route of [...ROUTES, "/enterprises/e00014", "/enterprises/e00118"]) {
    const sep = route.includes("?") ? "&" : "?";
    await page.goto(ctx.at(`${route}${sep}lang=en`));
    await page.locator("main h1").waitFor();
    await settled(page);
    const unmarked = await page.evaluate((allowed) => {
      const out = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        const el = node.parentElement;
        if (!el || el.closest('[lang^="zh"], noscript, script, style, [hidden]')) continue;
        const text = node.textContent;
        if (!/[\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e\u3001-\u3011]/.test(text)) continue;
        if (allowed.some((a) => text.includes(a))) continue;
        out.push(text.trim().slice(0, 80));
      }
      return out;
    }, bilingual);
    for (const text of unmarked) problems.push(`${route}: ${text}`);
  }
  assert.deepEqual(problems, []);
});
