//! SQLite side of the newsroom port: staff roles and the audit log here,
//! stories in `stories.rs`.

use app::domain::Role;
use app::ssr::newsroom::store::{
    Actor, AuditAction, AuditEntry, AuditScope, NewsroomStore, RoleChange, RoleOutcome, StaffMember,
};
use app::ssr::newsroom::stories::{
    ActOutcome, NewStory, RevisionLine, SaveOutcome, Story, StoryAction, StoryFields, StoryFilter,
    StoryLine, StorySave,
};
use app::ssr::store::{Page, StoreResult};
use sqlx::Row;
use time::OffsetDateTime;

use super::accounts::at;
use super::stories::parse_event;
use super::{SqliteStore, corrupt, db};

fn role(raw: &str) -> StoreResult<Role> {
    Role::parse(raw).map_err(|_| corrupt(format!("role {raw:?}")))
}

/// A side of a role change's detail: a role, or `reader` for none.
fn maybe_role(raw: &str) -> StoreResult<Option<Role>> {
    Role::parse_or_reader(raw).map_err(|_| corrupt(format!("role {raw:?}")))
}

/// A role change's detail, "from>to", read back.
fn role_detail(detail: &str) -> StoreResult<AuditAction> {
    let (from, to) = detail
        .split_once('>')
        .ok_or_else(|| corrupt(format!("role change {detail:?}")))?;
    Ok(AuditAction::Role {
        from: maybe_role(from)?,
        to: maybe_role(to)?,
    })
}

#[async_trait::async_trait]
impl NewsroomStore for SqliteStore {
    async fn role(&self, account: i64) -> StoreResult<Option<Role>> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT role FROM staff WHERE account_id = ?")
                .bind(account)
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
        found.as_deref().map(role).transpose()
    }

    async fn set_role(&self, change: &RoleChange) -> StoreResult<RoleOutcome> {
        // IMMEDIATE takes the write lock before the first read, so the
        // admin count below cannot be changed by another role change
        // between reading it and committing. A return before `commit`
        // drops the transaction, which rolls it back.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
        let current: Option<Option<String>> = sqlx::query_scalar(
            "SELECT s.role FROM accounts a LEFT JOIN staff s ON s.account_id = a.id WHERE a.id = ?",
        )
        .bind(change.account)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(from) = current else {
            return Ok(RoleOutcome::NoSuchAccount);
        };
        let from = from.as_deref().map(role).transpose()?;
        if from == change.role {
            return Ok(RoleOutcome::Unchanged);
        }
        let when = change.at.unix_timestamp();
        match change.role {
            Some(new) => sqlx::query(
                "INSERT INTO staff (account_id, role, since) VALUES (?, ?, ?) \
                 ON CONFLICT (account_id) DO UPDATE SET role = excluded.role, since = excluded.since",
            )
            .bind(change.account)
            .bind(new.code())
            .bind(when),
            None => sqlx::query("DELETE FROM staff WHERE account_id = ?").bind(change.account),
        }
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if from == Some(Role::Admin) {
            let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE role = 'admin'")
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?;
            if admins == 0 {
                return Ok(RoleOutcome::LastAdmin);
            }
        }
        let actor = match change.by {
            Actor::Account(id) => Some(id),
            Actor::CommandLine => None,
        };
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor_email, action, account_id, detail) \
             VALUES (?1, ?2, COALESCE((SELECT email FROM accounts WHERE id = ?2), ''), 'role', ?3, ?4)",
        )
        .bind(when)
        .bind(actor)
        .bind(change.account)
        .bind(format!(
            "{}>{}",
            Role::code_or_reader(from),
            Role::code_or_reader(change.role)
        ))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(RoleOutcome::Changed)
    }

    async fn staff(&self) -> StoreResult<Vec<StaffMember>> {
        let rows = sqlx::query(
            "SELECT a.id, a.email, a.display_name, s.role, s.since \
             FROM staff s JOIN accounts a ON a.id = s.account_id \
             ORDER BY CASE s.role WHEN 'admin' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END, a.email",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(StaffMember {
                    account: row.try_get("id").map_err(db)?,
                    email: row.try_get("email").map_err(db)?,
                    display_name: row.try_get("display_name").map_err(db)?,
                    role: role(row.try_get("role").map_err(db)?)?,
                    since: at(row.try_get("since").map_err(db)?)?,
                })
            })
            .collect()
    }

    async fn audit_log(&self, scope: AuditScope, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        let (action, story) = match scope {
            AuditScope::Roles => ("role", None),
            AuditScope::Stories => ("story", None),
            AuditScope::Story(id) => ("story", Some(id)),
        };
        let rows = sqlx::query(
            "SELECT l.at, l.actor_id, l.actor_email, l.action, l.account_id, l.article_id, \
                 l.headline, l.detail, a.email AS account_email \
             FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id \
             WHERE l.action = ?1 AND (?2 IS NULL OR l.article_id = ?2) \
             ORDER BY l.at DESC, l.id DESC LIMIT ?3",
        )
        .bind(action)
        .bind(story)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let action: &str = row.try_get("action").map_err(db)?;
                let detail: &str = row.try_get("detail").map_err(db)?;
                let action = match action {
                    "role" => role_detail(detail)?,
                    "story" => AuditAction::Story {
                        story: row.try_get("article_id").map_err(db)?,
                        headline: row.try_get("headline").map_err(db)?,
                        event: parse_event(detail)?,
                    },
                    other => return Err(corrupt(format!("audit action {other:?}"))),
                };
                Ok(AuditEntry {
                    at: at(row.try_get("at").map_err(db)?)?,
                    actor: row.try_get("actor_id").map_err(db)?,
                    actor_email: row.try_get("actor_email").map_err(db)?,
                    action,
                    account: row.try_get("account_id").map_err(db)?,
                    account_email: row.try_get("account_email").map_err(db)?,
                })
            })
            .collect()
    }

    async fn create_story(&self, story: &NewStory) -> StoreResult<SaveOutcome> {
        self.create_story_row(story).await
    }

    async fn save_story(&self, save: &StorySave) -> StoreResult<SaveOutcome> {
        self.save_story_revision(save).await
    }

    async fn story(&self, id: i64) -> StoreResult<Option<Story>> {
        self.load_story(id).await
    }

    async fn stories(
        &self,
        filter: &StoryFilter,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Page<StoryLine>> {
        self.list_stories(filter, limit, offset).await
    }

    async fn act(
        &self,
        story: i64,
        action: &StoryAction,
        by: Actor,
        at: OffsetDateTime,
    ) -> StoreResult<ActOutcome> {
        self.act_on_story(story, action, by, at).await
    }

    async fn publish_due(&self, now: OffsetDateTime) -> StoreResult<Vec<i64>> {
        self.publish_due_stories(now).await
    }

    async fn next_due(&self) -> StoreResult<Option<OffsetDateTime>> {
        self.next_due_story().await
    }

    async fn revisions(&self, story: i64) -> StoreResult<Vec<RevisionLine>> {
        self.story_revisions(story).await
    }

    async fn revision(&self, story: i64, number: u32) -> StoreResult<Option<StoryFields>> {
        self.story_revision(story, number).await
    }
}
