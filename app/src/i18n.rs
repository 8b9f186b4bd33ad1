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
    compiled(lang)
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
    use super::{OPTIONAL_SLOTS, Shelf, Texts, shelve, shelved};
    use crate::domain::Lang;

    thread_local! {
        // One page, one thread. Each language is taken in at most once and
        // kept for the page's lifetime (`&'static`, like the compiled
        // tables), so what is leaked is bounded by nine small tables.
        static LOADED: Shelf<Texts> = const { Shelf::new(Vec::new()) };
    }

    pub fn get(lang: Lang) -> Option<&'static Texts> {
        shelved(&LOADED, lang)
    }

    pub fn add(lang: Lang, values: Vec<String>) -> bool {
        shelve(&LOADED, lang, values, &OPTIONAL_SLOTS, Texts::from_values)
    }
}

/// The tables the browser took in, by language.
type Shelf<T> = std::cell::RefCell<Vec<(Lang, &'static T)>>;

fn shelved<T>(shelf: &'static std::thread::LocalKey<Shelf<T>>, lang: Lang) -> Option<&'static T> {
    shelf.with_borrow(|tables| tables.iter().find(|(l, _)| *l == lang).map(|(_, t)| *t))
}

/// Takes in a table of `N` strings as it arrived, kept for the page's
/// lifetime; false, and nothing kept, when there are not `N` strings or a
/// string that may not be empty is. A language already here stays as it is.
fn shelve<T, const N: usize>(
    shelf: &'static std::thread::LocalKey<Shelf<T>>,
    lang: Lang,
    values: Vec<String>,
    optional: &[bool; N],
    make: fn([&'static str; N]) -> T,
) -> bool {
    if shelved(shelf, lang).is_some() {
        return true;
    }
    if values.len() != N
        || values
            .iter()
            .zip(optional)
            .any(|(v, optional)| !optional && v.trim().is_empty())
    {
        return false;
    }
    let leaked: Vec<&'static str> = values
        .into_iter()
        .map(|v| &*Box::leak(v.into_boxed_str()))
        .collect();
    let Ok(values) = <[&'static str; N]>::try_from(leaked) else {
        return false;
    };
    let table: &'static T = Box::leak(Box::new(make(values)));
    shelf.with_borrow_mut(|tables| tables.push((lang, table)));
    true
}

/// The newsroom's strings: a table of their own (`locales/newsroom`), so
/// that readers' pages neither carry nor send them. The server holds all
/// nine languages; the browser build holds none, and a newsroom page
/// brings its language's table with its data (`api::newsroom::texts`).
pub mod newsroom {
    #[allow(unused_imports)]
    use super::Plural;
    use crate::domain::Lang;

    include!(concat!(env!("OUT_DIR"), "/newsroom_texts.rs"));

    /// `lang`'s newsroom strings.
    #[cfg(khabar_all_texts)]
    pub fn texts(lang: Lang) -> &'static Texts {
        compiled(lang)
    }

    /// `lang`'s newsroom strings once a newsroom page brought them. A page
    /// shows nothing before its strings are here, so the empty table only
    /// stands in where a call runs too early, never a panic.
    #[cfg(not(khabar_all_texts))]
    pub fn texts(lang: Lang) -> &'static Texts {
        loaded::get(lang).unwrap_or_else(loaded::empty)
    }

    /// Takes in `lang`'s newsroom strings, in key order; false, and
    /// nothing kept, when they do not fit. The server has them all.
    pub fn add(lang: Lang, values: Vec<String>) -> bool {
        cfg!(khabar_all_texts) || loaded::add(lang, values)
    }

    pub(super) mod loaded {
        use super::super::{Shelf, shelve, shelved};
        use super::{KEY_COUNT, OPTIONAL_SLOTS, Texts};
        use crate::domain::Lang;

        thread_local! {
            // As for the readers' strings: at most nine tables, each taken
            // in once and kept for the page's lifetime.
            static LOADED: Shelf<Texts> = const { Shelf::new(Vec::new()) };
        }

        #[allow(dead_code)]
        pub fn get(lang: Lang) -> Option<&'static Texts> {
            shelved(&LOADED, lang)
        }

        #[allow(dead_code)]
        pub fn empty() -> &'static Texts {
            thread_local! {
                static EMPTY: &'static Texts = Box::leak(Box::new(Texts::from_values([""; KEY_COUNT])));
            }
            EMPTY.with(|empty| *empty)
        }

        #[allow(dead_code)]
        pub fn add(lang: Lang, values: Vec<String>) -> bool {
            shelve(&LOADED, lang, values, &OPTIONAL_SLOTS, Texts::from_values)
        }
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
    fn the_newsroom_strings_travel_as_values_and_come_back_whole() {
        let values: Vec<String> = newsroom::texts(Lang::Fa)
            .values()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(newsroom::loaded::add(Lang::Fa, values.clone()));
        let back = newsroom::loaded::get(Lang::Fa).expect("kept");
        assert_eq!(back.values().to_vec(), values);
        assert_eq!(back.staff_title, "کارمندان اتاق خبر");
        // A table with a string left empty is refused, not half taken.
        let mut blank = values;
        blank[0] = " ".to_owned();
        assert!(!newsroom::loaded::add(Lang::Ar, blank));
        assert!(newsroom::loaded::get(Lang::Ar).is_none());
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
