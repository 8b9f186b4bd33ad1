//! A value computed from the page's signals. In the browser it is a memo
//! and follows its sources. A server render never changes its signals, so
//! there the value is computed once: a memo per card (saved? kept
//! offline?) and per string lookup (the page's language) was about 15% of
//! an uncached home page render in the profile, most of it the memo
//! re-checking its sources on every read.

#[cfg(feature = "hydrate")]
use leptos::prelude::{Get, GetUntracked, Memo};

#[derive(Clone, Copy)]
pub struct Derived<T: Send + Sync + 'static>(Inner<T>);

#[cfg(feature = "hydrate")]
type Inner<T> = Memo<T>;
#[cfg(not(feature = "hydrate"))]
type Inner<T> = T;

impl<T: Clone + PartialEq + Send + Sync + 'static> Derived<T> {
    #[cfg(feature = "hydrate")]
    pub fn new(compute: impl Fn() -> T + Send + Sync + 'static) -> Self {
        Self(Memo::new(move |_| compute()))
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn new(compute: impl Fn() -> T + Send + Sync + 'static) -> Self {
        Self(leptos::prelude::untrack(compute))
    }

    /// The value, tracked in the browser.
    pub fn get(&self) -> T {
        #[cfg(feature = "hydrate")]
        return self.0.get();
        #[cfg(not(feature = "hydrate"))]
        return self.0.clone();
    }

    /// The value, without subscribing to it.
    pub fn get_untracked(&self) -> T {
        #[cfg(feature = "hydrate")]
        return self.0.get_untracked();
        #[cfg(not(feature = "hydrate"))]
        return self.0.clone();
    }
}
