//! Pinned tool definitions under review: a quarantined tool with a readable
//! diff of its pinned and new definitions and its findings, the approval
//! that ends a quarantine, and the account's quarantined tools.

use crate::{Ctx, ok};
use preloop_core::http::Response;
use preloop_core::mcp::integrity::{Quarantine, definition, diff};
use preloop_core::mcp::scan::INTEGRITY_TOOL;
use preloop_core::store::audit::AuditRecord;
use preloop_core::store::{servers, tools};
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

/// `GET /api/v1/quarantine`: every held-back tool of the account.
pub async fn quarantined(ctx: &Ctx<'_>) -> Result<Response> {
    let held = tools::quarantined(ctx.env.sql(), ctx.account()).await?;
    let tools: Vec<Value> = held
        .into_iter()
        .map(|(server, t)| {
            json!({
                "server": server, "server_id": t.server_id, "name": t.name,
                "quarantine": t.quarantine, "hash": t.hash, "pending_hash": t.pending_hash,
                "findings": t.findings, "changed_at": t.changed_at,
            })
        })
        .collect();
    ok(&json!({ "tools": tools }))
}

/// `GET /api/v1/mcp-servers/{id}/tools/{name}`: the tool as pinned and,
/// when it changed, the new definition and what differs.
pub async fn show(ctx: &Ctx<'_>, server_id: &str, name: &str) -> Result<Response> {
    let tool = tools::get(ctx.env.sql(), ctx.account(), server_id, name).await?;
    let pinned = definition::of(&tool);
    let mut answer = json!({ "tool": tool, "pinned": pinned });
    if let Some(pending) = &tool.pending {
        answer["diff"] = json!({
            "fields": diff::fields(&pinned, pending),
            "lines": diff::lines(&pinned, pending),
        });
    }
    ok(&answer)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Approval {
    /// The hash of the definition being approved, as the person saw it: a
    /// definition that changed again since is not approved unseen.
    hash: String,
}

/// `POST /api/v1/mcp-servers/{id}/tools/{name}/approve`: ends a quarantine
/// by pinning the definition the person reviewed.
pub async fn approve(ctx: &Ctx<'_>, server_id: &str, name: &str) -> Result<Response> {
    let input: Approval = ctx.body()?;
    let sql = ctx.env.sql();
    let server = servers::get(sql, ctx.account(), server_id).await?;
    let tool = tools::get(sql, ctx.account(), server_id, name).await?;
    let mut approved = match tool.quarantine {
        None => {
            return Err(Error::conflict(format!("tool '{name}' is not quarantined")));
        }
        Some(Quarantine::Changed) => {
            let (Some(pending), Some(pending_hash)) = (&tool.pending, &tool.pending_hash) else {
                return Err(Error::internal(format!(
                    "tool '{name}' is held for a change but none is stored"
                )));
            };
            let mut t = definition::to_tool(server_id, pending);
            t.hash = pending_hash.clone();
            t
        }
        Some(Quarantine::Findings) => tool.clone(),
    };
    if approved.hash != input.hash {
        return Err(Error::conflict(format!(
            "the definition under review is {}, not {}: look at it again",
            approved.hash, input.hash
        )));
    }
    approved.scanned_at = tool.scanned_at;
    approved.findings = tool.findings.clone();
    approved.approved_hash = Some(approved.hash.clone());
    approved.changed_at = tool.changed_at;
    let now = ctx.env.now_ms();
    let record = AuditRecord {
        api_key_id: Some(ctx.principal.api_key_id.clone()),
        principal: ctx.principal.audit_label(),
        server_id: Some(server.id.clone()),
        server_name: Some(server.name.clone()),
        tool: INTEGRITY_TOOL.into(),
        arguments: json!({
            "tool": name, "hash": approved.hash, "previous_hash": tool.hash,
            "quarantine": tool.quarantine, "findings": tool.findings,
        }),
        reason: format!("tool '{name}' approved as reviewed"),
        outcome: "tool_approved".into(),
        instance_id: ctx.env.instance_id().map(str::to_string),
        ..AuditRecord::event(ctx.env.new_id(), ctx.account(), now)
    };
    let seen = (tool.hash.as_str(), tool.pending_hash.as_deref());
    if !tools::store_approved(sql, &approved, seen, &record).await? {
        return Err(Error::conflict(format!(
            "tool '{name}' changed while it was reviewed: look at it again"
        )));
    }
    ok(&json!({"tool": tools::get(sql, ctx.account(), server_id, name).await?}))
}
