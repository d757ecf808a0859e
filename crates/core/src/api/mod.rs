//! The request and response types the app and the intake service exchange over `/api/`, so that
//! a renamed field is a compile error on both sides instead of a blank cell. Field names are the
//! wire names (see `docs/open311.md` and `docs/staff.md`).

pub mod reports;
pub mod requests;
pub mod staff;

use serde::{Deserialize, Serialize};

use crate::report::ErrorKind;

/// One entry of an Open311-style error list: `[{"code": 400, "description": "…", "field": "…",
/// "kind": "…"}]`. `field` (the form field, upload part or JSON field at fault) and `kind` (a
/// stable key the UI translates) are left out when there is none.
///
/// `K` is the kind of key: [`ErrorKind`] for the report API, [`staff::StaffErrorKind`] for the
/// staff API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError<K = ErrorKind> {
    /// The HTTP status code.
    #[serde(default)]
    pub code: u16,
    /// A human-readable description, in the language the request asked for.
    #[serde(default)]
    pub description: String,
    /// The field at fault; empty when none is named.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    /// The stable key of the error, if any (a missing one reads as `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<K>,
}

impl<K> ApiError<K> {
    /// An error with a status and a description only.
    pub fn plain(code: u16, description: impl Into<String>) -> Self {
        Self { code, description: description.into(), field: String::new(), kind: None }
    }
}

#[cfg(test)]
mod tests;
