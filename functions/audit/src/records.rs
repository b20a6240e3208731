//! `GET /api/v1/audit`: the audit trail, newest first, with filters and
//! cursor pagination, as JSON or (with `audit.export`) as a CSV or JSON
//! Lines download; `GET /api/v1/audit/stats`: the calls counted.

use preloop_core::access::Permission;
use preloop_core::auth::Principal;
use preloop_core::http::{Request, Response};
use preloop_core::store::audit::{self, AuditFilter, AuditRecord};
use preloop_core::{Env, Error, Result};
use serde_json::json;

/// Records in one page of JSON.
const MAX_PAGE: usize = 500;
/// Records in one download; `x-next-cursor` continues it.
const MAX_DOWNLOAD: usize = 10_000;
/// Buckets one stats answer may have.
const MAX_BUCKETS: i64 = 500;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Csv,
    JsonLines,
}

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

pub async fn list(request: &Request, env: &Env, principal: &Principal) -> Result<Response> {
    let mut f = AuditFilter {
        limit: 50,
        ..Default::default()
    };
    let mut format = Format::Json;
    let mut limit: Option<&str> = None;
    let pairs = request.query_pairs();
    for (k, v) in &pairs {
        match k.as_str() {
            "tool" => f.tool = Some(v.clone()),
            "decision" => f.decision = Some(v.clone()),
            "principal" => f.principal = Some(v.clone()),
            "outcome" => f.outcome = Some(v.clone()),
            "since" => f.since_ms = Some(parse_time("since", v)?),
            "until" => f.until_ms = Some(parse_time("until", v)?),
            "cursor" => f.cursor = Some(v.clone()),
            "limit" => limit = Some(v),
            "format" => {
                format = match v.as_str() {
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    "jsonl" => Format::JsonLines,
                    _ => return Err(Error::bad_request("format must be json, csv or jsonl")),
                }
            }
            other => return Err(unknown_parameter(other)),
        }
    }
    let max = if format == Format::Json {
        MAX_PAGE
    } else {
        // A download is an export: it needs the permission to export.
        let needed = Permission::AuditExport;
        if !principal.permissions.has(needed) {
            return Err(Error::forbidden(format!(
                "downloading records needs the permission {}",
                needed.as_str()
            ))
            .with_detail(json!({"required_permission": needed.as_str()})));
        }
        f.limit = MAX_DOWNLOAD;
        MAX_DOWNLOAD
    };
    if let Some(v) = limit {
        f.limit = v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| Error::bad_request(format!("limit must be between 1 and {max}")))?;
    }
    let page = audit::list(env.sql(), &principal.account_id, &f).await?;
    let download = |media: &str, body: String, ext: &str| {
        let r = Response::text(200, media, body).with_header(
            "content-disposition",
            format!("attachment; filename=\"preloop-audit.{ext}\""),
        );
        match &page.next_cursor {
            Some(c) => r.with_header("x-next-cursor", c.clone()),
            None => r,
        }
    };
    Ok(match format {
        Format::Json => Response::json(
            200,
            &json!({"events": page.records, "next_cursor": page.next_cursor}),
        ),
        Format::Csv => download("text/csv; charset=utf-8", csv(&page.records), "csv"),
        Format::JsonLines => {
            let mut out = String::new();
            for r in &page.records {
                out.push_str(&serde_json::to_string(r).map_err(|_| Error::internal("export"))?);
                out.push('\n');
            }
            download("application/jsonl", out, "jsonl")
        }
    })
}

fn unknown_parameter(name: &str) -> Error {
    Error::bad_request(format!(
        "unknown query parameter '{}'",
        name.chars().take(60).collect::<String>()
    ))
}

const CSV_COLUMNS: &str = "id,created_at,principal,server,tool,decision,rule_id,outcome,reason,error,duration_ms,request_id,arguments";

/// One field, quoted when it must be (RFC 4180). A field that a
/// spreadsheet would run as a formula is prefixed with `'`.
fn field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn csv(records: &[AuditRecord]) -> String {
    let mut out = String::from(CSV_COLUMNS);
    out.push_str("\r\n");
    for r in records {
        let row = [
            r.id.clone(),
            r.created_at.to_string(),
            r.principal.clone(),
            r.server_name.clone().unwrap_or_default(),
            r.tool.clone(),
            r.decision.clone(),
            r.rule_id.clone().unwrap_or_default(),
            r.outcome.clone(),
            r.reason.clone(),
            r.error.clone().unwrap_or_default(),
            r.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
            r.request_id.clone(),
            r.arguments.to_string(),
        ];
        let line: Vec<String> = row.iter().map(|v| field(v)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `GET /api/v1/audit/stats?since=…&until=…&bucket_ms=…`: the last day in
/// hours unless asked otherwise.
pub async fn stats(request: &Request, env: &Env, account: &str) -> Result<Response> {
    let now = env.now_ms();
    let (mut since, mut until, mut bucket) = (now - DAY_MS, now, 60 * 60 * 1000);
    for (k, v) in request.query_pairs() {
        match k.as_str() {
            "since" => since = parse_time("since", &v)?,
            "until" => until = parse_time("until", &v)?,
            "bucket_ms" => {
                bucket = v
                    .parse::<i64>()
                    .ok()
                    .filter(|b| *b >= 1000)
                    .ok_or_else(|| Error::bad_request("bucket_ms must be at least 1000"))?
            }
            other => return Err(unknown_parameter(other)),
        }
    }
    if until <= since {
        return Err(Error::bad_request("until must be after since"));
    }
    if (until - since) / bucket > MAX_BUCKETS {
        return Err(Error::bad_request(format!(
            "at most {MAX_BUCKETS} buckets: widen bucket_ms or narrow the range"
        )));
    }
    let stats = audit::stats(env.sql(), account, since, until, bucket).await?;
    Ok(Response::json(
        200,
        &json!({
            "since": stats.since,
            "until": stats.until,
            "bucket_ms": stats.bucket_ms,
            "buckets": stats.buckets.iter().map(|(t, d, n)| json!({"start": t, "decision": d, "count": n})).collect::<Vec<_>>(),
            "outcomes": stats.outcomes.iter().map(|(o, n)| json!({"outcome": o, "count": n})).collect::<Vec<_>>(),
            "tools": stats.tools.iter().map(|(t, n)| json!({"tool": t, "count": n})).collect::<Vec<_>>(),
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1"), "'-1");
    }
}
