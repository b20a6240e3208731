//! Pinned definitions under review (tools, prompts, resource templates): a
//! quarantined one with a readable diff of its pinned and new definitions
//! and its findings, the approval that ends a quarantine, and the
//! account's quarantined definitions.

use crate::{Ctx, ok};
use preloop_core::http::Response;
use preloop_core::mcp::integrity::{Pin, Pinned, Quarantine, diff};
use preloop_core::mcp::scan::INTEGRITY_TOOL;
use preloop_core::store::audit::AuditRecord;
use preloop_core::store::entries::{self, EntryKind, PinnedEntry};
use preloop_core::store::servers;
use preloop_core::store::tools::{self, ScannedTool};
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

/// What a route names: `tools`, `prompts` or `resource-templates`.
#[derive(Clone, Copy)]
pub enum Kind {
    Tool,
    Entry(EntryKind),
}

impl Kind {
    pub fn from_segment(segment: &str) -> Option<Self> {
        match segment {
            "tools" => Some(Kind::Tool),
            "prompts" => Some(Kind::Entry(EntryKind::Prompt)),
            "resource-templates" => Some(Kind::Entry(EntryKind::ResourceTemplate)),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Tool => "tool",
            Kind::Entry(k) => k.as_str(),
        }
    }
}

/// A pinned definition of either store.
enum Item {
    Tool(ScannedTool),
    Entry(PinnedEntry),
}

impl Item {
    fn pinned(&self) -> &dyn PinnedView {
        match self {
            Item::Tool(t) => t,
            Item::Entry(e) => e,
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Item::Tool(t) => json!(t),
            Item::Entry(e) => json!(e),
        }
    }
}

/// What the routes read of a pinned thing, whatever it is.
trait PinnedView {
    fn definition(&self) -> Value;
    fn pin(&self) -> &Pin;
}

impl<T: Pinned> PinnedView for T {
    fn definition(&self) -> Value {
        Pinned::definition(self)
    }
    fn pin(&self) -> &Pin {
        Pinned::pin(self)
    }
}

async fn load(ctx: &Ctx<'_>, kind: Kind, server_id: &str, name: &str) -> Result<Item> {
    let sql = ctx.env.sql();
    match kind {
        Kind::Tool => Ok(Item::Tool(
            tools::get(sql, ctx.account(), server_id, name).await?,
        )),
        Kind::Entry(k) => entries::find(sql, ctx.account(), server_id, k, name)
            .await?
            .map(Item::Entry)
            .ok_or_else(|| {
                Error::not_found(format!(
                    "no {} '{name}' on MCP server {server_id}",
                    k.as_str()
                ))
            }),
    }
}

/// `GET /api/v1/quarantine`: every held-back definition of the account.
pub async fn quarantined(ctx: &Ctx<'_>) -> Result<Response> {
    let sql = ctx.env.sql();
    let row = |server: String, kind: &str, server_id: &str, name: &str, pin: &Pin| {
        json!({
            "server": server, "server_id": server_id, "kind": kind, "name": name,
            "quarantine": pin.quarantine, "hash": pin.hash, "pending_hash": pin.pending_hash,
            "findings": pin.findings, "changed_at": pin.changed_at,
        })
    };
    let mut held: Vec<Value> = tools::quarantined(sql, ctx.account())
        .await?
        .into_iter()
        .map(|(server, t)| row(server, "tool", &t.server_id, &t.name, &t.pin))
        .collect();
    held.extend(
        entries::quarantined(sql, ctx.account())
            .await?
            .into_iter()
            .map(|(server, e)| row(server, e.kind.as_str(), &e.server_id, &e.name, &e.pin)),
    );
    ok(&json!({ "quarantined": held }))
}

/// `GET /api/v1/mcp-servers/{id}/{tools|prompts|resource-templates}/{name}`:
/// the definition as pinned and, when it changed, the new one and what
/// differs.
pub async fn show(ctx: &Ctx<'_>, kind: Kind, server_id: &str, name: &str) -> Result<Response> {
    let item = load(ctx, kind, server_id, name).await?;
    let view = item.pinned();
    let pinned = view.definition();
    let mut answer = json!({ "kind": kind.label(), "item": item.to_json(), "pinned": pinned });
    if let Some(pending) = &view.pin().pending {
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

/// `POST …/{name}/approve`: ends a quarantine by pinning the definition
/// the person reviewed.
pub async fn approve(ctx: &Ctx<'_>, kind: Kind, server_id: &str, name: &str) -> Result<Response> {
    let input: Approval = ctx.body()?;
    let sql = ctx.env.sql();
    let server = servers::get(sql, ctx.account(), server_id).await?;
    let item = load(ctx, kind, server_id, name).await?;
    let pin = item.pinned().pin().clone();
    let under_review = match pin.quarantine {
        None => {
            return Err(Error::conflict(format!(
                "{} '{name}' is not quarantined",
                kind.label()
            )));
        }
        Some(Quarantine::Changed) => pin.pending_hash.clone().zip(pin.pending.clone()),
        Some(Quarantine::Findings) => Some((pin.hash.clone(), item.pinned().definition())),
    };
    let Some((hash, definition)) = under_review else {
        return Err(Error::internal(format!(
            "{} '{name}' is held for a change but none is stored",
            kind.label()
        )));
    };
    if hash != input.hash {
        return Err(Error::conflict(format!(
            "the definition under review is {hash}, not {}: look at it again",
            input.hash
        )));
    }
    let approved_pin = Pin {
        hash: hash.clone(),
        findings: pin.findings.clone(),
        approved_hash: Some(hash.clone()),
        changed_at: pin.changed_at,
        ..Pin::default()
    };
    let now = ctx.env.now_ms();
    let record = AuditRecord {
        api_key_id: Some(ctx.principal.api_key_id.clone()),
        principal: ctx.principal.audit_label(),
        server_id: Some(server.id.clone()),
        server_name: Some(server.name.clone()),
        tool: INTEGRITY_TOOL.into(),
        arguments: json!({
            "kind": kind.label(), "name": name, "hash": hash, "previous_hash": pin.hash,
            "quarantine": pin.quarantine, "findings": pin.findings,
        }),
        reason: format!(
            "{} '{name}' approved as reviewed",
            kind.label().replace('_', " ")
        ),
        outcome: "approved".into(),
        instance_id: ctx.env.instance_id().map(str::to_string),
        ..AuditRecord::event(ctx.env.new_id(), ctx.account(), now)
    };
    let seen = (pin.hash.as_str(), pin.pending_hash.as_deref());
    let stored = match item {
        Item::Tool(mut t) => {
            t.redefine(&definition);
            t.pin = approved_pin;
            tools::store_approved(sql, &t, seen, &record).await?
        }
        Item::Entry(mut e) => {
            e.redefine(&definition);
            e.pin = approved_pin;
            entries::store_approved(sql, &e, seen, &record).await?
        }
    };
    if !stored {
        return Err(Error::conflict(format!(
            "{} '{name}' changed while it was reviewed: look at it again",
            kind.label()
        )));
    }
    let item = load(ctx, kind, server_id, name).await?;
    ok(&json!({ "kind": kind.label(), "item": item.to_json() }))
}
