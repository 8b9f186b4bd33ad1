//! The browser glue: registers the worker, listens to it and to the
//! connection, offers updates, and sends it the reader's requests.

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MessageEvent, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

use super::{FromWorker, Offline};
use crate::components::toast::{TOAST_MS, ToastAction, Toasts};
use crate::context::CurrentLang;
use crate::domain::Lang;
use crate::reader::Reader;
use crate::routes;

/// How often a page left open asks whether a new version is out.
const UPDATE_CHECK: Duration = Duration::from_secs(60 * 60);

thread_local! {
    /// The reader pressed Reload: the page reloads once the new worker
    /// takes over, and never otherwise.
    static RELOAD_ASKED: Cell<bool> = const { Cell::new(false) };
}

/// `navigator.serviceWorker`, where the browser has it (not over plain
/// http on another host, not in some private modes).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let value = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    value.dyn_into().ok()
}

pub(super) fn start(offline: Offline, reader: Reader, lang: CurrentLang) {
    let toasts = use_context::<Toasts>();
    // An effect that reads no signal runs once, after hydration.
    Effect::new(move |_| {
        follow_connection(offline);
        load_offline_links_in_full(offline);
        if let Some(container) = container() {
            register(container, offline, toasts, lang);
        }
    });
    keep_reading_list(offline, reader, lang);
}

fn listen(target: &web_sys::EventTarget, event: &str, handler: impl Fn() + 'static) {
    let handler = Closure::<dyn Fn()>::new(handler);
    let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    // Listeners for the page's lifetime.
    handler.forget();
}

fn follow_connection(offline: Offline) {
    let Some(window) = web_sys::window() else {
        return;
    };
    offline.online.set(window.navigator().on_line());
    listen(&window, "online", move || offline.online.set(true));
    listen(&window, "offline", move || offline.online.set(false));
}

/// Offline, the app cannot fetch a page's data, so a link loads the page
/// itself instead: the worker answers with its copy, or with the offline
/// page in the reader's language, never with a browser error. Runs before
/// the router's own click handler, which leaves handled clicks alone.
fn load_offline_links_in_full(offline: Offline) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        let plain_click =
            ev.button() == 0 && !(ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key());
        if offline.online.get_untracked() || ev.default_prevented() || !plain_click {
            return;
        }
        // Without a worker to answer, the app's own error view is better
        // than the browser's.
        if container().and_then(|c| c.controller()).is_none() {
            return;
        }
        let Some(anchor) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let new_window = !matches!(anchor.target().as_str(), "" | "_self");
        if new_window || anchor.has_attribute("download") {
            return;
        }
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        let href = anchor.href();
        let ours = location
            .origin()
            .is_ok_and(|origin| href.starts_with(&format!("{origin}/")));
        if ours {
            ev.prevent_default();
            let _ = location.assign(&href);
        }
    });
    let _ = document.add_event_listener_with_callback_and_bool(
        "click",
        handler.as_ref().unchecked_ref(),
        true,
    );
    handler.forget();
}

fn register(
    container: ServiceWorkerContainer,
    offline: Offline,
    toasts: Option<Toasts>,
    lang: CurrentLang,
) {
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let text = js_sys::JSON::stringify(&ev.data())
            .ok()
            .and_then(|s| s.as_string());
        let Some(message) = text.and_then(|t| serde_json::from_str::<FromWorker>(&t).ok()) else {
            return;
        };
        let is_status = matches!(message, FromWorker::Status { .. });
        offline.receive(message, lang.get_untracked().code());
        if is_status {
            estimate_usage(offline);
        }
    });
    container.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    listen(&container, "controllerchange", || {
        if RELOAD_ASKED.get() {
            reload();
        }
    });
    spawn_local(async move {
        let Ok(registration) =
            JsFuture::from(container.register(crate::routes::SERVICE_WORKER)).await
        else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        watch_for_updates(&container, &registration, toasts, lang);
        let Ok(ready) = container.ready() else {
            return;
        };
        if JsFuture::from(ready).await.is_ok() {
            offline.worker.set(true);
            // The worker keeps this language's offline page from now on.
            post(serde_json::json!({ "type": "status", "lang": lang.get_untracked().code() }));
        }
        set_interval(
            move || {
                // Offline the check fails; the next one tries again.
                if let Ok(check) = registration.update() {
                    spawn_local(async move {
                        let _ = JsFuture::from(check).await;
                    });
                }
            },
            UPDATE_CHECK,
        );
    });
}

/// A new worker that has installed while an older one runs this page waits;
/// the reader is offered to reload into it.
fn watch_for_updates(
    container: &ServiceWorkerContainer,
    registration: &ServiceWorkerRegistration,
    toasts: Option<Toasts>,
    lang: CurrentLang,
) {
    let Some(toasts) = toasts else {
        return;
    };
    let offer = move || {
        let t = lang.get_untracked().texts();
        toasts.show_action(
            t.update_available.to_owned(),
            ToastAction {
                label: |t| t.update_reload,
                run: Arc::new(switch_to_new_version),
            },
        );
    };
    if registration.waiting().is_some() && container.controller().is_some() {
        offer();
    }
    let follow = {
        let container = container.clone();
        move |installing: web_sys::ServiceWorker| {
            let (worker, container) = (installing.clone(), container.clone());
            listen(&installing, "statechange", move || {
                // Installed with a controller present: an update, now waiting.
                if worker.state() == ServiceWorkerState::Installed
                    && container.controller().is_some()
                {
                    offer();
                }
            });
        }
    };
    // One may be installing already when the page registers.
    if let Some(installing) = registration.installing() {
        follow(installing);
    }
    let watched = registration.clone();
    listen(registration, "updatefound", move || {
        if let Some(installing) = watched.installing() {
            follow.clone()(installing);
        }
    });
}

/// Reload pressed: the waiting worker takes over, then the page reloads.
fn switch_to_new_version() {
    RELOAD_ASKED.set(true);
    let Some(container) = container() else {
        return reload();
    };
    spawn_local(async move {
        let registration = JsFuture::from(container.get_registration())
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok());
        match registration.and_then(|r| r.waiting()) {
            Some(waiting) => {
                let message = js_sys::JSON::parse(r#"{"type":"skip-waiting"}"#);
                if let Ok(message) = message {
                    let _ = waiting.post_message(&message);
                }
            }
            None => reload(),
        }
    });
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Tells the worker which stories to keep: at once when a story is added,
/// and for a removal only once Undo can no longer bring it back.
///
/// Only a list read from this device (an anonymous reader's) is known to be
/// whole and current; a signed-in reader's page may be an old kept copy, so
/// for them the worker drops only what was removed here.
fn keep_reading_list(offline: Offline, reader: Reader, lang: CurrentLang) {
    let told = StoredValue::new(None::<HashSet<String>>);
    let send = move || {
        let keep = reader.saved.with_untracked(|items| story_paths(items));
        if !keep.is_empty() {
            ask_to_persist();
        }
        let drop: Vec<String> = told.with_value(|t| {
            t.as_ref()
                .map(|t| t.difference(&keep).cloned().collect())
                .unwrap_or_default()
        });
        told.set_value(Some(keep.clone()));
        post(serde_json::json!({
            "type": "sync",
            "lang": lang.get_untracked().code(),
            "keep": keep,
            "drop": drop,
            "prune": !reader.account.with_untracked(Option::is_some),
        }));
    };
    Effect::new(move |_| {
        let now = reader.saved.with(|items| story_paths(items));
        // Offline, a page's list may be an old copy: never prune from it.
        let ready = reader.live.get() && offline.online.get() && offline.worker.get();
        if !ready {
            return;
        }
        let grew = told.with_value(|t| t.as_ref().is_none_or(|t| !now.is_subset(t)));
        let shrank = told.with_value(|t| t.as_ref().is_some_and(|t| *t != now));
        if grew {
            send();
        } else if shrank {
            set_timeout(send, Duration::from_millis(TOAST_MS + 1_000));
        }
    });
}

/// The pages of the saved stories, as the worker names what it keeps.
fn story_paths(items: &[crate::accounts::SavedItem]) -> HashSet<String> {
    items
        .iter()
        .map(|i| routes::article(i.lang, &i.slug))
        .collect()
}

/// Sends `message` to the active worker, once there is one.
pub(super) fn post(message: serde_json::Value) {
    let Some(ready) = container().and_then(|c| c.ready().ok()) else {
        return;
    };
    spawn_local(async move {
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if let (Some(active), Ok(value)) = (
            registration.active(),
            js_sys::JSON::parse(&message.to_string()),
        ) {
            let _ = active.post_message(&value);
        }
    });
}

pub(super) fn download_edition(lang: Lang) {
    ask_to_persist();
    post(serde_json::json!({ "type": "edition", "lang": lang.code() }));
}

/// Kept pages should survive the browser's clean-ups when space runs low.
fn ask_to_persist() {
    if let Some(window) = web_sys::window()
        && let Ok(promise) = window.navigator().storage().persist()
    {
        spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

fn estimate_usage(offline: Offline) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(promise) = window.navigator().storage().estimate() else {
        return;
    };
    spawn_local(async move {
        if let Ok(estimate) = JsFuture::from(promise).await {
            let usage = js_sys::Reflect::get(&estimate, &"usage".into())
                .ok()
                .and_then(|v| v.as_f64());
            offline.usage.set(usage);
        }
    });
}

/// `value` in `lang`'s digits; with `unit` (`"megabyte"`), as a size.
pub(super) fn format_number(lang: Lang, value: f64, unit: Option<&str>) -> String {
    let locales = js_sys::Array::of1(&crate::reader::browser_locale(lang).into());
    let options = js_sys::Object::new();
    if let Some(unit) = unit {
        for (key, value) in [("style", "unit"), ("unit", unit)] {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        }
        let _ = js_sys::Reflect::set(&options, &"maximumFractionDigits".into(), &1.into());
    }
    js_sys::Intl::NumberFormat::new(&locales, &options)
        .format()
        .call1(&wasm_bindgen::JsValue::NULL, &value.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| value.to_string())
}
