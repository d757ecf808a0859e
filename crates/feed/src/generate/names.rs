//! Who and where the fictitious enterprises are: name parts, credit codes and sites.

use portal_core::feed::ids::{org_code_check_char, uscc_check_char};
use portal_core::feed::reference::{AreaKind, AreaTable};

/// (zh suffix, en suffix) of a fictitious enterprise's name by industry.
pub(super) fn name_suffix(industry: &str) -> (&'static str, &'static str) {
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
pub(super) const BRANDS: [(&str, &str); 40] = [
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
pub(super) struct Site {
    pub(super) zone: Option<String>,
    pub(super) district: String,
    pub(super) lat: f64,
    pub(super) lng: f64,
}

pub(super) fn sites(areas: &AreaTable) -> Vec<Site> {
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
pub(super) fn park_industry(industry: &str) -> bool {
    matches!(industry, "chemicals" | "petrochemicals" | "pharmaceuticals" | "pesticides" | "dyeing")
}
