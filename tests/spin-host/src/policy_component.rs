//! `preloop-spin-host decide COMPONENT POLICY_FILE`: the embeddable policy
//! component (`wit/preloop-policy.wit`) run in this host, for the
//! differential test against the native engine. It reads one JSON question
//! per line on standard input and writes what `preloop policy decide`
//! writes for it: `{"answer": …}` or `{"error": …}` per line, or
//! `{"problems": […]}` when the file does not load.

use serde_json::json;
use std::io::BufRead as _;
use std::path::Path;
use wasmtime::component::{Linker, ResourceTable};
use wasmtime::error::Context as _;
use wasmtime::{Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../../wit/preloop-policy.wit",
        world: "policy",
        exports: { default: async },
    });
}

use bindings::Policy;

struct Plain {
    table: ResourceTable,
    wasi: WasiCtx,
}

impl WasiView for Plain {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

pub struct Options {
    pub component: std::path::PathBuf,
    pub policy: std::path::PathBuf,
    pub now_ms: i64,
    pub bench: Option<u32>,
}

pub async fn run(engine: &Engine, options: Options) -> wasmtime::Result<bool> {
    let component = crate::state::load(engine, &options.component)?;
    let mut linker = Linker::<Plain>::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker).context("wasi 0.2")?;
    let mut store = Store::new(
        engine,
        Plain {
            table: ResourceTable::new(),
            wasi: WasiCtxBuilder::new().inherit_stderr().build(),
        },
    );
    let started = std::time::Instant::now();
    let instance = Policy::instantiate_async(&mut store, &component, &linker).await?;
    let policy_api = instance.preloop_policy_decide().policy();
    let document = read(&options.policy)?;
    let loaded = policy_api.call_load(&mut store, &document).await?;
    let compiled = match loaded {
        Ok(p) => p,
        Err(problems) => {
            let problems: Vec<_> = problems
                .iter()
                .map(|p| json!({"path": p.path, "line": p.line, "column": p.column, "message": p.message}))
                .collect();
            println!("{}", json!({"problems": problems}));
            return Ok(false);
        }
    };
    eprintln!(
        "component: instantiated and the policy loaded in {:.1?}",
        started.elapsed()
    );
    let questions: Vec<String> = std::io::stdin()
        .lock()
        .lines()
        .collect::<Result<_, _>>()
        .context("standard input")?;
    let questions: Vec<String> = questions
        .into_iter()
        .filter(|q| !q.trim().is_empty())
        .collect();
    for q in &questions {
        let line = match policy_api
            .call_check_json(&mut store, compiled, q, options.now_ms)
            .await?
        {
            Ok(answer) => {
                let answer: serde_json::Value =
                    serde_json::from_str(&answer).context("the component's answer")?;
                json!({"answer": answer})
            }
            Err(e) => json!({"error": e}),
        };
        println!("{line}");
    }
    if let Some(rounds) = options.bench.filter(|n| *n > 0) {
        let started = std::time::Instant::now();
        let mut decided = 0u64;
        for _ in 0..rounds {
            for q in &questions {
                let _ = policy_api
                    .call_check_json(&mut store, compiled, q, options.now_ms)
                    .await?;
                decided += 1;
            }
        }
        eprintln!(
            "component: {:.1} µs per decision ({decided} decisions)",
            started.elapsed().as_secs_f64() * 1e6 / decided.max(1) as f64
        );
    }
    Ok(true)
}

fn read(path: &Path) -> wasmtime::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}
