//! Share links for an article, and a copy-link button.

use leptos::prelude::*;

use crate::domain::Lang;
use crate::site::url_encode;

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
    let copied = RwSignal::new(false);
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let url = url.clone();
            leptos::task::spawn_local(async move {
                let Some(window) = web_sys::window() else {
                    return;
                };
                let promise = window.navigator().clipboard().write_text(&url);
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    copied.set(true);
                }
            });
        }
    };
    view! {
        <section class="share" aria-label=t.share_label>
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
                    <button type="button" class="share-copy" on:click=copy>{t.copy_link}</button>
                </li>
            </ul>
            <p class="share-status" role="status" aria-live="polite">
                {move || copied.get().then_some(t.link_copied)}
            </p>
        </section>
    }
}
