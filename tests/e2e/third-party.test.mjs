// Nothing from third parties: every route loads with every non-loopback request blocked, and no
// request fails (no CDN, web font, map tile, analytics or CAPTCHA service is ever asked for).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useE2E } from "./harness.mjs";

const ROUTES = [
  "/", "/disclosures", "/enterprises/e00002", "/substances", "/substances/10", "/overview",
  "/compare?ids=e00001,e00002", "/watch", "/learn", "/learn/pfas", "/learn/lessons/community",
  "/glossary", "/plan", "/report", "/report/status", "/about", "/staff",
];

const ctx = useE2E();

test("every route loads with all non-loopback requests blocked, and no request fails", async () => {
  const page = await ctx.newPage();
  const outside = [];
  const failed = [];
  await page.route("**/*", (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === "127.0.0.1" || host === "localhost") return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  page.on("requestfailed", (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  // "Not signed in" (401 from /api/staff/me on the staff page) is an answer, not a failure.
  page.on("response", (r) => r.status() >= 400 && !(r.status() === 401 && r.url().includes("/api/staff/")) && failed.push(`${r.url()} ${r.status()}`));
  for (const route of ROUTES) {
    await page.goto(ctx.at(route));
    await page.locator("main h1").waitFor();
    await page.waitForLoadState("networkidle").catch(() => failed.push(`${route}: the network never went idle`));
  }
  assert.deepEqual(outside, [], "requests to third parties");
  assert.deepEqual(failed, [], "failed requests");
  // The browser logs the expected 401 of the staff page's session check; nothing else may appear.
  assert.deepEqual(page.consoleErrors.filter((m) => !m.includes("status of 401")), []);
});
