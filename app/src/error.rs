//! The error every server fn returns: a status code plus a translated,
//! safe message. Internals never leave the server; they go to the logs.

use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::{Lang, ParseError};

mod story;
pub use story::StoryProblem;

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
    /// The database (or another service we need) did not answer: try again.
    #[error("unavailable")]
    Unavailable,
    /// The call never reached the server fn (network down, bad encoding).
    #[error("transport: {0}")]
    Transport(String),
    /// A reader's request we understood and refuse, with its own message.
    #[error("rejected: {0:?}")]
    Rejected(Problem),
}

/// Why an account or reading-list request was refused; each has its own
/// status and a message in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    SignInNeeded,
    /// Unknown email or wrong password: one answer, so accounts stay secret.
    WrongCredentials,
    /// Throttled; try again after this many minutes.
    TooManyAttempts {
        minutes: u32,
    },
    /// A state-changing request from another site (CSRF).
    CrossSite,
    BadEmail,
    BadDisplayName,
    PasswordTooShort,
    PasswordTooLong,
    PasswordTooCommon,
    EmailTaken,
    WrongCurrentPassword,
    BadResetLink,
    ReadingListFull,
    /// A request body over the route's limit.
    TooLarge,
    /// A request body that did not arrive in time.
    TooSlow,
    /// Over the client's rate of searches or posts; try again after this
    /// many seconds.
    TooManyRequests {
        seconds: u32,
    },
    /// A member of staff asked for what their newsroom role does not allow.
    NotAllowed,
    /// A role was to be given to an email that has no account.
    NoSuchAccount,
    /// The change would leave the newsroom without an admin.
    LastAdmin,
    /// A story could not be saved or acted on as asked.
    Story(StoryProblem),
}

impl Problem {
    pub fn status(self) -> u16 {
        match self {
            Problem::SignInNeeded | Problem::WrongCredentials => 401,
            Problem::TooManyAttempts { .. } | Problem::TooManyRequests { .. } => 429,
            Problem::CrossSite | Problem::WrongCurrentPassword | Problem::NotAllowed => 403,
            Problem::EmailTaken | Problem::ReadingListFull | Problem::LastAdmin => 409,
            Problem::NoSuchAccount => 404,
            Problem::BadEmail
            | Problem::BadDisplayName
            | Problem::PasswordTooShort
            | Problem::PasswordTooLong
            | Problem::PasswordTooCommon
            | Problem::BadResetLink => 400,
            Problem::TooSlow => 408,
            Problem::TooLarge => 413,
            Problem::Story(problem) => problem.status(),
        }
    }

    /// The message shown beside the form, in the reader's language.
    pub fn message(self, lang: Lang) -> String {
        let t = lang.texts();
        let text = match self {
            Problem::SignInNeeded => t.err_sign_in_needed,
            Problem::WrongCredentials => t.err_credentials,
            Problem::TooManyAttempts { minutes } => {
                return t.err_too_many.count(lang, u64::from(minutes));
            }
            Problem::TooManyRequests { seconds } => {
                return t.err_too_fast.count(lang, u64::from(seconds));
            }
            Problem::CrossSite => t.err_cross_site,
            Problem::BadEmail => t.err_email,
            Problem::BadDisplayName => t.err_name,
            Problem::PasswordTooShort => t.err_password_short,
            Problem::PasswordTooLong => t.err_password_long,
            Problem::PasswordTooCommon => t.err_password_common,
            Problem::EmailTaken => t.err_email_taken,
            Problem::WrongCurrentPassword => t.err_current_password,
            Problem::BadResetLink => t.err_reset_link,
            Problem::ReadingListFull => t.err_list_full,
            Problem::TooLarge => t.err_too_large,
            Problem::TooSlow => t.err_too_slow,
            Problem::NotAllowed => t.err_not_allowed,
            Problem::NoSuchAccount => t.err_no_account,
            Problem::LastAdmin => t.err_last_admin,
            Problem::Story(problem) => problem.message(lang),
        };
        text.to_owned()
    }

    /// The short code a form post without JavaScript carries back in the
    /// page's `?error=` query (`too-many-3` keeps the minutes,
    /// `slow-down-20` the seconds), and its inverse.
    pub fn code(self) -> String {
        match self {
            Problem::TooManyAttempts { minutes } => return format!("too-many-{minutes}"),
            Problem::TooManyRequests { seconds } => return format!("slow-down-{seconds}"),
            _ => {}
        }
        let code = match self {
            Problem::SignInNeeded => "sign-in",
            Problem::WrongCredentials => "credentials",
            Problem::TooManyAttempts { .. } => "too-many",
            Problem::CrossSite => "cross-site",
            Problem::BadEmail => "email",
            Problem::BadDisplayName => "name",
            Problem::PasswordTooShort => "password-short",
            Problem::PasswordTooLong => "password-long",
            Problem::PasswordTooCommon => "password-common",
            Problem::EmailTaken => "email-taken",
            Problem::WrongCurrentPassword => "current-password",
            Problem::BadResetLink => "reset-link",
            Problem::ReadingListFull => "list-full",
            Problem::TooLarge => "too-large",
            Problem::TooSlow => "too-slow",
            Problem::TooManyRequests { .. } => "slow-down",
            Problem::NotAllowed => "not-allowed",
            Problem::NoSuchAccount => "no-account",
            Problem::LastAdmin => "last-admin",
            Problem::Story(problem) => problem.code(),
        };
        code.to_owned()
    }

    pub const ALL: [Problem; 19] = [
        Problem::SignInNeeded,
        Problem::WrongCredentials,
        Problem::TooManyAttempts { minutes: 10 },
        Problem::CrossSite,
        Problem::BadEmail,
        Problem::BadDisplayName,
        Problem::PasswordTooShort,
        Problem::PasswordTooLong,
        Problem::PasswordTooCommon,
        Problem::EmailTaken,
        Problem::WrongCurrentPassword,
        Problem::BadResetLink,
        Problem::ReadingListFull,
        Problem::TooLarge,
        Problem::TooSlow,
        Problem::TooManyRequests { seconds: 30 },
        Problem::NotAllowed,
        Problem::NoSuchAccount,
        Problem::LastAdmin,
    ];

    pub fn from_code(code: &str) -> Option<Problem> {
        // One spelling per number: no sign, no leading zeros.
        if let Some(text) = code.strip_prefix("too-many-") {
            let minutes = text
                .parse::<u32>()
                .ok()
                .filter(|m| (1..=24 * 60).contains(m) && m.to_string() == text)?;
            return Some(Problem::TooManyAttempts { minutes });
        }
        if let Some(text) = code.strip_prefix("slow-down-") {
            let seconds = text
                .parse::<u32>()
                .ok()
                .filter(|s| (1..=60 * 60).contains(s) && s.to_string() == text)?;
            return Some(Problem::TooManyRequests { seconds });
        }
        Problem::ALL
            .into_iter()
            .chain(StoryProblem::ALL.map(Problem::Story))
            .find(|p| p.code() == code)
    }
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::BadRequest => 400,
            AppError::Internal => 500,
            AppError::Unavailable | AppError::Transport(_) => 503,
            AppError::Rejected(problem) => problem.status(),
        }
    }

    /// The headline shown to the reader, in their language.
    pub fn title(&self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            AppError::NotFound => t.not_found_title,
            AppError::BadRequest => t.bad_request,
            AppError::Internal
            | AppError::Unavailable
            | AppError::Transport(_)
            | AppError::Rejected(_) => t.error_title,
        }
    }

    pub fn explanation(&self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            AppError::NotFound => t.not_found_text,
            AppError::BadRequest
            | AppError::Internal
            | AppError::Unavailable
            | AppError::Transport(_)
            | AppError::Rejected(_) => t.error_text,
        }
    }

    /// What a form shows when this error answers it.
    pub fn form_message(&self, lang: Lang) -> String {
        match self {
            AppError::Rejected(problem) => problem.message(lang),
            AppError::BadRequest => lang.texts().bad_request.to_owned(),
            other => other.explanation(lang).to_owned(),
        }
    }
}

/// A URL part that does not parse names a page that does not exist.
impl From<ParseError> for AppError {
    fn from(err: ParseError) -> Self {
        match err {
            ParseError::BadEmail => AppError::Rejected(Problem::BadEmail),
            ParseError::BadDisplayName => AppError::Rejected(Problem::BadDisplayName),
            // Roles and statuses come from the newsroom's own choices, never typed: any
            // other value is a malformed request, not a missing page.
            ParseError::UnknownRole | ParseError::UnknownStatus => AppError::BadRequest,
            _ => AppError::NotFound,
        }
    }
}

impl From<Problem> for AppError {
    fn from(problem: Problem) -> Self {
        AppError::Rejected(problem)
    }
}

impl FromServerFnError for AppError {
    type Encoder = crate::codec::Json;

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
    fn every_problem_has_a_code_that_reads_back_and_a_message_per_language() {
        for problem in Problem::ALL
            .into_iter()
            .chain(StoryProblem::ALL.map(Problem::Story))
        {
            let back = Problem::from_code(&problem.code()).expect("known code");
            assert_eq!(back.code(), problem.code());
            assert!((400..500).contains(&problem.status()));
            for lang in Lang::ALL {
                assert!(!problem.message(lang).is_empty());
            }
        }
        let msg = Problem::TooManyAttempts { minutes: 4 }.message(Lang::Ar);
        assert!(msg.contains('4') && !msg.contains("{n}"), "{msg}");
        for lang in Lang::ALL {
            let msg = Problem::TooManyRequests { seconds: 17 }.message(lang);
            let seventeen = crate::l10n::numerals::number(lang, 17);
            assert!(msg.contains(&seventeen) && !msg.contains("{n}"), "{msg}");
        }
        assert_eq!(
            Problem::from_code("slow-down-17"),
            Some(Problem::TooManyRequests { seconds: 17 })
        );
        for odd in ["slow-down-0", "slow-down-+5", "slow-down-05", "slow-down-"] {
            assert_eq!(Problem::from_code(odd), None, "{odd}");
        }
        assert_ne!(
            Problem::WrongCredentials.message(Lang::Ar),
            Problem::WrongCredentials.message(Lang::En)
        );
    }

    #[test]
    fn messages_are_translated() {
        assert_ne!(
            AppError::NotFound.title(Lang::Fa),
            AppError::NotFound.title(Lang::En)
        );
    }
}
