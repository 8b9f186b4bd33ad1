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

/// Lockouts are forgiven after two days without events (longer than the
/// longest lockout, so lockouts keep growing for a persistent attacker).
const FORGET_AFTER: Duration = Duration::from_secs(2 * 24 * 60 * 60);
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

    /// Counts one attempt (a sign-in, a registration, a reset request)
    /// before it is carried out, so attempts sent all at once are counted
    /// all at once: `Err(wait)` while the address is locked out, else the
    /// attempt may go ahead. The attempt that reaches the limit still goes
    /// ahead and starts the lockout; the next one is refused.
    pub fn attempt(&self, address: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = key(address);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(until) = entries.get(&key).and_then(|e| e.locked_until)
            && until > now
        {
            super::tally::refused_while_locked();
            return Err(until - now);
        }
        if entries.len() >= SWEEP_AT {
            entries.retain(|_, e| {
                e.last_event
                    .is_some_and(|t| now.saturating_duration_since(t) < FORGET_AFTER)
                    || e.locked_until.is_some_and(|t| t > now)
            });
        }
        let entry = entries.entry(key).or_default();
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
        if entry.events.len() >= self.rule.max {
            let doubling = 2u32.saturating_pow(entry.lockouts.min(20));
            let lockout = self
                .rule
                .lockout
                .saturating_mul(doubling)
                .min(self.rule.max_lockout);
            entry.lockouts += 1;
            entry.events.clear();
            entry.locked_until = Some(now + lockout);
            super::tally::locked_out();
            tracing::warn!(event = "throttle_lockout", address = %address, seconds = lockout.as_secs());
        }
        Ok(())
    }

    /// Takes back the newest attempt of an address: it succeeded, so it was
    /// not a failure (only failed sign-ins count toward the limit).
    pub fn succeeded(&self, address: IpAddr) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = entries.get_mut(&key(address)) {
            entry.events.pop_back();
        }
    }
}

/// The unit that is limited: one IPv4 address, or one IPv6 /64 (what a
/// single household or server is usually given, and can pick any address
/// from). The server's rate limits key their buckets the same way.
pub fn key(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(std::net::Ipv6Addr::from(bits))
        }
        v4 => v4,
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

    fn at(start: Instant, secs: u64) -> Instant {
        start + Duration::from_secs(secs)
    }

    #[test]
    fn the_eighth_failure_in_ten_minutes_locks_out_and_lockouts_grow() {
        let throttle = Throttle::new(SIGN_IN);
        let start = Instant::now();
        for i in 0..8 {
            assert!(throttle.attempt(A, at(start, i)).is_ok(), "attempt {i}");
        }
        assert_eq!(
            throttle.attempt(A, at(start, 30)),
            Err(Duration::from_secs(37))
        );
        assert!(throttle.attempt(B, at(start, 30)).is_ok(), "per address");
        let after = at(start, 68);
        for i in 0..8 {
            assert!(
                throttle.attempt(A, after + Duration::from_secs(i)).is_ok(),
                "the lockout ended"
            );
        }
        assert_eq!(
            throttle.attempt(A, after + Duration::from_secs(8)),
            Err(Duration::from_secs(119)),
            "the next lockout doubles"
        );
    }

    #[test]
    fn successful_attempts_do_not_count() {
        let throttle = Throttle::new(SIGN_IN);
        let start = Instant::now();
        for i in 0..20 {
            assert!(throttle.attempt(A, at(start, i)).is_ok(), "attempt {i}");
            throttle.succeeded(A);
        }
    }

    #[test]
    fn attempts_spread_over_more_than_the_window_never_lock_out() {
        let throttle = Throttle::new(SIGN_IN);
        let start = Instant::now();
        for i in 0..50 {
            assert!(
                throttle.attempt(A, at(start, i * 120)).is_ok(),
                "attempt {i}"
            );
        }
    }

    #[test]
    fn one_ipv6_network_is_one_client() {
        let throttle = Throttle::new(RESET);
        let start = Instant::now();
        for i in 0..4u16 {
            let address = IpAddr::V6(std::net::Ipv6Addr::new(0x2001, 0xdb8, 1, 2, i, i, i, i));
            assert!(throttle.attempt(address, start).is_ok());
        }
        let same_network = "2001:db8:1:2::ffff".parse().expect("ip");
        assert!(throttle.attempt(same_network, start).is_err());
        let mapped_v4 = "::ffff:192.0.2.1".parse().expect("ip");
        assert!(throttle.attempt(mapped_v4, start).is_ok());
        assert_eq!(key(mapped_v4), A, "IPv4-mapped addresses are IPv4");
    }

    #[test]
    fn waits_are_reported_in_whole_minutes() {
        assert_eq!(minutes(Duration::from_secs(1)), 1);
        assert_eq!(minutes(Duration::from_secs(60)), 1);
        assert_eq!(minutes(Duration::from_secs(61)), 2);
    }
}
