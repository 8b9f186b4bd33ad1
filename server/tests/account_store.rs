//! The accounts port's contract: what every database adapter must do for
//! accounts, sessions, reset links, reading lists and the outbox, run
//! against a fresh database per check. A new engine adds one line to
//! `engines!` below, as in `store_contract.rs`.

mod common;

use app::domain::{Lang, Slug};
use app::ssr::accounts::session::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
use app::ssr::accounts::store::{NewAccount, OutgoingMail, SaveOutcome};
use khabar_server::store::Stores;
use time::{Duration, OffsetDateTime};

const STORY: &str = "wheat-sowing-north";
const EMAIL: &str = "reader@example.org";

fn story() -> Slug {
    Slug::parse(STORY).expect("a valid slug")
}

/// Fills the fresh database with the demo stories (reading lists point at
/// them) and adds one account; returns its id.
async fn with_account(stores: &Stores) -> i64 {
    khabar_server::content::load_if_empty(stores.articles.as_ref())
        .await
        .expect("demo content");
    stores
        .accounts
        .create_account(&NewAccount {
            email: EMAIL.into(),
            display_name: "Reader".into(),
            lang: Lang::Fa,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            created_at: OffsetDateTime::now_utc(),
        })
        .await
        .expect("insert")
        .expect("new account")
}

async fn one_account_per_email(stores: Stores) {
    with_account(&stores).await;
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
    let account = with_account(&stores).await;
    let accounts = &stores.accounts;
    let start = OffsetDateTime::now_utc();
    accounts
        .create_session("idle", account, start)
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
        .create_session("busy", account, start)
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
    let account = with_account(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    accounts
        .create_session("a", account, now)
        .await
        .expect("create");
    accounts
        .create_session("b", account, now)
        .await
        .expect("create");
    accounts
        .create_reset("link", account, now + Duration::hours(1))
        .await
        .expect("create");
    accounts
        .set_password(account, "new hash")
        .await
        .expect("set");
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
    let account = with_account(&stores).await;
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
    let account = with_account(&stores).await;
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
    let account = with_account(&stores).await;
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
    with_account(&stores).await;
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
    let account = with_account(&stores).await;
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
    let account = with_account(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    for digest in ["phone", "laptop"] {
        accounts
            .create_session(digest, account, now)
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
    let account = with_account(&stores).await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    accounts
        .create_session("phone", account, now)
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

/// Every check against SQLite; another engine adds a module like this one.
mod sqlite {
    use super::*;
    crate::contract_checks!(
        common::fresh_stores;
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
    );
}
