//! Sharing a story: the system share sheet where the browser has one,
//! else links to the networks and a copy-link button.

use leptos::prelude::*;

use crate::browser::share;
use crate::domain::Lang;
use crate::routes::url_encode;
use crate::state::hydration;
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
    Effect::new(move |_| {
        if hydration::hydrated() {
            native.set(share::can_share());
        }
    });
    let share = {
        let (url, title) = (url.clone(), title.clone());
        move |_| share::share(&title, &url)
    };
    let copy = move |_| {
        let message = t.link_copied.to_owned();
        share::copy(&url, move || {
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
