//! `cargo xtask dist [--out DIR]`: one directory to copy to a server (default target/dist-kit):
//!
//! ```text
//! bin/intake, bin/feed     the native binaries, built with the `dist` profile (optimised, unwinding)
//! site/                    the built site with the current feed version in site/feed/
//! feed-archive/            every published feed version (`build::FEED_ARCHIVE`), to keep on the
//!                          server so that a build machine without it can get it back
//! deploy/                  nginx configuration, the systemd unit, the Containerfile
//! docs/deploy.md           how to install, run, back up and restore it
//! VERSION                  the commit and the feed version it was made from
//! ```
//!
//! The directory is made afresh each time (a kit never mixes two builds). `--site DIR` takes an
//! already built site (with its feed) instead of building one. `--site-url https://host/` (the
//! address the portal will be served at) prerenders the kit's pages again with absolute `og:url`
//! and permanent links, as a link shared in WeChat needs.

use std::path::{Path, PathBuf};

use crate::build;
use crate::run::{cmd, output, run};
use crate::{Failure, root};

/// The binaries the kit carries.
const BINARIES: [&str; 2] = ["intake", "feed"];

/// Builds everything and assembles the kit in `out` (relative paths are from the repository root).
pub fn dist(out: Option<&str>, site: Option<&str>, site_url: Option<&str>) -> Result<PathBuf, Failure> {
    let out = out.map_or_else(|| root().join("target").join("dist-kit"), |o| root().join(o));
    let out = std::path::absolute(&out).unwrap_or(out);
    let site = match site {
        Some(site) => root().join(site),
        None => build::build_all()?,
    };
    if !site.join("index.html").is_file() || !site.join("feed").join("latest.json").is_file() {
        return Err(Failure(format!("{} is not a built site with its feed", site.display())));
    }
    run(
        cmd("cargo", &["build", "--profile", "dist", "--package", "portal-intake", "--package", "portal-feed"]),
        "building the release binaries",
    )?;
    let built = build::target_dir().join("dist");

    if out.exists() {
        // Only an earlier kit (or an empty directory) is cleared, never a directory given by mistake.
        let empty = std::fs::read_dir(&out).is_ok_and(|mut entries| entries.next().is_none());
        if !empty && !out.join("VERSION").is_file() {
            return Err(Failure(format!("{} exists and is not a deploy kit; choose another --out", out.display())));
        }
        std::fs::remove_dir_all(&out).map_err(|e| Failure(format!("cannot clear {}: {e}", out.display())))?;
    }
    std::fs::create_dir_all(out.join("bin"))?;
    for name in BINARIES {
        let to = out.join("bin").join(name);
        std::fs::copy(built.join(name), &to)
            .map_err(|e| Failure(format!("copying {} into the kit: {e}", built.join(name).display())))?;
    }
    copy_tree(&site, &out.join("site"), &|p| p.file_name().is_some_and(|n| n == ".portal-build-stamp"))?;
    if let Some(url) = site_url {
        build::prerender(&out.join("site"), Some(url))?;
    }
    // The archive of every published version: the site's feed/ is published from it, and a build
    // from a clean checkout needs it back to keep old permanent links (docs/deploy.md).
    let archive = root().join(build::FEED_ARCHIVE);
    if archive.is_dir() {
        copy_tree(&archive, &out.join(build::FEED_ARCHIVE), &|_| false)?;
    }
    copy_tree(&root().join("deploy"), &out.join("deploy"), &|_| false)?;
    std::fs::create_dir_all(out.join("docs"))?;
    std::fs::copy(root().join("docs").join("deploy.md"), out.join("docs").join("deploy.md"))?;

    let commit = output("git", &["rev-parse", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let latest = std::fs::read_to_string(site.join("feed").join("latest.json"))?;
    let feed = latest.split("\"version\"").nth(1).and_then(|s| s.split('"').nth(1)).unwrap_or("unknown");
    std::fs::write(out.join("VERSION"), format!("commit {}\nfeed {feed}\n", commit.trim()))?;
    println!("The deploy kit is in {} (docs/deploy.md in it says what to do with it).", out.display());
    Ok(out)
}

/// Copies `from` into `to` recursively, leaving out what `skip` names.
fn copy_tree(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) -> Result<(), Failure> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).map_err(|e| Failure(format!("reading {}: {e}", from.display())))? {
        let entry = entry?;
        let path = entry.path();
        if skip(&path) || entry.file_name().to_string_lossy().starts_with(".copy-") {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()), skip)?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}
