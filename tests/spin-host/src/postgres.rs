//! `spin:postgres/postgres@4.2.0` on tokio-postgres, with Spin's rules:
//! the address's host must be in the component's `allowed_outbound_hosts`
//! (`postgres://host:port`); each parameter's Postgres encoding follows
//! its variant (`int64` is an `int8`, `str` a `text`, …), and a statement
//! is prepared first, so the server's type for each parameter has to
//! accept that encoding, or the statement fails before it runs; each
//! column comes back as the variant its type maps to.
//!
//! Preloop's components call only the `-async` functions; the others answer
//! `other(…)` here (see the host's README).

// The error type is the interface's (`spin:postgres`'s `error`, with its
// database-error record): its size is not ours to choose.
#![allow(clippy::result_large_err)]

use crate::outbound::AllowedHosts;
use crate::state::bindings::spin::postgres::postgres as wit;
use crate::state::{Spin, SpinView, State};
use bytes::BytesMut;
use std::collections::HashMap;
use std::str::FromStr as _;
use std::sync::{Arc, Mutex};
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use wasmtime::component::{Accessor, FutureReader, Resource, StreamReader};

/// One pool of connections per address, for the whole application, as
/// Spin keeps them (deadpool, up to 64 connections each, cleaned when
/// given back).
#[derive(Default)]
pub struct Pools(Mutex<HashMap<String, deadpool_postgres::Pool>>);

const POOL_SIZE: usize = 64;

impl Pools {
    fn pool(
        &self,
        address: &str,
        config: tokio_postgres::Config,
    ) -> Result<deadpool_postgres::Pool, wit::Error> {
        let mut pools = self
            .0
            .lock()
            .map_err(|_| wit::Error::Other("the pools' lock is poisoned".into()))?;
        if let Some(pool) = pools.get(address) {
            return Ok(pool.clone());
        }
        let manager = deadpool_postgres::Manager::from_config(
            config,
            tokio_postgres::NoTls,
            deadpool_postgres::ManagerConfig {
                recycling_method: deadpool_postgres::RecyclingMethod::Clean,
            },
        );
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .map_err(|e| wit::Error::ConnectionFailed(format!("{e:?}")))?;
        pools.insert(address.to_string(), pool.clone());
        Ok(pool)
    }
}

/// The host side of a `connection` resource: a pooled client, given back
/// when the guest drops it.
pub struct PgConnection(Arc<deadpool_postgres::Object>);

/// The host side of a `connection-builder` resource (only its address:
/// this host does not speak TLS).
pub struct PgConnectionBuilder(String);

fn only_async() -> wit::Error {
    wit::Error::Other(
        "this test host implements the -async functions of spin:postgres, the ones Preloop's components call".into(),
    )
}

/// Whether the address's every host is allowed; the error names the first
/// that is not, as Spin's does.
fn check_address(
    allowed: &AllowedHosts,
    address: &str,
) -> Result<tokio_postgres::Config, wit::Error> {
    let config = tokio_postgres::Config::from_str(address)
        .map_err(|e| wit::Error::ConnectionFailed(format!("invalid address: {e}")))?;
    let ports = config.get_ports();
    for (i, host) in config.get_hosts().iter().enumerate() {
        let tokio_postgres::config::Host::Tcp(name) = host else {
            return Err(wit::Error::ConnectionFailed(
                "a Unix socket is not an outbound host; use host:port".into(),
            ));
        };
        let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
        if !allowed.allows("postgres", name, port) {
            return Err(wit::Error::ConnectionFailed(format!(
                "address postgres://{name}:{port} is not permitted (allowed_outbound_hosts)"
            )));
        }
    }
    Ok(config)
}

async fn connect(
    grant: (Arc<AllowedHosts>, Arc<Pools>),
    address: String,
) -> Result<PgConnection, wit::Error> {
    let (allowed, pools) = grant;
    let config = check_address(&allowed, &address)?;
    let client = pools
        .pool(&address, config)?
        .get()
        .await
        .map_err(|e| wit::Error::ConnectionFailed(format!("{e:?}")))?;
    Ok(PgConnection(Arc::new(client)))
}

/// `db-null`: NULL for a parameter of any type (Spin's `PgNull`).
#[derive(Debug)]
struct Null;

impl ToSql for Null {
    fn to_sql(
        &self,
        _: &Type,
        _: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        Ok(IsNull::Yes)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// `jsonb`: the document's bytes, for a `json` or `jsonb` parameter.
#[derive(Debug)]
struct Json(Vec<u8>);

impl ToSql for Json {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        if *ty == Type::JSONB {
            out.extend_from_slice(&[1]);
        }
        out.extend_from_slice(&self.0);
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::JSON || *ty == Type::JSONB
    }

    to_sql_checked!();
}

type Param = Box<dyn ToSql + Send + Sync>;

/// Each variant as the Rust type Spin binds it as (`to_sql_parameter`):
/// tokio-postgres then checks it against the type the server gave the
/// parameter when the statement was prepared.
fn parameter(value: wit::ParameterValue) -> Result<Param, String> {
    use wit::ParameterValue as P;
    Ok(match value {
        P::Boolean(v) => Box::new(v),
        P::Int8(v) => Box::new(v),
        P::Int16(v) => Box::new(v),
        P::Int32(v) => Box::new(v),
        P::Int64(v) => Box::new(v),
        P::Floating32(v) => Box::new(v),
        P::Floating64(v) => Box::new(v),
        P::Str(v) => Box::new(v),
        P::Binary(v) => Box::new(v),
        P::Jsonb(v) => Box::new(Json(v)),
        P::DbNull => Box::new(Null),
        other => {
            return Err(format!(
                "{other:?}: a parameter this test host does not convert"
            ));
        }
    })
}

fn parameters(values: Vec<wit::ParameterValue>) -> Result<Vec<Param>, String> {
    values.into_iter().map(parameter).collect()
}

/// As Spin's `query_failed`: the error's Debug form as its text.
fn query_failed(e: tokio_postgres::Error) -> wit::Error {
    let flattened = format!("{e:?}");
    match e.as_db_error() {
        Some(db) => wit::Error::QueryFailed(wit::QueryError::DbError(wit::DbError {
            as_text: flattened,
            severity: db.severity().to_string(),
            code: db.code().code().to_string(),
            message: db.message().to_string(),
            detail: db.detail().map(str::to_string),
            extras: Vec::new(),
        })),
        None => wit::Error::QueryFailed(wit::QueryError::Text(flattened)),
    }
}

fn refs(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params
        .iter()
        .map(|p| p.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// Any column's raw bytes, for the types with no variant.
struct Raw(Vec<u8>);

impl<'a> FromSql<'a> for Raw {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Raw, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(raw.to_vec()))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A `numeric` in base 10, as Spin gives it (`decimal`).
struct Numeric(String);

impl<'a> FromSql<'a> for Numeric {
    fn from_sql(
        _: &Type,
        raw: &'a [u8],
    ) -> Result<Numeric, Box<dyn std::error::Error + Sync + Send>> {
        numeric_text(raw)
            .map(Numeric)
            .ok_or_else(|| "a malformed numeric".into())
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::NUMERIC
    }
}

/// Postgres's binary `numeric`: digit count, weight, sign, scale, then
/// base-10000 digits.
fn numeric_text(raw: &[u8]) -> Option<String> {
    let word =
        |i: usize| -> Option<i16> { Some(i16::from_be_bytes([*raw.get(i)?, *raw.get(i + 1)?])) };
    let (count, weight, sign, scale) = (word(0)?, word(2)?, word(4)? as u16, word(6)?);
    match sign {
        0xC000 => return Some("NaN".into()),
        0xD000 => return Some("Infinity".into()),
        0xF000 => return Some("-Infinity".into()),
        _ => {}
    }
    let digits: Vec<i16> = (0..count as usize)
        .map(|i| word(8 + 2 * i))
        .collect::<Option<_>>()?;
    let digit = |position: i32| -> i16 {
        usize::try_from(position)
            .ok()
            .and_then(|p| digits.get(p).copied())
            .unwrap_or(0)
    };
    let mut out = String::new();
    if sign == 0x4000 {
        out.push('-');
    }
    if weight < 0 {
        out.push('0');
    } else {
        for w in 0..=i32::from(weight) {
            let d = digit(w);
            if w == 0 {
                out.push_str(&d.to_string());
            } else {
                out.push_str(&format!("{d:04}"));
            }
        }
    }
    if scale > 0 {
        let mut fraction = String::new();
        let mut position = i32::from(weight) + 1;
        while fraction.len() < scale as usize {
            fraction.push_str(&format!("{:04}", digit(position)));
            position += 1;
        }
        fraction.truncate(scale as usize);
        out.push('.');
        out.push_str(&fraction);
    }
    Some(out)
}

fn data_type(ty: &Type) -> wit::DbDataType {
    use wit::DbDataType as D;
    match *ty {
        Type::BOOL => D::Boolean,
        Type::CHAR => D::Int8,
        Type::INT2 => D::Int16,
        Type::INT4 => D::Int32,
        Type::INT8 => D::Int64,
        Type::FLOAT4 => D::Floating32,
        Type::FLOAT8 => D::Floating64,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => D::Str,
        Type::BYTEA => D::Binary,
        Type::UUID => D::Uuid,
        Type::JSON | Type::JSONB => D::Jsonb,
        Type::NUMERIC => D::Decimal,
        _ => D::Other(ty.name().to_string()),
    }
}

fn column_value(row: &tokio_postgres::Row, i: usize) -> Result<wit::DbValue, wit::Error> {
    use wit::DbValue as V;
    let ty = row.columns()[i].type_();
    let failed = |e: tokio_postgres::Error| wit::Error::ValueConversionFailed(e.to_string());
    macro_rules! get {
        ($t:ty, $variant:expr) => {
            row.try_get::<_, Option<$t>>(i)
                .map_err(failed)?
                .map_or(V::DbNull, $variant)
        };
    }
    Ok(match *ty {
        Type::BOOL => get!(bool, V::Boolean),
        Type::CHAR => get!(i8, V::Int8),
        Type::INT2 => get!(i16, V::Int16),
        Type::INT4 => get!(i32, V::Int32),
        Type::INT8 => get!(i64, V::Int64),
        Type::FLOAT4 => get!(f32, V::Floating32),
        Type::FLOAT8 => get!(f64, V::Floating64),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => get!(String, V::Str),
        Type::BYTEA => get!(Vec<u8>, V::Binary),
        Type::UUID => get!(Raw, |r: Raw| V::Uuid(uuid_text(&r.0))),
        Type::JSONB => get!(Raw, |r: Raw| V::Jsonb(
            r.0.get(1..).unwrap_or_default().to_vec()
        )),
        Type::JSON => get!(Raw, |r: Raw| V::Jsonb(r.0)),
        Type::NUMERIC => get!(Numeric, |n: Numeric| V::Decimal(n.0)),
        _ => get!(Raw, |r: Raw| V::Unsupported(r.0)),
    })
}

fn uuid_text(b: &[u8]) -> String {
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    if hex.len() != 32 {
        return hex;
    }
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

impl SpinView<'_> {
    fn pg_client(
        &self,
        r: &Resource<PgConnection>,
    ) -> Result<Arc<deadpool_postgres::Object>, wit::Error> {
        self.table
            .get(r)
            .map(|c| c.0.clone())
            .map_err(|_| wit::Error::Other("no such connection".into()))
    }
}

impl wit::Host for SpinView<'_> {}

impl wit::HostConnection for SpinView<'_> {
    fn open(&mut self, _address: String) -> Result<Resource<PgConnection>, wit::Error> {
        Err(only_async())
    }

    fn query(
        &mut self,
        _self_: Resource<PgConnection>,
        _statement: String,
        _params: Vec<wit::ParameterValue>,
    ) -> Result<wit::RowSet, wit::Error> {
        Err(only_async())
    }

    fn execute(
        &mut self,
        _self_: Resource<PgConnection>,
        _statement: String,
        _params: Vec<wit::ParameterValue>,
    ) -> Result<u64, wit::Error> {
        Err(only_async())
    }

    fn drop(&mut self, rep: Resource<PgConnection>) -> wasmtime::Result<()> {
        self.table.delete(rep)?;
        Ok(())
    }
}

impl wit::HostConnectionBuilder for SpinView<'_> {
    fn new(&mut self, address: String) -> wasmtime::Result<Resource<PgConnectionBuilder>> {
        Ok(self.table.push(PgConnectionBuilder(address))?)
    }

    fn set_ca_root(
        &mut self,
        _self_: Resource<PgConnectionBuilder>,
        _certificate: String,
    ) -> Result<(), wit::Error> {
        Err(wit::Error::Other(
            "this test host does not speak TLS to Postgres".into(),
        ))
    }

    fn build(
        &mut self,
        _self_: Resource<PgConnectionBuilder>,
    ) -> Result<Resource<PgConnection>, wit::Error> {
        Err(only_async())
    }

    fn drop(&mut self, rep: Resource<PgConnectionBuilder>) -> wasmtime::Result<()> {
        self.table.delete(rep)?;
        Ok(())
    }
}

type Rows = (
    Vec<wit::Column>,
    StreamReader<wit::Row>,
    FutureReader<Result<(), wit::Error>>,
);

async fn open(
    accessor: &Accessor<State, Spin>,
    address: String,
) -> Result<Resource<PgConnection>, wit::Error> {
    let grant = accessor.with(|mut a| {
        let grants = &a.get().grants;
        (grants.outbound.clone(), grants.postgres.clone())
    });
    let connection = connect(grant, address).await?;
    accessor.with(|mut a| {
        a.get()
            .table
            .push(connection)
            .map_err(|e| wit::Error::Other(e.to_string()))
    })
}

impl wit::HostConnectionWithStore<State> for Spin {
    async fn open_async(
        accessor: &Accessor<State, Self>,
        address: String,
    ) -> Result<Resource<PgConnection>, wit::Error> {
        open(accessor, address).await
    }

    async fn query_async(
        accessor: &Accessor<State, Self>,
        self_: Resource<PgConnection>,
        statement: String,
        params: Vec<wit::ParameterValue>,
    ) -> Result<Rows, wit::Error> {
        let client = accessor.with(|mut a| a.get().pg_client(&self_))?;
        let params = parameters(params).map_err(wit::Error::BadParameter)?;
        let rows = client
            .query(&statement, &refs(&params))
            .await
            .map_err(query_failed)?;
        // Spin reads the columns off the first row: none without rows.
        let columns = rows
            .first()
            .map(|row| {
                row.columns()
                    .iter()
                    .map(|c| wit::Column {
                        name: c.name().to_string(),
                        data_type: data_type(c.type_()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let rows = rows
            .iter()
            .map(|row| (0..row.len()).map(|i| column_value(row, i)).collect())
            .collect::<Result<Vec<wit::Row>, _>>()?;
        let other = |e: wasmtime::Error| wit::Error::Other(e.to_string());
        accessor.with(|mut a| {
            let stream = StreamReader::new(&mut a, rows).map_err(other)?;
            let done = FutureReader::new(&mut a, async {
                wasmtime::error::Ok(Ok::<(), wit::Error>(()))
            })
            .map_err(other)?;
            Ok((columns, stream, done))
        })
    }

    async fn execute_async(
        accessor: &Accessor<State, Self>,
        self_: Resource<PgConnection>,
        statement: String,
        params: Vec<wit::ParameterValue>,
    ) -> Result<u64, wit::Error> {
        let client = accessor.with(|mut a| a.get().pg_client(&self_))?;
        let params = parameters(params).map_err(wit::Error::ValueConversionFailed)?;
        client
            .execute(&statement, &refs(&params))
            .await
            .map_err(query_failed)
    }
}

impl wit::HostConnectionBuilderWithStore<State> for Spin {
    async fn build_async(
        accessor: &Accessor<State, Self>,
        self_: Resource<PgConnectionBuilder>,
    ) -> Result<Resource<PgConnection>, wit::Error> {
        let address = accessor.with(|mut a| {
            a.get()
                .table
                .get(&self_)
                .map(|b| b.0.clone())
                .map_err(|e| wit::Error::Other(e.to_string()))
        })?;
        open(accessor, address).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerics_read_as_base_ten() {
        // 12345.678: 3 digits, weight 1, positive, scale 3: 1 2345 6780
        let raw = [0, 3, 0, 1, 0, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1A, 0x7C];
        assert_eq!(numeric_text(&raw).as_deref(), Some("12345.678"));
        // 0 (no digits)
        assert_eq!(
            numeric_text(&[0, 0, 0, 0, 0, 0, 0, 0]).as_deref(),
            Some("0")
        );
        // -20000: 1 digit (2), weight 1, negative
        assert_eq!(
            numeric_text(&[0, 1, 0, 1, 0x40, 0, 0, 0, 0, 2]).as_deref(),
            Some("-20000")
        );
        assert_eq!(numeric_text(&[0, 1]), None);
    }

    #[test]
    fn variants_bind_as_their_own_rust_types() {
        let accepts = |v: wit::ParameterValue, ty: &Type| {
            let p = parameter(v).unwrap();
            let mut out = BytesMut::new();
            p.to_sql_checked(ty, &mut out).map_err(|e| e.to_string())
        };
        assert!(accepts(wit::ParameterValue::Int64(1), &Type::INT8).is_ok());
        assert!(accepts(wit::ParameterValue::Int32(1), &Type::INT4).is_ok());
        assert_eq!(
            accepts(wit::ParameterValue::Int32(1), &Type::INT8)
                .err()
                .as_deref(),
            Some("cannot convert between the Rust type `i32` and the Postgres type `int8`")
        );
        assert!(accepts(wit::ParameterValue::Str("1".into()), &Type::INT8).is_err());
        assert!(accepts(wit::ParameterValue::DbNull, &Type::INT8).is_ok());
        assert!(accepts(wit::ParameterValue::Jsonb(b"{}".to_vec()), &Type::JSONB).is_ok());
        assert!(parameter(wit::ParameterValue::Timestamp(0)).is_err());
    }

    #[test]
    fn addresses_outside_the_list_are_refused() {
        let allowed = AllowedHosts::parse(&["postgres://127.0.0.1:5432".to_string()])
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(check_address(&allowed, "postgres://u@127.0.0.1:5432/db").is_ok());
        assert!(check_address(&allowed, "postgres://u@127.0.0.1/db").is_ok());
        assert!(matches!(
            check_address(&allowed, "postgres://u@127.0.0.1:55432/db"),
            Err(wit::Error::ConnectionFailed(m)) if m.contains("not permitted")
        ));
        assert!(check_address(&allowed, "host=/tmp dbname=x").is_err());
    }
}
