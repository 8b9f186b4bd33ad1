//! A story in a list: image, section, title, summary and date.

use leptos::prelude::*;

use super::bookmark::BookmarkToggle;
use crate::domain::ArticleKind;
use crate::domain::Category;
use crate::state::derived::Derived;
use crate::state::offline::use_offline;
use crate::wire::ArticleCard as Card;

/// `lead` makes the big first story of the home page (its image loads first).
#[component]
pub fn ArticleCard(card: Card, #[prop(optional)] lead: bool) -> impl IntoView {
    let t = card.lang.texts();
    let href = card.href();
    // Media stories get a badge, unless the section name already says it.
    let badge = match card.kind {
        ArticleKind::Video if card.category != Category::Videos => Some(t.video_label),
        ArticleKind::Gallery if card.category != Category::Photos => Some(t.gallery_label),
        _ => None,
    };
    // Data saver: the card keeps its text and drops the picture.
    let image = card
        .image
        .filter(|_| !crate::state::page::is_lite())
        .map(|img| {
            view! {
                <img
                    src=img.src
                    alt=img.alt
                    width=img.width
                    height=img.height
                    loading=if lead { "eager" } else { "lazy" }
                    fetchpriority=lead.then_some("high")
                    decoding="async"
                />
            }
        });
    let (lang, slug, title) = (card.lang, card.slug.clone(), card.title.clone());
    // Offline, a story that was not kept cannot open: say so on the card.
    let offline = use_offline();
    let unavailable = {
        let href = href.clone();
        Derived::new(move || offline.unavailable(&href))
    };
    view! {
        <article class="card" class:lead=lead class:unavailable=move || unavailable.get()>
            <a class="card-link" href=href>
                {image}
                <div class="card-text">
                    <p class="card-meta">
                        <span class="card-category">{card.category.name(t)}</span>
                        {badge.map(|b| view! { <span class="badge">{b}</span> })}
                    </p>
                    <h3 class="card-title">{card.title}</h3>
                    {lead.then(|| view! { <p class="card-dek">{card.dek.clone()}</p> })}
                    <time datetime=card.published.iso>{card.published.display}</time>
                    <Show when=move || unavailable.get()>
                        <p class="offline-missing">{t.not_available_offline}</p>
                    </Show>
                </div>
            </a>
            <BookmarkToggle lang slug title/>
        </article>
    }
}
