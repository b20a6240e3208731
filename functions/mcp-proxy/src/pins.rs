//! Live lists held against their pins: a prompt or resource template is
//! listed only as it was pinned, and not while it is held back (see
//! `preloop_core::mcp::integrity`). A server whose listing differs from its
//! pins (an entry new, changed or gone) is scanned again first, so the
//! change is pinned, audited and held as its setting says before the
//! answer; what still differs after that is left out.

use crate::guarded::internal;
use crate::handler::Call;
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::store::entries::{self, EntryKind, PinnedEntry};
use preloop_core::store::servers::McpServer;
use serde_json::Value;

/// Keeps in each server's `entries` only those listed as pinned.
pub async fn hold_to_pins(
    call: &Call<'_>,
    kind: EntryKind,
    lists: &mut [(McpServer, Vec<Value>)],
) -> Result<(), RpcError> {
    let env = call.env;
    let account = &call.principal.account_id;
    let naming = kind.listing().3;
    let name_of = |e: &Value| e.get(naming).and_then(Value::as_str).map(str::to_string);
    let mut pins = entries::pins(env.sql(), account, kind)
        .await
        .map_err(|e| internal(&e))?;
    let as_pinned = |pins: &std::collections::HashMap<(String, String), PinnedEntry>,
                     server: &McpServer,
                     e: &Value| {
        name_of(e)
            .and_then(|name| pins.get(&(server.id.clone(), name)))
            .is_some_and(|p| p.pin.hash == PinnedEntry::hash_of(e))
    };
    let stale: Vec<&McpServer> = lists
        .iter()
        .filter(|(server, listed)| {
            let pinned = pins.keys().filter(|(s, _)| *s == server.id).count();
            pinned != listed.len() || !listed.iter().all(|e| as_pinned(&pins, server, e))
        })
        .map(|(server, _)| server)
        .collect();
    if !stale.is_empty() {
        for server in stale {
            if let Err(e) = preloop_core::mcp::scan::scan(env, server).await {
                tracing::warn!(server = %server.name, error = %e.message, "a changed listing could not be pinned");
            }
        }
        pins = entries::pins(env.sql(), account, kind)
            .await
            .map_err(|e| internal(&e))?;
    }
    for (server, listed) in lists.iter_mut() {
        listed.retain(|e| {
            as_pinned(&pins, server, e)
                && name_of(e)
                    .and_then(|name| pins.get(&(server.id.clone(), name)))
                    .is_some_and(|p| p.pin.quarantine.is_none())
        });
    }
    Ok(())
}

/// Refuses (and audits) a request for a held-back prompt or resource, if
/// `name` on `server` is one.
pub async fn refuse_if_held(
    call: &Call<'_>,
    server: &McpServer,
    kind: EntryKind,
    name: &str,
    entry: &str,
    arguments: &Value,
) -> Result<(), RpcError> {
    let pinned = entries::find(
        call.env.sql(),
        &call.principal.account_id,
        &server.id,
        kind,
        name,
    )
    .await
    .map_err(|e| internal(&e))?;
    let Some(held) = pinned.filter(|p| p.pin.quarantine.is_some()) else {
        return Ok(());
    };
    let why = format!(
        "{} '{name}' of server '{}' is quarantined: its definition {}. An admin must review and approve it first.",
        kind.as_str().replace('_', " "),
        server.name,
        if held.pin.pending_hash.is_some() {
            "changed since it was approved"
        } else {
            "contains text aimed at the model"
        }
    );
    let decision = preloop_core::policy::Decision::deny(why.clone());
    crate::guarded::record(
        call,
        Some(server),
        entry,
        arguments,
        &decision,
        "quarantined",
    )
    .await?;
    Err(RpcError::new(jsonrpc::FORBIDDEN, why))
}
