//! The archive of every published feed version: `feed build --archive DIR` adds each new version
//! to it, so that a version stays reachable after a redeploy from a clean checkout. The archive
//! lives outside `dist/` and outside git (`feed-archive/` by default in `cargo xtask`); the deploy
//! kit copies it to the site's `/feed/` as it is. Its layout is the site's:
//!
//! ```text
//! DIR/<version>/…          one directory per version, never changed once written
//! DIR/versions.json        every version with build date, counts and what changed (see
//!                          portal_core::feed::versions)
//! DIR/latest.json          the current version
//! DIR/atom/…               the Atom feeds of the newest version (see portal_core::feed::atom),
//!                          replaced with each new version
//! ```
//!
//! Plain files and relative paths only, so it works unchanged on any static host or object store.
//! Every file is written under a temporary name and renamed into place.

use crate::build::BuildError;
use portal_core::feed::atom::{ALL_FEED, ATOM_DIR, atom_feeds};
use portal_core::feed::reference::Reference;
use portal_core::feed::versions::{Changes, VersionEntry, Versions, changes, records_by_id};
use portal_core::feed::{EnterpriseDetail, Index, Manifest};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::Path;

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> BuildError {
    let context = context.into();
    move |source| BuildError::Io { context, source }
}

fn read<T: DeserializeOwned>(path: &Path) -> Result<T, BuildError> {
    let bytes = std::fs::read(path).map_err(io(format!("reading {}", path.display())))?;
    serde_json::from_slice(&bytes).map_err(|e| BuildError::Io {
        context: format!("reading {}", path.display()),
        source: std::io::Error::other(e),
    })
}

/// `DIR/versions.json`, or an empty list when the archive has none yet.
pub fn versions(archive: &Path) -> Result<Versions, BuildError> {
    let path = archive.join("versions.json");
    if path.is_file() { read(&path) } else { Ok(Versions::default()) }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    let tmp = path.with_file_name(format!(
        ".{}-{}",
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes).map_err(io(format!("writing {}", tmp.display())))?;
    std::fs::rename(&tmp, path).map_err(io(format!("replacing {}", path.display())))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The records of every enterprise of the version in `dir`, by enterprise id.
fn records_of(dir: &Path, index: &Index) -> Result<BTreeMap<String, BTreeMap<String, serde_json::Value>>, BuildError> {
    index
        .enterprises
        .iter()
        .map(|e| {
            let detail: EnterpriseDetail = read(&dir.join("enterprises").join(format!("{}.json", e.id)))?;
            Ok((e.id.clone(), records_by_id(&detail)))
        })
        .collect()
}

/// What changed from the archived version `previous` to the version in `dir`.
fn changes_since(archive: &Path, previous: &str, dir: &Path) -> Result<Changes, BuildError> {
    let old_dir = archive.join(previous);
    let old: Index = read(&old_dir.join("index.json"))?;
    let new: Index = read(&dir.join("index.json"))?;
    let mut old_records = records_of(&old_dir, &old)?;
    let mut new_records = records_of(dir, &new)?;
    Ok(changes(
        previous,
        &old.enterprises,
        &new.enterprises,
        |id| old_records.remove(id).unwrap_or_default(),
        |id| new_records.remove(id).unwrap_or_default(),
    ))
}

/// Adds the version `version` built in `out_dir` to the archive (unless it is there already),
/// lists it in `versions.json` with what changed since the newest version listed before it, and
/// makes it the archive's `latest.json`. Returns true if the version was new to the archive.
pub fn add(archive: &Path, out_dir: &Path, version: &str) -> Result<bool, BuildError> {
    std::fs::create_dir_all(archive).map_err(io(format!("creating {}", archive.display())))?;
    let built = out_dir.join(version);
    let manifest: Manifest = read(&built.join("manifest.json"))?;
    let mut list = versions(archive)?;
    let dir = archive.join(version);
    if !dir.join("manifest.json").is_file() {
        let staging = archive.join(format!(".staging-{version}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        copy_dir(&built, &staging).map_err(io(format!("copying {} into the archive", built.display())))?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(format!("removing incomplete {}", dir.display())))?;
        }
        std::fs::rename(&staging, &dir).map_err(io(format!("moving {} into place", dir.display())))?;
    }
    let added = if list.get(version).is_none() {
        let previous =
            list.newest().map(|v| v.version.clone()).filter(|p| archive.join(p).join("index.json").is_file());
        let changes = match previous {
            Some(p) => changes_since(archive, &p, &dir)?,
            None => Changes::default(),
        };
        list.add(VersionEntry::of(&manifest, changes));
        let bytes = serde_json::to_vec_pretty(&list).map_err(|e| BuildError::Io {
            context: "serialising versions.json".into(),
            source: std::io::Error::other(e),
        })?;
        write_atomically(&archive.join("versions.json"), &bytes)?;
        true
    } else {
        false
    };
    let latest = std::fs::read(out_dir.join("latest.json")).map_err(io("reading latest.json"))?;
    write_atomically(&archive.join("latest.json"), &latest)?;
    if added || !archive.join(ATOM_DIR).join(ALL_FEED).is_file() {
        write_atom(archive, version, &list, &manifest)?;
    }
    Ok(added)
}

/// Writes the Atom feeds of `version` (see [`portal_core::feed::atom`]) into `DIR/atom/`,
/// replacing the feeds of the version before.
fn write_atom(archive: &Path, version: &str, list: &Versions, manifest: &Manifest) -> Result<(), BuildError> {
    let dir = archive.join(version);
    let index: Index = read(&dir.join("index.json"))?;
    let reference: Reference = read(&dir.join("reference.json"))?;
    let mut records = Vec::new();
    for e in &index.enterprises {
        let detail: EnterpriseDetail = read(&dir.join("enterprises").join(format!("{}.json", e.id)))?;
        records.extend(detail.records);
    }
    let staging = archive.join(format!(".atom-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    for file in atom_feeds(version, &records, &reference, list, &manifest.licence) {
        let relative = file.path.strip_prefix(&format!("{ATOM_DIR}/")).unwrap_or(&file.path);
        let path = staging.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(format!("creating {}", parent.display())))?;
        }
        std::fs::write(&path, file.xml).map_err(io(format!("writing {}", path.display())))?;
    }
    replace_dir(&staging, &archive.join(ATOM_DIR))
}

/// Puts the directory `new` in the place of `old` (which may not exist).
fn replace_dir(new: &Path, old: &Path) -> Result<(), BuildError> {
    let _ = std::fs::remove_dir_all(old);
    std::fs::rename(new, old).map_err(io(format!("moving {} into place", old.display())))
}

/// Copies the archive into a site's `feed/` directory (`site_feed`): every version the site does
/// not have yet, then `versions.json` and `latest.json`. Versions already in the site are left as
/// they are (a version never changes). Returns how many versions were copied.
pub fn publish(archive: &Path, site_feed: &Path) -> Result<usize, BuildError> {
    let list = versions(archive)?;
    std::fs::create_dir_all(site_feed).map_err(io(format!("creating {}", site_feed.display())))?;
    let mut copied = 0;
    for v in &list.versions {
        let from = archive.join(&v.version);
        let to = site_feed.join(&v.version);
        if to.join("manifest.json").is_file() {
            continue;
        }
        let staging = site_feed.join(format!(".copy-{}-{}", v.version, std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        copy_dir(&from, &staging).map_err(io(format!("copying {}", from.display())))?;
        let _ = std::fs::remove_dir_all(&to);
        std::fs::rename(&staging, &to).map_err(io(format!("moving {} into place", to.display())))?;
        copied += 1;
    }
    for file in ["versions.json", "latest.json"] {
        let bytes = std::fs::read(archive.join(file)).map_err(io(format!("reading the archive's {file}")))?;
        write_atomically(&site_feed.join(file), &bytes)?;
    }
    // The Atom feeds follow the newest version: they are replaced, not kept.
    let atom = archive.join(ATOM_DIR);
    if atom.is_dir() {
        let staging = site_feed.join(format!(".atom-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        copy_dir(&atom, &staging).map_err(io(format!("copying {}", atom.display())))?;
        replace_dir(&staging, &site_feed.join(ATOM_DIR))?;
    }
    Ok(copied)
}
