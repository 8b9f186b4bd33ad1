//! UI strings. `locales/*.json` are compiled in by `build.rs`; every language
//! has every key, checked at build time.

include!(concat!(env!("OUT_DIR"), "/texts.rs"));

/// Replaces `{name}` in a translated template. Templates keep placeholders
/// because word order differs between languages.
pub fn fill(template: &str, name: &str, value: &str) -> String {
    template.replace(&format!("{{{name}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;

    #[test]
    fn fill_replaces_every_occurrence_and_nothing_else() {
        assert_eq!(fill("Page {n} of {n}", "n", "2"), "Page 2 of 2");
        assert_eq!(fill("{date}", "n", "2"), "{date}");
    }

    #[test]
    fn placeholders_survive_translation() {
        for lang in Lang::ALL {
            let t = lang.texts();
            for (template, name) in [
                (t.see_all, "category"),
                (t.published_on, "date"),
                (t.updated_on, "date"),
                (t.page_n, "n"),
                (t.photo_n_of, "n"),
                (t.photo_n_of, "total"),
                (t.copyright, "year"),
            ] {
                assert!(
                    template.contains(&format!("{{{name}}}")),
                    "{lang}: {template}"
                );
            }
        }
    }

    #[test]
    fn translated_chrome_is_not_english() {
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let (t, en) = (lang.texts(), Lang::En.texts());
            for (ours, english) in [
                (t.nav_home, en.nav_home),
                (t.cat_world, en.cat_world),
                (t.related, en.related),
                (t.follow_us, en.follow_us),
                (t.not_found_title, en.not_found_title),
                (t.advertisement, en.advertisement),
            ] {
                assert_ne!(ours, english, "{lang} still shows English");
            }
        }
    }
}
