//! Per-address rate limits for sign-in failures and reset requests. Kept in
//! memory: one server process owns them, and a restart forgetting them only
//! gives an attacker one fresh window.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The address a request came from, as the server worked it out (the peer,
/// or the forwarded client when the peer is a configured proxy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// A limit: at most `max` events per `window`; reaching it locks the
/// address out for `lockout`, doubled for each lockout in a row.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub max: usize,
    pub window: Duration,
    pub lockout: Duration,
    pub max_lockout: Duration,
}

/// Eight failed sign-ins in ten minutes: one minute, then 2, 4, … up to a day.
pub const SIGN_IN: Rule = Rule {
    max: 8,
    window: Duration::from_secs(10 * 60),
    lockout: Duration::from_secs(60),
    max_lockout: Duration::from_secs(24 * 60 * 60),
};

/// Four reset emails an hour.
pub const RESET: Rule = Rule {
    max: 4,
    window: Duration::from_secs(60 * 60),
    lockout: Duration::from_secs(60 * 60),
    max_lockout: Duration::from_secs(24 * 60 * 60),
};

#[derive(Default)]
struct Entry {
    events: VecDeque<Instant>,
    lockouts: u32,
    locked_until: Option<Instant>,
    last_event: Option<Instant>,
}

/// Lockouts are forgiven after a day without events.
const FORGET_AFTER: Duration = Duration::from_secs(24 * 60 * 60);
/// Addresses kept before stale ones are swept.
const SWEEP_AT: usize = 10_000;

pub struct Throttle {
    rule: Rule,
    entries: Mutex<HashMap<IpAddr, Entry>>,
}

impl Throttle {
    pub fn new(rule: Rule) -> Throttle {
        Throttle {
            rule,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(wait)` while the address is locked out.
    pub fn check(&self, address: IpAddr, now: Instant) -> Result<(), Duration> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(&address).and_then(|e| e.locked_until) {
            Some(until) if until > now => Err(until - now),
            _ => Ok(()),
        }
    }

    /// Counts one event (a failed sign-in, a reset request). Returns the
    /// lockout it started, if it was the one too many.
    pub fn record(&self, address: IpAddr, now: Instant) -> Option<Duration> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= SWEEP_AT {
            entries.retain(|_, e| {
                e.last_event
                    .is_some_and(|t| now.saturating_duration_since(t) < FORGET_AFTER)
                    || e.locked_until.is_some_and(|t| t > now)
            });
        }
        let entry = entries.entry(address).or_default();
        if entry
            .last_event
            .is_some_and(|t| now.saturating_duration_since(t) >= FORGET_AFTER)
        {
            entry.lockouts = 0;
        }
        entry.last_event = Some(now);
        while entry
            .events
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= self.rule.window)
        {
            entry.events.pop_front();
        }
        entry.events.push_back(now);
        if entry.events.len() < self.rule.max {
            return None;
        }
        let doubling = 2u32.saturating_pow(entry.lockouts.min(20));
        let lockout = self
            .rule
            .lockout
            .saturating_mul(doubling)
            .min(self.rule.max_lockout);
        entry.lockouts += 1;
        entry.events.clear();
        entry.locked_until = Some(now + lockout);
        Some(lockout)
    }
}

/// Whole minutes to wait, rounded up, at least one.
pub fn minutes(wait: Duration) -> u32 {
    u32::try_from(wait.as_secs().div_ceil(60))
        .unwrap_or(u32::MAX)
        .max(1)
}

/// The two limits the account server fns apply, shared by every request.
pub struct Limits {
    pub sign_in: Throttle,
    pub reset: Throttle,
}

impl Limits {
    pub fn new() -> Limits {
        Limits {
            sign_in: Throttle::new(SIGN_IN),
            reset: Throttle::new(RESET),
        }
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

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn the_eighth_failure_in_ten_minutes_locks_out_and_lockouts_grow() {
        let throttle = Throttle::new(SIGN_IN);
        let start = Instant::now();
        for i in 0..7 {
            assert_eq!(throttle.record(A, start + Duration::from_secs(i)), None);
            assert!(throttle.check(A, start + Duration::from_secs(i)).is_ok());
        }
        let first = throttle.record(A, start + Duration::from_secs(7));
        assert_eq!(first, Some(Duration::from_secs(60)));
        assert!(throttle.check(A, start + Duration::from_secs(30)).is_err());
        assert!(
            throttle.check(B, start + Duration::from_secs(30)).is_ok(),
            "per address"
        );
        let after = start + Duration::from_secs(68);
        assert!(throttle.check(A, after).is_ok(), "the lockout ends");
        let mut second = None;
        for i in 0..8 {
            second = throttle.record(A, after + Duration::from_secs(i));
        }
        assert_eq!(
            second,
            Some(Duration::from_secs(120)),
            "the next lockout doubles"
        );
    }

    #[test]
    fn failures_spread_over_more_than_the_window_never_lock_out() {
        let throttle = Throttle::new(SIGN_IN);
        let start = Instant::now();
        for i in 0..50 {
            let at = start + Duration::from_secs(i * 120);
            assert_eq!(throttle.record(A, at), None, "failure {i}");
        }
    }

    #[test]
    fn waits_are_reported_in_whole_minutes() {
        assert_eq!(minutes(Duration::from_secs(1)), 1);
        assert_eq!(minutes(Duration::from_secs(60)), 1);
        assert_eq!(minutes(Duration::from_secs(61)), 2);
    }
}
