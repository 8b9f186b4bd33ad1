#![recursion_limit = "256"]
//! config → store → demo content → router → serve, with graceful shutdown.
//! `khabar-server outbox [email]` prints the mail outbox instead.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::serve::ListenerExt;
use khabar_server::config::Settings;
use khabar_server::mail::Outbox;
use khabar_server::{content, router, store};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None => run().await,
        Some("outbox") => print_outbox(args.get(1).map(String::as_str)).await,
        Some(other) => Err(format!(
            "unknown command {other:?}; run without arguments to serve, or `outbox [email]`"
        )),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let stores = store::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    if settings.load_demo_content {
        let added = content::load_if_empty(stores.articles.as_ref())
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
    app::accounts::password::warm_up();
    let mail = Outbox::new(
        stores.accounts.clone(),
        settings.smtp_url.as_deref(),
        &settings.mail_from,
        !settings.https(),
    )
    .map_err(|e| e.to_string())?;
    if settings.smtp_url.is_none() {
        tracing::info!("SMTP_URL is not set: account emails stay in the outbox and the log");
    }
    let addr = settings.leptos.site_addr;
    let app = router::build(&settings, stores, Arc::new(mail));
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
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| e.to_string())
}

/// Prints the outbox (newest first) as JSON lines: what a developer, or an
/// end-to-end test, reads when no SMTP server is configured.
async fn print_outbox(to: Option<&str>) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let stores = store::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let mails = stores
        .accounts
        .outbox(to)
        .await
        .map_err(|e| e.to_string())?;
    for stored in mails {
        let line = serde_json::json!({
            "id": stored.id,
            "to": stored.mail.to,
            "lang": stored.mail.lang.code(),
            "subject": stored.mail.subject,
            "text": stored.mail.text,
            "html": stored.mail.html,
            "created_at": stored.created_at.unix_timestamp(),
            "sent": stored.sent_at.is_some(),
        });
        println!("{line}");
    }
    Ok(())
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
