//! `cargo xtask test`: every check, in order, with one summary line at the end.
//!
//! Each tool's own results are counted (cargo's "test result" lines, node's "# pass"/"# fail");
//! fmt and each clippy pass count as one check each. A step that cannot run counts as a failure,
//! and the command exits non-zero if anything failed.

use crate::run::{cmd, run_capture};
use crate::{Failure, build, root, setup};

/// Passed and failed counts.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// Sums cargo's `test result: ok. N passed; M failed; …` lines (libtest and wasm-bindgen-test).
pub fn parse_cargo(output: &str) -> Tally {
    let mut t = Tally::default();
    for line in output.lines().filter(|l| l.trim_start().starts_with("test result:")) {
        let number_before = |word: &str| {
            line.split(';')
                .find_map(|part| {
                    part.trim().strip_suffix(word).map(str::trim).map(|n| n.rsplit(' ').next().unwrap_or(n).to_owned())
                })
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0)
        };
        t.passed += number_before(" passed");
        t.failed += number_before(" failed");
    }
    t
}

/// Reads node's TAP summary: `# pass N` and `# fail N`.
pub fn parse_node_tap(output: &str) -> Tally {
    let get = |key: &str| {
        output.lines().filter_map(|l| l.strip_prefix(key)).filter_map(|n| n.trim().parse::<usize>().ok()).sum()
    };
    Tally { passed: get("# pass "), failed: get("# fail ") }
}

fn step(name: &str) {
    println!("\n==== {name} ====");
}

/// One check that passes or fails as a whole (fmt, a clippy pass, a build).
fn check(tally: &mut Tally, failures: &mut Vec<String>, name: &str, ok: bool) {
    if ok {
        tally.passed += 1;
    } else {
        tally.failed += 1;
        failures.push(name.to_owned());
    }
}

/// A test suite whose results are counted; a suite that fails without reporting a failed test
/// (it did not compile, or crashed) counts as one failure.
fn suite(tally: &mut Tally, failures: &mut Vec<String>, name: &str, ok: bool, counted: Tally) {
    tally.add(counted);
    if !ok && counted.failed == 0 {
        tally.failed += 1;
    }
    if !ok {
        failures.push(name.to_owned());
    }
}

/// Runs everything and prints `N passed, N failed`.
pub fn test_all() -> Result<(), Failure> {
    step("setup");
    setup::ensure_build_tools()?;
    setup::ensure_browser()?;
    setup::ensure_python_readers()?;

    let mut tally = Tally::default();
    let mut failures = Vec::new();

    // Chromium leaves a profile directory (about 110 MB) in the temporary directory whenever its
    // driver ends it without a clean exit; browser runs get their own, removed at the end.
    let scratch = root().join("target").join("tmp").join("browser-runs");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)?;

    step("cargo fmt --check");
    let (ok, _) = run_capture(cmd("cargo", &["fmt", "--all", "--check"]))?;
    check(&mut tally, &mut failures, "cargo fmt --check", ok);

    step("clippy (native crates)");
    let (ok, _) = run_capture(cmd(
        "cargo",
        &["clippy", "--workspace", "--exclude", "portal-app", "--all-targets", "--", "-D", "warnings"],
    ))?;
    check(&mut tally, &mut failures, "clippy (native)", ok);

    // The app as the site builds it, and with the benchmark hooks (its `bench` feature).
    let app_passes: [(&str, &str, &[&str]); 2] = [
        ("clippy (app on wasm32)", "clippy (wasm32)", &[]),
        ("clippy (app on wasm32, bench feature)", "clippy (wasm32, bench)", &["--features", "bench"]),
    ];
    for (title, name, features) in app_passes {
        step(title);
        let app = ["clippy", "--package", "portal-app", "--target", "wasm32-unknown-unknown", "--all-targets"];
        let (ok, _) = run_capture(cmd("cargo", &[&app[..], features, &["--", "-D", "warnings"][..]].concat()))?;
        check(&mut tally, &mut failures, name, ok);
    }

    // The app's components also render natively, in the prerenderer.
    step("clippy (the app natively: the prerenderer)");
    let (ok, _) = run_capture(cmd(
        "cargo",
        &["clippy", "--package", "portal-app", "--lib", "--bin", "prerender", "--", "-D", "warnings"],
    ))?;
    check(&mut tally, &mut failures, "clippy (app, native)", ok);

    step("native tests");
    let (ok, out) = run_capture(cmd("cargo", &["test", "--workspace", "--exclude", "portal-app"]))?;
    suite(&mut tally, &mut failures, "native tests", ok, parse_cargo(&out));

    step("wasm tests in headless Chromium");
    let mut wasm = cmd("cargo", &["test", "--package", "portal-app", "--target", "wasm32-unknown-unknown"]);
    wasm.env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("TMPDIR", &scratch)
        .current_dir(root().join("app"));
    let (ok, out) = run_capture(wasm)?;
    suite(&mut tally, &mut failures, "wasm browser tests", ok, parse_cargo(&out));

    step("build the feed and the site");
    match build::build_all() {
        Ok(site) => {
            step("end-to-end tests in headless Chromium");
            let mut files: Vec<String> = std::fs::read_dir(root().join("tests").join("e2e"))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
                .map(|p| p.strip_prefix(root()).unwrap_or(&p).to_string_lossy().into_owned())
                .collect();
            files.sort();
            let mut args = vec!["--test", "--test-reporter=tap", "--test-concurrency=1"];
            args.extend(files.iter().map(String::as_str));
            let mut e2e = cmd("node", &args);
            e2e.env("PORTAL_INTAKE_BIN", crate::build::target_dir().join("debug").join("intake"))
                .env("PORTAL_SITE_DIR", &site)
                .env("TMPDIR", &scratch);
            let (ok, out) = run_capture(e2e)?;
            suite(&mut tally, &mut failures, "end-to-end tests", ok, parse_node_tap(&out));
        }
        Err(Failure(msg)) => {
            eprintln!("{msg}");
            check(&mut tally, &mut failures, "build the feed and the site", false);
        }
    }

    let _ = std::fs::remove_dir_all(&scratch);

    println!();
    if !failures.is_empty() {
        println!("Failed: {}", failures.join(", "));
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 && failures.is_empty() { Ok(()) } else { Err(Failure(format!("{} failed", tally.failed))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_results_are_summed_over_every_test_binary() {
        let out = "running 3 tests\ntest result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                   test result: FAILED. 16 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(parse_cargo(out), Tally { passed: 19, failed: 2 });
    }

    #[test]
    fn node_tap_summary_is_read() {
        let out =
            "TAP version 13\nok 1 - a\nnot ok 2 - b\n1..2\n# tests 2\n# suites 0\n# pass 1\n# fail 1\n# cancelled 0\n";
        assert_eq!(parse_node_tap(out), Tally { passed: 1, failed: 1 });
    }

    #[test]
    fn nothing_counted_from_unrelated_output() {
        assert_eq!(parse_cargo("error[E0308]: mismatched types\n"), Tally::default());
        assert_eq!(parse_node_tap("# passes are not counted\n"), Tally::default());
    }
}
