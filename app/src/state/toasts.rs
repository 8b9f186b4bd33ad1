//! The toast queue's rules: one message at a time ("Removed from reading
//! list" with Undo), passing toasts that go after the Undo window, and
//! lasting offers ("New version available") that come back once a passing
//! toast has gone. `components::toast` shows it.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::Texts;

/// How long a passing toast stays, and so how long Undo can bring a removed
/// story back: long enough to reach the button (at least 5 s). The offline
/// copy of a removed story is dropped only after this window.
pub const UNDO_WINDOW: Duration = Duration::from_secs(8);

/// What Undo does. A plain closure, not a `Callback`: the control that
/// asked for the toast (a list item, say) may be gone by the time Undo is
/// pressed, taking anything it owned with it.
pub type Undo = Arc<dyn Fn() + Send + Sync>;

/// A button in a toast: its label in the page's language, and what it does.
#[derive(Clone)]
pub struct ToastAction {
    pub label: fn(&Texts) -> &'static str,
    pub run: Undo,
}

/// The message on screen: its id (to dismiss it), its text, its button.
#[derive(Clone)]
pub struct Toast {
    pub id: u64,
    pub message: String,
    pub action: Option<ToastAction>,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    current: RwSignal<Option<Toast>>,
    /// An offer that does not expire ("New version available"): shown
    /// again once a passing toast has replaced it and gone.
    lasting: StoredValue<Option<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    pub fn provide() -> Toasts {
        let toasts = Toasts {
            current: RwSignal::new(None),
            lasting: StoredValue::new(None),
            next_id: StoredValue::new(0),
        };
        provide_context(toasts);
        toasts
    }

    /// Shows `message` (replacing any other), with an Undo button when
    /// `undo` is given.
    pub fn show(self, message: String, undo: Option<Undo>) {
        let action = undo.map(|run| ToastAction {
            label: |t| t.undo,
            run,
        });
        let id = self.put(message, action);
        crate::browser::timer::after(UNDO_WINDOW, move || self.dismiss(id));
    }

    /// Shows `message` with a button until the reader presses it or closes
    /// the toast: what it offers (a new version, say) does not expire.
    pub fn show_action(self, message: String, action: ToastAction) {
        let id = self.put(message, Some(action));
        self.lasting
            .set_value(self.current.get_untracked().filter(|t| t.id == id));
    }

    fn put(self, message: String, action: Option<ToastAction>) -> u64 {
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        self.current.set(Some(Toast {
            id,
            message,
            action,
        }));
        id
    }

    /// The toast on screen (tracked: the region follows it).
    pub fn shown(self) -> Option<Toast> {
        self.current.get()
    }

    /// Takes toast `id` away (its time is up, or the reader closed or
    /// answered it); a lasting offer that a passing toast replaced returns.
    pub fn dismiss(self, id: u64) {
        if !self
            .current
            .with_untracked(|t| t.as_ref().is_some_and(|t| t.id == id))
        {
            return;
        }
        // The lasting offer itself answered or closed: it goes for good.
        if self
            .lasting
            .with_value(|t| t.as_ref().is_some_and(|t| t.id == id))
        {
            self.lasting.set_value(None);
        }
        self.current.set(self.lasting.get_value());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(toasts: Toasts) -> Option<String> {
        toasts.current.get_untracked().map(|t| t.message)
    }

    #[test]
    fn a_lasting_offer_returns_after_a_passing_toast_and_goes_when_answered() {
        let owner = Owner::new();
        owner.with(|| {
            let toasts = Toasts::provide();
            let reload = ToastAction {
                label: |t| t.update_reload,
                run: Arc::new(|| {}),
            };
            toasts.show_action("New version".into(), reload);
            let offer = toasts.current.get_untracked().map(|t| t.id).expect("offer");
            toasts.show("Saved".into(), None);
            assert_eq!(shown(toasts).as_deref(), Some("Saved"));
            let saved = toasts.current.get_untracked().map(|t| t.id).expect("saved");
            // The passing toast's time is up: the offer is back.
            toasts.dismiss(saved);
            assert_eq!(shown(toasts).as_deref(), Some("New version"));
            // Answered or closed: gone for good.
            toasts.dismiss(offer);
            assert_eq!(shown(toasts), None);
            toasts.show("Removed".into(), None);
            let removed = toasts
                .current
                .get_untracked()
                .map(|t| t.id)
                .expect("removed");
            toasts.dismiss(removed);
            assert_eq!(shown(toasts), None);
        });
    }
}
