//! The native HTTP server. Core futures are not `Send` (they are not on
//! Workers either), so instead of a work-stealing runtime each worker thread
//! runs its own single-threaded tokio runtime with a `LocalSet`, its own
//! `Env` and its own policy cache, and accepts connections from one shared
//! listening socket. That is the isolate model of the edge, natively.

use crate::bootstrap::{self, Store};
use crate::router;
use crate::settings::{ServeArgs, StoreArgs};
use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use preloop_core::Env;
use preloop_core::config::Config;
use preloop_core::http::{Headers, Request, Response};
use preloop_core::secrets::Cipher;
use preloop_native::{OsRandom, ReqwestHttp, SchedulerWake, SmtpMailer, SystemClock, TokioTimer};
use std::convert::Infallible;
use std::rc::Rc;
use std::time::Instant;

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))
}

pub fn migrate_only(args: StoreArgs) -> Result<(), String> {
    let store = Store::open(&args)?;
    let applied = runtime()?.block_on(bootstrap::migrate(&store))?;
    println!(
        "applied migrations: {applied:?} ({})",
        store.describe(&args)
    );
    Ok(())
}

pub fn serve(args: ServeArgs) -> Result<(), String> {
    let store = Store::open(&args.store)?;
    let cipher = bootstrap::cipher(&args)?;
    let rt = runtime()?;
    rt.block_on(bootstrap::migrate(&store))?;
    let generated = rt.block_on(bootstrap::ensure_admin(&store, args.admin_key.as_deref()))?;

    let listener = std::net::TcpListener::bind(args.listen)
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("listener: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("listener: {e}"))?;
    let config = Config {
        max_body_bytes: args.max_body_bytes,
        allowed_origins: args.allowed_origins.clone(),
        upstream_timeout_ms: args.upstream_timeout_ms,
        public_url: args
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}")),
        approval_hold_ms: args.approval_hold_ms,
        notify_retry_base_ms: args.notify_retry_base_ms,
        push_proxy_url: args.push_proxy_url.clone(),
        push_proxy_api_key: args.push_proxy_api_key.clone(),
        condition_limits: preloop_core::policy::bounds::ConditionLimits {
            max_length: args.condition_max_length,
            max_depth: args.condition_max_depth,
            max_nodes: args.condition_max_nodes,
        },
        cel_budget: args.cel_budget,
        egress: preloop_core::egress::EgressPolicy::parse(&args.egress_allow)?,
        policy_file_limits: preloop_core::policy::yaml::YamlLimits {
            max_bytes: args.policy_max_bytes,
            max_depth: args.policy_max_depth,
            max_nodes: args.policy_max_nodes,
        },
        ..Config::default()
    };
    let http = ReqwestHttp::new(config.egress)?;
    let workers = args
        .workers
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        })
        .clamp(1, 64);

    // Printed before any worker accepts, so whoever sees /healthz answer
    // can already read the key.
    println!(
        "Preloop {} listening on http://{addr} (store: {}, {workers} workers)",
        env!("CARGO_PKG_VERSION"),
        store.describe(&args.store)
    );
    if let Some(key) = generated {
        println!();
        println!("Admin API key (shown once; only its hash is stored):");
        println!("  {key}");
        println!();
        println!("Connect Claude Code:");
        println!(
            "  claude mcp add --transport http --header \"Authorization: Bearer {key}\" preloop http://{addr}/mcp/v1"
        );
        println!();
    }

    let shared = Shared {
        store,
        cipher,
        config,
        http,
        wake: SchedulerWake::default(),
    };
    for i in 0..workers {
        let listener = listener.try_clone().map_err(|e| format!("listener: {e}"))?;
        let shared = shared.clone();
        // Detached: workers live as long as the process.
        // 8 MiB of stack: every parser and evaluator is bounded well below
        // it (policy::bounds), and this leaves headroom for debug builds.
        std::thread::Builder::new()
            .name(format!("preloop-worker-{i}"))
            .stack_size(8 << 20)
            .spawn(move || worker(listener, shared))
            .map_err(|e| format!("worker thread: {e}"))?;
    }

    {
        let interval = std::time::Duration::from_millis(args.scheduler_interval_ms.max(50));
        std::thread::Builder::new()
            .name("preloop-scheduler".into())
            .spawn(move || scheduler(interval, shared))
            .map_err(|e| format!("scheduler thread: {e}"))?;
    }

    // Workers run until the process is told to stop.
    rt.block_on(shutdown_signal());
    tracing::info!("shutting down");
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {},
                    _ = term.recv() => {},
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn worker(listener: std::net::TcpListener, shared: Shared) {
    on_local_runtime("worker", async move {
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(l) => l,
            Err(e) => {
                tracing::error!(error = %e, "worker could not listen");
                return;
            }
        };
        let env = Rc::new(shared.env());
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let env = env.clone();
            tokio::task::spawn_local(async move {
                let service = service_fn(move |req| {
                    let env = env.clone();
                    async move { Ok::<_, Infallible>(serve_one(req, &env).await) }
                });
                if let Err(e) = http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), service)
                    .await
                {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
            });
        }
    });
}

/// Runs `work` on this thread's own current-thread runtime with a `LocalSet`
/// (core futures are not `Send`): what each worker and the scheduler do.
fn on_local_runtime(what: &str, work: impl std::future::Future<Output = ()>) {
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "{what} could not start");
            return;
        }
    };
    tokio::task::LocalSet::new().block_on(&rt, work);
}

/// What every thread builds its `Env` from (each thread has its own, as
/// core's ports are not `Send`).
#[derive(Clone)]
struct Shared {
    store: Store,
    cipher: Cipher,
    config: Config,
    http: ReqwestHttp,
    /// Workers wake the scheduler when they queue notifications.
    wake: SchedulerWake,
}

impl Shared {
    fn env(&self) -> Env {
        Env::new(
            self.store.as_sql(),
            Rc::new(self.http.clone()),
            Rc::new(SystemClock),
            Rc::new(OsRandom),
            Rc::new(self.cipher.clone()),
            Rc::new(self.config.clone()),
        )
        .with_mailer(Rc::new(SmtpMailer))
        .with_timer(Rc::new(TokioTimer))
        .with_queue(Rc::new(self.wake.clone()))
    }
}

/// The scheduled handler on a timer, and at once when woken: what a cron
/// trigger and a queue consumer do at the edge.
fn scheduler(interval: std::time::Duration, shared: Shared) {
    on_local_runtime("scheduler", async move {
        let env = shared.env();
        loop {
            match preloop_scheduler::run(&env).await {
                Ok(tick) if tick != preloop_scheduler::Tick::default() => {
                    tracing::info!(target: "preloop::scheduler", requests = tick.requests, delivered = tick.delivered, retrying = tick.retrying, failed = tick.failed, abandoned = tick.abandoned, "scheduled work done");
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e.message, "scheduled work failed; retrying next tick")
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                _ = shared.wake.woken() => {}
            }
        }
    });
}

type Body = UnsyncBoxBody<Bytes, Infallible>;

async fn serve_one(req: hyper::Request<Incoming>, env: &Env) -> hyper::Response<Body> {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let response = match to_core_request(req, env.config.max_body_bytes).await {
        Ok(request) => router::route(&request, env).await,
        Err(response) => response,
    };
    tracing::info!(
        target: "preloop::access",
        method = %method,
        path = %path,
        status = response.status,
        request_id = response.headers.get("x-request-id").unwrap_or("-"),
        micros = started.elapsed().as_micros() as u64,
    );
    to_hyper_response(response)
}

async fn to_core_request(req: hyper::Request<Incoming>, limit: usize) -> Result<Request, Response> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(router::too_large(&path, limit));
    }
    let body = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                return Err(router::too_large(&path, limit));
            }
            return Err(Response::error(&preloop_core::Error::bad_request(
                "could not read the request body",
            )));
        }
    };
    let mut headers = Headers::new();
    for (k, v) in &parts.headers {
        if let Ok(v) = v.to_str() {
            headers.append(k.as_str(), v);
        }
    }
    Ok(Request {
        method: parts.method.as_str().to_string(),
        path,
        query: parts.uri.query().map(str::to_string),
        headers,
        body,
    })
}

fn to_hyper_response(r: Response) -> hyper::Response<Body> {
    let mut builder = hyper::Response::builder().status(r.status);
    for (k, v) in r.headers.iter() {
        builder = builder.header(k, v);
    }
    let body = match r.stream {
        None => Full::new(r.body).boxed_unsync(),
        Some(mut stream) => {
            // The handler's stream is not Send; a local task pulls it and
            // hands chunks over. When the client goes away hyper drops the
            // receiver, the next send fails, and the handler's work stops.
            let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(8);
            let first = r.body;
            tokio::task::spawn_local(async move {
                if !first.is_empty() && tx.send(first).await.is_err() {
                    return;
                }
                while let Some(chunk) = stream.next_chunk().await {
                    if tx.send(chunk).await.is_err() {
                        return;
                    }
                }
            });
            let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
                rx.recv()
                    .await
                    .map(|b| (Ok::<_, Infallible>(hyper::body::Frame::data(b)), rx))
            });
            StreamBody::new(chunks).boxed_unsync()
        }
    };
    builder.body(body).unwrap_or_else(|_| {
        let mut fallback = hyper::Response::new(
            Full::new(Bytes::from_static(
                b"{\"error\":{\"code\":\"internal\",\"message\":\"invalid response\"}}",
            ))
            .boxed_unsync(),
        );
        *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}
