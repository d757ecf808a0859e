//! Cell formats: numbers (thousands separators, full-width digits), dates, units, codes and
//! concentrations, each parsed or refused with a message.

use super::choices::{BASES, choice};
use portal_core::feed::disclosure::{DisclosureBasis, OutletMedium};
use portal_core::feed::ids::{OutletKind, validate_outlet_code};
use portal_core::feed::units::{Dimension, Unit};
use portal_core::feed::validate::valid_date;

/// A cell taken as it is.
pub(super) fn text(s: &str) -> Result<String, String> {
    Ok(s.to_owned())
}

/// One or more bases, separated by `;`, `；` or `、`.
pub(super) fn parse_bases(s: &str) -> Result<Vec<DisclosureBasis>, String> {
    let mut bases = Vec::new();
    for part in s.split([';', '；', '、']).map(str::trim).filter(|p| !p.is_empty()) {
        let basis = choice(BASES, part)?;
        if !bases.contains(&basis) {
            bases.push(basis);
        }
    }
    if bases.is_empty() {
        Err("at least one basis for disclosure is required / 至少填写一项披露依据".into())
    } else {
        Ok(bases)
    }
}

/// Full-width digits and punctuation (`０`–`９`, `．`, `－`, `＋`) as ASCII.
pub(super) fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            '＋' => '+',
            _ => c,
        })
        .collect()
}

/// A decimal number; thousands separators and full-width digits are accepted, a decimal comma is
/// not.
pub(super) fn parse_number(s: &str) -> Result<f64, String> {
    let t = ascii_digits(s.trim());
    let plain = if t.contains(',') { without_thousands_separators(&t) } else { Some(t) };
    plain.and_then(|p| p.parse::<f64>().ok()).filter(|v| v.is_finite()).ok_or_else(|| {
        format!("{s:?} is not a number (write decimals with a point, e.g. 0.05) / 不是数字（小数请用小数点，如0.05）")
    })
}

/// `1,234,567.5` → `1234567.5`; `None` if the commas are not thousands separators.
pub(super) fn without_thousands_separators(t: &str) -> Option<String> {
    let (int, frac) = t.split_once('.').map_or((t, None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let groups: Vec<&str> = digits.split(',').collect();
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let first_ok = groups[0].len() <= 3 && all_digits(groups[0]);
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3 && all_digits(g));
    if !first_ok || !rest_ok || frac.is_some_and(|f| f.contains(',')) {
        return None;
    }
    Some(format!("{sign}{}{}", groups.concat(), frac.map(|f| format!(".{f}")).unwrap_or_default()))
}

/// A number ≥ 0.
pub(super) fn parse_amount(s: &str) -> Result<f64, String> {
    let v = parse_number(s)?;
    if v < 0.0 { Err(format!("{s:?} is negative / 不能为负数")) } else { Ok(v) }
}

/// A latitude or longitude in decimal degrees.
pub(super) fn parse_coordinate(s: &str, max: f64) -> Result<f64, String> {
    let v = parse_number(s)?;
    if v.abs() > max { Err(format!("{v} is not between -{max} and {max} degrees / 坐标超出范围")) } else { Ok(v) }
}

/// A whole number of ASCII or full-width digits.
pub(super) fn parse_whole<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    let t = ascii_digits(s);
    let parsed = if t.bytes().all(|b| b.is_ascii_digit()) { t.parse().ok() } else { None };
    parsed.ok_or_else(|| format!("{s:?} is not a whole number / 应为整数"))
}

pub(super) fn parse_year(s: &str) -> Result<u16, String> {
    let year: u16 = parse_whole(s)?;
    if (1900..=2999).contains(&year) { Ok(year) } else { Err(format!("{s:?} is not a year / 不是年份")) }
}

pub(super) fn parse_count(s: &str) -> Result<u32, String> {
    parse_whole(s)
}

/// An entry of the national list, 1 to 14.
pub(super) fn parse_entry(s: &str) -> Result<u8, String> {
    let entry: u8 = parse_whole(s)?;
    if (1..=14).contains(&entry) {
        Ok(entry)
    } else {
        Err(format!("the list has entries 1 to 14, not {entry} / 清单序号应为1至14"))
    }
}

/// A date as `YYYY-MM-DD` or `YYYY/M/D`, returned as `YYYY-MM-DD`.
pub(super) fn parse_date(s: &str) -> Result<String, String> {
    let t = ascii_digits(s);
    let parts: Vec<&str> = t.split(['-', '/']).collect();
    let date = match parts[..] {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        _ => String::new(),
    };
    if valid_date(&date) {
        Ok(date)
    } else {
        Err(format!("{s:?} is not a date (write YYYY-MM-DD) / 不是日期（请写作YYYY-MM-DD）"))
    }
}

/// A district or county code: six digits.
pub(super) fn parse_district(s: &str) -> Result<String, String> {
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_owned())
    } else {
        Err(format!("{s:?} is not a six-digit district code / 区县代码应为6位数字"))
    }
}

/// An outlet code, which must fit the outlet's medium when that is known.
pub(super) fn parse_outlet_code(s: &str, medium: Option<OutletMedium>) -> Result<String, String> {
    let kind = validate_outlet_code(s).map_err(|e| format!("{e} / 排放口编号格式不对"))?;
    let expected = match medium {
        Some(OutletMedium::Air) => OutletKind::Air,
        Some(OutletMedium::Water) => OutletKind::Water,
        None => kind,
    };
    if kind == expected {
        Ok(s.to_owned())
    } else {
        Err(format!("{s} is an {kind} outlet code, but the medium is {expected} / 排放口编号与介质不符"))
    }
}

pub(super) fn parse_unit(s: &str) -> Result<Unit, String> {
    let names: Vec<&str> = Unit::ALL.iter().map(|u| u.symbol()).collect();
    Unit::parse(s).ok_or_else(|| format!("unknown unit {s:?}; expected one of: {} / 无法识别的单位", names.join(", ")))
}

/// A concentration unit that fits the outlet's medium when that is known.
pub(super) fn parse_concentration_unit(s: &str, medium: Option<OutletMedium>) -> Result<Unit, String> {
    let unit = parse_unit(s)?;
    if unit.dimension() == Dimension::AnnualMass {
        return Err(format!("{unit} is an annual quantity, not a concentration / 这是年排放量单位，不是浓度单位"));
    }
    match medium.map(OutletMedium::limit_medium) {
        Some(m) if m.concentration_dimension() != unit.dimension() => {
            Err(format!("{unit} is not a concentration in {m} / 浓度单位与介质不符"))
        }
        _ => Ok(unit),
    }
}

/// A unit of annual quantity.
pub(super) fn parse_quantity_unit(s: &str) -> Result<Unit, String> {
    let unit = parse_unit(s)?;
    if unit.dimension() == Dimension::AnnualMass {
        Ok(unit)
    } else {
        Err(format!(
            "{unit} is a concentration, not an annual quantity (t/a, kg/a or g/a) / 这是浓度单位，不是年量单位"
        ))
    }
}

/// What a concentration cell says.
pub(super) enum Reading {
    Value(f64),
    /// `<0.001` or `0.001L`: not detected, with that detection limit.
    Below(f64),
    /// `ND` or `未检出`: the detection limit is in its own column.
    NotDetected,
}

pub(super) fn parse_concentration(s: &str) -> Result<Reading, String> {
    if matches!(s.to_lowercase().as_str(), "nd" | "n.d." | "未检出") {
        return Ok(Reading::NotDetected);
    }
    let below = s.strip_prefix(['<', '＜']).or_else(|| s.strip_suffix('L'));
    if let Some(limit) = below {
        return parse_amount(limit.trim()).map(Reading::Below);
    }
    parse_amount(s)
        .map(Reading::Value)
        .map_err(|_| format!("{s:?} is not a number, ND / 未检出, or a detection limit such as <0.001 / 应为数字、未检出或检出限（如<0.001）"))
}
