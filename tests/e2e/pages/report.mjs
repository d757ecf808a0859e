// The report form (/report) and the status check (/report/status): filling a valid report,
// photos, review and sending (with the id and receipt the service answers), the offline queue,
// and the photos the form keeps on the device.
import { PageObject, langOf } from "./base.mjs";

const TEXTS = {
  zh: {
    heading: "举报违法行为",
    category: /非法排放/,
    source: /不知道是哪家企业/,
    district: /^区县$/,
    description: /请描述看到、闻到或测到的情况/,
    photos: /添加照片/,
    useGps: /如果照片带有位置信息/,
    continue: "继续：检查举报内容",
    review: "检查举报内容",
    send: "发送举报",
    sent: "举报已发送",
    queued: "暂时无法发送，举报已保存在本机",
    queuedCount: "待发送的举报",
    queuedRetry: "立即重试",
    returned: "离线保存的举报未被受理，请修改后再发送",
    receipt: "回执码",
    check: "查询",
  },
  en: {
    heading: "Report a violation",
    category: /Illegal discharge/,
    source: /Do not know the enterprise/,
    district: "District or county",
    description: /Describe what you saw/,
    photos: /Add photos/,
    useGps: /If a photo carries a position/,
    continue: "Continue: check your report",
    review: "Check your report",
    send: "Send the report",
    sent: "Your report has been sent",
    queued: "Not sent yet: the report is saved on this device",
    queuedCount: "Reports waiting to be sent",
    queuedRetry: "Try again now",
    returned: "A report saved offline was not accepted: correct it and send it again",
    receipt: "Receipt code",
    check: "Check",
  },
};

/** A report the form accepts, as a resident would type it. */
export const VALID_REPORT = {
  source: "河边的一个排污口，靠近示例路桥下",
  district: "320724",
  description: "傍晚看到排污口流出深色的水，有很刺鼻的溶剂气味，持续了大约半小时。",
};

/** Local storage, where the form keeps the draft's text (app/src/pages/report.rs). */
export const DRAFT_KEY = "lyg-portal-report-draft";
/** Local storage, where reports wait while the service cannot be reached. */
export const QUEUE_KEY = "lyg-portal-report-queue";
/** Local storage, where queued reports the service refused wait to go back into the form. */
export const RETURNED_KEY = "lyg-portal-report-returned";
/** Cache Storage, where the form keeps a draft's photos (app/src/photo_store.rs). */
const PHOTO_CACHE = "lyg-portal-report-photos";

export class ReportForm extends PageObject {
  constructor(page, lang = "zh") {
    super(page, TEXTS, lang);
    this.heading = page.getByRole("heading", { level: 1, name: this.t.heading });
    this.district = page.getByLabel(this.t.district);
    this.description = page.getByLabel(this.t.description);
    this.photoInput = page.getByLabel(this.t.photos);
    this.useGps = page.getByLabel(this.t.useGps);
    this.continueButton = page.getByRole("button", { name: this.t.continue });
    this.reviewHeading = page.getByRole("heading", { name: this.t.review });
    this.sendButton = page.getByRole("button", { name: this.t.send });
    this.sentHeading = page.getByRole("heading", { name: this.t.sent });
    this.queuedHeading = page.getByRole("heading", { name: this.t.queued });
    this.returnedHeading = page.getByRole("heading", { name: this.t.returned });
    this.receipt = page.getByTestId("receipt");
    this.photoItems = page.locator("ul.photos li");
  }

  /** Opens /report with `query` and waits for its heading. */
  static open(server, page, query = "") {
    const form = new ReportForm(page, langOf(query));
    return form.visit(server, `report${query}`, form.heading);
  }

  /** Waits until the district list is built (it needs the area names from the feed). */
  async districtsLoaded() {
    await this.district.locator("option").nth(3).waitFor({ state: "attached" });
  }

  /** Fills a valid report of illegal discharge; `report` overrides VALID_REPORT's texts. */
  async fill(report = {}) {
    const { source, district, description } = { ...VALID_REPORT, ...report };
    await this.page.getByRole("radio", { name: this.t.category }).check();
    await this.page.getByLabel(this.t.source).fill(source);
    await this.districtsLoaded();
    await this.district.selectOption(district);
    await this.description.fill(description);
  }

  /** Adds one photo through the file input. */
  async addPhoto(name, buffer) {
    await this.photoInput.setInputFiles({ name, mimeType: "image/jpeg", buffer });
  }

  /** Presses "continue" and waits for the review. */
  async review() {
    await this.continueButton.click();
    await this.reviewHeading.waitFor();
  }

  /**
   * Waits until the service accepts a report from this page (after `action`, which sends it) and
   * the page says it was sent; returns { id, receipt } (id: the report's id in the staff area).
   */
  async sent(action, timeout = 60000) {
    const [response] = await Promise.all([
      this.page.waitForResponse((r) => r.url().endsWith("/api/open311/v2/requests.json") && r.request().method() === "POST" && r.ok(), { timeout }),
      action(),
    ]);
    await this.sentHeading.waitFor({ timeout });
    // Open311 answers with a list of the requests created: here one.
    const [created] = await response.json();
    return { id: created.service_request_id, receipt: await this.receipt.innerText() };
  }

  /** Presses "send" on the review and waits until the report is sent; returns { id, receipt }. */
  send(timeout = 60000) {
    return this.sent(() => this.sendButton.click(), timeout);
  }

  /** The "reports waiting to be sent: n" line. */
  queuedCount(n) {
    return this.page.getByText(`${this.t.queuedCount}: ${n}`);
  }

  /** Fills the receipt on the status page and asks for the report's status. */
  async checkStatus(receipt) {
    await this.page.getByRole("textbox", { name: this.t.receipt, exact: true }).fill(receipt);
    await this.page.getByRole("button", { name: this.t.check }).click();
  }

  /** Waits until the draft kept in local storage contains `text`. */
  async draftSaved(text) {
    await this.page.waitForFunction(([key, text]) => localStorage.getItem(key)?.includes(text), [DRAFT_KEY, text]);
  }

  /** The names of the draft's photos kept in Cache Storage, in order ("00/photo-1.jpg", …). */
  storedDraftPhotos() {
    return this.page.evaluate(async (name) => {
      const keys = await (await caches.open(name)).keys();
      return keys.map((r) => r.url.split("/__device/report-photos/draft/")[1]).filter(Boolean).sort();
    }, PHOTO_CACHE);
  }
}

/**
 * Opens /report with `query` on `server`, files a valid report (`report` overrides its texts),
 * waits up to `timeout` ms until it is sent, and returns { id, receipt }.
 */
export async function fileReport(server, page, { query = "", timeout = 60000, ...report } = {}) {
  const form = await ReportForm.open(server, page, query);
  await form.fill(report);
  await form.continueButton.click();
  return form.send(timeout);
}
