//! Discovering an upstream server's tools and storing them: the proxy lists
//! what the last successful scan found.

use super::upstream::{self, Target};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::store::servers::{self, McpServer, ScannedTool};
use serde_json::{Value, json};

/// Scans one server; a failure is recorded on the server and returned.
pub async fn scan(env: &Env, server: &McpServer) -> Result<Vec<ScannedTool>> {
    let auth = server
        .auth_header_enc
        .as_deref()
        .map(|s| env.cipher().open(s))
        .transpose()?;
    let target = Target {
        server_id: &server.id,
        url: &server.url,
        auth_header: auth.as_deref(),
        timeout_ms: u64::try_from(server.timeout_ms).unwrap_or(env.config.upstream_timeout_ms),
    };
    let now = env.now_ms();
    let listed = match upstream::list_tools(env, &target).await {
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
    servers::replace_tools(env.sql(), &server.id, &tools, now).await?;
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
