//! A test host for Preloop's Spin application: it runs `spin.toml` on
//! wasmtime as Spin's HTTP trigger would, so the acceptance suite can run
//! against the very components a Spin deployment runs. No Spin runtime
//! installs on the machines the tests run on; where this host may differ
//! from Spin is written down in its README.
//!
//! ```text
//! preloop-spin-host spin.toml --listen 127.0.0.1:0 --state-dir DIR \
//!     [--cache-dir DIR] [--variable name=value …]
//! ```
//! It prints `listening on http://ADDR` once it serves. `--compile-only`
//! fills wasmtime's cache with every component and exits.

mod instances;
mod manifest;
mod outbound;
mod policy_component;
mod postgres;
mod routes;
mod serve;
mod sqlite;
mod state;
mod variables;

use instances::{ComponentInstances, Reuse};
use manifest::Manifest;
use outbound::AllowedHosts;
use routes::{Route, Router};
use serve::App;
use state::Grants;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use wasmtime::error::Context as _;
use wasmtime_wasi_http::handler::ProxyHandler;
use wasmtime_wasi_http::p3::bindings::ServicePre;

struct Args {
    manifest: PathBuf,
    listen: String,
    state_dir: PathBuf,
    cache_dir: PathBuf,
    variables: HashMap<String, String>,
    reuse: Reuse,
    /// Compile every component into the cache and exit.
    compile_only: bool,
}

const USAGE: &str = "usage: preloop-spin-host SPIN_TOML [--listen ADDR] [--state-dir DIR] [--cache-dir DIR] [--variable NAME=VALUE]… [--max-instance-reuse-count N] [--max-instance-concurrent-reuse-count N] [--compile-only]";

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut manifest = None;
    let mut listen = "127.0.0.1:3000".to_string();
    let mut state_dir = None;
    let mut cache_dir = None;
    let mut variables = HashMap::new();
    let mut reuse = Reuse::default();
    let mut compile_only = false;
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--listen" => listen = value("--listen")?,
            "--state-dir" => state_dir = Some(PathBuf::from(value("--state-dir")?)),
            "--cache-dir" => cache_dir = Some(PathBuf::from(value("--cache-dir")?)),
            "--variable" => {
                let v = value("--variable")?;
                let (name, value) = v
                    .split_once('=')
                    .ok_or_else(|| format!("--variable {v}: write it as name=value"))?;
                variables.insert(name.to_string(), value.to_string());
            }
            "--max-instance-reuse-count" => {
                reuse.max_requests = count(&value("--max-instance-reuse-count")?)?
            }
            "--max-instance-concurrent-reuse-count" => {
                reuse.max_concurrent = count(&value("--max-instance-concurrent-reuse-count")?)?
            }
            "--compile-only" => compile_only = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other if other.starts_with('-') => {
                return Err(format!("unknown flag {other}\n{USAGE}"));
            }
            other => manifest = Some(PathBuf::from(other)),
        }
    }
    let manifest = manifest.ok_or_else(|| USAGE.to_string())?;
    let root = manifest.parent().unwrap_or(Path::new(".")).to_path_buf();
    Ok(Args {
        state_dir: state_dir.unwrap_or_else(|| root.join(".spin")),
        cache_dir: cache_dir.unwrap_or_else(|| root.join("target").join("spin-host-cache")),
        manifest,
        listen,
        variables,
        reuse,
        compile_only,
    })
}

fn count(v: &str) -> Result<usize, String> {
    match v.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{v:?}: a count is a whole number above zero")),
    }
}

/// Everything spin.toml declares, compiled and linked.
fn load_app(args: &Args) -> wasmtime::Result<App> {
    let manifest = Manifest::load(&args.manifest).map_err(wasmtime::Error::msg)?;
    let root = args.manifest.parent().unwrap_or(Path::new("."));
    let application = variables::resolve_application(&manifest, &args.variables, &|name| {
        std::env::var(name).ok()
    })
    .map_err(wasmtime::Error::msg)?;
    std::fs::create_dir_all(&args.state_dir)
        .with_context(|| format!("creating {}", args.state_dir.display()))?;
    let engine = state::engine(&args.cache_dir)?;
    let linker = state::linker(&engine)?;
    let mut components = HashMap::new();
    let pools = Arc::new(postgres::Pools::default());
    for (id, def) in &manifest.component {
        let started = std::time::Instant::now();
        let component = state::load(&engine, &root.join(&def.source))?;
        let pre = ServicePre::new(
            linker
                .instantiate_pre(&component)
                .with_context(|| format!("linking {id}: it imports something this host lacks"))?,
        )
        .with_context(|| format!("{id} does not export wasi:http/handler@0.3.0"))?;
        let outbound = Arc::new(
            AllowedHosts::parse(
                &def.allowed_outbound_hosts
                    .iter()
                    .map(|h| variables::expand(h, &application))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(wasmtime::Error::msg)?,
            )
            .map_err(|e| wasmtime::format_err!("{id}: {e}"))?,
        );
        let grants = Grants {
            component: id.clone(),
            variables: variables::ComponentVariables::resolve(&def.variables, &application)
                .map_err(|e| wasmtime::format_err!("{id}: {e}"))?,
            sqlite: sqlite::SqliteGrant {
                labels: def.sqlite_databases.clone(),
                dir: args.state_dir.clone(),
            },
            postgres: pools.clone(),
            outbound,
        };
        eprintln!("[spin-host] {id}: ready in {:.1?}", started.elapsed());
        components.insert(
            id.clone(),
            ProxyHandler::new(ComponentInstances {
                pre,
                grants: Arc::new(grants),
                reuse: args.reuse,
            }),
        );
    }
    let routes = manifest
        .trigger
        .http
        .iter()
        .map(|t| Route::parse(&t.route, &t.component))
        .collect::<Result<Vec<_>, _>>()
        .map_err(wasmtime::Error::msg)?;
    let router = Router::new(routes);
    Ok(App { router, components })
}

/// `decide COMPONENT POLICY_FILE [--now-ms N] [--bench N] [--typed]`.
fn parse_decide(
    mut args: impl Iterator<Item = String>,
) -> Result<(policy_component::Options, PathBuf), String> {
    let usage = "usage: preloop-spin-host decide COMPONENT POLICY_FILE [--now-ms N] [--bench N] [--typed] [--cache-dir DIR]";
    let mut positional = Vec::new();
    let mut now_ms = None;
    let mut bench = None;
    let mut typed = false;
    let mut cache_dir = PathBuf::from("target").join("spin-host-cache");
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{usage}"))
        };
        match arg.as_str() {
            "--now-ms" => {
                now_ms = Some(
                    value("--now-ms")?
                        .parse::<i64>()
                        .map_err(|e| format!("--now-ms: {e}"))?,
                )
            }
            "--bench" => {
                bench = Some(
                    value("--bench")?
                        .parse::<u32>()
                        .map_err(|e| format!("--bench: {e}"))?,
                )
            }
            "--cache-dir" => cache_dir = PathBuf::from(value("--cache-dir")?),
            "--typed" => typed = true,
            other if other.starts_with('-') => {
                return Err(format!("unknown flag {other}\n{usage}"));
            }
            other => positional.push(PathBuf::from(other)),
        }
    }
    let [component, policy] =
        <[PathBuf; 2]>::try_from(positional).map_err(|_| usage.to_string())?;
    let now_ms = now_ms.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default()
    });
    Ok((
        policy_component::Options {
            component,
            policy,
            now_ms,
            bench,
            typed,
        },
        cache_dir,
    ))
}

async fn decide(options: policy_component::Options, cache_dir: PathBuf) -> wasmtime::Result<bool> {
    let engine = state::engine(&cache_dir)?;
    policy_component::run(&engine, options).await
}

fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("preloop-spin-host: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    // `decide …` runs the policy component; anything else is an application.
    let outcome = if std::env::args().nth(1).as_deref() == Some("decide") {
        match parse_decide(std::env::args().skip(2)) {
            Ok((options, cache_dir)) => runtime.block_on(decide(options, cache_dir)),
            Err(e) => {
                eprintln!("{e}");
                return std::process::ExitCode::from(2);
            }
        }
    } else {
        match parse_args() {
            Ok(args) => runtime.block_on(run(args)).map(|()| true),
            Err(e) => {
                eprintln!("{e}");
                return std::process::ExitCode::from(2);
            }
        }
    };
    match outcome {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(e) => {
            eprintln!("preloop-spin-host: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> wasmtime::Result<()> {
    let app = load_app(&args)?;
    if args.compile_only {
        println!("compiled {} components", app.components.len());
        return Ok(());
    }
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = listener.local_addr()?;
    for r in app.router.routes() {
        eprintln!("[spin-host] {} -> {}", r.raw, r.component);
    }
    // The test harness reads this line for the port.
    println!("listening on http://{address}");
    serve::serve(Arc::new(app), listener).await?;
    Ok(())
}
