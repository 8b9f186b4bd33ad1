//! The process's log: human-readable lines by default, one JSON object per
//! line with `KHABAR_LOG_FORMAT=json` (for a log shipper). `RUST_LOG`
//! picks what is written (default `info,sqlx=warn`; the per-request lines
//! are the target `khabar::request`). Lines are written by a thread of
//! their own, so a slow terminal or journal never stalls a request.

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

/// Lines waiting for the writer thread before new ones are dropped (and
/// counted as dropped) rather than making requests wait.
const BUFFERED_LINES: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `KHABAR_LOG_FORMAT`: `text` (or unset) or `json`.
    pub fn parse(value: Option<&str>) -> Result<LogFormat, String> {
        match value.map(str::trim) {
            None | Some("" | "text") => Ok(LogFormat::Text),
            Some("json") => Ok(LogFormat::Json),
            Some(other) => Err(format!("KHABAR_LOG_FORMAT must be text or json: {other:?}")),
        }
    }
}

/// Starts the log. Keep the guard until the process ends: dropping it
/// writes out the lines still buffered.
pub fn init(format: LogFormat) -> WorkerGuard {
    let (writer, guard) = NonBlockingBuilder::default()
        .buffered_lines_limit(BUFFERED_LINES)
        .lossy(true)
        .finish(std::io::stdout());
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    guard
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_format_is_text_or_json_and_nothing_else() {
        assert_eq!(LogFormat::parse(None), Ok(LogFormat::Text));
        assert_eq!(LogFormat::parse(Some("text")), Ok(LogFormat::Text));
        assert_eq!(LogFormat::parse(Some(" json ")), Ok(LogFormat::Json));
        let err = LogFormat::parse(Some("xml")).expect_err("xml is not a format");
        assert!(err.contains("KHABAR_LOG_FORMAT"), "{err}");
    }
}
