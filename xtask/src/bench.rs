//! `cargo xtask bench`: measures, never claims. Builds what it needs, generates the large sample
//! feeds, times the feed compiler, weighs the assets and the index, runs the browser benchmarks in
//! headless Chromium on 127.0.0.1, prints a table and writes docs/benchmarks.md.

use crate::run::{cmd, output, run, run_capture};
use crate::{Failure, build, root, setup};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One measured figure.
struct Row {
    what: String,
    value: String,
    budget: Option<(String, bool)>,
}

fn gzip_len(bytes: &[u8]) -> Result<usize, Failure> {
    use std::io::Write;
    let mut child = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| Failure(format!("gzip is needed to weigh compressed sizes: {e}")))?;
    let mut stdin = child.stdin.take().ok_or_else(|| Failure("gzip stdin".into()))?;
    let data = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output()?;
    let _ = writer.join();
    Ok(out.stdout.len())
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

fn latest_version(feed_dir: &Path) -> Result<String, Failure> {
    let latest = std::fs::read_to_string(feed_dir.join("latest.json"))?;
    latest
        .split("\"version\"")
        .nth(1)
        .and_then(|s| s.split('"').nth(1))
        .map(str::to_owned)
        .ok_or_else(|| Failure(format!("{} names no version", feed_dir.display())))
}

/// Generates a feed of `n` enterprises under target/bench/ and times its build.
fn big_feed(n: usize, rows: &mut Vec<Row>) -> Result<PathBuf, Failure> {
    let dir = root().join("target").join("bench").join(format!("feed-{n}"));
    let data = dir.join("data");
    let out = dir.join("out");
    std::fs::create_dir_all(data.join("disclosures"))?;
    let reference = data.join("reference");
    std::fs::create_dir_all(&reference)?;
    for f in ["substances.json", "limits.json", "areas.json", "industries.json"] {
        std::fs::copy(root().join("data").join("reference").join(f), reference.join(f))?;
    }
    let feed = build::target_dir().join("release").join("feed");
    let feed = feed.to_string_lossy();
    let source = data.join("disclosures").join("generated.json");
    if !source.is_file() {
        run(
            cmd(&feed, &["generate", "--enterprises", &n.to_string(), "--out", &source.to_string_lossy()]),
            "generating a benchmark feed",
        )?;
    }
    let _ = std::fs::remove_dir_all(&out);
    let start = Instant::now();
    run(
        cmd(&feed, &["build", "--data", &data.to_string_lossy(), "--out", &out.to_string_lossy()]),
        "building a benchmark feed",
    )?;
    let secs = start.elapsed().as_secs_f64();
    rows.push(Row {
        what: format!("feed build, {n} enterprises (release build of `feed`)"),
        value: format!("{secs:.2} s"),
        budget: None,
    });
    let index = std::fs::read(out.join(latest_version(&out)?).join("index.json"))?;
    rows.push(Row {
        what: format!("index.json, {n} enterprises (raw / gzip -9)"),
        value: format!("{} / {}", kb(index.len()), kb(gzip_len(&index)?)),
        budget: None,
    });
    Ok(out)
}

/// `cargo xtask bench --facet`: only the facet clicks on the 10 000-enterprise feed (the list's
/// load and 200 clicks, `BENCH_ONLY=facet` in tests/bench/browser.mjs), printed, for working on
/// that figure; docs/benchmarks.md is left as it is.
pub fn bench_facet() -> Result<(), Failure> {
    setup::ensure_build_tools()?;
    setup::ensure_browser()?;
    build::build_native()?;
    build::build_feed()?;
    run(cmd("cargo", &["build", "--release", "--package", "portal-feed"]), "building the feed compiler (release)")?;
    let mut rows = Vec::new();
    let feed10k = big_feed(10_000, &mut rows)?;
    let bench_site = build::build_bench_site()?;
    let intake = build::target_dir().join("debug").join("intake");
    let copy = root().join("target").join("bench").join("site-10000");
    let _ = std::fs::remove_dir_all(&copy);
    copy_site(&bench_site, &copy, &feed10k)?;
    let mut node = cmd("node", &["tests/bench/browser.mjs"]);
    node.env("PORTAL_INTAKE_BIN", &intake)
        .env("PORTAL_SITE_DIR", &copy)
        .env("BENCH_LABEL", "10000")
        .env("BENCH_ONLY", "facet");
    collect(node, "the facet-click benchmark on the 10000 feed", &mut rows)?;
    let date = output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default();
    println!("\n{} · {}\n", date.trim(), machine());
    for r in &rows {
        let budget =
            r.budget.as_ref().map_or(String::new(), |(b, ok)| format!("{b}: {}", if *ok { "pass" } else { "FAIL" }));
        println!("| {} | {} | {budget} |", r.what, r.value);
    }
    Ok(())
}

/// Runs everything and writes docs/benchmarks.md.
pub fn bench_all() -> Result<(), Failure> {
    setup::ensure_build_tools()?;
    setup::ensure_browser()?;
    let site = build::build_all()?;
    run(cmd("cargo", &["build", "--release", "--package", "portal-feed"]), "building the feed compiler (release)")?;
    let mut rows = Vec::new();

    // Every file of the site: raw, gzip -9, and the brotli copy the server sends.
    let mut assets: Vec<PathBuf> =
        std::fs::read_dir(&site)?.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    assets.sort();
    for p in assets {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') || name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let bytes = std::fs::read(&p)?;
        let br = std::fs::metadata(site.join(format!("{name}.br"))).map_or("none".to_owned(), |m| kb(m.len() as usize));
        rows.push(Row {
            what: format!("site file {name} (raw / gzip -9 / brotli 11 as served)"),
            value: format!("{} / {} / {br}", kb(bytes.len()), kb(gzip_len(&bytes)?)),
            budget: None,
        });
    }
    let feed_dir = site.join("feed");
    let version = latest_version(&feed_dir)?;
    let sample_index = std::fs::read(feed_dir.join(&version).join("index.json"))?;
    rows.push(Row {
        what: "index.json, sample feed (raw / gzip -9)".into(),
        value: format!("{} / {}", kb(sample_index.len()), kb(gzip_len(&sample_index)?)),
        budget: None,
    });

    let feed10k = big_feed(10_000, &mut rows)?;
    let feed100k = big_feed(100_000, &mut rows)?;

    // The site as readers get it (no bench hooks), with the sample feed: the first views' bytes
    // and Lighthouse are measured on it.
    let readers_site = root().join("target").join("bench").join("site-readers");
    let _ = std::fs::remove_dir_all(&readers_site);
    copy_site(&site, &readers_site, &feed_dir)?;

    // Browser benchmarks: a copy of the bench build of the site (with the hooks on `window` that
    // tests/bench/*.mjs read: the app's `bench` feature) per feed, served by the intake service.
    let bench_site = build::build_bench_site()?;
    let intake = build::target_dir().join("debug").join("intake");
    for (label, feed) in [("sample", feed_dir.clone()), ("10000", feed10k), ("100000", feed100k)] {
        let copy = root().join("target").join("bench").join(format!("site-{label}"));
        let _ = std::fs::remove_dir_all(&copy);
        copy_site(&bench_site, &copy, &feed)?;
        let mut node = cmd("node", &["tests/bench/browser.mjs"]);
        node.env("PORTAL_INTAKE_BIN", &intake)
            .env("PORTAL_SITE_DIR", &copy)
            .env("PORTAL_READERS_SITE_DIR", &readers_site)
            .env("BENCH_LABEL", label);
        collect(node, &format!("the browser benchmark on the {label} feed"), &mut rows)?;
    }

    // Bytes before each page is readable, and its LCP on a throttled phone connection.
    let mut readable = cmd("node", &["tests/bench/readable.mjs"]);
    readable.env("PORTAL_INTAKE_BIN", &intake).env("PORTAL_SITE_DIR", &readers_site);
    collect(readable, "the bytes-before-readable benchmark", &mut rows)?;

    // Lighthouse (mobile preset).
    let mut lighthouse = cmd("node", &["tests/bench/lighthouse.mjs"]);
    lighthouse.env("PORTAL_INTAKE_BIN", &intake).env("PORTAL_SITE_DIR", &readers_site);
    collect(lighthouse, "Lighthouse", &mut rows)?;

    // Load on the report intake service, release build (crates/intake/tests/load.rs): its
    // submissions per second and latency, and a kill -9 under that load.
    let load = cmd(
        "cargo",
        &["test", "--release", "--package", "portal-intake", "--test", "load", "--", "--ignored", "--nocapture"],
    );
    collect(load, "the intake load benchmark", &mut rows)?;

    // Print and write the table.
    let machine = machine();
    let date = output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default();
    let mut table = String::from("| measurement | value | budget |\n|---|---|---|\n");
    let mut failed = Vec::new();
    for r in &rows {
        let budget = match &r.budget {
            Some((b, true)) => format!("{b}: pass"),
            Some((b, false)) => {
                failed.push(format!("FAIL: {} = {} (budget {b})", r.what, r.value));
                format!("{b}: **FAIL**")
            }
            None => String::new(),
        };
        let _ = writeln!(table, "| {} | {} | {budget} |", r.what, r.value);
    }
    println!("\n{table}");
    for f in &failed {
        println!("{f}");
    }
    let doc = format!(
        "# Benchmarks\n\nWritten by `cargo xtask bench` on {}; every figure below was measured by that command in \
         that run. Machines here are shared and noisy: compare figures within one run, not across runs.\n\n\
         Machine: {machine}\n\n{table}\n{}\n## How to read this\n\n\
         - Site file sizes are raw, gzip -9 and the brotli (quality 11) copies the build writes next to them, which the intake service sends to browsers that accept brotli; feed files are compressed on the fly (brotli 4 / gzip 6). Bytes \"transferred\" are what Chromium's resource timing reports (encoded body sizes) for a cold load.\n\
         - Browser figures come from `tests/bench/browser.mjs` in Debian's headless Chromium on 127.0.0.1; the peer comparison from `tests/bench/peers.mjs` (DuckDB-WASM and sql.js in the same page, answers checked equal to the portal's before timing); Lighthouse scores from `tests/bench/lighthouse.mjs` (the Lighthouse release pinned in package.json, mobile preset, simulated throttling; each figure the median of 3 runs).\n\
         - The intake's load figures come from `crates/intake/tests/load.rs` on the release build: 8 keep-alive clients on loopback, each submission a challenge and then a multipart report with a photo, committed to SQLite (WAL, synchronous=FULL; reports arriving together share one commit) before it is acknowledged; proof of work at 0 bits and no rate limit. The kill -9 row counts, after a SIGKILL in the middle of that load, the acknowledged reports missing from the database.\n\
         - Budgets that are not met are marked **FAIL**; [performance.md](performance.md) says what limits them.\n",
        date.trim(),
        if failed.is_empty() {
            String::new()
        } else {
            format!("Missed budgets:\n\n{}\n", failed.iter().map(|f| format!("- {f}")).collect::<Vec<_>>().join("\n"))
        }
    );
    std::fs::create_dir_all(root().join("docs"))?;
    std::fs::write(root().join("docs").join("benchmarks.md"), doc)?;
    println!("Wrote docs/benchmarks.md");
    Ok(())
}

/// Runs a benchmark script and collects its lines `ROW\t<what>\t<value>\t<budget>\t<pass|fail>`.
fn collect(command: std::process::Command, what: &str, rows: &mut Vec<Row>) -> Result<(), Failure> {
    let (ok, out) = run_capture(command)?;
    for line in out.lines().filter_map(|l| l.strip_prefix("ROW\t")) {
        let mut parts = line.split('\t');
        let (name, value) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let budget = parts.next().filter(|b| !b.is_empty()).map(|b| (b.to_owned(), parts.next() == Some("pass")));
        rows.push(Row { what: name.to_owned(), value: value.to_owned(), budget });
    }
    if ok { Ok(()) } else { Err(Failure(format!("{what} failed"))) }
}

/// Copies a directory and everything in it.
fn copy_tree(from: &Path, to: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<u64>().unwrap_or(0)))
        .map_or(String::new(), |k| format!("{:.0} GiB", k as f64 / 1024.0 / 1024.0));
    let chromium = output("chromium", &["--version"]).unwrap_or_default();
    format!("{cpu}, {cores} cores, {mem}; {}", chromium.trim())
}

fn copy_site(site: &Path, to: &Path, feed: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(site)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    // The prerendered pages, for the sample feed they were rendered from (with another feed they
    // would show other figures than the app, so the big feeds' copies go without).
    let pages = site.join("_pages");
    if pages.is_dir() && feed == site.join("feed") {
        copy_tree(&pages, &to.join("_pages"))?;
    }
    // The feed: symlink rather than copy (100 000 detail files).
    #[cfg(unix)]
    std::os::unix::fs::symlink(feed, to.join("feed"))?;
    Ok(())
}
