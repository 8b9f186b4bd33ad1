//! The drivers where no browser runs them (the server's render and the
//! tests): the same calls, doing what a page rendered there sees. Nothing
//! is stored or kept, no worker answers, nothing is shared or suggested.
//! Keeping their signatures equal to `web`'s is checked by building both
//! features in `make lint`.

pub mod document {
    pub fn set_cookie(_value: &str) {}

    pub fn reload() {}

    pub fn origin() -> String {
        String::new()
    }

    pub fn online() -> bool {
        true
    }
}

pub mod editing {
    pub fn mark_selection(_id: &str, _before: &str, _after: &str) -> Option<String> {
        None
    }

    pub fn show_address(_address: &str) {}

    pub fn warn_before_leaving(_unsaved: impl Fn() -> bool + 'static, _question: &str) {}
}

pub mod forms {
    pub struct Fields;

    impl Fields {
        pub fn of(_ev: &leptos::ev::SubmitEvent) -> Option<Fields> {
            None
        }

        pub fn text(&self, _name: &str) -> String {
            String::new()
        }
    }
}

pub mod intl {

    pub fn now_seconds() -> i64 {
        0
    }
}

pub mod save_queue {
    use crate::browser::queue::Change;
    use crate::wire::SavedItem;

    pub fn send(_change: Change, _refused: impl FnOnce(String, Option<Vec<SavedItem>>) + 'static) {}
}

pub mod share {
    pub fn can_share() -> bool {
        false
    }

    pub fn share(_title: &str, _url: &str) {}

    pub fn copy(_url: &str, _done: impl FnOnce() + 'static) {}
}

pub mod storage {
    use crate::wire::SavedItem;

    pub fn read_list() -> Vec<SavedItem> {
        Vec::new()
    }

    pub fn write_list(_items: &[SavedItem]) {}

    pub fn read_account_list() -> Vec<SavedItem> {
        Vec::new()
    }

    pub fn write_account_list(_items: &[SavedItem]) {}

    pub fn clear_account_list() {}
}

pub mod suggest {
    use crate::domain::Lang;
    use crate::wire::Suggestion;

    pub fn cancel() {}

    pub fn ask(_lang: Lang, _text: String, _show: impl Fn(Vec<Suggestion>) + 'static) {}
}

pub mod timer {
    use std::time::Duration;

    pub fn after(_delay: Duration, _f: impl FnOnce() + 'static) {}
}

pub mod worker {
    use crate::browser::handlers::WorkerEvents;
    use crate::browser::messages::ToWorker;

    pub fn start(_events: impl WorkerEvents) {}

    pub fn post(_message: &ToWorker) {}

    pub fn ask_to_persist() {}

    pub fn switch_to_new_version() {}

    pub fn controls_page() -> bool {
        false
    }
}
