//! What a reader sees when a page cannot be shown: in their language, with
//! a way back, and with the right HTTP status on the server render.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::domain::Lang;
use crate::error::AppError;
use crate::routes;

/// Sets the response status while the server renders the page.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

#[component]
pub fn ErrorView(lang: Lang, error: AppError) -> impl IntoView {
    set_status(error.status());
    let t = lang.texts();
    let title = error.title(lang);
    view! {
        <Title text=format!("{title} — {}", t.site_name)/>
        <Meta name="robots" content="noindex"/>
        <section class="error-page">
            <h1>{title}</h1>
            <p>{error.explanation(lang)}</p>
            <p>
                <a href=routes::home(lang)>{t.back_home}</a>
            </p>
        </section>
    }
}

/// The route table's fallback and the answer to unknown URL parts.
#[component]
pub fn NotFound() -> impl IntoView {
    let lang = crate::state::page::use_lang().get();
    view! { <ErrorView lang error=AppError::NotFound/> }
}
