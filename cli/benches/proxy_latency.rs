//! Added latency of `tools/call` through `preloop serve`, against calling the
//! same upstream directly, in the same run.
//!
//!     cargo bench -p preloop-cli --bench proxy_latency
//!
//! The upstream is the minimal Streamable HTTP MCP server of `preloop-bench`,
//! in this process (JSON answers, sessions), so that its own latency is small and steady and
//! the difference is Preloop's: auth, policy, the audit write before and the
//! audit completion after the call, and the extra hop. `preloop serve` runs as
//! a separate process on the embedded SQLite store.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WARMUP: usize = 300;
const SAMPLES: usize = 3000;
const ADMIN_KEY: &str = "pl_bench_admin_key_0123456789abcdef";

async fn start_upstream() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(preloop_bench::upstream::serve(listener));
    port
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Preloop(Child);
impl Drop for Preloop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn rpc(
    client: &reqwest::Client,
    url: &str,
    session: Option<&str>,
    key: Option<&str>,
    body: &Value,
) -> (Value, Option<String>) {
    let mut req = client
        .post(url)
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(body.to_string());
    if let Some(s) = session {
        req = req
            .header("mcp-session-id", s)
            .header("mcp-protocol-version", "2025-11-25");
    }
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    let resp = req.send().await.unwrap();
    let sid = resp
        .headers()
        .get("mcp-session-id")
        .map(|v| v.to_str().unwrap().to_string());
    let text = resp.text().await.unwrap();
    (serde_json::from_str(&text).unwrap_or(Value::Null), sid)
}

async fn measure(client: &reqwest::Client, url: &str, key: Option<&str>, tool: &str) -> Vec<f64> {
    let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}});
    let (_, sid) = rpc(client, url, None, key, &init).await;
    let sid = sid.expect("session id");
    let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": tool, "arguments": {"text": "hello"}}});
    let (first, _) = rpc(client, url, Some(&sid), key, &call).await;
    assert_eq!(
        first["result"]["content"][0]["text"], "hello",
        "unexpected answer: {first}"
    );
    for _ in 0..WARMUP {
        rpc(client, url, Some(&sid), key, &call).await;
    }
    let mut samples = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let t = Instant::now();
        rpc(client, url, Some(&sid), key, &call).await;
        samples.push(t.elapsed().as_secs_f64() * 1e6);
    }
    samples.sort_by(f64::total_cmp);
    samples
}

fn pct(s: &[f64], p: f64) -> f64 {
    s[((s.len() as f64 * p) as usize).min(s.len() - 1)]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let upstream_port = start_upstream().await;
    let upstream_url = format!("http://127.0.0.1:{upstream_port}/mcp");
    let port = free_port();
    let data = std::env::temp_dir().join(format!("preloop-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let _preloop = Preloop(
        Command::new(env!("CARGO_BIN_EXE_preloop"))
            .arg("serve")
            .env("PRELOOP_LISTEN", format!("127.0.0.1:{port}"))
            .env("PRELOOP_DATA_DIR", &data)
            .env("PRELOOP_ADMIN_KEY", ADMIN_KEY)
            .env(
                "PRELOOP_LOG",
                std::env::var("BENCH_PRELOOP_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .env_remove("DATABASE_URL")
            .stdout(Stdio::null())
            .spawn()
            .expect("start preloop"),
    );
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(4)
        .tcp_nodelay(true)
        .build()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(Instant::now() < deadline, "preloop did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let api = |path: &str| format!("{base}/api/v1/{path}");
    let server: Value = client
        .post(api("mcp-servers"))
        .bearer_auth(ADMIN_KEY)
        .json(&json!({"name": "bench", "url": upstream_url}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = server["id"].as_str().unwrap().to_string();
    client
        .post(api(&format!("mcp-servers/{id}/scan")))
        .bearer_auth(ADMIN_KEY)
        .send()
        .await
        .unwrap();
    client
        .post(api("tool-configurations"))
        .bearer_auth(ADMIN_KEY)
        .json(&json!({"tool_name": "bench__echo", "rules": [
            {"action": "deny", "condition": "args.text.contains('rm -rf')"},
            {"action": "allow"}
        ]}))
        .send()
        .await
        .unwrap();

    let direct = measure(&client, &upstream_url, None, "echo").await;
    let proxied = measure(
        &client,
        &format!("{base}/mcp/v1"),
        Some(ADMIN_KEY),
        "bench__echo",
    )
    .await;
    println!(
        "tools/call, {SAMPLES} sequential calls each (after {WARMUP} warm-up), one keep-alive connection:"
    );
    println!(
        "  direct to upstream   p50 {:7.1} µs   p99 {:7.1} µs",
        pct(&direct, 0.5),
        pct(&direct, 0.99)
    );
    println!(
        "  through preloop      p50 {:7.1} µs   p99 {:7.1} µs",
        pct(&proxied, 0.5),
        pct(&proxied, 0.99)
    );
    println!(
        "  added by preloop     p50 {:7.1} µs   p99 {:7.1} µs",
        pct(&proxied, 0.5) - pct(&direct, 0.5),
        pct(&proxied, 0.99) - pct(&direct, 0.99)
    );
    let _ = std::fs::remove_dir_all(&data);
}
