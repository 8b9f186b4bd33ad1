//! Dates for the DTOs: the machine form (RFC 3339, UTC) for `datetime`
//! attributes and feeds, and the reader's form from `l10n::dates`, the
//! code the browser runs too.

use time::{OffsetDateTime, UtcOffset, format_description::well_known::Rfc3339};

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
}
