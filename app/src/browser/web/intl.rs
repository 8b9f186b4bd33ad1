//! The browser's `Intl`: dates and numbers in the reader's language (Solar
//! Hijri and Eastern Arabic digits in fa and ps, as on the server), and the
//! clock.

use crate::domain::Lang;

/// Now, in Unix seconds.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The locale the browser formats `lang`'s dates and numbers in.
pub fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Fa => "fa-AF",
        Lang::Ps => "ps-AF",
        other => other.code(),
    }
}

pub fn date(lang: Lang, seconds: i64) -> String {
    use wasm_bindgen::JsValue;
    let locales = js_sys::Array::of1(&JsValue::from_str(locale(lang)));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("day", "numeric"),
        ("month", "long"),
        ("year", "numeric"),
        ("timeZone", "Asia/Kabul"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
    let date = js_sys::Date::new(&JsValue::from_f64(seconds as f64 * 1000.0));
    format
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// `value` in `lang`'s digits; with `unit` (`"megabyte"`), as a size.
pub fn format_number(lang: Lang, value: f64, unit: Option<&str>) -> String {
    let locales = js_sys::Array::of1(&locale(lang).into());
    let options = js_sys::Object::new();
    if let Some(unit) = unit {
        for (key, value) in [("style", "unit"), ("unit", unit)] {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        }
        let _ = js_sys::Reflect::set(&options, &"maximumFractionDigits".into(), &1.into());
    }
    js_sys::Intl::NumberFormat::new(&locales, &options)
        .format()
        .call1(&wasm_bindgen::JsValue::NULL, &value.into())
        .ok()
        .and_then(|v| v.as_string())
        // The browser's own digits even here: Rust's float formatting
        // would add kilobytes to the bundle for a path that never runs.
        .or_else(|| {
            js_sys::Number::from(value)
                .to_string_with_radix(10)
                .ok()
                .map(String::from)
        })
        .unwrap_or_default()
}
