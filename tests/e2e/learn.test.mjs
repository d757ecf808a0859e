// Learn: every explainer in both languages with glossary and substance links, a quiz with
// explanations, and a printable handout.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage } from "./harness.mjs";

let server;
let browser;
let explainers;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const latest = await (await fetch(new URL("feed/latest.json", server.url))).json();
  explainers = (await (await fetch(new URL(`feed/${latest.version}/content/index.json`, server.url))).json()).explainers;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("every explainer opens in Chinese and in English with its sources and review date", async () => {
  assert.equal(explainers.length, 8);
  const page = await newPage(browser);
  for (const e of explainers) {
    for (const [lang, title, sources] of [["zh", e.title_zh, "资料来源"], ["en", e.title_en, "Sources"]]) {
      await page.goto(new URL(`learn/${e.id}?lang=${lang}`, server.url).href);
      await page.getByRole("heading", { level: 1, name: title }).waitFor();
      await page.getByRole("heading", { level: 2, name: sources }).waitFor();
      assert.ok((await page.locator(".sources li").count()) >= 3, `${e.id} ${lang} lists its sources`);
    }
  }
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test("a glossary link and a substance link lead to their pages", async () => {
  const page = await newPage(browser);
  await page.goto(new URL("learn/pfas?lang=en", server.url).href);
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
  await page.context().close();
});

test("answering a quiz shows whether each answer is right and why", async () => {
  const page = await newPage(browser);
  await page.goto(new URL("learn/microplastics?lang=en", server.url).href);
  const quiz = page.getByRole("region", { name: "Check yourself" });
  await quiz.waitFor();
  const questions = quiz.getByRole("group");
  const n = await questions.count();
  assert.ok(n >= 4);
  // Answer the first question with its first choice, leave the rest.
  await questions.first().getByRole("radio").first().check();
  await quiz.getByRole("button", { name: "Check answers and explanations" }).click();
  const feedback = quiz.locator(".feedback");
  assert.equal(await feedback.count(), n);
  assert.match(await feedback.first().innerText(), /(Correct|Not quite)\. The answer is: /);
  assert.match(await feedback.nth(1).innerText(), /Not answered\./);
  await page.context().close();
});

test("a handout prints without navigation and keeps its sources", async () => {
  const page = await newPage(browser);
  await page.goto(new URL("learn/lessons/middle-school", server.url).href);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.getByRole("navigation", { name: "主导航" }).isVisible(), false);
  assert.equal(await page.getByRole("contentinfo").isVisible(), false);
  await page.getByRole("heading", { name: "数据活动：用本平台的数据" }).waitFor();
  await page.goto(new URL("learn/pfas", server.url).href);
  await page.getByRole("heading", { level: 2, name: "资料来源" }).waitFor();
  assert.equal(await page.getByRole("heading", { level: 2, name: "资料来源" }).isVisible(), true);
  assert.equal(await page.getByRole("button", { name: "打印讲义" }).isVisible(), false);
  await page.context().close();
});

test("the city plan lists all 15 tasks with their departments, and says the statuses are a sample", async () => {
  const page = await newPage(browser);
  await page.goto(new URL("plan?lang=en", server.url).href);
  await page.getByRole("heading", { level: 2, name: "Tasks" }).waitFor();
  assert.equal(await page.locator("ol.tasks > li").count(), 15);
  await page.getByRole("note").filter({ hasText: "Sample: the statuses below are placeholders" }).waitFor();
  await page.context().close();
});

test("the site-wide search finds 全氟辛酸 among substances, explainers and glossary terms", async () => {
  const page = await newPage(browser);
  await page.goto(new URL("?lang=zh", server.url).href);
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
  await page.context().close();
});
