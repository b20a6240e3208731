//! Discovering what an upstream server offers (its capabilities) and its
//! tools, and storing them against their pins (see
//! [`crate::mcp::integrity`]): the proxy lists the tools the last successful
//! scan left callable and asks only the servers that offer a feature for it.

use super::integrity::{OnChange, findings, reconcile};
use super::upstream::{self, Target};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::notify::integrity::IntegrityNotice;
use crate::store::audit::AuditRecord;
use crate::store::entries::{self, EntryKind, PinnedEntry};
use crate::store::servers::{self, McpServer};
use crate::store::tools::{self, ScannedTool};
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
    let mut fresh = Vec::with_capacity(listed.len());
    for t in &listed {
        fresh.push(scanned_tool(&server.id, t, now)?);
    }
    let pinned = tools::list_tools(env.sql(), &server.id).await?;
    let elsewhere = tools::names_elsewhere(env.sql(), &server.id).await?;
    let own: Vec<String> = fresh.iter().map(|t| t.name.clone()).collect();
    let (rows, events) = reconcile::reconcile(
        server.integrity(),
        &pinned,
        fresh,
        |t| findings::scan(t, &elsewhere, &own),
        now,
    );
    let mut events: Vec<(&str, reconcile::Event)> =
        events.into_iter().map(|e| ("tool", e)).collect();
    // Prompts and resource templates, pinned the same way. One that cannot
    // be listed now keeps its pins (the tools are what a scan must get).
    let mut entries = Vec::new();
    for kind in [EntryKind::Prompt, EntryKind::ResourceTemplate] {
        let (method, key, feature, _) = kind.listing();
        if capabilities.get(feature).is_none_or(Value::is_null) {
            continue;
        }
        let listed = match upstream::list_all(env, &target, method, key).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(server = %server.name, method, error = %crate::redact::redact_text(&e.describe()), "left out of the scan");
                continue;
            }
        };
        let fresh: Vec<PinnedEntry> = listed
            .iter()
            .filter_map(|l| PinnedEntry::listed(&server.id, kind, l, now))
            .collect();
        let pinned = entries::list(env.sql(), &server.id, kind).await?;
        let (pins, noticed) = reconcile::reconcile(
            server.integrity(),
            &pinned,
            fresh,
            |e| findings::scan_definition(&e.definition, &elsewhere, &own),
            now,
        );
        events.extend(noticed.into_iter().map(|e| (kind.as_str(), e)));
        entries.push((kind, pins));
    }
    let account_id = if events.is_empty() {
        None
    } else {
        Some(servers::account_of(env.sql(), &server.id).await?)
    };
    let records = match &account_id {
        Some(account) => audit_records(env, account, server, &events, now),
        None => Vec::new(),
    };
    tools::apply_scan(
        env.sql(),
        &server.id,
        &capabilities,
        &rows,
        &entries,
        &records,
        now,
    )
    .await?;
    for (what, e) in &events {
        if matches!(
            e,
            reconcile::Event::Changed { .. } | reconcile::Event::Flagged { .. }
        ) {
            tracing::warn!(server = %server.name, event = e.outcome(), "{}", e.reason(what));
        }
    }
    if let Some(account) = &account_id
        && let Err(e) = crate::notify::notice::queue(env, account, &notices(server, &events)).await
    {
        tracing::warn!(server = %server.name, error = %e.message, "integrity notices could not be queued");
    }
    Ok(rows)
}

/// What people are told: every finding, and every change the server's
/// setting does not accept quietly.
fn notices(server: &McpServer, events: &[(&str, reconcile::Event)]) -> Vec<IntegrityNotice> {
    events
        .iter()
        .filter_map(|(what, e)| {
            let (event, name, quarantined, findings) = match e {
                reconcile::Event::Changed {
                    tool,
                    taken,
                    findings,
                    ..
                } if !*taken || server.on_change == OnChange::Notify => {
                    ("integrity.changed", tool, !*taken, findings)
                }
                reconcile::Event::Flagged {
                    tool,
                    findings,
                    quarantined,
                    ..
                } => ("integrity.flagged", tool, *quarantined, findings),
                _ => return None,
            };
            Some(IntegrityNotice {
                event: event.into(),
                server: server.name.clone(),
                server_id: server.id.clone(),
                kind: what.to_string(),
                name: name.clone(),
                reason: e.reason(what),
                quarantined,
                rules: findings.iter().map(|f| f.rule.clone()).collect(),
            })
        })
        .collect()
}

/// What a scan noticed, as audit records of the server's account.
fn audit_records(
    env: &Env,
    account_id: &str,
    server: &McpServer,
    events: &[(&str, reconcile::Event)],
    now: i64,
) -> Vec<AuditRecord> {
    events
        .iter()
        .map(|(what, e)| AuditRecord {
            principal: "preloop".into(),
            server_id: Some(server.id.clone()),
            server_name: Some(server.name.clone()),
            tool: INTEGRITY_TOOL.into(),
            arguments: e.details(what),
            reason: e.reason(what),
            outcome: e.outcome().into(),
            instance_id: env.instance_id().map(str::to_string),
            ..AuditRecord::event(env.new_id(), account_id, now)
        })
        .collect()
}

/// What integrity events are recorded under in the audit trail.
pub const INTEGRITY_TOOL: &str = "preloop:integrity";

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
        ..ScannedTool::default()
    })
}
