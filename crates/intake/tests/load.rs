//! The load benchmark of `cargo xtask bench` (ignored here; the bench runs it on the release
//! build): report submissions per second and their latency on loopback, and a `kill -9` under
//! that load that must lose no acknowledged report. It prints its figures as `ROW` lines for the
//! bench's table. The proof of work is at 0 bits and the rate limit is lifted, so that it measures
//! the service and its database (the proof of work's cost is the browser's, measured there).
//!
//! Run it alone: `cargo test --release -p portal-intake --test load -- --ignored --nocapture`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::server::Server;
use common::upload::{self, Form, jpeg_with_gps, valid_report};
use serde_json::Value;

/// Clients sending at once.
const CLIENTS: usize = 8;
/// Submissions measured (after a warm-up of [`WARM_UP`]).
const MEASURED: usize = 6000;
const WARM_UP: usize = 300;
/// Acknowledgements to wait for before the `kill -9`.
const BEFORE_KILL: usize = 2000;

/// One keep-alive HTTP/1.1 connection (responses with a `Content-Length`, as the service sends).
struct Connection {
    address: String,
    reader: BufReader<TcpStream>,
}

impl Connection {
    fn open(address: &str) -> std::io::Result<Self> {
        let stream = TcpStream::connect(address)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Self { address: address.to_owned(), reader: BufReader::new(stream) })
    }

    /// Sends a request and reads its answer: the status and the body.
    fn send(
        &mut self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> std::io::Result<(u16, Vec<u8>)> {
        let mut head =
            format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n", self.address, body.len());
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("status line {line:?}")))?;
        let mut length = None;
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other("cut off in the headers"));
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.ok_or_else(|| std::io::Error::other("no Content-Length"))?];
        self.reader.read_exact(&mut body)?;
        Ok((status, body))
    }

    /// Files one report with a photo: a challenge, then the report. Returns the latency of the
    /// submission itself and the report's public id.
    fn submit(&mut self, photo: &[u8], report: &Value) -> std::io::Result<(Duration, String)> {
        let (_, pow) = self.send("GET", "/api/pow", None, b"")?;
        let pow: Value = serde_json::from_slice(&pow).map_err(std::io::Error::other)?;
        let challenge = pow["challenge"].as_str().ok_or_else(|| std::io::Error::other("no challenge"))?;
        let body = Form::new().pow(challenge, 0).report(report).photo(photo).finish();
        let started = Instant::now();
        let (status, answer) =
            self.send("POST", "/api/open311/v2/requests.json", Some(&upload::content_type()), &body)?;
        let took = started.elapsed();
        if status != 201 {
            return Err(std::io::Error::other(format!("status {status}: {}", String::from_utf8_lossy(&answer))));
        }
        let answer: Value = serde_json::from_slice(&answer).map_err(std::io::Error::other)?;
        let id = answer[0]["service_request_id"].as_str().ok_or_else(|| std::io::Error::other("no id"))?;
        Ok((took, id.to_owned()))
    }
}

/// `count` submissions from [`CLIENTS`] clients: their latencies and ids, and the seconds taken.
fn submit_many(address: &str, count: usize) -> (Vec<Duration>, Vec<String>, f64) {
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(Mutex::new((Vec::with_capacity(count), Vec::with_capacity(count))));
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (address, next, done) = (address.to_owned(), Arc::clone(&next), Arc::clone(&done));
            std::thread::spawn(move || {
                let (photo, report) = (jpeg_with_gps(), valid_report());
                let mut connection = Connection::open(&address).expect("connect");
                while next.fetch_add(1, Ordering::Relaxed) < count {
                    let (took, id) = connection.submit(&photo, &report).expect("a report filed under load");
                    let mut done = done.lock().expect("lock");
                    done.0.push(took);
                    done.1.push(id);
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("a client finishes");
    }
    let seconds = started.elapsed().as_secs_f64();
    let (latencies, ids) = std::mem::take(&mut *done.lock().expect("lock"));
    (latencies, ids, seconds)
}

fn row(what: &str, value: &str, budget: &str, pass: bool) {
    println!(
        "ROW\t{what}\t{value}\t{budget}\t{}",
        if budget.is_empty() {
            ""
        } else if pass {
            "pass"
        } else {
            "fail"
        }
    );
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[test]
#[ignore = "a benchmark: `cargo xtask bench` runs it on the release build"]
fn load() {
    let dir = tempfile::tempdir().expect("temporary directory");
    common::write(&dir.path().join("site"), "index.html", common::INDEX_HTML.as_bytes());
    let build = if cfg!(debug_assertions) { "debug" } else { "release" };

    // Throughput and latency.
    let data_dir = dir.path().join("data");
    let server = Server::start(&data_dir, &["--pow-bits", "0", "--rate-limit", "0"]);
    submit_many(&server.address, WARM_UP);
    let (mut latencies, ids, seconds) = submit_many(&server.address, MEASURED);
    latencies.sort();
    let per_second = ids.len() as f64 / seconds;
    let percentile = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let p99 = millis(percentile(0.99));
    row(
        &format!("report submissions with a photo, {MEASURED} from {CLIENTS} clients ({build} build of intake)"),
        &format!("{per_second:.0} per second"),
        "≥ 1000 per second",
        per_second >= 1000.0,
    );
    row(
        "report submission latency p50 / p99",
        &format!("{:.1} ms / {p99:.1} ms", millis(percentile(0.5))),
        "p99 ≤ 20 ms",
        p99 <= 20.0,
    );
    server.stop();

    // kill -9 under the same load: every report acknowledged is in the database afterwards.
    let data_dir = dir.path().join("killed");
    let mut server = Server::start(&data_dir, &["--pow-bits", "0", "--rate-limit", "0"]);
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (address, acknowledged, stop) = (server.address.clone(), Arc::clone(&acknowledged), Arc::clone(&stop));
            std::thread::spawn(move || {
                let (photo, report) = (jpeg_with_gps(), valid_report());
                let Ok(mut connection) = Connection::open(&address) else { return };
                while !stop.load(Ordering::Relaxed) {
                    // Killed mid-request: an error, and the end of this client.
                    let Ok((_, id)) = connection.submit(&photo, &report) else { return };
                    acknowledged.lock().expect("lock").push(id);
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().expect("lock").len() < BEFORE_KILL {
        assert!(Instant::now() < deadline, "too few acknowledgements");
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().expect("a client stops");
    }
    let acknowledged = std::mem::take(&mut *acknowledged.lock().expect("lock"));
    let conn = rusqlite::Connection::open(data_dir.join("intake.sqlite3")).expect("open the database");
    let lost = acknowledged
        .iter()
        .filter(|id| {
            conn.query_row("SELECT count(*) FROM reports WHERE public_id = ?1", [id], |r| r.get::<_, i64>(0))
                .expect("count")
                != 1
        })
        .count();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity check");
    row(
        &format!("kill -9 under that load: acknowledged reports missing afterwards (of {})", acknowledged.len()),
        &format!("{lost} (integrity check: {check})"),
        "0",
        lost == 0 && check == "ok",
    );
    assert_eq!(lost, 0, "acknowledged reports lost by a kill -9");
}
