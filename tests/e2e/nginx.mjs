// Debian's nginx in front of the release intake, on loopback, for the tests behind a real proxy
// (proxy.test.mjs: the site at the root of its host; subpath.test.mjs: under /xinwuranwu/ of
// another site): free ports, a self-signed certificate, the intake, nginx itself, and requests
// from a chosen loopback address.
//
// nginx is installed by `cargo xtask test` (xtask/src/setup.rs); without it the set-up fails,
// saying so.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { until } from "./harness.mjs";

export { startIntake } from "./harness.mjs";

/** The repository, whose deploy/nginx/ files the tests include unchanged. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NGINX = process.env.NGINX ?? "/usr/sbin/nginx";

/** Fails early, saying what is missing, unless the intake binary and nginx are there. */
export function checkTools() {
  if (!process.env.PORTAL_INTAKE_BIN) throw new Error("PORTAL_INTAKE_BIN is not set; run the tests with `cargo xtask test`");
  if (!existsSync(NGINX)) {
    throw new Error(`nginx is not installed (${NGINX}): \`cargo xtask test\` installs Debian's nginx; by hand: apt-get install nginx`);
  }
}

/** A free TCP port on 127.0.0.1 (closed again at once; nginx takes it next). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A self-signed certificate for localhost and 127.0.0.1 in `dir` (cert.pem, key.pem); returns the certificate. */
export function makeCertificate(dir) {
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
  ], { stdio: "ignore" });
  return readFileSync(join(dir, "cert.pem"));
}

/**
 * One request, from `localAddress` (any 127.x.y.z is this machine), over HTTPS to nginx (checking
 * its certificate against `ca`) or plain HTTP to the intake. Resolves with { status, headers, body }.
 */
export function call(base, path, { method = "GET", headers = {}, body, localAddress = "127.0.0.1", ca } = {}) {
  const url = new URL(path, base);
  const secure = url.protocol === "https:";
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method, headers, localAddress, agent: false, ...(secure ? { ca, servername: "localhost" } : {}) },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Adds an administrator to the intake's data in `dataDir` and signs in through the proxy with
 * `send(path, options)` (a request relative to where the site is served): the session cookie must
 * be `__Secure-` prefixed, Secure and HttpOnly (the proxy told the intake about the TLS), and the
 * session must work with it.
 */
export async function signsInSecurely(send, dataDir) {
  const who = { user: "proxy-admin", password: "a long passphrase for the proxy test" };
  execFileSync(process.env.PORTAL_INTAKE_BIN, ["staff", "add", "--data-dir", dataDir, "--user", who.user, "--role", "admin"], {
    input: `${who.password}\n`,
  });
  const login = await send("api/staff/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(who),
  });
  assert.equal(login.status, 200, login.body);
  const cookie = String(login.headers["set-cookie"]);
  assert.match(cookie, /^__Secure-portal_session=[0-9a-f]{64};/, `the session cookie has the __Secure- prefix: ${cookie}`);
  assert.match(cookie, /;\s*Secure/i, `the session cookie is Secure behind TLS: ${cookie}`);
  assert.match(cookie, /;\s*HttpOnly/i);
  const me = await send("api/staff/me", { headers: { cookie: cookie.split(";")[0] } });
  assert.equal(me.status, 200, me.body);
  assert.equal(JSON.parse(me.body).user, who.user);
}

/** Closes the browser, stops nginx and the intake, and removes the temporary directory. */
export async function tearDown({ browser, nginx, intake, dir }) {
  await browser?.close();
  await stopChild(nginx);
  await stopChild(intake?.child);
  if (dir) rmSync(dir, { recursive: true, force: true });
}

function stopChild(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  child.kill("SIGTERM");
  return new Promise((r) => child.on("exit", r));
}

/** The `upstream portal_intake` that deploy/nginx's files proxy the API to. */
export function intakeUpstream(intakePort) {
  return `    upstream portal_intake {
        server 127.0.0.1:${intakePort};
        keepalive 4;
        keepalive_timeout 5s;
    }`;
}

/** A `server { }` on 127.0.0.1:`port` with TLS (the certificate in `dir`) and `body` inside. */
export function tlsServer(port, dir, body) {
  return `    server {
        listen 127.0.0.1:${port} ssl;
        server_name localhost;
        ssl_certificate ${dir}/cert.pem;
        ssl_certificate_key ${dir}/key.pem;
${body}
    }`;
}

/**
 * Starts nginx with everything in `dir` and `http` (the inside of `http { }`: upstreams and
 * servers) after the portal's http-level settings (deploy/nginx/portal-http.conf); resolves with
 * the child once `ready` (an async check) holds.
 */
export async function startNginx(dir, http, ready) {
  const root = process.getuid?.() === 0 ? "user root root;\n" : "";
  const conf = `${root}worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 128; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path ${dir}/nginx-body;
    proxy_temp_path ${dir}/nginx-proxy;
    fastcgi_temp_path ${dir}/nginx-fastcgi;
    uwsgi_temp_path ${dir}/nginx-uwsgi;
    scgi_temp_path ${dir}/nginx-scgi;
    include ${ROOT}deploy/nginx/portal-http.conf;
${http}
}
`;
  writeFileSync(join(dir, "nginx.conf"), conf);
  const nginxArgs = ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "nginx-error.log")];
  try {
    execFileSync(NGINX, [...nginxArgs, "-t"], { stdio: "pipe" });
  } catch (err) {
    throw new Error(`nginx refuses the configuration: ${err.stderr}`);
  }
  const child = spawn(NGINX, nginxArgs, { stdio: ["ignore", "ignore", "pipe"] });
  await until(ready, { timeout: 20000, message: "nginx answers through to the intake" });
  return child;
}
