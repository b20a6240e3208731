//! One error type for the whole domain. Each error knows its HTTP status and
//! JSON-RPC code, and its message is always safe to show a caller: no secrets,
//! no SQL, no upstream credentials. Details for operators go to `tracing`.

use serde_json::json;
use std::fmt;

/// What went wrong, in the terms a caller can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    NotAcceptable,
    /// The request's body did not arrive in time.
    RequestTimeout,
    /// Over a rate limit; `detail.retry_after` says when to try again.
    TooManyRequests,
    /// A dependency we need (the store, the audit log) cannot be reached.
    Unavailable,
    /// An upstream server failed or answered nonsense.
    Upstream,
    /// An upstream server did not answer in the time it has.
    UpstreamTimeout,
    Internal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// Structured detail safe to show (e.g. where a CEL expression fails).
    pub detail: Option<serde_json::Value>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            detail: None,
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthorized, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, message)
    }
    pub fn upstream(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Upstream, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
    pub fn with_detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = Some(detail);
        self
    }

    pub fn status(&self) -> u16 {
        match self.kind {
            ErrorKind::BadRequest => 400,
            ErrorKind::Unauthorized => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::MethodNotAllowed => 405,
            ErrorKind::NotAcceptable => 406,
            ErrorKind::RequestTimeout => 408,
            ErrorKind::TooManyRequests => 429,
            ErrorKind::Conflict => 409,
            ErrorKind::PayloadTooLarge => 413,
            ErrorKind::UnsupportedMediaType => 415,
            ErrorKind::Upstream => 502,
            ErrorKind::UpstreamTimeout => 504,
            ErrorKind::Unavailable => 503,
            ErrorKind::Internal => 500,
        }
    }

    /// The JSON-RPC error code used when this error answers an MCP request.
    pub fn jsonrpc_code(&self) -> i64 {
        match self.kind {
            ErrorKind::BadRequest | ErrorKind::PayloadTooLarge => {
                crate::mcp::jsonrpc::INVALID_REQUEST
            }
            ErrorKind::NotFound => crate::mcp::jsonrpc::INVALID_PARAMS,
            ErrorKind::Unauthorized => crate::mcp::jsonrpc::UNAUTHORIZED,
            ErrorKind::Forbidden => crate::mcp::jsonrpc::FORBIDDEN,
            ErrorKind::TooManyRequests => crate::mcp::jsonrpc::RATE_LIMITED,
            ErrorKind::RequestTimeout => crate::mcp::jsonrpc::INVALID_REQUEST,
            _ => crate::mcp::jsonrpc::INTERNAL_ERROR,
        }
    }

    /// A short machine-readable name for the REST error body.
    pub fn code_name(&self) -> &'static str {
        match self.kind {
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::MethodNotAllowed => "method_not_allowed",
            ErrorKind::Conflict => "conflict",
            ErrorKind::PayloadTooLarge => "payload_too_large",
            ErrorKind::UnsupportedMediaType => "unsupported_media_type",
            ErrorKind::NotAcceptable => "not_acceptable",
            ErrorKind::RequestTimeout => "request_timeout",
            ErrorKind::TooManyRequests => "rate_limited",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Upstream => "upstream_error",
            ErrorKind::UpstreamTimeout => "upstream_timeout",
            ErrorKind::Internal => "internal",
        }
    }

    /// Over a rate limit: retry after `seconds`.
    pub fn too_many_requests(message: impl Into<String>, seconds: u64) -> Self {
        Error::new(ErrorKind::TooManyRequests, message).with_detail(json!({"retry_after": seconds}))
    }
    /// Seconds to wait before retrying, for a `Retry-After` header.
    pub fn retry_after(&self) -> Option<u64> {
        self.detail
            .as_ref()
            .and_then(|d| d.get("retry_after"))
            .and_then(|v| v.as_u64())
    }

    /// The REST body: `{"error": {"code", "message", "detail"?}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut body = json!({"code": self.code_name(), "message": self.message});
        if let (Some(detail), Some(obj)) = (&self.detail, body.as_object_mut()) {
            obj.insert("detail".into(), detail.clone());
        }
        json!({ "error": body })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code_name(), self.message)
    }
}

impl std::error::Error for Error {}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::bad_request(format!("invalid JSON: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_codes() {
        assert_eq!(Error::unauthorized("x").status(), 401);
        assert_eq!(Error::unavailable("x").status(), 503);
        assert_eq!(Error::bad_request("x").jsonrpc_code(), -32600);
        assert_eq!(Error::internal("x").jsonrpc_code(), -32603);
        let body = Error::bad_request("nope")
            .with_detail(json!({"line": 1}))
            .to_json();
        assert_eq!(body["error"]["code"], "bad_request");
        assert_eq!(body["error"]["detail"]["line"], 1);
    }
}
