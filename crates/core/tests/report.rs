//! The report module's reader-facing strings and keys, through the public API: every string in
//! both languages, keys unique and equal to their serde form.

use portal_core::i18n::Lang;
use portal_core::report::{Category, ErrorKind, Status, service_notice};

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
