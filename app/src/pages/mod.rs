//! One component per route. Pages the article page never shows at load
//! are lazy routes: their code is split into WASM chunks the browser fetches
//! the first time a reader opens one (see `lazy_page!`).

/// Declares a route type whose page component is compiled into its own
/// WASM chunk (with `cargo leptos --split`). The page starts its own data
/// loading, so `data` has nothing to do; the server renders it as usual.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

pub mod about;
pub mod account;
pub mod article;
pub mod category;
pub mod home;
pub mod newsroom;
pub mod offline;
pub mod reading_list;
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
    let lang = crate::state::page::use_lang();
    view! { <p class="loading" role="status">{move || lang.get().texts().loading}</p> }
}

/// A page that needs nothing but its language: rendered by `render`, or a
/// 404 when the URL's language is not one of ours.
pub(crate) fn in_language(
    render: impl Fn(crate::domain::Lang) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    use crate::components::error_view::ErrorView;
    use crate::domain::Lang;
    use crate::error::AppError;
    let code = lang_param();
    move || match Lang::parse(&code.get()) {
        Ok(lang) => render(lang),
        Err(_) => view! { <ErrorView lang=Lang::DEFAULT error=AppError::NotFound/> }.into_any(),
    }
}
