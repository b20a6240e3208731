//! One request on a Worker: its settings and store, core's `Request` in,
//! core's `Response` out (whole, or streamed through a `ReadableStream`),
//! and the request's Postgres connection closed once the response is done.

use crate::isolate::{self, Isolate};
use crate::postgres::{Target, WorkerPostgres};
use crate::settings::{D1_BINDING, HYPERDRIVE_BINDING, StoreChoice};
use crate::{CloudflareQueue, D1Sql, FetchHttp, JsClock, JsRandom, JsTimer};
use futures_util::{StreamExt, stream};
use preloop_core::http::{Headers, Request, Response};
use preloop_core::ports::Sql;
use preloop_core::{Env, Error};
use std::rc::Rc;

/// Serves one fetch event with `handler` (a function's `handle`): the
/// whole of a function's Worker entry.
pub async fn serve(
    request: worker::Request,
    worker_env: &worker::Env,
    handler: impl AsyncFnOnce(&Request, &Env) -> Response,
) -> worker::Result<worker::Response> {
    let request = to_core_request(request).await?;
    let host = match Host::open(worker_env).await {
        Ok(host) => host,
        Err(refused) => return whole(refused),
    };
    let response =
        preloop_core::timing::to_completion(host.env(), async |env| handler(&request, env).await)
            .await;
    host.finish(response).await
}

/// Runs work with no request behind it (a cron tick) with
/// the same store and settings as a request; the store is closed after.
pub async fn run<T>(
    worker_env: &worker::Env,
    work: impl AsyncFnOnce(&Env) -> preloop_core::Result<T>,
) -> preloop_core::Result<T> {
    let host = Host::open(worker_env).await.map_err(|refused| {
        Error::unavailable(String::from_utf8_lossy(&refused.body).into_owned())
    })?;
    let result = work(host.env()).await;
    host.close().await;
    result
}

pub struct Host {
    env: Env,
    postgres: Option<Rc<WorkerPostgres>>,
}

impl Host {
    /// Reads the settings, opens the store, and (once per isolate) migrates
    /// it and registers the admin key. A failure is the response to send:
    /// 503 with what is wrong, never a secret.
    pub async fn open(worker_env: &worker::Env) -> Result<Host, Response> {
        let isolate = isolate::current(worker_env).map_err(|message| {
            tracing::error!(error = %message, "settings");
            Response::error(&Error::unavailable(format!(
                "Preloop is not configured: {message}"
            )))
        })?;
        let (sql, postgres): (Rc<dyn Sql>, Option<Rc<WorkerPostgres>>) = match &isolate.store {
            StoreChoice::Hyperdrive => {
                let binding = worker_env.hyperdrive(HYPERDRIVE_BINDING).map_err(|e| {
                    Response::error(&Error::unavailable(format!("hyperdrive binding: {e}")))
                })?;
                let pg = Rc::new(WorkerPostgres::new(Target::Hyperdrive(binding)));
                (pg.clone(), Some(pg))
            }
            StoreChoice::Direct(url) => {
                let pg = Rc::new(WorkerPostgres::new(Target::Direct(url.clone())));
                (pg.clone(), Some(pg))
            }
            StoreChoice::D1 => {
                let db = worker_env.d1(D1_BINDING).map_err(|e| {
                    Response::error(&Error::unavailable(format!("d1 binding: {e}")))
                })?;
                (Rc::new(D1Sql::new(db)), None)
            }
        };
        let mut env = env_for(&isolate, sql);
        if let Some(queue) = CloudflareQueue::bound(worker_env) {
            env = env.with_queue(Rc::new(queue));
        }
        if let Some(check) = crate::ServiceArgumentCheck::bound(worker_env) {
            env = env.with_argument_check(Rc::new(check));
        }
        if let Some(tools) = crate::ServiceIssueTools::bound(worker_env) {
            env = env.with_issue_tools(Rc::new(tools));
        }
        let host = Host { env, postgres };
        if let Err(e) = isolate.prepare_store(&host.env).await {
            tracing::error!(error = %e.message, "preparing the store failed");
            host.close().await;
            return Err(Response::error(&e));
        }
        Ok(host)
    }

    pub fn env(&self) -> &Env {
        &self.env
    }

    /// Closes the request's database connection, if one was opened.
    pub async fn close(&self) {
        if let Some(pg) = &self.postgres {
            pg.close().await;
        }
    }

    /// Sends `response`; a streamed body keeps the store open until it ends.
    pub async fn finish(self, mut response: Response) -> worker::Result<worker::Response> {
        let Some(streaming) = response.stream.take() else {
            self.close().await;
            return whole(response);
        };
        let Response {
            status,
            headers,
            body,
            ..
        } = response;
        // First the bytes already in hand, then each chunk as the handler
        // produces it; when it ends the connection closes. A client that
        // goes away cancels the stream, which drops it and, with it, the
        // connection.
        let first =
            stream::iter((!body.is_empty()).then(|| Ok::<Vec<u8>, worker::Error>(body.to_vec())));
        let rest = stream::unfold(
            (streaming, Some(self)),
            |(mut streaming, host)| async move {
                match streaming.next_chunk().await {
                    Some(chunk) => Some((Ok(chunk.to_vec()), (streaming, host))),
                    None => {
                        if let Some(host) = host {
                            host.close().await;
                        }
                        None
                    }
                }
            },
        );
        Ok(worker::Response::from_stream(first.chain(rest))?
            .with_status(status)
            .with_headers(to_worker_headers(&headers)?))
    }
}

fn env_for(isolate: &Isolate, sql: Rc<dyn Sql>) -> Env {
    isolate
        .env(sql, Rc::new(FetchHttp), Rc::new(JsClock), Rc::new(JsRandom))
        .with_timer(Rc::new(JsTimer))
}

/// A response with its whole body (no store involved).
pub fn whole(response: Response) -> worker::Result<worker::Response> {
    Ok(worker::Response::from_bytes(response.body.to_vec())?
        .with_status(response.status)
        .with_headers(to_worker_headers(&response.headers)?))
}

fn to_worker_headers(headers: &Headers) -> worker::Result<worker::Headers> {
    let out = worker::Headers::new();
    for (name, value) in headers.iter() {
        out.append(name, value)?;
    }
    Ok(out)
}

/// Core's request from the Worker's.
async fn to_core_request(mut request: worker::Request) -> worker::Result<Request> {
    let url = request.url()?;
    let mut core = Request::new(request.method().as_ref(), url.path());
    core.query = url.query().map(str::to_string);
    for (name, value) in request.headers().entries() {
        core.headers.append(&name, value);
    }
    // Cloudflare sets it on every request; a client cannot.
    core.client_addr = core.headers.get("cf-connecting-ip").map(str::to_string);
    core.body = request.bytes().await?.into();
    Ok(core)
}
