//! A generation (a number the database bumps with every change of one
//! kind: the content, or what a signed-in reader's page shows of them) as
//! this process last read it: read again at most once per `CHECK_EVERY`
//! (by default), by one caller while the others use the last reading, and
//! at once after a write of our own.
//! A change made by another process is therefore seen within about half a
//! second, and one made here by the very next request.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use app::ssr::store::StoreResult;

/// How often a generation is read from the database, by default.
pub const CHECK_EVERY: Duration = Duration::from_millis(500);

pub struct GenerationClock {
    every: Duration,
    started: Instant,
    /// Only grows: a slow reading never takes it back.
    generation: AtomicU64,
    next_check_ms: AtomicU64,
    checking: AtomicBool,
}

/// Clears `checking` however the check ends (even cancelled).
struct Checking<'a>(&'a AtomicBool);

impl Drop for Checking<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl GenerationClock {
    /// A clock that reads the database at most once per `every`.
    pub fn new(every: Duration) -> GenerationClock {
        GenerationClock {
            every,
            started: Instant::now(),
            generation: AtomicU64::new(0),
            next_check_ms: AtomicU64::new(0),
            checking: AtomicBool::new(false),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// The last reading, refreshed first (by `ask`, which reads the
    /// database) when it is older than `every`. A database that does not
    /// answer leaves the last reading in place.
    pub async fn read<F, Fut>(&self, ask: F) -> u64
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = StoreResult<u64>>,
    {
        let now = self.now_ms();
        if now >= self.next_check_ms.load(Ordering::Acquire)
            && !self.checking.swap(true, Ordering::AcqRel)
        {
            let _checking = Checking(&self.checking);
            self.refresh(ask()).await;
            let every = u64::try_from(self.every.as_millis()).unwrap_or(u64::MAX);
            self.next_check_ms
                .store(now.saturating_add(every), Ordering::Release);
        }
        self.generation.load(Ordering::Acquire)
    }

    /// Reads the generation now, whatever the last reading's age (after a
    /// write of our own, so our next reader sees it).
    pub async fn read_now(&self, asked: impl Future<Output = StoreResult<u64>>) -> u64 {
        self.refresh(asked).await;
        self.generation.load(Ordering::Acquire)
    }

    /// Asks the database; a newer generation replaces the last reading,
    /// and a failure leaves it in place.
    async fn refresh(&self, asked: impl Future<Output = StoreResult<u64>>) {
        match asked.await {
            Ok(generation) => {
                self.generation.fetch_max(generation, Ordering::AcqRel);
            }
            Err(error) => tracing::warn!(%error, "could not read a generation"),
        }
    }

    /// The last reading, without asking the database.
    pub fn last(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }
}
