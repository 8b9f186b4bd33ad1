//! A section's stories, newest first, ten a page. Videos and Photos use the
//! same listing on their own URLs, as a media grid.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{lang_param, loading};
use crate::api::get_category;
use crate::codec;
use crate::components::article_card::ArticleCard;
use crate::components::error_view::ErrorView;
use crate::components::page_meta::{FeedLink, PageMeta};
use crate::components::pagination::Pagination;
use crate::components::structured_data::{self, JsonLd};
use crate::domain::{Category, Lang};
use crate::i18n::fill;
use crate::l10n::numerals::number;
use crate::routes;
use crate::routes::param;
use crate::state::page::{site_origin, use_lang};
use crate::wire::CategoryListing;

/// `/{lang}/category/{slug}`.
#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    view! { <Listing slug=Signal::from(slug)/> }
}

/// `/{lang}/videos` and `/{lang}/photos`.
#[component]
pub fn MediaPage(category: Category) -> impl IntoView {
    view! { <Listing slug=Signal::stored(category.slug().to_owned())/> }
}

#[component]
fn Listing(slug: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let code = lang_param();
    let query = use_query_map();
    let page = Memo::new(move |_| query.read().get(param::PAGE));
    let listing = codec::resource(
        move || (code.get(), slug.get(), page.get()),
        |(lang, category, page)| get_category(lang, category, page),
    );
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(data) => view! { <ListingView lang=lang.get() data/> }.into_any(),
                    Err(error) => view! { <ErrorView lang=lang.get() error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ListingView(lang: Lang, data: CategoryListing) -> impl IntoView {
    let t = lang.texts();
    let category = data.category;
    let name = category.name(t);
    let intro = match category {
        Category::Videos => Some(t.videos_intro),
        Category::Photos => Some(t.photos_intro),
        _ => None,
    };
    let title = if data.page > 1 {
        format!(
            "{name} — {}",
            fill(t.page_n, "page", &number(lang, u64::from(data.page)))
        )
    } else {
        name.to_owned()
    };
    let empty = data.stories.is_empty();
    view! {
        <PageMeta
            lang
            title=title
            description=intro.unwrap_or(t.site_description).to_owned()
            path=routes::category_page(lang, category, data.page)
        />
        <FeedLink lang title=format!("{name} — {}", t.site_name) href=routes::category_feed(lang, category)/>
        <JsonLd data=structured_data::breadcrumbs(lang, category, None, &site_origin(), "")/>
        <section class="listing" class:media-grid=category.is_media()>
            <h1>{name}</h1>
            {intro.map(|text| view! { <p class="intro">{text}</p> })}
            {empty.then(|| view! { <p class="empty">{t.no_stories}</p> })}
            <div class="card-grid">
                {data.stories.into_iter().map(|card| view! { <ArticleCard card/> }).collect_view()}
            </div>
            <Pagination
                lang
                page=data.page
                total_pages=data.total_pages
                link=move |n| routes::category_page(lang, category, n)
            />
        </section>
    }
}
