//! The account page's list of signed-in browsers: each can be signed out,
//! or all but this one at once. Plain forms, so a reader without
//! JavaScript (or on data saver) can do the same; with the app running,
//! the list reloads in place after each.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::account_forms::PostForm;
use crate::api::accounts::{EndOtherSessions, EndSession, devices};
use crate::browser::forms::Fields;
use crate::codec;
use crate::domain::Lang;
use crate::i18n::fill;
use crate::l10n::bidi::isolate;
use crate::l10n::dates;
use crate::routes;
use crate::routes::param;
use crate::state::page::use_lang;
use crate::state::reader::use_reader;
use crate::wire::DeviceView;

#[component]
pub fn Devices() -> impl IntoView {
    let lang = use_lang();
    let reader = use_reader();
    let query = use_query_map();
    let end_one = ServerAction::<EndSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    let list = codec::resource(
        move || {
            (
                lang.get().code().to_owned(),
                end_one.version().get(),
                end_others.version().get(),
            )
        },
        |(lang, _, _)| devices(lang),
    );
    // Signing out this very browser from the list signs it out here too.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(true)) = end_one.value().get() {
            reader.sign_out();
            navigate(&routes::home(lang.get_untracked()), Default::default());
        }
    });
    let one_ended = move || {
        matches!(end_one.value().get(), Some(Ok(false)))
            || query.with(|q| q.get(param::DONE).as_deref() == Some("device"))
    };
    let call_others = |f: &Fields| EndOtherSessions {
        lang: f.text("lang"),
    };
    view! {
        <section class="devices" aria-labelledby="devices-title">
            <h2 id="devices-title">{move || lang.get().texts().devices_title}</h2>
            <p>{move || lang.get().texts().devices_intro}</p>
            {move || {
                one_ended()
                    .then(|| {
                        view! {
                            <p class="form-done" role="status">
                                {lang.get().texts().device_signed_out}
                            </p>
                        }
                    })
            }}
            <Transition fallback=move || {
                view! { <p class="loading" role="status">{lang.get().texts().loading}</p> }
            }>
                {move || Suspend::new(async move {
                    let lang = lang.get();
                    match list.await {
                        Ok(devices) => view! { <DeviceList lang devices end_one/> }.into_any(),
                        Err(error) => {
                            view! { <p class="form-error" role="alert">{error.form_message(lang)}</p> }
                                .into_any()
                        }
                    }
                })}
            </Transition>
            <PostForm
                action=end_others
                name="end-other-sessions"
                call=call_others
                submit=|l| l.texts().devices_sign_out_others
                class="devices-form"
                button="secondary"
                done=(|l| l.texts().devices_signed_out, "devices")
            />
        </section>
    }
}

#[component]
fn DeviceList(
    lang: Lang,
    devices: Vec<DeviceView>,
    end_one: ServerAction<EndSession>,
) -> impl IntoView {
    let t = lang.texts();
    let rows = devices
        .into_iter()
        .map(|device| {
            let name = if device.device.is_empty() {
                t.device_unknown.to_owned()
            } else {
                device.device.clone()
            };
            let seen = fill(
                t.device_last_seen,
                "date",
                &isolate(&dates::format(lang, device.last_seen_at)),
            );
            let handle = device.handle.clone();
            let on_submit = move |ev: leptos::ev::SubmitEvent| {
                if let Some(fields) = Fields::of(&ev) {
                    ev.prevent_default();
                    end_one.dispatch(EndSession {
                        lang: fields.text("lang"),
                        handle: fields.text("handle"),
                    });
                }
            };
            view! {
                <li class="device" class:current=device.current>
                    <span class="device-name" dir="ltr">{name}</span>
                    {device.current.then(|| view! { <span class="device-current">{t.device_current}</span> })}
                    <span class="device-seen">{seen}</span>
                    <form method="post" action=EndSession::PATH class="device-end" on:submit=on_submit>
                        <input type="hidden" name="lang" value=lang.code()/>
                        <input type="hidden" name="handle" value=handle/>
                        <button type="submit" class="secondary" disabled=move || end_one.pending().get()>
                            {t.sign_out}
                        </button>
                    </form>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="device-list">{rows}</ul> }
}
