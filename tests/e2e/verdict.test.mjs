// A verdict first: a resident on a phone follows a flagged plant from the list and reads the
// flagged year's answer on the first screen; a journalist downloads the long export of the
// readings and finds the rows shown on screen in it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseCsv } from "./csv.mjs";
import { useE2E } from "./harness.mjs";
import { DisclosuresPage } from "./pages/list.mjs";
import { EnterprisePage } from "./pages/enterprise.mjs";

const ctx = useE2E();
const PHONE = { width: 360, height: 740 };

test("at 360 × 740 a resident follows a flagged plant in 灌南县 and reads the flagged year's verdict on the first screen", async () => {
  const page = await ctx.newPage({ viewport: PHONE });
  const list = await DisclosuresPage.open(ctx, page);
  await list.results.waitFor();
  await page.getByRole("button", { name: /^筛选/ }).click();
  await list.facet("区县").getByRole("checkbox", { name: /灌南县/ }).check();
  await list.urlMatches(/district=320724/);
  await list.facet("发现的问题").getByRole("checkbox", { name: /有超标记录/ }).check();
  await list.urlMatches(/flag=exceeded/);
  await page.getByRole("button", { name: /^显示结果/ }).click();

  // The first flagged row: its badge names the years, its link opens the most recent one.
  const row = list.results.getByRole("row").filter({ hasText: "有超标记录" }).first();
  const badge = await row.getByText(/有超标记录 \(/).innerText();
  const flagged = Math.max(...badge.match(/\d{4}/g).map(Number));
  const link = row.getByRole("rowheader").getByRole("link");
  const name = await link.innerText();
  await link.click();
  await list.urlMatches(new RegExp(`/enterprises/e\\d+\\?year=${flagged}`));

  const enterprise = new EnterprisePage(page);
  await enterprise.heading(name).waitFor();
  const verdict = page.getByRole("region", { name: "结论" });
  const answer = verdict.getByRole("listitem").filter({ hasText: `${flagged}年：` });
  await answer.waitFor();
  const text = await answer.innerText();
  assert.match(text, /超标/, text);
  assert.doesNotMatch(text, /\d%/, "a share of the limit is never a bare percentage");
  const box = await answer.boundingBox();
  assert.ok(box.y < PHONE.height, `the flagged year's verdict starts on the first screen (top ${box.y})`);
  assert.ok(box.y + Math.min(box.height, 120) <= PHONE.height, `and its first lines are on it (bottom ${box.y + box.height})`);

  // It links to the row behind it, which says the same.
  const see = answer.getByRole("link", { name: `查看数据（${flagged}年）` });
  const anchor = (await see.getAttribute("href")).split("#")[1];
  assert.match(anchor, new RegExp(`^reading-${flagged}-\\d+$`), "it links to a row of that year");
  await see.click();
  await list.urlMatches(new RegExp(`#${anchor}$`));
  const target = page.locator(`tr#${anchor}`);
  await target.waitFor();
  const rowText = await target.innerText();
  assert.match(rowText, /超标|数据矛盾/, rowText);
  const exceedances = Number(await target.getByRole("cell").nth(4).innerText());
  const result = await target.getByRole("cell").nth(3).innerText();
  if (exceedances > 0) assert.match(result, /^✖ 超标：全年超标\d+次/, "a counted exceedance is never 达标");
  assert.doesNotMatch(result, /达标/);
  assert.doesNotMatch(result, /\d%/);
  const rowBox = await target.boundingBox();
  const viewport = await page.evaluate(() => ({ top: 0, bottom: innerHeight }));
  assert.ok(rowBox.y < viewport.bottom && rowBox.y + rowBox.height > viewport.top, "the row is scrolled into view");

  // The page at its plain address (prerendered, before any wasm) answers for the flagged year too.
  const id = new URL(page.url()).pathname.split("/").pop();
  const html = await (await ctx.fetch(`enterprises/${id}`)).text();
  assert.ok(html.includes(`${flagged}年：`), "the prerendered page carries the flagged year's verdict");
  assert.match(html, /限值的[\d.]+倍/);
  assert.deepEqual(page.consoleErrors, []);
});

test("at 1280 px a journalist downloads the long export of an enterprise's readings and its rows are the rows on screen", async () => {
  const index = await ctx.feedJson("index.json");
  const flagged = index.enterprises.find((e) => e.x.length > 0 && e.y.includes(e.x[e.x.length - 1]));
  assert.ok(flagged, "the sample has a flagged enterprise");
  const year = flagged.x[flagged.x.length - 1];
  const page = await ctx.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const enterprise = await EnterprisePage.open(ctx, page, flagged.id, `?year=${year}&lang=en`);
  await enterprise.heading(flagged.ne).waitFor();
  await enterprise.readings.waitFor();
  await page.getByRole("region", { name: "The answer" }).getByRole("listitem").filter({ hasText: `${year}: ` }).waitFor();

  const save = async (name) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
  };
  const csv = await save("Download the monitoring data (CSV)");
  assert.equal(csv.text.charCodeAt(0), 0xfeff, "UTF-8 with a BOM");
  const rows = parseCsv(csv.text.slice(1));
  const header = rows[0];
  assert.ok(rows.every((r) => r.length === header.length), "one rectangular table");
  const col = (title) => {
    const i = header.indexOf(title);
    assert.ok(i >= 0, `a column ${title}`);
    return i;
  };
  const [cYear, cOutlet, cSubstance, cValue, cLimit, cShare, cVerdict, cExceed] =
    ["Year", "Outlet", "Substance", "Concentration", "Limit", "Share of the limit", "Verdict", "Exceedances"].map(col);

  // Every reading row on screen (the selected year) has its row in the export, with the same figures.
  const screenRows = enterprise.readings.locator("tbody tr");
  const n = await screenRows.count();
  assert.ok(n > 0);
  const inYear = rows.slice(1).filter((r) => Number(r[cYear]) === year);
  assert.equal(inYear.length, n, "one exported row per reading on screen");
  let exceeded = 0;
  for (let i = 0; i < n; i++) {
    const tr = screenRows.nth(i);
    const outlet = (await tr.getByRole("rowheader").innerText()).split(" ")[0];
    const substance = await tr.locator("td.substance .name").innerText();
    const cells = tr.getByRole("cell");
    const value = await cells.nth(1).innerText();
    const result = await cells.nth(3).innerText();
    const exceedances = await cells.nth(4).innerText();
    const r = inYear[i];
    assert.equal(r[cOutlet], outlet, `row ${i + 1}: outlet`);
    assert.equal(r[cSubstance], substance, `row ${i + 1}: the full name`);
    assert.equal(r[cExceed], exceedances, `row ${i + 1}: exceedances`);
    if (r[cValue] !== "") {
      const shown = Number(value.split(" ")[0]);
      assert.ok(Math.abs(shown - Number(r[cValue])) <= Math.abs(Number(r[cValue])) * 1e-3, `row ${i + 1}: ${value} vs ${r[cValue]}`);
    } else {
      assert.match(value, /Not detected/);
    }
    if (r[cVerdict] === "Exceeds the limit") {
      exceeded++;
      assert.match(result, /^✖ Exceeded/, `row ${i + 1}: ${result}`);
    }
    if (r[cShare] !== "") {
      const share = Number(r[cShare]);
      const shown = result.match(/([\d.]+) × the limit/);
      assert.ok(shown, `row ${i + 1}: the share reads "× the limit": ${result}`);
      assert.ok(Math.abs(Number(shown[1]) - share) <= share * 0.06 + 0.001, `row ${i + 1}: ${shown[1]} vs ${share}`);
      assert.ok(r[cLimit] !== "");
    }
  }
  assert.ok(exceeded > 0, "the flagged year exports an exceedance");

  const latest = await ctx.latest();
  const descriptor = await save("Data description (datapackage.json)");
  const pkg = JSON.parse(descriptor.text);
  assert.equal(pkg.resources[0].path, csv.name);
  assert.deepEqual(pkg.resources[0].schema.fields.map((f) => f.name), header);
  assert.match(pkg.homepage, new RegExp(`[?&]v=${latest.version}`), "the permanent link carries v=");
  assert.equal(pkg.version, latest.version);
  assert.deepEqual(page.consoleErrors, []);
});
