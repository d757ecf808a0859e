// Readable before, and without, the wasm: every public route is prerendered from the app's own
// components (app/src/bin/prerender.rs) with its own title, description and Open Graph tags, and
// the app then takes the page over without a visible change (app/src/takeover.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useE2E } from "./harness.mjs";

const ctx = useE2E();

/** Every prerendered route (portal_core::page::public_routes), from the feed the service serves. */
async function publicRoutes() {
  const [index, reference, content] = await Promise.all([
    ctx.feedJson("index.json"),
    ctx.feedJson("reference.json"),
    ctx.feedJson("content/index.json"),
  ]);
  return [
    "/", "/disclosures", "/overview", "/substances", "/learn", "/glossary", "/plan", "/about", "/report",
    ...index.enterprises.map((e) => `/enterprises/${e.id}`),
    ...reference.substances.entries.map((e) => `/substances/${e.entry}`),
    ...content.explainers.map((e) => `/learn/${e.id}`),
    ...content.lessons.map((l) => `/learn/lessons/${l.level}`),
  ];
}

/** What a page without JavaScript shows: its heading, head tags and the parts tests look for. */
function readPage(page) {
  return page.evaluate(() => {
    const meta = (sel) => document.querySelector(sel)?.getAttribute("content") ?? null;
    const main = document.querySelector("main");
    return {
      lang: document.documentElement.lang,
      title: document.title,
      description: meta('meta[name="description"]'),
      ogTitle: meta('meta[property="og:title"]'),
      ogDescription: meta('meta[property="og:description"]'),
      ogUrl: meta('meta[property="og:url"]'),
      h1: main?.querySelector("h1")?.textContent.trim() ?? "",
      loading: document.querySelectorAll(".loading, .feed-error").length,
      tables: main?.querySelectorAll("table").length ?? 0,
      charts: main?.querySelectorAll("figure.chart").length ?? 0,
      svgCharts: main?.querySelectorAll("figure.chart .chart-drawing:has(svg.narrow):has(svg.wide)").length ?? 0,
      // The text a reader sees, outside the charts' drawings (their labels are pixels on the
      // live page's canvas, text in the prerendered SVG).
      text: [...(main?.querySelectorAll(".chart-drawing") ?? [])].reduce((t, d) => t.replace(d.innerText, ""), main?.innerText ?? ""),
    };
  });
}

test("with JavaScript off, every public route in both languages shows its heading, figures and tables", async () => {
  const routes = await publicRoutes();
  const index = await ctx.feedJson("index.json");
  const names = new Map(index.enterprises.map((e) => [`/enterprises/${e.id}`, e]));
  const page = await ctx.newPage({ javaScriptEnabled: false });
  let checked = 0;
  for (const route of routes) {
    for (const lang of ["zh", "en"]) {
      const url = lang === "en" ? `${route}?lang=en` : route;
      const response = await page.goto(ctx.at(url));
      assert.equal(response.status(), 200, url);
      const p = await readPage(page);
      assert.equal(p.lang, lang === "en" ? "en" : "zh-CN", url);
      assert.ok(p.h1.length > 0, `${url}: a heading`);
      assert.equal(p.loading, 0, `${url}: nothing left loading, no error`);
      assert.ok(p.title && p.description && p.ogTitle && p.ogDescription && p.ogUrl?.endsWith(url), `${url}: head tags ${JSON.stringify(p)}`);
      assert.equal(p.ogTitle, p.title, url);
      // Every chart is there as a drawing and as its data table.
      assert.equal(p.svgCharts, p.charts, `${url}: charts drawn as SVG`);
      const e = names.get(route);
      if (e) {
        const name = lang === "en" ? e.ne : e.nz;
        assert.equal(p.h1, name, url);
        assert.ok(p.title.startsWith(name) && p.ogTitle.startsWith(name), `${url}: the title names the enterprise`);
        assert.ok(p.tables > 0, `${url}: the readings' tables`);
        if (e.x.length > 0) {
          const exceeded = lang === "en" ? "Exceeded a limit" : "有超标记录";
          assert.ok(p.ogDescription.includes(exceeded), `${url}: the description says it exceeded a limit: ${p.ogDescription}`);
        }
      }
      checked += 1;
    }
  }
  assert.ok(checked >= 2 * 30, `checked ${checked} pages`);
});

test("the key figures are in the prerendered pages: the list, an exceedance, the overview and the report form's hotline", async () => {
  const page = await ctx.newPage({ javaScriptEnabled: false });
  const index = await ctx.feedJson("index.json");

  await page.goto(ctx.at("disclosures?lang=en"));
  const list = await readPage(page);
  // The first, unfiltered page of the list names its first enterprises, with the total.
  const first = index.enterprises.map((e) => e.ne).sort()[0];
  assert.ok(list.text.includes(String(index.enterprises.length)), "the list's total");
  assert.ok(list.tables > 0 || list.text.includes(first), "the list's results");

  await page.goto(ctx.at("enterprises/e00118?lang=en"));
  const e = await readPage(page);
  assert.match(e.text, /exceed|above/i, "e00118's page says a value was above its limit");

  await page.goto(ctx.at("overview"));
  const overview = await readPage(page);
  assert.ok(overview.charts > 0 && overview.tables > 0, "the overview's figures and tables");

  await page.goto(ctx.at("report"));
  const report = await readPage(page);
  assert.ok(report.text.includes("12369"), "the hotline");
  assert.ok(report.text.includes("JavaScript"), "says that sending needs JavaScript");
});

test("the app takes a prerendered page over with the same text and no layout shift", async (t) => {
  for (const route of ["enterprises/e00118?lang=en", "overview", "learn/pfas", "disclosures"]) {
    // Both at a phone's size: the text shown depends on the layout (a phone's list keeps its
    // filters in a closed panel).
    const plain = await ctx.newPage({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    await plain.goto(ctx.at(route));
    const before = (await readPage(plain)).text;

    const page = await ctx.newPage({ viewport: { width: 360, height: 740 } });
    await page.addInitScript(() => {
      window.__shifts = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(ctx.at(route));
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "live", route);
    assert.equal(await page.locator("#prerendered").count(), 0, `${route}: the prerendered markup is gone`);
    const after = (await readPage(page)).text;
    // The live page writes its permanent links with the address it was opened at; the
    // prerendered page (built without a --site-url) with the path alone.
    const words = (s) => s.replaceAll(new URL(ctx.url).origin, "").replace(/\s+/g, " ").trim();
    assert.equal(words(after), words(before), `${route}: the same text before and after the app takes over`);
    const cls = await page.evaluate(() => window.__shifts);
    t.diagnostic(`${route}: cumulative layout shift ${cls.toFixed(4)} at 360 px`);
    assert.ok(cls <= 0.02, `${route}: cumulative layout shift ${cls}`);
    assert.deepEqual(page.consoleErrors, [], route);
  }
});

// A link pinned to an older version (`?v=`) on a prerendered route: permalink.test.mjs opens
// /disclosures?…&v=<old> and finds the old version's figures once the app has taken over.
