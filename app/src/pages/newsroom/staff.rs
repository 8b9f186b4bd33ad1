//! `/{lang}/newsroom/staff`: admins give and take newsroom roles and read
//! the role changes.

use leptos::prelude::*;
use leptos_meta::Meta;

use super::{newsroom_style, strings, words};
use crate::api::newsroom::{RoleChangeView, SetRole, StaffView, audit, staff};
use crate::browser::forms::Fields;
use crate::codec;
use crate::components::account_forms::{Field, PostForm};
use crate::components::error_view::ErrorView;
use crate::components::page_meta::PageMeta;
use crate::domain::{Lang, Role};
use crate::i18n::fill;
use crate::i18n::newsroom::{Texts, texts};
use crate::l10n::bidi::isolate;
use crate::l10n::dates;
use crate::pages::loading;
use crate::routes;
use crate::state::page::use_lang;

/// A role's name, or "no role" for a reader.
fn role_name(t: &'static Texts, role: Option<Role>) -> &'static str {
    match role {
        None => t.role_none,
        Some(Role::Writer) => t.role_writer,
        Some(Role::Editor) => t.role_editor,
        Some(Role::Admin) => t.role_admin,
    }
}

/// One line of the audit list, in the page's words: who changed whose role
/// from what to what. Emails are isolated so that an address beside Dari
/// or Arabic text keeps its own order.
fn audit_line(t: &'static Texts, change: &RoleChangeView) -> String {
    let by = if change.by.is_empty() {
        t.audit_command_line.to_owned()
    } else {
        isolate(&change.by)
    };
    let line = fill(t.audit_role, "name", &by);
    let line = fill(&line, "account", &isolate(&change.account));
    let line = fill(&line, "from", role_name(t, change.from));
    fill(&line, "to", role_name(t, change.to))
}

/// Admins only: everyone with a role, the form that changes roles, and the
/// newest role changes.
#[component]
pub fn StaffPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SetRole>::new();
    let strings = strings(lang);
    let list = codec::resource(
        move || (lang.get().code().to_owned(), action.version().get()),
        |(lang, _)| staff(lang),
    );
    let changes = codec::resource(
        move || (lang.get().code().to_owned(), action.version().get()),
        |(lang, _)| audit(lang),
    );
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                let lang = lang.get();
                match (strings.await, list.await, changes.await) {
                    (Ok(values), Ok(members), Ok(changes)) => match words(lang, values) {
                        Ok(n) => view! { <StaffBoard lang n members changes action/> }.into_any(),
                        Err(error) => view! { <ErrorView lang error/> }.into_any(),
                    },
                    (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
                        view! { <ErrorView lang error/> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn StaffBoard(
    lang: Lang,
    n: &'static Texts,
    members: Vec<StaffView>,
    changes: Vec<RoleChangeView>,
    action: ServerAction<SetRole>,
) -> impl IntoView {
    let call = |f: &Fields| SetRole {
        lang: f.text("lang"),
        email: f.text("email"),
        role: f.text("role"),
        current_password: f.text("current_password"),
    };
    view! {
        {newsroom_style()}
        <PageMeta lang title=n.staff_title.to_owned() description=n.staff_intro.to_owned() path=routes::newsroom_staff(lang)/>
        <Meta name="robots" content="noindex"/>
        <section class="account-page newsroom-page">
            <h1>{n.staff_title}</h1>
            <p>{n.staff_intro}</p>
            <p class="newsroom-links"><a href=routes::newsroom(lang)>{n.newsroom_title}</a></p>
            // The reading list's styles: a list of names with a line of
            // details each, and no stylesheet rules of its own for readers
            // to download.
            <ul class="saved-list staff-list">
                {members
                    .into_iter()
                    .map(|member| {
                        view! {
                            <li class="saved-item">
                                <div class="saved-text">
                                    <strong dir="auto">{member.display_name}</strong>
                                    <p class="saved-meta">
                                        <span dir="ltr">{member.email}</span>
                                        <span class="item-language">{role_name(n, Some(member.role))}</span>
                                        <span>{dates::format(lang, member.since)}</span>
                                    </p>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <h2>{n.set_role_title}</h2>
            <PostForm action name="set-role" call submit=|l| texts(l).set_role_submit done=(|l| texts(l).role_changed, "role")>
                <Field scope="set-role" label=|l| l.texts().email name="email" kind="email" autocomplete="off" maxlength=254/>
                <div class="field">
                    <label for="set-role-role">{n.staff_role}</label>
                    <select id="set-role-role" name="role" required=true>
                        {[Some(Role::Writer), Some(Role::Editor), Some(Role::Admin), None]
                            .into_iter()
                            .map(|role| {
                                let value = Role::code_or_reader(role);
                                view! { <option value=value>{role_name(n, role)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <Field scope="set-role" label=|l| l.texts().current_password name="current_password" kind="password" autocomplete="current-password"/>
            </PostForm>
            <h2>{n.audit_title}</h2>
            <ul class="saved-list audit-list">
                {changes
                    .iter()
                    .map(|change| {
                        view! {
                            <li class="saved-item">
                                <div class="saved-text">
                                    <span>{audit_line(n, change)}</span>
                                    <p class="saved-meta">{dates::format(lang, change.at)}</p>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
