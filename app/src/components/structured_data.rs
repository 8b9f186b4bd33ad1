//! schema.org JSON-LD for search engines: NewsArticle with its translations,
//! BreadcrumbList, and WebSite with a SearchAction.
//!
//! Each document is a typed struct serialized straight to text: building a
//! `serde_json::Value` tree first (a map per object, a string per key) cost
//! about 7% of an uncached article render in the profile.

use leptos::prelude::*;
use serde::Serialize;

use crate::domain::{Category, Lang};
use crate::routes;
use crate::wire::{Article, Translation};

/// One JSON-LD document as text that is safe inside a script element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LdText(String);

impl LdText {
    /// `<`, `>` and `&` become JSON `\u` escapes, so no text in the data can
    /// close the script element or change how the HTML parser reads it.
    /// They can only occur inside JSON strings, where the escape means the
    /// same character.
    fn of(data: &impl Serialize) -> Self {
        let json = crate::codec::to_string(data).unwrap_or_default();
        let mut text = String::with_capacity(json.len() + 16);
        for c in json.chars() {
            match c {
                '<' => text.push_str("\\u003c"),
                '>' => text.push_str("\\u003e"),
                '&' => text.push_str("\\u0026"),
                c => text.push(c),
            }
        }
        Self(text)
    }
}

/// Renders one JSON-LD block.
#[component]
pub fn JsonLd(data: LdText) -> impl IntoView {
    view! { <script type="application/ld+json" inner_html=data.0></script> }
}

#[derive(Serialize)]
struct Typed<T> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(flatten)]
    fields: T,
}

fn typed<T>(kind: &'static str, fields: T) -> Typed<T> {
    Typed { kind, fields }
}

/// A top-level document: the vocabulary, then the typed object.
#[derive(Serialize)]
struct Document<T> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(flatten)]
    body: Typed<T>,
}

fn document<T>(kind: &'static str, fields: T) -> Document<T> {
    Document {
        context: "https://schema.org",
        body: typed(kind, fields),
    }
}

#[derive(Serialize)]
struct Named<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Url {
    url: String,
}

#[derive(Serialize)]
struct Id<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
}

#[derive(Serialize)]
struct Organization<'a> {
    name: &'a str,
    url: String,
    logo: Typed<Url>,
}

fn organization(lang: Lang, origin: &str) -> Typed<Organization<'static>> {
    typed(
        "Organization",
        Organization {
            name: lang.texts().site_publisher,
            url: format!("{origin}{}", routes::home(lang)),
            logo: typed(
                "ImageObject",
                Url {
                    url: format!("{origin}/icons/icon-512.png"),
                },
            ),
        },
    )
}

/// Another language's version of a story.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Version<'a> {
    #[serde(rename = "@id")]
    id: String,
    in_language: &'static str,
    headline: &'a str,
}

fn version<'a>(t: &'a Translation, origin: &str) -> Typed<Version<'a>> {
    typed(
        "NewsArticle",
        Version {
            id: format!("{origin}{}", t.href()),
            in_language: t.lang.code(),
            headline: &t.title,
        },
    )
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    headline: &'a str,
    description: &'a str,
    in_language: &'static str,
    date_published: &'a str,
    date_modified: &'a str,
    main_entity_of_page: Typed<Id<'a>>,
    author: Typed<Named<'a>>,
    publisher: Typed<Organization<'static>>,
    article_section: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[String; 1]>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    work_translation: Vec<Typed<Version<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translation_of_work: Option<Typed<Version<'a>>>,
}

/// The English version counts as the story's original (it is also the
/// hreflang `x-default`); the other versions are its translations.
pub fn news_article(article: &Article, translations: &[Translation], origin: &str) -> LdText {
    let lang = article.lang;
    let url = format!("{origin}{}", routes::article(lang, &article.slug));
    let (work_translation, translation_of_work) = if lang == Lang::DEFAULT {
        let all = translations.iter().map(|t| version(t, origin)).collect();
        (all, None)
    } else {
        let original = translations.iter().find(|t| t.lang == Lang::DEFAULT);
        (Vec::new(), original.map(|t| version(t, origin)))
    };
    LdText::of(&document(
        "NewsArticle",
        NewsArticle {
            id: &url,
            headline: &article.title,
            description: &article.dek,
            in_language: lang.code(),
            date_published: &article.published.iso,
            date_modified: &article.updated.as_ref().unwrap_or(&article.published).iso,
            main_entity_of_page: typed("WebPage", Id { id: &url }),
            author: typed(
                "Organization",
                Named {
                    name: &article.byline,
                },
            ),
            publisher: organization(lang, origin),
            article_section: article
                .categories
                .iter()
                .map(|c| c.name(lang.texts()))
                .collect(),
            image: article
                .image
                .as_ref()
                .map(|image| [format!("{origin}{}", image.src)]),
            work_translation,
            translation_of_work,
        },
    ))
}

#[derive(Serialize)]
struct ListItem<'a> {
    position: usize,
    name: &'a str,
    item: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BreadcrumbList<'a> {
    item_list_element: Vec<Typed<ListItem<'a>>>,
}

/// Site > section (> article title).
pub fn breadcrumbs(
    lang: Lang,
    category: Category,
    title: Option<&str>,
    origin: &str,
    here: &str,
) -> LdText {
    let t = lang.texts();
    let mut items = vec![
        (t.site_name, format!("{origin}{}", routes::home(lang))),
        (
            category.name(t),
            format!("{origin}{}", routes::category(lang, category)),
        ),
    ];
    if let Some(title) = title {
        items.push((title, format!("{origin}{here}")));
    }
    let item_list_element = items
        .into_iter()
        .enumerate()
        .map(|(i, (name, item))| {
            let position = i + 1;
            typed(
                "ListItem",
                ListItem {
                    position,
                    name,
                    item,
                },
            )
        })
        .collect();
    LdText::of(&document(
        "BreadcrumbList",
        BreadcrumbList { item_list_element },
    ))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryPoint {
    url_template: String,
}

#[derive(Serialize)]
struct SearchAction {
    target: Typed<EntryPoint>,
    #[serde(rename = "query-input")]
    query_input: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebSite {
    name: &'static str,
    url: String,
    in_language: &'static str,
    publisher: Typed<Organization<'static>>,
    potential_action: Typed<SearchAction>,
}

/// The site, and how to search it (for a search box in search results).
pub fn website(lang: Lang, origin: &str) -> LdText {
    let t = lang.texts();
    let url_template = format!("{origin}{}", routes::search_template(lang));
    LdText::of(&document(
        "WebSite",
        WebSite {
            name: t.site_name,
            url: format!("{origin}{}", routes::home(lang)),
            in_language: lang.code(),
            publisher: organization(lang, origin),
            potential_action: typed(
                "SearchAction",
                SearchAction {
                    target: typed("EntryPoint", EntryPoint { url_template }),
                    query_input: "required name=search_term_string",
                },
            ),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn json_ld_cannot_break_out_of_its_script() {
        let data = json!({ "headline": "<!--<script></script> & more" });
        let text = LdText::of(&data).0;
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, data);
    }

    #[test]
    fn typed_objects_carry_their_type_and_context_first() {
        let text = breadcrumbs(
            Lang::DEFAULT,
            Category::World,
            Some("A <b> & c"),
            "https://x.test",
            "/en/article/a",
        )
        .0;
        assert!(
            text.starts_with(r#"{"@context":"https://schema.org","@type":"BreadcrumbList""#),
            "{text}"
        );
        let data: Value = serde_json::from_str(&text).expect("JSON");
        let items = data["itemListElement"].as_array().expect("a list");
        assert_eq!(items.len(), 3);
        assert_eq!(items[2]["@type"], "ListItem");
        assert_eq!(items[2]["position"], 3);
        assert_eq!(items[2]["name"], "A <b> & c");
        assert_eq!(items[2]["item"], "https://x.test/en/article/a");
    }
}
