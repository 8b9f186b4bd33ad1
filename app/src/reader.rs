//! The reader in the browser: their account (if signed in) and their
//! reading list. Signed-in lists live on the server (the page arrives with
//! them); other readers' lists live in this browser's localStorage and are
//! read only after hydration, so the server's HTML and the first browser
//! render agree.

use leptos::prelude::*;

use crate::accounts::{AccountView, SavedItem, SessionSnapshot};
use crate::components::toast::Toasts;
use crate::domain::Lang;

/// Where an anonymous reader's list is kept.
#[cfg(feature = "hydrate")]
const STORAGE_KEY: &str = "khabar.reading-list";

#[derive(Clone, Copy)]
pub struct Reader {
    pub account: RwSignal<Option<AccountView>>,
    /// Newest saved first.
    pub saved: RwSignal<Vec<SavedItem>>,
    /// The app is running in the browser (after hydration).
    pub live: RwSignal<bool>,
}

pub fn use_reader() -> Reader {
    expect_context::<Reader>()
}

/// What the server knew of the reader when it rendered the page (from the
/// request its session layer annotated); the browser reads the same value
/// back from the page.
fn snapshot() -> SessionSnapshot {
    let shared = leptos::prelude::SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<SessionSnapshot>().cloned())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            SessionSnapshot::default()
        }
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
        };
        provide_context(reader);
        // Runs in the browser only, after hydration.
        Effect::new(move |_| {
            reader.live.set(true);
            if reader.account.get_untracked().is_none() {
                reader.saved.set(read_local());
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
        write_local(&[]);
    }

    pub fn sign_out(self) {
        crate::offline::forget();
        self.account.set(None);
        self.saved.set(Vec::new());
    }

    /// The local list as the sign-in form sends it for merging: read from
    /// storage, so stories saved in other tabs come along too.
    pub fn local_json(self) -> String {
        // Tracked, so the form's hidden field follows the list.
        self.saved.track();
        if self.signed_in() {
            return String::new();
        }
        let slim: Vec<_> = read_local()
            .iter()
            .map(|i| serde_json::json!({ "lang": i.lang, "slug": i.slug, "saved_at": i.saved_at }))
            .collect();
        serde_json::Value::Array(slim).to_string()
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
                    saved_at: now_seconds(),
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
            let mut stored = read_local();
            stored.retain(|i| !i.is(item.lang, &item.slug));
            if save {
                insert_in_order(&mut stored, item);
            }
            write_local(&stored);
            #[cfg(feature = "hydrate")]
            self.saved.set(stored);
            return;
        }
        #[cfg(feature = "hydrate")]
        server_queue::send(server_queue::Change {
            reader: self,
            toasts: use_context::<Toasts>(),
            page_lang,
            item,
            save,
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (page_lang, item, save);
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

/// A signed-in reader's changes go to the server one after another, in the
/// order they were made: a remove and its Undo must not overtake each other.
#[cfg(feature = "hydrate")]
mod server_queue {
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;

    use super::Reader;
    use crate::accounts::SavedItem;
    use crate::components::toast::Toasts;
    use crate::domain::Lang;
    use leptos::prelude::Set;

    pub struct Change {
        pub reader: Reader,
        pub toasts: Option<Toasts>,
        pub page_lang: Lang,
        pub item: SavedItem,
        pub save: bool,
    }

    thread_local! {
        static PENDING: RefCell<VecDeque<Change>> = const { RefCell::new(VecDeque::new()) };
        static SENDING: Cell<bool> = const { Cell::new(false) };
    }

    pub fn send(change: Change) {
        PENDING.with(|p| p.borrow_mut().push_back(change));
        if !SENDING.replace(true) {
            leptos::task::spawn_local(drain());
        }
    }

    async fn drain() {
        while let Some(change) = PENDING.with(|p| p.borrow_mut().pop_front()) {
            let Change {
                reader,
                toasts,
                page_lang,
                item,
                save,
            } = change;
            let result = crate::api::set_saved(
                page_lang.code().to_owned(),
                item.lang.code().to_owned(),
                item.slug.clone(),
                if save { "1" } else { "0" }.to_owned(),
                Some(item.saved_at.to_string()),
            )
            .await;
            if let Err(err) = result {
                // Put the list back as the server has it, and say why.
                if let Ok(items) = crate::api::get_reading_list(page_lang.code().to_owned()).await {
                    reader.saved.set(items);
                }
                if let Some(toasts) = toasts {
                    toasts.show(err.form_message(page_lang), None);
                }
            }
        }
        SENDING.set(false);
    }
}

fn now_seconds() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read_local() -> Vec<SavedItem> {
    #[cfg(feature = "hydrate")]
    {
        let raw = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let mut items: Vec<SavedItem> = raw
            .and_then(|raw| serde_json::from_str(&raw).ok())
            .unwrap_or_default();
        items.sort_by_key(|item| std::cmp::Reverse(item.saved_at));
        items
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Vec::new()
    }
}

fn write_local(items: &[SavedItem]) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(items)) {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = items;
}

/// "When saved" in the reader's language: the server's text until the app
/// runs, then the browser's own (Solar Hijri in fa and ps, as on the server).
pub fn saved_on(item: &SavedItem, lang: Lang, live: bool) -> String {
    if !live && !item.saved_on.is_empty() {
        return item.saved_on.clone();
    }
    #[cfg(feature = "hydrate")]
    {
        browser_date(lang, item.saved_at)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = lang;
        item.saved_on.clone()
    }
}

/// The locale the browser formats `lang`'s dates and numbers in (Solar
/// Hijri and Eastern Arabic digits in fa and ps, as on the server).
#[cfg(feature = "hydrate")]
pub(crate) fn browser_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Fa => "fa-AF",
        Lang::Ps => "ps-AF",
        other => other.code(),
    }
}

#[cfg(feature = "hydrate")]
pub(crate) fn browser_date(lang: Lang, seconds: i64) -> String {
    use wasm_bindgen::JsValue;
    let locales = js_sys::Array::of1(&JsValue::from_str(browser_locale(lang)));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("day", "numeric"),
        ("month", "long"),
        ("year", "numeric"),
        ("timeZone", "Asia/Kabul"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
    let date = js_sys::Date::new(&JsValue::from_f64(seconds as f64 * 1000.0));
    format
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
