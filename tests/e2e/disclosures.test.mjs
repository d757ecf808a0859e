// The disclosure browser: a resident's path and a reporter's path, by role and accessible name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCsv } from "./csv.mjs";
import { paintedColours, useE2E } from "./harness.mjs";
import { EnterprisePage } from "./pages/enterprise.mjs";
import { DisclosuresPage } from "./pages/list.mjs";

const ctx = useE2E();

test("a resident searches for 二氯甲烷, filters by district, opens an enterprise and reads a value against its limit", async () => {
  const page = await ctx.newPage();
  const list = await DisclosuresPage.open(ctx, page);
  await list.search.fill("二氯甲烷");
  await list.urlMatches(/q=%E4%BA%8C%E6%B0%AF%E7%94%B2%E7%83%B7/);
  const before = await list.countValue();
  assert.ok(before > 0, "the search finds enterprises");

  // Filter by a district: the facet's own count says how many rows will remain.
  const districts = list.facet("区县");
  const guannan = districts.getByRole("checkbox", { name: /灌南县/ });
  const label = await districts.locator("label", { hasText: "灌南县" }).innerText();
  const expected = Number(label.match(/\((\d+)\)/)[1]);
  await guannan.check();
  await list.urlMatches(/district=320724/);
  await list.count.filter({ hasText: `共 ${expected} 家企业` }).waitFor();
  const names = await list.resultNames();
  assert.equal(names.length, Math.min(expected, 50));

  // Open the first enterprise.
  await page.getByRole("link", { name: names[0] }).click();
  const enterprise = new EnterprisePage(page);
  await enterprise.heading(names[0]).waitFor();
  await page.getByRole("note").filter({ hasText: "示例数据" }).first().waitFor();
  const dcm = enterprise.reading("二氯甲烷");
  await dcm.waitFor();
  const text = await dcm.innerText();
  assert.match(text, /mg\/(L|m³)/, "the value carries its unit");
  assert.match(text, /达标|超标|未检出|无适用限值/, "the result is said in words");
  assert.match(text, /GB \d+/, "the limit names its standard");

  // The charts are painted and each has its data table.
  const chart = enterprise.chart(/年均浓度/);
  await chart.waitFor();
  const colours = await paintedColours(chart, { step: 29, channels: 3 });
  assert.ok(colours > 3, "the concentration chart is painted");
  await page.getByRole("table", { name: /图表数据.*年均浓度/ }).waitFor();
  assert.deepEqual(page.consoleErrors, []);
});

test("a reporter exports the view and the CSV rows are the rows on screen", async () => {
  const page = await ctx.newPage({ acceptDownloads: true });
  const list = await DisclosuresPage.open(ctx, page, "?q=75-09-2&district=320724&lang=en");
  await list.count.waitFor();
  const onScreen = await list.resultNames();
  assert.ok(onScreen.length > 0 && onScreen.length < 50, "one page of results");

  const csv = await list.exportFile("CSV");
  assert.equal(csv.text.charCodeAt(0), 0xfeff, "UTF-8 with a BOM for Excel");
  const rows = parseCsv(csv.text.slice(1));
  assert.equal(rows[0][1], "Enterprise", "the header is the first line");
  assert.ok(rows.every((r) => r.length === rows[0].length), "one rectangular table");
  const exported = rows.slice(1).map((r) => r[1]);
  assert.deepEqual(exported, onScreen);

  // The provenance is in the data description beside the CSV, which names the CSV's file.
  const latest = await ctx.latest();
  const descriptor = await list.exportFile("descriptor");
  assert.equal(descriptor.name, csv.name.replace(/\.csv$/, ".datapackage.json"));
  const pkg = JSON.parse(descriptor.text);
  assert.equal(pkg.resources[0].path, csv.name);
  assert.equal(pkg.version, latest.version);
  assert.equal(pkg.provenance.filters, "q=75-09-2&district=320724");
  assert.match(pkg.provenance.source, /Sample data/);
  assert.equal(pkg.licenses[0].name, "CC-BY-4.0");
  assert.match(pkg.homepage, new RegExp(`[?&]v=${latest.version}`), "the permanent link pins the feed version");
  assert.deepEqual(pkg.resources[0].schema.fields.map((f) => f.name), rows[0]);

  const json = JSON.parse(await list.export("JSON"));
  assert.equal(json.provenance.feed_version, latest.version);
  assert.equal(json.provenance.licence.name, "CC-BY-4.0");
  assert.equal(json.count, onScreen.length);
});

test("reloading the link shows the same view, and switching to English shows it translated", async () => {
  const page = await ctx.newPage();
  const list = await DisclosuresPage.open(ctx, page);
  await list.search.fill("PFOS");
  await list.facet("发现的问题").getByRole("checkbox", { name: /使用或排放已禁止使用的物质/ }).check();
  await list.urlMatches(/flag=banned/);
  await list.sort.selectOption("exceedances");
  await list.urlMatches(/sort=exceedances/);
  const names = await list.resultNames();
  assert.ok(names.length > 0);
  const url = page.url();

  await page.reload();
  await list.heading.waitFor();
  await list.results.waitFor();
  assert.equal(page.url(), url);
  assert.deepEqual(await list.resultNames(), names);
  assert.equal(await list.search.inputValue(), "PFOS");
  assert.ok(await page.getByRole("checkbox", { name: /使用或排放已禁止使用的物质/ }).isChecked());

  await page.getByRole("link", { name: "切换到英文" }).click();
  const inEnglish = new DisclosuresPage(page, "en");
  await inEnglish.heading.waitFor();
  await inEnglish.urlMatches(/lang=en/);
  assert.match(page.url(), /flag=banned/);
  assert.ok(await page.getByRole("checkbox", { name: /Used or discharged a banned substance/ }).isChecked());
  const english = await inEnglish.resultNames();
  assert.equal(english.length, names.length);
  assert.ok(english.every((n) => /fictitious/.test(n)), "English names are shown");
});

test("each substance page shows its measures, what is banned today, and who discloses it", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("substances?lang=en"));
  await page.getByRole("heading", { level: 1, name: "Key-controlled new pollutants" }).waitFor();
  await page.getByRole("link", { name: /Dichloromethane/ }).waitFor();
  const list = page.getByRole("list").filter({ has: page.getByRole("link", { name: /Dichloromethane/ }) });
  assert.equal(await list.getByRole("listitem").count(), 14);
  await page.getByRole("link", { name: /Dichloromethane/ }).click();
  await page.getByRole("heading", { level: 1, name: /List entry 10/ }).waitFor();
  await page.getByText(/does not ban all use/).waitFor();
  await page.getByRole("heading", { name: "Control measures" }).waitFor();
  await page.getByRole("heading", { name: "Enterprises disclosing use or discharge" }).waitFor();
  await page.getByRole("img", { name: "Citywide annual discharge and use" }).waitFor();
  await page.goto(ctx.at("substances/4?lang=en"));
  await page.getByText(/As of today, use of this substance is banned/).waitFor();
});

test("the enterprise page offers citations with a permanent link that carries the feed version", async () => {
  const latest = await ctx.latest();
  const page = await ctx.newPage();
  const { cite } = await EnterprisePage.open(ctx, page, "e00002", "?year=2024&lang=en");
  await cite.waitFor();
  const text = await cite.innerText();
  assert.match(text, new RegExp(`v=${latest.version}`));
  assert.match(text, /\[EB\/OL\]/);
  assert.match(text, /reporting year 2024/);
  assert.match(text, /sample data/);
});

test("the overview draws the schematic map with a list of the same content below it", async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.at("overview?lang=en"));
  await page.getByRole("heading", { level: 1, name: "Citywide overview" }).waitFor();
  const map = page.getByRole("img", { name: /Schematic map/ });
  await map.waitFor();
  await page.getByText(/Schematic: coordinates are approximate/).waitFor();
  const districts = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Enterprises" }) });
  await districts.waitFor();
  assert.equal(await districts.locator("tbody tr").count(), 6);
  // The counts in the list add up to every enterprise in the feed.
  const counts = await districts.locator("tbody tr td:nth-child(2)").allInnerTexts();
  const index = await ctx.feedJson("index.json");
  assert.equal(counts.reduce((a, b) => a + Number(b), 0), index.enterprises.length);
  assert.deepEqual(page.consoleErrors, []);
});

test("two enterprises are compared side by side, and a followed one is listed on the watch page", async () => {
  const page = await ctx.newPage();
  const first = await EnterprisePage.open(ctx, page, "e00001", "?lang=en");
  await first.compareButton.click();
  await first.follow();
  const second = await EnterprisePage.open(ctx, page, "e00002", "?lang=en");
  await second.compareButton.click();
  await page.getByRole("link", { name: /Compare the selected enterprises \(2\)/ }).click();
  await page.getByRole("heading", { level: 1, name: "Compare enterprises" }).waitFor();
  const table = page.getByRole("table").first();
  await table.getByRole("columnheader").nth(1).waitFor();
  assert.equal(await table.locator("thead th").count(), 2);
  await page.getByRole("img", { name: /by enterprise/ }).waitFor();
  const chartTable = page.getByRole("table", { name: /by enterprise/ });
  assert.equal(await chartTable.locator("thead th").count(), 3, "year column plus one column per enterprise");

  await page.goto(ctx.at("watch?lang=en"));
  await page.getByRole("heading", { level: 1, name: "Enterprises I follow" }).waitFor();
  await page.getByRole("article").getByText("No change since you last looked.").waitFor();
  assert.equal(await page.getByRole("article").count(), 1);
});
