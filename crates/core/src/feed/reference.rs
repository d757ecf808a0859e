//! Reference data: the national list of key-controlled new pollutants, limits from standards,
//! the city's areas and the industries the plan names. Loaded from `data/reference/*.json`.
//!
//! Every item carries its source and a [`Verification`] flag. An unverified item is never shown
//! as fact.

use crate::feed::units::{Medium, Unit};
use serde::{Deserialize, Serialize};

/// How well an item is verified against its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Read in a cited source.
    Verified,
    /// From memory or only partly checked: show it labelled, never as fact.
    Unverified,
}

/// Hosts of official publishers: government sites (`gov.cn`), the Stockholm Convention, the WHO
/// and its agencies. A source elsewhere is a third-party copy (转载), kept only as a fallback where
/// no official address is known, and labelled as such on the pages.
const OFFICIAL_HOSTS: [&str; 5] = ["gov.cn", "pops.int", "brsmeas.org", "who.int", "chinacdc.cn"];

/// Whether `url` is on an official publisher's site (see [`OFFICIAL_HOSTS`]).
pub fn is_official_source(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("").split(':').next().unwrap_or("").to_ascii_lowercase();
    !host.is_empty() && OFFICIAL_HOSTS.iter().any(|h| host == *h || host.ends_with(&format!(".{h}")))
}

/// Which group of the national list an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubstanceGroup {
    /// Persistent organic pollutants (entries 1–9).
    Pops,
    /// Toxic and hazardous pollutants (entries 10–11).
    Toxic,
    /// Endocrine disruptor (entry 12).
    Edc,
    /// Antibiotics (entry 13).
    Antibiotic,
    /// Already phased out (entry 14).
    PhasedOut,
}

/// The list as an instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ListInfo {
    pub title_zh: String,
    pub title_en: String,
    pub instrument_zh: String,
    pub instrument_en: String,
    pub published: String,
    pub in_force: String,
    /// The official publisher's address (生态环境部), cited first.
    pub source_url: String,
    pub verification: Verification,
    /// Whether `source_url` itself has been opened and confirmed; an address only expected
    /// (official-sources.md status U) or seen in third-party code (R) stays unverified.
    pub source_url_verification: Verification,
    /// A third-party copy (转载) of the text, kept as a labelled fallback while the official
    /// address is unconfirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repost_url: Option<String>,
}

/// A national instrument cited by the portal (the disclosure measures, their format standard, the
/// toxic-substance lists), with the official address first and a labelled repost as fallback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// A stable id, e.g. `disclosure-measures`, `toxic-air`.
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    /// The issuing order or announcement, e.g. 生态环境部令第24号.
    pub instrument_zh: Option<String>,
    pub instrument_en: Option<String>,
    /// The day it was issued (`YYYY-MM-DD`), where known.
    pub published: Option<String>,
    /// The official publisher's address, where one is known.
    pub source_url: Option<String>,
    /// Whether the title, number and date above and `source_url` are confirmed by a source read.
    pub verification: Verification,
    /// A third-party copy (转载), shown labelled, only as a fallback.
    pub repost_url: Option<String>,
    /// The editors' research note; never shown.
    pub note: Option<String>,
}

/// That a substance is on one of the other national lists (有毒有害大气/水污染物名录,
/// 优先控制化学品名录), with its source: reference data per substance, shown beside the substance's
/// releases on the enterprise page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// The CAS number the listing matches readings by.
    pub cas: String,
    pub name_zh: String,
    pub name_en: String,
    /// The list's id in `instruments`.
    pub list: String,
    /// The substance's code on that list, e.g. `PC033`, where known.
    pub code: Option<String>,
    pub source_url: String,
    pub verification: Verification,
    pub note: Option<String>,
}

/// A CAS number with what it denotes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CasNumber {
    pub number: String,
    pub label_en: Option<String>,
    pub verification: Verification,
}

/// A member substance of a grouped entry (entry 14's legacy POPs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name_zh: String,
    pub name_en: String,
    pub abbreviation: Option<String>,
    pub cas: Vec<CasNumber>,
}

/// The kind of a control measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MeasureType {
    BanProduction,
    BanUse,
    BanImportExport,
    NoNewCapacity,
    Exemption,
    ImportExportPermit,
    ContentLimit,
    DischargeStandard,
    CleanProductionAudit,
    HazardousWaste,
    Soil,
    CosmeticsBan,
    PesticideCoformulantBan,
    PrescriptionControl,
    Monitoring,
    ReleaseReduction,
}

impl MeasureType {
    /// Whether the measure bans using the substance once in force. Bans on producing a product
    /// that contains it (e.g. DCM paint strippers) are not use bans.
    pub fn is_use_ban(self) -> bool {
        matches!(self, MeasureType::BanUse)
    }
}

/// A control measure on a list entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Measure {
    #[serde(rename = "type")]
    pub kind: MeasureType,
    pub text_zh: String,
    pub text_en: String,
    pub effective_from: Option<String>,
    pub effective_to: Option<String>,
    pub source_url: String,
    pub verification: Verification,
    pub note: Option<String>,
}

/// One of the 14 entries of 重点管控新污染物清单（2023年版）.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ListEntry {
    pub entry: u8,
    pub id: String,
    pub group: SubstanceGroup,
    pub name_zh: String,
    pub name_en: String,
    pub abbreviation: Option<String>,
    pub cas: Vec<CasNumber>,
    pub members: Vec<Member>,
    pub stockholm: bool,
    pub measures: Vec<Measure>,
    pub sources: Vec<String>,
}

impl ListEntry {
    /// The earliest date from which a use or production ban applies without exemption, if the
    /// entry has one. Dates are ISO `YYYY-MM-DD`, so they compare as strings.
    pub fn use_banned_from(&self) -> Option<&str> {
        self.measures.iter().filter(|m| m.kind.is_use_ban()).filter_map(|m| m.effective_from.as_deref()).max()
    }

    /// Whether use of the entry is banned on `today` (`YYYY-MM-DD`): a use ban in force on that
    /// day, a use ban whose date is not verified, or no use ban at all.
    pub fn ban_status(&self, today: &str) -> BanStatus {
        let bans: Vec<&Measure> = self.measures.iter().filter(|m| m.kind.is_use_ban()).collect();
        let in_force = bans.iter().find(|m| {
            m.effective_from.as_deref().is_some_and(|from| from <= today)
                && m.effective_to.as_deref().is_none_or(|to| to >= today)
        });
        match (in_force, bans.is_empty()) {
            (Some(m), _) => BanStatus::Banned { since: m.effective_from.clone().unwrap_or_default() },
            (None, false) if bans.iter().any(|m| m.effective_from.is_none()) => BanStatus::DateUnknown,
            _ => BanStatus::NotBanned,
        }
    }

    /// Every CAS number of the entry and of its members.
    pub fn all_cas(&self) -> impl Iterator<Item = &CasNumber> {
        self.cas.iter().chain(self.members.iter().flat_map(|m| m.cas.iter()))
    }
}

/// Whether a list entry's use is banned on a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BanStatus {
    /// A use ban is in force (since the date given).
    Banned { since: String },
    /// The list sets a use ban whose effective date the portal has not verified.
    DateUnknown,
    /// No use ban in force: the list restricts, limits or manages instead.
    NotBanned,
}

/// `data/reference/substances.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SubstanceList {
    pub list: ListInfo,
    pub entries: Vec<ListEntry>,
    /// Other instruments the portal cites (the disclosure measures and their format standard,
    /// the toxic-pollutant and priority-chemical lists).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<Instrument>,
    /// Which substances are on the toxic-pollutant and priority-chemical lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<Listing>,
}

/// A discharge or quality standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub source_url: Option<String>,
    pub verification: Verification,
    /// The day this edition came into force (`YYYY-MM-DD`), where the data records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<String>,
    /// The day this edition is withdrawn (废止, `YYYY-MM-DD`), where one is announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_from: Option<String>,
    /// The code of the edition that replaces it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
}

/// Whether a limit is the ordinary one, a special (stricter) emission limit or a reference value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LimitType {
    Normal,
    Special,
    Reference,
}

/// One limit value from a standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub id: String,
    pub standard: String,
    pub table: String,
    pub substance_zh: String,
    pub substance_en: String,
    pub cas: Option<String>,
    pub entry: Option<u8>,
    pub medium: Medium,
    pub value: f64,
    pub unit: Unit,
    pub class: Option<String>,
    pub limit_type: LimitType,
    pub source_url: Option<String>,
    pub verification: Verification,
    pub note: Option<String>,
}

/// `data/reference/limits.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LimitTable {
    pub standards: Vec<Standard>,
    pub limits: Vec<Limit>,
}

/// How precise a coordinate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Exact,
    /// For a schematic map only: placed by hand, accurate to a few kilometres at best.
    Schematic,
}

/// A bounding box in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    pub south: f64,
    pub north: f64,
    pub west: f64,
    pub east: f64,
}

impl Bounds {
    /// Whether a point lies inside the box.
    pub fn contains(&self, lat: f64, lng: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lng)
    }
}

/// The city itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct City {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub lat: f64,
    pub lng: f64,
    pub bounds: Bounds,
    pub source_url: String,
    pub verification: Verification,
}

/// What kind of area an [`Area`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AreaKind {
    District,
    County,
    FunctionalZone,
    ChemicalPark,
}

/// A district, county, functional zone or chemical park.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub kind: AreaKind,
    pub code: Option<String>,
    pub district_code: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    pub lat: f64,
    pub lng: f64,
    pub precision: Precision,
    pub coordinates_verification: Verification,
    pub note_zh: String,
    pub note_en: String,
    pub source_url: Option<String>,
    pub verification: Verification,
}

impl Area {
    /// Whether the area is one of the six districts and counties.
    pub fn is_district(&self) -> bool {
        matches!(self.kind, AreaKind::District | AreaKind::County)
    }
}

/// `data/reference/areas.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AreaTable {
    pub city: City,
    pub areas: Vec<Area>,
}

/// The classification used for industry codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Classification {
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
}

/// An industry the plan names, with its GB/T 4754-2017 code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Industry {
    pub id: String,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub plan_name_zh: String,
    pub typical_pollutants: Vec<u8>,
    /// The discharge standards (codes in `limits.json`) that apply to this industry's plants,
    /// beyond the comprehensive GB 8978; a reading judged against any other standard gets a
    /// data-quality note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discharge_standards: Vec<String>,
    pub verification: Verification,
    pub note: Option<String>,
}

/// `data/reference/industries.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IndustryTable {
    pub classification: Classification,
    pub industries: Vec<Industry>,
}

/// All reference data together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reference {
    pub substances: SubstanceList,
    pub limits: LimitTable,
    pub areas: AreaTable,
    pub industries: IndustryTable,
}

impl Reference {
    /// The list entry with this number.
    pub fn entry(&self, n: u8) -> Option<&ListEntry> {
        self.substances.entries.iter().find(|e| e.entry == n)
    }

    /// The instrument with this id.
    pub fn instrument(&self, id: &str) -> Option<&Instrument> {
        self.substances.instruments.iter().find(|i| i.id == id)
    }

    /// The other national lists a substance (by CAS number) is on.
    pub fn listings_of<'a>(&'a self, cas: &'a str) -> impl Iterator<Item = &'a Listing> + 'a {
        self.substances.listings.iter().filter(move |l| l.cas == cas)
    }

    /// The limit with this id.
    pub fn limit(&self, id: &str) -> Option<&Limit> {
        self.limits.limits.iter().find(|l| l.id == id)
    }

    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.areas.iter().find(|a| a.id == id)
    }

    /// The district or county with this administrative code.
    pub fn district(&self, code: &str) -> Option<&Area> {
        self.areas.areas.iter().find(|a| a.is_district() && a.code.as_deref() == Some(code))
    }

    /// The industry with this id.
    pub fn industry(&self, id: &str) -> Option<&Industry> {
        self.industries.industries.iter().find(|i| i.id == id)
    }
}
