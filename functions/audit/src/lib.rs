//! The audit trail API, `/api/v1/audit…`: the records (filtered, newest
//! first), `verify` (the trail checked against its hash chain and signed
//! checkpoints, naming the first record removed, changed, reordered or
//! inserted), `export` (JSON Lines with the checkpoints and public keys, to
//! check outside Preloop) and `checkpoints`. Admin keys only.

#[cfg(feature = "cloudflare")]
mod cloudflare;
mod records;
#[cfg(feature = "spin")]
mod spin;

use preloop_core::audit::checkpoint;
use preloop_core::auth;
use preloop_core::http::{Request, Response};
use preloop_core::store::audit_chain;
use preloop_core::{Env, Error, ErrorKind, Result};
use serde_json::json;

pub const PREFIX: &str = "/api/v1/audit";

/// Records per export page.
const EXPORT_PAGE: usize = 10_000;

pub async fn handle(request: &Request, env: &Env) -> Response {
    match route(request, env).await {
        Ok(r) => r,
        Err(e) => Response::error(&e),
    }
}

async fn route(request: &Request, env: &Env) -> Result<Response> {
    let principal = auth::authenticate(env, request).await?;
    preloop_core::routes::authorize(
        preloop_core::routes::AUDIT,
        &request.method,
        &request.path,
        &principal,
    )?;
    let account = principal.account_id.as_str();
    let rest = request
        .path
        .strip_prefix(PREFIX)
        .unwrap_or("")
        .trim_matches('/');
    if request.method != "GET" {
        return Err(Error::new(ErrorKind::MethodNotAllowed, "use GET"));
    }
    match rest {
        "" => records::list(request, env, &principal).await,
        "stats" => records::stats(request, env, account).await,
        "verify" => {
            let report = preloop_core::audit::verify_account(env, account).await?;
            Ok(Response::json(200, &report))
        }
        "checkpoints" => {
            let keys = checkpoint::trusted_keys(env)?;
            Ok(Response::json(
                200,
                &json!({
                    "checkpoints": audit_chain::checkpoints(env.sql(), account).await?,
                    "public_keys": keys.iter().map(|k| json!({"id": k.id(), "key": k.to_hex()})).collect::<Vec<_>>(),
                }),
            ))
        }
        "export" => export(request, env, account).await,
        other => Err(Error::not_found(format!("no route /api/v1/audit/{other}"))),
    }
}

/// One page of the trail as JSON Lines: a header (with the public keys and
/// where the next page starts), every checkpoint, then the records in
/// chain order exactly as stored.
async fn export(request: &Request, env: &Env, account: &str) -> Result<Response> {
    let after = match request.query_param("after_seq") {
        Some(v) => v
            .parse::<i64>()
            .map_err(|_| Error::bad_request("after_seq must be a number"))?,
        None => 0,
    };
    // The head first: records written meanwhile belong to a later export.
    let head = audit_chain::head(env.sql(), account).await?;
    let mut rows = audit_chain::rows_from(env.sql(), account, after + 1, EXPORT_PAGE).await?;
    let full = rows.len() == EXPORT_PAGE;
    rows.retain(|r| r.seq <= head.seq);
    let next = (full && rows.last().is_some_and(|r| r.seq < head.seq))
        .then(|| rows.last().map(|r| r.seq))
        .flatten();
    let keys = checkpoint::trusted_keys(env)?;
    let mut out = String::new();
    let header = json!({
        "type": "preloop-audit-export",
        "version": 1,
        "account_id": account,
        "head": head.seq,
        "legacy_through": head.legacy_through,
        "exported_at": env.now_ms(),
        "after_seq": after,
        "next_after_seq": next,
        "public_keys": keys.iter().map(|k| k.to_hex()).collect::<Vec<_>>(),
    });
    out.push_str(&header.to_string());
    out.push('\n');
    for c in audit_chain::checkpoints(env.sql(), account).await? {
        let mut line = serde_json::to_value(&c).map_err(|_| Error::internal("export"))?;
        line["type"] = json!("checkpoint");
        out.push_str(&line.to_string());
        out.push('\n');
    }
    for r in &rows {
        let mut line = serde_json::to_value(r).map_err(|_| Error::internal("export"))?;
        line["type"] = json!("record");
        out.push_str(&line.to_string());
        out.push('\n');
    }
    Ok(Response::text(200, "application/jsonl", out))
}
