//! The clock. Dates and numbers are written by `l10n`, the same code the
//! server runs, not by the browser's `Intl` (whose data and defaults
//! differ between browsers: US order for English, no Afghan month names
//! where a browser lacks `fa-AF`).

/// Now, in Unix seconds.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}
