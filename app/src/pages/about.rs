//! The static About page, translated.

use leptos::prelude::*;

use super::in_language;
use crate::components::page_meta::PageMeta;
use crate::routes;

#[component]
pub fn AboutPage() -> impl IntoView {
    in_language(|lang| {
        let t = lang.texts();
        view! {
            <PageMeta
                lang
                title=t.about_title.to_owned()
                description=t.about_lead.to_owned()
                path=routes::about(lang)
            />
            <article class="about">
                <h1>{t.about_title}</h1>
                <p class="dek">{t.about_lead}</p>
                <p>{t.about_body}</p>
                <p class="note">{t.about_demo}</p>
            </article>
        }
        .into_any()
    })
}
