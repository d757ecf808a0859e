// The whole triage workflow in a real browser: a reporter files a report; a staff member signs
// in, finds it, changes its status and replies; the reporter reads the reply through the
// receipt; a triager is refused the export; the audit log lists each step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useE2E } from "./harness.mjs";
import { ReportForm, fileReport } from "./pages/report.mjs";
import { StaffArea } from "./pages/staff.mjs";

const ctx = useE2E();

test("a report goes from the reporter through triage and back, and every step is audited", async () => {
  const admin = ctx.addStaff("admin");
  const triagerAccount = ctx.addStaff("triager");

  // 1. A reporter files a report, with HTML in the description.
  const reporter = await ctx.newPage();
  const description = "<script>alert(1)</script> Dark water from the pipe every night, with a solvent smell.";
  const { id, receipt } = await fileReport(ctx, reporter, { query: "?lang=en", source: "A pipe under the bridge", description });

  // 2. Staff sign in, find the report, change its status and reply.
  const staff = await StaffArea.signIn(ctx, await ctx.newPage(), admin);
  await staff.row(id).filter({ hasText: "Illegal discharge" }).waitFor();
  await staff.openReport(id);
  assert.equal(await staff.description.innerText(), description, "the HTML is shown as text");
  assert.equal(await staff.page.locator("main script").count(), 0);
  await staff.setStatus("under_review");
  await staff.status.filter({ hasText: "Under review" }).waitFor();
  await staff.sendReply("Thank you. An inspector will visit the site this week.", "感谢举报。本周将派执法人员现场核查。");
  await staff.page.getByText("Thank you. An inspector will visit the site this week.").waitFor();

  // 3. The reporter sees the reply through the receipt, and the description stays private.
  await reporter.goto(ctx.at("report/status?lang=en"));
  await new ReportForm(reporter, "en").checkStatus(receipt);
  await reporter.getByText("Thank you. An inspector will visit the site this week.").waitFor();
  assert.equal(await reporter.getByText("Dark water from the pipe").count(), 0);

  // 4. A triager is refused the export.
  const triager = await StaffArea.signIn(ctx, await ctx.newPage(), triagerAccount);
  const status = await triager.page.evaluate(async () => (await fetch("/api/staff/export.csv")).status);
  assert.equal(status, 403);
  assert.equal(await triager.exportLink.count(), 0);

  // 5. The audit log lists each step.
  const log = await staff.auditLog();
  for (const step of ["login", "view", "status", "reply", admin.user, triagerAccount.user]) {
    assert.match(log, new RegExp(step), `the audit log shows ${step}`);
  }
});

test("a reply typed while the session ends is kept, and sent after signing in again", async () => {
  const triagerAccount = ctx.addStaff("triager");
  const { id } = await fileReport(ctx, await ctx.newPage());

  const staff = await StaffArea.signIn(ctx, await ctx.newPage(), triagerAccount);
  await staff.openReport(id);
  const text = "We have asked the district office to check the outlet.";
  await staff.reply.fill(text);
  // The session ends meanwhile: here its cookie is gone; on the server it ends after 30 idle
  // minutes or 8 hours (crates/intake/tests/staff.rs).
  await staff.page.context().clearCookies();
  await staff.sendReplyButton.click();
  await staff.sessionEnded.waitFor();
  await staff.submitLogin(triagerAccount);
  await staff.description.waitFor();
  assert.equal(await staff.reply.inputValue(), text, "the typed reply is still there");
  await staff.sendReplyButton.click();
  await staff.replies.getByText(text).waitFor();
  assert.equal(await staff.reply.inputValue(), "", "cleared once sent");
});

test("sign-in: empty fields are checked on the device, a refused password is cleared, and the form says whom to ask", async () => {
  const account = ctx.addStaff("triager");
  const page = await ctx.newPage({ viewport: { width: 360, height: 740 } });
  const logins = [];
  page.on("request", (r) => r.url().includes("/api/staff/login") && logins.push(r.url()));
  const staff = new StaffArea(page, ctx);
  await staff.visit(ctx, "staff?lang=en", page.getByRole("heading", { name: staff.t.login }));
  const password = page.getByLabel(staff.t.password);

  // Inputs are at least 16 px, so a phone does not zoom in on them.
  for (const label of [staff.t.user, staff.t.password]) {
    const size = await page.getByLabel(label).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 16, `${label} is ${size} px`);
  }
  await page.getByText("Ask your bureau's system administrator").waitFor();

  // Nothing typed: a message on the device, and no attempt reaches the service.
  await page.getByRole("button", { name: staff.t.signIn }).click();
  await page.getByRole("alert").filter({ hasText: "Enter your user name and password." }).waitFor();
  assert.deepEqual(logins, [], "an empty form is not sent");

  // A wrong password: refused, and not left in the field.
  await staff.submitLogin({ user: account.user, password: "not the password at all" });
  await page.getByRole("alert").filter({ hasText: "Wrong user name or password" }).waitFor();
  assert.equal(logins.length, 1);
  assert.equal(await password.inputValue(), "", "the refused password is cleared");

  // The right one signs in.
  await staff.submitLogin(account);
  await page.getByText(`${staff.t.signedIn}: ${account.user}`).waitFor();
});
