//! `/{lang}/search?q=`: results in the reader's language first, then other
//! languages (labelled), matched words marked. Works as a plain form GET.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use super::{lang_param, loading};
use crate::api::search;
use crate::codec;
use crate::components::error_view::ErrorView;
use crate::components::page_meta::PageMeta;
use crate::components::pagination::Pagination;
use crate::domain::Lang;
use crate::i18n::fill;
use crate::l10n::bidi::isolate;
use crate::routes;
use crate::routes::param;
use crate::state::page::use_lang;
use crate::wire::{Marked, QueryProblem, SearchHit, SearchOutcome, SearchResults};

lazy_page!(
    /// `/{lang}/search`: the results page (the header's box stays in the main chunk).
    SearchRoute => SearchPage
);

#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = use_lang();
    let code = lang_param();
    let query = use_query_map();
    let results = codec::resource(
        move || {
            (
                code.get(),
                query.read().get(param::QUERY),
                query.read().get(param::PAGE),
            )
        },
        |(lang, q, page)| search(lang, q, page),
    );
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(data) => view! { <ResultsView lang=lang.get() data/> }.into_any(),
                    Err(error) => view! { <ErrorView lang=lang.get() error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ResultsView(lang: Lang, data: SearchResults) -> impl IntoView {
    let t = lang.texts();
    let SearchResults { query, outcome } = data;
    let heading = if query.trim().is_empty() {
        t.search_title.to_owned()
    } else {
        fill(t.search_results_for, "query", &isolate(query.trim()))
    };
    let body = match outcome {
        SearchOutcome::Refused(problem) => {
            let message = match problem {
                QueryProblem::Empty => t.search_prompt,
                QueryProblem::TooLong => t.search_too_long,
                QueryProblem::NoWords => t.search_no_words,
            };
            view! { <p class="search-message" role="status">{message}</p> }.into_any()
        }
        SearchOutcome::Found { total: 0, .. } => view! {
            <p class="search-message" role="status">{fill(t.search_no_results, "query", &isolate(query.trim()))}</p>
        }
        .into_any(),
        SearchOutcome::Found { hits, total, page, total_pages } => {
            let (own, others): (Vec<_>, Vec<_>) = hits.into_iter().partition(|h| h.card.lang == lang);
            view! {
                <p class="search-count" role="status">{t.search_count.count(lang, total)}</p>
                <ol class="search-results">
                    {own.into_iter().map(|hit| view! { <Hit reader=lang hit/> }).collect_view()}
                    {others.into_iter().map(|hit| view! { <Hit reader=lang hit/> }).collect_view()}
                </ol>
                <Pagination lang page total_pages link=search_page_link(lang, query.clone())/>
            }
            .into_any()
        }
    };
    view! {
        <PageMeta
            lang
            title=heading.clone()
            description=t.site_description.to_owned()
            path=routes::search(lang)
        />
        // Result pages are for readers, not for search engines' indexes.
        <Meta name="robots" content="noindex, follow"/>
        <section class="search-page">
            <h1>{heading}</h1>
            <form class="search-form" role="search" action=routes::search(lang) method="get">
                <label for="search-page-q" class="visually-hidden">{t.search_label}</label>
                <input id="search-page-q" type="search" name="q" value=query.clone() maxlength="200" dir="auto"/>
                <button type="submit">{t.search_button}</button>
            </form>
            {body}
        </section>
    }
}

/// One result: its card, with the matched words marked in title and summary.
#[component]
fn Hit(reader: Lang, hit: SearchHit) -> impl IntoView {
    let t = reader.texts();
    let SearchHit { card, title, dek } = hit;
    let foreign = (card.lang != reader)
        .then(|| fill(t.search_in_language, "language", t.language(card.lang)));
    let (href, lang) = (card.href(), card.lang);
    view! {
        <li class="search-hit" lang=lang.code() dir=lang.dir().as_str()>
            {foreign.map(|label| view! { <p class="search-lang" lang=reader.code() dir=reader.dir().as_str()>{label}</p> })}
            <h2><a href=href><Highlighted parts=title/></a></h2>
            <p class="search-dek"><Highlighted parts=dek/></p>
            <time datetime=card.published.iso.clone()>{card.published.display.clone()}</time>
        </li>
    }
}

#[component]
fn Highlighted(parts: Vec<Marked>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| {
            if part.hit {
                view! { <mark>{part.text}</mark> }.into_any()
            } else {
                part.text.into_any()
            }
        })
        .collect_view()
}

/// Page `n` of the results for `query`.
fn search_page_link(lang: Lang, query: String) -> impl Fn(u32) -> String {
    move |n| routes::search_results(lang, &query, n)
}
