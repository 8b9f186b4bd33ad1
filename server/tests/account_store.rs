//! The accounts port's contract: what every database adapter must do for
//! accounts, sessions, reset links, reading lists and the outbox, run
//! against a fresh database per check. A new engine adds one line to
//! `engines!` below, as in `store_contract.rs`.

mod common;

use app::domain::{Lang, Slug};
use app::ssr::accounts::session::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
use app::ssr::accounts::store::{
    MAX_SESSIONS, NewAccount, OutgoingMail, SaveOutcome, SharedAccounts,
};
use khabar_server::store::Stores;
use time::{Duration, OffsetDateTime};

const STORY: &str = "wheat-sowing-north";
const EMAIL: &str = common::READER_EMAIL;

fn story() -> Slug {
    Slug::parse(STORY).expect("a valid slug")
}

async fn one_account_per_email(stores: Stores) {
    common::with_reader(&stores).await;
    let again = stores
        .accounts
        .create_account(&NewAccount {
            email: EMAIL.into(),
            display_name: "Other".into(),
            lang: Lang::En,
            password_hash: "x".into(),
            created_at: OffsetDateTime::now_utc(),
        })
        .await
        .expect("query");
    assert_eq!(again, None);
}

async fn sessions_end_after_a_week_idle_or_thirty_days_in_all(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let start = OffsetDateTime::now_utc();
    accounts
        .create_session("idle", account, start, "Firefox · Android")
        .await
        .expect("create");
    let almost_idle = start + IDLE_TIMEOUT - Duration::minutes(1);
    assert!(
        accounts
            .session_account("idle", almost_idle)
            .await
            .expect("q")
            .is_some()
    );
    // That visit counts: a week from it, the session still lives…
    let week_later = almost_idle + IDLE_TIMEOUT - Duration::minutes(1);
    assert!(
        accounts
            .session_account("idle", week_later)
            .await
            .expect("q")
            .is_some()
    );
    // …but not a week and a minute after the last visit.
    let too_late = week_later + IDLE_TIMEOUT + Duration::minutes(1);
    assert!(
        accounts
            .session_account("idle", too_late)
            .await
            .expect("q")
            .is_none()
    );

    // Daily visits do not stretch a session past the absolute limit.
    accounts
        .create_session("busy", account, start, "Firefox · Android")
        .await
        .expect("create");
    let mut now = start;
    while now < start + ABSOLUTE_TIMEOUT - Duration::days(1) {
        now += Duration::days(1);
        assert!(
            accounts
                .session_account("busy", now)
                .await
                .expect("q")
                .is_some(),
            "{now}"
        );
    }
    let past_limit = start + ABSOLUTE_TIMEOUT + Duration::minutes(1);
    assert!(
        accounts
            .session_account("busy", past_limit)
            .await
            .expect("q")
            .is_none()
    );
}

async fn a_new_password_ends_every_session_and_reset_link(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    accounts
        .create_session("a", account, now, "Firefox · Android")
        .await
        .expect("create");
    accounts
        .create_session("b", account, now, "Firefox · Android")
        .await
        .expect("create");
    accounts
        .create_reset("link", account, now + Duration::hours(1))
        .await
        .expect("create");
    accounts
        .remember_device("browser", account, now)
        .await
        .expect("remember");
    accounts
        .set_password(account, "new hash")
        .await
        .expect("set");
    assert!(
        !accounts
            .known_device("browser", account, now - Duration::days(1))
            .await
            .expect("q"),
        "a browser that signed in with the old password is a stranger again"
    );
    assert!(
        accounts
            .session_account("a", now)
            .await
            .expect("q")
            .is_none()
    );
    assert!(
        accounts
            .session_account("b", now)
            .await
            .expect("q")
            .is_none()
    );
    assert_eq!(accounts.take_reset("link", now).await.expect("q"), None);
    let stored = accounts
        .account(account)
        .await
        .expect("q")
        .expect("account");
    assert_eq!(stored.password_hash, "new hash");
}

async fn reset_links_work_once_and_not_after_they_expire(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    accounts
        .create_reset("once", account, now + Duration::hours(1))
        .await
        .expect("create");
    assert_eq!(
        accounts.take_reset("once", now).await.expect("q"),
        Some(account)
    );
    assert_eq!(accounts.take_reset("once", now).await.expect("q"), None);
    accounts
        .create_reset("late", account, now + Duration::hours(1))
        .await
        .expect("create");
    let later = now + Duration::hours(1) + Duration::seconds(1);
    assert_eq!(accounts.take_reset("late", later).await.expect("q"), None);
    assert_eq!(accounts.take_reset("unknown", now).await.expect("q"), None);
}

async fn the_reading_list_is_newest_first_without_duplicates_and_bounded(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    let older = now - Duration::days(2);
    assert_eq!(
        accounts
            .save(account, Lang::En, &story(), older, 10)
            .await
            .expect("save"),
        SaveOutcome::Saved
    );
    assert_eq!(
        accounts
            .save(account, Lang::Fa, &story(), now, 10)
            .await
            .expect("save"),
        SaveOutcome::Saved
    );
    assert_eq!(
        accounts
            .save(account, Lang::En, &story(), now, 10)
            .await
            .expect("save"),
        SaveOutcome::AlreadySaved
    );
    assert_eq!(
        accounts
            .save(
                account,
                Lang::En,
                &Slug::parse("no-such-story").expect("slug"),
                now,
                10
            )
            .await
            .expect("save"),
        SaveOutcome::NoSuchArticle
    );
    let list = accounts.saved(account).await.expect("list");
    let keys: Vec<_> = list.iter().map(|s| (s.lang, s.slug.as_str())).collect();
    assert_eq!(keys, vec![(Lang::Fa, STORY), (Lang::En, STORY)]);
    assert_eq!(
        list[1].saved_at.unix_timestamp(),
        older.unix_timestamp(),
        "saved time kept"
    );
    assert_eq!(
        accounts
            .save(account, Lang::Ar, &story(), now, 2)
            .await
            .expect("save"),
        SaveOutcome::ListFull
    );
    assert_eq!(
        accounts
            .save(account, Lang::Fa, &story(), now, 2)
            .await
            .expect("save"),
        SaveOutcome::AlreadySaved,
        "a full list still knows what it holds"
    );
    accounts
        .unsave(account, Lang::Fa, &story())
        .await
        .expect("unsave");
    assert_eq!(accounts.saved(account).await.expect("list").len(), 1);
}

/// Two tabs saving and unsaving one story at once: every save answers
/// saved or already saved, never "list full" for a list far from full.
async fn racing_saves_and_unsaves_never_call_a_short_list_full(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let mut tasks = Vec::new();
    for n in 0..200 {
        let accounts = stores.accounts.clone();
        tasks.push(tokio::spawn(async move {
            if n % 2 == 0 {
                let outcome = accounts
                    .save(account, Lang::En, &story(), OffsetDateTime::now_utc(), 10)
                    .await
                    .expect("save");
                Some(outcome)
            } else {
                accounts
                    .unsave(account, Lang::En, &story())
                    .await
                    .expect("unsave");
                None
            }
        }));
    }
    for task in tasks {
        let outcome = task.await.expect("task");
        assert!(
            matches!(
                outcome,
                None | Some(SaveOutcome::Saved | SaveOutcome::AlreadySaved)
            ),
            "{outcome:?}"
        );
    }
}

async fn the_outbox_keeps_every_message_newest_first(stores: Stores) {
    common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    let mail = |to: &str, subject: &str| OutgoingMail {
        to: to.into(),
        lang: Lang::Ps,
        subject: subject.into(),
        text: "متن".into(),
        html: "<p>متن</p>".into(),
    };
    let first = accounts
        .queue_mail(&mail("a@example.org", "one"), now)
        .await
        .expect("queue");
    accounts
        .queue_mail(&mail("b@example.org", "two"), now)
        .await
        .expect("queue");
    accounts
        .queue_mail(&mail("a@example.org", "three"), now)
        .await
        .expect("queue");
    accounts.mark_sent(first, now).await.expect("mark");
    let to_a = accounts
        .outbox(Some("a@example.org"))
        .await
        .expect("outbox");
    let subjects: Vec<_> = to_a.iter().map(|m| m.mail.subject.as_str()).collect();
    assert_eq!(subjects, vec!["three", "one"]);
    assert!(to_a[1].sent_at.is_some() && to_a[0].sent_at.is_none());
    assert_eq!(
        to_a[1].mail.text, "",
        "a sent message keeps only its envelope"
    );
    assert_eq!(to_a[0].mail.text, "متن");
    assert_eq!(to_a[0].mail.lang, Lang::Ps);
    assert_eq!(accounts.outbox(None).await.expect("outbox").len(), 3);
}

async fn accounts_are_found_by_id_and_email_and_renamed(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let by_email = accounts
        .account_by_email(EMAIL)
        .await
        .expect("q")
        .expect("found");
    assert_eq!(by_email.id, account);
    assert_eq!(by_email.display_name, "Reader");
    assert_eq!(by_email.lang, Lang::Fa);
    assert_eq!(
        accounts
            .account_by_email("other@example.org")
            .await
            .expect("q"),
        None
    );
    accounts
        .set_display_name(account, "نام تازه")
        .await
        .expect("rename");
    let renamed = accounts.account(account).await.expect("q").expect("found");
    assert_eq!(renamed.display_name, "نام تازه");
    assert_eq!(renamed.email, EMAIL);
    assert_eq!(accounts.account(account + 1000).await.expect("q"), None);
}

async fn signing_out_ends_only_that_session(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    for digest in ["phone", "laptop"] {
        accounts
            .create_session(digest, account, now, "Firefox · Android")
            .await
            .expect("create");
    }
    accounts.delete_session("phone").await.expect("delete");
    accounts
        .delete_session("never-existed")
        .await
        .expect("deleting an unknown session is not an error");
    assert!(
        accounts
            .session_account("phone", now)
            .await
            .expect("q")
            .is_none()
    );
    let laptop = accounts
        .session_account("laptop", now)
        .await
        .expect("q")
        .expect("still signed in");
    assert_eq!(laptop.id, account);
}

async fn a_page_finds_its_reader_and_only_their_list_in_one_look_up(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    accounts
        .create_session("phone", account, now, "Firefox · Android")
        .await
        .expect("create");
    let (found, list) = accounts
        .session_with_saved("phone", now)
        .await
        .expect("q")
        .expect("signed in with an empty list");
    assert_eq!(found.email, EMAIL);
    assert!(list.is_empty());

    let other = accounts
        .create_account(&NewAccount {
            email: "other@example.org".into(),
            display_name: "Other".into(),
            lang: Lang::En,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            created_at: now,
        })
        .await
        .expect("insert")
        .expect("new account");
    for (who, lang, at) in [
        (account, Lang::En, now - Duration::hours(1)),
        (account, Lang::Fa, now),
        (other, Lang::Ar, now),
    ] {
        assert_eq!(
            accounts
                .save(who, lang, &story(), at, 10)
                .await
                .expect("save"),
            SaveOutcome::Saved
        );
    }
    let (_, list) = accounts
        .session_with_saved("phone", now)
        .await
        .expect("q")
        .expect("signed in");
    let keys: Vec<_> = list
        .iter()
        .map(|s| (s.lang, s.slug.as_str(), s.saved_at.unix_timestamp()))
        .collect();
    assert_eq!(
        keys,
        vec![
            (Lang::Fa, STORY, now.unix_timestamp()),
            (Lang::En, STORY, (now - Duration::hours(1)).unix_timestamp()),
        ],
        "newest first, and nobody else's stories"
    );
    assert!(list.iter().all(|s| !s.title.is_empty()));

    // Like `session_account`, it marks the session seen: a reader who keeps
    // reading stays signed in past one idle period from the start.
    let later = now + IDLE_TIMEOUT - Duration::minutes(1);
    let again = later + IDLE_TIMEOUT - Duration::minutes(1);
    for when in [later, again] {
        assert!(
            accounts
                .session_with_saved("phone", when)
                .await
                .expect("q")
                .is_some()
        );
    }
    accounts.delete_session("phone").await.expect("delete");
    assert!(
        accounts
            .session_with_saved("phone", again)
            .await
            .expect("q")
            .is_none(),
        "signed out"
    );
}

/// The digests of an account's live sessions, as `sessions` lists them.
async fn live_sessions(stores: &Stores, account: i64, now: OffsetDateTime) -> Vec<String> {
    stores
        .accounts
        .sessions(account, now)
        .await
        .expect("list")
        .into_iter()
        .map(|s| s.digest)
        .collect()
}

async fn an_account_lists_its_live_sessions_and_ends_all_but_one(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    accounts
        .create_session("old", account, now - Duration::days(8), "Safari · iPhone")
        .await
        .expect("create");
    accounts
        .create_session(
            "laptop",
            account,
            now - Duration::hours(2),
            "Firefox · Linux",
        )
        .await
        .expect("create");
    accounts
        .create_session("phone", account, now, "Chrome · Android")
        .await
        .expect("create");
    let listed = accounts.sessions(account, now).await.expect("list");
    let names: Vec<_> = listed
        .iter()
        .map(|s| (s.digest.as_str(), s.device.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![("phone", "Chrome · Android"), ("laptop", "Firefox · Linux")],
        "most recently seen first, the idle one not at all"
    );
    assert_eq!(
        listed[1].created_at.unix_timestamp(),
        (now - Duration::hours(2)).unix_timestamp()
    );
    let ended = accounts
        .delete_other_sessions(account, "phone")
        .await
        .expect("end others");
    assert_eq!(ended, 2, "the idle session goes too");
    assert_eq!(live_sessions(&stores, account, now).await, vec!["phone"]);
    assert!(
        accounts
            .sessions(account + 1000, now)
            .await
            .expect("list")
            .is_empty()
    );
}

async fn an_account_keeps_only_its_most_recently_seen_sessions(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let start = OffsetDateTime::now_utc() - Duration::hours(1);
    let extra = 3;
    for n in 0..(MAX_SESSIONS + extra) {
        accounts
            .create_session(
                &format!("s{n}"),
                account,
                start + Duration::seconds(i64::from(n)),
                "Firefox · Linux",
            )
            .await
            .expect("create");
    }
    let now = OffsetDateTime::now_utc();
    let live = live_sessions(&stores, account, now).await;
    assert_eq!(live.len(), MAX_SESSIONS as usize);
    let newest = format!("s{}", MAX_SESSIONS + extra - 1);
    assert_eq!(live.first(), Some(&newest), "most recently seen first");
    for gone in 0..extra {
        assert!(
            accounts
                .session_account(&format!("s{gone}"), now)
                .await
                .expect("q")
                .is_none(),
            "the least recently seen session s{gone} ended"
        );
    }
}

async fn a_device_is_known_to_the_accounts_it_signed_in_to_lately(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    let since = now - Duration::days(90);
    assert!(
        !accounts
            .known_device("browser", account, since)
            .await
            .expect("q")
    );
    accounts
        .remember_device("browser", account, now - Duration::days(100))
        .await
        .expect("remember");
    assert!(
        !accounts
            .known_device("browser", account, since)
            .await
            .expect("q"),
        "too long ago"
    );
    accounts
        .remember_device("browser", account, now)
        .await
        .expect("remember again");
    assert!(
        accounts
            .known_device("browser", account, since)
            .await
            .expect("q")
    );
    assert!(
        !accounts
            .known_device("browser", account + 1, since)
            .await
            .expect("q")
    );
    assert!(
        !accounts
            .known_device("other", account, since)
            .await
            .expect("q")
    );
}

async fn the_sweep_deletes_only_what_has_no_use_left(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    for (digest, at) in [
        ("live", now),
        ("idle", now - IDLE_TIMEOUT - Duration::minutes(1)),
        ("ancient", now - ABSOLUTE_TIMEOUT - Duration::minutes(1)),
    ] {
        accounts
            .create_session(digest, account, at, "")
            .await
            .expect("create");
    }
    accounts
        .create_reset("fresh", account, now + Duration::hours(1))
        .await
        .expect("reset");
    accounts
        .create_reset("used", account, now + Duration::hours(1))
        .await
        .expect("reset");
    accounts.take_reset("used", now).await.expect("take");
    accounts
        .create_reset("expired", account, now - Duration::minutes(1))
        .await
        .expect("reset");
    let mail = OutgoingMail {
        to: EMAIL.into(),
        lang: Lang::En,
        subject: "s".into(),
        text: "link".into(),
        html: "<p>link</p>".into(),
    };
    let old = accounts
        .queue_mail(&mail, now - Duration::days(31))
        .await
        .expect("queue");
    accounts
        .mark_sent(old, now - Duration::days(31))
        .await
        .expect("sent");
    let recent = accounts.queue_mail(&mail, now).await.expect("queue");
    let abandoned = accounts.queue_mail(&mail, now).await.expect("queue");
    accounts
        .give_up_mail(abandoned, now, "refused")
        .await
        .expect("give up");
    accounts
        .remember_device("stale", account, now - Duration::days(400))
        .await
        .expect("device");
    accounts
        .remember_device("recent", account, now)
        .await
        .expect("device");

    let swept = accounts
        .sweep(now, Duration::days(30), Duration::days(365))
        .await
        .expect("sweep");
    assert_eq!(
        (swept.sessions, swept.reset_links, swept.mail, swept.devices),
        (2, 2, 1, 1)
    );
    assert_eq!(live_sessions(&stores, account, now).await, vec!["live"]);
    assert!(
        accounts
            .reset_account("fresh", now)
            .await
            .expect("q")
            .is_some()
    );
    let outbox = accounts.outbox(None).await.expect("outbox");
    let ids: Vec<_> = outbox.iter().map(|m| m.id).collect();
    assert_eq!(ids, vec![abandoned, recent]);
    assert_eq!(
        outbox[0].mail.text, "",
        "an abandoned message loses its body"
    );
    assert_eq!(outbox[1].mail.text, "link", "a waiting message keeps it");
    assert!(
        accounts
            .known_device("recent", account, now - Duration::days(365))
            .await
            .expect("q")
    );
    let again = accounts
        .sweep(now, Duration::days(30), Duration::days(365))
        .await
        .expect("sweep again");
    assert_eq!(
        (again.sessions, again.reset_links, again.mail, again.devices),
        (0, 0, 0, 0)
    );
}

async fn a_reset_link_names_its_account_without_being_used(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    accounts
        .create_reset("link", account, now + Duration::hours(1))
        .await
        .expect("reset");
    for _ in 0..2 {
        let found = accounts
            .reset_account("link", now)
            .await
            .expect("q")
            .expect("found");
        assert_eq!(found.email, EMAIL);
    }
    assert_eq!(
        accounts.take_reset("link", now).await.expect("take"),
        Some(account)
    );
    assert!(
        accounts
            .reset_account("link", now)
            .await
            .expect("q")
            .is_none(),
        "used"
    );
    assert!(
        accounts
            .reset_account("nothing", now)
            .await
            .expect("q")
            .is_none()
    );
    accounts
        .create_reset("late", account, now + Duration::hours(1))
        .await
        .expect("reset");
    assert!(
        accounts
            .reset_account("late", now + Duration::hours(2))
            .await
            .expect("q")
            .is_none(),
        "expired"
    );
}

/// The session generation moves with every change that a signed-in
/// reader's look-up would show (a rename, a save, a sign-out, a story
/// leaving the list), and not when a look-up only marks the session seen.
async fn every_change_a_look_up_would_show_moves_the_session_generation(stores: Stores) {
    let account = common::with_reader(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    accounts
        .create_session("phone", account, now, "Firefox · Android")
        .await
        .expect("create");
    let mut last = session_generation(accounts).await;

    accounts
        .set_display_name(account, "Renamed")
        .await
        .expect("rename");
    last = moved(accounts, last, "a rename").await;
    accounts
        .save(account, Lang::En, &story(), now, 10)
        .await
        .expect("save");
    last = moved(accounts, last, "a save").await;
    // The saved story is unpublished through the content port.
    common::unpublish(stores.articles.as_ref(), Lang::En, STORY).await;
    last = moved(accounts, last, "unpublishing a saved story").await;
    accounts
        .unsave(account, Lang::En, &story())
        .await
        .expect("unsave");
    last = moved(accounts, last, "an unsave").await;

    // Marking the session seen (a look-up well after the last) is not a
    // change anyone sees.
    let later = now + Duration::minutes(10);
    accounts
        .session_with_saved("phone", later)
        .await
        .expect("q")
        .expect("still signed in");
    assert_eq!(
        session_generation(accounts).await,
        last,
        "a look-up moved the generation"
    );

    accounts.delete_session("phone").await.expect("sign out");
    moved(accounts, last, "a sign-out").await;
}

async fn session_generation(accounts: &SharedAccounts) -> u64 {
    accounts.session_generation().await.expect("generation")
}

/// The generation now, after asserting that `what` moved it past `last`.
async fn moved(accounts: &SharedAccounts, last: u64, what: &str) -> u64 {
    let now = session_generation(accounts).await;
    assert!(now > last, "{what} did not move the session generation");
    now
}

/// The whole contract against the stores `fresh` opens.
macro_rules! every_check {
    ($fresh:path) => {
        crate::contract_checks!(
            $fresh;
            one_account_per_email,
            accounts_are_found_by_id_and_email_and_renamed,
            sessions_end_after_a_week_idle_or_thirty_days_in_all,
            signing_out_ends_only_that_session,
            a_page_finds_its_reader_and_only_their_list_in_one_look_up,
            a_new_password_ends_every_session_and_reset_link,
            reset_links_work_once_and_not_after_they_expire,
            the_reading_list_is_newest_first_without_duplicates_and_bounded,
            racing_saves_and_unsaves_never_call_a_short_list_full,
            the_outbox_keeps_every_message_newest_first,
            an_account_lists_its_live_sessions_and_ends_all_but_one,
            an_account_keeps_only_its_most_recently_seen_sessions,
            a_device_is_known_to_the_accounts_it_signed_in_to_lately,
            the_sweep_deletes_only_what_has_no_use_left,
            a_reset_link_names_its_account_without_being_used,
            every_change_a_look_up_would_show_moves_the_session_generation,
        );
    };
}

/// Every check against SQLite; another engine adds a module like this one.
mod sqlite {
    use super::*;
    every_check!(common::fresh_stores);
}

/// Every check again through the session cache the app puts in front of
/// the database: it answers as the database would.
mod sqlite_through_the_session_cache {
    use super::*;
    every_check!(common::fresh_stores_through_the_session_cache);
}
