//! A closed-loop load generator: `concurrency` clients, each on its own
//! keep-alive connection, each sending its next `tools/call` as soon as the
//! last one is answered, for a fixed time. Every answer is checked (status
//! 200 and the echoed marker in the body); anything else counts as an error.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use serde_json::json;
use std::time::{Duration, Instant};

/// Which protocol generation the clients speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// 2025-06-18: `initialize` once, then `Mcp-Session-Id` on every request.
    Session,
    /// 2026-07-28: no handshake; the version rides in `_meta` and headers.
    Stateless,
}

#[derive(Clone, Debug)]
pub struct Target {
    /// `host:port`
    pub authority: String,
    pub path: String,
    pub key: Option<String>,
    pub protocol: Protocol,
    pub tool: String,
}

/// What one run measured.
#[derive(Debug, Default)]
pub struct Report {
    pub calls: u64,
    pub errors: u64,
    pub seconds: f64,
    /// Every call sent, warm-up included (what the audit must have recorded).
    pub sent: u64,
    /// Per-call latency in microseconds, sorted.
    pub latencies_us: Vec<u32>,
}

impl Report {
    pub fn percentile(&self, p: f64) -> u32 {
        if self.latencies_us.is_empty() {
            return 0;
        }
        let last = self.latencies_us.len() - 1;
        let at = ((last as f64) * p).round() as usize;
        self.latencies_us.get(at.min(last)).copied().unwrap_or(0)
    }

    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "calls": self.calls,
            "errors": self.errors,
            "seconds": self.seconds,
            "sent": self.sent,
            "calls_per_second": if self.seconds > 0.0 { self.calls as f64 / self.seconds } else { 0.0 },
            "p50_us": self.percentile(0.5),
            "p99_us": self.percentile(0.99),
        })
    }
}

/// One client: a connection, and its session on the session path.
pub struct Client {
    sender: SendRequest<Full<Bytes>>,
    target: Target,
    session: Option<String>,
}

const MARKER: &str = "bench-marker-7f3a";

impl Client {
    pub async fn connect(target: &Target) -> Result<Client, String> {
        let stream = tokio::net::TcpStream::connect(&target.authority)
            .await
            .map_err(|e| format!("connect {}: {e}", target.authority))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(connection);
        let mut client = Client {
            sender,
            target: target.clone(),
            session: None,
        };
        if target.protocol == Protocol::Session {
            client.initialize().await?;
        }
        Ok(client)
    }

    async fn post(
        &mut self,
        body: String,
        extra: &[(&str, &str)],
    ) -> Result<(u16, Option<String>, Bytes), String> {
        self.sender
            .ready()
            .await
            .map_err(|e| format!("connection: {e}"))?;
        let mut req = hyper::Request::post(&self.target.path)
            .header("host", &self.target.authority)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream");
        if let Some(key) = &self.target.key {
            req = req.header("authorization", format!("Bearer {key}"));
        }
        if let Some(sid) = &self.session {
            req = req
                .header("mcp-session-id", sid)
                .header("mcp-protocol-version", "2025-06-18");
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let req = req
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| e.to_string())?;
        let resp = self
            .sender
            .send_request(req)
            .await
            .map_err(|e| format!("request: {e}"))?;
        let status = resp.status().as_u16();
        let sid = resp
            .headers()
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        Ok((status, sid, body))
    }

    async fn initialize(&mut self) -> Result<(), String> {
        let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "bench-load", "version": "1"}}});
        let (status, sid, body) = self.post(init.to_string(), &[]).await?;
        if status != 200 {
            return Err(format!(
                "initialize: HTTP {status}: {}",
                String::from_utf8_lossy(&body)
            ));
        }
        self.session = Some(sid.ok_or("initialize: no Mcp-Session-Id")?);
        let done = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
        self.post(done.to_string(), &[]).await?;
        Ok(())
    }

    /// One `tools/call`; true when it was answered with the echoed marker.
    pub async fn call(&mut self, id: u64) -> Result<bool, String> {
        let tool = self.target.tool.clone();
        let (status, _, body) = match self.target.protocol {
            Protocol::Session => {
                let body = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                    "params": {"name": tool, "arguments": {"text": MARKER}}});
                self.post(body.to_string(), &[]).await?
            }
            Protocol::Stateless => {
                let body = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                    "params": {"name": tool, "arguments": {"text": MARKER}, "_meta": {
                        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                        "io.modelcontextprotocol/clientCapabilities": {}}}});
                self.post(
                    body.to_string(),
                    &[
                        ("mcp-protocol-version", "2026-07-28"),
                        ("mcp-method", "tools/call"),
                        ("mcp-name", &tool),
                    ],
                )
                .await?
            }
        };
        let text = String::from_utf8_lossy(&body);
        Ok(status == 200 && text.contains(MARKER) && !text.contains("\"isError\":true"))
    }
}

/// Runs `concurrency` clients for `warmup` (not counted) then `duration`,
/// or until `limit` calls have been sent.
pub async fn run(
    target: &Target,
    concurrency: usize,
    warmup: Duration,
    duration: Duration,
    limit: Option<u64>,
) -> Result<Report, String> {
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut clients = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        clients.push(Client::connect(target).await?);
    }
    let start = Instant::now();
    let counted_from = start + warmup;
    let end = counted_from + duration;
    let mut tasks = Vec::with_capacity(concurrency);
    for mut client in clients {
        let sent = sent.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            let mut id = 1u64;
            loop {
                let t = Instant::now();
                if t >= end {
                    break;
                }
                let n = sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if limit.is_some_and(|limit| n >= limit) {
                    sent.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
                    break;
                }
                let ok = client.call(id).await;
                id += 1;
                if t < counted_from {
                    continue;
                }
                match ok {
                    Ok(true) => {
                        latencies.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX))
                    }
                    Ok(false) => errors += 1,
                    Err(_) => {
                        errors += 1;
                        // The connection is gone: reconnect, or stop this client.
                        match Client::connect(&client.target).await {
                            Ok(c) => client = c,
                            Err(_) => break,
                        }
                    }
                }
            }
            (latencies, errors)
        }));
    }
    let mut report = Report::default();
    for task in tasks {
        let (latencies, errors) = task.await.map_err(|e| e.to_string())?;
        report.calls += latencies.len() as u64;
        report.errors += errors;
        report.latencies_us.extend(latencies);
    }
    report.seconds = (Instant::now().min(end) - counted_from.min(Instant::now()))
        .as_secs_f64()
        .max(1e-9);
    report.sent = sent.load(std::sync::atomic::Ordering::Relaxed);
    report.latencies_us.sort_unstable();
    Ok(report)
}
