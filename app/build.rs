//! Compiles `locales/*.json` into one `Texts` struct per language.
//!
//! Every language must carry exactly the keys of `en.json`, so a missing or
//! misspelled translation fails the build instead of showing English (or
//! nothing) to a reader.

use std::{collections::BTreeMap, env, fmt::Write as _, fs, path::Path};

const LANGS: [&str; 9] = ["ar", "en", "fr", "de", "ps", "fa", "ru", "es", "tg"];

fn load(lang: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = format!("locales/{lang}.json");
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

fn main() {
    println!("cargo::rustc-env=KHABAR_BUILD_YEAR={}", current_year());
    // The browser build carries English only (the fallback); the page brings
    // its own language's strings (`i18n`). Every other build compiles in all
    // nine tables.
    println!("cargo::rustc-check-cfg=cfg(khabar_all_texts)");
    let browser_only = env::var_os("CARGO_FEATURE_HYDRATE").is_some()
        && env::var_os("CARGO_FEATURE_SSR").is_none();
    if !browser_only {
        println!("cargo::rustc-cfg=khabar_all_texts");
    }
    let english = load("en");
    let keys: Vec<&String> = english.keys().collect();
    let mut out =
        String::from("/// Every UI string of one language (generated from locales/*.json).\n");
    out.push_str("#[derive(Debug)]\npub struct Texts {\n");
    for key in &keys {
        writeln!(out, "    pub {key}: &'static str,").expect("write to String");
    }
    out.push_str("}\n");
    // The order in which a language's strings travel to the browser.
    writeln!(out, "pub const KEY_COUNT: usize = {};", keys.len()).expect("write");
    out.push_str("impl Texts {\n");
    out.push_str("    /// The strings in key order, as the page sends them.\n");
    out.push_str("    pub fn values(&self) -> [&'static str; KEY_COUNT] {\n        [\n");
    for key in &keys {
        writeln!(out, "            self.{key},").expect("write");
    }
    out.push_str("        ]\n    }\n\n");
    out.push_str("    /// The inverse of `values`.\n");
    out.push_str("    pub fn from_values(v: [&'static str; KEY_COUNT]) -> Texts {\n");
    out.push_str("        Texts {\n");
    for (i, key) in keys.iter().enumerate() {
        writeln!(out, "            {key}: v[{i}],").expect("write");
    }
    out.push_str("        }\n    }\n}\n");
    let mut names = Vec::new();
    for lang in LANGS {
        let map = load(lang);
        let missing: Vec<_> = keys.iter().filter(|k| !map.contains_key(**k)).collect();
        let extra: Vec<_> = map.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "locales/{lang}.json: missing {missing:?}, unknown {extra:?}"
        );
        let values: BTreeMap<_, _> = map.iter().collect();
        for key in &keys {
            let value = values[key]
                .as_str()
                .unwrap_or_else(|| panic!("locales/{lang}.json: {key} is not a string"));
            assert!(
                !value.trim().is_empty(),
                "locales/{lang}.json: {key} is empty"
            );
        }
        names.push((
            lang,
            map["lang_name"].as_str().expect("checked above").to_owned(),
        ));
        if browser_only && lang != "en" {
            continue;
        }
        writeln!(out, "pub static {}: Texts = Texts {{", lang.to_uppercase()).expect("write");
        for key in &keys {
            writeln!(
                out,
                "    {key}: {:?},",
                values[key].as_str().expect("checked above")
            )
            .expect("write");
        }
        out.push_str("};\n");
    }
    // Every page names all nine languages in their own words (switcher,
    // footer), so these few strings ship everywhere.
    out.push_str("/// Each language's name in itself, by language code.\n");
    out.push_str("pub fn native_name(code: &str) -> &'static str {\n    match code {\n");
    for (lang, name) in &names {
        writeln!(out, "        {lang:?} => {name:?},").expect("write");
    }
    out.push_str("        _ => \"\",\n    }\n}\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("texts.rs");
    fs::write(dest, out).expect("write texts.rs");
}
