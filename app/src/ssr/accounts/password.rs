//! Password rules and hashing. Rules follow ASVS 5.0: at least 8 and up to
//! 128 characters, any characters, no composition rules, and not one of the
//! most common passwords. Hashes are argon2id with the crate's default cost
//! (19 MiB, 2 passes), computed off the async threads.

use std::collections::HashSet;
use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

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
    pub fn parse(raw: &str, context: &[&str]) -> Result<NewPassword, Problem> {
        let chars = raw.chars().count();
        if chars < MIN_CHARS {
            return Err(Problem::PasswordTooShort);
        }
        if chars > MAX_CHARS {
            return Err(Problem::PasswordTooLong);
        }
        let lower = raw.to_lowercase();
        let is_context_word = context.iter().any(|word| {
            let word = word.trim().to_lowercase();
            !word.is_empty() && (lower == word || lower == word.split('@').next().unwrap_or(""))
        });
        if COMMON.contains(lower.as_str()) || is_context_word {
            return Err(Problem::PasswordTooCommon);
        }
        Ok(NewPassword(raw.to_owned()))
    }
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
/// when there is no account, so both cases cost the same.
pub async fn verify(password: &str, stored: Option<String>) -> Result<bool, AppError> {
    // Over-long input is never a stored password; do not spend 19 MiB on it.
    if password.chars().count() > MAX_CHARS {
        return Ok(false);
    }
    let password = password.to_owned();
    blocking(move || match stored {
        Some(stored) => verify_now(&password, &stored),
        None => {
            let _ = verify_now(&password, &DUMMY_HASH);
            false
        }
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
