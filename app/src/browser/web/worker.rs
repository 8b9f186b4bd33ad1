//! The service worker's driver: registers it, listens to it and to the
//! connection, notices updates, and sends it the page's requests. What the
//! page makes of it all is `state::offline`'s business: it hands in the
//! handlers.

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MessageEvent, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

use crate::browser::handlers::WorkerEvents;
use crate::browser::messages::{FromWorker, ToWorker};

/// How often a page left open asks whether a new version is out.
const UPDATE_CHECK: Duration = Duration::from_secs(60 * 60);

/// How long Reload waits for the new worker to take over. Chromium hands
/// over only once the old worker has finished what it is doing (a page it
/// is still keeping, a slow fetch); past this the page reloads anyway, and
/// the new worker takes over as soon as the old one is done.
const TAKE_OVER_WAIT: Duration = Duration::from_secs(3);

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

/// Starts following the connection and the worker (call once, after
/// hydration).
pub fn start(events: impl WorkerEvents) {
    follow_connection(events);
    load_offline_links_in_full(events);
    if let Some(container) = container() {
        register(container, events);
    }
}

fn listen(target: &web_sys::EventTarget, event: &str, handler: impl Fn() + 'static) {
    let handler = Closure::<dyn Fn()>::new(handler);
    let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    // Listeners for the page's lifetime.
    handler.forget();
}

fn follow_connection(events: impl WorkerEvents) {
    let Some(window) = web_sys::window() else {
        return;
    };
    events.connection(window.navigator().on_line());
    listen(&window, "online", move || events.connection(true));
    listen(&window, "offline", move || events.connection(false));
}

/// Offline, the app cannot fetch a page's data, so a link loads the page
/// itself instead: the worker answers with its copy, or with the offline
/// page in the reader's language, never with a browser error. Runs before
/// the router's own click handler, which leaves handled clicks alone.
fn load_offline_links_in_full(events: impl WorkerEvents) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if events.is_online() {
            return;
        }
        // Without a worker to answer, the app's own error view is better
        // than the browser's.
        if container().and_then(|c| c.controller()).is_none() {
            return;
        }
        if let Some(anchor) = super::document::clicked_link(&ev)
            && let Some(location) = web_sys::window().map(|w| w.location())
        {
            ev.prevent_default();
            let _ = location.assign(&anchor.href());
        }
    });
    let _ = document.add_event_listener_with_callback_and_bool(
        "click",
        handler.as_ref().unchecked_ref(),
        true,
    );
    handler.forget();
}

fn register(container: ServiceWorkerContainer, events: impl WorkerEvents) {
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let Ok(parsed) = crate::codec::from_js::<FromWorker>(ev.data()) else {
            return;
        };
        let is_status = matches!(parsed, FromWorker::Status { .. });
        events.message(parsed);
        if is_status {
            estimate_usage(events);
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
        watch_for_updates(&container, &registration, events);
        let Ok(ready) = container.ready() else {
            return;
        };
        if JsFuture::from(ready).await.is_ok() {
            events.ready();
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
    events: impl WorkerEvents,
) {
    let offer = move || events.update_waiting();
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
pub fn switch_to_new_version() {
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
                if let Some(message) = to_js(&ToWorker::SkipWaiting) {
                    let _ = waiting.post_message(&message);
                }
                super::timer::after(TAKE_OVER_WAIT, reload);
            }
            None => reload(),
        }
    });
}

fn reload() {
    thread_local! {
        static RELOADING: Cell<bool> = const { Cell::new(false) };
    }
    // The take-over and the fallback timer can both ask: one reload.
    if RELOADING.replace(true) {
        return;
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// A request as the JavaScript value `postMessage` takes.
fn to_js(message: &ToWorker) -> Option<wasm_bindgen::JsValue> {
    crate::codec::to_js(message).ok()
}

/// Sends `message` to the active worker, once there is one.
pub fn post(message: &ToWorker) {
    let Some(ready) = container().and_then(|c| c.ready().ok()) else {
        return;
    };
    let Some(value) = to_js(message) else {
        return;
    };
    spawn_local(async move {
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(active) = registration.active() {
            let _ = active.post_message(&value);
        }
    });
}

/// Kept pages should survive the browser's clean-ups when space runs low.
pub fn ask_to_persist() {
    if let Some(window) = web_sys::window()
        && let Ok(promise) = window.navigator().storage().persist()
    {
        spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

fn estimate_usage(events: impl WorkerEvents) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(promise) = window.navigator().storage().estimate() else {
        return;
    };
    spawn_local(async move {
        if let Ok(estimate) = JsFuture::from(promise).await {
            let bytes = js_sys::Reflect::get(&estimate, &"usage".into())
                .ok()
                .and_then(|v| v.as_f64());
            events.usage(bytes);
        }
    });
}

/// Whether a service worker controls this page (it may then be a kept
/// copy rather than the network's answer).
pub fn controls_page() -> bool {
    container().is_some_and(|c| c.controller().is_some())
}
