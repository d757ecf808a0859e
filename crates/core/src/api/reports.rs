//! The report API's bodies: categories, proof-of-work challenges, a filed report's answer, its
//! public status, and the reporter's own status look-up by receipt.

use serde::{Deserialize, Serialize};

use crate::report::Status;

/// One Open311 service: a report category (`GET /api/open311/v2/services.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// The category's key.
    pub service_code: String,
    /// Its name in the requested language.
    pub service_name: String,
    /// What it covers.
    pub description: String,
    /// Always `false`: no extra attributes.
    pub metadata: bool,
    /// Always `realtime`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Search words.
    pub keywords: String,
    /// The group the category belongs to.
    pub group: String,
}

/// A fresh single-use proof-of-work challenge (`GET /api/pow`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PowChallenge {
    /// The challenge to hash with a nonce.
    pub challenge: String,
    /// How many leading zero bits the hash needs.
    pub difficulty_bits: u8,
    /// When the challenge expires (China time, `YYYY-MM-DD HH:MM:SS`).
    #[serde(default)]
    pub expires_at: String,
}

/// The answer to a stored report (`POST /api/open311/v2/requests.json`, a one-entry list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Created {
    /// The report's public id.
    pub service_request_id: String,
    /// The receipt, in its grouped form (`1234 5678 9012 3452`, as [`crate::report::Receipt`]
    /// writes it).
    pub receipt: String,
    /// What happens next, in the requested language.
    #[serde(default)]
    pub service_notice: String,
    /// Open311's account id: always `null`.
    #[serde(default)]
    pub account_id: Option<String>,
}

/// The public view of a report (`GET /api/open311/v2/requests/{id}.json`, a one-entry list): no
/// description, contact, place or photos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicRequest {
    /// The report's public id.
    pub service_request_id: String,
    /// Its category's key.
    pub service_code: String,
    /// `open` or `closed` (Open311's two states).
    pub status: String,
    /// The [`Status`] key.
    pub status_detail: String,
    /// When it was filed (China time).
    pub requested_datetime: String,
    /// When it last changed (China time).
    pub updated_datetime: String,
}

/// The body of a status look-up (`POST /api/reports/status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusQuery {
    /// The receipt as the reporter typed it.
    pub receipt: String,
}

/// A reply from the bureau, as the reporter sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// When it was written (China time).
    pub at: String,
    /// The reply.
    pub text: String,
    /// Its Chinese version, if the bureau wrote one; left out when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_zh: Option<String>,
}

/// A report's own status and replies, for the holder of its receipt (`POST /api/reports/status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnStatus {
    /// The report's public id.
    pub id: String,
    /// Its category's key.
    pub category: String,
    /// Where it stands.
    pub status: Status,
    /// When it was filed (China time).
    pub requested: String,
    /// When it last changed (China time).
    pub updated: String,
    /// The bureau's replies, oldest first.
    pub replies: Vec<Reply>,
    /// Each change of status, oldest first (when and to what; who and why stay with the bureau).
    /// An older service that sends none reads as an empty list.
    #[serde(default)]
    pub history: Vec<StatusStep>,
}

/// One change of a report's status, as its reporter sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusStep {
    /// When it changed (China time, ISO 8601).
    pub at: String,
    /// The status it moved to.
    pub status: Status,
}
