//! `GET /api/v1/audit`: the audit trail, newest first, with filters and
//! cursor pagination.

use preloop_core::Env;
use preloop_core::http::{Request, Response};
use preloop_core::store::audit::{self, AuditFilter};
use preloop_core::{Error, Result};
use serde_json::json;

/// A time given as epoch milliseconds or RFC 3339.
fn parse_time(name: &str, value: &str) -> Result<i64> {
    if let Ok(ms) = value.parse::<i64>() {
        return Ok(ms);
    }
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.timestamp_millis())
        .map_err(|_| {
            Error::bad_request(format!(
                "{name} must be epoch milliseconds or an RFC 3339 time"
            ))
        })
}

pub async fn list(request: &Request, env: &Env, account: &str) -> Result<Response> {
    let mut f = AuditFilter {
        limit: 50,
        ..Default::default()
    };
    for (k, v) in request.query_pairs() {
        match k.as_str() {
            "tool" => f.tool = Some(v),
            "decision" => f.decision = Some(v),
            "principal" => f.principal = Some(v),
            "outcome" => f.outcome = Some(v),
            "since" => f.since_ms = Some(parse_time("since", &v)?),
            "until" => f.until_ms = Some(parse_time("until", &v)?),
            "cursor" => f.cursor = Some(v),
            "limit" => {
                f.limit = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=500).contains(n))
                    .ok_or_else(|| Error::bad_request("limit must be between 1 and 500"))?
            }
            other => {
                return Err(Error::bad_request(format!(
                    "unknown query parameter '{other}'"
                )));
            }
        }
    }
    let page = audit::list(env.sql(), account, &f).await?;
    Ok(Response::json(
        200,
        &json!({"events": page.records, "next_cursor": page.next_cursor}),
    ))
}
