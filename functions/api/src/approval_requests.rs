//! `/api/v1/approval-requests`: the approvers' side. Listing and reading need
//! `approvals.read`; deciding needs `approvals.decide` on a person's
//! credential that cannot call tools, and that person must be one the
//! request's current stage asks.

use crate::{Ctx, method_not_allowed, ok};
use preloop_core::approval::flow;
use preloop_core::approval::request::Status;
use preloop_core::http::Response;
use preloop_core::store::approval_requests::{self, StoredRequest};
use preloop_core::store::notifications;
use preloop_core::{Error, ErrorKind, Result};
use serde::Deserialize;
use serde_json::{Value, json};

/// Whether a catalog route decides a request (checked, and a refusal
/// audited, by `flow::decide`).
pub fn decides(path: &str) -> bool {
    path.starts_with("/api/v1/approval-requests/")
        && ["/approve", "/decline", "/decide"]
            .iter()
            .any(|end| path.ends_with(end))
}

pub async fn route(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    match (method, rest) {
        ("GET", []) => {
            let status = ctx
                .request
                .query_param("status")
                .map(|s| {
                    Status::parse(&s)
                        .map_err(|_| Error::bad_request(format!("unknown status '{s}'")))
                })
                .transpose()?;
            let requests =
                approval_requests::list(ctx.env.sql(), ctx.account(), status, 200).await?;
            ok(&json!({"approval_requests": requests}))
        }
        ("GET", [id]) => {
            let stored = flow::load(ctx.env, ctx.account(), id).await?;
            ok(&with_events(ctx, stored).await?)
        }
        ("POST", [id, "approve"]) => decide(ctx, id, Some(true)).await,
        ("POST", [id, "decline"]) => decide(ctx, id, Some(false)).await,
        ("POST", [id, "decide"]) => decide(ctx, id, None).await,
        ("POST", [id, "cancel"]) => {
            let stored =
                flow::cancel(ctx.env, ctx.account(), id, &ctx.principal.audit_label()).await?;
            ok(&with_events(ctx, stored).await?)
        }
        (_, [] | [_] | [_, _]) => Err(method_not_allowed("GET, POST")),
        _ => Err(Error::not_found(
            "no such route under /api/v1/approval-requests",
        )),
    }
}

async fn with_events(ctx: &Ctx<'_>, stored: StoredRequest) -> Result<Value> {
    let events = approval_requests::events(ctx.env.sql(), &stored.request.id).await?;
    let mut body = serde_json::to_value(&stored)
        .map_err(|_| Error::internal("could not encode the request"))?;
    let deliveries =
        notifications::list(ctx.env.sql(), ctx.account(), Some(&stored.request.id), 200).await?;
    if let Some(obj) = body.as_object_mut() {
        obj.insert("events".into(), json!(events));
        obj.insert("notification_deliveries".into(), json!(deliveries));
    }
    Ok(body)
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DecideInput {
    /// `approve` or `decline` (for `/decide`).
    #[serde(default)]
    decision: Option<String>,
    #[serde(default)]
    approved: Option<bool>,
    #[serde(default)]
    comment: Option<String>,
}

async fn decide(ctx: &Ctx<'_>, id: &str, fixed: Option<bool>) -> Result<Response> {
    // Who may decide is settled (and a refusal audited) before the body
    // is read.
    flow::check_decider(ctx.env, ctx.principal, id)
        .await
        .map_err(|e| match e.kind {
            ErrorKind::NotFound => Error::not_found(format!("no approval request {id}")),
            _ => e,
        })?;
    let input: DecideInput = if ctx.request.body.is_empty() {
        DecideInput::default()
    } else {
        ctx.body()?
    };
    let approve = match (fixed, input.decision.as_deref(), input.approved) {
        (Some(a), None, None) => a,
        (None, Some("approve"), None) | (None, None, Some(true)) => true,
        (None, Some("decline"), None) | (None, None, Some(false)) => false,
        (None, None, None) => {
            return Err(Error::bad_request("say 'decision': 'approve' or 'decline'"));
        }
        _ => {
            return Err(Error::bad_request(
                "give one decision: 'decision' (approve/decline) or 'approved' (true/false)",
            ));
        }
    };
    let comment = input.comment.filter(|c| !c.trim().is_empty());
    if comment.as_ref().is_some_and(|c| c.len() > 2000) {
        return Err(Error::bad_request("comment is longer than 2000 characters"));
    }
    let stored = flow::decide(ctx.env, ctx.principal, id, approve, comment)
        .await
        .map_err(|e| match e.kind {
            ErrorKind::NotFound => Error::not_found(format!("no approval request {id}")),
            _ => e,
        })?;
    ok(&with_events(ctx, stored).await?)
}
