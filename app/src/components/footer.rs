//! Footer: the language links again, follow links and the copyright.

use leptos::prelude::*;

use super::data_saver::DataSaverToggle;
use crate::domain::Lang;
use crate::i18n::fill;
use crate::l10n::numerals::localize_digits;
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
                                    <a href=routes::home(to) lang=to.code() hreflang=to.code() dir=to.dir().as_str()>
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
                {move || {
                    let lang = lang.get();
                    fill(lang.texts().copyright, "year", &localize_digits(lang, site::COPYRIGHT_YEAR))
                }}
            </p>
        </footer>
    }
}
