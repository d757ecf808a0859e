//! `/about`: where the data come from, how versions and citations work, the machine-readable
//! files, the data's licence (from the feed manifest), and privacy.

use crate::app::use_feed;
use crate::i18n::{set_title, t, use_lang};
use leptos::prelude::*;
use portal_core::i18n::Msg;

/// `/about`.
#[component]
pub fn AboutPage() -> impl IntoView {
    set_title(Msg::NavAbout);
    let feed = use_feed();
    let files = move || {
        feed.meta.get().and_then(Result::ok).map(|m| {
            let v = m.latest.version.clone();
            let links =
                [
                    "datapackage.json",
                    "manifest.json",
                    "index.json",
                    "reference.json",
                    "stats.json",
                    "schema/disclosure.schema.json",
                    "schema/index.schema.json",
                    "schema/enterprise.schema.json",
                    "schema/stats.schema.json",
                    "schema/reference.schema.json",
                    "schema/content-index.schema.json",
                    "schema/versions.schema.json",
                ]
                .into_iter()
                    .map(|f| {
                        let label = crate::api::version_file_url(&v, f);
                        let href = crate::at_base(&label);
                        view! { <li><a href=href>{label}</a></li> }
                    })
                    .collect_view();
            view! { <ul class="mono">{links}<li><a href=crate::at_base("/feed/latest.json")>"/feed/latest.json"</a></li><li><a href=crate::at_base("/feed/versions.json")>"/feed/versions.json"</a></li></ul> }
        })
    };
    let lang = use_lang();
    let licence = move || {
        feed.meta.get().and_then(Result::ok).map(|m| {
            let l = m.manifest.licence.clone();
            let title = format!("{} ({})", l.title_in(lang.get()), l.name);
            view! { <p class="licence"><a href=l.path rel="license">{title}</a></p> }
        })
    };
    view! {
        <h1 tabindex="-1">{t(Msg::AboutHeading)}</h1>
        <h2>{t(Msg::AboutSourcesTitle)}</h2>
        <p>{t(Msg::AboutSources)}</p>
        <h2>{t(Msg::AboutVersionsTitle)}</h2>
        <p>{t(Msg::AboutVersions)}</p>
        <h2>{t(Msg::AboutMachineTitle)}</h2>
        <p>{t(Msg::AboutMachine)}</p>
        {files}
        <h2>{t(Msg::AboutLicenceTitle)}</h2>
        <p>{t(Msg::AboutLicence)}</p>
        {licence}
        <h2>{t(Msg::AboutPrivacyTitle)}</h2>
        <p>{t(Msg::AboutPrivacy)}</p>
    }
}
