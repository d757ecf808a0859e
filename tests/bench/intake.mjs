// Load on the report intake service, for `cargo xtask bench`: submissions per second and latency
// with 8 concurrent clients on loopback, each submission a full multipart report (with a small
// JPEG) committed to SQLite (WAL, synchronous=FULL) before it is acknowledged. The proof of work
// is set to 0 bits here (its cost is in the browser and is measured there), and the rate limit
// is lifted, so that this measures the service and its database.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bin = process.env.PORTAL_INTAKE_BIN;
const dataDir = mkdtempSync(join(tmpdir(), "portal-load-"));
const child = spawn(bin, ["serve", "--port", "0", "--data-dir", dataDir, "--site-dir", "dist", "--pow-bits", "0", "--rate-limit", "0"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise((resolve, reject) => {
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/Serving the portal at (http:\/\/[^\s]+\/)/);
    if (m) resolve(m[1]);
  });
  child.on("exit", (c) => reject(new Error(`intake exited ${c}`)));
});

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 1, 2, 3, 0xff, 0xd9]);
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const report = JSON.stringify({
  category: "illegal_discharge",
  source_description: "Load test: an outfall",
  observed_on: today,
  district_code: "320724",
  description: "Load test report: dark water with a strong smell, observed for half an hour.",
  photos_count: 1,
});

async function submit() {
  const pow = await (await fetch(new URL("api/pow", url))).json();
  const form = new FormData();
  form.append("report", new Blob([report], { type: "application/json" }), "report.json");
  form.append("pow_challenge", pow.challenge);
  form.append("pow_nonce", "0");
  form.append("photo", new Blob([jpeg], { type: "image/jpeg" }), "p.jpg");
  const t0 = performance.now();
  const res = await fetch(new URL("api/open311/v2/requests.json", url), { method: "POST", body: form });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`status ${res.status}`);
  return performance.now() - t0;
}

const total = 400;
const concurrency = 8;
const latencies = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      latencies.push(await submit());
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
const row = (what, value) => console.log(["ROW", what, value, "", ""].join("\t"));
row(`report submissions, ${total} with ${concurrency} concurrent clients (debug build of intake)`, `${(total / seconds).toFixed(1)} per second`);
row("report submission latency p50 / p99", `${pct(0.5).toFixed(1)} ms / ${pct(0.99).toFixed(1)} ms`);
child.kill("SIGTERM");
await new Promise((r) => child.on("exit", r));
rmSync(dataDir, { recursive: true, force: true });
