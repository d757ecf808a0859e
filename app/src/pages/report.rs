//! `/report`: the violation-report form (the receipt once sent and `/report/status` are in
//! [`super::receipt`]).
//!
//! The form validates with the same rules as the server (`portal_core::report::validate`), keeps
//! the draft in this browser as it is typed, strips photo metadata on the device, solves the
//! proof of work in WASM, and queues the report when the service cannot be reached.

use super::receipt::{self, Sent};
use crate::api::{self, Photo, SubmitError};
use crate::components::field::{Aria, Check, Control, Field, FieldError, FieldErrors, described_by, invalid};
use crate::components::loaded::Loading;
use crate::data::use_data;
use crate::i18n::{localized, set_title, t, use_lang};
use crate::photo_store;
use crate::queue;
use crate::storage::{read, write};
use leptos::html::Div;
use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::date::Date;
use portal_core::i18n::{Lang, Msg};
use portal_core::query::Query;
use portal_core::report::handling::Text as HandlingText;
use portal_core::report::{
    self, Category, Contact, ErrorKind, FormField, GeoPoint, KeptReceipt, MAX_PHOTO_BYTES, MAX_PHOTOS, ReportDraft,
};
use wasm_bindgen::JsCast;

const DRAFT_KEY: &str = "lyg-portal-report-draft";

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Edit,
    Review,
    Sending,
    Sent(KeptReceipt),
    Queued,
}

/// Today in China (the date the server checks against).
fn today() -> Date {
    report::china_date(crate::unix_seconds())
}

pub(crate) fn message_for(e: &api::ApiError, lang: Lang) -> String {
    e.kind.map_or_else(|| e.description.clone(), |k| k.message(lang).to_owned())
}

/// `/report`.
#[component]
pub fn ReportPage() -> impl IntoView {
    set_title(Msg::NavReport);
    let lang = use_lang();
    let stored: ReportDraft = read(DRAFT_KEY);
    let mut start =
        if stored.observed_on.is_empty() { ReportDraft { observed_on: today().to_string(), ..stored } } else { stored };
    // A link may choose the category (`/report?category=odour_or_discoloured_water`, from search).
    let asked = leptos_router::hooks::use_query_map().with_untracked(|m| m.get("category"));
    if let Some(c) = asked.as_deref().and_then(portal_core::report::Category::from_key) {
        start.category = Some(c);
    }
    let draft = RwSignal::new(start);
    let photos = RwSignal::new(Vec::<Photo>::new());
    // A receipt not yet closed is shown again (after a reload, or WeChat bringing the page back).
    let stage = RwSignal::new(receipt::kept().map_or(Stage::Edit, Stage::Sent));
    let errors = RwSignal::new(Vec::<(&'static str, String)>::new());
    let use_gps = RwSignal::new(false);
    let photo_note = RwSignal::new(None::<String>);
    let queued = RwSignal::new(queue::stored());
    let intake_down = RwSignal::new(false);

    // Nothing typed is lost: every change is saved on the device.
    Effect::new(move |_| {
        draft.with(|d| write(DRAFT_KEY, d));
    });

    // Nor are the photos: they are kept in Cache Storage, restored here, and saved again after
    // every change (one save at a time; a change during a save is saved right after it).
    let photos_kept = RwSignal::new(true);
    let photos_loaded = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let kept = photo_store::load(photo_store::DRAFT).await;
        if !kept.is_empty() {
            let n = kept.len() as u8;
            let _ = photos.try_set(kept);
            let _ = draft.try_update(|d| d.photos_count = n);
        }
        let _ = photos_loaded.try_set(true);
    });
    let saving = StoredValue::new_local((false, false)); // (a save is running, another is due)
    Effect::new(move |_| {
        photos.track();
        if !photos_loaded.get() {
            return;
        }
        if saving.get_value().0 {
            saving.update_value(|s| s.1 = true);
            return;
        }
        saving.set_value((true, false));
        leptos::task::spawn_local(async move {
            while let Some(p) = photos.try_get_untracked() {
                let ok = photo_store::save(photo_store::DRAFT, &p).await;
                let _ = photos_kept.try_set(ok);
                let again = saving.try_update_value(|s| std::mem::take(&mut s.1)).unwrap_or(false);
                if !again {
                    break;
                }
            }
            let _ = saving.try_update_value(|s| s.0 = false);
        });
    });

    // A queued report the service refused for what it says comes back into the form, with the
    // service's reasons, as soon as the form is blank (at once, or once the report in it is sent).
    let returned = RwSignal::new(queue::returned().len());
    let returned_shown = RwSignal::new(false);
    let take_back = move || {
        if !matches!(stage.get_untracked(), Stage::Edit) || !draft.with_untracked(ReportDraft::is_blank) {
            return;
        }
        let Some(back) = queue::take_returned() else { return };
        let _ = returned.try_set(queue::returned().len());
        let lang = lang.get_untracked();
        let _ = errors.try_set(
            back.errors.iter().map(|e| (report::field_for_path(&e.field).id(), message_for(e, lang))).collect(),
        );
        let _ = draft.try_set(back.report.draft.clone());
        let _ = returned_shown.try_set(true);
        leptos::task::spawn_local(async move {
            let kept = match &back.report.photo_slot {
                Some(slot) => {
                    let kept = photo_store::load(slot).await;
                    photo_store::clear(slot).await;
                    kept
                }
                None => back.report.photos.clone(),
            };
            let _ = photos.try_set(kept);
        });
    };
    Effect::new(move |_| {
        if matches!(stage.get(), Stage::Edit) && photos_loaded.get() && returned.get() > 0 {
            take_back();
        }
    });

    // Send what is queued now and whenever the connection comes back.
    let flush = move || {
        queue::flush(move |left, sent, any_returned| {
            let _ = queued.try_set(left);
            if let Some((created, category)) = sent {
                let _ = stage.try_set(Stage::Sent(receipt::keep(&created, category)));
            }
            if any_returned {
                let _ = returned.try_set(queue::returned().len());
                // "Saved, waiting to be sent" no longer holds: back to the form.
                if matches!(stage.try_get_untracked(), Some(Stage::Queued)) {
                    let _ = stage.try_set(Stage::Edit);
                }
            }
        })
    };
    if crate::in_browser() {
        flush();
        let _online = window_event_listener_untyped("online", move |_| flush());
    }

    // Whether the service answers at all (a purely static deployment has none).
    leptos::task::spawn_local(async move {
        intake_down.set(!api::intake_up().await);
    });

    let summary_ref = NodeRef::<Div>::new();
    let validate = move || {
        let lang = lang.get_untracked();
        let found: Vec<(&'static str, String)> = report::validate(&draft.get_untracked(), today())
            .into_iter()
            .map(|e| (e.field.id(), e.message(lang).to_owned()))
            .collect();
        let ok = found.is_empty();
        errors.set(found);
        if !ok {
            request_animation_frame(move || {
                if let Some(el) = summary_ref.get_untracked() {
                    let _ = el.focus();
                }
            });
        }
        ok
    };

    // Sent or queued: the form's copy is cleared from the device (its photos too, by the save
    // that follows the change).
    let clear_draft = move || {
        if let Some(s) = crate::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = s.remove_item(DRAFT_KEY);
        }
        draft.set(ReportDraft { observed_on: today().to_string(), ..ReportDraft::default() });
        photos.set(Vec::new());
    };

    let do_send = move || {
        let d = draft.get_untracked();
        let p = photos.get_untracked();
        stage.set(Stage::Sending);
        leptos::task::spawn_local(async move {
            match queue::send(d.clone(), p.clone()).await {
                Ok(created) => {
                    let kept = receipt::keep(&created, d.category);
                    clear_draft();
                    returned_shown.set(false);
                    stage.set(Stage::Sent(kept));
                }
                Err(SubmitError::Rejected(list)) => {
                    let lang = lang.get_untracked();
                    errors.set(
                        list.iter().map(|e| (report::field_for_path(&e.field).id(), message_for(e, lang))).collect(),
                    );
                    stage.set(Stage::Edit);
                }
                Err(_) => {
                    let (q, photos_kept) = queue::enqueue(move || queued.get_untracked(), d, p).await;
                    if !photos_kept {
                        photo_note.set(Some(Msg::EvidenceNotKept.text(lang.get_untracked()).to_owned()));
                    }
                    queued.set(q);
                    // The queue holds it now: the form forgets it, contact details and all, so
                    // that it is neither sent twice nor left on the device once sent.
                    clear_draft();
                    returned_shown.set(false);
                    stage.set(Stage::Queued);
                }
            }
        });
    };

    // The receipt, once there is one, is what the reader came back for: it comes first, before
    // the emergency numbers (which lead the form).
    let emergency = || {
        view! {
            <section class="emergency" aria-labelledby="emergency">
                <h2 id="emergency">{t(Msg::EmergencyTitle)}</h2>
                <p>{t(Msg::EmergencyBody)}</p>
                <p class="call">
                    <a class="call-button" href="tel:110">{t(Msg::Call110)}</a>
                    " "
                    <a class="call-button" href="tel:12369">{t(Msg::Call12369)}</a>
                </p>
            </section>
        }
    };
    view! {
        <h1 tabindex="-1">{t(Msg::ReportHeading)}</h1>
        {move || match stage.get() {
            Stage::Sent(kept) => view! { <Sent kept on_close=Callback::new(move |()| stage.set(Stage::Edit))/> }.into_any(),
            _ => emergency().into_any(),
        }}
        <p><A href=move || localized("/report/status", lang.get())>{t(Msg::StatusLink)}</A></p>
        <p><A href=move || localized("/report/handling", lang.get())>{move || HandlingText::LinkFromReport.text(lang.get())}</A></p>
        // Only the prerendered page, read without JavaScript, shows this.
        <noscript>
            <p class="warning">{t(Msg::ReportNeedsScript)}</p>
        </noscript>
        <Show when=move || intake_down.get()>
            <p class="warning" role="alert">{t(Msg::IntakeUnavailable)}</p>
        </Show>
        <Show when=move || !queued.with(Vec::is_empty)>
            <div class="queued" role="status">
                <p><strong>{t(Msg::QueuedCount)}": "{move || queued.with(Vec::len)}</strong></p>
                <p>{t(Msg::QueuedBody)}</p>
                <button type="button" on:click=move |_| flush()>{t(Msg::QueuedRetry)}</button>
            </div>
        </Show>
        {move || photo_note.get().map(|n| view! { <p class="warning">{n}</p> })}
        <Show when=move || returned_shown.get() && matches!(stage.get(), Stage::Edit)>
            <section class="returned" role="alert">
                <h2>{t(Msg::ReturnedHeading)}</h2>
                <p>{t(Msg::ReturnedBody)}</p>
            </section>
        </Show>
        <Show when=move || { returned.get() > 0 && matches!(stage.get(), Stage::Edit) }>
            <p class="warning">{t(Msg::ReturnedWaiting)}</p>
        </Show>
        {move || match stage.get() {
            Stage::Edit => view! {
                <ErrorSummary errors node_ref=summary_ref/>
                <ReportForm draft photos photos_kept errors use_gps on_continue=Callback::new(move |()| {
                    if validate() {
                        stage.set(Stage::Review);
                        request_animation_frame(crate::app::focus_heading_now);
                    }
                })/>
            }.into_any(),
            Stage::Review => view! {
                <Review draft photos
                    on_edit=Callback::new(move |()| stage.set(Stage::Edit))
                    on_send=Callback::new(move |()| do_send())/>
            }.into_any(),
            Stage::Sending => view! { <Loading msg=Msg::Sending/> }.into_any(),
            Stage::Sent(_) => emergency().into_any(),
            Stage::Queued => view! {
                <section class="queued-result" aria-live="polite">
                    <h2>{t(Msg::QueuedHeading)}</h2>
                    <p>{t(Msg::QueuedBody)}</p>
                </section>
            }.into_any(),
        }}
    }
}

/// GOV.UK-style error summary: takes focus, each error links to its field.
#[component]
fn ErrorSummary(errors: FieldErrors, node_ref: NodeRef<Div>) -> impl IntoView {
    view! {
        <div class="error-summary" tabindex="-1" node_ref=node_ref aria-labelledby="error-summary-title" hidden=move || errors.with(Vec::is_empty)>
            <h2 id="error-summary-title">{t(Msg::ErrorSummaryTitle)}</h2>
            <div role="alert">
                <ul>
                    {move || errors.get().into_iter().map(|(f, m)| {
                        let target = format!("#{f}");
                        view! {
                            <li><a href=target on:click=move |ev: leptos::ev::MouseEvent| {
                                ev.prevent_default();
                                if let Some(el) = crate::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(f)) {
                                    el.scroll_into_view();
                                    if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() { let _ = h.focus(); }
                                }
                            }>{m}</a></li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </div>
    }
}

/// A select's options: "none", then `(value, name)` each, the `current` one selected.
fn options(list: Vec<(String, String)>, current: String) -> impl IntoView {
    view! {
        <option value="">{t(Msg::WhereNone)}</option>
        {list.into_iter().map(|(v, n)| { let sel = v == current; view! { <option value=v selected=sel>{n}</option> } }).collect_view()}
    }
}

fn opt(s: String) -> Option<String> {
    let t = s.trim().to_owned();
    (!t.is_empty()).then_some(t)
}

/// The form's fields, in guided steps.
#[component]
fn ReportForm(
    draft: RwSignal<ReportDraft>,
    photos: RwSignal<Vec<Photo>>,
    /// Whether this browser keeps the photos on the device (Cache Storage).
    photos_kept: RwSignal<bool>,
    errors: FieldErrors,
    use_gps: RwSignal<bool>,
    on_continue: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let (data, _) = use_data();
    let search = RwSignal::new(String::new());

    let categories = move || {
        let lang = lang.get();
        Category::ALL
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c = *c;
                let id = if i == 0 { FormField::Category.id().to_owned() } else { format!("category-{}", c.key()) };
                view! {
                    <div class="choice">
                        <input type="radio" name="category" id=id.clone() value=c.key()
                            prop:checked=move || draft.with(|d| d.category == Some(c))
                            on:change=move |_| draft.update(|d| d.category = Some(c))/>
                        <label for=id>{c.name(lang)}<span class="def">{c.description(lang)}</span></label>
                    </div>
                }
            })
            .collect_view()
    };

    let picker = move || {
        let lang = lang.get();
        let chosen = draft.with(|d| d.enterprise_id.clone());
        let Some(Ok(d)) = data.get() else { return ().into_any() };
        if let Some(id) = chosen {
            let name = d
                .catalog
                .entries
                .iter()
                .find(|e| e.id == id)
                .map_or(id.clone(), |e| lang.pick(&e.name_zh, &e.name_en).to_owned());
            return view! {
                <p id=FormField::EnterpriseId.id() tabindex="-1">
                    {Msg::WhoChosen.text(lang)}": " <strong>{name}</strong> " "
                    <button type="button" class="link-button" on:click=move |_| draft.update(|d| d.enterprise_id = None)>{Msg::WhoChange.text(lang)}</button>
                </p>
            }.into_any();
        }
        let q = search.get();
        let matches: Vec<(String, String)> = if q.trim().chars().count() < 2 {
            vec![]
        } else {
            let r = d.catalog.run(&Query { text: q.clone(), ..Query::default() }, None, None, lang == Lang::En);
            r.rows
                .iter()
                .take(8)
                .map(|&i| {
                    let e = &d.catalog.entries[i];
                    (e.id.clone(), lang.pick(&e.name_zh, &e.name_en).to_owned())
                })
                .collect()
        };
        view! {
            <label for=FormField::EnterpriseId.id()>{Msg::WhoSearchLabel.text(lang)}</label>
            <input id=FormField::EnterpriseId.id() type="search" autocomplete="off" prop:value=q on:input=move |ev| search.set(event_target_value(&ev))/>
            <ul class="picker">
                {matches.into_iter().map(|(id, name)| view! {
                    <li><button type="button" class="link-button" on:click=move |_| { let id = id.clone(); draft.update(|d| d.enterprise_id = Some(id)); }>{format!("{} {name}", Msg::WhoChoose.text(lang))}</button></li>
                }).collect_view()}
            </ul>
        }.into_any()
    };

    let areas = move || {
        let lang = lang.get();
        let Some(Ok(d)) = data.get() else { return (vec![], vec![]) };
        let districts = d
            .areas(true)
            .map(|a| (a.code.clone().unwrap_or_default(), lang.pick(&a.name_zh, &a.name_en).to_owned()))
            .collect();
        let zones = d.areas(false).map(|a| (a.id.clone(), lang.pick(&a.name_zh, &a.name_en).to_owned())).collect();
        (districts, zones)
    };

    let locate = move |_| {
        let Some(geo) = crate::window().and_then(|w| w.navigator().geolocation().ok()) else { return };
        let ok = wasm_bindgen::closure::Closure::once_into_js(move |pos: web_sys::Position| {
            let c = pos.coords();
            draft.update(|d| d.location = Some(GeoPoint { lat: c.latitude(), lng: c.longitude() }));
        });
        let _ = geo.get_current_position(ok.unchecked_ref());
    };

    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(files) = input.files() else { return };
        let list: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        leptos::task::spawn_local(async move {
            let lang = lang.get_untracked();
            let mut problems = Vec::new();
            for file in list {
                if photos.with_untracked(Vec::len) >= MAX_PHOTOS {
                    problems.push((FormField::Photos.id(), ErrorKind::TooManyPhotos.message(lang).to_owned()));
                    break;
                }
                if file.size() as usize > MAX_PHOTO_BYTES {
                    problems.push((
                        FormField::Photos.id(),
                        format!("{}: {}", file.name(), ErrorKind::PhotoTooLarge.message(lang)),
                    ));
                    continue;
                }
                let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else { continue };
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                let Some(kind) = report::sniff_image(&bytes) else {
                    problems.push((
                        FormField::Photos.id(),
                        format!("{}: {}", file.name(), ErrorKind::PhotoNotImage.message(lang)),
                    ));
                    continue;
                };
                if use_gps.get_untracked()
                    && let Some((lat, lng)) = report::exif_gps(&bytes)
                {
                    draft.update(|d| d.location = Some(GeoPoint { lat, lng }));
                }
                match report::strip_metadata(&bytes) {
                    Ok(clean) => photos.update(|p| {
                        p.push(Photo {
                            name: format!("photo-{}.{}", p.len() + 1, kind.extension()),
                            mime: kind.mime().to_owned(),
                            bytes: clean,
                        })
                    }),
                    Err(_) => problems.push((
                        FormField::Photos.id(),
                        format!("{}: {}", file.name(), ErrorKind::PhotoUnreadable.message(lang)),
                    )),
                }
            }
            draft.update(|d| d.photos_count = photos.with_untracked(Vec::len) as u8);
            errors.update(|e| {
                e.retain(|(f, _)| *f != FormField::Photos.id());
                e.extend(problems);
            });
        });
    };

    let contact = move |f: fn(&Contact) -> Option<String>| {
        Signal::derive(move || draft.with(|d| d.contact.as_ref().and_then(f).unwrap_or_default()))
    };
    let set_contact = move |f: fn(&mut Contact, Option<String>)| {
        Callback::new(move |v: String| {
            let v = opt(v);
            draft.update(|d| {
                let mut c = d.contact.clone().unwrap_or_default();
                f(&mut c, v);
                d.contact = (c.name.is_some() || c.phone.is_some() || c.email.is_some()).then_some(c);
            });
        })
    };

    view! {
        <p>{t(Msg::ReportIntro)}</p>
        <form class="report-form" novalidate on:submit=move |ev| { ev.prevent_default(); on_continue.run(()); }>
            <fieldset aria-describedby=described_by(errors, FormField::Category.id())>
                <legend><h2>{t(Msg::StepWhat)}</h2></legend>
                <FieldError errors id=FormField::Category.id()/>
                {categories}
            </fieldset>
            <fieldset>
                <legend><h2>{t(Msg::StepWho)}</h2></legend>
                <FieldError errors id=FormField::SourceDescription.id()/>
                <FieldError errors id=FormField::EnterpriseId.id()/>
                {picker}
                <Field id=FormField::SourceDescription.id() label=Msg::WhoUnknownLabel errors aria=Aria::Invalid error_elsewhere=true
                    control=Control::TextArea(2)
                    value=Signal::derive(move || draft.with(|d| d.source_description.clone().unwrap_or_default()))
                    on_input=Callback::new(move |v: String| draft.update(|d| d.source_description = opt(v)))/>
            </fieldset>
            <fieldset>
                <legend><h2>{t(Msg::StepWhen)}</h2></legend>
                <Field id=FormField::ObservedOn.id() label=Msg::WhenDate errors aria=Aria::Described control=Control::Date
                    value=Signal::derive(move || draft.with(|d| d.observed_on.clone()))
                    on_input=Callback::new(move |v| draft.update(|d| d.observed_on = v))/>
                <Field id=FormField::ObservedTime.id() label=Msg::WhenTime errors control=Control::Time
                    value=Signal::derive(move || draft.with(|d| d.observed_time.clone().unwrap_or_default()))
                    on_input=Callback::new(move |v: String| draft.update(|d| d.observed_time = opt(v)))/>
            </fieldset>
            <fieldset>
                <legend><h2>{t(Msg::StepWhere)}</h2></legend>
                // Built once the area names are loaded; the saved choice is marked on its option
                // (untracked, so choosing does not rebuild the list under the reader's hand).
                <Field id=FormField::DistrictCode.id() label=Msg::WhereDistrict errors>
                    {move || {
                        let (districts, _) = areas();
                        let current = draft.with_untracked(|d| d.district_code.clone().unwrap_or_default());
                        view! {
                            <select id=FormField::DistrictCode.id() aria-invalid=invalid(errors, FormField::DistrictCode.id()) aria-describedby=described_by(errors, FormField::DistrictCode.id())
                                on:change=move |ev| draft.update(|d| d.district_code = opt(event_target_value(&ev)))>
                                {options(districts, current)}
                            </select>
                        }
                    }}
                </Field>
                <Field id=FormField::AreaId.id() label=Msg::WhereArea errors>
                    {move || {
                        let (_, zones) = areas();
                        let current = draft.with_untracked(|d| d.area_id.clone().unwrap_or_default());
                        view! {
                            <select id=FormField::AreaId.id() on:change=move |ev| draft.update(|d| d.area_id = opt(event_target_value(&ev)))>
                                {options(zones, current)}
                            </select>
                        }
                    }}
                </Field>
                <Field id=FormField::Address.id() label=Msg::WhereAddress errors
                    value=Signal::derive(move || draft.with(|d| d.address.clone().unwrap_or_default()))
                    on_input=Callback::new(move |v: String| draft.update(|d| d.address = opt(v)))/>
                <FieldError errors id=FormField::Location.id()/>
                <p id=FormField::Location.id() tabindex="-1">
                    {move || draft.with(|d| d.location).map_or_else(
                        || view! { <button type="button" on:click=locate>{t(Msg::WhereUseLocation)}</button> " " <small>{t(Msg::WhereLocationNote)}</small> }.into_any(),
                        |p| view! { {format!("{:.5}, {:.5} ", p.lat, p.lng)} <button type="button" on:click=move |_| draft.update(|d| d.location = None)>{t(Msg::WhereRemoveLocation)}</button> }.into_any(),
                    )}
                </p>
            </fieldset>
            <fieldset>
                <legend><h2>{t(Msg::StepDetails)}</h2></legend>
                <Field id=FormField::Description.id() label=Msg::DetailsLabel errors aria=Aria::Described control=Control::TextArea(6)
                    value=Signal::derive(move || draft.with(|d| d.description.clone()))
                    on_input=Callback::new(move |v| draft.update(|d| d.description = v))/>
                <p class="note">{move || format!("{} / {}", draft.with(|d| d.description.chars().count()), report::MAX_DESCRIPTION_CHARS)}</p>
            </fieldset>
            <fieldset>
                <legend><h2>{t(Msg::StepEvidence)}</h2></legend>
                <p class="note">{t(Msg::EvidencePrivacy)}</p>
                <FieldError errors id=FormField::Photos.id()/>
                <Check id="use-gps" label=Msg::EvidenceUseGps checked=use_gps on_change=Callback::new(move |on| use_gps.set(on))/>
                <label for=FormField::Photos.id()>{t(Msg::EvidenceLabel)}</label>
                <input id=FormField::Photos.id() type="file" accept="image/jpeg,image/png,image/webp" multiple on:change=on_files/>
                <ul class="photos">
                    {move || photos.get().into_iter().enumerate().map(|(i, p)| view! {
                        <li>
                            {format!("{} ({:.0} KB, {})", p.name, p.bytes.len() as f64 / 1024.0, Msg::EvidenceStripped.text(lang.get()))} " "
                            <button type="button" on:click=move |_| { photos.update(|ps| { ps.remove(i); }); draft.update(|d| d.photos_count = photos.with_untracked(Vec::len) as u8); }>{t(Msg::EvidenceRemove)}</button>
                        </li>
                    }).collect_view()}
                </ul>
                <Show when=move || !photos.with(Vec::is_empty)>
                    <p class="note">{move || if photos_kept.get() { Msg::EvidenceKept } else { Msg::EvidenceNotKept }.text(lang.get())}</p>
                </Show>
            </fieldset>
            <fieldset>
                <legend><h2>{t(Msg::StepIdentity)}</h2></legend>
                <p>{t(Msg::IdentityIntro)}</p>
                <Field id=FormField::ContactName.id() label=Msg::IdentityName errors autocomplete="name"
                    value=contact(|c| c.name.clone()) on_input=set_contact(|c, v| c.name = v)/>
                <Field id=FormField::ContactPhone.id() label=Msg::IdentityPhone errors control=Control::Tel autocomplete="tel"
                    value=contact(|c| c.phone.clone()) on_input=set_contact(|c, v| c.phone = v)/>
                <Field id=FormField::ContactEmail.id() label=Msg::IdentityEmail errors control=Control::Email autocomplete="email"
                    value=contact(|c| c.email.clone()) on_input=set_contact(|c, v| c.email = v)/>
                <FieldError errors id=FormField::ConsentToContact.id()/>
                <Check id=FormField::ConsentToContact.id() label=Msg::IdentityConsent
                    checked=Signal::derive(move || draft.with(|d| d.consent_to_contact))
                    on_change=Callback::new(move |on| draft.update(|d| d.consent_to_contact = on))/>
                <FieldError errors id=FormField::WantsReward.id()/>
                <Check id=FormField::WantsReward.id() label=Msg::IdentityReward
                    checked=Signal::derive(move || draft.with(|d| d.wants_reward))
                    on_change=Callback::new(move |on| draft.update(|d| d.wants_reward = on))/>
                <p class="note">{t(Msg::IdentityRewardNote)}</p>
            </fieldset>
            <button type="submit">{t(Msg::ContinueToReview)}</button>
        </form>
    }
}

/// The summary before sending.
#[component]
fn Review(
    draft: RwSignal<ReportDraft>,
    photos: RwSignal<Vec<Photo>>,
    on_edit: Callback<()>,
    on_send: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let (data, _) = use_data();
    let rows = move || {
        let lang = lang.get();
        let d = draft.get();
        let feed = data.get().and_then(|r| r.ok());
        let enterprise = d.enterprise_id.as_ref().map(|id| {
            feed.as_ref()
                .and_then(|f| f.catalog.entries.iter().find(|e| &e.id == id))
                .map_or(id.clone(), |e| lang.pick(&e.name_zh, &e.name_en).to_owned())
        });
        let district = d.district_code.as_ref().map(|c| {
            feed.as_ref()
                .and_then(|f| f.reference.district(c))
                .map_or(c.clone(), |a| lang.pick(&a.name_zh, &a.name_en).to_owned())
        });
        let who = enterprise.or(d.source_description.clone()).unwrap_or_default();
        let identity = d.contact.as_ref().map_or_else(
            || Msg::ReviewAnonymous.text(lang).to_owned(),
            |c| {
                [c.name.clone(), c.phone.clone(), c.email.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")
            },
        );
        let line = |k: Msg, v: String| view! { <dt>{k.text(lang)}</dt><dd>{v}</dd> };
        view! {
            <dl class="facts review">
                {line(Msg::StepWhat, d.category.map(|c| c.name(lang).to_owned()).unwrap_or_default())}
                {line(Msg::StepWho, who)}
                {line(Msg::StepWhen, format!("{} {}", d.observed_on, d.observed_time.clone().unwrap_or_default()))}
                {line(Msg::StepWhere, [district, d.address.clone(), d.location.map(|p| format!("{:.5}, {:.5}", p.lat, p.lng))].into_iter().flatten().collect::<Vec<_>>().join(" · "))}
                {line(Msg::StepDetails, d.description.clone())}
                {line(Msg::ReviewPhotos, photos.with(Vec::len).to_string())}
                {line(Msg::StepIdentity, identity)}
            </dl>
        }
    };
    view! {
        <h2>{t(Msg::ReviewHeading)}</h2>
        {rows}
        <p>
            <button type="button" class="secondary" on:click=move |_| on_edit.run(())>{t(Msg::ReviewEdit)}</button>
            " "
            <button type="button" on:click=move |_| on_send.run(())>{t(Msg::ReviewSend)}</button>
        </p>
    }
}
