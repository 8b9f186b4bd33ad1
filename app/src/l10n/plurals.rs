//! CLDR plural rules for whole numbers: which form of a counted phrase a
//! language uses for `n` ("1 minute", "2 minutes"; Arabic has six forms,
//! Russian three).

use crate::domain::Lang;

include!("plural_categories.rs");

/// A CLDR plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Zero,
        Category::One,
        Category::Two,
        Category::Few,
        Category::Many,
        Category::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Zero => "zero",
            Category::One => "one",
            Category::Two => "two",
            Category::Few => "few",
            Category::Many => "many",
            Category::Other => "other",
        }
    }
}

/// The form `lang` uses for the count `n`.
pub fn category(lang: Lang, n: u64) -> Category {
    match lang {
        Lang::En | Lang::De | Lang::Ps => {
            if n == 1 {
                Category::One
            } else {
                Category::Other
            }
        }
        // Persian: "i = 0 or n = 1"; Tajik: "n = 0..1".
        Lang::Fa | Lang::Tg => {
            if n <= 1 {
                Category::One
            } else {
                Category::Other
            }
        }
        // French counts 0 and 1 as singular; Spanish only 1. Both use a
        // form of their own for whole millions ("un million de minutes").
        Lang::Fr | Lang::Es => {
            let singular = if lang == Lang::Fr { n <= 1 } else { n == 1 };
            if singular {
                Category::One
            } else if n != 0 && n.is_multiple_of(1_000_000) {
                Category::Many
            } else {
                Category::Other
            }
        }
        Lang::Ru => match (n % 10, n % 100) {
            (1, h) if h != 11 => Category::One,
            (2..=4, h) if !(12..=14).contains(&h) => Category::Few,
            _ => Category::Many,
        },
        Lang::Ar => match (n, n % 100) {
            (0, _) => Category::Zero,
            (1, _) => Category::One,
            (2, _) => Category::Two,
            (_, 3..=10) => Category::Few,
            (_, 11..=99) => Category::Many,
            _ => Category::Other,
        },
    }
}

/// The categories `lang`'s strings carry (see `plural_categories.rs`).
pub fn categories(lang: Lang) -> Vec<Category> {
    let names = PLURAL_CATEGORIES
        .iter()
        .find(|(code, _)| *code == lang.code())
        .map_or(&[][..], |(_, names)| *names);
    Category::ALL
        .into_iter()
        .filter(|c| names.contains(&c.name()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_has_six_forms() {
        let forms: Vec<_> = [0, 1, 2, 3, 11, 100, 10, 99, 102, 111]
            .into_iter()
            .map(|n| category(Lang::Ar, n))
            .collect();
        use Category::*;
        assert_eq!(
            forms,
            [Zero, One, Two, Few, Many, Other, Few, Many, Other, Many]
        );
    }

    #[test]
    fn russian_has_three_forms_for_whole_numbers() {
        use Category::*;
        let forms: Vec<_> = [1, 2, 5, 21, 11, 12, 22, 25, 111, 0]
            .into_iter()
            .map(|n| category(Lang::Ru, n))
            .collect();
        assert_eq!(
            forms,
            [One, Few, Many, One, Many, Many, Few, Many, Many, Many]
        );
    }

    #[test]
    fn french_zero_is_singular_and_english_zero_is_not() {
        assert_eq!(category(Lang::Fr, 0), Category::One);
        assert_eq!(category(Lang::En, 0), Category::Other);
        assert_eq!(category(Lang::Fa, 0), Category::One);
        assert_eq!(category(Lang::Es, 2_000_000), Category::Many);
    }

    #[test]
    fn every_category_picked_is_one_the_language_carries() {
        for lang in Lang::ALL {
            let carried = categories(lang);
            for n in (0..2_000).chain([1_000_000, 2_000_000, 1_000_001]) {
                let c = category(lang, n);
                assert!(carried.contains(&c), "{lang} {n} → {c:?}");
            }
        }
    }

    /// Our rules against ICU's copy of the CLDR data, for every count up
    /// to 10,000 and some large ones.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn rules_agree_with_cldr() {
        use icu::plurals::{PluralCategory, PluralRules};
        for lang in Lang::ALL {
            let locale: icu::locale::Locale = lang.code().parse().expect("a locale");
            let rules = PluralRules::try_new_cardinal(locale.into()).expect("CLDR plural data");
            for n in (0..10_000u64).chain([100_000, 1_000_000, 3_000_000, 1_000_011]) {
                let cldr = match rules.category_for(n) {
                    PluralCategory::Zero => Category::Zero,
                    PluralCategory::One => Category::One,
                    PluralCategory::Two => Category::Two,
                    PluralCategory::Few => Category::Few,
                    PluralCategory::Many => Category::Many,
                    PluralCategory::Other => Category::Other,
                };
                assert_eq!(category(lang, n), cldr, "{lang} {n}");
            }
        }
    }
}
