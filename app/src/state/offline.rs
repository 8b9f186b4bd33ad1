//! Reading offline, the page's side: what the service worker (`/sw.js`)
//! says can be read without a connection, whether there is one, the rules
//! for telling it what to keep, and the reader's requests to it (download an
//! edition, forget everything at sign-out). `browser::worker` drives it.
//!
//! All of it is browser state, set after hydration; the server renders the
//! page as if online with nothing kept, and so does the first browser render.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::browser::handlers::WorkerEvents;
pub use crate::browser::messages::EditionInfo;
use crate::browser::messages::{FromWorker, ToWorker};
use crate::browser::{timer, worker};
use crate::domain::Lang;
use crate::i18n::fill;
use crate::l10n::{dates, numerals};
use crate::routes;
use crate::state::hydration;
use crate::state::page::CurrentLang;
use crate::state::reader::Reader;
use crate::state::toasts::{ToastAction, Toasts, UNDO_WINDOW};
use crate::wire::SavedItem;

/// Days an edition is kept unless it is downloaded again.
pub const EDITION_DAYS: u32 = 7;

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
    /// Whether the worker's saved copies are a signed-in reader's, as its
    /// last report said (`None` before the first).
    pub account_copies: RwSignal<Option<bool>>,
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
            account_copies: RwSignal::new(None),
        }
    }

    pub fn provide(reader: Reader, lang: CurrentLang) -> Offline {
        let offline = Offline::new();
        provide_context(offline);
        // Effects run in the browser only: on the server this sets nothing off.
        offline.drive(reader, lang);
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
        worker::ask_to_persist();
        worker::post(&ToWorker::Edition {
            lang: lang.code().to_owned(),
        });
    }
}

/// A size on disk in megabytes to one decimal, in `lang`'s words and digits.
pub fn size(lang: Lang, bytes: f64) -> String {
    let tenths = (bytes.max(0.0) / 100_000.0).round() as u64;
    fill(
        lang.texts().megabytes,
        "size",
        &numerals::tenths(lang, tenths),
    )
}

/// A moment given in milliseconds since the epoch, as a date in `lang`.
pub fn date(lang: Lang, millis: f64) -> String {
    dates::format(lang, (millis / 1000.0) as i64)
}

impl Offline {
    /// Takes in one message from the worker; `page_lang` is the code of the
    /// language this page shows.
    pub fn receive(self, message: FromWorker, page_lang: &str) {
        match message {
            FromWorker::Status {
                pages,
                editions,
                account,
            } => {
                self.available.set(pages.into_iter().collect());
                self.editions.set(editions);
                self.account_copies.set(Some(account));
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
            // The reader's side is `Reader::forget_account`.
            FromWorker::SignedOut => {}
        }
    }
}

/// The page's answers to what the browser and the worker report.
#[derive(Clone, Copy)]
struct PageEvents {
    offline: Offline,
    reader: Reader,
    lang: CurrentLang,
    toasts: Option<Toasts>,
}

impl WorkerEvents for PageEvents {
    fn connection(self, online: bool) {
        self.offline.online.set(online);
    }

    fn is_online(self) -> bool {
        self.offline.online.get_untracked()
    }

    fn message(self, message: FromWorker) {
        if message == FromWorker::SignedOut {
            self.reader.forget_account();
        }
        self.offline
            .receive(message, self.lang.get_untracked().code());
    }

    fn ready(self) {
        self.offline.worker.set(true);
        // The worker keeps this language's offline page from now on.
        worker::post(&ToWorker::Status {
            lang: self.lang.get_untracked().code().to_owned(),
        });
    }

    fn update_waiting(self) {
        let Some(toasts) = self.toasts else {
            return;
        };
        let t = self.lang.get_untracked().texts();
        toasts.show_action(
            t.update_available.to_owned(),
            ToastAction {
                label: |t| t.update_reload,
                run: Arc::new(worker::switch_to_new_version),
            },
        );
    }

    fn usage(self, bytes: Option<f64>) {
        self.offline.usage.set(bytes);
    }
}

/// The browser's side, wired to the page's state: the connection, the
/// worker's reports and updates, and the reading list it keeps.
impl Offline {
    fn drive(self, reader: Reader, lang: CurrentLang) {
        let events = PageEvents {
            offline: self,
            reader,
            lang,
            toasts: use_context::<Toasts>(),
        };
        // Once, when the whole page has hydrated (the worker's reports change
        // what the page shows).
        Effect::new(move |_| {
            if hydration::hydrated() {
                untrack(|| worker::start(events));
            }
        });
        self.keep_reading_list(reader, lang);
        // The worker heard the session end (from a page from the network
        // that no open page was there to hear of it): the list kept for the
        // account goes too, whichever came first, its report or the list.
        Effect::new(move |_| {
            if reader.borrowed.get() && self.account_copies.get() == Some(false) {
                reader.forget_account();
            }
        });
    }

    /// Tells the worker which stories to keep, as [`sync_timing`] says: at
    /// once when one is added, after the Undo window when one is removed.
    fn keep_reading_list(self, reader: Reader, lang: CurrentLang) {
        let told = StoredValue::new(None::<HashSet<String>>);
        let send = move || {
            let keep = reader.saved.with_untracked(|items| story_paths(items));
            if !keep.is_empty() {
                worker::ask_to_persist();
            }
            let anonymous = reader.account.with_untracked(Option::is_none);
            let message = told.with_value(|told| {
                sync_message(lang.get_untracked(), told.as_ref(), &keep, anonymous)
            });
            told.set_value(Some(keep));
            worker::post(&message);
        };
        Effect::new(move |_| {
            let now = reader.saved.with(|items| story_paths(items));
            // Offline, a page's list may be an old copy: never prune from
            // it; a borrowed list is the account's, not this page's to sync.
            let ready = reader.live.get()
                && self.online.get()
                && self.worker.get()
                && !reader.borrowed.get();
            if !ready {
                return;
            }
            match told.with_value(|told| sync_timing(told.as_ref(), &now)) {
                SyncTiming::Now => send(),
                SyncTiming::AfterUndoWindow => timer::after(DROP_AFTER, send),
                SyncTiming::Unchanged => {}
            }
        });
    }
}

/// The offline copy of a removed story goes only once Undo can no longer
/// bring it back: the Undo window and a second for the click to land.
pub const DROP_AFTER: Duration = UNDO_WINDOW.saturating_add(Duration::from_secs(1));

/// When the worker should next hear about the reading list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncTiming {
    /// A story was added (or the worker was never told): keep it now.
    Now,
    /// Stories were only removed: tell it after [`DROP_AFTER`], so Undo
    /// finds the copy still there.
    AfterUndoWindow,
    /// Nothing changed since it was last told.
    Unchanged,
}

/// The pages of the saved stories, as the worker names what it keeps.
pub fn story_paths(items: &[SavedItem]) -> HashSet<String> {
    items
        .iter()
        .map(|i| routes::article(i.lang, &i.slug))
        .collect()
}

/// Compares the list now with what the worker was last told (`None`: never).
pub fn sync_timing(told: Option<&HashSet<String>>, now: &HashSet<String>) -> SyncTiming {
    match told {
        None => SyncTiming::Now,
        Some(told) if !now.is_subset(told) => SyncTiming::Now,
        Some(told) if told != now => SyncTiming::AfterUndoWindow,
        Some(_) => SyncTiming::Unchanged,
    }
}

/// The message that tells the worker to keep `keep`: it drops what it was
/// told before and is no longer there, and it deletes every other saved
/// copy (`prune`) only when the list is known to be whole and current,
/// which is so for an anonymous reader (read from this device) and not for
/// a signed-in reader, whose page may be an old kept copy.
pub fn sync_message(
    lang: Lang,
    told: Option<&HashSet<String>>,
    keep: &HashSet<String>,
    anonymous: bool,
) -> ToWorker {
    let drop: Vec<String> = told
        .map(|told| told.difference(keep).cloned().collect())
        .unwrap_or_default();
    let keep: Vec<String> = keep.iter().cloned().collect();
    ToWorker::Sync {
        lang: lang.code().to_owned(),
        keep,
        drop,
        prune: anonymous,
        account: !anonymous,
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

    fn paths(list: &[&str]) -> HashSet<String> {
        list.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn additions_are_kept_at_once_and_removals_after_the_undo_window() {
        let told = paths(&["/fa/article/a", "/en/article/b"]);
        assert_eq!(sync_timing(None, &HashSet::new()), SyncTiming::Now);
        assert_eq!(
            sync_timing(
                Some(&told),
                &paths(&["/fa/article/a", "/en/article/b", "/ps/article/c"])
            ),
            SyncTiming::Now
        );
        assert_eq!(
            sync_timing(Some(&told), &paths(&["/fa/article/a"])),
            SyncTiming::AfterUndoWindow
        );
        // One removed and another added: the addition cannot wait.
        assert_eq!(
            sync_timing(Some(&told), &paths(&["/fa/article/a", "/ps/article/c"])),
            SyncTiming::Now
        );
        assert_eq!(sync_timing(Some(&told), &told), SyncTiming::Unchanged);
        assert!(DROP_AFTER > UNDO_WINDOW);
    }

    #[test]
    fn the_worker_drops_what_left_the_list_and_prunes_only_whole_lists() {
        let told = paths(&["/fa/article/a", "/en/article/b"]);
        let keep = paths(&["/fa/article/a"]);
        assert_eq!(
            sync_message(Lang::Fa, Some(&told), &keep, true),
            ToWorker::Sync {
                lang: "fa".into(),
                keep: vec!["/fa/article/a".into()],
                drop: vec!["/en/article/b".into()],
                prune: true,
                account: false,
            }
        );
        let ToWorker::Sync {
            drop,
            prune,
            account,
            ..
        } = sync_message(Lang::Fa, None, &keep, false)
        else {
            panic!("a sync message");
        };
        assert!(drop.is_empty() && !prune, "a signed-in list never prunes");
        assert!(account, "and is marked as an account's");
    }

    #[test]
    fn saved_stories_are_kept_by_their_page_paths() {
        let item = |lang, slug: &str| SavedItem {
            lang,
            slug: slug.into(),
            title: String::new(),
            saved_at: 0,
            saved_on: String::new(),
        };
        assert_eq!(
            story_paths(&[item(Lang::Fa, "a"), item(Lang::En, "b")]),
            paths(&["/fa/article/a", "/en/article/b"])
        );
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
