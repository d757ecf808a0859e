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

    /// The language a quoted text is written in, told by its script: Chinese if it has a CJK
    /// ideograph, else English. For a text carried as it was published (a source's title, a
    /// standard's table), to mark it for screen readers on a page in the other language.
    pub fn of_text(text: &str) -> Lang {
        if text.chars().any(is_ideograph) { Lang::Zh } else { Lang::En }
    }

    /// What follows a label before its value: `：` in Chinese, `: ` in English.
    pub fn label_separator(self) -> &'static str {
        self.pick("：", ": ")
    }

    /// What separates the items of a list of phrases: `；` in Chinese, `; ` in English.
    pub fn list_separator(self) -> &'static str {
        self.pick("；", "; ")
    }
}

/// A CJK ideograph (the unified blocks and the compatibility block).
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Chinese writing: an ideograph, CJK punctuation (、。《》〔〕…) or a full-width form (（），：).
fn is_chinese_script(c: char) -> bool {
    is_ideograph(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}')
}

/// `text` cut into runs of Chinese and of other writing, in order, so that Chinese quoted in an
/// English text ("“screen, assess, control” (筛、评、控)", "连政办发〔2023〕34号") can be marked
/// `lang="zh-CN"`. Digits and spaces between two pieces of Chinese belong to the Chinese run.
pub fn script_runs(text: &str) -> Vec<(Lang, &str)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let strong = |i: usize| -> Option<bool> {
        let c = chars[i].1;
        if is_chinese_script(c) {
            Some(true)
        } else if c.is_ascii_digit() || c == ' ' {
            None
        } else {
            Some(false)
        }
    };
    // Each character's script: a neutral one takes Chinese only between two Chinese ones.
    let mut zh = Vec::with_capacity(chars.len());
    for i in 0..chars.len() {
        let own = strong(i);
        let is_zh = own.unwrap_or_else(|| {
            let before = (0..i).rev().find_map(strong);
            let after = (i + 1..chars.len()).find_map(strong);
            before == Some(true) && after == Some(true)
        });
        zh.push(is_zh);
    }
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=chars.len() {
        if i == chars.len() || zh[i] != zh[start] {
            let end = chars.get(i).map_or(text.len(), |&(at, _)| at);
            runs.push((if zh[start] { Lang::Zh } else { Lang::En }, &text[chars[start].0..end]));
            start = i;
        }
    }
    runs
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
    SiteTitleShort { zh: "连云港新污染物信息公开平台", en: "Lianyungang New Pollutants" }
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
        en: "Note: fictitious sample data. Names and values are not real; do not cite them as fact.",
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
    DisclosuresHeading { zh: "企业环境信息披露", en: "Enterprise disclosures" }
    DisclosuresIntro {
        zh: "查找企业公开的有毒有害原料使用和污染物排放信息。",
        en: "Toxic raw materials and discharges, as enterprises disclose them.",
    }
    SearchLabel { zh: "搜索企业名称、统一社会信用代码、物质名称或 CAS 号", en: "Search names, credit codes, substances or CAS numbers" }
    SearchButton { zh: "搜索", en: "Search" }
    Filters { zh: "筛选条件", en: "Filters" }
    ClearFilters { zh: "清除全部筛选", en: "Clear all filters" }
    FiltersButton { zh: "筛选", en: "Filters" }
    ActiveFilters { zh: "已选筛选条件", en: "Filters on" }
    RemoveFilter { zh: "移除筛选条件", en: "Remove filter" }
    CloseFilters { zh: "显示结果", en: "Show results" }
    SearchTag { zh: "搜索", en: "Search" }
    FacetDistrict { zh: "区县", en: "District or county" }
    FacetZone { zh: "园区或功能区", en: "Chemical park or zone" }
    FacetIndustry { zh: "行业", en: "Industry" }
    FacetBasis { zh: "披露依据", en: "Basis for disclosure" }
    FacetEntry { zh: "重点管控新污染物", en: "Key-controlled new pollutant" }
    FacetYear { zh: "报告年度", en: "Reporting year" }
    FacetFlags { zh: "发现的问题", en: "Findings" }
    FlagExceeded { zh: "有超标记录", en: "Exceeded a limit" }
    FlagBanned { zh: "使用或排放已禁止使用的物质", en: "Used or discharged a banned substance" }
    FlagMissing { zh: "应披露而未披露", en: "Did not disclose" }
    FlagQuality { zh: "有数据质量提示", en: "Has a data-quality note" }
    ShareAnnualReports { zh: "年度报告", en: "Annual reports" }
    ShareNoExceedance { zh: "未发现超标记录", en: "No value found above its limit" }
    BasisKeyDischargeUnit { zh: "重点排污单位", en: "Key pollutant-discharging unit" }
    BasisAudit { zh: "实施强制性清洁生产审核", en: "Under mandatory clean-production audit" }
    BasisListed { zh: "上市公司", en: "Listed company" }
    BasisBond { zh: "发债企业", en: "Bond issuer" }
    BasisOther { zh: "法律法规规定的其他企业", en: "Other legal requirement" }
    SortLabel { zh: "排序方式", en: "Sort by" }
    SortName { zh: "名称", en: "Name" }
    SortExceedances { zh: "超标年数（多到少）", en: "Most years with exceedances" }
    SortRecent { zh: "最近披露", en: "Most recent report" }
    SortDistrict { zh: "区县", en: "District" }
    SortDistance { zh: "距离（近到远）", en: "Distance (nearest first)" }
    ColumnEnterprise { zh: "企业", en: "Enterprise" }
    ColumnDistrict { zh: "区县", en: "District" }
    ColumnIndustry { zh: "行业", en: "Industry" }
    ColumnYears { zh: "已披露年度", en: "Years disclosed" }
    ColumnFindings { zh: "发现的问题", en: "Findings" }
    ColumnDistance { zh: "距离", en: "Distance" }
    Pagination { zh: "分页", en: "Pages" }
    PagePrev { zh: "上一页", en: "Previous page" }
    PageNext { zh: "下一页", en: "Next page" }
    NoResults { zh: "没有符合条件的企业。请减少筛选条件。", en: "No enterprise matches. Try removing a filter." }
    ExportCsv { zh: "导出 CSV", en: "Export CSV" }
    ExportJson { zh: "导出 JSON", en: "Export JSON" }
    ExportNote { zh: "导出当前筛选结果的全部行（含所有分页）。CSV 第一行为表头，可直接用 Excel、pandas 或 R 读取；数据版本、日期、来源、筛选条件、许可和每一列的定义在同名的数据说明文件（Frictionless 数据包）中，JSON 文件也自带这些信息。", en: "Exports every row of the current view (all pages). The CSV's first line is its header, so Excel, pandas and R read it as it is; the data version, date, source, filters, licence and a definition of every column are in the data description beside it (a Frictionless Data Package), and the JSON file carries them too." }
    ExportDescriptor { zh: "数据说明（datapackage.json）", en: "Data description (datapackage.json)" }
    ExportPackageTitle { zh: "连云港新污染物信息公开平台：企业披露列表", en: "Lianyungang new-pollutant portal: enterprise disclosure list" }
    ExportPackageDescription { zh: "企业列表当前筛选结果的全部行：每家企业一行，包括其披露年度、超标年度、使用或排放禁用物质的年度、应披露而未披露的年度和涉及的重点管控新污染物清单条目。", en: "Every row of one view of the enterprise list: one row per enterprise, with the years it disclosed, exceeded a limit, used or discharged a banned substance or failed to disclose, and the list entries it is concerned by." }
    ExportUnits { zh: "本表没有计量单位：年度为公历年份，清单条目为《重点管控新污染物清单》的条目编号（1–14）。", en: "The table has no units of measure: years are calendar years, and list entries are the entry numbers (1-14) of the List of Key-Controlled New Pollutants." }
    ExportColumnId { zh: "企业编号", en: "ID" }
    ExportDefId { zh: "企业在本平台的编号，在各数据版本中保持不变；企业页面的地址为 /enterprises/编号。", en: "The enterprise's identifier on this portal, the same in every data version; its page is /enterprises/<id>." }
    ExportDefEnterprise { zh: "企业名称（导出语言的名称；示例数据中为虚构企业）。", en: "The enterprise's name in the export's language (fictitious in sample data)." }
    ExportDefNameZh { zh: "企业的中文名称（示例数据中为虚构企业）。", en: "The enterprise's name in Chinese (fictitious in sample data)." }
    ExportDefNameEn { zh: "企业的英文名称。", en: "The enterprise's name in English." }
    ExportDefUscc { zh: "18 位统一社会信用代码（GB 32100）。", en: "The 18-character unified social credit code (GB 32100)." }
    ExportDefDistrict { zh: "企业所在的区县。", en: "The county-level district the enterprise is in." }
    ExportDefDistrictCode { zh: "企业所在区县的行政区划代码（6 位）。", en: "The six-digit administrative code of its district." }
    ExportDefZone { zh: "企业所在的化工园区或功能区；不在园区内的为空。", en: "The chemical park or zone it is in; empty when it is in none." }
    ExportDefZoneCode { zh: "企业所在园区或功能区的编号（见 reference.json 的 areas）；不在园区内的没有此项。", en: "The identifier of its park or zone (see areas in reference.json); absent when it is in none." }
    ExportDefIndustry { zh: "企业所属行业。", en: "The enterprise's industry." }
    ExportDefIndustryCode { zh: "企业所属行业的编号（见 reference.json 的 industries）。", en: "The identifier of its industry (see industries in reference.json)." }
    ExportDefYears { zh: "有年度报告的年份，以空格分隔。", en: "Years with an annual disclosure report, separated by spaces." }
    ExportDefExceeded { zh: "至少一项数值超过限值或报告了超标的年份，以空格分隔。", en: "Years with at least one value above its limit or a reported exceedance, separated by spaces." }
    ExportDefQualityYears { zh: "记录带有数据质量提示（平台合理性检查发现的问题）的年份，以空格分隔；没有则为空。", en: "Years whose records carry a data-quality note (a problem the portal's plausibility checks found), separated by spaces; empty when there are none." }
    ExportDefBanned { zh: "使用或排放了当时已禁止使用物质的年份，以空格分隔。", en: "Years in which it used or discharged a substance already banned at the time, separated by spaces." }
    ExportDefMissing { zh: "依法应披露而未发布年度报告的年份，以空格分隔。", en: "Years it was obliged to disclose but published no annual report, separated by spaces." }
    ExportDefEntries { zh: "其任一年度使用或排放的重点管控新污染物清单条目编号（1–14），以空格分隔。", en: "Numbers (1-14) of the list entries it used or discharged in any year, separated by spaces." }
    ExportDefEntryNames { zh: "其任一年度使用或排放的重点管控新污染物清单条目：条目编号（1–14）和物质名称，以分号分隔。", en: "The list entries it used or discharged in any year: entry number (1-14) and substance name, separated by semicolons." }
    ExportReadingsTitle { zh: "连云港新污染物信息公开平台：企业监测数据", en: "Lianyungang new-pollutant portal: an enterprise's monitoring data" }
    ExportReadingsDescription { zh: "企业年度报告中每个排放口每种污染物的一行：浓度、限值及其标准、占限值的倍数、结论和全年超标次数，与企业页面显示的一致。", en: "One row per pollutant per outlet per annual report: the concentration, the limit and its standard, the share of the limit, the verdict and the exceedances in the year, as the enterprise page shows them." }
    ExportReadingsUnits { zh: "浓度和检出限的单位见“单位”列，限值的单位见“限值单位”列；“占限值倍数”为换算到同一单位后浓度除以限值（1.6 即限值的1.6倍）；年度为公历年份。", en: "Concentrations and detection limits are in the unit of the Unit column, limits in the Limit unit column; the share of the limit is the concentration divided by the limit after conversion to one unit (1.6 means 1.6 × the limit); years are calendar years." }
    ExportReadingsButton { zh: "下载监测数据（CSV）", en: "Download the monitoring data (CSV)" }
    ExportReadingsDescriptorButton { zh: "数据说明（datapackage.json）", en: "Data description (datapackage.json)" }
    ExportColumnMedium { zh: "介质", en: "Medium" }
    ExportColumnUnit { zh: "单位", en: "Unit" }
    ExportColumnDetectionLimit { zh: "检出限", en: "Detection limit" }
    ExportColumnLimitUnit { zh: "限值单位", en: "Limit unit" }
    ExportColumnStandard { zh: "标准", en: "Standard" }
    ExportColumnShare { zh: "占限值倍数", en: "Share of the limit" }
    ExportColumnVerdict { zh: "结论", en: "Verdict" }
    ExportDefReportYear { zh: "年度报告所属的年份。", en: "The year the annual report covers." }
    ExportDefOutlet { zh: "排放口编号（DW 为废水，DA 为废气）。", en: "The outlet's code (DW for wastewater, DA for exhaust gas)." }
    ExportDefMedium { zh: "排放口排放的介质：废水或废气。", en: "What the outlet discharges: wastewater or exhaust gas." }
    ExportDefSubstance { zh: "污染物的全称（导出语言）。", en: "The pollutant's full name, in the export's language." }
    ExportDefCasOne { zh: "污染物的 CAS 号；没有单一 CAS 号的（如化学需氧量）为空。", en: "The pollutant's CAS number; empty where it has none (e.g. chemical oxygen demand)." }
    ExportDefEntryOne { zh: "污染物在《重点管控新污染物清单》中的条目编号（1–14）；不在清单内的为空。", en: "The pollutant's entry number (1-14) in the List of Key-Controlled New Pollutants; empty when it is not on the list." }
    ExportDefValue { zh: "企业报告的浓度（年均值，或注明的最高值）；未检出时为空，见“检出限”。", en: "The concentration the enterprise reported (the annual mean, or the maximum where so stated); empty when not detected (see Detection limit)." }
    ExportDefUnit { zh: "浓度和检出限的单位。", en: "The unit of the concentration and the detection limit." }
    ExportDefDetectionLimit { zh: "未检出时方法的检出限；检出时为空。", en: "The method's detection limit when nothing was detected; empty otherwise." }
    ExportDefLimitValue { zh: "适用的排放限值；无适用限值时为空。", en: "The applicable discharge limit; empty when there is none." }
    ExportDefLimitUnit { zh: "限值的单位。", en: "The unit of the limit." }
    ExportDefStandard { zh: "限值所依据的标准及其表号。", en: "The standard the limit comes from, and its table." }
    ExportDefShare { zh: "浓度换算到限值单位后除以限值：1.6 即为限值的1.6倍，大于1即高于限值；未检出或无限值时为空。", en: "The concentration in the limit's unit divided by the limit: 1.6 means 1.6 × the limit, above 1 means above it; empty when not detected or without a limit." }
    ExportDefVerdict { zh: "与企业页面相同的结论：超标（全年有超标，或浓度高于限值）、达标、未检出、数据矛盾（浓度高于限值但未计超标次数）等。", en: "The verdict the enterprise page shows: exceeded (exceedances counted, or the concentration above its limit), within the limit, not detected, the data disagree (above the limit with no exceedance counted), and so on." }
    ExportDefExceedancesCount { zh: "企业报告的全年监测结果超过限值的次数。", en: "How many monitoring results in the year the enterprise reported above the limit." }
    ExportDefQuality { zh: "平台的合理性检查在该行发现的数据问题；没有则为空。", en: "Data problems the portal's plausibility checks found in the row; empty when there are none." }
    ExportDefLatLng { zh: "企业位置的纬度和经度（度，WGS 84）。", en: "Latitude and longitude of the enterprise, in degrees (WGS 84)." }
    ExportDefSchematic { zh: "为 true 时坐标只是示意位置，不是企业的实际位置。", en: "When true, the coordinates are schematic, not the enterprise's real location." }
    ExportDefBasis { zh: "企业依法披露的依据（如重点排污单位、实施强制性清洁生产审核）。", en: "Why the enterprise must disclose (e.g. key pollutant discharger, mandatory clean-production audit)." }
    ExportDefCas { zh: "其披露使用或排放的全部物质的 CAS 号。", en: "CAS numbers of everything it disclosed using or discharging." }
    ExportDefTemporary { zh: "临时报告的份数。", en: "Number of temporary reports." }
    ExportDefSample { zh: "为 true 时该企业的全部记录都是示例数据。", en: "When true, every record of the enterprise is sample data." }
    AboutLicenceTitle { zh: "许可", en: "Licence" }
    AboutLicence { zh: "本平台发布的数据（数据文件、导出文件）采用以下许可：可以自由复制、再发布和改编，用于任何目的，只需注明出处（连云港新污染物信息公开平台及所用的数据版本）。", en: "The data published here (the feed files and every export) are under the licence below: you may copy, republish and adapt them for any purpose, crediting the source (the Lianyungang new-pollutant portal and the data version used)." }
    NearMe { zh: "离我最近", en: "Near me" }
    NearChoose { zh: "按区县或园区位置排序", en: "Order by distance from a district or park" }
    NearNone { zh: "（不按距离排序）", en: "(not by distance)" }
    NearUseLocation { zh: "使用我的位置", en: "Use my location" }
    NearLocationNote { zh: "只有点击此按钮时才会请求位置；位置只在本机使用，不会发送。", en: "Your location is asked for only when you press this button; it stays on your device and is never sent." }
    NearApproximate { zh: "距离为近似值：企业坐标为示意位置。", en: "Distances are approximate: enterprise coordinates are schematic." }
    GeoUnavailable { zh: "无法获取您的位置（未授权或设备不支持）。请改为选择区县或园区。", en: "Your location is not available (not allowed or not supported). Choose a district or park instead." }
    KmUnit { zh: "公里", en: "km" }
    ProfileHeading { zh: "基本信息", en: "Profile" }
    FieldUscc { zh: "统一社会信用代码", en: "Unified social credit code" }
    FieldAddress { zh: "地址", en: "Address" }
    FieldLocation { zh: "位置", en: "Location" }
    LocationSchematic { zh: "示意位置，并非精确坐标", en: "schematic, not exact" }
    PermitHeading { zh: "排污许可证", en: "Pollutant discharge permit" }
    FieldPermitNo { zh: "许可证编号", en: "Permit number" }
    FieldManagementClass { zh: "管理类别", en: "Management class" }
    FieldValidity { zh: "有效期", en: "Valid" }
    MgmtKey { zh: "重点管理", en: "Key management" }
    MgmtSimplified { zh: "简化管理", en: "Simplified management" }
    MgmtRegistration { zh: "登记管理", en: "Registration" }
    RawMaterialsHeading { zh: "有毒有害原料使用情况", en: "Toxic raw materials used" }
    NoRawMaterials { zh: "本年度未披露使用有毒有害原料。", en: "No toxic raw material disclosed for this year." }
    ColumnSubstance { zh: "物质", en: "Substance" }
    ColumnCas { zh: "CAS 号", en: "CAS number" }
    ColumnEntry { zh: "清单序号", en: "List entry" }
    ColumnAnnualUse { zh: "年使用量", en: "Annual use" }
    ColumnPurpose { zh: "用途", en: "Purpose" }
    OutletsHeading { zh: "排放口与污染物", en: "Outlets and pollutants" }
    ColumnOutlet { zh: "排放口", en: "Outlet" }
    ColumnConcentration { zh: "浓度", en: "Concentration" }
    ColumnLimit { zh: "限值", en: "Limit" }
    ColumnResult { zh: "与限值比较", en: "Against the limit" }
    ColumnAnnualQuantity { zh: "年排放量", en: "Annual quantity" }
    ColumnPermitted { zh: "许可排放量", en: "Permitted quantity" }
    ColumnExceedances { zh: "超标次数", en: "Exceedances" }
    ColumnMonitoring { zh: "监测方法与频次", en: "Monitoring method and frequency" }
    ResultWithin { zh: "达标", en: "Within the limit" }
    ResultExceeds { zh: "超标", en: "Exceeds the limit" }
    ResultNotDetected { zh: "未检出", en: "Not detected" }
    ResultInconclusive { zh: "未检出，但检出限高于限值，无法判断", en: "Not detected, but the detection limit is above the limit: cannot tell" }
    ResultNoLimit { zh: "无适用限值", en: "No applicable limit" }
    ResultIncomparable { zh: "限值无法比较（介质或单位不符）", en: "Limit cannot be compared (medium or unit differs)" }
    ResultContradictory { zh: "数据矛盾", en: "The data disagree" }
    VerdictHeading { zh: "结论", en: "The answer" }
    VerdictSeeRows { zh: "查看数据", en: "See the figures" }
    VerdictSelectedYear { zh: "（正在查看）", en: "(shown below)" }
    QualityHeading { zh: "数据质量提示", en: "Data-quality note" }
    QualityIntro { zh: "以下问题来自企业披露的原始数据，平台照原样展示，未作修改：", en: "These problems are in the data as the enterprise disclosed them; the portal shows the data unchanged:" }
    QualityAboveLimitNoExceedance { zh: "有浓度高于限值，但超标次数记为0，两者不一致。", en: "A concentration is above its limit, yet no exceedance is counted: the two disagree." }
    QualityImplausible { zh: "有浓度超过限值100倍以上，可能是单位或小数点填错。", en: "A concentration is more than 100 times its limit, probably a slip in the unit or the decimal point." }
    QualityUnitNotComparable { zh: "有浓度的单位无法与限值比较。", en: "A concentration is in a unit that cannot be compared with its limit." }
    QualityStandardNotForIndustry { zh: "有监测项目所对照的排放标准不属于本行业。", en: "A reading is judged against a discharge standard that is not this industry's." }
    QualityPenaltyNotReported { zh: "有行政处罚涉及的污染物未见于当年年报。", en: "A penalty concerns a pollutant the year's annual report does not show at that outlet." }
    QualityPenaltyNotBacked { zh: "有因超标受到的行政处罚，但当年年报未显示超标。", en: "A penalty was imposed for an exceedance, but the year's annual report shows none." }
    QualityBannedUse { zh: "报告使用了当年已禁止使用的物质，且未说明豁免。", en: "A substance is reported as used in a year its use was already banned, with no exemption named." }
    QualityPermitExpired { zh: "排污许可证在年底前已到期，且未报告续期。", en: "The discharge permit ended before the year's end, and no renewal is reported." }
    QualityQuantityMismatch { zh: "有年排放量与“浓度×排放量”相差10倍以上，可能是单位填错。", en: "An annual quantity is more than 10 times away from concentration × the volume discharged, probably a slip in the unit." }
    LimitUnverified { zh: "示例限值，请以标准原文为准", en: "Illustrative limit: check the official standard" }
    DetectionLimit { zh: "检出限", en: "detection limit" }
    MediumWater { zh: "废水", en: "Wastewater" }
    MediumAir { zh: "废气", en: "Exhaust gas" }
    HazardousWasteHeading { zh: "危险废物", en: "Hazardous waste" }
    ColumnCategory { zh: "类别", en: "Category" }
    ColumnGenerated { zh: "产生量", en: "Generated" }
    ColumnTransferred { zh: "转移量", en: "Transferred" }
    ColumnReceiver { zh: "接收单位", en: "Receiver" }
    ColumnDisposal { zh: "利用处置方式", en: "Disposal" }
    DisposalIncineration { zh: "焚烧", en: "Incineration" }
    DisposalLandfill { zh: "填埋", en: "Landfill" }
    DisposalUtilisation { zh: "综合利用", en: "Utilisation" }
    DisposalOther { zh: "其他", en: "Other" }
    AuditHeading { zh: "清洁生产审核", en: "Clean-production audit" }
    WasteCode { zh: "废物代码", en: "Waste code" }
    ColumnStored { zh: "年末贮存量", en: "Stored at year end" }
    ColumnUtilisedDisposed { zh: "利用量 / 处置量", en: "Utilised / disposed" }
    UtilisedDisposed { zh: "利用 {u}，处置 {d}", en: "utilised {u}, disposed of {d}" }
    BasicInfoHeading { zh: "企业基本情况", en: "Basic information" }
    FieldLegalRepresentative { zh: "法定代表人", en: "Legal representative" }
    FieldProducts { zh: "主要产品及产能", en: "Main products and capacity" }
    CapacityPerYear { zh: "产能", en: "capacity" }
    FacilitiesHeading { zh: "污染防治设施", en: "Pollution-control facilities" }
    ColumnFacility { zh: "设施", en: "Facility" }
    ColumnProcess { zh: "处理工艺", en: "Process" }
    ColumnCapacity { zh: "处理能力", en: "Capacity" }
    ColumnState { zh: "运行状态", en: "Operating state" }
    FacilityOperating { zh: "正常运行", en: "Operating normally" }
    FacilityInterrupted { zh: "运行中有停运或故障", en: "Ran with stoppages or faults" }
    FacilityStopped { zh: "停运", en: "Stopped" }
    ModeDirect { zh: "直接排放", en: "direct discharge" }
    ModeIndirect { zh: "间接排放（进污水处理厂）", en: "indirect discharge (to a treatment plant)" }
    ModeOrganised { zh: "有组织排放", en: "organised (through a stack)" }
    ModeFugitive { zh: "无组织排放", en: "fugitive" }
    SampleCount { zh: "{n}个样品", en: "{n} samples" }
    FugitiveHeading { zh: "无组织排放", en: "Fugitive emissions" }
    ColumnWhere { zh: "位置", en: "Where" }
    ColumnBoundaryConcentration { zh: "厂界最高浓度", en: "Highest at the boundary" }
    ColumnEstimatedQuantity { zh: "年排放量（估算）", en: "Annual quantity (estimate)" }
    DefFugitive { zh: "无组织排放：不经排气筒、从车间、储罐、装卸等处逸散的排放；浓度在厂界监测。", en: "Fugitive emissions escape without a stack, from workshops, tanks or loading; they are measured at the plant boundary." }
    ToxicHeading { zh: "有毒有害物质排放", en: "Toxic substances released" }
    ToxicIntro { zh: "列入重点管控新污染物清单或其他国家名录的物质，按介质汇总本年度排放量（由平台根据各排放口数据相加）。", en: "Substances on the List of key-controlled new pollutants or another national list, with this year's release by medium (added up by the portal from the figures at each outlet)." }
    ColumnLists { zh: "所列名录", en: "Lists" }
    ColumnToWater { zh: "排入水", en: "To water" }
    ColumnToAir { zh: "排入大气", en: "To air" }
    ColumnFugitiveShort { zh: "无组织", en: "Fugitive" }
    ColumnTotal { zh: "合计", en: "Total" }
    ListKeyControlled { zh: "重点管控新污染物清单", en: "Key-controlled new pollutants" }
    ListUnverifiedMark { zh: "（未核实）", en: " (unverified)" }
    ListsSourceNote { zh: "名录归属为参考资料，标“未核实”的尚未在名录原文中核对。", en: "List memberships are reference data; those marked unverified have not been checked against the list's own text." }
    MonitoringEmergencyHeading { zh: "自行监测与应急管理", en: "Self-monitoring and emergency planning" }
    FieldMonitoringCompletion { zh: "自行监测计划完成率", en: "Monitoring plan completed" }
    MonitoringCompletion { zh: "{p}%（计划{planned}次，完成{done}次）", en: "{p}% ({done} of {planned} planned runs)" }
    FieldEmergencyPlan { zh: "突发环境事件应急预案", en: "Emergency plan" }
    EmergencyFiled { zh: "已备案", en: "Filed" }
    EmergencyNotFiled { zh: "未备案", en: "Not filed" }
    FilingNo { zh: "备案编号", en: "filing no." }
    AsRegistered { zh: "登记名称", en: "name as registered" }
    FieldRiskLevel { zh: "环境风险等级", en: "Environmental risk level" }
    RiskGeneral { zh: "一般环境风险", en: "General" }
    RiskLarger { zh: "较大环境风险", en: "Larger" }
    RiskMajor { zh: "重大环境风险", en: "Major" }
    FormatSourceNote { zh: "本节各项按《企业环境信息依法披露格式准则》（生态环境部办公厅，2021年12月31日）整理；该准则的官方网址尚未找到，字段清单未经原文核实。", en: "The items in this section follow the Format Guidelines for the Legal Disclosure of Enterprise Environmental Information (MEE General Office, 31 December 2021); no official address of the guidelines has been found, and the field list has not been checked against their text." }
    FieldExemption { zh: "所依据的豁免", en: "Exemption relied on" }
    AuditPlanned { zh: "计划开展", en: "Planned" }
    AuditInProgress { zh: "正在开展", en: "In progress" }
    AuditAccepted { zh: "已通过评估验收", en: "Accepted" }
    PenaltiesHeading { zh: "行政处罚", en: "Administrative penalties" }
    NoPenalties { zh: "本年度未披露行政处罚。", en: "No administrative penalty disclosed for this year." }
    ColumnDecision { zh: "决定书文号", en: "Decision number" }
    ColumnDate { zh: "日期", en: "Date" }
    ColumnFacts { zh: "违法事实", en: "Facts" }
    ColumnAmount { zh: "罚款（元）", en: "Fine (CNY)" }
    ColumnRectified { zh: "已整改", en: "Rectified" }
    Yes { zh: "是", en: "Yes" }
    No { zh: "否", en: "No" }
    TemporaryHeading { zh: "临时报告", en: "Temporary reports" }
    NoTemporary { zh: "没有临时报告。", en: "No temporary report." }
    TriggerPermitChange { zh: "排污许可证变更", en: "Permit change" }
    TriggerPenalty { zh: "受到行政处罚", en: "Administrative penalty" }
    TriggerDetention { zh: "相关人员被行政拘留", en: "Administrative detention" }
    TriggerCriminal { zh: "被追究刑事责任", en: "Criminal liability" }
    TriggerDamage { zh: "生态环境损害赔偿", en: "Damage compensation" }
    TriggerOther { zh: "其他", en: "Other" }
    PublishedOn { zh: "发布日期", en: "Published" }
    YearSelect { zh: "选择报告年度", en: "Choose a reporting year" }
    NoReportForYear { zh: "该年度没有年度报告。", en: "There is no annual report for this year." }
    DidNotDisclose { zh: "该企业在以下年度应披露而未披露：", en: "This enterprise was required to disclose but did not, for:" }
    ChartsHeading { zh: "历年变化", en: "Over the years" }
    ChartConcentrationTitle { zh: "年均浓度", en: "annual mean concentration" }
    ChartConcentrationCaption { zh: "各年度年均浓度与适用限值（虚线）。未检出的年度不画点，在数据表中注明。", en: "Annual mean concentration each year against the applicable limit (dashed line). Years with no detection have no point and are marked in the data table." }
    ChartQuantityTitle { zh: "重点管控新污染物年排放量", en: "Annual discharges of listed substances" }
    ChartQuantityCaption { zh: "各排放口合计的年排放量，单位：千克/年（kg/a）。", en: "Annual quantities summed over outlets, in kilograms per year (kg/a)." }
    ChartPollutant { zh: "选择污染物", en: "Choose a pollutant" }
    ExportPng { zh: "下载 PNG 图片", en: "Download PNG" }
    ExportSvg { zh: "下载 SVG 图片", en: "Download SVG" }
    ColumnsExplained { zh: "各列是什么意思", en: "What the columns mean" }
    DefConcentration { zh: "浓度：每升废水或每立方米废气中所含该物质的质量（年均值）。", en: "Concentration: the mass of the substance in each litre of wastewater or cubic metre of exhaust gas (annual mean)." }
    DefLimit { zh: "限值：排放标准允许的最高浓度。", en: "Limit: the highest concentration the discharge standard allows." }
    DefAnnualQuantity { zh: "年排放量：一年内排出该物质的总质量。", en: "Annual quantity: the total mass discharged in a year." }
    DefPermitted { zh: "许可排放量：排污许可证允许的年排放总量。", en: "Permitted quantity: the yearly total the discharge permit allows." }
    DefExceedances { zh: "超标次数：一年中监测结果高于限值的次数。", en: "Exceedances: how many monitoring results in the year were above the limit." }
    DefNotDetected { zh: "未检出：浓度低于监测方法的检出限，不等于零。", en: "Not detected: below the method's detection limit, which is not the same as zero." }
    DefEntry { zh: "清单序号：《重点管控新污染物清单（2023年版）》中的序号，点击查看该物质。", en: "List entry: the number in the 2023 list of key-controlled new pollutants; follow it to the substance." }
    DefUscc { zh: "统一社会信用代码：企业的18位法定身份代码。", en: "Unified social credit code: the enterprise's 18-character legal identifier." }
    DefCas { zh: "CAS 号：化学物质的国际登记号。", en: "CAS number: the international registry number of a chemical." }
    DefAnnualUse { zh: "年使用量：一年内作为原料使用的数量。", en: "Annual use: the quantity used as a raw material in the year." }
    EnterpriseNotFound { zh: "找不到该企业。", en: "No enterprise with this identifier." }
    BackToList { zh: "返回企业列表", en: "Back to the list" }
    ProvenanceLabel { zh: "数据来源", en: "Source" }
    SubstancesHeading { zh: "重点管控新污染物", en: "Key-controlled new pollutants" }
    SubstancesIntro {
        zh: "《重点管控新污染物清单（2023年版）》共14项，自2023年3月1日起施行。点击查看每项的管控措施、披露企业和全市数据。",
        en: "The 2023 list of key-controlled new pollutants has 14 entries and took effect on 1 March 2023. Open an entry for its control measures, the enterprises that disclose it and citywide figures.",
    }
    GroupPops { zh: "持久性有机污染物", en: "Persistent organic pollutants" }
    GroupToxic { zh: "有毒有害污染物", en: "Toxic and hazardous pollutants" }
    GroupEdc { zh: "环境内分泌干扰物", en: "Endocrine disruptor" }
    GroupAntibiotic { zh: "抗生素", en: "Antibiotics" }
    GroupPhasedOut { zh: "已淘汰类", en: "Already phased out" }
    MeasuresHeading { zh: "管控措施", en: "Control measures" }
    ColumnMeasure { zh: "措施", en: "Measure" }
    ColumnFrom { zh: "起始日期", en: "From" }
    ColumnUntil { zh: "截止日期", en: "Until" }
    ColumnSource { zh: "来源", en: "Source" }
    ColumnVerification { zh: "核实情况", en: "Verification" }
    Verified { zh: "已核实", en: "Verified" }
    Unverified { zh: "未核实，请以官方原文为准", en: "Unverified: check the official text" }
    DateNotVerified { zh: "日期未核实", en: "date not verified" }
    SourceUnverified { zh: "未核实", en: "unverified" }
    SourceUndated { zh: "日期不详", en: "undated" }
    SourceRepost { zh: "（第三方网站，非官方发布）", en: "(third-party site, not the official publisher)" }
    BannedToday { zh: "截至今日，该物质的使用已被禁止（例外情形见下表）。", en: "As of today, use of this substance is banned (see the table for any exemptions)." }
    NotBannedToday { zh: "截至今日，清单未全面禁止使用该物质，而是限制使用、限制排放或加强管理。", en: "As of today, the list does not ban all use of this substance; it restricts use, limits discharges or tightens management." }
    BanDateUnknown { zh: "清单规定了禁止措施，但本平台尚未核实其生效日期。", en: "The list sets a ban, but this portal has not verified its effective date." }
    MembersHeading { zh: "包括以下物质", en: "Comprises" }
    CasNumbers { zh: "CAS 号", en: "CAS numbers" }
    StockholmListed { zh: "《斯德哥尔摩公约》管控的持久性有机污染物", en: "A persistent organic pollutant under the Stockholm Convention" }
    DisclosingHeading { zh: "披露使用或排放该物质的企业", en: "Enterprises disclosing use or discharge" }
    NoDisclosing { zh: "没有企业披露使用或排放该物质。", en: "No enterprise discloses using or discharging it." }
    TotalsHeading { zh: "全市历年合计", en: "Citywide totals by year" }
    ChartEntryTitle { zh: "全市年排放量与使用量", en: "Citywide annual discharge and use" }
    ChartEntryCaption { zh: "所有披露企业的年排放量与作为原料的年使用量之和，单位：千克/年（kg/a）。", en: "Sum of annual discharges and of annual use as raw material over all disclosing enterprises, in kilograms per year (kg/a)." }
    SeriesDischarged { zh: "排放量", en: "Discharged" }
    SeriesUsed { zh: "使用量", en: "Used as raw material" }
    LearnMore { zh: "科普：了解更多", en: "Learn more" }
    SubstanceNotFound { zh: "清单中没有这一项。", en: "The list has no such entry." }
    ViewAll { zh: "查看全部", en: "View all" }
    PermalinkLabel { zh: "本页永久链接（固定数据版本）", en: "Permanent link to this page (fixed data version)" }
    UnitNote { zh: "单位", en: "Unit" }
    PinnedNote { zh: "您打开的是固定数据版本的永久链接，页面数值不会随数据更新而改变。已有更新的数据版本：", en: "You opened a permanent link to a fixed data version, so the figures will not change when the data are updated. A newer version exists:" }
    ViewLatest { zh: "查看最新数据", en: "View the latest data" }
    CiteHeading { zh: "引用本页", en: "Cite this page" }
    CiteGbt { zh: "GB/T 7714 格式", en: "GB/T 7714 style" }
    CitePlain { zh: "英文格式", en: "Plain English" }
    CiteFiles { zh: "导入文献管理软件（Zotero、EndNote、Mendeley 等）：", en: "For reference managers (Zotero, EndNote, Mendeley…):" }
    CiteRis { zh: "下载 RIS", en: "Download RIS" }
    CiteCslJson { zh: "下载 CSL-JSON", en: "Download CSL-JSON" }
    CiteBibtex { zh: "下载 BibTeX", en: "Download BibTeX" }
    NavOverview { zh: "全市概览", en: "Citywide overview" }
    OverviewIntro { zh: "全市和各区县的披露、超标和重点管控新污染物排放情况。地图为示意图，不含任何第三方地图服务；其下的列表包含相同内容。", en: "Disclosures, exceedances and discharges of listed substances, citywide and per district. The map is schematic and uses no third-party map service; the list below it has the same content." }
    MapTitle { zh: "示意图：企业、区县与化工园区位置", en: "Schematic map: enterprises, districts and chemical parks" }
    MapCaption { zh: "示意图：坐标为示意位置，仅表示大致方位，不代表企业精确位置。", en: "Schematic: coordinates are approximate and show only the general direction, not the exact location of an enterprise." }
    MapLegendEnterprise { zh: "企业", en: "Enterprise" }
    ColumnPlace { zh: "地点", en: "Place" }
    ColumnLatitude { zh: "纬度（北纬，度）", en: "Latitude (°N)" }
    ColumnLongitude { zh: "经度（东经，度）", en: "Longitude (°E)" }
    DistrictTilesHeading { zh: "各区县企业数（示意）", en: "Enterprises per district (schematic)" }
    DistrictTilesNote {
        zh: "每块代表一个区县，按大致方位排列，不是地图边界；颜色越深企业越多，数字为准。点击查看该区县的企业。",
        en: "Each tile is a district or county, placed roughly as on the ground; these are not map boundaries. Darker means more enterprises; the numbers are what count. Choose one to list its enterprises.",
    }
    TileExceeded { zh: "有超标记录", en: "exceeded a limit" }
    MapLegendPark { zh: "化工园区或功能区", en: "Chemical park or zone" }
    ByDistrictHeading { zh: "各区县情况", en: "By district" }
    ColumnEnterprises { zh: "企业数", en: "Enterprises" }
    ColumnDisclosing { zh: "已披露", en: "Disclosed" }
    ByEntryHeading { zh: "重点管控新污染物年排放量（千克/年）", en: "Annual discharges of listed substances (kg/a)" }
    OverviewLink { zh: "查看全市概览与示意图", en: "City overview" }
    NavCompare { zh: "企业比较", en: "Compare enterprises" }
    CompareIntro { zh: "最多并排比较四家企业。图表使用相同坐标轴。", en: "Compare up to four enterprises side by side. The charts share their axes." }
    CompareAdd { zh: "加入比较", en: "Add to comparison" }
    CompareRemove { zh: "移出比较", en: "Remove from comparison" }
    CompareOpen { zh: "比较所选企业", en: "Compare the selected enterprises" }
    CompareEmpty { zh: "尚未选择企业。请在企业列表或企业页面点击“加入比较”。", en: "No enterprise selected yet. Use “Add to comparison” on the list or on an enterprise page." }
    CompareFull { zh: "最多比较四家企业。", en: "At most four enterprises can be compared." }
    ChartCompareTitle { zh: "重点管控新污染物年排放量合计（各企业）", en: "Total annual discharge of listed substances, by enterprise" }
    ChartCompareCaption { zh: "各企业每年所有排放口重点管控新污染物年排放量之和，单位：千克/年（kg/a）。空缺表示该年度无年度报告，或年度报告未给出清单物质的年排放量。", en: "For each enterprise and year, the sum of annual discharges of listed substances over all outlets, in kg/a. A gap means no annual report that year, or one that gives no annual discharge of a listed substance." }
    ColumnEntries { zh: "涉及的清单物质", en: "Listed substances" }
    WatchFollow { zh: "关注此企业", en: "Follow this enterprise" }
    WatchUnfollow { zh: "取消关注", en: "Unfollow" }
    WatchHeading { zh: "我关注的企业", en: "Enterprises I follow" }
    WatchIntro { zh: "关注信息只保存在本机浏览器中，不需要账号，也不会发送到任何地方。再次访问时，这里会列出数据更新后的变化。", en: "What you follow is kept only in this browser: no account, nothing is sent anywhere. When you come back, this page lists what changed in newer data." }
    WatchNone { zh: "您还没有关注任何企业。在企业页面点击“关注此企业”。", en: "You do not follow any enterprise yet. Use “Follow this enterprise” on an enterprise page." }
    WatchNoChange { zh: "自上次查看以来没有变化。", en: "No change since you last looked." }
    WatchSeen { zh: "标记为已查看", en: "Mark as seen" }
    WatchSince { zh: "自数据版本", en: "Since data version" }
    LearnHeading { zh: "科普：认识新污染物", en: "Learn about new pollutants" }
    LearnIntro { zh: "用浅显的语言介绍新污染物是什么、有什么风险、我们知道什么和还不知道什么，以及每个人能做什么。每篇都注明资料来源和审核日期。", en: "Plain-language pages on what new pollutants are, what risks they carry, what we know and do not know yet, and what each of us can do. Every page lists its sources and when it was last reviewed." }
    ExplainersHeading { zh: "科普文章", en: "Explainers" }
    LessonsHeading { zh: "教师资料：教案", en: "For teachers: lesson plans" }
    GlossaryHeading { zh: "术语表", en: "Glossary" }
    GlossaryIntro { zh: "本平台用到的术语及其简明解释。", en: "The terms this portal uses, explained in a sentence or two." }
    SeeAlso { zh: "另见", en: "See also" }
    QuizHeading { zh: "自测题", en: "Check yourself" }
    QuizIntro { zh: "答题只在您的设备上进行，不会发送任何内容，离线也能使用。", en: "The quiz runs only on your device, sends nothing anywhere and works offline." }
    QuizCheck { zh: "查看答案和解释", en: "Check answers and explanations" }
    QuizCorrect { zh: "回答正确。", en: "Correct." }
    QuizWrong { zh: "回答不正确。", en: "Not quite." }
    QuizUnanswered { zh: "未作答。", en: "Not answered." }
    QuizAnswerIs { zh: "正确答案：", en: "The answer is: " }
    SourcesHeading { zh: "资料来源", en: "Sources" }
    LastReviewed { zh: "最近审核", en: "Last reviewed" }
    RelatedSubstances { zh: "相关清单物质", en: "Related substances on the list" }
    RelatedEnterprises { zh: "查看披露这些物质的企业", en: "See the enterprises that disclose these substances" }
    PrintHandout { zh: "打印讲义", en: "Print a handout" }
    LessonDuration { zh: "时长", en: "Duration" }
    LessonMinutes { zh: "分钟", en: "minutes" }
    LessonAudience { zh: "对象", en: "Audience" }
    LessonObjectives { zh: "教学目标", en: "Objectives" }
    LessonMaterials { zh: "材料", en: "Materials" }
    LessonSteps { zh: "步骤", en: "Steps" }
    LessonDataActivity { zh: "数据活动：用本平台的数据", en: "Data activity on the portal's feed" }
    LessonPrintNotes { zh: "打印说明", en: "Printing" }
    LessonExplainers { zh: "配套科普文章", en: "Explainers to use" }
    LessonsByGrade { zh: "按年级", en: "By grade" }
    LessonsByTopic { zh: "按主题", en: "By topic" }
    LessonHandouts { zh: "讲义（可打印）", en: "Handouts (printable)" }
    LessonQuizzes { zh: "测验：学生版和答案页（可打印）", en: "Quizzes: student copy and answer key (printable)" }
    LessonFor { zh: "适用：", en: "For: " }
    QuizWorksheet { zh: "学生版", en: "student copy" }
    QuizAnswerKey { zh: "答案页", en: "answer key" }
    QuizWorksheetHeading { zh: "测验（学生版）", en: "Quiz (student copy)" }
    QuizAnswerKeyHeading { zh: "测验答案页（教师用）", en: "Quiz answer key (for teachers)" }
    QuizNameLine { zh: "姓名：＿＿＿＿＿＿　班级：＿＿＿＿＿＿　日期：＿＿＿＿＿＿", en: "Name: ________  Class: ________  Date: ________" }
    QuizWorksheetNote { zh: "在正确答案前的方框里打勾。", en: "Tick the box before the right answer." }
    QuizShowAnyway { zh: "直接查看答案", en: "Show the answers anyway" }
    QuizRetry { zh: "再做一次", en: "Try again" }
    QuizAnswerFirst { zh: "作答后再查看答案和得分，也可以直接查看答案。", en: "Answer them to see your score, or show the answers anyway." }
    PrintPage { zh: "打印本页", en: "Print this page" }
    BackToLesson { zh: "返回教案：", en: "Back to the lesson: " }
    BackToExplainer { zh: "返回文章：", en: "Back to the explainer: " }
    PlanHeading { zh: "连云港市新污染物治理工作方案", en: "Lianyungang's work plan on new pollutants" }
    PlanGoals { zh: "工作目标", en: "Goals" }
    PlanApproach { zh: "治理思路", en: "Approach" }
    PlanTasks { zh: "主要任务", en: "Tasks" }
    PlanSafeguards { zh: "保障措施", en: "Safeguards" }
    TaskLead { zh: "牵头单位", en: "Lead" }
    TaskPartners { zh: "配合单位", en: "Partners" }
    TaskTargets { zh: "目标与时限", en: "Targets and deadlines" }
    TaskDeadline { zh: "期限", en: "Deadline" }
    TaskStatusLabel { zh: "进展", en: "Status" }
    TaskPortal { zh: "本平台相关栏目", en: "Where the portal serves this task" }
    StatusSampleNote { zh: "示例：以下进展状态为占位示例，并非官方发布的数据。", en: "Sample: the statuses below are placeholders, not officially published data." }
    ProgressNotStarted { zh: "未开始", en: "Not started" }
    ProgressInProgress { zh: "进行中", en: "In progress" }
    ProgressCompleted { zh: "已完成", en: "Completed" }
    ProgressUnknown { zh: "情况未知（尚无公开信息）", en: "Unknown (no public information yet)" }
    ContentNotFound { zh: "找不到这篇内容。", en: "This page does not exist." }
    ReportHeading { zh: "举报违法行为", en: "Report a violation" }
    EmergencyTitle { zh: "正在发生的紧急情况，请立即打电话", en: "If it is happening now, call at once" }
    EmergencyBody { zh: "泄漏、火灾、爆炸、鱼类大量死亡等正在发生的污染事件，请立即拨打 110 或 12369 环保举报热线，不要等待网上举报处理。", en: "For an incident in progress (a spill, a fire, an explosion, fish dying now), call 110 or the 12369 environmental hotline at once. Do not wait for an online report." }
    Call110 { zh: "拨打 110", en: "Call 110" }
    Call12369 { zh: "拨打 12369", en: "Call 12369" }
    ReportNeedsScript { zh: "网上举报需要浏览器启用 JavaScript 和 WebAssembly，当前无法在本页发送。您可以拨打 12369 环保举报热线举报，或换用其他浏览器。", en: "Sending a report online needs JavaScript and WebAssembly, which this browser does not run, so it cannot be sent from this page. You can report by phone on the 12369 environmental hotline, or use another browser." }
    ReportIntro { zh: "举报将发送给生态环境部门。请尽量写清楚看到、闻到或测到了什么，以及时间和地点。您填写的内容会自动保存在本机，刷新或断网都不会丢失。", en: "Your report goes to the ecology and environment bureau. Say as clearly as you can what you saw, smelt or measured, when and where. What you type is saved on this device as you go, so a reload or a lost connection loses nothing." }
    StepWhat { zh: "1. 举报什么", en: "1. What" }
    StepWho { zh: "2. 涉及哪家企业", en: "2. Who" }
    StepWhen { zh: "3. 什么时候", en: "3. When" }
    StepWhere { zh: "4. 在哪里", en: "4. Where" }
    StepDetails { zh: "5. 具体情况", en: "5. Details" }
    StepEvidence { zh: "6. 照片证据（可选）", en: "6. Evidence (optional)" }
    StepIdentity { zh: "7. 您的身份（可选）", en: "7. Who you are (optional)" }
    WhoSearchLabel { zh: "搜索企业名称或统一社会信用代码", en: "Search by enterprise name or credit code" }
    WhoChosen { zh: "已选择", en: "Chosen" }
    WhoChange { zh: "重新选择", en: "Choose another" }
    WhoChoose { zh: "选择", en: "Choose" }
    WhoUnknownLabel { zh: "不知道是哪家企业？请描述污染源（例如：某河段排污口、某厂区烟囱）", en: "Do not know the enterprise? Describe the source (for example: an outfall on a river, a chimney)" }
    WhenDate { zh: "发现日期", en: "Date seen" }
    WhenTime { zh: "大约时间（可选）", en: "Approximate time (optional)" }
    WhereDistrict { zh: "区县", en: "District or county" }
    WhereArea { zh: "园区或功能区（可选）", en: "Park or zone (optional)" }
    WhereAddress { zh: "地址或地标（可选）", en: "Address or landmark (optional)" }
    WhereNone { zh: "请选择", en: "Choose" }
    WhereUseLocation { zh: "附上我的当前位置", en: "Add my current location" }
    WhereLocationNote { zh: "只有点击按钮时才会请求位置。", en: "Your location is asked for only when you press the button." }
    WhereRemoveLocation { zh: "删除位置", en: "Remove the location" }
    DetailsLabel { zh: "请描述看到、闻到或测到的情况（至少20个字）", en: "Describe what you saw, smelt or measured (at least 20 characters)" }
    EvidenceLabel { zh: "添加照片（最多5张，每张不超过10 MB，JPEG、PNG 或 WebP）", en: "Add photos (up to 5, 10 MB each, JPEG, PNG or WebP)" }
    EvidencePrivacy { zh: "照片在上传前会在您的设备上去除拍摄时间、设备和位置等元数据（EXIF/GPS），服务器还会再去除一次。", en: "Before upload, photos are stripped on your device of metadata such as time, camera and GPS position (EXIF), and the server strips them again." }
    EvidenceUseGps { zh: "如果照片带有位置信息，用它填写举报位置（位置信息随后会从照片中删除）", en: "If a photo carries a position, use it for the report's location (it is then removed from the photo)" }
    EvidenceRemove { zh: "删除", en: "Remove" }
    EvidenceStripped { zh: "已去除元数据", en: "metadata removed" }
    EvidenceKept { zh: "照片已保存在本机：发送前刷新或关闭页面也不会丢失，发送后即从本机删除。", en: "The photos are saved on this device: a reload or a closed tab before sending does not lose them, and they are deleted from it once the report is sent." }
    EvidenceNotKept { zh: "注意：照片只保存在本页中，关闭或刷新页面后需要重新添加。", en: "Note: photos are kept only while this page is open; after a reload, add them again." }
    IdentityIntro { zh: "默认匿名举报。联系方式可以不填。如果填写，只有处理举报的生态环境部门工作人员能看到，仅用于核实情况和答复您；依法对举报人信息保密（《环境保护法》第五十七条）。", en: "Reports are anonymous by default and contact details are optional. If you give them, only the bureau staff who handle the report see them, only to check facts and reply to you; the law requires them to keep the reporter's identity confidential (Environmental Protection Law, art. 57)." }
    IdentityReward { zh: "我希望申请举报奖励", en: "I want to claim a reward" }
    IdentityRewardNote { zh: "按照江苏省的规定，举报奖励需要实名：请填写真实姓名和电话或电子邮箱，以便核实后发放。", en: "Under Jiangsu's rules a reward needs a real name: give your real name and a phone number or email so that it can be paid after verification." }
    IdentityName { zh: "姓名（可选）", en: "Name (optional)" }
    IdentityPhone { zh: "电话（可选）", en: "Phone (optional)" }
    IdentityEmail { zh: "电子邮箱（可选）", en: "Email (optional)" }
    IdentityConsent { zh: "同意处理部门联系我", en: "The bureau may contact me" }
    ContinueToReview { zh: "继续：检查举报内容", en: "Continue: check your report" }
    ErrorSummaryTitle { zh: "请修改以下问题", en: "There is a problem" }
    ReviewHeading { zh: "检查举报内容", en: "Check your report" }
    ReviewEdit { zh: "返回修改", en: "Go back and change" }
    ReviewSend { zh: "发送举报", en: "Send the report" }
    ReviewAnonymous { zh: "匿名", en: "Anonymous" }
    ReviewPhotos { zh: "照片", en: "Photos" }
    Sending { zh: "正在发送……（先在本机完成一道防滥用计算，请稍候）", en: "Sending… (first a small anti-abuse calculation runs on your device; please wait)" }
    SentHeading { zh: "举报已发送", en: "Your report has been sent" }
    ReceiptLabel { zh: "回执码", en: "Receipt code" }
    ReceiptPrint { zh: "打印回执", en: "Print the receipt" }
    ReceiptSave { zh: "保存回执（文本文件）", en: "Save the receipt (text file)" }
    ReceiptCheckLink { zh: "用回执码查询进展", en: "Check progress with the receipt" }
    QueuedHeading { zh: "暂时无法发送，举报已保存在本机", en: "Not sent yet: the report is saved on this device" }
    QueuedBody { zh: "网络恢复后会自动发送，您也可以点击“立即重试”。发送成功前请不要清除浏览器数据。", en: "It will be sent automatically when the connection returns, or press “Try again now”. Do not clear the browser's data until it has been sent." }
    QueuedRetry { zh: "立即重试", en: "Try again now" }
    QueuedCount { zh: "待发送的举报", en: "Reports waiting to be sent" }
    ReturnedHeading { zh: "离线保存的举报未被受理，请修改后再发送", en: "A report saved offline was not accepted: correct it and send it again" }
    ReturnedBody { zh: "举报服务指出了下面的问题。您填写的内容已放回表单，照片也在。", en: "The report service named the problems below. What you wrote is back in the form, with its photos." }
    ReturnedWaiting { zh: "另有离线保存的举报未被受理，需要修改。当前这份发送后，它会回到表单中。", en: "Another report saved offline was not accepted and needs correcting. Once the report in the form is sent, it comes back into the form." }
    IntakeUnavailable { zh: "举报服务暂时无法连接。您填写的内容已保存在本机；也可以拨打 12369 环保举报热线举报。", en: "The report service cannot be reached right now. What you typed is saved on this device; you can also report by phone on the 12369 hotline." }
    StatusHeading { zh: "查询举报进展", en: "Check a report's progress" }
    StatusIntro { zh: "输入发送举报后得到的16位回执码。只显示该举报的处理状态和部门答复。", en: "Enter the 16-digit receipt code you got when you sent the report. Only that report's status and the bureau's replies are shown." }
    StatusCheck { zh: "查询", en: "Check" }
    StatusReplies { zh: "部门答复", en: "Replies from the bureau" }
    StatusNoReplies { zh: "暂无答复。", en: "No reply yet." }
    StatusReceived { zh: "提交时间", en: "Sent" }
    StatusUpdated { zh: "最近更新", en: "Updated" }
    StatusLink { zh: "已有回执码？查询进展", en: "Have a receipt? Check progress" }
    ChartLogAxis { zh: "{unit}（对数）", en: "{unit}, log" }
    CompareLogNote { zh: "各企业的数值相差悬殊，纵轴用对数坐标：每上一格是下一格的10倍，小数值的柱子也看得见。确切数值见下方数据表。", en: "The figures differ by orders of magnitude, so the value axis is logarithmic: each gridline is ten times the one below, and small values stay visible. The exact figures are in the data table below." }
    CompareCsvId { zh: "企业编号", en: "Enterprise id" }
    CompareCsvName { zh: "企业名称", en: "Enterprise" }
    CompareCsvYear { zh: "报告年度", en: "Reporting year" }
    CompareCsvDischarge { zh: "清单物质年排放量（kg/a）", en: "Annual discharge of list substances (kg/a)" }
    CompareCsvVersion { zh: "数据版本", en: "Data version" }
    CompareCsvLink { zh: "永久链接", en: "Permanent link" }
    CompareExport { zh: "下载对比数据（CSV）", en: "Download the comparison (CSV)" }
    CompareCiteHeading { zh: "引用这次对比", en: "Cite this comparison" }
    CompareAction { zh: "对比", en: "Compare" }
    CompareClear { zh: "清空对比", en: "Clear the comparison" }
    ReceiptCardTitle { zh: "举报回执", en: "Report receipt" }
    ReceiptSentAt { zh: "发送时间", en: "Sent" }
    ReceiptCategory { zh: "举报类别", en: "What was reported" }
    ReceiptStatusAt { zh: "查询进展", en: "Check progress at" }
    ReceiptCopy { zh: "复制回执码", en: "Copy receipt code" }
    ReceiptCopied { zh: "回执码已复制。", en: "Receipt code copied." }
    ReceiptSelected { zh: "回执码已选中：长按或按 Ctrl+C 复制。", en: "Receipt code selected: long-press or press Ctrl+C to copy it." }
    ReceiptImageHint { zh: "长按下面的回执图片可保存到相册。", en: "Long-press the receipt image below to save it to your photos." }
    ReceiptImageAlt { zh: "回执图片：回执码", en: "Receipt image: receipt code" }
    ReceiptImageDownload { zh: "下载回执图片", en: "Download the receipt image" }
    ReceiptKept { zh: "回执会留在本机，刷新页面或切换应用后仍会显示，直到您关闭它。", en: "The receipt stays on this device through reloads and app switches until you close it." }
    ReceiptDismiss { zh: "我已保存回执码，关闭回执", en: "I have kept the code: close the receipt" }
    MyReportsHeading { zh: "我的举报", en: "My reports" }
    MyReportsOptIn { zh: "在本机保存“我的举报”列表（只存回执码、类别和日期）", en: "Keep a “My reports” list on this device (only receipt codes, categories and dates)" }
    MyReportsEmpty { zh: "列表中还没有举报。", en: "No reports in the list yet." }
    MyReportsOpen { zh: "查看进展", en: "See progress" }
    MyReportsClear { zh: "清除本机的“我的举报”列表", en: "Clear the “My reports” list from this device" }
    MyReportsCleared { zh: "已清除。", en: "Cleared." }
    StatusTimeline { zh: "办理进程", en: "Progress" }
    StatusTimesNote { zh: "时间均为北京时间。", en: "Times are China Standard Time (UTC+8)." }
    StatusPending { zh: "尚未到达", en: "Not yet" }
    StatusCurrent { zh: "当前", en: "Now" }
    ElderMode { zh: "长辈模式（大字、高对比）", en: "Large text, high contrast" }
    ElderModeShort { zh: "长辈模式", en: "Large text" }
    MenuButton { zh: "菜单", en: "Menu" }
    NewVersion { zh: "已发布新的数据版本。", en: "A new version of the data has been published." }
    NewVersionReload { zh: "加载新数据", en: "Load the new data" }
    SiteSearchLabel { zh: "搜索全站", en: "Search the portal" }
    SiteSearchHeading { zh: "全站搜索", en: "Search" }
    SiteSearchHint { zh: "可搜索企业、区县和园区、物质（名称、简称、CAS 号）、科普文章、教案和术语，也可以直接写看到或闻到的情况，如“臭味”“黑水”。中英文均可。", en: "Finds enterprises, districts and parks, substances (names, abbreviations, CAS numbers), explainers, lessons and glossary terms; you can also describe what you saw or smelled, such as “odour” or “black water”. Chinese or English." }
    SearchLists { zh: "企业名录", en: "The enterprise list" }
    SearchReportHeading { zh: "举报", en: "Report it" }
    SearchReportAs { zh: "举报：", en: "Report: " }
    SearchLessons { zh: "教案", en: "Lesson plans" }
    SearchDidYouMean { zh: "你是不是要找：", en: "Did you mean: " }
    SearchNothingNext { zh: "看到或闻到了污染，可以直接", en: "If you saw or smelled pollution, you can " }
    SearchNothingReport { zh: "填写举报", en: "send a report" }
    SearchNothingLearn { zh: "，也可以浏览", en: ", or browse " }
    SearchEnterprises { zh: "企业", en: "Enterprises" }
    SearchSubstances { zh: "清单物质", en: "Substances on the list" }
    SearchExplainers { zh: "科普文章", en: "Explainers" }
    SearchTerms { zh: "术语", en: "Glossary terms" }
    SearchNothing { zh: "没有找到结果。", en: "Nothing found." }
    StaffHeading { zh: "举报处理（工作人员）", en: "Report triage (staff)" }
    StaffLoginHeading { zh: "工作人员登录", en: "Staff sign-in" }
    StaffUser { zh: "用户名", en: "User name" }
    StaffPassword { zh: "密码", en: "Password" }
    StaffSignIn { zh: "登录", en: "Sign in" }
    StaffSignOut { zh: "退出登录", en: "Sign out" }
    StaffLoginFailed { zh: "用户名或密码不正确，或账号暂时被锁定。", en: "Wrong user name or password, or the account is locked for now." }
    StaffLoginEmpty { zh: "请填写用户名和密码。", en: "Enter your user name and password." }
    StaffLoginHelp { zh: "忘记密码或账号被锁定？请联系本单位的系统管理员：账号只由管理员在服务器上创建和重置。", en: "Forgotten your password, or locked out? Ask your bureau's system administrator: only an administrator creates and resets accounts, on the server." }
    StaffSignedInAs { zh: "当前用户", en: "Signed in as" }
    StaffFilterStatus { zh: "状态", en: "Status" }
    StaffFilterCategory { zh: "类别", en: "Category" }
    StaffFilterAll { zh: "全部", en: "All" }
    StaffFilterApply { zh: "筛选", en: "Filter" }
    StaffSortNewest { zh: "最新", en: "Newest" }
    StaffSortOldest { zh: "最早", en: "Oldest" }
    StaffSortOverdue { zh: "超期优先", en: "Overdue first" }
    StaffColumnId { zh: "编号", en: "Id" }
    StaffColumnReceived { zh: "收到", en: "Received" }
    StaffColumnAckDue { zh: "受理期限（15日）", en: "Acknowledge by (15 days)" }
    StaffColumnHandleDue { zh: "办结期限（60日）", en: "Handle by (60 days)" }
    StaffOverdue { zh: "已超期", en: "Overdue" }
    StaffDuplicateOf { zh: "可能重复于", en: "Possible duplicate of" }
    StaffExport { zh: "导出 CSV（管理员）", en: "Export CSV (administrators)" }
    StaffExportDescriptor { zh: "导出文件的数据说明（datapackage.json）", en: "The export's data description (datapackage.json)" }
    StaffExportTitle { zh: "连云港新污染物举报记录导出（内部）", en: "Lianyungang new-pollutant reports export (internal)" }
    StaffExportDescription { zh: "每份举报一行，按提交时间从早到晚排列。含个人信息，仅供生态环境部门办理举报使用，不得公开。", en: "One row per report, oldest first. It holds personal data: for the bureau's handling of reports only, never to be published." }
    StaffExportUnits { zh: "时间为 UTC（RFC 3339），日期为北京时间的日历日；坐标为 WGS 84 度。", en: "Times are UTC (RFC 3339); dates are calendar days in China time; coordinates are WGS 84 degrees." }
    StaffDefId { zh: "举报编号（回执码）。", en: "The report's id (its receipt code)." }
    StaffDefCategory { zh: "举报类别的代码。", en: "The report's category key." }
    StaffDefStatus { zh: "办理状态的代码。", en: "The handling status key." }
    StaffDefDistrict { zh: "举报所在区县的行政区划代码。", en: "Administrative code of the district reported." }
    StaffDefArea { zh: "举报所在园区或功能区的编号。", en: "Identifier of the park or zone reported." }
    StaffDefEnterprise { zh: "被举报企业在本平台的编号（如举报人选择了企业）。", en: "The portal id of the enterprise reported, when the reporter chose one." }
    StaffDefSource { zh: "举报人对污染来源的描述。", en: "The reporter's description of the source." }
    StaffDefObservedOn { zh: "发现问题的日期。", en: "The day the problem was observed." }
    StaffDefObservedTime { zh: "发现问题的时间（如有）。", en: "The time it was observed, if given." }
    StaffDefAddress { zh: "举报人填写的地点。", en: "The place as the reporter wrote it." }
    StaffDefDescription { zh: "举报内容。", en: "What the reporter described." }
    StaffDefReward { zh: "举报人是否申请奖励。", en: "Whether the reporter asks for a reward." }
    StaffDefConsent { zh: "举报人是否同意被联系。", en: "Whether the reporter agrees to be contacted." }
    StaffDefCreated { zh: "提交时间。", en: "When the report was filed." }
    StaffDefUpdated { zh: "最后更新时间。", en: "When it was last updated." }
    StaffDefClosed { zh: "办结时间（未办结为空）。", en: "When it was closed (empty while open)." }
    StaffDefAckDue { zh: "受理期限（15 日）。", en: "The deadline for a first response (15 days)." }
    StaffDefHandleDue { zh: "办结期限（60 日）。", en: "The deadline for closing (60 days)." }
    StaffDefAckOverdue { zh: "是否已超过受理期限。", en: "Whether the first-response deadline has passed unmet." }
    StaffDefHandleOverdue { zh: "是否已超过办结期限。", en: "Whether the closing deadline has passed unmet." }
    StaffDefDuplicate { zh: "被标为重复时，所重复的举报编号。", en: "The report this one duplicates, when marked so." }
    StaffDefPhotos { zh: "照片张数。", en: "Number of photos." }
    StaffDefReplies { zh: "答复条数。", en: "Number of replies." }
    StaffDefDeleted { zh: "个人信息按保存期限删除的时间（未删除为空）。", en: "When the personal data were deleted under the retention rules (empty if not)." }
    StaffDefContactName { zh: "举报人姓名。", en: "The reporter's name." }
    StaffDefContactPhone { zh: "举报人电话。", en: "The reporter's phone number." }
    StaffDefContactEmail { zh: "举报人电子邮箱。", en: "The reporter's email address." }
    StaffDefLat { zh: "举报位置的纬度（度）。", en: "Latitude of the reported place, in degrees." }
    StaffDefLng { zh: "举报位置的经度（度）。", en: "Longitude of the reported place, in degrees." }
    StaffAudit { zh: "审计日志（管理员）", en: "Audit log (administrators)" }
    StaffDescription { zh: "举报内容", en: "Description" }
    StaffContact { zh: "联系方式", en: "Contact" }
    StaffPhotos { zh: "照片", en: "Photos" }
    StaffDuplicates { zh: "可能重复的举报", en: "Possible duplicates" }
    StaffHistory { zh: "处理记录", en: "History" }
    StaffChangeStatus { zh: "更改状态", en: "Change the status" }
    StaffNote { zh: "内部备注（可选）", en: "Internal note (optional)" }
    StaffSave { zh: "保存", en: "Save" }
    StaffReply { zh: "答复举报人（举报人凭回执码可见）", en: "Reply to the reporter (shown through the receipt)" }
    StaffReplyZh { zh: "中文答复", en: "Reply in Chinese" }
    StaffReplyEn { zh: "英文或原文答复", en: "Reply (as written)" }
    StaffSend { zh: "发送答复", en: "Send the reply" }
    StaffBack { zh: "返回举报列表", en: "Back to the reports" }
    StaffForbidden { zh: "您的账号没有此权限。", en: "Your account is not allowed to do this." }
    StaffSaved { zh: "已保存。", en: "Saved." }
    StaffSessionEnded { zh: "登录已失效（30分钟无操作或登录满8小时），未能保存。请重新登录；已填写的内容仍保留在本页。", en: "Your session has ended (30 minutes without activity, or 8 hours after signing in), so this was not saved. Sign in again; what you typed is still here." }
    Abbreviation { zh: "简称", en: "Abbreviation" }
    ErrorPrefix { zh: "错误：", en: "Error: " }
    SampleTag { zh: "（示例）", en: " (sample)" }
    AboutHeading { zh: "关于数据", en: "About the data" }
    AboutSourcesTitle { zh: "数据从哪里来", en: "Where the data come from" }
    AboutSources { zh: "重点管控新污染物清单、排放标准限值、区县与园区、行业分类等参考资料来自公开文件，每一项都注明来源，并标明“已核实”或“未核实”。未核实的内容只作参考，请以官方原文为准。当前的企业披露数据是虚构的示例数据，用于演示平台功能；正式上线后将来自企业环境信息依法披露系统。", en: "The reference lists (the list of key-controlled new pollutants, limits from standards, districts and parks, industry codes) come from public documents; every item names its source and is marked verified or unverified. Unverified items are for orientation only: check the official text. The enterprise disclosures shown now are fictitious sample data that demonstrate the portal; in service they would come from the official environmental-disclosure system." }
    AboutVersionsTitle { zh: "数据版本与引用", en: "Versions and citation" }
    AboutVersions { zh: "每个数据版本以其内容的哈希值命名，发布后不再改变。带有版本号的永久链接会一直显示同一组数值；有更新版本时页面会提示。企业页面提供 GB/T 7714 和英文引用格式。", en: "Each data version is named by a hash of its content and never changes once published. A permanent link with a version keeps showing the same figures, and says when a newer version exists. Enterprise pages offer citations in GB/T 7714 style and in English." }
    AboutMachineTitle { zh: "机器可读的数据", en: "Machine-readable data" }
    AboutMachine { zh: "全部数据以静态 JSON 文件发布，附有 JSON Schema，可自由下载和再利用：", en: "All data are published as static JSON files with a JSON Schema, free to download and reuse:" }
    AboutPrivacyTitle { zh: "隐私", en: "Privacy" }
    AboutPrivacy { zh: "本平台不使用任何第三方服务（没有统计、字体、地图或验证码服务），不跟踪访问者。语言、关注和比较等设置只保存在您的浏览器中。举报默认匿名，服务器不记录 IP 地址；联系方式和照片加密保存，只有处理举报的工作人员能看到。", en: "This portal uses no third-party service (no analytics, fonts, maps or CAPTCHA) and does not track visitors. Settings such as language, follows and comparisons stay in your browser. Reports are anonymous by default and the server keeps no IP address; contact details and photos are stored encrypted and seen only by the staff who handle the report." }
    FreqContinuous { zh: "自动连续监测", en: "Continuous" }
    FreqDaily { zh: "每日", en: "Daily" }
    FreqWeekly { zh: "每周", en: "Weekly" }
    FreqMonthly { zh: "每月", en: "Monthly" }
    FreqQuarterly { zh: "每季度", en: "Quarterly" }
    FreqHalfYearly { zh: "每半年", en: "Every six months" }
    FreqYearly { zh: "每年", en: "Yearly" }
    ComingSoon {
        zh: "本栏目正在建设中，尚未提供内容。",
        en: "This section is being built and has no content yet.",
    }
}

/// "清单第10项" / "List entry 10".
pub fn entry_label(lang: Lang, n: u8) -> String {
    match lang {
        Lang::Zh => format!("清单第{n}项"),
        Lang::En => format!("List entry {n}"),
    }
}

/// "共 12 家企业" / "12 enterprises".
pub fn count_enterprises(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Zh, _) => format!("共 {} 家企业", group_digits(n)),
        (Lang::En, 1) => "1 enterprise".to_owned(),
        (Lang::En, _) => format!("{} enterprises", group_digits(n)),
    }
}

/// A link to a filtered view of the enterprise list: what it is filtered to, and how many
/// enterprises it shows ("灌南县的企业（12家）", "Enterprises: Guannan County (12)").
pub fn enterprises_in(lang: Lang, what: &str, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{what}的企业（{}家）", group_digits(n)),
        Lang::En => format!("Enterprises: {what} ({})", group_digits(n)),
    }
}

/// Years as runs: 2021, 2022, 2023 and 2025 read "2021–2023, 2025" (sorted, no repeats).
pub fn year_runs(years: &[u16]) -> String {
    let mut v = years.to_vec();
    v.sort_unstable();
    v.dedup();
    let mut runs: Vec<(u16, u16)> = Vec::new();
    for y in v {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == y => *end = y,
            _ => runs.push((y, y)),
        }
    }
    runs.iter()
        .map(|&(a, b)| match b - a {
            0 => a.to_string(),
            1 => format!("{a}, {b}"),
            _ => format!("{a}–{b}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The list's filter button: "筛选 (2)" / "Filters (2)"; no number when none is on.
pub fn filters_button(lang: Lang, n: usize) -> String {
    let label = Msg::FiltersButton.text(lang);
    if n == 0 { label.to_owned() } else { format!("{label} ({n})") }
}

/// The message when nothing matches, naming the filters that are on.
pub fn no_results_for(lang: Lang, filters: &[String]) -> String {
    if filters.is_empty() {
        return Msg::NoResults.text(lang).to_owned();
    }
    match lang {
        Lang::Zh => format!("没有同时符合以下筛选条件的企业：{}。请移除其中一项。", filters.join("、")),
        Lang::En => format!("No enterprise matches all of these filters: {}. Remove one of them.", filters.join("; ")),
    }
}

/// "第 2 页，共 5 页" / "Page 2 of 5".
pub fn page_of(lang: Lang, page: usize, pages: usize) -> String {
    match lang {
        Lang::Zh => format!("第 {page} 页，共 {pages} 页"),
        Lang::En => format!("Page {page} of {pages}"),
    }
}

/// Thousands separators, as both languages write them in tables: `12,345`.
pub fn group_digits(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats an ISO date (`YYYY-MM-DD`, or the date part of a timestamp) for the language:
/// `2026年11月28日` or `28 Nov 2026`. Anything else is returned unchanged.
pub fn format_date(ts: &str, lang: Lang) -> String {
    let (Some(y), Some(m), Some(d)) = (
        ts.get(0..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())),
        ts.get(5..7).and_then(|m| m.parse::<usize>().ok()),
        ts.get(8..10).and_then(|d| d.parse::<u32>().ok()),
    ) else {
        return ts.to_owned();
    };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match (lang, MONTHS.get(m.wrapping_sub(1))) {
        (Lang::Zh, Some(_)) => format!("{y}年{m}月{d}日"),
        (Lang::En, Some(month)) => format!("{d} {month} {y}"),
        _ => ts.to_owned(),
    }
}

/// Formats a source's date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `undated`) for the language:
/// `2024年2月` or `Feb 2024`, `undated` as 日期不详 / undated.
pub fn format_source_date(date: &str, lang: Lang) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    if date == "undated" {
        return Msg::SourceUndated.text(lang).to_owned();
    }
    match (date.len(), date.get(0..4), date.get(5..7).and_then(|m| m.parse::<usize>().ok())) {
        (4, Some(y), _) => lang.pick(&format!("{y}年"), y).to_owned(),
        (7, Some(y), Some(m)) => match MONTHS.get(m.wrapping_sub(1)) {
            Some(month) => lang.pick(&format!("{y}年{m}月"), &format!("{month} {y}")).to_owned(),
            None => date.to_owned(),
        },
        _ => format_date(date, lang),
    }
}

use crate::feed::disclosure::{
    AuditStatus, DischargeMode, DisclosureBasis, Disposal, FacilityState, Frequency, ManagementClass, OutletMedium,
    RiskLevel, TemporaryTrigger,
};

impl From<DischargeMode> for Msg {
    fn from(m: DischargeMode) -> Msg {
        match m {
            DischargeMode::Direct => Msg::ModeDirect,
            DischargeMode::Indirect => Msg::ModeIndirect,
            DischargeMode::Organised => Msg::ModeOrganised,
            DischargeMode::Fugitive => Msg::ModeFugitive,
        }
    }
}

impl From<FacilityState> for Msg {
    fn from(s: FacilityState) -> Msg {
        match s {
            FacilityState::Operating => Msg::FacilityOperating,
            FacilityState::Interrupted => Msg::FacilityInterrupted,
            FacilityState::Stopped => Msg::FacilityStopped,
        }
    }
}

impl From<RiskLevel> for Msg {
    fn from(r: RiskLevel) -> Msg {
        match r {
            RiskLevel::General => Msg::RiskGeneral,
            RiskLevel::Larger => Msg::RiskLarger,
            RiskLevel::Major => Msg::RiskMajor,
        }
    }
}

impl From<Frequency> for Msg {
    fn from(f: Frequency) -> Msg {
        match f {
            Frequency::Continuous => Msg::FreqContinuous,
            Frequency::Daily => Msg::FreqDaily,
            Frequency::Weekly => Msg::FreqWeekly,
            Frequency::Monthly => Msg::FreqMonthly,
            Frequency::Quarterly => Msg::FreqQuarterly,
            Frequency::HalfYearly => Msg::FreqHalfYearly,
            Frequency::Yearly => Msg::FreqYearly,
        }
    }
}
use crate::feed::reference::SubstanceGroup;
use crate::query::{Flag, Sort};

impl From<DisclosureBasis> for Msg {
    fn from(b: DisclosureBasis) -> Msg {
        match b {
            DisclosureBasis::KeyDischargeUnit => Msg::BasisKeyDischargeUnit,
            DisclosureBasis::MandatoryCleanProductionAudit => Msg::BasisAudit,
            DisclosureBasis::ListedCompany => Msg::BasisListed,
            DisclosureBasis::BondIssuer => Msg::BasisBond,
            DisclosureBasis::OtherLaw => Msg::BasisOther,
        }
    }
}

impl From<Flag> for Msg {
    fn from(f: Flag) -> Msg {
        match f {
            Flag::Exceeded => Msg::FlagExceeded,
            Flag::Banned => Msg::FlagBanned,
            Flag::Missing => Msg::FlagMissing,
            Flag::Quality => Msg::FlagQuality,
        }
    }
}

impl From<Sort> for Msg {
    fn from(s: Sort) -> Msg {
        match s {
            Sort::Name => Msg::SortName,
            Sort::Exceedances => Msg::SortExceedances,
            Sort::Recent => Msg::SortRecent,
            Sort::District => Msg::SortDistrict,
            Sort::Distance => Msg::SortDistance,
        }
    }
}

impl From<SubstanceGroup> for Msg {
    fn from(g: SubstanceGroup) -> Msg {
        match g {
            SubstanceGroup::Pops => Msg::GroupPops,
            SubstanceGroup::Toxic => Msg::GroupToxic,
            SubstanceGroup::Edc => Msg::GroupEdc,
            SubstanceGroup::Antibiotic => Msg::GroupAntibiotic,
            SubstanceGroup::PhasedOut => Msg::GroupPhasedOut,
        }
    }
}

impl From<TemporaryTrigger> for Msg {
    fn from(t: TemporaryTrigger) -> Msg {
        match t {
            TemporaryTrigger::PermitChange => Msg::TriggerPermitChange,
            TemporaryTrigger::AdministrativePenalty => Msg::TriggerPenalty,
            TemporaryTrigger::Detention => Msg::TriggerDetention,
            TemporaryTrigger::CriminalLiability => Msg::TriggerCriminal,
            TemporaryTrigger::DamageCompensation => Msg::TriggerDamage,
            TemporaryTrigger::Other => Msg::TriggerOther,
        }
    }
}

impl From<Disposal> for Msg {
    fn from(d: Disposal) -> Msg {
        match d {
            Disposal::Incineration => Msg::DisposalIncineration,
            Disposal::Landfill => Msg::DisposalLandfill,
            Disposal::Utilisation => Msg::DisposalUtilisation,
            Disposal::Other => Msg::DisposalOther,
        }
    }
}

impl From<AuditStatus> for Msg {
    fn from(a: AuditStatus) -> Msg {
        match a {
            AuditStatus::Planned => Msg::AuditPlanned,
            AuditStatus::InProgress => Msg::AuditInProgress,
            AuditStatus::Accepted => Msg::AuditAccepted,
        }
    }
}

impl From<ManagementClass> for Msg {
    fn from(m: ManagementClass) -> Msg {
        match m {
            ManagementClass::Key => Msg::MgmtKey,
            ManagementClass::Simplified => Msg::MgmtSimplified,
            ManagementClass::Registration => Msg::MgmtRegistration,
        }
    }
}

impl From<OutletMedium> for Msg {
    fn from(m: OutletMedium) -> Msg {
        match m {
            OutletMedium::Water => Msg::MediumWater,
            OutletMedium::Air => Msg::MediumAir,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        Lang::of_text(s) == Lang::Zh
    }

    #[test]
    fn a_quoted_text_s_language_is_told_by_its_script() {
        assert_eq!(Lang::of_text("表1 大气污染物排放限值"), Lang::Zh);
        assert_eq!(Lang::of_text("生态环境部. 重点管控新污染物清单"), Lang::Zh);
        assert_eq!(Lang::of_text("OECD. Reconciling Terminology of the Universe of PFAS"), Lang::En);
        assert_eq!(Lang::of_text("GB 31571-2015"), Lang::En);
        assert_eq!(Lang::of_text(""), Lang::En);
    }

    #[test]
    fn chinese_quoted_in_english_is_cut_into_its_own_runs() {
        assert_eq!(
            script_runs("“screen, assess, control” (筛、评、控) and loans (环保贷)."),
            [
                (Lang::En, "“screen, assess, control” ("),
                (Lang::Zh, "筛、评、控"),
                (Lang::En, ") and loans ("),
                (Lang::Zh, "环保贷"),
                (Lang::En, ")."),
            ]
        );
        assert_eq!(script_runs("Plan 连政办发〔2023〕34号"), [(Lang::En, "Plan "), (Lang::Zh, "连政办发〔2023〕34号")]);
        assert_eq!(script_runs("No Chinese 2023"), [(Lang::En, "No Chinese 2023")]);
        assert_eq!(script_runs("全中文"), [(Lang::Zh, "全中文")]);
        assert!(script_runs("").is_empty());
    }

    #[test]
    fn list_items_are_separated_in_each_language_s_way() {
        assert_eq!(["a", "b"].join(Lang::Zh.list_separator()), "a；b");
        assert_eq!(["a", "b"].join(Lang::En.list_separator()), "a; b");
    }

    #[test]
    fn years_read_as_runs() {
        assert_eq!(year_runs(&[2021, 2022, 2023, 2024, 2025]), "2021–2025");
        assert_eq!(year_runs(&[2025, 2021, 2022, 2023, 2023]), "2021–2023, 2025");
        assert_eq!(year_runs(&[2021, 2022, 2024]), "2021, 2022, 2024");
        assert_eq!(year_runs(&[]), "");
    }

    #[test]
    fn the_filter_button_counts_and_the_empty_message_names_the_filters() {
        assert_eq!(filters_button(Lang::Zh, 0), "筛选");
        assert_eq!(filters_button(Lang::Zh, 2), "筛选 (2)");
        assert_eq!(filters_button(Lang::En, 3), "Filters (3)");
        let on = ["灌南县".to_owned(), "2024".to_owned(), "有超标记录".to_owned()];
        let zh = no_results_for(Lang::Zh, &on);
        assert!(zh.contains("灌南县、2024、有超标记录"), "{zh}");
        let en = no_results_for(Lang::En, &["Guannan County".to_owned(), "2024".to_owned()]);
        assert!(en.contains("Guannan County; 2024"), "{en}");
        assert_eq!(no_results_for(Lang::En, &[]), Msg::NoResults.text(Lang::En));
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

    #[test]
    fn counts_pages_and_dates_are_written_for_each_language() {
        assert_eq!(count_enterprises(Lang::Zh, 12345), "共 12,345 家企业");
        assert_eq!(count_enterprises(Lang::En, 1), "1 enterprise");
        assert_eq!(count_enterprises(Lang::En, 0), "0 enterprises");
        assert_eq!(page_of(Lang::En, 2, 5), "Page 2 of 5");
        assert_eq!(entry_label(Lang::Zh, 10), "清单第10项");
        assert_eq!(format_date("2026-03-05T10:00:00Z", Lang::Zh), "2026年3月5日");
        assert_eq!(format_date("2026-03-05", Lang::En), "5 Mar 2026");
        assert_eq!(format_date("soon", Lang::En), "soon");
        assert_eq!(format_source_date("2024-02", Lang::Zh), "2024年2月");
        assert_eq!(format_source_date("2024-02", Lang::En), "Feb 2024");
        assert_eq!(format_source_date("2023", Lang::Zh), "2023年");
        assert_eq!(format_source_date("2023-07-27", Lang::En), "27 Jul 2023");
        assert_eq!(format_source_date("undated", Lang::Zh), "日期不详");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
    }
}
