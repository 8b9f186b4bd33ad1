//! Account pages: sign in, register, lost password, set a new password,
//! and the signed-in reader's own page. Each works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use super::in_language;
use crate::components::account_forms::{
    ChangeNameForm, ChangePasswordForm, ForgotPasswordForm, RegisterForm, ResetPasswordForm,
    SignInForm, SignOutForm,
};
use crate::components::devices::Devices;
use crate::components::page_meta::PageMeta;
use crate::domain::Lang;
use crate::i18n::{Texts, fill};
use crate::l10n::bidi::isolate;
use crate::routes;
use crate::routes::param;
use crate::state::reader::use_reader;

lazy_page!(
    /// `/{lang}/sign-in`.
    SignInRoute => SignInPage
);
lazy_page!(
    /// `/{lang}/register`.
    RegisterRoute => RegisterPage
);
lazy_page!(
    /// `/{lang}/forgot-password`.
    ForgotPasswordRoute => ForgotPasswordPage
);
lazy_page!(
    /// `/{lang}/reset-password`.
    ResetPasswordRoute => ResetPasswordPage
);
lazy_page!(
    /// `/{lang}/account`.
    AccountRoute => AccountPage
);

/// The frame of every account page: meta tags (never indexed), heading.
fn account_page(
    lang: Lang,
    title: fn(&'static Texts) -> &'static str,
    path: String,
    body: AnyView,
) -> AnyView {
    let t = lang.texts();
    view! {
        <PageMeta lang title=title(t).to_owned() description=t.site_description.to_owned() path/>
        <Meta name="robots" content="noindex"/>
        <section class="account-page">
            <h1>{title(t)}</h1>
            {body}
        </section>
    }
    .into_any()
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    in_language(move |lang| {
        let next = query
            .with_untracked(|q| q.get(param::NEXT))
            .unwrap_or_default();
        let reset = query.with_untracked(|q| q.get(param::RESET).is_some());
        let body = view! {
            {reset.then(|| view! { <p class="form-done" role="status">{lang.texts().reset_done}</p> })}
            <SignInForm next/>
        };
        account_page(
            lang,
            |t| t.sign_in_title,
            routes::sign_in(lang),
            body.into_any(),
        )
    })
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    in_language(|lang| {
        account_page(
            lang,
            |t| t.register_title,
            routes::register(lang),
            view! { <RegisterForm/> }.into_any(),
        )
    })
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    in_language(|lang| {
        account_page(
            lang,
            |t| t.forgot_title,
            routes::forgot_password(lang),
            view! { <ForgotPasswordForm/> }.into_any(),
        )
    })
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    in_language(|lang| {
        account_page(
            lang,
            |t| t.reset_title,
            routes::reset_password(lang),
            view! { <ResetPasswordForm/> }.into_any(),
        )
    })
}

/// The signed-in reader's page; others are asked to sign in.
#[component]
pub fn AccountPage() -> impl IntoView {
    let reader = use_reader();
    in_language(move |lang| {
        let body = move || match reader.account.get() {
            Some(account) => view! {
                <p class="signed-in-as">
                    {fill(lang.texts().signed_in_as, "name", &isolate(&account.display_name))}
                    " "
                    <span class="email" dir="ltr">{account.email}</span>
                </p>
                <SignOutForm/>
                <Devices/>
                <ChangeNameForm/>
                <ChangePasswordForm/>
            }
            .into_any(),
            None => view! {
                <p>{lang.texts().err_sign_in_needed}</p>
                <SignInForm next=routes::account(lang)/>
            }
            .into_any(),
        };
        account_page(
            lang,
            |t| t.account_title,
            routes::account(lang),
            body.into_any(),
        )
    })
}
