//! A map bounded by bytes: when a new entry would not fit, the entry used
//! longest ago goes first. The page cache and the read cache keep their
//! entries in one each.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::sync::Arc;

/// What a key or a value costs to keep, in bytes (an estimate: what it
/// owns on the heap plus its own size).
pub trait Weigh {
    fn weight(&self) -> usize;
}

impl<T: Weigh> Weigh for Arc<T> {
    fn weight(&self) -> usize {
        self.as_ref().weight()
    }
}

impl Weigh for String {
    fn weight(&self) -> usize {
        std::mem::size_of::<String>() + self.len()
    }
}

pub struct Lru<K, V> {
    limit: usize,
    used: usize,
    tick: u64,
    entries: HashMap<K, (V, u64)>,
    /// Last use → key, oldest first.
    order: BTreeMap<u64, K>,
}

impl<K: Eq + Hash + Clone + Weigh, V: Clone + Weigh> Lru<K, V> {
    pub fn new(limit: usize) -> Self {
        Lru {
            limit,
            used: 0,
            tick: 0,
            entries: HashMap::new(),
            order: BTreeMap::new(),
        }
    }

    /// The key is held twice: in the map and in the order of use.
    fn cost(key: &K, value: &V) -> usize {
        key.weight() * 2 + value.weight()
    }

    /// The value under `key`, which becomes the most recently used.
    pub fn get(&mut self, key: &K) -> Option<V> {
        self.tick += 1;
        let tick = self.tick;
        let (value, used) = self.entries.get_mut(key)?;
        self.order.remove(used);
        *used = tick;
        self.order.insert(tick, key.clone());
        Some(value.clone())
    }

    /// Keeps `value` under `key` (replacing what was there), making room
    /// first; a value larger than the whole bound is not kept.
    pub fn insert(&mut self, key: K, value: V) {
        self.remove(&key);
        let cost = Self::cost(&key, &value);
        if cost > self.limit {
            return;
        }
        while self.used + cost > self.limit {
            let Some((_, oldest)) = self.order.pop_first() else {
                break;
            };
            if let Some((gone, _)) = self.entries.remove(&oldest) {
                self.used -= Self::cost(&oldest, &gone);
            }
        }
        self.tick += 1;
        self.used += cost;
        self.order.insert(self.tick, key.clone());
        self.entries.insert(key, (value, self.tick));
    }

    pub fn remove(&mut self, key: &K) {
        if let Some((gone, used)) = self.entries.remove(key) {
            self.order.remove(&used);
            self.used -= Self::cost(key, &gone);
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
        self.used = 0;
    }

    /// Bytes held, by the estimate of `Weigh`.
    pub fn used(&self) -> usize {
        self.used
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, PartialEq, Eq, Hash)]
    struct Name(&'static str);

    impl Weigh for Name {
        fn weight(&self) -> usize {
            self.0.len()
        }
    }

    #[derive(Clone)]
    struct Blob(usize);

    impl Weigh for Blob {
        fn weight(&self) -> usize {
            self.0
        }
    }

    #[test]
    fn the_bound_holds_and_the_least_recently_used_entry_goes_first() {
        let one = Lru::cost(&Name("a"), &Blob(10_000));
        let mut lru = Lru::new(one * 3 + one / 2);
        for name in ["a", "b", "c"] {
            lru.insert(Name(name), Blob(10_000));
        }
        assert_eq!(lru.len(), 3);
        assert!(lru.get(&Name("a")).is_some(), "a is used again");
        lru.insert(Name("d"), Blob(10_000));
        assert!(lru.used() <= one * 3 + one / 2);
        assert!(lru.get(&Name("b")).is_none(), "b was oldest");
        for name in ["a", "c", "d"] {
            assert!(lru.get(&Name(name)).is_some(), "{name}");
        }
        lru.insert(Name("e"), Blob(one * 10));
        assert!(lru.get(&Name("e")).is_none(), "larger than the bound");
        assert_eq!(lru.len(), 3);
    }

    #[test]
    fn replacing_an_entry_does_not_count_it_twice() {
        let mut lru = Lru::new(1 << 20);
        lru.insert(Name("home"), Blob(1000));
        let once = lru.used();
        lru.insert(Name("home"), Blob(1000));
        assert_eq!(lru.used(), once);
        assert_eq!(lru.len(), 1);
    }

    #[test]
    fn clearing_and_removing_give_the_room_back() {
        let mut lru = Lru::new(1 << 20);
        lru.insert(Name("a"), Blob(1000));
        lru.insert(Name("b"), Blob(1000));
        lru.remove(&Name("a"));
        assert_eq!(lru.used(), Lru::<Name, Blob>::cost(&Name("b"), &Blob(1000)));
        lru.clear();
        assert!(lru.is_empty());
        assert_eq!(lru.used(), 0);
        assert!(lru.get(&Name("b")).is_none());
    }
}
