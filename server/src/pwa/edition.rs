//! `/{lang}/edition.json`: the pages "Download this edition" keeps for
//! offline reading: that language's home page and every story it links to
//! (its latest stories and each section's newest), so that no card on the
//! downloaded home page opens the offline notice. The service worker asks
//! for it; it is read afresh at every download.

use app::api::articles::front_page;
use app::domain::Lang;
use app::routes;
use app::ssr::store::SharedStore;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::http::errors::HttpError;

pub use app::state::offline::EDITION_DAYS;

pub async fn edition(
    State(store): State<SharedStore>,
    Path(lang): Path<String>,
) -> Result<Response, HttpError> {
    let lang = Lang::parse(&lang).map_err(|_| HttpError::unknown_lang())?;
    let home = front_page(store.as_ref(), lang)
        .await
        .map_err(HttpError::store)?;
    let pages: Vec<String> = std::iter::once(routes::home(lang))
        .chain(home.linked_stories())
        .collect();
    Ok(Json(json!({ "lang": lang.code(), "pages": pages, "days": EDITION_DAYS })).into_response())
}
