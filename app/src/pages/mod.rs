//! One component per route.

pub mod about;
pub mod article;
pub mod category;
pub mod home;
pub mod search;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The raw `:lang` segment of the current route.
pub(crate) fn lang_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("lang").unwrap_or_default())
}

/// Shown while a page's data is on its way.
pub(crate) fn loading() -> impl IntoView {
    let lang = crate::context::use_lang();
    view! { <p class="loading" role="status">{move || lang.get().texts().loading}</p> }
}
