//! What each industry of the sample monitors and uses: the pollutant table ([`Spec`]), the
//! outlet layout and the raw materials.

use portal_core::feed::disclosure::{Frequency, OutletMedium};
use portal_core::feed::units::Unit;

/// A pollutant an industry typically monitors.
pub(super) struct Spec {
    pub(super) zh: &'static str,
    pub(super) en: &'static str,
    pub(super) cas: Option<&'static str>,
    pub(super) entry: Option<u8>,
    /// Limit id in limits.json, if one applies.
    pub(super) limit: Option<&'static str>,
    /// Typical annual-mean range in `unit` when no limit applies.
    pub(super) typical: (f64, f64),
    pub(super) unit: Unit,
    pub(super) detection_limit: f64,
    pub(super) method: &'static str,
    pub(super) frequency: Frequency,
    /// Chance that a year's result is below the detection limit.
    pub(super) nd: f64,
    /// Whether the permit caps its annual quantity.
    pub(super) permitted: bool,
}

#[expect(clippy::too_many_arguments, reason = "one row of the pollutant table")]
pub(super) const fn spec(
    zh: &'static str,
    en: &'static str,
    cas: Option<&'static str>,
    entry: Option<u8>,
    limit: Option<&'static str>,
    typical: (f64, f64),
    unit: Unit,
    detection_limit: f64,
    method: &'static str,
    frequency: Frequency,
    nd: f64,
    permitted: bool,
) -> Spec {
    Spec { zh, en, cas, entry, limit, typical, unit, detection_limit, method, frequency, nd, permitted }
}

impl Spec {
    /// The same pollutant under another limit (another industry's standard).
    const fn under(self, limit: &'static str) -> Spec {
        Spec { limit: Some(limit), ..self }
    }
}

use Frequency::{Monthly, Quarterly};
pub(super) const MGL: Unit = Unit::MgPerL;
pub(super) const UGL: Unit = Unit::UgPerL;
pub(super) const NGL: Unit = Unit::NgPerL;
pub(super) const MGM3: Unit = Unit::MgPerM3;

pub(super) const DCM_W_PHARMA: Spec = spec(
    "二氯甲烷",
    "Dichloromethane",
    Some("75-09-2"),
    Some(10),
    Some("gb21904-t2-dcm"),
    (0.0, 0.0),
    MGL,
    0.001,
    "HJ 639-2012",
    Monthly,
    0.1,
    false,
);
pub(super) const DCM_W_PETRO: Spec = spec(
    "二氯甲烷",
    "Dichloromethane",
    Some("75-09-2"),
    Some(10),
    Some("gb31571-t3-dcm"),
    (0.0, 0.0),
    MGL,
    0.001,
    "HJ 639-2012",
    Monthly,
    0.15,
    false,
);
pub(super) const DCM_A: Spec = spec(
    "二氯甲烷",
    "Dichloromethane",
    Some("75-09-2"),
    Some(10),
    Some("gb31571-t6-dcm"),
    (0.0, 0.0),
    MGM3,
    0.1,
    "HJ 734-2014",
    Quarterly,
    0.05,
    false,
);
pub(super) const TCM_W: Spec = spec(
    "三氯甲烷",
    "Chloroform",
    Some("67-66-3"),
    Some(11),
    Some("gb8978-t4-chloroform-1"),
    (0.0, 0.0),
    MGL,
    0.0014,
    "HJ 639-2012",
    Monthly,
    0.2,
    false,
);
/// Chloroform in petrochemical wastewater: as [`TCM_W`], under the petrochemical standard.
pub(super) const TCM_W_PETRO: Spec = TCM_W.under("gb31571-t3-chloroform");
pub(super) const TCM_A: Spec = spec(
    "三氯甲烷",
    "Chloroform",
    Some("67-66-3"),
    Some(11),
    Some("gb31571-t6-chloroform"),
    (0.0, 0.0),
    MGM3,
    0.1,
    "HJ 734-2014",
    Quarterly,
    0.1,
    false,
);
pub(super) const HCBD_W: Spec = spec(
    "六氯丁二烯",
    "Hexachlorobutadiene",
    Some("87-68-3"),
    Some(5),
    Some("gb31571-t3-hcbd"),
    (0.0, 0.0),
    MGL,
    0.0006,
    "HJ 639-2012",
    Quarterly,
    1.0,
    false,
);
pub(super) const PCP_W: Spec = spec(
    "五氯酚",
    "Pentachlorophenol",
    Some("87-86-5"),
    Some(6),
    Some("gb8978-t4-pcp-1"),
    (0.0, 0.0),
    MGL,
    0.001,
    "HJ 591-2010",
    Quarterly,
    0.9,
    false,
);
pub(super) const NP_W: Spec = spec(
    "壬基酚",
    "Nonylphenol",
    Some("25154-52-3"),
    Some(12),
    None,
    (0.2, 15.0),
    UGL,
    0.05,
    "HJ 1192-2021",
    Quarterly,
    0.1,
    false,
);
pub(super) const PFOS_W: Spec = spec(
    "全氟辛基磺酸",
    "PFOS",
    Some("1763-23-1"),
    Some(1),
    None,
    (5.0, 400.0),
    NGL,
    1.0,
    "HJ 1333-2023",
    Quarterly,
    0.1,
    false,
);
pub(super) const PFOA_W: Spec = spec(
    "全氟辛酸",
    "PFOA",
    Some("335-67-1"),
    Some(2),
    None,
    (5.0, 250.0),
    NGL,
    1.0,
    "HJ 1333-2023",
    Quarterly,
    0.15,
    false,
);
pub(super) const ABX_W: Spec = spec(
    "抗生素（以四环素类计）",
    "Antibiotics (as tetracyclines)",
    None,
    Some(13),
    None,
    (0.1, 40.0),
    UGL,
    0.01,
    "HPLC-MS/MS (laboratory method)",
    Quarterly,
    0.05,
    false,
);
pub(super) const COD_W: Spec = spec(
    "化学需氧量",
    "Chemical oxygen demand (COD)",
    None,
    None,
    Some("gb21904-t2-cod"),
    (0.0, 0.0),
    MGL,
    4.0,
    "HJ 828-2017",
    Frequency::Daily,
    0.0,
    true,
);
/// An aromatic solvent in petrochemical waste gas, measured by HJ 734-2014 each quarter.
const fn aromatic_a(zh: &'static str, en: &'static str, cas: &'static str, limit: &'static str) -> Spec {
    spec(zh, en, Some(cas), None, Some(limit), (0.0, 0.0), MGM3, 0.01, "HJ 734-2014", Quarterly, 0.1, false)
}
pub(super) const BENZENE_A: Spec = aromatic_a("苯", "Benzene", "71-43-2", "gb31571-t6-benzene");
pub(super) const TOLUENE_A: Spec = aromatic_a("甲苯", "Toluene", "108-88-3", "gb31571-t6-toluene");
pub(super) const NMHC_A: Spec = spec(
    "非甲烷总烃",
    "Non-methane hydrocarbons",
    None,
    None,
    Some("gb31571-nmhc"),
    (0.0, 0.0),
    MGM3,
    0.07,
    "HJ 38-2017",
    Monthly,
    0.0,
    true,
);
pub(super) const HCB_A: Spec = spec(
    "六氯苯",
    "Hexachlorobenzene",
    Some("118-74-1"),
    Some(14),
    None,
    (0.0001, 0.002),
    MGM3,
    0.0005,
    // Not HJ 77.2 (a dioxin method): stack-gas HCB is sampled and analysed by GC-MS in a
    // laboratory; no HJ method for it is recorded in the reference notes.
    "GC-MS (laboratory method)",
    Frequency::HalfYearly,
    0.9,
    false,
);

/// Chloroform in municipal wastewater-plant effluent: GB 18918 Table 3.
pub(super) const TCM_W_WWTP: Spec = TCM_W.under("gb18918-t3-chloroform");
/// COD under the textile dyeing standard (indirect discharge to a park plant).
pub(super) const COD_W_DYEING: Spec = COD_W.under("gb4287-t2-cod-indirect");
/// COD at a municipal wastewater plant (GB 18918 class 1-A).
pub(super) const COD_W_WWTP: Spec = COD_W.under("gb18918-t1-cod-1a");
/// Dichloromethane in pharmaceutical waste gas: GB 37823 sets no limit of its own for it.
pub(super) const DCM_A_PHARMA: Spec = Spec { limit: None, typical: (0.5, 30.0), ..DCM_A };
/// Dichloromethane in synthetic-resin waste gas (GB 31572).
pub(super) const DCM_A_RESIN: Spec = DCM_A.under("gb31572-t4-dcm");
/// Non-methane hydrocarbons under the pharmaceutical, pesticide and resin air standards.
pub(super) const NMHC_A_PHARMA: Spec = NMHC_A.under("gb37823-t1-nmhc");
pub(super) const NMHC_A_PESTICIDE: Spec = NMHC_A.under("gb39727-t1-nmhc");
pub(super) const NMHC_A_RESIN: Spec = NMHC_A.under("gb31572-t4-nmhc");
pub(super) const ANILINE_W: Spec = spec(
    "苯胺类",
    "Anilines",
    None,
    None,
    Some("gb4287-t2-aniline"),
    (0.0, 0.0),
    MGL,
    0.03,
    "GB 11889-1989",
    Monthly,
    0.2,
    false,
);
pub(super) const CR6_W: Spec = spec(
    "六价铬",
    "Hexavalent chromium",
    Some("18540-29-9"),
    None,
    Some("gb21900-t2-cr6"),
    (0.0, 0.0),
    MGL,
    0.004,
    "GB 7467-1987",
    Frequency::Daily,
    0.1,
    true,
);
/// Hydrogen chloride in incinerator flue gas, under the municipal-waste standard …
pub(super) const HCL_A_MSW: Spec = spec(
    "氯化氢",
    "Hydrogen chloride",
    Some("7647-01-0"),
    None,
    Some("gb18485-t4-hcl"),
    (0.0, 0.0),
    MGM3,
    0.9,
    "HJ 548-2016",
    Monthly,
    0.0,
    true,
);
/// … and under the hazardous-waste incineration standard.
pub(super) const HCL_A_HW: Spec = HCL_A_MSW.under("gb18484-t3-hcl");

/// One outlet of an industry's typical layout.
pub(super) struct OutletSpec {
    pub(super) code: &'static str,
    pub(super) medium: OutletMedium,
    pub(super) pollutants: &'static [&'static Spec],
}

/// The outlets of an industry's plant, each pollutant judged against that industry's own
/// standard. `variant` picks between kinds of plant within an industry: among chemical plants,
/// odd variants make synthetic resins (air under GB 31572) and even ones organic chemicals
/// (GB 31571).
pub(super) fn layout(industry: &str, variant: usize) -> Vec<OutletSpec> {
    use OutletMedium::{Air, Water};
    let o = |code, medium, pollutants| OutletSpec { code, medium, pollutants };
    match industry {
        "pharmaceuticals" => vec![
            o("DW001", Water, &[&COD_W, &DCM_W_PHARMA, &TCM_W, &ABX_W]),
            o("DA001", Air, &[&DCM_A_PHARMA, &NMHC_A_PHARMA]),
        ],
        "chemicals" if variant % 2 == 1 => {
            vec![o("DW001", Water, &[&TCM_W]), o("DA001", Air, &[&DCM_A_RESIN, &NMHC_A_RESIN])]
        }
        "chemicals" => {
            vec![o("DW001", Water, &[&DCM_W_PETRO, &TCM_W_PETRO, &HCBD_W]), o("DA001", Air, &[&DCM_A, &TCM_A, &NMHC_A])]
        }
        "petrochemicals" => vec![
            o("DW001", Water, &[&DCM_W_PETRO, &TCM_W_PETRO, &HCBD_W]),
            o("DA001", Air, &[&BENZENE_A, &TOLUENE_A, &NMHC_A]),
            o("DA002", Air, &[&DCM_A]),
        ],
        "pesticides" => vec![o("DW001", Water, &[&PCP_W, &TCM_W]), o("DA001", Air, &[&NMHC_A_PESTICIDE])],
        "dyeing" => vec![o("DW001", Water, &[&COD_W_DYEING, &ANILINE_W, &NP_W])],
        "electroplating" => vec![o("DW001", Water, &[&CR6_W, &PFOS_W])],
        "electronics" => vec![o("DW001", Water, &[&PFOA_W, &PFOS_W])],
        "wastewater_treatment" => vec![o("DW001", Water, &[&COD_W_WWTP, &TCM_W_WWTP, &NP_W, &PFOS_W, &PFOA_W])],
        "waste_incineration" => vec![o("DA001", Air, &[&HCL_A_MSW, &HCB_A])],
        _ => vec![o("DA001", Air, &[&HCL_A_HW, &HCB_A]), o("DW001", Water, &[&TCM_W])],
    }
}

/// A raw material an industry typically uses: (zh, en, cas, entry, annual range, purpose zh,
/// purpose en); the range is in t/a unless said otherwise.
pub(super) type Material = (&'static str, &'static str, &'static str, u8, (f64, f64), &'static str, &'static str);

/// Banned-use scenarios: SCCPs in cable compounds (banned from 2024), in t/a …
pub(super) const SCCP_CABLE: (Material, Unit) = (
    (
        "短链氯化石蜡",
        "Short-chain chlorinated paraffins (SCCPs)",
        "85535-84-8",
        4,
        (20.0, 80.0),
        "电缆料阻燃增塑剂",
        "Flame-retardant plasticiser for cable compound",
    ),
    Unit::TonnesPerYear,
);
/// … and PFOS mist suppressant in plating (banned from 2023-03-01), in kg/a.
pub(super) const PFOS_PLATING: (Material, Unit) = (
    (
        "全氟辛基磺酸钾",
        "Potassium perfluorooctane sulfonate",
        "2795-39-3",
        1,
        (10.0, 200.0),
        "镀铬铬雾抑制剂",
        "Chrome-plating mist suppressant",
    ),
    Unit::KgPerYear,
);

pub(super) fn materials(industry: &str) -> &'static [Material] {
    match industry {
        "pharmaceuticals" => &[
            (
                "二氯甲烷",
                "Dichloromethane",
                "75-09-2",
                10,
                (50.0, 800.0),
                "合成反应与萃取溶剂",
                "Solvent for synthesis and extraction",
            ),
            ("三氯甲烷", "Chloroform", "67-66-3", 11, (5.0, 100.0), "萃取溶剂", "Extraction solvent"),
        ],
        "chemicals" => &[("二氯甲烷", "Dichloromethane", "75-09-2", 10, (10.0, 300.0), "反应溶剂", "Reaction solvent")],
        "petrochemicals" => {
            &[("二氯甲烷", "Dichloromethane", "75-09-2", 10, (5.0, 50.0), "清洗溶剂", "Cleaning solvent")]
        }
        "pesticides" => &[("三氯甲烷", "Chloroform", "67-66-3", 11, (5.0, 60.0), "合成溶剂", "Synthesis solvent")],
        "electronics" => &[("二氯甲烷", "Dichloromethane", "75-09-2", 10, (1.0, 20.0), "清洗溶剂", "Cleaning solvent")],
        _ => &[],
    }
}
