#![recursion_limit = "256"]
//! The command line: serve the site (wired by `startup`),
//! `khabar-server outbox [email]` to print the mail outbox, or
//! `khabar-server user create|role …` to make staff accounts (`cli`).

use khabar_server::cli;
use khabar_server::config::Settings;
use khabar_server::logging::{self, LogFormat};
use khabar_server::startup::Application;
use khabar_server::store;

/// Rendering a page allocates and frees thousands of small strings and
/// nodes from two threads; glibc's allocator spent about 13% of an
/// uncached render's CPU time in the profile, mimalloc much less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let format = match LogFormat::parse(std::env::var("KHABAR_LOG_FORMAT").ok().as_deref()) {
        Ok(format) => format,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let _log = logging::init(format);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None => run().await,
        Some("outbox") => print_outbox(args.get(1).map(String::as_str)).await,
        Some("user") => user(&args[1..]).await,
        Some(other) => Err(format!(
            "unknown command {other:?}; run without arguments to serve, or `outbox [email]`, \
             or `user create|role …`"
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
    if settings.smtp_url.is_none() {
        tracing::info!(
            "SMTP_URL is not set: account emails stay in the outbox (khabar-server outbox prints them)"
        );
    }
    let application = Application::build(settings)
        .await
        .map_err(|e| e.to_string())?;
    let listener = application.listen().await.map_err(|e| e.to_string())?;
    application.serve(listener).await.map_err(|e| e.to_string())
}

/// `user create …` or `user role …` (see `cli`).
async fn user(args: &[String]) -> Result<(), String> {
    let (command, flags) = args
        .split_first()
        .ok_or_else(|| format!("usage:\n{}", cli::USAGE))?;
    let flags = cli::UserFlags::parse(flags)?;
    // The password is read before the database is opened, so nothing is
    // left half done when none comes.
    let password = match command.as_str() {
        "create" => Some(cli::read_password()?),
        "role" => None,
        other => {
            return Err(format!(
                "unknown user command {other:?}\nusage:\n{}",
                cli::USAGE
            ));
        }
    };
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let stores = store::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let done = match password {
        Some(password) => cli::create_user(&stores, &flags, &password).await?,
        None => cli::set_user_role(&stores, &flags).await?,
    };
    println!("{done}");
    Ok(())
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
            "attempts": stored.attempts,
            "failed": stored.failed_at.is_some(),
            "last_error": stored.last_error,
        });
        println!("{line}");
    }
    Ok(())
}
