// A permanent link pins a feed version: the numbers stay those of that version, and the page
// says when a newer version exists.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useE2E } from "./harness.mjs";
import { DisclosuresPage } from "./pages/list.mjs";

const OLD = "0123456789ab";
let site;

/** A copy of the built site with a second, older version whose first enterprise has another name. */
function siteWithOldVersion() {
  site = mkdtempSync(join(tmpdir(), "portal-site-"));
  cpSync(process.env.PORTAL_SITE_DIR ?? "dist", site, { recursive: true });
  const latest = JSON.parse(readFileSync(join(site, "feed/latest.json"), "utf8"));
  cpSync(join(site, "feed", latest.version), join(site, "feed", OLD), { recursive: true });
  const edit = (file, f) => {
    const p = join(site, "feed", OLD, file);
    writeFileSync(p, JSON.stringify(f(JSON.parse(readFileSync(p, "utf8")))));
  };
  edit("manifest.json", (m) => ({ ...m, version: OLD }));
  edit("index.json", (ix) => {
    ix.version = OLD;
    ix.enterprises[0].ne = "Old Name From The Pinned Version (fictitious)";
    return ix;
  });
  return site;
}

const ctx = useE2E({ site: siteWithOldVersion });
after(() => site && rmSync(site, { recursive: true, force: true }));

test("a link with an older version shows that version's figures and points to the newer one", async () => {
  const latest = await ctx.latest();
  const page = await ctx.newPage();
  const list = await DisclosuresPage.open(ctx, page, `?q=old%20name&lang=en&v=${OLD}`);
  const note = page.getByRole("note").filter({ hasText: "permanent link to a fixed data version" });
  await note.waitFor();
  assert.match(await note.innerText(), new RegExp(latest.version));
  await page.getByRole("link", { name: "Old Name From The Pinned Version (fictitious)" }).waitFor();

  await note.getByRole("link", { name: "View the latest data" }).click();
  await list.count.filter({ hasText: /^0 enterprises$/ }).waitFor();
  assert.match(page.url(), /q=old%20name/);
  assert.equal(await page.getByRole("link", { name: "Old Name From The Pinned Version (fictitious)" }).count(), 0);
  assert.equal(await page.getByRole("note").filter({ hasText: "permanent link" }).count(), 0);
});
