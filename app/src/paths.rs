//! Every URL the site links to, built in one place.

use crate::domain::{Category, Lang};

pub fn home(lang: Lang) -> String {
    format!("/{lang}/")
}

pub fn article(lang: Lang, slug: &str) -> String {
    format!("/{lang}/article/{slug}")
}

/// Videos and Photos have their own media pages; other sections are lists.
pub fn category(lang: Lang, category: Category) -> String {
    match category {
        Category::Videos => format!("/{lang}/videos"),
        Category::Photos => format!("/{lang}/photos"),
        other => format!("/{lang}/category/{}", other.slug()),
    }
}

pub fn category_page(lang: Lang, category: Category, page: u32) -> String {
    let base = self::category(lang, category);
    if page <= 1 {
        base
    } else {
        format!("{base}?page={page}")
    }
}

pub fn search(lang: Lang) -> String {
    format!("/{lang}/search")
}

pub fn feed(lang: Lang) -> String {
    format!("/{lang}/feed.xml")
}

pub fn category_feed(lang: Lang, category: Category) -> String {
    format!("/{lang}/category/{}/feed.xml", category.slug())
}

pub fn about(lang: Lang) -> String {
    format!("/{lang}/about")
}

/// What the service worker shows when a page is neither online nor kept.
pub fn offline(lang: Lang) -> String {
    format!("/{lang}/offline")
}

pub fn manifest(lang: Lang) -> String {
    format!("/{lang}/manifest.webmanifest")
}

pub fn reading_list(lang: Lang) -> String {
    format!("/{lang}/reading-list")
}

pub fn sign_in(lang: Lang) -> String {
    format!("/{lang}/sign-in")
}

pub fn register(lang: Lang) -> String {
    format!("/{lang}/register")
}

pub fn forgot_password(lang: Lang) -> String {
    format!("/{lang}/forgot-password")
}

pub fn reset_password(lang: Lang) -> String {
    format!("/{lang}/reset-password")
}

pub fn account(lang: Lang) -> String {
    format!("/{lang}/account")
}

/// A path on this site that is safe to send a reader back to after a form:
/// it starts with one `/`, has no `\` and no control characters. Anything
/// else (`//evil.example`, `https://…`) is not followed.
pub fn local_return(path: &str) -> Option<&str> {
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    local.then_some(path)
}

/// `?query` for a non-empty query string (with or without its leading `?`),
/// else nothing, to append to a path.
pub fn query_suffix(search: &str) -> String {
    let search = search.trim_start_matches('?');
    if search.is_empty() {
        String::new()
    } else {
        format!("?{search}")
    }
}

/// The same page in another language, for paths that do not depend on
/// language-specific slugs (everything but articles).
pub fn switch_language(path: &str, to: Lang) -> String {
    let rest = path
        .strip_prefix('/')
        .and_then(|p| p.split_once('/'))
        .map(|(_, rest)| rest)
        .unwrap_or("");
    if rest.starts_with("article/") {
        return home(to);
    }
    format!("/{to}/{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_sections_have_their_own_pages() {
        assert_eq!(category(Lang::Fa, Category::Videos), "/fa/videos");
        assert_eq!(
            category(Lang::En, Category::ArtsCulture),
            "/en/category/arts-culture"
        );
        assert_eq!(
            category_page(Lang::En, Category::Sport, 1),
            "/en/category/sport"
        );
        assert_eq!(
            category_page(Lang::En, Category::Sport, 3),
            "/en/category/sport?page=3"
        );
    }

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_return("/fa/article/x?y=1"), Some("/fa/article/x?y=1"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "javascript:x",
            "",
            "/a\nb",
        ] {
            assert_eq!(local_return(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn query_suffixes_have_one_question_mark() {
        assert_eq!(query_suffix(""), "");
        assert_eq!(query_suffix("?"), "");
        assert_eq!(query_suffix("page=2"), "?page=2");
        assert_eq!(query_suffix("?q=a"), "?q=a");
    }

    #[test]
    fn switching_language_keeps_the_section() {
        assert_eq!(
            switch_language("/en/category/world", Lang::Ps),
            "/ps/category/world"
        );
        assert_eq!(switch_language("/en/", Lang::Tg), "/tg/");
        assert_eq!(switch_language("/en", Lang::Tg), "/tg/");
        assert_eq!(switch_language("/fa/about", Lang::De), "/de/about");
        assert_eq!(switch_language("/fa/article/x", Lang::De), "/de/");
    }
}
