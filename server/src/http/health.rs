//! What a load balancer or an operator's probe asks: `/healthz` (the
//! process is alive and answering) and `/readyz` (it can serve readers:
//! the database answers with the schema this build expects).

use app::ssr::store::SharedStore;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Alive: answered by the process itself, whatever the database does, so
/// a supervisor restarts only a process that has stopped answering.
pub async fn healthz() -> Response {
    (StatusCode::OK, "ok").into_response()
}

/// Ready: 200 when the database answers with the expected schema; 503
/// with the reason (for the operator, in the body and the log) when not.
pub async fn readyz(State(store): State<SharedStore>) -> Response {
    match store.ready().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(error) => {
            tracing::error!(%error, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("not ready: {error}"),
            )
                .into_response()
        }
    }
}
