//! The native HTTP server. Core futures are not `Send` (they are not on
//! Workers either), so instead of a work-stealing runtime each worker thread
//! runs its own single-threaded tokio runtime with a `LocalSet`, its own
//! `Env` and its own policy cache, and accepts connections from one shared
//! listening socket. That is the isolate model of the edge, natively.

use crate::bootstrap::{self, Store};
use crate::connections::{
    self, Activity, ConnectionCount, ConnectionLimits, InRequest, WatchedStream,
};
use crate::host_guard::HostGuard;
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
use preloop_core::model_api::EndpointConfig;
use preloop_core::secrets::Cipher;
use preloop_native::{
    OsRandom, ReqwestHttp, SchedulerWake, SmtpMailer, StdioHost, SystemClock, TokioTimer,
};
use std::convert::Infallible;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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
        audit_signing_key: Some(bootstrap::audit_signing_key(&args)?),
        audit_public_keys: args.audit_public_keys.clone(),
        audit_checkpoint_ms: args.audit_checkpoint_ms,
        tool_check_ms: args.tool_check_ms,
        audit_retention_days: args.audit_retention_days,
        server_timing: args.server_timing,
        jwt_keys: bootstrap::jwt_keys(&args)?,
        access_token_ttl_s: args.access_token_ttl_s.max(60),
        session_ttl_s: args.session_ttl_s.max(300),
        registration_enabled: args.registration_enabled,
        vault: args
            .vault_addr
            .clone()
            .filter(|a| !a.trim().is_empty())
            .map(|addr| preloop_core::custody::VaultConfig {
                addr,
                token: args.vault_token.clone(),
                role_id: args.vault_role_id.clone(),
                secret_id: args.vault_secret_id.clone(),
                namespace: args.vault_namespace.clone(),
            }),
        embeddings: EndpointConfig::from_settings(
            "PRELOOP_EMBEDDINGS",
            args.embeddings_url.clone(),
            args.embeddings_model.clone(),
            args.embeddings_api_key.clone(),
        )?,
        compliance_model: EndpointConfig::from_settings(
            "PRELOOP_COMPLIANCE",
            args.compliance_url.clone(),
            args.compliance_model.clone(),
            args.compliance_api_key.clone(),
        )?,
        policy_file_limits: preloop_core::policy::yaml::YamlLimits {
            max_bytes: args.policy_max_bytes,
            max_depth: args.policy_max_depth,
            max_nodes: args.policy_max_nodes,
        },
        ..Config::default()
    };
    let hosts = HostGuard::new(addr, args.public_url.as_deref(), &args.allowed_hosts);
    let http = ReqwestHttp::new(config.egress)?;
    let workers = args
        .workers
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        })
        .clamp(1, 64);
    let limits = ConnectionLimits {
        max_connections: connections::fit_cap(args.max_connections.max(1)),
        header_timeout: Duration::from_millis(args.header_timeout_ms.max(1)),
        idle_timeout: Duration::from_millis(args.idle_timeout_ms.max(1)),
        body_timeout: Duration::from_millis(args.body_timeout_ms.max(1)),
        unauthenticated_body_bytes: args.unauthenticated_body_bytes,
    };

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
        // The name and URL come before `--header`: it takes several values,
        // and would swallow them.
        println!(
            "  claude mcp add --transport http preloop http://{addr}/mcp/v1 --header \"Authorization: Bearer {key}\""
        );
        println!();
    }

    let processes = StdioHost::start(config.max_upstream_response_bytes)
        .map_err(|e| format!("could not start the stdio host: {e}"))?;
    let shared = Shared {
        store,
        cipher,
        config,
        http,
        processes,
        wake: SchedulerWake::default(),
        instance: Arc::from(new_instance_id().as_str()),
        lifecycle: Lifecycle::default(),
        limits,
        connections: ConnectionCount::default(),
        hosts,
    };
    // Say this instance is alive, and close what dead ones left pending,
    // before the first call.
    {
        let env = shared.env();
        rt.block_on(async {
            heartbeat(&env).await;
            match preloop_core::audit::close_abandoned(&env).await {
                Ok(0) => {}
                Ok(n) => tracing::warn!(
                    records = n,
                    "closed calls a stopped instance left pending as interrupted"
                ),
                Err(e) => {
                    tracing::warn!(error = %e.message, "could not close abandoned audit records")
                }
            }
        });
    }
    for i in 0..workers {
        let listener = listener.try_clone().map_err(|e| format!("listener: {e}"))?;
        let shared = shared.clone();
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
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("preloop-scheduler".into())
            .spawn(move || scheduler(interval, shared))
            .map_err(|e| format!("scheduler thread: {e}"))?;
    }
    {
        let interval = std::time::Duration::from_millis(args.scheduler_interval_ms.max(50));
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("preloop-sync".into())
            .spawn(move || sync(interval, shared))
            .map_err(|e| format!("sync thread: {e}"))?;
    }

    // Workers run until the process is told to stop; then it drains.
    rt.block_on(shutdown_signal());
    let drain = Duration::from_millis(args.drain_ms);
    tracing::info!(
        in_flight = shared.lifecycle.in_flight(),
        drain_ms = args.drain_ms,
        "stopping: no new connections; draining calls in flight"
    );
    shared.lifecycle.stop();
    drop(listener);
    let deadline = Instant::now() + drain;
    rt.block_on(async {
        while shared.lifecycle.in_flight() > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let left = shared.lifecycle.in_flight();
    let env = shared.env();
    rt.block_on(async {
        if left > 0 {
            match preloop_core::store::audit::interrupt_instance(
                env.sql(),
                &shared.instance,
                env.now_ms(),
            )
            .await
            {
                Ok(n) => tracing::warn!(
                    requests = left,
                    records = n,
                    "drain deadline passed: calls still running were recorded as interrupted"
                ),
                Err(e) => tracing::error!(error = %e.message, "could not record interrupted calls"),
            }
        }
        if let Err(e) = preloop_core::store::instances::remove(env.sql(), &shared.instance).await {
            tracing::warn!(error = %e.message, "could not deregister this instance");
        }
    });
    tracing::info!("stopped");
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

/// A random id for this process: its audit records carry it.
fn new_instance_id() -> String {
    let mut bytes = [0u8; 8];
    preloop_core::ports::Random::fill(&OsRandom, &mut bytes);
    format!(
        "native-{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

async fn heartbeat(env: &Env) {
    if let Some(id) = env.instance_id()
        && let Err(e) = preloop_core::store::instances::heartbeat(env.sql(), id, env.now_ms()).await
    {
        tracing::warn!(error = %e.message, "instance heartbeat failed");
    }
}

/// Whether the process is stopping, and how many requests are in flight
/// across every worker: what a drain waits for.
#[derive(Clone)]
struct Lifecycle {
    stopping: Arc<AtomicBool>,
    /// Tells the accept loops; a watch, so a worker that looks after the
    /// signal was sent still sees it.
    stop: Arc<tokio::sync::watch::Sender<bool>>,
    in_flight: Arc<AtomicUsize>,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle {
            stopping: Arc::default(),
            stop: Arc::new(tokio::sync::watch::channel(false).0),
            in_flight: Arc::default(),
        }
    }
}

impl Lifecycle {
    fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.stop.send_replace(true);
    }
    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
    fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }
    fn begin(&self) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(self.in_flight.clone())
    }
}

/// One request being handled; dropped when its work (and its streamed
/// body) is done.
struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
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
        let accept_errors = connections::Throttled::new();
        let registry = connections::Registry::default();
        let mut stop = shared.lifecycle.stop.subscribe();
        loop {
            if *stop.borrow_and_update() {
                break;
            }
            let accepted = tokio::select! {
                a = listener.accept() => a,
                _ = stop.changed() => continue,
            };
            let (stream, peer) = match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    if let Some(skipped) = accept_errors.allow() {
                        tracing::warn!(error = %e, skipped, "accept failed");
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let slot = match shared.connections.admit(shared.limits.max_connections) {
                Some(slot) => slot,
                None if registry.evict_one() => shared.connections.admit_evicting(),
                None => {
                    tokio::task::spawn_local(connections::refuse(stream));
                    continue;
                }
            };
            let activity = Activity::new();
            registry.add(&activity);
            let env = env.clone();
            let shared = shared.clone();
            tokio::task::spawn_local(async move {
                let _slot = slot;
                serve_connection(stream, peer, activity, env, shared).await;
            });
        }
        // Stopping: this thread's copy of the listening socket closes now;
        // requests already running finish on their own tasks while the
        // drain waits.
        drop(listener);
        std::future::pending::<()>().await;
    });
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: std::net::SocketAddr,
    activity: Rc<Activity>,
    env: Rc<Env>,
    shared: Shared,
) {
    let io = TokioIo::new(WatchedStream::new(stream, activity.clone()));
    let limits = shared.limits;
    let seen = activity.clone();
    let service = service_fn(move |req| {
        let env = env.clone();
        let shared = shared.clone();
        let in_request = seen.request_started();
        async move {
            // The request runs on its own task: a client that goes away
            // does not cut a call off between the upstream and its audit
            // record; its outcome is written and the answer dropped.
            let handled =
                tokio::task::spawn_local(serve_one(req, peer, env, shared, in_request)).await;
            Ok::<_, Infallible>(handled.unwrap_or_else(|_| internal_error()))
        }
    });
    let conn = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(io, service);
    tokio::select! {
        r = conn => {
            if let Err(e) = r {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        }
        why = connections::watchdog(activity, limits) => {
            tracing::debug!(reason = why, "connection closed by its watchdog");
        }
    }
}

fn internal_error() -> hyper::Response<Body> {
    let mut r = hyper::Response::new(
        Full::new(Bytes::from_static(
            b"{\"error\":{\"code\":\"internal\",\"message\":\"the request failed\"}}",
        ))
        .boxed_unsync(),
    );
    *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
    r
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
    /// stdio MCP servers, shared by every thread.
    processes: StdioHost,
    /// Workers wake the scheduler when they queue notifications.
    wake: SchedulerWake,
    /// This process, named in its audit records.
    instance: Arc<str>,
    lifecycle: Lifecycle,
    limits: ConnectionLimits,
    connections: ConnectionCount,
    hosts: HostGuard,
}

impl Shared {
    fn env(&self) -> Env {
        Env::new(
            self.store.for_this_thread(),
            Rc::new(self.http.for_this_thread()),
            Rc::new(SystemClock),
            Rc::new(OsRandom),
            Rc::new(self.cipher.clone()),
            Rc::new(self.config.clone()),
        )
        .with_mailer(Rc::new(SmtpMailer))
        .with_timer(Rc::new(TokioTimer))
        .with_queue(Rc::new(self.wake.clone()))
        .with_instance(&self.instance)
        .with_processes(Rc::new(self.processes.clone()))
        .with_argument_check(ARGUMENT_CHECK.with(Rc::clone))
        .with_embedder(Rc::new(preloop_embedder::Potion))
        .with_issue_tools(Rc::new(preloop_trackers::tools::InProcess))
    }
}

thread_local! {
    /// One per thread (an Env is not `Send`), so compiled schemas are kept
    /// across the requests each thread serves.
    static ARGUMENT_CHECK: Rc<preloop_schema::Checker> = Rc::default();
}

/// The scheduled handler on a timer, and at once when woken: what a cron
/// trigger and a queue consumer do at the edge.
fn scheduler(interval: std::time::Duration, shared: Shared) {
    on_local_runtime("scheduler", async move {
        let env = shared.env();
        let beating = env.clone();
        tokio::task::spawn_local(async move {
            loop {
                heartbeat(&beating).await;
                tokio::time::sleep(Duration::from_millis(
                    preloop_core::audit::HEARTBEAT_MS as u64,
                ))
                .await;
            }
        });
        loop {
            match preloop_scheduler::run(&env).await {
                Ok(tick) if tick != preloop_scheduler::Tick::default() => {
                    tracing::info!(target: "preloop::scheduler", requests = tick.requests, delivered = tick.delivered, retrying = tick.retrying, failed = tick.failed, abandoned = tick.abandoned, interrupted = tick.interrupted, checkpoints = tick.checkpoints, purged = tick.purged, "scheduled work done");
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

/// The tracker sync on a timer, and at once when woken (a webhook delivery
/// stored, a sync asked for): what a cron trigger and a queue consumer do
/// at the edge. A thread of its own, so paging through a tracker never
/// delays the scheduler's approvals and notifications.
fn sync(interval: std::time::Duration, shared: Shared) {
    on_local_runtime("sync", async move {
        let env = shared.env();
        loop {
            match preloop_scheduled_sync::run(&env).await {
                Ok(tick) if tick != preloop_scheduled_sync::Tick::default() => {
                    tracing::info!(target: "preloop::sync", deliveries = tick.deliveries, events = tick.events, embedded = tick.embedded, delivery_errors = tick.delivery_errors, discovered = tick.discovered, pages = tick.pages, issues = tick.issues, project_errors = tick.project_errors, "tracker sync done");
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e.message, "tracker sync failed; retrying next tick")
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                _ = shared.wake.sync_woken() => {}
            }
        }
    });
}

type Body = UnsyncBoxBody<Bytes, Infallible>;

async fn serve_one(
    req: hyper::Request<Incoming>,
    peer: std::net::SocketAddr,
    env: Rc<Env>,
    shared: Shared,
    in_request: InRequest,
) -> hyper::Response<Body> {
    let in_flight = shared.lifecycle.begin();
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let mut response = if shared.lifecycle.stopping() {
        // Draining: calls already running finish, new ones go elsewhere.
        Response::error(&preloop_core::Error::unavailable(
            "Preloop is shutting down; retry on another instance",
        ))
        .with_header("connection", "close")
        .with_header("retry-after", "1")
    } else {
        // The work left for after the answer runs later, below.
        preloop_core::timing::timed(&env, async |env| {
            match to_core_request(req, peer, env, &shared, &in_request).await {
                Ok(request) => router::route(&request, env).await,
                Err(response) => response,
            }
        })
        .await
    };
    tracing::info!(
        target: "preloop::access",
        method = %method,
        path = %path,
        status = response.status,
        request_id = response.headers.get("x-request-id").unwrap_or("-"),
        micros = started.elapsed().as_micros() as u64,
    );
    let after = std::mem::take(&mut response.after);
    if !after.is_empty() {
        // Counted by the drain like the request itself. It yields first so
        // that the connection writes the answer before this work runs.
        let work = shared.lifecycle.begin();
        tokio::task::spawn_local(async move {
            let _work = work;
            tokio::task::yield_now().await;
            for step in after {
                step.await;
            }
        });
    }
    to_hyper_response(response, (in_flight, in_request))
}

/// Reads a request into core's type. The body is bounded in size and in
/// time; a body larger than the unauthenticated allowance (or of unknown
/// length) is read only once the request's key is known to be valid, so a
/// stranger cannot make the server buffer megabytes.
async fn to_core_request(
    req: hyper::Request<Incoming>,
    peer: std::net::SocketAddr,
    env: &Env,
    shared: &Shared,
    in_request: &InRequest,
) -> Result<Request, Response> {
    let limits = &shared.limits;
    let limit = env.config.max_body_bytes;
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    let host = parts
        .headers
        .get(hyper::header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}"));
    if !shared.hosts.allows(host) {
        let shown: String = host.unwrap_or("").chars().take(100).collect();
        return Err(router::refusal(
            &path,
            &preloop_core::Error::forbidden(format!(
                "Host '{shown}' is not served on a loopback address (PRELOOP_ALLOWED_HOSTS adds names)"
            )),
        ));
    }
    let mut headers = Headers::new();
    for (k, v) in &parts.headers {
        if let Ok(v) = v.to_str() {
            headers.append(k.as_str(), v);
        }
    }
    let mut request = Request {
        method: parts.method.as_str().to_string(),
        path,
        query: parts.uri.query().map(str::to_string),
        headers,
        body: Bytes::new(),
        client_addr: Some(peer.ip().to_string()),
    };
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(router::too_large(&request.path, limit));
    }
    let has_body = declared
        .map(|n| n > 0)
        .unwrap_or_else(|| parts.headers.contains_key(hyper::header::TRANSFER_ENCODING));
    if has_body
        && declared.is_none_or(|n| n > limits.unauthenticated_body_bytes)
        && let Err(e) = preloop_core::auth::authenticate(env, &request).await
    {
        return Err(router::refusal(&request.path, &e));
    }
    in_request.reading_body(true);
    let read = tokio::time::timeout(limits.body_timeout, Limited::new(body, limit).collect()).await;
    in_request.reading_body(false);
    request.body = match read {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                return Err(router::too_large(&request.path, limit));
            }
            return Err(Response::error(&preloop_core::Error::bad_request(
                "could not read the request body",
            )));
        }
        Err(_) => {
            return Err(router::refusal(
                &request.path,
                &preloop_core::Error::new(
                    preloop_core::ErrorKind::RequestTimeout,
                    format!(
                        "the request body did not arrive within {} ms",
                        limits.body_timeout.as_millis()
                    ),
                ),
            )
            .with_header("connection", "close"));
        }
    };
    Ok(request)
}

/// `work` is what stays accounted for until the body is sent (the drain's
/// in-flight count, the connection's request in progress).
fn to_hyper_response(r: Response, work: (InFlight, InRequest)) -> hyper::Response<Body> {
    let mut builder = hyper::Response::builder().status(r.status);
    for (k, v) in r.headers.iter() {
        builder = builder.header(k, v);
    }
    let body = match r.stream {
        None => {
            drop(work);
            Full::new(r.body).boxed_unsync()
        }
        Some(mut stream) => {
            // The handler's stream is not Send; a local task pulls it and
            // hands chunks over. When the client goes away hyper drops the
            // receiver, and the next send fails. A stream that outlives its
            // client runs to its end anyway (its chunks are then dropped): a
            // held call that is approved while nobody listens still runs
            // once and records its outcome; a drain waits for it, and the
            // hold bounds it. One that does not (a session's notification
            // stream) ends as soon as its client is gone, and a drain does
            // not wait for it.
            let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(8);
            let first = r.body;
            let outlives = stream.outlives_client();
            let (in_flight, in_request) = work;
            let in_flight = outlives.then_some(in_flight);
            tokio::task::spawn_local(async move {
                let _work = (in_flight, in_request);
                let mut listening = first.is_empty() || tx.send(first).await.is_ok();
                loop {
                    let next = if outlives {
                        stream.next_chunk().await
                    } else if !listening {
                        stream.client_gone().await;
                        None
                    } else {
                        tokio::select! {
                            chunk = stream.next_chunk() => chunk,
                            () = tx.closed() => {
                                stream.client_gone().await;
                                None
                            }
                        }
                    };
                    let Some(chunk) = next else { break };
                    if listening && tx.send(chunk).await.is_err() {
                        listening = false;
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
