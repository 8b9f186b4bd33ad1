//! The story editor's server fns: open a story (or a blank one), save it,
//! preview its body, decide about it, list its revisions. Each checks the
//! caller's role itself: writers start stories and edit their own until an
//! editor takes them over; editors and admins do everything. Anonymous
//! visitors and readers get 404.

// The save takes one argument a field, as the form posts them; the server
// macro writes the browser's copy of it without the function's own allow.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::codec::JsonOutput;
use crate::domain::{Category, Lang, Role, StoryStatus};
use crate::error::AppError;

/// One language version of a story, as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryView {
    /// 0 for a story not saved yet.
    pub id: i64,
    pub lang: Lang,
    pub status: StoryStatus,
    /// The revision the editor starts from (0 before the first save).
    pub revision: u32,
    /// A published story edited since: readers still see the older text.
    pub pending: bool,
    pub section: Category,
    pub slug: String,
    pub title: String,
    pub dek: String,
    pub body: String,
    pub byline: String,
    pub caption: String,
    /// The hero picture's address and alt text, if the story has one.
    pub image: Option<(String, String)>,
    /// Who started it; empty for an imported story.
    pub author: String,
    /// Unix seconds; 0 before the first save.
    pub edited_at: i64,
    /// When a scheduled story goes out, in Kabul, as a `datetime-local`
    /// field holds it; empty when none is set.
    pub publish_at: String,
    /// What the editor who sent it back wrote.
    pub review_note: String,
    /// The version this one was translated from, and its language.
    pub translated_from: Option<(i64, Lang)>,
    /// Every language version of the story (this one included once it is
    /// saved): id, language and stage.
    pub versions: Vec<(i64, Lang, StoryStatus)>,
    /// The caller's role, for the decisions it opens.
    pub role: Role,
    /// Whether the caller may change it now.
    pub may_edit: bool,
}

/// What a save made: the story's id and revision, and its address name
/// (the newsroom names a story whose headline gives it none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub id: i64,
    pub revision: u32,
    pub slug: String,
}

/// Where a story stands after a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActedView {
    pub status: StoryStatus,
    pub revision: u32,
}

/// A saved revision, as the revision list names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionView {
    pub number: u32,
    /// Unix seconds.
    pub saved_at: i64,
    /// Who saved it; empty for the command line.
    pub saved_by: String,
    pub title: String,
}

/// The story `id`; with `id` empty, a blank one in the page's language,
/// or (with `from`, a story's id, and `into`, a language) a translation of
/// `from` prefilled with its text. Staff only.
#[server(prefix = "/api", endpoint = "newsroom/story", input = GetUrl, output = JsonOutput)]
pub async fn story(
    lang: String,
    id: String,
    from: String,
    into: String,
) -> Result<StoryView, AppError> {
    ssr::open(&lang, &id, &from, &into).await
}

/// Saves the story `id` as a new revision over `revision`, the one the
/// editor started from (refused if someone saved since); with `id` empty,
/// starts a story (a translation of `from` when that is set). Writers save
/// their own stories until an editor takes them (drafts and stories in
/// review); editors save any.
#[server(prefix = "/api", endpoint = "newsroom/save-story", output = JsonOutput)]
pub async fn save_story(
    lang: String,
    id: String,
    revision: String,
    from: String,
    in_lang: String,
    section: String,
    slug: String,
    title: String,
    dek: String,
    body: String,
    byline: String,
    caption: String,
    alt: String,
) -> Result<SavedView, AppError> {
    let story = id.trim().parse::<i64>().unwrap_or_default();
    let edit = ssr::Edit {
        id,
        revision,
        from,
        in_lang,
        section,
        slug,
        title,
        dek,
        body,
        byline,
        caption,
        alt,
    };
    let result = ssr::save(&lang, edit).await;
    crate::api::form::answer_form(
        &lang,
        result.clone(),
        |page_lang| {
            let id = result.as_ref().map(|saved| saved.id).unwrap_or_default();
            crate::routes::with_done(&crate::routes::newsroom_story(page_lang, id), "saved")
        },
        |page_lang| crate::routes::newsroom_story(page_lang, story),
    )
}

/// The body as readers will get it: the Markdown rendered and sanitized by
/// the code that publishing uses. Staff only.
#[server(prefix = "/api", endpoint = "newsroom/preview", output = JsonOutput)]
pub async fn preview(lang: String, body: String) -> Result<String, AppError> {
    ssr::preview(&lang, &body).await
}

/// A decision about the story `id`: `submit` (its writer, or an editor),
/// or, editors only, `send-back` (with `note`), `publish`, `schedule` (at
/// `at`, Kabul time), `unpublish` and `restore` (revision `number`).
#[server(prefix = "/api", endpoint = "newsroom/act", output = JsonOutput)]
pub async fn act(
    lang: String,
    id: String,
    action: String,
    note: String,
    at: String,
    number: String,
) -> Result<ActedView, AppError> {
    let result = ssr::act(&lang, &id, &action, &note, &at, &number).await;
    let story = id.trim().parse::<i64>().unwrap_or_default();
    crate::api::form::answer_form(
        &lang,
        result,
        |page_lang| {
            crate::routes::with_done(&crate::routes::newsroom_story(page_lang, story), "acted")
        },
        |page_lang| crate::routes::newsroom_story(page_lang, story),
    )
}

/// The story's revisions, newest first. Staff only.
#[server(prefix = "/api", endpoint = "newsroom/revisions", input = GetUrl, output = JsonOutput)]
pub async fn revisions(lang: String, id: String) -> Result<Vec<RevisionView>, AppError> {
    ssr::revisions(&lang, &id).await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use rand::RngCore;
    use time::OffsetDateTime;

    use super::{ActedView, RevisionView, SavedView, StoryView};
    use crate::api::accounts::ssr::{lang, rejected};
    use crate::domain::{ArticleKind, Category, Lang, Role, Slug, StoryStatus};
    use crate::error::{AppError, Problem, StoryProblem};
    use crate::ssr::context::{fail, internal, newsroom};
    use crate::ssr::dates::{kabul_input, parse_kabul_input};
    use crate::ssr::markdown;
    use crate::ssr::newsroom::access::{Staff, require};
    use crate::ssr::newsroom::store::Actor;
    use crate::ssr::newsroom::stories::{
        ActOutcome, NewStory, SaveOutcome, Story, StoryAction, StoryFields, StorySave,
    };
    use crate::ssr::store::StoredImage;

    /// The most each field holds, in characters (the body in bytes, so
    /// that a whole form stays under the server's body limit even with
    /// every letter percent-encoded).
    const MAX_TITLE: usize = 200;
    const MAX_DEK: usize = 500;
    const MAX_BYLINE: usize = 120;
    const MAX_CAPTION: usize = 400;
    const MAX_ALT: usize = 400;
    const MAX_NOTE: usize = 2000;
    pub(crate) const MAX_BODY_BYTES: usize = 60_000;

    /// A save's fields as they arrive, every one a string.
    pub struct Edit {
        pub id: String,
        pub revision: String,
        pub from: String,
        pub in_lang: String,
        pub section: String,
        pub slug: String,
        pub title: String,
        pub dek: String,
        pub body: String,
        pub byline: String,
        pub caption: String,
        pub alt: String,
    }

    /// A story id from the address or a form; `None` when empty. A value
    /// that is not an id names no story: 404.
    fn story_id(raw: &str) -> Result<Option<i64>, AppError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(Some)
            .ok_or_else(|| fail(AppError::NotFound))
    }

    async fn load(id: i64) -> Result<Story, AppError> {
        newsroom()?
            .story(id)
            .await
            .map_err(internal)?
            .ok_or_else(|| fail(AppError::NotFound))
    }

    /// Writers change their own stories until an editor takes them over;
    /// editors and admins change any.
    fn may_edit(staff: &Staff, story: &Story) -> bool {
        staff.role.includes(Role::Editor)
            || (story.author == Some(staff.session.account.id)
                && matches!(story.status, StoryStatus::Draft | StoryStatus::Review))
    }

    fn actor(staff: &Staff) -> Actor {
        Actor::Account(staff.session.account.id)
    }

    fn view(staff: &Staff, story: Story) -> StoryView {
        let may_edit = may_edit(staff, &story);
        let translated_from = story.translated_from.and_then(|from| {
            let source = story.versions.iter().find(|(id, ..)| *id == from);
            source.map(|(id, lang, _)| (*id, *lang))
        });
        let fields = story.fields;
        StoryView {
            id: story.id,
            lang: fields.lang,
            status: story.status,
            revision: story.revision,
            pending: story.pending,
            section: fields
                .categories
                .first()
                .copied()
                .unwrap_or(Category::Afghanistan),
            slug: fields.slug,
            title: fields.title,
            dek: fields.dek,
            body: fields.body_markdown,
            byline: fields.byline,
            caption: fields.caption,
            image: fields.image.map(|image| (image.src, image.alt)),
            author: story.author_name,
            edited_at: story.edited_at.unix_timestamp(),
            publish_at: story.publish_at.map(kabul_input).unwrap_or_default(),
            review_note: story.review_note,
            translated_from,
            versions: story.versions,
            role: staff.role,
            may_edit,
        }
    }

    fn blank(staff: &Staff, lang: Lang) -> StoryView {
        StoryView {
            id: 0,
            lang,
            status: StoryStatus::Draft,
            revision: 0,
            pending: false,
            section: Category::Afghanistan,
            slug: String::new(),
            title: String::new(),
            dek: String::new(),
            body: String::new(),
            byline: staff.session.account.display_name.clone(),
            caption: String::new(),
            image: None,
            author: staff.session.account.display_name.clone(),
            edited_at: 0,
            publish_at: String::new(),
            review_note: String::new(),
            translated_from: None,
            versions: Vec::new(),
            role: staff.role,
            may_edit: true,
        }
    }

    pub async fn open(
        lang_code: &str,
        id: &str,
        from: &str,
        into: &str,
    ) -> Result<StoryView, AppError> {
        let page_lang = lang(lang_code)?;
        let staff = require(Role::Writer).await?;
        if let Some(id) = story_id(id)? {
            return Ok(view(&staff, load(id).await?));
        }
        let Some(source) = story_id(from)? else {
            return Ok(blank(&staff, page_lang));
        };
        // A translation: the source's text to translate from, in a new
        // version that is the caller's own draft.
        let into = Lang::parse(into.trim()).map_err(|_| fail(AppError::BadRequest))?;
        let source = load(source).await?;
        if source.versions.iter().any(|(_, lang, _)| *lang == into) {
            return Err(rejected(Problem::Story(StoryProblem::LanguageTaken)));
        }
        let source_lang = source.fields.lang;
        let source_id = source.id;
        let mut draft = view(&staff, source);
        draft.id = 0;
        draft.lang = into;
        draft.status = StoryStatus::Draft;
        draft.revision = 0;
        draft.pending = false;
        draft.edited_at = 0;
        draft.publish_at.clear();
        draft.review_note.clear();
        draft.translated_from = Some((source_id, source_lang));
        draft.author = staff.session.account.display_name.clone();
        draft.may_edit = true;
        Ok(draft)
    }

    /// At most `max` characters, else the field is too long.
    fn bounded(text: &str, max: usize) -> Result<String, AppError> {
        let text = text.trim();
        if text.chars().count() > max {
            return Err(rejected(Problem::Story(StoryProblem::TooLong)));
        }
        Ok(text.to_owned())
    }

    fn body(raw: &str) -> Result<String, AppError> {
        if raw.len() > MAX_BODY_BYTES {
            return Err(rejected(Problem::Story(StoryProblem::TooLong)));
        }
        // Browsers send form fields with CRLF line ends.
        Ok(raw.replace("\r\n", "\n").trim_end().to_owned())
    }

    /// The address name as typed; when left empty, one made from the
    /// headline, or from the version translated from, or from the time.
    fn slug(typed: &str, title: &str, fallback: Option<&str>) -> Result<String, AppError> {
        let typed = typed.trim();
        if !typed.is_empty() {
            return Slug::parse(typed)
                .map(String::from)
                .map_err(|_| rejected(Problem::Story(StoryProblem::BadSlug)));
        }
        Ok(match (Slug::suggest(title), fallback) {
            (Some(name), _) => name.into(),
            (None, Some(name)) => name.to_owned(),
            (None, None) => format!("story-{}", OffsetDateTime::now_utc().unix_timestamp()),
        })
    }

    /// A new story's translation group: random, so two newsrooms' exports
    /// never collide on import.
    fn fresh_group() -> String {
        let mut bytes = [0u8; 12];
        rand::rng().fill_bytes(&mut bytes);
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!("story-{hex}")
    }

    fn saved(outcome: SaveOutcome, slug: String) -> Result<SavedView, AppError> {
        match outcome {
            SaveOutcome::Saved { story, revision } => Ok(SavedView {
                id: story,
                revision,
                slug,
            }),
            SaveOutcome::Stale { .. } => Err(rejected(Problem::Story(StoryProblem::Stale))),
            SaveOutcome::SlugTaken => Err(rejected(Problem::Story(StoryProblem::SlugTaken))),
            SaveOutcome::LanguageTaken => {
                Err(rejected(Problem::Story(StoryProblem::LanguageTaken)))
            }
            SaveOutcome::NoSuchStory => Err(fail(AppError::NotFound)),
        }
    }

    pub async fn save(lang_code: &str, edit: Edit) -> Result<SavedView, AppError> {
        lang(lang_code)?;
        let staff = require(Role::Writer).await?;
        let id = story_id(&edit.id)?;
        let in_lang = Lang::parse(edit.in_lang.trim()).map_err(|_| fail(AppError::BadRequest))?;
        let section =
            Category::parse(edit.section.trim()).map_err(|_| fail(AppError::BadRequest))?;
        let title = bounded(&edit.title, MAX_TITLE)?;
        if title.is_empty() {
            return Err(rejected(Problem::Story(StoryProblem::NoHeadline)));
        }
        let dek = bounded(&edit.dek, MAX_DEK)?;
        let byline = bounded(&edit.byline, MAX_BYLINE)?;
        let caption = bounded(&edit.caption, MAX_CAPTION)?;
        let alt = bounded(&edit.alt, MAX_ALT)?;
        let body_markdown = body(&edit.body)?;
        let body_html = markdown::render(&body_markdown);
        let at = OffsetDateTime::now_utc();
        let by = actor(&staff);

        let Some(id) = id else {
            let source = match story_id(&edit.from)? {
                Some(source) => Some(load(source).await?),
                None => None,
            };
            let slug = slug(
                &edit.slug,
                &title,
                source.as_ref().map(|s| s.fields.slug.as_str()),
            )?;
            let fields = StoryFields {
                lang: in_lang,
                slug: slug.clone(),
                kind: ArticleKind::Text,
                categories: vec![section],
                title,
                dek,
                body_markdown,
                byline,
                image: None,
                caption,
                video_src: None,
                gallery: Vec::new(),
            };
            let story = NewStory {
                fields,
                body_html,
                translation_group: source
                    .as_ref()
                    .map(|s| s.translation_group.clone())
                    .unwrap_or_else(fresh_group),
                translated_from: source.as_ref().map(|s| s.id),
                by,
                at,
            };
            let outcome = newsroom()?.create_story(&story).await.map_err(internal)?;
            return saved(outcome, slug);
        };

        let base_revision = edit
            .revision
            .trim()
            .parse::<u32>()
            .map_err(|_| fail(AppError::BadRequest))?;
        let story = load(id).await?;
        if !may_edit(&staff, &story) {
            return Err(rejected(Problem::NotAllowed));
        }
        let slug = slug(&edit.slug, &title, Some(&story.fields.slug))?;
        let old = story.fields;
        // The section chosen leads; the story's other sections stay.
        let mut categories = vec![section];
        categories.extend(old.categories.iter().copied().filter(|c| *c != section));
        let image = old.image.map(|image| StoredImage { alt, ..image });
        let fields = StoryFields {
            lang: in_lang,
            slug: slug.clone(),
            kind: old.kind,
            categories,
            title,
            dek,
            body_markdown,
            byline,
            image,
            caption,
            video_src: old.video_src,
            gallery: old.gallery,
        };
        let save = StorySave {
            story: id,
            base_revision,
            fields,
            body_html,
            by,
            at,
        };
        let outcome = newsroom()?.save_story(&save).await.map_err(internal)?;
        saved(outcome, slug)
    }

    pub async fn preview(lang_code: &str, raw: &str) -> Result<String, AppError> {
        lang(lang_code)?;
        require(Role::Writer).await?;
        Ok(markdown::render(&body(raw)?))
    }

    /// The decision an `action` code names, with what it needs.
    fn decision(action: &str, note: &str, at: &str, number: &str) -> Result<StoryAction, AppError> {
        Ok(match action.trim() {
            "submit" => StoryAction::Submit,
            "send-back" => StoryAction::SendBack {
                note: bounded(note, MAX_NOTE)?,
            },
            "publish" => StoryAction::Publish,
            "schedule" => {
                let at = parse_kabul_input(at)
                    .filter(|at| *at > OffsetDateTime::now_utc())
                    .ok_or_else(|| rejected(Problem::Story(StoryProblem::BadTime)))?;
                StoryAction::Schedule { at }
            }
            "unpublish" => StoryAction::Unpublish,
            "restore" => StoryAction::Restore {
                number: number
                    .trim()
                    .parse::<u32>()
                    .map_err(|_| fail(AppError::BadRequest))?,
            },
            _ => return Err(fail(AppError::BadRequest)),
        })
    }

    pub async fn act(
        lang_code: &str,
        id: &str,
        action: &str,
        note: &str,
        at: &str,
        number: &str,
    ) -> Result<ActedView, AppError> {
        lang(lang_code)?;
        let staff = require(Role::Writer).await?;
        let id = story_id(id)?.ok_or_else(|| fail(AppError::NotFound))?;
        let decision = decision(action, note, at, number)?;
        let story = load(id).await?;
        // Writers submit their own drafts; every other decision is an
        // editor's.
        let allowed = match decision {
            StoryAction::Submit => may_edit(&staff, &story),
            _ => staff.role.includes(Role::Editor),
        };
        if !allowed {
            return Err(rejected(Problem::NotAllowed));
        }
        let outcome = newsroom()?
            .act(id, &decision, actor(&staff), OffsetDateTime::now_utc())
            .await
            .map_err(internal)?;
        match outcome {
            ActOutcome::Done { status, revision } => {
                tracing::info!(
                    event = "story",
                    story = id,
                    action = action.trim(),
                    by = staff.session.account.id
                );
                Ok(ActedView { status, revision })
            }
            ActOutcome::WrongStage { .. } => {
                Err(rejected(Problem::Story(StoryProblem::WrongStage)))
            }
            ActOutcome::SlugTaken => Err(rejected(Problem::Story(StoryProblem::SlugTaken))),
            ActOutcome::NoSuchStory | ActOutcome::NoSuchRevision => Err(fail(AppError::NotFound)),
        }
    }

    pub async fn revisions(lang_code: &str, id: &str) -> Result<Vec<RevisionView>, AppError> {
        lang(lang_code)?;
        require(Role::Writer).await?;
        let id = story_id(id)?.ok_or_else(|| fail(AppError::NotFound))?;
        let lines = newsroom()?.revisions(id).await.map_err(internal)?;
        if lines.is_empty() {
            return Err(fail(AppError::NotFound));
        }
        Ok(lines
            .into_iter()
            .map(|line| RevisionView {
                number: line.number,
                saved_at: line.saved_at.unix_timestamp(),
                saved_by: line.saved_by,
                title: line.title,
            })
            .collect())
    }
}
