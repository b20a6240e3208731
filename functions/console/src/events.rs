//! `GET /api/v1/events`: what happens in the caller's account, as
//! server-sent events, for the console to update itself by.
//!
//! The stream is the account's audit chain read forward. Every change the
//! console shows is a final audit record written in the same transaction as
//! the change (a call's outcome, an approval opened or decided, a sign-in,
//! a rule changed), and each takes the next place (`seq`) in its account's
//! chain under the chain head's row lock, so places become visible in
//! order. An event's id is its place: a client that resumes with
//! `Last-Event-ID: n` gets exactly the records after `n`, with no gap and
//! none twice, whichever instance it reaches. Nothing is kept per stream
//! or shared between instances, so it runs the same natively, in a Worker
//! and in a Spin component.
//!
//! Topics: `approvals` (an approval request's transitions), `audit` (tool
//! calls), `activity` (the control plane: `preloop:*` records) and
//! `system` (about the stream itself: `gap` when records it should have
//! sent were removed by retention).

use bytes::Bytes;
use preloop_core::access::Permission;
use preloop_core::auth::{self, Principal};
use preloop_core::http::{Request, Response, StreamingBody};
use preloop_core::store::audit::{self, AuditRecord};
use preloop_core::store::audit_chain;
use preloop_core::{Env, Error, Result, routes};
use serde_json::json;
use std::collections::VecDeque;

pub const PATH: &str = "/api/v1/events";

/// How often the store is asked for new records: an approval request
/// appears in an open console well within a second.
const LOOK_EVERY_MS: u64 = 250;
/// Records read per look.
const PAGE: usize = 200;
/// A quiet stream still sends a comment this often: proxies on the way keep
/// it open, and the write is how a host learns that its client has left (a
/// Worker or a Spin component sees a closed connection only when a write to
/// it fails), so an abandoned stream stops polling within seconds, not
/// after minutes.
const KEEPALIVE_MS: i64 = 5_000;
/// How often the credential is checked again: a revoked key or an ended
/// session ends the stream, and lost rights drop their topics.
const RECHECK_MS: i64 = 10_000;
/// A stream ends after this long and the client resumes where it was: no
/// invocation is held open forever at the edge, and rights are read afresh.
const MAX_OPEN_MS: i64 = 5 * 60 * 1000;
/// What a client waits before reconnecting (the SSE `retry` field).
const RETRY_MS: u64 = 500;
/// The longest `Last-Event-ID` read.
const MAX_ID_LEN: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Approvals,
    Audit,
    Activity,
    System,
}

impl Topic {
    pub const ALL: [Topic; 4] = [
        Topic::Approvals,
        Topic::Audit,
        Topic::Activity,
        Topic::System,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Approvals => "approvals",
            Topic::Audit => "audit",
            Topic::Activity => "activity",
            Topic::System => "system",
        }
    }

    fn parse(s: &str) -> Result<Topic> {
        Topic::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                Error::bad_request(format!(
                    "unknown topic '{}': use approvals, audit, activity or system",
                    s.chars().take(40).collect::<String>()
                ))
            })
    }

    /// The topic a record belongs to.
    pub fn of(record: &AuditRecord) -> Topic {
        if record.outcome.starts_with("approval_") {
            Topic::Approvals
        } else if record.tool.starts_with("preloop:") {
            Topic::Activity
        } else {
            Topic::Audit
        }
    }

    /// The permission that lets a caller hear this topic.
    fn needs(self) -> Option<Permission> {
        match self {
            Topic::Approvals => Some(Permission::ApprovalsRead),
            Topic::Audit | Topic::Activity => Some(Permission::AuditRead),
            Topic::System => None,
        }
    }
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    match open(request, env).await {
        Ok(r) => r,
        Err(e) => Response::error(&e).with_header("cache-control", "no-store"),
    }
}

/// The topics asked for (all the caller may hear when none are named); one
/// named that the caller may not hear is refused, naming the permission.
fn topics(request: &Request, principal: &Principal) -> Result<Vec<Topic>> {
    let may = |t: Topic| t.needs().is_none_or(|p| principal.permissions.has(p));
    match request.query_param("topics") {
        None => Ok(Topic::ALL.into_iter().filter(|t| may(*t)).collect()),
        Some(list) => {
            let mut out = vec![Topic::System];
            for name in list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .take(8)
            {
                let t = Topic::parse(name)?;
                if let Some(p) = t.needs().filter(|_| !may(t)) {
                    return Err(Error::forbidden(format!(
                        "the topic '{}' needs the permission {}",
                        t.as_str(),
                        p.as_str()
                    ))
                    .with_detail(json!({"required_permission": p.as_str()})));
                }
                if !out.contains(&t) {
                    out.push(t);
                }
            }
            Ok(out)
        }
    }
}

/// Where to resume: `Last-Event-ID` (or `?after=` for clients that cannot
/// set headers), else the chain's head (only what happens from now on).
fn resume_from(request: &Request) -> Result<Option<i64>> {
    let given = request
        .headers
        .get("last-event-id")
        .map(str::to_string)
        .or_else(|| request.query_param("after"));
    match given.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(id) => {
            if id.len() > MAX_ID_LEN {
                return Err(Error::bad_request("Last-Event-ID is too long"));
            }
            id.parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Some)
                .ok_or_else(|| {
                    Error::bad_request("Last-Event-ID must be an event id this stream sent")
                })
        }
    }
}

async fn open(request: &Request, env: &Env) -> Result<Response> {
    let principal = auth::authenticate(env, request).await?;
    routes::authorize(routes::CONSOLE, &request.method, &request.path, &principal)?;
    let topics = topics(request, &principal)?;
    let account = principal.account_id.clone();
    let head = audit_chain::head(env.sql(), &account).await?.seq;
    let mut stream = LiveStream {
        env: env.clone(),
        request: Request {
            // Only what re-authenticating reads is kept.
            body: Bytes::new(),
            ..request.clone()
        },
        account,
        topics,
        cursor: head,
        opened_at: env.now_ms(),
        quiet_since: env.now_ms(),
        checked_at: env.now_ms(),
        queued: VecDeque::new(),
        closed: false,
    };
    stream
        .queued
        .push_back(Bytes::from(format!("retry: {RETRY_MS}\n\n")));
    if let Some(after) = resume_from(request)? {
        if after > head {
            // An id from another store (or a restored one): start afresh.
            stream.queued.push_back(system(head, "reset"));
        } else {
            stream.cursor = after;
            let first = audit::first_seq(env.sql(), &stream.account).await?;
            if first.is_some_and(|f| f > after + 1) {
                stream.queued.push_back(system(after, "gap"));
            }
        }
    }
    Ok(
        Response::streaming(200, "text/event-stream", Box::new(stream))
            .with_header("cache-control", "no-store")
            .with_header("x-accel-buffering", "no"),
    )
}

/// A `system` event, at `seq` (it moves no cursor past what was sent).
fn system(seq: i64, kind: &str) -> Bytes {
    let data = json!({"topic": "system", "kind": kind, "seq": seq});
    Bytes::from(format!("id: {seq}\nevent: system\ndata: {data}\n\n"))
}

/// One record as an event: what the console needs to know something
/// happened and what to fetch (its own permissions then apply), never the
/// arguments.
pub fn event(record: &AuditRecord, topic: Topic) -> Bytes {
    let seq = record.seq.unwrap_or_default();
    let data = json!({
        "seq": seq,
        "id": record.id,
        "at": record.completed_at.unwrap_or(record.created_at),
        "topic": topic.as_str(),
        "tool": record.tool,
        "server": record.server_name,
        "decision": record.decision,
        "outcome": record.outcome,
        "principal": record.principal,
        "rule_id": record.rule_id,
        "request_id": record.request_id,
    });
    Bytes::from(format!(
        "id: {seq}\nevent: {}\ndata: {data}\n\n",
        topic.as_str()
    ))
}

struct LiveStream {
    env: Env,
    request: Request,
    account: String,
    topics: Vec<Topic>,
    /// The last place sent (or passed over).
    cursor: i64,
    opened_at: i64,
    quiet_since: i64,
    checked_at: i64,
    queued: VecDeque<Bytes>,
    closed: bool,
}

impl LiveStream {
    /// Reads what came after the cursor into the queue; whether anything
    /// was read. A store that cannot be read ends the stream (the client
    /// resumes from its last id).
    async fn look(&mut self) -> Option<bool> {
        let records = audit::after_seq(self.env.sql(), &self.account, self.cursor, PAGE)
            .await
            .ok()?;
        let Some(last) = records.last().and_then(|r| r.seq) else {
            return Some(false);
        };
        let before = self.queued.len();
        for record in &records {
            let topic = Topic::of(record);
            if self.topics.contains(&topic) {
                self.queued.push_back(event(record, topic));
            }
        }
        if self.queued.len() == before {
            // Nothing for this client, but its place moves on: an id alone
            // dispatches nothing and is where a reconnect resumes.
            self.queued
                .push_back(Bytes::from(format!("id: {last}\n\n")));
        }
        self.cursor = last;
        Some(true)
    }

    /// Whether the credential still stands, with the topics its rights
    /// still allow (a person demoted meanwhile stops hearing what they
    /// may no longer read). `false` ends the stream.
    async fn still_allowed(&mut self) -> bool {
        let Ok(principal) = auth::authenticate(&self.env, &self.request).await else {
            return false;
        };
        if principal.account_id != self.account {
            return false;
        }
        self.topics
            .retain(|t| t.needs().is_none_or(|p| principal.permissions.has(p)));
        self.topics.iter().any(|t| *t != Topic::System)
    }
}

#[async_trait::async_trait(?Send)]
impl StreamingBody for LiveStream {
    /// Nothing is lost when nobody listens: the client resumes by id.
    fn outlives_client(&self) -> bool {
        false
    }

    async fn next_chunk(&mut self) -> Option<Bytes> {
        loop {
            if let Some(chunk) = self.queued.pop_front() {
                self.quiet_since = self.env.now_ms();
                return Some(chunk);
            }
            if self.closed {
                return None;
            }
            let now = self.env.now_ms();
            if now - self.opened_at >= MAX_OPEN_MS {
                self.closed = true;
                return None;
            }
            if now - self.checked_at >= RECHECK_MS {
                self.checked_at = now;
                if !self.still_allowed().await {
                    self.closed = true;
                    return None;
                }
            }
            if self.look().await? {
                continue;
            }
            if now - self.quiet_since >= KEEPALIVE_MS {
                self.quiet_since = now;
                return Some(Bytes::from_static(b": keepalive\n\n"));
            }
            self.env.timer()?.sleep(LOOK_EVERY_MS).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(tool: &str, outcome: &str) -> AuditRecord {
        AuditRecord {
            tool: tool.into(),
            outcome: outcome.into(),
            seq: Some(7),
            ..AuditRecord::event("r1".into(), "acc", 1)
        }
    }

    #[test]
    fn records_fall_into_topics() {
        assert_eq!(
            Topic::of(&record("fx__deploy", "approval_created")),
            Topic::Approvals
        );
        assert_eq!(Topic::of(&record("fx__deploy", "ok")), Topic::Audit);
        assert_eq!(
            Topic::of(&record("preloop:auth", "signed_in")),
            Topic::Activity
        );
    }

    #[test]
    fn an_event_carries_its_place_as_id_and_no_arguments() {
        let mut r = record("fx__deploy", "ok");
        r.arguments = json!({"token": "secret-value"});
        let text = String::from_utf8(event(&r, Topic::Audit).to_vec()).unwrap_or_default();
        assert!(text.starts_with("id: 7\nevent: audit\ndata: {"));
        assert!(text.ends_with("\n\n"));
        assert!(!text.contains("secret-value"));
    }
}
