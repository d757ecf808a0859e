//! `/staff`, `/staff/reports/:id`, `/staff/audit`: the bureau's triage area, behind sign-in.
//! Everything a reporter wrote is shown as text (never as HTML).

use crate::api::{self, StaffError, StaffSession};
use crate::components::loaded::Loading;
use crate::i18n::{localized, set_title, t, use_lang};
use crate::storage;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_core::api::staff::{ReplyRequest, Role, StaffAction, StatusChangeRequest};
use portal_core::i18n::{Lang, Msg};
use portal_core::report::{Category, Status};

/// The staff area's three states: the session check under way (the shared loading line), signed
/// out (the sign-in form), or signed in (the session bar, then `signed_in`).
fn gated<V: IntoView + 'static>(
    session: RwSignal<Option<StaffSession>>,
    checked: RwSignal<bool>,
    signed_in: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match (checked.get(), session.with(Option::is_some)) {
        (false, _) => view! { <Loading/> }.into_any(),
        (true, false) => view! { <Login session/> }.into_any(),
        (true, true) => view! { <SessionBar session/> {signed_in()} }.into_any(),
    }
}

/// One of the list's filters: a labelled select whose choice is written to `chosen`.
fn filter(label: Msg, chosen: RwSignal<String>, options: impl IntoView + 'static) -> impl IntoView {
    view! {
        <label>{t(label)} " "
            <select on:change=move |ev| chosen.set(event_target_value(&ev))>{options}</select>
        </label>
    }
}

/// A report's unsent staff note and reply, kept in this tab's session storage.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct StaffDraft {
    note: String,
    reply_en: String,
    reply_zh: String,
}

/// The session, checked once per page.
fn use_session() -> (RwSignal<Option<StaffSession>>, RwSignal<bool>) {
    let session = RwSignal::new(None::<StaffSession>);
    let checked = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if let Ok(s) = api::staff_me().await {
            session.set(Some(s));
        }
        checked.set(true);
    });
    (session, checked)
}

fn category_name(key: &str, lang: Lang) -> String {
    Category::from_key(key).map_or_else(|| key.to_owned(), |c| c.name(lang).to_owned())
}

/// An optional field as text: `–` when there is none.
fn text(v: Option<&str>) -> String {
    v.map_or_else(|| "–".to_owned(), str::to_owned)
}

/// The sign-in form.
#[component]
fn Login(session: RwSignal<Option<StaffSession>>) -> impl IntoView {
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // Why the last attempt did not sign in: nothing typed (checked here, never sent), or refused.
    let problem = RwSignal::new(None::<Msg>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (u, p) = (user.get_untracked(), password.get_untracked());
        if u.trim().is_empty() || p.is_empty() {
            problem.set(Some(Msg::StaffLoginEmpty));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::staff_login(&u, &p).await {
                Ok(s) => {
                    problem.set(None);
                    session.set(Some(s));
                }
                Err(_) => {
                    // A refused password is not left in the field to be sent again.
                    password.set(String::new());
                    problem.set(Some(Msg::StaffLoginFailed));
                }
            }
        });
    };
    view! {
        <h2>{t(Msg::StaffLoginHeading)}</h2>
        {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{t(m)}</p> })}
        <form class="report-form" novalidate on:submit=submit>
            <label for="staff-user">{t(Msg::StaffUser)}</label>
            <input id="staff-user" type="text" autocomplete="username" required
                prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev))/>
            <label for="staff-password">{t(Msg::StaffPassword)}</label>
            <input id="staff-password" type="password" autocomplete="current-password" required
                prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            <p><button type="submit">{t(Msg::StaffSignIn)}</button></p>
        </form>
        <p class="note">{t(Msg::StaffLoginHelp)}</p>
    }
}

/// Who is signed in, and the way out.
#[component]
fn SessionBar(session: RwSignal<Option<StaffSession>>) -> impl IntoView {
    let lang = use_lang();
    let logout = move |_| {
        if let Some(s) = session.get_untracked() {
            leptos::task::spawn_local(async move {
                let _ = api::staff_logout(&s.csrf_token).await;
                session.set(None);
            });
        }
    };
    move || {
        session.get().map(|s| {
            let admin = s.role == Role::Admin;
            view! {
                <p class="staff-bar">
                    {Msg::StaffSignedInAs.text(lang.get())}": " <strong>{s.user.clone()}</strong> {format!(" ({})", s.role.key())} " "
                    <button type="button" class="secondary" on:click=logout>{t(Msg::StaffSignOut)}</button>
                    {admin.then(|| view! {
                        " " <a href=crate::at_base("/api/staff/export.csv") download="reports.csv">{t(Msg::StaffExport)}</a>
                        " · " <a href=crate::at_base("/api/staff/export.datapackage.json") download="reports.datapackage.json">
                            {t(Msg::StaffExportDescriptor)}
                        </a>
                        " · " <A href=localized("/staff/audit", lang.get())>{t(Msg::StaffAudit)}</A>
                    })}
                </p>
            }
        })
    }
}

/// `/staff`: sign in, then the list of reports with filters and sort.
#[component]
pub fn StaffPage() -> impl IntoView {
    set_title(Msg::StaffHeading);
    let lang = use_lang();
    let (session, checked) = use_session();
    let status = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let sort = RwSignal::new("newest".to_owned());
    let list = LocalResource::new(move || {
        let signed_in = session.with(Option::is_some);
        let q = format!("status={}&category={}&sort={}", status.get(), category.get(), sort.get());
        async move { if signed_in { Some(api::staff_reports(&q).await) } else { None } }
    });
    let rows = move || {
        let lang = lang.get();
        match list.get().flatten() {
            None => ().into_any(),
            Some(Err(StaffError::SignedOut)) => { session.set(None); ().into_any() }
            Some(Err(_)) => view! { <p class="warning" role="alert">{Msg::StaffForbidden.text(lang)}</p> }.into_any(),
            Some(Ok(l)) => view! {
                <p role="status">{format!("{} · {}", Msg::StaffHeading.text(lang), l.total)}</p>
                <div class="table-wrap" tabindex="0">
                    <table>
                        <thead><tr>
                            <th scope="col">{Msg::StaffColumnId.text(lang)}</th>
                            <th scope="col">{Msg::StaffFilterCategory.text(lang)}</th>
                            <th scope="col">{Msg::StaffFilterStatus.text(lang)}</th>
                            <th scope="col">{Msg::StaffColumnReceived.text(lang)}</th>
                            <th scope="col">{Msg::StaffColumnAckDue.text(lang)}</th>
                            <th scope="col">{Msg::StaffColumnHandleDue.text(lang)}</th>
                            <th scope="col">{Msg::StaffDuplicateOf.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {l.reports.into_iter().map(|r| {
                                let href = localized(&format!("/staff/reports/{}", r.id), lang);
                                let overdue = r.overdue.then(|| view! { <span class="badge">{Msg::StaffOverdue.text(lang)}</span> });
                                let dup = r.duplicate_of.clone().map(|d| { let h = localized(&format!("/staff/reports/{d}"), lang); view! { <A href=h>{d.clone()}</A> } });
                                view! {
                                    <tr>
                                        <th scope="row"><A href=href>{r.id.clone()}</A></th>
                                        <td>{category_name(&r.category, lang)}</td>
                                        <td>{r.status.name(lang)} " " {overdue}</td>
                                        <td>{r.created.clone()}</td>
                                        <td>{r.ack_due.clone()}</td>
                                        <td>{r.handle_due.clone()}</td>
                                        <td>{dup}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }
    };
    view! {
        <h1 tabindex="-1">{t(Msg::StaffHeading)}</h1>
        {gated(session, checked, move || view! {
                <div class="staff-filters">
                    {filter(Msg::StaffFilterStatus, status, view! {
                        <option value="">{t(Msg::StaffFilterAll)}</option>
                        {move || Status::ALL.into_iter().map(|s| view! { <option value=s.key()>{s.name(lang.get())}</option> }).collect_view()}
                    })}
                    " "
                    {filter(Msg::StaffFilterCategory, category, view! {
                        <option value="">{t(Msg::StaffFilterAll)}</option>
                        {move || Category::ALL.into_iter().map(|c| view! { <option value=c.key()>{c.name(lang.get())}</option> }).collect_view()}
                    })}
                    " "
                    {filter(Msg::SortLabel, sort, view! {
                        <option value="newest">{t(Msg::StaffSortNewest)}</option>
                        <option value="oldest">{t(Msg::StaffSortOldest)}</option>
                        <option value="overdue">{t(Msg::StaffSortOverdue)}</option>
                    })}
                </div>
                {rows}
        })}
    }
}

/// `/staff/reports/:id`: a report in full, its photos, duplicates, history, status and replies.
#[component]
pub fn StaffReportPage() -> impl IntoView {
    set_title(Msg::StaffHeading);
    let lang = use_lang();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let (session, checked) = use_session();
    let reload = RwSignal::new(0u32);
    let report = {
        let id = id.clone();
        LocalResource::new(move || {
            reload.track();
            let signed_in = session.with(Option::is_some);
            let id = id.clone();
            async move { if signed_in { Some(api::staff_report(&id).await) } else { None } }
        })
    };
    let saved = RwSignal::new(false);
    let ended = RwSignal::new(false);
    let new_status = RwSignal::new(String::new());
    // What is typed survives a session that ends meanwhile, and a visit elsewhere in this tab.
    let draft_key = format!("lyg-portal-staff-draft-{id}");
    let stored: StaffDraft = storage::read_tab(&draft_key);
    let note = RwSignal::new(stored.note);
    let reply_en = RwSignal::new(stored.reply_en);
    let reply_zh = RwSignal::new(stored.reply_zh);
    Effect::new(move |_| {
        let draft = StaffDraft { note: note.get(), reply_en: reply_en.get(), reply_zh: reply_zh.get() };
        storage::write_tab(&draft_key, &draft);
    });
    let post = {
        let id = id.clone();
        move |action: StaffAction| {
            let Some(s) = session.get_untracked() else { return };
            let id = id.clone();
            let optional = |text: String| Some(text).filter(|t| !t.is_empty());
            let status =
                StatusChangeRequest { status: new_status.get_untracked(), note: optional(note.get_untracked()) };
            let reply = ReplyRequest { text: reply_en.get_untracked(), text_zh: optional(reply_zh.get_untracked()) };
            leptos::task::spawn_local(async move {
                let result = match action {
                    StaffAction::Status => api::staff_change_status(&id, &s.csrf_token, &status).await.map(drop),
                    StaffAction::Reply => api::staff_reply(&id, &s.csrf_token, &reply).await.map(drop),
                };
                saved.set(result.is_ok());
                match result {
                    Ok(()) if action == StaffAction::Status => note.set(String::new()),
                    Ok(()) => {
                        reply_en.set(String::new());
                        reply_zh.set(String::new());
                    }
                    Err(StaffError::SignedOut) => ended.set(true),
                    Err(_) => {}
                }
                reload.update(|n| *n += 1);
            });
        }
    };
    let post2 = post.clone();
    let body = move || {
        let lang = lang.get();
        match report.get().flatten() {
            None => ().into_any(),
            Some(Err(StaffError::SignedOut)) => {
                session.set(None);
                ().into_any()
            }
            Some(Err(_)) => view! { <p class="warning" role="alert">{Msg::StaffForbidden.text(lang)}</p> }.into_any(),
            Some(Ok(r)) => {
                let (summary, detail) = (r.summary, r.detail);
                let allowed = detail.allowed_next;
                let photos: Vec<(String, String)> =
                    detail.photo_files.into_iter().map(|p| (crate::at_base(&p.url), p.media_type)).collect();
                let dups = detail.duplicates;
                let replies: Vec<(String, String)> = detail.replies.into_iter().map(|x| (x.at, x.text)).collect();
                let key = |s: Option<Status>| text(s.map(Status::key));
                let history: Vec<String> = detail
                    .history
                    .into_iter()
                    .map(|h| format!("{} · {} · {} → {}", h.at, h.by, key(h.from), key(h.to)))
                    .collect();
                let contact = detail.contact.map_or_else(
                    || Msg::ReviewAnonymous.text(lang).to_owned(),
                    |c| [text(c.name.as_deref()), text(c.phone.as_deref()), text(c.email.as_deref())].join(" · "),
                );
                let post = post.clone();
                let post2 = post2.clone();
                // The status select starts on the first allowed step, so saving without a change is valid.
                if let Some(first) = allowed.first()
                    && !allowed.iter().any(|s| s.key() == new_status.get_untracked())
                {
                    new_status.set(first.key().to_owned());
                }
                view! {
                    <dl class="facts">
                        <dt>{Msg::StaffFilterCategory.text(lang)}</dt><dd>{category_name(&summary.category, lang)}</dd>
                        <dt>{Msg::StaffFilterStatus.text(lang)}</dt><dd data-testid="staff-status">{summary.status.name(lang)}</dd>
                        <dt>{Msg::StaffColumnReceived.text(lang)}</dt><dd>{summary.created}</dd>
                        <dt>{Msg::StaffColumnAckDue.text(lang)}</dt><dd>{summary.ack_due}</dd>
                        <dt>{Msg::StaffColumnHandleDue.text(lang)}</dt><dd>{summary.handle_due}</dd>
                        <dt>{Msg::StepWho.text(lang)}</dt><dd>{text(summary.enterprise_id.as_deref())} {text(detail.source_description.as_deref())}</dd>
                        <dt>{Msg::StepWhere.text(lang)}</dt><dd>{text(summary.district.as_deref())} {text(detail.address.as_deref())}</dd>
                        <dt>{Msg::StaffContact.text(lang)}</dt><dd>{contact}</dd>
                    </dl>
                    <h2>{Msg::StaffDescription.text(lang)}</h2>
                    <p class="description" data-testid="staff-description">{detail.description}</p>
                    {(!photos.is_empty()).then(|| view! {
                        <h2>{Msg::StaffPhotos.text(lang)}</h2>
                        <ul class="photos">{photos.into_iter().enumerate().map(|(i, (url, kind))| view! { <li><img src=url alt=format!("{} {} ({kind})", Msg::StaffPhotos.text(lang), i + 1) width="240"/></li> }).collect_view()}</ul>
                    })}
                    {(!dups.is_empty()).then(|| view! {
                        <h2>{Msg::StaffDuplicates.text(lang)}</h2>
                        <ul>{dups.into_iter().map(|d| { let h = localized(&format!("/staff/reports/{d}"), lang); view! { <li><A href=h>{d.clone()}</A></li> } }).collect_view()}</ul>
                    })}
                    <h2>{Msg::StaffHistory.text(lang)}</h2>
                    <ul>{history.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
                    <h2>{Msg::StatusReplies.text(lang)}</h2>
                    <ul class="replies">{replies.into_iter().map(|(at, tx)| view! { <li><span class="note">{at}</span> " " {tx}</li> }).collect_view()}</ul>
                    {(!allowed.is_empty()).then(|| view! {
                        <form class="report-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); post(StaffAction::Status); }>
                            <h2>{Msg::StaffChangeStatus.text(lang)}</h2>
                            <label for="new-status">{Msg::StaffFilterStatus.text(lang)}</label>
                            <select id="new-status" on:change=move |ev| new_status.set(event_target_value(&ev))>
                                {allowed.iter().map(|s| view! { <option value=s.key()>{s.name(lang)}</option> }).collect_view()}
                            </select>
                            <label for="status-note">{Msg::StaffNote.text(lang)}</label>
                            <input id="status-note" type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                            <p><button type="submit">{Msg::StaffSave.text(lang)}</button></p>
                        </form>
                    })}
                    <form class="report-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); post2(StaffAction::Reply); }>
                        <h2>{Msg::StaffReply.text(lang)}</h2>
                        <label for="reply-text">{Msg::StaffReplyEn.text(lang)}</label>
                        <textarea id="reply-text" rows="3" prop:value=move || reply_en.get() on:input=move |ev| reply_en.set(event_target_value(&ev))></textarea>
                        <label for="reply-zh">{Msg::StaffReplyZh.text(lang)}</label>
                        <textarea id="reply-zh" rows="3" prop:value=move || reply_zh.get() on:input=move |ev| reply_zh.set(event_target_value(&ev))></textarea>
                        <p><button type="submit">{Msg::StaffSend.text(lang)}</button></p>
                    </form>
                }.into_any()
            }
        }
    };
    view! {
        <p class="breadcrumb"><A href=move || localized("/staff", lang.get())>{t(Msg::StaffBack)}</A></p>
        <h1 tabindex="-1">{format!("{} · {id}", Msg::StaffHeading.text(lang.get_untracked()))}</h1>
        <Show when=move || saved.get()><p role="status">{t(Msg::StaffSaved)}</p></Show>
        <Show when=move || ended.get() && session.with(Option::is_none)><p class="warning" role="alert">{t(Msg::StaffSessionEnded)}</p></Show>
        {gated(session, checked, move || body.clone())}
    }
}

/// `/staff/audit`: the audit log, for administrators.
#[component]
pub fn StaffAuditPage() -> impl IntoView {
    set_title(Msg::StaffAudit);
    let lang = use_lang();
    let (session, checked) = use_session();
    let log = LocalResource::new(move || {
        let signed_in = session.with(Option::is_some);
        async move { if signed_in { Some(api::staff_audit().await) } else { None } }
    });
    let entries = move || match log.get().flatten() {
        None => ().into_any(),
        Some(Err(_)) => view! { <p class="warning" role="alert">{Msg::StaffForbidden.text(lang.get())}</p> }.into_any(),
        Some(Ok(v)) => {
            let rows: Vec<[String; 4]> =
                v.entries.into_iter().map(|e| [e.at, e.actor, e.action, text(e.report.as_deref())]).collect();
            view! {
                <div class="table-wrap" tabindex="0">
                    <table>
                        <tbody>{rows.into_iter().map(|r| view! { <tr><td>{r[0].clone()}</td><td>{r[1].clone()}</td><td>{r[2].clone()}</td><td>{r[3].clone()}</td></tr> }).collect_view()}</tbody>
                    </table>
                </div>
            }.into_any()
        }
    };
    view! {
        <h1 tabindex="-1">{t(Msg::StaffAudit)}</h1>
        {gated(session, checked, move || entries)}
    }
}
