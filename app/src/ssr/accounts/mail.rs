//! The emails Khabar sends, written in the reader's language and direction.
//! Security emails carry only the site's own words and the link: a display
//! name is text anyone can choose when registering someone else's address,
//! and at the top of a genuine email it could pass for the site speaking
//! ("URGENT: verify your account at …").

use crate::domain::Lang;
use crate::i18n::fill;
use crate::ssr::accounts::store::OutgoingMail;

/// The "set a new password" email. `link` is absolute.
pub fn password_reset(lang: Lang, to: &str, link: &str) -> OutgoingMail {
    let t = lang.texts();
    // The link stands on a line of its own, bare, so mail programs make it
    // clickable (isolating marks around it would break that).
    let text = fill(t.mail_reset_body, "link", link);
    let html_body: String = fill(
        &escape(t.mail_reset_body),
        "link",
        &format!(
            "<a href=\"{href}\" dir=\"ltr\">{href}</a>",
            href = escape(link)
        ),
    )
    .split("\n\n")
    .map(|paragraph| format!("<p>{}</p>", paragraph.replace('\n', "<br>")))
    .collect();
    let html = format!(
        "<!DOCTYPE html><html lang=\"{code}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <title>{subject}</title></head><body style=\"direction:{dir};text-align:start\">{html_body}</body></html>",
        code = lang.code(),
        dir = lang.dir().as_str(),
        subject = escape(t.mail_reset_subject),
    );
    OutgoingMail {
        to: to.to_owned(),
        lang,
        subject: t.mail_reset_subject.to_owned(),
        text,
        html,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_mail_is_translated_carries_the_link_and_mirrors_in_rtl() {
        let link = "https://news.example.org/ar/reset-password?token=abc";
        let mail = password_reset(Lang::Ar, "r@example.org", link);
        assert_eq!(mail.subject, Lang::Ar.texts().mail_reset_subject);
        assert_ne!(mail.subject, Lang::En.texts().mail_reset_subject);
        assert!(mail.text.contains(link));
        assert!(mail.html.contains("dir=\"rtl\"") && mail.html.contains("lang=\"ar\""));
        assert!(mail.html.contains(&format!("href=\"{link}\"")));
        let en = password_reset(Lang::En, "r@example.org", link);
        assert!(en.html.contains("dir=\"ltr\""));
    }

    #[test]
    fn every_language_writes_only_its_own_words_and_the_link() {
        let link = "https://news.example.org/fa/reset-password?token=abc";
        for lang in Lang::ALL {
            let mail = password_reset(lang, "r@example.org", link);
            let without_link = mail.text.replace(link, "");
            assert!(!without_link.contains("http"), "{lang:?}: {}", mail.text);
            assert!(!mail.text.contains('{'), "{lang:?}: a placeholder is left");
        }
    }
}
