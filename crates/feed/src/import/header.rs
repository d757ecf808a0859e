//! The header row: the columns the importer accepts, in English or Chinese, and where the file
//! puts them.

use super::ImportError;
use csv::StringRecord;
use std::collections::HashMap;

/// A column of the spreadsheet.
#[derive(Debug)]
pub struct Column {
    /// The English header, which is also the name used in messages about a missing column.
    pub key: &'static str,
    /// The Chinese header.
    pub zh: &'static str,
    /// Whether the column must be present, with a value in every row.
    pub required: bool,
}

const fn required(key: &'static str, zh: &'static str) -> Column {
    Column { key, zh, required: true }
}

const fn optional(key: &'static str, zh: &'static str) -> Column {
    Column { key, zh, required: false }
}

/// Every column the importer accepts.
pub const COLUMNS: &[Column] = &[
    // The record.
    required("report_year", "报告年度"),
    required("report_type", "报告类型"),
    required("published_on", "发布日期"),
    optional("temporary_trigger", "临时报告原因"),
    required("disclosure_basis", "披露依据"),
    required("source", "数据来源"),
    required("extracted_on", "提取日期"),
    optional("is_sample", "示例数据"),
    // The format standard's record fields (格式准则, as recalled: see the model).
    optional("legal_representative", "法定代表人"),
    optional("monitoring_planned", "自行监测计划次数"),
    optional("monitoring_completed", "自行监测完成次数"),
    optional("emergency_plan_filing_no", "应急预案备案编号"),
    optional("emergency_plan_filed_on", "应急预案备案日期"),
    optional("risk_level", "环境风险等级"),
    // The enterprise.
    required("enterprise_id", "企业编号"),
    required("name_zh", "企业名称"),
    required("name_en", "英文名称"),
    required("uscc", "统一社会信用代码"),
    required("industry", "行业"),
    required("district_code", "区县代码"),
    optional("zone", "园区"),
    required("address_zh", "地址"),
    required("address_en", "英文地址"),
    required("lat", "纬度"),
    required("lng", "经度"),
    optional("precision", "坐标精度"),
    // The outlet.
    required("outlet_code", "排放口编号"),
    required("outlet_name_zh", "排放口名称"),
    required("outlet_name_en", "排放口英文名称"),
    required("medium", "介质"),
    required("receiving_body_zh", "受纳水体或去向"),
    required("receiving_body_en", "受纳英文"),
    optional("discharge_mode", "排放方式"),
    optional("annual_volume_m3", "年排放量（立方米）"),
    // The pollutant.
    required("pollutant_zh", "污染物名称"),
    required("pollutant_en", "污染物英文名称"),
    optional("cas", "CAS号"),
    optional("entry", "清单序号"),
    required("concentration", "浓度"),
    optional("detection_limit", "检出限"),
    required("unit", "浓度单位"),
    required("method", "监测方法"),
    required("frequency", "监测频次"),
    optional("limit_id", "限值编号"),
    optional("annual_quantity", "年排放量"),
    optional("annual_quantity_unit", "年排放量单位"),
    optional("permitted_quantity", "许可排放量"),
    optional("permitted_quantity_unit", "许可排放量单位"),
    optional("exceedances", "超标次数"),
    optional("statistic", "浓度统计方式"),
    optional("sample_count", "样本数"),
];

/// Lower case, trimmed, with `-` and spaces read as `_`: how headers and choices are compared.
pub(super) fn normalize(s: &str) -> String {
    s.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The header row: which column sits where, and how the file names it.
pub(super) struct Sheet {
    file: String,
    /// The headers as written, trimmed.
    pub(super) names: Vec<String>,
    /// Column key → position.
    index: HashMap<&'static str, usize>,
}

impl Sheet {
    /// Reads the header row, reporting unknown, repeated and missing columns.
    pub(super) fn read(file: &str, header: &StringRecord) -> (Sheet, Vec<ImportError>) {
        let mut sheet = Sheet { file: file.to_owned(), names: Vec::new(), index: HashMap::new() };
        let mut errors = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let name = raw.trim().to_owned();
            if !name.is_empty() {
                let wanted = normalize(&name);
                match COLUMNS.iter().find(|c| normalize(c.key) == wanted || normalize(c.zh) == wanted) {
                    None => errors.push(sheet.error_at(1, name.clone(), "unknown column".into())),
                    Some(c) => {
                        if let Some(&first) = sheet.index.get(c.key) {
                            let message = format!("the same column as \"{}\"", sheet.names[first]);
                            errors.push(sheet.error_at(1, name.clone(), message));
                        } else {
                            sheet.index.insert(c.key, i);
                        }
                    }
                }
            }
            sheet.names.push(name);
        }
        for c in COLUMNS.iter().filter(|c| c.required && !sheet.index.contains_key(c.key)) {
            let message = format!("missing required column (\"{}\" or \"{}\")", c.key, c.zh);
            errors.push(sheet.error_at(1, c.key.to_owned(), message));
        }
        (sheet, errors)
    }

    /// Whether the file has the column.
    pub(super) fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// The column's header as written, or its key when the file lacks it.
    pub(super) fn column(&self, key: &str) -> String {
        self.index.get(key).map_or_else(|| key.to_owned(), |&i| self.names[i].clone())
    }

    /// The trimmed cell of column `key`, empty when the file lacks the column.
    pub(super) fn cell<'c>(&self, cells: &'c StringRecord, key: &str) -> &'c str {
        self.index.get(key).and_then(|&i| cells.get(i)).map_or("", str::trim)
    }

    pub(super) fn error(&self, row: usize, key: &str, message: String) -> ImportError {
        self.error_at(row, self.column(key), message)
    }

    pub(super) fn error_at(&self, row: usize, column: String, message: String) -> ImportError {
        ImportError { file: self.file.clone(), row, column, message }
    }
}
