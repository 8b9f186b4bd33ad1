//! The account forms. Each is a plain POST to its server fn that works
//! without JavaScript (the server answers with a redirect and an `?error=`
//! code the page shows), taken over by the app when it runs (the answer
//! arrives as data and the page updates in place).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::accounts::{
    ChangeDisplayName, ChangePassword, Register, RequestPasswordReset, ResetPassword, SignIn,
    SignOut,
};
use crate::browser::forms::Fields;
use crate::domain::Lang;
use crate::error::{AppError, Problem};
use crate::routes;
use crate::routes::param;
use crate::state::page::use_lang;
use crate::state::reader::use_reader;

/// The message for a form: the app's own answer if it has one, else the
/// `?error=` code a form post without JavaScript came back with.
fn form_error(outcome: Signal<Option<Option<AppError>>>) -> impl Fn() -> Option<String> + Copy {
    let lang = use_lang();
    let query = use_query_map();
    move || match outcome.get() {
        Some(Some(err)) => Some(err.form_message(lang.get())),
        Some(None) => None,
        None => query
            .with(|q| q.get(param::ERROR))
            .map(|code| match Problem::from_code(&code) {
                Some(problem) => problem.message(lang.get()),
                None => lang.get().texts().error_text.to_owned(),
            }),
    }
}

/// `None` before the first answer, then the answer's error (if any).
fn outcome<T>(value: &Option<Result<T, AppError>>) -> Option<Option<AppError>> {
    value.as_ref().map(|r| r.as_ref().err().cloned())
}

#[component]
fn ErrorLine(message: impl Fn() -> Option<String> + Send + Sync + 'static) -> impl IntoView {
    view! {
        {move || message().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
    }
}

/// A UI string, picked when rendered so it follows the page's language.
pub(crate) type Pick = fn(Lang) -> &'static str;

#[component]
pub(crate) fn Field(
    /// Which form, so two forms on one page have distinct ids.
    scope: &'static str,
    label: Pick,
    name: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] hint: Option<Pick>,
    #[prop(optional)] minlength: Option<u32>,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("{scope}-{name}");
    let hint_id = hint.map(|_| format!("{id}-hint"));
    // Emails and passwords read left to right even on rtl pages.
    let dir = if matches!(kind, "email" | "password") {
        "ltr"
    } else {
        "auto"
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || label(lang.get())}</label>
            <input
                id=id
                name=name
                type=kind
                dir=dir
                autocomplete=autocomplete
                required=true
                minlength=minlength
                maxlength=maxlength
                aria-describedby=hint_id.clone()
            />
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{move || h(lang.get())}</p> })}
        </div>
    }
}

/// A form that posts to `S`'s URL, so it works without JavaScript; with
/// the app running, `call` turns its fields into the call instead. (Read
/// field by field rather than with `ActionForm`, whose generic form decoder
/// would add a query-string deserializer per server fn to the bundle.)
/// Every form carries the page's language, shows the answer's error (or the
/// `?error=` a plain post came back with), and ends with its submit button.
#[component]
pub(crate) fn PostForm<S, B>(
    action: ServerAction<S>,
    name: &'static str,
    call: B,
    submit: Pick,
    #[prop(default = "account-form")] class: &'static str,
    #[prop(default = "primary")] button: &'static str,
    /// The confirmation shown once it worked, and the `?done=` value a plain
    /// post comes back with.
    #[prop(optional)]
    done: Option<(Pick, &'static str)>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    B: Fn(&Fields) -> S + 'static,
{
    let lang = use_lang();
    let query = use_query_map();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(fields) = Fields::of(&ev) {
            ev.prevent_default();
            action.dispatch(call(&fields));
        }
    };
    let error = form_error(Signal::derive(move || action.value().with(outcome)));
    let confirmation = move || {
        let (text, code) = done?;
        let ok = action.value().with(|v| matches!(v, Some(Ok(_))))
            || query.with(|q| q.get(param::DONE).as_deref() == Some(code));
        ok.then(|| view! { <p class="form-done" role="status">{text(lang.get())}</p> })
    };
    view! {
        <form method="post" action=S::PATH class=class data-form=name on:submit=on_submit>
            <input type="hidden" name="lang" value=move || lang.get().code()/>
            <ErrorLine message=error/>
            {confirmation}
            {children.map(|children| children())}
            <button type="submit" class=button disabled=move || action.pending().get()>
                {move || submit(lang.get())}
            </button>
        </form>
    }
}

/// Runs `then` with each successful answer of `action`.
fn on_success<S>(action: ServerAction<S>, then: impl Fn(S::Output) + 'static)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(output)) = action.value().get() {
            then(output);
        }
    });
}

/// Sign in. `next` is where to go afterwards; in the header dialog, `None`
/// (stay on the page) and `on_done` closes the dialog.
#[component]
pub fn SignInForm(
    #[prop(optional)] next: Option<String>,
    #[prop(optional)] on_done: Option<Callback<()>>,
    /// Tells this form's field ids apart from another copy on the page.
    #[prop(optional)]
    in_dialog: bool,
) -> impl IntoView {
    let lang = use_lang();
    let reader = use_reader();
    let action = ServerAction::<SignIn>::new();
    let navigate = use_navigate();
    let next_value = next.clone().unwrap_or_default();
    on_success(action, move |snapshot| {
        reader.sign_in(snapshot);
        if let Some(done) = on_done {
            done.run(());
        }
        if let Some(next) = next.as_deref() {
            let to = routes::local_return(next)
                .map(str::to_owned)
                .unwrap_or_else(|| routes::home(lang.get_untracked()));
            navigate(&to, Default::default());
        }
    });
    let scope = if in_dialog {
        "dialog-sign-in"
    } else {
        "sign-in"
    };
    let call = |f: &Fields| SignIn {
        lang: f.text("lang"),
        email: f.text("email"),
        password: f.text("password"),
        local: Some(f.text("local")),
        next: Some(f.text("next")),
    };
    view! {
        <PostForm action name=scope call submit=|l| l.texts().sign_in>
            <input type="hidden" name="next" value=next_value/>
            <input type="hidden" name="local" prop:value=move || reader.local_json()/>
            <Field scope=scope label=|l| l.texts().email name="email" kind="email" autocomplete="email" maxlength=254/>
            <Field scope=scope label=|l| l.texts().password name="password" kind="password" autocomplete="current-password"/>
        </PostForm>
        <p class="form-links">
            <a href=move || routes::forgot_password(lang.get())>{move || lang.get().texts().lost_password}</a>
            <a href=move || routes::register(lang.get())>{move || lang.get().texts().register_prompt}</a>
        </p>
    }
}

#[component]
pub fn RegisterForm() -> impl IntoView {
    let lang = use_lang();
    let reader = use_reader();
    let action = ServerAction::<Register>::new();
    let navigate = use_navigate();
    on_success(action, move |snapshot| {
        reader.sign_in(snapshot);
        navigate(&routes::home(lang.get_untracked()), Default::default());
    });
    let call = |f: &Fields| Register {
        lang: f.text("lang"),
        email: f.text("email"),
        display_name: f.text("display_name"),
        password: f.text("password"),
        local: Some(f.text("local")),
    };
    view! {
        <PostForm action name="register" call submit=|l| l.texts().register>
            <input type="hidden" name="local" prop:value=move || reader.local_json()/>
            <Field scope="register" label=|l| l.texts().display_name name="display_name" kind="text" autocomplete="nickname" maxlength=60/>
            <Field scope="register" label=|l| l.texts().email name="email" kind="email" autocomplete="email" maxlength=254/>
            <NewPasswordField scope="register" name="password" label=|l| l.texts().password/>
        </PostForm>
        <p class="form-links">
            <a href=move || routes::sign_in(lang.get())>{move || lang.get().texts().have_account}</a>
        </p>
    }
}

/// A new password: the rules as a hint, and the browser's password manager
/// asked to suggest one.
#[component]
fn NewPasswordField(scope: &'static str, name: &'static str, label: Pick) -> impl IntoView {
    view! {
        <Field
            scope
            label
            name
            kind="password"
            autocomplete="new-password"
            hint=|l| l.texts().password_hint
            minlength=8
            maxlength=128
        />
    }
}

#[component]
pub fn ForgotPasswordForm() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<RequestPasswordReset>::new();
    let query = use_query_map();
    // Once asked, the form gives way to the same answer for every address.
    let sent = move || {
        matches!(action.value().get(), Some(Ok(()))) || query.with(|q| q.get(param::DONE).is_some())
    };
    let call = |f: &Fields| RequestPasswordReset {
        lang: f.text("lang"),
        email: f.text("email"),
    };
    view! {
        <Show
            when=sent
            fallback=move || {
                view! {
                    <p>{move || lang.get().texts().forgot_intro}</p>
                    <PostForm action name="forgot" call submit=|l| l.texts().send_reset_link>
                        <Field scope="forgot" label=|l| l.texts().email name="email" kind="email" autocomplete="email" maxlength=254/>
                    </PostForm>
                }
            }
        >
            <p class="form-done" role="status">{move || lang.get().texts().reset_sent}</p>
        </Show>
    }
}

#[component]
pub fn ResetPasswordForm() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<ResetPassword>::new();
    let query = use_query_map();
    let navigate = use_navigate();
    on_success(action, move |()| {
        navigate(
            &routes::sign_in_after_reset(lang.get_untracked()),
            Default::default(),
        );
    });
    let token = move || query.with(|q| q.get(param::TOKEN)).unwrap_or_default();
    let call = |f: &Fields| ResetPassword {
        lang: f.text("lang"),
        token: f.text("token"),
        password: f.text("password"),
    };
    view! {
        <PostForm action name="reset" call submit=|l| l.texts().reset_button>
            <input type="hidden" name="token" value=token/>
            <NewPasswordField scope="reset" name="password" label=|l| l.texts().new_password/>
        </PostForm>
    }
}

#[component]
pub fn ChangeNameForm() -> impl IntoView {
    let lang = use_lang();
    let reader = use_reader();
    let action = ServerAction::<ChangeDisplayName>::new();
    on_success(action, move |account| reader.account.set(Some(account)));
    let call = |f: &Fields| ChangeDisplayName {
        lang: f.text("lang"),
        current_password: f.text("current_password"),
        display_name: f.text("display_name"),
    };
    view! {
        <h2>{move || lang.get().texts().change_name}</h2>
        <PostForm action name="change-name" call submit=|l| l.texts().save_changes done=(|l| l.texts().name_changed, "name")>
            <Field scope="change-name" label=|l| l.texts().display_name name="display_name" kind="text" autocomplete="nickname" maxlength=60/>
            <Field scope="change-name" label=|l| l.texts().current_password name="current_password" kind="password" autocomplete="current-password"/>
        </PostForm>
    }
}

#[component]
pub fn ChangePasswordForm() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<ChangePassword>::new();
    let call = |f: &Fields| ChangePassword {
        lang: f.text("lang"),
        current_password: f.text("current_password"),
        new_password: f.text("new_password"),
    };
    view! {
        <h2>{move || lang.get().texts().change_password}</h2>
        <PostForm action name="change-password" call submit=|l| l.texts().change_password done=(|l| l.texts().password_changed, "password")>
            <Field scope="change-password" label=|l| l.texts().current_password name="current_password" kind="password" autocomplete="current-password"/>
            <NewPasswordField scope="change-password" name="new_password" label=|l| l.texts().new_password/>
        </PostForm>
    }
}

#[component]
pub fn SignOutForm() -> impl IntoView {
    let lang = use_lang();
    let reader = use_reader();
    let action = ServerAction::<SignOut>::new();
    let navigate = use_navigate();
    on_success(action, move |()| {
        reader.sign_out();
        navigate(&routes::home(lang.get_untracked()), Default::default());
    });
    let call = |f: &Fields| SignOut {
        lang: f.text("lang"),
    };
    view! {
        <PostForm action name="sign-out" call submit=|l| l.texts().sign_out class="sign-out-form" button="secondary"/>
    }
}
