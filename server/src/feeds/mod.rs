//! Machine routes for aggregators and search engines: RSS feeds per
//! language and per section, sitemaps with hreflang alternates, robots.txt.

pub mod rss;
pub mod sitemap;
mod xml;

use std::collections::HashMap;

use app::domain::{Category, Lang};
use app::error::AppError;
use app::routes::{self, SiteOrigin};
use app::ssr::store::{ArticleSummary, SharedStore};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;
use time::format_description::well_known::{Rfc2822, Rfc3339};

use crate::http::errors::HttpError;

/// Every language version of one story, with its absolute URL.
type Versions = Vec<(Lang, String)>;

/// Items per feed.
const FEED_ITEMS: u32 = 30;

fn xml_response(content_type: &'static str, body: String) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn rfc2822(at: OffsetDateTime) -> String {
    at.format(&Rfc2822).unwrap_or_default()
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// `/{lang}/feed.xml`
pub async fn language_feed(
    State(store): State<SharedStore>,
    State(site): State<SiteOrigin>,
    Path(lang): Path<String>,
) -> Result<Response, HttpError> {
    let lang = Lang::parse(&lang).map_err(|_| HttpError::unknown_lang())?;
    let items = store
        .latest(lang, FEED_ITEMS, 0)
        .await
        .map_err(HttpError::store)?;
    Ok(render_feed(&site, lang, None, &items))
}

/// `/{lang}/category/{slug}/feed.xml`
pub async fn category_feed(
    State(store): State<SharedStore>,
    State(site): State<SiteOrigin>,
    Path((lang, slug)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let lang = Lang::parse(&lang).map_err(|_| HttpError::unknown_lang())?;
    let category = Category::parse(&slug).map_err(|e| HttpError::text(AppError::from(e), lang))?;
    let page = store
        .in_category(lang, category, FEED_ITEMS, 0)
        .await
        .map_err(HttpError::store)?;
    Ok(render_feed(&site, lang, Some(category), &page.items))
}

fn render_feed(
    site: &SiteOrigin,
    lang: Lang,
    category: Option<Category>,
    items: &[ArticleSummary],
) -> Response {
    let t = lang.texts();
    let (title, page, feed) = match category {
        Some(c) => (
            format!("{} — {}", c.name(t), t.site_name),
            routes::category(lang, c),
            routes::category_feed(lang, c),
        ),
        None => (
            t.site_name.to_owned(),
            routes::home(lang),
            routes::feed(lang),
        ),
    };
    let (link, self_link) = (site.absolute(&page), site.absolute(&feed));
    let built = items.iter().map(|a| a.published_at).max().map(rfc2822);
    let prepared: Vec<(String, String, &'static str)> = items
        .iter()
        .map(|a| {
            (
                site.absolute(&routes::article(lang, &a.slug)),
                rfc2822(a.published_at),
                a.primary_category.name(t),
            )
        })
        .collect();
    let channel = rss::Channel {
        title: &title,
        link: &link,
        self_link: &self_link,
        description: t.site_description,
        language: lang.code(),
        last_build_date: built.as_deref(),
        items: items
            .iter()
            .zip(&prepared)
            .map(|(a, (link, date, section))| rss::Item {
                title: &a.title,
                link,
                description: &a.dek,
                pub_date: date,
                categories: vec![*section],
                author: t.site_name,
                image: None,
            })
            .collect(),
    };
    xml_response("application/rss+xml; charset=utf-8", rss::render(&channel))
}

/// `/sitemap.xml`: one sitemap per language.
pub async fn sitemap_index(State(site): State<SiteOrigin>) -> Response {
    let locations: Vec<String> = Lang::ALL
        .iter()
        .map(|l| site.absolute(&routes::sitemap(*l)))
        .collect();
    let entries: Vec<(&str, Option<&str>)> = locations.iter().map(|l| (l.as_str(), None)).collect();
    xml_response("application/xml; charset=utf-8", sitemap::index(&entries))
}

/// `/sitemaps/{lang}.xml`: the language's sections and every article, each
/// article with `xhtml:link` alternates to its translations.
pub async fn language_sitemap(
    State(store): State<SharedStore>,
    State(site): State<SiteOrigin>,
    Path(file): Path<String>,
) -> Result<Response, HttpError> {
    let lang = routes::sitemap_lang(&file).ok_or_else(HttpError::unknown_lang)?;
    let entries = store.sitemap_entries().await.map_err(HttpError::store)?;
    let mut versions: HashMap<&str, Versions> = HashMap::new();
    for e in &entries {
        versions
            .entry(e.translation_group.as_str())
            .or_default()
            .push((e.lang, site.absolute(&routes::article(e.lang, &e.slug))));
    }
    let mut pages: Vec<String> = vec![routes::home(lang), routes::about(lang)];
    pages.extend(Category::ALL.iter().map(|c| routes::category(lang, *c)));
    let pages: Vec<String> = pages.iter().map(|p| site.absolute(p)).collect();
    let articles: Vec<(String, String, &Versions)> = entries
        .iter()
        .filter(|e| e.lang == lang)
        .filter_map(|e| {
            let group = versions.get(e.translation_group.as_str())?;
            Some((
                site.absolute(&routes::article(lang, &e.slug)),
                rfc3339(e.modified_at),
                group,
            ))
        })
        .collect();
    let mut urls: Vec<sitemap::Url> = pages
        .iter()
        .map(|loc| sitemap::Url {
            loc,
            lastmod: None,
            alternates: Vec::new(),
        })
        .collect();
    urls.extend(articles.iter().map(|(loc, modified, group)| sitemap::Url {
        loc,
        lastmod: Some(modified),
        // A lone version needs no alternates.
        alternates: if group.len() > 1 {
            group
                .iter()
                .map(|(l, href)| sitemap::Alternate {
                    hreflang: l.code(),
                    href,
                })
                .collect()
        } else {
            Vec::new()
        },
    }));
    Ok(xml_response(
        "application/xml; charset=utf-8",
        sitemap::urlset(&urls),
    ))
}

/// `/robots.txt`
pub async fn robots(State(site): State<SiteOrigin>) -> Response {
    let body = sitemap::robots_txt(&site.absolute(routes::SITEMAP_INDEX));
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
