#![recursion_limit = "256"]
//! config → store → demo content → router → serve, with graceful shutdown.

use axum::serve::ListenerExt;
use khabar_server::config::Settings;
use khabar_server::{content, router, store};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let store = store::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    if settings.load_demo_content {
        let added = content::load_if_empty(store.as_ref())
            .await
            .map_err(|e| e.to_string())?;
        if added > 0 {
            tracing::info!(
                articles = added,
                "loaded demo content into the empty database"
            );
        }
    }
    app::dates::warm_up();
    let addr = settings.leptos.site_addr;
    let app = router::build(&settings, store);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!(
        "serving on http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    // Without TCP_NODELAY each streamed response waits ~40 ms on Nagle.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
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
