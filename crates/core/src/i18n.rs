//! Every string a reader sees, in Chinese and English.
//!
//! Each message is declared once with both translations; the `messages!` macro will not compile
//! a message that lacks either language, and a test checks that none is empty and that the
//! Chinese text is Chinese.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language of the portal. Chinese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Both languages, Chinese first.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The short code used in URLs (`?lang=en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Parses a URL code or a language tag; anything unknown is `None`.
    pub fn from_code(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "zh" || s.starts_with("zh-") {
            Some(Lang::Zh)
        } else if s == "en" || s.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Picks the text for this language from a zh/en pair.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

macro_rules! messages {
    ($($key:ident { zh: $zh:expr, en: $en:expr $(,)? })*) => {
        /// A message key. Use [`Msg::text`] to get its text in a language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($key),* }

        impl Msg {
            /// Every message, for completeness checks.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            /// The message in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Zh) => $zh, (Msg::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    SiteTitle { zh: "连云港新污染物信息公开平台", en: "Lianyungang New Pollutants Information Portal" }
    SiteTagline { zh: "企业披露、科普知识与违法举报", en: "Enterprise disclosures, science education and violation reports" }
    SkipToContent { zh: "跳到正文", en: "Skip to main content" }
    NavMain { zh: "主导航", en: "Main navigation" }
    NavHome { zh: "首页", en: "Home" }
    NavDisclosures { zh: "企业披露", en: "Disclosures" }
    NavSubstances { zh: "重点管控物质", en: "Substances" }
    NavLearn { zh: "科普", en: "Learn" }
    NavReport { zh: "举报", en: "Report" }
    NavPlan { zh: "市工作方案", en: "City plan" }
    NavAbout { zh: "关于数据", en: "About the data" }
    SwitchLanguage { zh: "English", en: "中文" }
    SwitchLanguageLabel { zh: "切换到英文", en: "Switch to Chinese" }
    HomeHeading { zh: "连云港新污染物信息公开", en: "New pollutants in Lianyungang: public information" }
    HomeIntro {
        zh: "根据《连云港市新污染物治理工作方案》，使用或排放重点管控新污染物的企业应公开有毒有害原料的使用情况，以及排放物的名称、浓度和数量。本平台汇集这些披露信息，介绍相关科学知识，并受理公众举报。",
        en: "Under Lianyungang's new-pollutant work plan, enterprises that use or discharge key-controlled new pollutants must publish the toxic raw materials they use and the names, concentrations and quantities of what they discharge. This portal brings those disclosures together, explains the science, and takes reports from the public.",
    }
    Loading { zh: "正在加载……", en: "Loading…" }
    Retry { zh: "重试", en: "Try again" }
    FeedErrorTitle { zh: "数据暂时无法加载", en: "The data could not be loaded" }
    FeedErrorNetwork { zh: "无法连接到服务器。请检查网络连接后重试。", en: "The server could not be reached. Check your connection and try again." }
    FeedErrorStatus { zh: "服务器返回了错误状态。", en: "The server answered with an error status." }
    FeedErrorContentType { zh: "服务器返回的不是数据文件（内容类型不符）。", en: "The server did not return a data file (wrong content type)." }
    FeedErrorDecode { zh: "数据文件格式有误，无法读取。", en: "The data file is malformed and could not be read." }
    FeedErrorDetail { zh: "技术细节", en: "Technical detail" }
    FooterFeedVersion { zh: "数据版本", en: "Data version" }
    FooterFeedDate { zh: "生成时间", en: "Built" }
    FooterSample { zh: "示例数据（虚构，仅供演示）", en: "Sample data (fictitious, for demonstration only)" }
    FooterOfficial { zh: "正式数据", en: "Official data" }
    FooterFeedLoading { zh: "数据版本加载中", en: "Loading data version" }
    FooterNote {
        zh: "本平台在浏览器中运行，不使用任何第三方服务。",
        en: "This portal runs in your browser and uses no third-party services.",
    }
    SampleBanner {
        zh: "注意：当前显示的是虚构的示例数据，企业名称和数值均非真实，不能作为事实引用。",
        en: "Note: the data shown is fictitious sample data. Enterprise names and values are not real and must not be cited as fact.",
    }
    ChartDisclosingTitle { zh: "按年度统计的披露企业数", en: "Enterprises disclosing, by reporting year" }
    ChartDisclosingCaption {
        zh: "每个报告年度提交年度报告的企业数量，以及应披露但未披露的企业数量。单位：家。",
        en: "Number of enterprises that filed an annual report for each reporting year, and the number that were required to but did not. Unit: enterprises.",
    }
    ChartSource { zh: "来源", en: "Source" }
    ChartYearAxis { zh: "报告年度", en: "Reporting year" }
    ChartCountAxis { zh: "企业数（家）", en: "Enterprises" }
    SeriesDisclosing { zh: "已披露", en: "Disclosed" }
    SeriesMissing { zh: "未披露", en: "Did not disclose" }
    SeriesExceeded { zh: "有超标", en: "Exceeded a limit" }
    DataTable { zh: "数据表", en: "Data table" }
    DataTableCaption { zh: "图表数据", en: "Data behind the chart" }
    ColumnYear { zh: "年度", en: "Year" }
    PageNotFound { zh: "页面不存在", en: "Page not found" }
    PageNotFoundBody { zh: "您访问的页面不存在。请从导航中选择。", en: "The page you asked for does not exist. Choose a section from the navigation." }
    ComingSoon {
        zh: "本栏目正在建设中，尚未提供内容。",
        en: "This section is being built and has no content yet.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_message_has_text_in_both_languages() {
        for m in Msg::ALL {
            for lang in Lang::ALL {
                assert!(!m.text(lang).trim().is_empty(), "{m:?} is empty in {lang}");
            }
        }
    }

    #[test]
    fn chinese_messages_are_chinese_and_english_ones_are_not() {
        // SwitchLanguage is the one message that names the *other* language in that language.
        for m in Msg::ALL.iter().filter(|m| **m != Msg::SwitchLanguage) {
            assert!(has_cjk(m.text(Lang::Zh)), "{m:?} zh has no Chinese: {}", m.text(Lang::Zh));
            assert!(!has_cjk(m.text(Lang::En)), "{m:?} en contains Chinese: {}", m.text(Lang::En));
        }
    }

    #[test]
    fn language_codes_round_trip_and_unknown_codes_are_refused() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(Lang::from_code(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_code("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("zh-Hant"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::default(), Lang::Zh);
    }
}
