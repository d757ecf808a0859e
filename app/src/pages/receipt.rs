//! The receipt once a report is sent, and `/report/status`.
//!
//! The receipt is kept on the device (local storage, never the URL) and stays on screen through
//! reloads and app switches (WeChat reloads a page it brings back) until the reader closes it. It
//! can be copied, saved as an image (a canvas drawing shown as an `<img>`, which WeChat lets a
//! reader long-press to save), printed, or saved as text. "My reports" is an opt-in list of
//! receipts on the device. The card's text, the list's rules and the status timeline are pure
//! logic in `portal_core::report`.

use super::report::message_for;
use crate::api::{self, Created, SubmitError};
use crate::download::download_text;
use crate::i18n::{localized, set_title, t, use_lang};
use crate::storage::{read, write};
use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::date::{china_time_text, datetime_text};
use portal_core::i18n::{Lang, Msg};
use portal_core::report::{
    self, Category, FormField, KeptReceipt, MyReports, StepState, card_lines, card_text, card_title, timeline,
};
use wasm_bindgen::{JsCast, JsValue};

/// Local storage: the receipt on screen since sending, until the reader closes it.
const KEPT_KEY: &str = "lyg-portal-receipt";
/// Local storage: "my reports", when the reader turned it on.
const MINE_KEY: &str = "lyg-portal-my-reports";
/// The element holding the code, for selecting it when the clipboard is refused.
const CODE_ID: &str = "receipt-code";

/// The receipt on screen, if the reader has not closed it.
pub fn kept() -> Option<KeptReceipt> {
    read(KEPT_KEY)
}

/// Keeps the receipt of a report just sent (and adds it to "my reports" if that is on).
pub fn keep(created: &Created, category: Option<Category>) -> KeptReceipt {
    let k = KeptReceipt {
        receipt: created.receipt.clone(),
        id: created.service_request_id.clone(),
        category,
        sent_at: crate::unix_seconds(),
    };
    write(KEPT_KEY, &Some(k.clone()));
    let mut mine: MyReports = read(MINE_KEY);
    if mine.add(&k) {
        write(MINE_KEY, &mine);
    }
    k
}

/// Closes the receipt: it is no longer shown (it stays in "my reports" if it is there).
fn forget() {
    if let Some(s) = crate::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.remove_item(KEPT_KEY);
    }
}

/// The status page's full address, for the card.
fn status_url(lang: Lang) -> String {
    format!("{}{}", crate::origin(), localized("/report/status", lang))
}

/// Calls `obj.name(args…)` on a JS object; `None` when it is missing or throws.
fn call(obj: &JsValue, name: &str, args: &[&JsValue]) -> Option<JsValue> {
    let f = js_sys::Reflect::get(obj, &JsValue::from_str(name)).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let list = js_sys::Array::new();
    for a in args {
        list.push(a);
    }
    f.apply(obj, &list).ok()
}

/// Selects the code's text, so that a long-press or Ctrl+C copies it.
fn select_code() {
    let Some(w) = crate::window() else { return };
    let Some(el) = w.document().and_then(|d| d.get_element_by_id(CODE_ID)) else { return };
    if let Some(selection) = call(&w, "getSelection", &[]) {
        let _ = call(&selection, "selectAllChildren", &[&el]);
    }
}

/// Copies `text` with the Clipboard API; answers whether it was copied (a WebView without the
/// API, or one that refuses, gives false).
async fn copy_text(text: &str) -> bool {
    let Some(w) = crate::window() else { return false };
    let Ok(clipboard) = js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")) else { return false };
    if clipboard.is_undefined() || clipboard.is_null() {
        return false;
    }
    let Some(promise) = call(&clipboard, "writeText", &[&JsValue::from_str(text)]) else { return false };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return false };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The card's lines laid out before the canvas gets its height: (font, colour, text, baseline).
struct Layout {
    ops: Vec<(String, &'static str, String, f64)>,
    /// Where the next line starts.
    y: f64,
    /// The text's width.
    width: f64,
}

impl Layout {
    /// Lays out `text`, wrapped to the width: between words in English, between characters in
    /// Chinese (which has no spaces), and inside a word only when it alone is too wide (a link).
    fn put(
        &mut self,
        ctx: &web_sys::CanvasRenderingContext2d,
        font: String,
        colour: &'static str,
        text: &str,
        size: f64,
    ) {
        ctx.set_font(&font);
        let fits = |s: &str| ctx.measure_text(s).map(|m| m.width()).unwrap_or(0.0) <= self.width;
        // Words (runs of Latin letters, digits and punctuation) and single other characters.
        let mut units: Vec<String> = Vec::new();
        for c in text.chars() {
            let latin = c.is_ascii() && !c.is_ascii_whitespace();
            match units.last_mut() {
                Some(u) if latin && u.chars().last().is_some_and(|l| l.is_ascii() && !l.is_ascii_whitespace()) => {
                    u.push(c)
                }
                _ => units.push(c.to_string()),
            }
        }
        let mut line = String::new();
        for unit in units {
            if fits(&format!("{line}{unit}")) {
                line.push_str(&unit);
                continue;
            }
            if !line.trim().is_empty() {
                self.y += size * 1.35;
                self.ops.push((font.clone(), colour, std::mem::take(&mut line).trim_end().to_owned(), self.y));
            }
            line.clear();
            // A unit too wide for a line of its own is broken between characters.
            for c in unit.chars() {
                if line.is_empty() && c.is_whitespace() {
                    continue;
                }
                if !line.is_empty() && !fits(&format!("{line}{c}")) {
                    self.y += size * 1.35;
                    self.ops.push((font.clone(), colour, std::mem::take(&mut line), self.y));
                }
                line.push(c);
            }
        }
        self.y += size * 1.35;
        self.ops.push((font, colour, line, self.y));
    }
}

/// Draws the receipt card on a canvas and answers it as a PNG data URL (`None` outside a browser
/// or when the canvas is refused). The lines are [`card_lines`], wrapped to the card's width.
fn card_image(kept: &KeptReceipt, lang: Lang) -> Option<String> {
    let doc = crate::window()?.document()?;
    let canvas = doc.create_element("canvas").ok()?.dyn_into::<web_sys::HtmlCanvasElement>().ok()?;
    const SCALE: f64 = 2.0;
    const WIDTH: f64 = 360.0;
    const PAD: f64 = 20.0;
    const FONT: &str = "\"PingFang SC\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif";
    let context = |canvas: &web_sys::HtmlCanvasElement| {
        canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    };
    let ctx = context(&canvas)?;
    let mut card = Layout { ops: Vec::new(), y: PAD, width: WIDTH - 2.0 * PAD };
    card.put(&ctx, format!("bold 15px {FONT}"), "#1a4d2e", &card_title(lang), 15.0);
    card.y += 6.0;
    for (i, (label, value)) in card_lines(kept, lang, &status_url(lang)).into_iter().enumerate() {
        card.y += 8.0;
        card.put(&ctx, format!("13px {FONT}"), "#555555", label, 13.0);
        let (font, size) = if i == 0 {
            ("bold 24px ui-monospace, Menlo, Consolas, monospace".to_owned(), 24.0)
        } else {
            (format!("17px {FONT}"), 17.0)
        };
        card.put(&ctx, font, "#111111", &value, size);
    }
    let (ops, y) = (card.ops, card.y);
    let height = y + PAD;
    canvas.set_width((WIDTH * SCALE) as u32);
    canvas.set_height((height * SCALE) as u32);
    let ctx = context(&canvas)?;
    let _ = ctx.scale(SCALE, SCALE);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, WIDTH, height);
    ctx.set_stroke_style_str("#1a4d2e");
    ctx.set_line_width(3.0);
    ctx.stroke_rect(1.5, 1.5, WIDTH - 3.0, height - 3.0);
    ctx.set_text_baseline("alphabetic");
    for (font, colour, text, y) in ops {
        ctx.set_font(&font);
        ctx.set_fill_style_str(colour);
        let _ = ctx.fill_text(&text, PAD, y - 4.0);
    }
    canvas.to_data_url().ok()
}

/// The receipt after sending: kept until `on_close`.
#[component]
pub fn Sent(kept: KeptReceipt, on_close: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let announce = RwSignal::new(None::<Msg>);
    let code = kept.receipt.clone();
    let copy = move |_| {
        let code = code.clone();
        leptos::task::spawn_local(async move {
            if copy_text(&code).await {
                announce.set(Some(Msg::ReceiptCopied));
            } else {
                select_code();
                announce.set(Some(Msg::ReceiptSelected));
            }
        });
    };
    let k = kept.clone();
    let save = move |_| {
        let lang = lang.get_untracked();
        download_text("report-receipt.txt", "text/plain;charset=utf-8", &card_text(&k, lang, &status_url(lang)));
    };
    let k = kept.clone();
    let image = Memo::new(move |_| card_image(&k, lang.get()));
    let k = kept.clone();
    let mine = RwSignal::new(read::<MyReports>(MINE_KEY));
    let receipt = kept.receipt.clone();
    view! {
        <section class="sent" aria-labelledby="sent">
            <h2 id="sent" tabindex="-1">{t(Msg::SentHeading)}</h2>
            <p>{move || report::service_notice(lang.get())}</p>
            <p class="receipt"><span>{t(Msg::ReceiptLabel)}": "</span><strong class="mono" id=CODE_ID data-testid="receipt">{receipt.clone()}</strong></p>
            <p class="note">{move || { let lang = lang.get(); format!("{}{}{}", Msg::ReceiptSentAt.text(lang), lang.label_separator(), china_time_text(kept.sent_at, lang)) }}</p>
            <p class="actions no-print">
                <button type="button" on:click=copy>{t(Msg::ReceiptCopy)}</button>
                " "
                <button type="button" class="secondary" on:click=|_| { let _ = crate::window().map(|w| w.print()); }>{t(Msg::ReceiptPrint)}</button>
                " "
                <button type="button" class="secondary" on:click=save>{t(Msg::ReceiptSave)}</button>
            </p>
            <p role="status" class="copied">{move || announce.get().map(|m| m.text(lang.get()))}</p>
            <p><A href=move || localized("/report/status", lang.get())>{t(Msg::ReceiptCheckLink)}</A></p>
            {move || image.get().map(|url| {
                let lang = lang.get();
                let alt = format!("{} {}", Msg::ReceiptImageAlt.text(lang), receipt.clone());
                view! {
                    <figure class="receipt-card no-print">
                        <figcaption class="note">{Msg::ReceiptImageHint.text(lang)}</figcaption>
                        <img src=url.clone() alt=alt width="360"/>
                        <p><a href=url download="report-receipt.png">{Msg::ReceiptImageDownload.text(lang)}</a></p>
                    </figure>
                }
            })}
            <MyReportsChoice mine current=Some(k)/>
            <p class="note">{t(Msg::ReceiptKept)}</p>
            <p class="no-print">
                <button type="button" class="secondary" on:click=move |_| { forget(); on_close.run(()); }>{t(Msg::ReceiptDismiss)}</button>
            </p>
        </section>
    }
}

/// The opt-in for "my reports" (turning it on keeps `current`), and once on, the button that
/// clears it.
#[component]
fn MyReportsChoice(mine: RwSignal<MyReports>, current: Option<KeptReceipt>) -> impl IntoView {
    let cleared = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        mine.update(|m| if on { m.turn_on(current.as_ref()) } else { m.clear() });
        write(MINE_KEY, &mine.get_untracked());
        cleared.set(!on);
    };
    view! {
        <div class="choice no-print">
            <input type="checkbox" id="my-reports-on" prop:checked=move || mine.with(|m| m.on) on:change=on_change/>
            <label for="my-reports-on">{t(Msg::MyReportsOptIn)}</label>
        </div>
        <Show when=move || mine.with(|m| m.on)>
            <p class="no-print">
                <button type="button" class="secondary" on:click=move |_| {
                    mine.update(MyReports::clear);
                    write(MINE_KEY, &mine.get_untracked());
                    cleared.set(true);
                }>{t(Msg::MyReportsClear)}</button>
            </p>
        </Show>
        <p role="status" class="note">{move || cleared.get().then(|| t(Msg::MyReportsCleared))}</p>
    }
}

/// `/report/status`: a receipt shows its report's status, timeline and replies, nothing else.
#[component]
pub fn ReportStatusPage() -> impl IntoView {
    set_title(Msg::StatusHeading);
    let on_screen = kept();
    let receipt = RwSignal::new(on_screen.as_ref().map(|k| k.receipt.clone()).unwrap_or_default());
    let result = RwSignal::new(None::<Result<api::OwnStatus, SubmitError>>);
    let look_up = move |r: String| {
        leptos::task::spawn_local(async move {
            let answer = api::report_status(&r).await;
            let _ = result.try_set(Some(answer));
        });
    };
    // The receipt still on screen after sending is looked up at once.
    if crate::in_browser() && on_screen.is_some() {
        look_up(receipt.get_untracked());
    }
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        look_up(receipt.get_untracked());
    };
    let mine = RwSignal::new(read::<MyReports>(MINE_KEY));
    let open = Callback::new(move |code: String| {
        receipt.set(code.clone());
        look_up(code);
    });
    view! {
        <h1 tabindex="-1">{t(Msg::StatusHeading)}</h1>
        <p>{t(Msg::StatusIntro)}</p>
        <form on:submit=check>
            <label for=FormField::Receipt.id()>{t(Msg::ReceiptLabel)}</label>
            <div class="search-row">
                <input id=FormField::Receipt.id() type="text" inputmode="numeric" autocomplete="off" prop:value=move || receipt.get() on:input=move |ev| receipt.set(event_target_value(&ev))/>
                <button type="submit">{t(Msg::StatusCheck)}</button>
            </div>
        </form>
        {move || result.get().map(|r| view! { <StatusView result=r/> })}
        <section class="my-reports" aria-labelledby="my-reports">
            <h2 id="my-reports">{t(Msg::MyReportsHeading)}</h2>
            <Show when=move || mine.with(|m| m.on)>
                <MyReportsList mine open/>
            </Show>
            <MyReportsChoice mine current=on_screen.clone()/>
        </section>
    }
}

/// The receipts in "my reports", each opening its status.
#[component]
fn MyReportsList(mine: RwSignal<MyReports>, open: Callback<String>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let entries = mine.with(|m| m.entries.clone());
        if entries.is_empty() {
            return view! { <p>{Msg::MyReportsEmpty.text(lang)}</p> }.into_any();
        }
        view! {
            <ul class="my-reports-list">
                {entries.into_iter().map(|k| {
                    let code = k.receipt.clone();
                    let what = k.category.map(|c| c.name(lang).to_owned()).unwrap_or_default();
                    view! {
                        <li>
                            <strong class="mono">{k.receipt.clone()}</strong>
                            <span class="note">{format!(" · {} {}", china_time_text(k.sent_at, lang), what)}</span>
                            " "
                            <button type="button" class="link-button" on:click=move |_| open.run(code.clone())>
                                {Msg::MyReportsOpen.text(lang)}
                                <span class="visually-hidden">{format!(" {}", k.receipt)}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

/// A look-up's answer: the status, its timeline with the replies in place, or why not.
#[component]
fn StatusView(result: Result<api::OwnStatus, SubmitError>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        match &result {
            Ok(s) => {
                let steps = timeline(s);
                let no_replies = s.replies.is_empty();
                view! {
                    <section class="status" aria-live="polite">
                        <h2>{s.status.name(lang)}</h2>
                        <p>{s.status.explanation(lang)}</p>
                        <dl class="facts">
                            <dt>{Msg::StatusReceived.text(lang)}</dt><dd>{datetime_text(&s.requested, lang)}</dd>
                            <dt>{Msg::StatusUpdated.text(lang)}</dt><dd>{datetime_text(&s.updated, lang)}</dd>
                        </dl>
                        <h3 id="timeline">{Msg::StatusTimeline.text(lang)}</h3>
                        <p class="note">{Msg::StatusTimesNote.text(lang)}</p>
                        <ol class="timeline" aria-labelledby="timeline">
                            {steps.into_iter().map(|step| {
                                let class = match step.state { StepState::Done => "done", StepState::Current => "current", StepState::Pending => "pending" };
                                let when = match (step.state, &step.at) {
                                    (StepState::Pending, _) => Msg::StatusPending.text(lang).to_owned(),
                                    (_, Some(at)) => datetime_text(at, lang),
                                    (StepState::Current, None) => Msg::StatusCurrent.text(lang).to_owned(),
                                    (StepState::Done, None) => String::new(),
                                };
                                let current = (step.state == StepState::Current).then_some("step");
                                view! {
                                    <li class=class aria-current=current>
                                        <strong>{step.name(lang)}</strong>
                                        " "
                                        <span class="note">{when}</span>
                                        {(!step.replies.is_empty()).then(|| view! {
                                            <ul class="replies" aria-label=Msg::StatusReplies.text(lang)>
                                                {step.replies.iter().map(|r| {
                                                    let text = if lang == Lang::Zh { r.text_zh.clone().unwrap_or(r.text.clone()) } else { r.text.clone() };
                                                    view! { <li><span class="note">{datetime_text(&r.at, lang)}</span> " " {text}</li> }
                                                }).collect_view()}
                                            </ul>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        {no_replies.then(|| view! { <p>{Msg::StatusNoReplies.text(lang)}</p> })}
                    </section>
                }
                .into_any()
            }
            Err(SubmitError::Rejected(list)) => view! {
                <p class="field-error" role="alert" id="receipt-error">{list.first().map(|e| message_for(e, lang)).unwrap_or_default()}</p>
            }
            .into_any(),
            Err(_) => view! { <p class="warning" role="alert">{Msg::IntakeUnavailable.text(lang)}</p> }.into_any(),
        }
    }
}
