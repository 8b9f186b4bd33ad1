//! Who may use the newsroom. Every newsroom server fn and page asks here
//! before it does anything: a button the page hides is never the check.

use crate::domain::Role;
use crate::error::{AppError, Problem};
use crate::ssr::accounts::session::CurrentSession;
use crate::ssr::context::{fail, internal, newsroom};
use crate::ssr::request::current_session;

/// A signed-in member of staff, with the role they hold right now.
#[derive(Debug, Clone)]
pub struct Staff {
    pub session: CurrentSession,
    pub role: Role,
}

/// The caller, if their role includes `needed`.
///
/// Anonymous visitors and readers get the answer an unknown address gets
/// (404), so the newsroom is not advertised to them. Staff whose role is
/// too small learn that it is (403): they know the newsroom exists.
///
/// The role is read from the database on every call, not kept with the
/// session: an admin who takes a role away takes it away at once.
pub async fn require(needed: Role) -> Result<Staff, AppError> {
    let Some(session) = current_session() else {
        return Err(fail(AppError::NotFound));
    };
    let role = newsroom()?
        .role(session.account.id)
        .await
        .map_err(internal)?;
    match role {
        None => Err(fail(AppError::NotFound)),
        Some(role) if role.includes(needed) => Ok(Staff { session, role }),
        Some(_) => Err(fail(AppError::Rejected(Problem::NotAllowed))),
    }
}
