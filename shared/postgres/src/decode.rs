//! Rows: each column decoded by its wire type into our `Value`.

use crate::errors::map_error;
use preloop_core::error::{Error, Result};
use preloop_core::store::sql::{Row, Value};
use std::sync::Arc;
use tokio_postgres::types::Type;

pub fn convert_row(row: &tokio_postgres::Row, columns: &Arc<[String]>) -> Result<Row> {
    let mut values = Vec::with_capacity(columns.len());
    for (i, col) in row.columns().iter().enumerate() {
        let ty = col.type_();
        let v = match *ty {
            Type::INT2 => row
                .try_get::<_, Option<i16>>(i)
                .map_err(map_error)?
                .map(|v| Value::Int(v.into())),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(i)
                .map_err(map_error)?
                .map(|v| Value::Int(v.into())),
            Type::INT8 => row
                .try_get::<_, Option<i64>>(i)
                .map_err(map_error)?
                .map(Value::Int),
            Type::FLOAT4 => row
                .try_get::<_, Option<f32>>(i)
                .map_err(map_error)?
                .map(|v| Value::Float(v.into())),
            Type::FLOAT8 => row
                .try_get::<_, Option<f64>>(i)
                .map_err(map_error)?
                .map(Value::Float),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(i)
                .map_err(map_error)?
                .map(Value::Bool),
            Type::BYTEA => row
                .try_get::<_, Option<Vec<u8>>>(i)
                .map_err(map_error)?
                .map(Value::Bytes),
            Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR => row
                .try_get::<_, Option<String>>(i)
                .map_err(map_error)?
                .map(Value::Text),
            _ if ty.name() == "vector" => row
                .try_get::<_, Option<pgvector::Vector>>(i)
                .map_err(map_error)?
                .map(|v| Value::Vector(v.to_vec())),
            _ => {
                return Err(Error::internal(format!(
                    "store: column {} has unsupported type {}",
                    col.name(),
                    ty.name()
                )));
            }
        };
        values.push(v.unwrap_or(Value::Null));
    }
    Ok(Row {
        columns: columns.clone(),
        values,
    })
}
