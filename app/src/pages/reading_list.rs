//! The reading list: saved stories in any language, newest saved first.

use leptos::prelude::*;
use leptos_meta::Meta;

use super::in_language;
use crate::components::bookmark::BookmarkToggle;
use crate::components::page_meta::PageMeta;
use crate::i18n::fill;
use crate::routes;
use crate::state::offline::use_offline;
use crate::state::reader::{saved_on, use_reader};

lazy_page!(
    /// `/{lang}/reading-list`.
    ReadingListRoute => ReadingListPage
);

#[component]
pub fn ReadingListPage() -> impl IntoView {
    let reader = use_reader();
    let offline = use_offline();
    in_language(move |lang| {
        let t = lang.texts();
        let items = move || {
            let live = reader.live.get();
            reader
                .saved
                .get()
                .into_iter()
                .map(|item| {
                    let href = routes::article(item.lang, &item.slug);
                    let when = fill(t.saved_on, "date", &saved_on(&item, lang, live));
                    // Where a worker keeps copies, each story says whether
                    // it opens without a connection.
                    let availability = {
                        let href = href.clone();
                        move || {
                            if !offline.worker.get() {
                                None
                            } else if offline.kept(&href) {
                                Some(view! { <span class="offline-kept">{t.available_offline}</span> }.into_any())
                            } else if !offline.online.get() {
                                Some(view! { <span class="offline-missing">{t.not_available_offline}</span> }.into_any())
                            } else {
                                None
                            }
                        }
                    };
                    let other_language = (item.lang != lang).then(|| {
                        view! {
                            <span class="item-language">
                                {fill(t.search_in_language, "language", t.language(item.lang))}
                            </span>
                        }
                    });
                    view! {
                        <li class="saved-item">
                            <div class="saved-text">
                                <a href=href lang=item.lang.code() dir=item.lang.dir().as_str()>
                                    {item.title.clone()}
                                </a>
                                <p class="saved-meta">
                                    {other_language}
                                    <span class="saved-on">{when}</span>
                                    {availability}
                                </p>
                            </div>
                            <BookmarkToggle lang=item.lang slug=item.slug.clone() title=item.title.clone()/>
                        </li>
                    }
                })
                .collect_view()
        };
        let empty = move || reader.saved.with(Vec::is_empty);
        view! {
            <PageMeta
                lang
                title=t.reading_list_title.to_owned()
                description=t.reading_list_empty.to_owned()
                path=routes::reading_list(lang)
            />
            <Meta name="robots" content="noindex"/>
            <section class="reading-list-page">
                <h1>{t.reading_list_title}</h1>
                <Show when=move || !reader.signed_in()>
                    <p class="note">
                        {t.reading_list_local} " "
                        <a href=routes::sign_in(lang)>{t.sign_in}</a>
                    </p>
                </Show>
                <Show when=empty fallback=move || view! { <ul class="saved-list">{items}</ul> }>
                    <p class="empty-state">{t.reading_list_empty}</p>
                </Show>
            </section>
        }
        .into_any()
    })
}
