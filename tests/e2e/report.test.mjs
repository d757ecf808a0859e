// Violation reports in a real browser against the real intake service and SQLite file: file a
// report with a photo, keep a half-typed draft across a reload, queue a report while offline and
// send it when back online, and check the status with the receipt.
import { test } from "node:test";
import assert from "node:assert/strict";
import { until, useE2E } from "./harness.mjs";
import { DRAFT_KEY, QUEUE_KEY, RETURNED_KEY, ReportForm } from "./pages/report.mjs";

const ctx = useE2E();

/**
 * A real 16 × 16 JPEG (a gradient, as an encoder wrote it, without metadata): the intake decodes
 * every photo, so a photo must be a picture.
 */
const PICTURE = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDzux0Tp8tdJY6J0+WujsdE6fLXSWOidPkq8VmnmLIc521P/9k=",
  "base64",
);

/** [`PICTURE`] with an EXIF segment whose GPS is 34.6°N 119.2°E (big-endian TIFF). */
function jpegWithGps() {
  const be16 = (n) => [(n >> 8) & 255, n & 255];
  const be32 = (n) => [(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
  const entry = (tag, type, count, value) => [...be16(tag), ...be16(type), ...be32(count), ...value];
  // TIFF: header (8) + IFD0 with one entry (2 + 12 + 4 = 18) = GPS IFD at 26.
  const gpsIfd = 26;
  const gpsEntries = 4;
  const gpsSize = 2 + gpsEntries * 12 + 4;
  const latAt = gpsIfd + gpsSize;
  const lngAt = latAt + 24;
  const rational = (deg) => [...be32(deg), ...be32(1), ...be32(0), ...be32(1), ...be32(0), ...be32(1)];
  const tiff = [
    0x4d, 0x4d, 0, 42, ...be32(8),
    ...be16(1), ...entry(0x8825, 4, 1, be32(gpsIfd)), ...be32(0),
    ...be16(gpsEntries),
    ...entry(1, 2, 2, [0x4e, 0, 0, 0]),
    ...entry(2, 5, 3, be32(latAt)),
    ...entry(3, 2, 2, [0x45, 0, 0, 0]),
    ...entry(4, 5, 3, be32(lngAt)),
    ...be32(0),
    ...rational(34), ...rational(119),
  ];
  // Fix the seconds/minutes so that the point is 34.6 N, 119.2 E: 34°36' and 119°12'.
  tiff.splice(latAt + 8, 8, ...be32(36), ...be32(1));
  tiff.splice(lngAt + 8, 8, ...be32(12), ...be32(1));
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const app1 = [0xff, 0xe1, ...be16(exif.length + 2), ...exif];
  return Buffer.concat([PICTURE.subarray(0, 2), Buffer.from(app1), PICTURE.subarray(2)]);
}

/** The photos the service stored for report `id`, read through the staff API by a fresh triager. */
async function storedPhotos(id) {
  const staffFetch = await ctx.staffFetch(ctx.addStaff("triager"));
  const detail = await (await staffFetch(`api/staff/reports/${id}`)).json();
  return Promise.all(detail.photo_files.map(async (f) => Buffer.from(await (await staffFetch(f.url)).arrayBuffer())));
}

/** Waits until the device keeps exactly these photos for the draft ("00/photo-1.jpg", …). */
function photosKept(form, names) {
  const want = JSON.stringify(names);
  return until(async () => JSON.stringify(await form.storedDraftPhotos()) === want, { message: `the draft keeps ${want}` });
}

test("a resident files a report with a photo whose GPS fills the location and is stripped before upload", async () => {
  const page = await ctx.newPage();
  // Record the photo bytes exactly as the page hands them to fetch.
  await page.addInitScript(() => {
    const original = window.fetch;
    window.__photos = [];
    window.fetch = async (input, init) => {
      const body = init?.body instanceof FormData ? init.body : input instanceof Request && input.method === "POST" && input.url.endsWith("/requests.json") ? await input.clone().formData() : null;
      if (body) {
        for (const [name, value] of body.entries()) {
          if (name === "photo") window.__photos.push(Array.from(new Uint8Array(await value.arrayBuffer())));
        }
      }
      return original(input, init);
    };
  });
  const form = await ReportForm.open(ctx, page);
  // Emergency first, with tap-to-call links.
  await page.getByRole("link", { name: "拨打 12369" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "拨打 110" }).getAttribute("href"), "tel:110");

  // Validation first: the summary takes focus and links to the fields.
  await form.continueButton.click();
  const summary = page.getByRole("heading", { name: "请修改以下问题" });
  await summary.waitFor();
  await page.getByRole("link", { name: "请选择举报类别。" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.className), "error-summary");

  await form.fill();
  await form.useGps.check();
  await form.addPhoto("gps.jpg", jpegWithGps());
  await page.getByText(/photo-1\.jpg .*已去除元数据/).waitFor();
  await page.getByText(/34\.60000, 119\.20000/).waitFor();

  await form.review();
  const { id, receipt } = await form.send();
  assert.match(receipt, /^\d{4} \d{4} \d{4} \d{4}$/);
  const photos = (await page.evaluate(() => window.__photos)).map((p) => Buffer.from(p));
  assert.equal(photos.length, 1, "one photo was uploaded");
  assert.deepEqual([...photos[0].subarray(0, 2)], [0xff, 0xd8], "it is still a JPEG");
  assert.ok(!photos[0].includes(Buffer.from("Exif")), "no EXIF left in what the browser uploads");

  // And the stored copy, read back through the staff API (photos are encrypted at rest), has
  // none either.
  const stored = (await storedPhotos(id))[0];
  assert.deepEqual([...stored.subarray(0, 2)], [0xff, 0xd8], "the stored photo is a JPEG");
  assert.ok(!stored.includes(Buffer.from("Exif")), "no EXIF in the stored photo");

  // The status page shows the status for that receipt, and nothing is left of the draft.
  await page.getByRole("link", { name: "用回执码查询进展" }).click();
  await form.checkStatus(receipt);
  await page.getByRole("heading", { level: 2, name: "已收到" }).waitFor();
  assert.equal(await page.evaluate((key) => localStorage.getItem(key)?.includes("深色的水") ?? false, DRAFT_KEY), false);
});

test("a half-typed report survives a reload", async () => {
  const page = await ctx.newPage();
  const form = await ReportForm.open(ctx, page, "?lang=en");
  await form.description.fill("A strong chemical smell near the park gate every evening");
  await form.district.selectOption("320706");
  await form.draftSaved("320706");
  await page.reload();
  await form.heading.waitFor();
  assert.equal(await form.description.inputValue(), "A strong chemical smell near the park gate every evening");
  // The district list is built once the area names are loaded; the saved choice is then marked.
  await until(async () => (await form.district.inputValue()) === "320706", { message: "the saved district is chosen" });
  assert.equal(await form.district.inputValue(), "320706");
});

test("photos added to a half-typed report survive a reload, and removing one is kept too", async () => {
  const page = await ctx.newPage();
  const form = await ReportForm.open(ctx, page, "?lang=en");
  await form.addPhoto("a.jpg", jpegWithGps());
  await page.getByText(/photo-1\.jpg/).waitFor();
  await form.addPhoto("b.jpg", jpegWithGps());
  await page.getByText(/photo-2\.jpg/).waitFor();
  await page.getByText(/The photos are saved on this device/).waitFor();
  // The save runs after each change: reload once the device keeps both.
  await photosKept(form, ["00/photo-1.jpg", "01/photo-2.jpg"]);
  await page.reload();
  await page.getByText(/photo-2\.jpg/).waitFor({ timeout: 10000 });
  assert.equal(await form.photoItems.count(), 2);
  await form.photoItems.nth(1).getByRole("button", { name: "Remove" }).click();
  await photosKept(form, ["00/photo-1.jpg"]);
  await page.reload();
  await page.getByText(/photo-1\.jpg/).waitFor({ timeout: 10000 });
  assert.equal(await form.photoItems.count(), 1);
  // Removing the last one leaves nothing on the device.
  await page.getByRole("button", { name: "Remove" }).click();
  await photosKept(form, []);
});

test("without Cache Storage (plain http in some WebViews) the form still works and says photos are kept only while the page is open", async () => {
  const page = await ctx.newPage();
  await page.addInitScript(() => Object.defineProperty(window, "caches", { value: undefined }));
  const form = await ReportForm.open(ctx, page, "?lang=en");
  await form.addPhoto("a.jpg", jpegWithGps());
  await page.getByText(/photo-1\.jpg/).waitFor();
  await page.getByText(/photos are kept only while this page is open/).waitFor();
  await form.description.fill("Still typing after the photo: the form keeps working.");
  assert.deepEqual(page.consoleErrors, []);
});

/** A report with a photo, sent while offline: it waits in the queue. Returns { page, form }. */
async function queuedWhileOffline() {
  const page = await ctx.newPage();
  const form = await ReportForm.open(ctx, page);
  await form.fill();
  await form.addPhoto("q.jpg", jpegWithGps());
  await page.getByText(/photo-1\.jpg/).waitFor();
  await form.review();
  await page.context().setOffline(true);
  await form.sendButton.click();
  await form.queuedHeading.waitFor();
  await form.queuedCount(1).waitFor();
  return { page, form };
}

test("offline, a report with a photo waits in the queue, survives a reload, and is sent when the connection returns", async () => {
  const { page, form } = await queuedWhileOffline();
  // The queue keeps the text in local storage and the photo in Cache Storage, not as JSON bytes.
  const queued = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "[]"), QUEUE_KEY);
  assert.equal(queued.length, 1);
  assert.deepEqual(queued[0].photos, []);
  assert.match(queued[0].photo_slot, /^queue-\d+$/);
  // A reload while still offline keeps the queue (the page itself comes from the browser's cache
  // only with the service worker, which these tests block, so reload online and keep the intake
  // unreachable instead).
  // (The intake is made unreachable before the browser is back online, whose "online" event
  // would otherwise send the queue at once.)
  await page.route("**/api/**", (route) => route.abort("internetdisconnected"));
  await page.context().setOffline(false);
  await page.reload();
  await form.queuedCount(1).waitFor();
  const { id, receipt } = await form.sent(async () => {
    await page.unroute("**/api/**");
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
  });
  assert.match(receipt, /^\d{4} \d{4} \d{4} \d{4}$/);
  assert.equal(await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "[]").length, QUEUE_KEY), 0);
  const stored = await storedPhotos(id);
  assert.equal(stored.length, 1, "the queued photo reached the service");
  assert.deepEqual([...stored[0].subarray(0, 2)], [0xff, 0xd8]);
});

test("a queued report the service refuses for what it says comes back into the form with the reason; one refused for the rate stays queued", async () => {
  const { page, form } = await queuedWhileOffline();
  // The queue holds it now; the form's copy, contact details and all, is gone from the device.
  const draft = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "{}"), DRAFT_KEY);
  assert.equal(draft.description ?? "", "");
  assert.equal(draft.contact ?? null, null);
  const storage = (key) => page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? "[]").length, key);

  // Refused for the rate: it stays queued, and nothing comes back.
  let answer = { status: 429, kind: "rate_limited", field: "" };
  await page.route("**/api/open311/v2/requests.json", (route) =>
    route.fulfill({
      status: answer.status,
      contentType: "application/json",
      body: JSON.stringify([{ code: answer.status, description: "", field: answer.field, kind: answer.kind }]),
    }),
  );
  await page.context().setOffline(false);
  const tried = () => page.waitForResponse((r) => r.url().endsWith("/api/open311/v2/requests.json"));
  await Promise.all([tried(), page.evaluate(() => window.dispatchEvent(new Event("online")))]);
  await form.queuedCount(1).waitFor();
  assert.equal(await storage(RETURNED_KEY), 0);
  assert.equal(await form.returnedHeading.count(), 0);

  // Refused for what it says: it leaves the queue and is back in the form, with the reason and
  // its photo.
  answer = { status: 400, kind: "description_too_short", field: "description" };
  await Promise.all([tried(), page.getByRole("button", { name: form.t.queuedRetry }).click()]);
  await form.returnedHeading.waitFor();
  assert.equal(await form.description.inputValue(), "傍晚看到排污口流出深色的水，有很刺鼻的溶剂气味，持续了大约半小时。");
  await page.getByRole("alert").filter({ hasText: "至少20个字" }).first().waitFor();
  await page.getByText(/photo-1\.jpg/).waitFor();
  await until(async () => (await storage(QUEUE_KEY)) === 0 && (await storage(RETURNED_KEY)) === 0, { message: "neither queued nor waiting" });
  assert.equal(await form.queuedCount(1).count(), 0);
  // Corrected and sent, it reaches the service.
  await page.unroute("**/api/open311/v2/requests.json");
  await form.review();
  await form.send();
});

test("when the service has no room for photos, the form says so at the photos and the report goes without them", async () => {
  const page = await ctx.newPage({ viewport: { width: 360, height: 740 } });
  const form = await ReportForm.open(ctx, page, "?lang=en");
  await form.fill();
  await form.addPhoto("a.jpg", jpegWithGps());
  await page.getByText(/photo-1\.jpg/).waitFor();
  await form.review();
  // The service's answer below its disk floor (crates/intake/tests/abuse.rs checks the service).
  const noRoom = [{ code: 503, description: "…", field: "photos", kind: "photo_no_room" }];
  await page.route("**/api/open311/v2/requests.json*", (route) =>
    route.request().method() === "POST"
      ? route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify(noRoom) })
      : route.fallback(),
  );
  await form.sendButton.click();
  const message = "The server has no room for photos right now. Remove the photos and send the report: reports without photos are still accepted.";
  await page.getByRole("link", { name: message }).waitFor();
  // A refusal to act on, not an outage: nothing is queued to be sent again with the photo.
  assert.equal(await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "[]").length, QUEUE_KEY), 0);
  assert.equal(await form.queuedHeading.count(), 0);
  await page.unroute("**/api/open311/v2/requests.json*");
  await form.photoItems.nth(0).getByRole("button", { name: "Remove" }).click();
  await until(async () => (await form.photoItems.count()) === 0, { message: "the photo is removed" });
  await form.review();
  const { receipt } = await form.send();
  assert.match(receipt, /^\d{4} \d{4} \d{4} \d{4}$/);
});

test("the status page tells a mistyped receipt digit apart from a code with no report", async () => {
  const page = await ctx.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(ctx.at("report/status?lang=en"));
  const form = new ReportForm(page, "en");
  const alert = page.locator("#receipt-error");
  // 4539 1488 0343 6467 passes the check digit; changing its last digit breaks it.
  await form.checkStatus("4539 1488 0343 6468");
  await alert.filter({ hasText: "One digit of this receipt code is wrong, or two are swapped" }).waitFor();
  await form.checkStatus("4539 1488 0343 6467");
  await alert.filter({ hasText: "No report has this receipt code." }).waitFor();
  await form.checkStatus("12345");
  await alert.filter({ hasText: "A receipt code has 16 digits." }).waitFor();
});
