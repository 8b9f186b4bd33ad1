use serde::{Deserialize, Serialize};

use super::ParseError;

/// A 1-based page number from `?page=N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageNumber(u32);

impl PageNumber {
    pub const FIRST: PageNumber = PageNumber(1);
    /// Far beyond any real archive; keeps offsets small and positive.
    pub const MAX: u32 = 100_000;

    /// Missing means the first page; anything else must be a plain number
    /// from 1 to `MAX` (no signs, spaces or leading zeros).
    pub fn parse(raw: Option<&str>) -> Result<PageNumber, ParseError> {
        let Some(raw) = raw else {
            return Ok(Self::FIRST);
        };
        if raw.is_empty() || raw.starts_with('0') || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::BadPage);
        }
        match raw.parse::<u32>() {
            Ok(n) if (1..=Self::MAX).contains(&n) => Ok(PageNumber(n)),
            _ => Err(ParseError::BadPage),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// Rows to skip for this page at `per_page` items a page.
    pub fn offset(self, per_page: u32) -> u64 {
        u64::from(self.0 - 1) * u64::from(per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_page_is_the_first() {
        assert_eq!(PageNumber::parse(None), Ok(PageNumber::FIRST));
    }

    #[test]
    fn plain_numbers_parse_and_give_offsets() {
        let page = PageNumber::parse(Some("3")).expect("valid");
        assert_eq!(page.get(), 3);
        assert_eq!(page.offset(10), 20);
    }

    #[test]
    fn rejects_zero_negative_junk_and_huge_numbers() {
        for bad in [
            "",
            "0",
            "-1",
            "+2",
            "01",
            "1.5",
            "two",
            " 1",
            "100001",
            "99999999999999",
        ] {
            assert_eq!(
                PageNumber::parse(Some(bad)),
                Err(ParseError::BadPage),
                "{bad:?}"
            );
        }
    }
}
