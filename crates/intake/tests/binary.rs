//! Runs the real `intake` binary and talks to it over TCP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long to wait for the server to start or stop.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Kills the child process when dropped, so a failing test leaves nothing
/// running behind.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        // Already exited is fine; there is nothing else to do about errors.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_binary_serves_health_on_the_port_it_announces() {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let data_dir = dir.path().join("data");
    let site_dir = dir.path().join("site");
    let child = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("serve")
        .args(["--port", "0"])
        .arg("--data-dir")
        .arg(&data_dir)
        .arg("--site-dir")
        .arg(&site_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the intake binary");
    let mut child = KillOnDrop(child);

    // Read stdout on a thread so that a silent server cannot hang the test.
    let stdout = child.0.stdout.take().expect("stdout is piped");
    let (lines_tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });

    let startup = lines.recv_timeout(TIMEOUT).expect("the server prints its start-up line");
    let expected_tail = format!("/ (data: {}, site: {})", data_dir.display(), site_dir.display());
    let address = startup
        .strip_prefix("Serving the portal at http://")
        .and_then(|rest| rest.strip_suffix(&expected_tail))
        .unwrap_or_else(|| panic!("unexpected start-up line: {startup}"));
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    assert!(!address.ends_with(":0"), "the real port is printed: {address}");
    assert!(data_dir.join("intake.sqlite3").is_file());

    let response = http_get(address, "/api/health");
    assert!(response.starts_with("HTTP/1.1 200 "), "unexpected response: {response}");
    assert!(response.contains(r#""schema_version":6"#), "{response}");

    stop(&mut child.0, &lines);
}

/// Sends a hand-written HTTP/1.1 GET and returns the whole response.
fn http_get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connect to the server");
    stream.set_read_timeout(Some(TIMEOUT)).expect("set a read timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").expect("send the request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read the response");
    response
}

/// Asks the server to stop with SIGTERM and checks that it does so cleanly.
#[cfg(unix)]
fn stop(child: &mut Child, lines: &mpsc::Receiver<String>) {
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("run kill");
    assert!(status.success(), "kill -TERM failed");
    assert_eq!(lines.recv_timeout(TIMEOUT).expect("the server says goodbye"), "Stopped.");
    let exit = child.wait().expect("wait for the server");
    assert!(exit.success(), "the server exits with 0, got {exit}");
}

/// Without Unix signals, just kill the server.
#[cfg(not(unix))]
fn stop(child: &mut Child, _lines: &mpsc::Receiver<String>) {
    child.kill().expect("kill the server");
}
