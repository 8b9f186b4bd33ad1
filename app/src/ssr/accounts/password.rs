//! Password rules and hashing. Rules follow ASVS 5.0: at least 8 and up to
//! 128 characters, any characters, no composition rules, and not one of the
//! most common passwords. Hashes are argon2id with the crate's default cost
//! (19 MiB, 2 passes), computed off the async threads.
//!
//! Passwords are NFKC-normalised before they are judged, hashed or
//! compared (ASVS 6.2.x, NIST 800-63B 5.1.1.2): the same password typed on
//! a Persian phone keyboard and on a laptop can arrive as different code
//! points (Arabic presentation forms, full-width digits), and must still be
//! the same password. Hashes made before normalisation are still accepted:
//! a password that normalisation changes is also tried as it was typed.

use std::collections::HashSet;
use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use unicode_normalization::UnicodeNormalization as _;

use crate::error::{AppError, Problem};

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

/// Lower-cased passwords of 8+ characters from the zxcvbn-ts frequency list
/// (MIT, see `data/common-passwords.LICENSE.txt`).
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../../data/common-passwords.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect()
});

/// A password that passed the rules, ready to hash. Never logged.
pub struct NewPassword(String);

impl NewPassword {
    /// `context` holds words a guesser would try first for this account
    /// (its email, its name, the site's name).
    ///
    /// Length counts the characters a reader can see or type as a space;
    /// characters that draw nothing (zero-width joiners and spaces, bidi
    /// marks) do not count, and a password of spaces alone is as empty as
    /// no password.
    pub fn parse(raw: &str, context: &[&str]) -> Result<NewPassword, Problem> {
        let password = normalise(raw);
        if length(&password) < MIN_CHARS || is_blank(&password) {
            return Err(Problem::PasswordTooShort);
        }
        if password.chars().count() > MAX_CHARS {
            return Err(Problem::PasswordTooLong);
        }
        let lower = password.to_lowercase();
        let is_context_word = context.iter().any(|word| {
            let word = word.trim().to_lowercase();
            !word.is_empty() && (lower == word || lower == word.split('@').next().unwrap_or(""))
        });
        if COMMON.contains(lower.as_str()) || is_context_word {
            return Err(Problem::PasswordTooCommon);
        }
        Ok(NewPassword(password))
    }
}

/// The words a guesser tries first for an account: its email (and the
/// email's local part), its name, the site's names. `NewPassword::parse`
/// takes them as its context.
pub fn personal_words<'a>(email: &'a str, name: &'a str) -> [&'a str; 4] {
    [email, name, "rascnews", "khabar"]
}

/// The characters of a (normalised) password that count toward its length:
/// all but those that draw nothing.
pub fn length(password: &str) -> usize {
    password.chars().filter(|c| !is_invisible(*c)).count()
}

/// Nothing but white space and characters that draw nothing.
pub fn is_blank(password: &str) -> bool {
    password
        .chars()
        .all(|c| c.is_whitespace() || is_invisible(c))
}

/// The form a password is judged, hashed and compared in.
pub fn normalise(raw: &str) -> String {
    raw.nfkc().collect()
}

/// Characters that draw nothing: Unicode's default-ignorable code points
/// (zero-width space and joiners, bidi marks, variation selectors, tags).
/// They may sit inside a password (ZWNJ belongs in Persian words) but do
/// not make it longer.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// A hash of a random password nobody knows: unknown emails are checked
/// against it so they take as long as real accounts.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let random = SaltString::generate(&mut OsRng);
    hash_now(random.as_str()).unwrap_or_default()
});

fn hash_now(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| e.to_string())
}

fn verify_now(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Hashes computed at once. Each takes 19 MiB and a core for a moment; a
/// burst of sign-ins queues here instead of exhausting memory.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = HASHING.acquire().await.map_err(|e| {
        tracing::error!(error = %e, "password semaphore closed");
        AppError::Internal
    })?;
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(error = %e, "password task failed");
        AppError::Internal
    })
}

pub async fn hash(password: NewPassword) -> Result<String, AppError> {
    blocking(move || hash_now(&password.0)).await?.map_err(|e| {
        tracing::error!(error = %e, "hashing failed");
        AppError::Internal
    })
}

/// Checks `password` against the stored hash, or against the dummy hash
/// when there is no account, so both cases cost the same. The normalised
/// form is tried first; a password that normalisation changes is also
/// tried as typed, for hashes stored before passwords were normalised
/// (that second try depends only on what was typed, never on the account).
pub async fn verify(password: &str, stored: Option<String>) -> Result<bool, AppError> {
    // Over-long input is never a stored password; do not spend 19 MiB on
    // it. Judged like a new password, in its normal form (which can be
    // shorter than typed: decomposed Hangul, say), after a bound on the raw
    // text that keeps normalising cheap.
    if password.len() > MAX_CHARS * 16 {
        return Ok(false);
    }
    let normalised = normalise(password);
    if normalised.chars().count() > MAX_CHARS {
        return Ok(false);
    }
    let as_typed = (normalised != password).then(|| password.to_owned());
    blocking(move || {
        let hash = stored.as_deref().unwrap_or(&DUMMY_HASH);
        let matches =
            verify_now(&normalised, hash) || as_typed.is_some_and(|typed| verify_now(&typed, hash));
        matches && stored.is_some()
    })
    .await
}

/// Builds the dummy hash before the first sign-in needs it.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
    LazyLock::force(&COMMON);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_bounds_count_characters_not_bytes() {
        assert_eq!(
            NewPassword::parse("short", &[]).err(),
            Some(Problem::PasswordTooShort)
        );
        // Eight Dari letters are 16 bytes but eight characters: long enough.
        assert!(NewPassword::parse("کتابخانه", &[]).is_ok());
        assert!(
            NewPassword::parse(&"x7".repeat(32), &[]).is_ok(),
            "64 characters allowed"
        );
        assert!(NewPassword::parse(&"ی".repeat(128), &[]).is_ok());
        assert_eq!(
            NewPassword::parse(&"a".repeat(129), &[]).err(),
            Some(Problem::PasswordTooLong)
        );
    }

    #[test]
    fn common_and_personal_passwords_are_refused_without_composition_rules() {
        for common in ["password", "Password", "12345678", "qwertyuiop", "iloveyou"] {
            assert_eq!(
                NewPassword::parse(common, &[]).err(),
                Some(Problem::PasswordTooCommon),
                "{common}"
            );
        }
        assert_eq!(
            NewPassword::parse("mariam.ahmadi", &["Mariam.Ahmadi@example.org"]).err(),
            Some(Problem::PasswordTooCommon)
        );
        // No digits, no capitals, no symbols: still fine.
        assert!(NewPassword::parse("walnut river lantern", &[]).is_ok());
    }

    #[test]
    fn blank_and_invisible_passwords_are_refused_and_invisible_characters_do_not_count() {
        for blank in [
            " ".repeat(12),
            "\u{3000}".repeat(10),
            "\u{200B}".repeat(20),
            " \u{200C} \u{200D} \u{FEFF} \u{2060} \t\n ".to_owned(),
        ] {
            assert_eq!(
                NewPassword::parse(&blank, &[]).err(),
                Some(Problem::PasswordTooShort),
                "{blank:?}"
            );
        }
        // Seven letters padded with zero-width characters are seven.
        assert_eq!(
            NewPassword::parse("walnut\u{200B}\u{200B}\u{200B}s", &[]).err(),
            Some(Problem::PasswordTooShort)
        );
        // A Persian phrase with a zero-width non-joiner inside is fine.
        assert!(NewPassword::parse("می\u{200C}خواهم برگردم", &[]).is_ok());
        // Spaces inside a password are characters like any other.
        assert!(NewPassword::parse("a b c d e", &[]).is_ok());
    }

    #[test]
    fn passwords_are_judged_in_their_normal_form() {
        // Full-width Latin letters are the common password in disguise.
        assert_eq!(
            NewPassword::parse("ｐａｓｓｗｏｒｄ", &[]).err(),
            Some(Problem::PasswordTooCommon)
        );
        assert_eq!(
            NewPassword::parse("ｍａｒｉａｍ.ａｈｍａｄｉ", &["mariam.ahmadi@example.org"]).err(),
            Some(Problem::PasswordTooCommon),
            "and so is the email's local part"
        );
    }

    #[tokio::test]
    async fn the_same_password_in_another_unicode_form_signs_in() {
        // "café" with a combining accent, and with the composed letter;
        // Arabic presentation forms as some keyboards send them.
        let decomposed = "cafe\u{0301} au lait";
        let composed = "caf\u{00E9} au lait";
        let stored = hash(NewPassword::parse(decomposed, &[]).expect("ok"))
            .await
            .expect("hash");
        assert!(verify(composed, Some(stored.clone())).await.expect("ok"));
        assert!(verify(decomposed, Some(stored)).await.expect("ok"));
        let plain = "سلام دوست عزیز";
        let presentation = "\u{FEB3}\u{FEDF}\u{FE8E}\u{FEE1} دوست عزیز";
        assert_eq!(normalise(presentation), plain);
        let stored = hash(NewPassword::parse(plain, &[]).expect("ok"))
            .await
            .expect("hash");
        assert!(verify(presentation, Some(stored)).await.expect("ok"));
    }

    #[tokio::test]
    async fn hashes_stored_before_normalisation_still_verify() {
        // An old hash of the password exactly as it was typed.
        let typed = "ｆｕｌｌ ｗｉｄｔｈ ｐａｓｓ";
        let old = hash_now(typed).expect("hash");
        assert!(verify(typed, Some(old.clone())).await.expect("ok"));
        // Only the form it was stored in matches an old hash: its other
        // forms work once the reader sets the password again.
        assert!(!verify("full width pass", Some(old)).await.expect("ok"));
    }

    #[tokio::test]
    async fn hashes_verify_and_are_salted_argon2id() {
        let stored = hash(NewPassword::parse("walnut river lantern", &[]).expect("ok"))
            .await
            .expect("hash");
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(
            verify("walnut river lantern", Some(stored.clone()))
                .await
                .expect("ok")
        );
        assert!(
            !verify("walnut river lanterN", Some(stored.clone()))
                .await
                .expect("ok")
        );
        let again = hash(NewPassword::parse("walnut river lantern", &[]).expect("ok"))
            .await
            .expect("hash");
        assert_ne!(stored, again, "each hash has its own salt");
        assert!(!verify("anything at all", None).await.expect("ok"));
        assert!(
            !verify(&"a".repeat(1_000_000), Some(stored))
                .await
                .expect("ok")
        );
    }
}
