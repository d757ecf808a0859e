// Learn: every explainer in both languages with glossary and substance links, a quiz with
// explanations, and a printable handout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useE2E } from "./harness.mjs";

const ctx = useE2E();

test("every explainer opens in Chinese and in English with its sources and review date", async () => {
  const { explainers } = await ctx.feedJson("content/index.json");
  assert.equal(explainers.length, 8);
  const page = await ctx.newPage();
  for (const e of explainers) {
    for (const [lang, title, sources] of [["zh", e.title_zh, "资料来源"], ["en", e.title_en, "Sources"]]) {
      await page.goto(ctx.at(`learn/${e.id}?lang=${lang}`));
      await page.getByRole("heading", { level: 1, name: title }).waitFor();
      await page.getByRole("heading", { level: 2, name: sources }).waitFor();
      assert.ok((await page.locator(".sources li").count()) >= 3, `${e.id} ${lang} lists its sources`);
    }
  }
  assert.deepEqual(page.consoleErrors, []);
});

test("a glossary link and a substance link lead to their pages", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("learn/pfas?lang=en"));
  const term = page.locator("a.term").first();
  await term.waitFor();
  const href = await term.getAttribute("href");
  await term.click();
  await page.getByRole("heading", { level: 1, name: "Glossary" }).waitFor();
  const id = href.split("#")[1];
  await page.locator(`#${id}`).waitFor();
  await page.goBack();
  await page.getByRole("heading", { level: 2, name: "Related substances on the list" }).waitFor();
  await page.getByRole("link", { name: "List entry 1" }).click();
  await page.getByRole("heading", { level: 1, name: /List entry 1/ }).waitFor();
});

test("a quiz keeps its answers back until every question is answered, then scores and offers a retry", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("learn/microplastics?lang=en"));
  const quiz = page.getByRole("region", { name: "Check yourself" });
  await quiz.waitFor();
  const questions = quiz.getByRole("group");
  const n = await questions.count();
  assert.ok(n >= 4);
  const feedback = quiz.locator(".feedback");
  // Answer the first question only: checking names the blanks and shows no answer.
  await questions.first().getByRole("radio").first().check();
  await quiz.getByRole("button", { name: "Check answers and explanations" }).click();
  await quiz.getByRole("status").filter({ hasText: "are not answered yet" }).waitFor();
  assert.equal(await feedback.count(), 0);
  // Answer every question: a score, each answer explained, and a retry.
  for (let i = 1; i < n; i++) await questions.nth(i).getByRole("radio").first().check();
  await quiz.getByRole("button", { name: "Check answers and explanations" }).click();
  await quiz.getByRole("status").filter({ hasText: new RegExp(`\\d+ of ${n} right\\.`) }).waitFor();
  assert.equal(await feedback.count(), n);
  assert.match(await feedback.first().innerText(), /(Correct|Not quite)\. The answer is: /);
  await quiz.getByRole("button", { name: "Try again" }).click();
  assert.equal(await feedback.count(), 0);
  assert.equal(await questions.first().getByRole("radio").first().isChecked(), false);
  // Or, with blanks, show the answers anyway.
  await quiz.getByRole("button", { name: "Check answers and explanations" }).click();
  await quiz.getByRole("button", { name: "Show the answers anyway" }).click();
  assert.equal(await feedback.count(), n);
  assert.match(await feedback.nth(1).innerText(), /Not answered\./);
});

test("a handout prints without navigation and keeps its sources", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("learn/lessons/middle-school"));
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.getByRole("navigation", { name: "主导航" }).isVisible(), false);
  assert.equal(await page.getByRole("contentinfo").isVisible(), false);
  await page.getByRole("heading", { name: "数据活动：用本平台的数据" }).waitFor();
  await page.goto(ctx.at("learn/pfas"));
  await page.getByRole("heading", { level: 2, name: "资料来源" }).waitFor();
  assert.equal(await page.getByRole("heading", { level: 2, name: "资料来源" }).isVisible(), true);
  assert.equal(await page.getByRole("button", { name: "打印讲义" }).isVisible(), false);
});

test("the city plan lists all 15 tasks with their departments, and says the statuses are a sample", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("plan?lang=en"));
  await page.getByRole("heading", { level: 2, name: "Tasks" }).waitFor();
  assert.equal(await page.locator("ol.tasks > li").count(), 15);
  await page.getByRole("note").filter({ hasText: "Sample: the statuses below are placeholders" }).waitFor();
});

test("the site-wide search finds 全氟辛酸 among substances, explainers and glossary terms", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("?lang=zh"));
  const search = page.getByRole("search", { name: "搜索全站" });
  await search.getByRole("searchbox").fill("全氟辛酸");
  await search.getByRole("button", { name: "搜索" }).click();
  await page.getByRole("heading", { level: 1, name: "全站搜索" }).waitFor();
  const substances = page.getByRole("region", { name: "清单物质" });
  await substances.getByRole("link", { name: /清单第2项/ }).waitFor();
  await page.getByRole("region", { name: "科普文章" }).getByRole("link", { name: /PFAS/ }).waitFor();
  await page.getByRole("region", { name: "术语" }).getByRole("link").first().waitFor();
  await substances.getByRole("link", { name: /清单第2项/ }).click();
  await page.getByRole("heading", { level: 1, name: /清单第2项/ }).waitFor();
});
