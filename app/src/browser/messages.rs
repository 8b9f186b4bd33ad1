//! The messages between the pages and the service worker (`/sw.js`),
//! typed in both directions. Compiled for the browser and for the tests.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A downloaded edition, as the worker reports it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EditionInfo {
    /// Milliseconds since the Unix epoch.
    pub at: f64,
    pub until: f64,
    /// Stories kept (the home page not counted).
    pub count: u32,
}

/// What the worker tells the pages.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum FromWorker {
    /// What it keeps: every page, and the editions by language code;
    /// `account`: the saved copies are a signed-in reader's (false once a
    /// page showed that session ended, even if no page heard `SignedOut`).
    Status {
        pages: Vec<String>,
        editions: HashMap<String, EditionInfo>,
        #[serde(default)]
        account: bool,
    },
    /// How far an edition download has come.
    EditionProgress {
        lang: String,
        done: u32,
        total: u32,
        #[serde(default)]
        finished: bool,
        #[serde(default)]
        failed: bool,
    },
    /// A page came from the network without the session the saved copies
    /// were kept for: the worker dropped them; the page drops its own.
    SignedOut,
}

/// What the pages ask of the worker (the server's tests check that the
/// worker's message handler knows every one).
#[derive(Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ToWorker {
    /// Keep `lang`'s offline page, and answer with a `Status`.
    Status { lang: String },
    /// Keep the pages in `keep`; drop those in `drop`; with `prune`, also
    /// drop every other saved copy (the list is known to be whole).
    /// `account`: the list is a signed-in reader's, to be dropped when a
    /// page says their session has ended.
    Sync {
        lang: String,
        keep: Vec<String>,
        drop: Vec<String>,
        prune: bool,
        account: bool,
    },
    /// Download `lang`'s edition.
    Edition { lang: String },
    /// Drop every kept page that showed the reader's account (sign-out).
    Forget,
    /// The waiting new version takes over now (the reader pressed Reload).
    SkipWaiting,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_have_the_shape_the_worker_reads() {
        let sync = ToWorker::Sync {
            lang: "fa".into(),
            keep: vec!["/fa/article/a".into()],
            drop: Vec::new(),
            prune: true,
            account: false,
        };
        assert_eq!(
            serde_json::to_value(&sync).ok(),
            Some(
                json!({"type": "sync", "lang": "fa", "keep": ["/fa/article/a"], "drop": [], "prune": true, "account": false})
            )
        );
        assert_eq!(
            serde_json::to_value(ToWorker::SkipWaiting).ok(),
            Some(json!({"type": "skip-waiting"}))
        );
        assert_eq!(
            serde_json::to_value(ToWorker::Forget).ok(),
            Some(json!({"type": "forget"}))
        );
        assert_eq!(
            serde_json::to_value(ToWorker::Edition { lang: "ps".into() }).ok(),
            Some(json!({"type": "edition", "lang": "ps"}))
        );
    }

    #[test]
    fn reports_are_read_and_unknown_fields_ignored() {
        let status: FromWorker = serde_json::from_str(
            r#"{"type":"status","version":"x","pages":["/fa/"],"saved":[],"editions":{},"account":true}"#,
        )
        .expect("status parses");
        assert_eq!(
            status,
            FromWorker::Status {
                pages: vec!["/fa/".into()],
                editions: HashMap::new(),
                account: true,
            }
        );
        assert!(serde_json::from_str::<FromWorker>(r#"{"type":"other"}"#).is_err());
    }
}
