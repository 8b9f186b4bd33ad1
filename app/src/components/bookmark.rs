//! The bookmark button on cards and articles. A real form, so a signed-in
//! reader without JavaScript can still save (the server fn answers the
//! post and returns to the page); with the app running, the click is
//! handled here and the page stays put.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::reading_list::SetSaved;
use crate::domain::Lang;
use crate::state::derived::Derived;
use crate::state::page::use_lang;
use crate::state::reader::use_reader;

const SET_SAVED_PATH: &str = <SetSaved as ServerFn>::PATH;

#[component]
pub fn BookmarkToggle(
    lang: Lang,
    slug: String,
    title: String,
    /// Shows the label beside the icon (on the article page).
    #[prop(optional)]
    with_text: bool,
) -> impl IntoView {
    let page_lang = use_lang();
    let reader = use_reader();
    let saved = {
        let slug = slug.clone();
        Derived::new(move || reader.is_saved(lang, &slug))
    };
    let label = move || {
        let t = page_lang.get().texts();
        if saved.get() {
            t.unsave_story
        } else {
            t.save_story
        }
    };
    let on_submit = {
        let (slug, title) = (slug.clone(), title.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            reader.toggle(page_lang.get_untracked(), lang, slug.clone(), title.clone());
        }
    };
    view! {
        <form
            class="bookmark"
            method="post"
            action=SET_SAVED_PATH
            on:submit=on_submit
        >
            <input type="hidden" name="lang" value=move || page_lang.get().code()/>
            <input type="hidden" name="story_lang" value=lang.code()/>
            <input type="hidden" name="slug" value=slug/>
            <input type="hidden" name="save" value=move || if saved.get() { "0" } else { "1" }/>
            <button
                type="submit"
                class="bookmark-button"
                aria-pressed=move || saved.get().to_string()
                aria-label=move || (!with_text).then(label)
                title=move || (!with_text).then(label)
            >
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                    <path d="M6 3h12v18l-6-4.5L6 21z"/>
                </svg>
                {with_text.then(|| view! { <span>{label}</span> })}
            </button>
        </form>
    }
    .into_any()
}
