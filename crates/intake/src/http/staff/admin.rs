//! The administrators' routes: every report as CSV (written with [`portal_core::csv`]) and the
//! audit log.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::staff::{AuditPage, Role, StaffReport};
use portal_core::csv::{Cell, Quoting, Writer};
use portal_core::report::china_date;
use serde::Deserialize;
use serde_json::json;

use rusqlite::TransactionBehavior::Deferred;

use super::audited;
use super::session::StaffAuth;
use crate::AppState;
use crate::audit::{self, Action};
use crate::http::error::{StaffError, respond};
use crate::http::json::{flag, given, json_response, number, read_query};
use crate::http::lang::Language;
use crate::store;

/// Audit entries listed when no `limit` is given, and the most in one page.
const DEFAULT_AUDIT_LIMIT: u32 = 100;
const MAX_AUDIT_LIMIT: u32 = 500;

/// The query of `GET /api/staff/export.csv`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ExportQuery {
    with_contact: Option<String>,
    lang: Option<String>,
}

/// The CSV export: UTF-8 with a byte-order mark (so that Excel reads the Chinese), CRLF line
/// ends, every cell quoted, one row per report, oldest first. The coordinates and the counts are
/// numbers; every other cell is text, defused if it starts like a formula (see
/// [`portal_core::csv`]).
pub fn export_csv(reports: &[StaffReport], with_contact: bool) -> String {
    // The columns and their definitions: portal_core::query::export_staff, also the descriptor's.
    let header = portal_core::query::export_staff::headers(with_contact);
    let mut csv = Writer::new(Quoting::Always);
    csv.text_row(header);
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    for StaffReport { summary: s, detail: r } in reports {
        let row = [
            s.id.clone(),
            s.category.clone(),
            s.status.key().to_owned(),
            text(&s.district),
            text(&s.area),
            text(&s.enterprise_id),
            text(&r.source_description),
            r.observed_on.clone(),
            text(&r.observed_time),
            text(&r.address),
            r.description.clone(),
            r.wants_reward.to_string(),
            r.consent_to_contact.to_string(),
            s.created.clone(),
            s.updated.clone(),
            text(&s.closed),
            s.ack_due.clone(),
            s.handle_due.clone(),
            s.ack_overdue.to_string(),
            s.handle_overdue.to_string(),
            text(&s.duplicate_of),
        ];
        let counts = [s.photos.to_string(), s.replies.to_string()];
        let deleted = text(&r.personal_data_deleted);
        let contact = r.contact.clone().unwrap_or_default();
        let contact = [text(&contact.name), text(&contact.phone), text(&contact.email)];
        let coordinates = [
            r.location.map(|l| l.lat.to_string()).unwrap_or_default(),
            r.location.map(|l| l.lng.to_string()).unwrap_or_default(),
        ];
        let cells = row
            .iter()
            .map(|c| Cell::Text(c))
            .chain(counts.iter().map(|c| Cell::Number(c)))
            .chain([Cell::Text(&deleted)]);
        if with_contact {
            csv.row(
                cells.chain(contact.iter().map(|c| Cell::Text(c))).chain(coordinates.iter().map(|c| Cell::Number(c))),
            );
        } else {
            csv.row(cells);
        }
    }
    csv.finish()
}

/// `GET /api/staff/export.csv[?with_contact=1]` (administrators): every report as CSV. Contact
/// details and coordinates only with `with_contact=1`. Audited as `export`, with that choice.
pub(super) async fn export(State(state): State<AppState>, staff: StaffAuth, uri: Uri) -> Response {
    let outcome = async {
        staff.require(Role::Admin)?;
        let query: ExportQuery = read_query(&uri)?;
        let with_contact = flag(&query.with_contact, "with_contact")?;
        let (now, key) = (state.clock.now(), state.key.clone());
        let reports = audited(&state, staff.0.username, now, Deferred, move |tx| {
            let reports = store::export_reports(tx, &key, with_contact, now)?;
            let detail = json!({"with_contact": with_contact, "rows": reports.len()});
            Ok((reports, Some((Action::Export, None, detail))))
        })
        .await?;
        let csv = export_csv(&reports, with_contact);
        let disposition = format!("attachment; filename=\"{}\"", export_file_name(now));
        let disposition = HeaderValue::from_str(&disposition).map_err(|_| StaffError::Server)?;
        Ok((
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            csv,
        )
            .into_response())
    };
    respond(Language::of(&uri), outcome.await)
}

/// The query of `GET /api/staff/audit`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct AuditQuery {
    before: Option<String>,
    limit: Option<String>,
    action: Option<String>,
    actor: Option<String>,
    report: Option<String>,
    lang: Option<String>,
}

/// The export's file name on `now`'s day.
fn export_file_name(now: i64) -> String {
    format!("reports-{}.csv", china_date(now))
}

/// `GET /api/staff/export.datapackage.json[?with_contact=1]` (administrators): the Frictionless
/// descriptor of the export, with a type and a definition for every column (see
/// [`portal_core::query::export_staff`]). It holds no report, so reading it is not audited.
pub(super) async fn export_descriptor(State(state): State<AppState>, staff: StaffAuth, uri: Uri) -> Response {
    let outcome = async {
        staff.require(Role::Admin)?;
        let query: ExportQuery = read_query(&uri)?;
        let with_contact = flag(&query.with_contact, "with_contact")?;
        let now = state.clock.now();
        let text = portal_core::query::export_staff::descriptor(
            &export_file_name(now),
            with_contact,
            &portal_core::report::china_datetime(now),
            Language::of(&uri),
        );
        Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], text).into_response())
    };
    respond(Language::of(&uri), outcome.await)
}

/// `GET /api/staff/audit` (administrators): the log, newest first, with paging by `before`
/// (an entry id). Reading it is itself audited as `audit_view`.
pub(super) async fn audit_log(State(state): State<AppState>, staff: StaffAuth, uri: Uri) -> Response {
    let outcome = async {
        staff.require(Role::Admin)?;
        let query: AuditQuery = read_query(&uri)?;
        let limit = number(&query.limit, "limit")?.unwrap_or(DEFAULT_AUDIT_LIMIT);
        if limit == 0 || limit > MAX_AUDIT_LIMIT {
            return Err(StaffError::invalid("limit"));
        }
        let before = given(&query.before).map(|b| b.parse::<i64>().map_err(|_| StaffError::invalid("before")));
        let action = given(&query.action).map(|a| Action::from_key(a).ok_or_else(|| StaffError::invalid("action")));
        let filter = audit::Query {
            before: before.transpose()?,
            limit,
            action: action.transpose()?,
            actor: given(&query.actor).map(str::to_owned),
            report_id: given(&query.report).map(str::to_owned),
        };
        let entries = audited(&state, staff.0.username, state.clock.now(), Deferred, move |tx| {
            let entries = audit::list(tx, &filter)?;
            let detail = json!({"entries": entries.len()});
            Ok((entries, Some((Action::AuditView, None, detail))))
        })
        .await?;
        let next_before = (entries.len() == limit as usize).then(|| entries.last().map(|e| e.id)).flatten();
        json_response(StatusCode::OK, &AuditPage { entries, next_before })
    };
    respond(Language::of(&uri), outcome.await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        let csv_cell = |value| portal_core::csv::cell(Cell::Text(value), Quoting::Always);
        assert_eq!(csv_cell("plain"), "\"plain\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+8613912345678"), "\"'+8613912345678\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("多行\n文本"), "\"多行\n文本\"");
    }
}
