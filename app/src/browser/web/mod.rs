//! The drivers as the browser runs them.

pub mod document;
pub mod editing;
pub mod forms;
pub mod intl;
pub mod save_queue;
pub mod share;
pub mod storage;
pub mod suggest;
pub mod texts;
pub mod timer;
pub mod worker;
