// Atom subscriptions from a reader's side: an enterprise page names its own feed and the feed of
// everything new for feed readers; after following the enterprise, /watch offers both feeds, and
// each link answers with Atom that names that enterprise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useE2E } from "./harness.mjs";
import { EnterprisePage } from "./pages/enterprise.mjs";

const ctx = useE2E();

test("a followed enterprise's feed is offered on its page and on /watch, and answers with Atom", async () => {
  const page = await ctx.newPage();
  const enterprise = await EnterprisePage.open(ctx, page, "e00002");
  const feeds = await page.locator('head link[rel="alternate"][type="application/atom+xml"]').evaluateAll((links) =>
    links.map((l) => l.getAttribute("href")),
  );
  assert.deepEqual(feeds, ["/feed/atom/enterprises/e00002.xml", "/feed/atom/all.xml"]);
  await enterprise.follow();

  await page.goto(ctx.at("watch"));
  const own = page.getByRole("link", { name: "订阅本企业的更新（Atom）" });
  const all = page.getByRole("link", { name: "全部新发布的信息（Atom）" });
  await own.waitFor();
  assert.equal(await own.getAttribute("href"), "/feed/atom/enterprises/e00002.xml");
  for (const href of [await own.getAttribute("href"), await all.getAttribute("href")]) {
    const response = await ctx.fetch(href);
    assert.equal(response.status, 200, href);
    assert.match(response.headers.get("content-type"), /^application\/atom\+xml/);
    const xml = await response.text();
    assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    if (href.includes("e00002")) assert.match(xml, /<link rel="alternate" type="text\/html" href="\/enterprises\/e00002\?year=\d{4}&amp;v=/);
  }
  assert.deepEqual(page.consoleErrors, []);
});
