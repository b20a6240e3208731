//! Approver links: `GET /approval/{id}?token=…` (an HTML page that works
//! without JavaScript and on a phone), `GET /approval/{id}/data?token=…`
//! (the same facts as JSON) and `POST /approval/{id}/decide?token=…` (a form
//! post or JSON). The token is the approver's credential: random, stored
//! hashed, bound to one approver and one request, dead once the request is
//! decided or expired. A wrong, dead or missing token gets exactly the answer
//! a request that does not exist gets.

#[cfg(feature = "cloudflare")]
mod cloudflare;
#[cfg(feature = "spin")]
mod spin;

mod page;

use preloop_core::approval::flow;
use preloop_core::approval::request::Status;
use preloop_core::auth::hash_key;
use preloop_core::http::{Request, Response, percent_decode, segments};
use preloop_core::store::approval_requests::StoredRequest;
use preloop_core::store::{approval_links, people, policies};
use preloop_core::{Env, Error, ErrorKind, Result};
use serde::Deserialize;
use serde_json::{Value, json};

pub const PREFIX: &str = "/approval/";

/// Whether the caller asked for HTML (a browser) or JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Html,
    Json,
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    let parts = segments(&request.path);
    let (id, action) = match parts.as_slice() {
        ["approval", id] => (*id, None),
        ["approval", id, action] => (*id, Some(*action)),
        _ => return not_found(Dialect::Json),
    };
    let id = percent_decode(id);
    let result = match (request.method.as_str(), action) {
        ("GET" | "HEAD", None) => show(request, env, &id).await,
        ("GET" | "HEAD", Some("data")) => data(request, env, &id).await,
        ("POST", Some("decide")) => decide(request, env, &id).await,
        (_, None | Some("data")) => Err(method_not_allowed("GET")),
        (_, Some("decide")) => Err(method_not_allowed("POST")),
        _ => return not_found(Dialect::Json),
    };
    let dialect = if action.is_none() || is_form(request) {
        Dialect::Html
    } else {
        Dialect::Json
    };
    let response = match result {
        Ok(r) => r,
        Err(e) if e.kind == ErrorKind::NotFound => not_found(dialect),
        Err(e) => match dialect {
            Dialect::Html => page::message(e.status(), "Could not record that", &e.message),
            Dialect::Json => Response::error(&e),
        },
    };
    secure(response)
}

fn method_not_allowed(allow: &str) -> Error {
    Error::new(
        ErrorKind::MethodNotAllowed,
        format!("use {allow} on this path"),
    )
}

/// The one answer for a missing request and for a bad token alike.
fn not_found(dialect: Dialect) -> Response {
    let message = "This approval link is not valid: the request does not exist, was already decided or expired, or the link is wrong.";
    match dialect {
        Dialect::Html => page::message(404, "Link not valid", message),
        Dialect::Json => Response::error(&Error::not_found(message)),
    }
}

/// The token is in the URL: keep it out of caches, referrers and frames.
fn secure(r: Response) -> Response {
    r.with_header("cache-control", "no-store")
        .with_header("referrer-policy", "no-referrer")
        .with_header("x-frame-options", "DENY")
        .with_header("x-content-type-options", "nosniff")
        .with_header(
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        )
}

fn is_form(request: &Request) -> bool {
    request.headers.get("content-type").is_some_and(|c| {
        c.to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    })
}

/// What a live token unlocks.
struct Grant {
    stored: StoredRequest,
    user_id: String,
    token: String,
}

async fn grant(request: &Request, env: &Env, id: &str) -> Result<Grant> {
    let missing = || Error::not_found("no such approval request");
    let token = request
        .query_param("token")
        .filter(|t| !t.is_empty())
        .ok_or_else(missing)?;
    let (account_id, user_id) = approval_links::resolve(env.sql(), id, &hash_key(&token))
        .await?
        .ok_or_else(missing)?;
    // Loading applies time: a request that has just expired is gone too.
    let stored = flow::load(env, &account_id, id).await?;
    if stored.request.status != Status::Pending {
        return Err(missing());
    }
    Ok(Grant {
        stored,
        user_id,
        token,
    })
}

/// Everything the approver is shown, as JSON.
async fn facts(env: &Env, g: &Grant) -> Result<Value> {
    let s = &g.stored;
    let q = &s.request;
    let account = &s.account_id;
    // A follower's link (the one a 2026-07-28 client shows the person at
    // the client) shows the request to nobody in particular.
    let approver = match g.user_id.as_str() {
        approval_links::FOLLOWER => Value::Null,
        id => {
            let u = people::get_user(env.sql(), account, id).await?;
            json!({"id": u.id, "name": u.name, "email": u.email})
        }
    };
    let rule = match &s.rule_id {
        Some(r) => policies::describe_rule(env.sql(), account, r).await?,
        None => None,
    };
    let mine = q.votes.iter().find(|v| v.user_id == g.user_id);
    Ok(json!({
        "id": q.id,
        "status": q.status,
        "stage": q.stage,
        "tool": s.tool,
        "server": s.server_name,
        "arguments": s.arguments,
        "justification": s.justification,
        "requester": s.principal,
        "rule_id": s.rule_id,
        "rule": rule,
        "approvals": q.approvals(),
        "approvals_required": q.approvals_required,
        "created_at": q.created_at,
        "expires_at": q.expires_at,
        "seconds_left": q.seconds_left(env.now_ms()),
        "approver": approver,
        "your_vote": mine.map(|v| if v.approve { "approve" } else { "decline" }),
    }))
}

async fn show(request: &Request, env: &Env, id: &str) -> Result<Response> {
    let g = grant(request, env, id).await?;
    let facts = facts(env, &g).await?;
    let action = (g.user_id != approval_links::FOLLOWER).then(|| decide_action(id, &g.token));
    Ok(page::review(&facts, action.as_deref()))
}

async fn data(request: &Request, env: &Env, id: &str) -> Result<Response> {
    let g = grant(request, env, id).await?;
    Ok(Response::json(200, &facts(env, &g).await?))
}

fn decide_action(id: &str, token: &str) -> String {
    format!(
        "/approval/{}/decide?token={}",
        preloop_core::http::percent_encode(id),
        preloop_core::http::percent_encode(token)
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecideInput {
    decision: String,
    #[serde(default)]
    comment: Option<String>,
}

fn parse_decision(request: &Request) -> Result<(bool, Option<String>)> {
    let input = if is_form(request) {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let mut decision = None;
        let mut comment = None;
        for pair in body.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match percent_decode(k).as_str() {
                "decision" => decision = Some(percent_decode(v)),
                "comment" => comment = Some(percent_decode(v)),
                _ => {}
            }
        }
        DecideInput {
            decision: decision.ok_or_else(|| Error::bad_request("choose approve or decline"))?,
            comment,
        }
    } else {
        request.json::<DecideInput>()?
    };
    let approve = match input.decision.as_str() {
        "approve" => true,
        "decline" => false,
        other => {
            return Err(Error::bad_request(format!(
                "decision must be approve or decline, not '{other}'"
            )));
        }
    };
    let comment = input
        .comment
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.chars().count() > 2000) {
        return Err(Error::bad_request(
            "the comment is longer than 2000 characters",
        ));
    }
    Ok((approve, comment))
}

async fn decide(request: &Request, env: &Env, id: &str) -> Result<Response> {
    let g = grant(request, env, id).await?;
    if g.user_id == approval_links::FOLLOWER {
        return Err(Error::forbidden(
            "this link follows the request and cannot decide it: approvers decide with their own link or key",
        ));
    }
    let (approve, comment) = parse_decision(request)?;
    let stored =
        flow::decide_as(env, &g.stored.account_id, &g.user_id, id, approve, comment).await?;
    let q = &stored.request;
    if is_form(request) {
        let headline = if approve { "Approved" } else { "Declined" };
        let detail = match q.status {
            Status::Pending => format!(
                "Your approval of {} is recorded: {} of {} so far. The call runs once enough people approve.",
                stored.tool,
                q.approvals(),
                q.approvals_required
            ),
            Status::Approved => format!("{} is approved and will run once.", stored.tool),
            Status::Declined => format!("{} was declined; it will not run.", stored.tool),
            other => format!("The request is {}.", other.as_str()),
        };
        return Ok(page::message(200, headline, &detail));
    }
    Ok(Response::json(
        200,
        &json!({
            "id": q.id,
            "status": q.status,
            "approvals": q.approvals(),
            "approvals_required": q.approvals_required,
        }),
    ))
}
