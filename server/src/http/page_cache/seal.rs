//! Turns a page rendered for one request into a page for every reader:
//! its per-request nonce gives way to the digests of exactly the scripts
//! the app emitted.
//!
//! The fill renders with a fresh random nonce that nobody outside this
//! process has seen, and the app puts it only on the inline scripts it
//! writes itself (the loader, the hydration data). So the scripts carrying
//! that nonce are the app's, and only they are approved: a script that
//! slipped into the page some other way (say, in a story's body) could not
//! know the nonce, so it is neither hashed nor allowed to run.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use super::super::scripts::{self, Piece};
use super::super::security;

/// The page's HTML without the nonce, and the `script-src` that allows its
/// own scripts.
#[derive(Debug, PartialEq, Eq)]
pub struct Sealed {
    pub html: String,
    pub scripts: String,
}

/// The nonce a page policy names (`'nonce-…'`), if any.
pub fn policy_nonce(policy: &str) -> Option<&str> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(&policy[start..start + len])
}

/// Replaces `nonce` by digests: every `<script>` carrying it loses the
/// attribute and has its text hashed. A data-saver page (`lite`) runs
/// nothing, whatever it holds.
pub fn seal(html: &str, nonce: &str, lite: bool) -> Sealed {
    let attribute = format!(" nonce=\"{nonce}\"");
    let mut out = String::with_capacity(html.len());
    let mut digests = Vec::new();
    for piece in scripts::pieces(html) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Script { open, body, close } => {
                if open.contains(&attribute) {
                    out.push_str(&open.replacen(&attribute, "", 1));
                    digests.push(STANDARD.encode(Sha256::digest(body.as_bytes())));
                } else {
                    out.push_str(open);
                }
                out.push_str(body);
                out.push_str(close);
            }
        }
    }
    let scripts = if lite {
        security::NO_SCRIPTS.to_owned()
    } else {
        security::hashed_scripts(&digests)
    };
    Sealed { html: out, scripts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(text: &str) -> String {
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    }

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let policy = security::page_policy(&security::nonce_scripts("n0nce+/="), false);
        assert_eq!(policy_nonce(&policy), Some("n0nce+/="));
        assert_eq!(policy_nonce("default-src 'self'"), None);
    }

    #[test]
    fn only_the_apps_own_scripts_are_approved() {
        let html = concat!(
            r#"<head><script type="module" nonce="N1">boot()</script>"#,
            r#"<script type="application/ld+json">{"a":1}</script></head>"#,
            r#"<body><p>story</p><script>steal()</script>"#,
            r#"<script nonce="guess">steal()</script>"#,
            r#"<script nonce="N1">__DATA=1</script></body>"#,
        );
        let sealed = seal(html, "N1", false);
        assert!(!sealed.html.contains("N1"), "{}", sealed.html);
        assert!(
            sealed
                .html
                .contains(r#"<script type="module">boot()</script>"#)
        );
        assert!(
            sealed
                .html
                .contains(r#"<script nonce="guess">steal()</script>"#)
        );
        assert_eq!(
            sealed.scripts,
            security::hashed_scripts(&[digest("boot()"), digest("__DATA=1")])
        );
        assert!(!sealed.scripts.contains(&digest("steal()")));
    }

    #[test]
    fn a_data_saver_page_runs_nothing() {
        let sealed = seal(r#"<script nonce="N">x()</script>"#, "N", true);
        assert_eq!(sealed.scripts, "'none'");
    }

    #[test]
    fn a_cut_off_page_is_kept_as_it_is() {
        assert_eq!(seal("<p>a</p><script", "N", false).html, "<p>a</p><script");
        assert_eq!(
            seal(r#"<script nonce="N">x()"#, "N", false).html,
            "<script>x()"
        );
    }
}
