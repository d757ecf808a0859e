//! The enterprise list's query engine: search, facets with live counts, sort, pages and "near
//! me", plus the URL form of a view so that a reload or a shared link shows the same view.
//!
//! Pure and synchronous: the app runs it in WASM on every keystroke or click, and the
//! benchmarks run it natively and in the browser.

use crate::disclosure::DisclosureBasis;
use crate::feed::IndexEntry;
use crate::reference::Reference;

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
}

impl Flag {
    pub const ALL: [Flag; 3] = [Flag::Exceeded, Flag::Banned, Flag::Missing];

    pub fn key(self) -> &'static str {
        match self {
            Flag::Exceeded => "exceeded",
            Flag::Banned => "banned",
            Flag::Missing => "missing",
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

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
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

/// The facet groups; a facet's counts use every filter but its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    #[expect(dead_code, reason = "index 0 of the pass array, named for readability")]
    Text,
    District,
    Zone,
    Industry,
    Basis,
    Entry,
    Year,
    Flags,
}

const GROUPS: usize = 8;

/// The index prepared for querying: lower-cased search text per enterprise.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub entries: Vec<IndexEntry>,
    haystacks: Vec<String>,
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
        Catalog { entries, haystacks }
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
        let flag_years = |e: &IndexEntry, f: Flag| {
            let ys = f.years(e);
            if q.years.is_empty() { !ys.is_empty() } else { ys.iter().any(|y| q.years.contains(y)) }
        };
        let any = |sel: bool, hit: bool| !sel || hit;
        // Per enterprise, which groups it passes.
        let pass: Vec<[bool; GROUPS]> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                [
                    text[i],
                    any(!q.districts.is_empty(), q.districts.contains(&e.district)),
                    any(!q.zones.is_empty(), e.zone.as_ref().is_some_and(|z| q.zones.contains(z))),
                    any(!q.industries.is_empty(), q.industries.contains(&e.industry)),
                    any(!q.basis.is_empty(), e.basis.iter().any(|b| q.basis.contains(b))),
                    any(!q.entries.is_empty(), e.entries.iter().any(|n| q.entries.contains(n))),
                    // A year matches if the enterprise disclosed, or failed to disclose, that year.
                    any(!q.years.is_empty(), e.years.iter().chain(&e.missing_years).any(|y| q.years.contains(y))),
                    q.flags.iter().all(|f| flag_years(e, *f)),
                ]
            })
            .collect();
        let all_but = |p: &[bool; GROUPS], g: Group| p.iter().enumerate().all(|(k, ok)| k == g as usize || *ok);

        let mut facets = Facets::default();
        let count_strings =
            |g: Group, get: &dyn Fn(&IndexEntry) -> Option<&String>, out: &mut Vec<FacetCount<String>>| {
                let mut counts: Vec<FacetCount<String>> = Vec::new();
                for (e, p) in self.entries.iter().zip(&pass) {
                    if let Some(v) = get(e)
                        && all_but(p, g)
                    {
                        match counts.iter_mut().find(|c| &c.value == v) {
                            Some(c) => c.count += 1,
                            None => counts.push(FacetCount { value: v.clone(), count: 1 }),
                        }
                    }
                }
                counts.sort_by(|a, b| a.value.cmp(&b.value));
                *out = counts;
            };
        count_strings(Group::District, &|e| Some(&e.district), &mut facets.districts);
        count_strings(Group::Zone, &|e| e.zone.as_ref(), &mut facets.zones);
        count_strings(Group::Industry, &|e| Some(&e.industry), &mut facets.industries);

        let mut basis = [0usize; 5];
        let mut entries = [0usize; 15];
        let mut years: Vec<FacetCount<u16>> = Vec::new();
        let mut flags = [0usize; 3];
        for (e, p) in self.entries.iter().zip(&pass) {
            if all_but(p, Group::Basis) {
                for b in &e.basis {
                    if let Some(k) = DisclosureBasis::ALL.iter().position(|x| x == b) {
                        basis[k] += 1;
                    }
                }
            }
            if all_but(p, Group::Entry) {
                for n in &e.entries {
                    if let Some(slot) = entries.get_mut(usize::from(*n)) {
                        *slot += 1;
                    }
                }
            }
            if all_but(p, Group::Year) {
                let mut seen: Vec<u16> = e.years.iter().chain(&e.missing_years).copied().collect();
                seen.sort_unstable();
                seen.dedup();
                for y in seen {
                    match years.iter_mut().find(|c| c.value == y) {
                        Some(c) => c.count += 1,
                        None => years.push(FacetCount { value: y, count: 1 }),
                    }
                }
            }
            // A flag's count: enterprises matching everything else plus that flag.
            let others = all_but(p, Group::Flags);
            if others {
                for (k, f) in Flag::ALL.iter().enumerate() {
                    let selected_others_hold = q.flags.iter().filter(|g| *g != f).all(|g| flag_years(e, *g));
                    if selected_others_hold && flag_years(e, *f) {
                        flags[k] += 1;
                    }
                }
            }
        }
        facets.basis =
            DisclosureBasis::ALL.iter().zip(basis).map(|(b, count)| FacetCount { value: *b, count }).collect();
        facets.entries = (1..=14u8).map(|n| FacetCount { value: n, count: entries[usize::from(n)] }).collect();
        years.sort_by_key(|c| c.value);
        facets.years = years;
        facets.flags = Flag::ALL.iter().zip(flags).map(|(f, count)| FacetCount { value: *f, count }).collect();

        let mut rows: Vec<usize> = (0..self.entries.len()).filter(|&i| pass[i].iter().all(|ok| *ok)).collect();
        let distance = |i: usize| near_point.map(|p| distance_km(p, self.entries[i].lat_lng));
        let name = |i: usize| if english { &self.entries[i].name_en } else { &self.entries[i].name_zh };
        match q.sort {
            Sort::Name => rows.sort_by(|a, b| name(*a).cmp(name(*b))),
            Sort::Exceedances => rows.sort_by(|a, b| {
                let (ea, eb) = (&self.entries[*a], &self.entries[*b]);
                eb.exceeded_years.len().cmp(&ea.exceeded_years.len()).then_with(|| name(*a).cmp(name(*b)))
            }),
            Sort::Recent => rows.sort_by(|a, b| {
                let last = |i: usize| self.entries[i].years.last().copied().unwrap_or(0);
                last(*b).cmp(&last(*a)).then_with(|| name(*a).cmp(name(*b)))
            }),
            Sort::District => rows.sort_by(|a, b| {
                self.entries[*a].district.cmp(&self.entries[*b].district).then_with(|| name(*a).cmp(name(*b)))
            }),
            Sort::Distance => rows.sort_by(|a, b| {
                distance(*a).unwrap_or(0.0).total_cmp(&distance(*b).unwrap_or(0.0)).then_with(|| name(*a).cmp(name(*b)))
            }),
        }
        let distances = near_point.map(|_| rows.iter().map(|&i| distance(i).unwrap_or(0.0)).collect());
        let pages = rows.len().div_ceil(PAGE_SIZE).max(1);
        QueryResult { page: q.page.min(pages - 1), pages, rows, distances, facets }
    }
}
