//! The command line's account commands, for operators on the server's
//! machine:
//!
//! - `user create --email E --role R [--name N] [--lang L]` makes an
//!   account with a role: the first admin comes from here;
//! - `user role --email E --role R` gives an existing account a role, or
//!   takes it away with `--role reader`.
//!
//! A password is read from standard input, one line, never from an
//! argument: arguments show in `ps` and in the shell's history. On a
//! terminal it is not echoed.

use std::io::{BufRead, IsTerminal};

use app::domain::{DisplayName, EmailAddress, Lang, Role};
use app::ssr::accounts::password::{self, NewPassword};
use app::ssr::accounts::store::NewAccount;
use app::ssr::newsroom::store::{Actor, RoleChange, RoleOutcome};
use time::OffsetDateTime;

use crate::store::Stores;

/// What `user create` and `user role` were told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFlags {
    pub email: EmailAddress,
    /// `None`: a reader (`--role reader`).
    pub role: Option<Role>,
    pub name: Option<DisplayName>,
    pub lang: Option<Lang>,
}

pub const USAGE: &str = "khabar-server user create --email EMAIL --role writer|editor|admin|reader \
[--name NAME] [--lang CODE]   (the password is read from standard input)\n\
khabar-server user role --email EMAIL --role writer|editor|admin|reader";

impl UserFlags {
    /// Reads `--flag value` and `--flag=value`; each flag at most once.
    pub fn parse(args: &[String]) -> Result<UserFlags, String> {
        let mut email = None;
        let mut role = None;
        let mut name = None;
        let mut lang = None;
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_owned())),
                None => (arg.as_str(), None),
            };
            if flag == "--password" {
                return Err(
                    "a password is never given as an argument (anyone on the machine can \
                     read arguments): type it, or pipe it, on standard input"
                        .into(),
                );
            }
            let slot = match flag {
                "--email" => &mut email,
                "--role" => &mut role,
                "--name" => &mut name,
                "--lang" => &mut lang,
                other => return Err(format!("unknown argument {other:?}\nusage:\n{USAGE}")),
            };
            let value = match inline {
                Some(value) => value,
                None => rest
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))?,
            };
            if slot.replace(value).is_some() {
                return Err(format!("{flag} is given twice"));
            }
        }
        let email = email.ok_or_else(|| format!("--email is required\nusage:\n{USAGE}"))?;
        let role = role.ok_or_else(|| format!("--role is required\nusage:\n{USAGE}"))?;
        Ok(UserFlags {
            email: EmailAddress::parse(&email)
                .map_err(|_| format!("{email:?} is not a valid email address"))?,
            role: Role::parse_or_reader(&role).map_err(|_| {
                format!("unknown role {role:?}: use writer, editor, admin or reader")
            })?,
            name: name
                .map(|raw| {
                    DisplayName::parse(&raw).map_err(|_| {
                        format!(
                            "{raw:?} is not a usable name: 1 to 60 characters, without web or email addresses"
                        )
                    })
                })
                .transpose()?,
            lang: lang
                .map(|raw| Lang::parse(&raw).map_err(|_| format!("unknown language {raw:?}")))
                .transpose()?,
        })
    }
}

/// The name an account gets when `--name` is not given: the email's local
/// part with its dots, dashes and underscores as spaces ("jane.doe" is
/// "jane doe"), if that makes a valid name.
fn name_from_email(email: &EmailAddress) -> Option<DisplayName> {
    let local = email.as_str().split('@').next()?;
    let spaced: String = local
        .chars()
        .map(|c| {
            if matches!(c, '.' | '-' | '_' | '+') {
                ' '
            } else {
                c
            }
        })
        .collect();
    DisplayName::parse(&spaced).ok()
}

/// One line of standard input, without its line ending: hidden when typed
/// on a terminal.
pub fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        eprint!("Password for the new account (at least 8 characters; not shown): ");
        return rpassword::read_password().map_err(|e| format!("could not read the password: {e}"));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("could not read the password: {e}"))?;
    if line.is_empty() {
        return Err("no password on standard input: give one line".into());
    }
    let line = line.strip_suffix('\n').unwrap_or(&line);
    Ok(line.strip_suffix('\r').unwrap_or(line).to_owned())
}

/// `user create`: a new account with `flags.role`, its password from
/// `raw_password` checked by the rules readers' passwords follow.
pub async fn create_user(
    stores: &Stores,
    flags: &UserFlags,
    raw_password: &str,
) -> Result<String, String> {
    let email = flags.email.as_str();
    let name = match &flags.name {
        Some(name) => name.clone(),
        None => name_from_email(&flags.email)
            .ok_or_else(|| format!("no name can be made from {email:?}: give one with --name"))?,
    };
    let password = NewPassword::parse(
        raw_password,
        &password::personal_words(email, name.as_str()),
    )
    .map_err(|problem| problem.message(Lang::En))?;
    let password_hash = password::hash(password)
        .await
        .map_err(|e| format!("could not hash the password: {e}"))?;
    let now = OffsetDateTime::now_utc();
    let created = stores
        .accounts
        .create_account(&NewAccount {
            email: email.to_owned(),
            display_name: name.as_str().to_owned(),
            lang: flags.lang.unwrap_or(Lang::DEFAULT),
            password_hash,
            created_at: now,
        })
        .await
        .map_err(|e| e.to_string())?;
    let Some(id) = created else {
        return Err(format!(
            "{email} already has an account: change its role with `khabar-server user role --email {email} --role …`"
        ));
    };
    if flags.role.is_some() {
        change_role(stores, id, flags.role, now).await?;
    }
    Ok(format!(
        "created account {id} for {email} ({}), role {}",
        name.as_str(),
        Role::code_or_reader(flags.role)
    ))
}

/// `user role`: an existing account's new role.
pub async fn set_user_role(stores: &Stores, flags: &UserFlags) -> Result<String, String> {
    let email = flags.email.as_str();
    let account = stores
        .accounts
        .account_by_email(email)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no account has the email {email}: make one with `user create`"))?;
    let changed = change_role(stores, account.id, flags.role, OffsetDateTime::now_utc()).await?;
    Ok(if changed {
        format!("{email} is now {}", Role::code_or_reader(flags.role))
    } else {
        format!(
            "{email} was already {}: nothing changed",
            Role::code_or_reader(flags.role)
        )
    })
}

/// Whether the role changed; the audit log names the command line.
async fn change_role(
    stores: &Stores,
    account: i64,
    role: Option<Role>,
    at: OffsetDateTime,
) -> Result<bool, String> {
    let outcome = stores
        .newsroom
        .set_role(&RoleChange {
            account,
            role,
            by: Actor::CommandLine,
            at,
        })
        .await
        .map_err(|e| e.to_string())?;
    match outcome {
        RoleOutcome::Changed => Ok(true),
        RoleOutcome::Unchanged => Ok(false),
        RoleOutcome::NoSuchAccount => Err(format!("account {account} is gone")),
        RoleOutcome::LastAdmin => {
            Err("this is the newsroom's last admin: make another account admin first".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn flags_are_read_in_either_spelling_and_checked() {
        let flags = UserFlags::parse(&args(&[
            "--email",
            " Desk@Example.org",
            "--role=admin",
            "--lang",
            "fa",
        ]))
        .expect("valid flags");
        assert_eq!(flags.email.as_str(), "desk@example.org");
        assert_eq!(flags.role, Some(Role::Admin));
        assert_eq!(flags.lang, Some(Lang::Fa));
        assert_eq!(flags.name, None);
        let reader = UserFlags::parse(&args(&["--email=a@example.org", "--role=reader"]));
        assert_eq!(reader.expect("valid").role, None);
    }

    #[test]
    fn a_password_argument_missing_or_unknown_flags_are_refused() {
        for bad in [
            &[
                "--email",
                "a@example.org",
                "--role",
                "admin",
                "--password",
                "x",
            ][..],
            &[
                "--email",
                "a@example.org",
                "--role",
                "admin",
                "--password=x",
            ],
            &["--email", "a@example.org"],
            &["--role", "admin"],
            &["--email", "a@example.org", "--role", "root"],
            &["--email", "not-an-email", "--role", "admin"],
            &[
                "--email",
                "a@example.org",
                "--role",
                "admin",
                "--role",
                "writer",
            ],
            &["--email", "a@example.org", "--role"],
            &["--email", "a@example.org", "--role", "admin", "--force"],
        ] {
            assert!(UserFlags::parse(&args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_name_is_made_from_the_email_when_none_is_given() {
        let email = EmailAddress::parse("jane.doe@example.org").expect("email");
        assert_eq!(
            name_from_email(&email).map(|n| n.as_str().to_owned()),
            Some("jane doe".to_owned())
        );
    }
}
