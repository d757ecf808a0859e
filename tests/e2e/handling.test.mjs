// Report handling in public (举报办理情况): a resident reaches the figures from the report
// page on a phone and reads them without any report's text; the public list answers GeoReport
// v2 queries; the figures withhold counts below five.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useE2E } from "./harness.mjs";
import { VALID_REPORT, fileReport } from "./pages/report.mjs";

const ctx = useE2E();
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

test("a resident on a phone finds how reports are handled, with small counts withheld and no report's text", async () => {
  const { id } = await fileReport(ctx, await ctx.newPage(), VALID_REPORT);

  const page = await ctx.newPage(PHONE);
  await page.goto(ctx.at("report"));
  await page.getByRole("link", { name: "举报办理情况：收到多少、办得多快" }).click();
  await page.getByRole("heading", { level: 1, name: "举报办理情况" }).waitFor();
  const received = page.locator(".key-figures div").filter({ hasText: "收到的举报" });
  await received.waitFor();
  assert.equal(await received.locator("dd").innerText(), "< 5", "one report is below the threshold");
  const byCategory = page.getByRole("table", { name: "按举报类别" });
  await byCategory.getByRole("row").nth(1).waitFor();
  const cells = await byCategory.getByRole("row").nth(1).innerText();
  assert.match(cells, /< 5/);
  assert.doesNotMatch(cells, /\b1\b/, "the single report's count is not shown");
  const text = await page.locator("main").innerText();
  assert.ok(!text.includes(VALID_REPORT.description.slice(0, 8)), "no description on the public page");
  assert.ok(!text.includes(id), "no report id on the figures page");
  // The key figures fit the phone's width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);

  // The same page in English.
  await page.goto(ctx.at("report/handling?lang=en"));
  await page.getByRole("heading", { level: 1, name: "How reports are handled" }).waitFor();
  await page.getByRole("table", { name: "By category" }).waitFor();
  assert.equal(await page.locator(".key-figures div").filter({ hasText: "Reports received" }).locator("dd").innerText(), "< 5");
  assert.deepEqual(page.consoleErrors, []);
});

test("the public list answers GeoReport v2 queries with statuses only", async () => {
  const { id } = await fileReport(ctx, await ctx.newPage(), VALID_REPORT);
  const list = await ctx.json("api/open311/v2/requests.json?status=open");
  const entry = list.find((e) => e.service_request_id === id);
  assert.ok(entry, "the new report is listed");
  assert.deepEqual(Object.keys(entry).sort(), [
    "requested_datetime",
    "service_code",
    "service_request_id",
    "status",
    "status_detail",
    "updated_datetime",
  ]);
  assert.equal(entry.status, "open");
  assert.equal((await ctx.json("api/open311/v2/requests.json?status=closed")).length, 0);
  const bad = await ctx.fetch("api/open311/v2/requests.json?status=pending&lang=en");
  assert.equal(bad.status, 400);
  assert.equal((await bad.json())[0].field, "status");
  // The discovery document names the endpoint that lists them.
  const discovery = await ctx.json("api/open311/discovery.json");
  assert.ok(discovery.endpoints[0].url.endsWith("/api/open311/v2"));
});
