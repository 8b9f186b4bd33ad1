//! Dates for the DTOs: the machine form (RFC 3339, UTC) for `datetime`
//! attributes and feeds, and the reader's form from `l10n::dates`, the
//! code the browser runs too.

use time::macros::{format_description, offset};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset, format_description::well_known::Rfc3339};

use crate::domain::Lang;
use crate::l10n::dates;
use crate::wire::DateStamp;

/// `at` as a `DateStamp`: its calendar date in Kabul, in `lang`'s form.
pub fn format_date(lang: Lang, at: OffsetDateTime) -> DateStamp {
    let iso = at
        .to_offset(UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default();
    DateStamp {
        iso,
        display: dates::format(lang, at.unix_timestamp()),
    }
}

/// The newsroom's clock: Kabul's, which keeps no summer time. Editors
/// enter and read publication times in it; the store keeps UTC.
const KABUL: UtcOffset = offset!(+4:30);

/// The form of a `datetime-local` field: what browsers send and show.
const LOCAL_INPUT: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]");

/// `at` in Kabul, as a `datetime-local` field holds it.
pub fn kabul_input(at: OffsetDateTime) -> String {
    at.to_offset(KABUL).format(LOCAL_INPUT).unwrap_or_default()
}

/// A `datetime-local` value read as Kabul time; `None` if it is not one
/// (seconds, which some browsers add, are accepted and dropped).
pub fn parse_kabul_input(raw: &str) -> Option<OffsetDateTime> {
    let raw = raw.trim();
    let minutes = match raw.len() {
        16 => raw,
        19 if raw.as_bytes()[16] == b':' && raw.as_bytes()[17..].iter().all(u8::is_ascii_digit) => {
            raw.get(..16)?
        }
        _ => return None,
    };
    PrimitiveDateTime::parse(minutes, LOCAL_INPUT)
        .ok()
        .map(|local| local.assume_offset(KABUL))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn readers_form_is_the_l10n_one() {
        let stamp = format_date(Lang::Fa, datetime!(2026-11-26 08:00 UTC));
        assert_eq!(stamp.display, "۵ قوس ۱۴۰۵");
        let stamp = format_date(Lang::En, datetime!(2026-11-25 21:00 UTC));
        assert_eq!(
            stamp.display, "26 November 2026",
            "Kabul is already on the 26th"
        );
    }

    #[test]
    fn machine_form_is_utc_rfc3339() {
        let stamp = format_date(Lang::En, datetime!(2026-11-26 08:00 +04:30));
        assert_eq!(stamp.iso, "2026-11-26T03:30:00Z");
    }

    #[test]
    fn publication_times_are_entered_and_shown_in_kabul() {
        let at = datetime!(2026-12-08 10:00 UTC);
        assert_eq!(kabul_input(at), "2026-12-08T14:30");
        assert_eq!(parse_kabul_input("2026-12-08T14:30"), Some(at));
        assert_eq!(parse_kabul_input(" 2026-12-08T14:30:59 "), Some(at));
        // Past midnight in Kabul is still the day before in UTC.
        assert_eq!(
            parse_kabul_input("2026-12-09T02:00"),
            Some(datetime!(2026-12-08 21:30 UTC))
        );
        for bad in [
            "",
            "2026-12-08",
            "2026-13-01T10:00",
            "2026-12-08T25:00",
            "2026-12-08 14:30",
            "2026-12-08T14:30:5x",
            "۲۰۲۶-۱۲-۰۸T14:30",
        ] {
            assert_eq!(parse_kabul_input(bad), None, "{bad:?}");
        }
    }
}
