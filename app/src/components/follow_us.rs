//! Links to the agency's social accounts.

use leptos::prelude::*;

use crate::domain::Lang;
use crate::site::SOCIAL_LINKS;

#[component]
pub fn FollowUs(lang: Lang) -> impl IntoView {
    let t = lang.texts();
    view! {
        <section class="follow-us" aria-labelledby="follow-us-title">
            <h2 id="follow-us-title">{t.follow_us}</h2>
            <ul>
                {SOCIAL_LINKS
                    .iter()
                    .map(|(name, href)| {
                        view! {
                            <li>
                                <a href=*href rel="noopener" target="_blank">{*name}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
