//! What the report form sends ([`ReportDraft`], [`Contact`], [`GeoPoint`]), the limits and places
//! it is checked against, and the form's field ids ([`FormField`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Category;

/// The most photos one report may carry.
pub const MAX_PHOTOS: usize = 5;
/// The largest photo accepted, in bytes (10 MiB), before metadata is stripped.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// The shortest description accepted, in characters (not bytes) after trimming.
pub const MIN_DESCRIPTION_CHARS: usize = 20;
/// The longest description accepted, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
/// The longest description of an unknown source, in characters.
pub const MAX_SOURCE_CHARS: usize = 500;
/// The longest address, in characters.
pub const MAX_ADDRESS_CHARS: usize = 200;
/// The longest contact name, in characters.
pub const MAX_NAME_CHARS: usize = 50;

/// Lianyungang's extent with a small margin: 33.98–35.15 °N, 118.40–119.92 °E.
pub const CITY_SOUTH: f64 = 33.98;
/// See [`CITY_SOUTH`].
pub const CITY_NORTH: f64 = 35.15;
/// See [`CITY_SOUTH`].
pub const CITY_WEST: f64 = 118.40;
/// See [`CITY_SOUTH`].
pub const CITY_EAST: f64 = 119.92;

/// The administrative codes of the city's three districts and three counties, as in
/// `data/reference/areas.json` (a test keeps the two in step).
pub const DISTRICT_CODES: [&str; 6] = ["320703", "320706", "320707", "320722", "320723", "320724"];

/// The functional zones and chemical parks a report may name instead of (or as well as) a
/// district, with the district or county each lies in (`None`: it spans several). Same source
/// and same test as [`DISTRICT_CODES`].
pub const AREAS: [(&str, Option<&str>); 7] = [
    ("xuwei", None),
    ("lyg_chem_park", Some("320724")),
    ("guanyun_lingang", Some("320723")),
    ("zhewang", Some("320707")),
    ("etdz", None),
    ("hitech", Some("320706")),
    ("dapu", Some("320706")),
];

/// The form's field ids. [`FieldError::field`](super::FieldError::field) is always one of these;
/// the form uses [`FormField::id`] as the `id` of its inputs so an error summary can link to each
/// field. Serialised (and displayed) as that id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormField {
    /// The category radio group.
    Category,
    /// The enterprise picker.
    EnterpriseId,
    /// The "unknown source" description.
    SourceDescription,
    /// The date observed.
    ObservedOn,
    /// The time observed.
    ObservedTime,
    /// The district or county select.
    DistrictCode,
    /// The park or zone select.
    AreaId,
    /// The free-text address.
    Address,
    /// The coordinates.
    Location,
    /// The description.
    Description,
    /// The contact name.
    ContactName,
    /// The contact phone number.
    ContactPhone,
    /// The contact email address.
    ContactEmail,
    /// The reward checkbox.
    WantsReward,
    /// The consent-to-contact checkbox.
    ConsentToContact,
    /// The photo input.
    Photos,
    /// The whole report part of an upload (server only).
    Report,
    /// The proof-of-work challenge (server only).
    PowChallenge,
    /// The proof-of-work nonce (server only).
    PowNonce,
    /// The receipt code on the status page.
    Receipt,
}

impl FormField {
    /// Every field.
    pub const ALL: [FormField; 20] = [
        FormField::Category,
        FormField::EnterpriseId,
        FormField::SourceDescription,
        FormField::ObservedOn,
        FormField::ObservedTime,
        FormField::DistrictCode,
        FormField::AreaId,
        FormField::Address,
        FormField::Location,
        FormField::Description,
        FormField::ContactName,
        FormField::ContactPhone,
        FormField::ContactEmail,
        FormField::WantsReward,
        FormField::ConsentToContact,
        FormField::Photos,
        FormField::Report,
        FormField::PowChallenge,
        FormField::PowNonce,
        FormField::Receipt,
    ];

    /// The id, e.g. `contact_phone`.
    pub const fn id(self) -> &'static str {
        match self {
            FormField::Category => "category",
            FormField::EnterpriseId => "enterprise_id",
            FormField::SourceDescription => "source_description",
            FormField::ObservedOn => "observed_on",
            FormField::ObservedTime => "observed_time",
            FormField::DistrictCode => "district_code",
            FormField::AreaId => "area_id",
            FormField::Address => "address",
            FormField::Location => "location",
            FormField::Description => "description",
            FormField::ContactName => "contact_name",
            FormField::ContactPhone => "contact_phone",
            FormField::ContactEmail => "contact_email",
            FormField::WantsReward => "wants_reward",
            FormField::ConsentToContact => "consent_to_contact",
            FormField::Photos => "photos",
            FormField::Report => "report",
            FormField::PowChallenge => "pow_challenge",
            FormField::PowNonce => "pow_nonce",
            FormField::Receipt => "receipt",
        }
    }
}

impl fmt::Display for FormField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Maps a path inside the report JSON (`contact.phone`, `location.lat`, `description`) to the
/// form field it belongs to; anything else maps to [`FormField::Report`].
pub fn field_for_path(path: &str) -> FormField {
    let path = path.trim_start_matches('.');
    let (head, tail) = path.split_once('.').unwrap_or((path, ""));
    match (head, tail) {
        ("category", _) => FormField::Category,
        ("enterprise_id", _) => FormField::EnterpriseId,
        ("source_description", _) => FormField::SourceDescription,
        ("observed_on", _) => FormField::ObservedOn,
        ("observed_time", _) => FormField::ObservedTime,
        ("district_code", _) => FormField::DistrictCode,
        ("area_id", _) => FormField::AreaId,
        ("address", _) => FormField::Address,
        ("location", _) => FormField::Location,
        ("description", _) => FormField::Description,
        ("contact", "name") => FormField::ContactName,
        ("contact", "phone") | ("contact", "") => FormField::ContactPhone,
        ("contact", "email") => FormField::ContactEmail,
        ("wants_reward", _) => FormField::WantsReward,
        ("consent_to_contact", _) => FormField::ConsentToContact,
        ("photos_count", _) => FormField::Photos,
        _ => FormField::Report,
    }
}

/// A point in decimal degrees (WGS 84, as browsers and EXIF give it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeoPoint {
    /// Latitude, north positive.
    pub lat: f64,
    /// Longitude, east positive.
    pub lng: f64,
}

impl GeoPoint {
    /// Whether the point lies within Lianyungang's extent ([`CITY_SOUTH`] and the others).
    pub fn in_city(self) -> bool {
        (CITY_SOUTH..=CITY_NORTH).contains(&self.lat) && (CITY_WEST..=CITY_EAST).contains(&self.lng)
    }
}

/// The reporter's contact details. All optional; empty strings count as absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Contact {
    /// Real name (needed for a reward).
    pub name: Option<String>,
    /// Mobile or landline number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
}

/// A report as the form builds it and sends it (the JSON `report` part of the upload).
///
/// Unknown fields are rejected; missing fields take their defaults so that [`validate`](fn@super::validate) can name
/// them. The form can persist this struct as it is (it round-trips through JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportDraft {
    /// What kind of violation; `None` until one is chosen.
    pub category: Option<Category>,
    /// The enterprise, by its id in the feed (e.g. `e00042`)…
    pub enterprise_id: Option<String>,
    /// …or a description of an unknown source.
    pub source_description: Option<String>,
    /// The date it was seen, `YYYY-MM-DD`.
    pub observed_on: String,
    /// The time it was seen, `HH:MM` (24-hour), if known.
    pub observed_time: Option<String>,
    /// District or county code, one of [`DISTRICT_CODES`].
    pub district_code: Option<String>,
    /// Park or zone id, one of [`AREAS`].
    pub area_id: Option<String>,
    /// Free-text address or landmark.
    pub address: Option<String>,
    /// Coordinates, only if the reporter chose to give them.
    pub location: Option<GeoPoint>,
    /// What was seen, smelt or measured.
    pub description: String,
    /// Contact details; `None` (the default) means anonymous.
    pub contact: Option<Contact>,
    /// Whether the reporter wants to claim a reward (needs a real name and a phone or email).
    pub wants_reward: bool,
    /// Whether the bureau may contact the reporter.
    pub consent_to_contact: bool,
    /// How many photos are attached (0 to [`MAX_PHOTOS`]). The server counts the real parts.
    pub photos_count: u8,
}

impl ReportDraft {
    /// Whether the reader has written nothing yet: only the date the form fills in by itself (and
    /// the time, or the two checkboxes) may be set. A blank form can take a report back without
    /// losing anything typed.
    pub fn is_blank(&self) -> bool {
        self.category.is_none()
            && self.enterprise_id.is_none()
            && self.source_description.as_deref().is_none_or(str::is_empty)
            && self.district_code.is_none()
            && self.area_id.is_none()
            && self.address.as_deref().is_none_or(str::is_empty)
            && self.location.is_none()
            && self.description.trim().is_empty()
            && self.contact_name().is_none()
            && self.contact_phone().is_none()
            && self.contact_email().is_none()
            && self.photos_count == 0
    }

    /// The contact name, if non-blank.
    pub fn contact_name(&self) -> Option<&str> {
        self.contact.as_ref().and_then(|c| present(&c.name))
    }

    /// The contact phone, if non-blank.
    pub fn contact_phone(&self) -> Option<&str> {
        self.contact.as_ref().and_then(|c| present(&c.phone))
    }

    /// The contact email, if non-blank.
    pub fn contact_email(&self) -> Option<&str> {
        self.contact.as_ref().and_then(|c| present(&c.email))
    }

    /// A copy with every text trimmed and blank optional texts turned into `None`: what the
    /// server stores.
    pub fn normalized(&self) -> ReportDraft {
        let opt = |s: &Option<String>| present(s).map(str::to_owned);
        let contact = self
            .contact
            .as_ref()
            .map(|c| Contact { name: opt(&c.name), phone: opt(&c.phone), email: opt(&c.email) })
            .filter(|c| c.name.is_some() || c.phone.is_some() || c.email.is_some());
        ReportDraft {
            category: self.category,
            enterprise_id: opt(&self.enterprise_id),
            source_description: opt(&self.source_description),
            observed_on: self.observed_on.trim().to_owned(),
            observed_time: opt(&self.observed_time),
            district_code: opt(&self.district_code),
            area_id: opt(&self.area_id),
            address: opt(&self.address),
            location: self.location,
            description: self.description.trim().to_owned(),
            contact,
            wants_reward: self.wants_reward,
            consent_to_contact: self.consent_to_contact,
            photos_count: self.photos_count,
        }
    }
}

/// The trimmed text, or `None` if absent or blank.
pub(super) fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn valid_draft() -> ReportDraft {
        ReportDraft {
            category: Some(Category::IllegalDischarge),
            enterprise_id: Some("e00042".to_owned()),
            observed_on: "2024-06-14".to_owned(),
            observed_time: Some("21:40".to_owned()),
            district_code: Some("320724".to_owned()),
            area_id: Some("lyg_chem_park".to_owned()),
            location: Some(GeoPoint { lat: 34.38, lng: 119.63 }),
            description: "夜里从厂区东侧的暗管向灌河排出黑色污水，有刺鼻的气味。".to_owned(),
            ..ReportDraft::default()
        }
    }

    pub(crate) fn contact(name: Option<&str>, phone: Option<&str>, email: Option<&str>) -> Option<Contact> {
        Some(Contact {
            name: name.map(str::to_owned),
            phone: phone.map(str::to_owned),
            email: email.map(str::to_owned),
        })
    }

    #[test]
    fn drafts_round_trip_through_json_and_reject_unknown_fields() {
        let draft = ReportDraft { contact: contact(Some("王芳"), Some("13812345678"), None), ..valid_draft() };
        let json = serde_json::to_string(&draft).expect("serialise");
        assert!(json.contains(r#""category":"illegal_discharge""#), "{json}");
        assert_eq!(serde_json::from_str::<ReportDraft>(&json).expect("parse"), draft);

        let partial: ReportDraft = serde_json::from_str(r#"{"description": "x"}"#).expect("missing fields default");
        assert_eq!(partial.category, None);
        assert!(serde_json::from_str::<ReportDraft>(r#"{"colour": "black"}"#).is_err());
        assert!(serde_json::from_str::<ReportDraft>(r#"{"contact": {"wechat": "x"}}"#).is_err());
        assert!(serde_json::from_str::<ReportDraft>(r#"{"location": {"lat": 34, "lng": 119, "alt": 3}}"#).is_err());
        assert!(serde_json::from_str::<ReportDraft>(r#"{"category": "noise"}"#).is_err());
    }

    #[test]
    fn normalized_trims_and_drops_blanks() {
        let draft = ReportDraft {
            enterprise_id: Some(" e00042 ".to_owned()),
            address: Some("   ".to_owned()),
            contact: contact(Some(""), Some(" "), None),
            description: "  x  ".to_owned(),
            ..ReportDraft::default()
        };
        let n = draft.normalized();
        assert_eq!(n.enterprise_id.as_deref(), Some("e00042"));
        assert_eq!(n.address, None);
        assert_eq!(n.contact, None);
        assert_eq!(n.description, "x");
    }

    #[test]
    fn json_paths_map_to_form_fields() {
        assert_eq!(field_for_path("contact.phone"), FormField::ContactPhone);
        assert_eq!(field_for_path("contact.name"), FormField::ContactName);
        assert_eq!(field_for_path("location.lat"), FormField::Location);
        assert_eq!(field_for_path("enterprise_id"), FormField::EnterpriseId);
        assert_eq!(field_for_path("photos_count"), FormField::Photos);
        assert_eq!(field_for_path("."), FormField::Report);
    }

    #[test]
    fn form_field_ids_are_unique_and_are_their_serde_and_display_form() {
        let mut ids = std::collections::HashSet::new();
        for f in FormField::ALL {
            assert!(ids.insert(f.id()), "duplicate id {f}");
            assert_eq!(serde_json::to_value(f).expect("serialise"), f.id());
            assert_eq!(f.to_string(), f.id());
        }
        assert_eq!(FormField::ContactPhone.id(), "contact_phone");
        assert_eq!(FormField::PowChallenge.id(), "pow_challenge");
        // Every field a JSON path names is a field of the draft, except the catch-all.
        for f in FormField::ALL {
            let path = if let Some(part) = f.id().strip_prefix("contact_") {
                format!("contact.{part}")
            } else {
                f.id().to_owned()
            };
            let expected = match f {
                FormField::Photos | FormField::PowChallenge | FormField::PowNonce | FormField::Receipt => {
                    FormField::Report
                }
                _ => f,
            };
            assert_eq!(field_for_path(&path), expected, "{path}");
        }
    }

    #[test]
    fn places_match_the_reference_data() {
        let table: crate::feed::reference::AreaTable =
            serde_json::from_str(include_str!("../../../../data/reference/areas.json")).expect("areas.json parses");
        let mut codes: Vec<&str> =
            table.areas.iter().filter(|a| a.is_district()).filter_map(|a| a.code.as_deref()).collect();
        codes.sort_unstable();
        assert_eq!(codes, DISTRICT_CODES);
        let zones: Vec<(&str, Option<&str>)> = table
            .areas
            .iter()
            .filter(|a| !a.is_district())
            .map(|a| (a.id.as_str(), a.district_code.as_deref()))
            .collect();
        assert_eq!(zones, AREAS);
        let b = table.city.bounds;
        assert!(CITY_SOUTH <= b.south && CITY_NORTH >= b.north && CITY_WEST <= b.west && CITY_EAST >= b.east);
    }
}
