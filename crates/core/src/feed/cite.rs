//! Citations for a disclosure, as the press needs them: GB/T 7714-2015 style (electronic
//! resource, `[EB/OL]`) and plain English to read, and RIS, CSL-JSON and BibTeX for reference
//! managers (Zotero, EndNote, Mendeley, LaTeX). Every one carries the feed version and a
//! permanent link, and says so when the data are a sample.

use crate::i18n::{Lang, Msg};

/// What a citation names.
#[derive(Debug, Clone, PartialEq)]
pub struct CiteInput<'a> {
    /// The enterprise's id on the portal.
    pub id: &'a str,
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

/// What the citation of a comparison names: the enterprises compared and the years shown.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareCite<'a> {
    /// The enterprises' names, (Chinese, English), in the comparison's order.
    pub enterprises: &'a [(&'a str, &'a str)],
    /// The first and last reporting years shown.
    pub years: (u16, u16),
    pub version: &'a str,
    /// The version's build date (`YYYY-MM-DD…`).
    pub built: &'a str,
    /// The reader's date of access (`YYYY-MM-DD`).
    pub accessed: &'a str,
    /// The comparison's permanent link (it carries the version).
    pub url: &'a str,
    pub is_sample: bool,
}

/// A comparison cited in GB/T 7714-2015 style (Chinese) or plainly (English), like a disclosure
/// ([`gbt7714`], [`plain_en`]): the enterprises, the years, the portal, the version, the dates
/// and the permanent link.
pub fn comparison(c: &CompareCite, lang: Lang) -> String {
    let years = if c.years.0 == c.years.1 { c.years.0.to_string() } else { format!("{}–{}", c.years.0, c.years.1) };
    match lang {
        Lang::Zh => {
            let names = c.enterprises.iter().map(|n| n.0).collect::<Vec<_>>().join("，");
            let sample = if c.is_sample { "（示例数据，虚构企业）" } else { "" };
            format!(
                "{names}. {years}年度企业环境信息依法披露：清单物质年排放量对比{sample}[EB/OL]. {}（数据版本 {}）, {}[{}]. {}.",
                publisher(lang),
                c.version,
                day(c.built),
                day(c.accessed),
                c.url
            )
        }
        Lang::En => {
            let names = c.enterprises.iter().map(|n| n.1).collect::<Vec<_>>().join("; ");
            let sample = if c.is_sample { " [sample data: fictitious enterprises]" } else { "" };
            format!(
                "{names}. Environmental information disclosure, reporting years {years}: annual discharges of list substances compared{sample}. {}, data version {} (built {}). {} (accessed {}).",
                publisher(lang),
                c.version,
                day(c.built),
                c.url,
                day(c.accessed)
            )
        }
    }
}

/// The portal's name as publisher, in `lang`.
fn publisher(lang: Lang) -> &'static str {
    Msg::SiteTitle.text(lang)
}

/// The cited work's title, in `lang`.
fn title(c: &CiteInput, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年度企业环境信息依法披露（数据版本 {}）", c.year, c.version),
        Lang::En => {
            format!("Environmental information disclosure, reporting year {} (data version {})", c.year, c.version)
        }
    }
}

/// The enterprise's name, in `lang`.
fn author<'a>(c: &'a CiteInput, lang: Lang) -> &'a str {
    lang.pick(c.enterprise_zh, c.enterprise_en)
}

/// The note: the version, and whether the data are a sample.
fn note(c: &CiteInput, lang: Lang) -> String {
    let sample = match (c.is_sample, lang) {
        (false, _) => "",
        (true, Lang::Zh) => "；示例数据，虚构企业",
        (true, Lang::En) => "; sample data, fictitious enterprise",
    };
    match lang {
        Lang::Zh => format!("数据版本 {}，生成于 {}{sample}", c.version, day(c.built)),
        Lang::En => format!("Data version {}, built {}{sample}", c.version, day(c.built)),
    }
}

/// A date's parts (`YYYY-MM-DD…` → `[Y, M, D]`), as many as parse.
fn date_parts(s: &str) -> Vec<u32> {
    day(s).split('-').map_while(|p| p.parse().ok()).collect()
}

/// A citation key: the portal, the enterprise, the year and the version.
pub fn key(c: &CiteInput) -> String {
    format!("lyg-{}-{}-{}", c.id, c.year, c.version)
}

/// RIS (Research Information Systems), a dataset (`TY  - DATA`), CRLF line ends.
pub fn ris(c: &CiteInput, lang: Lang) -> String {
    let built = date_parts(c.built);
    let date = built.iter().map(|p| format!("{p:02}")).collect::<Vec<_>>().join("/");
    let accessed = day(c.accessed).replace('-', "/");
    let lines = [
        ("TY", "DATA".to_owned()),
        ("ID", key(c)),
        ("AU", author(c, lang).to_owned()),
        ("TI", title(c, lang)),
        ("T2", publisher(lang).to_owned()),
        ("PB", publisher(lang).to_owned()),
        ("PY", built.first().map(u32::to_string).unwrap_or_default()),
        ("DA", date),
        ("ET", c.version.to_owned()),
        ("UR", c.url.to_owned()),
        ("Y2", accessed),
        ("LA", lang.pick("zh-CN", "en").to_owned()),
        ("N1", note(c, lang)),
    ];
    let mut out: String = lines.iter().map(|(tag, value)| format!("{tag}  - {}\r\n", one_line(value))).collect();
    out.push_str("ER  - \r\n");
    out
}

/// CSL-JSON (Citation Style Language), an array of one `dataset` item.
pub fn csl_json(c: &CiteInput, lang: Lang) -> String {
    let item = serde_json::json!([{
        "id": key(c),
        "type": "dataset",
        "title": title(c, lang),
        "author": [{ "literal": author(c, lang) }],
        "publisher": publisher(lang),
        "container-title": publisher(lang),
        "issued": { "date-parts": [date_parts(c.built)] },
        "accessed": { "date-parts": [date_parts(c.accessed)] },
        "version": c.version,
        "URL": c.url,
        "language": lang.pick("zh-CN", "en"),
        "note": note(c, lang),
    }]);
    serde_json::to_string_pretty(&item).unwrap_or_default()
}

/// A value on one line (RIS has one line per tag).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes BibTeX's special characters in a field's text.
fn bibtex_text(s: &str) -> String {
    let mut out = String::new();
    for ch in one_line(s).chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(ch),
        }
    }
    out
}

/// BibTeX (biblatex fields), a `@misc` entry; the enterprise's name is a corporate author, in
/// double braces so that it is not split into first and last names.
pub fn bibtex(c: &CiteInput, lang: Lang) -> String {
    let built = date_parts(c.built);
    let fields = [
        ("author", format!("{{{}}}", bibtex_text(author(c, lang)))),
        ("title", format!("{{{}}}", bibtex_text(&title(c, lang)))),
        ("howpublished", bibtex_text(publisher(lang))),
        ("publisher", bibtex_text(publisher(lang))),
        ("year", built.first().map(u32::to_string).unwrap_or_default()),
        ("version", bibtex_text(c.version)),
        ("url", c.url.replace(['{', '}'], "")),
        ("urldate", day(c.accessed).to_owned()),
        ("language", lang.pick("chinese", "english").to_owned()),
        ("note", bibtex_text(&note(c, lang))),
    ];
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("  {k} = {{{v}}}")).collect();
    format!("@misc{{{},\n{}\n}}\n", key(c), body.join(",\n"))
}

/// A citation file for reference managers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiteFormat {
    Ris,
    CslJson,
    Bibtex,
}

impl CiteFormat {
    /// Every format, in the order the buttons show them.
    pub const ALL: [CiteFormat; 3] = [CiteFormat::Ris, CiteFormat::CslJson, CiteFormat::Bibtex];

    /// The file's text.
    pub fn render(self, c: &CiteInput, lang: Lang) -> String {
        match self {
            CiteFormat::Ris => ris(c, lang),
            CiteFormat::CslJson => csl_json(c, lang),
            CiteFormat::Bibtex => bibtex(c, lang),
        }
    }

    /// The file name for the citation `c`.
    pub fn file_name(self, c: &CiteInput) -> String {
        let extension = match self {
            CiteFormat::Ris => "ris",
            CiteFormat::CslJson => "csl.json",
            CiteFormat::Bibtex => "bib",
        };
        format!("{}.{extension}", key(c))
    }

    /// The media type it is saved with.
    pub fn mime(self) -> &'static str {
        match self {
            CiteFormat::Ris => "application/x-research-info-systems",
            CiteFormat::CslJson => "application/vnd.citationstyles.csl+json",
            CiteFormat::Bibtex => "application/x-bibtex",
        }
    }

    /// The button's label.
    pub fn label(self) -> Msg {
        match self {
            CiteFormat::Ris => Msg::CiteRis,
            CiteFormat::CslJson => Msg::CiteCslJson,
            CiteFormat::Bibtex => Msg::CiteBibtex,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(is_sample: bool) -> CiteInput<'static> {
        CiteInput {
            id: "e00002",
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
    fn bibtex_special_characters_are_escaped() {
        assert_eq!(bibtex_text("A & B_C 100% {x} #1 $"), "A \\& B\\_C 100\\% \\{x\\} \\#1 \\$");
    }

    #[test]
    fn every_reference_manager_format_is_pinned_to_the_version() {
        for format in CiteFormat::ALL {
            for lang in Lang::ALL {
                let text = format.render(&input(true), lang);
                assert!(text.contains("8e3b81bf975c"), "{format:?} {lang}: {text}");
                assert!(text.contains("v=8e3b81bf975c"), "{format:?} {lang}: the permanent link");
            }
            assert!(format.file_name(&input(true)).starts_with("lyg-e00002-2024-8e3b81bf975c."));
        }
        assert!(ris(&input(false), Lang::En).ends_with("ER  - \r\n"));
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
