//! `/{lang}/edition.json`: the pages "Download this edition" keeps for
//! offline reading, that language's home and its newest stories. The
//! service worker asks for it; it is read afresh at every download.

use app::domain::Lang;
use app::routes;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::router::AppState;

pub use app::offline::{EDITION_DAYS, EDITION_STORIES};

pub async fn edition(State(state): State<AppState>, Path(lang): Path<String>) -> Response {
    let Ok(lang) = Lang::parse(&lang) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    match state.store.latest(lang, EDITION_STORIES, 0).await {
        Ok(stories) => {
            let pages: Vec<String> = std::iter::once(routes::home(lang))
                .chain(
                    stories
                        .iter()
                        .map(|s| routes::article(lang, s.slug.as_str())),
                )
                .collect();
            Json(json!({ "lang": lang.code(), "pages": pages, "days": EDITION_DAYS }))
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "edition list failed");
            (StatusCode::SERVICE_UNAVAILABLE, "temporarily unavailable").into_response()
        }
    }
}
