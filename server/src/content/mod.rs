//! Demo content: our own stories in `server/content/stories/*.toml`,
//! embedded in the binary and loaded into an empty database at first start.

use std::collections::BTreeMap;

use app::domain::ArticleKind;
use app::domain::{Category, Lang, Slug};
use app::ssr::markdown;
use app::ssr::store::{NewArticle, Status, Store, StoreError, StoredGalleryPhoto, StoredImage};
use include_dir::{Dir, include_dir};
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

static STORIES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content/stories");

/// Size of our illustrations (all drawn on a 16:9 canvas).
const IMAGE_SIZE: (u32, u32) = (1200, 675);
/// Where `public/media` is served.
const MEDIA_PATH: &str = "/media/";

#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Deserialize)]
struct StoryFile {
    key: String,
    kind: String,
    categories: Vec<String>,
    published: String,
    updated: Option<String>,
    image: Option<String>,
    video: Option<String>,
    #[serde(default)]
    gallery: Vec<String>,
    #[serde(flatten)]
    versions: BTreeMap<String, Version>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Version {
    slug: String,
    title: String,
    dek: String,
    image_alt: String,
    caption: String,
    byline: String,
    body: String,
    #[serde(default)]
    gallery_captions: Vec<String>,
}

/// Every article of every story file, validated.
pub fn demo_articles() -> Result<Vec<NewArticle>, ContentError> {
    let mut files: Vec<_> = STORIES
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort_by_key(|f| f.path());
    let mut articles = Vec::new();
    for file in files {
        let name = file.path().display().to_string();
        let invalid = |message: String| ContentError::Invalid {
            file: name.clone(),
            message,
        };
        let text = file
            .contents_utf8()
            .ok_or_else(|| invalid("not UTF-8".into()))?;
        let story: StoryFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        articles.extend(story_articles(story).map_err(invalid)?);
    }
    Ok(articles)
}

fn timestamp(raw: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(raw, &Rfc3339).map_err(|e| format!("date {raw:?}: {e}"))
}

fn media(file: &str) -> String {
    format!("{MEDIA_PATH}{file}")
}

fn story_articles(story: StoryFile) -> Result<Vec<NewArticle>, String> {
    Slug::parse(&story.key).map_err(|_| format!("key {:?} is not a slug", story.key))?;
    let kind = ArticleKind::parse(&story.kind).map_err(|_| format!("kind {:?}", story.kind))?;
    let categories = story
        .categories
        .iter()
        .map(|c| Category::parse(c).map_err(|_| format!("category {c:?}")))
        .collect::<Result<Vec<_>, _>>()?;
    if categories.is_empty() {
        return Err("no category".into());
    }
    let published_at = timestamp(&story.published)?;
    let updated_at = story.updated.as_deref().map(timestamp).transpose()?;
    match kind {
        ArticleKind::Video if story.video.is_none() => {
            return Err("video story without video".into());
        }
        ArticleKind::Gallery if story.gallery.is_empty() => {
            return Err("gallery without photos".into());
        }
        _ => {}
    }
    if story.versions.is_empty() {
        return Err("no language version".into());
    }
    story
        .versions
        .into_iter()
        .map(|(code, v)| {
            let lang = Lang::parse(&code).map_err(|_| format!("unknown table [{code}]"))?;
            Slug::parse(&v.slug).map_err(|_| format!("[{code}] slug {:?}", v.slug))?;
            for (field, value) in [
                ("title", &v.title),
                ("dek", &v.dek),
                ("body", &v.body),
                ("byline", &v.byline),
            ] {
                if value.trim().is_empty() {
                    return Err(format!("[{code}] empty {field}"));
                }
            }
            if v.gallery_captions.len() != story.gallery.len() {
                return Err(format!(
                    "[{code}] {} gallery captions for {} photos",
                    v.gallery_captions.len(),
                    story.gallery.len()
                ));
            }
            let gallery = story
                .gallery
                .iter()
                .zip(&v.gallery_captions)
                .map(|(file, caption)| StoredGalleryPhoto {
                    src: media(file),
                    caption: caption.trim().to_owned(),
                    width: IMAGE_SIZE.0,
                    height: IMAGE_SIZE.1,
                })
                .collect();
            Ok(NewArticle {
                lang,
                slug: v.slug,
                translation_group: story.key.clone(),
                kind,
                categories: categories.clone(),
                title: v.title.trim().to_owned(),
                dek: v.dek.trim().to_owned(),
                body_html: markdown::render(&v.body),
                body_markdown: v.body,
                image: story.image.as_deref().map(|file| StoredImage {
                    src: media(file),
                    alt: v.image_alt.trim().to_owned(),
                    width: IMAGE_SIZE.0,
                    height: IMAGE_SIZE.1,
                }),
                caption: v.caption.trim().to_owned(),
                byline: v.byline.trim().to_owned(),
                video_src: story.video.as_deref().map(media),
                gallery,
                status: Status::Published,
                published_at,
                updated_at,
            })
        })
        .collect()
}

/// Fills an empty database with the demo stories; leaves a used one alone.
/// Returns how many articles were added.
pub async fn load_if_empty(store: &dyn Store) -> Result<usize, ContentError> {
    if store.article_count().await? > 0 {
        return Ok(0);
    }
    let articles = demo_articles()?;
    for article in &articles {
        store.insert_article(article).await?;
    }
    Ok(articles.len())
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};
    use std::path::Path;

    use app::l10n::numerals::Digits;

    use super::*;

    fn articles() -> Vec<NewArticle> {
        demo_articles().expect("demo content is valid")
    }

    #[test]
    fn english_has_at_least_36_stories_and_4_per_category() {
        let all = articles();
        let english: Vec<_> = all.iter().filter(|a| a.lang == Lang::En).collect();
        assert!(english.len() >= 36, "{} English stories", english.len());
        for category in Category::ALL {
            let n = english
                .iter()
                .filter(|a| a.categories.contains(&category))
                .count();
            assert!(n >= 4, "{category:?} has {n} English stories");
        }
    }

    #[test]
    fn every_language_is_a_full_edition() {
        let all = articles();
        for lang in Lang::ALL {
            let own: Vec<_> = all.iter().filter(|a| a.lang == lang).collect();
            assert!(own.len() >= 20, "{lang} has {} stories", own.len());
            for category in Category::ALL {
                let n = own
                    .iter()
                    .filter(|a| a.categories.contains(&category))
                    .count();
                assert!(n >= 2, "{lang} has {n} stories in {category:?}");
            }
        }
    }

    /// Everything a reader sees of a story.
    fn reader_text(a: &NewArticle) -> String {
        let mut text = vec![
            a.title.as_str(),
            &a.dek,
            &a.body_markdown,
            &a.caption,
            &a.byline,
        ];
        text.extend(a.image.as_ref().map(|i| i.alt.as_str()));
        text.extend(a.gallery.iter().map(|p| p.caption.as_str()));
        text.join("\n")
    }

    #[test]
    fn stories_use_their_languages_digits() {
        for a in articles() {
            let digits = Digits::of(a.lang);
            let text = reader_text(&a);
            let foreign: Vec<&str> = text
                .split_whitespace()
                .filter(|w| w.chars().any(|c| digits.is_foreign_digit(c)))
                .collect();
            assert!(foreign.is_empty(), "{} {}: {foreign:?}", a.lang, a.slug);
        }
    }

    /// The numbers in `text`, as Latin digits, with thousands separators
    /// (a space, a dot, a comma or a thin space between groups of three)
    /// taken out.
    fn numbers(text: &str) -> std::collections::BTreeSet<String> {
        let latin: String = text
            .chars()
            .map(|c| match c {
                '\u{06F0}'..='\u{06F9}' => {
                    char::from_u32(u32::from(c) - 0x06F0 + u32::from('0')).unwrap_or(c)
                }
                _ => c,
            })
            .collect();
        let chars: Vec<char> = latin.chars().collect();
        let mut found = std::collections::BTreeSet::new();
        let mut current = String::new();
        for (i, c) in chars.iter().enumerate() {
            let joins_groups = matches!(c, ' ' | '.' | ',' | '\u{202F}' | '\u{00A0}' | '\u{066C}')
                && !current.is_empty()
                && chars
                    .get(i + 1..i + 4)
                    .is_some_and(|g| g.iter().all(char::is_ascii_digit))
                && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() {
                current.push(*c);
            } else if !joins_groups && !current.is_empty() {
                found.insert(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            found.insert(current);
        }
        found
    }

    #[test]
    fn every_version_of_a_story_gives_the_english_figures() {
        let all = articles();
        for a in all.iter().filter(|a| a.lang != Lang::En) {
            let Some(english) = all
                .iter()
                .find(|e| e.lang == Lang::En && e.translation_group == a.translation_group)
            else {
                continue;
            };
            let (ours, theirs) = (numbers(&reader_text(a)), numbers(&reader_text(english)));
            let missing: Vec<_> = theirs.difference(&ours).collect();
            let extra: Vec<_> = ours.difference(&theirs).collect();
            assert!(
                extra.is_empty(),
                "{} {}: figures not in the English: {extra:?} (English has {theirs:?}; missing {missing:?})",
                a.lang,
                a.slug
            );
        }
    }

    #[test]
    fn at_least_10_stories_exist_in_3_or_more_languages() {
        let all = articles();
        let mut versions: HashMap<&str, usize> = HashMap::new();
        for a in &all {
            *versions.entry(a.translation_group.as_str()).or_default() += 1;
        }
        let linked = versions.values().filter(|n| **n >= 3).count();
        assert!(linked >= 10, "{linked} stories in 3+ languages");
    }

    #[test]
    fn slugs_are_unique_per_language() {
        let all = articles();
        let mut seen = HashSet::new();
        for a in &all {
            assert!(
                seen.insert((a.lang, a.slug.clone())),
                "{} {} twice",
                a.lang,
                a.slug
            );
        }
    }

    #[test]
    fn every_referenced_media_file_ships_in_public() {
        let public = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public");
        for a in &articles() {
            let mut files: Vec<&str> = a.gallery.iter().map(|p| p.src.as_str()).collect();
            files.extend(a.image.as_ref().map(|i| i.src.as_str()));
            files.extend(a.video_src.as_deref());
            for src in files {
                assert!(
                    public.join(src.trim_start_matches('/')).is_file(),
                    "{src} missing ({})",
                    a.slug
                );
            }
        }
    }

    #[test]
    fn non_english_versions_are_not_english_text() {
        let all = articles();
        for a in all.iter().filter(|a| a.lang != Lang::En) {
            let english = all
                .iter()
                .find(|e| e.lang == Lang::En && e.translation_group == a.translation_group);
            if let Some(english) = english {
                assert_ne!(
                    a.title, english.title,
                    "{} {} is untranslated",
                    a.lang, a.slug
                );
            }
        }
    }

    #[test]
    fn invalid_story_files_are_rejected_with_a_reason() {
        let broken = r#"
            key = "x"
            kind = "video"
            categories = ["sport"]
            published = "2026-11-01T00:00:00Z"
            [en]
            slug = "x"
            title = "t"
            dek = "d"
            image_alt = ""
            caption = ""
            byline = "b"
            body = "b"
        "#;
        let story: StoryFile = toml::from_str(broken).expect("parses");
        assert_eq!(
            story_articles(story).err().as_deref(),
            Some("video story without video")
        );
    }
}
