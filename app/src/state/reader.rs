//! The reader in the browser: their account (if signed in) and their
//! reading list. Signed-in lists live on the server (the page arrives with
//! them); other readers' lists live in this browser's localStorage and are
//! read only after hydration, so the server's HTML and the first browser
//! render agree.

use leptos::prelude::*;

use crate::browser::{self, messages::ToWorker, queue::Change};
use crate::domain::Lang;
use crate::state::hydration;
use crate::state::toasts::Toasts;
use crate::wire::{AccountView, SavedItem, SessionSnapshot};

#[derive(Clone, Copy)]
pub struct Reader {
    pub account: RwSignal<Option<AccountView>>,
    /// Newest saved first.
    pub saved: RwSignal<Vec<SavedItem>>,
    /// The app is running in the browser (after hydration).
    pub live: RwSignal<bool>,
    /// The list shown is the one kept for an account, on a page that names
    /// no reader (a copy the worker served): shown, never synced from.
    pub borrowed: RwSignal<bool>,
}

/// A locally saved story as the sign-in form hands it over for merging:
/// the title is the server's to fill in.
#[derive(serde::Serialize)]
struct LocalItem<'a> {
    lang: Lang,
    slug: &'a str,
    saved_at: i64,
}

pub fn use_reader() -> Reader {
    expect_context::<Reader>()
}

/// What the server knew of the reader when it rendered the page (from the
/// request its session layer annotated); the browser reads the same value
/// back from the page.
fn snapshot() -> SessionSnapshot {
    // The server provides it (for signed-in readers); the browser has none
    // in its context and takes the server's from the page.
    let shared = leptos::prelude::SharedValue::<_, crate::codec::Json>::new_with_encoding(|| {
        use_context::<SessionSnapshot>().unwrap_or_default()
    });
    shared.into_inner()
}

impl Reader {
    pub fn provide() -> Reader {
        let snapshot = snapshot();
        let reader = Reader {
            account: RwSignal::new(snapshot.account),
            saved: RwSignal::new(snapshot.saved),
            live: RwSignal::new(false),
            borrowed: RwSignal::new(false),
        };
        provide_context(reader);
        // Runs in the browser only, once the whole page has hydrated.
        Effect::new(move |_| {
            if !hydration::hydrated() {
                return;
            }
            reader.live.set(true);
            if reader.account.get_untracked().is_some() {
                return;
            }
            let kept = browser::storage::read_account_list();
            if !kept.is_empty() && browser::worker::controls_page() {
                // The page may be a copy the worker served (offline, or a
                // slow network), which names no reader: the list the
                // account had when last online is shown. If the session
                // has in fact ended, the worker says so (`forget_account`).
                reader.saved.set(kept);
                reader.borrowed.set(true);
            } else {
                // No worker: the page is the network's, and without the
                // account any list kept for it is from an ended session.
                browser::storage::clear_account_list();
                reader.saved.set(browser::storage::read_list());
            }
        });
        // A signed-in reader's list is kept on the device for reading
        // offline (the stories' titles and addresses, nothing of the reader).
        Effect::new(move |_| {
            if reader.live.get() && reader.account.with(Option::is_some) {
                reader
                    .saved
                    .with(|items| browser::storage::write_account_list(items));
            }
        });
        reader
    }

    pub fn signed_in(self) -> bool {
        self.account.with(Option::is_some)
    }

    pub fn is_saved(self, lang: Lang, slug: &str) -> bool {
        self.saved
            .with(|items| items.iter().any(|i| i.is(lang, slug)))
    }

    /// After sign-in or registration: the account's (merged) list replaces
    /// the local one, which the server now holds.
    pub fn sign_in(self, snapshot: SessionSnapshot) {
        self.account.set(snapshot.account);
        self.saved.set(snapshot.saved);
        browser::storage::write_list(&[]);
    }

    pub fn sign_out(self) {
        // The device keeps nothing of the reader's: no copy of their list.
        browser::worker::post(&ToWorker::Forget);
        browser::storage::clear_account_list();
        self.account.set(None);
        self.saved.set(Vec::new());
        self.borrowed.set(false);
    }

    /// The worker saw a page from the network without the session: it has
    /// ended elsewhere (expiry, another device). This page stops showing
    /// the account and its list.
    pub fn forget_account(self) {
        browser::storage::clear_account_list();
        self.account.set(None);
        self.borrowed.set(false);
        self.saved.set(browser::storage::read_list());
    }

    /// The local list as the sign-in form sends it for merging: read from
    /// storage, so stories saved in other tabs come along too.
    pub fn local_json(self) -> String {
        // Tracked, so the form's hidden field follows the list.
        self.saved.track();
        if self.signed_in() {
            return String::new();
        }
        let list = browser::storage::read_list();
        let slim: Vec<_> = list
            .iter()
            .map(|i| LocalItem {
                lang: i.lang,
                slug: &i.slug,
                saved_at: i.saved_at,
            })
            .collect();
        crate::codec::to_string(&slim).unwrap_or_else(|_| "[]".into())
    }

    /// Saves a story, or removes it with an Undo toast.
    pub fn toggle(self, page_lang: Lang, lang: Lang, slug: String, title: String) {
        let existing = self
            .saved
            .with_untracked(|items| items.iter().find(|i| i.is(lang, &slug)).cloned());
        match existing {
            Some(item) => self.remove(page_lang, item),
            None => {
                let item = SavedItem {
                    lang,
                    slug,
                    title,
                    saved_at: browser::intl::now_seconds(),
                    saved_on: String::new(),
                };
                self.put(page_lang, item);
                if let Some(toasts) = use_context::<Toasts>() {
                    toasts.show(page_lang.texts().saved_toast.to_owned(), None);
                }
            }
        }
    }

    /// Removes a story and offers to put it back where it was.
    pub fn remove(self, page_lang: Lang, item: SavedItem) {
        self.saved
            .update(|items| items.retain(|i| !i.is(item.lang, &item.slug)));
        self.persist(page_lang, item.clone(), false);
        if let Some(toasts) = use_context::<Toasts>() {
            let undo = move || self.put(page_lang, item.clone());
            toasts.show(
                page_lang.texts().removed_toast.to_owned(),
                Some(std::sync::Arc::new(undo)),
            );
        }
    }

    /// Adds (or restores) an item in saved-time order.
    fn put(self, page_lang: Lang, item: SavedItem) {
        self.saved
            .update(|items| insert_in_order(items, item.clone()));
        self.persist(page_lang, item, true);
    }

    /// Writes a change where this reader's list lives.
    fn persist(self, page_lang: Lang, item: SavedItem, save: bool) {
        if !self.signed_in() {
            // Apply the one change to what storage holds now (another tab
            // may have changed it), and show the result here too.
            let mut stored = browser::storage::read_list();
            stored.retain(|i| !i.is(item.lang, &item.slug));
            if save {
                insert_in_order(&mut stored, item);
            }
            browser::storage::write_list(&stored);
            self.saved.set(stored);
            return;
        }
        let toasts = use_context::<Toasts>();
        let change = Change {
            page_lang,
            item,
            save,
        };
        // Refused: the list as the server has it, and the reason.
        browser::save_queue::send(change, move |message, list| {
            if let Some(items) = list {
                self.saved.set(items);
            }
            if let Some(toasts) = toasts {
                toasts.show(message, None);
            }
        });
    }
}

/// Puts `item` among `items` (newest first), unless it is already there.
fn insert_in_order(items: &mut Vec<SavedItem>, item: SavedItem) {
    if items.iter().any(|i| i.is(item.lang, &item.slug)) {
        return;
    }
    // Before anything saved at the same second: it is the newer.
    let at = items
        .iter()
        .position(|i| i.saved_at <= item.saved_at)
        .unwrap_or(items.len());
    items.insert(at, item);
}

/// "When saved" in the reader's language: the server's text until the app
/// runs, then the browser's own (Solar Hijri in fa and ps, as on the server).
pub fn saved_on(item: &SavedItem, lang: Lang, live: bool) -> String {
    if !live && !item.saved_on.is_empty() {
        return item.saved_on.clone();
    }
    crate::l10n::dates::format(lang, item.saved_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(slug: &str, saved_at: i64) -> SavedItem {
        SavedItem {
            lang: Lang::Fa,
            slug: slug.into(),
            title: slug.into(),
            saved_at,
            saved_on: String::new(),
        }
    }

    fn slugs(items: &[SavedItem]) -> Vec<&str> {
        items.iter().map(|i| i.slug.as_str()).collect()
    }

    #[test]
    fn the_list_stays_newest_first_and_undo_restores_a_story_in_place() {
        let mut items = Vec::new();
        for (slug, at) in [("b", 20), ("a", 10), ("c", 30)] {
            insert_in_order(&mut items, item(slug, at));
        }
        assert_eq!(slugs(&items), ["c", "b", "a"]);
        let removed = items.remove(1);
        insert_in_order(&mut items, removed);
        assert_eq!(
            slugs(&items),
            ["c", "b", "a"],
            "Undo puts it back where it was"
        );
        insert_in_order(&mut items, item("b", 99));
        assert_eq!(
            slugs(&items),
            ["c", "b", "a"],
            "a story is never listed twice"
        );
        insert_in_order(&mut items, item("d", 30));
        assert_eq!(
            slugs(&items),
            ["d", "c", "b", "a"],
            "saved in the same second: newer first"
        );
    }
}
