//! The newsroom port's contract: staff roles and the audit log, run
//! against a fresh database per check. A new engine adds one module at the
//! end, as in `store_contract.rs`.

mod common;

use app::domain::Role;
use app::ssr::newsroom::store::{Actor, AuditAction, AuditScope, RoleChange, RoleOutcome};
use common::staff::account;
use khabar_server::store::Stores;
use time::{Duration, OffsetDateTime};

fn change(account: i64, role: Option<Role>, by: Actor) -> RoleChange {
    RoleChange {
        account,
        role,
        by,
        at: OffsetDateTime::now_utc(),
    }
}

async fn set(stores: &Stores, account: i64, role: Option<Role>, by: Actor) -> RoleOutcome {
    stores
        .newsroom
        .set_role(&change(account, role, by))
        .await
        .expect("set role")
}

async fn a_reader_has_no_role_until_one_is_given_and_staff_are_listed_by_role(stores: Stores) {
    let newsroom = &stores.newsroom;
    let writer = account(&stores, "writer@example.org").await;
    let admin = account(&stores, "admin@example.org").await;
    let editor = account(&stores, "editor@example.org").await;
    let reader = account(&stores, "reader@example.org").await;
    assert_eq!(newsroom.role(writer).await.expect("role"), None);
    assert!(newsroom.staff().await.expect("staff").is_empty());

    for (id, role) in [
        (writer, Role::Writer),
        (admin, Role::Admin),
        (editor, Role::Editor),
    ] {
        assert_eq!(
            set(&stores, id, Some(role), Actor::CommandLine).await,
            RoleOutcome::Changed
        );
        assert_eq!(newsroom.role(id).await.expect("role"), Some(role));
    }
    assert_eq!(newsroom.role(reader).await.expect("role"), None);
    assert_eq!(newsroom.role(9_999).await.expect("role"), None);

    let staff = newsroom.staff().await.expect("staff");
    let listed: Vec<(&str, Role)> = staff.iter().map(|m| (m.email.as_str(), m.role)).collect();
    assert_eq!(
        listed,
        [
            ("admin@example.org", Role::Admin),
            ("editor@example.org", Role::Editor),
            ("writer@example.org", Role::Writer),
        ]
    );
    assert_eq!(staff[0].display_name, "admin");
    assert_eq!(staff[0].account, admin);

    // Taken away: a reader again, off the list.
    assert_eq!(
        set(&stores, writer, None, Actor::Account(admin)).await,
        RoleOutcome::Changed
    );
    assert_eq!(newsroom.role(writer).await.expect("role"), None);
    assert_eq!(newsroom.staff().await.expect("staff").len(), 2);
}

async fn every_role_change_is_logged_with_who_made_it_and_nothing_else_is(stores: Stores) {
    let newsroom = &stores.newsroom;
    let admin = account(&stores, "admin@example.org").await;
    let writer = account(&stores, "writer@example.org").await;
    let start = OffsetDateTime::now_utc();
    let at = |seconds| start + Duration::seconds(seconds);
    for (account, role, by, second, expected) in [
        (
            admin,
            Some(Role::Admin),
            Actor::CommandLine,
            0,
            RoleOutcome::Changed,
        ),
        (
            writer,
            Some(Role::Writer),
            Actor::Account(admin),
            1,
            RoleOutcome::Changed,
        ),
        // The same role again changes nothing and is not logged.
        (
            writer,
            Some(Role::Writer),
            Actor::Account(admin),
            2,
            RoleOutcome::Unchanged,
        ),
        (
            writer,
            Some(Role::Editor),
            Actor::Account(admin),
            3,
            RoleOutcome::Changed,
        ),
    ] {
        let change = RoleChange {
            account,
            role,
            by,
            at: at(second),
        };
        assert_eq!(
            newsroom.set_role(&change).await.expect("set role"),
            expected
        );
    }
    // A role is "since" its latest change.
    let staff = newsroom.staff().await.expect("staff");
    let member = staff.iter().find(|m| m.account == writer).expect("listed");
    assert_eq!(member.since.unix_timestamp(), at(3).unix_timestamp());

    let log = newsroom
        .audit_log(AuditScope::Roles, 10)
        .await
        .expect("log");
    let lines: Vec<_> = log
        .iter()
        .map(|e| (e.actor, e.actor_email.as_str(), e.account, e.action.clone()))
        .collect();
    assert_eq!(
        lines,
        [
            (
                Some(admin),
                "admin@example.org",
                Some(writer),
                AuditAction::Role {
                    from: Some(Role::Writer),
                    to: Some(Role::Editor)
                }
            ),
            (
                Some(admin),
                "admin@example.org",
                Some(writer),
                AuditAction::Role {
                    from: None,
                    to: Some(Role::Writer)
                }
            ),
            (
                None,
                "",
                Some(admin),
                AuditAction::Role {
                    from: None,
                    to: Some(Role::Admin)
                }
            ),
        ]
    );
    assert_eq!(log[0].at.unix_timestamp(), at(3).unix_timestamp());
    assert_eq!(log[0].account_email.as_deref(), Some("writer@example.org"));
    assert_eq!(log[2].account_email.as_deref(), Some("admin@example.org"));
    assert_eq!(
        newsroom
            .audit_log(AuditScope::Roles, 1)
            .await
            .expect("log")
            .len(),
        1
    );
}

async fn a_role_for_an_unknown_account_changes_nothing(stores: Stores) {
    assert_eq!(
        set(&stores, 4_242, Some(Role::Admin), Actor::CommandLine).await,
        RoleOutcome::NoSuchAccount
    );
    assert!(stores.newsroom.staff().await.expect("staff").is_empty());
    assert!(
        stores
            .newsroom
            .audit_log(AuditScope::Roles, 10)
            .await
            .expect("log")
            .is_empty()
    );
}

async fn the_last_admin_can_neither_leave_nor_step_down(stores: Stores) {
    let newsroom = &stores.newsroom;
    let first = account(&stores, "first@example.org").await;
    let second = account(&stores, "second@example.org").await;
    set(&stores, first, Some(Role::Admin), Actor::CommandLine).await;
    for role in [None, Some(Role::Editor), Some(Role::Writer)] {
        assert_eq!(
            set(&stores, first, role, Actor::Account(first)).await,
            RoleOutcome::LastAdmin
        );
        assert_eq!(newsroom.role(first).await.expect("role"), Some(Role::Admin));
    }
    // Refusals leave no line in the log.
    assert_eq!(
        newsroom
            .audit_log(AuditScope::Roles, 10)
            .await
            .expect("log")
            .len(),
        1
    );

    // With a second admin, either may go, but not both.
    set(&stores, second, Some(Role::Admin), Actor::Account(first)).await;
    assert_eq!(
        set(&stores, first, Some(Role::Editor), Actor::Account(first)).await,
        RoleOutcome::Changed
    );
    assert_eq!(
        set(&stores, second, None, Actor::Account(second)).await,
        RoleOutcome::LastAdmin
    );
}

async fn two_admins_removing_each_other_at_once_leave_one(stores: Stores) {
    for round in 0..10 {
        let a = account(&stores, &format!("a{round}@example.org")).await;
        let b = account(&stores, &format!("b{round}@example.org")).await;
        set(&stores, a, Some(Role::Admin), Actor::CommandLine).await;
        set(&stores, b, Some(Role::Admin), Actor::CommandLine).await;
        // Every earlier round's survivor steps down, so a and b are the
        // only admins.
        for member in stores.newsroom.staff().await.expect("staff") {
            if member.account != a && member.account != b {
                set(&stores, member.account, None, Actor::CommandLine).await;
            }
        }
        let (one, other) = tokio::join!(
            set(&stores, a, None, Actor::Account(b)),
            set(&stores, b, None, Actor::Account(a)),
        );
        let mut outcomes = [one, other];
        outcomes.sort_by_key(|o| format!("{o:?}"));
        assert_eq!(outcomes, [RoleOutcome::Changed, RoleOutcome::LastAdmin]);
        let admins = stores
            .newsroom
            .staff()
            .await
            .expect("staff")
            .into_iter()
            .filter(|m| m.role == Role::Admin)
            .count();
        assert_eq!(admins, 1, "round {round}");
    }
}

macro_rules! every_check {
    ($fresh:path) => {
        crate::contract_checks!(
            $fresh;
            a_reader_has_no_role_until_one_is_given_and_staff_are_listed_by_role,
            every_role_change_is_logged_with_who_made_it_and_nothing_else_is,
            a_role_for_an_unknown_account_changes_nothing,
            the_last_admin_can_neither_leave_nor_step_down,
            two_admins_removing_each_other_at_once_leave_one,
        );
    };
}

/// Every check against SQLite; another engine adds a module like this one.
mod sqlite {
    use super::*;
    every_check!(common::fresh_stores);
}
