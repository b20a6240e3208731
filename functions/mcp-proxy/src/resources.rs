//! `resources/list`, `resources/templates/list` and `resources/read`:
//! gathered from every upstream, URIs namespaced as `preloop://<server>/…`
//! (see [`crate::names`]), and every read decided by the server's
//! `resources:<server>` policy entry (rules see `args.uri`, the server's
//! own URI) and audited like a call.

use crate::catalog;
use crate::guarded;
use crate::handler::Call;
use crate::names::{exposed_uri, resources_entry, split_uri};
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
    let gathered = catalog::gather(
        call,
        FEATURE,
        "resources/templates/list",
        "resourceTemplates",
        resources_entry,
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
    let (server_name, own_uri) = split_uri(uri).ok_or_else(not_found)?;
    let server = catalog::server(call, server_name, FEATURE)
        .await?
        .ok_or_else(not_found)?;
    let mut forwarded = params.clone();
    forwarded["uri"] = json!(own_uri);
    let mut result = guarded::request(
        call,
        &server,
        &resources_entry(&server.name),
        &json!({ "uri": own_uri }),
        "resources/read",
        forwarded,
    )
    .await?;
    if let Some(Value::Array(contents)) = result.get_mut("contents") {
        for c in contents {
            rewrite(c, "uri", &server.name);
        }
    }
    Ok(listed(call, result))
}

/// Each server's entries with `field` namespaced, one list.
fn rewrite_all(
    gathered: Vec<(preloop_core::store::servers::McpServer, Vec<Value>)>,
    field: &str,
) -> Vec<Value> {
    gathered
        .into_iter()
        .flat_map(|(server, entries)| {
            entries.into_iter().filter_map(move |mut e| {
                // An entry without its URI cannot be read back: leave it out.
                rewrite(&mut e, field, &server.name).then_some(e)
            })
        })
        .collect()
}

/// Namespaces `entry[field]`; false when it has no such string.
pub fn rewrite(entry: &mut Value, field: &str, server: &str) -> bool {
    match entry.get_mut(field) {
        Some(v) => match v.as_str() {
            Some(own) => {
                *v = json!(exposed_uri(server, own));
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
