// Violation reports in a real browser against the real intake service and SQLite file: file a
// report with a photo, keep a half-typed draft across a reload, queue a report while offline and
// send it when back online, and check the status with the receipt.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A minimal JPEG whose EXIF carries GPS 34.6°N 119.2°E (big-endian TIFF). */
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
  const sos = [0xff, 0xda, ...be16(8), 1, 1, 0, 0, 63, 0];
  return Buffer.from([0xff, 0xd8, ...app1, ...sos, 0x12, 0x34, 0x56, 0xff, 0xd9]);
}

/** The photos the service stored for the newest report, read through the staff API. */
async function storedPhotos() {
  const { execFileSync } = await import("node:child_process");
  const user = `check${Math.floor(Math.random() * 1e9)}`;
  execFileSync(process.env.PORTAL_INTAKE_BIN, ["staff", "add", "--data-dir", server.dataDir, "--user", user, "--role", "triager"], {
    input: "a long enough passphrase\n",
  });
  const login = await fetch(new URL("api/staff/login", server.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user, password: "a long enough passphrase" }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const list = await (await fetch(new URL("api/staff/reports", server.url), { headers: { cookie } })).json();
  const detail = await (await fetch(new URL(`api/staff/reports/${list.reports[0].id}`, server.url), { headers: { cookie } })).json();
  return Promise.all(
    detail.photo_files.map(async (f) => Buffer.from(await (await fetch(new URL(f.url.slice(1), server.url), { headers: { cookie } })).arrayBuffer())),
  );
}

async function fillValidReport(page) {
  await page.getByRole("radio", { name: /非法排放|Illegal discharge/ }).check();
  await page.getByLabel(/不知道是哪家企业|Do not know the enterprise/).fill("河边的一个排污口，靠近示例路桥下");
  await page.getByLabel(/^区县$|District or county/).selectOption("320724");
  await page.getByLabel(/请描述看到、闻到或测到的情况|Describe what you saw/).fill("傍晚看到排污口流出深色的水，有很刺鼻的溶剂气味，持续了大约半小时。");
}

test("a resident files a report with a photo whose GPS fills the location and is stripped before upload", async () => {
  const page = await newPage(browser);
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
  await page.goto(new URL("report", server.url).href);
  await page.getByRole("heading", { level: 1, name: "举报违法行为" }).waitFor();
  // Emergency first, with tap-to-call links.
  await page.getByRole("link", { name: "拨打 12369" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "拨打 110" }).getAttribute("href"), "tel:110");

  // Validation first: the summary takes focus and links to the fields.
  await page.getByRole("button", { name: "继续：检查举报内容" }).click();
  const summary = page.getByRole("heading", { name: "请修改以下问题" });
  await summary.waitFor();
  await page.getByRole("link", { name: "请选择举报类别。" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.className), "error-summary");

  await fillValidReport(page);
  await page.getByLabel(/如果照片带有位置信息/).check();
  await page.getByLabel(/添加照片/).setInputFiles({ name: "gps.jpg", mimeType: "image/jpeg", buffer: jpegWithGps() });
  await page.getByText(/photo-1\.jpg .*已去除元数据/).waitFor();
  await page.getByText(/34\.60000, 119\.20000/).waitFor();

  await page.getByRole("button", { name: "继续：检查举报内容" }).click();
  await page.getByRole("heading", { name: "检查举报内容" }).waitFor();
  await page.getByRole("button", { name: "发送举报" }).click();
  await page.getByRole("heading", { name: "举报已发送" }).waitFor({ timeout: 60000 });
  const receipt = await page.getByTestId("receipt").innerText();
  assert.match(receipt, /^\d{4} \d{4} \d{4} \d{4}$/);
  const photos = (await page.evaluate(() => window.__photos)).map((p) => Buffer.from(p));
  assert.equal(photos.length, 1, "one photo was uploaded");
  assert.deepEqual([...photos[0].subarray(0, 2)], [0xff, 0xd8], "it is still a JPEG");
  assert.ok(!photos[0].includes(Buffer.from("Exif")), "no EXIF left in what the browser uploads");

  // And the stored copy, read back through the staff API (photos are encrypted at rest), has
  // none either.
  const stored = (await storedPhotos())[0];
  assert.deepEqual([...stored.subarray(0, 2)], [0xff, 0xd8], "the stored photo is a JPEG");
  assert.ok(!stored.includes(Buffer.from("Exif")), "no EXIF in the stored photo");

  // The status page shows the status for that receipt, and nothing is left of the draft.
  await page.getByRole("link", { name: "用回执码查询进展" }).click();
  await page.getByLabel("回执码").fill(receipt);
  await page.getByRole("button", { name: "查询" }).click();
  await page.getByRole("heading", { level: 2, name: "已收到" }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem("lyg-portal-report-draft")?.includes("深色的水") ?? false), false);
  await page.context().close();
});

test("a half-typed report survives a reload", async () => {
  const page = await newPage(browser);
  await page.goto(new URL("report?lang=en", server.url).href);
  const details = page.getByLabel(/Describe what you saw/);
  await details.fill("A strong chemical smell near the park gate every evening");
  await page.getByLabel("District or county").selectOption("320706");
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Report a violation" }).waitFor();
  assert.equal(await page.getByLabel(/Describe what you saw/).inputValue(), "A strong chemical smell near the park gate every evening");
  // The district list is built once the area names are loaded; the saved choice is then marked.
  for (let i = 0; i < 100 && (await page.getByLabel("District or county").inputValue()) !== "320706"; i++) await page.waitForTimeout(50);
  assert.equal(await page.getByLabel("District or county").inputValue(), "320706");
  await page.context().close();
});

test("photos added to a half-typed report survive a reload, and removing one is kept too", async () => {
  const page = await newPage(browser);
  await page.goto(new URL("report?lang=en", server.url).href);
  await page.getByRole("heading", { level: 1, name: "Report a violation" }).waitFor();
  const input = page.getByLabel(/Add photos/);
  await input.setInputFiles({ name: "a.jpg", mimeType: "image/jpeg", buffer: jpegWithGps() });
  await page.getByText(/photo-1\.jpg/).waitFor();
  await input.setInputFiles({ name: "b.jpg", mimeType: "image/jpeg", buffer: jpegWithGps() });
  await page.getByText(/photo-2\.jpg/).waitFor();
  await page.getByText(/The photos are saved on this device/).waitFor();
  // The save runs after each change; give it a moment before the reload.
  await page.waitForTimeout(500);
  await page.reload();
  await page.getByText(/photo-2\.jpg/).waitFor({ timeout: 10000 });
  assert.equal(await page.locator("ul.photos li").count(), 2);
  await page.locator("ul.photos li").nth(1).getByRole("button", { name: "Remove" }).click();
  await page.waitForTimeout(500);
  await page.reload();
  await page.getByText(/photo-1\.jpg/).waitFor({ timeout: 10000 });
  assert.equal(await page.locator("ul.photos li").count(), 1);
  // Clear them for the tests that follow.
  await page.getByRole("button", { name: "Remove" }).click();
  await page.waitForTimeout(500);
  await page.context().close();
});

test("without Cache Storage (plain http in some WebViews) the form still works and says photos are kept only while the page is open", async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => Object.defineProperty(window, "caches", { value: undefined }));
  await page.goto(new URL("report?lang=en", server.url).href);
  await page.getByRole("heading", { level: 1, name: "Report a violation" }).waitFor();
  await page.getByLabel(/Add photos/).setInputFiles({ name: "a.jpg", mimeType: "image/jpeg", buffer: jpegWithGps() });
  await page.getByText(/photo-1\.jpg/).waitFor();
  await page.getByText(/photos are kept only while this page is open/).waitFor();
  await page.getByLabel(/Describe what you saw/).fill("Still typing after the photo: the form keeps working.");
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test("offline, a report with a photo waits in the queue, survives a reload, and is sent when the connection returns", async () => {
  const page = await newPage(browser);
  await page.goto(new URL("report", server.url).href);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await fillValidReport(page);
  await page.getByLabel(/添加照片/).setInputFiles({ name: "q.jpg", mimeType: "image/jpeg", buffer: jpegWithGps() });
  await page.getByText(/photo-1\.jpg/).waitFor();
  await page.getByRole("button", { name: "继续：检查举报内容" }).click();
  await page.getByRole("heading", { name: "检查举报内容" }).waitFor();
  await page.context().setOffline(true);
  await page.getByRole("button", { name: "发送举报" }).click();
  await page.getByRole("heading", { name: "暂时无法发送，举报已保存在本机" }).waitFor();
  await page.getByText("待发送的举报: 1").waitFor();
  // The queue keeps the text in local storage and the photo in Cache Storage, not as JSON bytes.
  const queued = await page.evaluate(() => JSON.parse(localStorage.getItem("lyg-portal-report-queue") ?? "[]"));
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
  await page.getByText("待发送的举报: 1").waitFor();
  await page.unroute("**/api/**");
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await page.getByRole("heading", { name: "举报已发送" }).waitFor({ timeout: 60000 });
  assert.match(await page.getByTestId("receipt").innerText(), /^\d{4} \d{4} \d{4} \d{4}$/);
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem("lyg-portal-report-queue") ?? "[]").length), 0);
  const stored = await storedPhotos();
  assert.equal(stored.length, 1, "the queued photo reached the service");
  assert.deepEqual([...stored[0].subarray(0, 2)], [0xff, 0xd8]);
  await page.context().close();
});
