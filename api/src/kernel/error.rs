//! One error type for system faults and refusals. Outcomes the caller can fix are `UserError`s
//! in the payload (see [`crate::kernel::user_error`]); everything here becomes a GraphQL error with an
//! `extensions.code`. Internal details are logged, never sent.

use async_graphql::ErrorExtensions;

/// The `extensions.code` of a GraphQL error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

/// A refusal or a fault, turned into a GraphQL error by [`ErrorExtensions::extend`].
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadUserInput(String),
    #[error("{0}")]
    Conflict(String),
    #[error("internal error")]
    Database(#[from] sea_orm::DbErr),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Unauthenticated(_) => ErrorCode::Unauthenticated,
            AppError::Forbidden(_) => ErrorCode::Forbidden,
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::BadUserInput(_) => ErrorCode::BadUserInput,
            AppError::Conflict(_) => ErrorCode::Conflict,
            AppError::Database(_) | AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn not_found(what: &str) -> Self {
        AppError::NotFound(format!("{what} not found, or not visible to you"))
    }
}

/// The message sent for every internal error; the details stay in the log, under the request id
/// that the client also receives in the `x-request-id` response header.
pub const INTERNAL_MESSAGE: &str =
    "internal error; quote the x-request-id response header when reporting it";

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        let message = match self {
            AppError::Database(e) => {
                tracing::error!(error = %e, "database error");
                INTERNAL_MESSAGE.to_string()
            }
            AppError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                INTERNAL_MESSAGE.to_string()
            }
            other => other.to_string(),
        };
        async_graphql::Error::new(message)
            .extend_with(|_, ext| ext.set("code", self.code().as_str()))
    }
}

/// Shorthand for service results.
pub type AppResult<T> = Result<T, AppError>;
