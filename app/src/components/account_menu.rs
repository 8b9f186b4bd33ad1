//! The header's reader entries: the reading list with its count, and
//! "Sign in" (a dialog once the app runs, the sign-in page before) or the
//! signed-in reader's name, linking to their account page.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::account_forms::SignInForm;
use crate::l10n::numerals::number;
use crate::routes;
use crate::state::page::use_lang;
use crate::state::reader::use_reader;

#[component]
pub fn AccountMenu() -> impl IntoView {
    let lang = use_lang();
    let reader = use_reader();
    let location = use_location();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // The dialog's form is only built when first opened, from its own WASM
    // chunk: pages stay small and the first load carries no account code.
    let opened = RwSignal::new(false);
    let open = move |ev: leptos::ev::MouseEvent| {
        if let Some(dialog) = dialog.get() {
            ev.prevent_default();
            opened.set(true);
            let _ = dialog.show_modal();
        }
    };
    let close = Callback::new(move |()| {
        if let Some(dialog) = dialog.get() {
            dialog.close();
        }
    });
    let count = move || reader.saved.with(Vec::len);
    let sign_in_href = move || routes::sign_in_then(lang.get(), &location.pathname.get());
    view! {
        <div class="account-menu">
            <a class="reading-list-link" href=move || routes::reading_list(lang.get())>
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                    <path d="M6 3h12v18l-6-4.5L6 21z"/>
                </svg>
                <span class="link-text">{move || lang.get().texts().reading_list}</span>
                {move || {
                    let n = count();
                    (n > 0)
                        .then(|| {
                            let lang = lang.get();
                            let n = u64::try_from(n).unwrap_or(u64::MAX);
                            let label = lang.texts().reading_list_count.count(lang, n);
                            view! {
                                <span class="count" aria-hidden="true">{number(lang, n)}</span>
                                " "
                                <span class="visually-hidden">{label}</span>
                            }
                        })
                }}
            </a>
            {move || match reader.account.get() {
                Some(account) => view! {
                    <a class="account-link" href=routes::account(lang.get()) dir="auto">
                        {account.display_name}
                    </a>
                }
                .into_any(),
                None => view! {
                    <a class="sign-in-link" href=sign_in_href on:click=open>
                        {move || lang.get().texts().sign_in}
                    </a>
                }
                .into_any(),
            }}
        </div>
        <dialog node_ref=dialog class="sign-in-dialog" aria-labelledby="sign-in-dialog-title">
            <div class="dialog-head">
                <h2 id="sign-in-dialog-title">{move || lang.get().texts().sign_in_title}</h2>
                <button
                    type="button"
                    class="dialog-close"
                    aria-label=move || lang.get().texts().close
                    on:click=move |_| close.run(())
                >
                    "×"
                </button>
            </div>
            {move || opened.get().then(|| Suspend::new(dialog_form(close)))}
        </dialog>
    }
}

/// The sign-in form for the header's dialog, in its own WASM chunk (the
/// sign-in page's chunk shares the form itself).
#[lazy]
async fn dialog_form(on_done: Callback<()>) -> AnyView {
    view! { <SignInForm in_dialog=true on_done/> }.into_any()
}
