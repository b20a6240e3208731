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
use bindings::exports::preloop::policy::decide::{Action, Call, Decision, Principal};

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
    /// Ask the typed `check` instead of `check-json`, and write its
    /// decision (`{"typed": …}`).
    pub typed: bool,
}

/// A question as the typed `check` takes it.
fn typed_call(question: &str, now_ms: i64) -> Result<Call, String> {
    let q: serde_json::Value = serde_json::from_str(question).map_err(|e| e.to_string())?;
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    let principal = &q["principal"];
    Ok(Call {
        tool: text(&q["tool"]).ok_or("no tool")?,
        server: text(&q["server"]),
        arguments_json: match &q["arguments"] {
            serde_json::Value::Null => "{}".to_string(),
            other => other.to_string(),
        },
        principal: Principal {
            api_key: text(&principal["api_key"]),
            agent: text(&principal["agent"]),
            role: text(&principal["role"]),
        },
        now_ms,
    })
}

fn typed_json(d: &Decision) -> serde_json::Value {
    let action = match d.action {
        Action::Allow => "allow",
        Action::Deny => "deny",
        Action::RequireApproval => "require_approval",
    };
    json!({"action": action, "rule": d.rule, "reason": d.reason, "message": d.message,
           "also_matched": d.also_matched, "answer": serde_json::from_str::<serde_json::Value>(&d.answer_json).ok()})
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
        if options.typed {
            let line = match typed_call(q, options.now_ms) {
                Err(e) => json!({"error": e}),
                Ok(call) => match policy_api.call_check(&mut store, compiled, &call).await? {
                    Ok(decision) => json!({"typed": typed_json(&decision)}),
                    Err(e) => json!({"error": e}),
                },
            };
            println!("{line}");
            continue;
        }
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
