//! `preloop policy …`: policy files from the command line. `validate`,
//! `test`, `decide` and `schema` work offline; the rest talk to a running Preloop's
//! `/api/v1/policies` with an admin API key.

use crate::client::{Failure, Server};
use clap::{Args, Subcommand};
use preloop_core::policy::{diff, document, load, simulate, testing};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct PolicyArgs {
    #[command(subcommand)]
    command: PolicyCommand,
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Check a policy file offline: YAML, format and CEL, with positions.
    Validate { file: PathBuf },
    /// Run the file's `tests` section offline on the real evaluator.
    Test { file: PathBuf },
    /// Print the policy file's JSON Schema.
    Schema,
    /// Decide calls against the file offline, as `POST /api/v1/policy/check`
    /// would for it: one JSON question per line on standard input (`tool`,
    /// `arguments`, `server`, `principal`), one JSON line out for each
    /// (`{"answer": …}` or `{"error": …}`).
    Decide {
        file: PathBuf,
        /// The time conditions see, in ms since 1970 (default: now).
        #[arg(long)]
        now_ms: Option<i64>,
        /// Also decide every question this many times and print the mean
        /// time per decision on standard error.
        #[arg(long)]
        bench: Option<u32>,
    },
    /// Show what applying the file would change.
    Diff {
        file: PathBuf,
        /// Exit with 2 when there are changes (0 when there are none), for
        /// drift checks in CI.
        #[arg(long)]
        exit_code: bool,
        /// Count deleting what the file does not name (see apply).
        #[arg(long)]
        prune: bool,
        #[command(flatten)]
        server: Server,
    },
    /// Apply the file: all or nothing, as a new numbered version.
    Apply {
        file: PathBuf,
        /// Show the changes without applying them.
        #[arg(long)]
        dry_run: bool,
        /// Delete the workflows, servers and tools the file does not name
        /// (also `prune: true` in the file). Without it they are left in
        /// place and listed.
        #[arg(long)]
        prune: bool,
        #[command(flatten)]
        server: Server,
    },
    /// Print the current configuration as a policy file.
    Export {
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        server: Server,
    },
    /// List the applied versions, newest first.
    History {
        #[command(flatten)]
        server: Server,
    },
    /// Restore an earlier version (as a new version).
    Rollback {
        version: i64,
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        server: Server,
    },
    /// Replay recorded calls through the file and report changed decisions.
    Simulate {
        file: PathBuf,
        /// How far back to replay: 30m, 24h, 7d…
        #[arg(long, default_value = "24h")]
        since: String,
        #[command(flatten)]
        server: Server,
    },
}

type Outcome = Result<(), Failure>;

pub fn run(args: PolicyArgs) -> Outcome {
    match args.command {
        PolicyCommand::Validate { file } => validate(&file),
        PolicyCommand::Test { file } => test(&file),
        PolicyCommand::Decide {
            file,
            now_ms,
            bench,
        } => decide(&file, now_ms, bench),
        PolicyCommand::Schema => {
            println!(
                "{}",
                serde_json::to_string_pretty(&document::json_schema()).unwrap_or_default()
            );
            Ok(())
        }
        PolicyCommand::Diff {
            file,
            exit_code,
            prune,
            server,
        } => {
            let body = envelope(&file, false, prune)?;
            let answer = server.call("POST", "policies/diff", Some(body))?;
            server.print(&answer, || changes_text(&answer) + &kept_text(&answer));
            let changed = answer["changes"].as_array().is_some_and(|c| !c.is_empty());
            if exit_code && changed {
                return Err(Failure(String::new(), 2));
            }
            Ok(())
        }
        PolicyCommand::Apply {
            file,
            dry_run,
            prune,
            server,
        } => {
            let body = envelope(&file, dry_run, prune)?;
            let answer = server.call("POST", "policies/apply", Some(body))?;
            server.print(&answer, || applied_text(&answer));
            Ok(())
        }
        PolicyCommand::Export { output, server } => {
            let text = server.call_text("GET", "policies/export")?;
            match output {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| Failure::new(format!("{}: {e}", path.display()))),
                None => {
                    print!("{text}");
                    Ok(())
                }
            }
        }
        PolicyCommand::History { server } => {
            let answer = server.call("GET", "policies/history", None)?;
            server.print(&answer, || history_text(&answer));
            Ok(())
        }
        PolicyCommand::Rollback {
            version,
            dry_run,
            server,
        } => {
            let answer = server.call(
                "POST",
                "policies/rollback",
                Some(json!({"version": version, "dry_run": dry_run})),
            )?;
            server.print(&answer, || applied_text(&answer));
            Ok(())
        }
        PolicyCommand::Simulate {
            file,
            since,
            server,
        } => {
            let mut body = envelope(&file, false, false)?;
            body["since"] = json!(since);
            let answer = server.call("POST", "policies/simulate", Some(body))?;
            server.print(&answer, || {
                match serde_json::from_value::<simulate::Simulation>(answer.clone()) {
                    Ok(sim) => simulate::render(&sim),
                    Err(_) => answer.to_string(),
                }
            });
            Ok(())
        }
    }
}

fn read(file: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(file).map_err(|e| Failure::new(format!("{}: {e}", file.display())))
}

/// Loads a file, reporting every problem as `FILE:LINE:COLUMN: …`.
fn load_file(file: &Path) -> Result<(String, document::PolicyDocument), Failure> {
    let text = read(file)?;
    match load::load(&text) {
        Ok(doc) => Ok((text, doc)),
        Err(problems) => Err(Failure::new(
            problems
                .iter()
                .map(|p| format!("{}:{p}", file.display()))
                .collect::<Vec<_>>()
                .join("\n"),
        )),
    }
}

fn validate(file: &Path) -> Outcome {
    let (_, doc) = load_file(file)?;
    let rules: usize = doc.tools.iter().map(|t| t.conditions.len()).sum();
    println!(
        "{}: valid ({} tools, {rules} rules, {} workflows, {} servers, {} tests)",
        file.display(),
        doc.tools.len(),
        doc.approval_workflows.len(),
        doc.mcp_servers.len(),
        doc.tests.len()
    );
    Ok(())
}

fn test(file: &Path) -> Outcome {
    let (_, doc) = load_file(file)?;
    let results = testing::run(&doc, now_ms());
    let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
    for r in &results {
        if r.passed {
            println!(
                "ok   {} {}",
                r.index + 1,
                r.name.as_deref().unwrap_or(&r.tool)
            );
        }
    }
    for r in &failed {
        println!("FAIL {}", testing::explain_failure(r));
    }
    let summary = format!(
        "policy tests: {} passed, {} failed",
        results.len() - failed.len(),
        failed.len()
    );
    if failed.is_empty() {
        println!("{summary}");
        Ok(())
    } else {
        Err(Failure::new(summary))
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

fn decide(file: &Path, now: Option<i64>, bench: Option<u32>) -> Outcome {
    use preloop_core::policy::offline::OfflinePolicy;
    use std::io::BufRead as _;
    let text = read(file)?;
    let policy = match OfflinePolicy::load(&text) {
        Ok(p) => p,
        Err(problems) => {
            println!("{}", json!({"problems": problems}));
            return Err(Failure::new(format!(
                "{}: not a valid policy file",
                file.display()
            )));
        }
    };
    let now = now.unwrap_or_else(now_ms);
    let questions: Vec<String> = std::io::stdin()
        .lock()
        .lines()
        .collect::<Result<_, _>>()
        .map_err(|e| Failure::new(format!("standard input: {e}")))?;
    for q in questions.iter().filter(|q| !q.trim().is_empty()) {
        let line = match policy.check_json(q, now) {
            Ok(answer) => json!({"answer": answer}),
            Err(e) => json!({"error": e.message}),
        };
        println!("{line}");
    }
    if let Some(rounds) = bench.filter(|n| *n > 0) {
        let started = std::time::Instant::now();
        let mut decided = 0u64;
        for _ in 0..rounds {
            for q in &questions {
                let _ = std::hint::black_box(policy.check_json(q, now));
                decided += 1;
            }
        }
        eprintln!(
            "native: {:.1} µs per decision ({decided} decisions)",
            started.elapsed().as_secs_f64() * 1e6 / decided.max(1) as f64
        );
    }
    Ok(())
}

/// The request body for a file: the text, and the values of the `${VAR}`
/// references it makes, read from this process's environment.
fn envelope(file: &Path, dry_run: bool, prune: bool) -> Result<Value, Failure> {
    let (text, doc) = load_file(file)?;
    let mut variables = HashMap::new();
    for (server, name) in load::server_references(&doc) {
        let value = std::env::var(&name).map_err(|_| {
            Failure::new(format!(
                "mcp server '{server}' refers to ${{{name}}}, which is not set in the environment"
            ))
        })?;
        variables.insert(name, value);
    }
    Ok(json!({"document": text, "variables": variables, "dry_run": dry_run, "prune": prune}))
}

fn changes_of(answer: &Value) -> Vec<diff::Change> {
    serde_json::from_value(answer["changes"].clone()).unwrap_or_default()
}

fn changes_text(answer: &Value) -> String {
    diff::render(&changes_of(answer))
}

/// What an apply without `--prune` left in place, if anything.
fn kept_text(answer: &Value) -> String {
    let kept: Vec<String> = answer["kept"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|k| {
            format!(
                "  {} {}\n",
                k["kind"].as_str().unwrap_or(""),
                k["name"].as_str().unwrap_or("")
            )
        })
        .collect();
    if kept.is_empty() {
        return String::new();
    }
    format!(
        "Left in place, not in the file ({}; --prune deletes them):\n{}",
        kept.len(),
        kept.concat()
    )
}

fn applied_text(answer: &Value) -> String {
    let mut out = changes_text(answer);
    out.push_str(&kept_text(answer));
    let version = answer["version"]
        .as_i64()
        .map(|v| v.to_string())
        .unwrap_or_else(|| "none".into());
    if answer["applied"].as_bool() == Some(true) {
        out.push_str(&format!("Applied as version {version}.\n"));
        for scan in answer["scans"].as_array().into_iter().flatten() {
            let server = scan["server"].as_str().unwrap_or("");
            match (scan["tools"].as_u64(), scan["error"].as_str()) {
                (Some(n), _) => out.push_str(&format!("Scanned {server}: {n} tools.\n")),
                (None, Some(e)) => out.push_str(&format!("Scan of {server} failed: {e}\n")),
                (None, None) => {}
            }
        }
    } else if answer["dry_run"].as_bool() == Some(true) {
        out.push_str(&format!(
            "Dry run: nothing applied (version {version} is in force).\n"
        ));
    } else {
        out.push_str(&format!(
            "Nothing to apply (version {version} is in force).\n"
        ));
    }
    out
}

fn history_text(answer: &Value) -> String {
    let mut out = String::new();
    for v in answer["versions"].as_array().into_iter().flatten() {
        let s = &v["summary"];
        out.push_str(&format!(
            "{:>4}  {:<8}  {}  +{} ~{} -{}{}{}\n",
            v["number"],
            v["kind"].as_str().unwrap_or(""),
            v["created_at"]
                .as_i64()
                .and_then(chrono::DateTime::from_timestamp_millis)
                .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                .unwrap_or_default(),
            s["created"],
            s["updated"],
            s["deleted"],
            v["source_number"]
                .as_i64()
                .map(|n| format!("  (restores {n})"))
                .unwrap_or_default(),
            s["name"]
                .as_str()
                .map(|n| format!("  {n}"))
                .unwrap_or_default(),
        ));
    }
    if out.is_empty() {
        out.push_str("No versions yet.\n");
    }
    out
}
