//! Violation reports: the rules shared by the browser form and the intake service.
//!
//! Everything here is pure (no I/O, no clock, no randomness of its own) so the form in the app and
//! the server in `crates/intake` apply exactly the same checks:
//!
//! - [`Category`] and [`Status`], with their Chinese and English names;
//! - [`ReportDraft`], what the form sends, and [`validate`], which returns one [`FieldError`] per
//!   broken rule, each naming the form field (see [`field`]) and an [`ErrorKind`] whose
//!   [`ErrorKind::message`] is the text to show;
//! - photos: [`sniff_image`], [`strip_metadata`] (EXIF, XMP, IPTC, comments) and [`exif_gps`];
//! - [`Receipt`], the 16-digit code a reporter keeps to check the status later;
//! - the proof of work that replaces a CAPTCHA: [`pow_check`], [`pow_solve`], [`pow_solve_range`];
//! - [`china_date`] and [`china_datetime`], because "today" for the rules is today in Lianyungang.
//!
//! Every reader-facing string of this module lives here, in both languages (the shared message
//! table in [`crate::i18n`] belongs to the app shell).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::i18n::Lang;

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

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

/// The form's field ids. [`FieldError::field`] is always one of these; the form uses them as the
/// `id` of its inputs so an error summary can link to each field.
pub mod field {
    /// The category radio group.
    pub const CATEGORY: &str = "category";
    /// The enterprise picker.
    pub const ENTERPRISE_ID: &str = "enterprise_id";
    /// The "unknown source" description.
    pub const SOURCE_DESCRIPTION: &str = "source_description";
    /// The date observed.
    pub const OBSERVED_ON: &str = "observed_on";
    /// The time observed.
    pub const OBSERVED_TIME: &str = "observed_time";
    /// The district or county select.
    pub const DISTRICT_CODE: &str = "district_code";
    /// The park or zone select.
    pub const AREA_ID: &str = "area_id";
    /// The free-text address.
    pub const ADDRESS: &str = "address";
    /// The coordinates.
    pub const LOCATION: &str = "location";
    /// The description.
    pub const DESCRIPTION: &str = "description";
    /// The contact name.
    pub const CONTACT_NAME: &str = "contact_name";
    /// The contact phone number.
    pub const CONTACT_PHONE: &str = "contact_phone";
    /// The contact email address.
    pub const CONTACT_EMAIL: &str = "contact_email";
    /// The reward checkbox.
    pub const WANTS_REWARD: &str = "wants_reward";
    /// The consent-to-contact checkbox.
    pub const CONSENT_TO_CONTACT: &str = "consent_to_contact";
    /// The photo input.
    pub const PHOTOS: &str = "photos";
    /// The whole report part of an upload (server only).
    pub const REPORT: &str = "report";
    /// The proof-of-work challenge (server only).
    pub const POW_CHALLENGE: &str = "pow_challenge";
    /// The proof-of-work nonce (server only).
    pub const POW_NONCE: &str = "pow_nonce";
    /// The receipt code on the status page.
    pub const RECEIPT: &str = "receipt";
}

/// Maps a path inside the report JSON (`contact.phone`, `location.lat`, `description`) to the
/// form field it belongs to; anything else maps to [`field::REPORT`].
pub fn field_for_path(path: &str) -> &'static str {
    let path = path.trim_start_matches('.');
    let (head, tail) = path.split_once('.').unwrap_or((path, ""));
    match (head, tail) {
        ("category", _) => field::CATEGORY,
        ("enterprise_id", _) => field::ENTERPRISE_ID,
        ("source_description", _) => field::SOURCE_DESCRIPTION,
        ("observed_on", _) => field::OBSERVED_ON,
        ("observed_time", _) => field::OBSERVED_TIME,
        ("district_code", _) => field::DISTRICT_CODE,
        ("area_id", _) => field::AREA_ID,
        ("address", _) => field::ADDRESS,
        ("location", _) => field::LOCATION,
        ("description", _) => field::DESCRIPTION,
        ("contact", "name") => field::CONTACT_NAME,
        ("contact", "phone") | ("contact", "") => field::CONTACT_PHONE,
        ("contact", "email") => field::CONTACT_EMAIL,
        ("wants_reward", _) => field::WANTS_REWARD,
        ("consent_to_contact", _) => field::CONSENT_TO_CONTACT,
        ("photos_count", _) => field::PHOTOS,
        _ => field::REPORT,
    }
}

// ---------------------------------------------------------------------------------------------
// Categories and statuses
// ---------------------------------------------------------------------------------------------

/// What kind of violation a report is about. Serialised as its [`Category::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 非法排放.
    IllegalDischarge,
    /// 超标排放.
    ExceedingLimit,
    /// 使用禁用物质.
    BannedSubstance,
    /// 未依法披露或虚假披露.
    DisclosureFailure,
    /// 危险废物处置不当.
    HazardousWaste,
    /// 异味或水体变色.
    OdourOrDiscolouredWater,
    /// 滥用抗生素或农药.
    AntibioticsOrPesticidesMisuse,
    /// 其他.
    Other,
}

impl Category {
    /// Every category, in the order the form lists them.
    pub const ALL: [Category; 8] = [
        Category::IllegalDischarge,
        Category::ExceedingLimit,
        Category::BannedSubstance,
        Category::DisclosureFailure,
        Category::HazardousWaste,
        Category::OdourOrDiscolouredWater,
        Category::AntibioticsOrPesticidesMisuse,
        Category::Other,
    ];

    /// The stable key (the Open311 `service_code`), e.g. `illegal_discharge`.
    pub fn key(self) -> &'static str {
        match self {
            Category::IllegalDischarge => "illegal_discharge",
            Category::ExceedingLimit => "exceeding_limit",
            Category::BannedSubstance => "banned_substance",
            Category::DisclosureFailure => "disclosure_failure",
            Category::HazardousWaste => "hazardous_waste",
            Category::OdourOrDiscolouredWater => "odour_or_discoloured_water",
            Category::AntibioticsOrPesticidesMisuse => "antibiotics_or_pesticides_misuse",
            Category::Other => "other",
        }
    }

    /// The category with this key.
    pub fn from_key(key: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The short name shown on the radio button.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Category::IllegalDischarge => lang.pick("非法排放", "Illegal discharge"),
            Category::ExceedingLimit => lang.pick("超标排放", "Exceeding a limit"),
            Category::BannedSubstance => lang.pick("使用禁用物质", "Use of a banned substance"),
            Category::DisclosureFailure => lang.pick("未依法披露或虚假披露", "Failure to disclose or false disclosure"),
            Category::HazardousWaste => lang.pick("危险废物处置不当", "Hazardous waste mishandled"),
            Category::OdourOrDiscolouredWater => lang.pick("异味或水体变色", "Odour or discoloured water"),
            Category::AntibioticsOrPesticidesMisuse => {
                lang.pick("滥用抗生素或农药", "Misuse of antibiotics or pesticides")
            }
            Category::Other => lang.pick("其他", "Other"),
        }
    }

    /// One sentence saying what belongs in this category (hint text; Open311 `description`).
    pub fn description(self, lang: Lang) -> &'static str {
        match self {
            Category::IllegalDischarge => lang.pick(
                "未经许可，或通过暗管、渗坑等方式排放废水、废气。",
                "Discharging wastewater or emissions without a permit, or through hidden pipes, seepage pits and the like.",
            ),
            Category::ExceedingLimit => lang.pick(
                "排放浓度或总量超过国家、地方标准或排污许可限值。",
                "Discharging more than a national or local standard or the permit allows.",
            ),
            Category::BannedSubstance => lang.pick(
                "生产、使用或进出口已禁止或限制的重点管控新污染物，如全氟辛基磺酸类、十溴二苯醚。",
                "Making, using, importing or exporting a banned or restricted key-controlled new pollutant, such as PFOS or decabromodiphenyl ether.",
            ),
            Category::DisclosureFailure => lang.pick(
                "企业未按规定公开环境信息，或公开的信息不实。",
                "An enterprise does not publish the environmental information it must, or publishes false information.",
            ),
            Category::HazardousWaste => lang.pick(
                "危险废物被非法倾倒、转移、贮存或处置。",
                "Hazardous waste dumped, moved, stored or disposed of illegally.",
            ),
            Category::OdourOrDiscolouredWater => lang.pick(
                "闻到刺鼻气味，或看到河道、沟渠的水异常变色、起泡。",
                "A pungent smell, or water in a river or ditch that is discoloured or foaming.",
            ),
            Category::AntibioticsOrPesticidesMisuse => lang.pick(
                "养殖、种植或制药过程中违规使用、排放抗生素或农药。",
                "Antibiotics or pesticides used or discharged against the rules in farming, aquaculture or drug making.",
            ),
            Category::Other => lang.pick(
                "其他涉及新污染物的环境违法行为。",
                "Any other environmental violation involving new pollutants.",
            ),
        }
    }

    /// The group the category belongs to (Open311 `group`).
    pub fn group(self, lang: Lang) -> &'static str {
        match self {
            Category::IllegalDischarge | Category::ExceedingLimit | Category::OdourOrDiscolouredWater => {
                lang.pick("排放", "Discharges")
            }
            Category::BannedSubstance | Category::AntibioticsOrPesticidesMisuse => lang.pick("化学品", "Chemicals"),
            Category::HazardousWaste => lang.pick("固体废物", "Waste"),
            Category::DisclosureFailure => lang.pick("信息公开", "Disclosure"),
            Category::Other => lang.pick("其他", "Other"),
        }
    }

    /// Comma-separated search keywords (Open311 `keywords`).
    pub fn keywords(self, lang: Lang) -> &'static str {
        match self {
            Category::IllegalDischarge => {
                lang.pick("偷排,暗管,渗坑,废水,废气", "discharge,hidden pipe,wastewater,emissions")
            }
            Category::ExceedingLimit => lang.pick("超标,浓度,排放标准,排污许可", "limit,concentration,standard,permit"),
            Category::BannedSubstance => {
                lang.pick("禁用,全氟化合物,持久性有机污染物,新污染物", "banned,PFAS,PFOS,POPs,new pollutants")
            }
            Category::DisclosureFailure => lang.pick("信息公开,披露,造假", "disclosure,false data,transparency"),
            Category::HazardousWaste => lang.pick("危废,倾倒,固体废物", "hazardous waste,dumping,solid waste"),
            Category::OdourOrDiscolouredWater => lang.pick("异味,臭味,变色,河道", "odour,smell,discoloured,river"),
            Category::AntibioticsOrPesticidesMisuse => {
                lang.pick("抗生素,农药,养殖,耐药", "antibiotics,pesticides,aquaculture,resistance")
            }
            Category::Other => lang.pick("其他", "other"),
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Where a report stands. Serialised as its [`Status::key`].
///
/// Open311 knows only `open` and `closed` ([`Status::is_open`]); a closed report says *why* it is
/// closed, so "closed" never reads as "fixed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stored, waiting for a first look.
    Received,
    /// Being checked by the bureau.
    UnderReview,
    /// Handed to the responsible department.
    Forwarded,
    /// A violation was found and dealt with.
    Resolved,
    /// Checked, and no violation was found.
    ClosedNoViolation,
    /// Closed for another reason (outside the bureau's remit, already in court, …).
    ClosedOther,
}

impl Status {
    /// Every status, in the order a report normally passes through them.
    pub const ALL: [Status; 6] = [
        Status::Received,
        Status::UnderReview,
        Status::Forwarded,
        Status::Resolved,
        Status::ClosedNoViolation,
        Status::ClosedOther,
    ];

    /// The stable key, e.g. `under_review`.
    pub fn key(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::UnderReview => "under_review",
            Status::Forwarded => "forwarded",
            Status::Resolved => "resolved",
            Status::ClosedNoViolation => "closed_no_violation",
            Status::ClosedOther => "closed_other",
        }
    }

    /// The status with this key.
    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Whether the report is still open (Open311 `open`), as opposed to `closed`.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Received | Status::UnderReview | Status::Forwarded)
    }

    /// The short name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Status::Received => lang.pick("已收到", "Received"),
            Status::UnderReview => lang.pick("核查中", "Under review"),
            Status::Forwarded => lang.pick("已转办", "Forwarded"),
            Status::Resolved => lang.pick("已查处", "Resolved"),
            Status::ClosedNoViolation => lang.pick("已办结：未发现违法", "Closed: no violation found"),
            Status::ClosedOther => lang.pick("已办结：其他原因", "Closed for another reason"),
        }
    }

    /// One sentence explaining the status to the reporter.
    pub fn explanation(self, lang: Lang) -> &'static str {
        match self {
            Status::Received => lang.pick(
                "举报已保存，等待生态环境部门受理。",
                "Your report is stored and waiting for the ecology and environment bureau to take it up.",
            ),
            Status::UnderReview => {
                lang.pick("生态环境部门正在核查举报内容。", "The bureau is checking what you reported.")
            }
            Status::Forwarded => lang.pick(
                "举报已转交负责处理的部门。",
                "Your report has been passed to the department responsible for it.",
            ),
            Status::Resolved => lang.pick(
                "经核查存在违法行为，已依法处理。",
                "A violation was confirmed and has been dealt with under the law.",
            ),
            Status::ClosedNoViolation => lang.pick(
                "经核查未发现违法行为，举报已办结。",
                "The bureau checked and found no violation; the report is closed.",
            ),
            Status::ClosedOther => {
                lang.pick("举报已办结，原因见部门答复。", "The report is closed; the bureau's reply says why.")
            }
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The notice shown (and returned as Open311 `service_notice`) once a report is stored.
pub fn service_notice(lang: Lang) -> &'static str {
    lang.pick(
        "举报已收到。请抄下或保存回执码：凭回执码可查询处理进展和部门答复。回执码只显示这一次，无法找回。",
        "Your report has been received. Write down or save the receipt code: with it you can check the progress \
         and read the bureau's replies. It is shown only this once and cannot be recovered.",
    )
}

// ---------------------------------------------------------------------------------------------
// The draft
// ---------------------------------------------------------------------------------------------

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
/// Unknown fields are rejected; missing fields take their defaults so that [`validate`] can name
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
fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

macro_rules! error_kinds {
    ($($kind:ident => $key:literal { zh: $zh:expr, en: $en:expr $(,)? })*) => {
        /// Why a field (or an upload) was rejected. [`ErrorKind::message`] is the text to show.
        ///
        /// The first group comes from [`validate`] (the form shows them before sending); the
        /// rest only from the server (photos, the upload itself, proof of work, receipts).
        /// Serialised as its [`ErrorKind::key`]; the server puts the key in each error it returns
        /// so the form can show the message in the reader's language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorKind { $(#[doc = $en] $kind),* }

        impl ErrorKind {
            /// Every kind, for completeness checks.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind),*];

            /// The stable key, e.g. `description_too_short`.
            pub fn key(self) -> &'static str {
                match self { $(ErrorKind::$kind => $key),* }
            }

            /// The message to show, in `lang`.
            pub fn message(self, lang: Lang) -> &'static str {
                match self { $(ErrorKind::$kind => lang.pick($zh, $en)),* }
            }
        }
    };
}

error_kinds! {
    CategoryMissing => "category_missing" {
        zh: "请选择举报类别。",
        en: "Choose what kind of violation you are reporting.",
    }
    SourceMissing => "source_missing" {
        zh: "请从列表中选择企业，或描述不明污染源。",
        en: "Choose an enterprise from the list, or describe the unknown source.",
    }
    EnterpriseInvalid => "enterprise_invalid" {
        zh: "所选企业无效，请重新从列表中选择。",
        en: "The enterprise chosen is not valid. Choose it again from the list.",
    }
    SourceTooLong => "source_too_long" {
        zh: "污染源描述不能超过500个字。",
        en: "The description of the source must be 500 characters or fewer.",
    }
    DateMissing => "date_missing" {
        zh: "请填写发现日期。",
        en: "Enter the date you saw it.",
    }
    DateInvalid => "date_invalid" {
        zh: "日期应为真实的“年-月-日”，例如 2024-05-01。",
        en: "Enter a real date as year-month-day, for example 2024-05-01.",
    }
    DateInFuture => "date_in_future" {
        zh: "发现日期不能晚于今天。",
        en: "The date must be today or in the past.",
    }
    DateTooOld => "date_too_old" {
        zh: "发现日期须在一年以内。更早的情况请拨打12369环保举报热线。",
        en: "The date must be within the last year. For older matters, call the 12369 hotline.",
    }
    TimeInvalid => "time_invalid" {
        zh: "时间应为“时:分”，例如 14:30。",
        en: "Enter a real time as hours:minutes, for example 14:30.",
    }
    PlaceMissing => "place_missing" {
        zh: "请选择区县或园区。",
        en: "Choose a district, county or park.",
    }
    DistrictUnknown => "district_unknown" {
        zh: "请选择连云港市的区或县。",
        en: "Choose one of Lianyungang's districts or counties.",
    }
    AreaUnknown => "area_unknown" {
        zh: "请从列表中选择园区或功能区。",
        en: "Choose a park or zone from the list.",
    }
    AreaNotInDistrict => "area_not_in_district" {
        zh: "所选园区不在所选区县内。",
        en: "The park chosen is not in the district or county chosen.",
    }
    AddressTooLong => "address_too_long" {
        zh: "地址不能超过200个字。",
        en: "The address must be 200 characters or fewer.",
    }
    LocationInvalid => "location_invalid" {
        zh: "位置坐标无效。",
        en: "The coordinates are not valid.",
    }
    LocationOutsideCity => "location_outside_city" {
        zh: "位置不在连云港市范围内。",
        en: "The location is outside Lianyungang.",
    }
    DescriptionTooShort => "description_too_short" {
        zh: "请描述看到、闻到或测到的情况，至少20个字。",
        en: "Describe what you saw, smelt or measured in at least 20 characters.",
    }
    DescriptionTooLong => "description_too_long" {
        zh: "描述不能超过5000个字。",
        en: "The description must be 5,000 characters or fewer.",
    }
    NameTooLong => "name_too_long" {
        zh: "姓名不能超过50个字。",
        en: "The name must be 50 characters or fewer.",
    }
    PhoneInvalid => "phone_invalid" {
        zh: "请填写有效的手机号，或带区号的固定电话，例如 13812345678 或 0518-12345678。",
        en: "Enter a valid mobile number, or a landline with its area code, for example 13812345678 or 0518-12345678.",
    }
    EmailInvalid => "email_invalid" {
        zh: "请填写有效的电子邮箱地址，例如 name@example.com。",
        en: "Enter a valid email address, like name@example.com.",
    }
    RewardNeedsName => "reward_needs_name" {
        zh: "申请举报奖励须填写真实姓名（江苏省举报奖励规定要求实名）。",
        en: "To claim a reward, enter your real name (Jiangsu's reward rules require it).",
    }
    RewardNeedsContact => "reward_needs_contact" {
        zh: "申请举报奖励须留下手机号或电子邮箱，以便核实和发放。",
        en: "To claim a reward, give a phone number or email address so the bureau can verify and pay it.",
    }
    ConsentNeedsContact => "consent_needs_contact" {
        zh: "您同意被联系，请留下手机号或电子邮箱。",
        en: "You agreed to be contacted: give a phone number or email address.",
    }
    TooManyPhotos => "too_many_photos" {
        zh: "最多上传5张照片。",
        en: "Attach at most 5 photos.",
    }
    PhotoTooLarge => "photo_too_large" {
        zh: "每张照片不能超过10 MB。",
        en: "Each photo must be 10 MB or smaller.",
    }
    PhotoNotImage => "photo_not_image" {
        zh: "照片须为 JPEG、PNG 或 WebP 格式的图片。",
        en: "Photos must be JPEG, PNG or WebP images.",
    }
    PhotoUnreadable => "photo_unreadable" {
        zh: "有一张照片已损坏，无法读取。",
        en: "A photo is damaged and cannot be read.",
    }
    UploadTooLarge => "upload_too_large" {
        zh: "提交的内容过大，请减少照片后重试。",
        en: "The upload is too large. Attach fewer photos and try again.",
    }
    UploadMalformed => "upload_malformed" {
        zh: "提交的内容无法读取，请刷新页面后重试。",
        en: "The upload could not be read. Reload the page and try again.",
    }
    UnknownPart => "unknown_part" {
        zh: "提交的内容中有无法识别的部分。",
        en: "The upload contains a part this service does not know.",
    }
    ReportMissing => "report_missing" {
        zh: "没有收到举报内容，请重新提交。",
        en: "The report itself did not arrive. Send it again.",
    }
    ReportMalformed => "report_malformed" {
        zh: "举报内容中有一项的格式不正确。",
        en: "One item of the report has the wrong format.",
    }
    UnknownField => "unknown_field" {
        zh: "举报内容中有无法识别的项目。",
        en: "The report contains an item this service does not know.",
    }
    ReportTooDeep => "report_too_deep" {
        zh: "举报内容的层次过深，无法处理。",
        en: "The report is nested too deeply to be read.",
    }
    ReportTooLarge => "report_too_large" {
        zh: "举报内容过长（照片除外，不能超过64 KB）。",
        en: "The report is too long (64 KB at most, not counting photos).",
    }
    PowMissing => "pow_missing" {
        zh: "缺少安全验证，请重新提交。",
        en: "The security check is missing. Send the report again.",
    }
    PowInvalid => "pow_invalid" {
        zh: "安全验证未通过，请重新提交。",
        en: "The security check did not pass. Send the report again.",
    }
    PowExpired => "pow_expired" {
        zh: "安全验证已过期或已使用过，请重新提交。",
        en: "The security check has expired or was already used. Send the report again.",
    }
    RateLimited => "rate_limited" {
        zh: "提交过于频繁，请稍等一分钟后再试。",
        en: "Too many requests in a short time. Wait a minute and try again.",
    }
    ReceiptInvalid => "receipt_invalid" {
        zh: "回执码应为16位数字，请检查是否抄错。",
        en: "A receipt code has 16 digits. Check that it was copied correctly.",
    }
    ReceiptNotFound => "receipt_not_found" {
        zh: "没有与该回执码对应的举报。",
        en: "No report has this receipt code.",
    }
    RequestNotFound => "request_not_found" {
        zh: "没有这个编号的举报。",
        en: "No report has this number.",
    }
    ServerError => "server_error" {
        zh: "服务器暂时无法处理，请稍后重试。",
        en: "The server could not handle this just now. Try again later.",
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One broken rule: which form field, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct FieldError {
    /// The form field id, one of the constants in [`field`], e.g. `"description"`.
    pub field: &'static str,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl FieldError {
    /// An error on `field`.
    pub fn new(field: &'static str, kind: ErrorKind) -> Self {
        Self { field, kind }
    }

    /// The message to show, in `lang`.
    pub fn message(self, lang: Lang) -> &'static str {
        self.kind.message(lang)
    }
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/// Checks a draft against every rule and returns all errors, in form order (empty: valid).
///
/// `today` is today's date in Lianyungang as `YYYY-MM-DD` (see [`china_date`]); the observed date
/// must lie between one year before it and it. Texts are trimmed before they are measured, and
/// lengths count characters, not bytes.
pub fn validate(draft: &ReportDraft, today: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field, kind| errors.push(FieldError::new(field, kind));

    // What
    if draft.category.is_none() {
        push(field::CATEGORY, ErrorKind::CategoryMissing);
    }

    // Who
    let enterprise = present(&draft.enterprise_id);
    let source = present(&draft.source_description);
    match (enterprise, source) {
        (None, None) => push(field::ENTERPRISE_ID, ErrorKind::SourceMissing),
        (Some(id), _) if !crate::validate::valid_slug(id) => push(field::ENTERPRISE_ID, ErrorKind::EnterpriseInvalid),
        _ => {}
    }
    if source.is_some_and(|s| s.chars().count() > MAX_SOURCE_CHARS) {
        push(field::SOURCE_DESCRIPTION, ErrorKind::SourceTooLong);
    }

    // When
    let date = draft.observed_on.trim();
    if date.is_empty() {
        push(field::OBSERVED_ON, ErrorKind::DateMissing);
    } else if !crate::validate::valid_date(date) {
        push(field::OBSERVED_ON, ErrorKind::DateInvalid);
    } else if crate::validate::valid_date(today) {
        if date > today {
            push(field::OBSERVED_ON, ErrorKind::DateInFuture);
        } else if date < one_year_before(today).as_str() {
            push(field::OBSERVED_ON, ErrorKind::DateTooOld);
        }
    }
    if present(&draft.observed_time).is_some_and(|t| !valid_time(t)) {
        push(field::OBSERVED_TIME, ErrorKind::TimeInvalid);
    }

    // Where
    let district = present(&draft.district_code);
    let area = present(&draft.area_id);
    if district.is_none() && area.is_none() {
        push(field::DISTRICT_CODE, ErrorKind::PlaceMissing);
    }
    if let Some(code) = district
        && !DISTRICT_CODES.contains(&code)
    {
        push(field::DISTRICT_CODE, ErrorKind::DistrictUnknown);
    }
    if let Some(id) = area {
        match AREAS.iter().find(|(area_id, _)| *area_id == id) {
            None => push(field::AREA_ID, ErrorKind::AreaUnknown),
            Some((_, Some(area_district))) if district.is_some_and(|d| d != *area_district) => {
                push(field::AREA_ID, ErrorKind::AreaNotInDistrict)
            }
            Some(_) => {}
        }
    }
    if present(&draft.address).is_some_and(|a| a.chars().count() > MAX_ADDRESS_CHARS) {
        push(field::ADDRESS, ErrorKind::AddressTooLong);
    }
    if let Some(point) = draft.location {
        if !point.lat.is_finite() || !point.lng.is_finite() {
            push(field::LOCATION, ErrorKind::LocationInvalid);
        } else if !point.in_city() {
            push(field::LOCATION, ErrorKind::LocationOutsideCity);
        }
    }

    // Details
    let chars = draft.description.trim().chars().count();
    if chars < MIN_DESCRIPTION_CHARS {
        push(field::DESCRIPTION, ErrorKind::DescriptionTooShort);
    } else if chars > MAX_DESCRIPTION_CHARS {
        push(field::DESCRIPTION, ErrorKind::DescriptionTooLong);
    }

    // Evidence
    if usize::from(draft.photos_count) > MAX_PHOTOS {
        push(field::PHOTOS, ErrorKind::TooManyPhotos);
    }

    // Identity
    let name = draft.contact_name();
    let phone = draft.contact_phone();
    let email = draft.contact_email();
    if name.is_some_and(|n| n.chars().count() > MAX_NAME_CHARS) {
        push(field::CONTACT_NAME, ErrorKind::NameTooLong);
    }
    if phone.is_some_and(|p| !valid_phone(p)) {
        push(field::CONTACT_PHONE, ErrorKind::PhoneInvalid);
    }
    if email.is_some_and(|e| !valid_email(e)) {
        push(field::CONTACT_EMAIL, ErrorKind::EmailInvalid);
    }
    let reachable = phone.is_some() || email.is_some();
    if draft.wants_reward {
        if name.is_none() {
            push(field::CONTACT_NAME, ErrorKind::RewardNeedsName);
        }
        if !reachable {
            push(field::CONTACT_PHONE, ErrorKind::RewardNeedsContact);
        }
    } else if draft.consent_to_contact && !reachable {
        push(field::CONTACT_PHONE, ErrorKind::ConsentNeedsContact);
    }

    errors
}

/// `HH:MM`, 24-hour.
fn valid_time(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() != 5 || b[2] != b':' || !b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit()) {
        return false;
    }
    let hours = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
    let minutes = u32::from(b[3] - b'0') * 10 + u32::from(b[4] - b'0');
    hours < 24 && minutes < 60
}

/// A Chinese mobile number (`1[3-9]` and 9 more digits) or a landline with its area code
/// (`0` and 9 to 11 more digits). Spaces, dashes and brackets are ignored, as is a leading `+86`
/// or `0086`.
pub fn valid_phone(phone: &str) -> bool {
    if phone.chars().count() > 30 {
        return false;
    }
    let mut digits = String::new();
    for (i, c) in phone.trim().chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => digits.push('+'),
            ' ' | '-' | '(' | ')' => {}
            _ => return false,
        }
    }
    let national = digits.strip_prefix("+86").or_else(|| digits.strip_prefix("0086")).unwrap_or(&digits);
    if national.contains('+') {
        return false;
    }
    let b = national.as_bytes();
    let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let landline = (10..=12).contains(&b.len()) && b[0] == b'0' && b[1] != b'0';
    mobile || landline
}

/// A plausible email address: one `@`, a local part of 1 to 64 characters, a domain with a dot
/// and no empty labels, no spaces or control characters, 254 characters at most.
pub fn valid_email(email: &str) -> bool {
    let email = email.trim();
    if email.chars().count() > 254
        || email.chars().any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c))
    {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else { return false };
    if local.is_empty() || local.chars().count() > 64 || domain.contains('@') || !domain.contains('.') {
        return false;
    }
    domain.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

// ---------------------------------------------------------------------------------------------
// Dates in Lianyungang (UTC+8, no daylight saving)
// ---------------------------------------------------------------------------------------------

/// China Standard Time's offset from UTC.
pub const CHINA_UTC_OFFSET_SECONDS: i64 = 8 * 3600;

/// The date in Lianyungang at `unix_seconds`, as `YYYY-MM-DD`.
pub fn china_date(unix_seconds: i64) -> String {
    let (y, m, d, _) = china_parts(unix_seconds);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The time in Lianyungang at `unix_seconds`, as ISO 8601 with its offset
/// (`2024-05-01T14:30:00+08:00`, what Open311 asks for).
pub fn china_datetime(unix_seconds: i64) -> String {
    let (y, m, d, secs) = china_parts(unix_seconds);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+08:00", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Year, month, day and seconds into the day in China Standard Time.
fn china_parts(unix_seconds: i64) -> (i64, u32, u32, i64) {
    let local = unix_seconds.saturating_add(CHINA_UTC_OFFSET_SECONDS);
    let days = local.div_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (y, m, d, local.rem_euclid(86_400))
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to a proleptic Gregorian date.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // d is 1..=31 and m is 1..=12 by construction.
    (y, u32::try_from(m).unwrap_or(1), u32::try_from(d).unwrap_or(1))
}

/// The same day one year earlier (`2024-02-29` → `2023-02-28`). `today` must be a valid date.
fn one_year_before(today: &str) -> String {
    let year: i64 = today.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    let rest = today.get(4..).unwrap_or("");
    let rest = if rest == "-02-29" { "-02-28" } else { rest };
    format!("{:04}{rest}", year - 1)
}

// ---------------------------------------------------------------------------------------------
// Receipts
// ---------------------------------------------------------------------------------------------

/// The code a reporter keeps to check a report's status: 16 digits, the last a Luhn check digit,
/// shown in groups of four (`1234 5678 9012 3452`) so it is easy to read aloud and write down.
///
/// It is the only key to the report's replies, so the server stores only a salted hash of it.
/// Serialised as the grouped form; deserialised with [`Receipt::parse`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Receipt {
    digits: String,
}

/// Why a text is not a receipt code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    /// Not exactly 16 digits.
    #[error("a receipt code has 16 digits")]
    Length,
    /// Something other than digits, spaces and dashes.
    #[error("a receipt code has only digits, spaces and dashes")]
    NotDigits,
    /// The check digit does not match: a digit was mistyped or two were swapped.
    #[error("the receipt code's check digit does not match")]
    CheckDigit,
}

impl ReceiptError {
    /// The reader-facing error kind.
    pub fn kind(self) -> ErrorKind {
        ErrorKind::ReceiptInvalid
    }
}

impl Receipt {
    /// Makes a receipt from 8 random bytes: 15 digits from them (the modulo bias is below
    /// 1/18 000) plus the check digit. The caller supplies the randomness (the OS's).
    pub fn generate(random: [u8; 8]) -> Receipt {
        let n = u64::from_be_bytes(random) % 1_000_000_000_000_000;
        let mut digits = format!("{n:015}");
        digits.push(char::from(b'0' + luhn_check_digit(digits.as_bytes())));
        Receipt { digits }
    }

    /// Parses a receipt as typed: spaces and dashes (also full-width ones, and full-width
    /// digits from a Chinese keyboard) are ignored; exactly 16 digits with a correct check digit
    /// are required.
    pub fn parse(s: &str) -> Result<Receipt, ReceiptError> {
        let mut digits = String::with_capacity(16);
        for c in s.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '０'..='９' => digits.push(char::from(b'0' + (u32::from(c) - u32::from('０')) as u8)),
                ' ' | '-' | '\u{3000}' | '－' | '‐' | '–' | '—' | '\t' => {}
                _ => return Err(ReceiptError::NotDigits),
            }
            if digits.len() > 16 {
                return Err(ReceiptError::Length);
            }
        }
        if digits.len() != 16 {
            return Err(ReceiptError::Length);
        }
        let (payload, check) = digits.as_bytes().split_at(15);
        if check.first().map(|c| c - b'0') != Some(luhn_check_digit(payload)) {
            return Err(ReceiptError::CheckDigit);
        }
        Ok(Receipt { digits })
    }

    /// The 16 digits without separators (what is hashed).
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// The grouped form, `1234 5678 9012 3452`.
    pub fn grouped(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.digits.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(std::str::from_utf8(chunk).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

/// Redacted: a receipt is a secret and must not end up in logs by accident.
impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receipt(****)")
    }
}

impl Serialize for Receipt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Receipt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Receipt::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The Luhn check digit for `payload` (ASCII digits).
fn luhn_check_digit(payload: &[u8]) -> u8 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = u32::from(c.wrapping_sub(b'0') % 10);
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    // (10 - sum % 10) % 10 is a single digit.
    ((10 - sum % 10) % 10) as u8
}

// ---------------------------------------------------------------------------------------------
// Proof of work
// ---------------------------------------------------------------------------------------------

/// Whether `nonce` solves `challenge`: SHA-256 of `"{challenge}:{nonce}"` (the nonce in decimal)
/// starts with at least `difficulty_bits` zero bits.
pub fn pow_check(challenge: &str, nonce: u64, difficulty_bits: u8) -> bool {
    let mut hasher = Sha256::new();
    hasher.update(challenge.as_bytes());
    hasher.update(b":");
    let mut buf = [0u8; 20];
    hasher.update(decimal(nonce, &mut buf));
    leading_zero_bits(&hasher.finalize()) >= u32::from(difficulty_bits)
}

/// Finds the smallest nonce that solves `challenge` (about `2^difficulty_bits` hashes).
///
/// This blocks until done; in the browser, prefer [`pow_solve_range`] in slices so the page
/// stays responsive.
pub fn pow_solve(challenge: &str, difficulty_bits: u8) -> u64 {
    let mut start = 0u64;
    loop {
        if let Some(nonce) = pow_solve_range(challenge, difficulty_bits, start, 1 << 20) {
            return nonce;
        }
        start = match start.checked_add(1 << 20) {
            Some(next) => next,
            // Not reachable for any sensible difficulty.
            None => return u64::MAX,
        };
    }
}

/// Tries the nonces `start .. start + count` and returns the first that solves `challenge`.
pub fn pow_solve_range(challenge: &str, difficulty_bits: u8, start: u64, count: u64) -> Option<u64> {
    let mut prefix = Sha256::new();
    prefix.update(challenge.as_bytes());
    prefix.update(b":");
    let mut buf = [0u8; 20];
    let end = start.saturating_add(count);
    (start..end).find(|&nonce| {
        let mut hasher = prefix.clone();
        hasher.update(decimal(nonce, &mut buf));
        leading_zero_bits(&hasher.finalize()) >= u32::from(difficulty_bits)
    })
}

/// Writes `n` in decimal into `buf` and returns the digits.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

/// The number of leading zero bits of `bytes`.
fn leading_zero_bits(bytes: &[u8]) -> u32 {
    let mut bits = 0;
    for &b in bytes {
        if b == 0 {
            bits += 8;
        } else {
            return bits + b.leading_zeros();
        }
    }
    bits
}

// ---------------------------------------------------------------------------------------------
// Photos
// ---------------------------------------------------------------------------------------------

/// An accepted image format, as sniffed from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageType {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// WebP (`RIFF....WEBP`).
    Webp,
}

impl ImageType {
    /// The media type, e.g. `image/jpeg`.
    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Jpeg => "image/jpeg",
            ImageType::Png => "image/png",
            ImageType::Webp => "image/webp",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageType::Jpeg => "jpg",
            ImageType::Png => "png",
            ImageType::Webp => "webp",
        }
    }
}

const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The real type of an image from its first bytes; `None` for anything else (whatever the file
/// name or declared content type says).
pub fn sniff_image(bytes: &[u8]) -> Option<ImageType> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageType::Jpeg)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        Some(ImageType::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(ImageType::Webp)
    } else {
        None
    }
}

/// Why [`strip_metadata`] could not rewrite an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StripError {
    /// Not a JPEG, PNG or WebP.
    #[error("not a JPEG, PNG or WebP image")]
    NotAnImage,
    /// The file ends in the middle of a segment or chunk, or before its end marker.
    #[error("the image is truncated")]
    Truncated,
    /// The structure is broken (a bad marker, length or chunk name).
    #[error("the image is malformed")]
    Malformed,
}

/// Returns a copy of the image without its metadata; the picture itself is untouched.
///
/// - **JPEG**: drops APP1–APP15 (EXIF, XMP, ICC profiles, IPTC/Photoshop, maker data) and COM
///   segments; keeps APP0 only for JFIF, without its thumbnail; keeps a bare 12-byte Adobe APP14
///   (it tells decoders how colours are encoded and holds nothing else). Segments are copied one
///   by one up to the first SOS; the entropy-coded data is copied as it is, and segments between
///   scans (progressive JPEGs) are filtered the same way. Anything after EOI (such as the video
///   of a "motion photo") is dropped.
/// - **PNG**: drops the `eXIf`, `tEXt`, `zTXt`, `iTXt` and `tIME` chunks and anything after `IEND`.
/// - **WebP**: drops the `EXIF` and `XMP ` chunks, clears the EXIF and XMP flags in `VP8X` and
///   rewrites the RIFF size; anything after the RIFF data is dropped.
///
/// Never panics, whatever the input.
pub fn strip_metadata(bytes: &[u8]) -> Result<Vec<u8>, StripError> {
    match sniff_image(bytes).ok_or(StripError::NotAnImage)? {
        ImageType::Jpeg => strip_jpeg(bytes),
        ImageType::Png => strip_png(bytes),
        ImageType::Webp => strip_webp(bytes),
    }
}

/// Reads a big-endian `u16` at `at`.
fn be16(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([s[0], s[1]]))
}

/// Reads a big-endian `u32` at `at`.
fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// Reads a little-endian `u32` at `at`.
fn le32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// One JPEG marker segment, as found by [`JpegSegments`].
struct JpegSegment<'a> {
    marker: u8,
    /// The payload after the two length bytes (empty for markers without a length).
    payload: &'a [u8],
    /// For SOS: the entropy-coded data that follows, up to the next marker.
    scan: &'a [u8],
}

/// Walks the segments of a JPEG (after SOI) and through its scans, up to and including EOI.
struct JpegSegments<'a> {
    bytes: &'a [u8],
    at: usize,
    done: bool,
}

impl<'a> JpegSegments<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 2, done: false }
    }

    fn next_segment(&mut self) -> Result<Option<JpegSegment<'a>>, StripError> {
        if self.done {
            return Ok(None);
        }
        let b = self.bytes;
        if b.get(self.at) != Some(&0xFF) {
            return Err(if self.at >= b.len() { StripError::Truncated } else { StripError::Malformed });
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while b.get(self.at + 1) == Some(&0xFF) {
            self.at += 1;
        }
        let marker = *b.get(self.at + 1).ok_or(StripError::Truncated)?;
        self.at += 2;
        match marker {
            0xD9 => {
                self.done = true;
                return Ok(Some(JpegSegment { marker, payload: &[], scan: &[] }));
            }
            0x01 | 0xD0..=0xD7 => return Ok(Some(JpegSegment { marker, payload: &[], scan: &[] })),
            0x00 | 0xD8 => return Err(StripError::Malformed),
            _ => {}
        }
        let length = usize::from(be16(b, self.at).ok_or(StripError::Truncated)?);
        if length < 2 {
            return Err(StripError::Malformed);
        }
        let end = self.at + length;
        let payload = b.get(self.at + 2..end).ok_or(StripError::Truncated)?;
        self.at = end;
        let mut scan: &[u8] = &[];
        if marker == 0xDA {
            // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte), a restart marker or
            // fill bytes; anything else is the next marker.
            let start = self.at;
            let mut i = start;
            loop {
                let ff =
                    b.get(i..).and_then(|rest| rest.iter().position(|&c| c == 0xFF)).ok_or(StripError::Truncated)?;
                let j = i + ff;
                match *b.get(j + 1).ok_or(StripError::Truncated)? {
                    0x00 | 0xD0..=0xD7 => i = j + 2,
                    0xFF => i = j + 1,
                    _ => {
                        scan = b.get(start..j).ok_or(StripError::Truncated)?;
                        self.at = j;
                        break;
                    }
                }
            }
        }
        Ok(Some(JpegSegment { marker, payload, scan }))
    }
}

fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, StripError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut segments = JpegSegments::new(bytes);
    while let Some(segment) = segments.next_segment()? {
        let JpegSegment { marker, payload, scan } = segment;
        let kept: Option<std::borrow::Cow<'_, [u8]>> = match marker {
            0xD9 | 0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&[0xFF, marker]);
                continue;
            }
            // APP0: keep JFIF only, with the thumbnail size set to zero and the thumbnail dropped.
            0xE0 if payload.starts_with(b"JFIF\0") && payload.len() >= 14 => {
                let mut jfif = payload.get(..14).ok_or(StripError::Malformed)?.to_vec();
                jfif[12] = 0;
                jfif[13] = 0;
                Some(jfif.into())
            }
            0xEE if payload.starts_with(b"Adobe") && payload.len() == 12 => Some(payload.into()),
            0xE0..=0xEF | 0xFE => None,
            _ => Some(payload.into()),
        };
        if let Some(payload) = kept {
            let length = u16::try_from(payload.len() + 2).map_err(|_| StripError::Malformed)?;
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(&length.to_be_bytes());
            out.extend_from_slice(&payload);
        }
        out.extend_from_slice(scan);
    }
    Ok(out)
}

/// The PNG chunks that carry metadata.
const PNG_METADATA_CHUNKS: [&[u8; 4]; 5] = [b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"];

/// One PNG chunk.
struct PngChunk<'a> {
    kind: [u8; 4],
    /// The whole chunk: length, type, data and CRC.
    whole: &'a [u8],
    data: &'a [u8],
}

/// Reads the PNG chunk at `at` and returns it with the offset of the next one.
fn png_chunk_at(bytes: &[u8], at: usize) -> Result<(PngChunk<'_>, usize), StripError> {
    let length = be32(bytes, at).ok_or(StripError::Truncated)?;
    if length > 0x7FFF_FFFF {
        return Err(StripError::Malformed);
    }
    let kind: [u8; 4] = bytes.get(at + 4..at + 8).and_then(|k| k.try_into().ok()).ok_or(StripError::Truncated)?;
    if !kind.iter().all(u8::is_ascii_alphabetic) {
        return Err(StripError::Malformed);
    }
    let data_start = at + 8;
    let data_end = data_start.checked_add(length as usize).ok_or(StripError::Malformed)?;
    let end = data_end.checked_add(4).ok_or(StripError::Malformed)?;
    let whole = bytes.get(at..end).ok_or(StripError::Truncated)?;
    let data = bytes.get(data_start..data_end).ok_or(StripError::Truncated)?;
    Ok((PngChunk { kind, whole, data }, end))
}

/// Walks the chunks of a PNG up to `IEND` or the first error.
fn png_chunks(bytes: &[u8]) -> impl Iterator<Item = Result<PngChunk<'_>, StripError>> {
    let mut at = Some(PNG_SIGNATURE.len());
    std::iter::from_fn(move || {
        let chunk = png_chunk_at(bytes, at?);
        at = match &chunk {
            Ok((chunk, next)) if &chunk.kind != b"IEND" => Some(*next),
            _ => None,
        };
        Some(chunk.map(|(chunk, _)| chunk))
    })
}

fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, StripError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut ended = false;
    for chunk in png_chunks(bytes) {
        let chunk = chunk?;
        if !PNG_METADATA_CHUNKS.contains(&&chunk.kind) {
            out.extend_from_slice(chunk.whole);
        }
        ended = &chunk.kind == b"IEND";
    }
    if ended { Ok(out) } else { Err(StripError::Truncated) }
}

/// One WebP chunk (padding excluded).
struct WebpChunk<'a> {
    fourcc: [u8; 4],
    data: &'a [u8],
}

/// The chunks of a WebP, within the RIFF size.
fn webp_chunks(bytes: &[u8]) -> Result<Vec<WebpChunk<'_>>, StripError> {
    let riff_size = le32(bytes, 4).ok_or(StripError::Truncated)? as usize;
    let end = riff_size.checked_add(8).ok_or(StripError::Malformed)?;
    if end > bytes.len() {
        return Err(StripError::Truncated);
    }
    let mut chunks = Vec::new();
    let mut at = 12;
    while at < end {
        let fourcc: [u8; 4] = bytes.get(at..at + 4).and_then(|k| k.try_into().ok()).ok_or(StripError::Truncated)?;
        let size = le32(bytes, at + 4).ok_or(StripError::Truncated)? as usize;
        let data_end = (at + 8).checked_add(size).ok_or(StripError::Malformed)?;
        if data_end > end {
            return Err(StripError::Truncated);
        }
        let data = bytes.get(at + 8..data_end).ok_or(StripError::Truncated)?;
        chunks.push(WebpChunk { fourcc, data });
        at = data_end + (size & 1);
    }
    if chunks.is_empty() {
        return Err(StripError::Truncated);
    }
    Ok(chunks)
}

fn strip_webp(bytes: &[u8]) -> Result<Vec<u8>, StripError> {
    let mut body = Vec::with_capacity(bytes.len());
    for WebpChunk { fourcc, data } in webp_chunks(bytes)? {
        if &fourcc == b"EXIF" || &fourcc == b"XMP " {
            continue;
        }
        let size = u32::try_from(data.len()).map_err(|_| StripError::Malformed)?;
        body.extend_from_slice(&fourcc);
        body.extend_from_slice(&size.to_le_bytes());
        let start = body.len();
        body.extend_from_slice(data);
        if &fourcc == b"VP8X"
            && let Some(flags) = body.get_mut(start)
        {
            // Bits, most significant first: reserved(2) ICC alpha EXIF XMP animation reserved.
            *flags &= !(0x08 | 0x04);
        }
        if data.len() % 2 == 1 {
            body.push(0);
        }
    }
    let riff_size = u32::try_from(body.len() + 4).map_err(|_| StripError::Malformed)?;
    let mut out = Vec::with_capacity(body.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&riff_size.to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&body);
    Ok(out)
}

/// The GPS position recorded in an image's EXIF, as `(latitude, longitude)` in decimal degrees
/// (south and west negative); `None` if there is none or it cannot be read.
///
/// Reads the APP1 `Exif` segment of a JPEG (and also the `eXIf` chunk of a PNG and the `EXIF`
/// chunk of a WebP): the TIFF header in either byte order, IFD0's GPS pointer (tag `0x8825`),
/// then GPS tags 1–4 (latitude ref, latitude, longitude ref, longitude, each as three rationals).
/// Never panics, whatever the input.
pub fn exif_gps(bytes: &[u8]) -> Option<(f64, f64)> {
    let tiff = match sniff_image(bytes)? {
        ImageType::Jpeg => jpeg_exif(bytes)?,
        ImageType::Png => png_chunks(bytes).map_while(Result::ok).find(|c| &c.kind == b"eXIf").map(|c| c.data)?,
        ImageType::Webp => {
            let data = webp_chunks(bytes).ok()?.into_iter().find(|c| &c.fourcc == b"EXIF").map(|c| c.data)?;
            data.strip_prefix(b"Exif\0\0").unwrap_or(data)
        }
    };
    gps_from_tiff(tiff)
}

/// The TIFF data inside a JPEG's APP1 `Exif` segment.
fn jpeg_exif(bytes: &[u8]) -> Option<&[u8]> {
    let mut segments = JpegSegments::new(bytes);
    while let Ok(Some(segment)) = segments.next_segment() {
        if segment.marker == 0xE1
            && let Some(tiff) = segment.payload.strip_prefix(b"Exif\0\0")
        {
            return Some(tiff);
        }
        if segment.marker == 0xDA || segment.marker == 0xD9 {
            break;
        }
    }
    None
}

/// A TIFF structure in one byte order.
struct Tiff<'a> {
    data: &'a [u8],
    little_endian: bool,
}

impl Tiff<'_> {
    fn u16_at(&self, at: usize) -> Option<u16> {
        let s = self.data.get(at..at.checked_add(2)?)?;
        let pair = [s[0], s[1]];
        Some(if self.little_endian { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) })
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let s = self.data.get(at..at.checked_add(4)?)?;
        let quad = [s[0], s[1], s[2], s[3]];
        Some(if self.little_endian { u32::from_le_bytes(quad) } else { u32::from_be_bytes(quad) })
    }

    /// The entries of the IFD at `offset`: (tag, type, count, offset of the value field).
    fn entries(&self, offset: usize) -> impl Iterator<Item = (u16, u16, u32, usize)> + '_ {
        let count = self.u16_at(offset).unwrap_or(0);
        (0..usize::from(count)).map_while(move |i| {
            let at = offset.checked_add(2 + 12 * i)?;
            Some((self.u16_at(at)?, self.u16_at(at + 2)?, self.u32_at(at + 4)?, at + 8))
        })
    }

    /// Where the value of an entry with `count` items of `size` bytes lives.
    fn value_offset(&self, count: u32, size: usize, field: usize) -> Option<usize> {
        if (count as usize).checked_mul(size)? <= 4 { Some(field) } else { Some(self.u32_at(field)? as usize) }
    }

    /// Degrees from three rationals (degrees, minutes, seconds) at `at`.
    fn degrees(&self, at: usize) -> Option<f64> {
        let mut parts = [0f64; 3];
        for (i, part) in parts.iter_mut().enumerate() {
            let num = self.u32_at(at.checked_add(8 * i)?)?;
            let den = self.u32_at(at.checked_add(8 * i + 4)?)?;
            if den == 0 {
                return None;
            }
            *part = f64::from(num) / f64::from(den);
        }
        Some(parts[0] + parts[1] / 60.0 + parts[2] / 3600.0)
    }
}

const EXIF_TYPE_ASCII: u16 = 2;
const EXIF_TYPE_RATIONAL: u16 = 5;

fn gps_from_tiff(data: &[u8]) -> Option<(f64, f64)> {
    let little_endian = match data.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let tiff = Tiff { data, little_endian };
    if tiff.u16_at(2)? != 42 {
        return None;
    }
    let ifd0 = tiff.u32_at(4)? as usize;
    let (_, _, _, field) = tiff.entries(ifd0).find(|&(tag, _, _, _)| tag == 0x8825)?;
    let gps = tiff.u32_at(field)? as usize;

    let (mut lat_ref, mut lat, mut lng_ref, mut lng) = (None, None, None, None);
    for (tag, kind, count, field) in tiff.entries(gps) {
        match (tag, kind) {
            (1 | 3, EXIF_TYPE_ASCII) => {
                let at = tiff.value_offset(count, 1, field)?;
                let letter = *data.get(at)?;
                if tag == 1 { lat_ref = Some(letter) } else { lng_ref = Some(letter) }
            }
            (2 | 4, EXIF_TYPE_RATIONAL) if count >= 3 => {
                let at = tiff.value_offset(count, 8, field)?;
                if tag == 2 { lat = tiff.degrees(at) } else { lng = tiff.degrees(at) }
            }
            _ => {}
        }
    }
    let lat = match lat_ref? {
        b'N' => lat?,
        b'S' => -lat?,
        _ => return None,
    };
    let lng = match lng_ref? {
        b'E' => lng?,
        b'W' => -lng?,
        _ => return None,
    };
    (lat.abs() <= 90.0 && lng.abs() <= 180.0).then_some((lat, lng))
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TODAY: &str = "2024-06-15";

    fn valid_draft() -> ReportDraft {
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

    fn errors_of(draft: &ReportDraft) -> Vec<(&'static str, ErrorKind)> {
        validate(draft, TODAY).into_iter().map(|e| (e.field, e.kind)).collect()
    }

    #[test]
    fn a_complete_anonymous_draft_is_valid() {
        assert_eq!(errors_of(&valid_draft()), vec![]);
    }

    #[test]
    fn an_empty_draft_names_every_required_field_in_form_order() {
        assert_eq!(
            errors_of(&ReportDraft::default()),
            vec![
                (field::CATEGORY, ErrorKind::CategoryMissing),
                (field::ENTERPRISE_ID, ErrorKind::SourceMissing),
                (field::OBSERVED_ON, ErrorKind::DateMissing),
                (field::DISTRICT_CODE, ErrorKind::PlaceMissing),
                (field::DESCRIPTION, ErrorKind::DescriptionTooShort),
            ]
        );
    }

    fn contact(name: Option<&str>, phone: Option<&str>, email: Option<&str>) -> Option<Contact> {
        Some(Contact {
            name: name.map(str::to_owned),
            phone: phone.map(str::to_owned),
            email: email.map(str::to_owned),
        })
    }

    #[test]
    fn each_rule_names_its_field() {
        type Edit = fn(&mut ReportDraft);
        type Case = (&'static str, Edit, Vec<(&'static str, ErrorKind)>);
        let cases: Vec<Case> = vec![
            ("no category", |d| d.category = None, vec![(field::CATEGORY, ErrorKind::CategoryMissing)]),
            (
                "neither enterprise nor source",
                |d| d.enterprise_id = Some("  ".to_owned()),
                vec![(field::ENTERPRISE_ID, ErrorKind::SourceMissing)],
            ),
            (
                "unknown source is enough",
                |d| {
                    d.enterprise_id = None;
                    d.source_description = Some("河边一家没有招牌的小作坊".to_owned());
                },
                vec![],
            ),
            (
                "enterprise id that is not a slug",
                |d| d.enterprise_id = Some("../etc/passwd".to_owned()),
                vec![(field::ENTERPRISE_ID, ErrorKind::EnterpriseInvalid)],
            ),
            (
                "source too long",
                |d| d.source_description = Some("厂".repeat(501)),
                vec![(field::SOURCE_DESCRIPTION, ErrorKind::SourceTooLong)],
            ),
            ("no date", |d| d.observed_on.clear(), vec![(field::OBSERVED_ON, ErrorKind::DateMissing)]),
            (
                "impossible date",
                |d| d.observed_on = "2023-02-29".to_owned(),
                vec![(field::OBSERVED_ON, ErrorKind::DateInvalid)],
            ),
            (
                "date in another format",
                |d| d.observed_on = "14/06/2024".to_owned(),
                vec![(field::OBSERVED_ON, ErrorKind::DateInvalid)],
            ),
            (
                "tomorrow",
                |d| d.observed_on = "2024-06-16".to_owned(),
                vec![(field::OBSERVED_ON, ErrorKind::DateInFuture)],
            ),
            ("today", |d| d.observed_on = TODAY.to_owned(), vec![]),
            ("exactly a year ago", |d| d.observed_on = "2023-06-15".to_owned(), vec![]),
            (
                "a year and a day ago",
                |d| d.observed_on = "2023-06-14".to_owned(),
                vec![(field::OBSERVED_ON, ErrorKind::DateTooOld)],
            ),
            (
                "time 24:00",
                |d| d.observed_time = Some("24:00".to_owned()),
                vec![(field::OBSERVED_TIME, ErrorKind::TimeInvalid)],
            ),
            (
                "time without colon",
                |d| d.observed_time = Some("2140".to_owned()),
                vec![(field::OBSERVED_TIME, ErrorKind::TimeInvalid)],
            ),
            ("blank time is no time", |d| d.observed_time = Some(String::new()), vec![]),
            (
                "no place",
                |d| {
                    d.district_code = None;
                    d.area_id = None;
                },
                vec![(field::DISTRICT_CODE, ErrorKind::PlaceMissing)],
            ),
            ("a park alone is enough", |d| d.district_code = None, vec![]),
            ("a district alone is enough", |d| d.area_id = None, vec![]),
            (
                "district of another city",
                |d| {
                    d.district_code = Some("320100".to_owned());
                    d.area_id = None;
                },
                vec![(field::DISTRICT_CODE, ErrorKind::DistrictUnknown)],
            ),
            (
                "unknown park",
                |d| d.area_id = Some("nowhere".to_owned()),
                vec![(field::AREA_ID, ErrorKind::AreaUnknown)],
            ),
            (
                "park in another county",
                |d| d.district_code = Some("320706".to_owned()),
                vec![(field::AREA_ID, ErrorKind::AreaNotInDistrict)],
            ),
            ("zone spanning districts", |d| d.area_id = Some("xuwei".to_owned()), vec![]),
            (
                "address too long",
                |d| d.address = Some("路".repeat(201)),
                vec![(field::ADDRESS, ErrorKind::AddressTooLong)],
            ),
            (
                "location in Nanjing",
                |d| d.location = Some(GeoPoint { lat: 32.06, lng: 118.80 }),
                vec![(field::LOCATION, ErrorKind::LocationOutsideCity)],
            ),
            (
                "location NaN",
                |d| d.location = Some(GeoPoint { lat: f64::NAN, lng: 119.0 }),
                vec![(field::LOCATION, ErrorKind::LocationInvalid)],
            ),
            ("location on the north edge", |d| d.location = Some(GeoPoint { lat: 35.15, lng: 119.0 }), vec![]),
            (
                "19 Chinese characters are too few although they are 57 bytes",
                |d| d.description = "一二三四五六七八九十一二三四五六七八九".to_owned(),
                vec![(field::DESCRIPTION, ErrorKind::DescriptionTooShort)],
            ),
            ("20 Chinese characters are enough", |d| d.description = "一二三四五六七八九十".repeat(2), vec![]),
            (
                "padding does not count",
                |d| d.description = format!("   {}   ", "a".repeat(19)),
                vec![(field::DESCRIPTION, ErrorKind::DescriptionTooShort)],
            ),
            (
                "description too long",
                |d| d.description = "水".repeat(5001),
                vec![(field::DESCRIPTION, ErrorKind::DescriptionTooLong)],
            ),
            ("5000 characters are fine", |d| d.description = "水".repeat(5000), vec![]),
            ("six photos", |d| d.photos_count = 6, vec![(field::PHOTOS, ErrorKind::TooManyPhotos)]),
            ("five photos", |d| d.photos_count = 5, vec![]),
            (
                "bad phone",
                |d| d.contact = contact(None, Some("12345"), None),
                vec![(field::CONTACT_PHONE, ErrorKind::PhoneInvalid)],
            ),
            (
                "bad email",
                |d| d.contact = contact(None, None, Some("someone@localhost")),
                vec![(field::CONTACT_EMAIL, ErrorKind::EmailInvalid)],
            ),
            (
                "name too long",
                |d| d.contact = contact(Some(&"名".repeat(51)), None, None),
                vec![(field::CONTACT_NAME, ErrorKind::NameTooLong)],
            ),
            (
                "reward without name or contact",
                |d| d.wants_reward = true,
                vec![
                    (field::CONTACT_NAME, ErrorKind::RewardNeedsName),
                    (field::CONTACT_PHONE, ErrorKind::RewardNeedsContact),
                ],
            ),
            (
                "reward without name",
                |d| {
                    d.wants_reward = true;
                    d.contact = contact(Some(" "), Some("13812345678"), None);
                },
                vec![(field::CONTACT_NAME, ErrorKind::RewardNeedsName)],
            ),
            (
                "reward with name and email",
                |d| {
                    d.wants_reward = true;
                    d.contact = contact(Some("王芳"), None, Some("wang.fang@example.cn"));
                },
                vec![],
            ),
            (
                "consent without a way to contact",
                |d| {
                    d.consent_to_contact = true;
                    d.contact = contact(Some("王芳"), None, None);
                },
                vec![(field::CONTACT_PHONE, ErrorKind::ConsentNeedsContact)],
            ),
            (
                "consent with a landline",
                |d| {
                    d.consent_to_contact = true;
                    d.contact = contact(None, Some("0518-8523 1234"), None);
                },
                vec![],
            ),
        ];
        for (name, edit, expected) in cases {
            let mut draft = valid_draft();
            edit(&mut draft);
            assert_eq!(errors_of(&draft), expected, "{name}");
        }
    }

    #[test]
    fn phone_numbers() {
        for ok in [
            "13812345678",
            "+86 138 1234 5678",
            "0086-13812345678",
            "0518-85231234",
            "(0518) 8523 1234",
            "010-12345678",
        ] {
            assert!(valid_phone(ok), "{ok}");
        }
        for bad in
            ["", "12345678901", "1381234567", "138123456789", "12369", "0018-1234567", "1381234567x", "+1 415 555 0100"]
        {
            assert!(!valid_phone(bad), "{bad}");
        }
    }

    #[test]
    fn email_addresses() {
        for ok in ["a@b.cn", "wang.fang+report@example.com.cn", "张三@例子.中国"] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in ["", "a", "a@b", "@b.cn", "a@@b.cn", "a b@c.cn", "a@b..cn", "a@-b.cn", "<a@b.cn>"] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn the_year_limit_handles_leap_days() {
        assert_eq!(one_year_before("2024-02-29"), "2023-02-28");
        assert_eq!(one_year_before("2024-06-15"), "2023-06-15");
        let errors = validate(&ReportDraft { observed_on: "2023-02-28".to_owned(), ..valid_draft() }, "2024-02-29");
        assert!(errors.is_empty(), "{errors:?}");
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
        assert_eq!(field_for_path("contact.phone"), field::CONTACT_PHONE);
        assert_eq!(field_for_path("contact.name"), field::CONTACT_NAME);
        assert_eq!(field_for_path("location.lat"), field::LOCATION);
        assert_eq!(field_for_path("enterprise_id"), field::ENTERPRISE_ID);
        assert_eq!(field_for_path("photos_count"), field::PHOTOS);
        assert_eq!(field_for_path("."), field::REPORT);
    }

    #[test]
    fn places_match_the_reference_data() {
        let table: crate::reference::AreaTable =
            serde_json::from_str(include_str!("../../../data/reference/areas.json")).expect("areas.json parses");
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

    // --- strings ---

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    }

    #[test]
    fn every_string_exists_in_both_languages() {
        let mut texts: Vec<(String, &str, &str)> = Vec::new();
        for kind in ErrorKind::ALL {
            texts.push((format!("{kind:?}"), kind.message(Lang::Zh), kind.message(Lang::En)));
        }
        for c in Category::ALL {
            texts.push((format!("{c:?} name"), c.name(Lang::Zh), c.name(Lang::En)));
            texts.push((format!("{c:?} description"), c.description(Lang::Zh), c.description(Lang::En)));
            texts.push((format!("{c:?} group"), c.group(Lang::Zh), c.group(Lang::En)));
            texts.push((format!("{c:?} keywords"), c.keywords(Lang::Zh), c.keywords(Lang::En)));
        }
        for s in Status::ALL {
            texts.push((format!("{s:?} name"), s.name(Lang::Zh), s.name(Lang::En)));
            texts.push((format!("{s:?} explanation"), s.explanation(Lang::Zh), s.explanation(Lang::En)));
        }
        texts.push(("service notice".to_owned(), service_notice(Lang::Zh), service_notice(Lang::En)));
        for (what, zh, en) in texts {
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{what} is empty");
            assert!(has_cjk(zh), "{what}: the Chinese text has no Chinese: {zh}");
            assert!(!has_cjk(en), "{what}: the English text contains Chinese: {en}");
            assert_ne!(zh, en, "{what}");
        }
    }

    #[test]
    fn keys_are_unique_and_match_serde() {
        let mut keys = std::collections::HashSet::new();
        for kind in ErrorKind::ALL {
            assert!(keys.insert(kind.key()), "duplicate key {}", kind.key());
            assert_eq!(serde_json::to_value(kind).expect("serialise"), kind.key());
        }
        for c in Category::ALL {
            assert_eq!(serde_json::to_value(c).expect("serialise"), c.key());
            assert_eq!(Category::from_key(c.key()), Some(c));
        }
        for s in Status::ALL {
            assert_eq!(serde_json::to_value(s).expect("serialise"), s.key());
            assert_eq!(Status::from_key(s.key()), Some(s));
        }
        assert_eq!(Category::from_key("noise"), None);
    }

    #[test]
    fn resolved_and_no_violation_are_different_closed_statuses() {
        assert_ne!(Status::Resolved.name(Lang::Zh), Status::ClosedNoViolation.name(Lang::Zh));
        assert_ne!(Status::Resolved.name(Lang::En), Status::ClosedNoViolation.name(Lang::En));
        let open: Vec<Status> = Status::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, [Status::Received, Status::UnderReview, Status::Forwarded]);
    }

    // --- dates ---

    #[test]
    fn china_dates_are_utc_plus_eight() {
        assert_eq!(china_date(0), "1970-01-01");
        assert_eq!(china_datetime(0), "1970-01-01T08:00:00+08:00");
        // 2024-02-28T16:00:00Z is midnight on the leap day in Lianyungang.
        assert_eq!(china_date(1_709_136_000), "2024-02-29");
        assert_eq!(china_date(1_709_135_999), "2024-02-28");
        assert_eq!(china_datetime(1_718_433_000), "2024-06-15T14:30:00+08:00");
        assert_eq!(china_date(-1), "1970-01-01");
        assert_eq!(china_date(-28_801), "1969-12-31");
    }

    // --- receipts ---

    #[test]
    fn luhn_matches_known_numbers() {
        assert_eq!(luhn_check_digit(b"7992739871"), 3);
        assert_eq!(luhn_check_digit(b"453914880343646"), 7);
        assert!(Receipt::parse("4539 1488 0343 6467").is_ok());
    }

    #[test]
    fn receipts_are_16_digits_grouped_by_four_and_parse_back() {
        for seed in [[0u8; 8], [0xFF; 8], [1, 2, 3, 4, 5, 6, 7, 8], [0x9A; 8]] {
            let receipt = Receipt::generate(seed);
            assert_eq!(receipt.digits().len(), 16);
            assert!(receipt.digits().bytes().all(|b| b.is_ascii_digit()));
            let grouped = receipt.to_string();
            assert_eq!(grouped.len(), 19);
            assert_eq!(grouped.matches(' ').count(), 3);
            assert_eq!(Receipt::parse(&grouped), Ok(receipt.clone()));
            assert_eq!(Receipt::parse(&grouped.replace(' ', "-")), Ok(receipt.clone()));
            assert_eq!(Receipt::parse(receipt.digits()), Ok(receipt));
        }
        assert_eq!(Receipt::generate([0; 8]).to_string(), "0000 0000 0000 0000");
    }

    #[test]
    fn receipt_parsing_rejects_typos() {
        let receipt = Receipt::generate([7; 8]);
        let digits = receipt.digits().to_owned();
        // Change the last digit: the check fails.
        let last = digits.as_bytes()[15];
        let wrong = format!("{}{}", &digits[..15], char::from(b'0' + (last - b'0' + 1) % 10));
        assert_eq!(Receipt::parse(&wrong), Err(ReceiptError::CheckDigit));
        // Change any single digit: the check fails.
        for i in 0..16 {
            let mut bytes = digits.clone().into_bytes();
            bytes[i] = b'0' + (bytes[i] - b'0' + 5) % 10;
            let typo = String::from_utf8(bytes).expect("ascii");
            assert_eq!(Receipt::parse(&typo), Err(ReceiptError::CheckDigit), "digit {i}");
        }
        assert_eq!(Receipt::parse("1234"), Err(ReceiptError::Length));
        assert_eq!(Receipt::parse("12345678901234567"), Err(ReceiptError::Length));
        assert_eq!(Receipt::parse("1234 5678 9012 345x"), Err(ReceiptError::NotDigits));
        assert_eq!(Receipt::parse(""), Err(ReceiptError::Length));
    }

    #[test]
    fn full_width_digits_from_a_chinese_keyboard_are_accepted() {
        let receipt = Receipt::parse("4539 1488 0343 6467").expect("valid");
        assert_eq!(Receipt::parse("４５３９　１４８８－０３４３　６４６７"), Ok(receipt));
    }

    #[test]
    fn receipts_serialise_grouped_and_never_debug_print() {
        let receipt = Receipt::parse("4539148803436467").expect("valid");
        assert_eq!(serde_json::to_value(&receipt).expect("serialise"), "4539 1488 0343 6467");
        assert_eq!(serde_json::from_str::<Receipt>(r#""4539-1488-0343-6467""#).expect("parse"), receipt);
        assert!(serde_json::from_str::<Receipt>(r#""4539 1488 0343 6468""#).is_err());
        assert_eq!(format!("{receipt:?}"), "Receipt(****)");
    }

    // --- proof of work ---

    #[test]
    fn pow_hashes_challenge_colon_nonce() {
        // SHA-256("abc:0") computed independently.
        let digest = Sha256::digest(b"abc:0");
        let zeros = leading_zero_bits(&digest);
        assert!(pow_check("abc", 0, u8::try_from(zeros).expect("small")));
        assert!(!pow_check("abc", 0, u8::try_from(zeros + 1).expect("small")));
        assert!(pow_check("anything", 12345, 0));
    }

    #[test]
    fn pow_solve_finds_the_first_solution_and_check_accepts_it() {
        for bits in [1u8, 4, 8, 12] {
            let challenge = format!("challenge-{bits}");
            let nonce = pow_solve(&challenge, bits);
            assert!(pow_check(&challenge, nonce, bits), "{bits} bits");
            assert!((0..nonce).all(|n| !pow_check(&challenge, n, bits)), "the first solution");
            assert_eq!(pow_solve_range(&challenge, bits, 0, nonce + 1), Some(nonce));
            assert_eq!(pow_solve_range(&challenge, bits, 0, nonce), None);
        }
    }

    #[test]
    fn leading_zero_bits_and_decimal() {
        assert_eq!(leading_zero_bits(&[0, 0, 0x10]), 19);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
        let mut buf = [0u8; 20];
        assert_eq!(decimal(0, &mut buf), b"0");
        assert_eq!(decimal(u64::MAX, &mut buf), b"18446744073709551615");
    }

    // --- photos: fixtures built by hand ---

    /// A JPEG segment with its marker and length.
    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&u16::try_from(payload.len() + 2).expect("short").to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    /// TIFF data with IFD0 holding a Make tag and the GPS pointer, and a GPS IFD with tags 1–4.
    fn tiff_with_gps(
        little_endian: bool,
        lat: (u32, u32, u32),
        lat_ref: u8,
        lng: (u32, u32, u32),
        lng_ref: u8,
    ) -> Vec<u8> {
        let u16b = |v: u16| if little_endian { v.to_le_bytes() } else { v.to_be_bytes() };
        let u32b = |v: u32| if little_endian { v.to_le_bytes() } else { v.to_be_bytes() };
        let mut t = Vec::new();
        t.extend_from_slice(if little_endian { b"II" } else { b"MM" });
        t.extend_from_slice(&u16b(42));
        t.extend_from_slice(&u32b(8));
        // IFD0 at 8: 2 entries, next-IFD 0. Ends at 8 + 2 + 24 + 4 = 38.
        t.extend_from_slice(&u16b(2));
        // Make (0x010F), ASCII, 4 bytes inline: "Cam\0".
        t.extend_from_slice(&u16b(0x010F));
        t.extend_from_slice(&u16b(2));
        t.extend_from_slice(&u32b(4));
        t.extend_from_slice(b"Cam\0");
        // GPS pointer (0x8825), LONG, 1 → offset 38.
        t.extend_from_slice(&u16b(0x8825));
        t.extend_from_slice(&u16b(4));
        t.extend_from_slice(&u32b(1));
        t.extend_from_slice(&u32b(38));
        t.extend_from_slice(&u32b(0));
        // GPS IFD at 38: 4 entries → ends at 38 + 2 + 48 + 4 = 92; rationals at 92 and 116.
        t.extend_from_slice(&u16b(4));
        let ascii = |t: &mut Vec<u8>, tag: u16, letter: u8| {
            t.extend_from_slice(&u16b(tag));
            t.extend_from_slice(&u16b(2));
            t.extend_from_slice(&u32b(2));
            t.extend_from_slice(&[letter, 0, 0, 0]);
        };
        let rationals = |t: &mut Vec<u8>, tag: u16, offset: u32| {
            t.extend_from_slice(&u16b(tag));
            t.extend_from_slice(&u16b(5));
            t.extend_from_slice(&u32b(3));
            t.extend_from_slice(&u32b(offset));
        };
        ascii(&mut t, 1, lat_ref);
        rationals(&mut t, 2, 92);
        ascii(&mut t, 3, lng_ref);
        rationals(&mut t, 4, 116);
        t.extend_from_slice(&u32b(0));
        assert_eq!(t.len(), 92);
        for (d, m, s100) in [lat, lng] {
            for (num, den) in [(d, 1), (m, 1), (s100, 100)] {
                t.extend_from_slice(&u32b(num));
                t.extend_from_slice(&u32b(den));
            }
        }
        t
    }

    /// The GPS fixture: 34°35'47.76"N 119°13'17.04"E (the city government).
    fn gps_tiff(little_endian: bool) -> Vec<u8> {
        tiff_with_gps(little_endian, (34, 35, 4776), b'N', (119, 13, 1704), b'E')
    }

    const SCAN_DATA: &[u8] = &[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0x78];

    /// A structurally complete JPEG: SOI, APP0 JFIF with a 1×1 thumbnail, APP1 Exif (GPS), APP1
    /// XMP, APP13 IPTC, COM, DQT, SOF0, DHT, SOS + scan data, EOI, then a trailer.
    fn jpeg_with_metadata(tiff: &[u8]) -> Vec<u8> {
        let mut j = vec![0xFF, 0xD8];
        let mut jfif = b"JFIF\0\x01\x02\x01\x00\x48\x00\x48\x01\x01".to_vec();
        jfif.extend_from_slice(&[0xAA, 0xBB, 0xCC]); // the 1×1 RGB thumbnail
        j.extend(segment(0xE0, &jfif));
        let mut exif = b"Exif\0\0".to_vec();
        exif.extend_from_slice(tiff);
        j.extend(segment(0xE1, &exif));
        j.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude</x:xmpmeta>"));
        j.extend(segment(0xED, b"Photoshop 3.0\08BIM secret caption"));
        j.extend(segment(0xFE, b"taken by Zhang San"));
        j.extend(segment(0xDB, &[0u8; 65]));
        j.extend(segment(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
        j.extend(segment(0xC4, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        j.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
        j.extend_from_slice(SCAN_DATA);
        j.extend_from_slice(&[0xFF, 0xD9]);
        j.extend_from_slice(b"MotionPhoto_Data ftypmp42 GPS");
        j
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn sniffing_looks_at_the_bytes_only() {
        assert_eq!(sniff_image(&jpeg_with_metadata(&gps_tiff(true))), Some(ImageType::Jpeg));
        assert_eq!(sniff_image(&png_with_metadata()), Some(ImageType::Png));
        assert_eq!(sniff_image(&webp_with_metadata()), Some(ImageType::Webp));
        assert_eq!(sniff_image(b"%PDF-1.7\n"), None);
        assert_eq!(sniff_image(b"<!doctype html><script>"), None);
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WAVEfmt "), None);
        assert_eq!(sniff_image(&[0xFF, 0xD8]), None);
        assert_eq!(sniff_image(&[]), None);
        assert_eq!(ImageType::Webp.mime(), "image/webp");
    }

    #[test]
    fn exif_gps_reads_both_byte_orders() {
        for little_endian in [true, false] {
            let jpeg = jpeg_with_metadata(&gps_tiff(little_endian));
            let (lat, lng) = exif_gps(&jpeg).expect("GPS found");
            assert!((lat - (34.0 + 35.0 / 60.0 + 47.76 / 3600.0)).abs() < 1e-9, "{lat}");
            assert!((lng - (119.0 + 13.0 / 60.0 + 17.04 / 3600.0)).abs() < 1e-9, "{lng}");
        }
    }

    #[test]
    fn exif_gps_applies_the_hemisphere() {
        let tiff = tiff_with_gps(true, (33, 51, 0), b'S', (151, 12, 0), b'W');
        let (lat, lng) = exif_gps(&jpeg_with_metadata(&tiff)).expect("GPS found");
        assert!((lat + 33.85).abs() < 1e-9 && (lng + 151.2).abs() < 1e-9, "{lat} {lng}");
        let bad_ref = tiff_with_gps(true, (33, 51, 0), b'X', (151, 12, 0), b'E');
        assert_eq!(exif_gps(&jpeg_with_metadata(&bad_ref)), None);
        let zero_den = {
            let mut t = gps_tiff(true);
            t[96..100].copy_from_slice(&0u32.to_le_bytes());
            t
        };
        assert_eq!(exif_gps(&jpeg_with_metadata(&zero_den)), None);
    }

    #[test]
    fn exif_gps_is_none_without_gps() {
        let mut no_pointer = gps_tiff(true);
        no_pointer[22..24].copy_from_slice(&0x0110u16.to_le_bytes()); // the GPS pointer tag becomes Model
        assert_eq!(exif_gps(&jpeg_with_metadata(&no_pointer)), None);
        assert_eq!(exif_gps(&png_with_metadata()), None, "its eXIf has no GPS");
        assert_eq!(exif_gps(b"not an image"), None);
    }

    #[test]
    fn stripping_a_jpeg_removes_exif_xmp_iptc_comments_thumbnail_and_trailer() {
        let jpeg = jpeg_with_metadata(&gps_tiff(false));
        assert!(contains(&jpeg, b"Exif"));
        let stripped = strip_metadata(&jpeg).expect("strip");
        for needle in [&b"Exif"[..], b"xmpmeta", b"GPS", b"8BIM", b"Zhang San", b"MotionPhoto", &[0xAA, 0xBB, 0xCC]] {
            assert!(!contains(&stripped, needle), "{:?} survived", String::from_utf8_lossy(needle));
        }
        assert!(stripped.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]), "SOI then a 16-byte APP0");
        assert!(contains(&stripped, b"JFIF\0"));
        assert!(stripped.ends_with(&[0xFF, 0xD9]));
        assert!(contains(&stripped, SCAN_DATA), "the picture data is untouched");
        assert_eq!(exif_gps(&stripped), None);
        assert_eq!(sniff_image(&stripped), Some(ImageType::Jpeg));
        // Stripping is idempotent.
        assert_eq!(strip_metadata(&stripped).expect("strip again"), stripped);
    }

    #[test]
    fn stripping_a_jpeg_filters_segments_between_scans() {
        let mut jpeg = jpeg_with_metadata(&gps_tiff(true));
        let eoi = jpeg.len() - b"MotionPhoto_Data ftypmp42 GPS".len() - 2;
        let mut tail = segment(0xE1, b"Exif\0\0late metadata");
        tail.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
        tail.extend_from_slice(&[0x9A, 0xBC]);
        jpeg.splice(eoi..eoi, tail);
        let stripped = strip_metadata(&jpeg).expect("strip");
        assert!(!contains(&stripped, b"late metadata"));
        assert!(contains(&stripped, &[0x9A, 0xBC, 0xFF, 0xD9]));
    }

    #[test]
    fn broken_jpegs_are_errors_not_panics() {
        let jpeg = jpeg_with_metadata(&gps_tiff(true));
        let eoi_end = jpeg.len() - b"MotionPhoto_Data ftypmp42 GPS".len();
        assert_eq!(strip_metadata(&jpeg[..eoi_end - 2]), Err(StripError::Truncated), "no EOI");
        assert_eq!(strip_metadata(&jpeg[..30]), Err(StripError::Truncated), "cut inside a segment");
        assert_eq!(strip_metadata(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01]), Err(StripError::Malformed));
        assert_eq!(strip_metadata(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x02, 0x12]), Err(StripError::Malformed));
        assert_eq!(strip_metadata(b"%PDF-1.4"), Err(StripError::NotAnImage));
    }

    /// A PNG chunk with a (dummy) CRC; nothing here checks CRCs.
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = u32::try_from(data.len()).expect("short").to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0xDE, 0xAD, 0xBE, 0xEF]);
        c
    }

    fn png_with_metadata() -> Vec<u8> {
        let mut p = PNG_SIGNATURE.to_vec();
        p.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
        p.extend(chunk(b"tEXt", b"Author\0Zhang San"));
        p.extend(chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"));
        p.extend(chunk(b"zTXt", b"Comment\0\0x"));
        p.extend(chunk(b"tIME", &[7, 232, 6, 15, 12, 0, 0]));
        p.extend(chunk(b"eXIf", b"MM\0\x2a\0\0\0\x08\0\0Exif"));
        p.extend(chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0x00]));
        p.extend(chunk(b"IEND", &[]));
        p.extend_from_slice(b"trailing GPS");
        p
    }

    #[test]
    fn stripping_a_png_drops_the_metadata_chunks() {
        let stripped = strip_metadata(&png_with_metadata()).expect("strip");
        for needle in [&b"tEXt"[..], b"iTXt", b"zTXt", b"tIME", b"eXIf", b"Exif", b"Zhang San", b"GPS"] {
            assert!(!contains(&stripped, needle), "{:?} survived", String::from_utf8_lossy(needle));
        }
        let mut expected = PNG_SIGNATURE.to_vec();
        expected.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
        expected.extend(chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0x00]));
        expected.extend(chunk(b"IEND", &[]));
        assert_eq!(stripped, expected);
        let png = png_with_metadata();
        assert_eq!(strip_metadata(&png[..png.len() - 20]), Err(StripError::Truncated));
    }

    fn webp_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = fourcc.to_vec();
        c.extend_from_slice(&u32::try_from(data.len()).expect("short").to_le_bytes());
        c.extend_from_slice(data);
        if data.len() % 2 == 1 {
            c.push(0);
        }
        c
    }

    fn riff(body: &[u8]) -> Vec<u8> {
        let mut w = b"RIFF".to_vec();
        w.extend_from_slice(&u32::try_from(body.len() + 4).expect("short").to_le_bytes());
        w.extend_from_slice(b"WEBP");
        w.extend_from_slice(body);
        w
    }

    fn webp_with_metadata() -> Vec<u8> {
        let mut body = webp_chunk(b"VP8X", &[0x08 | 0x04 | 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        body.extend(webp_chunk(b"VP8L", &[0x2F, 0, 0, 0, 0x10]));
        let mut exif = b"Exif\0\0".to_vec();
        exif.extend(gps_tiff(true));
        body.extend(webp_chunk(b"EXIF", &exif));
        body.extend(webp_chunk(b"XMP ", b"<x:xmpmeta>GPS</x:xmpmeta>"));
        riff(&body)
    }

    #[test]
    fn stripping_a_webp_drops_exif_and_xmp_and_clears_their_flags() {
        let webp = webp_with_metadata();
        assert!(exif_gps(&webp).is_some(), "the fixture carries GPS");
        let stripped = strip_metadata(&webp).expect("strip");
        let mut body = webp_chunk(b"VP8X", &[0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        body.extend(webp_chunk(b"VP8L", &[0x2F, 0, 0, 0, 0x10]));
        assert_eq!(stripped, riff(&body), "alpha flag kept, EXIF and XMP flags cleared, sizes rewritten");
        assert!(!contains(&stripped, b"Exif") && !contains(&stripped, b"GPS"));
        assert_eq!(exif_gps(&stripped), None);
        assert_eq!(strip_metadata(&webp[..webp.len() - 3]), Err(StripError::Truncated));
    }

    #[test]
    fn exif_gps_also_reads_png_exif_chunks() {
        let mut p = PNG_SIGNATURE.to_vec();
        p.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
        p.extend(chunk(b"eXIf", &gps_tiff(false)));
        p.extend(chunk(b"IEND", &[]));
        assert!(exif_gps(&p).is_some());
        assert_eq!(exif_gps(&strip_metadata(&p).expect("strip")), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn photo_functions_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = sniff_image(&bytes);
            let _ = strip_metadata(&bytes);
            let _ = exif_gps(&bytes);
        }

        #[test]
        fn photo_functions_never_panic_on_mutated_images(
            which in 0usize..3,
            flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
            cut in any::<usize>(),
        ) {
            let mut bytes = match which {
                0 => jpeg_with_metadata(&gps_tiff(true)),
                1 => png_with_metadata(),
                _ => webp_with_metadata(),
            };
            for (at, value) in flips {
                let len = bytes.len();
                // Keep the signature so the format-specific code runs.
                bytes[12 + at % (len - 12)] = value;
            }
            bytes.truncate(cut % (bytes.len() + 1));
            let _ = exif_gps(&bytes);
            if let Ok(stripped) = strip_metadata(&bytes) {
                // Whatever survives still sniffs as the same kind of image.
                prop_assert_eq!(sniff_image(&stripped), sniff_image(&bytes));
            }
        }

        #[test]
        fn receipts_round_trip(seed in any::<[u8; 8]>()) {
            let receipt = Receipt::generate(seed);
            prop_assert_eq!(Receipt::parse(&receipt.to_string()), Ok(receipt));
        }

        #[test]
        fn receipt_parse_never_panics(s in ".{0,40}") {
            let _ = Receipt::parse(&s);
        }

        #[test]
        fn validate_never_panics(
            date in "[0-9-]{0,12}",
            time in ".{0,6}",
            description in ".{0,30}",
            phone in ".{0,20}",
            lat in proptest::num::f64::ANY,
        ) {
            let draft = ReportDraft {
                observed_on: date,
                observed_time: Some(time),
                description,
                location: Some(GeoPoint { lat, lng: 119.0 }),
                contact: Some(Contact { phone: Some(phone), ..Contact::default() }),
                ..valid_draft()
            };
            let _ = validate(&draft, TODAY);
        }
    }
}
