//! `cargo xtask`: the project's entry points.
//!
//! ```text
//! cargo xtask serve [--port 8080] [--data-dir .serve-data]   install what is missing, build, serve
//! cargo xtask test                                          install what is missing, run every check
//! cargo xtask dist [--out target/dist-kit]                   a deploy kit: release binaries, site, feed, configs
//! cargo xtask setup [--with-browser]                        only install what is missing
//! ```
//!
//! Every install step is idempotent: it checks the installed version first and does nothing when
//! it matches. Nothing is downloaded from outside the package registries (crates.io, npm, Debian).

mod bench;
mod build;
mod dist;
mod run;
mod setup;
mod testing;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask serve [--port N] [--data-dir DIR]   build the feed and the site, then serve both with the
                                                  report intake API on http://127.0.0.1:N/ (default 8080)
  cargo xtask test                                fmt, clippy, native tests, wasm browser tests, end-to-end tests
  cargo xtask bench                               measure sizes, feed builds and browser timings; writes docs/benchmarks.md
  cargo xtask bench --facet                       only the facet clicks at 10 000 enterprises (printed, docs untouched)
  cargo xtask dist [--out DIR] [--site DIR] [--site-url URL]
                                                  build a deploy kit (release binaries, site, feed, nginx,
                                                  systemd, Containerfile; default target/dist-kit)
  cargo xtask setup [--with-browser]              install the toolchain pieces only (--with-browser: also Chromium and the Python readers)";

/// The repository root (the parent of xtask/).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// A failure that stops the command, with what to do about it.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure(e.to_string())
    }
}

fn parse_opts(args: &[String], allowed: &[&str]) -> Result<Vec<(String, String)>, Failure> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let Some(name) = a.strip_prefix("--") else {
            return Err(Failure(format!("unexpected argument {a:?}\n\n{USAGE}")));
        };
        let (name, value) = match name.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (name.to_owned(), None),
        };
        if !allowed.contains(&name.as_str()) {
            return Err(Failure(format!("unknown option --{name}\n\n{USAGE}")));
        }
        let value = match value {
            Some(v) => v,
            None if name == "with-browser" || name == "facet" => "true".to_owned(),
            None => it.next().cloned().ok_or_else(|| Failure(format!("--{name} needs a value")))?,
        };
        out.push((name, value));
    }
    Ok(out)
}

fn opt<'a>(opts: &'a [(String, String)], name: &str) -> Option<&'a str> {
    opts.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.split_first() {
        Some((cmd, rest)) if cmd == "serve" => (|| {
            let opts = parse_opts(rest, &["port", "data-dir"])?;
            let port: u16 = opt(&opts, "port")
                .unwrap_or("8080")
                .parse()
                .map_err(|_| Failure("--port needs a number from 0 to 65535".into()))?;
            let data_dir = opt(&opts, "data-dir").unwrap_or(".serve-data").to_owned();
            setup::ensure_build_tools()?;
            let site = build::build_all()?;
            run::serve(&site, port, &data_dir)
        })(),
        Some((cmd, rest)) if cmd == "test" => (|| {
            parse_opts(rest, &[])?;
            testing::test_all()
        })(),
        Some((cmd, rest)) if cmd == "bench" => (|| {
            let opts = parse_opts(rest, &["facet"])?;
            if opt(&opts, "facet").is_some() { bench::bench_facet() } else { bench::bench_all() }
        })(),
        Some((cmd, rest)) if cmd == "dist" => (|| {
            let opts = parse_opts(rest, &["out", "site", "site-url"])?;
            if opt(&opts, "site").is_none() {
                setup::ensure_build_tools()?;
            }
            dist::dist(opt(&opts, "out"), opt(&opts, "site"), opt(&opts, "site-url")).map(|_| ())
        })(),
        Some((cmd, rest)) if cmd == "setup" => (|| {
            let opts = parse_opts(rest, &["with-browser"])?;
            setup::ensure_build_tools()?;
            if opt(&opts, "with-browser").is_some() {
                setup::ensure_browser()?;
                setup::ensure_python_readers()?;
            }
            Ok(())
        })(),
        Some((cmd, _)) if cmd == "help" || cmd == "--help" || cmd == "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(Failure(USAGE.to_owned())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(msg)) => {
            eprintln!("\nxtask: {msg}");
            ExitCode::FAILURE
        }
    }
}
