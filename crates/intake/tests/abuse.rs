//! What an anonymous client can do to the running service, tried against the real binary over
//! TCP: a flood of logins, slow headers and bodies (slowloris), too many connections, a proof of
//! work sent after the photos or in headers, forged client addresses, file permissions, and the
//! log's format and request ids.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::server::{self, Server, http};
use common::upload::{Form, content_type, valid_report};
use serde_json::json;

/// Whether the server closed `stream` (read gives end of file or a reset) within `within`,
/// while the client keeps trickling `trickle` every half second (if any).
fn closed_within(stream: &mut TcpStream, within: Duration, trickle: Option<&[u8]>) -> bool {
    stream.set_read_timeout(Some(Duration::from_millis(500))).expect("timeout");
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    while start.elapsed() < within {
        if let Some(bytes) = trickle
            && stream.write_all(bytes).is_err()
        {
            return true;
        }
        match stream.read(&mut buf) {
            Ok(0) => return true,
            // A response (a 408 or 400) is fine too; the close follows.
            Ok(_) => {}
            Err(err) if matches!(err.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn a_client_trickling_headers_is_cut_off() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = Server::start(&dir.path().join("data"), &["--header-timeout", "2"]);
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n").expect("write");
    let start = Instant::now();
    assert!(
        closed_within(&mut stream, Duration::from_secs(8), Some(b"X-Slow: 1\r\n")),
        "a connection sending one header line every half second is still open after 8 s"
    );
    assert!(start.elapsed() < Duration::from_secs(5), "closed after {:?}, not about 2 s", start.elapsed());
    // A well-behaved client is still served.
    assert_eq!(server::request(&server.address, "GET", "/api/health", None, b"").expect("health").status, 200);
}

#[test]
fn a_stalled_request_body_is_cut_off() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = Server::start(&dir.path().join("data"), &["--body-timeout", "2"]);
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    let head = "POST /api/reports/status HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                Content-Length: 1000\r\n\r\n{\"receipt\":";
    stream.write_all(head.as_bytes()).expect("write");
    let start = Instant::now();
    assert!(closed_within(&mut stream, Duration::from_secs(8), None), "a body that stalls is waited for over 8 s");
    assert!(start.elapsed() < Duration::from_secs(5), "cut off after {:?}", start.elapsed());
}

#[test]
fn connections_over_the_cap_are_refused_and_the_rest_served() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = Server::start(&dir.path().join("data"), &["--max-connections", "3", "--header-timeout", "30"]);
    // Three idle connections take every slot.
    let idle: Vec<TcpStream> = (0..3).map(|_| TcpStream::connect(&server.address).expect("connect")).collect();
    std::thread::sleep(Duration::from_millis(300));
    let refused = server::request(&server.address, "GET", "/api/health", None, b"").expect("an answer");
    assert_eq!(refused.status, 503, "a fourth connection is refused at once");
    assert_eq!(refused.header("retry-after"), Some("5"));
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let status = server::request(&server.address, "GET", "/api/health", None, b"").expect("an answer").status;
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "slots are given back when connections close (got {status})");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A challenge from the service.
fn challenge(address: &str, headers: &[(&str, &str)]) -> u16 {
    http(address, "GET", "/api/pow", headers, b"").expect("pow").status
}

#[test]
fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let dir = tempfile::tempdir().expect("temporary directory");
    // One submission a minute per client: three challenges a minute per client.
    let server = Server::start(&dir.path().join("data"), &["--rate-limit", "1", "--trusted-proxy", "127.0.0.1"]);
    let a = [("X-Forwarded-For", "198.51.100.1")];
    let b = [("X-Forwarded-For", "198.51.100.2")];
    for _ in 0..3 {
        assert_eq!(challenge(&server.address, &a), 200);
    }
    assert_eq!(challenge(&server.address, &a), 429, "client A used its three");
    assert_eq!(challenge(&server.address, &b), 200, "client B behind the same proxy is not limited with A");
    // A forged entry at the left of the list is not what counts.
    assert_eq!(challenge(&server.address, &[("X-Forwarded-For", "1.2.3.4, 198.51.100.1")]), 429);
    // IPv6 clients are one client per /64.
    for _ in 0..3 {
        assert_eq!(challenge(&server.address, &[("X-Real-IP", "2001:db8:1:2::1")]), 200);
    }
    assert_eq!(challenge(&server.address, &[("X-Real-IP", "2001:db8:1:2::99")]), 429, "same /64");
    assert_eq!(challenge(&server.address, &[("X-Real-IP", "2001:db8:1:3::1")]), 200, "next /64");
}

#[test]
fn forwarded_headers_from_an_untrusted_peer_are_ignored() {
    let dir = tempfile::tempdir().expect("temporary directory");
    // No trusted proxy: the peer (127.0.0.1) is the client, whatever the headers say.
    let server = Server::start(&dir.path().join("data"), &["--rate-limit", "1"]);
    for i in 0..3 {
        let ip = format!("198.51.100.{i}");
        assert_eq!(challenge(&server.address, &[("X-Forwarded-For", &ip), ("X-Real-IP", &ip)]), 200);
    }
    assert_eq!(challenge(&server.address, &[("X-Forwarded-For", "203.0.113.77")]), 429);
}

/// The peak resident memory of a process, from /proc (Linux).
fn peak_memory_kib(pid: u32) -> u64 {
    status_kib(pid, "VmHWM")
}

#[test]
fn a_flood_of_logins_is_throttled_before_any_password_is_hashed() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = dir.path().join("data");
    let server = Server::start(&data_dir, &[]);
    let address = server.address.clone();
    let pid = server.pid().expect("running");

    let n = 300;
    let barrier = Arc::new(Barrier::new(n + 1));
    let workers: Vec<_> = (0..n)
        .map(|i| {
            let (address, barrier) = (address.clone(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                let body = json!({"user": format!("random-{i}-{}", i * 7919), "password": "guess guess guess"});
                barrier.wait();
                http(
                    &address,
                    "POST",
                    "/api/staff/login",
                    &[("Content-Type", "application/json")],
                    body.to_string().as_bytes(),
                )
                .map(|raw| raw.status)
                .unwrap_or(0)
            })
        })
        .collect();
    barrier.wait();
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    let health = server::request(&address, "GET", "/api/health", None, b"").expect("health");
    let health_time = start.elapsed();
    let statuses: Vec<u16> = workers.into_iter().map(|w| w.join().expect("worker")).collect();

    assert_eq!(health.status, 200);
    assert!(health_time < Duration::from_secs(1), "/api/health took {health_time:?} during the flood");
    let throttled = statuses.iter().filter(|&&s| s == 429).count();
    let refused = statuses.iter().filter(|&&s| s == 401).count();
    assert!(throttled >= n - 40, "most are throttled before hashing: {throttled} × 429, {refused} × 401");
    assert_eq!(throttled + refused, n, "every attempt is answered 429 or 401: {statuses:?}");
    let peak = peak_memory_kib(pid);
    assert!(peak < 1024 * 1024, "peak memory {peak} KiB");
    assert!(peak < 256 * 1024, "peak memory {peak} KiB: more hashes ran at once than the slots allow");
    drop(server);

    // The failures for names without an account are counted, not written one row each.
    let conn = rusqlite::Connection::open(data_dir.join("intake.sqlite3")).expect("open");
    let (rows, counted): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), COALESCE(SUM(json_extract(detail, '$.count')), 0) FROM audit_log \
             WHERE action = 'login_failed'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("audit rows");
    assert!(rows <= 2, "{rows} audit rows for {refused} failed logins");
    assert!(counted >= 1, "the row counts the failures");
}

#[test]
fn a_wrong_proof_of_work_in_the_headers_is_refused_before_the_body_is_read() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = Server::start(&dir.path().join("data"), &["--body-timeout", "30"]);
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    // A 50 MB body is announced and never sent.
    let head = format!(
        "POST /api/open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: {}\r\n\
         X-Pow-Challenge: 00000000000000000000000000000000\r\nX-Pow-Nonce: 1\r\nContent-Length: 50000000\r\n\r\n",
        content_type()
    );
    stream.write_all(head.as_bytes()).expect("write");
    let start = Instant::now();
    let mut answer = [0u8; 2048];
    let n = stream.read(&mut answer).expect("an answer without the body");
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(start.elapsed() < Duration::from_secs(5), "answered after {:?}", start.elapsed());
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("pow_expired") || answer.contains("pow_invalid"), "{answer}");
}

#[test]
fn photos_before_the_proof_of_work_are_refused_unread() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = Server::start(&dir.path().join("data"), &["--pow-bits", "4"]);
    let pow = server::request(&server.address, "GET", "/api/pow", None, b"").expect("pow").json();
    let challenge = pow["challenge"].as_str().expect("challenge").to_owned();
    let nonce = portal_core::report::pow_solve(&challenge, 4);
    // A photo part first: refused, and the challenge is still good for a proper upload after.
    let body = Form::new().report(&valid_report()).photo(b"\xff\xd8 not read").pow(&challenge, nonce).finish();
    let raw =
        http(&server.address, "POST", "/api/open311/v2/requests.json", &[("Content-Type", &content_type())], &body)
            .expect("answer");
    assert_eq!(raw.status, 400);
    assert_eq!(raw.json()[0]["kind"], "pow_missing", "{}", raw.json());
    let body = Form::new().report(&valid_report()).pow(&challenge, nonce).finish();
    let raw =
        http(&server.address, "POST", "/api/open311/v2/requests.json", &[("Content-Type", &content_type())], &body)
            .expect("answer");
    assert_eq!(raw.status, 201, "{}", String::from_utf8_lossy(&raw.body));

    // The proof of work in the headers works as well.
    let pow = server::request(&server.address, "GET", "/api/pow", None, b"").expect("pow").json();
    let challenge = pow["challenge"].as_str().expect("challenge").to_owned();
    let nonce = portal_core::report::pow_solve(&challenge, 4).to_string();
    let body = Form::new().report(&valid_report()).finish();
    let headers = [("Content-Type", content_type()), ("X-Pow-Challenge", challenge), ("X-Pow-Nonce", nonce)];
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let raw = http(&server.address, "POST", "/api/open311/v2/requests.json", &headers, &body).expect("answer");
    assert_eq!(raw.status, 201, "{}", String::from_utf8_lossy(&raw.body));
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn the_data_directory_database_and_backups_are_the_owners_only() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = dir.path().join("data");
    let server = Server::start(&data_dir, &["--pow-bits", "4"]);
    // A report, so that the write-ahead log has been written.
    let pow = server::request(&server.address, "GET", "/api/pow", None, b"").expect("pow").json();
    let challenge = pow["challenge"].as_str().expect("challenge").to_owned();
    let nonce = portal_core::report::pow_solve(&challenge, 4);
    let body = Form::new().report(&valid_report()).pow(&challenge, nonce).finish();
    let raw =
        http(&server.address, "POST", "/api/open311/v2/requests.json", &[("Content-Type", &content_type())], &body)
            .expect("answer");
    assert_eq!(raw.status, 201);
    assert_eq!(mode(&data_dir), 0o700, "data directory");
    for file in ["intake.sqlite3", "intake.sqlite3-wal", "intake.sqlite3-shm", "intake.lock", "keys/report.key"] {
        assert_eq!(mode(&data_dir.join(file)), 0o600, "{file}");
    }
    let backup = dir.path().join("backup.sqlite3");
    let output = server::intake(&["backup", "--out", backup.to_str().expect("path")], &data_dir, "");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(mode(&backup), 0o600, "backup");
}

#[test]
fn log_lines_carry_a_timestamp_and_a_level() {
    let dir = tempfile::tempdir().expect("temporary directory");
    // No site: the service warns about it.
    let server = Server::start(&dir.path().join("data"), &[]);
    let output = server.stop();
    let line = output
        .lines()
        .find(|line| line.contains("has no index.html"))
        .unwrap_or_else(|| panic!("no warning about the site in {output}"));
    let rest = line.strip_prefix("time=").unwrap_or_else(|| panic!("no timestamp: {line}"));
    let (time, rest) = rest.split_once(' ').expect("fields");
    assert!(time.len() == 24 && time.ends_with('Z') && time.as_bytes()[10] == b'T', "UTC timestamp: {time}");
    assert!(rest.starts_with("level=warn msg=\""), "{line}");
    assert!(!output.contains("127.0.0.1:") || output.contains("Serving the portal at"), "no client addresses");
}

/// The log lines of `output` that name request `id`.
fn lines_of<'a>(output: &'a str, id: &str) -> Vec<&'a str> {
    output.lines().filter(|line| line.contains(id)).collect()
}

#[test]
fn each_request_has_an_id_in_its_answer_and_its_log_lines_and_no_client_address() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = Server::start(&dir.path().join("data"), &["--log-level", "debug"]);
    let answer = http(&server.address, "GET", "/api/health?receipt=1234567890123456", &[], b"").expect("health");
    assert_eq!(answer.status, 200);
    let id = answer.header("x-request-id").expect("a request id").to_owned();
    assert!(id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    // A client cannot choose its id: only a trusted proxy's is kept.
    let forged =
        http(&server.address, "GET", "/api/health", &[("X-Request-Id", "chosen-by-client")], b"").expect("health");
    let other = forged.header("x-request-id").expect("a request id").to_owned();
    assert_ne!(other, "chosen-by-client");
    assert_ne!(other, id);
    let output = server.stop();
    let lines = lines_of(&output, &format!("request_id={id}"));
    assert_eq!(lines.len(), 1, "one line for the request in {output}");
    let line = lines[0];
    assert!(line.starts_with("time=") && line.contains(" level=debug "), "{line}");
    for field in ["method=GET", "route=/api/health", "status=200", " ms=", "msg=\"answered\""] {
        assert!(line.contains(field), "{field} in {line}");
    }
    // Neither the query string nor the client's address is written.
    assert!(!output.contains("1234567890123456"), "{output}");
    assert!(!output.contains("chosen-by-client"), "{output}");
    let addresses = output.lines().filter(|l| l.contains("127.0.0.1") && !l.starts_with("Serving the portal at"));
    assert_eq!(addresses.count(), 0, "{output}");
}

#[test]
fn behind_a_trusted_proxy_its_request_id_is_kept() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = Server::start(&dir.path().join("data"), &["--log-level", "debug", "--trusted-proxy", "127.0.0.1"]);
    let proxy_id = "0f8e6b3c2a1d4e5f6a7b8c9d0e1f2a3b";
    let answer = http(&server.address, "GET", "/api/health", &[("X-Request-Id", proxy_id)], b"").expect("health");
    assert_eq!(answer.header("x-request-id"), Some(proxy_id));
    // Not a plain token: replaced.
    let odd = http(&server.address, "GET", "/api/health", &[("X-Request-Id", "a\"b")], b"").expect("health");
    assert_ne!(odd.header("x-request-id"), Some("a\"b"));
    let output = server.stop();
    assert_eq!(lines_of(&output, &format!("request_id={proxy_id}")).len(), 1, "{output}");
}

#[test]
fn json_log_lines_are_json_with_the_request_span() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = Server::start(&dir.path().join("data"), &["--log-format", "json", "--log-level", "debug"]);
    let answer = http(&server.address, "GET", "/api/health", &[], b"").expect("health");
    let id = answer.header("x-request-id").expect("a request id").to_owned();
    let output = server.stop();
    let events: Vec<serde_json::Value> = output
        .lines()
        .filter(|line| !line.starts_with("Serving the portal at") && *line != "Stopped.")
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("not JSON ({err}): {line}")))
        .collect();
    let warning = events.iter().find(|e| e["fields"]["message"].as_str().is_some_and(|m| m.contains("index.html")));
    assert_eq!(warning.expect("the site warning")["level"], "WARN");
    let answered: Vec<&serde_json::Value> = events.iter().filter(|e| e["span"]["request_id"] == id.as_str()).collect();
    assert_eq!(answered.len(), 1, "{output}");
    assert_eq!(answered[0]["span"]["route"], "/api/health");
    assert_eq!(answered[0]["fields"]["status"], 200);
    assert!(answered[0]["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')), "{}", answered[0]);
}

#[cfg(unix)]
#[test]
fn serve_refuses_a_key_file_other_users_can_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = dir.path().join("data");
    Server::start(&data_dir, &[]).stop();
    // Both keys are made on the first start, side by side, the owner's only.
    for name in ["report.key", "receipt.key"] {
        let key = data_dir.join("keys").join(name);
        assert_eq!(mode(&key), 0o600, "{name}");
        assert_eq!(std::fs::read(&key).expect("the key").len(), 32, "{name}");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let site = dir.path().join("site");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_intake"))
            .args(["serve", "--port", "0", "--site-dir", site.to_str().expect("path"), "--data-dir"])
            .arg(&data_dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start intake");
        let deadline = Instant::now() + Duration::from_secs(10);
        while child.try_wait().expect("wait").is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("serve starts with a world-readable {name}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let output = child.wait_with_output().expect("output");
        assert!(!output.status.success(), "serve exits with an error");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("readable by other users") && stderr.contains("chmod 600"), "{stderr}");
        assert!(stderr.contains(name), "{stderr}");
        // Once it is the owner's only again, the service starts.
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        Server::start(&data_dir, &[]).stop();
    }
}

/// A field of /proc/<pid>/status in KiB (Linux), e.g. `VmRSS`.
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("{field} in /proc/{pid}/status"))
}

/// The bytes in the files of `dir`.
fn bytes_in(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |entries| entries.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum())
}

/// A fresh solved proof of work from the running service.
fn solved_pow(address: &str) -> (String, u64) {
    let pow = server::request(address, "GET", "/api/pow", None, b"").expect("pow").json();
    let challenge = pow["challenge"].as_str().expect("challenge").to_owned();
    let bits = u8::try_from(pow["difficulty_bits"].as_u64().expect("bits")).expect("small");
    let nonce = portal_core::report::pow_solve(&challenge, bits);
    (challenge, nonce)
}

#[test]
fn photos_in_flight_go_to_temporary_files_not_to_memory_and_are_deleted_when_cut_off() {
    const PHOTO: usize = 9 * 1024 * 1024;
    const PHOTOS: usize = 4;
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = dir.path().join("data");
    let server = Server::start(&data_dir, &["--pow-bits", "4", "--body-timeout", "60"]);
    let pid = server.pid().expect("running");
    let (challenge, nonce) = solved_pow(&server.address);
    // Four photo parts of 9 MiB (noise behind a JPEG signature): the whole upload is 36 MiB.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE0];
    photo.extend((4..PHOTO).map(|_| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state.to_le_bytes()[3]
    }));
    let mut form = Form::new().pow(&challenge, nonce).report(&valid_report());
    for _ in 0..PHOTOS {
        form = form.photo(&photo);
    }
    let body = form.finish();
    let before = status_kib(pid, "VmRSS");

    // Everything but the end of the last part is sent; the request stays open.
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    let head = format!(
        "POST /api/open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
        content_type(),
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("write the head");
    let held_back = 100;
    stream.write_all(&body[..body.len() - held_back]).expect("write the body");
    let uploads = data_dir.join("uploads");
    let deadline = Instant::now() + Duration::from_secs(30);
    while bytes_in(&uploads) < (PHOTOS * PHOTO - 64 * 1024) as u64 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let spooled = bytes_in(&uploads);
    let during = status_kib(pid, "VmRSS");
    assert!(spooled >= (PHOTOS * PHOTO - 64 * 1024) as u64, "{spooled} bytes in {}", uploads.display());
    let grown = during.saturating_sub(before);
    assert!(
        grown < 12 * 1024,
        "resident memory grew by {grown} KiB while {} KiB of photos were in flight",
        PHOTOS * PHOTO / 1024
    );
    println!("{} KiB of photos in flight: resident memory {before} KiB → {during} KiB", PHOTOS * PHOTO / 1024);

    // The client goes away: its temporary files go too.
    drop(stream);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::read_dir(&uploads).expect("list").count() > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_dir(&uploads).expect("list").count(), 0, "temporary files deleted");
}

#[test]
fn below_the_disk_floor_photos_are_refused_in_both_languages_and_text_reports_taken() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = dir.path().join("data");
    std::fs::create_dir_all(&data_dir).expect("data dir");
    let free = portal_intake::metrics::disk_free(&data_dir).expect("free space");
    let floor = (free + 1024 * 1024 * 1024).to_string();
    let server = Server::start(&data_dir, &["--pow-bits", "4", "--min-free-disk", &floor]);
    let photo = common::upload::real_jpeg(16, 16, 1);
    for (lang, message) in [
        ("zh", "服务器暂时没有空间接收照片。请去掉照片后提交，不带照片的举报照常受理。"),
        (
            "en",
            "The server has no room for photos right now. Remove the photos and send the report: reports without photos are still accepted.",
        ),
    ] {
        let (challenge, nonce) = solved_pow(&server.address);
        let body = Form::new().pow(&challenge, nonce).report(&valid_report()).photo(&photo).finish();
        let path = format!("/api/open311/v2/requests.json?lang={lang}");
        let raw = http(&server.address, "POST", &path, &[("Content-Type", &content_type())], &body).expect("answer");
        assert_eq!(raw.status, 503, "{}", String::from_utf8_lossy(&raw.body));
        assert_eq!(
            raw.json(),
            json!([{"code": 503, "description": message, "field": "photos", "kind": "photo_no_room"}])
        );
    }
    let (challenge, nonce) = solved_pow(&server.address);
    let mut report = valid_report();
    report["photos_count"] = json!(0);
    let body = Form::new().pow(&challenge, nonce).report(&report).finish();
    let raw =
        http(&server.address, "POST", "/api/open311/v2/requests.json", &[("Content-Type", &content_type())], &body)
            .expect("answer");
    assert_eq!(raw.status, 201, "a report without photos is taken: {}", String::from_utf8_lossy(&raw.body));
    assert_eq!(std::fs::read_dir(data_dir.join("uploads")).expect("list").count(), 0);
}
