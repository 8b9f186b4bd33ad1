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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_year_is_plausible() {
        let year: u32 = COPYRIGHT_YEAR.parse().expect("a number");
        assert!((2024..2200).contains(&year));
    }
}
