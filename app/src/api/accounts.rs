//! Reader accounts: register, sign in and out, reset a lost password,
//! change password or display name. Every fn is a POST (server fns default
//! to it), so nothing changes state on GET; the server's CSRF layer refuses
//! cross-site POSTs before they get here. Each fn also answers a plain HTML
//! form (no JavaScript) with a redirect to the page to show next.

use leptos::prelude::*;

use crate::codec::JsonOutput;
use crate::error::AppError;
use crate::wire::{AccountView, SessionSnapshot};

#[server(prefix = "/api", endpoint = "register", output = JsonOutput)]
pub async fn register(
    lang: String,
    email: String,
    display_name: String,
    password: String,
    local: Option<String>,
) -> Result<SessionSnapshot, AppError> {
    let result = ssr::register(&lang, &email, &display_name, &password, local.as_deref()).await;
    crate::api::form::answer_form(&lang, result, crate::routes::home, crate::routes::register)
}

#[server(prefix = "/api", endpoint = "sign-in", output = JsonOutput)]
pub async fn sign_in(
    lang: String,
    email: String,
    password: String,
    local: Option<String>,
    next: Option<String>,
) -> Result<SessionSnapshot, AppError> {
    let result = ssr::sign_in(&lang, &email, &password, local.as_deref()).await;
    let next = next.unwrap_or_default();
    crate::api::form::answer_form(
        &lang,
        result,
        move |lang| {
            crate::routes::local_return(&next)
                .map(str::to_owned)
                .unwrap_or_else(|| crate::routes::home(lang))
        },
        crate::routes::sign_in,
    )
}

#[server(prefix = "/api", endpoint = "sign-out", output = JsonOutput)]
pub async fn sign_out(lang: String) -> Result<(), AppError> {
    let result = ssr::sign_out().await;
    crate::api::form::answer_form(&lang, result, crate::routes::home, crate::routes::home)
}

/// Always the same answer, whether or not the email has an account.
#[server(prefix = "/api", endpoint = "forgot-password", output = JsonOutput)]
pub async fn request_password_reset(lang: String, email: String) -> Result<(), AppError> {
    let result = ssr::request_reset(&lang, &email).await;
    crate::api::form::answer_form(
        &lang,
        result,
        crate::routes::forgot_password_sent,
        crate::routes::forgot_password,
    )
}

#[server(prefix = "/api", endpoint = "reset-password", output = JsonOutput)]
pub async fn reset_password(lang: String, token: String, password: String) -> Result<(), AppError> {
    let result = ssr::reset(&lang, &token, &password).await;
    crate::api::form::answer_form(&lang, result, crate::routes::sign_in_after_reset, |lang| {
        crate::routes::reset_link(lang, &token)
    })
}

#[server(prefix = "/api", endpoint = "change-password", output = JsonOutput)]
pub async fn change_password(
    lang: String,
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let result = ssr::change_password(&lang, &current_password, &new_password).await;
    crate::api::form::answer_form(
        &lang,
        result,
        |lang| format!("{}?done=password", crate::routes::account(lang)),
        crate::routes::account,
    )
}

#[server(prefix = "/api", endpoint = "change-name", output = JsonOutput)]
pub async fn change_display_name(
    lang: String,
    current_password: String,
    display_name: String,
) -> Result<AccountView, AppError> {
    let result = ssr::change_name(&lang, &current_password, &display_name).await;
    crate::api::form::answer_form(
        &lang,
        result,
        |lang| format!("{}?done=name", crate::routes::account(lang)),
        crate::routes::account,
    )
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use time::OffsetDateTime;

    use crate::api::reading_list::ssr::merge_local;
    use crate::domain::{DisplayName, EmailAddress, Lang};
    use crate::error::{AppError, Problem};
    use crate::ssr::accounts::mail::password_reset;
    use crate::ssr::accounts::password::{self, NewPassword};
    use crate::ssr::accounts::session::{ABSOLUTE_TIMEOUT, RESET_LINK_LIFETIME, SessionToken};
    use crate::ssr::accounts::store::NewAccount;
    use crate::ssr::accounts::throttle::minutes;
    use crate::ssr::context::{
        accounts, cookie_policy, fail, internal, limits, mail_sender, set_cookie, site_origin,
    };
    use crate::ssr::reader::snapshot_of;
    use crate::ssr::request::{client_address, current_session};
    use crate::wire::{AccountView, SessionSnapshot};

    pub fn lang(raw: &str) -> Result<Lang, AppError> {
        Lang::parse(raw).map_err(|_| fail(AppError::NotFound))
    }

    fn rejected(problem: Problem) -> AppError {
        fail(AppError::Rejected(problem))
    }

    /// Counts an attempt against a limit, or refuses it while the client's
    /// address is locked out.
    fn attempt(
        throttle: &crate::ssr::accounts::throttle::Throttle,
        event: &'static str,
    ) -> Result<std::net::IpAddr, AppError> {
        let address = client_address().0;
        throttle
            .attempt(address, std::time::Instant::now())
            .map_err(|wait| {
                tracing::warn!(event, outcome = "throttled", address = %address);
                rejected(Problem::TooManyAttempts {
                    minutes: minutes(wait),
                })
            })?;
        Ok(address)
    }

    /// Starts a new session for `account`, ending the one the request came
    /// with (if any): the id changes at every sign-in.
    async fn start_session(account: i64) -> Result<(), AppError> {
        let store = accounts()?;
        if let Some(old) = current_session() {
            store.delete_session(&old.digest).await.map_err(internal)?;
        }
        let token = SessionToken::generate();
        store
            .create_session(&token.digest(), account, OffsetDateTime::now_utc())
            .await
            .map_err(internal)?;
        set_cookie(&cookie_policy().set(token.as_str(), ABSOLUTE_TIMEOUT.whole_seconds()));
        Ok(())
    }

    pub async fn register(
        lang_code: &str,
        email: &str,
        display_name: &str,
        raw_password: &str,
        local: Option<&str>,
    ) -> Result<SessionSnapshot, AppError> {
        let lang = lang(lang_code)?;
        let email = EmailAddress::parse(email).map_err(|e| fail(e.into()))?;
        let name = DisplayName::parse(display_name).map_err(|e| fail(e.into()))?;
        let new_password = NewPassword::parse(
            raw_password,
            &[email.as_str(), name.as_str(), "rascnews", "khabar"],
        )
        .map_err(rejected)?;
        let local = merge_local::parse(local)?;
        // Registrations count like sign-ins: "already exists" answers would
        // otherwise test a list of emails for accounts at full speed.
        let limits = limits()?;
        let address = attempt(&limits.sign_in, "register")?;
        let store = accounts()?;
        let password_hash = password::hash(new_password).await?;
        let created = store
            .create_account(&NewAccount {
                email: email.as_str().to_owned(),
                display_name: name.as_str().to_owned(),
                lang,
                password_hash,
                created_at: OffsetDateTime::now_utc(),
            })
            .await
            .map_err(internal)?;
        let Some(id) = created else {
            tracing::info!(event = "register", outcome = "email_taken", address = %address);
            return Err(rejected(Problem::EmailTaken));
        };
        limits.sign_in.succeeded(address);
        tracing::info!(event = "register", outcome = "success", account = id, address = %address);
        start_session(id).await?;
        merge_local::apply(id, local).await?;
        snapshot_of(id, lang).await
    }

    pub async fn sign_in(
        lang_code: &str,
        email: &str,
        raw_password: &str,
        local: Option<&str>,
    ) -> Result<SessionSnapshot, AppError> {
        let lang = lang(lang_code)?;
        let local = merge_local::parse(local)?;
        let limits = limits()?;
        let address = attempt(&limits.sign_in, "sign_in")?;
        let store = accounts()?;
        let account = match EmailAddress::parse(email) {
            Ok(email) => store
                .account_by_email(email.as_str())
                .await
                .map_err(internal)?,
            Err(_) => None,
        };
        let matches = password::verify(
            raw_password,
            account.as_ref().map(|a| a.password_hash.clone()),
        )
        .await?;
        match account {
            Some(account) if matches => {
                limits.sign_in.succeeded(address);
                tracing::info!(event = "sign_in", outcome = "success", account = account.id, address = %address);
                start_session(account.id).await?;
                merge_local::apply(account.id, local).await?;
                snapshot_of(account.id, lang).await
            }
            account => {
                crate::ssr::accounts::tally::sign_in_failed();
                tracing::warn!(
                    event = "sign_in",
                    outcome = "failure",
                    known_account = account.is_some(),
                    address = %address
                );
                Err(rejected(Problem::WrongCredentials))
            }
        }
    }

    pub async fn sign_out() -> Result<(), AppError> {
        if let Some(session) = current_session() {
            accounts()?
                .delete_session(&session.digest)
                .await
                .map_err(internal)?;
            tracing::info!(event = "sign_out", account = session.account.id);
        }
        set_cookie(&cookie_policy().clear());
        Ok(())
    }

    pub async fn request_reset(lang_code: &str, email: &str) -> Result<(), AppError> {
        let lang = lang(lang_code)?;
        let email = EmailAddress::parse(email).map_err(|e| fail(e.into()))?;
        let address = attempt(&limits()?.reset, "password_reset_request")?;
        let store = accounts()?;
        let sender = mail_sender()?;
        let origin = site_origin();
        // Everything after the lookup runs on its own, so the answer takes
        // as long for a real account as for an unknown email, and a slow mail
        // server does not hold it up.
        tokio::spawn(async move {
            let account = match store.account_by_email(email.as_str()).await {
                Ok(Some(account)) => account,
                Ok(None) => {
                    tracing::info!(event = "password_reset_request", known_account = false, address = %address);
                    return;
                }
                Err(e) => {
                    tracing::error!(error = %e, "reset lookup failed");
                    return;
                }
            };
            let token = SessionToken::generate();
            let expires = OffsetDateTime::now_utc() + RESET_LINK_LIFETIME;
            let link = format!(
                "{origin}{}",
                crate::routes::reset_link(lang, token.as_str())
            );
            let mail = password_reset(lang, &account.email, &account.display_name, &link);
            let queued = match store
                .create_reset(&token.digest(), account.id, expires)
                .await
            {
                Ok(()) => store.queue_mail(&mail, OffsetDateTime::now_utc()).await,
                Err(e) => Err(e),
            };
            match queued {
                Ok(id) => {
                    tracing::info!(event = "password_reset_request", known_account = true, account = account.id, address = %address);
                    sender.deliver(id, mail).await;
                }
                Err(e) => tracing::error!(error = %e, "could not queue the reset email"),
            }
        });
        Ok(())
    }

    pub async fn reset(lang_code: &str, token: &str, raw_password: &str) -> Result<(), AppError> {
        lang(lang_code)?;
        let token = SessionToken::parse(token).ok_or_else(|| rejected(Problem::BadResetLink))?;
        // Check the new password before using up the link, so a refused
        // password can be corrected with the same link.
        let store = accounts()?;
        let new_password =
            NewPassword::parse(raw_password, &["rascnews", "khabar"]).map_err(rejected)?;
        let Some(account) = store
            .take_reset(&token.digest(), OffsetDateTime::now_utc())
            .await
            .map_err(internal)?
        else {
            return Err(rejected(Problem::BadResetLink));
        };
        let hash = password::hash(new_password).await?;
        store.set_password(account, &hash).await.map_err(internal)?;
        set_cookie(&cookie_policy().clear());
        tracing::info!(event = "password_reset", account, address = %client_address().0);
        Ok(())
    }

    async fn reauthenticate(
        current: &str,
    ) -> Result<crate::ssr::accounts::store::StoredAccount, AppError> {
        let session = current_session().ok_or_else(|| rejected(Problem::SignInNeeded))?;
        let limits = limits()?;
        let address = attempt(&limits.sign_in, "reauthenticate")?;
        let ok = password::verify(current, Some(session.account.password_hash.clone())).await?;
        if ok {
            limits.sign_in.succeeded(address);
        } else {
            tracing::warn!(event = "reauthenticate", outcome = "failure", account = session.account.id, address = %client_address().0);
            return Err(rejected(Problem::WrongCurrentPassword));
        }
        Ok(session.account)
    }

    pub async fn change_password(
        lang_code: &str,
        current: &str,
        new: &str,
    ) -> Result<(), AppError> {
        lang(lang_code)?;
        let account = reauthenticate(current).await?;
        let new_password = NewPassword::parse(
            new,
            &[&account.email, &account.display_name, "rascnews", "khabar"],
        )
        .map_err(rejected)?;
        let hash = password::hash(new_password).await?;
        let store = accounts()?;
        // Ends every session, this one included; this browser gets a new one.
        store
            .set_password(account.id, &hash)
            .await
            .map_err(internal)?;
        start_session(account.id).await?;
        tracing::info!(event = "password_change", account = account.id);
        Ok(())
    }

    pub async fn change_name(
        lang_code: &str,
        current: &str,
        display_name: &str,
    ) -> Result<AccountView, AppError> {
        lang(lang_code)?;
        let name = DisplayName::parse(display_name).map_err(|e| fail(e.into()))?;
        let account = reauthenticate(current).await?;
        accounts()?
            .set_display_name(account.id, name.as_str())
            .await
            .map_err(internal)?;
        Ok(AccountView {
            display_name: name.as_str().to_owned(),
            email: account.email,
        })
    }
}
