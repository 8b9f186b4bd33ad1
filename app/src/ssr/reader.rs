//! The reader snapshot: what a page knows of a signed-in reader (account
//! and reading list, dates written for the page's language). Built here
//! for the server fns and for the server's session layer alike.

use crate::domain::Lang;
use crate::error::{AppError, Problem};
use crate::ssr::accounts::store::{StoredAccount, StoredSaved};
use crate::ssr::context::{accounts, fail, internal};
use crate::wire::{SavedItem, SessionSnapshot};

/// A stored entry as the page in `reader` shows it.
pub fn item(saved: StoredSaved, reader: Lang) -> SavedItem {
    SavedItem {
        lang: saved.lang,
        slug: saved.slug,
        title: saved.title,
        saved_at: saved.saved_at.unix_timestamp(),
        saved_on: crate::ssr::dates::format_date(reader, saved.saved_at).display,
    }
}

/// What a page knows of a signed-in reader: their account and list,
/// dates written for a page in `reader`.
pub fn snapshot(account: &StoredAccount, saved: Vec<StoredSaved>, reader: Lang) -> SessionSnapshot {
    SessionSnapshot {
        account: Some(crate::wire::AccountView {
            display_name: account.display_name.clone(),
            email: account.email.clone(),
        }),
        saved: saved.into_iter().map(|s| item(s, reader)).collect(),
    }
}

pub async fn snapshot_of(account: i64, reader: Lang) -> Result<SessionSnapshot, AppError> {
    let store = accounts()?;
    let stored = store
        .account(account)
        .await
        .map_err(internal)?
        .ok_or_else(|| fail(AppError::Rejected(Problem::SignInNeeded)))?;
    let saved = store.saved(account).await.map_err(internal)?;
    Ok(snapshot(&stored, saved, reader))
}
