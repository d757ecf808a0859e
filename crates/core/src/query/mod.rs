//! The enterprise list's query engine: search, facets with live counts, sort, pages and "near
//! me", plus the URL form of a view so that a reload or a shared link shows the same view.
//!
//! Pure and synchronous: the app runs it in WASM on every keystroke or click, and the
//! benchmarks run it natively and in the browser. Exports of the current view live beside it.

pub mod export;
pub mod export_kind;
pub mod export_readings;
pub mod export_staff;

use crate::feed::IndexEntry;
use crate::feed::disclosure::DisclosureBasis;
use crate::feed::reference::Reference;
use std::sync::OnceLock;

/// Rows per page of the enterprise list.
pub const PAGE_SIZE: usize = 50;

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By Chinese name (Unicode order) or, in English, by English name.
    #[default]
    Name,
    /// Most years with an exceedance first.
    Exceedances,
    /// Most recent disclosure first.
    Recent,
    /// By district code, then name.
    District,
    /// Nearest first (needs a reference point).
    Distance,
}

impl Sort {
    pub const ALL: [Sort; 5] = [Sort::Name, Sort::Exceedances, Sort::Recent, Sort::District, Sort::Distance];

    /// The sort's name in URLs.
    pub fn key(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Exceedances => "exceedances",
            Sort::Recent => "recent",
            Sort::District => "district",
            Sort::Distance => "distance",
        }
    }

    pub fn from_key(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|x| x.key() == s)
    }
}

/// A yes/no filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    /// Exceeded a limit (in a selected year, or in any year).
    Exceeded,
    /// Used or discharged a substance whose use was already banned.
    Banned,
    /// Was obliged to disclose but did not.
    Missing,
    /// Has records with a data-quality note (数据质量提示).
    Quality,
}

impl Flag {
    pub const ALL: [Flag; 4] = [Flag::Exceeded, Flag::Banned, Flag::Missing, Flag::Quality];

    pub fn key(self) -> &'static str {
        match self {
            Flag::Exceeded => "exceeded",
            Flag::Banned => "banned",
            Flag::Missing => "missing",
            Flag::Quality => "quality",
        }
    }

    pub fn from_key(s: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.key() == s)
    }

    fn years(self, e: &IndexEntry) -> &[u16] {
        match self {
            Flag::Exceeded => &e.exceeded_years,
            Flag::Banned => &e.banned_years,
            Flag::Missing => &e.missing_years,
            Flag::Quality => &e.quality_years,
        }
    }
}

/// Where "near me" measures from.
#[derive(Debug, Clone, PartialEq)]
pub enum Near {
    /// A district, county, zone or park by its id in areas.json (schematic coordinates).
    Area(String),
    /// A point the reader shared (rounded to 3 decimals, about 100 m, before it enters the URL).
    Point { lat: f64, lng: f64 },
}

/// One view of the enterprise list. Every field is in the URL.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub text: String,
    pub districts: Vec<String>,
    pub zones: Vec<String>,
    pub industries: Vec<String>,
    pub basis: Vec<DisclosureBasis>,
    pub entries: Vec<u8>,
    pub years: Vec<u16>,
    pub flags: Vec<Flag>,
    pub sort: Sort,
    /// Zero-based page.
    pub page: usize,
    pub near: Option<Near>,
}

fn split_list(v: &str) -> impl Iterator<Item = &str> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// Pushes `x` unless `v` holds it already.
pub(crate) fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl Query {
    /// Reads a view from URL query parameters; unknown or malformed values are ignored, so an old
    /// or hand-edited link still opens a sensible view.
    pub fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> Query {
        let mut q = Query::default();
        for (k, v) in params {
            match k {
                "q" => q.text = v.trim().to_owned(),
                "district" => split_list(v).for_each(|x| push_unique(&mut q.districts, x.to_owned())),
                "zone" => split_list(v).for_each(|x| push_unique(&mut q.zones, x.to_owned())),
                "industry" => split_list(v).for_each(|x| push_unique(&mut q.industries, x.to_owned())),
                "basis" => split_list(v)
                    .filter_map(|x| DisclosureBasis::ALL.into_iter().find(|b| b.key() == x))
                    .for_each(|b| push_unique(&mut q.basis, b)),
                "entry" => split_list(v)
                    .filter_map(|x| x.parse::<u8>().ok())
                    .filter(|n| (1..=14).contains(n))
                    .for_each(|n| push_unique(&mut q.entries, n)),
                "year" => {
                    split_list(v).filter_map(|x| x.parse::<u16>().ok()).for_each(|y| push_unique(&mut q.years, y))
                }
                "flag" => split_list(v).filter_map(Flag::from_key).for_each(|f| push_unique(&mut q.flags, f)),
                "sort" => q.sort = Sort::from_key(v).unwrap_or_default(),
                "page" => q.page = v.parse::<usize>().map(|p| p.saturating_sub(1)).unwrap_or(0),
                "near" => q.near = parse_near(v),
                _ => {}
            }
        }
        q.districts.sort();
        q.zones.sort();
        q.industries.sort();
        q.basis.sort();
        q.entries.sort_unstable();
        q.years.sort_unstable();
        q.flags.sort_by_key(|f| f.key());
        if q.sort == Sort::Distance && q.near.is_none() {
            q.sort = Sort::Name;
        }
        q
    }

    /// The view as URL parameters, in a stable order, leaving out defaults. Pages are 1-based in
    /// URLs.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let join = |v: Vec<String>| v.join(",");
        if !self.text.is_empty() {
            out.push(("q", self.text.clone()));
        }
        if !self.districts.is_empty() {
            out.push(("district", join(self.districts.clone())));
        }
        if !self.zones.is_empty() {
            out.push(("zone", join(self.zones.clone())));
        }
        if !self.industries.is_empty() {
            out.push(("industry", join(self.industries.clone())));
        }
        if !self.basis.is_empty() {
            out.push(("basis", join(self.basis.iter().map(|b| b.key().to_owned()).collect())));
        }
        if !self.entries.is_empty() {
            out.push(("entry", join(self.entries.iter().map(u8::to_string).collect())));
        }
        if !self.years.is_empty() {
            out.push(("year", join(self.years.iter().map(u16::to_string).collect())));
        }
        if !self.flags.is_empty() {
            out.push(("flag", join(self.flags.iter().map(|f| f.key().to_owned()).collect())));
        }
        if let Some(n) = &self.near {
            out.push((
                "near",
                match n {
                    Near::Area(id) => format!("area:{id}"),
                    Near::Point { lat, lng } => format!("geo:{lat:.3},{lng:.3}"),
                },
            ));
        }
        if self.sort != Sort::Name {
            out.push(("sort", self.sort.key().to_owned()));
        }
        if self.page > 0 {
            out.push(("page", (self.page + 1).to_string()));
        }
        out
    }

    /// The view as a URL query string (without `?`), percent-encoded.
    pub fn to_query_string(&self) -> String {
        self.to_params().iter().map(|(k, v)| format!("{k}={}", encode_component(v))).collect::<Vec<_>>().join("&")
    }

    /// Whether any filter is set (text or facets).
    pub fn is_filtered(&self) -> bool {
        !(self.text.is_empty()
            && self.districts.is_empty()
            && self.zones.is_empty()
            && self.industries.is_empty()
            && self.basis.is_empty()
            && self.entries.is_empty()
            && self.years.is_empty()
            && self.flags.is_empty())
    }

    /// The filters that are on, in the order the facets are shown (findings, district, zone,
    /// industry, substance, year, basis; the search text first), each with the view without it
    /// (from the first page): what the list shows as removable tags.
    pub fn active_filters(&self) -> Vec<(ActiveFilter, Query)> {
        fn without<T: PartialEq + Clone>(q: &Query, field: fn(&mut Query) -> &mut Vec<T>, x: &T) -> Query {
            let mut next = q.clone();
            field(&mut next).retain(|y| y != x);
            next.page = 0;
            next
        }
        let mut out = Vec::new();
        if !self.text.trim().is_empty() {
            out.push((
                ActiveFilter::Text(self.text.trim().to_owned()),
                Query { text: String::new(), page: 0, ..self.clone() },
            ));
        }
        for f in &self.flags {
            out.push((ActiveFilter::Flag(*f), without(self, |q| &mut q.flags, f)));
        }
        for d in &self.districts {
            out.push((ActiveFilter::District(d.clone()), without(self, |q| &mut q.districts, d)));
        }
        for z in &self.zones {
            out.push((ActiveFilter::Zone(z.clone()), without(self, |q| &mut q.zones, z)));
        }
        for i in &self.industries {
            out.push((ActiveFilter::Industry(i.clone()), without(self, |q| &mut q.industries, i)));
        }
        for e in &self.entries {
            out.push((ActiveFilter::Entry(*e), without(self, |q| &mut q.entries, e)));
        }
        for y in &self.years {
            out.push((ActiveFilter::Year(*y), without(self, |q| &mut q.years, y)));
        }
        for b in &self.basis {
            out.push((ActiveFilter::Basis(*b), without(self, |q| &mut q.basis, b)));
        }
        out
    }

    /// How many facet choices are on (the search text, shown in its own box, not counted): the
    /// number on the list's filter button.
    pub fn facet_choices(&self) -> usize {
        self.districts.len()
            + self.zones.len()
            + self.industries.len()
            + self.basis.len()
            + self.entries.len()
            + self.years.len()
            + self.flags.len()
    }
}

/// One filter that is on in a view (see [`Query::active_filters`]).
#[derive(Debug, Clone, PartialEq)]
pub enum ActiveFilter {
    Text(String),
    Flag(Flag),
    District(String),
    Zone(String),
    Industry(String),
    Entry(u8),
    Year(u16),
    Basis(DisclosureBasis),
}

fn parse_near(v: &str) -> Option<Near> {
    if let Some(id) = v.strip_prefix("area:") {
        return (!id.is_empty()).then(|| Near::Area(id.to_owned()));
    }
    let (lat, lng) = v.strip_prefix("geo:")?.split_once(',')?;
    let (lat, lng) = (lat.trim().parse::<f64>().ok()?, lng.trim().parse::<f64>().ok()?);
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng)).then_some(Near::Point { lat, lng })
}

/// Percent-encodes a URL query component (UTF-8), leaving unreserved characters as they are.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b',' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Great-circle distance in km.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// A facet value and how many enterprises it would show, given every other filter.
#[derive(Debug, Clone, PartialEq)]
pub struct FacetCount<T> {
    pub value: T,
    pub count: usize,
}

/// Live counts for every facet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facets {
    pub districts: Vec<FacetCount<String>>,
    pub zones: Vec<FacetCount<String>>,
    pub industries: Vec<FacetCount<String>>,
    pub basis: Vec<FacetCount<DisclosureBasis>>,
    pub entries: Vec<FacetCount<u8>>,
    pub years: Vec<FacetCount<u16>>,
    pub flags: Vec<FacetCount<Flag>>,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryResult {
    /// Indices into the catalog's entries, in display order: every match, not just one page.
    pub rows: Vec<usize>,
    /// Distance in km for each row when "near" is set (same order as `rows`).
    pub distances: Option<Vec<f64>>,
    pub facets: Facets,
    /// The page actually shown (clamped to the last page).
    pub page: usize,
    pub pages: usize,
}

impl QueryResult {
    /// The row indices of the shown page.
    pub fn page_rows(&self) -> &[usize] {
        let start = (self.page * PAGE_SIZE).min(self.rows.len());
        let end = (start + PAGE_SIZE).min(self.rows.len());
        &self.rows[start..end]
    }
}

/// The filter groups of a query (the text search and each facet), in a fixed order: the engine
/// uses them as bit positions in a row's "failed" mask; a facet's counts use every filter but its
/// own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Group {
    Text,
    District,
    Zone,
    Industry,
    Basis,
    Entry,
    Year,
    Flags,
}

impl Group {
    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// Values of a string-valued field, sorted, each row holding its value's position.
#[derive(Debug, Clone, Default)]
struct Dictionary {
    values: Vec<String>,
    rows: Vec<u16>,
}

/// Marks a row without a value (no zone).
const NONE: u16 = u16::MAX;

impl Dictionary {
    fn new<'a>(values: impl Iterator<Item = Option<&'a String>> + Clone) -> Dictionary {
        let mut distinct: Vec<String> = values.clone().flatten().cloned().collect();
        distinct.sort();
        distinct.dedup();
        let rows = values.map(|v| v.and_then(|v| distinct.binary_search(v).ok()).map_or(NONE, |k| k as u16)).collect();
        Dictionary { values: distinct, rows }
    }

    /// Which values a selection keeps (by position); `None` when nothing is selected.
    fn selection(&self, selected: &[String]) -> Option<Vec<bool>> {
        (!selected.is_empty()).then(|| self.values.iter().map(|v| selected.contains(v)).collect())
    }

    fn counts(&self, counts: &[usize]) -> Vec<FacetCount<String>> {
        self.values
            .iter()
            .zip(counts)
            .filter(|(_, n)| **n > 0)
            .map(|(v, n)| FacetCount { value: v.clone(), count: *n })
            .collect()
    }
}

/// The index prepared for querying: lower-cased search text per enterprise, and the facets as
/// columns of small integers and bit masks, so that a facet click is integer work over the rows.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub entries: Vec<IndexEntry>,
    haystacks: Vec<String>,
    districts: Dictionary,
    zones: Dictionary,
    industries: Dictionary,
    /// Bit k: `DisclosureBasis::ALL[k]`.
    basis: Vec<u8>,
    /// Bit n: list entry n.
    list_entries: Vec<u16>,
    /// The distinct years of the feed, sorted; bit k of a year mask is `years[k]`. The feed's
    /// validator bounds reporting years to 2022..=this year, so 64 bits last until 2085; later
    /// years would simply not match.
    years: Vec<u16>,
    /// Years disclosed or failed to disclose (what the year facet matches).
    year_masks: Vec<u64>,
    /// Per flag (in `Flag::ALL` order): the years it holds in.
    flag_masks: [Vec<u64>; 4],
    /// Rows in name order (Chinese, English); ties keep index order. Each is sorted on first
    /// use, so a reader who never switches language never pays for the other.
    order_zh: OnceLock<Vec<u32>>,
    order_en: OnceLock<Vec<u32>>,
}

/// Lower-cases and folds full-width ASCII, so "ＤＣＭ" finds "DCM".
pub fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn year_mask(years: &[u16], dict: &[u16]) -> u64 {
    years.iter().filter_map(|y| dict.binary_search(y).ok()).filter(|k| *k < 64).fold(0, |m, k| m | 1 << k)
}

impl Catalog {
    /// Prepares the index. The search text of each enterprise holds its names, its credit code,
    /// the CAS numbers it disclosed, and the names and abbreviations of the list entries it uses
    /// or discharges (members of grouped entries included).
    pub fn new(entries: Vec<IndexEntry>, reference: &Reference) -> Catalog {
        let entry_text: Vec<(u8, String)> = reference
            .substances
            .entries
            .iter()
            .map(|e| {
                let mut t = format!("{} {} {}", e.name_zh, e.name_en, e.abbreviation.as_deref().unwrap_or(""));
                for m in &e.members {
                    t.push_str(&format!(" {} {} {}", m.name_zh, m.name_en, m.abbreviation.as_deref().unwrap_or("")));
                }
                (e.entry, normalise(&t))
            })
            .collect();
        let haystacks = entries
            .iter()
            .map(|e| {
                let mut h = normalise(&format!("{} {} {} {}", e.name_zh, e.name_en, e.uscc, e.cas.join(" ")));
                for n in &e.entries {
                    if let Some((_, t)) = entry_text.iter().find(|(k, _)| k == n) {
                        h.push(' ');
                        h.push_str(t);
                    }
                }
                h
            })
            .collect();
        let mut years: Vec<u16> = entries
            .iter()
            .flat_map(|e| [&e.years, &e.missing_years, &e.exceeded_years, &e.banned_years])
            .flatten()
            .copied()
            .collect();
        years.sort_unstable();
        years.dedup();
        let masks = |f: &dyn Fn(&IndexEntry) -> u64| entries.iter().map(f).collect::<Vec<u64>>();
        Catalog {
            districts: Dictionary::new(entries.iter().map(|e| Some(&e.district))),
            zones: Dictionary::new(entries.iter().map(|e| e.zone.as_ref())),
            industries: Dictionary::new(entries.iter().map(|e| Some(&e.industry))),
            basis: entries
                .iter()
                .map(|e| {
                    e.basis
                        .iter()
                        .filter_map(|b| DisclosureBasis::ALL.iter().position(|x| x == b))
                        .fold(0u8, |m, k| m | 1 << k)
                })
                .collect(),
            list_entries: entries
                .iter()
                .map(|e| e.entries.iter().filter(|n| (1..=14).contains(*n)).fold(0u16, |m, n| m | 1 << n))
                .collect(),
            year_masks: masks(&|e| year_mask(&e.years, &years) | year_mask(&e.missing_years, &years)),
            flag_masks: Flag::ALL.map(|f| masks(&|e| year_mask(f.years(e), &years))),
            order_zh: OnceLock::new(),
            order_en: OnceLock::new(),
            years,
            entries,
            haystacks,
        }
    }

    /// The rows in name order; ties keep index order.
    fn name_order(&self, english: bool) -> &[u32] {
        let cell = if english { &self.order_en } else { &self.order_zh };
        cell.get_or_init(|| {
            let name = |i: u32| {
                let e = &self.entries[i as usize];
                if english { &e.name_en } else { &e.name_zh }
            };
            let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
            order.sort_unstable_by(|a, b| name(*a).cmp(name(*b)).then(a.cmp(b)));
            order
        })
    }

    /// The search text of row `i` (normalised), as the engine matches it.
    pub fn haystack(&self, i: usize) -> &str {
        self.haystacks.get(i).map_or("", String::as_str)
    }

    /// Which enterprises match the search text: every word must occur.
    pub fn text_matches(&self, text: &str) -> Vec<bool> {
        let words: Vec<String> = normalise(text).split_whitespace().map(str::to_owned).collect();
        self.haystacks.iter().map(|h| words.iter().all(|w| h.contains(w.as_str()))).collect()
    }

    /// Runs a query. `text_matches` may be passed in when only the facets changed, so the text
    /// search is not repeated; `near_point` is the reference point when `query.near` is set.
    pub fn run(
        &self,
        q: &Query,
        text_matches: Option<&[bool]>,
        near_point: Option<(f64, f64)>,
        english: bool,
    ) -> QueryResult {
        let owned;
        let text = match text_matches {
            Some(t) if t.len() == self.entries.len() => t,
            _ => {
                owned = self.text_matches(&q.text);
                &owned
            }
        };
        let n = self.entries.len();
        // The query as masks and lookup tables.
        let districts = self.districts.selection(&q.districts);
        let zones = self.zones.selection(&q.zones);
        let industries = self.industries.selection(&q.industries);
        let basis_sel: u8 =
            q.basis.iter().filter_map(|b| DisclosureBasis::ALL.iter().position(|x| x == b)).fold(0, |m, k| m | 1 << k);
        let entries_sel: u16 = q.entries.iter().filter(|n| (1..=14).contains(*n)).fold(0, |m, n| m | 1 << n);
        let years_sel = year_mask(&q.years, &self.years);
        // A flag holds in a selected year, or in any year when none is selected.
        let flag_window = if q.years.is_empty() { u64::MAX } else { years_sel };
        let selected_flags: u8 =
            Flag::ALL.iter().enumerate().filter(|(_, f)| q.flags.contains(f)).fold(0, |m, (k, _)| m | 1 << k);
        let in_dict = |sel: &Option<Vec<bool>>, v: u16| {
            sel.as_ref().is_none_or(|s| v != NONE && s.get(usize::from(v)).copied().unwrap_or(false))
        };

        // Per row: the groups it fails (one bit each) and the flags it holds.
        let mut failed = vec![0u8; n];
        let mut holds = vec![0u8; n];
        for i in 0..n {
            let mut h = 0u8;
            for (k, masks) in self.flag_masks.iter().enumerate() {
                if masks[i] & flag_window != 0 {
                    h |= 1 << k;
                }
            }
            holds[i] = h;
            let mut f = 0u8;
            if !text[i] {
                f |= Group::Text.bit();
            }
            if !in_dict(&districts, self.districts.rows[i]) {
                f |= Group::District.bit();
            }
            if !in_dict(&zones, self.zones.rows[i]) {
                f |= Group::Zone.bit();
            }
            if !in_dict(&industries, self.industries.rows[i]) {
                f |= Group::Industry.bit();
            }
            if !q.basis.is_empty() && self.basis[i] & basis_sel == 0 {
                f |= Group::Basis.bit();
            }
            if !q.entries.is_empty() && self.list_entries[i] & entries_sel == 0 {
                f |= Group::Entry.bit();
            }
            if !q.years.is_empty() && self.year_masks[i] & years_sel == 0 {
                f |= Group::Year.bit();
            }
            if h & selected_flags != selected_flags {
                f |= Group::Flags.bit();
            }
            failed[i] = f;
        }

        // Facet counts: a row counts for a group when it fails no other group.
        let mut district_counts = vec![0usize; self.districts.values.len()];
        let mut zone_counts = vec![0usize; self.zones.values.len()];
        let mut industry_counts = vec![0usize; self.industries.values.len()];
        let mut basis = [0usize; 5];
        let mut list_entries = [0usize; 15];
        let mut year_counts = vec![0usize; self.years.len().min(64)];
        let mut flags = [0usize; 4];
        let counts_for = |f: u8, g: Group| f & !g.bit() == 0;
        for i in 0..n {
            let f = failed[i];
            if f & f.wrapping_sub(1) != 0 {
                continue; // fails two groups or more: counts nowhere
            }
            if counts_for(f, Group::District) {
                district_counts[usize::from(self.districts.rows[i])] += 1;
            }
            if counts_for(f, Group::Zone)
                && let Some(c) = zone_counts.get_mut(usize::from(self.zones.rows[i]))
            {
                *c += 1;
            }
            if counts_for(f, Group::Industry) {
                industry_counts[usize::from(self.industries.rows[i])] += 1;
            }
            if counts_for(f, Group::Basis) {
                for (k, c) in basis.iter_mut().enumerate() {
                    *c += usize::from(self.basis[i] >> k & 1);
                }
            }
            if counts_for(f, Group::Entry) {
                for (k, c) in list_entries.iter_mut().enumerate() {
                    *c += usize::from(self.list_entries[i] >> k & 1);
                }
            }
            if counts_for(f, Group::Year) {
                for (k, c) in year_counts.iter_mut().enumerate() {
                    *c += (self.year_masks[i] >> k & 1) as usize;
                }
            }
            // A flag's count: rows matching everything else, the other selected flags and that flag.
            if counts_for(f, Group::Flags) {
                for (k, c) in flags.iter_mut().enumerate() {
                    let others = selected_flags & !(1 << k);
                    if holds[i] & others == others && holds[i] >> k & 1 == 1 {
                        *c += 1;
                    }
                }
            }
        }
        let facets = Facets {
            districts: self.districts.counts(&district_counts),
            zones: self.zones.counts(&zone_counts),
            industries: self.industries.counts(&industry_counts),
            basis: DisclosureBasis::ALL.iter().zip(basis).map(|(b, count)| FacetCount { value: *b, count }).collect(),
            entries: (1..=14u8).map(|n| FacetCount { value: n, count: list_entries[usize::from(n)] }).collect(),
            years: self
                .years
                .iter()
                .zip(&year_counts)
                .filter(|(_, c)| **c > 0)
                .map(|(y, c)| FacetCount { value: *y, count: *c })
                .collect(),
            flags: Flag::ALL.iter().zip(flags).map(|(f, count)| FacetCount { value: *f, count }).collect(),
        };

        // The matches in name order, then (stable) by the sort's own key.
        let mut rows: Vec<usize> =
            self.name_order(english).iter().map(|&i| i as usize).filter(|&i| failed[i] == 0).collect();
        let distance = |i: usize| near_point.map(|p| distance_km(p, self.entries[i].lat_lng));
        match q.sort {
            Sort::Name => {}
            Sort::Exceedances => rows.sort_by_key(|&i| std::cmp::Reverse(self.entries[i].exceeded_years.len())),
            Sort::Recent => {
                rows.sort_by_key(|&i| std::cmp::Reverse(self.entries[i].years.last().copied().unwrap_or(0)));
            }
            Sort::District => rows.sort_by_key(|&i| self.districts.rows[i]),
            Sort::Distance => {
                if near_point.is_some() {
                    let d: Vec<f64> = rows.iter().map(|&i| distance(i).unwrap_or(0.0)).collect();
                    let mut keyed: Vec<(f64, usize)> = d.into_iter().zip(rows).collect();
                    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
                    rows = keyed.into_iter().map(|(_, i)| i).collect();
                }
            }
        }
        let distances = near_point.map(|_| rows.iter().map(|&i| distance(i).unwrap_or(0.0)).collect());
        let pages = rows.len().div_ceil(PAGE_SIZE).max(1);
        QueryResult { page: q.page.min(pages - 1), pages, rows, distances, facets }
    }
}
