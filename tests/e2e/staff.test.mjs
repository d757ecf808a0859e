// The whole triage workflow in a real browser: a reporter files a report; a staff member signs
// in, finds it, changes its status and replies; the reporter reads the reply through the
// receipt; a triager is refused the export; the audit log lists each step.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { startServer, launchBrowser, newPage } from "./harness.mjs";

let server;
let browser;
const ADMIN = { user: "wang-admin", password: "correct horse battery staple" };
const TRIAGER = { user: "li-triager", password: "another long passphrase 42" };

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const [who, role] of [[ADMIN, "admin"], [TRIAGER, "triager"]]) {
    execFileSync(process.env.PORTAL_INTAKE_BIN, ["staff", "add", "--data-dir", server.dataDir, "--user", who.user, "--role", role], {
      input: `${who.password}\n`,
    });
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page, who) {
  await page.goto(new URL("staff?lang=en", server.url).href);
  await page.getByRole("heading", { name: "Staff sign-in" }).waitFor();
  await page.getByLabel("User name").fill(who.user);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Signed in as: ${who.user}`).waitFor();
}

test("a report goes from the reporter through triage and back, and every step is audited", async () => {
  // 1. A reporter files a report, with HTML in the description.
  const reporter = await newPage(browser);
  await reporter.goto(new URL("report?lang=en", server.url).href);
  await reporter.getByRole("radio", { name: /Illegal discharge/ }).check();
  await reporter.getByLabel(/Do not know the enterprise/).fill("A pipe under the bridge");
  await reporter.getByLabel("District or county").locator("option").nth(3).waitFor({ state: "attached" });
  await reporter.getByLabel("District or county").selectOption("320724");
  const description = "<script>alert(1)</script> Dark water from the pipe every night, with a solvent smell.";
  await reporter.getByLabel(/Describe what you saw/).fill(description);
  await reporter.getByRole("button", { name: "Continue: check your report" }).click();
  await reporter.getByRole("button", { name: "Send the report" }).click();
  await reporter.getByRole("heading", { name: "Your report has been sent" }).waitFor({ timeout: 60000 });
  const receipt = await reporter.getByTestId("receipt").innerText();

  // 2. Staff sign in, find the report, change its status and reply.
  const staff = await newPage(browser);
  await signIn(staff, ADMIN);
  const row = staff.getByRole("row").filter({ hasText: "Illegal discharge" }).first();
  await row.waitFor();
  await row.getByRole("link").first().click();
  await staff.getByTestId("staff-description").waitFor();
  assert.equal(await staff.getByTestId("staff-description").innerText(), description, "the HTML is shown as text");
  assert.equal(await staff.locator("main script").count(), 0);
  await staff.getByLabel("Status").selectOption("under_review");
  await staff.getByRole("button", { name: "Save" }).click();
  await staff.getByTestId("staff-status").filter({ hasText: "Under review" }).waitFor();
  await staff.getByLabel("Reply (as written)").fill("Thank you. An inspector will visit the site this week.");
  await staff.getByLabel("Reply in Chinese").fill("感谢举报。本周将派执法人员现场核查。");
  await staff.getByRole("button", { name: "Send the reply" }).click();
  await staff.getByText("Thank you. An inspector will visit the site this week.").waitFor();

  // 3. The reporter sees the reply through the receipt, and the description stays private.
  await reporter.goto(new URL("report/status?lang=en", server.url).href);
  await reporter.getByLabel("Receipt code").fill(receipt);
  await reporter.getByRole("button", { name: "Check" }).click();
  await reporter.getByText("Thank you. An inspector will visit the site this week.").waitFor();
  assert.equal(await reporter.getByText("Dark water from the pipe").count(), 0);

  // 4. A triager is refused the export.
  const triager = await newPage(browser);
  await signIn(triager, TRIAGER);
  const status = await triager.evaluate(async () => (await fetch("/api/staff/export.csv")).status);
  assert.equal(status, 403);
  assert.equal(await triager.getByRole("link", { name: /Export CSV/ }).count(), 0);

  // 5. The audit log lists each step.
  await staff.goto(new URL("staff/audit?lang=en", server.url).href);
  await staff.getByRole("table").waitFor();
  const log = await staff.getByRole("table").innerText();
  for (const step of ["login", "view", "status", "reply", ADMIN.user, TRIAGER.user]) {
    assert.match(log, new RegExp(step), `the audit log shows ${step}`);
  }
  for (const p of [reporter, staff, triager]) await p.context().close();
});

test("a reply typed while the session ends is kept, and sent after signing in again", async () => {
  const staff = await newPage(browser);
  await signIn(staff, TRIAGER);
  const row = staff.getByRole("row").filter({ hasText: "Illegal discharge" }).first();
  await row.waitFor();
  await row.getByRole("link").first().click();
  await staff.getByTestId("staff-description").waitFor();
  const text = "We have asked the district office to check the outlet.";
  await staff.getByLabel("Reply (as written)").fill(text);
  // The session ends meanwhile: here its cookie is gone; on the server it ends after 30 idle
  // minutes or 8 hours (crates/intake/tests/staff.rs).
  await staff.context().clearCookies();
  await staff.getByRole("button", { name: "Send the reply" }).click();
  await staff.getByRole("alert").filter({ hasText: "Your session has ended" }).waitFor();
  await staff.getByLabel("User name").fill(TRIAGER.user);
  await staff.getByLabel("Password").fill(TRIAGER.password);
  await staff.getByRole("button", { name: "Sign in" }).click();
  await staff.getByTestId("staff-description").waitFor();
  assert.equal(await staff.getByLabel("Reply (as written)").inputValue(), text, "the typed reply is still there");
  await staff.getByRole("button", { name: "Send the reply" }).click();
  await staff.locator("ul.replies").getByText(text).waitFor();
  assert.equal(await staff.getByLabel("Reply (as written)").inputValue(), "", "cleared once sent");
  await staff.context().close();
});
