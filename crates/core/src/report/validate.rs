//! The form's rules: [`validate`] checks a draft and returns one [`FieldError`] per broken rule;
//! also the phone, email and time checks.

use serde::Serialize;

use super::draft::present;
use super::{
    AREAS, DISTRICT_CODES, ErrorKind, FormField, MAX_ADDRESS_CHARS, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_PHOTOS,
    MAX_SOURCE_CHARS, MIN_DESCRIPTION_CHARS, ReportDraft,
};
use crate::date::Date;
use crate::i18n::Lang;

/// One broken rule: which form field, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct FieldError {
    /// The form field (serialised as its id, e.g. `"description"`).
    pub field: FormField,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl FieldError {
    /// An error on `field`.
    pub fn new(field: FormField, kind: ErrorKind) -> Self {
        Self { field, kind }
    }

    /// The message to show, in `lang`.
    pub fn message(self, lang: Lang) -> &'static str {
        self.kind.message(lang)
    }
}

/// Checks a draft against every rule and returns all errors, in form order (empty: valid).
///
/// `today` is today's date in Lianyungang (see [`crate::date::china_date`]); the observed date
/// must lie between one year before it and it. Texts are trimmed before they are measured, and
/// lengths count characters, not bytes.
pub fn validate(draft: &ReportDraft, today: Date) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field, kind| errors.push(FieldError::new(field, kind));

    // What
    if draft.category.is_none() {
        push(FormField::Category, ErrorKind::CategoryMissing);
    }

    // Who
    let enterprise = present(&draft.enterprise_id);
    let source = present(&draft.source_description);
    match (enterprise, source) {
        (None, None) => push(FormField::EnterpriseId, ErrorKind::SourceMissing),
        (Some(id), _) if !crate::feed::validate::valid_slug(id) => {
            push(FormField::EnterpriseId, ErrorKind::EnterpriseInvalid)
        }
        _ => {}
    }
    if source.is_some_and(|s| s.chars().count() > MAX_SOURCE_CHARS) {
        push(FormField::SourceDescription, ErrorKind::SourceTooLong);
    }

    // When
    let date = draft.observed_on.trim();
    if date.is_empty() {
        push(FormField::ObservedOn, ErrorKind::DateMissing);
    } else {
        match date.parse::<Date>() {
            Err(_) => push(FormField::ObservedOn, ErrorKind::DateInvalid),
            Ok(date) if date > today => push(FormField::ObservedOn, ErrorKind::DateInFuture),
            Ok(date) if date < today.one_year_before() => push(FormField::ObservedOn, ErrorKind::DateTooOld),
            Ok(_) => {}
        }
    }
    if present(&draft.observed_time).is_some_and(|t| !valid_time(t)) {
        push(FormField::ObservedTime, ErrorKind::TimeInvalid);
    }

    // Where
    let district = present(&draft.district_code);
    let area = present(&draft.area_id);
    if district.is_none() && area.is_none() {
        push(FormField::DistrictCode, ErrorKind::PlaceMissing);
    }
    if let Some(code) = district
        && !DISTRICT_CODES.contains(&code)
    {
        push(FormField::DistrictCode, ErrorKind::DistrictUnknown);
    }
    if let Some(id) = area {
        match AREAS.iter().find(|(area_id, _)| *area_id == id) {
            None => push(FormField::AreaId, ErrorKind::AreaUnknown),
            Some((_, Some(area_district))) if district.is_some_and(|d| d != *area_district) => {
                push(FormField::AreaId, ErrorKind::AreaNotInDistrict)
            }
            Some(_) => {}
        }
    }
    if present(&draft.address).is_some_and(|a| a.chars().count() > MAX_ADDRESS_CHARS) {
        push(FormField::Address, ErrorKind::AddressTooLong);
    }
    if let Some(point) = draft.location {
        if !point.lat.is_finite() || !point.lng.is_finite() {
            push(FormField::Location, ErrorKind::LocationInvalid);
        } else if !point.in_city() {
            push(FormField::Location, ErrorKind::LocationOutsideCity);
        }
    }

    // Details
    let chars = draft.description.trim().chars().count();
    if chars < MIN_DESCRIPTION_CHARS {
        push(FormField::Description, ErrorKind::DescriptionTooShort);
    } else if chars > MAX_DESCRIPTION_CHARS {
        push(FormField::Description, ErrorKind::DescriptionTooLong);
    }

    // Evidence
    if usize::from(draft.photos_count) > MAX_PHOTOS {
        push(FormField::Photos, ErrorKind::TooManyPhotos);
    }

    // Identity
    let name = draft.contact_name();
    let phone = draft.contact_phone();
    let email = draft.contact_email();
    if name.is_some_and(|n| n.chars().count() > MAX_NAME_CHARS) {
        push(FormField::ContactName, ErrorKind::NameTooLong);
    }
    if phone.is_some_and(|p| !valid_phone(p)) {
        push(FormField::ContactPhone, ErrorKind::PhoneInvalid);
    }
    if email.is_some_and(|e| !valid_email(e)) {
        push(FormField::ContactEmail, ErrorKind::EmailInvalid);
    }
    let reachable = phone.is_some() || email.is_some();
    if draft.wants_reward {
        if name.is_none() {
            push(FormField::ContactName, ErrorKind::RewardNeedsName);
        }
        if !reachable {
            push(FormField::ContactPhone, ErrorKind::RewardNeedsContact);
        }
    } else if draft.consent_to_contact && !reachable {
        push(FormField::ContactPhone, ErrorKind::ConsentNeedsContact);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::draft::tests::{contact, valid_draft};
    use crate::report::{Contact, GeoPoint};
    use proptest::prelude::*;

    const TODAY: &str = "2024-06-15";

    fn today() -> Date {
        TODAY.parse().expect("a date")
    }

    fn errors_of(draft: &ReportDraft) -> Vec<(FormField, ErrorKind)> {
        validate(draft, today()).into_iter().map(|e| (e.field, e.kind)).collect()
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
                (FormField::Category, ErrorKind::CategoryMissing),
                (FormField::EnterpriseId, ErrorKind::SourceMissing),
                (FormField::ObservedOn, ErrorKind::DateMissing),
                (FormField::DistrictCode, ErrorKind::PlaceMissing),
                (FormField::Description, ErrorKind::DescriptionTooShort),
            ]
        );
    }

    #[test]
    fn each_rule_names_its_field() {
        type Edit = fn(&mut ReportDraft);
        type Case = (&'static str, Edit, Vec<(FormField, ErrorKind)>);
        let cases: Vec<Case> = vec![
            ("no category", |d| d.category = None, vec![(FormField::Category, ErrorKind::CategoryMissing)]),
            (
                "neither enterprise nor source",
                |d| d.enterprise_id = Some("  ".to_owned()),
                vec![(FormField::EnterpriseId, ErrorKind::SourceMissing)],
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
                vec![(FormField::EnterpriseId, ErrorKind::EnterpriseInvalid)],
            ),
            (
                "source too long",
                |d| d.source_description = Some("厂".repeat(501)),
                vec![(FormField::SourceDescription, ErrorKind::SourceTooLong)],
            ),
            ("no date", |d| d.observed_on.clear(), vec![(FormField::ObservedOn, ErrorKind::DateMissing)]),
            (
                "impossible date",
                |d| d.observed_on = "2023-02-29".to_owned(),
                vec![(FormField::ObservedOn, ErrorKind::DateInvalid)],
            ),
            (
                "date in another format",
                |d| d.observed_on = "14/06/2024".to_owned(),
                vec![(FormField::ObservedOn, ErrorKind::DateInvalid)],
            ),
            (
                "tomorrow",
                |d| d.observed_on = "2024-06-16".to_owned(),
                vec![(FormField::ObservedOn, ErrorKind::DateInFuture)],
            ),
            ("today", |d| d.observed_on = TODAY.to_owned(), vec![]),
            ("exactly a year ago", |d| d.observed_on = "2023-06-15".to_owned(), vec![]),
            (
                "a year and a day ago",
                |d| d.observed_on = "2023-06-14".to_owned(),
                vec![(FormField::ObservedOn, ErrorKind::DateTooOld)],
            ),
            (
                "time 24:00",
                |d| d.observed_time = Some("24:00".to_owned()),
                vec![(FormField::ObservedTime, ErrorKind::TimeInvalid)],
            ),
            (
                "time without colon",
                |d| d.observed_time = Some("2140".to_owned()),
                vec![(FormField::ObservedTime, ErrorKind::TimeInvalid)],
            ),
            ("blank time is no time", |d| d.observed_time = Some(String::new()), vec![]),
            (
                "no place",
                |d| {
                    d.district_code = None;
                    d.area_id = None;
                },
                vec![(FormField::DistrictCode, ErrorKind::PlaceMissing)],
            ),
            ("a park alone is enough", |d| d.district_code = None, vec![]),
            ("a district alone is enough", |d| d.area_id = None, vec![]),
            (
                "district of another city",
                |d| {
                    d.district_code = Some("320100".to_owned());
                    d.area_id = None;
                },
                vec![(FormField::DistrictCode, ErrorKind::DistrictUnknown)],
            ),
            (
                "unknown park",
                |d| d.area_id = Some("nowhere".to_owned()),
                vec![(FormField::AreaId, ErrorKind::AreaUnknown)],
            ),
            (
                "park in another county",
                |d| d.district_code = Some("320706".to_owned()),
                vec![(FormField::AreaId, ErrorKind::AreaNotInDistrict)],
            ),
            ("zone spanning districts", |d| d.area_id = Some("xuwei".to_owned()), vec![]),
            (
                "address too long",
                |d| d.address = Some("路".repeat(201)),
                vec![(FormField::Address, ErrorKind::AddressTooLong)],
            ),
            (
                "location in Nanjing",
                |d| d.location = Some(GeoPoint { lat: 32.06, lng: 118.80 }),
                vec![(FormField::Location, ErrorKind::LocationOutsideCity)],
            ),
            (
                "location NaN",
                |d| d.location = Some(GeoPoint { lat: f64::NAN, lng: 119.0 }),
                vec![(FormField::Location, ErrorKind::LocationInvalid)],
            ),
            ("location on the north edge", |d| d.location = Some(GeoPoint { lat: 35.15, lng: 119.0 }), vec![]),
            (
                "19 Chinese characters are too few although they are 57 bytes",
                |d| d.description = "一二三四五六七八九十一二三四五六七八九".to_owned(),
                vec![(FormField::Description, ErrorKind::DescriptionTooShort)],
            ),
            ("20 Chinese characters are enough", |d| d.description = "一二三四五六七八九十".repeat(2), vec![]),
            (
                "padding does not count",
                |d| d.description = format!("   {}   ", "a".repeat(19)),
                vec![(FormField::Description, ErrorKind::DescriptionTooShort)],
            ),
            (
                "description too long",
                |d| d.description = "水".repeat(5001),
                vec![(FormField::Description, ErrorKind::DescriptionTooLong)],
            ),
            ("5000 characters are fine", |d| d.description = "水".repeat(5000), vec![]),
            ("six photos", |d| d.photos_count = 6, vec![(FormField::Photos, ErrorKind::TooManyPhotos)]),
            ("five photos", |d| d.photos_count = 5, vec![]),
            (
                "bad phone",
                |d| d.contact = contact(None, Some("12345"), None),
                vec![(FormField::ContactPhone, ErrorKind::PhoneInvalid)],
            ),
            (
                "bad email",
                |d| d.contact = contact(None, None, Some("someone@localhost")),
                vec![(FormField::ContactEmail, ErrorKind::EmailInvalid)],
            ),
            (
                "name too long",
                |d| d.contact = contact(Some(&"名".repeat(51)), None, None),
                vec![(FormField::ContactName, ErrorKind::NameTooLong)],
            ),
            (
                "reward without name or contact",
                |d| d.wants_reward = true,
                vec![
                    (FormField::ContactName, ErrorKind::RewardNeedsName),
                    (FormField::ContactPhone, ErrorKind::RewardNeedsContact),
                ],
            ),
            (
                "reward without name",
                |d| {
                    d.wants_reward = true;
                    d.contact = contact(Some(" "), Some("13812345678"), None);
                },
                vec![(FormField::ContactName, ErrorKind::RewardNeedsName)],
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
                vec![(FormField::ContactPhone, ErrorKind::ConsentNeedsContact)],
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
        let leap_day: Date = "2024-02-29".parse().expect("a date");
        assert_eq!(leap_day.one_year_before().to_string(), "2023-02-28");
        assert_eq!(today().one_year_before().to_string(), "2023-06-15");
        let errors = validate(&ReportDraft { observed_on: "2023-02-28".to_owned(), ..valid_draft() }, leap_day);
        assert!(errors.is_empty(), "{errors:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

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
            let _ = validate(&draft, today());
        }
    }
}
