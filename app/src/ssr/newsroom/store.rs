//! The newsroom's storage port: staff roles and the audit log.

use std::sync::Arc;

use time::OffsetDateTime;

use crate::domain::Role;
use crate::ssr::store::StoreResult;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    /// An account's role went from `from` to `to` (`None`: reader).
    Role {
        from: Option<Role>,
        to: Option<Role>,
    },
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
    /// The newest `limit` lines of the audit log, newest first.
    async fn audit_log(&self, limit: u32) -> StoreResult<Vec<AuditEntry>>;
}

pub type SharedNewsroom = Arc<dyn NewsroomStore>;
