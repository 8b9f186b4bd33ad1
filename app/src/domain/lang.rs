use serde::{Deserialize, Serialize};

use super::ParseError;
use crate::i18n::{self, Texts};

/// One of the nine languages the site is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ar,
    En,
    Fr,
    De,
    Ps,
    Fa,
    Ru,
    Es,
    Tg,
}

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

impl Lang {
    /// Every language, in the order the switcher lists them.
    pub const ALL: [Lang; 9] = [
        Lang::Ar,
        Lang::En,
        Lang::Fr,
        Lang::De,
        Lang::Ps,
        Lang::Fa,
        Lang::Ru,
        Lang::Es,
        Lang::Tg,
    ];

    /// The language a visitor gets when nothing else tells us.
    pub const DEFAULT: Lang = Lang::En;

    pub fn parse(code: &str) -> Result<Lang, ParseError> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code() == code)
            .ok_or(ParseError::UnknownLang)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Ps => "ps",
            Lang::Fa => "fa",
            Lang::Ru => "ru",
            Lang::Es => "es",
            Lang::Tg => "tg",
        }
    }

    pub fn dir(self) -> Dir {
        match self {
            Lang::Ar | Lang::Ps | Lang::Fa => Dir::Rtl,
            _ => Dir::Ltr,
        }
    }

    /// The language's name in itself, as the switcher shows it.
    pub fn native_name(self) -> &'static str {
        i18n::native_name(self.code())
    }

    /// This language's UI strings (see `i18n` for where they come from in
    /// the browser).
    pub fn texts(self) -> &'static Texts {
        i18n::texts(self)
    }

    /// Picks the best supported language from an `Accept-Language` header,
    /// honouring q-values; region subtags are ignored (`fa-AF` → `fa`).
    /// `prs` (Dari's own ISO 639-3 code) is read as `fa`.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if quality <= 0.0 {
                continue;
            }
            let primary = tag
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let primary = if primary == "prs" {
                "fa".to_owned()
            } else {
                primary
            };
            if let Ok(lang) = Lang::parse(&primary)
                && best.is_none_or(|(_, q)| quality > q)
            {
                best = Some((lang, quality));
            }
        }
        best.map(|(lang, _)| lang)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_supported_code_and_round_trips() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Ok(lang));
        }
    }

    #[test]
    fn rejects_unknown_and_differently_cased_codes() {
        for bad in ["", "xx", "EN", "en-US", "fa ", "english"] {
            assert_eq!(Lang::parse(bad), Err(ParseError::UnknownLang), "{bad:?}");
        }
    }

    #[test]
    fn three_languages_are_right_to_left() {
        let rtl: Vec<_> = Lang::ALL
            .into_iter()
            .filter(|l| l.dir() == Dir::Rtl)
            .collect();
        assert_eq!(rtl, vec![Lang::Ar, Lang::Ps, Lang::Fa]);
    }

    #[test]
    fn native_names_are_the_ones_readers_recognise() {
        let names: Vec<_> = Lang::ALL.into_iter().map(Lang::native_name).collect();
        assert_eq!(
            names,
            [
                "العربية",
                "English",
                "Français",
                "Deutsch",
                "پښتو",
                "فارسی",
                "Русский",
                "Español",
                "Тоҷикӣ"
            ]
        );
    }

    #[test]
    fn accept_language_maps_regional_tags_to_languages() {
        assert_eq!(
            Lang::from_accept_language("fa-AF,fa;q=0.9,en;q=0.5"),
            Some(Lang::Fa)
        );
        assert_eq!(Lang::from_accept_language("ps-AF"), Some(Lang::Ps));
        assert_eq!(Lang::from_accept_language("ar-SA,ar;q=0.9"), Some(Lang::Ar));
        assert_eq!(Lang::from_accept_language("prs"), Some(Lang::Fa));
        assert_eq!(Lang::from_accept_language("tg_TJ"), Some(Lang::Tg));
    }

    #[test]
    fn accept_language_honours_quality_values() {
        assert_eq!(
            Lang::from_accept_language("ja, ru;q=0.4, de;q=0.8"),
            Some(Lang::De)
        );
        assert_eq!(
            Lang::from_accept_language("es;q=0, fr;q=0.1"),
            Some(Lang::Fr)
        );
    }

    #[test]
    fn accept_language_without_supported_language_gives_none() {
        assert_eq!(Lang::from_accept_language("ja,zh-CN;q=0.8"), None);
        assert_eq!(Lang::from_accept_language(""), None);
        assert_eq!(Lang::from_accept_language(";;;,q=,"), None);
    }
}
