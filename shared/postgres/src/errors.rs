//! Postgres errors, as the statuses core promises.

use preloop_core::error::{Error, ErrorKind};
use tokio_postgres::error::SqlState;

/// 409 for a unique violation, 503 when the connection is gone or never
/// came up, 500 (logged with detail, shown as "store error") otherwise.
pub fn map_error(e: tokio_postgres::Error) -> Error {
    if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        return Error::new(ErrorKind::Conflict, "already exists");
    }
    if e.is_closed() || e.code().is_none() {
        tracing::warn!(error = %e, "postgres connection failed");
        return Error::unavailable("the store cannot be reached");
    }
    tracing::error!(error = %e, "postgres error");
    Error::internal("store error")
}
