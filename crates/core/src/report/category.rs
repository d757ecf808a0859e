//! What a report is about ([`Category`], with its names, hints and Open311 fields) and the notice
//! shown once a report is stored.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// What kind of violation a report is about. Serialised as its [`Category::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 非法排放.
    IllegalDischarge,
    /// 超标排放.
    ExceedingLimit,
    /// 使用禁用物质.
    BannedSubstance,
    /// 未依法披露或虚假披露.
    DisclosureFailure,
    /// 危险废物处置不当.
    HazardousWaste,
    /// 异味或水体变色.
    OdourOrDiscolouredWater,
    /// 滥用抗生素或农药.
    AntibioticsOrPesticidesMisuse,
    /// 其他.
    Other,
}

impl Category {
    /// Every category, in the order the form lists them.
    pub const ALL: [Category; 8] = [
        Category::IllegalDischarge,
        Category::ExceedingLimit,
        Category::BannedSubstance,
        Category::DisclosureFailure,
        Category::HazardousWaste,
        Category::OdourOrDiscolouredWater,
        Category::AntibioticsOrPesticidesMisuse,
        Category::Other,
    ];

    /// The stable key (the Open311 `service_code`), e.g. `illegal_discharge`.
    pub fn key(self) -> &'static str {
        match self {
            Category::IllegalDischarge => "illegal_discharge",
            Category::ExceedingLimit => "exceeding_limit",
            Category::BannedSubstance => "banned_substance",
            Category::DisclosureFailure => "disclosure_failure",
            Category::HazardousWaste => "hazardous_waste",
            Category::OdourOrDiscolouredWater => "odour_or_discoloured_water",
            Category::AntibioticsOrPesticidesMisuse => "antibiotics_or_pesticides_misuse",
            Category::Other => "other",
        }
    }

    /// The category with this key.
    pub fn from_key(key: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The short name shown on the radio button.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Category::IllegalDischarge => lang.pick("非法排放", "Illegal discharge"),
            Category::ExceedingLimit => lang.pick("超标排放", "Exceeding a limit"),
            Category::BannedSubstance => lang.pick("使用禁用物质", "Use of a banned substance"),
            Category::DisclosureFailure => lang.pick("未依法披露或虚假披露", "Failure to disclose or false disclosure"),
            Category::HazardousWaste => lang.pick("危险废物处置不当", "Hazardous waste mishandled"),
            Category::OdourOrDiscolouredWater => lang.pick("异味或水体变色", "Odour or discoloured water"),
            Category::AntibioticsOrPesticidesMisuse => {
                lang.pick("滥用抗生素或农药", "Misuse of antibiotics or pesticides")
            }
            Category::Other => lang.pick("其他", "Other"),
        }
    }

    /// One sentence saying what belongs in this category (hint text; Open311 `description`).
    pub fn description(self, lang: Lang) -> &'static str {
        match self {
            Category::IllegalDischarge => lang.pick(
                "未经许可，或通过暗管、渗坑等方式排放废水、废气。",
                "Discharging wastewater or emissions without a permit, or through hidden pipes, seepage pits and the like.",
            ),
            Category::ExceedingLimit => lang.pick(
                "排放浓度或总量超过国家、地方标准或排污许可限值。",
                "Discharging more than a national or local standard or the permit allows.",
            ),
            Category::BannedSubstance => lang.pick(
                "生产、使用或进出口已禁止或限制的重点管控新污染物，如全氟辛基磺酸类、十溴二苯醚。",
                "Making, using, importing or exporting a banned or restricted key-controlled new pollutant, such as PFOS or decabromodiphenyl ether.",
            ),
            Category::DisclosureFailure => lang.pick(
                "企业未按规定公开环境信息，或公开的信息不实。",
                "An enterprise does not publish the environmental information it must, or publishes false information.",
            ),
            Category::HazardousWaste => lang.pick(
                "危险废物被非法倾倒、转移、贮存或处置。",
                "Hazardous waste dumped, moved, stored or disposed of illegally.",
            ),
            Category::OdourOrDiscolouredWater => lang.pick(
                "闻到刺鼻气味，或看到河道、沟渠的水异常变色、起泡。",
                "A pungent smell, or water in a river or ditch that is discoloured or foaming.",
            ),
            Category::AntibioticsOrPesticidesMisuse => lang.pick(
                "养殖、种植或制药过程中违规使用、排放抗生素或农药。",
                "Antibiotics or pesticides used or discharged against the rules in farming, aquaculture or drug making.",
            ),
            Category::Other => lang.pick(
                "其他涉及新污染物的环境违法行为。",
                "Any other environmental violation involving new pollutants.",
            ),
        }
    }

    /// The group the category belongs to (Open311 `group`).
    pub fn group(self, lang: Lang) -> &'static str {
        match self {
            Category::IllegalDischarge | Category::ExceedingLimit | Category::OdourOrDiscolouredWater => {
                lang.pick("排放", "Discharges")
            }
            Category::BannedSubstance | Category::AntibioticsOrPesticidesMisuse => lang.pick("化学品", "Chemicals"),
            Category::HazardousWaste => lang.pick("固体废物", "Waste"),
            Category::DisclosureFailure => lang.pick("信息公开", "Disclosure"),
            Category::Other => lang.pick("其他", "Other"),
        }
    }

    /// Comma-separated search keywords (Open311 `keywords`).
    pub fn keywords(self, lang: Lang) -> &'static str {
        match self {
            Category::IllegalDischarge => {
                lang.pick("偷排,暗管,渗坑,废水,废气", "discharge,hidden pipe,wastewater,emissions")
            }
            Category::ExceedingLimit => lang.pick("超标,浓度,排放标准,排污许可", "limit,concentration,standard,permit"),
            Category::BannedSubstance => {
                lang.pick("禁用,全氟化合物,持久性有机污染物,新污染物", "banned,PFAS,PFOS,POPs,new pollutants")
            }
            Category::DisclosureFailure => lang.pick("信息公开,披露,造假", "disclosure,false data,transparency"),
            Category::HazardousWaste => lang.pick("危废,倾倒,固体废物", "hazardous waste,dumping,solid waste"),
            Category::OdourOrDiscolouredWater => lang.pick("异味,臭味,变色,河道", "odour,smell,discoloured,river"),
            Category::AntibioticsOrPesticidesMisuse => {
                lang.pick("抗生素,农药,养殖,耐药", "antibiotics,pesticides,aquaculture,resistance")
            }
            Category::Other => lang.pick("其他", "other"),
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The notice shown (and returned as Open311 `service_notice`) once a report is stored.
pub fn service_notice(lang: Lang) -> &'static str {
    lang.pick(
        "举报已收到。请复制或保存回执码：凭回执码可查询处理进展和部门答复。回执会留在本机屏幕上，直到您关闭它；部门只保存回执码的加密摘要，无法替您找回。",
        "Your report has been received. Copy or save the receipt code: with it you can check the progress and read \
         the bureau's replies. The receipt stays on this device until you close it; the bureau keeps only a hash of \
         the code and cannot recover it for you.",
    )
}
