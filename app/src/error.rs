//! The error every server fn returns: a status code plus a translated,
//! safe message. Internals never leave the server; they go to the logs.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::{Lang, ParseError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Unknown language, category, article or page number.
    #[error("not found")]
    NotFound,
    /// Input that cannot be understood (a malformed request, not a URL typo).
    #[error("bad request")]
    BadRequest,
    /// Something failed on our side; details are in the server log.
    #[error("internal error")]
    Internal,
    /// The call never reached the server fn (network down, bad encoding).
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::BadRequest => 400,
            AppError::Internal => 500,
            AppError::Transport(_) => 503,
        }
    }

    /// The headline shown to the reader, in their language.
    pub fn title(&self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            AppError::NotFound => t.not_found_title,
            AppError::BadRequest => t.bad_request,
            AppError::Internal | AppError::Transport(_) => t.error_title,
        }
    }

    pub fn explanation(&self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            AppError::NotFound => t.not_found_text,
            AppError::BadRequest | AppError::Internal | AppError::Transport(_) => t.error_text,
        }
    }
}

/// A URL part that does not parse names a page that does not exist.
impl From<ParseError> for AppError {
    fn from(_: ParseError) -> Self {
        AppError::NotFound
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_mistakes_are_4xx_and_ours_are_5xx() {
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::BadRequest.status(), 400);
        assert_eq!(AppError::Internal.status(), 500);
        assert_eq!(AppError::from(ParseError::BadSlug).status(), 404);
    }

    #[test]
    fn bad_arguments_from_the_wire_are_bad_requests() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into()));
        assert_eq!(err, AppError::BadRequest);
    }

    #[test]
    fn messages_are_translated() {
        assert_ne!(
            AppError::NotFound.title(Lang::Fa),
            AppError::NotFound.title(Lang::En)
        );
    }
}
