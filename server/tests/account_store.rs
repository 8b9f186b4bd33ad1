//! The accounts port against SQLite: session timeouts, reset links used
//! once, reading-list order and limits, and the outbox.

mod common;

use app::accounts::session::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
use app::accounts::store::{NewAccount, OutgoingMail, SaveOutcome};
use app::domain::Lang;
use time::{Duration, OffsetDateTime};

const STORY: &str = "wheat-sowing-north";

async fn store_with_account() -> (khabar_server::store::Stores, i64, tempfile::TempDir) {
    let (stores, dir) = common::fresh_stores().await;
    khabar_server::content::load_if_empty(stores.articles.as_ref())
        .await
        .expect("demo content");
    let id = stores
        .accounts
        .create_account(&NewAccount {
            email: "reader@example.org".into(),
            display_name: "Reader".into(),
            lang: Lang::Fa,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            created_at: OffsetDateTime::now_utc(),
        })
        .await
        .expect("insert")
        .expect("new account");
    (stores, id, dir)
}

#[tokio::test]
async fn one_account_per_email() {
    let (stores, _, _dir) = store_with_account().await;
    let again = stores
        .accounts
        .create_account(&NewAccount {
            email: "reader@example.org".into(),
            display_name: "Other".into(),
            lang: Lang::En,
            password_hash: "x".into(),
            created_at: OffsetDateTime::now_utc(),
        })
        .await
        .expect("query");
    assert_eq!(again, None);
}

#[tokio::test]
async fn sessions_end_after_a_week_idle_or_thirty_days_in_all() {
    let (stores, account, _dir) = store_with_account().await;
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

#[tokio::test]
async fn a_new_password_ends_every_session_and_reset_link() {
    let (stores, account, _dir) = store_with_account().await;
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

#[tokio::test]
async fn reset_links_work_once_and_not_after_they_expire() {
    let (stores, account, _dir) = store_with_account().await;
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

#[tokio::test]
async fn the_reading_list_is_newest_first_without_duplicates_and_bounded() {
    let (stores, account, _dir) = store_with_account().await;
    let accounts = &stores.accounts;
    let now = OffsetDateTime::now_utc();
    let older = now - Duration::days(2);
    assert_eq!(
        accounts
            .save(account, Lang::En, STORY, older, 10)
            .await
            .expect("save"),
        SaveOutcome::Saved
    );
    assert_eq!(
        accounts
            .save(account, Lang::Fa, STORY, now, 10)
            .await
            .expect("save"),
        SaveOutcome::Saved
    );
    assert_eq!(
        accounts
            .save(account, Lang::En, STORY, now, 10)
            .await
            .expect("save"),
        SaveOutcome::AlreadySaved
    );
    assert_eq!(
        accounts
            .save(account, Lang::En, "no-such-story", now, 10)
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
            .save(account, Lang::Ar, STORY, now, 2)
            .await
            .expect("save"),
        SaveOutcome::ListFull
    );
    assert_eq!(
        accounts
            .save(account, Lang::Fa, STORY, now, 2)
            .await
            .expect("save"),
        SaveOutcome::AlreadySaved,
        "a full list still knows what it holds"
    );
    accounts
        .unsave(account, Lang::Fa, STORY)
        .await
        .expect("unsave");
    assert_eq!(accounts.saved(account).await.expect("list").len(), 1);
}

#[tokio::test]
async fn the_outbox_keeps_every_message_newest_first() {
    let (stores, _, _dir) = store_with_account().await;
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
