//! Values the whole page shares, derived from the URL and the request once:
//! its language, the article it shows, the site's origin, and whether it
//! renders as a data-saver page or as the offline page.

use leptos::prelude::*;

use crate::api::get_article;
use crate::codec::{self, Json};
use crate::domain::Lang;
use crate::error::AppError;
use crate::routes::{self, SiteOrigin};
use crate::state::derived::Derived;
use crate::wire::ArticlePage;

/// The language of the page being shown: the URL's first segment, or
/// English when that is not a language (the 404 page is then in English).
#[derive(Clone, Copy)]
pub struct CurrentLang(Derived<Lang>);

impl CurrentLang {
    pub fn get(self) -> Lang {
        self.0.get()
    }

    pub fn get_untracked(self) -> Lang {
        self.0.get_untracked()
    }
}

pub fn use_lang() -> CurrentLang {
    expect_context::<CurrentLang>()
}

/// The article the URL names, loaded once and shared by the article page and
/// the language switcher (which links to the story's translations).
#[derive(Clone, Copy)]
pub struct CurrentArticle(pub Resource<Option<Result<ArticlePage, AppError>>, Json>);

/// The absolute origin of the site (`https://example.org`), for canonical
/// and sharing URLs: on the server the settings' (`SITE_URL`), in the
/// browser the page's own, so links built after navigation stay absolute.
pub fn site_origin() -> String {
    use_context::<SiteOrigin>()
        .map(|origin| origin.0)
        .unwrap_or_else(crate::browser::document::origin)
}

pub fn provide_page_context(pathname: Memo<String>) {
    provide_context(CurrentLang(Derived::new(move || {
        routes::lang_of_path(&pathname.get())
    })));
    let article = codec::resource(
        move || routes::article_key(&pathname.get()),
        |key| async move {
            match key {
                Some((lang, slug)) => Some(get_article(lang, slug).await),
                None => None,
            }
        },
    );
    provide_context(CurrentArticle(article));
}

/// How the server renders the page being answered. The server provides
/// it with each request; the browser has none, and only ever runs full
/// pages (lite pages and the offline page carry no app).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rendering {
    /// Data saver ("lite"): the browser's `Save-Data: on` or the reader's
    /// `lite=1` cookie asks for pages without the app bundle and with
    /// images only on tap.
    pub lite: bool,
    /// The offline page, which the worker shows at other pages' addresses,
    /// where the app would take it for that page: never hydrated.
    pub offline_page: bool,
    /// The language the page's path names (English where it names none).
    pub lang: Lang,
}

/// A lite page never hydrates, so the browser build knows it is never
/// rendering one: `cfg!` makes that a constant there, and the lite-only
/// markup stays out of the WASM bundle.
pub fn is_lite() -> bool {
    !cfg!(feature = "hydrate") && use_context::<Rendering>().is_some_and(|r| r.lite)
}

/// The language of the page being rendered, for the document around the
/// app (the app itself reads its route).
pub fn rendering_lang() -> Lang {
    use_context::<Rendering>().map_or(Lang::DEFAULT, |r| r.lang)
}

/// Likewise the offline page, which carries no app.
pub fn is_offline_page() -> bool {
    !cfg!(feature = "hydrate") && use_context::<Rendering>().is_some_and(|r| r.offline_page)
}
