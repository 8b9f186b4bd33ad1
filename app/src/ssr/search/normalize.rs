//! Text folding shared by the search index and the search box.
//!
//! The same `normalize` runs over article text when the `SQLite` FTS5 index is
//! built and over the reader's query, so both sides agree on spelling
//! variants that readers cannot see or do not type consistently: Arabic vs
//! Persian yeh and kaf, teh marbuta, hamza seats on alef, harakat, tatweel,
//! ZWNJ, three digit scripts, Latin case and accents, Cyrillic case.
//!
//! Letters that are distinct in one of our languages are never merged:
//! Tajik ғ ӣ қ ӯ ҳ ҷ stay apart from Russian г и к у х ч, and Pashto
//! ې ۍ ښ ږ ګ stay apart from their Persian look-alikes.
//!
//! `highlight` runs the same folding while remembering which original bytes
//! produced each normalised word, so matches are marked in the text exactly
//! as it was written (with its harakat, ZWNJ and Arabic-keyboard letters).

use std::ops::Range;

/// A query needs no more words than this; more only slows the FTS AND.
const MAX_TOKENS: usize = 12;

/// Longer "words" are pasted junk; a prefix query on 64 chars still finds them.
const MAX_TOKEN_CHARS: usize = 64;

/// Folds `text` for matching: see the module docs for the rules. Words come
/// out separated by single spaces, with no leading or trailing space.
#[must_use]
pub fn normalize(text: &str) -> String {
    fold(text).text
}

/// Normalises a search query and splits it into at most 12 words of at most
/// 64 chars each. FTS operators (`NEAR`, `AND`, `OR`, `NOT`) are plain words
/// here: each engine's adapter quotes every word in its own syntax.
#[must_use]
pub fn tokens(query: &str) -> Vec<String> {
    normalize(query)
        .split(' ')
        .filter(|word| !word.is_empty())
        .take(MAX_TOKENS)
        .map(|word| truncate_chars(word, MAX_TOKEN_CHARS).to_owned())
        .collect()
}

/// Splits the original `text` into segments, `true` for whole words whose
/// normalised form starts with one of `terms` (a term of several words must
/// match consecutive words, the last one as a prefix). Concatenating the
/// segments gives back `text` exactly; neighbours never share a flag.
#[must_use]
pub fn highlight(text: &str, terms: &[String]) -> Vec<(String, bool)> {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .words
        .iter()
        .map(|word| folded.text.get(word.norm.clone()).unwrap_or_default())
        .collect();

    // Terms should already be normalised; folding again is idempotent and
    // keeps a raw term from silently matching nothing.
    let normalised_terms: Vec<String> = terms.iter().map(|term| normalize(term)).collect();
    let patterns: Vec<Vec<&str>> = normalised_terms
        .iter()
        .filter(|term| !term.is_empty())
        .map(|term| term.split(' ').collect())
        .collect();

    let mut hits = Vec::new();
    for (start, span) in folded.words.iter().enumerate() {
        let rest = words.get(start..).unwrap_or_default();
        for pattern in &patterns {
            if phrase_prefix_matches(rest, pattern) {
                let last = folded.words.get(start + pattern.len() - 1).unwrap_or(span);
                hits.push(span.orig.start..last.orig.end);
            }
        }
    }
    segments(text, hits)
}

fn truncate_chars(s: &str, max_chars: usize) -> &str {
    match s.char_indices().nth(max_chars) {
        Some((cut, _)) => s.get(..cut).unwrap_or(s),
        None => s,
    }
}

/// True when `words` starts with `pattern`: all pattern words equal except
/// the last, which only has to be a prefix (as FTS5 `"a b"*` does).
fn phrase_prefix_matches(words: &[&str], pattern: &[&str]) -> bool {
    let Some((last, leading)) = pattern.split_last() else {
        return false;
    };
    let Some(candidate) = words.get(leading.len()) else {
        return false;
    };
    leading.iter().zip(words).all(|(want, have)| want == have) && candidate.starts_with(last)
}

/// Cuts `text` into alternating plain and highlighted segments; `hits` are
/// byte ranges on char boundaries and may overlap.
fn segments(text: &str, mut hits: Vec<Range<usize>>) -> Vec<(String, bool)> {
    hits.sort_by_key(|hit| hit.start);
    let mut hits = hits.into_iter().peekable();
    let mut out: Vec<(String, bool)> = Vec::new();
    // Walking chars (rather than slicing) cannot panic and makes the
    // round trip obvious: every char lands in exactly one segment.
    for (at, c) in text.char_indices() {
        // Hits are sorted by start, so once those ending before `at` are
        // gone, the first remaining one covers `at` if any does.
        while hits.next_if(|hit| hit.end <= at).is_some() {}
        let marked = hits.peek().is_some_and(|hit| hit.start <= at);
        match out.last_mut() {
            Some((segment, kind)) if *kind == marked => segment.push(c),
            _ => out.push((c.to_string(), marked)),
        }
    }
    out
}

/// One word of the normalised text and the original bytes behind it.
struct WordSpan {
    norm: Range<usize>,
    orig: Range<usize>,
}

struct Folded {
    text: String,
    words: Vec<WordSpan>,
}

fn fold(text: &str) -> Folded {
    let mut folder = Folder {
        text: String::with_capacity(text.len()),
        words: Vec::new(),
        open: None,
    };
    for (at, c) in text.char_indices() {
        folder.feed(at, c);
    }
    folder.close_word();
    Folded {
        text: folder.text,
        words: folder.words,
    }
}

/// Builds the normalised text word by word, recording original byte ranges.
struct Folder {
    text: String,
    words: Vec<WordSpan>,
    /// The word being built, if the last visible char was a letter or digit.
    open: Option<WordSpan>,
}

impl Folder {
    fn feed(&mut self, at: usize, c: char) {
        let end = at + c.len_utf8();
        match classify(c) {
            // Removed, but inside a word it still belongs to that word, so a
            // highlight covers the harakat and ZWNJ of the word it marks.
            CharClass::Invisible => self.extend_word(end),
            CharClass::Mark(mark) => {
                if self.open.is_some() {
                    compose_last(&mut self.text, mark);
                }
                self.extend_word(end);
            }
            CharClass::Break => self.close_word(),
            CharClass::Folded(folded) => {
                self.open_word(at);
                self.text.push(folded);
                self.extend_word(end);
            }
            CharClass::Cased(letter) => {
                self.open_word(at);
                push_lowered(&mut self.text, letter);
                self.extend_word(end);
            }
        }
    }

    fn open_word(&mut self, at: usize) {
        if self.open.is_none() {
            if !self.text.is_empty() {
                self.text.push(' ');
            }
            let here = self.text.len();
            self.open = Some(WordSpan {
                norm: here..here,
                orig: at..at,
            });
        }
    }

    fn extend_word(&mut self, end: usize) {
        if let Some(word) = &mut self.open {
            word.orig.end = end;
        }
    }

    fn close_word(&mut self) {
        if let Some(mut word) = self.open.take() {
            word.norm.end = self.text.len();
            self.words.push(word);
        }
    }
}

/// What one original char contributes to the normalised text.
enum CharClass {
    /// Dropped without breaking the word (diacritics, tatweel, ZWNJ, bidi).
    Invisible,
    /// A Latin-block combining mark: dropped, unless it composes with the
    /// previous letter into one that must stay distinct (see `compose_last`).
    Mark(char),
    /// Whitespace or punctuation: ends the current word.
    Break,
    /// An Arabic-script letter or digit already in its folded form.
    Folded(char),
    /// Any other letter or digit: lowercased and stripped of accents.
    Cased(char),
}

fn classify(c: char) -> CharClass {
    if is_invisible(c) {
        CharClass::Invisible
    } else if is_combining_mark(c) {
        CharClass::Mark(c)
    } else if let Some(folded) = fold_arabic_script(c) {
        CharClass::Folded(folded)
    } else if c.is_alphanumeric() {
        CharClass::Cased(c)
    } else {
        CharClass::Break
    }
}

/// Characters that change how a word looks (or nothing at all) but not
/// which word it is. Listed explicitly because several are "alphabetic" to
/// Unicode (harakat, tatweel) and the rest would otherwise split words.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        // Harakat, hamza above/below, superscript alef, Quranic annotation marks.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}'
        // Tatweel (kashida): pure justification.
        | '\u{0640}'
        // ZWNJ and ZWJ: Persian writes می‌روم with ZWNJ, readers type میروم.
        | '\u{200C}' | '\u{200D}'
        // LRM, RLM, ALM and the bidi embeddings/isolates pasted from editors.
        | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        // Soft hyphen, word joiner, BOM/ZWNBSP: invisible inside words.
        | '\u{00AD}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Combining diacritics used with Latin and Cyrillic in decomposed text
/// (e + U+0301 for é). Arabic marks are handled by `is_invisible`.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Arabic-script letters typed differently on Arabic and Persian keyboards,
/// and the two Eastern digit sets. Pashto ې (U+06D0), ۍ (U+06CD), ښ, ږ, ګ
/// are deliberately absent: they are letters of their own.
fn fold_arabic_script(c: char) -> Option<char> {
    match c {
        // Arabic yeh ي, alef maksura ى, hamza on yeh ئ, Persian yeh ی → ی.
        '\u{064A}' | '\u{0649}' | '\u{0626}' | '\u{06CC}' => Some('\u{06CC}'),
        // Arabic kaf ك, keheh ک → ک.
        '\u{0643}' | '\u{06A9}' => Some('\u{06A9}'),
        // Teh marbuta ة and Persian heh with hamza ۀ (ezafe) → heh ه; the
        // decomposed ه + U+0654 already folds to ه by dropping the hamza.
        '\u{0629}' | '\u{06C0}' => Some('\u{0647}'),
        // Alef with hamza above/below, alef with madda, alef wasla → alef ا.
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => Some('\u{0627}'),
        // Hamza on waw ؤ → waw و.
        '\u{0624}' => Some('\u{0648}'),
        // Arabic-Indic ٠–٩ and Persian ۰–۹ digits → ASCII.
        '\u{0660}'..='\u{0669}' => char::from_digit(u32::from(c) - 0x0660, 10),
        '\u{06F0}'..='\u{06F9}' => char::from_digit(u32::from(c) - 0x06F0, 10),
        _ => None,
    }
}

/// Lowercases `letter` (full Unicode) and folds accents off Latin letters.
fn push_lowered(text: &mut String, letter: char) {
    for lower in letter.to_lowercase() {
        // 'İ' lowercases to "i" + U+0307; the dot is a diacritic like any other.
        if is_combining_mark(lower) {
            continue;
        }
        match fold_accent(lower) {
            Some(base) => text.push_str(base),
            None => text.push(lower),
        }
    }
}

/// Accented Latin letters (French, German, Spanish and the names news copy
/// quotes from Turkish, Polish, Czech, Nordic) → their base letters, so
/// "Égypte" finds "egypte". Russian ё → е, as most Russian text omits the
/// dots. Cyrillic letters that are letters of their own (й, Tajik ғ ӣ қ ӯ ҳ ҷ)
/// are not listed and stay as they are.
fn fold_accent(c: char) -> Option<&'static str> {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ё' => "е",
        _ => return None,
    };
    Some(base)
}

/// Composes a decomposed Cyrillic letter that must stay distinct: dropping
/// the mark would turn Tajik ӣ (и + U+0304) into и, or й into и. Other
/// marks are simply dropped (é → e, ё → е), which is what folding wants.
fn compose_last(text: &mut String, mark: char) {
    let composed = match (text.chars().next_back(), mark) {
        (Some('и'), '\u{0306}') => 'й',
        (Some('и'), '\u{0304}') => 'ӣ',
        (Some('у'), '\u{0304}') => 'ӯ',
        _ => return,
    };
    text.pop();
    text.push(composed);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| (*word).to_owned()).collect()
    }

    fn joined(segments: &[(String, bool)]) -> String {
        segments
            .iter()
            .map(|(segment, _)| segment.as_str())
            .collect()
    }

    fn marked(segments: &[(String, bool)]) -> Vec<&str> {
        segments
            .iter()
            .filter(|(_, hit)| *hit)
            .map(|(segment, _)| segment.as_str())
            .collect()
    }

    /// Round trip, no empty segments, neighbours never share a flag.
    fn assert_well_formed(text: &str, segments: &[(String, bool)]) {
        assert_eq!(joined(segments), text);
        assert!(segments.iter().all(|(segment, _)| !segment.is_empty()));
        assert!(segments.windows(2).all(|pair| pair[0].1 != pair[1].1));
    }

    // --- normalize: Arabic script -------------------------------------

    #[test]
    fn yeh_variants_fold_to_persian_yeh() {
        // Arabic yeh, alef maksura, Persian yeh, hamza on yeh.
        for yeh in ['\u{064A}', '\u{0649}', '\u{06CC}', '\u{0626}'] {
            assert_eq!(
                normalize(&yeh.to_string()),
                "\u{06CC}",
                "{:X}",
                u32::from(yeh)
            );
        }
        // علي (Arabic yeh) and على (alef maksura) both meet Persian-typed علی.
        assert_eq!(
            normalize("\u{0639}\u{0644}\u{064A}"),
            "\u{0639}\u{0644}\u{06CC}"
        );
        assert_eq!(
            normalize("\u{0639}\u{0644}\u{0649}"),
            "\u{0639}\u{0644}\u{06CC}"
        );
    }

    #[test]
    fn kaf_folds_to_keheh() {
        assert_eq!(normalize("\u{0643}"), "\u{06A9}");
        assert_eq!(normalize("\u{06A9}"), "\u{06A9}");
        // كتاب typed on an Arabic keyboard equals کتاب typed on a Persian one.
        assert_eq!(
            normalize("\u{0643}\u{062A}\u{0627}\u{0628}"),
            normalize("کتاب")
        );
        // Gaf گ is another letter.
        assert_eq!(normalize("\u{06AF}"), "\u{06AF}");
    }

    #[test]
    fn teh_marbuta_folds_to_heh() {
        assert_eq!(normalize("\u{0629}"), "\u{0647}");
        assert_eq!(normalize("مدرسة"), "مدرسه");
        // Persian ezafe heh, precomposed or with a separate hamza mark.
        assert_eq!(normalize("خانۀ"), "خانه");
        assert_eq!(normalize("خانه\u{0654}"), "خانه");
    }

    #[test]
    fn alef_forms_fold_to_bare_alef() {
        for alef in ['\u{0623}', '\u{0625}', '\u{0622}', '\u{0671}'] {
            assert_eq!(
                normalize(&alef.to_string()),
                "\u{0627}",
                "{:X}",
                u32::from(alef)
            );
        }
        assert_eq!(normalize("أحمد إسلام آب"), "احمد اسلام اب");
        // Decomposed alef + madda folds the same way.
        assert_eq!(normalize("\u{0627}\u{0653}ب"), "اب");
    }

    #[test]
    fn hamza_seats_fold_to_their_letters() {
        assert_eq!(normalize("مؤمن"), "مومن");
        assert_eq!(
            normalize("\u{0645}\u{0633}\u{0627}\u{0626}\u{0644}"),
            "مسا\u{06CC}ل"
        );
    }

    #[test]
    fn harakat_are_removed() {
        assert_eq!(normalize("مُحَمَّدٌ"), "محمد");
        assert_eq!(normalize("كِتَابٌ"), normalize("کتاب"));
        // Superscript alef and Quranic annotation marks.
        assert_eq!(normalize("هٰذا"), "هذا");
        assert_eq!(normalize("ر\u{06D6}ب\u{06ED}"), "رب");
        // Every char of the ranges, between two letters, leaves one word.
        let marks = ('\u{064B}'..='\u{065F}')
            .chain(['\u{0670}'])
            .chain('\u{06D6}'..='\u{06ED}');
        for mark in marks {
            assert_eq!(
                normalize(&format!("ب{mark}ت")),
                "بت",
                "{:X}",
                u32::from(mark)
            );
        }
    }

    #[test]
    fn tatweel_is_removed() {
        assert_eq!(normalize("كـــتاب"), normalize("کتاب"));
        assert_eq!(normalize("ـ"), "");
    }

    #[test]
    fn zwnj_zwj_and_bidi_marks_are_removed_inside_words() {
        assert_eq!(normalize("می\u{200C}روم"), "میروم");
        assert_eq!(normalize("کتاب\u{200C}ها"), "کتابها");
        assert_eq!(normalize("ب\u{200D}ت"), "بت");
        assert_eq!(normalize("\u{200F}سلام\u{200E} \u{061C}دنیا"), "سلام دنیا");
        assert_eq!(normalize("news\u{00AD}paper\u{2066}"), "newspaper");
    }

    #[test]
    fn digits_in_three_scripts_fold_to_ascii() {
        assert_eq!(normalize("2024"), "2024");
        assert_eq!(normalize("\u{0662}\u{0660}\u{0662}\u{0664}"), "2024");
        assert_eq!(normalize("\u{06F2}\u{06F0}\u{06F2}\u{06F4}"), "2024");
        assert_eq!(normalize("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹"), "0123456789 0123456789");
        // Digits glued to letters stay in the word.
        assert_eq!(normalize("۱۴۰۳ش"), "1403ش");
    }

    #[test]
    fn pashto_letters_stay_distinct() {
        for letter in ['ې', 'ۍ', 'ښ', 'ږ', 'ګ'] {
            assert_eq!(normalize(&letter.to_string()), letter.to_string());
        }
        assert_ne!(normalize("ې"), normalize("ی"));
        assert_ne!(normalize("ۍ"), normalize("ی"));
        assert_ne!(normalize("ښ"), normalize("ش"));
        assert_ne!(normalize("ږ"), normalize("ژ"));
        assert_ne!(normalize("ګ"), normalize("گ"));
        assert_ne!(normalize("ګ"), normalize("ک"));
        assert_eq!(normalize("ښځې ګډې"), "ښځې ګډې");
    }

    // --- normalize: Latin and Cyrillic ---------------------------------

    #[test]
    fn latin_is_lowercased() {
        assert_eq!(normalize("Kabul NEWS"), "kabul news");
        assert_eq!(normalize("İstanbul"), "istanbul");
    }

    #[test]
    fn latin_accents_fold_to_base_letters() {
        assert_eq!(normalize("Égypte"), "egypte");
        assert_eq!(normalize("élève À ÊTRE"), "eleve a etre");
        assert_eq!(normalize("Größe Übersee"), "grosse ubersee");
        assert_eq!(normalize("Straße ẞ"), "strasse ss");
        assert_eq!(normalize("Niño España"), "nino espana");
        assert_eq!(
            normalize("Français naïf Noël œuvre"),
            "francais naif noel oeuvre"
        );
        // Decomposed input (e + combining acute) matches precomposed.
        assert_eq!(normalize("E\u{0301}gypte"), "egypte");
    }

    #[test]
    fn cyrillic_is_lowercased() {
        assert_eq!(normalize("МОСКВА Кремль"), "москва кремль");
        assert_eq!(normalize("ДУШАНБЕ"), "душанбе");
    }

    #[test]
    fn russian_yo_folds_but_short_i_stays() {
        assert_eq!(normalize("Ёлка ёж"), "елка еж");
        assert_eq!(normalize("е\u{0308}ж"), "еж");
        assert_eq!(normalize("Йод"), "йод");
        assert_ne!(normalize("й"), normalize("и"));
        // Decomposed й keeps its breve.
        assert_eq!(normalize("И\u{0306}од"), "йод");
    }

    #[test]
    fn tajik_letters_stay_distinct_from_russian() {
        assert_eq!(normalize("ҒӢҚӮҲҶ"), "ғӣқӯҳҷ");
        for (tajik, russian) in [
            ('ғ', 'г'),
            ('ӣ', 'и'),
            ('қ', 'к'),
            ('ӯ', 'у'),
            ('ҳ', 'х'),
            ('ҷ', 'ч'),
        ] {
            assert_eq!(normalize(&tajik.to_string()), tajik.to_string());
            assert_ne!(
                normalize(&tajik.to_string()),
                normalize(&russian.to_string())
            );
        }
        assert_eq!(normalize("Тоҷикистон Ҳукумат"), "тоҷикистон ҳукумат");
        // Decomposed ӣ and ӯ (letter + combining macron) keep the macron.
        assert_eq!(normalize("и\u{0304} у\u{0304}"), "ӣ ӯ");
    }

    // --- normalize: spacing --------------------------------------------

    #[test]
    fn whitespace_and_punctuation_collapse_to_single_spaces() {
        assert_eq!(normalize("  Hello,   world!! \n\t"), "hello world");
        assert_eq!(normalize("l'Égypte — (2024)"), "l egypte 2024");
        assert_eq!(normalize("سلام، دنیا؟ «خبر»؛"), "سلام دنیا خبر");
        assert_eq!(normalize("a\u{00A0}b\u{200B}c"), "a b c");
        assert_eq!(normalize("...!?"), "");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn normalize_is_idempotent() {
        let samples = [
            "Égypte: Straße, ИЗВЕСТИЯ Тоҷикистон",
            "كِتَابٌ\u{200C}ها ۱۴۰۳ مدرسة أحمد ښځې",
            "İstanbul œuvre Ёлка",
        ];
        for sample in samples {
            let once = normalize(sample);
            assert_eq!(normalize(&once), once);
        }
    }

    // --- tokens --------------------------------------------------------

    #[test]
    fn tokens_split_normalised_words() {
        assert_eq!(
            tokens("  Égypte,  ÉLECTIONS! "),
            terms(&["egypte", "elections"])
        );
        assert_eq!(tokens("اخبار   افغانستان"), terms(&["اخبار", "افغانستان"]));
    }

    #[test]
    fn tokens_drop_empty_words() {
        assert!(tokens("").is_empty());
        assert!(tokens("  ,,, ... -- \u{200C} ").is_empty());
    }

    #[test]
    fn tokens_keep_at_most_twelve() {
        let query = (1..=20)
            .map(|n| format!("w{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        let found = tokens(&query);
        assert_eq!(found.len(), 12);
        assert_eq!(found.first().map(String::as_str), Some("w1"));
        assert_eq!(found.last().map(String::as_str), Some("w12"));
    }

    #[test]
    fn tokens_truncate_to_64_chars_on_char_boundaries() {
        let long = "ش".repeat(100);
        let found = tokens(&format!("{long} x"));
        assert_eq!(found, vec!["ش".repeat(64), "x".to_owned()]);
        assert_eq!(tokens(&"a".repeat(64)), vec!["a".repeat(64)]);
        // ß expands to "ss" before the cut, which still lands between chars.
        assert_eq!(tokens(&"ß".repeat(40)), vec!["s".repeat(64)]);
    }

    #[test]
    fn tokens_treat_fts_operators_as_words() {
        assert_eq!(
            tokens("NEAR(a b) AND c OR d NOT e"),
            terms(&["near", "a", "b", "and", "c", "or", "d", "not", "e"])
        );
    }

    // --- highlight -----------------------------------------------------

    #[test]
    fn highlight_round_trips_in_every_language() {
        let cases = [
            ("fa", "کتاب‌های تازه در کابل، ۱۴۰۳.", "کتاب"),
            ("ar", "وَصَلَ الرَّئِيسُ إلى القاهرة يوم ٢٠٢٤.", "القاهره"),
            ("ps", "د ښځو ګډون په کابل کې ډېر شو.", "ښځو"),
            ("tg", "Ҳукумати Тоҷикистон дар Душанбе", "тоҷик"),
            ("ru", "Президент ЁЛКИН приехал в Москву.", "елкин"),
            ("de", "Die Größe der Straße überrascht.", "strasse"),
            ("en", "  Kabul's markets -- reopened (again)!  ", "market"),
        ];
        for (lang, text, term) in cases {
            let segments = highlight(text, &terms(&[term]));
            assert_well_formed(text, &segments);
            assert_eq!(marked(&segments).len(), 1, "{lang}: {segments:?}");
        }
    }

    #[test]
    fn highlight_marks_whole_original_words() {
        let text = "Die Größe der Straße überrascht.";
        let segments = highlight(text, &terms(&["gro", "strasse"]));
        assert_eq!(marked(&segments), vec!["Größe", "Straße"]);
        assert_well_formed(text, &segments);

        let text = "Ҳукумати Тоҷикистон дар Душанбе";
        assert_eq!(
            marked(&highlight(text, &terms(&["тоҷик"]))),
            vec!["Тоҷикистон"]
        );
        // Russian-typed к does not reach Tajik қ... nor ч reach ҷ.
        assert!(marked(&highlight(text, &terms(&["точик"]))).is_empty());
    }

    #[test]
    fn highlight_matches_persian_typed_term_in_arabic_keyboard_text() {
        // Written with Arabic yeh ي and kaf ك; searched with Persian ی and ک.
        let text = "\u{0627}\u{064A}\u{0631}\u{0627}\u{0646} \u{064A}\u{0643} \u{0643}\u{0634}\u{0648}\u{0631} \u{0627}\u{0633}\u{062A}";
        let query = tokens("ایران کشور");
        let segments = highlight(text, &query);
        assert_eq!(
            marked(&segments),
            vec![
                "\u{0627}\u{064A}\u{0631}\u{0627}\u{0646}",
                "\u{0643}\u{0634}\u{0648}\u{0631}"
            ]
        );
        assert_well_formed(text, &segments);
    }

    #[test]
    fn highlight_includes_removed_chars_inside_the_word() {
        let text = "این کتاب\u{200C}ها و كِتَابٌ";
        let segments = highlight(text, &tokens("کتاب"));
        assert_eq!(marked(&segments), vec!["کتاب\u{200C}ها", "كِتَابٌ"]);
        assert_well_formed(text, &segments);
    }

    #[test]
    fn highlight_matches_only_at_word_starts() {
        let text = "Tehran and Iran";
        let segments = highlight(text, &terms(&["ran"]));
        assert!(marked(&segments).is_empty());
        assert_eq!(segments, vec![(text.to_owned(), false)]);
        assert_eq!(marked(&highlight(text, &terms(&["ira"]))), vec!["Iran"]);
    }

    #[test]
    fn highlight_accepts_raw_terms_and_phrases() {
        let text = "Élections en Égypte: le vote";
        assert_eq!(
            marked(&highlight(text, &terms(&["ÉGYPTE"]))),
            vec!["Égypte"]
        );
        // A multi-word term marks consecutive words, the last as a prefix.
        let segments = highlight(text, &terms(&["en egy"]));
        assert_eq!(marked(&segments), vec!["en Égypte"]);
        assert_well_formed(text, &segments);
    }

    #[test]
    fn highlight_merges_overlapping_hits() {
        let text = "new york news";
        let segments = highlight(text, &terms(&["new", "new york", "ne"]));
        assert_eq!(marked(&segments), vec!["new york", "news"]);
        assert_well_formed(text, &segments);
    }

    #[test]
    fn highlight_edge_cases() {
        assert!(highlight("", &terms(&["x"])).is_empty());
        let text = "nothing to see";
        assert_eq!(highlight(text, &[]), vec![(text.to_owned(), false)]);
        assert_eq!(
            highlight(text, &terms(&["", "  ", "!"])),
            vec![(text.to_owned(), false)]
        );
        assert_eq!(
            highlight("Kabul", &terms(&["kabul"])),
            vec![("Kabul".to_owned(), true)]
        );
    }
}
