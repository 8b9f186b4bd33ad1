//! `/{lang}/manifest.webmanifest`: the installed app's name, colours, icons
//! and shortcuts in the reader's language.

use app::domain::Lang;
use app::routes;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::http::errors::HttpError;

/// The header's brand blue and the page's paper, as in `style/main.css`.
const THEME_COLOR: &str = "#1d3f72";
const BACKGROUND_COLOR: &str = "#fbf8f2";

pub async fn manifest(Path(lang): Path<String>) -> Response {
    let Ok(lang) = Lang::parse(&lang) else {
        return HttpError::unknown_lang().into_response();
    };
    let mut response = build(lang).to_string().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/manifest+json"),
    );
    response
}

fn icon(src: &str, size: u32, purpose: &str) -> Value {
    json!({
        "src": src,
        "sizes": format!("{size}x{size}"),
        "type": "image/png",
        "purpose": purpose,
    })
}

/// Each language is its own app (its own `id` and start page); all of them
/// cover the whole site, since a reading list holds stories in any language.
pub fn build(lang: Lang) -> Value {
    let t = lang.texts();
    let home = routes::home(lang);
    let shortcut_icon = [icon("/icons/icon-192.png", 192, "any")];
    json!({
        "id": home,
        "name": t.site_name,
        "short_name": t.app_short_name,
        "description": t.site_description,
        "lang": lang.code(),
        "dir": lang.dir().as_str(),
        "start_url": routes::app_start(lang),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["news"],
        "icons": [
            icon("/icons/icon-192.png", 192, "any"),
            icon("/icons/icon-512.png", 512, "any"),
            icon("/icons/maskable-192.png", 192, "maskable"),
            icon("/icons/maskable-512.png", 512, "maskable"),
        ],
        "shortcuts": [
            {
                "name": t.reading_list_title,
                "short_name": t.reading_list,
                "url": routes::reading_list(lang),
                "icons": shortcut_icon,
            },
            {
                "name": t.latest,
                "url": format!("{home}#latest-title"),
                "icons": shortcut_icon,
            },
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_the_app_in_that_language() {
        for lang in Lang::ALL {
            let manifest = build(lang);
            let t = lang.texts();
            assert_eq!(manifest["lang"], lang.code());
            assert_eq!(manifest["dir"], lang.dir().as_str());
            assert_eq!(manifest["name"], t.site_name);
            let short = manifest["short_name"].as_str().unwrap_or_default();
            // Launchers cut longer names under the icon.
            assert!(
                (1..=12).contains(&short.chars().count()),
                "{lang}: {short:?}"
            );
            assert_eq!(manifest["start_url"], format!("/{lang}/?source=pwa"));
        }
    }

    #[test]
    fn icons_cover_both_sizes_for_both_purposes() {
        let manifest = build(Lang::Fa);
        let icons = manifest["icons"].as_array().cloned().unwrap_or_default();
        for purpose in ["any", "maskable"] {
            for size in ["192x192", "512x512"] {
                assert!(
                    icons
                        .iter()
                        .any(|i| i["purpose"] == purpose && i["sizes"] == size),
                    "{purpose} {size}"
                );
            }
        }
    }
}
