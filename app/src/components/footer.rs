//! Footer: the language links again, follow links and the copyright.

use leptos::prelude::*;

use super::data_saver::DataSaverToggle;
use crate::domain::Lang;
use crate::i18n::fill;
use crate::state::page::use_lang;
use crate::{routes, site};

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <nav aria-label=move || lang.get().texts().footer_languages>
                <h2>{move || lang.get().texts().footer_languages}</h2>
                <ul class="footer-languages">
                    {Lang::ALL
                        .into_iter()
                        .map(|to| {
                            view! {
                                <li>
                                    <a href=routes::home(to) lang=to.code() hreflang=to.code()>
                                        {to.native_name()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <DataSaverToggle/>
            <p class="copyright">
                {move || fill(lang.get().texts().copyright, "year", site::COPYRIGHT_YEAR)}
            </p>
        </footer>
    }
}
