//! "You are offline": shown on every page while the device has no
//! connection. The live region is always in the page, so screen readers
//! announce the message when it appears.

use leptos::prelude::*;

use crate::state::offline::use_offline;
use crate::state::page::use_lang;

#[component]
pub fn OfflineBanner() -> impl IntoView {
    let offline = use_offline();
    let lang = use_lang();
    view! {
        <div class="offline-region" role="status">
            <Show when=move || !offline.online.get()>
                <p class="offline-banner">{move || lang.get().texts().offline_banner}</p>
            </Show>
        </div>
    }
}
