// Every reader: the elderly-friendly switch, a keyboard-only walk, and 200 % zoom.
import { test } from "node:test";
import assert from "node:assert/strict";
import { settled, useE2E } from "./harness.mjs";
import { DisclosuresPage } from "./pages/list.mjs";
import { ReportForm } from "./pages/report.mjs";

const ctx = useE2E();

test("the elderly-friendly mode enlarges text, is remembered, and shows lists instead of the map", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("overview"));
  await page.getByRole("img", { name: /示意图/ }).waitFor();
  const base = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  await page.getByRole("button", { name: /长辈模式/ }).click();
  assert.equal(await page.getByRole("button", { name: /长辈模式/ }).getAttribute("aria-pressed"), "true");
  const big = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  assert.ok(big >= 18 && big > base, `body text ${big}px`);
  assert.equal(await page.getByRole("img", { name: /示意图/ }).isVisible(), false, "the map gives way to the list");
  assert.ok(await page.getByRole("table").first().isVisible());
  await page.reload();
  await page.getByRole("heading", { level: 1 }).waitFor();
  assert.equal(await page.getByRole("button", { name: /长辈模式/ }).getAttribute("aria-pressed"), "true");
  const minTarget = await page.evaluate(() =>
    Math.min(...[...document.querySelectorAll("button, select, .site-header nav a")].filter((e) => e.offsetParent).map((e) => e.getBoundingClientRect().height)),
  );
  assert.ok(minTarget >= 44, `smallest target ${minTarget}px`);
});

test("at 200 % zoom (640 CSS px wide) with large text, no page scrolls sideways", async () => {
  const page = await ctx.newPage({ viewport: { width: 640, height: 450 } });
  await page.goto(ctx.at("overview"));
  await page.getByRole("button", { name: /长辈模式/ }).click();
  await page.getByRole("button", { name: /长辈模式/, pressed: true }).waitFor();
  for (const route of ["/", "/disclosures", "/enterprises/e00002", "/overview", "/learn/pfas", "/report"]) {
    await page.goto(ctx.at(route));
    await page.locator("main h1").waitFor();
    await settled(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${route} scrolls sideways by ${overflow}px`);
  }
});

test("with the keyboard only: skip to content, find an enterprise, read a chart's data table", async () => {
  const page = await ctx.newPage();
  const list = await DisclosuresPage.open(ctx, page, "?lang=en");
  await list.search.waitFor();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to main content");
  await page.keyboard.press("Enter");
  // Tab to the search box and type.
  for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.id)) !== "search"; i++) await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "search");
  await page.keyboard.type("75-09-2");
  await list.urlMatches(/q=75-09-2/);
  await list.count.waitFor();
  // Tab to the first result link and open it.
  const first = await list.results.locator("tbody th a").first().innerText();
  for (let i = 0; i < 200 && (await page.evaluate(() => document.activeElement?.textContent)) !== first; i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: first }).waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === "H1");
  // The chart's data table is reachable: its scroll container takes focus.
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press("Tab");
    const inTable = await page.evaluate(() => !!document.activeElement?.querySelector?.("table.data-table"));
    if (inTable) break;
  }
  assert.ok(await page.evaluate(() => !!document.activeElement?.querySelector?.("table.data-table")), "a chart's data table is reached by Tab");
});

/** Presses Tab until the focused element has this id (or gives up). */
async function tabTo(page, id, max = 200) {
  for (let i = 0; i < max && (await page.evaluate(() => document.activeElement?.id)) !== id; i++) await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), id, `Tab reaches #${id}`);
}

test("with the keyboard only: take a quiz and file a report", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("learn/pfas?lang=en"));
  const quiz = page.getByRole("region", { name: "Check yourself" });
  await quiz.waitFor();
  // Tab to the first answer of the first question, choose it with Space, then send with Enter.
  for (let i = 0; i < 300 && (await page.evaluate(() => document.activeElement?.type)) !== "radio"; i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  for (let i = 0; i < 300 && (await page.evaluate(() => document.activeElement?.type)) !== "submit"; i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  // One answer of several: the quiz names the blanks; the keyboard then asks for the answers anyway.
  await quiz.getByRole("status").filter({ hasText: "are not answered yet" }).waitFor();
  for (let i = 0; i < 50 && (await page.evaluate(() => document.activeElement?.textContent)) !== "Show the answers anyway"; i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await quiz.locator(".feedback").first().waitFor();
  assert.match(await quiz.locator(".feedback").first().innerText(), /(Correct|Not quite)\./);

  const form = await ReportForm.open(ctx, page, "?lang=en");
  await form.districtsLoaded();
  await tabTo(page, "category");
  await page.keyboard.press("Space");
  await tabTo(page, "source_description");
  await page.keyboard.type("An outfall under the bridge on Sample Road");
  await tabTo(page, "district_code");
  await page.keyboard.press("ArrowDown");
  await tabTo(page, "description");
  await page.keyboard.type("Dark water with a strong solvent smell flowed from the outfall for half an hour.");
  for (let i = 0; i < 300 && !/Continue/.test(await page.evaluate(() => document.activeElement?.textContent ?? "")); i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await form.reviewHeading.waitFor();
  for (let i = 0; i < 50 && (await page.evaluate(() => document.activeElement?.textContent)) !== "Send the report"; i++) await page.keyboard.press("Tab");
  const { receipt } = await form.sent(() => page.keyboard.press("Enter"));
  assert.match(receipt, /^\d{4} \d{4} \d{4} \d{4}$/);
});
