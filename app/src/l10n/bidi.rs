//! Text from elsewhere (a reader's query or name, an email address, a
//! path) inside a sentence of another direction. Unicode's first-strong
//! isolate keeps it in its own order: without it, "kabul 2026." in a Dari
//! sentence is shown as "2026. kabul", and an Arabic name in an English
//! sentence pulls the words after it to the left.

/// FIRST STRONG ISOLATE: the text takes the direction of its first letter.
const FSI: char = '\u{2068}';
/// POP DIRECTIONAL ISOLATE: ends it.
const PDI: char = '\u{2069}';

/// `text`, isolated from the sentence around it. Stray isolate and
/// embedding controls inside it are dropped, so it cannot end the
/// isolation early or leak a direction into what follows.
pub fn isolate(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 6);
    out.push(FSI);
    out.extend(text.chars().filter(|c| !is_direction_control(*c)));
    out.push(PDI);
    out
}

fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_in_a_first_strong_isolate() {
        assert_eq!(isolate("kabul 2026."), "\u{2068}kabul 2026.\u{2069}");
    }

    #[test]
    fn text_cannot_close_the_isolate_or_override_direction() {
        assert_eq!(isolate("a\u{2069}b\u{202E}c"), "\u{2068}abc\u{2069}");
    }
}
