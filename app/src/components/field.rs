//! A form field: its error message, its label and its control, tied together by the field's id
//! (`aria-invalid`, `aria-describedby` and the error summary's links use it).

use crate::i18n::t;
use leptos::prelude::*;
use portal_core::i18n::Msg;

/// The form's errors: the field's id and the message shown for it.
pub type FieldErrors = RwSignal<Vec<(&'static str, String)>>;

/// Whether field `f` has an error.
fn has_error(errors: FieldErrors, f: &'static str) -> bool {
    errors.with(|l| l.iter().any(|(x, _)| *x == f))
}

/// `aria-invalid` of field `f`: "true" or "false".
pub fn invalid(errors: FieldErrors, f: &'static str) -> impl Fn() -> String + Send + Sync + Copy {
    move || has_error(errors, f).to_string()
}

/// `aria-describedby` of field `f`: its error message's id, while it has one.
pub fn described_by(errors: FieldErrors, f: &'static str) -> impl Fn() -> Option<String> + Send + Sync + Copy {
    move || has_error(errors, f).then(|| format!("{f}-error"))
}

/// The error message of field `f` (id `<f>-error`), while it has one.
#[component]
pub fn FieldError(errors: FieldErrors, id: &'static str) -> impl IntoView {
    move || {
        errors.with(|list| list.iter().find(|(x, _)| *x == id).map(|(_, m)| m.clone())).map(|m| {
            view! { <p class="field-error" id=format!("{id}-error")><span class="visually-hidden">{t(Msg::ErrorPrefix)}</span>{m}</p> }
        })
    }
}

/// What a field's control says of its error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Aria {
    /// Nothing.
    #[default]
    None,
    /// `aria-invalid`.
    Invalid,
    /// `aria-invalid` and `aria-describedby` (the error message).
    Described,
}

/// A field's control, when [`Field`] draws it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Control {
    /// `<input type="text">`.
    #[default]
    Text,
    /// `<input type="date">`.
    Date,
    /// `<input type="time">`.
    Time,
    /// `<input type="tel">`.
    Tel,
    /// `<input type="email">`.
    Email,
    /// `<textarea>` of so many rows.
    TextArea(u8),
}

impl Control {
    /// The `<input>`'s type (`None` for a textarea).
    fn input_type(self) -> Option<&'static str> {
        match self {
            Control::Text => Some("text"),
            Control::Date => Some("date"),
            Control::Time => Some("time"),
            Control::Tel => Some("tel"),
            Control::Email => Some("email"),
            Control::TextArea(_) => None,
        }
    }
}

/// A labelled field with its error above it. The control is drawn as `control` says, or is the
/// children when given (a `<select>`).
#[component]
pub fn Field(
    /// The control's id.
    id: &'static str,
    /// The label's text.
    label: Msg,
    errors: FieldErrors,
    /// What the control says of its error.
    #[prop(optional)]
    aria: Aria,
    /// The error message is shown elsewhere on the form, not above this field.
    #[prop(optional)]
    error_elsewhere: bool,
    /// The control drawn (unless children are given).
    #[prop(optional)]
    control: Control,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// The control's value.
    #[prop(optional, into)]
    value: Signal<String>,
    /// Called with the control's value as it is typed.
    #[prop(optional)]
    on_input: Option<Callback<String>>,
    /// A control of its own (instead of the input or textarea).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let aria_invalid = move || (aria != Aria::None).then(invalid(errors, id));
    let aria_describedby = move || if aria == Aria::Described { described_by(errors, id)() } else { None };
    let input = move |ev: leptos::ev::Event| {
        if let Some(f) = on_input {
            f.run(event_target_value(&ev));
        }
    };
    let control = match (children, control) {
        (Some(children), _) => children(),
        (None, Control::TextArea(rows)) => view! {
            <textarea id=id rows=rows.to_string() aria-invalid=aria_invalid aria-describedby=aria_describedby
                prop:value=move || value.get() on:input=input></textarea>
        }
        .into_any(),
        (None, kind) => view! {
            <input id=id type=kind.input_type() autocomplete=autocomplete aria-invalid=aria_invalid
                aria-describedby=aria_describedby prop:value=move || value.get() on:input=input/>
        }
        .into_any(),
    };
    view! {
        {(!error_elsewhere).then(|| view! { <FieldError errors id/> })}
        <label for=id>{t(label)}</label>
        {control}
    }
}

/// A checkbox with its label.
#[component]
pub fn Check(
    id: &'static str,
    label: Msg,
    #[prop(into)] checked: Signal<bool>,
    /// Called with the new state.
    on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="choice">
            <input type="checkbox" id=id prop:checked=move || checked.get() on:change=move |ev| on_change.run(event_target_checked(&ev))/>
            <label for=id>{t(label)}</label>
        </div>
    }
}
