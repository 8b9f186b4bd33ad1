//! The SQL adapters behind the app's storage ports. SQLite (embedded) is
//! the default; the engine is picked from the `DATABASE_URL` scheme.

mod generation;
mod read_cache;
mod session_cache;
mod sqlite;
mod telling_newsroom;

use std::sync::Arc;

use app::ssr::accounts::store::SharedAccounts;
use app::ssr::newsroom::store::SharedNewsroom;
use app::ssr::store::{SharedStore, StoreError};

pub use generation::CHECK_EVERY;
pub use read_cache::ReadCache;
pub use session_cache::SessionCache;
pub use sqlite::SqliteStore;
pub use telling_newsroom::TellingNewsroom;

/// Every port, answered by one database.
#[derive(Clone)]
pub struct Stores {
    pub articles: SharedStore,
    pub accounts: SharedAccounts,
    pub newsroom: SharedNewsroom,
}

impl Stores {
    pub fn sqlite(store: SqliteStore) -> Stores {
        let store = Arc::new(store);
        Stores {
            articles: store.clone(),
            accounts: store.clone(),
            newsroom: store,
        }
    }
}

/// Opens the database the URL names, creating and migrating it as needed.
pub async fn connect(database_url: &str) -> Result<Stores, StoreError> {
    if database_url.starts_with("sqlite:") {
        Ok(Stores::sqlite(SqliteStore::connect(database_url).await?))
    } else {
        Err(StoreError::Database(format!(
            "unsupported DATABASE_URL scheme in {:?}; use sqlite://path/to/file.db",
            database_url.split(':').next().unwrap_or_default()
        )))
    }
}
