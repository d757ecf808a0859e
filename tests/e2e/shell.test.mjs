// The first vertical slice: shell, languages, feed version, chart, and the broken-feed path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { paintedColours, useE2E } from "./harness.mjs";

const ctx = useE2E();

test("the home heading is visible in Chinese, then in English after switching", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.url);
  const zh = page.getByRole("heading", { level: 1, name: "连云港新污染物信息公开" });
  await zh.waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");

  await page.getByRole("link", { name: "切换到英文" }).click();
  const en = page.getByRole("heading", { level: 1, name: "New pollutants in Lianyungang: public information" });
  await en.waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  assert.match(page.url(), /lang=en/);
  assert.match(await page.title(), /Lianyungang New Pollutants Information Portal/);
  assert.deepEqual(page.consoleErrors, []);
});

test("the language choice is remembered when the reader comes back without a language in the URL", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("?lang=en"));
  await page.getByRole("heading", { level: 1, name: "New pollutants in Lianyungang: public information" }).waitFor();
  await page.goto(ctx.url);
  await page.getByRole("heading", { level: 1, name: "New pollutants in Lianyungang: public information" }).waitFor();
  assert.match(page.url(), /lang=en/);
});

test("the footer shows the feed version, its date and that the data are a sample", async () => {
  const latest = await ctx.latest();
  const page = await ctx.newPage();
  await page.goto(ctx.url);
  const footer = page.getByRole("contentinfo");
  await footer.getByText(latest.version).waitFor();
  const text = await footer.innerText();
  assert.match(text, /数据版本/);
  assert.match(text, /示例数据/);
  assert.match(text, /\d{4}年\d{1,2}月\d{1,2}日/);
  // The page body says so too, wherever sample data is shown.
  await page.getByRole("note").filter({ hasText: "示例数据" }).waitFor();
});

test("the chart canvas is painted and its data table lists every year", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("?lang=en"));
  const canvas = page.getByRole("img", { name: "Enterprises disclosing, by reporting year" });
  await canvas.waitFor();
  const table = page.getByRole("table", { name: /Data behind the chart/ });
  await table.waitFor();
  const manifest = await ctx.feedJson("manifest.json");
  for (const year of manifest.years) {
    await table.getByRole("rowheader", { name: String(year) }).waitFor();
  }
  // Sample the canvas pixels: a painted chart has several distinct colours.
  const colours = await paintedColours(canvas, { step: 37, channels: 4 });
  assert.ok(colours > 3, `canvas looks blank: ${colours} distinct colours`);
});

test("on a phone a chart is drawn at the size it is shown, sharp at the screen's density, and redrawn when turned", async () => {
  const page = await ctx.newPage({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2 });
  await page.goto(ctx.at("?lang=en"));
  const canvas = page.getByRole("img", { name: "Enterprises disclosing, by reporting year" });
  await canvas.waitFor();
  const size = () => canvas.evaluate((c) => ({ shown: c.clientWidth, shownHeight: c.clientHeight, drawn: c.width, drawnHeight: c.height }));
  const narrow = await size();
  assert.ok(narrow.shown < 360, `shown ${narrow.shown} px wide`);
  // Drawn in CSS pixels at twice the density: text keeps its size instead of a 720 px drawing
  // being shrunk to the phone's width.
  assert.ok(Math.abs(narrow.drawn - 2 * narrow.shown) <= 2, JSON.stringify(narrow));
  assert.ok(narrow.shownHeight >= 299, `tall enough for its plot: ${JSON.stringify(narrow)}`);
  await page.setViewportSize({ width: 640, height: 360 });
  await page.waitForFunction(() => {
    const c = document.querySelector("canvas");
    return Math.abs(c.width - 2 * c.clientWidth) <= 2 && c.clientWidth > 360;
  });
  // In the elderly-friendly mode the chart is drawn 1.3 times larger (its text too).
  const scale = () => canvas.evaluate((c) => c.getContext("2d").getTransform().a);
  assert.equal(await scale(), 2);
  await page.getByRole("button", { name: "Large text, high contrast" }).click();
  await page.waitForFunction(() => Math.abs(document.querySelector("canvas").getContext("2d").getTransform().a - 2.6) < 1e-5);
});

test("a broken feed shows a translated error with a retry that works once the feed is back", async () => {
  const page = await ctx.newPage();
  let broken = true;
  // Serve an HTML page in place of latest.json, as a misconfigured server would.
  await page.route("**/feed/latest.json", (route) =>
    broken
      ? route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><p>not json</p>" })
      : route.continue(),
  );
  await page.goto(ctx.url);
  const alert = page.getByRole("alert");
  await alert.getByRole("heading", { name: "数据暂时无法加载" }).waitFor();
  await alert.getByText("服务器返回的不是数据文件（内容类型不符）。").waitFor();

  broken = false;
  await alert.getByRole("button", { name: "重试" }).click();
  await page.getByRole("img", { name: "按年度统计的披露企业数" }).waitFor();
  assert.equal(await page.getByRole("alert").count(), 0);
});

test("a server error on the feed is explained in English too", async () => {
  const page = await ctx.newPage();
  await page.route("**/feed/latest.json", (route) => route.fulfill({ status: 503, body: "down" }));
  await page.goto(ctx.at("?lang=en"));
  const alert = page.getByRole("alert");
  await alert.getByRole("heading", { name: "The data could not be loaded" }).waitFor();
  await alert.getByText("The server answered with an error status.").waitFor();
  await alert.getByRole("button", { name: "Try again" }).waitFor();
});

test("moving between sections puts focus on the new page's heading and updates the title", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("?lang=en"));
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Learn" }).click();
  const h1 = page.getByRole("heading", { level: 1, name: "Learn" });
  await h1.waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === "H1");
  assert.match(await page.title(), /^Learn – /);
  // The home page runs its own small wasm and the link loaded the whole app: one Back returns
  // to the home page.
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "New pollutants in Lianyungang: public information" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/");
});

test("when a newer feed version is published, an open page says so and offers to reload", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("?lang=en"));
  await page.getByRole("img", { name: "Enterprises disclosing, by reporting year" }).waitFor();
  const latest = await ctx.latest();
  await page.route("**/feed/latest.json", (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ ...latest, version: "fedcba987654" }) }),
  );
  // The page checks every few minutes and whenever the connection comes back.
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  const notice = page.getByRole("status").filter({ hasText: "A new version of the data has been published." });
  await notice.waitFor();
  await notice.getByText("fedcba987654").waitFor();
  await notice.getByRole("button", { name: "Load the new data" }).waitFor();
});

test("the about page explains the sources, versions, machine-readable files and privacy", async () => {
  const latest = await ctx.latest();
  const page = await ctx.newPage();
  await page.goto(ctx.at("about?lang=en"));
  await page.getByRole("heading", { level: 1, name: "About the data" }).waitFor();
  await page.getByRole("heading", { name: "Privacy" }).waitFor();
  const schema = page.getByRole("link", { name: `/feed/${latest.version}/schema/disclosure.schema.json` });
  await schema.waitFor();
  const res = await ctx.fetch(`feed/${latest.version}/schema/disclosure.schema.json`);
  assert.equal(res.status, 200);
});
