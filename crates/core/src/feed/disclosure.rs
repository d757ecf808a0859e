//! The disclosure model, after 企业环境信息依法披露管理办法 (MEE order No. 24) and its 格式准则
//! (环办综合〔2021〕32号): one record is one enterprise × one reporting year × one report type.
//!
//! The city plan's duty, "公开使用有毒有害原料的情况以及排放有毒有害化学物质的名称、浓度和数量",
//! maps to [`DisclosureRecord::toxic_raw_materials`] and [`Outlet::pollutants`].

use crate::feed::reference::Precision;
use crate::feed::units::{Measurement, Unit};
use serde::{Deserialize, Serialize};

/// Annual report (due by 15 March) or temporary report (within 5 working days of the trigger).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportType {
    Annual,
    Temporary,
}

/// What triggered a temporary report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TemporaryTrigger {
    PermitChange,
    AdministrativePenalty,
    Detention,
    CriminalLiability,
    DamageCompensation,
    Other,
}

/// Why the enterprise must disclose (办法 Art. 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisclosureBasis {
    /// 重点排污单位.
    KeyDischargeUnit,
    /// 实施强制性清洁生产审核的企业.
    MandatoryCleanProductionAudit,
    /// Listed company meeting Art. 8.
    ListedCompany,
    /// Bond issuer meeting Art. 8.
    BondIssuer,
    /// Other enterprises required by law.
    OtherLaw,
}

impl DisclosureBasis {
    /// Every basis, in display order.
    pub const ALL: [DisclosureBasis; 5] = [
        DisclosureBasis::KeyDischargeUnit,
        DisclosureBasis::MandatoryCleanProductionAudit,
        DisclosureBasis::ListedCompany,
        DisclosureBasis::BondIssuer,
        DisclosureBasis::OtherLaw,
    ];

    /// The basis's name as it appears in the feed.
    pub fn key(self) -> &'static str {
        match self {
            DisclosureBasis::KeyDischargeUnit => "key_discharge_unit",
            DisclosureBasis::MandatoryCleanProductionAudit => "mandatory_clean_production_audit",
            DisclosureBasis::ListedCompany => "listed_company",
            DisclosureBasis::BondIssuer => "bond_issuer",
            DisclosureBasis::OtherLaw => "other_law",
        }
    }
}

/// A point and how precise it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub lat: f64,
    pub lng: f64,
    pub precision: Precision,
}

/// The enterprise as named in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Enterprise {
    /// A stable slug used in links, e.g. `e0042`.
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// 统一社会信用代码, check digits validated.
    pub uscc: String,
    /// Industry id from `data/reference/industries.json`.
    pub industry: String,
    /// District or county code, e.g. `320724`.
    pub district_code: String,
    /// Functional zone or chemical park id from `data/reference/areas.json`, if inside one.
    pub zone: Option<String>,
    pub address_zh: String,
    pub address_en: String,
    pub location: Location,
}

/// 排污许可证 management class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ManagementClass {
    /// 重点管理.
    Key,
    /// 简化管理.
    Simplified,
    /// 登记管理.
    Registration,
}

/// The pollutant discharge permit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Permit {
    pub number: String,
    pub management_class: ManagementClass,
    pub valid_from: String,
    pub valid_to: String,
}

/// A quantity per year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    pub value: f64,
    pub unit: Unit,
}

/// A toxic raw material the enterprise used during the year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawMaterial {
    pub name_zh: String,
    pub name_en: String,
    pub cas: Option<String>,
    /// Entry number on the national list, if the material is on it.
    pub entry: Option<u8>,
    pub annual_quantity: Quantity,
    pub purpose_zh: String,
    pub purpose_en: String,
    /// The exemption the enterprise relies on for a use the List otherwise bans (e.g. an
    /// acceptable purpose of 公告2023年第20号), in its own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<String>,
}

/// The medium an outlet discharges to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutletMedium {
    Water,
    Air,
}

impl OutletMedium {
    /// The medium a limit must concern to apply to this outlet.
    pub fn limit_medium(self) -> crate::feed::units::Medium {
        match self {
            OutletMedium::Water => crate::feed::units::Medium::Wastewater,
            OutletMedium::Air => crate::feed::units::Medium::ExhaustGas,
        }
    }
}

/// How often a pollutant is monitored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Continuous,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

/// How a pollutant was monitored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// The analytical method standard, e.g. `HJ 686-2014`.
    pub method: String,
    pub frequency: Frequency,
}

/// One pollutant at one outlet in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PollutantReading {
    pub name_zh: String,
    pub name_en: String,
    pub cas: Option<String>,
    pub entry: Option<u8>,
    /// The annual mean concentration, or "not detected".
    pub concentration: Measurement,
    pub monitoring: Monitoring,
    /// The applicable limit's id in `data/reference/limits.json`.
    pub limit: Option<String>,
    pub annual_quantity: Option<Quantity>,
    pub permitted_quantity: Option<Quantity>,
    /// Number of monitoring results above the limit during the year.
    pub exceedances: u32,
    /// Whether `concentration` is the year's mean or its maximum. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<Statistic>,
    /// How many samples the value rests on. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_count: Option<u32>,
}

/// Which statistic of the year's results a reported concentration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    Mean,
    Maximum,
}

/// How an outlet discharges: water directly to the environment or indirectly to a treatment
/// plant; air through an organised outlet (a stack) or as fugitive emissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DischargeMode {
    Direct,
    Indirect,
    Organised,
    Fugitive,
}

impl DischargeMode {
    /// Whether the mode describes a discharge of this medium.
    pub fn fits(self, medium: OutletMedium) -> bool {
        match self {
            DischargeMode::Direct | DischargeMode::Indirect => medium == OutletMedium::Water,
            DischargeMode::Organised | DischargeMode::Fugitive => medium == OutletMedium::Air,
        }
    }
}

/// A discharge outlet (排放口).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    /// `DA001` for air, `DW001` for water.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub medium: OutletMedium,
    pub receiving_body_zh: String,
    pub receiving_body_en: String,
    pub pollutants: Vec<PollutantReading>,
    /// Direct or indirect (water), organised or fugitive (air). Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discharge_mode: Option<DischargeMode>,
    /// The volume discharged in the year, in m³: wastewater, or exhaust gas at standard
    /// conditions (废水/废气排放量). With it, each annual quantity can be set beside concentration ×
    /// volume. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_volume_m3: Option<f64>,
}

/// How hazardous waste was disposed of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Disposal {
    Incineration,
    Landfill,
    Utilisation,
    Other,
}

/// Hazardous waste by category (国家危险废物名录 HW code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HazardousWaste {
    pub category: String,
    pub name_zh: String,
    pub name_en: String,
    pub generated: Quantity,
    pub transferred: Quantity,
    pub receiver_zh: String,
    pub disposal: Disposal,
    /// The 8-digit waste code of the 国家危险废物名录 (`NNN-NNN-NN`, the last two digits those of
    /// `category`). Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The quantity held in storage at the year's end, in tonnes (written in the annual units,
    /// t/a, for want of a plain mass unit). Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored: Option<Quantity>,
    /// The quantity utilised (综合利用) in the year, by the enterprise or the receiver. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilised: Option<Quantity>,
    /// The quantity disposed of (处置: incinerated, landfilled…) in the year. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposed: Option<Quantity>,
}

/// Why a clean-production audit is mandatory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditReason {
    ExceedsStandard,
    ExceedsTotalQuota,
    UsesOrDischargesToxicSubstances,
    Other,
}

/// Where a clean-production audit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    Planned,
    InProgress,
    Accepted,
}

/// The mandatory clean-production audit (办法 Art. 14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CleanProductionAudit {
    pub reason: AuditReason,
    pub status: AuditStatus,
    pub accepted_on: Option<String>,
}

/// An administrative penalty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    pub decision_no: String,
    pub date: String,
    pub authority_zh: String,
    pub authority_en: String,
    pub facts_zh: String,
    pub facts_en: String,
    pub amount_cny: f64,
    pub rectified: bool,
    /// For a penalty over an exceedance: the outlet and pollutant it concerns, so a reader (and
    /// the plausibility checks) can set it beside that year's readings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exceedance: Option<PenaltySubject>,
}

/// The outlet and pollutant a penalty for an exceedance concerns, named as the record's readings
/// name them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PenaltySubject {
    /// The outlet's code, as in `outlets[].code` (DW### or DA###).
    pub outlet: String,
    pub pollutant_zh: String,
    pub pollutant_en: String,
    /// The pollutant's CAS number, where it has one.
    pub cas: Option<String>,
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub source: String,
    /// The date the record was extracted from its source (`YYYY-MM-DD`).
    pub extracted_on: String,
    pub note: Option<String>,
}

/// One enterprise × one reporting year × one report type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureRecord {
    pub record_id: String,
    /// True for fabricated demonstration data. The UI labels every sample record as such.
    pub is_sample: bool,
    pub report_type: ReportType,
    pub report_year: u16,
    pub published_on: String,
    pub temporary_trigger: Option<TemporaryTrigger>,
    pub enterprise: Enterprise,
    pub disclosure_basis: Vec<DisclosureBasis>,
    pub permit: Option<Permit>,
    pub toxic_raw_materials: Vec<RawMaterial>,
    pub outlets: Vec<Outlet>,
    pub hazardous_waste: Vec<HazardousWaste>,
    pub clean_production_audit: Option<CleanProductionAudit>,
    pub penalties: Vec<Penalty>,
    pub provenance: Provenance,
    /// The legal representative (法定代表人) named in the report's basic information. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
    /// Main products and their capacity (主要产品及产能). Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<Product>,
    /// Pollution-control facilities (污染防治设施). Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facilities: Vec<TreatmentFacility>,
    /// Fugitive (unorganised, 无组织) emissions, measured at the plant boundary or estimated. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fugitive_emissions: Vec<FugitiveEmission>,
    /// The self-monitoring plan and how much of it was carried out (自行监测). Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_monitoring: Option<SelfMonitoring>,
    /// The emergency plan for environmental incidents (突发环境事件应急预案) and the enterprise's
    /// environmental risk level. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_plan: Option<EmergencyPlan>,
}

/// A main product and its capacity. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub name_zh: String,
    pub name_en: String,
    /// The design capacity per year (t/a).
    pub capacity: Option<Quantity>,
}

/// The unit of a treatment facility's capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CapacityUnit {
    /// Cubic metres of wastewater a day.
    #[serde(rename = "m3/d")]
    CubicMetresPerDay,
    /// Cubic metres of exhaust gas an hour.
    #[serde(rename = "m3/h")]
    CubicMetresPerHour,
    /// Tonnes a day (waste).
    #[serde(rename = "t/d")]
    TonnesPerDay,
}

impl CapacityUnit {
    /// The unit as written beside a number.
    pub fn symbol(self) -> &'static str {
        match self {
            CapacityUnit::CubicMetresPerDay => "m³/d",
            CapacityUnit::CubicMetresPerHour => "m³/h",
            CapacityUnit::TonnesPerDay => "t/d",
        }
    }
}

/// Whether a facility ran normally through the year. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FacilityState {
    /// 正常运行.
    Operating,
    /// Ran, with stoppages or faults reported (运行异常/曾停运).
    Interrupted,
    /// 停运.
    Stopped,
}

/// A pollution-control facility (污染防治设施). Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TreatmentFacility {
    pub name_zh: String,
    pub name_en: String,
    pub medium: OutletMedium,
    /// The treatment process, e.g. 活性炭吸附 / activated-carbon adsorption.
    pub process_zh: String,
    pub process_en: String,
    pub capacity: f64,
    pub capacity_unit: CapacityUnit,
    pub state: FacilityState,
    /// The code of the outlet it serves (`outlets[].code`), if one.
    pub outlet: Option<String>,
}

/// One substance emitted without an outlet (无组织排放). Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FugitiveEmission {
    /// Where it escapes or is measured, e.g. 厂界 / plant boundary, 储罐区 / tank farm.
    pub source_zh: String,
    pub source_en: String,
    pub name_zh: String,
    pub name_en: String,
    pub cas: Option<String>,
    pub entry: Option<u8>,
    /// The highest concentration measured at the plant boundary (a gas concentration).
    pub boundary_concentration: Option<Measurement>,
    /// The estimated quantity released in the year.
    pub annual_quantity: Option<Quantity>,
}

/// The self-monitoring plan: how many monitoring runs it set for the year and how many were
/// done. Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SelfMonitoring {
    pub planned: u32,
    pub completed: u32,
}

impl SelfMonitoring {
    /// The completion rate in per cent, `None` when nothing was planned.
    pub fn completion_percent(self) -> Option<f64> {
        (self.planned > 0).then(|| 100.0 * f64::from(self.completed) / f64::from(self.planned))
    }
}

/// An enterprise's environmental risk level (HJ 941-2018: 一般/较大/重大环境风险). Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    General,
    Larger,
    Major,
}

/// The emergency plan's filing with the ecology bureau (备案). Field of 《企业环境信息依法披露格式准则》 as recalled ([M]); source unverified: not yet checked against the standard's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EmergencyPlan {
    /// The filing number; `None` when the plan is not filed.
    pub filing_no: Option<String>,
    /// The day it was filed (`YYYY-MM-DD`).
    pub filed_on: Option<String>,
    pub risk_level: Option<RiskLevel>,
}

impl EmergencyPlan {
    /// Whether the plan is filed.
    pub fn is_filed(&self) -> bool {
        self.filing_no.is_some() || self.filed_on.is_some()
    }
}

/// The bureau's list of enterprises that must disclose for a year (办法 Art. 9). An enterprise on
/// it without an annual record for that year "did not disclose".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ObligationList {
    pub year: u16,
    pub is_sample: bool,
    /// Unified social credit codes.
    pub enterprises: Vec<String>,
    pub provenance: Provenance,
}

/// A source file in `data/disclosures/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureFile {
    pub records: Vec<DisclosureRecord>,
    #[serde(default)]
    pub obligations: Vec<ObligationList>,
}
