//! Dates as each reader's locale writes them (server only: the WASM bundle
//! carries no calendar data; formatted strings travel in the DTOs).
//!
//! fa and ps are formatted for Afghanistan (`fa-AF`, `ps-AF`), whose CLDR
//! data uses the Solar Hijri calendar with the Afghan month names (Hamal,
//! Sawr … Hut) and Persian digits. The calendar arithmetic and the names come
//! from ICU4X; nothing here knows month lengths.

use icu::datetime::DateTimeFormatter;
use icu::datetime::fieldsets::YMD;
use icu::datetime::input::Date;
use icu::locale::Locale;
use time::{OffsetDateTime, UtcOffset, format_description::well_known::Rfc3339};

use crate::domain::Lang;
use crate::wire::DateStamp;

/// Afghanistan time (UTC+04:30, no daylight saving): the newsroom's clock,
/// so a story filed late in Kabul is dated as readers there see it.
const NEWSROOM_OFFSET: (i8, i8) = (4, 30);

fn locale_id(lang: Lang) -> &'static str {
    match lang {
        Lang::Fa => "fa-AF",
        Lang::Ps => "ps-AF",
        Lang::Ar => "ar",
        Lang::En => "en-GB",
        Lang::Fr => "fr",
        Lang::De => "de",
        Lang::Ru => "ru",
        Lang::Es => "es",
        Lang::Tg => "tg",
    }
}

type Formatters = Vec<(Lang, DateTimeFormatter<YMD>)>;

fn build_formatters() -> Formatters {
    Lang::ALL
        .into_iter()
        .filter_map(|lang| {
            let locale: Locale = locale_id(lang).parse().ok()?;
            match DateTimeFormatter::try_new(locale.into(), YMD::long()) {
                Ok(f) => Some((lang, f)),
                Err(e) => {
                    tracing::error!(%lang, error = %e, "no date formatter");
                    None
                }
            }
        })
        .collect()
}

thread_local! {
    // ICU4X formatters are not `Sync`; one set per worker thread is cheap.
    static FORMATTERS: Formatters = build_formatters();
}

/// Checks every language's formatter builds (at start-up, not on the first request).
pub fn warm_up() {
    FORMATTERS.with(|f| {
        if f.len() != Lang::ALL.len() {
            tracing::error!("date formatting is missing for some languages");
        }
    });
}

fn newsroom_offset() -> UtcOffset {
    UtcOffset::from_hms(NEWSROOM_OFFSET.0, NEWSROOM_OFFSET.1, 0).unwrap_or(UtcOffset::UTC)
}

/// The calendar date of `at` in the newsroom's time zone, in `lang`'s form.
pub fn format_date(lang: Lang, at: OffsetDateTime) -> DateStamp {
    let iso = at
        .to_offset(UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default();
    let local = at.to_offset(newsroom_offset()).date();
    let display = Date::try_new_iso(local.year(), u8::from(local.month()), local.day())
        .ok()
        .and_then(|date| {
            FORMATTERS.with(|all| {
                let (_, formatter) = all.iter().find(|(l, _)| *l == lang)?;
                Some(formatter.format(&date).to_string())
            })
        })
        .unwrap_or_else(|| local.to_string());
    DateStamp { iso, display }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn show(lang: Lang, at: OffsetDateTime) -> String {
        format_date(lang, at).display
    }

    #[test]
    fn dari_uses_solar_hijri_afghan_months_and_persian_digits() {
        // 2026-11-26 is 5 Qaws 1405 in the Solar Hijri calendar.
        let text = show(Lang::Fa, datetime!(2026-11-26 08:00 UTC));
        assert!(text.contains("قوس"), "{text}");
        assert!(text.contains("۱۴۰۵"), "{text}");
        assert!(text.contains('۵'), "{text}");
        assert!(!text.chars().any(|c| c.is_ascii_digit()), "{text}");
    }

    #[test]
    fn dari_new_year_is_first_of_hamal() {
        // Nowruz 1405 fell on 21 March 2026.
        let text = show(Lang::Fa, datetime!(2026-03-21 06:00 UTC));
        assert!(text.contains("حمل") && text.contains('۱'), "{text}");
    }

    #[test]
    fn pashto_uses_solar_hijri_with_pashto_month_names() {
        let text = show(Lang::Ps, datetime!(2026-11-26 08:00 UTC));
        assert!(text.contains("۱۴۰۵"), "{text}");
        assert!(text.contains("لیندۍ") || text.contains("ليندۍ"), "{text}");
    }

    #[test]
    fn other_languages_use_their_own_gregorian_forms() {
        let at = datetime!(2026-11-26 08:00 UTC);
        assert_eq!(show(Lang::En, at), "26 November 2026");
        assert_eq!(show(Lang::De, at), "26. November 2026");
        assert_eq!(show(Lang::Fr, at), "26 novembre 2026");
        assert!(show(Lang::Ru, at).contains("ноября 2026"));
        assert!(show(Lang::Es, at).contains("noviembre de 2026"));
        assert!(show(Lang::Ar, at).contains("نوفمبر"));
    }

    #[test]
    fn dates_follow_kabul_time_not_utc() {
        // 21:00 UTC on the 25th is already the 26th in Kabul.
        assert_eq!(
            show(Lang::En, datetime!(2026-11-25 21:00 UTC)),
            "26 November 2026"
        );
    }

    #[test]
    fn machine_form_is_utc_rfc3339() {
        let stamp = format_date(Lang::En, datetime!(2026-11-26 08:00 +04:30));
        assert_eq!(stamp.iso, "2026-11-26T03:30:00Z");
    }
}
