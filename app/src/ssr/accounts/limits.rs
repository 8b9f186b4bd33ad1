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

use super::throttle::{Rule, Throttle, key};

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

/// Sixty sign-ins from one address in ten minutes: each leaves a session.
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

/// Four reset emails asked for from one address an hour.
pub const RESETS: Rule = Rule {
    max: 4,
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
    sign_ins: Throttle<IpAddr>,
    registrations: Throttle<IpAddr>,
    resets: Throttle<IpAddr>,
    recipients: Throttle<AccountKey>,
}

/// A password attempt admitted by [`Limits::begin_password`]: say how it
/// went with [`failed`](Attempt::failed) or [`succeeded`](Attempt::succeeded).
/// Dropped without either (an error midway), it frees its places uncounted.
pub struct Attempt<'a> {
    limits: &'a Limits,
    address: IpAddr,
    account: AccountKey,
    known_device: bool,
    open: bool,
}

impl Attempt<'_> {
    /// A wrong password (or no such account): counts on every limit that
    /// admitted it.
    pub fn failed(mut self, now: Instant) {
        self.open = false;
        let limits = self.limits;
        let pair = (self.address, self.account.clone());
        let mut lockouts = vec![("pair", limits.pair.fail(&pair, now))];
        if !self.known_device {
            lockouts.push(("address", limits.address.fail(&self.address, now)));
            lockouts.push(("account", limits.account.fail(&self.account, now)));
        }
        for (scope, lockout) in lockouts {
            if let Some(lockout) = lockout {
                tracing::warn!(event = "throttle_lockout", scope, address = %self.address, seconds = lockout.as_secs());
            }
        }
    }

    /// The right password: frees its places; a sign-in counts as one.
    pub fn succeeded(mut self, now: Instant) {
        self.close();
        if !self.known_device
            && let Some(lockout) = self.limits.sign_ins.record(&self.address, now)
        {
            tracing::warn!(event = "throttle_lockout", scope = "sign_ins", address = %self.address, seconds = lockout.as_secs());
        }
    }

    fn close(&mut self) {
        if !std::mem::replace(&mut self.open, false) {
            return;
        }
        let limits = self.limits;
        limits.pair.release(&(self.address, self.account.clone()));
        if !self.known_device {
            limits.address.release(&self.address);
            limits.account.release(&self.account);
        }
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        self.close();
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
        let account = account.to_owned();
        let pair = (address, account.clone());
        if !known_device {
            // Successful sign-ins are limited too, but only checked here:
            // they count once they happened.
            self.sign_ins.check(&address, now)?;
        }
        self.pair.begin(&pair, now)?;
        if !known_device {
            if let Err(wait) = self.address.begin(&address, now) {
                self.pair.release(&pair);
                return Err(wait);
            }
            if let Err(wait) = self.account.begin(&account, now) {
                self.pair.release(&pair);
                self.address.release(&address);
                return Err(wait);
            }
        }
        Ok(Attempt {
            limits: self,
            address,
            account,
            known_device,
            open: true,
        })
    }

    /// Whether `address` may register another account now.
    pub fn check_registration(&self, address: IpAddr, now: Instant) -> Result<(), Duration> {
        self.registrations.check(&key(address), now)
    }

    pub fn registered(&self, address: IpAddr, now: Instant) {
        self.registrations.record(&key(address), now);
    }

    /// Counts a reset request from `address`, or refuses it.
    pub fn reset_request(&self, address: IpAddr, now: Instant) -> Result<(), Duration> {
        let address = key(address);
        self.resets.begin(&address, now)?;
        self.resets.fail(&address, now);
        Ok(())
    }

    /// Whether another reset email may go to `recipient` now; counts it if
    /// so. A refusal is silent (the answer is the same either way).
    pub fn reset_mail(&self, recipient: &str, now: Instant) -> bool {
        let recipient = recipient.to_owned();
        if self.recipients.begin(&recipient, now).is_err() {
            return false;
        }
        self.recipients.fail(&recipient, now);
        true
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

    #[test]
    fn the_address_ceiling_stops_one_address_trying_many_accounts() {
        let limits = Limits::new();
        let now = Instant::now();
        for n in 0..ADDRESS.max {
            fail(&limits, ip(2), &format!("a{n}@example.org"), now).expect("under the ceiling");
        }
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
            sign_in(&limits, ip(3), &format!("s{n}@example.org"), now).expect("admitted");
        }
        assert!(sign_in(&limits, ip(3), "one-more@example.org", now).is_err());
        for _ in 0..REGISTRATIONS.max {
            limits.check_registration(ip(4), now).expect("admitted");
            limits.registered(ip(4), now);
        }
        assert!(limits.check_registration(ip(4), now).is_err());
        assert!(limits.check_registration(ip(5), now).is_ok());
    }

    #[test]
    fn reset_mail_is_limited_per_recipient_whoever_asks() {
        let limits = Limits::new();
        let now = Instant::now();
        let sent = (0..10)
            .filter(|n| {
                limits
                    .reset_request(ip(30 + n), now)
                    .expect("each address asks once");
                limits.reset_mail("victim@example.org", now)
            })
            .count();
        assert_eq!(sent, RECIPIENT.max);
        assert!(limits.reset_mail("someone-else@example.org", now));
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
}
