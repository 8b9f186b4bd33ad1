//! The one composition root: settings → database → demo content → mail →
//! router. `main` serves what it builds; the tests send requests to the
//! very same thing.

use std::net::SocketAddr;
use std::sync::Arc;

use app::routes::CookiePolicy;
use axum::Router;
use tokio::net::TcpListener;
use tokio::time::Instant;

use crate::config::Settings;
use crate::http::page_cache::PageCache;
use crate::mail::{Outbox, Smtp};
use crate::metrics::Metrics;
use crate::store::{self, ReadCache, SessionCache, Stores, TellingNewsroom};
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
    /// Account mail: its courier runs while the application does.
    pub outbox: Arc<Outbox>,
    /// The metrics, when `KHABAR_METRICS_ADDR` asks for them.
    pub metrics: Option<Arc<Metrics>>,
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
        // Every signed-in reader's look-up and every account write too, so
        // a sign-out or a save here is seen by the next request. Turned off
        // with the read cache (every request then asks the database).
        stores.accounts = Arc::new(SessionCache::new(
            stores.accounts.clone(),
            settings.read_cache.enabled,
        ));
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
        app::ssr::accounts::password::warm_up();
        let smtp = settings
            .smtp_url
            .as_deref()
            .map(|url| Smtp::new(url, &settings.mail_from))
            .transpose()
            .map_err(|e| StartupError::Mail(e.to_string()))?;
        let outbox = Arc::new(Outbox::start(
            stores.accounts.clone(),
            smtp,
            settings.mail_retry,
        ));
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
        // An editor's decisions reach readers at once: the read cache is
        // told and every kept page dropped (saves tell nothing).
        let pages = page_cache.clone();
        stores.newsroom = Arc::new(TellingNewsroom::new(
            stores.newsroom.clone(),
            reads.clone(),
            Box::new(move || {
                if let Some(pages) = &pages {
                    pages.forget_all();
                }
            }),
        ));
        let metrics = settings.metrics_addr.map(|_| {
            Arc::new(Metrics::new(
                stores.articles.clone(),
                stores.accounts.clone(),
            ))
        });
        let router = http::router(
            &settings,
            stores.clone(),
            outbox.clone(),
            page_cache.clone(),
            metrics.clone(),
        );
        Ok(Application {
            router,
            metrics,
            outbox,
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

    /// Binds the metrics address, when one is configured, and serves
    /// `/metrics` there for as long as the process runs.
    pub async fn serve_metrics(&self) -> Result<Option<SocketAddr>, StartupError> {
        let (Some(addr), Some(metrics)) = (self.settings.metrics_addr, self.metrics.clone()) else {
            return Ok(None);
        };
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|error| StartupError::Listen { addr, error })?;
        let bound = listener.local_addr().unwrap_or(addr);
        tracing::info!("metrics on http://{bound}/metrics");
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, metrics.router()).await {
                tracing::error!(%error, "the metrics listener stopped");
            }
        });
        Ok(Some(bound))
    }

    /// Serves on `listener` until SIGTERM or Ctrl-C, then lets the requests
    /// in flight (`connections`) and the mail being sent (`mail`) finish
    /// within the one grace period.
    pub async fn serve(self, listener: TcpListener) -> Result<(), StartupError> {
        if let Ok(addr) = listener.local_addr() {
            tracing::info!("serving on http://{addr}");
        }
        self.serve_metrics().await?;
        crate::sweeper::start(self.stores.accounts.clone());
        crate::schedule::start(self.stores.newsroom.clone());
        if let Some(cache) = self.page_cache.clone() {
            let router = self.router.clone();
            tokio::spawn(async move { cache.warm_up(router).await });
        }
        let limits = self.settings.connections;
        let (signalled, signal_seen) = tokio::sync::oneshot::channel();
        let signal = async move {
            shutdown_signal().await;
            let _ = signalled.send(Instant::now());
        };
        let outbox = self.outbox.clone();
        let mail = async move {
            if let Ok(at) = signal_seen.await {
                outbox.stop(at + limits.shutdown_grace).await;
            }
        };
        tokio::join!(
            connections::serve(listener, self.router, limits, signal),
            mail
        );
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
