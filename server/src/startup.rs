//! The one composition root: settings → database → demo content → mail →
//! router. `main` serves what it builds; the tests send requests to the
//! very same thing.

use std::net::SocketAddr;
use std::sync::Arc;

use app::routes::CookiePolicy;
use axum::Router;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::http::page_cache::PageCache;
use crate::mail::Outbox;
use crate::store::{self, ReadCache, Stores};
use crate::{connections, content, http};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Store(#[from] app::ssr::store::StoreError),
    #[error("demo content: {0}")]
    Content(String),
    #[error("mail: {0}")]
    Mail(String),
    #[error("cannot listen on {addr}: {error}")]
    Listen {
        addr: SocketAddr,
        error: std::io::Error,
    },
}

/// The wired application: its router, and the stores behind it.
pub struct Application {
    pub router: Router,
    pub stores: Stores,
    pub settings: Settings,
    /// The rendered-page cache, unless turned off.
    pub page_cache: Option<Arc<PageCache>>,
}

impl Application {
    /// Opens (creating and migrating) the database the settings name, then
    /// wires the app over it.
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let stores = store::connect(&settings.database_url).await?;
        Self::with_stores(settings, stores).await
    }

    /// Wires the app over stores already open (tests hand in a fresh
    /// database): fills an empty one with the demo stories unless
    /// `KHABAR_DEMO_CONTENT=off`, readies what the first request would
    /// otherwise wait for, and sets up mail.
    pub async fn with_stores(
        settings: Settings,
        mut stores: Stores,
    ) -> Result<Application, StartupError> {
        // Every read and write of content goes through the read cache, so
        // a write here is seen by the next request.
        let reads = Arc::new(ReadCache::new(stores.articles.clone(), settings.read_cache));
        stores.articles = reads.clone();
        if settings.load_demo_content {
            let added = content::load_if_empty(stores.articles.as_ref())
                .await
                .map_err(|e| StartupError::Content(e.to_string()))?;
            if added > 0 {
                tracing::info!(
                    articles = added,
                    "loaded demo content into the empty database"
                );
            }
        }
        app::ssr::dates::warm_up();
        app::ssr::accounts::password::warm_up();
        let mail = Outbox::new(
            stores.accounts.clone(),
            settings.smtp_url.as_deref(),
            &settings.mail_from,
            !settings.https(),
        )
        .map_err(|e| StartupError::Mail(e.to_string()))?;
        let page_cache = settings.page_cache.enabled.then(|| {
            Arc::new(PageCache::new(
                settings.page_cache,
                reads.clone(),
                CookiePolicy {
                    secure: settings.https(),
                }
                .name(),
                settings.https(),
            ))
        });
        let router = http::router(
            &settings,
            stores.clone(),
            Arc::new(mail),
            page_cache.clone(),
        );
        Ok(Application {
            router,
            stores,
            settings,
            page_cache,
        })
    }

    /// Binds the configured address (`LEPTOS_SITE_ADDR`).
    pub async fn listen(&self) -> Result<TcpListener, StartupError> {
        let addr = self.settings.leptos.site_addr;
        TcpListener::bind(addr)
            .await
            .map_err(|error| StartupError::Listen { addr, error })
    }

    /// Serves on `listener` until SIGTERM or Ctrl-C, then lets the requests
    /// in flight finish within the grace period (`connections`).
    pub async fn serve(self, listener: TcpListener) -> Result<(), StartupError> {
        if let Ok(addr) = listener.local_addr() {
            tracing::info!("serving on http://{addr}");
        }
        if let Some(cache) = self.page_cache.clone() {
            let router = self.router.clone();
            tokio::spawn(async move { cache.warm_up(router).await });
        }
        connections::serve(
            listener,
            self.router,
            self.settings.connections,
            shutdown_signal(),
        )
        .await;
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
