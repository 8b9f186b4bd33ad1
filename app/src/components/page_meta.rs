//! Title, description, canonical URL and Open Graph tags of a page.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

use crate::domain::Lang;
use crate::state::page::site_origin;

/// `path` is the page's own path (`/en/article/x`); `image` a site path.
#[component]
pub fn PageMeta(
    lang: Lang,
    title: String,
    description: String,
    path: String,
    #[prop(default = "website")] og_type: &'static str,
    #[prop(default = None)] image: Option<String>,
) -> impl IntoView {
    let t = lang.texts();
    let origin = site_origin();
    let url = format!("{origin}{path}");
    let title = title_text(&title);
    let full_title = if title == t.site_name {
        title.clone()
    } else {
        format!("{title} — {}", t.site_name)
    };
    view! {
        <Title text=full_title/>
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:site_name" content=t.site_name/>
        <Meta property="og:type" content=og_type/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=url/>
        <Meta property="og:locale" content=lang.code()/>
        {image.map(|src| view! { <Meta property="og:image" content=format!("{origin}{src}")/> })}
    }
}

/// `<title>` content is written out as raw text: angle brackets (from a
/// search query or a headline) are dropped so it can never close the element.
pub fn title_text(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '<' | '>')).collect()
}

/// Advertises an RSS feed of this page's stories.
#[component]
pub fn FeedLink(lang: Lang, title: String, href: String) -> impl IntoView {
    let origin = site_origin();
    view! {
        <Link
            rel="alternate"
            type_="application/rss+xml"
            title=format!("{title} ({})", lang.texts().feed_label)
            href=format!("{origin}{href}")
        />
    }
}

#[cfg(test)]
mod tests {
    use super::title_text;

    #[test]
    fn titles_cannot_carry_markup() {
        assert_eq!(
            title_text("</title><script>x</script>"),
            "/titlescriptx/script"
        );
        assert_eq!(title_text("گزارش «تازه» & more"), "گزارش «تازه» & more");
    }
}
