//! Reading offline, the page's side: what the service worker (`/sw.js`)
//! says can be read without a connection, whether there is one, and the
//! reader's requests to it (keep the reading list, download an edition,
//! forget everything at sign-out).
//!
//! All of it is browser state, set after hydration; the server renders the
//! page as if online with nothing kept, and so does the first browser render.

#[cfg(feature = "hydrate")]
mod browser;

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use serde::Deserialize;

use crate::context::CurrentLang;
use crate::domain::Lang;
use crate::reader::Reader;

/// Stories an edition holds besides the home page (the server lists them).
pub const EDITION_STORIES: u32 = 20;
/// Days an edition is kept unless it is downloaded again.
pub const EDITION_DAYS: u32 = 7;

/// A downloaded edition, as the worker reports it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EditionInfo {
    /// Milliseconds since the Unix epoch.
    pub at: f64,
    pub until: f64,
    /// Stories kept (the home page not counted).
    pub count: u32,
}

/// An edition download under way or just ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Download {
    pub done: u32,
    pub total: u32,
    pub finished: bool,
    pub failed: bool,
}

#[derive(Clone, Copy)]
pub struct Offline {
    /// The browser has a connection (assumed until the app runs).
    pub online: RwSignal<bool>,
    /// A service worker is active for the site: offline features work.
    pub worker: RwSignal<bool>,
    /// Paths of the pages kept for offline reading.
    pub available: RwSignal<HashSet<String>>,
    /// Downloaded editions by language code.
    pub editions: RwSignal<HashMap<String, EditionInfo>>,
    /// The edition download of this page's language, if one is running or
    /// has just ended.
    pub download: RwSignal<Option<Download>>,
    /// Bytes this site stores on the device (the browser's estimate).
    pub usage: RwSignal<Option<f64>>,
}

pub fn use_offline() -> Offline {
    expect_context::<Offline>()
}

impl Offline {
    /// As the server renders the page: online, no worker, nothing kept.
    fn new() -> Offline {
        Offline {
            online: RwSignal::new(true),
            worker: RwSignal::new(false),
            available: RwSignal::new(HashSet::new()),
            editions: RwSignal::new(HashMap::new()),
            download: RwSignal::new(None),
            usage: RwSignal::new(None),
        }
    }

    pub fn provide(reader: Reader, lang: CurrentLang) -> Offline {
        let offline = Offline::new();
        provide_context(offline);
        #[cfg(feature = "hydrate")]
        browser::start(offline, reader, lang);
        #[cfg(not(feature = "hydrate"))]
        let _ = (reader, lang);
        offline
    }

    /// Whether following a link to `path` now would fail: offline, and the
    /// page was not kept.
    pub fn unavailable(self, path: &str) -> bool {
        !self.online.get() && !self.available.with(|kept| kept.contains(path))
    }

    /// Whether `path` can be read offline.
    pub fn kept(self, path: &str) -> bool {
        self.available.with(|kept| kept.contains(path))
    }

    /// Asks the worker to download `lang`'s edition.
    pub fn download_edition(self, lang: Lang) {
        self.download.set(Some(Download {
            done: 0,
            total: 0,
            finished: false,
            failed: false,
        }));
        #[cfg(feature = "hydrate")]
        browser::download_edition(lang);
        #[cfg(not(feature = "hydrate"))]
        let _ = lang;
    }
}

/// At sign-out: the device keeps no page that showed the reader's account.
pub fn forget() {
    #[cfg(feature = "hydrate")]
    browser::post(serde_json::json!({ "type": "forget" }));
}

/// A count in `lang`'s digits (the browser's; plain digits elsewhere).
pub fn count(lang: Lang, n: u32) -> String {
    #[cfg(feature = "hydrate")]
    {
        browser::format_number(lang, f64::from(n), None)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = lang;
        n.to_string()
    }
}

/// A size on disk in megabytes, in `lang`'s words and digits.
pub fn size(lang: Lang, bytes: f64) -> String {
    let megabytes = bytes / 1_000_000.0;
    #[cfg(feature = "hydrate")]
    {
        browser::format_number(lang, megabytes, Some("megabyte"))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = lang;
        format!("{megabytes:.1} MB")
    }
}

/// A moment given in milliseconds since the epoch, as a date in `lang`.
pub fn date(lang: Lang, millis: f64) -> String {
    #[cfg(feature = "hydrate")]
    {
        crate::reader::browser_date(lang, (millis / 1000.0) as i64)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (lang, millis);
        String::new()
    }
}

/// What the worker tells the pages.
#[cfg(any(feature = "hydrate", test))]
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum FromWorker {
    Status {
        pages: Vec<String>,
        editions: HashMap<String, EditionInfo>,
    },
    EditionProgress {
        lang: String,
        done: u32,
        total: u32,
        #[serde(default)]
        finished: bool,
        #[serde(default)]
        failed: bool,
    },
}

#[cfg(any(feature = "hydrate", test))]
impl Offline {
    /// Takes in one message from the worker; `page_lang` is the code of the
    /// language this page shows.
    fn receive(self, message: FromWorker, page_lang: &str) {
        match message {
            FromWorker::Status { pages, editions } => {
                self.available.set(pages.into_iter().collect());
                self.editions.set(editions);
            }
            FromWorker::EditionProgress {
                lang,
                done,
                total,
                finished,
                failed,
            } if lang == page_lang => {
                self.download.set(Some(Download {
                    done,
                    total,
                    finished,
                    failed,
                }));
            }
            FromWorker::EditionProgress { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offline() -> Offline {
        let offline = Offline::new();
        offline.worker.set(true);
        offline
    }

    #[test]
    fn worker_status_sets_what_can_be_read_offline() {
        let owner = Owner::new();
        owner.with(|| {
            let o = offline();
            let message: FromWorker = serde_json::from_str(
                r#"{"type":"status","version":"x","pages":["/fa/article/a","/fa/"],
                    "saved":["/fa/article/a"],"editions":{"fa":{"at":1,"until":2,"count":20}}}"#,
            )
            .expect("status parses");
            o.receive(message, "fa");
            assert!(o.kept("/fa/article/a"));
            assert!(!o.kept("/fa/article/b"));
            o.online.set(false);
            assert!(o.unavailable("/fa/article/b"));
            assert!(!o.unavailable("/fa/article/a"));
            assert_eq!(o.editions.get_untracked()["fa"].count, 20);
        });
    }

    #[test]
    fn progress_of_another_languages_edition_is_not_shown() {
        let owner = Owner::new();
        owner.with(|| {
            let o = offline();
            let other: FromWorker = serde_json::from_str(
                r#"{"type":"edition-progress","lang":"en","done":3,"total":21}"#,
            )
            .expect("progress parses");
            o.receive(other, "fa");
            assert_eq!(o.download.get_untracked(), None);
            let own: FromWorker = serde_json::from_str(
                r#"{"type":"edition-progress","lang":"fa","done":21,"total":21,"finished":true}"#,
            )
            .expect("progress parses");
            o.receive(own, "fa");
            let shown = o.download.get_untracked().expect("shown");
            assert!(shown.finished && !shown.failed && shown.done == 21);
        });
    }
}
