//! The staff API's bodies: sign-in and the session, the report list and a report in full, status
//! changes and replies, and the audit log. `docs/staff.md` shows each with an example.

use serde::de::{Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::report::Status;

/// What a staff member may do. Serialised as its [`Role::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works on reports: lists and reads them, views photos, changes statuses, replies.
    Triager,
    /// Everything a triager does, plus reading the audit log and exporting CSV.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 2] = [Role::Triager, Role::Admin];

    /// The stable key: `triager` or `admin`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Triager => "triager",
            Role::Admin => "admin",
        }
    }

    /// The role with this key.
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// Whether this role includes everything `needed` may do.
    pub fn includes(self, needed: Role) -> bool {
        self == Role::Admin || needed == Role::Triager
    }
}

/// The stable key of a staff API error, which the UI translates. Serialised in snake case
/// (`not_signed_in`, …, `server_error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffErrorKind {
    /// No live session (`401`).
    NotSignedIn,
    /// The session's role may not do this (`403`).
    Forbidden,
    /// A state-changing request without the session's CSRF token (`403`).
    CsrfInvalid,
    /// Wrong user name or password, or a disabled account (`401`).
    LoginFailed,
    /// Too many failed sign-ins (`429`).
    LockedOut,
    /// No such report or photo (`404`).
    NotFound,
    /// A parameter or body field is invalid (`400`, naming the field).
    Invalid,
    /// The workflow does not allow this status change (`409`).
    TransitionNotAllowed,
    /// The body is not JSON (`415`).
    NotJson,
    /// The body is too large (`413`).
    TooLarge,
    /// The server could not do it (`500`).
    ServerError,
}

/// The body of `POST /api/staff/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

/// A staff session as the UI sees it (`POST /api/staff/login`, `GET /api/staff/me`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSession {
    /// The user name.
    pub user: String,
    /// What the account may do.
    pub role: Role,
    /// The token every state-changing request sends as `X-CSRF-Token`.
    pub csrf_token: String,
    /// When the session ends (China time).
    pub expires_at: String,
}

/// The answer to `POST /api/staff/logout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedOut {
    /// Always `true`.
    pub signed_out: bool,
}

/// A report in the staff list (and the first fields of a report in full).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSummary {
    /// The public id.
    pub id: String,
    /// The category's key.
    pub category: String,
    /// Where it stands.
    pub status: Status,
    /// The district code, if known.
    pub district: Option<String>,
    /// The park or zone id, if known.
    pub area: Option<String>,
    /// The enterprise id, if one was named.
    pub enterprise_id: Option<String>,
    /// When it arrived (China time).
    pub created: String,
    /// When it last changed (China time).
    pub updated: String,
    /// When it was closed (China time), if it was.
    pub closed: Option<String>,
    /// The acknowledgement deadline (China time).
    pub ack_due: String,
    /// The conclusion deadline (China time).
    pub handle_due: String,
    /// Whether the acknowledgement deadline has passed.
    pub ack_overdue: bool,
    /// Whether the conclusion deadline has passed.
    pub handle_overdue: bool,
    /// Either of the two.
    pub overdue: bool,
    /// The earlier report this one possibly duplicates.
    pub duplicate_of: Option<String>,
    /// How many photos it has.
    pub photos: i64,
    /// How many replies it has.
    pub replies: i64,
}

/// A page of the staff list (`GET /api/staff/reports`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportList {
    /// How many reports match the filters.
    pub total: u64,
    /// The page size asked for.
    pub limit: u32,
    /// The page's offset.
    pub offset: u32,
    /// The page.
    pub reports: Vec<StaffSummary>,
}

/// Where the reporter saw it, and the reporter's contact details: the report form's own types.
pub use crate::report::{Contact, GeoPoint as Location};

/// A stored photo of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoFile {
    /// Its position (0-based).
    pub id: i64,
    /// Its real type (`image/jpeg`, `image/png` or `image/webp`).
    pub media_type: String,
    /// Where staff read it.
    pub url: String,
}

/// A reply as staff see it: `text_zh` is `null` when there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffReply {
    /// When it was written (China time).
    pub at: String,
    /// The reply.
    pub text: String,
    /// Its Chinese version.
    #[serde(default)]
    pub text_zh: Option<String>,
}

/// One status change in a report's history (from the audit log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When (China time).
    pub at: String,
    /// Who: a user name, or `(cli)`.
    pub by: String,
    /// The status before.
    pub from: Option<Status>,
    /// The status after.
    pub to: Option<Status>,
    /// The internal note, if any.
    pub note: Option<String>,
}

/// What a report in full adds to its [`StaffSummary`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffDetail {
    /// Who the reporter says is at fault, when no enterprise was named.
    pub source_description: Option<String>,
    /// The day it was seen (`YYYY-MM-DD`).
    pub observed_on: String,
    /// The time it was seen (`HH:MM`), if given.
    pub observed_time: Option<String>,
    /// The address, if given.
    pub address: Option<String>,
    /// The coordinates, if given (and until retention).
    pub location: Option<Location>,
    /// What the reporter saw.
    pub description: String,
    /// The contact details; `null` when anonymous, and after retention.
    pub contact: Option<Contact>,
    /// Whether the reporter wants a reward.
    pub wants_reward: bool,
    /// Whether the reporter agrees to be contacted.
    pub consent_to_contact: bool,
    /// When retention removed the personal data (China time).
    pub personal_data_deleted: Option<String>,
    /// The later reports that point here as their possible duplicate.
    pub duplicates: Vec<String>,
    /// The photos.
    pub photo_files: Vec<PhotoFile>,
    /// The replies, oldest first.
    pub replies: Vec<StaffReply>,
    /// The status changes, oldest first.
    pub history: Vec<HistoryEntry>,
    /// The statuses it may move to.
    pub allowed_next: Vec<Status>,
}

/// A report in full (`GET /api/staff/reports/{id}`): the summary's fields, then the detail's.
///
/// The wire object names `replies` twice, as it always has: the summary's count, then the list.
/// It is deserialised by that: the number goes to [`StaffSummary::replies`], the list to
/// [`StaffDetail::replies`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffReport {
    /// The fields of the list.
    #[serde(flatten)]
    pub summary: StaffSummary,
    /// The rest.
    #[serde(flatten)]
    pub detail: StaffDetail,
}

impl<'de> Deserialize<'de> for StaffReport {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = (Map<String, Value>, Option<Value>);
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a staff report object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let (mut fields, mut list) = (Map::new(), None);
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    if key == "replies" && value.is_array() {
                        list = Some(value);
                    } else {
                        fields.insert(key, value);
                    }
                }
                Ok((fields, list))
            }
        }
        let (mut fields, list) = deserializer.deserialize_map(Fields)?;
        let list = list.ok_or_else(|| D::Error::missing_field("replies"))?;
        let count = list.as_array().map_or(0, Vec::len);
        fields.entry("replies").or_insert_with(|| count.into());
        let summary = serde_json::from_value(Value::Object(fields.clone())).map_err(D::Error::custom)?;
        fields.insert("replies".to_owned(), list);
        let detail = serde_json::from_value(Value::Object(fields)).map_err(D::Error::custom)?;
        Ok(StaffReport { summary, detail })
    }
}

/// What a staff member posts about a report: a status change or a reply. Serialised as
/// `status` or `reply`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffAction {
    /// `POST /api/staff/reports/{id}/status` with a [`StatusChangeRequest`].
    Status,
    /// `POST /api/staff/reports/{id}/replies` with a [`ReplyRequest`].
    Reply,
}

impl StaffAction {
    /// The URL to post to for report `id`.
    pub fn path(self, id: &str) -> String {
        let last = match self {
            StaffAction::Status => "status",
            StaffAction::Reply => "replies",
        };
        format!("/api/staff/reports/{}/{last}", crate::query::encode_component(id))
    }
}

/// The body of `POST /api/staff/reports/{id}/status`. `status` is a [`Status`] key (the server
/// trims it, and names `status` in its error if it is none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChangeRequest {
    /// The new status's key.
    pub status: String,
    /// An internal note for the history.
    #[serde(default)]
    pub note: Option<String>,
}

/// The answer to a status change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChanged {
    /// The report's public id.
    pub id: String,
    /// The new status.
    pub status: Status,
    /// The status before.
    pub previous: Status,
    /// When it changed (China time).
    pub updated: String,
    /// Where it may move next.
    pub allowed_next: Vec<Status>,
}

/// The body of `POST /api/staff/reports/{id}/replies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    /// The reply.
    pub text: String,
    /// Its Chinese version.
    #[serde(default)]
    pub text_zh: Option<String>,
}

/// The answer to a reply (`201`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyAdded {
    /// The report's public id.
    pub id: String,
    /// The reply as stored.
    pub reply: StaffReply,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Its sequence number.
    pub id: i64,
    /// When (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub at: String,
    /// Who: a user name or one of `(cli)`, `(service)`, `(unknown)`.
    pub actor: String,
    /// What: an action key such as `status_change`.
    pub action: String,
    /// The report it touched, if any.
    pub report: Option<String>,
    /// What else the action recorded; its shape depends on the action (`{}` for most).
    pub detail: Value,
}

/// A page of the audit log, newest first (`GET /api/staff/audit`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    /// The entries.
    pub entries: Vec<AuditEntry>,
    /// The `before` of the next page, when this one was full.
    pub next_before: Option<i64>,
}
