//! Site > category > title.

use leptos::prelude::*;

use crate::domain::{Category, Lang};
use crate::routes;

#[component]
pub fn Breadcrumb(lang: Lang, category: Category, title: String) -> impl IntoView {
    let t = lang.texts();
    view! {
        <nav class="breadcrumb" aria-label=t.breadcrumb_label>
            <ol>
                <li><a href=routes::home(lang)>{t.site_name}</a></li>
                <li><a href=routes::category(lang, category)>{category.name(t)}</a></li>
                <li aria-current="page">{title}</li>
            </ol>
        </nav>
    }
}
