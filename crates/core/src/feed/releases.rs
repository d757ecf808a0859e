//! 有毒有害物质排放: each toxic substance a record reports, with its release to water, to air
//! through outlets and as fugitive emissions, the total across media, and the national lists it
//! is on (the key-controlled List's entry; the toxic air and water pollutant lists and the
//! priority-control chemicals from the reference data). The format standard asks for the
//! substances on those lists and their annual discharge; the total is computed here from the
//! quantities the record gives, not taken from the enterprise.

use crate::feed::disclosure::{DisclosureRecord, OutletMedium, Quantity};
use crate::feed::reference::{Listing, Reference};
use crate::feed::units::{Unit, convert};

/// One substance's releases in one record, in kg a year.
#[derive(Debug, Clone, PartialEq)]
pub struct SubstanceRelease<'a> {
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub cas: Option<&'a str>,
    /// Its entry on the List of key-controlled new pollutants.
    pub entry: Option<u8>,
    pub water_kg: Option<f64>,
    pub air_kg: Option<f64>,
    pub fugitive_kg: Option<f64>,
    /// The other national lists it is on.
    pub listings: Vec<&'a Listing>,
}

impl SubstanceRelease<'_> {
    /// The release across media, `None` when no quantity is given for any.
    pub fn total_kg(&self) -> Option<f64> {
        let parts = [self.water_kg, self.air_kg, self.fugitive_kg];
        parts.iter().any(Option::is_some).then(|| parts.iter().flatten().sum())
    }
}

/// A quantity in kg a year, `None` when its unit is not an annual mass.
fn kg(q: &Quantity) -> Option<f64> {
    convert(q.value, q.unit, Unit::KgPerYear).ok()
}

fn add(slot: &mut Option<f64>, q: Option<&Quantity>) {
    if let Some(v) = q.and_then(kg) {
        *slot = Some(slot.unwrap_or(0.0) + v);
    }
}

/// The toxic substances of a record (on the List or on another national list), in the order they
/// first appear in its outlets, then its fugitive emissions; a substance is matched by its CAS
/// number, or by its Chinese name when it has none.
pub fn releases<'a>(record: &'a DisclosureRecord, r: &'a Reference) -> Vec<SubstanceRelease<'a>> {
    let mut out: Vec<SubstanceRelease<'a>> = Vec::new();
    let mut slot = |name_zh: &'a str, name_en: &'a str, cas: Option<&'a str>, entry: Option<u8>| {
        let listings: Vec<&Listing> = cas.map(|c| r.listings_of(c).collect()).unwrap_or_default();
        if entry.is_none() && listings.is_empty() {
            return None;
        }
        let same = |s: &SubstanceRelease| match (s.cas, cas) {
            (Some(a), Some(b)) => a == b,
            _ => s.name_zh == name_zh,
        };
        let i = match out.iter().position(same) {
            Some(i) => i,
            None => {
                out.push(SubstanceRelease {
                    name_zh,
                    name_en,
                    cas,
                    entry,
                    water_kg: None,
                    air_kg: None,
                    fugitive_kg: None,
                    listings,
                });
                out.len() - 1
            }
        };
        Some(i)
    };
    let mut found = Vec::new();
    for o in &record.outlets {
        for p in &o.pollutants {
            if let Some(i) = slot(&p.name_zh, &p.name_en, p.cas.as_deref(), p.entry) {
                found.push((i, o.medium == OutletMedium::Water, false, p.annual_quantity.as_ref()));
            }
        }
    }
    for f in &record.fugitive_emissions {
        if let Some(i) = slot(&f.name_zh, &f.name_en, f.cas.as_deref(), f.entry) {
            found.push((i, false, true, f.annual_quantity.as_ref()));
        }
    }
    for (i, water, fugitive, q) in found {
        let s = &mut out[i];
        match (water, fugitive) {
            (_, true) => add(&mut s.fugitive_kg, q),
            (true, false) => add(&mut s.water_kg, q),
            (false, false) => add(&mut s.air_kg, q),
        }
    }
    out
}

/// A mass a year for reading: tonnes from 1000 kg on, else kilograms.
pub fn readable(kg: f64) -> Quantity {
    if kg >= 1000.0 {
        Quantity { value: kg / 1000.0, unit: Unit::TonnesPerYear }
    } else {
        Quantity { value: kg, unit: Unit::KgPerYear }
    }
}
