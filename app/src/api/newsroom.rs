//! The newsroom's server fns. Each one checks the caller's role itself
//! (`ssr::newsroom::access::require`) before it reads or changes anything:
//! anonymous visitors and readers get 404, as for an unknown address.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::codec::JsonOutput;
use crate::domain::Role;
use crate::error::AppError;

/// A member of staff as the staff page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// When they got their present role (Unix seconds).
    pub since: i64,
}

/// A role change, as the audit list on the staff page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChangeView {
    /// Unix seconds.
    pub at: i64,
    /// Who made it; empty for the server's command line.
    pub by: String,
    /// Whose role changed; empty if that account is gone.
    pub account: String,
    pub from: Option<Role>,
    pub to: Option<Role>,
}

/// How many of the newest changes the staff page lists.
pub const AUDIT_LINES: u32 = 50;

/// The newsroom's strings in `lang`, in the order the browser takes them
/// in (`i18n::newsroom`). Staff only: the browser build carries none of
/// them, and readers must not learn there is a newsroom.
#[server(prefix = "/api", endpoint = "newsroom/texts", input = GetUrl, output = JsonOutput)]
pub async fn texts(lang: String) -> Result<Vec<String>, AppError> {
    ssr::texts(&lang).await
}

/// Everyone with a newsroom role. Admins only.
#[server(prefix = "/api", endpoint = "newsroom/staff", input = GetUrl, output = JsonOutput)]
pub async fn staff(lang: String) -> Result<Vec<StaffView>, AppError> {
    ssr::staff(&lang).await
}

/// The newest role changes, newest first. Admins only.
#[server(prefix = "/api", endpoint = "newsroom/audit", input = GetUrl, output = JsonOutput)]
pub async fn audit(lang: String) -> Result<Vec<RoleChangeView>, AppError> {
    ssr::audit(&lang).await
}

/// Gives the account with `email` a role (`writer`, `editor`, `admin`) or
/// takes its role away (`reader`). Admins only, and only with their own
/// password typed again: a session left open on a newsroom laptop must
/// not be enough to hand out roles. Answers with the staff list as it is
/// now; a form posted without JavaScript gets the staff page back.
#[server(prefix = "/api", endpoint = "newsroom/set-role", output = JsonOutput)]
pub async fn set_role(
    lang: String,
    email: String,
    role: String,
    current_password: String,
) -> Result<Vec<StaffView>, AppError> {
    let result = ssr::set_role(&lang, &email, &role, &current_password).await;
    crate::api::form::answer_form(
        &lang,
        result,
        |lang| format!("{}?done=role", crate::routes::newsroom_staff(lang)),
        crate::routes::newsroom_staff,
    )
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use time::OffsetDateTime;

    use super::{AUDIT_LINES, RoleChangeView, StaffView};
    use crate::api::accounts::ssr::{lang, reauthenticate, rejected};
    use crate::domain::{EmailAddress, Role};
    use crate::error::{AppError, Problem};
    use crate::ssr::context::{accounts, fail, internal, newsroom};
    use crate::ssr::newsroom::access::require;
    use crate::ssr::newsroom::store::{Actor, AuditAction, AuditScope, RoleChange, RoleOutcome};

    pub async fn texts(lang_code: &str) -> Result<Vec<String>, AppError> {
        let lang = lang(lang_code)?;
        require(Role::Writer).await?;
        Ok(crate::i18n::newsroom::texts(lang)
            .values()
            .iter()
            .map(ToString::to_string)
            .collect())
    }

    pub async fn staff(lang_code: &str) -> Result<Vec<StaffView>, AppError> {
        lang(lang_code)?;
        require(Role::Admin).await?;
        list().await
    }

    pub async fn audit(lang_code: &str) -> Result<Vec<RoleChangeView>, AppError> {
        lang(lang_code)?;
        require(Role::Admin).await?;
        let lines = newsroom()?
            .audit_log(AuditScope::Roles, AUDIT_LINES)
            .await
            .map_err(internal)?;
        Ok(lines
            .into_iter()
            .filter_map(|line| match line.action {
                AuditAction::Role { from, to } => Some(RoleChangeView {
                    at: line.at.unix_timestamp(),
                    by: line.actor_email,
                    account: line.account_email.unwrap_or_default(),
                    from,
                    to,
                }),
                AuditAction::Story { .. } => None,
            })
            .collect())
    }

    async fn list() -> Result<Vec<StaffView>, AppError> {
        let members = newsroom()?.staff().await.map_err(internal)?;
        Ok(members
            .into_iter()
            .map(|member| StaffView {
                email: member.email,
                display_name: member.display_name,
                role: member.role,
                since: member.since.unix_timestamp(),
            })
            .collect())
    }

    pub async fn set_role(
        lang_code: &str,
        email: &str,
        role: &str,
        current_password: &str,
    ) -> Result<Vec<StaffView>, AppError> {
        lang(lang_code)?;
        let admin = require(Role::Admin).await?;
        let email = EmailAddress::parse(email).map_err(|e| fail(e.into()))?;
        let role = Role::parse_or_reader(role).map_err(|e| fail(e.into()))?;
        // The password last: its check is throttled, and a malformed
        // request should not spend an attempt.
        reauthenticate(current_password).await?;
        let Some(account) = accounts()?
            .account_by_email(email.as_str())
            .await
            .map_err(internal)?
        else {
            return Err(rejected(Problem::NoSuchAccount));
        };
        let change = RoleChange {
            account: account.id,
            role,
            by: Actor::Account(admin.session.account.id),
            at: OffsetDateTime::now_utc(),
        };
        match newsroom()?.set_role(&change).await.map_err(internal)? {
            RoleOutcome::Changed | RoleOutcome::Unchanged => {}
            RoleOutcome::NoSuchAccount => {
                return Err(rejected(Problem::NoSuchAccount));
            }
            RoleOutcome::LastAdmin => return Err(rejected(Problem::LastAdmin)),
        }
        // The admin's session stays as it is. A fresh id here would strand
        // the page's own requests still on their way with the old one (its
        // lists reload after each change), and an admin making two changes
        // in a row would find the newsroom gone (404). The password typed
        // again is the protection; the session is not what it vouches for.
        tracing::info!(
            event = "role_change",
            by = admin.session.account.id,
            account = account.id,
            role = Role::code_or_reader(role)
        );
        list().await
    }
}
