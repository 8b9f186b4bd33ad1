//! `/healthz`: what a load balancer or an operator's probe asks.

use app::error::AppError;
use app::ssr::store::SharedStore;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::errors::HttpError;

/// 200 when the database answers, 503 when it does not.
pub async fn healthz(State(store): State<SharedStore>) -> Response {
    match store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            HttpError::text(AppError::Unavailable, app::domain::Lang::DEFAULT).into_response()
        }
    }
}
