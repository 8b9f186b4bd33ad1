//! schema.org JSON-LD for search engines: NewsArticle with its translations,
//! BreadcrumbList, and WebSite with a SearchAction.

use leptos::prelude::*;
use serde_json::{Value, json};

use crate::domain::{Category, Lang};
use crate::routes;
use crate::wire::{Article, Translation};

/// Renders one JSON-LD block. `<`, `>` and `&` become JSON `\u` escapes,
/// so no text in the data can close the script element or change how the
/// HTML parser reads it.
#[component]
pub fn JsonLd(data: Value) -> impl IntoView {
    let text = script_safe(&data.to_string());
    view! { <script type="application/ld+json" inner_html=text></script> }
}

fn organization(lang: Lang, origin: &str) -> Value {
    let t = lang.texts();
    json!({
        "@type": "Organization",
        "name": t.site_publisher,
        "url": format!("{origin}{}", routes::home(lang)),
        "logo": { "@type": "ImageObject", "url": format!("{origin}/icons/icon-512.png") },
    })
}

/// The English version counts as the story's original (it is also the
/// hreflang `x-default`); the other versions are its translations.
pub fn news_article(article: &Article, translations: &[Translation], origin: &str) -> Value {
    let lang = article.lang;
    let url = format!("{origin}{}", routes::article(lang, &article.slug));
    let version = |t: &Translation| json!({ "@type": "NewsArticle", "@id": format!("{origin}{}", t.href()), "inLanguage": t.lang.code(), "headline": t.title });
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "headline": article.title,
        "description": article.dek,
        "inLanguage": lang.code(),
        "datePublished": article.published.iso,
        "dateModified": article.updated.as_ref().unwrap_or(&article.published).iso,
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "author": { "@type": "Organization", "name": article.byline },
        "publisher": organization(lang, origin),
        "articleSection": article.categories.iter().map(|c| c.name(lang.texts())).collect::<Vec<_>>(),
    });
    if let Some(image) = &article.image {
        data["image"] = json!([format!("{origin}{}", image.src)]);
    }
    if lang == Lang::DEFAULT {
        if !translations.is_empty() {
            data["workTranslation"] = translations.iter().map(version).collect();
        }
    } else if let Some(original) = translations.iter().find(|t| t.lang == Lang::DEFAULT) {
        data["translationOfWork"] = version(original);
    }
    data
}

/// Site > section (> article title).
pub fn breadcrumbs(
    lang: Lang,
    category: Category,
    title: Option<&str>,
    origin: &str,
    here: &str,
) -> Value {
    let t = lang.texts();
    let mut items = vec![
        (
            t.site_name.to_owned(),
            format!("{origin}{}", routes::home(lang)),
        ),
        (
            category.name(t).to_owned(),
            format!("{origin}{}", routes::category(lang, category)),
        ),
    ];
    if let Some(title) = title {
        items.push((title.to_owned(), format!("{origin}{here}")));
    }
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items.into_iter().enumerate().map(|(i, (name, item))| json!({
            "@type": "ListItem", "position": i + 1, "name": name, "item": item,
        })).collect::<Vec<_>>(),
    })
}

/// The site, and how to search it (for a search box in search results).
pub fn website(lang: Lang, origin: &str) -> Value {
    let t = lang.texts();
    json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": t.site_name,
        "url": format!("{origin}{}", routes::home(lang)),
        "inLanguage": lang.code(),
        "publisher": organization(lang, origin),
        "potentialAction": {
            "@type": "SearchAction",
            "target": { "@type": "EntryPoint", "urlTemplate": format!("{origin}{}", routes::search_template(lang)) },
            "query-input": "required name=search_term_string",
        },
    })
}

fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_break_out_of_its_script() {
        let data = json!({ "headline": "<!--<script></script> & more" });
        let text = script_safe(&data.to_string());
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, data);
    }
}
