//! The rendered-page cache for anonymous readers: a shared page is
//! rendered once per content change, not once per request, and served from
//! memory with its compressed forms made once.
//!
//! - Which requests, and by what key: `key.rs`.
//! - One render per key at a time; readers who ask meanwhile wait for it.
//!   At most a few renders run at once.
//! - A page rendered before the latest content change, or older than the
//!   maximum age, is served as it is while one render replaces it.
//! - The content generation lives in the database (bumped in the writing
//!   transaction), so several processes on one database all see a change;
//!   the read cache in front of the database reads it at most twice a
//!   second and at once after a write of its own.

mod entry;
mod key;
mod seal;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use app::domain::{Category, Lang};
use app::routes;
use app::ssr::store::Store;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

use entry::Entry;
pub use entry::STATE_HEADER;
pub use key::PageKey;

use super::security;
use crate::config::CacheSettings;
use crate::lru::Lru;
use crate::store::ReadCache;

/// The largest page a fill will keep.
const MAX_PAGE: usize = 4 * 1024 * 1024;
/// Newest stories per language warmed at start-up.
const WARM_STORIES: u32 = 6;

pub struct PageCache {
    settings: CacheSettings,
    store: Arc<ReadCache>,
    session_cookie: &'static str,
    https: bool,
    memory: Mutex<Lru<PageKey, Arc<Entry>>>,
    /// Keys being rendered; the sender is dropped when the render ends,
    /// which wakes everyone waiting on it (even if the render was cut off).
    flights: Mutex<HashMap<PageKey, watch::Receiver<()>>>,
    renders: Semaphore,
}

/// Leads one render: ends the flight when dropped.
struct Flight {
    cache: Arc<PageCache>,
    key: PageKey,
    _done: watch::Sender<()>,
}

impl Drop for Flight {
    fn drop(&mut self) {
        lock(&self.cache.flights).remove(&self.key);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

enum Turn {
    Lead(Flight),
    Wait(watch::Receiver<()>),
}

impl PageCache {
    pub fn new(
        settings: CacheSettings,
        store: Arc<ReadCache>,
        session_cookie: &'static str,
        https: bool,
    ) -> PageCache {
        let parallel = std::thread::available_parallelism().map_or(2, |n| n.get());
        PageCache {
            settings,
            store,
            session_cookie,
            https,
            memory: Mutex::new(Lru::new(settings.max_bytes)),
            flights: Mutex::new(HashMap::new()),
            renders: Semaphore::new(parallel.max(2)),
        }
    }

    fn turn(self: &Arc<Self>, key: &PageKey) -> Turn {
        let mut flights = lock(&self.flights);
        if let Some(waiting) = flights.get(key) {
            return Turn::Wait(waiting.clone());
        }
        let (done, waiting) = watch::channel(());
        flights.insert(key.clone(), waiting);
        Turn::Lead(Flight {
            cache: self.clone(),
            key: key.clone(),
            _done: done,
        })
    }

    fn fresh(&self, entry: &Entry, generation: u64) -> bool {
        entry.generation >= generation && entry.rendered.elapsed() < self.settings.max_age
    }

    /// Renders `key` through the rest of the stack from a request built
    /// from the key alone, and keeps the page if it is one every reader
    /// may share. `Err` holds what was rendered otherwise (a 404, an error
    /// page), for the reader who asked.
    async fn fill(
        &self,
        key: &PageKey,
        generation: u64,
        next: Next,
    ) -> Result<Arc<Entry>, Response> {
        let _permit = self.renders.acquire().await;
        let response = next.run(key.fill_request()).await;
        let (parts, body) = response.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        };
        let policy = parts
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .and_then(seal::policy_nonce)
            .map(str::to_owned);
        let private = parts
            .headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("private") || v.contains("no-store"));
        let shareable = parts.status == StatusCode::OK
            && parts.headers.get(header::CONTENT_ENCODING).is_none()
            && !parts.headers.contains_key(header::SET_COOKIE)
            && !private
            && std::str::from_utf8(&bytes).is_ok();
        let (true, Some(nonce)) = (shareable, policy) else {
            return Err(Response::from_parts(parts, bytes.into()));
        };
        let https = self.https;
        let lite = key.lite();
        let headers = parts.headers;
        let built = tokio::task::spawn_blocking(move || {
            let html = String::from_utf8_lossy(&bytes);
            let sealed = seal::seal(&html, &nonce, lite);
            let mut headers: HeaderMap = headers;
            security::insert(
                &mut headers,
                header::CONTENT_SECURITY_POLICY,
                &security::page_policy(&sealed.scripts, https),
            );
            Entry::build(headers, Bytes::from(sealed.html), generation)
        })
        .await;
        let entry = Arc::new(built.map_err(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())?);
        lock(&self.memory).insert(key.clone(), entry.clone());
        Ok(entry)
    }

    /// Renders `key` again in the background unless a render is under way.
    fn refresh(self: &Arc<Self>, key: PageKey, generation: u64, next: Next) {
        let Turn::Lead(flight) = self.turn(&key) else {
            return;
        };
        let cache = self.clone();
        tokio::spawn(async move {
            let _flight = flight;
            if let Err(response) = cache.fill(&key, generation, next).await {
                tracing::warn!(
                    status = %response.status(),
                    page = %key.uri(),
                    "a cached page could not be rendered again; the old copy stays"
                );
            }
        });
    }

    async fn serve(self: Arc<Self>, key: PageKey, request: Request, next: Next) -> Response {
        let generation = self.store.generation().await;
        let (method, headers) = (request.method(), request.headers());
        let cached = lock(&self.memory).get(&key);
        if let Some(entry) = cached {
            if self.fresh(&entry, generation) {
                return entry.respond(method, headers, "hit");
            }
            let stale = entry.respond(method, headers, "stale");
            self.refresh(key, generation, next);
            return stale;
        }
        match self.turn(&key) {
            Turn::Lead(flight) => {
                let filled = self.fill(&key, generation, next).await;
                drop(flight);
                match filled {
                    Ok(entry) => entry.respond(method, headers, "miss"),
                    Err(rendered) => rendered,
                }
            }
            Turn::Wait(mut waiting) => {
                // Ends when the leader's render does, however it ends.
                let _ = waiting.changed().await;
                let cached = lock(&self.memory).get(&key);
                match cached {
                    Some(entry) => entry.respond(method, headers, "hit"),
                    // Not a page to share (a 404, say): render it as asked.
                    None => next.run(request).await,
                }
            }
        }
    }

    /// Drops every kept page: a newsroom decision (an unpublished story
    /// above all) must not be answered even once with the page as it was.
    /// The next reader of each page waits for its render instead.
    pub fn forget_all(&self) {
        lock(&self.memory).clear();
    }

    /// How many pages are kept, and the bytes they take.
    pub fn usage(&self) -> (usize, usize) {
        let memory = lock(&self.memory);
        (memory.len(), memory.used())
    }

    /// Renders the pages most readers open first, so the first of them
    /// after a start does not wait: each language's home, sections and
    /// newest stories, and the about page.
    pub async fn warm_up(&self, router: Router) {
        let started = Instant::now();
        let mut paths = Vec::new();
        for lang in Lang::ALL {
            paths.push(routes::home(lang));
            paths.extend(Category::ALL.iter().map(|c| routes::category(lang, *c)));
            paths.push(routes::about(lang));
            if let Ok(stories) = self.store.latest(lang, WARM_STORIES, 0).await {
                paths.extend(
                    stories
                        .iter()
                        .map(|s| routes::article(lang, s.slug.as_str())),
                );
            }
        }
        for path in &paths {
            let Ok(mut request) = Request::get(path.as_str()).body(axum::body::Body::empty())
            else {
                continue;
            };
            request.extensions_mut().insert(WarmUp);
            let _ = router.clone().oneshot(request).await;
        }
        let (pages, bytes) = self.usage();
        tracing::info!(
            pages,
            bytes,
            millis = started.elapsed().as_millis() as u64,
            "page cache warmed"
        );
    }
}

/// Marks the cache's own warm-up requests, which no reader sent: they are
/// neither logged nor counted.
#[derive(Debug, Clone, Copy)]
pub struct WarmUp;

/// The cache's layer, outermost: a hit passes no other layer.
pub async fn layer(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    let key = PageKey::of(
        request.method(),
        request.uri(),
        request.headers(),
        cache.session_cookie,
    );
    match key {
        Some(key) => cache.serve(key, request, next).await,
        None => next.run(request).await,
    }
}
