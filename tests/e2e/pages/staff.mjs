// The staff area (/staff): signing in, the report list and one report (status, replies), and
// the audit log. In English, as the staff tests read it.
import { PageObject, addressOf } from "./base.mjs";

const TEXTS = {
  en: {
    login: "Staff sign-in",
    user: "User name",
    password: "Password",
    signIn: "Sign in",
    signedIn: "Signed in as",
    status: "Status",
    save: "Save",
    reply: "Reply (as written)",
    replyZh: "Reply in Chinese",
    send: "Send the reply",
    ended: "Your session has ended",
    export: /Export CSV/,
  },
};

export class StaffArea extends PageObject {
  constructor(page, server) {
    super(page, TEXTS, "en");
    this.server = server;
    this.description = page.getByTestId("staff-description");
    this.status = page.getByTestId("staff-status");
    this.reply = page.getByLabel(this.t.reply);
    this.replyZh = page.getByLabel(this.t.replyZh);
    this.sendReplyButton = page.getByRole("button", { name: this.t.send });
    this.replies = page.locator("ul.replies");
    this.sessionEnded = page.getByRole("alert").filter({ hasText: this.t.ended });
    this.exportLink = page.getByRole("link", { name: this.t.export });
  }

  /** Opens /staff in English and signs in as `who` (an account from ctx.addStaff). */
  static async signIn(server, page, who) {
    const staff = new StaffArea(page, server);
    await staff.visit(server, "staff?lang=en", page.getByRole("heading", { name: staff.t.login }));
    await staff.submitLogin(who);
    await page.getByText(`${staff.t.signedIn}: ${who.user}`).waitFor();
    return staff;
  }

  /** Fills and sends the sign-in form shown on this page. */
  async submitLogin(who) {
    await this.page.getByLabel(this.t.user).fill(who.user);
    await this.page.getByLabel(this.t.password).fill(who.password);
    await this.page.getByRole("button", { name: this.t.signIn }).click();
  }

  /** The list's row of report `id`. */
  row(id) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: id, exact: true }) });
  }

  /** Finds report `id` in the list, opens it and waits for its description. */
  async openReport(id) {
    const row = this.row(id);
    await row.waitFor();
    await row.getByRole("link").first().click();
    await this.description.waitFor();
  }

  /** Moves the open report to `status` (its key, as "under_review") and saves. */
  async setStatus(status) {
    await this.page.getByLabel(this.t.status).selectOption(status);
    await this.page.getByRole("button", { name: this.t.save }).click();
  }

  /** Types a reply (and its Chinese version, if given) and sends it. */
  async sendReply(text, zh) {
    await this.reply.fill(text);
    if (zh !== undefined) await this.replyZh.fill(zh);
    await this.sendReplyButton.click();
  }

  /** Opens the audit log and returns its table's text. */
  async auditLog() {
    await this.page.goto(addressOf(this.server, "staff/audit?lang=en"));
    const table = this.page.getByRole("table");
    await table.waitFor();
    return table.innerText();
  }
}
