//! The cached pages, bounded by bytes: the page used longest ago goes
//! first when a new one would not fit.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::entry::Entry;
use super::key::PageKey;

pub struct Memory {
    limit: usize,
    used: usize,
    tick: u64,
    pages: HashMap<PageKey, (Arc<Entry>, u64)>,
    /// Last use → key, oldest first.
    order: BTreeMap<u64, PageKey>,
}

impl Memory {
    pub fn new(limit: usize) -> Memory {
        Memory {
            limit,
            used: 0,
            tick: 0,
            pages: HashMap::new(),
            order: BTreeMap::new(),
        }
    }

    fn cost(key: &PageKey, entry: &Entry) -> usize {
        key.weight() * 2 + entry.weight()
    }

    pub fn get(&mut self, key: &PageKey) -> Option<Arc<Entry>> {
        self.tick += 1;
        let tick = self.tick;
        let (entry, used) = self.pages.get_mut(key)?;
        self.order.remove(used);
        *used = tick;
        self.order.insert(tick, key.clone());
        Some(entry.clone())
    }

    /// Keeps `entry` under `key` (replacing what was there), making room
    /// first; a page larger than the whole bound is not kept.
    pub fn insert(&mut self, key: PageKey, entry: Arc<Entry>) {
        self.remove(&key);
        let cost = Self::cost(&key, &entry);
        if cost > self.limit {
            return;
        }
        while self.used + cost > self.limit {
            let Some((_, oldest)) = self.order.pop_first() else {
                break;
            };
            if let Some((gone, _)) = self.pages.remove(&oldest) {
                self.used -= Self::cost(&oldest, &gone);
            }
        }
        self.tick += 1;
        self.used += cost;
        self.order.insert(self.tick, key.clone());
        self.pages.insert(key, (entry, self.tick));
    }

    fn remove(&mut self, key: &PageKey) {
        if let Some((gone, used)) = self.pages.remove(key) {
            self.order.remove(&used);
            self.used -= Self::cost(key, &gone);
        }
    }

    pub fn used(&self) -> usize {
        self.used
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Bytes;
    use axum::http::{HeaderMap, Method};

    use super::*;

    fn key(path: &str) -> PageKey {
        PageKey::of(
            &Method::GET,
            &path.parse().expect("uri"),
            &HeaderMap::new(),
            "session",
        )
        .expect("eligible")
    }

    fn page(size: usize) -> Arc<Entry> {
        Arc::new(Entry::build(
            HeaderMap::new(),
            Bytes::from(vec![b'x'; size]),
            1,
        ))
    }

    #[test]
    fn the_bound_holds_and_the_least_recently_used_page_goes_first() {
        let one = Memory::cost(&key("/en/article/a"), &page(10_000));
        let mut memory = Memory::new(one * 3 + one / 2);
        for slug in ["a", "b", "c"] {
            memory.insert(key(&format!("/en/article/{slug}")), page(10_000));
        }
        assert_eq!(memory.len(), 3);
        assert!(
            memory.get(&key("/en/article/a")).is_some(),
            "a is used again"
        );
        memory.insert(key("/en/article/d"), page(10_000));
        assert!(memory.used() <= one * 3 + one / 2);
        assert!(memory.get(&key("/en/article/b")).is_none(), "b was oldest");
        for slug in ["a", "c", "d"] {
            assert!(
                memory.get(&key(&format!("/en/article/{slug}"))).is_some(),
                "{slug}"
            );
        }
        memory.insert(key("/en/article/huge"), page(one * 10));
        assert!(
            memory.get(&key("/en/article/huge")).is_none(),
            "larger than the bound"
        );
        assert_eq!(memory.len(), 3);
    }

    #[test]
    fn replacing_a_page_does_not_count_it_twice() {
        let mut memory = Memory::new(1 << 20);
        memory.insert(key("/en/"), page(1000));
        let once = memory.used();
        memory.insert(key("/en/"), page(1000));
        assert_eq!(memory.used(), once);
        assert_eq!(memory.len(), 1);
    }
}
