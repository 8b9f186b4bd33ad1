//! Short messages at the bottom of the screen ("Removed from reading list"
//! with Undo). One at a time, in a polite live region so screen readers
//! announce it; placed at the inline end, so it mirrors in rtl, and below
//! the content, never over the navigation.

use std::sync::Arc;

use leptos::prelude::*;

use crate::context::use_lang;
use crate::i18n::Texts;

/// How long a toast stays: long enough to reach Undo (at least 5 s).
pub const TOAST_MS: u64 = 8_000;

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

#[derive(Clone)]
struct Toast {
    id: u64,
    message: String,
    action: Option<ToastAction>,
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
        #[cfg(feature = "hydrate")]
        set_timeout(
            move || self.dismiss(id),
            std::time::Duration::from_millis(TOAST_MS),
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = id;
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

    fn dismiss(self, id: u64) {
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

/// The live region; always in the page so announcements are not missed.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let lang = use_lang();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || {
                toasts
                    .current
                    .get()
                    .map(|toast| {
                        let t = lang.get().texts();
                        let id = toast.id;
                        let action = toast.action.map(|action| {
                            view! {
                                <button
                                    type="button"
                                    class="toast-action"
                                    on:click=move |_| {
                                        (action.run)();
                                        toasts.dismiss(id);
                                    }
                                >
                                    {(action.label)(t)}
                                </button>
                            }
                        });
                        view! {
                            <div class="toast">
                                <span class="toast-message">{toast.message}</span>
                                {action}
                                <button
                                    type="button"
                                    class="toast-close"
                                    aria-label=t.dismiss
                                    on:click=move |_| toasts.dismiss(id)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
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
