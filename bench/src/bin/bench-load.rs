//! `bench-load --url URL [--key KEY] [--protocol session|stateless]
//! [--tool NAME] [--concurrency N] [--seconds S] [--warmup S] [--calls N]` runs the load
//! (for S seconds, or until N calls have been sent)
//! and prints one JSON line: calls (answered after the warm-up), errors,
//! seconds, sent (every call, warm-up included), calls_per_second, p50_us,
//! p99_us.
//!
//! `bench-load --url URL [--key KEY] --hold N` opens N sessions, each on
//! its own connection, prints `{"held": N}`, and keeps them open until its
//! standard input closes (for measuring memory with many open sessions).

use preloop_bench::load::{self, Client, Protocol, Target};
use std::time::Duration;
use tokio::io::AsyncReadExt;

fn usage(why: &str) -> String {
    format!(
        "{why}\nusage: bench-load --url http://HOST:PORT/PATH [--key KEY] [--protocol session|stateless] [--tool NAME] [--concurrency N] [--seconds S] [--warmup S] [--calls N] [--hold N]"
    )
}

struct Args {
    target: Target,
    concurrency: usize,
    seconds: f64,
    warmup: f64,
    hold: Option<usize>,
    calls: Option<u64>,
}

fn parse() -> Result<Args, String> {
    let mut url = None;
    let mut key = None;
    let mut protocol = Protocol::Stateless;
    let mut tool = "echo".to_string();
    let mut concurrency = 16;
    let mut seconds = 10.0;
    let mut warmup = 1.0;
    let mut hold = None;
    let mut calls = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| usage(&format!("{flag} needs a value")))?;
        let number = |v: &str| {
            v.parse::<f64>()
                .map_err(|_| usage(&format!("{flag}: not a number")))
        };
        match flag.as_str() {
            "--url" => url = Some(value),
            "--key" => key = Some(value),
            "--protocol" => {
                protocol = match value.as_str() {
                    "session" => Protocol::Session,
                    "stateless" => Protocol::Stateless,
                    other => return Err(usage(&format!("unknown protocol {other}"))),
                }
            }
            "--tool" => tool = value,
            "--concurrency" => concurrency = number(&value)? as usize,
            "--seconds" => seconds = number(&value)?,
            "--warmup" => warmup = number(&value)?,
            "--hold" => hold = Some(number(&value)? as usize),
            "--calls" => calls = Some(number(&value)? as u64),
            other => return Err(usage(&format!("unknown flag {other}"))),
        }
    }
    let url = url.ok_or_else(|| usage("--url is required"))?;
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| usage("only http:// URLs"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (rest[..i].to_string(), rest[i..].to_string()),
        None => (rest.to_string(), "/".to_string()),
    };
    Ok(Args {
        target: Target {
            authority,
            path,
            key,
            protocol: if hold.is_some() {
                Protocol::Session
            } else {
                protocol
            },
            tool,
        },
        concurrency: concurrency.max(1),
        seconds,
        warmup,
        hold,
        calls,
    })
}

async fn hold(target: &Target, n: usize) -> Result<(), String> {
    let mut held = Vec::with_capacity(n);
    for _ in 0..n {
        held.push(Client::connect(target).await?);
    }
    println!("{}", serde_json::json!({"held": held.len()}));
    let mut sink = Vec::new();
    let _ = tokio::io::stdin().read_to_end(&mut sink).await;
    drop(held);
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let outcome = async {
        let args = parse()?;
        if let Some(n) = args.hold {
            return hold(&args.target, n).await;
        }
        let report = load::run(
            &args.target,
            args.concurrency,
            Duration::from_secs_f64(args.warmup),
            Duration::from_secs_f64(args.seconds),
            args.calls,
        )
        .await?;
        println!("{}", report.to_json());
        Ok::<(), String>(())
    }
    .await;
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-load: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
