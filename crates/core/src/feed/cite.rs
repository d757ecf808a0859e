//! Citations for a disclosure, as the press needs them: GB/T 7714-2015 style (electronic
//! resource, `[EB/OL]`) and plain English. Both carry the feed version and a permanent link, and
//! say so when the data are a sample.

/// What a citation names.
#[derive(Debug, Clone, PartialEq)]
pub struct CiteInput<'a> {
    pub enterprise_zh: &'a str,
    pub enterprise_en: &'a str,
    pub year: u16,
    pub version: &'a str,
    /// The version's build date (`YYYY-MM-DD…`).
    pub built: &'a str,
    /// The reader's date of access (`YYYY-MM-DD`).
    pub accessed: &'a str,
    /// The permanent link (it carries the version).
    pub url: &'a str,
    pub is_sample: bool,
}

fn day(s: &str) -> &str {
    s.get(..10).unwrap_or(s)
}

/// GB/T 7714-2015, electronic resource: `主要责任者. 题名[EB/OL]. 出版者, 出版日期[引用日期]. 获取路径.`
pub fn gbt7714(c: &CiteInput) -> String {
    let sample = if c.is_sample { "（示例数据，虚构企业）" } else { "" };
    format!(
        "{}. {}年度企业环境信息依法披露{}[EB/OL]. 连云港新污染物信息公开平台（数据版本 {}）, {}[{}]. {}.",
        c.enterprise_zh,
        c.year,
        sample,
        c.version,
        day(c.built),
        day(c.accessed),
        c.url
    )
}

/// A plain English citation.
pub fn plain_en(c: &CiteInput) -> String {
    let sample = if c.is_sample { " [sample data: fictitious enterprise]" } else { "" };
    format!(
        "{} ({}). Environmental information disclosure, reporting year {}{}. Lianyungang New Pollutants Information Portal, data version {} (built {}). {} (accessed {}).",
        c.enterprise_en,
        c.year,
        c.year,
        sample,
        c.version,
        day(c.built),
        c.url,
        day(c.accessed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(is_sample: bool) -> CiteInput<'static> {
        CiteInput {
            enterprise_zh: "连云港示例澄远药业有限公司（虚构）",
            enterprise_en: "Lianyungang Sample Chengyuan Pharmaceutical Co., Ltd. (fictitious)",
            year: 2024,
            version: "8e3b81bf975c",
            built: "2026-11-28T21:59:00Z",
            accessed: "2026-11-29",
            url: "http://127.0.0.1:8080/enterprises/e00002?year=2024&v=8e3b81bf975c",
            is_sample,
        }
    }

    #[test]
    fn the_gbt7714_citation_has_its_parts_in_order() {
        let s = gbt7714(&input(false));
        assert_eq!(
            s,
            "连云港示例澄远药业有限公司（虚构）. 2024年度企业环境信息依法披露[EB/OL]. 连云港新污染物信息公开平台（数据版本 8e3b81bf975c）, 2026-11-28[2026-11-29]. http://127.0.0.1:8080/enterprises/e00002?year=2024&v=8e3b81bf975c."
        );
    }

    #[test]
    fn citations_of_sample_data_say_so() {
        assert!(gbt7714(&input(true)).contains("示例数据"));
        assert!(plain_en(&input(true)).contains("sample data"));
        assert!(!plain_en(&input(false)).contains("sample"));
    }

    #[test]
    fn the_english_citation_names_version_link_and_access_date() {
        let s = plain_en(&input(false));
        for part in [
            "reporting year 2024",
            "data version 8e3b81bf975c",
            "built 2026-11-28",
            "v=8e3b81bf975c",
            "accessed 2026-11-29",
        ] {
            assert!(s.contains(part), "missing {part}: {s}");
        }
    }
}
