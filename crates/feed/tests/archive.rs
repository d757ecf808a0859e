//! The archive of published versions (`feed build --archive`, `feed publish`), through the
//! binary: two versions built from changed data are both kept and listed in versions.json with
//! what changed; after the built feed and the site are wiped, the site is rebuilt from the
//! archive alone and the first version's permanent files are there, byte for byte. The
//! republished feed is then read by Python's jsonschema (every file against the schema published
//! with its version) and frictionless (every version's datapackage.json), and its Atom feeds by
//! feedparser.

mod common;
#[path = "../../../tests/opendata/python.rs"]
mod python;

use common::{Fixture, at};
use portal_core::feed::versions::Versions;
use serde_json::json;
use std::path::Path;
use std::process::Command;

fn feed(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_feed")).args(args).output().expect("run the feed binary");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "feed {args:?} failed:\n{text}");
    text
}

fn build(f: &Fixture, archive: &Path) -> String {
    let (data, out, archive) = (f.data.to_string_lossy(), f.out.to_string_lossy(), archive.to_string_lossy());
    // With the repository's education content, so that its index is checked against its schema too.
    let content = python::repo_root().join("content");
    let content = content.to_string_lossy();
    feed(&["build", "--data", &data, "--content", &content, "--out", &out, "--archive", &archive]);
    let latest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.out.join("latest.json")).expect("latest.json")).expect("JSON");
    latest["version"].as_str().expect("a version").to_owned()
}

fn versions(archive: &Path) -> Versions {
    serde_json::from_slice(&std::fs::read(archive.join("versions.json")).expect("versions.json")).expect("parse")
}

#[test]
fn every_version_stays_in_the_archive_and_a_wiped_site_is_rebuilt_from_it() {
    let f = Fixture::new();
    let archive = f.dir.path().join("feed-archive");
    let first = build(&f, &archive);
    let first_file = std::fs::read(archive.join(&first).join("enterprises").join("e00001.json")).expect("archived");

    // The next data: e00000's records are withdrawn, one record of e00001 is corrected.
    let mut withdrawn = 0;
    f.edit_json("disclosures/sample.json", |v| {
        let records = at(v, "/records").as_array_mut().expect("records");
        let before = records.len();
        let uscc = records.iter().find(|r| r["enterprise"]["id"] == "e00000").expect("e00000 has records")["enterprise"]
            ["uscc"]
            .clone();
        records.retain(|r| r["enterprise"]["id"] != "e00000");
        withdrawn = before - records.len();
        for year in at(v, "/obligations").as_array_mut().expect("obligations") {
            let obliged = year["enterprises"].as_array_mut().expect("enterprises");
            obliged.retain(|code| *code != uscc);
        }
        let records = at(v, "/records").as_array_mut().expect("records");
        let corrected = records.iter_mut().find(|r| r["record_id"] == "e00001-2023-annual").expect("a record");
        corrected["outlets"][0]["pollutants"][0]["annual_quantity"]["value"] = json!(21.5);
    });
    let second = build(&f, &archive);
    assert_ne!(first, second);
    // Building the same data again adds nothing.
    assert_eq!(build(&f, &archive), second);

    let list = versions(&archive);
    let listed: Vec<&str> = list.versions.iter().map(|v| v.version.as_str()).collect();
    assert_eq!(listed, [first.as_str(), second.as_str()], "both versions, oldest first, once each");
    let (v1, v2) = (&list.versions[0], &list.versions[1]);
    assert_eq!(v1.changes.previous, None);
    assert_eq!(v2.changes.previous.as_deref(), Some(first.as_str()));
    assert_eq!(v2.changes.enterprises_removed, ["e00000"]);
    assert!(v2.changes.enterprises_added.is_empty());
    assert_eq!(v2.changes.records_removed, withdrawn);
    assert_eq!(v2.changes.records_added, 0);
    assert_eq!(v2.changes.records_changed, 1);
    assert_eq!(v1.counts.enterprises, v2.counts.enterprises + 1);
    assert_eq!(v2.licence, "CC-BY-4.0");
    assert!(!v1.built_at.is_empty() && v1.built_at <= v2.built_at);

    // A redeploy from a clean checkout: the built feed and the site are gone; the archive is not.
    std::fs::remove_dir_all(&f.out).expect("wipe the built feed");
    let site_feed = f.dir.path().join("dist").join("feed");
    let (archive_arg, site_arg) = (archive.to_string_lossy(), site_feed.to_string_lossy());
    let said = feed(&["publish", "--archive", &archive_arg, "--site-feed", &site_arg]);
    assert!(said.contains("2 version(s) copied"), "{said}");
    // The first version's permanent link still finds the same bytes.
    let served = std::fs::read(site_feed.join(&first).join("enterprises").join("e00001.json")).expect("first version");
    assert_eq!(served, first_file);
    assert!(site_feed.join(&first).join("manifest.json").is_file());
    assert_eq!(versions(&site_feed), list);
    let latest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site_feed.join("latest.json")).expect("latest")).expect("JSON");
    assert_eq!(latest["version"], second.as_str());
    // Publishing again copies nothing new.
    assert!(feed(&["publish", "--archive", &archive_arg, "--site-feed", &site_arg]).contains("0 version(s) copied"));

    // Third-party readers: every feed file matches its published schema, in both versions.
    let read = python::check("schemas", &site_feed);
    let mut published: Vec<String> =
        portal_feed::schema::feed_schemas().iter().map(|s| s.path.trim_start_matches("schema/").to_owned()).collect();
    published.sort();
    let validated: Vec<String> = read["validated"].as_object().expect("counts").keys().cloned().collect();
    assert_eq!(validated, published, "every published schema was used");
    let enterprises = v1.counts.enterprises + v2.counts.enterprises;
    assert_eq!(read["validated"]["enterprise.schema.json"], enterprises, "every enterprise file of both versions");
    assert!(
        read["rejected"].as_object().expect("flags").values().all(|v| v == true),
        "no schema accepts a broken file"
    );
    assert_eq!(read["versions"][0]["version"], first.as_str());
    assert_eq!(read["versions"][1]["licence"], "CC-BY-4.0");

    // Atom: feedparser reads every feed of the newest version without complaint.
    let atom = python::check("atom", &site_feed);
    let feeds = atom["feeds"].as_object().expect("feeds");
    let all = &feeds["all.xml"];
    assert_eq!(all["self"], "https://portal.example/feed/atom/all.xml", "relative links resolve against the feed");
    let titles: Vec<&str> =
        all["entries"].as_array().expect("entries").iter().filter_map(|e| e["title"].as_str()).collect();
    assert!(titles.iter().any(|t| t.contains(&second)), "the newest version has its entry: {titles:?}");
    let e00001 = feeds["enterprises/e00001.xml"]["entries"].as_array().expect("e00001's entries");
    assert!(!e00001.is_empty());
    let link = e00001[0]["link"].as_str().expect("a link");
    assert!(link.starts_with("https://portal.example/enterprises/e00001?year="), "{link}");
    assert!(link.ends_with(&format!("&v={second}")), "pinned to the version: {link}");
    assert!(!feeds.contains_key("enterprises/e00000.xml"), "a withdrawn enterprise has no feed any more");
    assert!(feeds.keys().any(|k| k.starts_with("substances/")) && feeds.keys().any(|k| k.starts_with("districts/")));
}
