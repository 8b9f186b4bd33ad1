//! The newsroom's store as the app uses it: a decision that changes what
//! readers see (publish, the schedule's publication, unpublish, a restore)
//! tells the read cache at once and then whoever else keeps pages (the
//! page cache drops them all), so the next page served here shows it: not
//! one up to `CHECK_EVERY` old, nor a copy served once more while a fresh
//! render is made, as the page cache does after other changes. An
//! unpublished story must not be shown again at all. Saves tell nothing:
//! they never change a published story's row, and a draft saved by itself
//! every few seconds must not empty the caches.

use std::sync::Arc;

use app::domain::Role;
use app::ssr::newsroom::store::{
    Actor, AuditEntry, AuditScope, NewsroomStore, RoleChange, RoleOutcome, SharedNewsroom,
    StaffMember,
};
use app::ssr::newsroom::stories::{
    ActOutcome, NewStory, RevisionLine, SaveOutcome, Story, StoryAction, StoryFields, StoryFilter,
    StoryLine, StorySave,
};
use app::ssr::store::{Page, StoreResult};
use time::OffsetDateTime;

use super::ReadCache;

/// What else to tell once content changed (the page cache's `forget_all`).
pub type OnChange = Box<dyn Fn() + Send + Sync>;

pub struct TellingNewsroom {
    inner: SharedNewsroom,
    reads: Arc<ReadCache>,
    on_change: OnChange,
}

impl TellingNewsroom {
    pub fn new(inner: SharedNewsroom, reads: Arc<ReadCache>, on_change: OnChange) -> Self {
        TellingNewsroom {
            inner,
            reads,
            on_change,
        }
    }

    async fn changed(&self) {
        self.reads.content_changed().await;
        (self.on_change)();
    }
}

#[async_trait::async_trait]
impl NewsroomStore for TellingNewsroom {
    async fn role(&self, account: i64) -> StoreResult<Option<Role>> {
        self.inner.role(account).await
    }

    async fn set_role(&self, change: &RoleChange) -> StoreResult<RoleOutcome> {
        self.inner.set_role(change).await
    }

    async fn staff(&self) -> StoreResult<Vec<StaffMember>> {
        self.inner.staff().await
    }

    async fn audit_log(&self, scope: AuditScope, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        self.inner.audit_log(scope, limit).await
    }

    async fn create_story(&self, story: &NewStory) -> StoreResult<SaveOutcome> {
        self.inner.create_story(story).await
    }

    async fn save_story(&self, save: &StorySave) -> StoreResult<SaveOutcome> {
        self.inner.save_story(save).await
    }

    async fn story(&self, id: i64) -> StoreResult<Option<Story>> {
        self.inner.story(id).await
    }

    async fn stories(
        &self,
        filter: &StoryFilter,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Page<StoryLine>> {
        self.inner.stories(filter, limit, offset).await
    }

    async fn act(
        &self,
        story: i64,
        action: &StoryAction,
        by: Actor,
        at: OffsetDateTime,
    ) -> StoreResult<ActOutcome> {
        let outcome = self.inner.act(story, action, by, at).await?;
        if matches!(outcome, ActOutcome::Done { .. }) {
            self.changed().await;
        }
        Ok(outcome)
    }

    async fn publish_due(&self, now: OffsetDateTime) -> StoreResult<Vec<i64>> {
        let published = self.inner.publish_due(now).await?;
        if !published.is_empty() {
            self.changed().await;
        }
        Ok(published)
    }

    async fn next_due(&self) -> StoreResult<Option<OffsetDateTime>> {
        self.inner.next_due().await
    }

    async fn revisions(&self, story: i64) -> StoreResult<Vec<RevisionLine>> {
        self.inner.revisions(story).await
    }

    async fn revision(&self, story: i64, number: u32) -> StoreResult<Option<StoryFields>> {
        self.inner.revision(story, number).await
    }
}
