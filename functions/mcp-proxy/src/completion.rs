//! `completion/complete`: argument suggestions for a prompt or a resource
//! template, asked of the server that owns it. Suggestions are not a read
//! or a get: they are not audited, but a server whose prompts or resources
//! the caller's scope denies outright is not asked.

use crate::catalog;
use crate::guarded::{internal, send};
use crate::handler::Call;
use crate::names::{prompts_entry, resources_entry, route_name, route_uri};
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::policy::cache::snapshot_for;
use serde_json::{Value, json};

pub async fn complete(call: &Call<'_>, params: &Value) -> Result<Value, RpcError> {
    let reference = params.get("ref").ok_or_else(|| {
        RpcError::new(jsonrpc::INVALID_PARAMS, "completion/complete needs a 'ref'")
    })?;
    let kind = reference.get("type").and_then(Value::as_str);
    let servers = catalog::offering(call, "completions").await?;
    let (server, own, field, entry) = match kind {
        Some("ref/prompt") => {
            let name = reference.get("name").and_then(Value::as_str).unwrap_or("");
            let (s, own) = route_name(&servers, name).ok_or_else(|| unknown(name))?;
            (s, own, "name", prompts_entry(&s.name))
        }
        Some("ref/resource") => {
            let uri = reference.get("uri").and_then(Value::as_str).unwrap_or("");
            let (s, own) = route_uri(&servers, uri).ok_or_else(|| unknown(uri))?;
            (s, own, "uri", resources_entry(&s.name))
        }
        _ => {
            return Err(RpcError::new(
                jsonrpc::INVALID_PARAMS,
                "completion/complete 'ref' must be ref/prompt or ref/resource",
            ));
        }
    };
    let snapshot = snapshot_for(call.env, call.principal)
        .await
        .map_err(|e| internal(&e))?;
    if snapshot.denies_outright(&entry, call.principal) {
        return Err(RpcError::new(
            jsonrpc::FORBIDDEN,
            format!("{entry} is denied to this caller"),
        ));
    }
    // Only what the upstream needs (see `resources::read`).
    let mut reference = reference.clone();
    reference[field] = json!(own);
    let mut forwarded = json!({ "ref": reference, "argument": params.get("argument").cloned().unwrap_or(json!({})) });
    if let Some(context) = params.get("context") {
        forwarded["context"] = context.clone();
    }
    send(call, server, "completion/complete", forwarded)
        .await
        .answer
}

fn unknown(what: &str) -> RpcError {
    RpcError::new(
        jsonrpc::INVALID_PARAMS,
        format!("Nothing to complete for '{what}'"),
    )
}
