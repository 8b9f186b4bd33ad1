//! Every language in its own name. On an article the links go to the same
//! story in that language when it exists, else to that language's home.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::domain::Lang;
use crate::routes;
use crate::state::page::{CurrentArticle, use_lang};

#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let article = expect_context::<CurrentArticle>().0;

    let targets = move || {
        let path = location.pathname.get();
        // Sections and search keep their query (page number, search words).
        let search = location.search.get();
        let query = routes::query_suffix(&search);
        let translations = article
            .get()
            .flatten()
            .and_then(Result::ok)
            .map(|page| page.translations)
            .unwrap_or_default();
        Lang::ALL
            .into_iter()
            .map(|to| {
                let href = if to == lang.get() {
                    format!("{path}{query}")
                } else if let Some(version) = translations.iter().find(|t| t.lang == to) {
                    version.href()
                } else if routes::article_key(&path).is_some() {
                    routes::home(to)
                } else {
                    format!("{}{query}", routes::switch_language(&path, to))
                };
                (to, href)
            })
            .collect::<Vec<_>>()
    };

    view! {
        <nav class="language-switcher" aria-label=move || lang.get().texts().language_label>
            <ul>
                <Transition>
                    {move || {
                        targets()
                            .into_iter()
                            .map(|(to, href)| {
                                let current = to == lang.get();
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            lang=to.code()
                                            hreflang=to.code()
                                            dir=to.dir().as_str()
                                            aria-current=current.then_some("true")
                                        >
                                            {to.native_name()}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </Transition>
            </ul>
        </nav>
    }
}
