//! Dates as each language's readers write them, in the newsroom's time
//! zone (Kabul). The same code runs on the server and in the browser, so
//! a date the app writes after hydration is the string the server sent.
//!
//! - fa and ps: the Solar Hijri calendar with the Afghan month names (Dari
//!   Hamal … Hut; Pashto Wray … Kab, with Pashto spelling), day first,
//!   Persian digits, no era: "۵ قوس ۱۴۰۵", "۵ لیندۍ ۱۴۰۵".
//! - ar: Gregorian, day first, Latin digits (see `numerals`): "26 نوفمبر 2026".
//! - Every other language: Gregorian in its usual long form, month names
//!   in lowercase where the language writes them so mid-sentence.
//!
//! The Solar Hijri year follows the 33-year arithmetic rule, which agrees
//! with the astronomical calendar Afghanistan uses for 1343–1472 AP
//! (1964–2094); the tests check it against ICU's calendar day by day.

use super::numerals::number;
use crate::domain::Lang;

/// Afghanistan time, UTC+04:30 all year (no daylight saving).
const NEWSROOM_OFFSET_SECONDS: i64 = 4 * 3600 + 30 * 60;

const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
/// Genitive: "26 ноября".
const RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
/// With the izofa a date takes: "26 ноябри 2026".
const TG: [&str; 12] = [
    "январи",
    "феврали",
    "марти",
    "апрели",
    "майи",
    "июни",
    "июли",
    "августи",
    "сентябри",
    "октябри",
    "ноябри",
    "декабри",
];
const AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
/// The Afghan solar months in Dari, Hamal (Aries) to Hut (Pisces).
const FA: [&str; 12] = [
    "حمل",
    "ثور",
    "جوزا",
    "سرطان",
    "اسد",
    "سنبله",
    "میزان",
    "عقرب",
    "قوس",
    "جدی",
    "دلو",
    "حوت",
];
/// The same months in Pashto, written with Pashto letters (ګ, ښ, ږ).
const PS: [&str; 12] = [
    "وری",
    "غویی",
    "غبرګولی",
    "چنګاښ",
    "زمری",
    "وږی",
    "تله",
    "لړم",
    "لیندۍ",
    "مرغومی",
    "سلواغه",
    "کب",
];

/// A day of some calendar: year, month (1–12), day of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ymd {
    pub year: i64,
    pub month: u8,
    pub day: u8,
}

/// The Gregorian date of a day counted from 1970-01-01.
pub fn gregorian(days: i64) -> Ymd {
    // Civil-from-days on 400-year eras, with years starting in March so
    // that the leap day falls at the end.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    Ymd {
        year: yoe + era * 400 + i64::from(month <= 2),
        month: month as u8,
        day: day as u8,
    }
}

/// The day (counted from 1970-01-01) on which Solar Hijri year `year`
/// begins (1 Hamal, Nowruz).
fn solar_new_year(year: i64) -> i64 {
    // Days before `year` since the calendar's start: 365 a year plus the
    // leap days of the 33-year rule; then shifted so that 1 Hamal 1349
    // falls on 1970-03-21 (day 79).
    let since_epoch = |y: i64| 365 * (y - 1) + (8 * y + 21).div_euclid(33);
    since_epoch(year) - since_epoch(1349) + 79
}

/// The Solar Hijri date of a day counted from 1970-01-01.
pub fn solar_hijri(days: i64) -> Ymd {
    // A mean year is 12053/33 days; the estimate is off by one at most.
    let mut year = 1349 + ((days - 79) * 33).div_euclid(12_053);
    while solar_new_year(year + 1) <= days {
        year += 1;
    }
    while solar_new_year(year) > days {
        year -= 1;
    }
    let day_of_year = days - solar_new_year(year);
    // Six months of 31 days, five of 30, and Hut of 29 or 30.
    let (month, day) = if day_of_year < 186 {
        (day_of_year / 31, day_of_year % 31)
    } else {
        (6 + (day_of_year - 186) / 30, (day_of_year - 186) % 30)
    };
    Ymd {
        year,
        month: month as u8 + 1,
        day: day as u8 + 1,
    }
}

/// The date of the moment `unix_seconds` in Kabul, as `lang` writes it.
pub fn format(lang: Lang, unix_seconds: i64) -> String {
    let days = (unix_seconds + NEWSROOM_OFFSET_SECONDS).div_euclid(86_400);
    match lang {
        Lang::Fa | Lang::Ps => {
            let date = solar_hijri(days);
            let months = if lang == Lang::Fa { &FA } else { &PS };
            day_month_year(lang, date, months, " ")
        }
        _ => {
            let date = gregorian(days);
            let year = number(lang, date.year.unsigned_abs());
            let month = usize::from(date.month - 1);
            match lang {
                Lang::De => format!("{}. {} {year}", date.day, DE[month]),
                Lang::Es => format!("{} de {} de {year}", date.day, ES[month]),
                Lang::Fr if date.day == 1 => format!("1er {} {year}", FR[month]),
                Lang::Fr => day_month_year(lang, date, &FR, " "),
                Lang::Ru => day_month_year(lang, date, &RU, " "),
                Lang::Tg => day_month_year(lang, date, &TG, " "),
                Lang::Ar => day_month_year(lang, date, &AR, " "),
                _ => day_month_year(lang, date, &EN, " "),
            }
        }
    }
}

fn day_month_year(lang: Lang, date: Ymd, months: &[&str; 12], space: &str) -> String {
    format!(
        "{}{space}{}{space}{}",
        number(lang, u64::from(date.day)),
        months[usize::from(date.month - 1)],
        number(lang, date.year.unsigned_abs()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unix seconds of a UTC moment.
    fn at(year: i64, month: u8, day: u8, hour: i64) -> i64 {
        let days = (-800_000..800_000)
            .find(|d| gregorian(*d) == Ymd { year, month, day })
            .expect("a real date");
        days * 86_400 + hour * 3600
    }

    #[test]
    fn every_language_writes_the_whole_date_its_own_way() {
        let t = at(2026, 11, 26, 8);
        let expected = [
            (Lang::Fa, "۵ قوس ۱۴۰۵"),
            (Lang::Ps, "۵ لیندۍ ۱۴۰۵"),
            (Lang::Ar, "26 نوفمبر 2026"),
            (Lang::En, "26 November 2026"),
            (Lang::Fr, "26 novembre 2026"),
            (Lang::De, "26. November 2026"),
            (Lang::Es, "26 de noviembre de 2026"),
            (Lang::Ru, "26 ноября 2026"),
            (Lang::Tg, "26 ноябри 2026"),
        ];
        for (lang, text) in expected {
            assert_eq!(format(lang, t), text, "{lang}");
        }
    }

    #[test]
    fn french_writes_the_first_of_the_month_as_an_ordinal() {
        assert_eq!(format(Lang::Fr, at(2026, 12, 1, 8)), "1er décembre 2026");
    }

    #[test]
    fn nowruz_is_the_first_of_hamal_and_wray() {
        let t = at(2026, 3, 21, 6);
        assert_eq!(format(Lang::Fa, t), "۱ حمل ۱۴۰۵");
        assert_eq!(format(Lang::Ps, t), "۱ وری ۱۴۰۵");
        // 2024 is a leap year in both calendars: Nowruz on 20 March.
        assert_eq!(format(Lang::Fa, at(2024, 3, 20, 6)), "۱ حمل ۱۴۰۳");
        // 1402 was a common year: its Hut had 29 days.
        assert_eq!(format(Lang::Fa, at(2024, 3, 19, 6)), "۲۹ حوت ۱۴۰۲");
        // 1403 a leap year: 30 Hut fell on 20 March 2025.
        assert_eq!(format(Lang::Fa, at(2025, 3, 20, 6)), "۳۰ حوت ۱۴۰۳");
    }

    #[test]
    fn pashto_months_use_pashto_letters() {
        // Jawza (Gemini) and Saratan (Cancer): ګ, never the Persian گ.
        assert_eq!(format(Lang::Ps, at(2026, 6, 1, 8)), "۱۱ غبرګولی ۱۴۰۵");
        assert_eq!(format(Lang::Ps, at(2026, 7, 1, 8)), "۱۰ چنګاښ ۱۴۰۵");
        assert!(PS.iter().all(|m| !m.contains('گ')));
    }

    #[test]
    fn dates_follow_kabul_time_not_utc() {
        // 19:30 UTC on the 25th is midnight, the 26th, in Kabul.
        assert_eq!(
            format(Lang::En, at(2026, 11, 25, 19) + 1800),
            "26 November 2026"
        );
        assert_eq!(
            format(Lang::En, at(2026, 11, 25, 19) + 1799),
            "25 November 2026"
        );
    }

    /// Our calendar arithmetic against ICU's, every day from 1990 to 2080.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn solar_hijri_agrees_with_icu_every_day() {
        use icu::calendar::Date;
        use icu::calendar::cal::Persian;
        let start = at(1990, 1, 1, 0) / 86_400;
        for days in start..start + 90 * 366 {
            let g = gregorian(days);
            let iso = Date::try_new_iso(g.year as i32, g.month, g.day).expect("a date");
            let persian = iso.to_calendar(Persian);
            let ours = solar_hijri(days);
            assert_eq!(
                (ours.year, ours.month, ours.day),
                (
                    i64::from(persian.era_year().year),
                    persian.month().ordinal,
                    persian.day_of_month().0
                ),
                "{g:?}"
            );
        }
    }
}
