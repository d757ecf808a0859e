//! Runs the real `intake` binary and talks to it over TCP.

mod common;

use common::server::{self, Server};

#[test]
fn the_binary_serves_health_on_the_port_it_announces() {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let data_dir = dir.path().join("data");
    let site_dir = dir.path().join("site");
    let mut server = Server::start(&data_dir, &[]);

    let startup = &server.startup;
    let expected_tail = format!("/ (data: {}, site: {})", data_dir.display(), site_dir.display());
    let address = startup
        .strip_prefix("Serving the portal at http://")
        .and_then(|rest| rest.strip_suffix(&expected_tail))
        .unwrap_or_else(|| panic!("unexpected start-up line: {startup}"));
    assert_eq!(address, server.address);
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    assert!(!address.ends_with(":0"), "the real port is printed: {address}");
    assert!(data_dir.join("intake.sqlite3").is_file());

    let response = server::request(address, "GET", "/api/health", None, b"").expect("ask for the health");
    let body = String::from_utf8_lossy(&response.body);
    assert_eq!(response.status, 200, "unexpected response: {body}");
    assert!(body.contains(r#""schema_version":9"#), "{body}");

    // Asked to stop with SIGTERM, it says goodbye and exits with 0. (Without Unix signals, it is
    // killed when dropped.)
    #[cfg(unix)]
    {
        server.terminate();
        assert_eq!(server.next_stdout_line().as_deref(), Some("Stopped."), "the server says goodbye");
    }
}
