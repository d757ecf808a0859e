// Search that understands residents (a phone, 360 px) and a teacher's path (1280 px), walked by
// role and accessible name: 臭味 offers the odour report category, 灌南县 leads to the list
// filtered to that county, PFAS to its explainer, lesson and list entries, nothing found offers
// the closest words and the report form; the teacher finds the PFAS lesson by grade and topic,
// its handouts and the quiz's student copy, which prints without its answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useE2E } from "./harness.mjs";

const ctx = useE2E();
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const desk = { viewport: { width: 1280, height: 900 } };

async function search(page, q, lang = "zh") {
  await page.goto(ctx.at(`search?q=${encodeURIComponent(q)}&lang=${lang}`));
  await page.getByRole("heading", { level: 1, name: lang === "zh" ? "全站搜索" : "Search" }).waitFor();
}

test("at 360 px, 臭味 offers the odour report category, and its link opens the form with it chosen", async () => {
  const page = await ctx.newPage(phone);
  await search(page, "臭味");
  const report = page.getByRole("region", { name: "举报" });
  const link = report.getByRole("link", { name: "举报：异味或水体变色" });
  await link.waitFor();
  // The answer is in the first screen.
  const box = await link.boundingBox();
  assert.ok(box && box.y + box.height <= 740, `the category link is in the first screen (y ${box?.y})`);
  await page.getByRole("region", { name: "科普文章" }).getByRole("link", { name: "什么是新污染物？" }).waitFor();
  // The header's search box is folded into the menu on a phone: the page shows its own, holding
  // the words searched for.
  const own = page.getByRole("main").getByRole("search", { name: "搜索全站" }).getByRole("searchbox");
  assert.equal(await own.inputValue(), "臭味");
  assert.ok(await own.isVisible(), "the page's own search box is shown at 360 px");
  await link.click();
  await page.waitForURL(/\/report\?category=odour_or_discoloured_water/);
  const radio = page.getByRole("radio", { name: /异味或水体变色/ });
  await radio.waitFor();
  assert.equal(await radio.isChecked(), true);
  assert.deepEqual(page.consoleErrors, []);
});

test("at 360 px, 灌南县 leads to the enterprise list filtered to 灌南县, showing its enterprises", async () => {
  const page = await ctx.newPage(phone);
  await search(page, "灌南县");
  const link = page.getByRole("region", { name: "企业名录" }).getByRole("link", { name: /^灌南县的企业（\d+家）$/ });
  await link.waitFor();
  const n = Number((await link.innerText()).match(/（(\d+)家）/)[1]);
  assert.ok(n > 0, "the sample has enterprises in 灌南县");
  await link.click();
  await page.waitForURL(/\/disclosures\?district=320724/);
  const rows = page.locator("main table tbody tr");
  await rows.first().waitFor();
  assert.equal(await rows.count(), Math.min(n, 50), "the list shows the enterprises the link counted");
  assert.ok((await page.locator('main tbody a[href*="/enterprises/e"]').count()) > 0);
  // Every enterprise shown is in 灌南县.
  const districts = await page.locator("main td.district").allInnerTexts();
  assert.ok(districts.length > 0 && districts.every((d) => d.includes("灌南县")), districts.join(","));
});

test("超标, 违规 and 禁用 lead to the findings of the list; PFAS to its explainer, lesson and entries 1, 2 and 8", async () => {
  const page = await ctx.newPage(phone);
  await search(page, "超标");
  const exceeded = page.getByRole("region", { name: "企业名录" }).getByRole("link", { name: /的企业（\d+家）$/ });
  await exceeded.waitFor();
  assert.match(await exceeded.getAttribute("href"), /flag=exceeded/);
  await search(page, "违规");
  await page.getByRole("region", { name: "企业名录" }).getByRole("link").nth(2).waitFor();
  assert.equal(await page.getByRole("region", { name: "企业名录" }).getByRole("link").count(), 3);
  await search(page, "禁用");
  const banned = page.getByRole("region", { name: "企业名录" }).getByRole("link").first();
  await banned.waitFor();
  assert.match(await banned.getAttribute("href"), /flag=banned/);

  await search(page, "PFAS", "en");
  await page.getByRole("region", { name: "Explainers" }).getByRole("link", { name: "PFAS: the “forever chemicals”" }).waitFor();
  await page.getByRole("region", { name: "Lesson plans" }).getByRole("link", { name: /forever chemicals/ }).waitFor();
  const substances = page.getByRole("region", { name: "Substances on the list" });
  for (const n of [1, 2, 8]) await substances.getByRole("link", { name: new RegExp(`^List entry ${n} `) }).waitFor();
});

test("nothing found offers the closest words and the report form", async () => {
  const page = await ctx.newPage(phone);
  await search(page, "灌难县");
  await page.getByRole("status").filter({ hasText: "没有找到结果" }).waitFor();
  await page.getByRole("link", { name: "灌南县" }).click();
  await page.getByRole("region", { name: "企业名录" }).getByRole("link", { name: /^灌南县的企业/ }).waitFor();
  await search(page, "xyz");
  await page.getByRole("status").filter({ hasText: "没有找到结果" }).waitFor();
  await page.getByRole("link", { name: "填写举报" }).click();
  await page.waitForURL(/\/report/);
  await search(page, "xyz", "en");
  await page.getByRole("link", { name: "send a report" }).waitFor();
});

test("at 1280 px, the teacher finds the PFAS lesson by grade and by topic, its handout, and prints the quiz's student copy without answers", async () => {
  const page = await ctx.newPage(desk);
  await page.goto(ctx.at("learn"));
  await page.getByRole("heading", { level: 3, name: "按年级" }).waitFor();
  await page.getByRole("heading", { level: 4, name: "高中（十至十二年级）" }).waitFor();
  const title = "“永久化学品”PFAS：从碳氟键到国家清单";
  // By topic: under the PFAS explainer.
  const topics = page.locator("dl.by-topic");
  assert.ok((await topics.getByRole("link", { name: title, exact: true }).count()) >= 1);
  // Link text is the title alone.
  const lesson = page.getByRole("link", { name: title, exact: true }).first();
  assert.equal((await lesson.innerText()).trim(), title);
  await lesson.click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  // The handout it names is a page.
  await page.getByRole("link", { name: "PFAS学习单" }).click();
  await page.getByRole("heading", { level: 1, name: "PFAS学习单" }).waitFor();
  await page.getByRole("columnheader", { name: "测得值" }).waitFor();
  await page.goBack();
  // The quiz's student copy, printed: questions visible, answers not.
  await page.getByRole("link", { name: "PFAS：“永久化学品” · 学生版" }).click();
  await page.getByRole("heading", { level: 1, name: /测验（学生版）/ }).waitFor();
  await page.emulateMedia({ media: "print" });
  const questions = page.locator("ol.sheet-questions > li");
  const n = await questions.count();
  assert.ok(n >= 4);
  for (let i = 0; i < n; i++) assert.equal(await questions.nth(i).isVisible(), true);
  assert.equal(await page.getByText("正确答案：").count(), 0, "no answers on the student copy");
  assert.equal(await page.locator(".feedback").count(), 0);
  assert.equal(await page.getByRole("navigation", { name: "主导航" }).isVisible(), false);
  // The answer key is its own page.
  await page.emulateMedia({ media: "screen" });
  await page.goto(ctx.at("learn/pfas/quiz/answers"));
  await page.getByRole("heading", { level: 1, name: /测验答案页/ }).waitFor();
  assert.equal(await page.getByText(/^正确答案：/).count(), n);
});

test("the quiz on an explainer prints as a worksheet: questions shown, answers and score hidden", async () => {
  const page = await ctx.newPage(desk);
  await page.goto(ctx.at("learn/pfas?lang=en"));
  const quiz = page.getByRole("region", { name: "Check yourself" });
  await quiz.waitFor();
  await quiz.getByRole("button", { name: "Check answers and explanations" }).click();
  await quiz.getByRole("button", { name: "Show the answers anyway" }).click();
  await quiz.locator(".feedback").first().waitFor();
  await page.emulateMedia({ media: "print" });
  assert.equal(await quiz.getByRole("group").first().isVisible(), true);
  assert.equal(await quiz.locator(".feedback").first().isVisible(), false);
  assert.equal(await quiz.getByRole("status").isVisible(), false);
});

test("no link on the learning pages reads as an internal id", async () => {
  const ix = await ctx.feedJson("content/index.json");
  const ids = new Set([
    ...ix.explainers.map((e) => e.id),
    ...ix.lessons.map((l) => l.level),
    ...ix.glossary.terms.map((t) => t.id),
  ]);
  const titles = new Set([
    ...ix.explainers.flatMap((e) => [e.title_zh, e.title_en]),
    ...ix.glossary.terms.flatMap((t) => [t.term_zh, t.term_en.toLowerCase()]),
  ]);
  const page = await ctx.newPage(desk);
  for (const path of ["learn", "learn/lessons/middle-school", "learn/lessons/pfas", "learn/pfas", "glossary", "plan", "learn?lang=en", "glossary?lang=en"]) {
    await page.goto(ctx.at(path));
    await page.locator("main a").first().waitFor();
    await page.waitForTimeout(300);
    const texts = await page.locator("main a").allInnerTexts();
    const bad = texts.map((t) => t.trim()).filter((t) => (ids.has(t) && !titles.has(t) && !titles.has(t.toLowerCase())) || t.startsWith("/"));
    assert.deepEqual(bad, [], `${path}: links read as ids`);
  }
});
