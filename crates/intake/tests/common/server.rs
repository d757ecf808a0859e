//! Running the real `intake` binary and talking to it with hand-written HTTP/1.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long to wait for the server to start, answer or stop.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs the `intake` binary with `args`, writing `stdin` to its standard input.
pub fn intake(args: &[&str], data_dir: &Path, stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_intake"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start intake");
    // A command that fails before reading its input closes the pipe early; that is not an error here.
    let _ = child.stdin.take().expect("stdin is piped").write_all(stdin.as_bytes());
    child.wait_with_output().expect("run intake")
}

/// The real service, killed when dropped. Everything it prints is collected.
pub struct Server {
    child: Option<Child>,
    /// `127.0.0.1:<port>`.
    pub address: String,
    /// The start-up line.
    pub startup: String,
    stdout_lines: mpsc::Receiver<String>,
    output: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

impl Server {
    /// Starts `intake serve --port 0 --data-dir <data_dir> --site-dir <data_dir>/../site` plus
    /// `args`, and waits for its start-up line.
    pub fn start(data_dir: &Path, args: &[&str]) -> Self {
        let site_dir = data_dir.with_file_name("site");
        let mut child = Command::new(env!("CARGO_BIN_EXE_intake"))
            .arg("serve")
            .args(["--port", "0"])
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--site-dir")
            .arg(&site_dir)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the intake binary");
        let output = Arc::new(Mutex::new(String::new()));
        let (lines_tx, stdout_lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let out = Arc::clone(&output);
        let stdout_reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                out.lock().expect("lock").push_str(&format!("{line}\n"));
                let _ = lines_tx.send(line);
            }
        });
        let err = Arc::clone(&output);
        let stderr_reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                err.lock().expect("lock").push_str(&format!("{line}\n"));
            }
        });
        let mut server = Self {
            child: Some(child),
            address: String::new(),
            startup: String::new(),
            stdout_lines,
            output,
            readers: vec![stdout_reader, stderr_reader],
        };
        let startup = server
            .stdout_lines
            .recv_timeout(TIMEOUT)
            .unwrap_or_else(|_| panic!("the server printed no start-up line; output so far:\n{}", server.output()));
        let address = startup
            .strip_prefix("Serving the portal at http://")
            .and_then(|rest| rest.split_once('/'))
            .map(|(address, _)| address.to_owned())
            .unwrap_or_else(|| panic!("unexpected start-up line: {startup}"));
        server.address = address;
        server.startup = startup;
        server
    }

    /// The process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Everything printed to stdout and stderr so far.
    pub fn output(&self) -> String {
        self.output.lock().expect("lock").clone()
    }

    /// Kills the process with SIGKILL (`kill -9`) and waits for it.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("kill -9 the server");
            child.wait().expect("wait for the server");
        }
    }

    /// Stops the process with SIGTERM and waits for it (and for its output), checking that it
    /// exits with 0.
    #[cfg(unix)]
    pub fn terminate(&mut self) {
        if let Some(mut child) = self.child.take() {
            let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("run kill");
            assert!(status.success(), "kill -TERM failed");
            let exit = child.wait().expect("wait for the server");
            assert!(exit.success(), "the server exits with 0, got {exit}");
        }
        for reader in self.readers.drain(..) {
            reader.join().expect("the output reader finishes");
        }
    }

    /// [`Server::terminate`], then all it printed.
    #[cfg(unix)]
    pub fn stop(mut self) -> String {
        self.terminate();
        self.output()
    }

    /// The next line it printed to stdout after the start-up line, waiting for it.
    pub fn next_stdout_line(&self) -> Option<String> {
        self.stdout_lines.recv_timeout(TIMEOUT).ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // Already exited is fine; there is nothing else to do about errors.
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A response read off the wire, with its headers.
#[derive(Debug)]
pub struct Raw {
    /// The status code.
    pub status: u16,
    /// Header names (lowercase) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Raw {
    /// The first value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// One HTTP/1.1 request with extra headers over TCP (`Connection: close`), reading the whole
/// response. Errors are returned, not panicked on, so a caller can notice that the server has
/// gone away.
pub fn http(address: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> std::io::Result<Raw> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split =
        raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line: {head}")))?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Ok(Raw { status, headers, body: raw[split + 4..].to_vec() })
}

/// [`http`] with at most a `Content-Type`, refusing a chunked response (the service sends none).
pub fn request(
    address: &str,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> std::io::Result<Raw> {
    let headers: Vec<(&str, &str)> = content_type.map(|value| ("Content-Type", value)).into_iter().collect();
    let response = http(address, method, path, &headers, body)?;
    if response.header("transfer-encoding").is_some_and(|value| value.to_ascii_lowercase().contains("chunked")) {
        return Err(std::io::Error::other("chunked responses are not expected"));
    }
    Ok(response)
}
