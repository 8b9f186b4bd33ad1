//! An article: breadcrumb, sections, title, date, sharing, media, body,
//! byline, other languages, follow links, an ad slot and related stories.

use leptos::prelude::*;
use leptos_meta::Link;

use super::loading;
use crate::components::ad_slot::AdSlot;
use crate::components::article_card::ArticleCard;
use crate::components::bookmark::BookmarkToggle;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::error_view::ErrorView;
use crate::components::follow_us::FollowUs;
use crate::components::page_meta::PageMeta;
use crate::components::share::Share;
use crate::components::structured_data::{self, JsonLd};
use crate::domain::ArticleKind;
use crate::domain::Lang;
use crate::error::AppError;
use crate::i18n::fill;
use crate::l10n::numerals::number;
use crate::routes;
use crate::state::page::{CurrentArticle, site_origin, use_lang};
use crate::wire::{Article, ArticlePage as Page, Translation};

#[component]
pub fn ArticlePage() -> impl IntoView {
    let lang = use_lang();
    let article = expect_context::<CurrentArticle>().0;
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match article.await {
                    Some(Ok(page)) => view! { <ArticleView page/> }.into_any(),
                    Some(Err(error)) => view! { <ErrorView lang=lang.get() error/> }.into_any(),
                    None => view! { <ErrorView lang=lang.get() error=AppError::NotFound/> }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ArticleView(page: Page) -> impl IntoView {
    let Page {
        article,
        translations,
        related,
    } = page;
    let lang = article.lang;
    let t = lang.texts();
    let path = routes::article(lang, &article.slug);
    let url = format!("{}{path}", site_origin());
    let origin = site_origin();
    let primary = article.primary_category();
    let article_ld = structured_data::news_article(&article, &translations, &origin);
    let breadcrumb_ld =
        structured_data::breadcrumbs(lang, primary, Some(&article.title), &origin, &path);

    view! {
        <PageMeta
            lang
            title=article.title.clone()
            description=article.dek.clone()
            path=path.clone()
            og_type="article"
            image=article.image.as_ref().map(|i| i.src.clone())
        />
        <AlternateLinks lang path=path.clone() translations=translations.clone()/>
        <JsonLd data=article_ld/>
        <JsonLd data=breadcrumb_ld/>
        <article class="article">
            <Breadcrumb lang category=primary title=article.title.clone()/>
            <header class="article-header">
                <ul class="tags" aria-label=t.categories_label>
                    {article
                        .categories
                        .iter()
                        .map(|c| view! { <li><a href=routes::category(lang, *c)>{c.name(t)}</a></li> })
                        .collect_view()}
                </ul>
                <h1>{article.title.clone()}</h1>
                <p class="dek">{article.dek.clone()}</p>
                <p class="dateline">
                    <DateLine template=t.published_on iso=article.published.iso.clone() display=article.published.display.clone()/>
                    {article.updated.clone().map(|u| view! {
                        " · " <DateLine template=t.updated_on iso=u.iso display=u.display/>
                    })}
                </p>
                <BookmarkToggle
                    lang
                    slug=article.slug.clone()
                    title=article.title.clone()
                    with_text=true
                />
                <Share lang url=url.clone() title=article.title.clone()/>
            </header>
            <Media article=article.clone()/>
            <div class="article-body" inner_html=article.body_html.clone()></div>
            <p class="byline">
                {article.byline.clone()} " · "
                <time datetime=article.published.iso.clone()>{article.published.display.clone()}</time>
            </p>
            <AlsoIn lang translations/>
            <FollowUs lang/>
        </article>
        <AdSlot lang/>
        <Related lang related/>
    }
}

/// "Published {date}" with the date in a `<time>` element.
#[component]
fn DateLine(template: &'static str, iso: String, display: String) -> impl IntoView {
    let (before, after) = template.split_once("{date}").unwrap_or((template, ""));
    view! { {before} <time datetime=iso>{display}</time> {after} }
}

/// Video player, photo gallery or hero image, with caption.
#[component]
fn Media(article: Article) -> impl IntoView {
    let t = article.lang.texts();
    if crate::state::page::is_lite() {
        return view! { <LiteMedia article/> }.into_any();
    }
    let poster = article.image.clone();
    match (article.kind, article.video_src.clone()) {
        (ArticleKind::Video, Some(src)) => view! {
            <figure class="hero video">
                <video
                    controls
                    preload="none"
                    playsinline
                    poster=poster.as_ref().map(|p| p.src.clone())
                    width=poster.as_ref().map_or(1200, |p| p.width)
                    height=poster.as_ref().map_or(675, |p| p.height)
                >
                    <source src=src.clone() type="video/webm"/>
                    <p>{t.video_fallback} " " <a href=src download dir="ltr">{src.clone()}</a></p>
                </video>
                <figcaption>{article.caption.clone()}</figcaption>
            </figure>
        }
        .into_any(),
        (ArticleKind::Gallery, _) if !article.gallery.is_empty() => {
            let lang = article.lang;
            let total = number(lang, article.gallery.len() as u64);
            view! {
                <section class="gallery" aria-label=t.gallery_label>
                    {article
                        .gallery
                        .into_iter()
                        .enumerate()
                        .map(|(i, photo)| {
                            let position = number(lang, i as u64 + 1);
                            let label = fill(&fill(t.photo_n_of, "position", &position), "total", &total);
                            view! {
                                <figure>
                                    <img
                                        src=photo.src
                                        alt=photo.caption.clone()
                                        width=photo.width
                                        height=photo.height
                                        loading=if i == 0 { "eager" } else { "lazy" }
                                        decoding="async"
                                    />
                                    <figcaption>
                                        <span class="photo-count">{label}</span>
                                        " "
                                        {photo.caption}
                                    </figcaption>
                                </figure>
                            }
                        })
                        .collect_view()}
                </section>
            }
            .into_any()
        }
        _ => poster
            .map(|img| {
                view! {
                    <figure class="hero">
                        <img
                            src=img.src
                            alt=img.alt
                            width=img.width
                            height=img.height
                            fetchpriority="high"
                            decoding="async"
                        />
                        <figcaption>{article.caption.clone()}</figcaption>
                    </figure>
                }
            })
            .into_any(),
    }
}

/// Data saver: every picture becomes its caption and a link to load it;
/// the video keeps its player but no poster.
#[component]
fn LiteMedia(article: Article) -> impl IntoView {
    let t = article.lang.texts();
    let mut pictures: Vec<(String, String)> = article
        .gallery
        .iter()
        .map(|p| (p.src.clone(), p.caption.clone()))
        .collect();
    if pictures.is_empty() && article.video_src.is_none() {
        pictures.extend(
            article
                .image
                .as_ref()
                .map(|i| (i.src.clone(), article.caption.clone())),
        );
    }
    let video = article.video_src.clone().map(|src| {
        view! {
            <figure class="hero video">
                <video controls preload="none" playsinline>
                    <source src=src.clone() type="video/webm"/>
                    <p><a href=src download>{t.video_fallback}</a></p>
                </video>
                <figcaption>{article.caption.clone()}</figcaption>
            </figure>
        }
    });
    view! {
        {video}
        {pictures
            .into_iter()
            .map(|(src, caption)| {
                view! {
                    <p class="tap-to-load">
                        <a href=src>{t.tap_to_load}</a>
                        " — "
                        {caption}
                    </p>
                }
            })
            .collect_view()}
    }
}

/// `<link rel="alternate" hreflang>` for every version, plus `x-default`
/// (the English version where there is one).
#[component]
fn AlternateLinks(lang: Lang, path: String, translations: Vec<Translation>) -> impl IntoView {
    let origin = site_origin();
    let mut versions: Vec<(Lang, String)> =
        translations.iter().map(|t| (t.lang, t.href())).collect();
    versions.push((lang, path));
    let default = versions
        .iter()
        .find(|(l, _)| *l == Lang::DEFAULT)
        .or_else(|| versions.last())
        .map(|(_, href)| format!("{origin}{href}"));
    view! {
        {versions
            .into_iter()
            .map(|(l, href)| {
                view! { <Link rel="alternate" hreflang=l.code() href=format!("{origin}{href}")/> }
            })
            .collect_view()}
        {default.map(|href| view! { <Link rel="alternate" hreflang="x-default" href=href/> })}
    }
}

/// "Also in: …" — the story in other languages.
#[component]
fn AlsoIn(lang: Lang, translations: Vec<Translation>) -> impl IntoView {
    let t = lang.texts();
    (!translations.is_empty()).then(|| {
        view! {
            <nav class="also-in" aria-label=t.also_in>
                <h2>{t.also_in}</h2>
                <ul>
                    {translations
                        .into_iter()
                        .map(|tr| {
                            let (href, lang) = (tr.href(), tr.lang);
                            view! {
                                <li>
                                    <a href=href hreflang=lang.code() lang=lang.code() dir=lang.dir().as_str()>
                                        <span class="lang-name">{tr.lang.native_name()}</span>
                                        ": "
                                        {tr.title}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        }
    })
}

#[component]
fn Related(lang: Lang, related: Vec<crate::wire::ArticleCard>) -> impl IntoView {
    let t = lang.texts();
    (!related.is_empty()).then(|| {
        let mut stories = related.into_iter();
        let lead = stories.next();
        view! {
            <section class="related" aria-labelledby="related-title">
                <h2 id="related-title">{t.related}</h2>
                {lead.map(|card| view! { <ArticleCard card/> })}
                <ul class="related-more">
                    {stories
                        .map(|card| {
                            let href = card.href();
                            view! {
                                <li>
                                    <a href=href>{card.title}</a>
                                    " "
                                    <time datetime=card.published.iso>{card.published.display}</time>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
