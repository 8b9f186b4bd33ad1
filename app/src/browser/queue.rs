//! The order a signed-in reader's reading-list changes reach the server
//! in. Plain rules, compiled for the tests too; `save_queue` sends.

use std::collections::VecDeque;

use crate::domain::Lang;
use crate::wire::SavedItem;

/// One change on its way to the server.
pub struct Change {
    /// The page's language: the server writes dates and errors in it.
    pub page_lang: Lang,
    pub item: SavedItem,
    /// Saved (true) or removed.
    pub save: bool,
}

/// A signed-in reader's changes go to the server one after another, in the
/// order they were made: a removal and its Undo must not overtake each
/// other. `save_queue` sends what this hands out.
pub struct SendQueue<C> {
    pending: VecDeque<C>,
    sending: bool,
}

impl<C> Default for SendQueue<C> {
    fn default() -> Self {
        SendQueue {
            pending: VecDeque::new(),
            sending: false,
        }
    }
}

impl<C> SendQueue<C> {
    /// Queues `change`; true when nothing was being sent, so the caller
    /// starts sending (and no second sender starts while one runs).
    pub fn push(&mut self, change: C) -> bool {
        self.pending.push_back(change);
        !std::mem::replace(&mut self.sending, true)
    }

    /// The oldest change not yet sent; `None` when all are sent, which
    /// ends the sending (the next `push` starts it again).
    pub fn take_next(&mut self) -> Option<C> {
        let next = self.pending.pop_front();
        if next.is_none() {
            self.sending = false;
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sent_one_at_a_time_in_the_order_they_were_made() {
        let mut queue = SendQueue::default();
        assert!(queue.push("remove"), "the first change starts the sending");
        assert!(!queue.push("undo"), "a second sender never starts");
        assert_eq!(queue.take_next(), Some("remove"));
        assert!(!queue.push("save"), "still sending");
        assert_eq!(queue.take_next(), Some("undo"));
        assert_eq!(queue.take_next(), Some("save"));
        assert_eq!(queue.take_next(), None);
        assert!(
            queue.push("later"),
            "once all is sent, a new change starts it again"
        );
        assert_eq!(queue.take_next(), Some("later"));
    }
}
