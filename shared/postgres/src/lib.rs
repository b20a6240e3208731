//! How Preloop's SQL values cross the Postgres wire, for every host that
//! talks to Postgres through tokio-postgres (the native pool and Workers'
//! sockets): parameters are encoded as whatever type the server inferred for
//! their placeholder, rows are decoded into core's `Value`s, and errors are
//! mapped to the statuses core promises (409 for a unique violation, 503 when
//! the database cannot be reached).

mod decode;
mod encode;
mod errors;

pub use decode::convert_row;
pub use encode::{PgParam, params, refs};
pub use errors::map_error;

use preloop_core::error::Result;
use preloop_core::store::sql::{Row, Value};
use std::sync::Arc;

/// Runs a query through any client or transaction and decodes its rows.
pub async fn query<C: tokio_postgres::GenericClient>(
    client: &C,
    statement: &tokio_postgres::Statement,
    values: &[Value],
) -> Result<Vec<Row>> {
    let columns: Arc<[String]> = statement
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let p = params(values);
    let rows = client
        .query(statement, &refs(&p))
        .await
        .map_err(map_error)?;
    rows.iter().map(|r| convert_row(r, &columns)).collect()
}

/// Runs a statement through any client or transaction; the changed-row count.
pub async fn execute<C: tokio_postgres::GenericClient>(
    client: &C,
    statement: &tokio_postgres::Statement,
    values: &[Value],
) -> Result<u64> {
    let p = params(values);
    client
        .execute(statement, &refs(&p))
        .await
        .map_err(map_error)
}
