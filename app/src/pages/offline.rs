//! The page the service worker shows when a page cannot be loaded and was
//! not kept for offline reading. It is kept in every language at install
//! and served without the app bundle, so it reads the same at any address.

use leptos::prelude::*;
use leptos_meta::Meta;

use super::in_language;
use crate::components::page_meta::PageMeta;
use crate::routes;

#[component]
pub fn OfflinePage() -> impl IntoView {
    in_language(|lang| {
        let t = lang.texts();
        view! {
            <PageMeta
                lang
                title=t.offline_title.to_owned()
                description=t.offline_text.to_owned()
                path=routes::offline(lang)
            />
            <Meta name="robots" content="noindex"/>
            <section class="offline-page">
                <h1>{t.offline_title}</h1>
                <p>{t.offline_text}</p>
                <p>{t.offline_hint}</p>
                <ul class="offline-actions">
                    // An empty link is the address being shown: loading it
                    // again tries the network once more.
                    <li><a class="link-button" href="">{t.offline_try_again}</a></li>
                    <li><a href=routes::reading_list(lang)>{t.reading_list_title}</a></li>
                    <li><a href=routes::home(lang)>{t.nav_home}</a></li>
                </ul>
            </section>
        }
        .into_any()
    })
}
