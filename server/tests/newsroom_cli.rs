//! `khabar-server user …`, the command line that makes the first admin:
//! the real binary, a fresh database, the password on standard input.

use std::io::Write;
use std::process::{Command, Stdio};

use app::domain::Role;
use app::ssr::accounts::password;
use app::ssr::accounts::store::StoredAccount;
use app::ssr::newsroom::store::{AuditAction, AuditScope};
use khabar_server::store::{self, Stores};

const PASSWORD: &str = "copper kettle morning";

/// Runs the binary with `line`'s words as its arguments, `stdin` on its
/// standard input; returns whether it succeeded and everything it printed.
fn run(db: &str, line: &str, stdin: &str) -> (bool, String) {
    let words: Vec<&str> = line.split_whitespace().collect();
    run_args(db, &words, stdin)
}

fn run_args(db: &str, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar-server"))
        .args(args)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "info")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start khabar-server");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write the password");
    let output = child.wait_with_output().expect("wait");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), printed)
}

fn database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("khabar.db").display());
    (dir, url)
}

async fn open(db: &str) -> Stores {
    store::connect(db).await.expect("open the database")
}

async fn account(stores: &Stores, email: &str) -> Option<StoredAccount> {
    stores
        .accounts
        .account_by_email(email)
        .await
        .expect("query")
}

#[tokio::test]
async fn the_first_admin_is_made_with_the_password_from_standard_input() {
    let (_dir, db) = database();
    let (ok, printed) = run(
        &db,
        "user create --email Desk@Example.org --role admin",
        &format!("{PASSWORD}\n"),
    );
    assert!(ok, "{printed}");
    assert!(printed.contains("desk@example.org"), "{printed}");
    assert!(!printed.contains(PASSWORD), "the password is never printed");

    let stores = open(&db).await;
    let account = account(&stores, "desk@example.org")
        .await
        .expect("the account exists");
    assert_eq!(account.display_name, "desk");
    assert!(
        password::verify(PASSWORD, Some(account.password_hash))
            .await
            .expect("verify"),
        "the account signs in with the password typed"
    );
    assert_eq!(
        stores.newsroom.role(account.id).await.expect("role"),
        Some(Role::Admin)
    );
    let log = stores
        .newsroom
        .audit_log(AuditScope::Roles, 10)
        .await
        .expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].actor, None, "the command line made the change");
    assert_eq!(
        log[0].action,
        AuditAction::Role {
            from: None,
            to: Some(Role::Admin)
        }
    );
}

#[tokio::test]
async fn a_password_as_an_argument_a_weak_one_or_none_makes_no_account() {
    let (_dir, db) = database();
    let create = "user create --email desk@example.org --role admin";
    let with_argument = format!("{create} --password {PASSWORD}");
    let (ok, printed) = run(&db, &with_argument, "");
    assert!(!ok);
    assert!(printed.contains("standard input"), "{printed}");

    let (ok, printed) = run(&db, create, "short\n");
    assert!(!ok);
    assert!(printed.contains("at least 8 characters"), "{printed}");

    let (ok, printed) = run(&db, create, "");
    assert!(!ok);
    assert!(printed.contains("no password"), "{printed}");

    let (ok, _) = run(
        &db,
        "user create --email desk@example.org --role root",
        &format!("{PASSWORD}\n"),
    );
    assert!(!ok, "an unknown role is refused");

    let stores = open(&db).await;
    assert_eq!(account(&stores, "desk@example.org").await, None);
}

#[tokio::test]
async fn roles_of_existing_accounts_change_but_the_last_admin_stays() {
    let (_dir, db) = database();
    let (ok, printed) = run_args(
        &db,
        &[
            "user",
            "create",
            "--email",
            "desk@example.org",
            "--role",
            "admin",
            "--name",
            "News desk",
        ],
        &format!("{PASSWORD}\r\n"),
    );
    assert!(ok, "{printed}");
    let (ok, printed) = run(
        &db,
        "user create --email desk@example.org --role writer",
        &format!("{PASSWORD}\n"),
    );
    assert!(!ok, "one account per email");
    assert!(printed.contains("already has an account"), "{printed}");
    let (ok, _) = run(
        &db,
        "user create --email sima@example.org --role reader --lang fa",
        &format!("{PASSWORD}\n"),
    );
    assert!(ok);

    let (ok, printed) = run(&db, "user role --email sima@example.org --role editor", "");
    assert!(ok, "{printed}");
    let (ok, printed) = run(&db, "user role --email desk@example.org --role reader", "");
    assert!(!ok);
    assert!(printed.contains("last admin"), "{printed}");
    let (ok, printed) = run(
        &db,
        "user role --email nobody@example.org --role writer",
        "",
    );
    assert!(!ok);
    assert!(printed.contains("no account"), "{printed}");

    let stores = open(&db).await;
    let staff = stores.newsroom.staff().await.expect("staff");
    let listed: Vec<(&str, &str, Role)> = staff
        .iter()
        .map(|m| (m.email.as_str(), m.display_name.as_str(), m.role))
        .collect();
    assert_eq!(
        listed,
        [
            ("desk@example.org", "News desk", Role::Admin),
            ("sima@example.org", "sima", Role::Editor),
        ]
    );
    let sima = account(&stores, "sima@example.org").await.expect("account");
    assert_eq!(sima.lang, app::domain::Lang::Fa);
    assert!(
        password::verify(
            PASSWORD,
            Some(
                account(&stores, "desk@example.org")
                    .await
                    .expect("a")
                    .password_hash
            )
        )
        .await
        .expect("verify"),
        "a Windows line ending is not part of the password"
    );
}
