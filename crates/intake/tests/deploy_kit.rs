//! The deploy kit's service definitions against the binary they run: the systemd unit passes
//! `systemd-analyze verify`, and the options the unit and the Containerfile give `intake serve`
//! are ones this binary accepts (a renamed flag would otherwise surface only on a server).

mod common;

use std::path::{Path, PathBuf};

use common::server::Server;

fn kit(path: &str) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy").join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|err| panic!("read {}: {err}", file.display()))
}

/// The unit's `ExecStart` command line, continuation lines joined, split into words.
fn exec_start(unit: &str) -> Vec<String> {
    let mut line = String::new();
    let mut lines = unit.lines().skip_while(|l| !l.starts_with("ExecStart="));
    for l in lines.by_ref() {
        let (text, more) = l.strip_suffix('\\').map_or((l, false), |t| (t, true));
        line.push_str(text);
        line.push(' ');
        if !more {
            break;
        }
    }
    let command = line.strip_prefix("ExecStart=").expect("the unit has an ExecStart line");
    command.split_whitespace().map(str::to_owned).collect()
}

/// The JSON arrays of a Containerfile's `ENTRYPOINT` and `CMD`, joined.
fn container_command(file: &str) -> Vec<String> {
    let joined = file.replace("\\\n", " ");
    ["ENTRYPOINT ", "CMD "]
        .iter()
        .flat_map(|key| {
            let line = joined.lines().find(|l| l.starts_with(key)).unwrap_or_else(|| panic!("no {key}line"));
            let words: Vec<String> =
                serde_json::from_str(line[key.len()..].trim()).unwrap_or_else(|err| panic!("{key}is not JSON ({err})"));
            words
        })
        .collect()
}

/// `intake serve`'s options in `words` (after `serve`), without the port, data and site
/// directories (the test server sets its own) and with `/data/backups`-like directories moved
/// into `scratch`.
fn serve_options(words: &[String], scratch: &Path) -> Vec<String> {
    let serve = words.iter().position(|w| w == "serve").expect("the command runs `intake serve`");
    let mut options = Vec::new();
    let mut rest = words[serve + 1..].iter();
    while let Some(word) = rest.next() {
        match word.as_str() {
            "--port" | "--data-dir" | "--site-dir" => {
                rest.next();
            }
            "--backup-dir" => {
                rest.next();
                options.push(word.clone());
                options.push(scratch.join("backups").to_string_lossy().into_owned());
            }
            // In a container the service listens on every address; here the loopback will do.
            "--bind" => {
                rest.next();
                options.extend(["--bind".to_owned(), "127.0.0.1".to_owned()]);
            }
            _ => options.push(word.clone()),
        }
    }
    options
}

/// Starts the binary with `options` and stops it: it must start, then exit with 0.
fn starts_with(options: &[String]) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let options: Vec<String> = serve_options(options, dir.path());
    let args: Vec<&str> = options.iter().map(String::as_str).collect();
    let server = Server::start(&dir.path().join("data"), &args);
    assert!(server.startup.starts_with("Serving the portal at"), "{}", server.startup);
    let output = server.stop();
    assert!(!output.contains("level=error"), "{output}");
}

#[test]
fn the_systemd_unit_passes_systemd_analyze_verify() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_intake"));
    let unit = kit("systemd/portal-intake.service").replace("/srv/portal/bin/intake", &binary.to_string_lossy());
    let file = dir.path().join("portal-intake.service");
    std::fs::write(&file, unit).expect("write the unit");
    let output = std::process::Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&file)
        .output()
        .expect("run systemd-analyze (Debian package systemd; `cargo xtask setup` installs it)");
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    // verify exits 0 on a value it ignores, so anything it says is a finding.
    assert!(output.status.success() && said.trim().is_empty(), "systemd-analyze verify: {said}");
}

#[test]
fn the_units_and_the_containers_options_are_ones_the_binary_accepts() {
    let unit = exec_start(&kit("systemd/portal-intake.service"));
    assert!(unit[0].ends_with("/intake") && unit[1] == "serve", "{unit:?}");
    starts_with(&unit);
    let container = container_command(&kit("Containerfile"));
    assert!(container.iter().any(|w| w == "--trusted-proxy"), "{container:?}");
    starts_with(&container);
}

#[test]
fn the_option_reader_of_this_test_keeps_what_it_should() {
    let words: Vec<String> =
        ["intake", "serve", "--bind", "0.0.0.0", "--port", "8080", "--secure-cookies", "--backup-dir", "/data/b"]
            .map(str::to_owned)
            .to_vec();
    let options = serve_options(&words, Path::new("/tmp/x"));
    assert_eq!(options, ["--bind", "127.0.0.1", "--secure-cookies", "--backup-dir", "/tmp/x/backups"]);
    let unit = exec_start("[Service]\nExecStart=/bin/intake serve \\\n    --a 1 \\\n    --b\nRestart=no\n");
    assert_eq!(unit, ["/bin/intake", "serve", "--a", "1", "--b"]);
}
