//! The newsroom's storage port: staff roles, stories with their revisions,
//! and the audit log.

use std::sync::Arc;

use time::OffsetDateTime;

use super::stories::{
    ActOutcome, NewStory, RevisionLine, SaveOutcome, Story, StoryAction, StoryEvent, StoryFields,
    StoryFilter, StoryLine, StorySave,
};
use crate::domain::Role;
use crate::ssr::store::{Page, StoreResult};

/// Who made a change: an account, or the server's command line (which an
/// operator with access to the machine runs, and no account stands for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Account(i64),
    CommandLine,
}

/// A role given (`Some`) or taken away (`None`: the account is a reader
/// again), by `by`, at `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleChange {
    pub account: i64,
    pub role: Option<Role>,
    pub by: Actor,
    pub at: OffsetDateTime,
}

/// What `set_role` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleOutcome {
    /// The role changed, and the audit log says so.
    Changed,
    /// The account already had that role: nothing changed or was logged.
    Unchanged,
    NoSuchAccount,
    /// Refused: no admin would be left to manage the newsroom.
    LastAdmin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub account: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// When the account got its present role.
    pub since: OffsetDateTime,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: OffsetDateTime,
    /// `None` when the change came from the command line, or from an
    /// account deleted since (then `actor_email` still names it).
    pub actor: Option<i64>,
    /// The acting account's email when the change was made; empty for the
    /// command line.
    pub actor_email: String,
    pub action: AuditAction,
    /// The account acted on, if the action was on an account (and it is
    /// still there).
    pub account: Option<i64>,
    /// That account's email as it is now.
    pub account_email: Option<String>,
}

/// What an audit line records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditAction {
    /// An account's role went from `from` to `to` (`None`: reader).
    Role {
        from: Option<Role>,
        to: Option<Role>,
    },
    /// Something was done to a story: `story` is `None` once it is gone,
    /// and `headline` is its headline when the line was written.
    Story {
        story: Option<i64>,
        headline: String,
        event: StoryEvent,
    },
}

/// Which lines of the audit log to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditScope {
    Roles,
    Stories,
    /// One story's lines.
    Story(i64),
}

#[async_trait::async_trait]
pub trait NewsroomStore: Send + Sync + 'static {
    /// The account's role; `None` for a reader (or no such account).
    async fn role(&self, account: i64) -> StoreResult<Option<Role>>;
    /// Gives or takes away a role and logs it, in one transaction that no
    /// other role change can interleave with, so two admins taking each
    /// other's role at once cannot leave the newsroom without an admin.
    async fn set_role(&self, change: &RoleChange) -> StoreResult<RoleOutcome>;
    /// Every member of staff: admins first, then editors, then writers,
    /// each by email.
    async fn staff(&self) -> StoreResult<Vec<StaffMember>>;
    /// The newest `limit` lines of the audit log in `scope`, newest first.
    async fn audit_log(&self, scope: AuditScope, limit: u32) -> StoreResult<Vec<AuditEntry>>;

    /// Starts a story (or a new language version of one) as a draft, its
    /// first revision saved and the audit log told, in one transaction.
    async fn create_story(&self, story: &NewStory) -> StoreResult<SaveOutcome>;
    /// Saves a new revision. A story readers do not see has its row
    /// rewritten too; a published one keeps showing readers what they saw
    /// until an editor publishes the new revision (`StoryAction::Publish`).
    async fn save_story(&self, save: &StorySave) -> StoreResult<SaveOutcome>;
    /// One language version, with its newest revision's fields.
    async fn story(&self, id: i64) -> StoreResult<Option<Story>>;
    /// The story list: newest edit first.
    async fn stories(
        &self,
        filter: &StoryFilter,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Page<StoryLine>>;
    /// Carries out a decision about a story and logs it, in one
    /// transaction; search, feeds and sitemaps read the same rows, so they
    /// follow in that transaction too.
    async fn act(
        &self,
        story: i64,
        action: &StoryAction,
        by: Actor,
        at: OffsetDateTime,
    ) -> StoreResult<ActOutcome>;
    /// Publishes every scheduled story whose time has come by `now`;
    /// answers their ids.
    async fn publish_due(&self, now: OffsetDateTime) -> StoreResult<Vec<i64>>;
    /// When the next scheduled story is due, if any is.
    async fn next_due(&self) -> StoreResult<Option<OffsetDateTime>>;
    /// A story's revisions, newest first.
    async fn revisions(&self, story: i64) -> StoreResult<Vec<RevisionLine>>;
    /// The fields revision `number` saved.
    async fn revision(&self, story: i64, number: u32) -> StoreResult<Option<StoryFields>>;
}

pub type SharedNewsroom = Arc<dyn NewsroomStore>;
