//! A clearly labelled advertisement slot. Its box has a fixed size, so
//! whatever fills it later never moves the text around it.

use leptos::prelude::*;

use crate::domain::Lang;

#[component]
pub fn AdSlot(lang: Lang) -> impl IntoView {
    let t = lang.texts();
    view! {
        <aside class="ad-slot" aria-label=t.advertisement>
            <p class="ad-label">{t.advertisement}</p>
            <div class="ad-box">
                <p>{t.ad_house}</p>
            </div>
        </aside>
    }
}
