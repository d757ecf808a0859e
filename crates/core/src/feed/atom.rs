//! Atom subscriptions (RFC 4287), built with each feed version: everything new ([`ALL_FEED`]),
//! and one feed per enterprise, per list substance and per district, so that a reporter covering
//! one plant or one substance is told of a new disclosure instead of checking by hand.
//!
//! An entry is a disclosure record (one enterprise × year × report type), dated by its
//! publication; the feed of everything also has one entry per published feed version, saying what
//! changed. Links are relative to the site's root (Atom allows IRI references; a reader resolves
//! them against the feed's own address), so the files work unchanged on any host. Ids are
//! `urn:uuid:` names derived from what they name, so they never change between builds.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::feed::disclosure::{DisclosureRecord, ReportType};
use crate::feed::reference::Reference;
use crate::feed::versions::{VersionEntry, Versions};
use crate::licence::Licence;

/// Where the feeds are, under the site's `/feed/`.
pub const ATOM_DIR: &str = "atom";
/// The feed of everything new, relative to [`ATOM_DIR`].
pub const ALL_FEED: &str = "all.xml";
/// The most entries a feed holds (the newest).
pub const MAX_ENTRIES: usize = 100;
/// The portal's name, as the feeds' author.
const AUTHOR: &str = "连云港市新污染物信息公开门户 · Lianyungang new-pollutant information portal";

/// A feed's path under `/feed/` for an enterprise, a list entry, a district, or everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Topic {
    All,
    Enterprise(String),
    Substance(u8),
    District(String),
}

impl Topic {
    /// The file, relative to the site's `/feed/`: `atom/enterprises/e00118.xml`.
    pub fn file(&self) -> String {
        match self {
            Topic::All => format!("{ATOM_DIR}/{ALL_FEED}"),
            Topic::Enterprise(id) => format!("{ATOM_DIR}/enterprises/{id}.xml"),
            Topic::Substance(n) => format!("{ATOM_DIR}/substances/{n}.xml"),
            Topic::District(code) => format!("{ATOM_DIR}/districts/{code}.xml"),
        }
    }

    /// The feed's address on the site: `/feed/atom/enterprises/e00118.xml`.
    pub fn href(&self) -> String {
        format!("/feed/{}", self.file())
    }

    /// The page the feed is about.
    fn page(&self) -> String {
        match self {
            Topic::All => "/".to_owned(),
            Topic::Enterprise(id) => format!("/enterprises/{id}"),
            Topic::Substance(n) => format!("/substances/{n}"),
            Topic::District(code) => format!("/disclosures?district={code}"),
        }
    }
}

/// One Atom file: its path under `/feed/` and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtomFile {
    pub path: String,
    pub xml: String,
}

/// One entry, before it is written.
struct Entry {
    id: String,
    title: String,
    updated: String,
    link: String,
    summary: String,
    categories: Vec<String>,
}

/// Every feed for the version `version`: the records of every enterprise (`records`, each
/// enterprise's records together), the reference (names), the versions published so far and the
/// data's licence.
pub fn atom_feeds(
    version: &str,
    records: &[DisclosureRecord],
    reference: &Reference,
    versions: &Versions,
    licence: &Licence,
) -> Vec<AtomFile> {
    let entries: Vec<(Entry, &DisclosureRecord)> =
        records.iter().map(|r| (record_entry(version, r, reference), r)).collect();
    let mut files = Vec::new();
    let mut write = |topic: Topic, title: String, chosen: Vec<&Entry>| {
        files.push(AtomFile { path: topic.file(), xml: feed_xml(&topic, &title, chosen, licence) });
    };

    let version_entries: Vec<Entry> = versions.versions.iter().map(version_entry).collect();
    let all: Vec<&Entry> = entries.iter().map(|(e, _)| e).chain(version_entries.iter()).collect();
    write(Topic::All, "连云港市新污染物信息公开：新发布的信息 · New disclosures and data versions".to_owned(), all);

    let mut by_enterprise: BTreeMap<&str, (&DisclosureRecord, Vec<&Entry>)> = BTreeMap::new();
    for (e, r) in &entries {
        by_enterprise.entry(r.enterprise.id.as_str()).or_insert_with(|| (r, Vec::new())).1.push(e);
    }
    for (id, (first, mine)) in by_enterprise {
        let title = format!("{}：信息公开 · disclosures", enterprise_name(first));
        write(Topic::Enterprise(id.to_owned()), title, mine);
    }
    for entry in &reference.substances.entries {
        let mine: Vec<&Entry> = entries.iter().filter(|(_, r)| mentions(r, entry.entry)).map(|(e, _)| e).collect();
        let title = format!("{} · {}：相关企业信息公开 · disclosures", entry.name_zh, entry.name_en);
        write(Topic::Substance(entry.entry), title, mine);
    }
    for area in reference.areas.areas.iter().filter(|a| a.is_district()) {
        let Some(code) = area.code.as_deref() else { continue };
        let mine: Vec<&Entry> =
            entries.iter().filter(|(_, r)| r.enterprise.district_code == code).map(|(e, _)| e).collect();
        let title = format!("{} · {}：企业信息公开 · disclosures", area.name_zh, area.name_en);
        write(Topic::District(code.to_owned()), title, mine);
    }
    files
}

/// Whether a record names list entry `n` among its raw materials or its readings.
fn mentions(record: &DisclosureRecord, n: u8) -> bool {
    record.toxic_raw_materials.iter().any(|m| m.entry == Some(n))
        || record.outlets.iter().flat_map(|o| &o.pollutants).any(|p| p.entry == Some(n))
}

fn enterprise_name(r: &DisclosureRecord) -> String {
    format!("{} · {}", r.enterprise.name_zh, r.enterprise.name_en)
}

fn record_entry(version: &str, r: &DisclosureRecord, reference: &Reference) -> Entry {
    let (kind_zh, kind_en) = match r.report_type {
        ReportType::Annual => ("年度报告", "annual report"),
        ReportType::Temporary => ("临时报告", "temporary report"),
    };
    let exceedances: u32 = r.outlets.iter().flat_map(|o| &o.pollutants).map(|p| p.exceedances).sum();
    let finding = if exceedances > 0 {
        format!("全年超标{exceedances}次 · {exceedances} exceedance(s) in the year")
    } else {
        "无超标记录 · no exceedance recorded".to_owned()
    };
    let district = reference
        .district(&r.enterprise.district_code)
        .map(|d| format!("{} · {}", d.name_zh, d.name_en))
        .unwrap_or_else(|| r.enterprise.district_code.clone());
    let mut summary = vec![district, finding];
    if !r.penalties.is_empty() {
        summary.push(format!("行政处罚{}项 · {} penalty(ies)", r.penalties.len(), r.penalties.len()));
    }
    if r.is_sample {
        summary.push("示例数据：企业均为虚构 · Sample data: all enterprises are fictitious".to_owned());
    }
    Entry {
        id: uuid_urn(&format!("record:{}", r.record_id)),
        title: format!("{} {}年{kind_zh} · {} {kind_en}", enterprise_name(r), r.report_year, r.report_year),
        updated: format!("{}T00:00:00+08:00", r.published_on),
        link: format!("/enterprises/{}?year={}&v={version}", r.enterprise.id, r.report_year),
        summary: summary.join("；"),
        categories: vec![r.enterprise.district_code.clone(), r.enterprise.industry.clone()],
    }
}

fn version_entry(v: &VersionEntry) -> Entry {
    let c = &v.changes;
    let summary = format!(
        "新增企业{}家，移除{}家；新增记录{}条，更新{}条，移除{}条 · {} enterprise(s) added, {} removed; {} record(s) added, {} changed, {} removed",
        c.enterprises_added.len(),
        c.enterprises_removed.len(),
        c.records_added,
        c.records_changed,
        c.records_removed,
        c.enterprises_added.len(),
        c.enterprises_removed.len(),
        c.records_added,
        c.records_changed,
        c.records_removed,
    );
    Entry {
        id: uuid_urn(&format!("version:{}", v.version)),
        title: format!("数据版本 {} · Data version {}", v.version, v.version),
        updated: v.built_at.clone(),
        link: format!("/feed/{}/manifest.json", v.version),
        summary,
        categories: vec!["feed-version".to_owned()],
    }
}

/// A `urn:uuid:` (RFC 9562 version 8, name-based on SHA-256) for `name`.
pub fn uuid_urn(name: &str) -> String {
    let hash = Sha256::digest(format!("lyg-new-pollutants:{name}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&hash[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// The feed's XML: newest [`MAX_ENTRIES`] entries first. A feed with no entry is still valid, and
/// dated by the newest version.
fn feed_xml(topic: &Topic, title: &str, mut entries: Vec<&Entry>, licence: &Licence) -> String {
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    entries.truncate(MAX_ENTRIES);
    let updated = entries.first().map_or("2023-01-01T00:00:00+08:00", |e| e.updated.as_str());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    let line = |xml: &mut String, s: String| {
        xml.push_str("  ");
        xml.push_str(&s);
        xml.push('\n');
    };
    line(&mut xml, format!("<id>{}</id>", uuid_urn(&format!("feed:{}", topic.file()))));
    line(&mut xml, format!("<title>{}</title>", escape(title)));
    line(&mut xml, format!("<updated>{}</updated>", escape(updated)));
    line(&mut xml, format!("<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", escape(&topic.href())));
    line(&mut xml, format!("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&topic.page())));
    line(&mut xml, format!("<author><name>{}</name></author>", escape(AUTHOR)));
    line(
        &mut xml,
        format!(
            "<rights>{} · {} ({}): {}</rights>",
            escape(&licence.title_zh),
            escape(&licence.title),
            escape(&licence.name),
            escape(&licence.path)
        ),
    );
    line(&mut xml, "<generator>portal-feed</generator>".to_owned());
    for e in entries {
        xml.push_str("  <entry>\n");
        line(&mut xml, format!("  <id>{}</id>", e.id));
        line(&mut xml, format!("  <title>{}</title>", escape(&e.title)));
        line(&mut xml, format!("  <updated>{}</updated>", escape(&e.updated)));
        line(&mut xml, format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&e.link)));
        line(&mut xml, format!("  <summary type=\"text\">{}</summary>", escape(&e.summary)));
        for c in e.categories.iter().filter(|c| !c.is_empty()) {
            line(&mut xml, format!("  <category term=\"{}\"/>", escape(c)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// Escapes text for XML content and attribute values.
fn escape(text: &str) -> String {
    crate::page::escape_html(text)
}

/// What the watch page says about the feeds, in `lang`: a heading, a sentence on what a feed
/// reader does, the link to everything new, and the link beside each followed enterprise.
pub fn watch_texts(lang: crate::i18n::Lang) -> [&'static str; 4] {
    [
        lang.pick("用订阅阅读器关注（Atom）", "Follow in a feed reader (Atom)"),
        lang.pick(
            "不想每次回来查看？复制下面的链接地址，添加到订阅阅读器（RSS/Atom 阅读器），有新的信息公开或数据版本时，阅读器会提示您。无需注册，本站不会知道谁订阅了。",
            "Rather not check back by hand? Copy the link below into a feed reader (RSS/Atom): it tells you when a new disclosure or data version is published. No account is needed, and this site does not learn who subscribes.",
        ),
        lang.pick("全部新发布的信息（Atom）", "Everything new (Atom)"),
        lang.pick("订阅本企业的更新（Atom）", "Subscribe to this enterprise (Atom)"),
    ]
}
