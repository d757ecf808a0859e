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
    /// The area's id in `areas.json`.
    pub(super) id: String,
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
        out.push(Site { id: a.id.clone(), zone, district, lat: a.lat, lng: a.lng });
    }
    out
}

/// Where an industry's plants stand, as area ids of `areas.json`, repeated to weight them; the
/// k-th plant of an industry takes entry k (mod the length). Petrochemicals stand in the
/// petrochemical base (徐圩), pharmaceuticals mostly in the ETDZ (the city's cluster) and
/// partly in the Guannan chemical park (APIs), chemicals and pesticides in the certified chemical
/// parks, electroplating, dyeing and electronics in industrial zones and county towns, and
/// municipal wastewater plants and incinerators in the districts they serve.
pub(super) fn site_ids(industry: &str) -> &'static [&'static str] {
    match industry {
        "petrochemicals" => &["xuwei", "xuwei", "xuwei", "guanyun_lingang", "xuwei", "xuwei"],
        "pharmaceuticals" => &["etdz", "lyg_chem_park", "etdz", "etdz", "hitech", "etdz", "lyg_chem_park", "etdz"],
        "chemicals" => &["lyg_chem_park", "guanyun_lingang", "zhewang", "xuwei", "lyg_chem_park", "guanyun_lingang"],
        "pesticides" => &["lyg_chem_park", "guanyun_lingang", "zhewang", "lyg_chem_park", "guanyun_lingang"],
        "dyeing" => &["dapu", "guannan", "donghai", "ganyu"],
        "electroplating" => &["dapu", "hitech", "etdz", "donghai", "ganyu", "guanyun", "dapu"],
        "electronics" => &["etdz", "hitech", "donghai", "etdz", "hitech"],
        "wastewater_treatment" => &[
            "haizhou",
            "lyg_chem_park",
            "lianyun",
            "xuwei",
            "ganyu",
            "guanyun_lingang",
            "donghai",
            "guannan",
            "guanyun",
            "zhewang",
        ],
        "waste_incineration" => &["haizhou", "guanyun", "donghai", "ganyu"],
        "hazardous_waste_disposal" => &["lyg_chem_park", "xuwei", "guanyun_lingang", "donghai", "zhewang", "haizhou"],
        _ => &["haizhou"],
    }
}

/// How many of every 120 enterprises of the sample belong to each industry: uneven, as in a
/// city whose industry is chemicals and medicines. Industries not named get 1.
pub(super) fn industry_weight(industry: &str) -> u32 {
    match industry {
        "chemicals" => 22,
        "pharmaceuticals" => 20,
        "electroplating" => 15,
        "petrochemicals" => 13,
        "pesticides" => 12,
        "electronics" => 11,
        "wastewater_treatment" => 9,
        "dyeing" => 8,
        "hazardous_waste_disposal" => 6,
        "waste_incineration" => 4,
        _ => 1,
    }
}

/// Deals out `n` industries by weight, interleaved (smooth weighted round robin), so any prefix of
/// the sample mixes industries and the counts follow the weights.
pub(super) fn deal_industries(weights: &[u32], n: usize) -> Vec<usize> {
    let total: i64 = weights.iter().map(|&w| i64::from(w)).sum();
    let mut current = vec![0i64; weights.len()];
    (0..n)
        .map(|_| {
            for (c, &w) in current.iter_mut().zip(weights) {
                *c += i64::from(w);
            }
            let best = (0..weights.len()).fold(0, |b, k| if current[k] > current[b] { k } else { b });
            current[best] -= total;
            best
        })
        .collect()
}
