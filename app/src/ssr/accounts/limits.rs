//! Which account actions are limited, by what, and how far (the numbers
//! and the reasoning are in `docs/decisions.md`, "Throttling sign-in").
//!
//! Failed sign-ins count per (address, account): a reader guessing one
//! account locks out only themselves on that account, not the other
//! readers behind the same carrier address. Two wider limits stop the
//! guesses that pair limit alone would let through: a generous ceiling per
//! address (one attacker trying many accounts) and one per account (many
//! addresses guessing one). A browser that has signed in to the account
//! before (its device cookie says so) is judged by the pair limit only, so
//! neither ceiling can lock a reader out of their own account on their own
//! phone. Successful sign-ins and registrations are limited per address
//! too: each leaves a session or an account behind. Reset emails are
//! limited per address and per recipient.
//!
//! Kept in this process's memory: a restart forgets them, which gives an
//! attacker one fresh window at most.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use super::throttle::{Place, Rule, Throttle, key};

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(60 * 60);
const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Eight failures on one account from one address in ten minutes: one
/// minute, then 2, 4, … up to a day.
pub const PAIR: Rule = Rule {
    max: 8,
    window: Duration::from_secs(10 * 60),
    lockout: MINUTE,
    max_lockout: DAY,
};

/// A hundred failures from one address in ten minutes, over any accounts:
/// far above what the readers of one carrier address mistype, far below
/// what guessing needs. Five minutes, doubling up to an hour.
pub const ADDRESS: Rule = Rule {
    max: 100,
    window: Duration::from_secs(10 * 60),
    lockout: Duration::from_secs(5 * 60),
    max_lockout: HOUR,
};

/// Thirty failures on one account in an hour, from any addresses: fifteen
/// minutes, doubling up to a day (for browsers that never signed in to it).
pub const ACCOUNT: Rule = Rule {
    max: 30,
    window: HOUR,
    lockout: Duration::from_secs(15 * 60),
    max_lockout: DAY,
};

/// Sixty sign-ins to one account from one address in ten minutes: each
/// leaves a session. Counted per account, so that signing in to one's own
/// account in a loop cannot close the address to its other readers.
pub const SIGN_INS: Rule = Rule {
    max: 60,
    window: Duration::from_secs(10 * 60),
    lockout: Duration::from_secs(10 * 60),
    max_lockout: HOUR,
};

/// Ten new accounts from one address an hour.
pub const REGISTRATIONS: Rule = Rule {
    max: 10,
    window: HOUR,
    lockout: HOUR,
    max_lockout: DAY,
};

/// Four reset emails asked for one mailbox from one address an hour.
pub const RESETS: Rule = Rule {
    max: 4,
    window: HOUR,
    lockout: HOUR,
    max_lockout: DAY,
};

/// Thirty reset requests from one address an hour, for any mailboxes: a
/// ceiling far above a carrier address's forgetful readers.
pub const RESETS_PER_ADDRESS: Rule = Rule {
    max: 30,
    window: HOUR,
    lockout: HOUR,
    max_lockout: DAY,
};

/// Three reset emails to one mailbox an hour, whoever asks.
pub const RECIPIENT: Rule = Rule {
    max: 3,
    window: HOUR,
    lockout: HOUR,
    max_lockout: DAY,
};

/// Keys each table keeps at most (see `throttle.rs`).
const CAPACITY: usize = 100_000;

/// An account as the limits know it: its email as typed and tidied, also
/// for emails with no account (counting those differently would tell
/// which emails have accounts).
pub type AccountKey = String;

/// The limits the account server fns apply, shared by every request.
pub struct Limits {
    pair: Throttle<(IpAddr, AccountKey)>,
    address: Throttle<IpAddr>,
    account: Throttle<AccountKey>,
    sign_ins: Throttle<(IpAddr, AccountKey)>,
    registrations: Throttle<IpAddr>,
    resets: Throttle<(IpAddr, AccountKey)>,
    reset_addresses: Throttle<IpAddr>,
    recipients: Throttle<AccountKey>,
}

/// A password attempt admitted by [`Limits::begin_password`]: say how it
/// went with [`failed`](Attempt::failed) or [`succeeded`](Attempt::succeeded).
/// Dropped without either (an error midway), it frees its places uncounted.
pub struct Attempt<'a> {
    address: IpAddr,
    /// Taken for a success.
    sign_in: Place<'a, (IpAddr, AccountKey)>,
    /// Taken for a failure: the pair's place, then the address's and the
    /// account's unless the browser is a known device.
    pair: Place<'a, (IpAddr, AccountKey)>,
    strangers: Option<(Place<'a, IpAddr>, Place<'a, AccountKey>)>,
}

impl Attempt<'_> {
    /// A wrong password (or no such account): counts on every limit that
    /// admitted it as a failure.
    pub fn failed(self, now: Instant) {
        let Attempt {
            address,
            sign_in,
            pair,
            strangers,
        } = self;
        drop(sign_in);
        let mut lockouts = vec![("pair", pair.fail(now))];
        if let Some((by_address, by_account)) = strangers {
            lockouts.push(("address", by_address.fail(now)));
            lockouts.push(("account", by_account.fail(now)));
        }
        for (scope, lockout) in lockouts {
            if let Some(lockout) = lockout {
                tracing::warn!(event = "throttle_lockout", scope, address = %address, seconds = lockout.as_secs());
            }
        }
    }

    /// The right password: frees its failure places, and counts as a
    /// sign-in.
    pub fn succeeded(self, now: Instant) {
        let Attempt {
            address, sign_in, ..
        } = self;
        if let Some(lockout) = sign_in.fail(now) {
            tracing::warn!(event = "throttle_lockout", scope = "sign_ins", address = %address, seconds = lockout.as_secs());
        }
    }
}

impl Limits {
    pub fn new() -> Limits {
        Limits {
            pair: Throttle::new(PAIR, CAPACITY),
            address: Throttle::new(ADDRESS, CAPACITY),
            account: Throttle::new(ACCOUNT, CAPACITY),
            sign_ins: Throttle::new(SIGN_INS, CAPACITY),
            registrations: Throttle::new(REGISTRATIONS, CAPACITY),
            resets: Throttle::new(RESETS, CAPACITY),
            reset_addresses: Throttle::new(RESETS_PER_ADDRESS, CAPACITY),
            recipients: Throttle::new(RECIPIENT, CAPACITY),
        }
    }

    /// Admits a password check (sign-in, registration's "is the email
    /// free", re-entering the password on the account page) for `account`
    /// from `address`, or says how long to wait. `known_device`: the
    /// browser has signed in to this account before.
    pub fn begin_password(
        &self,
        address: IpAddr,
        account: &str,
        known_device: bool,
        now: Instant,
    ) -> Result<Attempt<'_>, Duration> {
        let address = key(address);
        let pair = (address, account.to_owned());
        // Every place is taken before the attempt runs (a success counts
        // as a sign-in, a failure as a failure), so a burst is judged as a
        // whole; a refusal frees the places already taken.
        let sign_in = self.sign_ins.hold(pair.clone(), now)?;
        let pair = self.pair.hold(pair, now)?;
        let strangers = if known_device {
            None
        } else {
            let by_address = self.address.hold(address, now)?;
            Some((by_address, self.account.hold(account.to_owned(), now)?))
        };
        Ok(Attempt {
            address,
            sign_in,
            pair,
            strangers,
        })
    }

    /// Admits a registration from `address`, or says how long to wait.
    /// Say how it went with [`Registration::created`]; dropped without, it
    /// frees its place uncounted (the email was taken, or an error).
    pub fn begin_registration(
        &self,
        address: IpAddr,
        now: Instant,
    ) -> Result<Registration<'_>, Duration> {
        Ok(Registration {
            place: self.registrations.hold(key(address), now)?,
        })
    }

    /// Counts a reset request for `recipient` from `address`, or refuses it.
    pub fn reset_request(
        &self,
        address: IpAddr,
        recipient: &str,
        now: Instant,
    ) -> Result<(), Duration> {
        let address = key(address);
        let by_mailbox = self.resets.hold((address, recipient.to_owned()), now)?;
        let by_address = self.reset_addresses.hold(address, now)?;
        by_mailbox.fail(now);
        by_address.fail(now);
        Ok(())
    }

    /// Whether another reset email may go to `recipient` now; counts it if
    /// so. A refusal is silent (the answer is the same either way).
    pub fn reset_mail(&self, recipient: &str, now: Instant) -> bool {
        self.recipients
            .hold(recipient.to_owned(), now)
            .map(|place| place.fail(now))
            .is_ok()
    }
}

/// A registration admitted by [`Limits::begin_registration`].
pub struct Registration<'a> {
    place: Place<'a, IpAddr>,
}

impl Registration<'_> {
    /// The account was created: it counts.
    pub fn created(self, now: Instant) {
        self.place.fail(now);
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::new(203, 0, 113, last))
    }

    fn fail(limits: &Limits, address: IpAddr, account: &str, now: Instant) -> Result<(), Duration> {
        limits
            .begin_password(address, account, false, now)
            .map(|attempt| attempt.failed(now))
    }

    fn sign_in(
        limits: &Limits,
        address: IpAddr,
        account: &str,
        now: Instant,
    ) -> Result<(), Duration> {
        limits
            .begin_password(address, account, false, now)
            .map(|attempt| attempt.succeeded(now))
    }

    #[test]
    fn a_guesser_behind_a_carrier_address_does_not_lock_out_its_other_readers() {
        let limits = Limits::new();
        let carrier = ip(1);
        let now = Instant::now();
        for _ in 0..PAIR.max {
            fail(&limits, carrier, "victim@example.org", now).expect("admitted");
        }
        assert!(fail(&limits, carrier, "victim@example.org", now).is_err());
        for reader in 0..50 {
            let email = format!("reader{reader}@example.org");
            // A typo first, then the right password.
            fail(&limits, carrier, &email, now).expect("a typo is allowed");
            sign_in(&limits, carrier, &email, now).expect("the reader gets in");
        }
    }

    /// As many failures from `address` as its ceiling allows, each on an
    /// account of its own.
    fn reach_the_address_ceiling(limits: &Limits, address: IpAddr, now: Instant) {
        for n in 0..ADDRESS.max {
            fail(limits, address, &format!("a{n}@example.org"), now).expect("under the ceiling");
        }
    }

    #[test]
    fn the_address_ceiling_stops_one_address_trying_many_accounts() {
        let limits = Limits::new();
        let now = Instant::now();
        reach_the_address_ceiling(&limits, ip(2), now);
        assert!(fail(&limits, ip(2), "another@example.org", now).is_err());
        // A browser that signed in to its account before is not held by it.
        let attempt = limits.begin_password(ip(2), "mine@example.org", true, now);
        assert!(attempt.is_ok());
    }

    #[test]
    fn the_account_limit_stops_many_addresses_guessing_one_account_but_not_its_devices() {
        let limits = Limits::new();
        let now = Instant::now();
        for n in 0..ACCOUNT.max {
            let address = ip(u8::try_from(10 + n).expect("small"));
            fail(&limits, address, "target@example.org", now).expect("under the limit");
        }
        assert!(fail(&limits, ip(200), "target@example.org", now).is_err());
        let own_phone = limits.begin_password(ip(201), "target@example.org", true, now);
        assert!(own_phone.is_ok(), "the owner's own browser still signs in");
    }

    #[test]
    fn successful_sign_ins_and_registrations_are_limited_per_address() {
        let limits = Limits::new();
        let now = Instant::now();
        for n in 0..SIGN_INS.max {
            sign_in(&limits, ip(3), "looping@example.org", now)
                .unwrap_or_else(|_| panic!("sign-in {n}"));
        }
        assert!(sign_in(&limits, ip(3), "looping@example.org", now).is_err());
        assert!(
            sign_in(&limits, ip(3), "neighbour@example.org", now).is_ok(),
            "the address stays open to its other readers"
        );
        // A burst is judged as a whole: places are taken before hashing.
        let burst: Vec<_> = (0..REGISTRATIONS.max + 5)
            .filter_map(|_| limits.begin_registration(ip(4), now).ok())
            .collect();
        assert_eq!(burst.len(), REGISTRATIONS.max);
        burst.into_iter().for_each(|r| r.created(now));
        assert!(limits.begin_registration(ip(4), now).is_err());
        assert!(limits.begin_registration(ip(5), now).is_ok());
        // A registration that fails (email taken) does not count.
        for _ in 0..(REGISTRATIONS.max * 2) {
            drop(limits.begin_registration(ip(6), now).expect("admitted"));
        }
    }

    #[test]
    fn reset_mail_is_limited_per_recipient_whoever_asks() {
        let limits = Limits::new();
        let now = Instant::now();
        let sent = (0..10)
            .filter(|n| {
                limits
                    .reset_request(ip(30 + n), "victim@example.org", now)
                    .expect("each address asks once");
                limits.reset_mail("victim@example.org", now)
            })
            .count();
        assert_eq!(sent, RECIPIENT.max);
        assert!(limits.reset_mail("someone-else@example.org", now));
    }

    #[test]
    fn reset_requests_are_limited_per_mailbox_and_address_with_a_ceiling() {
        let limits = Limits::new();
        let now = Instant::now();
        for _ in 0..RESETS.max {
            limits
                .reset_request(ip(7), "forgetful@example.org", now)
                .expect("admitted");
        }
        assert!(
            limits
                .reset_request(ip(7), "forgetful@example.org", now)
                .is_err()
        );
        let others = (0..RESETS_PER_ADDRESS.max)
            .filter(|n| {
                limits
                    .reset_request(ip(7), &format!("r{n}@example.org"), now)
                    .is_ok()
            })
            .count();
        assert_eq!(
            others,
            RESETS_PER_ADDRESS.max - RESETS.max,
            "the ceiling holds"
        );
        assert!(
            limits
                .reset_request(ip(8), "forgetful@example.org", now)
                .is_ok()
        );
    }

    #[test]
    fn an_attempt_abandoned_midway_frees_its_places() {
        let limits = Limits::new();
        let now = Instant::now();
        for _ in 0..(PAIR.max * 2) {
            let attempt = limits.begin_password(ip(6), "x@example.org", false, now);
            drop(attempt.expect("admitted: the last one was abandoned"));
        }
    }

    #[test]
    fn an_attempt_refused_by_a_later_limit_frees_the_places_it_took() {
        let limits = Limits::new();
        let now = Instant::now();
        reach_the_address_ceiling(&limits, ip(9), now);
        // Each is refused by the address after taking its sign-in and pair
        // places; kept, they would fill the pair's limit.
        for _ in 0..(PAIR.max * 2) {
            assert!(fail(&limits, ip(9), "owner@example.org", now).is_err());
        }
        let own_browser = limits.begin_password(ip(9), "owner@example.org", true, now);
        assert!(own_browser.is_ok(), "the pair's places were freed");
    }
}
