//! Counters with a limit, kept in memory: at most `max` events of a key
//! per `window`; reaching it locks the key out for `lockout`, doubled for
//! each lockout in a row. `limits.rs` says which keys the account server
//! fns count and with which rules.
//!
//! An attempt is judged before it runs: [`Throttle::begin`] admits it only
//! while the failures counted so far plus the attempts still running stay
//! under the limit, so attempts sent all at once are counted all at once,
//! and the attempt that would reach the limit is refused before it can
//! succeed or fail. Whether it failed is known only afterwards: a failure
//! is counted then ([`Throttle::fail`]); a success only frees its place.
//!
//! The table is bounded: past `capacity` keys, stale ones are swept (at
//! most once a second), and if that is not enough the least recently seen
//! tenth is dropped, locked-out keys last. A flood of fresh addresses can
//! make the server forget some counts, never grow without bound or scan
//! the whole table on every attempt.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The address a request came from, as the server worked it out (the peer,
/// or the forwarded client when the peer is a configured proxy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// A limit: at most `max` events per `window`; reaching it locks the key
/// out for `lockout`, doubled for each lockout in a row up to `max_lockout`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub max: usize,
    pub window: Duration,
    pub lockout: Duration,
    pub max_lockout: Duration,
}

#[derive(Default)]
struct Entry {
    events: VecDeque<Instant>,
    /// Attempts admitted and not yet judged.
    running: usize,
    lockouts: u32,
    locked_until: Option<Instant>,
    last_event: Option<Instant>,
}

impl Entry {
    fn forget_old(&mut self, rule: &Rule, now: Instant) {
        while self
            .events
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= rule.window)
        {
            self.events.pop_front();
        }
        if self
            .last_event
            .is_some_and(|t| now.saturating_duration_since(t) >= FORGET_AFTER)
        {
            self.lockouts = 0;
        }
    }

    fn stale(&self, rule: &Rule, now: Instant) -> bool {
        let recent = self
            .last_event
            .is_some_and(|t| now.saturating_duration_since(t) < FORGET_AFTER.max(rule.window));
        let locked = self.locked_until.is_some_and(|t| t > now);
        self.running == 0 && !recent && !locked
    }
}

/// Lockouts are forgiven after two days without events (longer than the
/// longest lockout, so lockouts keep growing for a persistent attacker).
const FORGET_AFTER: Duration = Duration::from_secs(2 * 24 * 60 * 60);
/// A full table is swept at most this often.
const SWEEP_EVERY: Duration = Duration::from_secs(1);

struct Table<K> {
    entries: HashMap<K, Entry>,
    last_sweep: Option<Instant>,
}

pub struct Throttle<K> {
    rule: Rule,
    capacity: usize,
    table: Mutex<Table<K>>,
}

impl<K: Hash + Eq + Clone> Throttle<K> {
    pub fn new(rule: Rule, capacity: usize) -> Throttle<K> {
        Throttle {
            rule,
            capacity: capacity.max(10),
            table: Mutex::new(Table {
                entries: HashMap::new(),
                last_sweep: None,
            }),
        }
    }

    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// Admits one attempt for `key`, or says how long it must wait: while
    /// the key is locked out, or while the failures counted plus the
    /// attempts running already reach the limit. An admitted attempt must
    /// end with [`fail`](Self::fail) or [`release`](Self::release).
    fn begin(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let mut table = self.lock();
        if let Some(wait) = self.refusal(&mut table, key, now) {
            return Err(wait);
        }
        self.make_room(&mut table, key, now);
        let entry = table.entries.entry(key.clone()).or_default();
        entry.running += 1;
        entry.last_event = Some(now);
        Ok(())
    }

    /// The admitted attempt failed: it counts, and if it reaches the
    /// limit the key is locked out. Returns the lockout it started.
    fn fail(&self, key: &K, now: Instant) -> Option<Duration> {
        let mut table = self.lock();
        let entry = table.entries.entry(key.clone()).or_default();
        entry.running = entry.running.saturating_sub(1);
        self.count(entry, now)
    }

    /// [`begin`](Self::begin), with the place held by a guard: dropped
    /// without [`Place::fail`], it frees the place uncounted. Several limits
    /// taken one after another so need no release for each refusal.
    pub fn hold(&self, key: K, now: Instant) -> Result<Place<'_, K>, Duration> {
        self.begin(&key, now)?;
        Ok(Place {
            throttle: self,
            key: Some(key),
        })
    }

    /// The admitted attempt did not fail: it frees its place uncounted.
    fn release(&self, key: &K) {
        let mut table = self.lock();
        if let Some(entry) = table.entries.get_mut(key) {
            entry.running = entry.running.saturating_sub(1);
        }
    }

    /// Keys held now (for tests and metrics).
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table<K>> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn refusal(&self, table: &mut Table<K>, key: &K, now: Instant) -> Option<Duration> {
        let entry = table.entries.get_mut(key)?;
        if let Some(until) = entry.locked_until
            && until > now
        {
            return Some(until - now);
        }
        entry.forget_old(&self.rule, now);
        if entry.events.len() + entry.running >= self.rule.max {
            // Full of attempts still running: the earliest that could free
            // a place is the oldest event leaving the window; with none,
            // an attempt finishing, which takes seconds at most.
            let wait = entry.events.front().map_or(Duration::from_secs(1), |t| {
                self.rule
                    .window
                    .saturating_sub(now.saturating_duration_since(*t))
            });
            return Some(wait.max(Duration::from_secs(1)));
        }
        None
    }

    fn count(&self, entry: &mut Entry, now: Instant) -> Option<Duration> {
        entry.forget_old(&self.rule, now);
        entry.last_event = Some(now);
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
        super::tally::locked_out();
        Some(lockout)
    }

    /// Before a new key goes in: keeps the table within its capacity.
    fn make_room(&self, table: &mut Table<K>, key: &K, now: Instant) {
        if table.entries.len() < self.capacity || table.entries.contains_key(key) {
            return;
        }
        let swept_lately = table
            .last_sweep
            .is_some_and(|t| now.saturating_duration_since(t) < SWEEP_EVERY);
        if !swept_lately {
            table.last_sweep = Some(now);
            let rule = self.rule;
            table.entries.retain(|_, e| !e.stale(&rule, now));
        }
        if table.entries.len() < self.capacity {
            return;
        }
        // Still full of recent keys: drop the least recently seen tenth,
        // keeping locked-out keys and attempts in flight longest.
        let mut ages: Vec<(bool, Option<Instant>, K)> = table
            .entries
            .iter()
            .map(|(k, e)| {
                let keep = e.running > 0 || e.locked_until.is_some_and(|t| t > now);
                (keep, e.last_event, k.clone())
            })
            .collect();
        let drop = (self.capacity / 10).max(1);
        ages.select_nth_unstable_by(drop - 1, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (_, _, k) in ages.into_iter().take(drop) {
            table.entries.remove(&k);
        }
    }
}

/// The unit of an address that is limited: one IPv4 address, or one IPv6
/// /64 (what a single household or server is usually given, and can pick
/// any address from). The server's rate limits key their buckets the same
/// way.
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

/// A place admitted by [`Throttle::hold`].
pub struct Place<'a, K: Hash + Eq + Clone> {
    throttle: &'a Throttle<K>,
    /// `None` once the place has counted.
    key: Option<K>,
}

impl<K: Hash + Eq + Clone> Place<'_, K> {
    /// The attempt counts (see [`Throttle::fail`]); returns the lockout it
    /// started.
    pub fn fail(mut self, now: Instant) -> Option<Duration> {
        let key = self.key.take()?;
        self.throttle.fail(&key, now)
    }
}

impl<K: Hash + Eq + Clone> Drop for Place<'_, K> {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            self.throttle.release(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        max: 8,
        window: Duration::from_secs(10 * 60),
        lockout: Duration::from_secs(60),
        max_lockout: Duration::from_secs(24 * 60 * 60),
    };
    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    fn at(start: Instant, secs: u64) -> Instant {
        start + Duration::from_secs(secs)
    }

    fn failed(throttle: &Throttle<IpAddr>, key: IpAddr, now: Instant) -> Result<(), Duration> {
        throttle.begin(&key, now)?;
        throttle.fail(&key, now);
        Ok(())
    }

    #[test]
    fn the_eighth_failure_locks_out_and_lockouts_grow() {
        let throttle = Throttle::new(RULE, 100);
        let start = Instant::now();
        for i in 0..8 {
            assert!(failed(&throttle, A, at(start, i)).is_ok(), "attempt {i}");
        }
        assert_eq!(
            throttle.begin(&A, at(start, 30)),
            Err(Duration::from_secs(37))
        );
        assert!(throttle.begin(&B, at(start, 30)).is_ok(), "per key");
        let after = at(start, 68);
        for i in 0..8 {
            assert!(
                failed(&throttle, A, after + Duration::from_secs(i)).is_ok(),
                "the lockout ended"
            );
        }
        assert_eq!(
            throttle.begin(&A, after + Duration::from_secs(8)),
            Err(Duration::from_secs(119)),
            "the next lockout doubles"
        );
    }

    #[test]
    fn the_attempt_that_would_reach_the_limit_is_judged_before_it_runs() {
        let throttle = Throttle::new(RULE, 100);
        let start = Instant::now();
        for i in 0..7 {
            failed(&throttle, A, at(start, i)).expect("admitted");
        }
        // The eighth may run; with it running, a ninth may not.
        throttle.begin(&A, at(start, 8)).expect("eighth admitted");
        assert!(throttle.begin(&A, at(start, 8)).is_err());
        // It was the right password: no lockout, and the next may try.
        throttle.release(&A);
        assert!(throttle.begin(&A, at(start, 9)).is_ok());
    }

    #[test]
    fn successful_attempts_do_not_count() {
        let throttle = Throttle::new(RULE, 100);
        let start = Instant::now();
        for i in 0..20 {
            assert!(throttle.begin(&A, at(start, i)).is_ok(), "attempt {i}");
            throttle.release(&A);
        }
    }

    #[test]
    fn failures_spread_over_more_than_the_window_never_lock_out() {
        let throttle = Throttle::new(RULE, 100);
        let start = Instant::now();
        for i in 0..50 {
            assert!(
                failed(&throttle, A, at(start, i * 120)).is_ok(),
                "attempt {i}"
            );
        }
    }

    #[test]
    fn the_table_stays_within_its_capacity_and_keeps_lockouts() {
        let throttle = Throttle::new(RULE, 1_000);
        let start = Instant::now();
        for _ in 0..8 {
            failed(&throttle, A, start).expect("admitted");
        }
        for i in 0..100_000u32 {
            let address = IpAddr::V4(std::net::Ipv4Addr::from(0x0A00_0000 + i));
            failed(&throttle, address, at(start, 1)).expect("a fresh address");
            assert!(throttle.len() <= 1_000, "at {i}: {}", throttle.len());
        }
        assert!(
            throttle.begin(&A, at(start, 2)).is_err(),
            "the locked-out address is still locked out"
        );
    }

    #[test]
    fn one_ipv6_network_is_one_client() {
        let same = |a: &str, b: &str| key(a.parse().expect("ip")) == key(b.parse().expect("ip"));
        assert!(same("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assert!(!same("2001:db8:1:2::1", "2001:db8:1:3::1"));
        let mapped_v4: IpAddr = "::ffff:192.0.2.1".parse().expect("ip");
        assert_eq!(key(mapped_v4), A, "IPv4-mapped addresses are IPv4");
    }

    #[test]
    fn waits_are_reported_in_whole_minutes() {
        assert_eq!(minutes(Duration::from_secs(1)), 1);
        assert_eq!(minutes(Duration::from_secs(60)), 1);
        assert_eq!(minutes(Duration::from_secs(61)), 2);
    }
}
