//! The SQL adapters behind the app's `Store` port. SQLite (embedded) is the
//! default; the engine is picked from the `DATABASE_URL` scheme.

mod sqlite;

use std::sync::Arc;

use app::store::{SharedStore, StoreError};

pub use sqlite::SqliteStore;

/// Opens the database the URL names, creating and migrating it as needed.
pub async fn connect(database_url: &str) -> Result<SharedStore, StoreError> {
    if database_url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(database_url).await?))
    } else {
        Err(StoreError::Database(format!(
            "unsupported DATABASE_URL scheme in {:?}; use sqlite://path/to/file.db",
            database_url.split(':').next().unwrap_or_default()
        )))
    }
}
