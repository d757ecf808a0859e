//! `feed generate`: labelled sample disclosures for fictitious enterprises.
//!
//! Deterministic: the same reference data, count and seed always give the same file. Every record
//! has `is_sample: true`, every name carries 示例 … （虚构） / "Sample … (fictitious)", and the
//! organisation-code part of every credit code starts with `YY`, a prefix not issued in practice,
//! so no record can be mistaken for, or collide with, a real enterprise.
//!
//! The sample covers every district, every chemical park and every industry, with reporting years
//! 2021–2025, and contains the scenarios a reader must be able to find: exceedances, use of a
//! substance after its ban, an enterprise that stopped disclosing, a temporary disclosure after a
//! penalty, and values below the detection limit. Concentrations are drawn relative to the real
//! limits in `data/reference/limits.json`. Monitoring method numbers are illustrative.

use crate::load::read_json;
use portal_core::disclosure::*;
use portal_core::ids::{org_code_check_char, uscc_check_char};
use portal_core::reference::{AreaKind, AreaTable, IndustryTable, LimitTable, Precision};
use portal_core::units::{Measurement, Unit};
use std::path::Path;

/// The reporting years the sample covers.
pub const YEARS: std::ops::RangeInclusive<u16> = 2021..=2025;

/// SplitMix64: small, fast and stable across platforms and releases, unlike a crate's RNG.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    /// Log-uniform between `lo` and `hi`: concentrations spread over orders of magnitude.
    pub fn log_range(&mut self, lo: f64, hi: f64) -> f64 {
        (lo.ln() + (hi.ln() - lo.ln()) * self.unit()).exp()
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

use portal_core::compile::round_sig as sig;

/// A pollutant an industry typically monitors.
struct Spec {
    zh: &'static str,
    en: &'static str,
    cas: Option<&'static str>,
    entry: Option<u8>,
    /// Limit id in limits.json, if one applies.
    limit: Option<&'static str>,
    /// Typical annual-mean range in `unit` when no limit applies.
    typical: (f64, f64),
    unit: Unit,
    detection_limit: f64,
    method: &'static str,
    frequency: Frequency,
    /// Chance that a year's result is below the detection limit.
    nd: f64,
    /// Whether the permit caps its annual quantity.
    permitted: bool,
}

#[expect(clippy::too_many_arguments, reason = "one row of the pollutant table")]
const fn spec(
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

use Frequency::{Monthly, Quarterly};
const MGL: Unit = Unit::MgPerL;
const UGL: Unit = Unit::UgPerL;
const NGL: Unit = Unit::NgPerL;
const MGM3: Unit = Unit::MgPerM3;

const DCM_W_PHARMA: Spec = spec(
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
const DCM_W_PETRO: Spec = spec(
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
const DCM_W_NOLIMIT: Spec = spec(
    "二氯甲烷",
    "Dichloromethane",
    Some("75-09-2"),
    Some(10),
    None,
    (0.002, 0.05),
    MGL,
    0.001,
    "HJ 639-2012",
    Monthly,
    0.3,
    false,
);
const DCM_A: Spec = spec(
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
const TCM_W: Spec = spec(
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
const TCM_W_PETRO: Spec = spec(
    "三氯甲烷",
    "Chloroform",
    Some("67-66-3"),
    Some(11),
    Some("gb31571-t3-chloroform"),
    (0.0, 0.0),
    MGL,
    0.0014,
    "HJ 639-2012",
    Monthly,
    0.2,
    false,
);
const TCM_A: Spec = spec(
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
const HCBD_W: Spec = spec(
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
const PCP_W: Spec = spec(
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
const NP_W: Spec = spec(
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
const PFOS_W: Spec = spec(
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
const PFOA_W: Spec = spec(
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
const ABX_W: Spec = spec(
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
const COD_W: Spec = spec(
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
const BENZENE_A: Spec = spec(
    "苯",
    "Benzene",
    Some("71-43-2"),
    None,
    Some("gb31571-t6-benzene"),
    (0.0, 0.0),
    MGM3,
    0.01,
    "HJ 734-2014",
    Quarterly,
    0.1,
    false,
);
const TOLUENE_A: Spec = spec(
    "甲苯",
    "Toluene",
    Some("108-88-3"),
    None,
    Some("gb31571-t6-toluene"),
    (0.0, 0.0),
    MGM3,
    0.01,
    "HJ 734-2014",
    Quarterly,
    0.1,
    false,
);
const NMHC_A: Spec = spec(
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
const HCB_A: Spec = spec(
    "六氯苯",
    "Hexachlorobenzene",
    Some("118-74-1"),
    Some(14),
    None,
    (0.0001, 0.002),
    MGM3,
    0.0005,
    "HJ 77.2-2008",
    Frequency::HalfYearly,
    0.9,
    false,
);

/// One outlet of an industry's typical layout.
struct OutletSpec {
    code: &'static str,
    medium: OutletMedium,
    pollutants: &'static [&'static Spec],
}

fn layout(industry: &str) -> Vec<OutletSpec> {
    use OutletMedium::{Air, Water};
    let o = |code, medium, pollutants| OutletSpec { code, medium, pollutants };
    match industry {
        "pharmaceuticals" => {
            vec![o("DW001", Water, &[&COD_W, &DCM_W_PHARMA, &TCM_W, &ABX_W]), o("DA001", Air, &[&DCM_A, &NMHC_A])]
        }
        "chemicals" => {
            vec![o("DW001", Water, &[&DCM_W_PETRO, &TCM_W_PETRO, &HCBD_W]), o("DA001", Air, &[&DCM_A, &TCM_A, &NMHC_A])]
        }
        "petrochemicals" => vec![
            o("DW001", Water, &[&DCM_W_PETRO, &TCM_W_PETRO, &HCBD_W]),
            o("DA001", Air, &[&BENZENE_A, &TOLUENE_A, &NMHC_A]),
            o("DA002", Air, &[&DCM_A]),
        ],
        "pesticides" => vec![o("DW001", Water, &[&PCP_W, &TCM_W, &DCM_W_NOLIMIT]), o("DA001", Air, &[&NMHC_A])],
        "dyeing" => vec![o("DW001", Water, &[&NP_W])],
        "electroplating" => vec![o("DW001", Water, &[&PFOS_W])],
        "electronics" => vec![o("DW001", Water, &[&PFOA_W, &PFOS_W])],
        "wastewater_treatment" => vec![o("DW001", Water, &[&TCM_W, &DCM_W_NOLIMIT, &NP_W, &PFOS_W, &PFOA_W])],
        "waste_incineration" => vec![o("DA001", Air, &[&HCB_A, &NMHC_A])],
        _ => vec![o("DA001", Air, &[&DCM_A, &HCB_A]), o("DW001", Water, &[&HCBD_W])],
    }
}

/// A raw material an industry typically uses: (zh, en, cas, entry, t/a range, purpose zh, purpose en).
type Material = (&'static str, &'static str, &'static str, u8, (f64, f64), &'static str, &'static str);

fn materials(industry: &str) -> &'static [Material] {
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

/// (zh suffix, en suffix) of a fictitious enterprise's name by industry.
fn name_suffix(industry: &str) -> (&'static str, &'static str) {
    match industry {
        "chemicals" => ("化工", "Chemical"),
        "petrochemicals" => ("石化", "Petrochemical"),
        "pharmaceuticals" => ("药业", "Pharmaceutical"),
        "pesticides" => ("农化", "Agrochemical"),
        "dyeing" => ("印染", "Dyeing"),
        "electroplating" => ("电镀", "Electroplating"),
        "electronics" => ("电子", "Electronics"),
        "wastewater_treatment" => ("水务", "Water Services"),
        "waste_incineration" => ("环境能源", "Environmental Energy"),
        _ => ("环保科技", "Environmental Technology"),
    }
}

/// Invented brand words (with pinyin) for fictitious names.
const BRANDS: [(&str, &str); 40] = [
    ("澄远", "Chengyuan"),
    ("禾岚", "Helan"),
    ("蓝汀", "Lanting"),
    ("晟湾", "Shengwan"),
    ("钧屿", "Junyu"),
    ("瀚汐", "Hanxi"),
    ("明曦", "Mingxi"),
    ("岱川", "Daichuan"),
    ("青屿", "Qingyu"),
    ("沐辰", "Muchen"),
    ("朗峰", "Langfeng"),
    ("云舟", "Yunzhou"),
    ("锦澜", "Jinlan"),
    ("恒屹", "Hengyi"),
    ("启衡", "Qiheng"),
    ("瑞禾", "Ruihe"),
    ("泓景", "Hongjing"),
    ("鹭汐", "Luxi"),
    ("松岚", "Songlan"),
    ("璟澄", "Jingcheng"),
    ("嘉沅", "Jiayuan"),
    ("峻潮", "Junchao"),
    ("曜川", "Yaochuan"),
    ("澜亭", "Lanting Er"),
    ("溪枫", "Xifeng"),
    ("翰墨", "Hanmo"),
    ("宁湾", "Ningwan"),
    ("苍屿", "Cangyu"),
    ("霁禾", "Jihe"),
    ("栖桐", "Qitong"),
    ("弘屿", "Hongyu"),
    ("昭澈", "Zhaoche"),
    ("渊澄", "Yuancheng"),
    ("芷汀", "Zhiting"),
    ("望舒", "Wangshu"),
    ("沧岚", "Canglan"),
    ("柏川", "Baichuan"),
    ("晞禾", "Xihe"),
    ("砚汀", "Yanting"),
    ("澈峰", "Chefeng"),
];

/// Builds a valid, clearly fictitious credit code: `91` + district + `YY` + 6 digits + checks.
pub fn sample_uscc(district: &str, n: usize) -> String {
    let org8 = format!("YY{:06}", n % 1_000_000);
    let org_check = org_code_check_char(&org8).unwrap_or('0');
    let first17 = format!("91{district}{org8}{org_check}");
    let check = uscc_check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

/// A place an enterprise can sit: a zone (with its district) or a district alone.
struct Site {
    zone: Option<String>,
    district: String,
    lat: f64,
    lng: f64,
}

fn sites(areas: &AreaTable) -> Vec<Site> {
    let mut out = Vec::new();
    for a in &areas.areas {
        let district = match (a.kind, &a.code, &a.district_code) {
            (AreaKind::District | AreaKind::County, Some(code), _) => code.clone(),
            (_, _, Some(d)) => d.clone(),
            // Zones whose district the reference data leaves open are placed, for the sample
            // only, in Lianyun District (连云区), the coastal district they adjoin.
            _ => "320703".to_owned(),
        };
        let zone = (!a.is_district()).then(|| a.id.clone());
        out.push(Site { zone, district, lat: a.lat, lng: a.lng });
    }
    out
}

/// Industries expected to be inside a chemical park or functional zone.
fn park_industry(industry: &str) -> bool {
    matches!(industry, "chemicals" | "petrochemicals" | "pharmaceuticals" | "pesticides" | "dyeing")
}

/// Everything the generator reads from the reference data.
pub struct Inputs {
    pub limits: LimitTable,
    pub areas: AreaTable,
    pub industries: IndustryTable,
}

impl Inputs {
    /// Reads the reference files the generator needs from `data_dir/reference`.
    pub fn load(data_dir: &Path) -> Result<Inputs, String> {
        let r = data_dir.join("reference");
        let err = |e: portal_core::validate::ValidationError| e.to_string();
        Ok(Inputs {
            limits: read_json(data_dir, &r.join("limits.json")).map_err(err)?,
            areas: read_json(data_dir, &r.join("areas.json")).map_err(err)?,
            industries: read_json(data_dir, &r.join("industries.json")).map_err(err)?,
        })
    }
}

fn measure(rng: &mut Rng, s: &Spec, limit: Option<f64>, level: f64) -> Measurement {
    if rng.chance(s.nd) {
        return Measurement::NotDetected { detection_limit: s.detection_limit, unit: s.unit };
    }
    let v = match limit {
        // A well-run plant sits at 3–60 % of its limit; `level` scales it for scenarios.
        Some(l) => rng.log_range(0.03, 0.6) * l * level,
        None => rng.log_range(s.typical.0, s.typical.1) * level,
    };
    let v = sig(v.max(s.detection_limit * 1.2), 2);
    Measurement::Detected { value: v, unit: s.unit }
}

fn quantity_kg(m: &Measurement, medium: OutletMedium, flow: f64, days: f64) -> Option<f64> {
    let v = m.value()?;
    // Water: mg/L × m³/d × d = g; air: mg/m³ × m³/h × 24 h × d = mg.
    let kg = match medium {
        OutletMedium::Water => portal_core::units::convert(v, m.unit(), Unit::MgPerL).ok()? * flow * days * 1e-3,
        OutletMedium::Air => v * flow * 24.0 * days * 1e-6,
    };
    Some(kg)
}

fn as_quantity(kg: f64) -> Quantity {
    if kg >= 1000.0 {
        Quantity { value: sig(kg / 1000.0, 3), unit: Unit::TonnesPerYear }
    } else {
        Quantity { value: sig(kg, 3), unit: Unit::KgPerYear }
    }
}

/// What happens to one enterprise over the years.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scenario {
    /// Year with an annual mean above the limit, if any.
    exceed_year: Option<u16>,
    /// Stops disclosing after this year although still obliged.
    stops_after: Option<u16>,
    /// First year of operation.
    first_year: u16,
    /// Year of an administrative penalty followed by a temporary report.
    penalty_year: Option<u16>,
    /// Keeps using a list substance after its ban.
    banned_use: bool,
}

fn scenario(i: usize, industry: &str) -> Scenario {
    Scenario {
        exceed_year: (i % 10 == 3).then_some(2022 + (i / 10 % 4) as u16),
        stops_after: (i % 25 == 11).then_some(2023),
        first_year: if i % 9 == 4 { 2022 } else { 2021 },
        penalty_year: (i % 15 == 5).then_some(2023),
        banned_use: matches!(industry, "chemicals" | "electroplating") && i % 20 < 10,
    }
}

/// Generates `n` fictitious enterprises with records for 2021–2025.
pub fn generate(inputs: &Inputs, n: usize, seed: u64) -> DisclosureFile {
    let mut rng = Rng::new(seed);
    let sites = sites(&inputs.areas);
    let park_sites: Vec<usize> = (0..sites.len()).filter(|&k| sites[k].zone.is_some()).collect();
    let limit_value = |id: &str| inputs.limits.limits.iter().find(|l| l.id == id).map(|l| l.value);
    let industries = &inputs.industries.industries;
    let mut records = Vec::new();
    let mut obligations: Vec<ObligationList> = YEARS
        .map(|year| ObligationList {
            year,
            is_sample: true,
            enterprises: Vec::new(),
            provenance: Provenance {
                source: "Sample data (fictitious list of enterprises required to disclose)".into(),
                extracted_on: "2026-11-28".into(),
                note: None,
            },
        })
        .collect();

    for i in 0..n {
        let industry = &industries[i % industries.len()];
        // Sites cycle with a period coprime to the industries', so the sample covers every pair.
        let site = if park_industry(&industry.id) && i % 3 != 0 && !park_sites.is_empty() {
            &sites[park_sites[(i / 3) % park_sites.len()]]
        } else {
            &sites[i % sites.len()]
        };
        let brand = BRANDS[(i / industries.len()) % BRANDS.len()];
        let round = i / (industries.len() * BRANDS.len());
        let (suf_zh, suf_en) = name_suffix(&industry.id);
        let num_zh = if round > 0 { format!("{round}") } else { String::new() };
        let num_en = if round > 0 { format!(" {round}") } else { String::new() };
        let id = format!("e{i:05}");
        let uscc = sample_uscc(&site.district, i + 1);
        let lat = sig(site.lat + rng.range(-0.025, 0.025), 5);
        let lng = sig(site.lng + rng.range(-0.025, 0.025), 6);
        let enterprise = Enterprise {
            id: id.clone(),
            name_zh: format!("连云港示例{}{suf_zh}{num_zh}有限公司（虚构）", brand.0),
            name_en: format!("Lianyungang Sample {}{num_en} {suf_en} Co., Ltd. (fictitious)", brand.1),
            uscc: uscc.clone(),
            industry: industry.id.clone(),
            district_code: site.district.clone(),
            zone: site.zone.clone(),
            address_zh: format!("示例路{}号（虚构地址）", 1 + rng.below(300)),
            address_en: format!("No. {} Sample Road (fictitious address)", 1 + rng.below(300)),
            location: Location { lat, lng, precision: Precision::Schematic },
        };
        let sc = scenario(i, &industry.id);
        let key_unit = park_industry(&industry.id) || rng.chance(0.6);
        let water_flow = rng.log_range(100.0, 5000.0); // m³/d
        let air_flow = rng.log_range(5000.0, 80000.0); // m³/h
        let days = 300.0 + rng.below(40) as f64;
        let mats = materials(&industry.id);
        let layout = layout(&industry.id);
        let has_list_substance =
            !mats.is_empty() || layout.iter().any(|o| o.pollutants.iter().any(|p| p.entry.is_some()));
        let mut basis = Vec::new();
        if key_unit {
            basis.push(DisclosureBasis::KeyDischargeUnit);
        }
        if has_list_substance {
            basis.push(DisclosureBasis::MandatoryCleanProductionAudit);
        }
        if i % 17 == 2 {
            basis.push(DisclosureBasis::ListedCompany);
        }
        if basis.is_empty() {
            basis.push(DisclosureBasis::OtherLaw);
        }
        let permit_year = 2019 + rng.below(3) as u16;
        let permit = Permit {
            number: format!("{uscc}001P"),
            management_class: if key_unit { ManagementClass::Key } else { ManagementClass::Simplified },
            valid_from: format!("{permit_year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
            valid_to: format!("{}-{:02}-{:02}", permit_year + 5, 1 + rng.below(12), 1 + rng.below(28)),
        };
        let base_mat: Vec<f64> = mats.iter().map(|m| rng.log_range(m.4.0, m.4.1)).collect();

        for year in YEARS {
            if year < sc.first_year {
                continue;
            }
            obligations[(year - *YEARS.start()) as usize].enterprises.push(uscc.clone());
            if sc.stops_after.is_some_and(|last| year > last) {
                continue;
            }
            let trend = 1.0 - 0.06 * f64::from(year - 2021); // gradual improvement
            let mut toxic_raw_materials: Vec<RawMaterial> = mats
                .iter()
                .zip(&base_mat)
                .map(|(m, base)| RawMaterial {
                    name_zh: m.0.into(),
                    name_en: m.1.into(),
                    cas: Some(m.2.into()),
                    entry: Some(m.3),
                    annual_quantity: Quantity {
                        value: sig(base * trend * rng.range(0.85, 1.15), 3),
                        unit: Unit::TonnesPerYear,
                    },
                    purpose_zh: m.5.into(),
                    purpose_en: m.6.into(),
                })
                .collect();
            // Banned-use scenarios: SCCPs in cable compounds (banned from 2024) and PFOS mist
            // suppressant in plating (banned from 2023-03-01), still reported in 2024.
            if sc.banned_use && year <= 2024 {
                let m = if industry.id == "chemicals" {
                    RawMaterial {
                        name_zh: "短链氯化石蜡".into(),
                        name_en: "Short-chain chlorinated paraffins (SCCPs)".into(),
                        cas: Some("85535-84-8".into()),
                        entry: Some(4),
                        annual_quantity: Quantity { value: sig(rng.range(20.0, 80.0), 3), unit: Unit::TonnesPerYear },
                        purpose_zh: "电缆料阻燃增塑剂".into(),
                        purpose_en: "Flame-retardant plasticiser for cable compound".into(),
                    }
                } else {
                    RawMaterial {
                        name_zh: "全氟辛基磺酸钾".into(),
                        name_en: "Potassium perfluorooctane sulfonate".into(),
                        cas: Some("2795-39-3".into()),
                        entry: Some(1),
                        annual_quantity: Quantity { value: sig(rng.range(10.0, 200.0), 3), unit: Unit::KgPerYear },
                        purpose_zh: "镀铬铬雾抑制剂".into(),
                        purpose_en: "Chrome-plating mist suppressant".into(),
                    }
                };
                toxic_raw_materials.push(m);
            }
            let exceed = sc.exceed_year == Some(year);
            let outlets = layout
                .iter()
                .enumerate()
                .map(|(oi, o)| {
                    let (name_zh, name_en, recv_zh, recv_en) = match o.medium {
                        OutletMedium::Water => (
                            "废水总排口",
                            "Main wastewater outlet",
                            "园区污水处理厂",
                            "Park wastewater treatment plant",
                        ),
                        OutletMedium::Air => ("工艺废气排气筒", "Process exhaust stack", "大气", "Atmosphere"),
                    };
                    let pollutants = o
                        .pollutants
                        .iter()
                        .enumerate()
                        .map(|(pi, s)| {
                            let lim = s.limit.and_then(limit_value);
                            // PFAS discharges fall after the bans: mostly not detected from 2024.
                            // Discharges of banned substances fall away after the bans: mostly
                            // not detected from the year after, unless this is the scenario.
                            let banned_from = match s.entry {
                                Some(1 | 2) => Some(2024),
                                Some(5 | 6) => Some(2024),
                                Some(14) => Some(2021),
                                _ => None,
                            };
                            let pfas_after_ban = banned_from.is_some_and(|y| year >= y) && !sc.banned_use;
                            let scenario_hit =
                                exceed && oi == 0 && pi == usize::from(o.pollutants.len() > 1) && lim.is_some();
                            let mut m = if pfas_after_ban && rng.chance(0.97) {
                                Measurement::NotDetected { detection_limit: s.detection_limit, unit: s.unit }
                            } else {
                                measure(&mut rng, s, lim, trend)
                            };
                            let mut exceedances = 0;
                            if scenario_hit && let Some(l) = lim {
                                m = Measurement::Detected { value: sig(l * rng.range(1.15, 2.4), 2), unit: s.unit };
                                exceedances = 2 + rng.below(5) as u32;
                            } else if lim.is_some() && rng.chance(0.005) {
                                // A single sample above the limit although the mean is within it.
                                exceedances = 1;
                            }
                            let flow = if o.medium == OutletMedium::Water { water_flow } else { air_flow };
                            let annual = quantity_kg(&m, o.medium, flow, days).map(as_quantity);
                            let permitted = (s.permitted && annual.is_some()).then(|| {
                                let cap = lim.map_or(1.0, |l| {
                                    quantity_kg(&Measurement::Detected { value: l, unit: s.unit }, o.medium, flow, days)
                                        .unwrap_or(1.0)
                                        * 0.8
                                });
                                as_quantity(cap)
                            });
                            PollutantReading {
                                name_zh: s.zh.into(),
                                name_en: s.en.into(),
                                cas: s.cas.map(Into::into),
                                entry: s.entry,
                                concentration: m,
                                monitoring: Monitoring { method: s.method.into(), frequency: s.frequency },
                                limit: s.limit.map(Into::into),
                                annual_quantity: annual,
                                permitted_quantity: permitted,
                                exceedances,
                            }
                        })
                        .collect();
                    Outlet {
                        code: o.code.into(),
                        name_zh: name_zh.into(),
                        name_en: name_en.into(),
                        medium: o.medium,
                        receiving_body_zh: recv_zh.into(),
                        receiving_body_en: recv_en.into(),
                        pollutants,
                    }
                })
                .collect();
            let hazardous_waste = hazardous_waste(&mut rng, &industry.id, trend);
            let penalty = (sc.penalty_year == Some(year)).then(|| {
                let month = 4 + rng.below(6) as u32;
                let day = 1 + rng.below(20) as u32;
                Penalty {
                    decision_no: format!("连环罚〔{year}〕示例{:03}号（虚构）", 1 + i % 900),
                    date: format!("{year}-{month:02}-{day:02}"),
                    authority_zh: "连云港市生态环境局".into(),
                    authority_en: "Lianyungang Municipal Bureau of Ecology and Environment".into(),
                    facts_zh: "（虚构示例）废水排放口二氯甲烷监测浓度超过排放标准限值。".into(),
                    facts_en:
                        "(Fictitious example) Dichloromethane at the wastewater outlet exceeded the discharge limit."
                            .into(),
                    amount_cny: (100_000 + 10_000 * rng.below(40)) as f64,
                    rectified: true,
                }
            });
            let audit = has_list_substance.then(|| CleanProductionAudit {
                reason: AuditReason::UsesOrDischargesToxicSubstances,
                status: if year >= 2024 { AuditStatus::InProgress } else { AuditStatus::Accepted },
                accepted_on: (year < 2024).then(|| format!("{year}-{:02}-{:02}", 6 + rng.below(6), 1 + rng.below(28))),
            });
            let provenance = Provenance {
                source: "Sample data: generated by `feed generate` (crates/feed/src/generate.rs). Fictitious.".into(),
                extracted_on: "2026-11-28".into(),
                note: Some("Concentrations are drawn relative to the limits in data/reference/limits.json; monitoring method numbers are illustrative.".into()),
            };
            let published = format!("{}-03-{:02}", year + 1, 1 + rng.below(14));
            records.push(DisclosureRecord {
                record_id: format!("{id}-{year}-annual"),
                is_sample: true,
                report_type: ReportType::Annual,
                report_year: year,
                published_on: published,
                temporary_trigger: None,
                enterprise: enterprise.clone(),
                disclosure_basis: basis.clone(),
                permit: Some(permit.clone()),
                toxic_raw_materials,
                outlets,
                hazardous_waste,
                clean_production_audit: audit,
                penalties: penalty.iter().cloned().collect(),
                provenance: provenance.clone(),
            });
            if let Some(p) = penalty {
                // Temporary report within 5 working days of the decision.
                let published_on = add_working_days(&p.date, 3);
                records.push(DisclosureRecord {
                    record_id: format!("{id}-{year}-temporary-{published_on}"),
                    is_sample: true,
                    report_type: ReportType::Temporary,
                    report_year: year,
                    published_on,
                    temporary_trigger: Some(TemporaryTrigger::AdministrativePenalty),
                    enterprise: enterprise.clone(),
                    disclosure_basis: basis.clone(),
                    permit: Some(permit.clone()),
                    toxic_raw_materials: Vec::new(),
                    outlets: Vec::new(),
                    hazardous_waste: Vec::new(),
                    clean_production_audit: None,
                    penalties: vec![p],
                    provenance,
                });
            }
        }
    }
    DisclosureFile { records, obligations }
}

fn hazardous_waste(rng: &mut Rng, industry: &str, trend: f64) -> Vec<HazardousWaste> {
    let (category, zh, en, disposal, range) = match industry {
        "pharmaceuticals" => (
            "HW02",
            "医药废物（含抗生素菌渣）",
            "Pharmaceutical waste (incl. antibiotic fermentation residue)",
            Disposal::Incineration,
            (50.0, 2000.0),
        ),
        "chemicals" | "petrochemicals" | "pesticides" => {
            ("HW11", "精（蒸）馏残渣", "Distillation residues", Disposal::Incineration, (20.0, 1500.0))
        }
        "electroplating" => ("HW17", "表面处理废物", "Surface-treatment waste", Disposal::Landfill, (5.0, 200.0)),
        "waste_incineration" => ("HW18", "焚烧处置残渣", "Incineration residues", Disposal::Landfill, (500.0, 8000.0)),
        "electronics" | "dyeing" => {
            ("HW06", "废有机溶剂与含有机溶剂废物", "Waste organic solvents", Disposal::Utilisation, (1.0, 80.0))
        }
        _ => return Vec::new(),
    };
    let generated = sig(rng.log_range(range.0, range.1) * trend, 3);
    let transferred = sig(generated * rng.range(0.9, 1.0), 3);
    vec![HazardousWaste {
        category: category.into(),
        name_zh: zh.into(),
        name_en: en.into(),
        generated: Quantity { value: generated, unit: Unit::TonnesPerYear },
        transferred: Quantity { value: transferred, unit: Unit::TonnesPerYear },
        receiver_zh: "连云港示例危废处置有限公司（虚构）".into(),
        disposal,
    }]
}

/// Adds `n` working days (Monday–Friday) to an ISO date. Public holidays are not modelled.
pub fn add_working_days(date: &str, n: u32) -> String {
    let parse = |r: std::ops::Range<usize>| date.get(r).and_then(|s| s.parse::<i64>().ok()).unwrap_or(1);
    let (y, m, d) = (parse(0..4), parse(5..7), parse(8..10));
    // Days from civil (inverse of clock::civil_from_days).
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let mut days = era * 146_097 + doe - 719_468;
    let mut left = n;
    while left > 0 {
        days += 1;
        // 1970-01-01 was a Thursday: weekday 0 = Monday.
        let weekday = (days + 3).rem_euclid(7);
        if weekday < 5 {
            left -= 1;
        }
    }
    let (y, m, d) = crate::clock::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Generates and writes the sample file atomically (temp file, then rename).
pub fn run(data_dir: &Path, n: usize, seed: u64, out: &Path) -> Result<(), String> {
    let inputs = Inputs::load(data_dir)?;
    let file = generate(&inputs, n, seed);
    let bytes = if n <= 1000 { serde_json::to_vec_pretty(&file) } else { serde_json::to_vec(&file) }
        .map_err(|e| e.to_string())?;
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    let tmp = out.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, &bytes).map_err(|e| format!("writing {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, out).map_err(|e| format!("replacing {}: {e}", out.display()))?;
    println!("wrote {} records for {n} fictitious enterprises to {} (seed {seed})", file.records.len(), out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_skip_weekends() {
        assert_eq!(add_working_days("2023-06-02", 3), "2023-06-07"); // Fri → Wed
        assert_eq!(add_working_days("2023-06-05", 3), "2023-06-08"); // Mon → Thu
        assert_eq!(add_working_days("2024-02-28", 1), "2024-02-29");
    }

    #[test]
    fn significant_figures_round_as_a_laboratory_reports() {
        assert_eq!(sig(0.0123456, 2), 0.012);
        assert_eq!(sig(123456.0, 3), 123000.0);
        assert_eq!(sig(0.0, 2), 0.0);
    }

    #[test]
    fn sample_credit_codes_are_valid_and_marked() {
        for n in [1, 42, 99_999] {
            let code = sample_uscc("320724", n);
            assert_eq!(portal_core::ids::validate_uscc(&code), Ok(()), "{code}");
            assert_eq!(&code[8..10], "YY");
        }
    }

    #[test]
    fn the_rng_is_stable_across_releases() {
        // Fixed values: if these change, every generated sample changes.
        let mut r = Rng::new(2023);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64() % 1000).collect();
        let mut r2 = Rng::new(2023);
        let again: Vec<u64> = (0..3).map(|_| r2.next_u64() % 1000).collect();
        assert_eq!(first, again);
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }
}
