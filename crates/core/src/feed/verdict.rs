//! The plain answer an enterprise page opens with: for a year, was anything over its limit, by how
//! much and how often, and do the data agree with themselves.
//!
//! A reading is judged once, here ([`Status`]), from its reported concentration against its limit
//! read together with the number of exceedances the enterprise counted; the readings table, the
//! year's verdict, the list's "exceeded" flag (`compile::record_exceeds`) and the long export all
//! use that one judgement, so they cannot contradict each other. Where the data contradict
//! themselves, the plausibility checks ([`crate::feed::plausibility`]) say how, and the verdict
//! carries their kinds for the page's data-quality note.

use crate::feed::EnterpriseDetail;
use crate::feed::detail::{ReadingView, annual_records, readings};
use crate::feed::disclosure::{DisclosureRecord, OutletMedium, Statistic};
use crate::feed::plausibility::{Warning, WarningKind, check_detail};
use crate::feed::reference::Reference;
use crate::feed::units::Comparison;
use crate::i18n::{Lang, Msg};

/// One reading judged against its limit, its concentration and its exceedance count together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    /// The enterprise counted exceedances in the year. `ratio` is the reported concentration ÷
    /// the limit, when both are known (it may be below 1: a mean within the limit, with some
    /// results above it).
    Exceeded { ratio: Option<f64>, exceedances: u32 },
    /// The reported concentration is above its limit, yet no exceedance is counted: the data
    /// contradict themselves.
    Contradictory { ratio: f64 },
    /// At or below the limit, with no exceedance counted.
    Within { ratio: f64 },
    /// Not detected, with a detection limit at or below the limit.
    NotDetected,
    /// Not detected, but the detection limit is above the limit: compliance cannot be shown.
    Inconclusive,
    /// No applicable limit.
    NoLimit,
    /// A limit that cannot be compared (medium or unit differs).
    Incomparable,
}

impl Status {
    /// Whether the reading is a finding: an exceedance, or a value above its limit.
    pub fn is_finding(self) -> bool {
        matches!(self, Status::Exceeded { .. } | Status::Contradictory { .. })
    }

    /// Whether the reading was judged against a limit (within it, or a finding).
    pub fn is_judged(self) -> bool {
        !matches!(self, Status::Inconclusive | Status::NoLimit | Status::Incomparable)
    }

    /// The concentration ÷ the limit, where there is one.
    pub fn ratio(self) -> Option<f64> {
        match self {
            Status::Exceeded { ratio, .. } => ratio,
            Status::Contradictory { ratio } | Status::Within { ratio } => Some(ratio),
            _ => None,
        }
    }

    /// The verdict in a word or two, for a table cell or an export (no figures).
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Exceeded { .. } => Msg::ResultExceeds.text(lang),
            Status::Contradictory { .. } => Msg::ResultContradictory.text(lang),
            Status::Within { .. } => Msg::ResultWithin.text(lang),
            Status::NotDetected => Msg::ResultNotDetected.text(lang),
            Status::Inconclusive => Msg::ResultInconclusive.text(lang),
            Status::NoLimit => Msg::ResultNoLimit.text(lang),
            Status::Incomparable => Msg::ResultIncomparable.text(lang),
        }
    }

    /// The verdict with its figures, for the readings table: "✖ 超标：全年超标6次；年均浓度为限值的1.6倍".
    pub fn describe(self, statistic: Option<Statistic>, lang: Lang) -> String {
        let share = |r: f64| share_of(statistic, r, lang);
        match (self, lang) {
            (Status::Exceeded { ratio, exceedances }, Lang::Zh) => {
                let tail = ratio.map(|r| format!("；{}", share(r))).unwrap_or_default();
                format!("✖ 超标：全年超标{exceedances}次{tail}")
            }
            (Status::Exceeded { ratio, exceedances }, Lang::En) => {
                let tail = ratio.map(|r| format!("; {}", share(r))).unwrap_or_default();
                format!("✖ Exceeded: {}{tail}", exceedances_en(exceedances))
            }
            (Status::Contradictory { ratio }, Lang::Zh) => format!("⚠ 数据矛盾：{}，但未计超标次数", share(ratio)),
            (Status::Contradictory { ratio }, Lang::En) => {
                format!("⚠ The data disagree: {}, yet no exceedance is counted", share(ratio))
            }
            (Status::Within { ratio }, Lang::Zh) => format!("达标：{}", share(ratio)),
            (Status::Within { ratio }, Lang::En) => format!("Within the limit: {}", share(ratio)),
            (other, _) => other.label(lang).to_owned(),
        }
    }
}

/// "1 exceedance in the year", "6 exceedances in the year".
fn exceedances_en(n: u32) -> String {
    if n == 1 { "1 exceedance in the year".to_owned() } else { format!("{n} exceedances in the year") }
}

/// A ratio to a limit as a reader reads it: two significant figures, more near 1 so that a value
/// just above its limit never reads "1".
pub fn ratio_number(r: f64) -> String {
    if !r.is_finite() || r <= 0.0 {
        return crate::chart::format_sig(r);
    }
    let digits = if (0.95..1.1).contains(&r) { 3 } else { 2 };
    let mag = r.log10().floor() as i32;
    let decimals = (digits - 1 - mag).clamp(0, 8) as usize;
    let s = format!("{r:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
}

/// "年均浓度为限值的1.6倍" / "the annual mean is 1.6 × the limit": never a bare percentage.
pub fn share_of(statistic: Option<Statistic>, r: f64, lang: Lang) -> String {
    let n = ratio_number(r);
    match (statistic, lang) {
        (Some(Statistic::Maximum), Lang::Zh) => format!("最高浓度为限值的{n}倍"),
        (_, Lang::Zh) => format!("年均浓度为限值的{n}倍"),
        (Some(Statistic::Maximum), Lang::En) => format!("the maximum was {n} × the limit"),
        (_, Lang::En) => format!("the annual mean was {n} × the limit"),
    }
}

impl ReadingView<'_> {
    /// The reading judged: its comparison with its limit read together with its exceedance count.
    pub fn status(&self) -> Status {
        let exceedances = self.reading.exceedances;
        let ratio = match &self.comparison {
            Some(Ok(Comparison::Within { ratio, .. } | Comparison::Exceeds { ratio, .. })) => Some(*ratio),
            _ => None,
        };
        if exceedances > 0 {
            return Status::Exceeded { ratio, exceedances };
        }
        match &self.comparison {
            None => Status::NoLimit,
            Some(Err(_)) => Status::Incomparable,
            Some(Ok(Comparison::Exceeds { ratio, .. })) => Status::Contradictory { ratio: *ratio },
            Some(Ok(Comparison::Within { ratio, .. })) => Status::Within { ratio: *ratio },
            Some(Ok(Comparison::NotDetected { .. })) => Status::NotDetected,
            Some(Ok(Comparison::Inconclusive { .. })) => Status::Inconclusive,
        }
    }
}

/// A finding of a year: one reading over its limit, or contradicting itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The reading's place in [`readings`] of the year's record (the row of its table).
    pub row: usize,
    pub outlet: String,
    pub medium: OutletMedium,
    pub name_zh: String,
    pub name_en: String,
    pub statistic: Option<Statistic>,
    pub status: Status,
}

/// The answer for one year of annual reporting.
#[derive(Debug, Clone, PartialEq)]
pub struct YearVerdict {
    pub year: u16,
    /// The readings over their limit (or contradicting themselves), in table order.
    pub findings: Vec<Finding>,
    /// Readings judged against a limit.
    pub judged: usize,
    /// Readings that could not be judged (no limit, not comparable, inconclusive).
    pub unjudged: usize,
    /// The kinds of data-quality problem the plausibility checks found in the year's record, in
    /// their stable order, each once.
    pub quality: Vec<WarningKind>,
    /// For each reading (table row), the kinds of problem found in it.
    pub row_quality: Vec<Vec<WarningKind>>,
}

/// The anchor of a year's readings table.
pub fn table_anchor(year: u16) -> String {
    format!("readings-{year}")
}

/// The anchor of one row of a year's readings table.
pub fn row_anchor(year: u16, row: usize) -> String {
    format!("reading-{year}-{}", row + 1)
}

fn judge_record(record: &DisclosureRecord, r: &Reference, warnings: &[Warning]) -> YearVerdict {
    let views = readings(record, r);
    let mut findings = Vec::new();
    let (mut judged, mut unjudged) = (0, 0);
    for (row, v) in views.iter().enumerate() {
        let status = v.status();
        if status.is_judged() {
            judged += 1;
        } else {
            unjudged += 1;
        }
        if status.is_finding() {
            findings.push(Finding {
                row,
                outlet: v.outlet.code.clone(),
                medium: v.outlet.medium,
                name_zh: v.reading.name_zh.clone(),
                name_en: v.reading.name_en.clone(),
                statistic: v.reading.statistic,
                status,
            });
        }
    }
    let mine: Vec<&Warning> = warnings.iter().filter(|w| w.record == record.record_id).collect();
    let quality = WarningKind::ALL.into_iter().filter(|k| mine.iter().any(|w| w.kind == *k)).collect();
    // The readings, in table order, with the field path the plausibility checks locate them by.
    let paths: Vec<String> = record
        .outlets
        .iter()
        .enumerate()
        .flat_map(|(oi, o)| (0..o.pollutants.len()).map(move |pi| format!("outlets[{oi}].pollutants[{pi}]")))
        .collect();
    let row_quality = paths
        .iter()
        .map(|p| {
            let at =
                |w: &&&Warning| w.path == *p || w.path.strip_prefix(p.as_str()).is_some_and(|t| t.starts_with('.'));
            WarningKind::ALL.into_iter().filter(|k| mine.iter().filter(at).any(|w| w.kind == *k)).collect()
        })
        .collect();
    YearVerdict { year: record.report_year, findings, judged, unjudged, quality, row_quality }
}

/// The verdicts of every year with an annual report, oldest first.
pub fn year_verdicts(d: &EnterpriseDetail, r: &Reference) -> Vec<YearVerdict> {
    let warnings = check_detail(r, d);
    annual_records(d).into_iter().map(|rec| judge_record(rec, r, &warnings)).collect()
}

/// The verdict of one year, if it has an annual report.
pub fn year_verdict(d: &EnterpriseDetail, r: &Reference, year: u16) -> Option<YearVerdict> {
    year_verdicts(d, r).into_iter().find(|v| v.year == year)
}

/// The most recent year with a finding.
pub fn latest_finding_year(d: &EnterpriseDetail, r: &Reference) -> Option<u16> {
    year_verdicts(d, r).iter().rev().find(|v| !v.findings.is_empty()).map(|v| v.year)
}

/// What the page opens with, newest first: the latest year, the most recent year with a finding
/// (when that is another year), and the year the reader selected (when that is yet another).
pub fn headline(d: &EnterpriseDetail, r: &Reference, selected: Option<u16>) -> Vec<YearVerdict> {
    let all = year_verdicts(d, r);
    let latest = all.last().map(|v| v.year);
    let flagged = all.iter().rev().find(|v| !v.findings.is_empty()).map(|v| v.year);
    let mut years: Vec<u16> = [latest, flagged, selected].into_iter().flatten().collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years.into_iter().filter_map(|y| all.iter().find(|v| v.year == y).cloned()).collect()
}

impl Finding {
    /// The finding in a clause: "废水排口三氯甲烷超标，年均浓度为限值的1.6倍，全年超标6次".
    pub fn sentence(&self, lang: Lang) -> String {
        let medium = Msg::from(self.medium).text(lang);
        let name = lang.pick(&self.name_zh, &self.name_en);
        let share = |r: f64| share_of(self.statistic, r, lang);
        match (self.status, lang) {
            (Status::Exceeded { ratio: Some(r), exceedances }, Lang::Zh) if r > 1.0 => {
                format!("{medium}排口{name}超标，{}，全年超标{exceedances}次", share(r))
            }
            (Status::Exceeded { ratio: Some(r), exceedances }, Lang::En) if r > 1.0 => {
                format!(
                    "{name} at the {} outlet exceeded its limit, {}, {}",
                    medium.to_lowercase(),
                    share(r),
                    exceedances_en(exceedances)
                )
            }
            (Status::Exceeded { ratio, exceedances }, Lang::Zh) => {
                let tail = ratio.map(|r| format!("（{}）", share(r))).unwrap_or_default();
                format!("{medium}排口{name}全年超标{exceedances}次{tail}")
            }
            (Status::Exceeded { ratio, exceedances }, Lang::En) => {
                let tail = ratio.map(|r| format!(" ({})", share(r))).unwrap_or_default();
                format!(
                    "{name} at the {} outlet exceeded its limit: {}{tail}",
                    medium.to_lowercase(),
                    exceedances_en(exceedances)
                )
            }
            (Status::Contradictory { ratio }, Lang::Zh) => {
                format!("{medium}排口{name}{}，但未计超标次数，数据自相矛盾", share(ratio))
            }
            (Status::Contradictory { ratio }, Lang::En) => format!(
                "at the {} outlet, {name}: {}, yet no exceedance is counted; the data disagree",
                medium.to_lowercase(),
                share(ratio)
            ),
            (other, _) => format!("{medium} {name}: {}", other.label(lang)),
        }
    }
}

impl YearVerdict {
    /// The year's answer in one sentence (without the year): the findings, or that everything
    /// judged was within its limit.
    pub fn sentence(&self, lang: Lang) -> String {
        if !self.findings.is_empty() {
            let sep = lang.list_separator();
            return self.findings.iter().map(|f| f.sentence(lang)).collect::<Vec<_>>().join(sep);
        }
        let (n, m) = (self.judged, self.unjudged);
        match lang {
            Lang::Zh if n + m == 0 => "未披露监测数据".to_owned(),
            Lang::Zh if n == 0 => format!("监测的{m}项均无可比较的限值，无法判断是否超标"),
            Lang::Zh if m == 0 => format!("所有监测的污染物均在限值以内（共{n}项）"),
            Lang::Zh => format!("有限值的{n}项监测结果均在限值以内（另有{m}项无适用限值或无法判断）"),
            Lang::En if n + m == 0 => "no monitoring data disclosed".to_owned(),
            Lang::En if n == 0 => format!("none of the {m} monitored pollutants has a limit it can be judged against"),
            Lang::En if m == 0 => format!("every monitored pollutant was within its limit ({n} in all)"),
            Lang::En => format!(
                "all {n} monitored pollutants with a limit were within it ({m} more have no applicable limit or cannot be judged)"
            ),
        }
    }

    /// "2023年：" / "2023: ".
    pub fn year_label(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}年：", self.year),
            Lang::En => format!("{}: ", self.year),
        }
    }

    /// The whole verdict as one line of text: "2023年：废水排口三氯甲烷超标，…".
    pub fn text(&self, lang: Lang) -> String {
        format!("{}{}", self.year_label(lang), self.sentence(lang))
    }
}

/// What a data-quality problem means to a reader (no field names).
pub fn quality_text(kind: WarningKind) -> Msg {
    match kind {
        WarningKind::AboveLimitNoExceedance => Msg::QualityAboveLimitNoExceedance,
        WarningKind::Implausible => Msg::QualityImplausible,
        WarningKind::UnitNotComparable => Msg::QualityUnitNotComparable,
        WarningKind::StandardNotForIndustry => Msg::QualityStandardNotForIndustry,
        WarningKind::PenaltyNotReported => Msg::QualityPenaltyNotReported,
        WarningKind::PenaltyNotBacked => Msg::QualityPenaltyNotBacked,
        WarningKind::BannedUse => Msg::QualityBannedUse,
        WarningKind::PermitExpired => Msg::QualityPermitExpired,
        WarningKind::QuantityMismatch => Msg::QualityQuantityMismatch,
    }
}
