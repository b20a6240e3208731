//! Discovering what an upstream server offers (its capabilities) and its
//! tools, and storing them: the proxy lists the tools the last successful
//! scan found and asks only the servers that offer a feature for it.

use super::upstream::{self, Target};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::store::servers::{self, McpServer, ScannedTool};
use serde_json::{Value, json};

/// Scans one server; a failure is recorded on the server and returned.
pub async fn scan(env: &Env, server: &McpServer) -> Result<Vec<ScannedTool>> {
    let target = Target::open(env, server)?;
    let now = env.now_ms();
    let scanned = async {
        let capabilities = upstream::handshake(env, &target).await?;
        // Servers should declare tools, but some list them without doing
        // so: ask anyway, and only one that declares none may answer that
        // it has no such method.
        let tools = match upstream::list_tools(env, &target).await {
            Err(upstream::UpstreamError::Rpc(e))
                if e.code == crate::mcp::jsonrpc::METHOD_NOT_FOUND
                    && capabilities.get("tools").is_none() =>
            {
                Vec::new()
            }
            other => other?,
        };
        Ok::<_, upstream::UpstreamError>((capabilities, tools))
    };
    let (capabilities, listed) = match scanned.await {
        Ok(t) => t,
        Err(e) => {
            let why = e.describe();
            servers::record_scan_error(env.sql(), &server.id, &why, now).await?;
            return Err(Error::upstream(format!(
                "scan of '{}' failed: {why}",
                server.name
            )));
        }
    };
    let mut tools = Vec::with_capacity(listed.len());
    for t in &listed {
        tools.push(scanned_tool(&server.id, t, now)?);
    }
    servers::replace_tools(env.sql(), &server.id, &capabilities, &tools, now).await?;
    Ok(tools)
}

fn scanned_tool(server_id: &str, t: &Value, now: i64) -> Result<ScannedTool> {
    let name = t
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Error::upstream("the upstream listed a tool without a name"))?;
    let opt = |k: &str| t.get(k).filter(|v| !v.is_null()).cloned();
    Ok(ScannedTool {
        server_id: server_id.to_string(),
        name: name.to_string(),
        title: t.get("title").and_then(Value::as_str).map(str::to_string),
        description: t
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string),
        input_schema: opt("inputSchema").unwrap_or_else(|| json!({"type": "object"})),
        output_schema: opt("outputSchema"),
        annotations: opt("annotations"),
        scanned_at: now,
    })
}
