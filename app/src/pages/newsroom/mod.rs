//! The newsroom's pages, for staff only. All of them are one lazy route:
//! their code is a chunk of its own, fetched when a member of staff opens
//! one, and their strings come with their data (`i18n::newsroom`), so
//! readers' pages carry neither. Readers and anonymous visitors get the 404
//! page: the server fns behind every page check the role and answer 404.

mod editor;
mod history;
mod staff;
mod stories;

use leptos::prelude::*;
use leptos_meta::Stylesheet;
use leptos_router::hooks::use_location;

use crate::api::newsroom::texts;
use crate::codec::{self, Json};
use crate::components::error_view::NotFound;
use crate::domain::Lang;
use crate::error::AppError;
use crate::i18n::newsroom;
use crate::routes;
use crate::state::page::CurrentLang;

lazy_page!(
    /// `/{lang}/newsroom` and every address under it.
    NewsroomRoute => NewsroomPage
);

/// The newsroom's own pages, by address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Stories,
    Staff,
    Editor,
}

impl Section {
    /// The page at `path`; `None` for an address the newsroom does not have.
    fn of(path: &str) -> Option<Self> {
        match routes::newsroom_rest(path)? {
            "" => Some(Self::Stories),
            "staff" => Some(Self::Staff),
            "story" => Some(Self::Editor),
            _ => None,
        }
    }
}

/// Picks the newsroom page the address names. Each page checks access
/// through its own server fns, so an unknown address and a page the
/// caller may not see look the same: 404.
#[component]
fn NewsroomPage() -> impl IntoView {
    let location = use_location();
    let section = Memo::new(move |_| location.pathname.with(|path| Section::of(path)));
    move || match section.get() {
        Some(Section::Stories) => view! { <stories::StoriesPage/> }.into_any(),
        Some(Section::Staff) => view! { <staff::StaffPage/> }.into_any(),
        Some(Section::Editor) => view! { <editor::EditorPage/> }.into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

/// The newsroom's own style rules, which readers never download. A page
/// asks for them once the caller is known to be staff, so a reader's 404
/// does not name them.
fn newsroom_style() -> impl IntoView {
    view! { <Stylesheet id="newsroom-css" href=routes::NEWSROOM_CSS/> }
}

/// The newsroom's strings for the page's language. Every newsroom page
/// awaits them with its data and shows nothing before they are here.
fn strings(lang: CurrentLang) -> Resource<Result<Vec<String>, AppError>, Json> {
    codec::resource(move || lang.get().code().to_owned(), texts)
}

/// Takes in the strings a page awaited: the table to render it with. A
/// table that does not fit comes from a server of another version (a
/// deploy between two requests): worth loading the page again.
fn words(lang: Lang, values: Vec<String>) -> Result<&'static newsroom::Texts, AppError> {
    if newsroom::add(lang, values) {
        Ok(newsroom::texts(lang))
    } else {
        Err(AppError::Unavailable)
    }
}
