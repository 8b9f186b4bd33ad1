//! Counts of the account events an operator watches for (a burst of
//! failed sign-ins is someone guessing passwords), kept since the process
//! started. The server's metrics read them; nothing else does.

use std::sync::atomic::{AtomicU64, Ordering};

static SIGN_IN_FAILURES: AtomicU64 = AtomicU64::new(0);
static LOCKOUTS: AtomicU64 = AtomicU64::new(0);
static REFUSED_WHILE_LOCKED: AtomicU64 = AtomicU64::new(0);

/// The counts at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Sign-ins with an unknown email or a wrong password.
    pub sign_in_failures: u64,
    /// Addresses locked out by a throttle (sign-in, registration, reset).
    pub lockouts: u64,
    /// Attempts refused because their address was locked out.
    pub refused_while_locked: u64,
}

pub fn sign_in_failed() {
    SIGN_IN_FAILURES.fetch_add(1, Ordering::Relaxed);
}

pub fn locked_out() {
    LOCKOUTS.fetch_add(1, Ordering::Relaxed);
}

pub fn refused_while_locked() {
    REFUSED_WHILE_LOCKED.fetch_add(1, Ordering::Relaxed);
}

pub fn now() -> Tally {
    Tally {
        sign_in_failures: SIGN_IN_FAILURES.load(Ordering::Relaxed),
        lockouts: LOCKOUTS.load(Ordering::Relaxed),
        refused_while_locked: REFUSED_WHILE_LOCKED.load(Ordering::Relaxed),
    }
}
