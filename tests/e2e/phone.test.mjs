// Designed for the phone: at 360 × 740 the list shows its first enterprise on the first screen,
// filters open in a panel and show as removable tags, paging moves to the new results; and on
// every route, at every width from 320 to 1920 px, in both languages, no text is squeezed into a
// column of single characters (measured from the line boxes, as ../shared/tools/look.mjs does).
import { test } from "node:test";
import assert from "node:assert/strict";
import { settled, untilInPage, useE2E } from "./harness.mjs";
import { DisclosuresPage } from "./pages/list.mjs";
import { ROUTES } from "./routes.mjs";

const ctx = useE2E();
const PHONE = { width: 360, height: 740 };

/**
 * The text nodes in `main` of three or more characters laid out at 1.5 characters a line or
 * fewer (one line box per distinct top, from Range.getClientRects).
 */
function squeezedText(page) {
  return page.evaluate(() => {
    const found = [];
    const root = document.querySelector("main") || document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      const chars = [...text].length;
      if (chars < 3) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size >= 2 && chars / lines.size <= 1.5) found.push(text.slice(0, 24));
    }
    return found;
  });
}

for (const lang of ["zh", "en"]) {
  test(`at 360 × 740 the first enterprise is on the first screen, under a header of at most 120 px (${lang})`, async () => {
    const page = await ctx.newPage({ viewport: PHONE });
    const list = await DisclosuresPage.open(ctx, page, lang === "en" ? "?lang=en" : "");
    const first = list.results.locator("tbody th a").first();
    await first.waitFor();
    const box = await first.boundingBox();
    assert.ok(box.y + box.height <= PHONE.height - 80, `the first enterprise's name ends at ${box.y + box.height} px`);
    // Not only its name: the first card's district is on the first screen too.
    const district = await list.results.locator("tbody tr").first().locator("td.district").boundingBox();
    assert.ok(district.y + district.height <= PHONE.height, `the first enterprise's district ends at ${district.y + district.height} px`);
    const header = await page.locator("header.site-header").boundingBox();
    assert.ok(header.height <= 120, `the header is ${header.height} px tall`);
    // The search box and the filter button come before the results; the checkboxes wait in the
    // closed panel.
    const search = await list.search.boundingBox();
    const button = page.getByRole("button", { name: lang === "en" ? "Filters" : "筛选", exact: true });
    const buttonBox = await button.boundingBox();
    assert.ok(search.y < buttonBox.y && buttonBox.y < box.y, "search, then the filter button, then the results");
    // (The results' own "对比" / "Compare" boxes, which pick plants for comparison, are not filters.)
    assert.ok((await page.getByRole("checkbox", { name: /^(对比|Compare) / }).count()) > 0, "results can be picked for comparison");
    assert.equal(await page.getByRole("checkbox", { name: /^(?!对比 |Compare )/ }).count(), 0, "no filter checkbox before the panel opens");
    // The elderly mode is one tap away (not in the menu).
    assert.ok(await page.getByRole("button", { name: lang === "en" ? "Large text" : "长辈模式" }).isVisible());
    assert.deepEqual(page.consoleErrors, []);
  });
}

test("at 360 × 740 a reader ticks filters in the panel, sees them as tags, and removes one from its tag", async () => {
  const page = await ctx.newPage({ viewport: PHONE });
  const list = await DisclosuresPage.open(ctx, page);
  await list.results.waitFor();
  const all = await list.countValue();

  const toggle = page.getByRole("button", { name: /^筛选/ });
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  await list.facet("区县").getByRole("checkbox", { name: /灌南县/ }).check();
  await list.urlMatches(/district=320724/);
  await list.facet("发现的问题").getByRole("checkbox", { name: /有超标记录/ }).check();
  await list.urlMatches(/flag=exceeded/);
  await page.getByRole("button", { name: "筛选 (2)" }).waitFor();
  // Closing the panel shows the results, with the filters as tags above them.
  await page.getByRole("button", { name: /^显示结果/ }).click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  const tags = page.getByRole("list", { name: "已选筛选条件" });
  await tags.getByRole("button", { name: "移除筛选条件：灌南县" }).waitFor();
  await tags.getByRole("button", { name: "移除筛选条件：有超标记录" }).waitFor();
  const both = await list.countValue();
  assert.ok(both > 0 && both < all, `灌南县 + 有超标记录 gives ${both} of ${all}`);
  const firstTagBox = await tags.boundingBox();
  assert.ok(firstTagBox.y + firstTagBox.height <= PHONE.height, "the tags are on screen");

  // Removing a tag removes that filter only, from the URL too, and focus goes to the results.
  await tags.getByRole("button", { name: "移除筛选条件：灌南县" }).click();
  await list.urlMatches(/flag=exceeded/);
  assert.doesNotMatch(page.url(), /district=/);
  await page.getByRole("button", { name: "筛选 (1)" }).waitFor();
  await untilInPage(page, () => document.activeElement?.id === "results");
  assert.ok((await list.countValue()) > both);
  assert.equal(await tags.getByRole("button").count(), 1);

  // Escape closes the panel and returns focus to its button.
  await toggle.click();
  await list.facet("区县").getByRole("checkbox", { name: /灌南县/ }).focus();
  await page.keyboard.press("Escape");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  await untilInPage(page, () => document.activeElement?.classList.contains("filter-toggle"));

  // An enterprise's "back to the list" returns to this view, filters and all.
  const filtered = page.url();
  await list.results.locator("tbody th a").first().click();
  await page.getByRole("link", { name: "返回企业列表" }).click();
  await list.urlMatches(/flag=exceeded/);
  assert.equal(page.url(), filtered);
  await tags.getByRole("button", { name: "移除筛选条件：有超标记录" }).waitFor();
  assert.deepEqual(page.consoleErrors, []);
});

test("a view with no match keeps its filters as tags, and the message names them", async () => {
  const page = await ctx.newPage({ viewport: PHONE });
  // In the sample no plant in 灌南县 exceeded a limit in 2022 (some did in other years).
  const list = await DisclosuresPage.open(ctx, page, "?district=320724&year=2022&flag=exceeded");
  await list.count.filter({ hasText: "共 0 家企业" }).waitFor();
  const message = await page.locator(".no-results").innerText();
  for (const name of ["灌南县", "2022", "有超标记录"]) assert.ok(message.includes(name), `the message names ${name}: ${message}`);
  const tags = page.getByRole("list", { name: "已选筛选条件" });
  await tags.getByRole("button", { name: "移除筛选条件：2022" }).click();
  await list.urlMatches(/district=320724/);
  assert.doesNotMatch(page.url(), /year=/);
  assert.ok((await list.countValue()) > 0, "without the year, something matches");
});

test("the next page moves focus and view to the top of the new results (360 × 740, English)", async () => {
  const page = await ctx.newPage({ viewport: PHONE });
  const list = await DisclosuresPage.open(ctx, page, "?lang=en");
  await list.results.waitFor();
  const firstOnPage1 = (await list.resultNames())[0];
  const next = page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Next page" });
  await next.scrollIntoViewIfNeeded();
  await next.click();
  await list.urlMatches(/page=2/);
  await untilInPage(page, () => document.activeElement?.id === "results");
  await untilInPage(page, () => {
    const top = document.getElementById("results").getBoundingClientRect().top;
    return top >= -1 && top < 200;
  });
  assert.notEqual((await list.resultNames())[0], firstOnPage1);
  // Wide screens keep the table: its header row is visible there, and not on the phone, where
  // each row is a card.
  assert.equal(await list.results.locator("thead").evaluate((t) => t.getBoundingClientRect().height <= 1), true);
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok((await list.results.locator("thead").boundingBox()).height > 20);
});

for (const lang of ["zh", "en"]) {
  test(`at 360 × 740 compare shows a card per enterprise, no table to scroll sideways, and a chart that fits (${lang})`, async () => {
    const page = await ctx.newPage({ viewport: PHONE });
    await page.goto(ctx.at(`compare?ids=e00001,e00002${lang === "en" ? "&lang=en" : ""}`));
    const cards = page.locator("main .compare-cards > li");
    await cards.first().waitFor();
    assert.equal(await cards.count(), 2);
    for (const card of await cards.all()) {
      const box = await card.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `a card runs from ${box.x} to ${box.x + box.width} px`);
      // The name links to the enterprise; the same eight figures as the table's rows.
      assert.ok((await card.getByRole("heading", { level: 2 }).getByRole("link").getAttribute("href")).includes("/enterprises/e0000"));
      assert.equal(await card.locator("dt").count(), 8);
      assert.ok((await card.locator("dd").first().innerText()).trim().length > 0, "the credit code is shown");
    }
    // The side-by-side table is for wider screens; nothing scrolls sideways.
    assert.equal(await page.locator("main .compare-wide").isVisible(), false);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling");
    // The chart is no wider than the screen (that its title wraps inside the canvas is checked
    // natively: crates/charts, a_title_wider_than_a_phone_wraps_inside_the_chart).
    const canvas = page.locator("main canvas").first();
    await canvas.waitFor();
    const canvasBox = await canvas.boundingBox();
    assert.ok(canvasBox.x >= 0 && canvasBox.x + canvasBox.width <= PHONE.width, "the chart fits the screen");
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.equal(await cards.first().isVisible(), false, "wide screens show the table instead");
    assert.ok(await page.locator("main .compare-wide table").isVisible());
    assert.deepEqual(page.consoleErrors, []);
  });
}

for (const lang of ["zh", "en"]) {
  test(`at 360 × 740 the data table under each chart is a card per row, led by the column names, with nothing to scroll sideways (${lang})`, async () => {
    const page = await ctx.newPage({ viewport: PHONE });
    for (const route of ["compare?ids=e00001,e00002", "overview", "enterprises/e00002", "substances/10"]) {
      await page.setViewportSize(PHONE);
      await page.goto(ctx.at(route + (lang === "en" ? `${route.includes("?") ? "&" : "?"}lang=en` : "")));
      const tables = page.locator("main figure.chart table.data-table");
      await tables.first().locator("tbody tr").first().waitFor();
      for (const table of await tables.all()) {
        const shape = await table.evaluate((t) => {
          const wrap = t.closest(".table-wrap");
          const heads = [...t.querySelectorAll("thead th")].map((th) => th.textContent.trim());
          const firstRow = t.querySelector("tbody tr");
          const cells = [...firstRow.querySelectorAll("td")].map((td) => getComputedStyle(td, "::before").content);
          return {
            sideways: wrap.scrollWidth - wrap.clientWidth,
            theadHeight: t.querySelector("thead").getBoundingClientRect().height,
            rowWidth: firstRow.getBoundingClientRect().right,
            heads,
            cells,
          };
        });
        const where = `${route}: ${shape.heads.join(" | ")}`;
        assert.ok(shape.sideways <= 1, `${where}: the table scrolls ${shape.sideways} px sideways`);
        assert.ok(shape.theadHeight <= 1, `${where}: the header row is for wide screens`);
        assert.ok(shape.rowWidth <= PHONE.width, `${where}: a card ends at ${shape.rowWidth} px`);
        // Each value is led by its column's name (the first column heads the card).
        assert.ok(shape.cells.length > 0, where);
        shape.cells.forEach((content, k) => assert.ok(content.includes(shape.heads[k + 1]), `${where}: cell ${k + 1} is led by ${content}`));
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      assert.ok((await tables.first().locator("thead").boundingBox()).height > 20, `${route}: wide screens keep the table`);
    }
    assert.deepEqual(page.consoleErrors, []);
  });
}

const WIDTHS = [320, 360, 768, 1280, 1920];
for (const lang of ["zh", "en"]) {
  test(`no text is squeezed into a column of single characters on any route at ${WIDTHS.join(", ")} px (${lang})`, async () => {
    const problems = [];
    for (const width of WIDTHS) {
      const page = await ctx.newPage({ viewport: { width, height: width < 600 ? 740 : 900 } });
      for (const route of ROUTES) {
        const sep = route.includes("?") ? "&" : "?";
        await page.goto(ctx.at(route + (lang === "en" ? `${sep}lang=en` : "")));
        await page.locator("main h1").waitFor();
        await settled(page);
        for (const text of await squeezedText(page)) problems.push(`${route} at ${width} px: ${text}`);
      }
      await page.context().close();
    }
    assert.deepEqual(problems, []);
  });
}

test("in the elderly mode, no text is squeezed at 360 px on the list, an enterprise, the overview and compare", async () => {
  const page = await ctx.newPage({ viewport: PHONE });
  await page.goto(ctx.at("disclosures"));
  await page.getByRole("button", { name: "长辈模式" }).click();
  const problems = [];
  for (const route of ["/disclosures", "/enterprises/e00002", "/overview", "/compare?ids=e00001,e00002", "/substances/10"]) {
    await page.goto(ctx.at(route));
    await page.locator("main h1").waitFor();
    await settled(page);
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains("elder")));
    for (const text of await squeezedText(page)) problems.push(`${route}: ${text}`);
  }
  assert.deepEqual(problems, []);
});
