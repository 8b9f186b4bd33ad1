//! Sharing a story: the system share sheet where the browser has one,
//! else links to the networks and a copy-link button.

use leptos::prelude::*;

use crate::domain::Lang;
use crate::routes::url_encode;
use crate::state::toasts::Toasts;

#[component]
pub fn Share(lang: Lang, url: String, title: String) -> impl IntoView {
    let t = lang.texts();
    let (u, ti) = (url_encode(&url), url_encode(&title));
    let links = [
        (
            "facebook",
            t.share_facebook,
            format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        ),
        (
            "x",
            t.share_x,
            format!("https://x.com/intent/post?url={u}&text={ti}"),
        ),
        (
            "whatsapp",
            t.share_whatsapp,
            format!("https://wa.me/?text={ti}%20{u}"),
        ),
        (
            "telegram",
            t.share_telegram,
            format!("https://t.me/share/url?url={u}&text={ti}"),
        ),
        (
            "email",
            t.share_email,
            format!("mailto:?subject={ti}&body={u}"),
        ),
    ];
    let toasts = use_context::<Toasts>();
    // The phone's own share sheet where the browser has one (known only
    // after hydration; the server renders the links, which work without it).
    let native = RwSignal::new(false);
    Effect::new(move |_| native.set(browser::can_share()));
    let share = {
        let (url, title) = (url.clone(), title.clone());
        move |_| browser::share(&title, &url)
    };
    let copy = move |_| {
        let message = t.link_copied.to_owned();
        browser::copy(&url, move || {
            if let Some(toasts) = toasts {
                toasts.show(message, None);
            }
        });
    };
    view! {
        <section class="share" aria-label=t.share_label>
            <Show
                when=move || native.get()
                fallback=move || {
                    let links = links.clone();
                    view! {
                        <ul>
                            {links
                                .into_iter()
                                .map(|(network, label, href)| {
                                    view! {
                                        <li>
                                            <a class=format!("share-{network}") href=href rel="noopener" target="_blank">
                                                {label}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                            <li>
                                <button type="button" class="share-copy" on:click=copy.clone()>{t.copy_link}</button>
                            </li>
                        </ul>
                    }
                }
            >
                <button type="button" class="share-native" on:click=share.clone()>{t.share_button}</button>
            </Show>
        </section>
    }
}

/// The browser's sharing and clipboard, where it has them.
mod browser {
    /// Whether `navigator.share` exists.
    pub fn can_share() -> bool {
        #[cfg(feature = "hydrate")]
        {
            web_sys::window().is_some_and(|w| {
                js_sys::Reflect::get(&w.navigator(), &"share".into()).is_ok_and(|f| f.is_function())
            })
        }
        #[cfg(not(feature = "hydrate"))]
        {
            false
        }
    }

    /// Opens the share sheet; the reader may close it, which is no error.
    pub fn share(title: &str, url: &str) {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
                return;
            };
            let data = js_sys::Object::new();
            for (key, value) in [("title", title), ("url", url)] {
                let _ = js_sys::Reflect::set(&data, &key.into(), &value.into());
            }
            let share = js_sys::Reflect::get(&navigator, &"share".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let Some(promise) = share
                .and_then(|f| f.call1(&navigator, &data).ok())
                .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
            {
                leptos::task::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (title, url);
    }

    /// Puts `url` on the clipboard, then calls `done`.
    pub fn copy(url: &str, done: impl FnOnce() + 'static) {
        #[cfg(feature = "hydrate")]
        {
            let Some(window) = web_sys::window() else {
                return;
            };
            let promise = window.navigator().clipboard().write_text(url);
            leptos::task::spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    done();
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (url, done);
    }
}
