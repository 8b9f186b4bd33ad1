//! Facts about the publication that are not translations.

/// The agency's social accounts, shown under "Follow us".
pub const SOCIAL_LINKS: [(&str, &str); 4] = [
    ("Facebook", "https://www.facebook.com/rascnews"),
    ("X", "https://x.com/rascnews"),
    ("Telegram", "https://t.me/rascnews"),
    ("YouTube", "https://www.youtube.com/@rascnews"),
];

/// Year shown in the copyright line (the year the site was built).
pub const COPYRIGHT_YEAR: &str = env!("KHABAR_BUILD_YEAR");

/// Percent-encodes a value for a query string (RFC 3986 unreserved kept).
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_non_ascii_bytes() {
        assert_eq!(url_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(url_encode("safe-._~9"), "safe-._~9");
    }

    #[test]
    fn build_year_is_plausible() {
        let year: u32 = COPYRIGHT_YEAR.parse().expect("a number");
        assert!((2024..2200).contains(&year));
    }
}
