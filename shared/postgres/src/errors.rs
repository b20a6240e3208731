//! Postgres errors, as the statuses core promises.

use preloop_core::error::{Error, ErrorKind};
use preloop_core::store::sql::pg_unavailable;
use tokio_postgres::error::SqlState;

/// 409 for a unique violation, 503 when the connection is gone, never came
/// up or was closed by the server (a terminated backend, a shutdown), 500
/// (logged with detail, shown as "store error") otherwise.
pub fn map_error(e: tokio_postgres::Error) -> Error {
    if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        return Error::new(ErrorKind::Conflict, "already exists");
    }
    if e.is_closed() || e.code().is_none_or(|c| pg_unavailable(c.code())) {
        tracing::warn!(error = %e, "postgres connection failed");
        return Error::unavailable("the store cannot be reached");
    }
    tracing::error!(error = %e, "postgres error");
    Error::internal("store error")
}
