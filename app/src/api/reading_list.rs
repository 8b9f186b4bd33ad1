//! The reading list of a signed-in reader, kept on the server. (Readers
//! who are not signed in keep theirs in the browser: `state::reader`.)

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::codec::JsonOutput;
use crate::error::AppError;
use crate::wire::SavedItem;

/// Saves (`save=1`) or removes (`save=0`) a story. `saved_at` (Unix
/// seconds) lets Undo put a story back in its old place. Also the target of
/// the bookmark button's form when the page runs without JavaScript; that
/// post returns to the page it came from.
#[server(prefix = "/api", endpoint = "reading-list/set", output = JsonOutput)]
pub async fn set_saved(
    lang: String,
    story_lang: String,
    slug: String,
    save: String,
    saved_at: Option<String>,
) -> Result<Option<SavedItem>, AppError> {
    let result = ssr::set_saved(&lang, &story_lang, &slug, &save, saved_at.as_deref()).await;
    if crate::ssr::request::is_plain_form() {
        let referer = crate::ssr::request::referer();
        let needs_sign_in = matches!(
            result,
            Err(AppError::Rejected(crate::error::Problem::SignInNeeded))
        );
        return crate::api::form::answer_form(
            &lang,
            result,
            |lang| {
                referer
                    .clone()
                    .unwrap_or_else(|| crate::routes::reading_list(lang))
            },
            |lang| {
                let back = referer.clone().unwrap_or_else(|| crate::routes::home(lang));
                // Not signed in: sign in, then back. Anything else: back.
                if needs_sign_in {
                    crate::routes::sign_in_then(lang, &back)
                } else {
                    back
                }
            },
        );
    }
    result
}

/// The signed-in reader's list, newest saved first.
#[server(prefix = "/api", endpoint = "reading-list", input = GetUrl, output = JsonOutput)]
pub async fn get_reading_list(lang: String) -> Result<Vec<SavedItem>, AppError> {
    ssr::list(&lang).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use time::OffsetDateTime;

    use crate::domain::{Lang, Slug};
    use crate::error::{AppError, Problem};
    use crate::ssr::accounts::store::SaveOutcome;
    use crate::ssr::context::{accounts, fail, internal};
    use crate::ssr::reader::item;
    use crate::ssr::request::current_session;
    use crate::wire::{MAX_SAVED, SavedItem};

    /// A saved time from the browser: kept when it is a plausible past
    /// moment, else now.
    fn saved_time(raw: Option<i64>, now: OffsetDateTime) -> OffsetDateTime {
        raw.and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
            .filter(|at| at.year() >= 2020 && *at <= now)
            .unwrap_or(now)
    }

    pub async fn set_saved(
        lang: &str,
        story_lang: &str,
        slug: &str,
        save: &str,
        saved_at: Option<&str>,
    ) -> Result<Option<SavedItem>, AppError> {
        let reader = Lang::parse(lang).map_err(|_| fail(AppError::NotFound))?;
        let story_lang = Lang::parse(story_lang).map_err(|_| fail(AppError::NotFound))?;
        let slug = Slug::parse(slug).map_err(|_| fail(AppError::NotFound))?;
        let save = match save {
            "1" => true,
            "0" => false,
            _ => return Err(fail(AppError::BadRequest)),
        };
        let saved_at = match saved_at.filter(|s| !s.is_empty()) {
            Some(raw) => Some(raw.parse::<i64>().map_err(|_| fail(AppError::BadRequest))?),
            None => None,
        };
        let session =
            current_session().ok_or_else(|| fail(AppError::Rejected(Problem::SignInNeeded)))?;
        let store = accounts()?;
        let account = session.account.id;
        if !save {
            store
                .unsave(account, story_lang, &slug)
                .await
                .map_err(internal)?;
            return Ok(None);
        }
        let now = OffsetDateTime::now_utc();
        let outcome = store
            .save(
                account,
                story_lang,
                &slug,
                saved_time(saved_at, now),
                MAX_SAVED,
            )
            .await
            .map_err(internal)?;
        match outcome {
            SaveOutcome::NoSuchArticle => return Err(fail(AppError::NotFound)),
            SaveOutcome::ListFull => {
                return Err(fail(AppError::Rejected(Problem::ReadingListFull)));
            }
            SaveOutcome::Saved | SaveOutcome::AlreadySaved => {}
        }
        let saved = store.saved(account).await.map_err(internal)?;
        Ok(saved
            .into_iter()
            .find(|s| s.lang == story_lang && s.slug == slug.as_str())
            .map(|s| item(s, reader)))
    }

    pub async fn list(lang: &str) -> Result<Vec<SavedItem>, AppError> {
        let reader = Lang::parse(lang).map_err(|_| fail(AppError::NotFound))?;
        let session =
            current_session().ok_or_else(|| fail(AppError::Rejected(Problem::SignInNeeded)))?;
        let saved = accounts()?
            .saved(session.account.id)
            .await
            .map_err(internal)?;
        Ok(saved.into_iter().map(|s| item(s, reader)).collect())
    }

    /// The list a browser kept before its reader signed in, merged into the
    /// account at sign-in (or registration): nothing lost, nothing twice.
    pub mod merge_local {
        use serde::Deserialize;
        use time::OffsetDateTime;

        use super::saved_time;
        use crate::domain::{Lang, Slug};
        use crate::error::AppError;
        use crate::ssr::accounts::store::SaveOutcome;
        use crate::ssr::context::{accounts, fail, internal};
        use crate::wire::MAX_SAVED;

        #[derive(Debug, Deserialize)]
        pub struct LocalItem {
            lang: Lang,
            slug: Slug,
            saved_at: Option<i64>,
        }

        /// The JSON list from the browser; a malformed one is a bad request.
        pub fn parse(raw: Option<&str>) -> Result<Vec<LocalItem>, AppError> {
            let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
                return Ok(Vec::new());
            };
            let mut items: Vec<LocalItem> =
                serde_json::from_str(raw).map_err(|_| fail(AppError::BadRequest))?;
            // More than a list holds: keep the newest.
            if items.len() > MAX_SAVED {
                items.sort_by_key(|item| std::cmp::Reverse(item.saved_at));
                items.truncate(MAX_SAVED);
            }
            Ok(items)
        }

        pub async fn apply(account: i64, items: Vec<LocalItem>) -> Result<(), AppError> {
            let store = accounts()?;
            let now = OffsetDateTime::now_utc();
            for item in items {
                let at = saved_time(item.saved_at, now);
                let outcome = store
                    .save(account, item.lang, &item.slug, at, MAX_SAVED)
                    .await
                    .map_err(internal)?;
                if outcome == SaveOutcome::ListFull {
                    break;
                }
            }
            Ok(())
        }
    }
}
