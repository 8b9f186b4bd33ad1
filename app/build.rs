//! Compiles `locales/*.json` into one `Texts` struct per language.
//!
//! Every language must carry exactly the keys of `en.json`, so a missing or
//! misspelled translation fails the build instead of showing English (or
//! nothing) to a reader.

use std::{collections::BTreeMap, env, fmt::Write as _, fs, path::Path};

include!("src/l10n/plural_categories.rs");

/// The plural forms, in the order a `Plural` lists them.
const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Placeholders that are not counts: a string may hold these without
/// plural forms. A count is always `{n}`, in a string with plural forms,
/// so that no count is ever shown in a form that does not agree with it.
/// (`number` names a revision, `time` a moment: neither counts anything.)
const NOT_COUNTS: [&str; 20] = [
    "category", "date", "query", "language", "name", "link", "year", "page", "position", "total",
    "done", "size", "stories", "days", "wait", "account", "from", "to", "number", "time",
];

/// Every `{placeholder}` in `text`.
fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Checks a string's placeholders: counts only in plural forms.
fn check_placeholders(lang: &str, key: &str, text: &str, plural: bool) {
    for name in placeholders(text) {
        assert!(
            NOT_COUNTS.contains(&name) || (plural && name == "n"),
            "locales/{lang}.json: {key} holds {{{name}}}: a count needs plural forms and is written {{n}}; \
             other placeholders must be one of {NOT_COUNTS:?}"
        );
    }
}

/// Whether `form` of `lang` stands for one number only (Arabic's zero,
/// one and two; "one" where only 1 takes it), so that its text may name
/// the count in words ("دقيقة واحدة") instead of `{n}`. Every other form
/// covers many numbers and must show which.
fn single_number(lang: &str, form: &str) -> bool {
    matches!(
        (lang, form),
        ("ar", "zero" | "one" | "two") | ("en" | "de" | "es" | "ps", "one")
    )
}

/// Every placeholder of a string, or of all forms of a plural.
fn placeholder_set(value: &serde_json::Value) -> std::collections::BTreeSet<String> {
    let texts: Vec<&str> = match value {
        serde_json::Value::Object(forms) => forms.values().filter_map(|v| v.as_str()).collect(),
        other => other.as_str().into_iter().collect(),
    };
    texts
        .into_iter()
        .flat_map(placeholders)
        .map(str::to_owned)
        .collect()
}

/// The plural forms `lang` must give.
fn required_forms(lang: &str) -> &'static [&'static str] {
    PLURAL_CATEGORIES
        .iter()
        .find(|(code, _)| *code == lang)
        .map(|(_, forms)| *forms)
        .unwrap_or_else(|| panic!("no plural categories for {lang}"))
}

const LANGS: [&str; 9] = ["ar", "en", "fr", "de", "ps", "fa", "ru", "es", "tg"];

fn load(dir: &str, lang: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = format!("{dir}/{lang}.json");
    println!("cargo::rerun-if-changed={path}");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match serde_json::from_str(&text) {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(_) => panic!("{path}: expected a JSON object"),
        Err(e) => panic!("{path}: {e}"),
    }
}

/// The current year (UTC), from the days since the Unix epoch.
fn current_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    // Civil-from-days (proleptic Gregorian), shifted so years start in March.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let month_index = (5 * doy + 2) / 153; // 0 = March
    yoe + era * 400 + i64::from(month_index >= 10)
}

/// One table of strings: a `Texts` struct with a field per key of
/// `{dir}/en.json`, the order its values travel in, and a static for each
/// language `compiled_in` accepts. Every language is checked whether it is
/// compiled in or not. Returns the code and each language's own name
/// (where the table has `lang_name`).
fn table(dir: &str, compiled_in: &dyn Fn(&str) -> bool) -> (String, Vec<(&'static str, String)>) {
    let english = load(dir, "en");
    let keys: Vec<&String> = english.keys().collect();
    let mut out =
        String::from("/// Every UI string of one language (generated from locales/*.json).\n");
    out.push_str("#[derive(Debug)]\npub struct Texts {\n");
    let plural = |key: &str| english[key].is_object();
    let mut slots = 0;
    let mut optional = Vec::new();
    for key in &keys {
        if plural(key) {
            writeln!(out, "    pub {key}: Plural,").expect("write to String");
            slots += FORMS.len();
            optional.extend([true; 6]);
        } else {
            writeln!(out, "    pub {key}: &'static str,").expect("write to String");
            slots += 1;
            optional.push(false);
        }
    }
    out.push_str("}\n");
    // The order in which a language's strings travel to the browser: one
    // slot per string, six per plural (a form the language does not use
    // is empty).
    writeln!(out, "pub const KEY_COUNT: usize = {slots};").expect("write");
    writeln!(
    out,
    "/// The slots that may be empty (plural forms).\npub const OPTIONAL_SLOTS: [bool; KEY_COUNT] = {optional:?};"
)
.expect("write");
    out.push_str("impl Texts {\n");
    out.push_str("    /// The strings in key order, as the page sends them.\n");
    out.push_str("    pub fn values(&self) -> [&'static str; KEY_COUNT] {\n        [\n");
    for key in &keys {
        if plural(key) {
            for form in FORMS {
                writeln!(out, "            self.{key}.{form},").expect("write");
            }
        } else {
            writeln!(out, "            self.{key},").expect("write");
        }
    }
    out.push_str("        ]\n    }\n\n");
    out.push_str("    /// The inverse of `values`.\n");
    out.push_str("    pub fn from_values(v: [&'static str; KEY_COUNT]) -> Texts {\n");
    out.push_str("        Texts {\n");
    let mut i = 0;
    for key in &keys {
        if plural(key) {
            let forms: Vec<String> = FORMS
                .iter()
                .enumerate()
                .map(|(j, form)| format!("{form}: v[{}]", i + j))
                .collect();
            writeln!(out, "            {key}: Plural {{ {} }},", forms.join(", ")).expect("write");
            i += FORMS.len();
        } else {
            writeln!(out, "            {key}: v[{i}],").expect("write");
            i += 1;
        }
    }
    out.push_str("        }\n    }\n}\n");
    let mut names = Vec::new();
    for lang in LANGS {
        let map = load(dir, lang);
        let missing: Vec<_> = keys.iter().filter(|k| !map.contains_key(**k)).collect();
        let extra: Vec<_> = map.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{dir}/{lang}.json: missing {missing:?}, unknown {extra:?}"
        );
        let values: BTreeMap<_, _> = map.iter().collect();
        for key in &keys {
            if plural(key) {
                let forms = values[key].as_object().unwrap_or_else(|| {
                    panic!("{dir}/{lang}.json: {key} needs plural forms, as in en.json")
                });
                let mut given: Vec<&str> = forms.keys().map(String::as_str).collect();
                given.sort_unstable();
                let mut needed = required_forms(lang).to_vec();
                needed.sort_unstable();
                assert_eq!(
                    given, needed,
                    "{dir}/{lang}.json: {key} must give exactly the plural forms {needed:?}"
                );
                for (form, text) in forms {
                    let text = text.as_str().unwrap_or_else(|| {
                        panic!("{dir}/{lang}.json: {key}.{form} is not a string")
                    });
                    assert!(
                        !text.trim().is_empty(),
                        "{dir}/{lang}.json: {key}.{form} is empty"
                    );
                    check_placeholders(lang, key, text, true);
                    assert!(
                        text.contains("{n}") || single_number(lang, form),
                        "{dir}/{lang}.json: {key}.{form} covers several numbers and must show the count as {{n}}"
                    );
                }
            } else {
                let value = values[key]
                    .as_str()
                    .unwrap_or_else(|| panic!("{dir}/{lang}.json: {key} is not a string"));
                assert!(
                    !value.trim().is_empty(),
                    "{dir}/{lang}.json: {key} is empty"
                );
                check_placeholders(lang, key, value, false);
            }
            // A translation fills the same slots as the English: a dropped
            // `{date}` or `{link}` would silently lose what it stands for.
            let (ours, english_ones) = (
                placeholder_set(values[key]),
                placeholder_set(&english[key.as_str()]),
            );
            assert_eq!(
                ours, english_ones,
                "{dir}/{lang}.json: {key} has other placeholders than en.json"
            );
        }
        if let Some(name) = map.get("lang_name").and_then(|v| v.as_str()) {
            names.push((lang, name.to_owned()));
        }
        if !compiled_in(lang) {
            continue;
        }
        writeln!(out, "pub static {}: Texts = Texts {{", lang.to_uppercase()).expect("write");
        for key in &keys {
            if let Some(forms) = values[key].as_object() {
                let forms: Vec<String> = FORMS
                    .iter()
                    .map(|form| {
                        let text = forms.get(*form).and_then(|v| v.as_str()).unwrap_or("");
                        format!("{form}: {text:?}")
                    })
                    .collect();
                writeln!(out, "    {key}: Plural {{ {} }},", forms.join(", ")).expect("write");
            } else {
                writeln!(
                    out,
                    "    {key}: {:?},",
                    values[key].as_str().expect("checked above")
                )
                .expect("write");
            }
        }
        out.push_str("};\n");
    }
    if LANGS.iter().all(|lang| compiled_in(lang)) {
        out.push_str("/// `lang`'s table.\npub fn compiled(lang: crate::domain::Lang) -> &'static Texts {\n    match lang {\n");
        for lang in LANGS {
            let variant = format!("{}{}", lang[..1].to_uppercase(), &lang[1..]);
            writeln!(
                out,
                "        crate::domain::Lang::{variant} => &{},",
                lang.to_uppercase()
            )
            .expect("write");
        }
        out.push_str("    }\n}\n");
    }
    (out, names)
}

fn main() {
    println!("cargo::rustc-env=KHABAR_BUILD_YEAR={}", current_year());
    // The browser build carries the readers' English only (the fallback);
    // the page brings its own language's strings (`i18n`). The newsroom's
    // strings never ride in the browser build: a newsroom page brings them
    // (`i18n::newsroom`). Every other build compiles in all nine of both.
    println!("cargo::rustc-check-cfg=cfg(khabar_all_texts)");
    let browser_only = env::var_os("CARGO_FEATURE_HYDRATE").is_some()
        && env::var_os("CARGO_FEATURE_SSR").is_none();
    if !browser_only {
        println!("cargo::rustc-cfg=khabar_all_texts");
    }
    let (mut out, names) = table("locales", &|lang| !browser_only || lang == "en");
    // Every page names all nine languages in their own words (switcher,
    // footer), so these few strings ship everywhere.
    out.push_str("/// Each language's name in itself, by language code.\n");
    out.push_str("pub fn native_name(code: &str) -> &'static str {\n    match code {\n");
    for (lang, name) in &names {
        writeln!(out, "        {lang:?} => {name:?},").expect("write");
    }
    out.push_str("        _ => \"\",\n    }\n}\n");
    let out_dir = env::var("OUT_DIR").expect("OUT_DIR");
    fs::write(Path::new(&out_dir).join("texts.rs"), out).expect("write texts.rs");
    let (newsroom, _) = table("locales/newsroom", &|_| !browser_only);
    // One name, one string: the two tables never share a key, so a search
    // for a key (or the browser tests, which read both) finds one string.
    let readers = load("locales", "en");
    let shared: Vec<_> = load("locales/newsroom", "en")
        .keys()
        .filter(|key| readers.contains_key(*key))
        .cloned()
        .collect();
    assert!(
        shared.is_empty(),
        "locales/newsroom/en.json: {shared:?} are keys of locales/en.json too"
    );
    fs::write(Path::new(&out_dir).join("newsroom_texts.rs"), newsroom)
        .expect("write newsroom_texts.rs");
}
