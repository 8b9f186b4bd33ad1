//! The header's search box. Without JavaScript it is a plain GET form to
//! the search page; after hydration it suggests stories as the reader types
//! (debounced, the stale request aborted), navigable with the arrow keys.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::browser::suggest;
use crate::routes;
use crate::state::page::use_lang;
use crate::wire::Suggestion;

#[component]
pub fn SearchBox() -> impl IntoView {
    let lang = use_lang();
    let suggestions = RwSignal::new(Vec::<Suggestion>::new());
    let active = RwSignal::new(None::<usize>);
    let open = move || !suggestions.read().is_empty();
    let close = move || {
        suggestions.set(Vec::new());
        active.set(None);
        suggest::cancel();
    };
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        move |_, _, _| close(),
        false,
    );

    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        suggest::ask(lang.get(), text, move |found| {
            active.set(None);
            suggestions.set(found);
        });
    };
    let navigate = use_navigate();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = suggestions.read().len();
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" => {
                let chosen = active
                    .get()
                    .and_then(|i| suggestions.read().get(i).map(|s| s.href.clone()));
                if let Some(href) = chosen {
                    ev.prevent_default();
                    close();
                    navigate(&href, Default::default());
                }
            }
            "Escape" => close(),
            _ => {}
        }
    };

    view! {
        <form class="site-search" role="search" action=move || routes::search(lang.get()) method="get">
            <label class="visually-hidden" for="site-search-q">
                {move || lang.get().texts().search_label}
            </label>
            <input
                id="site-search-q"
                type="search"
                name="q"
                maxlength="200"
                dir="auto"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="site-search-list"
                aria-expanded=move || open().to_string()
                aria-activedescendant=move || active.get().map(|i| format!("site-search-option-{i}"))
                placeholder=move || lang.get().texts().search_placeholder
                on:input=on_input
                on:keydown=on_keydown
            />
            <button type="submit">{move || lang.get().texts().search_button}</button>
            <ul
                id="site-search-list"
                role="listbox"
                class="suggestions"
                aria-label=move || lang.get().texts().suggestions_label
                hidden=move || !open()
                // Keep focus in the box while a suggestion is clicked.
                on:mousedown=|ev| ev.prevent_default()
            >
                <For
                    each=move || suggestions.get().into_iter().enumerate()
                    key=|(i, s)| (*i, s.href.clone())
                    let:((i, suggestion))
                >
                    <li
                        role="option"
                        id=format!("site-search-option-{i}")
                        aria-selected=move || (active.get() == Some(i)).to_string()
                        lang=suggestion.lang.code()
                        dir=suggestion.lang.dir().as_str()
                    >
                        <a href=suggestion.href.clone() tabindex="-1">{suggestion.title.clone()}</a>
                    </li>
                </For>
            </ul>
        </form>
    }
}
