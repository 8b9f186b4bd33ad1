//! The emails Khabar sends, written in the reader's language and direction.

use crate::domain::Lang;
use crate::i18n::fill;
use crate::l10n::bidi::isolate;
use crate::ssr::accounts::store::OutgoingMail;

/// The "set a new password" email. `link` is absolute.
pub fn password_reset(lang: Lang, to: &str, name: &str, link: &str) -> OutgoingMail {
    let t = lang.texts();
    // The name and the link keep their own direction inside the sentence.
    let text = fill(
        &fill(t.mail_reset_body, "name", &isolate(name)),
        "link",
        link,
    );
    let html_body: String = fill(
        &fill(
            &escape(t.mail_reset_body),
            "name",
            &format!("<bdi>{}</bdi>", escape(name)),
        ),
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
        let mail = password_reset(Lang::Ar, "r@example.org", "<سارا>", link);
        assert_eq!(mail.subject, Lang::Ar.texts().mail_reset_subject);
        assert_ne!(mail.subject, Lang::En.texts().mail_reset_subject);
        assert!(mail.text.contains(link) && mail.text.contains("<سارا>"));
        assert!(mail.html.contains("dir=\"rtl\"") && mail.html.contains("lang=\"ar\""));
        assert!(mail.html.contains(&format!("href=\"{link}\"")));
        assert!(
            mail.html.contains("&lt;سارا&gt;"),
            "names are escaped in HTML"
        );
        let en = password_reset(Lang::En, "r@example.org", "Sara", link);
        assert!(en.html.contains("dir=\"ltr\""));
    }
}
