//! Choices (report type, trigger, basis, medium, frequency, precision, discharge mode, statistic,
//! risk level, yes/no, waste disposal, facility state, capacity unit): a cell holds the
//! feed's English name or a Chinese spelling. English names are the feed's own (its JSON names),
//! so the tables below list only the Chinese spellings.

use super::header::normalize;
use portal_core::feed::disclosure::{
    CapacityUnit, DischargeMode, DisclosureBasis, Disposal, FacilityState, Frequency, OutletMedium, ReportType,
    RiskLevel, Statistic, TemporaryTrigger,
};
use portal_core::feed::reference::Precision;
use serde::Serialize;

pub(super) const REPORT_TYPES: &[(&str, ReportType)] = &[
    ("年度", ReportType::Annual),
    ("年度报告", ReportType::Annual),
    ("临时", ReportType::Temporary),
    ("临时报告", ReportType::Temporary),
];

pub(super) const TRIGGERS: &[(&str, TemporaryTrigger)] = &[
    ("排污许可变更", TemporaryTrigger::PermitChange),
    ("行政许可变更", TemporaryTrigger::PermitChange),
    ("行政处罚", TemporaryTrigger::AdministrativePenalty),
    ("行政拘留", TemporaryTrigger::Detention),
    ("刑事责任", TemporaryTrigger::CriminalLiability),
    ("生态环境损害赔偿", TemporaryTrigger::DamageCompensation),
    ("其他", TemporaryTrigger::Other),
];

pub(super) const BASES: &[(&str, DisclosureBasis)] = &[
    ("重点排污单位", DisclosureBasis::KeyDischargeUnit),
    ("强制性清洁生产审核", DisclosureBasis::MandatoryCleanProductionAudit),
    ("上市公司", DisclosureBasis::ListedCompany),
    ("发债企业", DisclosureBasis::BondIssuer),
    ("其他", DisclosureBasis::OtherLaw),
];

pub(super) const PRECISIONS: &[(&str, Precision)] = &[("精确", Precision::Exact), ("示意", Precision::Schematic)];

pub(super) const MEDIA: &[(&str, OutletMedium)] = &[("废水", OutletMedium::Water), ("废气", OutletMedium::Air)];

pub(super) const FREQUENCIES: &[(&str, Frequency)] = &[
    ("自动监测", Frequency::Continuous),
    ("连续", Frequency::Continuous),
    ("每日", Frequency::Daily),
    ("每周", Frequency::Weekly),
    ("每月", Frequency::Monthly),
    ("每季度", Frequency::Quarterly),
    ("每半年", Frequency::HalfYearly),
    ("每年", Frequency::Yearly),
];

pub(super) const DISCHARGE_MODES: &[(&str, DischargeMode)] = &[
    ("直接排放", DischargeMode::Direct),
    ("直排", DischargeMode::Direct),
    ("间接排放", DischargeMode::Indirect),
    ("间排", DischargeMode::Indirect),
    ("有组织", DischargeMode::Organised),
    ("有组织排放", DischargeMode::Organised),
    ("无组织", DischargeMode::Fugitive),
    ("无组织排放", DischargeMode::Fugitive),
];

pub(super) const STATISTICS: &[(&str, Statistic)] = &[
    ("均值", Statistic::Mean),
    ("平均值", Statistic::Mean),
    ("年均值", Statistic::Mean),
    ("最大值", Statistic::Maximum),
];

pub(super) const RISK_LEVELS: &[(&str, RiskLevel)] = &[
    ("一般", RiskLevel::General),
    ("一般环境风险", RiskLevel::General),
    ("较大", RiskLevel::Larger),
    ("较大环境风险", RiskLevel::Larger),
    ("重大", RiskLevel::Major),
    ("重大环境风险", RiskLevel::Major),
];

pub(super) const DISPOSALS: &[(&str, Disposal)] = &[
    ("焚烧", Disposal::Incineration),
    ("填埋", Disposal::Landfill),
    ("综合利用", Disposal::Utilisation),
    ("利用", Disposal::Utilisation),
    ("其他", Disposal::Other),
];

pub(super) const FACILITY_STATES: &[(&str, FacilityState)] = &[
    ("正常运行", FacilityState::Operating),
    ("正常", FacilityState::Operating),
    ("运行异常", FacilityState::Interrupted),
    ("曾停运", FacilityState::Interrupted),
    ("有停运或故障", FacilityState::Interrupted),
    ("停运", FacilityState::Stopped),
];

pub(super) const CAPACITY_UNITS: &[(&str, CapacityUnit)] = &[
    ("m³/d", CapacityUnit::CubicMetresPerDay),
    ("立方米/日", CapacityUnit::CubicMetresPerDay),
    ("立方米/天", CapacityUnit::CubicMetresPerDay),
    ("吨/日", CapacityUnit::TonnesPerDay),
    ("吨/天", CapacityUnit::TonnesPerDay),
    ("m³/h", CapacityUnit::CubicMetresPerHour),
    ("立方米/小时", CapacityUnit::CubicMetresPerHour),
];

/// Yes or no: every spelling, English ones included (a boolean has no English name of its own).
pub(super) const BOOLEANS: &[(&str, bool)] =
    &[("true", true), ("false", false), ("yes", true), ("no", false), ("是", true), ("否", false)];

/// Looks `s` up among the English names of the values in `chinese` (in the order they first
/// appear there), then among the Chinese spellings.
pub(super) fn choice<T: Copy + PartialEq + Serialize>(chinese: &[(&str, T)], s: &str) -> Result<T, String> {
    let mut values: Vec<T> = Vec::new();
    for &(_, v) in chinese {
        if !values.contains(&v) {
            values.push(v);
        }
    }
    let english: Vec<(String, T)> = values.into_iter().map(|v| (english_name(&v), v)).collect();
    let names: Vec<(&str, T)> =
        english.iter().map(|(name, v)| (name.as_str(), *v)).chain(chinese.iter().copied()).collect();
    lookup(&names, s)
}

/// The feed's English name of a choice: its JSON string.
pub(super) fn english_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(name)) => name,
        other => panic!("a choice serialises as a string, not {other:?}"),
    }
}

/// Looks `s` up among `names` (compared as headers are: see [`normalize`]).
pub(super) fn lookup<T: Copy>(names: &[(&str, T)], s: &str) -> Result<T, String> {
    let wanted = normalize(s);
    names.iter().find(|(name, _)| normalize(name) == wanted).map(|&(_, v)| v).ok_or_else(|| {
        let names: Vec<&str> = names.iter().map(|&(name, _)| name).collect();
        format!("unknown value {s:?}; expected one of: {} / 无法识别的取值，应为上列之一", names.join(", "))
    })
}
