//! Building the feed and the site. The site build is skipped when nothing it depends on changed,
//! so a second `cargo xtask serve` starts in seconds.

use crate::run::{cmd, run};
use crate::setup::fnv1a;
use crate::{Failure, root};
use std::path::{Path, PathBuf};

/// What the site build depends on (the feed is copied in separately).
const SITE_INPUTS: [&str; 10] = [
    "app",
    "crates/core",
    "crates/charts",
    "style",
    "public",
    "index.html",
    "home.html",
    "Trunk.toml",
    "Cargo.toml",
    "Cargo.lock",
];

/// Builds the native tools, the feed and the site; returns the site directory.
pub fn build_all() -> Result<PathBuf, Failure> {
    build_native()?;
    build_feed()?;
    let site = build_site()?;
    copy_feed(&site)?;
    prerender(&site, None)?;
    Ok(site)
}

/// The feed compiler, the intake service and the prerenderer (debug profile: fast to build, fast
/// enough to run).
pub fn build_native() -> Result<(), Failure> {
    run(
        cmd("cargo", &["build", "--package", "portal-feed", "--package", "portal-intake"]),
        "building the feed compiler and the intake service",
    )?;
    run(
        cmd("cargo", &["build", "--package", "portal-app", "--bin", "prerender"]),
        "building the prerenderer (the app's components, natively)",
    )
}

/// Renders every public page of the site's current feed version to `<site>/_pages/` from the
/// app's own components (`app/src/bin/prerender.rs`), with brotli and gzip copies. With
/// `site_url` (the address the site is served at) the pages' `og:url` and links are absolute.
pub fn prerender(site: &Path, site_url: Option<&str>) -> Result<(), Failure> {
    let bin = target_dir().join("debug").join("prerender");
    let site_arg = site.to_string_lossy().into_owned();
    let mut args = vec![site_arg.as_str()];
    if let Some(url) = site_url {
        args.extend(["--site-url", url]);
    }
    run(cmd(&bin.to_string_lossy(), &args), "prerendering the public pages")?;
    // `portal_core::page::PAGES_DIR` (xtask stays free of dependencies).
    let pages = site.join("_pages").to_string_lossy().into_owned();
    run(
        cmd("node", &["xtask/scripts/precompress.mjs", &pages, "--recursive"]),
        "writing brotli and gzip copies of the prerendered pages",
    )
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, or target/ in the repository.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// The archive of every published feed version, outside the site and outside git: `feed build`
/// adds each new version to it and the site's `feed/` is copied from it (`feed publish`), so that
/// a site rebuilt from a clean checkout still has every version (see crates/feed/src/archive.rs).
pub const FEED_ARCHIVE: &str = "feed-archive";

/// `feed build`: validates data/, writes public/feed/<version>/ and latest.json, and adds the
/// version to the archive.
pub fn build_feed() -> Result<(), Failure> {
    let feed = target_dir().join("debug").join("feed");
    run(
        cmd(&feed.to_string_lossy(), &["build", "--data", "data", "--out", "public/feed", "--archive", FEED_ARCHIVE]),
        "building the feed from data/",
    )
}

fn fingerprint(paths: &[PathBuf], acc: &mut Vec<u8>) {
    for p in paths {
        if p.ends_with("public/feed") || p.file_name().is_some_and(|n| n == "target") {
            continue;
        }
        if p.is_dir() {
            let mut children: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
                .unwrap_or_default();
            children.sort();
            fingerprint(&children, acc);
        } else if let Ok(bytes) = std::fs::read(p) {
            acc.extend_from_slice(p.to_string_lossy().as_bytes());
            acc.extend_from_slice(&fnv1a(&bytes).to_le_bytes());
        }
    }
}

/// `trunk build --release --offline` into dist/, unless the inputs are unchanged since the last
/// build. The benchmark hooks (the app's `bench` feature) stay out.
pub fn build_site() -> Result<PathBuf, Failure> {
    trunk_build(&root().join("dist"), &root().join("target").join("site-home"), &[])
}

/// The site with the benchmark hooks on `window` (the app's `bench` feature) in target/bench/dist/,
/// with the feed: what `cargo xtask bench` runs the browser benchmarks on.
pub fn build_bench_site() -> Result<PathBuf, Failure> {
    let bench = root().join("target").join("bench");
    let site = trunk_build(&bench.join("dist"), &bench.join("site-home"), &["--features", "bench"])?;
    copy_feed(&site)?;
    prerender(&site, None)?;
    Ok(site)
}

/// Builds the site into `dist` (the home page's app is built in `home` first), with `cargo_args`
/// passed on to Trunk, unless the inputs are unchanged since the last build there.
fn trunk_build(dist: &Path, home: &Path, cargo_args: &[&str]) -> Result<PathBuf, Failure> {
    let stamp = dist.join(".portal-build-stamp");
    let mut acc = cargo_args.join(" ").into_bytes();
    fingerprint(&SITE_INPUTS.iter().map(|p| root().join(p)).collect::<Vec<_>>(), &mut acc);
    let want = format!("{:016x}", fnv1a(&acc));
    if dist.join("index.html").is_file() && std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == want) {
        println!("The site is up to date ({}).", dist.display());
        return Ok(dist.to_path_buf());
    }
    let dist_arg = dist.to_string_lossy().into_owned();
    // Two apps from one crate: the whole app (index.html → dist/app.html, the shell of every
    // route) and the home page's own small wasm (home.html → dist/index.html), so that the first
    // view of `/` does not wait for the whole app (docs/performance.md).
    let app_args = ["build", "--release", "--offline", "--html-output", "app.html", "--dist", &dist_arg];
    run(cmd("trunk", &[&app_args[..], cargo_args].concat()), "building the app with Trunk")?;
    let home_dist = home.to_string_lossy().into_owned();
    let home_args = ["build", "home.html", "--release", "--offline", "--dist", &home_dist];
    run(cmd("trunk", &[&home_args[..], cargo_args].concat()), "building the home page with Trunk")?;
    for entry in std::fs::read_dir(home)? {
        let entry = entry?;
        if (entry.file_type()?.is_file() && !dist.join(entry.file_name()).exists()) || entry.file_name() == "index.html"
        {
            std::fs::copy(entry.path(), dist.join(entry.file_name()))?;
        }
    }
    run(
        cmd("node", &["xtask/scripts/precompress.mjs", &dist_arg]),
        "writing brotli and gzip copies of the site's files",
    )?;
    std::fs::write(&stamp, want)?;
    Ok(dist.to_path_buf())
}

/// Copies every archived feed version the site lacks, `versions.json` and `latest.json` into the
/// site (`feed publish`). Versions already in the site stay, so permanent links keep working.
pub fn copy_feed(site: &Path) -> Result<(), Failure> {
    let feed = target_dir().join("debug").join("feed");
    let archive = root().join(FEED_ARCHIVE).to_string_lossy().into_owned();
    let dest = site.join("feed").to_string_lossy().into_owned();
    run(
        cmd(&feed.to_string_lossy(), &["publish", "--archive", &archive, "--site-feed", &dest]),
        "copying the feed versions from the archive into the site",
    )
}
