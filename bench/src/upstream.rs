//! A minimal Streamable HTTP MCP server: JSON answers, every protocol
//! generation (it answers `initialize` with a session id and serves
//! stateless requests as they come), and two tools that echo their `text`
//! argument: `echo` and `checked_echo` (the benchmarks put rules on the
//! second). Nothing is allocated per call beyond parsing the request and
//! writing the answer, so its latency is a small, steady baseline.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde_json::{Value, json};
use std::convert::Infallible;

/// The session id handed to every client: the server keeps no state.
const SESSION: &str = "bench-session";

fn tool(name: &str) -> Value {
    json!({
        "name": name,
        "description": "Echo the text back.",
        "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
    })
}

/// The result of one JSON-RPC request, by method.
fn result(method: &str, params: &Value) -> Value {
    match method {
        "initialize" => json!({
            "protocolVersion": params.get("protocolVersion").cloned().unwrap_or_else(|| json!("2025-06-18")),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "bench-upstream", "version": "1"},
        }),
        "server/discover" => json!({
            "supportedVersions": ["2026-07-28"],
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "bench-upstream", "version": "1"},
        }),
        "tools/list" => json!({"tools": [tool("echo"), tool("checked_echo")]}),
        "tools/call" => {
            let text = params
                .pointer("/arguments/text")
                .cloned()
                .unwrap_or(Value::Null);
            json!({"content": [{"type": "text", "text": text}], "isError": false})
        }
        _ => json!({}),
    }
}

async fn answer(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let builder = Response::builder().header("mcp-session-id", SESSION);
    if req.method() != hyper::Method::POST {
        let status = if req.method() == hyper::Method::DELETE {
            200
        } else {
            405
        };
        return Ok(builder
            .status(status)
            .body(Full::new(Bytes::new()))
            .unwrap_or_default());
    }
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let message: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let Some(id) = message.get("id").cloned() else {
        // A notification or a response: accepted, nothing to say.
        return Ok(builder
            .status(202)
            .body(Full::new(Bytes::new()))
            .unwrap_or_default());
    };
    let method = message.get("method").and_then(Value::as_str).unwrap_or("");
    let params = message.get("params").cloned().unwrap_or(Value::Null);
    let mut result = result(method, &params);
    if params
        .pointer("/_meta/io.modelcontextprotocol~1protocolVersion")
        .is_some()
        && let Some(obj) = result.as_object_mut()
    {
        // 2026-07-28 results say they are complete, and lists and
        // discovery say how long a client may keep them.
        obj.insert("resultType".into(), json!("complete"));
        if matches!(method, "tools/list" | "server/discover") {
            obj.insert("cacheScope".into(), json!("public"));
            obj.insert("ttlMs".into(), json!(60_000));
        }
    }
    let body = json!({"jsonrpc": "2.0", "id": id, "result": result}).to_string();
    Ok(builder
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_default())
}

/// Serves MCP on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(
                    hyper_util::rt::TokioIo::new(stream),
                    hyper::service::service_fn(answer),
                )
                .await;
        });
    }
}
