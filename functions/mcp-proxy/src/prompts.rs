//! `prompts/list` and `prompts/get`: gathered from every upstream, names
//! namespaced as `<prefix>__<prompt>`, and every get decided by the
//! server's `prompts:<server>` policy entry (rules see `args.name`, the
//! server's own prompt name, and `args.arguments`) and audited like a call.

use crate::catalog;
use crate::guarded;
use crate::handler::Call;
use crate::names::{exposed_name, prompts_entry, route_name};
use crate::resources;
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::store::entries::EntryKind;
use serde_json::{Value, json};

const FEATURE: &str = "prompts";

pub async fn list(call: &Call<'_>) -> Result<Value, RpcError> {
    let mut gathered =
        catalog::gather(call, FEATURE, "prompts/list", "prompts", prompts_entry).await?;
    crate::pins::hold_to_pins(call, EntryKind::Prompt, &mut gathered.lists).await?;
    let servers = &gathered.servers;
    let prompts: Vec<Value> = gathered
        .lists
        .iter()
        .flat_map(|(server, prompts)| {
            prompts.iter().filter_map(move |p| {
                let own = p.get("name").and_then(Value::as_str)?;
                let exposed = exposed_name(server.prefix(), own);
                // Listed only if the name routes back to this server.
                let (owner, _) = route_name(servers, &exposed)?;
                if owner.id != server.id {
                    return None;
                }
                let mut p = p.clone();
                p["name"] = json!(exposed);
                Some(p)
            })
        })
        .collect();
    let mut result = json!({ "prompts": prompts });
    if call.modern {
        result["cacheScope"] = json!("private");
        result["ttlMs"] = json!(0);
    }
    Ok(result)
}

pub async fn get(call: &Call<'_>, params: &Value) -> Result<Value, RpcError> {
    let (name, arguments) = crate::handler::name_and_arguments("prompts/get", params)?;
    let unknown = || RpcError::new(jsonrpc::INVALID_PARAMS, format!("Unknown prompt: {name}"));
    let servers = catalog::offering(call, FEATURE).await?;
    let (server, own) = route_name(&servers, name).ok_or_else(unknown)?;
    // What rules see is also all the upstream needs (see `resources::read`).
    let seen = json!({ "name": own, "arguments": arguments });
    let entry = prompts_entry(&server.name);
    crate::pins::refuse_if_held(call, server, EntryKind::Prompt, own, &entry, &seen).await?;
    guarded::request(
        call,
        server,
        &prompts_entry(&server.name),
        &seen,
        "prompts/get",
        params,
    )
    .await
}

/// A prompt's messages with the resources they embed or link named as the
/// caller reads them.
pub fn outward(result: &mut Value, prefix: &str) {
    if let Some(Value::Array(messages)) = result.get_mut("messages") {
        for content in messages.iter_mut().filter_map(|m| m.get_mut("content")) {
            match content.get("type").and_then(Value::as_str) {
                Some("resource") => {
                    if let Some(r) = content.get_mut("resource") {
                        resources::rewrite(r, "uri", prefix);
                    }
                }
                Some("resource_link") => {
                    resources::rewrite(content, "uri", prefix);
                }
                _ => {}
            }
        }
    }
}
