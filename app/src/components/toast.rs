//! The toast region: short messages at the bottom of the screen ("Removed from reading list"
//! with Undo). One at a time, in a polite live region so screen readers
//! announce it; placed at the inline end, so it mirrors in rtl, and below
//! the content, never over the navigation.

use leptos::prelude::*;

use crate::state::page::use_lang;
use crate::state::toasts::Toasts;

/// The live region; always in the page so announcements are not missed.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let lang = use_lang();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || {
                toasts
                    .shown()
                    .map(|toast| {
                        let t = lang.get().texts();
                        let id = toast.id;
                        let action = toast.action.map(|action| {
                            view! {
                                <button
                                    type="button"
                                    class="toast-action"
                                    on:click=move |_| {
                                        (action.run)();
                                        toasts.dismiss(id);
                                    }
                                >
                                    {(action.label)(t)}
                                </button>
                            }
                        });
                        view! {
                            <div class="toast">
                                <span class="toast-message">{toast.message}</span>
                                {action}
                                <button
                                    type="button"
                                    class="toast-close"
                                    aria-label=t.dismiss
                                    on:click=move |_| toasts.dismiss(id)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
