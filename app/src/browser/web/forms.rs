//! A submitted form's fields, read in the browser.

use wasm_bindgen::JsCast;

pub struct Fields {
    data: web_sys::FormData,
}

impl Fields {
    /// The fields of the form `ev` submits.
    pub fn of(ev: &leptos::ev::SubmitEvent) -> Option<Fields> {
        let form: web_sys::HtmlFormElement = ev.target()?.dyn_into().ok()?;
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        Some(Fields { data })
    }

    /// Field `name`'s text (empty when there is no such field).
    pub fn text(&self, name: &str) -> String {
        self.data.get(name).as_string().unwrap_or_default()
    }
}
