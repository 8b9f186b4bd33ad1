//! Sends a signed-in reader's reading-list changes to the server, one at a
//! time and in the order they were made (`queue::SendQueue`). When the
//! server refuses one, the page hears why, with the list as the server has
//! it.

use std::cell::RefCell;

use crate::browser::queue::{Change, SendQueue};
use crate::wire::SavedItem;

/// What to do when the server refuses a change: the reason in the page's
/// language, and the list as the server now has it (if it could be read).
type Refused = Box<dyn FnOnce(String, Option<Vec<SavedItem>>)>;

thread_local! {
    static QUEUE: RefCell<SendQueue<(Change, Refused)>> = RefCell::new(SendQueue::default());
}

pub fn send(change: Change, refused: impl FnOnce(String, Option<Vec<SavedItem>>) + 'static) {
    let entry: (Change, Refused) = (change, Box::new(refused));
    if QUEUE.with_borrow_mut(|queue| queue.push(entry)) {
        leptos::task::spawn_local(drain());
    }
}

async fn drain() {
    while let Some((change, refused)) = QUEUE.with_borrow_mut(SendQueue::take_next) {
        let Change {
            page_lang,
            item,
            save,
        } = change;
        let result = crate::api::set_saved(
            page_lang.code().to_owned(),
            item.lang.code().to_owned(),
            item.slug.clone(),
            if save { "1" } else { "0" }.to_owned(),
            Some(item.saved_at.to_string()),
        )
        .await;
        if let Err(err) = result {
            let list = crate::api::get_reading_list(page_lang.code().to_owned())
                .await
                .ok();
            refused(err.form_message(page_lang), list);
        }
    }
}
