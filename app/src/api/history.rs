//! A story's past: two of its revisions compared (staff), and its lines of
//! the audit log, who did what and when (admins).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::codec::JsonOutput;
use crate::error::AppError;
use crate::wire::DiffLine;

/// Two revisions compared, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonView {
    pub from: u32,
    pub to: u32,
    pub title: Vec<DiffLine>,
    pub dek: Vec<DiffLine>,
    pub body: Vec<DiffLine>,
}

/// What an audit line says happened to the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventView {
    Created,
    Submitted,
    SentBack,
    Published,
    PublishedOnSchedule,
    Updated,
    /// For this time, in Kabul, as `YYYY-MM-DD HH:MM`.
    Scheduled(String),
    Unpublished,
    Restored(u32),
}

/// A line of the story's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLineView {
    /// Unix seconds.
    pub at: i64,
    /// Who did it; empty for the server itself (its command line or its
    /// schedule).
    pub by: String,
    pub event: EventView,
}

/// How many of a story's newest history lines are shown.
pub const HISTORY_LINES: u32 = 100;

/// Revision `from` of story `id` compared with revision `to`. Staff only.
#[server(prefix = "/api", endpoint = "newsroom/compare", input = GetUrl, output = JsonOutput)]
pub async fn compare(
    lang: String,
    id: String,
    from: String,
    to: String,
) -> Result<ComparisonView, AppError> {
    ssr::compare(&lang, &id, &from, &to).await
}

/// The story's history, newest first. Admins only.
#[server(prefix = "/api", endpoint = "newsroom/history", input = GetUrl, output = JsonOutput)]
pub async fn history(lang: String, id: String) -> Result<Vec<HistoryLineView>, AppError> {
    ssr::history(&lang, &id).await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::{ComparisonView, EventView, HISTORY_LINES, HistoryLineView};
    use crate::api::accounts::ssr::lang;
    use crate::domain::Role;
    use crate::error::AppError;
    use crate::ssr::context::{fail, internal, newsroom};
    use crate::ssr::dates::kabul_input;
    use crate::ssr::newsroom::access::require;
    use crate::ssr::newsroom::diff;
    use crate::ssr::newsroom::store::{AuditAction, AuditScope};
    use crate::ssr::newsroom::stories::{StoryEvent, StoryFields};

    fn number<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
        raw.trim().parse().map_err(|_| fail(AppError::NotFound))
    }

    async fn revision(id: i64, number: u32) -> Result<StoryFields, AppError> {
        newsroom()?
            .revision(id, number)
            .await
            .map_err(internal)?
            .ok_or_else(|| fail(AppError::NotFound))
    }

    pub async fn compare(
        lang_code: &str,
        id: &str,
        from: &str,
        to: &str,
    ) -> Result<ComparisonView, AppError> {
        lang(lang_code)?;
        require(Role::Writer).await?;
        let id: i64 = number(id)?;
        let (from, to): (u32, u32) = (number(from)?, number(to)?);
        let (old, new) = (revision(id, from).await?, revision(id, to).await?);
        Ok(ComparisonView {
            from,
            to,
            title: diff::lines(&old.title, &new.title),
            dek: diff::lines(&old.dek, &new.dek),
            body: diff::lines(&old.body_markdown, &new.body_markdown),
        })
    }

    fn event(event: StoryEvent) -> EventView {
        match event {
            StoryEvent::Created => EventView::Created,
            StoryEvent::Submitted => EventView::Submitted,
            StoryEvent::SentBack => EventView::SentBack,
            StoryEvent::Published => EventView::Published,
            StoryEvent::PublishedOnSchedule => EventView::PublishedOnSchedule,
            StoryEvent::Updated => EventView::Updated,
            StoryEvent::Scheduled(at) => EventView::Scheduled(kabul_input(at).replace('T', " ")),
            StoryEvent::Unpublished => EventView::Unpublished,
            StoryEvent::Restored(number) => EventView::Restored(number),
        }
    }

    pub async fn history(lang_code: &str, id: &str) -> Result<Vec<HistoryLineView>, AppError> {
        lang(lang_code)?;
        require(Role::Admin).await?;
        let id: i64 = number(id)?;
        let lines = newsroom()?
            .audit_log(AuditScope::Story(id), HISTORY_LINES)
            .await
            .map_err(internal)?;
        Ok(lines
            .into_iter()
            .filter_map(|line| match line.action {
                AuditAction::Story { event: e, .. } => Some(HistoryLineView {
                    at: line.at.unix_timestamp(),
                    by: line.actor_email,
                    event: event(e),
                }),
                AuditAction::Role { .. } => None,
            })
            .collect())
    }
}
