//! `/{lang}/newsroom`: every story in every language, filtered by language,
//! section, status, author and words, newest edit first.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use super::{newsroom_style, strings, words};
use crate::api::stories::{StoryLineView, StoryListView, stories};
use crate::codec;
use crate::components::error_view::ErrorView;
use crate::components::page_meta::PageMeta;
use crate::components::pagination::Pagination;
use crate::domain::{Category, Lang, Role, StoryStatus};
use crate::i18n::fill;
use crate::i18n::newsroom::Texts;
use crate::l10n::dates;
use crate::pages::loading;
use crate::routes;
use crate::state::page::use_lang;

/// The list's filters, by their names in the address.
const FILTERS: [&str; 5] = ["in", "section", "status", "author", "q"];

/// A stage's name in the page's words.
pub(super) fn status_name(n: &'static Texts, status: StoryStatus) -> &'static str {
    match status {
        StoryStatus::Draft => n.status_draft,
        StoryStatus::Review => n.status_review,
        StoryStatus::Scheduled => n.status_scheduled,
        StoryStatus::Published => n.status_published,
        StoryStatus::Unpublished => n.status_unpublished,
    }
}

#[component]
pub fn StoriesPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let strings = strings(lang);
    let list = codec::resource(
        move || {
            let q = query.read();
            let value = |name: &str| q.get(name).unwrap_or_default();
            (
                lang.get().code().to_owned(),
                FILTERS.map(value),
                value(routes::param::PAGE),
            )
        },
        |(lang, [in_lang, section, status, author, q], page)| {
            stories(lang, in_lang, section, status, author, q, page)
        },
    );
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                let lang = lang.get();
                match (strings.await, list.await) {
                    (Ok(values), Ok(list)) => match words(lang, values) {
                        Ok(n) => view! { <StoryBoard lang n list/> }.into_any(),
                        Err(error) => view! { <ErrorView lang error/> }.into_any(),
                    },
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorView lang error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StoryBoard(lang: Lang, n: &'static Texts, list: StoryListView) -> impl IntoView {
    let t = lang.texts();
    let query = use_query_map();
    let chosen = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let filters: Vec<(&'static str, String)> =
        FILTERS.iter().map(|name| (*name, chosen(name))).collect();
    let link = move |page: u32| routes::newsroom_stories(lang, &filters, page);
    // Each filter: its name in the address, its label, and its choices
    // (value and label); "all" comes first in every one.
    let selects: [(&str, &str, Choices); 4] = [
        (
            "in",
            n.filter_language,
            Lang::ALL
                .iter()
                .map(|l| (l.code().to_owned(), l.native_name().to_owned()))
                .collect(),
        ),
        (
            "section",
            n.filter_section,
            Category::ALL
                .iter()
                .map(|c| (c.slug().to_owned(), c.name(t).to_owned()))
                .collect(),
        ),
        (
            "status",
            n.filter_status,
            StoryStatus::ALL
                .iter()
                .map(|s| (s.code().to_owned(), status_name(n, *s).to_owned()))
                .collect(),
        ),
        (
            "author",
            n.filter_author,
            list.authors
                .iter()
                .map(|a| (a.id.to_string(), a.name.clone()))
                .collect(),
        ),
    ];
    let selects = selects
        .into_iter()
        .map(|(name, label, choices)| {
            view! { <FilterSelect name label any=n.filter_any current=chosen(name) choices/> }
        })
        .collect_view();
    let empty = list.stories.is_empty();
    view! {
        {newsroom_style()}
        <PageMeta lang title=n.newsroom_title.to_owned() description=n.stories_intro.to_owned() path=routes::newsroom(lang)/>
        <Meta name="robots" content="noindex"/>
        <section class="newsroom-page">
            <h1>{n.newsroom_title}</h1>
            <p>{n.stories_intro}</p>
            <p class="newsroom-links">
                <a href=routes::newsroom_story(lang, 0) class="button primary">{n.editor_new}</a>
                {(list.role == Role::Admin).then(|| view! { <a href=routes::newsroom_staff(lang)>{n.staff_link}</a> })}
            </p>
            <form method="get" action=routes::newsroom(lang) class="story-filters" role="search">
                {selects}
                <div class="field">
                    <label for="filter-q">{n.filter_search}</label>
                    <input id="filter-q" type="search" name="q" dir="auto" maxlength="200" value=chosen("q")/>
                </div>
                <button type="submit" class="primary">{n.filter_apply}</button>
            </form>
            {empty.then(|| view! { <p class="empty-state">{n.stories_none}</p> })}
            <ul class="saved-list story-list">
                {list.stories.into_iter().map(|story| view! { <StoryItem lang n story/> }).collect_view()}
            </ul>
            <Pagination lang page=list.page total_pages=list.total_pages link/>
        </section>
    }
}

/// A filter's choices: each value, and its label.
type Choices = Vec<(String, String)>;

/// One of the list's filters: a labelled choice, "all" first, the
/// address's current value chosen.
#[component]
fn FilterSelect(
    name: &'static str,
    label: &'static str,
    any: &'static str,
    current: String,
    choices: Choices,
) -> impl IntoView {
    let id = format!("filter-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="">{any}</option>
                {choices
                    .into_iter()
                    .map(|(value, label)| {
                        let selected = value == current;
                        view! { <option value=value selected=selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn StoryItem(lang: Lang, n: &'static Texts, story: StoryLineView) -> impl IntoView {
    let title = story.title.clone();
    // The headline opens the editor; a published story also links to
    // what readers see.
    let headline = view! { <a href=routes::newsroom_story(lang, story.id) lang=story.lang.code() dir="auto">{title}</a> };
    let on_site = (story.status == StoryStatus::Published).then(|| {
        view! { <a href=routes::article(story.lang, &story.slug)>{n.on_site}</a> }
    });
    view! {
        <li class="saved-item">
            <div class="saved-text">
                {headline}
                <p class="saved-meta">
                    <span class="item-language">{status_name(n, story.status)}</span>
                    <span>{story.section.name(lang.texts())}</span>
                    {(!story.author.is_empty()).then(|| view! { <span dir="auto">{fill(n.story_by, "name", &story.author)}</span> })}
                    <span>{fill(n.story_edited, "date", &dates::format(lang, story.edited_at))}</span>
                    {on_site}
                </p>
                <ul class="story-versions" aria-label=n.story_versions>
                    {story
                        .versions
                        .into_iter()
                        .map(|(version, status)| {
                            view! {
                                <li class=format!("version version-{}", status.code())>
                                    <span lang=version.code()>{version.native_name()}</span>
                                    ": "
                                    {status_name(n, status)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        </li>
    }
}
