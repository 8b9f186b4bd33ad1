//! JSON for every value that crosses into the browser: the data a page
//! hydrates from, server-fn answers and errors, the worker's messages and
//! the locally kept reading list.
//!
//! The server writes it with serde_json. The browser reads and writes it
//! with its own `JSON.parse` and `JSON.stringify` (through
//! serde-wasm-bindgen), so the WASM bundle carries no JSON parser and no
//! float formatter of its own: serde_json's code was about a tenth of the
//! bundle. The wire format is plain JSON either way.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a value could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(String);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

#[cfg(not(all(feature = "hydrate", target_arch = "wasm32")))]
mod engine {
    use super::{DeserializeOwned, JsonError, Serialize};

    pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
        serde_json::to_string(value).map_err(|e| JsonError(e.to_string()))
    }

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
        serde_json::from_str(text).map_err(|e| JsonError(e.to_string()))
    }
}

#[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
mod engine {
    use super::{DeserializeOwned, JsonError, Serialize};
    use wasm_bindgen::JsValue;

    fn js_error(error: JsValue) -> JsonError {
        JsonError(error.as_string().unwrap_or_else(|| "invalid JSON".into()))
    }

    fn swb_error(error: serde_wasm_bindgen::Error) -> JsonError {
        JsonError(error.to_string())
    }

    /// A value as the browser holds it: plain objects for maps and
    /// structs, numbers for integers, as `JSON.parse` would give.
    pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsonError> {
        value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(swb_error)
    }

    pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, JsonError> {
        serde_wasm_bindgen::from_value(value).map_err(swb_error)
    }

    pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
        let text = js_sys::JSON::stringify(&to_js(value)?).map_err(js_error)?;
        Ok(String::from(text))
    }

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
        from_js(js_sys::JSON::parse(text).map_err(js_error)?)
    }
}

#[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
pub use engine::{from_js, to_js};
pub use engine::{from_str, to_string};

/// The codec of the app's resources and shared values (Leptos serialises
/// them into the page on the server and reads them back while hydrating),
/// and of its server fns' answers and errors.
pub struct Json;

/// Server-fn answers in [`Json`]; the request side keeps its own encoding.
pub type JsonOutput = leptos::server_fn::codec::Post<Json>;

/// A resource whose value reaches the browser in [`Json`]: every resource
/// of the app is made here, so none falls back to Leptos's serde_json
/// codec (which would bring the JSON parser back into the bundle).
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> leptos::prelude::Resource<T, Json>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    leptos::prelude::Resource::new_with_options(source, fetcher, false)
}

impl<T: Serialize> leptos::server::codee::Encoder<T> for Json {
    type Error = JsonError;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, JsonError> {
        to_string(value)
    }
}

impl<T: DeserializeOwned> leptos::server::codee::Decoder<T> for Json {
    type Error = JsonError;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, JsonError> {
        from_str(text)
    }
}

impl leptos::server_fn::ContentType for Json {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl leptos::server_fn::FormatType for Json {
    const FORMAT_TYPE: leptos::server_fn::Format = leptos::server_fn::Format::Text;
}

impl<T: Serialize> leptos::server_fn::Encodes<T> for Json {
    type Error = JsonError;

    fn encode(value: &T) -> Result<leptos::server_fn::Bytes, JsonError> {
        to_string(value).map(leptos::server_fn::Bytes::from)
    }
}

impl<T: DeserializeOwned> leptos::server_fn::Decodes<T> for Json {
    type Error = JsonError;

    fn decode(bytes: leptos::server_fn::Bytes) -> Result<T, JsonError> {
        let text = std::str::from_utf8(&bytes).map_err(|e| JsonError(e.to_string()))?;
        from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;
    use crate::error::AppError;
    use crate::wire::SavedItem;
    use leptos::server_fn::{Decodes, Encodes};

    #[test]
    fn an_answer_reads_back_as_it_was_written() {
        let item = SavedItem {
            lang: Lang::Ps,
            slug: "wheat-sowing-north".into(),
            title: "د غنمو کرل".into(),
            saved_at: 1_764_000_000,
            saved_on: String::new(),
        };
        let answer: Result<Option<SavedItem>, AppError> = Ok(Some(item));
        let bytes = <Json as Encodes<_>>::encode(&answer).expect("encodes");
        let back: Result<Option<SavedItem>, AppError> =
            <Json as Decodes<_>>::decode(bytes).expect("decodes");
        assert_eq!(back, answer);
    }

    #[test]
    fn broken_text_is_an_error_not_a_panic() {
        let broken = leptos::server_fn::Bytes::from_static(b"{\"Ok\":");
        assert!(<Json as Decodes<Result<(), AppError>>>::decode(broken).is_err());
        let not_utf8 = leptos::server_fn::Bytes::from_static(&[0xff, 0xfe]);
        assert!(<Json as Decodes<Result<(), AppError>>>::decode(not_utf8).is_err());
    }
}
