//! The data's licence, stated in one place. Every feed manifest, every export, every descriptor
//! and the about page carry the licence of their feed version, and a version built without an
//! explicit choice by the publisher carries [`Licence::default`]: CC BY 4.0.
//!
//! The bureau chooses another by putting a `licence.json` (this type's JSON) in the data
//! directory; `feed build` then writes that one into the manifest instead.

use serde::{Deserialize, Serialize};

/// The default licence's SPDX identifier.
pub const DEFAULT_NAME: &str = "CC-BY-4.0";
/// Its legal text.
pub const DEFAULT_PATH: &str = "https://creativecommons.org/licenses/by/4.0/";
/// Its title in English.
pub const DEFAULT_TITLE: &str = "Creative Commons Attribution 4.0 International";
/// Its title in Chinese.
pub const DEFAULT_TITLE_ZH: &str = "知识共享署名 4.0 国际许可协议";

/// A licence, in the shape of a Frictionless `licenses` item (`name`, `path`, `title`) with a
/// Chinese title beside the English one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// An SPDX identifier, e.g. `CC-BY-4.0`.
    pub name: String,
    /// The address of the licence's text.
    pub path: String,
    /// The title in English.
    pub title: String,
    /// The title in Chinese.
    pub title_zh: String,
}

impl Default for Licence {
    fn default() -> Self {
        Self {
            name: DEFAULT_NAME.into(),
            path: DEFAULT_PATH.into(),
            title: DEFAULT_TITLE.into(),
            title_zh: DEFAULT_TITLE_ZH.into(),
        }
    }
}

impl Licence {
    /// The title in `lang`.
    pub fn title_in(&self, lang: crate::i18n::Lang) -> &str {
        lang.pick(&self.title_zh, &self.title)
    }

    /// The Frictionless `licenses` item (`name`, `path`, `title`), titled in `lang`.
    pub fn frictionless(&self, lang: crate::i18n::Lang) -> serde_json::Value {
        serde_json::json!({"name": self.name, "path": self.path, "title": self.title_in(lang)})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_default_is_cc_by_4_in_both_languages() {
        let l = Licence::default();
        assert_eq!(l.name, "CC-BY-4.0");
        assert_eq!(l.title_in(Lang::En), "Creative Commons Attribution 4.0 International");
        assert!(l.title_in(Lang::Zh).contains("署名"));
        assert_eq!(l.frictionless(Lang::En)["path"], "https://creativecommons.org/licenses/by/4.0/");
    }

    #[test]
    fn a_publishers_licence_reads_from_json_and_unknown_fields_are_refused() {
        let l: Licence = serde_json::from_str(
            r#"{"name":"ODC-By-1.0","path":"https://opendatacommons.org/licenses/by/1-0/","title":"Open Data Commons Attribution License v1.0","title_zh":"开放数据共享署名许可 1.0"}"#,
        )
        .expect("a licence in JSON");
        assert_eq!(l.name, "ODC-By-1.0");
        assert!(
            serde_json::from_str::<Licence>(r#"{"name":"x","path":"y","title":"z","title_zh":"w","extra":1}"#).is_err()
        );
    }
}
