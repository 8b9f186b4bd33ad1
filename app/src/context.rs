//! Values the whole page shares, derived from the URL once.

use leptos::prelude::*;

use crate::api::get_article;
use crate::domain::Lang;
use crate::dto::ArticlePage;
use crate::error::AppError;
use crate::routes;

/// The language of the page being shown: the URL's first segment, or
/// English when that is not a language (the 404 page is then in English).
#[derive(Clone, Copy)]
pub struct CurrentLang(pub Memo<Lang>);

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
pub struct CurrentArticle(pub Resource<Option<Result<ArticlePage, AppError>>>);

/// The absolute origin of the site (`https://example.org`), for canonical
/// and sharing URLs.
#[derive(Clone, Debug)]
pub struct SiteOrigin(pub String);

/// On the server it comes from the settings (`SITE_URL`); in the browser it
/// is the page's own origin, so links built after navigation stay absolute.
pub fn site_origin() -> String {
    if let Some(origin) = use_context::<SiteOrigin>() {
        return origin.0;
    }
    #[cfg(feature = "hydrate")]
    if let Some(origin) = web_sys::window().and_then(|w| w.location().origin().ok()) {
        return origin;
    }
    String::new()
}

pub fn provide_page_context(pathname: Memo<String>) {
    provide_context(CurrentLang(Memo::new(move |_| {
        routes::lang_of_path(&pathname.get())
    })));
    let article = Resource::new(
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
