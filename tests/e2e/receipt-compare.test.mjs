// Receipts that survive and a compare that compares (issue #16, items 3 and 4), by role and
// accessible name: a resident on a 360 px phone files a report, reloads, copies the receipt, keeps
// it in "My reports" and follows its timeline; a journalist at 1280 px picks two plants of very
// different size on the list and compares them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { useE2E } from "./harness.mjs";
import { ReportForm, fileReport } from "./pages/report.mjs";

const ctx = useE2E();
const PHONE = { width: 360, height: 740 };

/** The bureau answers report `id` and moves it to `status`, as the `intake reply` tool does. */
function reply(id, text, status) {
  execFileSync(process.env.PORTAL_INTAKE_BIN, ["reply", "--data-dir", ctx.dataDir, "--id", id, "--text", text, "--status", status]);
}

test("a receipt survives a reload, is copied, kept in My reports and opens a status timeline", async () => {
  const page = await ctx.newPage({ viewport: PHONE, permissions: ["clipboard-read", "clipboard-write"] });
  const { id, receipt } = await fileReport(ctx, page);
  const form = new ReportForm(page);

  // A reload (WeChat reloads a page it brings back) shows the same receipt, not an empty form.
  await page.reload();
  await form.sentHeading.waitFor();
  assert.equal(await form.receipt.innerText(), receipt);
  assert.equal(await form.continueButton.count(), 0, "the form stays hidden behind the receipt");
  assert.ok(!page.url().includes(receipt.replace(/ /g, "")) && !page.url().includes(encodeURIComponent(receipt)), "never in the URL");
  assert.doesNotMatch(await page.locator("main").innerText(), /只显示这一次/, "no longer says the code is shown once");

  // Copy: the code lands on the clipboard, and a live region says so.
  await page.getByRole("button", { name: "复制回执码" }).click();
  await page.getByRole("status").filter({ hasText: "回执码已复制。" }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), receipt);

  // The card as an image to long-press, and as a download.
  const image = page.getByRole("img", { name: new RegExp(`回执图片.*${receipt}`) });
  await image.waitFor();
  const size = await image.evaluate((img) => [img.naturalWidth, img.naturalHeight]);
  assert.ok(size[0] >= 360 && size[1] > 100, `a drawn card, ${size}`);
  assert.match(await page.getByRole("link", { name: "下载回执图片" }).getAttribute("href"), /^data:image\/png;base64,/);

  // My reports: opt in on the receipt, then the status page lists it.
  await page.getByRole("checkbox", { name: /在本机保存“我的举报”列表/ }).check();
  reply(id, "已受理，正在安排现场核查。", "under_review");
  await page.getByRole("link", { name: "用回执码查询进展" }).click();
  await page.getByRole("heading", { level: 1, name: "查询举报进展" }).waitFor();
  const mine = page.getByRole("region", { name: "我的举报" });
  const open = mine.getByRole("button", { name: `查看进展 ${receipt}` });
  await open.waitFor();
  await open.click();

  // The status: local dates and a timeline with the reply in place.
  await page.getByRole("heading", { level: 2, name: "核查中" }).waitFor();
  const timeline = page.getByRole("list", { name: "办理进程" });
  const steps = timeline.locator(":scope > li");
  assert.equal(await steps.count(), 4);
  const texts = await steps.allInnerTexts();
  assert.match(texts[0], /^已收到 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d/);
  assert.match(texts[1], /^核查中 .*\n?.*已受理，正在安排现场核查。/s);
  assert.match(texts[2], /^已转办 尚未到达/);
  assert.match(texts[3], /^办结（查处或结案） 尚未到达/);
  assert.equal(await timeline.locator('[aria-current="step"]').count(), 1);
  assert.doesNotMatch(await page.locator("main").innerText(), /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/, "no raw timestamps");

  // Closing the receipt brings the form back, also after a reload; My reports can be cleared.
  await page.goto(ctx.at("report"));
  await page.getByRole("button", { name: "我已保存回执码，关闭回执" }).click();
  await form.continueButton.waitFor();
  await page.reload();
  await form.continueButton.waitFor();
  assert.equal(await form.sentHeading.count(), 0);
  await page.goto(ctx.at("report/status"));
  await mine.getByRole("button", { name: `查看进展 ${receipt}` }).waitFor();
  await page.getByRole("button", { name: "清除本机的“我的举报”列表" }).click();
  await page.getByRole("status").filter({ hasText: "已清除。" }).waitFor();
  assert.equal(await mine.getByRole("button", { name: /查看进展/ }).count(), 0);
  const kept = await page.evaluate(() => JSON.stringify(localStorage));
  assert.ok(!kept.includes(receipt), "nothing of the receipt is left on the device");
  assert.deepEqual(page.consoleErrors, []);
});

test("without the Clipboard API the copy button selects the code for a long-press copy", async () => {
  const page = await ctx.newPage({ viewport: PHONE });
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined }));
  const { receipt } = await fileReport(ctx, page, { query: "?lang=en" });
  await page.getByRole("button", { name: "Copy receipt code" }).click();
  await page.getByRole("status").filter({ hasText: "Receipt code selected" }).waitFor();
  assert.equal(await page.evaluate(() => String(getSelection()).trim()), receipt);
});

/** Pixels of a palette colour in the lower part of a canvas (below the legend, where bars stand). */
function colourPixelsLow(canvas, [r, g, b]) {
  return canvas.evaluate(
    (el, [r, g, b]) => {
      const c = el.getContext("2d");
      const top = Math.floor(el.height * 0.55);
      const data = c.getImageData(0, top, el.width, el.height - top).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12) n++;
      }
      return n;
    },
    [r, g, b],
  );
}

test("a journalist ticks two plants of very different size on the list and compares them, with export and citation", async () => {
  const page = await ctx.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // Tonnes a year beside grams a year (sample data: 1 473–23 804 kg/a and 0.005–0.1 kg/a).
  const big = "连云港示例栖桐化工有限公司（虚构）";
  const small = "连云港示例晟湾电镀1有限公司（虚构）";
  for (const name of [big, small]) {
    await page.goto(ctx.at(`disclosures?q=${encodeURIComponent(name)}`));
    const box = page.getByRole("checkbox", { name: `对比 ${name}` });
    await box.check();
    assert.ok(await box.isChecked());
  }
  const compareLink = page.getByRole("link", { name: "对比 (2)" }).first();
  await compareLink.click();
  await page.getByRole("heading", { level: 1, name: "企业比较" }).waitFor();
  const head = page.getByRole("table").first();
  await head.getByRole("columnheader", { name: big }).waitFor();
  await head.getByRole("columnheader", { name: small }).waitFor();
  // List entries are named in full, not only by number.
  assert.match(await head.innerText(), /清单第\d+项 · \S+/);

  // Both series are drawn: the log axis keeps the small plant's bars visible.
  await page.getByText("纵轴用对数坐标").waitFor();
  const canvas = page.locator("canvas").first();
  await canvas.waitFor();
  await page.waitForFunction(() => {
    const el = document.querySelector("canvas");
    return el && el.width > 0;
  });
  assert.ok((await colourPixelsLow(canvas, [0, 114, 178])) > 200, "the first plant's bars");
  assert.ok((await colourPixelsLow(canvas, [230, 159, 0])) > 200, "the second plant's bars");
  const data = page.getByRole("table", { name: /各企业/ });
  const header = await data.locator("thead th").allInnerTexts();
  assert.deepEqual(header.slice(1), [big, small]);

  // Export and citation carry the feed version.
  const { version } = await ctx.latest();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载对比数据（CSV）" }).click()]);
  const csv = (await (await download.createReadStream()).toArray()).join("");
  assert.match(csv, /企业编号,企业名称,报告年度/);
  assert.ok(csv.includes(big) && csv.includes(small), "both plants in the CSV");
  assert.ok(csv.includes(`v=${version}`));
  const cite = page.getByRole("region", { name: "引用这次对比" });
  assert.ok((await cite.innerText()).includes(`v=${version}`));
  assert.match(await cite.innerText(), /\[EB\/OL\]/);
  assert.deepEqual(page.consoleErrors, []);
});
