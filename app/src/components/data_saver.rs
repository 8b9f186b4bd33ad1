//! The footer's data-saver switch: a plain form post, so it works with and
//! without JavaScript, remembered in a cookie.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::routes;
use crate::state::page::is_lite;
use crate::state::page::use_lang;

#[component]
pub fn DataSaverToggle() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let lite = is_lite();
    let back = move || {
        let search = location.search.get();
        let query = routes::query_suffix(&search);
        format!("{}{query}", location.pathname.get())
    };
    view! {
        <form class="data-saver" method="post" action=move || routes::data_saver(lang.get())>
            {lite.then(|| view! { <p>{move || lang.get().texts().data_saver_on}</p> })}
            <input type="hidden" name="back" value=back/>
            <input type="hidden" name="on" value=if lite { "0" } else { "1" }/>
            <button type="submit">
                {move || {
                    let t = lang.get().texts();
                    if lite { t.data_saver_turn_off } else { t.data_saver_turn_on }
                }}
            </button>
        </form>
    }
}
