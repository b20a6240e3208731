//! One request in a Spin component: settings from variables, the store,
//! core's `Request` in and core's `Response` out (whole, or streamed).

use crate::settings::StoreChoice;
use crate::{SpinHttp, SpinPostgres, SpinSqlite, WasiClock, WasiRandom, WasiTimer};
use bytes::Bytes;
use futures_util::stream::LocalBoxStream;
use futures_util::{StreamExt, stream};
use http_body_util::{BodyDataStream, StreamBody};
use preloop_core::http::{Request, Response};
use preloop_core::ports::Sql;
use preloop_core::{Env, Error};
use std::convert::Infallible;
use std::rc::Rc;

/// A response body as Spin takes it: whole bodies are one chunk. Not
/// `Send`, as nothing in a component is, so not spin-sdk's `BoxBody`.
pub type Body = StreamBody<LocalBoxStream<'static, Result<http_body::Frame<Bytes>, Infallible>>>;

/// What a function's Spin entry returns.
pub type SpinResponse = http::Response<Body>;

/// Serves one request with `handler` (a function's `handle`): the whole of
/// a function's Spin entry.
pub async fn serve(
    request: spin_sdk::http::Request,
    handler: impl AsyncFnOnce(&Request, &Env) -> Response,
) -> SpinResponse {
    // Spin keeps a component's stderr as its log.
    preloop_core::line_log::install(|_, line| eprintln!("{line}"));
    let env = match open().await {
        Ok(env) => env,
        Err(refused) => return to_spin_response(refused),
    };
    let request = to_core_request(request, env.config.max_body_bytes).await;
    let response = preloop_core::timing::to_completion(&env, async |env| match request {
        Ok(request) => handler(&request, env).await,
        Err(refused) => refused,
    })
    .await;
    to_spin_response(response)
}

/// Opens the store with this instance's settings (read on its first
/// request) and, once per instance, migrates it and registers the admin
/// key.
/// A failure is the response to send: 503 with what is wrong, never a
/// secret.
pub async fn open() -> Result<Env, Response> {
    let instance = crate::instance::current().await.map_err(|message| {
        tracing::error!(error = %message, "settings");
        Response::error(&Error::unavailable(format!(
            "Preloop is not configured: {message}"
        )))
    })?;
    let sql: Rc<dyn Sql> = match &instance.store {
        StoreChoice::Postgres(url) => Rc::new(
            SpinPostgres::open(url)
                .await
                .map_err(|e| Response::error(&e))?,
        ),
        StoreChoice::Sqlite => Rc::new(
            SpinSqlite::open("default")
                .await
                .map_err(|e| Response::error(&e))?,
        ),
    };
    let env = instance
        .env(
            sql,
            Rc::new(SpinHttp),
            Rc::new(WasiClock),
            Rc::new(WasiRandom),
        )
        .with_timer(Rc::new(WasiTimer))
        .with_argument_check(Rc::new(preloop_schema::Checker::default()));
    instance.prepare_store(&env).await.map_err(|e| {
        tracing::error!(error = %e.message, "preparing the store failed");
        Response::error(&e)
    })?;
    Ok(env)
}

/// Core's request from Spin's, reading at most one byte more than `limit`
/// of the body so that the handler can refuse an oversized one in its own
/// error format (JSON-RPC on the MCP endpoint, JSON elsewhere).
async fn to_core_request(
    request: spin_sdk::http::Request,
    limit: usize,
) -> Result<Request, Response> {
    let (parts, body) = request.into_parts();
    let mut core = Request::new(parts.method.as_str(), parts.uri.path());
    core.query = parts.uri.query().map(str::to_string);
    for (name, value) in &parts.headers {
        if let Ok(value) = value.to_str() {
            core.headers.append(name.as_str(), value);
        }
    }
    // Spin's HTTP trigger sets it (as ip:port) from the connection, after
    // the request's own headers: a client can send one too, and it comes
    // first. The trigger's is the last.
    core.client_addr = core
        .headers
        .get_all("spin-client-addr")
        .last()
        .map(|a| a.rsplit_once(':').map_or(a, |(ip, _)| ip).to_string());
    let mut chunks = BodyDataStream::new(body);
    let mut buf = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk
            .map_err(|_| Response::error(&Error::bad_request("could not read the request body")))?;
        buf.extend_from_slice(&chunk);
        if buf.len() > limit {
            buf.truncate(limit + 1);
            break;
        }
    }
    core.body = buf.into();
    Ok(core)
}

/// Spin's response from core's: a streamed body is pulled chunk by chunk as
/// Spin writes it; a client that goes away drops it, which stops the work.
fn to_spin_response(mut response: Response) -> SpinResponse {
    // A whole body says its length. Sent chunked, its head, data and final
    // chunk leave in separate small writes, and the last waits (Nagle) for
    // the client's delayed ACK of the first: 40 ms on every answer on Linux.
    // (No length on the statuses that have no body.)
    let length = (response.stream.is_none() && !matches!(response.status, 100..=199 | 204 | 304))
        .then_some(response.body.len());
    let first = stream::iter((!response.body.is_empty()).then(|| response.body.clone()));
    let chunks: LocalBoxStream<'static, Bytes> = match response.stream.take() {
        None => first.boxed_local(),
        Some(streaming) => {
            let rest = stream::unfold(streaming, |mut streaming| async move {
                let chunk = streaming.next_chunk().await?;
                Some((chunk, streaming))
            });
            first.chain(rest).boxed_local()
        }
    };
    let body = StreamBody::new(
        chunks
            .map(|chunk| Ok(http_body::Frame::data(chunk)))
            .boxed_local(),
    );
    let mut out = http::Response::new(body);
    *out.status_mut() = http::StatusCode::from_u16(response.status)
        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in response.headers.iter() {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            out.headers_mut().append(name, value);
        }
    }
    if let Some(length) = length {
        out.headers_mut().insert(
            http::header::CONTENT_LENGTH,
            http::HeaderValue::from(length),
        );
    }
    out
}
