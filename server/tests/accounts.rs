//! Accounts over HTTP, as browsers (and attackers) reach them: sessions,
//! enumeration, throttling, CSRF, password reset through the outbox,
//! headers, bad input, and the reading list.

mod common;

use axum::http::StatusCode;
use common::browser::{Answer, Browser};

use common::accounts::{PASSWORD, app, mail_to, register, sign_in};

const STORY: &str = "wheat-sowing-north";

async fn save(browser: &mut Browser, slug: &str, on: bool) -> Answer {
    browser
        .call(
            "/api/reading-list/set",
            &[
                ("lang", "en"),
                ("story_lang", "en"),
                ("slug", slug),
                ("save", if on { "1" } else { "0" }),
            ],
        )
        .await
}

/// The header of a page names the signed-in reader.
async fn signed_in_as(browser: &mut Browser, name: &str) -> bool {
    let page = browser.get("/en/").await;
    page.body.contains(&format!(">{name}</a>")) && page.body.contains("account-link")
}

#[tokio::test]
async fn registering_signs_in_with_a_secure_http_only_session_cookie() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.10", true);
    let answer = register(&mut browser, " Mariam@Example.org ", "Mariam").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let cookie = answer
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-khabar_session="))
        .expect("session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    let token = browser.session.clone().expect("session");
    assert!(
        token.len() >= 43,
        "at least 256 bits of randomness: {token}"
    );
    assert!(
        answer.body.contains("mariam@example.org"),
        "{}",
        answer.body
    );
    assert!(signed_in_as(&mut browser, "Mariam").await);
    let page = browser.get("/en/").await;
    assert_eq!(page.header("cache-control"), Some("private, no-store"));

    let mut again = Browser::new(&app, "192.0.2.11", true);
    let taken = register(&mut again, "mariam@example.org", "Someone").await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.body.contains("EmailTaken"), "{}", taken.body);
}

#[tokio::test]
async fn plain_http_sites_use_a_plain_cookie_without_hsts() {
    let (app, _stores, _dir) = app(false).await;
    let mut browser = Browser::new(&app, "192.0.2.12", false);
    let answer = register(&mut browser, "reader@example.org", "Reader").await;
    let cookie = answer.cookies().join("\n");
    assert!(
        cookie.starts_with("khabar_session=") && !cookie.contains("Secure"),
        "{cookie}"
    );
    assert!(answer.header("strict-transport-security").is_none());
}

#[tokio::test]
async fn sign_in_rotates_the_session_and_sign_out_ends_it() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.20", true);
    register(&mut browser, "farid@example.org", "Farid").await;
    let before = browser.session.clone().expect("session");
    let answer = sign_in(&mut browser, "en", "farid@example.org", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let after = browser.session.clone().expect("new session");
    assert_ne!(before, after, "a new id at sign-in");

    let mut stale = browser.clone();
    stale.session = Some(before);
    assert!(
        !signed_in_as(&mut stale, "Farid").await,
        "the old id is dead"
    );
    assert!(
        stale.session.is_none(),
        "and the browser is told to forget it"
    );

    let answer = browser.call("/api/sign-out", &[("lang", "en")]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(browser.session.is_none());
    let mut replay = browser.clone();
    replay.session = Some(after);
    assert_eq!(
        save(&mut replay, STORY, true).await.status,
        StatusCode::UNAUTHORIZED,
        "a signed-out id opens nothing"
    );
}

#[tokio::test]
async fn changing_the_password_asks_for_the_old_one_and_ends_other_sessions() {
    let (app, _stores, _dir) = app(true).await;
    let mut laptop = Browser::new(&app, "192.0.2.30", true);
    register(&mut laptop, "nadia@example.org", "Nadia").await;
    let mut phone = laptop.second_device();
    sign_in(&mut phone, "en", "nadia@example.org", PASSWORD).await;
    assert!(signed_in_as(&mut phone, "Nadia").await);

    let wrong = laptop
        .call(
            "/api/change-password",
            &[
                ("lang", "en"),
                ("current_password", "not it at all"),
                ("new_password", "copper kettle morning"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert!(wrong.body.contains("WrongCurrentPassword"));

    let old_laptop_session = laptop.session.clone();
    let changed = laptop
        .call(
            "/api/change-password",
            &[
                ("lang", "en"),
                ("current_password", PASSWORD),
                ("new_password", "copper kettle morning"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_ne!(
        laptop.session, old_laptop_session,
        "this browser gets a fresh session"
    );
    assert!(signed_in_as(&mut laptop, "Nadia").await);
    assert!(
        !signed_in_as(&mut phone, "Nadia").await,
        "the phone is signed out"
    );
    assert_eq!(
        sign_in(&mut phone, "en", "nadia@example.org", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let renamed = laptop
        .call(
            "/api/change-name",
            &[
                ("lang", "en"),
                ("current_password", "copper kettle morning"),
                ("display_name", "  Nadia  K. "),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    assert!(signed_in_as(&mut laptop, "Nadia K.").await);
}

#[tokio::test]
async fn wrong_email_and_wrong_password_get_the_same_answer() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.40", true);
    register(&mut browser, "known@example.org", "Known").await;
    let mut stranger = Browser::new(&app, "192.0.2.41", true);
    let wrong_password =
        sign_in(&mut stranger, "ar", "known@example.org", "not the password").await;
    let unknown_email = sign_in(
        &mut stranger,
        "ar",
        "nobody@example.org",
        "not the password",
    )
    .await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.status, unknown_email.status);
    assert_eq!(wrong_password.body, unknown_email.body);
    assert!(stranger.session.is_none());
}

#[tokio::test]
async fn reset_requests_answer_the_same_for_known_and_unknown_emails() {
    let (app, stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.50", true);
    register(&mut browser, "known@example.org", "Known").await;
    let mut anyone = Browser::new(&app, "192.0.2.51", true);
    let known = anyone
        .call(
            "/api/forgot-password",
            &[("lang", "en"), ("email", "known@example.org")],
        )
        .await;
    let unknown = anyone
        .call(
            "/api/forgot-password",
            &[("lang", "en"), ("email", "ghost@example.org")],
        )
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!((known.status, known.body), (unknown.status, unknown.body));
    let outbox = mail_to(&stores, None).await;
    // The unknown address's request has had the same time to write anything.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        stores.accounts.outbox(None).await.expect("outbox").len(),
        1,
        "only the real account gets mail"
    );
    assert_eq!(outbox[0].mail.to, "known@example.org");
}

#[tokio::test]
async fn a_password_reset_link_from_the_outbox_works_once_and_ends_sessions() {
    let (app, stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.60", true);
    register(&mut browser, "sara@example.org", "سارا").await;
    let mut other = Browser::new(&app, "192.0.2.61", true);
    let asked = other
        .call(
            "/api/forgot-password",
            &[("lang", "ar"), ("email", "SARA@example.org")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK);

    let mail = mail_to(&stores, Some("sara@example.org")).await;
    let mail = &mail.first().expect("a reset email").mail;
    assert_eq!(
        mail.subject,
        app::domain::Lang::Ar.texts().mail_reset_subject
    );
    assert!(mail.html.contains("dir=\"rtl\""));
    let link = mail
        .text
        .split_whitespace()
        .find(|w| w.starts_with("https://news.example.org/ar/reset-password?token="))
        .expect("link in the text");
    let token = link.rsplit('=').next().expect("token");

    let weak = other
        .call(
            "/api/reset-password",
            &[("lang", "ar"), ("token", token), ("password", "password1")],
        )
        .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert!(weak.body.contains("PasswordTooCommon"));

    let reset = other
        .call(
            "/api/reset-password",
            &[
                ("lang", "ar"),
                ("token", token),
                ("password", "saffron mountain tea"),
            ],
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert!(
        !signed_in_as(&mut browser, "سارا").await,
        "old sessions end"
    );
    assert_eq!(
        sign_in(&mut other, "ar", "sara@example.org", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&mut other, "ar", "sara@example.org", "saffron mountain tea")
            .await
            .status,
        StatusCode::OK
    );
    let again = other
        .call(
            "/api/reset-password",
            &[
                ("lang", "ar"),
                ("token", token),
                ("password", "another good phrase"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.body.contains("BadResetLink"));
}

#[tokio::test]
async fn eight_failures_in_ten_minutes_lock_that_address_out_with_429() {
    let (app, _stores, _dir) = app(true).await;
    let mut owner = Browser::new(&app, "192.0.2.70", true);
    register(&mut owner, "target@example.org", "Target").await;
    let mut attacker = Browser::new(&app, "203.0.113.66", true);
    for attempt in 1..=8 {
        let answer = sign_in(
            &mut attacker,
            "ar",
            "target@example.org",
            &format!("guess {attempt}"),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let locked = sign_in(&mut attacker, "ar", "target@example.org", PASSWORD).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(locked.body.contains("TooManyAttempts"), "{}", locked.body);
    assert!(attacker.session.is_none());

    // The lockout is per address: the owner, elsewhere, still gets in.
    let mut owner_phone = Browser::new(&app, "198.51.100.5", true);
    assert_eq!(
        sign_in(&mut owner_phone, "en", "target@example.org", PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    // A client cannot dodge it by claiming another address: only the proxy's
    // own entry (the right-most) counts.
    let mut spoofer = attacker.clone();
    spoofer.address = "192.0.2.200, 203.0.113.66".into();
    assert_eq!(
        sign_in(&mut spoofer, "en", "target@example.org", "guess")
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guesses_sent_all_at_once_are_counted_all_at_once() {
    let (app, _stores, _dir) = app(true).await;
    let mut owner = Browser::new(&app, "192.0.2.71", true);
    register(&mut owner, "burst@example.org", "Burst").await;
    let attacker = Browser::new(&app, "203.0.113.99", true);
    let mut guesses = tokio::task::JoinSet::new();
    for n in 0..20 {
        let mut browser = attacker.clone();
        guesses.spawn(async move {
            sign_in(
                &mut browser,
                "en",
                "burst@example.org",
                &format!("guess {n}"),
            )
            .await
            .status
        });
    }
    let mut answered = Vec::new();
    while let Some(status) = guesses.join_next().await {
        answered.push(status.expect("task"));
    }
    let tried = answered
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = answered
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((tried, refused), (8, 12), "{answered:?}");
}

#[tokio::test]
async fn the_lockout_message_is_in_the_readers_language() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "203.0.113.77", true);
    for _ in 0..8 {
        sign_in(&mut browser, "ar", "x@example.org", "wrong password").await;
    }
    let page = browser
        .submit(
            "/api/sign-in",
            &[
                ("lang", "ar"),
                ("email", "x@example.org"),
                ("password", "wrong password"),
            ],
            "/ar/sign-in",
        )
        .await;
    assert_eq!(page.status, StatusCode::FOUND);
    let location = page
        .header("location")
        .expect("back to the form")
        .to_owned();
    assert!(
        location.starts_with("/ar/sign-in?error=too-many-"),
        "{location}"
    );
    let shown = browser.get(&location).await;
    let minutes = location.rsplit('-').next().expect("minutes");
    let expected = app::error::Problem::TooManyAttempts {
        minutes: minutes.parse().expect("number"),
    }
    .message(app::domain::Lang::Ar);
    assert!(shown.body.contains(&expected), "Arabic message on the page");
}

#[tokio::test]
async fn reset_requests_are_limited_to_four_an_hour_per_mailbox_and_address() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "203.0.113.88", true);
    let ask = |email: &'static str| [("lang", "en"), ("email", email)];
    for n in 1..=4 {
        let answer = browser
            .call("/api/forgot-password", &ask("r1@example.org"))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "request {n}");
    }
    let fifth = browser
        .call("/api/forgot-password", &ask("r1@example.org"))
        .await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    // Another reader behind the same address can still ask for theirs.
    let neighbour = browser
        .call("/api/forgot-password", &ask("r2@example.org"))
        .await;
    assert_eq!(neighbour.status, StatusCode::OK);
}

#[tokio::test]
async fn cross_site_posts_are_refused_before_they_change_anything() {
    let (app, stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.90", true);
    register(&mut browser, "victim@example.org", "Victim").await;
    let body = common::browser::form_body(&[
        ("lang", "en"),
        ("story_lang", "en"),
        ("slug", STORY),
        ("save", "1"),
    ]);
    for headers in [
        vec![("origin", "https://evil.example")],
        vec![
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ],
        vec![("sec-fetch-site", "same-site")],
        vec![("origin", "null")],
        // No evidence at all: refused too.
        vec![("origin", ""), ("sec-fetch-site", "")],
    ] {
        let answer = browser
            .post_raw("/api/reading-list/set", body.clone().into_bytes(), &headers)
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(answer.body.contains("CrossSite"), "{}", answer.body);
    }
    let lite = browser
        .post_raw(
            "/en/data-saver",
            b"on=1&back=/en/".to_vec(),
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(lite.status, StatusCode::FORBIDDEN);
    assert!(lite.cookies().is_empty());
    let signed_out = browser
        .post_raw(
            "/api/sign-out",
            b"lang=en".to_vec(),
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(signed_out.status, StatusCode::FORBIDDEN);
    assert!(signed_in_as(&mut browser, "Victim").await);

    let account = stores
        .accounts
        .account_by_email("victim@example.org")
        .await
        .expect("query")
        .expect("account");
    assert!(
        stores
            .accounts
            .saved(account.id)
            .await
            .expect("list")
            .is_empty()
    );
}

#[tokio::test]
async fn state_changing_server_fns_do_not_answer_get() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.91", true);
    register(&mut browser, "get@example.org", "Get").await;
    for path in [
        "/api/sign-out?lang=en",
        "/api/reading-list/set?lang=en&story_lang=en&slug=wheat-sowing-north&save=1",
        "/api/forgot-password?lang=en&email=get@example.org",
        "/api/sign-in?lang=en&email=get@example.org&password=walnut+river+lantern",
    ] {
        let answer = browser.get(path).await;
        assert!(
            answer.status.is_client_error(),
            "{path}: {} {}",
            answer.status,
            answer.body
        );
    }
    assert!(signed_in_as(&mut browser, "Get").await, "still signed in");
    let list = browser.get("/api/reading-list?lang=en").await;
    assert_eq!(list.body, "[]");
}

/// Pages rendered for one signed-in reader name a fresh nonce per response;
/// shared pages (cached, `page_cache.rs`) name digests instead.
#[tokio::test]
async fn pages_carry_a_strict_policy_and_the_security_headers() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.95", true);
    let page = browser.get("/en/article/wheat-sowing-north").await;
    assert_eq!(page.status, StatusCode::OK);
    let shared = page.header("content-security-policy").expect("CSP");
    assert!(
        shared.contains("'sha256-") && !shared.contains("nonce"),
        "{shared}"
    );
    register(&mut browser, "policy@example.org", "Policy").await;
    let page = browser.get("/en/article/wheat-sowing-north").await;
    let policy = page
        .header("content-security-policy")
        .expect("CSP")
        .to_owned();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in script-src");
    assert!(nonce.len() >= 22, "128-bit nonce: {nonce}");
    assert!(policy.contains("'strict-dynamic'") && policy.contains("'wasm-unsafe-eval'"));
    assert!(policy.contains("frame-ancestors 'none'"));
    assert!(!policy.contains("unsafe-inline"));
    // Every executable script on the page carries this response's nonce.
    for tag in page.body.split("<script").skip(1) {
        let open = tag.split('>').next().unwrap_or_default();
        if open.contains("application/ld+json") || open.contains("application/json") {
            continue;
        }
        assert!(
            open.contains(&format!("nonce=\"{nonce}\"")),
            "script without nonce: {open}"
        );
    }
    let next = browser.get("/en/article/wheat-sowing-north").await;
    assert_ne!(
        next.header("content-security-policy"),
        Some(policy.as_str()),
        "a new nonce per response"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        page.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
    assert!(
        page.header("strict-transport-security")
            .is_some_and(|v| v.contains("max-age="))
    );
    let file = browser.get("/robots.txt").await;
    assert!(
        file.header("content-security-policy")
            .is_some_and(|p| p.contains("default-src 'none'")),
        "files get a policy too"
    );
    let api = browser.get("/api/home?lang=en").await;
    assert!(api.header("content-security-policy").is_some());
}

#[tokio::test]
async fn bad_input_gets_a_4xx_with_a_reason_never_a_5xx() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.99", true);
    let huge = "x".repeat(1024 * 1024);
    let huge_email = format!("{huge}@example.org");
    // (server fn, form, what the answer must name)
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        ("/api/register", vec![("lang", "en")], ""),
        (
            "/api/register",
            vec![
                ("lang", "en"),
                ("email", &huge_email),
                ("display_name", "A"),
                ("password", PASSWORD),
            ],
            "BadEmail",
        ),
        (
            "/api/register",
            vec![
                ("lang", "en"),
                ("email", "a@example.org"),
                ("display_name", "A"),
                ("password", &huge),
            ],
            "PasswordTooLong",
        ),
        (
            "/api/register",
            vec![
                ("lang", "en"),
                ("email", "a@example.org"),
                ("display_name", &huge),
                ("password", PASSWORD),
            ],
            "BadDisplayName",
        ),
        (
            "/api/register",
            vec![
                ("lang", "en"),
                ("email", "a@example.org"),
                ("display_name", "A"),
                ("password", "short"),
            ],
            "PasswordTooShort",
        ),
        (
            "/api/register",
            vec![
                ("lang", "en"),
                ("email", "a@example.org"),
                ("display_name", "A"),
                ("password", "password123"),
            ],
            "PasswordTooCommon",
        ),
        (
            "/api/register",
            vec![
                ("lang", "en"),
                ("email", "a@example.org"),
                ("display_name", "A"),
                ("password", PASSWORD),
                ("local", "{not json"),
            ],
            "",
        ),
        (
            "/api/sign-in",
            vec![("lang", "en"), ("email", &huge_email), ("password", &huge)],
            "",
        ),
        (
            "/api/sign-in",
            vec![
                ("lang", "xx"),
                ("email", "a@example.org"),
                ("password", PASSWORD),
            ],
            "",
        ),
        (
            "/api/reset-password",
            vec![("lang", "en"), ("token", &huge), ("password", PASSWORD)],
            "BadResetLink",
        ),
        (
            "/api/forgot-password",
            vec![("lang", "en"), ("email", "not an email")],
            "BadEmail",
        ),
        (
            "/api/reading-list/set",
            vec![
                ("lang", "en"),
                ("story_lang", "en"),
                ("slug", STORY),
                ("save", "1"),
            ],
            "SignInNeeded",
        ),
    ];
    for (path, form, reason) in cases {
        let answer = browser.call(path, &form).await;
        assert!(
            answer.status.is_client_error(),
            "{path} {:?}: {}",
            form.iter().map(|(k, v)| (k, v.len())).collect::<Vec<_>>(),
            answer.status
        );
        assert!(
            answer.body.contains(reason),
            "{path}: {reason} not in {}",
            &answer.body[..answer.body.len().min(200)]
        );
    }
    let invalid_utf8 = browser
        .post_raw(
            "/api/sign-in",
            b"lang=en&email=%FF%FE@example.org&password=%C3%28".to_vec(),
            &[("accept", "application/json")],
        )
        .await;
    assert!(
        invalid_utf8.status.is_client_error(),
        "{}",
        invalid_utf8.status
    );

    register(&mut browser, "input@example.org", "Input").await;
    let unknown = browser
        .call(
            "/api/reading-list/set",
            &[
                ("lang", "en"),
                ("story_lang", "en"),
                ("slug", "no-such-story"),
                ("save", "1"),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    for (field, value) in [
        ("save", "maybe"),
        ("slug", "Not A Slug!"),
        ("story_lang", "xx"),
        ("saved_at", "yesterday"),
    ] {
        let mut form = vec![
            ("lang", "en"),
            ("story_lang", "en"),
            ("slug", STORY),
            ("save", "1"),
        ];
        form.retain(|(k, _)| *k != field);
        form.push((field, value));
        let answer = browser.call("/api/reading-list/set", &form).await;
        assert!(
            answer.status.is_client_error(),
            "{field}={value}: {}",
            answer.status
        );
    }
}

#[tokio::test]
async fn the_reading_list_merges_at_sign_in_and_follows_the_account() {
    let (app, _stores, _dir) = app(true).await;
    let mut laptop = Browser::new(&app, "192.0.2.110", true);
    register(&mut laptop, "list@example.org", "Lister").await;
    assert_eq!(save(&mut laptop, STORY, true).await.status, StatusCode::OK);
    assert_eq!(
        save(&mut laptop, STORY, true).await.status,
        StatusCode::OK,
        "saving twice is fine"
    );

    // A phone kept its own list before signing in; one story overlaps.
    let mut phone = laptop.second_device();
    let local = r#"[{"lang":"en","slug":"wheat-sowing-north","saved_at":1700000000},
                    {"lang":"fa","slug":"wheat-sowing-north","saved_at":1750000000}]"#;
    let answer = phone
        .call(
            "/api/sign-in",
            &[
                ("lang", "en"),
                ("email", "list@example.org"),
                ("password", PASSWORD),
                ("local", local),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let snapshot: app::wire::SessionSnapshot =
        serde_json::from_str(&answer.body).expect("snapshot");
    let keys: Vec<(String, String)> = snapshot
        .saved
        .iter()
        .map(|i| (i.lang.code().to_owned(), i.slug.clone()))
        .collect();
    assert_eq!(keys.len(), 2, "no duplicates, nothing lost: {keys:?}");
    assert_eq!(keys[0].0, "en", "newest saved first: {keys:?}");

    // The laptop sees the phone's story too.
    let list = laptop.get("/api/reading-list?lang=en").await;
    assert!(list.body.contains("\"lang\":\"fa\""), "{}", list.body);
    let page = laptop.get("/en/reading-list").await;
    assert!(page.body.contains("/fa/article/wheat-sowing-north"));
    // The article page renders the button pressed for this reader.
    let article = laptop.get("/en/article/wheat-sowing-north").await;
    assert!(article.body.contains("aria-pressed=\"true\""));

    assert_eq!(save(&mut laptop, STORY, false).await.status, StatusCode::OK);
    let list = phone.get("/api/reading-list?lang=en").await;
    assert!(!list.body.contains("\"lang\":\"en\""), "{}", list.body);
}

#[tokio::test]
async fn without_javascript_forms_post_and_come_back_to_a_page() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.120", true);
    // An anonymous reader's bookmark form leads to sign-in, then back.
    let answer = browser
        .submit(
            "/api/reading-list/set",
            &[
                ("lang", "en"),
                ("story_lang", "en"),
                ("slug", STORY),
                ("save", "1"),
            ],
            "/en/article/wheat-sowing-north",
        )
        .await;
    assert_eq!(answer.status, StatusCode::FOUND);
    assert_eq!(
        answer.header("location"),
        Some("/en/sign-in?next=%2Fen%2Farticle%2Fwheat-sowing-north&error=sign-in")
    );
    register(&mut browser, "nojs@example.org", "No Script").await;
    browser.call("/api/sign-out", &[("lang", "en")]).await;

    let wrong = browser
        .submit(
            "/api/sign-in",
            &[
                ("lang", "en"),
                ("email", "nojs@example.org"),
                ("password", "wrong one"),
                ("next", "/en/about"),
            ],
            "/en/sign-in",
        )
        .await;
    assert_eq!(
        wrong.header("location"),
        Some("/en/sign-in?error=credentials")
    );
    let shown = browser.get("/en/sign-in?error=credentials").await;
    assert!(shown.body.contains("The email or password is incorrect."));

    let right = browser
        .submit(
            "/api/sign-in",
            &[
                ("lang", "en"),
                ("email", "nojs@example.org"),
                ("password", PASSWORD),
                ("next", "/en/about"),
            ],
            "/en/sign-in",
        )
        .await;
    assert_eq!(right.status, StatusCode::FOUND);
    assert_eq!(right.header("location"), Some("/en/about"));
    let evil_next = browser
        .submit(
            "/api/sign-in",
            &[
                ("lang", "en"),
                ("email", "nojs@example.org"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
            "/en/sign-in",
        )
        .await;
    assert_eq!(evil_next.header("location"), Some("/en/"), "never off-site");

    let saved = browser
        .submit(
            "/api/reading-list/set",
            &[
                ("lang", "en"),
                ("story_lang", "en"),
                ("slug", STORY),
                ("save", "1"),
            ],
            "/en/article/wheat-sowing-north",
        )
        .await;
    assert_eq!(
        saved.header("location"),
        Some("/en/article/wheat-sowing-north")
    );
    let article = browser.get("/en/article/wheat-sowing-north").await;
    assert!(article.body.contains("aria-pressed=\"true\""));
}
