//! Units, normalisation and the comparison of a measured value with a limit.
//!
//! A value is compared only with a limit of the same medium and a compatible unit. "Not detected"
//! is a state of a measurement, never a zero.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A unit of concentration or annual quantity that the feed accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Unit {
    #[serde(rename = "mg/L")]
    MgPerL,
    #[serde(rename = "μg/L")]
    UgPerL,
    #[serde(rename = "ng/L")]
    NgPerL,
    /// Milligrams per cubic metre of exhaust gas. Chinese emission standards state gas
    /// concentrations at standard conditions, so this equals mg/Nm³.
    #[serde(rename = "mg/m3")]
    MgPerM3,
    #[serde(rename = "mg/Nm3")]
    MgPerNm3,
    #[serde(rename = "mg/kg")]
    MgPerKg,
    #[serde(rename = "t/a")]
    TonnesPerYear,
    #[serde(rename = "kg/a")]
    KgPerYear,
    #[serde(rename = "g/a")]
    GramsPerYear,
}

/// What a unit measures. Only values of the same dimension can be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Mass per volume of liquid; base unit mg/L.
    LiquidConcentration,
    /// Mass per volume of gas at standard conditions; base unit mg/m³.
    GasConcentration,
    /// Mass per mass of solid; base unit mg/kg.
    SolidConcentration,
    /// Mass per year; base unit kg/a.
    AnnualMass,
}

impl Unit {
    /// Every unit, for tables and parsers.
    pub const ALL: [Unit; 9] = [
        Unit::MgPerL,
        Unit::UgPerL,
        Unit::NgPerL,
        Unit::MgPerM3,
        Unit::MgPerNm3,
        Unit::MgPerKg,
        Unit::TonnesPerYear,
        Unit::KgPerYear,
        Unit::GramsPerYear,
    ];

    /// The unit's symbol as written in the feed.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::MgPerL => "mg/L",
            Unit::UgPerL => "μg/L",
            Unit::NgPerL => "ng/L",
            Unit::MgPerM3 => "mg/m³",
            Unit::MgPerNm3 => "mg/Nm³",
            Unit::MgPerKg => "mg/kg",
            Unit::TonnesPerYear => "t/a",
            Unit::KgPerYear => "kg/a",
            Unit::GramsPerYear => "g/a",
        }
    }

    /// Parses a unit as people write it in spreadsheets: `mg/L`, `µg/L`, `ug/l`, `mg/m³`, `mg/Nm3`,
    /// `t/a`, `吨/年`, `千克/年`, `kg/yr` …
    pub fn parse(s: &str) -> Option<Unit> {
        let t: String = s.trim().chars().filter(|c| !c.is_whitespace()).collect();
        let t = t.replace('³', "3").replace('µ', "μ");
        let lower = t.to_lowercase();
        Some(match lower.as_str() {
            "mg/l" | "毫克/升" => Unit::MgPerL,
            "μg/l" | "ug/l" | "微克/升" => Unit::UgPerL,
            "ng/l" | "纳克/升" => Unit::NgPerL,
            "mg/m3" | "毫克/立方米" => Unit::MgPerM3,
            "mg/nm3" => Unit::MgPerNm3,
            "mg/kg" | "毫克/千克" => Unit::MgPerKg,
            "t/a" | "t/yr" | "t/y" | "吨/年" => Unit::TonnesPerYear,
            "kg/a" | "kg/yr" | "kg/y" | "千克/年" | "公斤/年" => Unit::KgPerYear,
            "g/a" | "g/yr" | "g/y" | "克/年" => Unit::GramsPerYear,
            _ => return None,
        })
    }

    /// What the unit measures.
    pub fn dimension(self) -> Dimension {
        match self {
            Unit::MgPerL | Unit::UgPerL | Unit::NgPerL => Dimension::LiquidConcentration,
            Unit::MgPerM3 | Unit::MgPerNm3 => Dimension::GasConcentration,
            Unit::MgPerKg => Dimension::SolidConcentration,
            Unit::TonnesPerYear | Unit::KgPerYear | Unit::GramsPerYear => Dimension::AnnualMass,
        }
    }

    /// The factor that turns a value in this unit into the base unit of its dimension.
    pub fn to_base_factor(self) -> f64 {
        match self {
            Unit::MgPerL | Unit::MgPerM3 | Unit::MgPerNm3 | Unit::MgPerKg | Unit::KgPerYear => 1.0,
            Unit::UgPerL => 1e-3,
            Unit::NgPerL => 1e-6,
            Unit::TonnesPerYear => 1e3,
            Unit::GramsPerYear => 1e-3,
        }
    }

    /// The base unit of this unit's dimension.
    pub fn base(self) -> Unit {
        match self.dimension() {
            Dimension::LiquidConcentration => Unit::MgPerL,
            Dimension::GasConcentration => Unit::MgPerM3,
            Dimension::SolidConcentration => Unit::MgPerKg,
            Dimension::AnnualMass => Unit::KgPerYear,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// Converts `value` from one unit to another of the same dimension.
pub fn convert(value: f64, from: Unit, to: Unit) -> Result<f64, UnitError> {
    if from.dimension() != to.dimension() {
        return Err(UnitError::Incompatible { from, to });
    }
    Ok(value * from.to_base_factor() / to.to_base_factor())
}

/// Why two quantities cannot be compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UnitError {
    #[error("{from} cannot be converted to {to}")]
    Incompatible { from: Unit, to: Unit },
    #[error("a {measured} measurement cannot be compared with a {limit} limit")]
    MediumMismatch { measured: Medium, limit: Medium },
}

/// The environmental medium that a measurement or a limit concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    /// Treated effluent at a water outlet (DW).
    Wastewater,
    /// Exhaust gas at an air outlet (DA).
    ExhaustGas,
    SurfaceWater,
    DrinkingWater,
    Soil,
}

impl fmt::Display for Medium {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Medium::Wastewater => "wastewater",
            Medium::ExhaustGas => "exhaust gas",
            Medium::SurfaceWater => "surface water",
            Medium::DrinkingWater => "drinking water",
            Medium::Soil => "soil",
        })
    }
}

impl Medium {
    /// The unit dimension a concentration in this medium has.
    pub fn concentration_dimension(self) -> Dimension {
        match self {
            Medium::Wastewater | Medium::SurfaceWater | Medium::DrinkingWater => Dimension::LiquidConcentration,
            Medium::ExhaustGas => Dimension::GasConcentration,
            Medium::Soil => Dimension::SolidConcentration,
        }
    }
}

/// A measured concentration: either a value, or "not detected" below a detection limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum Measurement {
    Detected { value: f64, unit: Unit },
    NotDetected { detection_limit: f64, unit: Unit },
}

impl Measurement {
    /// The unit the measurement is stated in.
    pub fn unit(&self) -> Unit {
        match self {
            Measurement::Detected { unit, .. } | Measurement::NotDetected { unit, .. } => *unit,
        }
    }

    /// The measured value, or `None` when nothing was detected.
    pub fn value(&self) -> Option<f64> {
        match self {
            Measurement::Detected { value, .. } => Some(*value),
            Measurement::NotDetected { .. } => None,
        }
    }
}

/// The outcome of comparing a measurement with a limit, in the limit's unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Comparison {
    /// The value is at or below the limit. `ratio` is value ÷ limit.
    Within { value: f64, limit: f64, unit: Unit, ratio: f64 },
    /// The value is above the limit.
    Exceeds { value: f64, limit: f64, unit: Unit, ratio: f64 },
    /// Nothing was detected, and the detection limit is at or below the limit: compliant.
    NotDetected { detection_limit: f64, limit: f64, unit: Unit },
    /// Nothing was detected, but the method's detection limit is above the limit, so the
    /// measurement cannot show compliance.
    Inconclusive { detection_limit: f64, limit: f64, unit: Unit },
}

impl Comparison {
    /// Whether the comparison shows an exceedance.
    pub fn exceeds(&self) -> bool {
        matches!(self, Comparison::Exceeds { .. })
    }
}

/// Compares a measurement taken in `measured_in` with a limit of `limit_value` `limit_unit` that
/// applies to `limit_medium`. Refuses (rather than guesses) when media or units do not match.
pub fn compare(
    measurement: &Measurement,
    measured_in: Medium,
    limit_value: f64,
    limit_unit: Unit,
    limit_medium: Medium,
) -> Result<Comparison, UnitError> {
    if measured_in != limit_medium {
        return Err(UnitError::MediumMismatch { measured: measured_in, limit: limit_medium });
    }
    let unit = limit_unit;
    match *measurement {
        Measurement::Detected { value, unit: from } => {
            let value = convert(value, from, unit)?;
            let ratio = if limit_value > 0.0 { value / limit_value } else { f64::INFINITY };
            Ok(if value > limit_value {
                Comparison::Exceeds { value, limit: limit_value, unit, ratio }
            } else {
                Comparison::Within { value, limit: limit_value, unit, ratio }
            })
        }
        Measurement::NotDetected { detection_limit, unit: from } => {
            let detection_limit = convert(detection_limit, from, unit)?;
            Ok(if detection_limit <= limit_value {
                Comparison::NotDetected { detection_limit, limit: limit_value, unit }
            } else {
                Comparison::Inconclusive { detection_limit, limit: limit_value, unit }
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn conversions_between_compatible_units_table_driven() {
        let cases = [
            (1.0, Unit::MgPerL, Unit::UgPerL, 1000.0),
            (80.0, Unit::NgPerL, Unit::MgPerL, 0.00008),
            (40.0, Unit::NgPerL, Unit::UgPerL, 0.04),
            (2.5, Unit::TonnesPerYear, Unit::KgPerYear, 2500.0),
            (500.0, Unit::GramsPerYear, Unit::KgPerYear, 0.5),
            (1.0, Unit::KgPerYear, Unit::TonnesPerYear, 0.001),
            (15.0, Unit::MgPerNm3, Unit::MgPerM3, 15.0),
            (7.0, Unit::MgPerKg, Unit::MgPerKg, 7.0),
        ];
        for (v, from, to, want) in cases {
            let got = convert(v, from, to).expect("compatible");
            assert!(close(got, want), "{v} {from} -> {to}: got {got}, want {want}");
        }
    }

    #[test]
    fn conversions_between_dimensions_are_refused() {
        for (from, to) in [
            (Unit::MgPerL, Unit::MgPerM3),
            (Unit::MgPerM3, Unit::KgPerYear),
            (Unit::TonnesPerYear, Unit::MgPerL),
            (Unit::MgPerKg, Unit::MgPerL),
        ] {
            assert_eq!(convert(1.0, from, to), Err(UnitError::Incompatible { from, to }));
        }
    }

    #[test]
    fn units_parse_as_spreadsheets_write_them() {
        let cases = [
            ("mg/L", Some(Unit::MgPerL)),
            (" MG/l ", Some(Unit::MgPerL)),
            ("µg/L", Some(Unit::UgPerL)),
            ("μg/L", Some(Unit::UgPerL)),
            ("ug/l", Some(Unit::UgPerL)),
            ("ng/L", Some(Unit::NgPerL)),
            ("mg/m³", Some(Unit::MgPerM3)),
            ("mg/m3", Some(Unit::MgPerM3)),
            ("mg/Nm³", Some(Unit::MgPerNm3)),
            ("吨/年", Some(Unit::TonnesPerYear)),
            ("t/a", Some(Unit::TonnesPerYear)),
            ("千克/年", Some(Unit::KgPerYear)),
            ("g/a", Some(Unit::GramsPerYear)),
            ("ppm", None),
            ("", None),
            ("mg", None),
        ];
        for (s, want) in cases {
            assert_eq!(Unit::parse(s), want, "{s:?}");
        }
    }

    #[test]
    fn every_unit_symbol_parses_back_to_itself() {
        for u in Unit::ALL {
            assert_eq!(Unit::parse(u.symbol()), Some(u), "{u}");
        }
    }

    #[test]
    fn measurements_compare_with_limits_table_driven() {
        let det = |value, unit| Measurement::Detected { value, unit };
        let nd = |detection_limit, unit| Measurement::NotDetected { detection_limit, unit };
        use Medium::*;
        // (measurement, measured in, limit, limit unit, limit medium, expected outcome)
        let cases: Vec<(Measurement, Medium, f64, Unit, Medium, &str)> = vec![
            (det(0.05, Unit::MgPerL), Wastewater, 0.3, Unit::MgPerL, Wastewater, "within"),
            (det(0.3, Unit::MgPerL), Wastewater, 0.3, Unit::MgPerL, Wastewater, "within"), // at the limit
            (det(0.31, Unit::MgPerL), Wastewater, 0.3, Unit::MgPerL, Wastewater, "exceeds"),
            (det(250.0, Unit::UgPerL), Wastewater, 0.2, Unit::MgPerL, Wastewater, "exceeds"),
            (det(150.0, Unit::UgPerL), Wastewater, 0.2, Unit::MgPerL, Wastewater, "within"),
            (det(90.0, Unit::NgPerL), DrinkingWater, 0.00008, Unit::MgPerL, DrinkingWater, "exceeds"),
            (det(12.0, Unit::MgPerNm3), ExhaustGas, 20.0, Unit::MgPerM3, ExhaustGas, "within"),
            (nd(0.001, Unit::MgPerL), Wastewater, 0.3, Unit::MgPerL, Wastewater, "not_detected"),
            (nd(0.5, Unit::MgPerL), Wastewater, 0.3, Unit::MgPerL, Wastewater, "inconclusive"),
            (det(1.0, Unit::MgPerL), Wastewater, 20.0, Unit::MgPerM3, Wastewater, "unit_error"),
            (det(1.0, Unit::MgPerL), Wastewater, 0.3, Unit::MgPerL, SurfaceWater, "medium_error"),
            (det(1.0, Unit::MgPerM3), ExhaustGas, 0.3, Unit::MgPerL, Wastewater, "medium_error"),
        ];
        for (m, medium, limit, unit, limit_medium, want) in cases {
            let got = match compare(&m, medium, limit, unit, limit_medium) {
                Ok(Comparison::Within { .. }) => "within",
                Ok(Comparison::Exceeds { .. }) => "exceeds",
                Ok(Comparison::NotDetected { .. }) => "not_detected",
                Ok(Comparison::Inconclusive { .. }) => "inconclusive",
                Err(UnitError::Incompatible { .. }) => "unit_error",
                Err(UnitError::MediumMismatch { .. }) => "medium_error",
            };
            assert_eq!(got, want, "{m:?} in {medium} vs {limit} {unit} ({limit_medium})");
        }
    }

    #[test]
    fn comparison_reports_value_and_ratio_in_the_limit_unit() {
        let m = Measurement::Detected { value: 250.0, unit: Unit::UgPerL };
        let c = compare(&m, Medium::Wastewater, 0.2, Unit::MgPerL, Medium::Wastewater).expect("comparable");
        let Comparison::Exceeds { value, limit, unit, ratio } = c else { panic!("expected exceedance, got {c:?}") };
        assert!(close(value, 0.25));
        assert!(close(limit, 0.2));
        assert_eq!(unit, Unit::MgPerL);
        assert!(close(ratio, 1.25));
    }

    #[test]
    fn not_detected_is_never_a_zero() {
        let m = Measurement::NotDetected { detection_limit: 0.002, unit: Unit::MgPerL };
        assert_eq!(m.value(), None);
        let json = serde_json::to_string(&m).expect("serialise");
        assert_eq!(json, r#"{"state":"not_detected","detection_limit":0.002,"unit":"mg/L"}"#);
        let back: Measurement = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, m);
    }

    #[test]
    fn measurement_json_rejects_unknown_fields_and_units() {
        assert!(serde_json::from_str::<Measurement>(r#"{"state":"detected","value":1,"unit":"mg/L","x":1}"#).is_err());
        assert!(serde_json::from_str::<Measurement>(r#"{"state":"detected","value":1,"unit":"ppm"}"#).is_err());
        // The feed has one spelling per unit (as its JSON Schema says); spreadsheets' other
        // spellings are handled by `Unit::parse` in the importer.
        assert!(serde_json::from_str::<Measurement>(r#"{"state":"detected","value":1,"unit":"µg/L"}"#).is_err());
        assert!(serde_json::from_str::<Measurement>(r#"{"state":"detected","value":1,"unit":"μg/L"}"#).is_ok());
    }
}
