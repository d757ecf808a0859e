//! `/report/handling` (举报办理情况): how the bureau handles reports, in figures the intake service
//! computes from its own records (`GET /api/reports/handling.json`, see
//! `portal_core::report::handling`). No personal data; counts below five read "< 5".

use crate::components::loaded::Loading;
use crate::components::table::table;
use crate::data::{FeedData, use_data};
use crate::i18n::{follow_named_title, localized, use_lang};
use crate::load::load;
use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::i18n::Lang;
use portal_core::report::handling::{Cell, HandlingStats, Text, count_text, days_text, month_label, share_text};
use portal_core::report::{Category, Status};

/// Where the figures are.
const HANDLING_JSON: &str = "/api/reports/handling.json";
/// The public list of reports (Open311).
const REQUESTS_JSON: &str = "/api/open311/v2/requests.json";

/// `/report/handling`.
#[component]
pub fn HandlingPage() -> impl IntoView {
    follow_named_title(move || Text::Title.text(use_lang().get()).to_owned());
    let lang = use_lang();
    let stats = load(|| crate::api::fetch_json::<HandlingStats>(HANDLING_JSON));
    let (data, _) = use_data();
    let body = move || match stats.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(_)) => view! { <p class="warning" role="alert">{Text::Unavailable.text(lang.get())}</p> }.into_any(),
        Some(Ok(s)) => {
            let feed = data.get().and_then(Result::ok);
            figures(&s, feed.as_deref(), lang.get()).into_any()
        }
    };
    view! {
        <h1 tabindex="-1">{move || Text::Title.text(lang.get())}</h1>
        <p>{move || Text::Intro.text(lang.get())}</p>
        <p class="note">{move || Text::Privacy.text(lang.get())}</p>
        {body}
        <p class="note">{move || Text::Deadlines.text(lang.get())}</p>
        <h2>{move || Text::Files.text(lang.get())}</h2>
        <ul class="mono">
            <li><a href=crate::at_base(HANDLING_JSON)>{HANDLING_JSON}</a></li>
            <li><a href=crate::at_base(REQUESTS_JSON)>{REQUESTS_JSON}</a></li>
        </ul>
        <p><A href=move || localized("/report", lang.get())>{move || portal_core::i18n::Msg::NavReport.text(lang.get())}</A></p>
    }
}

/// The key figures, then one table per breakdown.
fn figures(s: &HandlingStats, feed: Option<&FeedData>, lang: Lang) -> impl IntoView + use<> {
    // Each figure, and whether it is withheld for want of five reports.
    let key_figures = [
        (Text::Total, count_text(s.total), false),
        (
            Text::MedianResponse,
            days_text(s.median_days_to_first_response, lang),
            s.median_days_to_first_response.is_none(),
        ),
        (Text::AckInTime, share_text(&s.acknowledged_in_time, lang), s.acknowledged_in_time.of.is_none()),
        (Text::MedianClose, days_text(s.median_days_to_close, lang), s.median_days_to_close.is_none()),
        (Text::ClosedInTime, share_text(&s.closed_in_time, lang), s.closed_in_time.of.is_none()),
        (Text::OverdueNow, count_text(s.overdue_now), false),
    ];
    let status_name = |k: &str| Status::from_key(k).map_or_else(|| k.to_owned(), |s| s.name(lang).to_owned());
    let category_name = |k: &str| Category::from_key(k).map_or_else(|| k.to_owned(), |c| c.name(lang).to_owned());
    let district_name = |k: &str| match feed.and_then(|d| d.reference.district(k)) {
        Some(d) => lang.pick(&d.name_zh, &d.name_en).to_owned(),
        None if k == portal_core::report::handling::UNKNOWN_DISTRICT => Text::UnknownDistrict.text(lang).to_owned(),
        None => k.to_owned(),
    };
    view! {
        <p class="note">{format!("{}{}", Text::AsOf.text(lang), as_of(&s.generated_at, lang))}</p>
        <dl class="key-figures">
            {key_figures.into_iter().map(|(label, value, withheld)| view! {
                <div>
                    <dt>{label.text(lang)}</dt>
                    <dd>{value}{withheld.then(|| view! { <span class="withheld">{Text::Withheld.text(lang)}</span> })}</dd>
                </div>
            }).collect_view()}
        </dl>
        {breakdown((Text::ByStatus, Text::ColStatus), &s.by_status, status_name, lang)}
        {breakdown((Text::ByCategory, Text::ColCategory), &s.by_category, category_name, lang)}
        {breakdown((Text::ByDistrict, Text::ColDistrict), &s.by_district, district_name, lang)}
        {breakdown((Text::ByMonth, Text::ColMonth), &s.by_month, |k| month_label(k, lang), lang)}
    }
}

/// One breakdown: a heading and a two-column table (or a line saying there is nothing yet).
fn breakdown((title, column): (Text, Text), cells: &[Cell], name: impl Fn(&str) -> String, lang: Lang) -> AnyView {
    if cells.is_empty() {
        return view! { <h2>{title.text(lang)}</h2><p>{Text::NoReports.text(lang)}</p> }.into_any();
    }
    let rows = cells
        .iter()
        .map(|c| view! { <tr><th scope="row">{name(&c.key)}</th><td class="num">{count_text(c.count)}</td></tr> })
        .collect_view();
    let head = view! {
        <th scope="col">{column.text(lang)}</th>
        <th scope="col" class="num">{Text::Count.text(lang)}</th>
    };
    view! {
        <h2>{title.text(lang)}</h2>
        {table(Some("handling"), Some(title.text(lang).to_owned()), head, rows)}
    }
    .into_any()
}

/// `2026-12-07T19:01:38+08:00` as "2026年12月7日 19:01（北京时间）" / "7 Dec 2026, 19:01 (China time)".
fn as_of(w3c: &str, lang: Lang) -> String {
    format!("{}{}", portal_core::date::datetime_text(w3c, lang), lang.pick("（北京时间）", " (China time)"))
}
