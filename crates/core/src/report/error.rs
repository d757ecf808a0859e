//! Why a field or an upload was rejected ([`ErrorKind`]), with the message to show in both
//! languages.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

macro_rules! error_kinds {
    ($($kind:ident => $key:literal { zh: $zh:expr, en: $en:expr $(,)? })*) => {
        /// Why a field (or an upload) was rejected. [`ErrorKind::message`] is the text to show.
        ///
        /// The first group comes from [`validate`](fn@super::validate) (the form shows them before sending); the
        /// rest only from the server (photos, the upload itself, proof of work, receipts).
        /// Serialised as its [`ErrorKind::key`]; the server puts the key in each error it returns
        /// so the form can show the message in the reader's language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorKind { $(#[doc = $en] $kind),* }

        impl ErrorKind {
            /// Every kind, for completeness checks.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind),*];

            /// The stable key, e.g. `description_too_short`.
            pub fn key(self) -> &'static str {
                match self { $(ErrorKind::$kind => $key),* }
            }

            /// The message to show, in `lang`.
            pub fn message(self, lang: Lang) -> &'static str {
                match self { $(ErrorKind::$kind => lang.pick($zh, $en)),* }
            }
        }
    };
}

error_kinds! {
    CategoryMissing => "category_missing" {
        zh: "请选择举报类别。",
        en: "Choose what kind of violation you are reporting.",
    }
    SourceMissing => "source_missing" {
        zh: "请从列表中选择企业，或描述不明污染源。",
        en: "Choose an enterprise from the list, or describe the unknown source.",
    }
    EnterpriseInvalid => "enterprise_invalid" {
        zh: "所选企业无效，请重新从列表中选择。",
        en: "The enterprise chosen is not valid. Choose it again from the list.",
    }
    SourceTooLong => "source_too_long" {
        zh: "污染源描述不能超过500个字。",
        en: "The description of the source must be 500 characters or fewer.",
    }
    DateMissing => "date_missing" {
        zh: "请填写发现日期。",
        en: "Enter the date you saw it.",
    }
    DateInvalid => "date_invalid" {
        zh: "日期应为真实的“年-月-日”，例如 2024-05-01。",
        en: "Enter a real date as year-month-day, for example 2024-05-01.",
    }
    DateInFuture => "date_in_future" {
        zh: "发现日期不能晚于今天。",
        en: "The date must be today or in the past.",
    }
    DateTooOld => "date_too_old" {
        zh: "发现日期须在一年以内。更早的情况请拨打12369环保举报热线。",
        en: "The date must be within the last year. For older matters, call the 12369 hotline.",
    }
    TimeInvalid => "time_invalid" {
        zh: "时间应为“时:分”，例如 14:30。",
        en: "Enter a real time as hours:minutes, for example 14:30.",
    }
    PlaceMissing => "place_missing" {
        zh: "请选择区县或园区。",
        en: "Choose a district, county or park.",
    }
    DistrictUnknown => "district_unknown" {
        zh: "请选择连云港市的区或县。",
        en: "Choose one of Lianyungang's districts or counties.",
    }
    AreaUnknown => "area_unknown" {
        zh: "请从列表中选择园区或功能区。",
        en: "Choose a park or zone from the list.",
    }
    AreaNotInDistrict => "area_not_in_district" {
        zh: "所选园区不在所选区县内。",
        en: "The park chosen is not in the district or county chosen.",
    }
    AddressTooLong => "address_too_long" {
        zh: "地址不能超过200个字。",
        en: "The address must be 200 characters or fewer.",
    }
    LocationInvalid => "location_invalid" {
        zh: "位置坐标无效。",
        en: "The coordinates are not valid.",
    }
    LocationOutsideCity => "location_outside_city" {
        zh: "位置不在连云港市范围内。",
        en: "The location is outside Lianyungang.",
    }
    DescriptionTooShort => "description_too_short" {
        zh: "请描述看到、闻到或测到的情况，至少20个字。",
        en: "Describe what you saw, smelt or measured in at least 20 characters.",
    }
    DescriptionTooLong => "description_too_long" {
        zh: "描述不能超过5000个字。",
        en: "The description must be 5,000 characters or fewer.",
    }
    NameTooLong => "name_too_long" {
        zh: "姓名不能超过50个字。",
        en: "The name must be 50 characters or fewer.",
    }
    PhoneInvalid => "phone_invalid" {
        zh: "请填写有效的手机号，或带区号的固定电话，例如 13812345678 或 0518-12345678。",
        en: "Enter a valid mobile number, or a landline with its area code, for example 13812345678 or 0518-12345678.",
    }
    EmailInvalid => "email_invalid" {
        zh: "请填写有效的电子邮箱地址，例如 name@example.com。",
        en: "Enter a valid email address, like name@example.com.",
    }
    RewardNeedsName => "reward_needs_name" {
        zh: "申请举报奖励须填写真实姓名（江苏省举报奖励规定要求实名）。",
        en: "To claim a reward, enter your real name (Jiangsu's reward rules require it).",
    }
    RewardNeedsContact => "reward_needs_contact" {
        zh: "申请举报奖励须留下手机号或电子邮箱，以便核实和发放。",
        en: "To claim a reward, give a phone number or email address so the bureau can verify and pay it.",
    }
    ConsentNeedsContact => "consent_needs_contact" {
        zh: "您同意被联系，请留下手机号或电子邮箱。",
        en: "You agreed to be contacted: give a phone number or email address.",
    }
    TooManyPhotos => "too_many_photos" {
        zh: "最多上传5张照片。",
        en: "Attach at most 5 photos.",
    }
    PhotoTooLarge => "photo_too_large" {
        zh: "每张照片不能超过10 MB。",
        en: "Each photo must be 10 MB or smaller.",
    }
    PhotoNotImage => "photo_not_image" {
        zh: "照片须为 JPEG、PNG 或 WebP 格式的图片。",
        en: "Photos must be JPEG, PNG or WebP images.",
    }
    PhotoUnreadable => "photo_unreadable" {
        zh: "有一张照片已损坏，无法读取。",
        en: "A photo is damaged and cannot be read.",
    }
    PhotoTooManyPixels => "photo_too_many_pixels" {
        zh: "照片像素过多（最多5000万像素），请缩小后重试。",
        en: "A photo has too many pixels (at most 50 megapixels). Make it smaller and try again.",
    }
    PhotoNoRoom => "photo_no_room" {
        zh: "服务器暂时没有空间接收照片。请去掉照片后提交，不带照片的举报照常受理。",
        en: "The server has no room for photos right now. Remove the photos and send the report: reports without photos are still accepted.",
    }
    UploadTooLarge => "upload_too_large" {
        zh: "提交的内容过大，请减少照片后重试。",
        en: "The upload is too large. Attach fewer photos and try again.",
    }
    UploadMalformed => "upload_malformed" {
        zh: "提交的内容无法读取，请刷新页面后重试。",
        en: "The upload could not be read. Reload the page and try again.",
    }
    UnknownPart => "unknown_part" {
        zh: "提交的内容中有无法识别的部分。",
        en: "The upload contains a part this service does not know.",
    }
    ReportMissing => "report_missing" {
        zh: "没有收到举报内容，请重新提交。",
        en: "The report itself did not arrive. Send it again.",
    }
    ReportMalformed => "report_malformed" {
        zh: "举报内容中有一项的格式不正确。",
        en: "One item of the report has the wrong format.",
    }
    UnknownField => "unknown_field" {
        zh: "举报内容中有无法识别的项目。",
        en: "The report contains an item this service does not know.",
    }
    ReportTooDeep => "report_too_deep" {
        zh: "举报内容的层次过深，无法处理。",
        en: "The report is nested too deeply to be read.",
    }
    ReportTooLarge => "report_too_large" {
        zh: "举报内容过长（照片除外，不能超过64 KB）。",
        en: "The report is too long (64 KB at most, not counting photos).",
    }
    PowMissing => "pow_missing" {
        zh: "缺少安全验证，请重新提交。",
        en: "The security check is missing. Send the report again.",
    }
    PowInvalid => "pow_invalid" {
        zh: "安全验证未通过，请重新提交。",
        en: "The security check did not pass. Send the report again.",
    }
    PowExpired => "pow_expired" {
        zh: "安全验证已过期或已使用过，请重新提交。",
        en: "The security check has expired or was already used. Send the report again.",
    }
    RateLimited => "rate_limited" {
        zh: "提交过于频繁，请稍等一分钟后再试。",
        en: "Too many requests in a short time. Wait a minute and try again.",
    }
    ReceiptInvalid => "receipt_invalid" {
        zh: "回执码应为16位数字，请检查是否抄错。",
        en: "A receipt code has 16 digits. Check that it was copied correctly.",
    }
    ReceiptCheckDigit => "receipt_check_digit" {
        zh: "回执码有一位抄错了，或有两位顺序颠倒（最后一位是校验位），请逐位核对。",
        en: "One digit of this receipt code is wrong, or two are swapped (the last digit is a check digit). Check it digit by digit.",
    }
    ReceiptNotFound => "receipt_not_found" {
        zh: "没有与该回执码对应的举报。",
        en: "No report has this receipt code.",
    }
    QueryInvalid => "query_invalid" {
        zh: "查询条件有误：日期写作YYYY-MM-DD，时间范围不超过90天，每页最多200条，状态为open或closed。",
        en: "The query is not valid: dates are written YYYY-MM-DD, a range spans at most 90 days, a page holds at most 200 reports, and the status is open or closed.",
    }
    RequestNotFound => "request_not_found" {
        zh: "没有这个编号的举报。",
        en: "No report has this number.",
    }
    ServerError => "server_error" {
        zh: "服务器暂时无法处理，请稍后重试。",
        en: "The server could not handle this just now. Try again later.",
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}
