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

// The columns that name a record: on the main sheet with the rest of the record, on a list sheet
// to say which record a row belongs to.
const USCC: Column = required("uscc", "统一社会信用代码");
const REPORT_YEAR: Column = required("report_year", "报告年度");
const REPORT_TYPE: Column = required("report_type", "报告类型");
const PUBLISHED_ON: Column = required("published_on", "发布日期");

/// Every column of the main sheet (one row per reading).
pub const COLUMNS: &[Column] = &[
    // The record.
    REPORT_YEAR,
    REPORT_TYPE,
    PUBLISHED_ON,
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
    USCC,
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

/// The hazardous-waste sheet: one row per waste.
pub const WASTE_COLUMNS: &[Column] = &[
    USCC,
    REPORT_YEAR,
    REPORT_TYPE,
    PUBLISHED_ON,
    required("waste_category", "危险废物类别"),
    optional("waste_code", "危险废物代码"),
    required("waste_name_zh", "危险废物名称"),
    required("waste_name_en", "危险废物英文名称"),
    required("waste_generated", "产生量"),
    required("waste_generated_unit", "产生量单位"),
    required("waste_transferred", "转移量"),
    required("waste_transferred_unit", "转移量单位"),
    required("waste_receiver_zh", "接收单位"),
    required("waste_disposal", "利用处置方式"),
    optional("waste_stored", "年末贮存量"),
    optional("waste_stored_unit", "贮存量单位"),
    optional("waste_utilised", "利用量"),
    optional("waste_utilised_unit", "利用量单位"),
    optional("waste_disposed", "处置量"),
    optional("waste_disposed_unit", "处置量单位"),
];

/// The pollution-control facilities sheet: one row per facility.
pub const FACILITY_COLUMNS: &[Column] = &[
    USCC,
    REPORT_YEAR,
    REPORT_TYPE,
    PUBLISHED_ON,
    required("facility_name_zh", "设施名称"),
    required("facility_name_en", "设施英文名称"),
    required("facility_medium", "处理对象"),
    required("facility_process_zh", "处理工艺"),
    required("facility_process_en", "处理工艺英文"),
    required("facility_capacity", "处理能力"),
    required("facility_capacity_unit", "处理能力单位"),
    required("facility_state", "运行状态"),
    optional("facility_outlet", "对应排放口编号"),
];

/// The main products sheet: one row per product.
pub const PRODUCT_COLUMNS: &[Column] = &[
    USCC,
    REPORT_YEAR,
    REPORT_TYPE,
    PUBLISHED_ON,
    required("product_name_zh", "产品名称"),
    required("product_name_en", "产品英文名称"),
    optional("product_capacity", "设计产能"),
    optional("product_capacity_unit", "产能单位"),
];

/// The fugitive emissions sheet: one row per substance and place.
pub const FUGITIVE_COLUMNS: &[Column] = &[
    USCC,
    REPORT_YEAR,
    REPORT_TYPE,
    PUBLISHED_ON,
    required("fugitive_source_zh", "无组织排放位置"),
    required("fugitive_source_en", "无组织排放位置英文"),
    required("fugitive_pollutant_zh", "无组织污染物名称"),
    required("fugitive_pollutant_en", "无组织污染物英文名称"),
    optional("fugitive_cas", "无组织污染物CAS号"),
    optional("fugitive_entry", "无组织污染物清单序号"),
    optional("fugitive_concentration", "厂界浓度"),
    optional("fugitive_detection_limit", "厂界浓度检出限"),
    optional("fugitive_unit", "厂界浓度单位"),
    optional("fugitive_annual_quantity", "无组织年排放量"),
    optional("fugitive_annual_quantity_unit", "无组织年排放量单位"),
];

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// The main sheet: records, outlets and readings.
    Readings,
    HazardousWaste,
    Facilities,
    Products,
    FugitiveEmissions,
}

/// A sheet of the workbook, saved as a CSV file of its own.
#[derive(Debug)]
pub struct Section {
    pub kind: SheetKind,
    /// The sheet's name, as the template names it.
    pub zh: &'static str,
    pub en: &'static str,
    pub columns: &'static [Column],
}

/// Every sheet: the main sheet first, then the lists.
pub const SECTIONS: &[Section] = &[
    Section { kind: SheetKind::Readings, zh: "监测数据", en: "readings", columns: COLUMNS },
    Section { kind: SheetKind::HazardousWaste, zh: "危险废物", en: "hazardous waste", columns: WASTE_COLUMNS },
    Section { kind: SheetKind::Facilities, zh: "污染防治设施", en: "facilities", columns: FACILITY_COLUMNS },
    Section { kind: SheetKind::Products, zh: "主要产品", en: "products", columns: PRODUCT_COLUMNS },
    Section {
        kind: SheetKind::FugitiveEmissions,
        zh: "无组织排放",
        en: "fugitive emissions",
        columns: FUGITIVE_COLUMNS,
    },
];

/// The columns that name a record on every list sheet.
const KEY_COLUMNS: [&str; 4] = [USCC.key, REPORT_YEAR.key, REPORT_TYPE.key, PUBLISHED_ON.key];

/// The column `name` (a header as written) means, in `columns`.
fn find(columns: &'static [Column], name: &str) -> Option<&'static Column> {
    let wanted = normalize(name);
    columns.iter().find(|c| normalize(c.key) == wanted || normalize(c.zh) == wanted)
}

/// The sheet a header row belongs to: the one that knows most of its columns, leaving aside the
/// columns that name a record (every sheet has those); the main sheet when none knows any.
pub(super) fn section_of(header: &StringRecord) -> &'static Section {
    let known = |s: &Section| {
        header.iter().filter(|h| find(s.columns, h).is_some_and(|c| !KEY_COLUMNS.contains(&c.key))).count()
    };
    let mut best = &SECTIONS[0];
    for s in &SECTIONS[1..] {
        if known(s) > known(best) {
            best = s;
        }
    }
    best
}

/// Lower case, trimmed, with `-` and spaces read as `_`: how headers and choices are compared.
pub(super) fn normalize(s: &str) -> String {
    s.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The header row: which column sits where, and how the file names it.
pub(super) struct Sheet {
    file: String,
    pub(super) section: &'static Section,
    /// The headers as written, trimmed.
    pub(super) names: Vec<String>,
    /// Column key → position.
    index: HashMap<&'static str, usize>,
}

impl Sheet {
    /// Reads the header row, reporting unknown, repeated and missing columns.
    pub(super) fn read(file: &str, header: &StringRecord) -> (Sheet, Vec<ImportError>) {
        let section = section_of(header);
        let mut sheet = Sheet { file: file.to_owned(), section, names: Vec::new(), index: HashMap::new() };
        let mut errors = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let name = raw.trim().to_owned();
            if !name.is_empty() {
                match find(section.columns, &name) {
                    None => {
                        let elsewhere = SECTIONS.iter().find(|s| find(s.columns, &name).is_some());
                        let message = elsewhere.map_or_else(
                            || "unknown column / 未知的列".to_owned(),
                            |s| {
                                format!(
                                    "a column of the {} sheet, not of the {} sheet: put it in a file of its own / 此列属于“{}”表，不属于“{}”表，请另存为单独的文件",
                                    s.en, section.en, s.zh, section.zh
                                )
                            },
                        );
                        errors.push(sheet.error_at(1, name.clone(), message));
                    }
                    Some(c) => {
                        if let Some(&first) = sheet.index.get(c.key) {
                            let message = format!(
                                "the same column as \"{}\" / 与“{}”列重复",
                                sheet.names[first], sheet.names[first]
                            );
                            errors.push(sheet.error_at(1, name.clone(), message));
                        } else {
                            sheet.index.insert(c.key, i);
                        }
                    }
                }
            }
            sheet.names.push(name);
        }
        for c in section.columns.iter().filter(|c| c.required && !sheet.index.contains_key(c.key)) {
            let message = format!("missing required column (\"{}\" or \"{}\") / 缺少必填列“{}”", c.key, c.zh, c.zh);
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
