//! `/{lang}/edition.json`: the pages "Download this edition" keeps for
//! offline reading, that language's home and its newest stories. The
//! service worker asks for it; it is read afresh at every download.

use app::domain::Lang;
use app::routes;
use app::ssr::store::SharedStore;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::http::errors::HttpError;

pub use app::state::offline::{EDITION_DAYS, EDITION_STORIES};

pub async fn edition(
    State(store): State<SharedStore>,
    Path(lang): Path<String>,
) -> Result<Response, HttpError> {
    let lang = Lang::parse(&lang).map_err(|_| HttpError::unknown_lang())?;
    let stories = store
        .latest(lang, EDITION_STORIES, 0)
        .await
        .map_err(HttpError::store)?;
    let pages: Vec<String> = std::iter::once(routes::home(lang))
        .chain(
            stories
                .iter()
                .map(|s| routes::article(lang, s.slug.as_str())),
        )
        .collect();
    Ok(Json(json!({ "lang": lang.code(), "pages": pages, "days": EDITION_DAYS })).into_response())
}
