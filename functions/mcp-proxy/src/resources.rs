//! `resources/list`, `resources/templates/list` and `resources/read`:
//! gathered from every upstream, URIs namespaced as `preloop://<prefix>/…`
//! (see [`crate::names`]), and every read decided by the server's
//! `resources:<server>` policy entry (rules see `args.uri`, the server's
//! own URI; approvals as for a tool call) and audited like a call.

use crate::catalog;
use crate::guarded;
use crate::handler::Call;
use crate::names::{exposed_uri, resources_entry, route_uri};
use preloop_core::mcp::jsonrpc::{self, RpcError};
use serde_json::{Value, json};

const FEATURE: &str = "resources";

pub async fn list(call: &Call<'_>) -> Result<Value, RpcError> {
    let gathered = catalog::gather(
        call,
        FEATURE,
        "resources/list",
        "resources",
        resources_entry,
    )
    .await?;
    let resources = rewrite_all(gathered, "uri");
    Ok(listed(call, json!({ "resources": resources })))
}

pub async fn templates(call: &Call<'_>) -> Result<Value, RpcError> {
    let mut gathered = catalog::gather(
        call,
        FEATURE,
        "resources/templates/list",
        "resourceTemplates",
        resources_entry,
    )
    .await?;
    crate::pins::hold_to_pins(
        call,
        preloop_core::store::entries::EntryKind::ResourceTemplate,
        &mut gathered.lists,
    )
    .await?;
    let templates = rewrite_all(gathered, "uriTemplate");
    Ok(listed(call, json!({ "resourceTemplates": templates })))
}

pub async fn read(call: &Call<'_>, params: &Value) -> Result<Value, RpcError> {
    let uri = params.get("uri").and_then(Value::as_str).ok_or_else(|| {
        RpcError::new(
            jsonrpc::INVALID_PARAMS,
            "resources/read needs a string 'uri'",
        )
    })?;
    let not_found = || {
        let mut e = RpcError::new(
            jsonrpc::INVALID_PARAMS,
            format!("Resource not found: {uri}"),
        );
        e.data = Some(json!({ "uri": uri }));
        e
    };
    let servers = catalog::offering(call, FEATURE).await?;
    let (server, own_uri) = route_uri(&servers, uri).ok_or_else(not_found)?;
    // What rules see is also all the upstream needs: the client's `_meta`
    // speaks of its own session with Preloop, not ours with the upstream.
    let seen = json!({ "uri": own_uri });
    let result = guarded::request(
        call,
        server,
        &resources_entry(&server.name),
        &seen,
        "resources/read",
        params,
    )
    .await?;
    Ok(listed(call, result))
}

/// A read's contents named as the caller reads them.
pub fn outward(result: &mut Value, prefix: &str) {
    if let Some(Value::Array(contents)) = result.get_mut("contents") {
        for c in contents {
            rewrite(c, "uri", prefix);
        }
    }
}

/// Each server's entries with `field` namespaced, one list. An entry is
/// listed only if its URI routes back to its server (one without its URI,
/// or that another server's prefix would claim, could not be read).
fn rewrite_all(gathered: catalog::Gathered, field: &str) -> Vec<Value> {
    let servers = gathered.servers;
    gathered
        .lists
        .into_iter()
        .flat_map(|(server, entries)| {
            let servers = &servers;
            entries.into_iter().filter_map(move |mut e| {
                let routes_back = rewrite(&mut e, field, server.prefix())
                    && e.get(field)
                        .and_then(Value::as_str)
                        .and_then(|u| route_uri(servers, u))
                        .is_some_and(|(s, _)| s.id == server.id);
                routes_back.then_some(e)
            })
        })
        .collect()
}

/// Namespaces `entry[field]` with `prefix`; false when it has no such
/// string.
pub fn rewrite(entry: &mut Value, field: &str, prefix: &str) -> bool {
    match entry.get_mut(field) {
        Some(v) => match v.as_str() {
            Some(own) => {
                *v = json!(exposed_uri(prefix, own));
                true
            }
            None => false,
        },
        None => false,
    }
}

/// On the 2026-07-28 path these results say how long they may be kept:
/// they are the caller's own (policy decides what it sees), so not at all.
fn listed(call: &Call<'_>, mut result: Value) -> Value {
    if call.modern
        && let Some(m) = result.as_object_mut()
    {
        m.insert("cacheScope".into(), json!("private"));
        m.insert("ttlMs".into(), json!(0));
    }
    result
}
