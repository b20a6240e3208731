//! The ports: everything the domain needs from the outside world, as traits.
//! Each runtime adapter (`shared/native`, and the edge adapters) implements
//! them. Futures are `?Send` because Workers' are not.

use crate::error::Result;
use crate::http::Headers;
use async_trait::async_trait;
use bytes::Bytes;

pub use crate::store::sql::Sql;

/// An outbound HTTP request (upstream MCP servers, webhooks, providers).
#[derive(Debug, Clone)]
pub struct OutboundRequest {
    pub method: String,
    pub url: String,
    pub headers: Headers,
    pub body: Bytes,
    /// The whole exchange, body included, must finish within this.
    pub timeout_ms: u64,
}

/// How an outbound request failed before any HTTP status came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboundError {
    /// Refused, reset, DNS failure: nothing is listening.
    Connect(String),
    Timeout,
    /// The connection broke mid-way, or the URL was unusable.
    Other(String),
    /// The answer was longer than the reader takes (its limit, in bytes).
    TooLarge(usize),
}

impl std::fmt::Display for OutboundError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutboundError::Connect(m) => write!(f, "connection failed: {m}"),
            OutboundError::Timeout => write!(f, "timed out"),
            OutboundError::Other(m) => write!(f, "{m}"),
            OutboundError::TooLarge(limit) => write!(f, "response larger than {limit} bytes"),
        }
    }
}

/// A response body read chunk by chunk, so an SSE stream can be consumed up
/// to the event we need without waiting for the server to close it.
#[async_trait(?Send)]
pub trait BodyStream {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, OutboundError>;
}

pub struct OutboundResponse {
    pub status: u16,
    pub headers: Headers,
    pub body: Box<dyn BodyStream>,
}

impl OutboundResponse {
    /// Reads the whole body, refusing more than `limit` bytes.
    pub async fn read_all(mut self, limit: usize) -> Result<Bytes, OutboundError> {
        let mut buf = Vec::new();
        while let Some(chunk) = self.body.next_chunk().await? {
            if buf.len() + chunk.len() > limit {
                return Err(OutboundError::TooLarge(limit));
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(buf.into())
    }
}

#[async_trait(?Send)]
pub trait HttpClient {
    async fn send(&self, request: OutboundRequest) -> Result<OutboundResponse, OutboundError>;
}

pub trait Clock {
    /// Wall-clock time in milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
    /// A monotonic reading in microseconds, for durations.
    fn monotonic_us(&self) -> u64;
}

/// Waiting without blocking the instance (holding a call open while people
/// decide).
#[async_trait(?Send)]
pub trait Timer {
    async fn sleep(&self, ms: u64);
}

pub trait Random {
    /// Fills `buf` from a cryptographically secure source.
    fn fill(&self, buf: &mut [u8]);
}

/// What a queue message asks its consumer to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QueueMessage {
    /// Notifications were queued in the outbox: send what is due.
    NotificationsDue,
    /// Tracker webhook deliveries were stored, or a sync was asked for:
    /// work them (the scheduled sync consumes this one).
    TrackerWorkDue,
}

/// Hands work to the consumer function (the scheduler) now rather than on
/// its next scheduled run: a Cloudflare Queue at the edge, a wake-up of the
/// scheduler loop natively. A message only wakes: the work itself is in the
/// store (the notification outbox), so a message that is lost delays it to
/// the next scheduled run and never loses it. Hosts without a queue (Spin)
/// rely on the schedule alone.
#[async_trait(?Send)]
pub trait Queue {
    /// The error text must not contain a secret.
    async fn send(&self, message: &QueueMessage) -> Result<(), String>;
}

/// What checking a call's arguments against its tool's schema found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Valid,
    /// The arguments do not match: where (a JSON pointer into them, `""`
    /// for the whole) and why.
    Invalid {
        path: String,
        message: String,
    },
    /// The schema cannot be used to check anything (too large, too deep,
    /// not a valid schema) or the arguments are past the bounds of a check.
    Unusable {
        why: String,
    },
}

/// Checks a `tools/call`'s arguments against the tool's input schema (JSON
/// Schema): in process natively and on Spin, through the `argument-check`
/// Worker at the edge (the validator does not fit in the proxy's Worker).
#[async_trait(?Send)]
pub trait ArgumentCheck {
    /// `key` names the schema (its pinned definition's hash), so a checker
    /// may keep it compiled. An error: the checker could not be asked.
    async fn check(
        &self,
        key: &str,
        schema: &serde_json::Value,
        arguments: &serde_json::Value,
    ) -> Result<Verdict, String>;
}

/// One call of a built-in issue tool, decided and audited by the proxy.
pub struct IssueToolCall<'a> {
    pub account_id: &'a str,
    /// Who asks (the audit's label for the credential), for the tracker's
    /// comments and the duplicate decisions it records.
    pub actor: &'a str,
    pub tool: &'a str,
    pub arguments: &'a serde_json::Value,
}

/// Runs Preloop's built-in issue tools (`get_issue`, `search`, …) once the
/// proxy's policy has let a call through: in process natively and on Spin,
/// the trackers Worker through a service binding at the edge (the
/// trackers' clients do not fit in the proxy's Worker).
#[async_trait(?Send)]
pub trait IssueTools {
    /// The tool's result, as MCP carries it (`content`, `isError`). An
    /// error: the tool could not be run at all (its text is told to the
    /// caller and must not contain a secret).
    async fn run(
        &self,
        env: &crate::Env,
        call: &IssueToolCall<'_>,
    ) -> Result<serde_json::Value, String>;
}

/// A body that is already in memory (tests, small adapters).
pub struct FullBody(pub Option<Bytes>);

#[async_trait(?Send)]
impl BodyStream for FullBody {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, OutboundError> {
        Ok(self.0.take())
    }
}

/// An email to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// How to reach an SMTP server.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpServer {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// `starttls` (default), `tls` (implicit TLS, usually port 465) or
    /// `none` (a local relay only).
    #[serde(default = "default_smtp_security")]
    pub security: String,
}

fn default_smtp_port() -> u16 {
    587
}
fn default_smtp_security() -> String {
    "starttls".into()
}

/// Sends mail over SMTP. Only native hosts have one: Workers cannot open
/// SMTP connections, so email channels there use an HTTP mail API instead.
#[async_trait(?Send)]
pub trait Mailer {
    /// The error text must not contain the password.
    async fn send(&self, server: &SmtpServer, mail: &Mail) -> Result<(), String>;
}

/// What a stdio MCP server is run as: a program, its arguments and the
/// environment it is given (beyond the host's few safe variables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessSpec {
    pub command: String,
    pub args: Vec<String>,
    /// Decrypted values: never logged, never shown.
    pub env: Vec<(String, String)>,
}

/// Runs stdio MCP servers as child processes and speaks to them. Only the
/// native host has one: Workers and Spin components cannot start processes,
/// so stdio servers are refused there when they are configured.
///
/// A process is keyed by its account and server (never shared between
/// accounts), started on first use with the MCP handshake, restarted with
/// backoff when it dies, and replaced when its spec changes.
#[async_trait(?Send)]
pub trait Processes {
    /// Sends one JSON-RPC request and returns the process's response
    /// message (carrying `result` or `error`), within `timeout_ms`; what the
    /// process says about it meanwhile goes to `relay` (its progress and
    /// log messages, and its own requests, whose answers go back to it).
    async fn request(
        &self,
        key: &str,
        spec: &ProcessSpec,
        method: &str,
        params: serde_json::Value,
        timeout_ms: u64,
        relay: crate::mcp::upstream::Relay<'_>,
    ) -> Result<serde_json::Value, OutboundError>;
    /// The `capabilities` the process's `initialize` answer declared,
    /// starting it if need be (a running process is not restarted: a scan
    /// must not lose a server's state).
    async fn capabilities(
        &self,
        key: &str,
        spec: &ProcessSpec,
        timeout_ms: u64,
    ) -> Result<serde_json::Value, OutboundError>;
    /// Stops the process, if one runs (its server was deleted or changed).
    fn stop(&self, key: &str);
    /// The keys of the processes that said their tools, prompts or
    /// resources changed (`notifications/*/list_changed`) since the last
    /// time this was asked: the scheduled function scans them again.
    fn take_changed(&self) -> Vec<String>;
    /// What the process of `key` says outside any request from now on
    /// (list changes, resource updates), for one listener.
    fn hear(&self, key: &str) -> Box<dyn ProcessNotes>;
}

/// Notifications a process sends outside requests, as they come.
#[async_trait(?Send)]
pub trait ProcessNotes {
    /// The next one; `None` once the host has stopped.
    async fn next(&mut self) -> Option<serde_json::Value>;
}
