//! Server-side sessions. The browser holds a 256-bit random token in an
//! HttpOnly cookie; the database holds only its SHA-256, so a copy of the
//! database cannot be replayed as cookies.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use sha2::{Digest, Sha256};
use time::Duration;

/// A session ends after a week without a visit…
pub const IDLE_TIMEOUT: Duration = Duration::days(7);
/// …and in any case thirty days after sign-in.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::days(30);
/// Reset links work for one hour, once.
pub const RESET_LINK_LIFETIME: Duration = Duration::hours(1);

/// A fresh random session or reset token (what the browser or email holds).
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    pub fn generate() -> SessionToken {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        SessionToken(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// A token as received; `None` unless it has the shape we hand out.
    pub fn parse(raw: &str) -> Option<SessionToken> {
        let well_formed = raw.len() == 43
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        well_formed.then(|| SessionToken(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database stores and looks up.
    pub fn digest(&self) -> String {
        Sha256::digest(self.0.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// How the account page names a session (its digest's digest, shortened):
/// enough to pick one of an account's sessions, nothing to sign in with.
pub fn handle(digest: &str) -> String {
    Sha256::digest(digest.as_bytes())
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_256_bit_and_parse_back() {
        let (a, b) = (SessionToken::generate(), SessionToken::generate());
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 43, "32 bytes in unpadded base64url");
        assert_eq!(SessionToken::parse(a.as_str()), Some(a.clone()));
        assert_eq!(a.digest().len(), 64);
        assert_ne!(a.digest(), a.as_str());
        for bad in [
            "",
            "short",
            &"a".repeat(44),
            &format!("{}=", &"a".repeat(42)),
        ] {
            assert_eq!(SessionToken::parse(bad), None, "{bad:?}");
        }
    }
}

/// The live session a request carries, found by the server's session layer
/// and left in the request's extensions for server fns and pages.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub digest: String,
    pub account: super::store::StoredAccount,
}
