//! Who reaches the newsroom's server fns: anonymous visitors and readers
//! get 404, as for an address that does not exist; staff whose role is too
//! small get 403; an admin changes roles only with their password, and
//! never removes the last admin.

mod common;

use app::domain::Role;
use app::ssr::newsroom::store::{AuditAction, AuditScope};
use axum::http::StatusCode;
use common::accounts::{PASSWORD, app};
use common::browser::Browser;
use common::staff::{id_of, member};

const STAFF: &str = "/api/newsroom/staff?lang=en";
const SET_ROLE: &str = "/api/newsroom/set-role";
const AUDIT: &str = "/api/newsroom/audit?lang=en";

async fn set_role(
    browser: &mut Browser,
    email: &str,
    role: &str,
    password: &str,
) -> common::browser::Answer {
    browser
        .call(
            SET_ROLE,
            &[
                ("lang", "en"),
                ("email", email),
                ("role", role),
                ("current_password", password),
            ],
        )
        .await
}

#[tokio::test]
async fn only_admins_see_the_staff_and_others_are_told_as_little_as_possible() {
    let (app, stores, _dir) = app(true).await;
    let mut anonymous = Browser::new(&app, "203.0.113.1", true);
    let mut reader = member(&app, &stores, "reader@example.org", None).await;
    let mut writer = member(&app, &stores, "writer@example.org", Some(Role::Writer)).await;
    let mut editor = member(&app, &stores, "editor@example.org", Some(Role::Editor)).await;
    let mut admin = member(&app, &stores, "admin@example.org", Some(Role::Admin)).await;

    for browser in [&mut anonymous, &mut reader] {
        let answer = browser.fetch(AUDIT).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
        let answer = browser.fetch(STAFF).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
        assert!(!answer.body.contains("admin@example.org"));
        let answer = set_role(browser, "reader@example.org", "admin", PASSWORD).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    }
    for browser in [&mut writer, &mut editor] {
        let answer = browser.fetch(AUDIT).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
        let answer = browser.fetch(STAFF).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
        assert_eq!(answer.body, r#"{"Rejected":"NotAllowed"}"#);
        let answer = set_role(browser, "reader@example.org", "admin", PASSWORD).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    }
    let reader_id = id_of(&stores, "reader@example.org").await;
    assert_eq!(stores.newsroom.role(reader_id).await.expect("role"), None);

    let answer = admin.fetch(STAFF).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&answer.body).expect("json");
    let emails: Vec<&str> = listed.iter().filter_map(|m| m["email"].as_str()).collect();
    assert_eq!(
        emails,
        [
            "admin@example.org",
            "editor@example.org",
            "writer@example.org"
        ]
    );
    assert!(!answer.body.contains("password"), "no hashes on the wire");
}

#[tokio::test]
async fn an_admin_gives_and_takes_roles_with_their_password_and_the_log_says_who() {
    let (app, stores, _dir) = app(true).await;
    let mut admin = member(&app, &stores, "admin@example.org", Some(Role::Admin)).await;
    let mut reader = member(&app, &stores, "reader@example.org", None).await;

    let answer = set_role(
        &mut admin,
        "reader@example.org",
        "editor",
        "not my password",
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    let answer = set_role(&mut admin, "nobody@example.org", "editor", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    assert_eq!(answer.body, r#"{"Rejected":"NoSuchAccount"}"#);
    let answer = set_role(&mut admin, "reader@example.org", "chief", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);

    let answer = set_role(&mut admin, " Reader@Example.org", "editor", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(
        answer.body.contains("reader@example.org"),
        "{}",
        answer.body
    );
    // The new editor reaches what editors may, without signing in again…
    let answer = reader.fetch(STAFF).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    // …and is a reader again the moment the role is taken away.
    // A change keeps the admin's session: the page's requests still on
    // their way with it must not find it gone.
    let session = admin.session.clone();
    let answer = set_role(&mut admin, "reader@example.org", "reader", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(admin.session, session);
    let answer = reader.fetch(STAFF).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);

    // The only admin cannot step down. A refusal changes nothing: the
    // admin keeps the session they had.
    let before = admin.session.clone();
    let answer = set_role(&mut admin, "admin@example.org", "editor", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(answer.body, r#"{"Rejected":"LastAdmin"}"#);
    assert_eq!(admin.session, before);
    let answer = admin.fetch(STAFF).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    let admin_id = id_of(&stores, "admin@example.org").await;
    let log = stores
        .newsroom
        .audit_log(AuditScope::Roles, 10)
        .await
        .expect("log");
    let actions: Vec<_> = log.iter().map(|e| (e.actor, e.action.clone())).collect();
    assert_eq!(
        actions,
        [
            (
                Some(admin_id),
                AuditAction::Role {
                    from: Some(Role::Editor),
                    to: None
                }
            ),
            (
                Some(admin_id),
                AuditAction::Role {
                    from: None,
                    to: Some(Role::Editor)
                }
            ),
            (
                None,
                AuditAction::Role {
                    from: None,
                    to: Some(Role::Admin)
                }
            ),
        ]
    );

    // The admin reads the same log, newest first, with emails for ids.
    let answer = admin.fetch(AUDIT).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let lines: Vec<serde_json::Value> = serde_json::from_str(&answer.body).expect("json");
    let read: Vec<(&str, &str, &serde_json::Value, &serde_json::Value)> = lines
        .iter()
        .map(|l| {
            (
                l["by"].as_str().unwrap_or("?"),
                l["account"].as_str().unwrap_or("?"),
                &l["from"],
                &l["to"],
            )
        })
        .collect();
    let (editor, admin_role, none) = (
        serde_json::json!("Editor"),
        serde_json::json!("Admin"),
        serde_json::Value::Null,
    );
    assert_eq!(
        read,
        [
            ("admin@example.org", "reader@example.org", &editor, &none),
            ("admin@example.org", "reader@example.org", &none, &editor),
            ("", "admin@example.org", &none, &admin_role),
        ]
    );
}

#[tokio::test]
async fn a_role_change_from_another_site_is_refused() {
    let (app, stores, _dir) = app(true).await;
    let mut admin = member(&app, &stores, "admin@example.org", Some(Role::Admin)).await;
    member(&app, &stores, "reader@example.org", None).await;
    let body = common::browser::form_body(&[
        ("lang", "en"),
        ("email", "reader@example.org"),
        ("role", "admin"),
        ("current_password", PASSWORD),
    ]);
    let answer = admin
        .post_raw(
            SET_ROLE,
            body.into_bytes(),
            &[
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://evil.example"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    let reader = id_of(&stores, "reader@example.org").await;
    assert_eq!(stores.newsroom.role(reader).await.expect("role"), None);
}

#[tokio::test]
async fn the_staff_page_exists_only_for_admins_and_works_without_javascript() {
    let (app, stores, _dir) = app(true).await;
    let mut anonymous = Browser::new(&app, "203.0.113.1", true);
    let mut reader = member(&app, &stores, "reader@example.org", None).await;
    let mut writer = member(&app, &stores, "writer@example.org", Some(Role::Writer)).await;
    let mut admin = member(&app, &stores, "admin@example.org", Some(Role::Admin)).await;
    const PAGE: &str = "/fa/newsroom/staff";

    for browser in [&mut anonymous, &mut reader] {
        let page = browser.get(PAGE).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(!page.body.contains("set-role"), "no form for outsiders");
    }
    let page = writer.get(PAGE).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(!page.body.contains("admin@example.org"));

    let page = admin.get(PAGE).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), Some("private, no-store"));
    assert!(page.body.contains("کارمندان اتاق خبر"), "the Dari title");
    assert!(page.body.contains("admin@example.org"));
    assert!(page.body.contains(r#"action="/api/newsroom/set-role""#));

    // A plain form post comes back to the page, with its outcome in the
    // address for the page to show.
    let form = |password: &'static str| {
        [
            ("lang", "fa"),
            ("email", "reader@example.org"),
            ("role", "writer"),
            ("current_password", password),
        ]
    };
    let answer = admin.submit(SET_ROLE, &form("not my password"), PAGE).await;
    assert!(answer.status.is_redirection(), "{}", answer.status);
    assert_eq!(
        answer.header("location"),
        Some("/fa/newsroom/staff?error=current-password")
    );
    let answer = admin.submit(SET_ROLE, &form(PASSWORD), PAGE).await;
    assert!(answer.status.is_redirection(), "{}", answer.status);
    assert_eq!(
        answer.header("location"),
        Some("/fa/newsroom/staff?done=role")
    );
    let reader_id = id_of(&stores, "reader@example.org").await;
    assert_eq!(
        stores.newsroom.role(reader_id).await.expect("role"),
        Some(Role::Writer)
    );
}
