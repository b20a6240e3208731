//! Lists gathered from every upstream that offers them (resources,
//! resource templates, prompts), asked at once, each entry with its server.
//!
//! They are asked live rather than kept from the last scan: resource lists
//! change as data does. An upstream that fails is left out of the answer
//! (and logged) instead of failing the whole list.

use crate::guarded::internal;
use crate::handler::Call;
use preloop_core::mcp::jsonrpc::RpcError;
use preloop_core::mcp::upstream::{self, Target};
use preloop_core::policy::cache::snapshot_for;
use preloop_core::store::servers::{self, McpServer};
use serde_json::Value;

/// The enabled servers of the caller's account that offer `feature`.
pub async fn offering(call: &Call<'_>, feature: &str) -> Result<Vec<McpServer>, RpcError> {
    let all = servers::list(call.env.sql(), &call.principal.account_id)
        .await
        .map_err(|e| internal(&e))?;
    Ok(all
        .into_iter()
        .filter(|s| s.enabled && s.offers(feature))
        .collect())
}

/// What a list gathered: every server offering the feature (what names
/// route among), and the entries of each server that was asked.
pub struct Gathered {
    pub servers: Vec<McpServer>,
    pub lists: Vec<(McpServer, Vec<Value>)>,
}

/// Every entry under `key` of `method` from each server offering `feature`
/// whose policy `entry` the caller's scope does not deny outright.
pub async fn gather(
    call: &Call<'_>,
    feature: &str,
    method: &str,
    key: &str,
    entry: fn(&str) -> String,
) -> Result<Gathered, RpcError> {
    let snapshot = snapshot_for(call.env, call.principal)
        .await
        .map_err(|e| internal(&e))?;
    let servers = offering(call, feature).await?;
    let wanted: Vec<McpServer> = servers
        .iter()
        .filter(|s| !snapshot.denies_outright(&entry(&s.name), call.principal))
        .cloned()
        .collect();
    let lists = futures_util::future::join_all(
        wanted
            .iter()
            .map(|server| list_one(call, server, method, key)),
    )
    .await;
    let lists = wanted
        .into_iter()
        .zip(lists)
        .filter_map(|(server, list)| list.map(|entries| (server, entries)))
        .collect();
    Ok(Gathered { servers, lists })
}

async fn list_one(
    call: &Call<'_>,
    server: &McpServer,
    method: &str,
    key: &str,
) -> Option<Vec<Value>> {
    let env = call.env;
    let listed = match Target::open(env, server) {
        Ok(target) => upstream::list_all(env, &target, method, key)
            .await
            .map_err(|e| e.describe()),
        Err(e) => Err(e.message),
    };
    match listed {
        Ok(entries) => Some(entries),
        Err(why) => {
            tracing::warn!(server = %server.name, method, error = %preloop_core::redact::redact_text(&why), "upstream left out of the list");
            None
        }
    }
}
