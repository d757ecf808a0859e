//! The staff's report routes: the list with its filters, a report in full, its photos, status
//! changes along the workflow and replies to the reporter.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::staff::{ReplyAdded, ReplyRequest, ReportList, StaffReply, StatusChangeRequest, StatusChanged};
use portal_core::report::{Category, Status, china_datetime};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use rusqlite::TransactionBehavior::{Deferred, Immediate};

use super::audited;
use super::session::StaffAuth;
use crate::AppState;
use crate::audit::Action;
use crate::clock::china_day_start;
use crate::http::error::{StaffError, respond};
use crate::http::json::{flag, given, json_response, number, read_json, read_query};
use crate::http::lang::Language;
use crate::store::{self, ReportFilter, Sort, StatusChange};

/// The longest reply (each of `text` and `text_zh`), in characters.
pub const MAX_REPLY_CHARS: usize = 5000;
/// The longest internal note on a status change, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Reports listed when no `limit` is given.
const DEFAULT_LIST_LIMIT: u32 = 100;

/// The query of `GET /api/staff/reports`. Empty values mean "any".
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ListQuery {
    status: Option<String>,
    category: Option<String>,
    district: Option<String>,
    area: Option<String>,
    enterprise: Option<String>,
    from: Option<String>,
    to: Option<String>,
    overdue: Option<String>,
    sort: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    lang: Option<String>,
}

impl ListQuery {
    fn filter(&self) -> Result<ReportFilter, StaffError> {
        let mut statuses = Vec::new();
        for key in given(&self.status).into_iter().flat_map(|v| v.split(',')).map(str::trim) {
            match key {
                "open" => statuses.extend(Status::ALL.into_iter().filter(|s| s.is_open())),
                "closed" => statuses.extend(Status::ALL.into_iter().filter(|s| !s.is_open())),
                key => statuses.push(Status::from_key(key).ok_or_else(|| StaffError::invalid("status"))?),
            }
        }
        let categories = given(&self.category)
            .into_iter()
            .flat_map(|v| v.split(','))
            .map(|key| Category::from_key(key.trim()).ok_or_else(|| StaffError::invalid("category")))
            .collect::<Result<Vec<_>, _>>()?;
        let day = |value: &Option<String>, field: &str| -> Result<Option<i64>, StaffError> {
            given(value).map(|d| china_day_start(d).ok_or_else(|| StaffError::invalid(field))).transpose()
        };
        let sort = match given(&self.sort) {
            None | Some("newest") => Sort::Newest,
            Some("oldest") => Sort::Oldest,
            Some("overdue") => Sort::Overdue,
            Some(_) => return Err(StaffError::invalid("sort")),
        };
        let limit = number(&self.limit, "limit")?.unwrap_or(DEFAULT_LIST_LIMIT);
        if limit == 0 || limit > store::MAX_LIST_LIMIT {
            return Err(StaffError::invalid("limit"));
        }
        Ok(ReportFilter {
            statuses,
            categories,
            district: given(&self.district).map(str::to_owned),
            area: given(&self.area).map(str::to_owned),
            enterprise: given(&self.enterprise).map(str::to_owned),
            created_from: day(&self.from, "from")?,
            created_before: day(&self.to, "to")?.map(|start| start + 86_400),
            overdue_only: flag(&self.overdue, "overdue")?,
            sort,
            limit,
            offset: number(&self.offset, "offset")?.unwrap_or(0),
        })
    }
}

/// `GET /api/staff/reports`.
pub(super) async fn list_reports(State(state): State<AppState>, _staff: StaffAuth, uri: Uri) -> Response {
    let outcome = async {
        let query: ListQuery = read_query(&uri)?;
        let filter = query.filter()?;
        let now = state.clock.now();
        let (limit, offset) = (filter.limit, filter.offset);
        let (total, reports) = state.db.call(move |conn| store::list_reports(conn, &filter, now)).await?;
        json_response(StatusCode::OK, &ReportList { total, limit, offset, reports })
    };
    respond(Language::of(&uri), outcome.await)
}

/// A text field trimmed, `None` when empty; refused (naming `field`) over `max` characters.
fn optional_text(value: Option<&str>, max: usize, field: &str) -> Result<Option<String>, StaffError> {
    let text = value.map(str::trim).filter(|t| !t.is_empty());
    if text.is_some_and(|t| t.chars().count() > max) {
        return Err(StaffError::invalid(field));
    }
    Ok(text.map(str::to_owned))
}

/// The report id from the path, if it looks like one.
fn report_id(path: Result<Path<String>, PathRejection>) -> Result<String, StaffError> {
    path.ok().map(|Path(id)| id).filter(|id| store::is_public_id(id)).ok_or(StaffError::NotFound)
}

/// `GET /api/staff/reports/{id}`: the whole report with its contact details opened, its photos'
/// ids, replies, duplicates both ways and status history. Audited as `report_view`.
pub(super) async fn report(
    State(state): State<AppState>,
    staff: StaffAuth,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Response {
    let outcome = async {
        let id = report_id(path)?;
        let (now, key) = (state.clock.now(), state.key.clone());
        let found = audited(&state, staff.0.username, now, Deferred, move |tx| {
            let report = store::report_detail(tx, &key, &id, now)?;
            let entry = report.is_some().then(|| (Action::ReportView, Some(id), json!({})));
            Ok((report, entry))
        })
        .await?;
        json_response(StatusCode::OK, &found.ok_or(StaffError::NotFound)?)
    };
    respond(Language::of(&uri), outcome.await)
}

/// `GET /api/staff/reports/{id}/photos/{n}`: the stored (metadata-stripped) photo, opened with
/// the key, with its real content type. Audited as `photo_view`.
pub(super) async fn photo(
    State(state): State<AppState>,
    staff: StaffAuth,
    path: Result<Path<(String, String)>, PathRejection>,
    uri: Uri,
) -> Response {
    let outcome = async {
        let (id, position) = path
            .ok()
            .and_then(|Path((id, n))| Some((id, n.parse::<i64>().ok()?)))
            .filter(|(id, n)| store::is_public_id(id) && (0..100).contains(n))
            .ok_or(StaffError::NotFound)?;
        let (now, key) = (state.clock.now(), state.key.clone());
        let found = audited(&state, staff.0.username, now, Deferred, move |tx| {
            let photo = store::photo(tx, &key, &id, position)?;
            let entry = photo.is_some().then(|| (Action::PhotoView, Some(id), json!({"photo": position})));
            Ok((photo, entry))
        })
        .await?;
        let (media_type, bytes) = found.ok_or(StaffError::NotFound)?;
        let content_type = HeaderValue::from_str(&media_type).map_err(|_| StaffError::Server)?;
        Ok((
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                (header::CONTENT_DISPOSITION, HeaderValue::from_static("inline")),
            ],
            Body::from(bytes),
        )
            .into_response())
    };
    respond(Language::of(&uri), outcome.await)
}

/// A staff member's post about one report: the report id from the path and the JSON body go to
/// `act`, whose answer (or refusal) is given in the request's language.
async fn post_about<B: DeserializeOwned>(
    path: Result<Path<String>, PathRejection>,
    request: Request,
    act: impl AsyncFnOnce(String, B) -> Result<Response, StaffError>,
) -> Response {
    let lang = Language::of(request.uri());
    let outcome = async {
        let id = report_id(path)?;
        let body = read_json(request).await?;
        act(id, body).await
    };
    respond(lang, outcome.await)
}

/// `POST /api/staff/reports/{id}/status`: moves a report along the workflow (see
/// [`Status::allowed_next`]). Audited as `status_change`, with the id of the note if there is one
/// (the note itself goes to `staff_notes`; see [`store::add_note`]).
pub(super) async fn change_status(
    State(state): State<AppState>,
    staff: StaffAuth,
    path: Result<Path<String>, PathRejection>,
    request: Request,
) -> Response {
    post_about(path, request, async |id, body: StatusChangeRequest| {
        let to = Status::from_key(body.status.trim()).ok_or_else(|| StaffError::invalid("status"))?;
        let note = optional_text(body.note.as_deref(), MAX_NOTE_CHARS, "note")?;
        let now = state.clock.now();
        let changed_id = id.clone();
        let key = state.key.clone();
        let change = audited(&state, staff.0.username, now, Immediate, move |tx| {
            let change = store::set_status(tx, &changed_id, to, now)?;
            let entry = match change {
                StatusChange::Changed { from } => {
                    let note = match note {
                        Some(note) => store::add_note(tx, &key, &changed_id, &note)?,
                        None => None,
                    };
                    let detail = json!({"from": from.key(), "to": to.key(), "note": note});
                    Some((Action::StatusChange, Some(changed_id), detail))
                }
                _ => None,
            };
            Ok((change, entry))
        })
        .await?;
        match change {
            StatusChange::NotFound => Err(StaffError::NotFound),
            StatusChange::NotAllowed { .. } => Err(StaffError::TransitionNotAllowed),
            StatusChange::Changed { from } => json_response(
                StatusCode::OK,
                &StatusChanged {
                    id,
                    status: to,
                    previous: from,
                    updated: china_datetime(now),
                    allowed_next: to.allowed_next().to_vec(),
                },
            ),
        }
    })
    .await
}

/// `POST /api/staff/reports/{id}/replies`: a reply the reporter reads with the receipt. Audited
/// as `reply`.
pub(super) async fn reply(
    State(state): State<AppState>,
    staff: StaffAuth,
    path: Result<Path<String>, PathRejection>,
    request: Request,
) -> Response {
    post_about(path, request, async |id, body: ReplyRequest| {
        let text =
            optional_text(Some(&body.text), MAX_REPLY_CHARS, "text")?.ok_or_else(|| StaffError::invalid("text"))?;
        let text_zh = optional_text(body.text_zh.as_deref(), MAX_REPLY_CHARS, "text_zh")?;
        let (now, key) = (state.clock.now(), state.key.clone());
        let (reply_id, stored_text, stored_zh) = (id.clone(), text.clone(), text_zh.clone());
        let added = audited(&state, staff.0.username, now, Immediate, move |tx| {
            let added = store::add_reply(tx, &key, &reply_id, &stored_text, stored_zh.as_deref(), None, now)?;
            let row = added.map(|(_, row)| row);
            Ok((row.is_some(), row.map(|row| (Action::Reply, Some(reply_id), json!({"reply": row})))))
        })
        .await?;
        if !added {
            return Err(StaffError::NotFound);
        }
        json_response(
            StatusCode::CREATED,
            &ReplyAdded { id, reply: StaffReply { at: china_datetime(now), text, text_zh } },
        )
    })
    .await
}
