// The CLDR plural categories a whole-number count can fall in, per
// language. `locales/*.json` must give exactly these forms for every
// count-bearing string (checked by `build.rs`, which includes this file);
// `plurals::category` picks among them, and its tests check both against
// ICU's CLDR data.
pub const PLURAL_CATEGORIES: [(&str, &[&str]); 9] = [
    ("ar", &["zero", "one", "two", "few", "many", "other"]),
    ("en", &["one", "other"]),
    ("fr", &["one", "many", "other"]),
    ("de", &["one", "other"]),
    ("ps", &["one", "other"]),
    ("fa", &["one", "other"]),
    ("ru", &["one", "few", "many"]),
    ("es", &["one", "many", "other"]),
    ("tg", &["one", "other"]),
];
