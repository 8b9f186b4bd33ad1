//! Reader accounts: register, sign in and out, reset a lost password,
//! change password or display name. Every fn is a POST (server fns default
//! to it), so nothing changes state on GET; the server's CSRF layer refuses
//! cross-site POSTs before they get here. Each fn also answers a plain HTML
//! form (no JavaScript) with a redirect to the page to show next.

use leptos::prelude::*;

use crate::codec::JsonOutput;
use crate::error::AppError;
use crate::wire::{AccountView, DeviceView, SessionSnapshot};

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

/// The browsers signed in to the reader's account, most recent first.
#[server(prefix = "/api", endpoint = "devices", output = JsonOutput)]
pub async fn devices(lang: String) -> Result<Vec<DeviceView>, AppError> {
    ssr::devices(&lang).await
}

/// Signs out the browser `handle` names (this one too, if it names it).
#[server(prefix = "/api", endpoint = "end-session", output = JsonOutput)]
pub async fn end_session(lang: String, handle: String) -> Result<bool, AppError> {
    let result = ssr::end_session(&lang, &handle).await;
    crate::api::form::answer_form(
        &lang,
        result,
        |lang| format!("{}?done=device", crate::routes::account(lang)),
        crate::routes::account,
    )
}

/// Signs out every browser but this one.
#[server(prefix = "/api", endpoint = "end-other-sessions", output = JsonOutput)]
pub async fn end_other_sessions(lang: String) -> Result<(), AppError> {
    let result = ssr::end_other_sessions(&lang).await;
    crate::api::form::answer_form(
        &lang,
        result,
        |lang| format!("{}?done=devices", crate::routes::account(lang)),
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
    use std::time::Instant;

    use time::OffsetDateTime;

    use crate::api::reading_list::ssr::merge_local;
    use crate::domain::{DisplayName, EmailAddress, Lang};
    use crate::error::{AppError, Problem};
    use crate::ssr::accounts::limits::Attempt;
    use crate::ssr::accounts::mail::password_reset;
    use crate::ssr::accounts::password::{self, NewPassword};
    use crate::ssr::accounts::session::{
        ABSOLUTE_TIMEOUT, CurrentSession, RESET_LINK_LIFETIME, SessionToken, handle,
    };
    use crate::ssr::accounts::store::{NewAccount, StoredAccount};
    use crate::ssr::accounts::throttle::minutes;
    use crate::ssr::context::{
        accounts, cookie_policy, fail, internal, limits, mail_sender, set_cookie, set_header,
        site_origin,
    };
    use crate::ssr::reader::snapshot_of;
    use crate::ssr::request::{client_address, current_session, request_cookie, user_agent};
    use crate::wire::{AccountView, DeviceView, SessionSnapshot};

    /// A device cookie names a browser that signed in to the account within
    /// this time: it is then judged by the narrow sign-in limit only.
    const DEVICE_MEMORY: time::Duration = time::Duration::days(90);

    pub fn lang(raw: &str) -> Result<Lang, AppError> {
        Lang::parse(raw).map_err(|_| fail(AppError::NotFound))
    }

    /// A refusal with its own message, its status set on the response.
    pub(crate) fn rejected(problem: Problem) -> AppError {
        fail(AppError::Rejected(problem))
    }

    fn throttled(event: &'static str, wait: std::time::Duration) -> AppError {
        tracing::warn!(event, outcome = "throttled", address = %client_address().0);
        crate::ssr::accounts::tally::refused_while_locked();
        rejected(Problem::TooManyAttempts {
            minutes: minutes(wait),
        })
    }

    /// The account's key in the limits: the email as the reader typed it,
    /// tidied the way accounts are, so "A@x.org " and "a@x.org" are one.
    /// No longer than an email can be, so a megabyte typed into the field
    /// cannot become a megabyte of key.
    fn account_key(email: &str) -> String {
        email
            .trim()
            .chars()
            .take(EmailAddress::MAX_LEN)
            .collect::<String>()
            .to_lowercase()
    }

    /// Whether this browser's device cookie says it signed in to `account`
    /// lately.
    /// Asked whenever the browser sends a device cookie, with or without an
    /// account behind the email, so the time it takes tells nothing.
    async fn known_device(account: Option<&StoredAccount>) -> Result<bool, AppError> {
        let Some(token) =
            request_cookie(cookie_policy().device_name()).and_then(|raw| SessionToken::parse(&raw))
        else {
            return Ok(false);
        };
        let since = OffsetDateTime::now_utc() - DEVICE_MEMORY;
        let id = account.map_or(0, |a| a.id);
        let known = accounts()?
            .known_device(&token.digest(), id, since)
            .await
            .map_err(internal)?;
        Ok(known && account.is_some())
    }

    /// Admits a password check for `email`, or refuses it while a limit it
    /// falls under is full.
    fn admit<'a>(
        limits: &'a crate::ssr::accounts::limits::Limits,
        event: &'static str,
        email: &str,
        known_device: bool,
    ) -> Result<Attempt<'a>, AppError> {
        limits
            .begin_password(
                client_address().0,
                &account_key(email),
                known_device,
                Instant::now(),
            )
            .map_err(|wait| throttled(event, wait))
    }

    /// Starts a new session for `account`, ending the one the request came
    /// with (if any): the id changes at every sign-in and at every change
    /// that needs the password. The browser is remembered as one that
    /// signed in to the account (its device cookie, made on first use).
    async fn start_session(account: i64) -> Result<(), AppError> {
        let store = accounts()?;
        if let Some(old) = current_session() {
            store.delete_session(&old.digest).await.map_err(internal)?;
        }
        let now = OffsetDateTime::now_utc();
        let token = SessionToken::generate();
        let device = crate::ssr::accounts::device::label(&user_agent());
        store
            .create_session(&token.digest(), account, now, &device)
            .await
            .map_err(internal)?;
        let policy = cookie_policy();
        set_cookie(&policy.set(token.as_str(), ABSOLUTE_TIMEOUT.whole_seconds()));
        let device_token =
            match request_cookie(policy.device_name()).and_then(|raw| SessionToken::parse(&raw)) {
                Some(known) => known,
                None => {
                    let fresh = SessionToken::generate();
                    set_cookie(&policy.set_device(fresh.as_str()));
                    fresh
                }
            };
        store
            .remember_device(&device_token.digest(), account, now)
            .await
            .map_err(internal)
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
            &password::personal_words(email.as_str(), name.as_str()),
        )
        .map_err(rejected)?;
        let local = merge_local::parse(local)?;
        let limits = limits()?;
        let address = client_address().0;
        let registration = limits
            .begin_registration(address, Instant::now())
            .map_err(|wait| throttled("register", wait))?;
        // "Already exists" counts like a wrong password: it would otherwise
        // test a list of emails for accounts at full speed.
        let attempt = admit(&limits, "register", email.as_str(), false)?;
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
            attempt.failed(Instant::now());
            tracing::info!(event = "register", outcome = "email_taken", address = %address);
            return Err(rejected(Problem::EmailTaken));
        };
        drop(attempt);
        registration.created(Instant::now());
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
        let address = client_address().0;
        let store = accounts()?;
        let account = match EmailAddress::parse(email) {
            Ok(email) => store
                .account_by_email(email.as_str())
                .await
                .map_err(internal)?,
            Err(_) => None,
        };
        let known = known_device(account.as_ref()).await?;
        let attempt = admit(&limits, "sign_in", email, known)?;
        let matches = password::verify(
            raw_password,
            account.as_ref().map(|a| a.password_hash.clone()),
        )
        .await?;
        match account {
            Some(account) if matches => {
                attempt.succeeded(Instant::now());
                tracing::info!(event = "sign_in", outcome = "success", account = account.id, known_device = known, address = %address);
                start_session(account.id).await?;
                merge_local::apply(account.id, local).await?;
                snapshot_of(account.id, lang).await
            }
            account => {
                attempt.failed(Instant::now());
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

    /// Ends the session, and asks the browser to drop what its HTTP cache
    /// holds of the reader's pages (`Clear-Site-Data`). The service worker
    /// keeps no page that shows the reader (`sw.js`); the app tells it to
    /// forget the reader's copies too.
    pub async fn sign_out() -> Result<(), AppError> {
        if let Some(session) = current_session() {
            accounts()?
                .delete_session(&session.digest)
                .await
                .map_err(internal)?;
            tracing::info!(event = "sign_out", account = session.account.id);
        }
        set_cookie(&cookie_policy().clear());
        set_header("clear-site-data", "\"cache\"");
        Ok(())
    }

    pub async fn request_reset(lang_code: &str, email: &str) -> Result<(), AppError> {
        let lang = lang(lang_code)?;
        let email = EmailAddress::parse(email).map_err(|e| fail(e.into()))?;
        let limits = limits()?;
        let address = client_address().0;
        limits
            .reset_request(address, email.as_str(), Instant::now())
            .map_err(|wait| throttled("password_reset_request", wait))?;
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
            // A mailbox gets a few reset emails an hour, whoever asks: a
            // stranger cannot flood it, and is told the same either way.
            if !limits.reset_mail(&account.email, Instant::now()) {
                tracing::warn!(event = "password_reset_request", outcome = "recipient_limit", account = account.id, address = %address);
                return;
            }
            let token = SessionToken::generate();
            let expires = OffsetDateTime::now_utc() + RESET_LINK_LIFETIME;
            let link = format!(
                "{origin}{}",
                crate::routes::reset_link(lang, token.as_str())
            );
            let mail = password_reset(lang, &account.email, &link);
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
        let store = accounts()?;
        let now = OffsetDateTime::now_utc();
        let Some(account) = store
            .reset_account(&token.digest(), now)
            .await
            .map_err(internal)?
        else {
            return Err(rejected(Problem::BadResetLink));
        };
        // The same rules as everywhere a password is set; checked before
        // the link is used up, so a refused password can be corrected with
        // the same link.
        let new_password = NewPassword::parse(
            raw_password,
            &password::personal_words(&account.email, &account.display_name),
        )
        .map_err(rejected)?;
        let Some(id) = store
            .take_reset(&token.digest(), now)
            .await
            .map_err(internal)?
        else {
            return Err(rejected(Problem::BadResetLink));
        };
        let hash = password::hash(new_password).await?;
        store.set_password(id, &hash).await.map_err(internal)?;
        set_cookie(&cookie_policy().clear());
        tracing::info!(event = "password_reset", account = id, address = %client_address().0);
        Ok(())
    }

    fn signed_in() -> Result<CurrentSession, AppError> {
        current_session().ok_or_else(|| rejected(Problem::SignInNeeded))
    }

    /// The signed-in account, once its password is typed again: what a
    /// change that matters asks for (a new password, a role).
    pub(crate) async fn reauthenticate(current: &str) -> Result<StoredAccount, AppError> {
        let session = signed_in()?;
        let limits = limits()?;
        // The session proves the browser: only the narrow limit applies.
        let attempt = admit(&limits, "reauthenticate", &session.account.email, true)?;
        let ok = password::verify(current, Some(session.account.password_hash.clone())).await?;
        if ok {
            drop(attempt);
        } else {
            attempt.failed(Instant::now());
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
            &password::personal_words(&account.email, &account.display_name),
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
        // Whatever asks for the password gets a fresh session id.
        start_session(account.id).await?;
        tracing::info!(event = "name_change", account = account.id);
        Ok(AccountView {
            display_name: name.as_str().to_owned(),
            email: account.email,
        })
    }

    pub async fn devices(lang_code: &str) -> Result<Vec<DeviceView>, AppError> {
        lang(lang_code)?;
        let session = signed_in()?;
        let sessions = accounts()?
            .sessions(session.account.id, OffsetDateTime::now_utc())
            .await
            .map_err(internal)?;
        let mut list: Vec<DeviceView> = sessions
            .into_iter()
            .map(|s| DeviceView {
                handle: handle(&s.digest),
                current: s.digest == session.digest,
                device: s.device,
                signed_in_at: s.created_at.unix_timestamp(),
                last_seen_at: s.last_seen_at.unix_timestamp(),
            })
            .collect();
        // This browser first, then the others as recently seen.
        list.sort_by_key(|d| !d.current);
        Ok(list)
    }

    /// `true` when the session ended was this browser's own.
    pub async fn end_session(lang_code: &str, chosen: &str) -> Result<bool, AppError> {
        lang(lang_code)?;
        let session = signed_in()?;
        let store = accounts()?;
        let sessions = store
            .sessions(session.account.id, OffsetDateTime::now_utc())
            .await
            .map_err(internal)?;
        // Only the reader's own sessions can be named; one already ended
        // is simply gone.
        let Some(found) = sessions.into_iter().find(|s| handle(&s.digest) == chosen) else {
            return Ok(false);
        };
        store
            .delete_session(&found.digest)
            .await
            .map_err(internal)?;
        let own = found.digest == session.digest;
        if own {
            set_cookie(&cookie_policy().clear());
            set_header("clear-site-data", "\"cache\"");
        }
        tracing::info!(event = "end_session", account = session.account.id, own);
        Ok(own)
    }

    pub async fn end_other_sessions(lang_code: &str) -> Result<(), AppError> {
        lang(lang_code)?;
        let session = signed_in()?;
        let ended = accounts()?
            .delete_other_sessions(session.account.id, &session.digest)
            .await
            .map_err(internal)?;
        tracing::info!(
            event = "end_other_sessions",
            account = session.account.id,
            ended
        );
        Ok(())
    }
}
