//! UI strings. `locales/*.json` are compiled in by `build.rs`; every language
//! has every key, checked at build time.
//!
//! The server holds all nine languages. The browser build holds English
//! only (the fallback): a page brings its own language's strings with it
//! (`values_json`), and switching language in the app fetches the new
//! one's first (`routes::texts`). Eight tables of strings the reader never
//! reads stay off the wire.

use crate::domain::Lang;
use crate::l10n::numerals::number;
use crate::l10n::plurals::{Category, category};

include!(concat!(env!("OUT_DIR"), "/texts.rs"));

/// A counted phrase in each plural form (`l10n::plurals`); the forms a
/// language does not use are empty. The count is written `{n}`.
#[derive(Debug, Clone, Copy)]
pub struct Plural {
    pub zero: &'static str,
    pub one: &'static str,
    pub two: &'static str,
    pub few: &'static str,
    pub many: &'static str,
    pub other: &'static str,
}

impl Plural {
    /// The phrase for `n` things in `lang`, with `n` in `lang`'s digits.
    pub fn count(&self, lang: Lang, n: u64) -> String {
        let form = match category(lang, n) {
            Category::Zero => self.zero,
            Category::One => self.one,
            Category::Two => self.two,
            Category::Few => self.few,
            Category::Many => self.many,
            Category::Other => self.other,
        };
        // The build checks every form a language needs is there; `other`
        // (or, in Russian, `many`) only guards a table sent by a stale page.
        let form = [form, self.other, self.many]
            .into_iter()
            .find(|f| !f.is_empty())
            .unwrap_or_default();
        fill(form, "n", &number(lang, n))
    }
}

impl Texts {
    /// `lang`'s name in this table's language ("Dari" on English pages,
    /// "دری" on Dari ones), for use inside a sentence.
    pub fn language(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ar => self.lang_ar,
            Lang::En => self.lang_en,
            Lang::Fr => self.lang_fr,
            Lang::De => self.lang_de,
            Lang::Ps => self.lang_ps,
            Lang::Fa => self.lang_fa,
            Lang::Ru => self.lang_ru,
            Lang::Es => self.lang_es,
            Lang::Tg => self.lang_tg,
        }
    }
}

/// The id of the page's data block with its language's strings.
pub const PAGE_TEXTS_ID: &str = "khabar-texts";

/// `lang`'s strings.
#[cfg(khabar_all_texts)]
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Ar => &AR,
        Lang::En => &EN,
        Lang::Fr => &FR,
        Lang::De => &DE,
        Lang::Ps => &PS,
        Lang::Fa => &FA,
        Lang::Ru => &RU,
        Lang::Es => &ES,
        Lang::Tg => &TG,
    }
}

/// `lang`'s strings once the page or a fetch brought them; English until
/// then (the app asks for a language's strings before it shows the
/// language, so this is a last resort, never a panic).
#[cfg(not(khabar_all_texts))]
pub fn texts(lang: Lang) -> &'static Texts {
    loaded::get(lang).unwrap_or(&EN)
}

/// Whether `lang`'s strings are here.
pub fn has_texts(lang: Lang) -> bool {
    cfg!(khabar_all_texts) || lang == Lang::En || loaded::get(lang).is_some()
}

/// Takes in `lang`'s strings, in key order (as `Texts::values` gives
/// them). False, and nothing kept, when they do not fit.
pub fn add_texts(lang: Lang, values: Vec<String>) -> bool {
    loaded::add(lang, values)
}

/// A language's strings as the browser takes them in: a JSON array in key
/// order, safe inside a `<script>` element (`</` is written `<\/`, which JSON
/// reads back as `</`). Made once per language: every non-English page
/// render asks for it.
pub fn values_json(lang: Lang) -> &'static str {
    static JSON: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        Lang::ALL
            .iter()
            .map(|lang| {
                serde_json::to_string(&texts(*lang).values()[..])
                    .unwrap_or_else(|_| "[]".to_owned())
                    .replace("</", "<\\/")
            })
            .collect()
    });
    Lang::ALL
        .iter()
        .position(|l| *l == lang)
        .map_or("[]", |i| JSON[i].as_str())
}

mod loaded {
    use std::cell::RefCell;

    use super::{KEY_COUNT, OPTIONAL_SLOTS, Texts};
    use crate::domain::Lang;

    thread_local! {
        // One page, one thread. Each language is taken in at most once and
        // kept for the page's lifetime (`&'static`, like the compiled
        // tables), so what is leaked is bounded by nine small tables.
        static LOADED: RefCell<Vec<(Lang, &'static Texts)>> = const { RefCell::new(Vec::new()) };
    }

    pub fn get(lang: Lang) -> Option<&'static Texts> {
        LOADED.with_borrow(|loaded| loaded.iter().find(|(l, _)| *l == lang).map(|(_, t)| *t))
    }

    pub fn add(lang: Lang, values: Vec<String>) -> bool {
        if get(lang).is_some() {
            return true;
        }
        let leaked: Vec<&'static str> = values
            .into_iter()
            .map(|v| &*Box::leak(v.into_boxed_str()))
            .collect();
        let Ok(values) = <[&'static str; KEY_COUNT]>::try_from(leaked) else {
            return false;
        };
        if values
            .iter()
            .zip(OPTIONAL_SLOTS)
            .any(|(v, optional)| !optional && v.trim().is_empty())
        {
            return false;
        }
        let texts: &'static Texts = Box::leak(Box::new(Texts::from_values(values)));
        LOADED.with_borrow_mut(|loaded| loaded.push((lang, texts)));
        true
    }
}

/// Replaces `{name}` in a translated template. Templates keep placeholders
/// because word order differs between languages.
pub fn fill(template: &str, name: &str, value: &str) -> String {
    template.replace(&format!("{{{name}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_names_each_language_as_its_own_strings_do() {
        for lang in Lang::ALL {
            assert_eq!(lang.native_name(), texts(lang).lang_name);
        }
    }

    #[test]
    fn a_language_travels_as_values_and_comes_back_whole() {
        let values: Vec<String> = serde_json::from_str(values_json(Lang::Ps)).expect("JSON array");
        assert_eq!(values.len(), KEY_COUNT);
        assert!(loaded::add(Lang::Ps, values.clone()));
        let back = loaded::get(Lang::Ps).expect("kept");
        assert_eq!(back.values().to_vec(), values);
        // A table of the wrong length is refused, not half taken.
        assert!(!loaded::add(Lang::Tg, vec!["x".to_owned(); KEY_COUNT - 1]));
        assert!(loaded::get(Lang::Tg).is_none());
    }

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
                (t.page_n, "page"),
                (t.photo_n_of, "position"),
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
    fn arabic_counts_take_all_six_forms() {
        let wait = |n| Lang::Ar.texts().err_too_many.count(Lang::Ar, n);
        let middle = |n| {
            let text: String = wait(n);
            let start = text.find("الانتظار ").expect("the wait") + "الانتظار ".len();
            let end = text.find(" ثم").expect("the rest");
            text[start..end].to_owned()
        };
        assert_eq!(middle(0), "0 دقيقة");
        assert_eq!(middle(1), "دقيقة واحدة");
        assert_eq!(middle(2), "دقيقتين");
        assert_eq!(middle(3), "3 دقائق");
        assert_eq!(middle(11), "11 دقيقة");
        assert_eq!(middle(100), "100 دقيقة");
        assert_eq!(
            wait(3),
            "محاولات كثيرة جدًا من اتصالك. يُرجى الانتظار 3 دقائق ثم المحاولة مرة أخرى."
        );
    }

    #[test]
    fn russian_counts_agree_with_the_number() {
        let stories = |n| Lang::Ru.texts().search_count.count(Lang::Ru, n);
        assert_eq!(stories(1), "Найден 1 материал");
        assert_eq!(stories(2), "Найдено 2 материала");
        assert_eq!(stories(5), "Найдено 5 материалов");
        assert_eq!(stories(21), "Найден 21 материал");
        let wait = Lang::Ru.texts().err_too_many.count(Lang::Ru, 21);
        assert_eq!(
            wait,
            "Слишком много попыток с вашего подключения. Подождите 21 минуту и повторите попытку."
        );
    }

    #[test]
    fn one_minute_is_singular_and_counts_use_the_pages_digits() {
        assert_eq!(
            Lang::En.texts().err_too_many.count(Lang::En, 1),
            "Too many attempts from your connection. Please wait 1 minute and try again."
        );
        assert_eq!(
            Lang::En.texts().edition_stories.count(Lang::En, 1),
            "1 story"
        );
        assert_eq!(
            Lang::Fr.texts().edition_stories.count(Lang::Fr, 0),
            "0 article"
        );
        assert_eq!(
            Lang::Fa.texts().search_count.count(Lang::Fa, 27),
            "۲۷ گزارش پیدا شد"
        );
        assert_eq!(Lang::Ps.texts().edition_days.count(Lang::Ps, 7), "۷ ورځې");
    }

    #[test]
    fn language_names_inside_sentences_are_the_readers_words() {
        assert_eq!(
            fill(
                Lang::Fa.texts().search_in_language,
                "language",
                Lang::Fa.texts().language(Lang::En)
            ),
            "به زبان انگلیسی"
        );
        assert_eq!(
            fill(
                Lang::En.texts().search_in_language,
                "language",
                Lang::En.texts().language(Lang::Fr)
            ),
            "In French"
        );
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
