// Every reader: the elderly-friendly switch, a keyboard-only walk, and 200 % zoom.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the elderly-friendly mode enlarges text, is remembered, and shows lists instead of the map", async () => {
  const page = await newPage(browser);
  await page.goto(new URL("overview", server.url).href);
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
  await page.context().close();
});

test("at 200 % zoom (640 CSS px wide) with large text, no page scrolls sideways", async () => {
  const page = await newPage(browser, { viewport: { width: 640, height: 450 } });
  await page.goto(new URL("overview", server.url).href);
  await page.getByRole("button", { name: /长辈模式/ }).click();
  for (const route of ["/", "/disclosures", "/enterprises/e00002", "/overview", "/learn/pfas", "/report"]) {
    await page.goto(new URL(route.slice(1), server.url).href);
    await page.locator("main h1").waitFor();
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${route} scrolls sideways by ${overflow}px`);
  }
  await page.context().close();
});

test("with the keyboard only: skip to content, find an enterprise, read a chart's data table", async () => {
  const page = await newPage(browser);
  await page.goto(new URL("disclosures?lang=en", server.url).href);
  await page.getByRole("searchbox").waitFor();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to main content");
  await page.keyboard.press("Enter");
  // Tab to the search box and type.
  for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.id)) !== "search"; i++) await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "search");
  await page.keyboard.type("75-09-2");
  await page.getByRole("status").filter({ hasText: /enterprise/ }).waitFor();
  // Tab to the first result link and open it.
  const first = await page.locator("table tbody th a").first().innerText();
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
  await page.context().close();
});
