//! Site header: name, section navigation (a menu on phones) and languages.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::account_menu::AccountMenu;
use super::category_nav::CategoryNav;
use super::language_switcher::LanguageSwitcher;
use super::search_box::SearchBox;
use crate::routes;
use crate::state::page::is_lite;
use crate::state::page::use_lang;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    // Without the app (data saver) the menu cannot toggle: keep it open.
    let lite = is_lite();
    let menu_open = RwSignal::new(lite);
    // A followed link closes the menu, so the new page is not hidden behind it.
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        move |_, _, _| menu_open.set(false),
        false,
    );

    view! {
        <header class="site-header">
            <div class="masthead">
                <a class="site-name" href=move || routes::home(lang.get())>
                    <img src="/favicon.svg" alt="" width="32" height="32"/>
                    <span>{move || lang.get().texts().site_name}</span>
                </a>
                <SearchBox/>
                <AccountMenu/>
                <button
                    type="button"
                    class="menu-toggle"
                    hidden=lite
                    aria-controls="site-nav"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    <span class="menu-icon" aria-hidden="true"></span>
                    {move || lang.get().texts().menu}
                </button>
            </div>
            <div id="site-nav" class="site-nav" class:open=move || menu_open.get()>
                <CategoryNav/>
                <LanguageSwitcher/>
            </div>
        </header>
    }
}
