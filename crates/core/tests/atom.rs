//! Atom subscriptions (`feed::atom`): where each feed lives and how its ids are made. The feeds'
//! content is read by feedparser in crates/feed/tests/archive.rs.

use portal_core::feed::atom::{Topic, uuid_urn, watch_texts};
use portal_core::i18n::Lang;

#[test]
fn each_topic_has_its_own_file_under_feed_atom() {
    assert_eq!(Topic::All.href(), "/feed/atom/all.xml");
    assert_eq!(Topic::Enterprise("e00118".into()).href(), "/feed/atom/enterprises/e00118.xml");
    assert_eq!(Topic::Substance(3).file(), "atom/substances/3.xml");
    assert_eq!(Topic::District("320724".into()).file(), "atom/districts/320724.xml");
}

#[test]
fn ids_are_stable_rfc_9562_uuids_that_differ_by_name() {
    let id = uuid_urn("record:e00118-2023-annual");
    assert_eq!(id, uuid_urn("record:e00118-2023-annual"), "the same name gives the same id in every build");
    assert_ne!(id, uuid_urn("record:e00118-2024-annual"));
    let hex = id.strip_prefix("urn:uuid:").expect("a urn:uuid");
    let groups: Vec<&str> = hex.split('-').collect();
    assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
    assert!(hex.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert!(groups[2].starts_with('8'), "version 8");
    assert!(matches!(groups[3].chars().next(), Some('8' | '9' | 'a' | 'b')), "RFC variant");
}

#[test]
fn the_watch_page_texts_exist_in_both_languages() {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    for (zh, en) in watch_texts(Lang::Zh).iter().zip(watch_texts(Lang::En)) {
        assert!(cjk(zh) && !cjk(en) && !en.is_empty(), "{zh} / {en}");
    }
}
