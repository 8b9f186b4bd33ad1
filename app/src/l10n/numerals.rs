//! One way to write a number per language.
//!
//! - fa and ps: Persian digits (۰–۹, U+06F0–U+06F9), as Afghan print and
//!   broadcast media write them.
//! - ar: Latin digits (0–9). This is the house choice: the large
//!   pan-Arab news sites write figures, dates and times in Latin digits,
//!   and our Arabic readers are spread over countries that use both
//!   systems. Dates, counts and the strings in `locales/ar.json` follow it.
//! - Every other language: Latin digits.
//!
//! Numbers are not grouped into thousands: every number the site shows
//! (counts, pages, years, days) stays short, and a year must never be
//! written "2,026".

use crate::domain::Lang;

/// The digit system a language writes numbers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    Latin,
    Persian,
}

impl Digits {
    pub fn of(lang: Lang) -> Digits {
        match lang {
            Lang::Fa | Lang::Ps => Digits::Persian,
            Lang::Ar | Lang::En | Lang::Fr | Lang::De | Lang::Ru | Lang::Es | Lang::Tg => {
                Digits::Latin
            }
        }
    }

    /// The character for the decimal digit `d` (0–9).
    fn digit(self, d: u8) -> char {
        let zero = match self {
            Digits::Latin => '0',
            Digits::Persian => '\u{06F0}',
        };
        char::from_u32(u32::from(zero) + u32::from(d % 10)).unwrap_or(zero)
    }

    /// Whether `c` is a digit of some other system than this one (Latin,
    /// Persian or Eastern Arabic).
    pub fn is_foreign_digit(self, c: char) -> bool {
        let system = if c.is_ascii_digit() {
            Some(Digits::Latin)
        } else if ('\u{06F0}'..='\u{06F9}').contains(&c) {
            Some(Digits::Persian)
        } else if ('\u{0660}'..='\u{0669}').contains(&c) {
            // Eastern Arabic digits: no language of the site uses them.
            return true;
        } else {
            None
        };
        system.is_some_and(|s| s != self)
    }
}

/// `n` in `lang`'s digits.
pub fn number(lang: Lang, n: u64) -> String {
    localize_digits(lang, &n.to_string())
}

/// `text` with its Latin digits written in `lang`'s digits (for strings
/// assembled from numbers, such as a size or a date).
pub fn localize_digits(lang: Lang, text: &str) -> String {
    let digits = Digits::of(lang);
    if digits == Digits::Latin {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => digits.digit(d as u8),
            _ => c,
        })
        .collect()
}

/// The mark between whole and fraction in `lang`.
fn decimal_separator(lang: Lang) -> &'static str {
    match lang {
        // U+066B ARABIC DECIMAL SEPARATOR, with Persian digits.
        Lang::Fa | Lang::Ps => "\u{066B}",
        Lang::En | Lang::Ar => ".",
        Lang::Fr | Lang::De | Lang::Ru | Lang::Es | Lang::Tg => ",",
    }
}

/// `tenths / 10` with one decimal place (none when it is whole), in
/// `lang`'s digits and decimal mark: `42` is "4.2", "4,2" or "۴٫۲".
pub fn tenths(lang: Lang, tenths: u64) -> String {
    let (whole, fraction) = (tenths / 10, tenths % 10);
    if fraction == 0 {
        return number(lang, whole);
    }
    format!(
        "{}{}{}",
        number(lang, whole),
        decimal_separator(lang),
        number(lang, fraction)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dari_and_pashto_write_persian_digits() {
        assert_eq!(number(Lang::Fa, 2026), "۲۰۲۶");
        assert_eq!(number(Lang::Ps, 105), "۱۰۵");
        assert_eq!(number(Lang::Fa, 0), "۰");
    }

    #[test]
    fn arabic_and_the_others_write_latin_digits_ungrouped() {
        for lang in [
            Lang::Ar,
            Lang::En,
            Lang::Fr,
            Lang::De,
            Lang::Ru,
            Lang::Es,
            Lang::Tg,
        ] {
            assert_eq!(number(lang, 2026), "2026", "{lang}");
        }
    }

    #[test]
    fn fractions_use_each_languages_decimal_mark() {
        assert_eq!(tenths(Lang::En, 42), "4.2");
        assert_eq!(tenths(Lang::Ar, 42), "4.2");
        assert_eq!(tenths(Lang::De, 42), "4,2");
        assert_eq!(tenths(Lang::Ru, 5), "0,5");
        assert_eq!(tenths(Lang::Fa, 42), "۴٫۲");
        assert_eq!(tenths(Lang::Ps, 120), "۱۲");
    }

    #[test]
    fn only_latin_digits_are_rewritten() {
        assert_eq!(localize_digits(Lang::Fa, "a1-b2 ۳"), "a۱-b۲ ۳");
        assert_eq!(localize_digits(Lang::En, "a1"), "a1");
    }

    #[test]
    fn foreign_digits_are_those_of_other_systems() {
        let persian = Digits::of(Lang::Fa);
        assert!(persian.is_foreign_digit('7'));
        assert!(persian.is_foreign_digit('\u{0667}'));
        assert!(!persian.is_foreign_digit('۷'));
        let latin = Digits::of(Lang::Ar);
        assert!(latin.is_foreign_digit('۷'));
        assert!(latin.is_foreign_digit('٧'));
        assert!(!latin.is_foreign_digit('7'));
        assert!(!latin.is_foreign_digit('x'));
    }
}
