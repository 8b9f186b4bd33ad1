//! The section links: Home, the news categories, Videos, Photos, About.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::domain::Category;
use crate::routes;
use crate::state::page::use_lang;

#[component]
pub fn CategoryNav() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let links = move || {
        let lang = lang.get();
        let t = lang.texts();
        let mut links = vec![(routes::home(lang), t.nav_home)];
        links.extend(
            Category::ALL
                .into_iter()
                .map(|c| (routes::category(lang, c), c.name(t))),
        );
        links.push((routes::about(lang), t.nav_about));
        links
    };

    view! {
        <nav class="category-nav" aria-label=move || lang.get().texts().nav_label>
            <ul>
                {move || {
                    let here = location.pathname.get();
                    links()
                        .into_iter()
                        .map(|(href, label)| {
                            let current = here == href;
                            view! {
                                <li>
                                    <a href=href aria-current=current.then_some("page")>
                                        {label}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </nav>
    }
}
