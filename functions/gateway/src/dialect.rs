//! Errors in the shape each endpoint's official SDK reads: OpenAI's
//! `{"error": {"message", "type", "param", "code"}}` and Anthropic's
//! `{"type": "error", "error": {"type", "message"}}`, with the status the
//! error calls for. The management routes answer Preloop's own shape.

use preloop_core::error::{Error, ErrorKind};
use preloop_core::http::Response;
use serde_json::json;

/// Who the caller is speaking as, by the path it called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Openai,
    Anthropic,
    Preloop,
}

impl Dialect {
    pub fn of(path: &str) -> Dialect {
        if path.starts_with("/openai/") {
            Dialect::Openai
        } else if path.starts_with("/anthropic/") {
            Dialect::Anthropic
        } else {
            Dialect::Preloop
        }
    }

    pub fn error(self, e: &Error) -> Response {
        match self {
            Dialect::Preloop => Response::error(e),
            Dialect::Openai => Response::json(
                e.status(),
                &json!({"error": {
                    "message": e.message,
                    "type": openai_type(e),
                    "param": null,
                    "code": code(e),
                    "detail": e.detail,
                }}),
            )
            .with_error_headers(e),
            Dialect::Anthropic => Response::json(
                e.status(),
                &json!({"type": "error", "error": {
                    "type": anthropic_type(e),
                    "message": e.message,
                    "detail": e.detail,
                }}),
            )
            .with_error_headers(e),
        }
    }
}

/// A code the caller can act on: the detail's own, else the kind's.
fn code(e: &Error) -> String {
    e.detail
        .as_ref()
        .and_then(|d| d.get("code"))
        .and_then(|c| c.as_str())
        .map_or_else(|| e.code_name().to_string(), str::to_string)
}

fn openai_type(e: &Error) -> &'static str {
    match e.kind {
        ErrorKind::Unauthorized => "authentication_error",
        ErrorKind::Forbidden => "permission_error",
        ErrorKind::TooManyRequests => "rate_limit_error",
        ErrorKind::Upstream
        | ErrorKind::UpstreamTimeout
        | ErrorKind::Unavailable
        | ErrorKind::Internal => "server_error",
        _ => "invalid_request_error",
    }
}

fn anthropic_type(e: &Error) -> &'static str {
    match e.kind {
        ErrorKind::Unauthorized => "authentication_error",
        ErrorKind::Forbidden => "permission_error",
        ErrorKind::NotFound => "not_found_error",
        ErrorKind::PayloadTooLarge => "request_too_large",
        ErrorKind::TooManyRequests => "rate_limit_error",
        ErrorKind::Unavailable => "overloaded_error",
        ErrorKind::Upstream | ErrorKind::UpstreamTimeout | ErrorKind::Internal => "api_error",
        _ => "invalid_request_error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(r: &Response) -> serde_json::Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn each_endpoint_answers_in_its_sdks_shape() {
        let e = Error::not_found("no model 'x'").with_detail(json!({"code": "model_not_found"}));
        let openai = Dialect::of("/openai/v1/chat/completions").error(&e);
        assert_eq!(openai.status, 404);
        assert_eq!(body(&openai)["error"]["code"], "model_not_found");
        assert_eq!(body(&openai)["error"]["type"], "invalid_request_error");
        let anthropic = Dialect::of("/anthropic/v1/messages").error(&e);
        assert_eq!(body(&anthropic)["type"], "error");
        assert_eq!(body(&anthropic)["error"]["type"], "not_found_error");
        let ours = Dialect::of("/api/v1/ai-models").error(&e);
        assert_eq!(body(&ours)["error"]["code"], "not_found");
    }

    #[test]
    fn a_missing_key_is_a_401_with_its_challenge() {
        let r = Dialect::Openai.error(&Error::unauthorized("missing credentials"));
        assert_eq!(r.status, 401);
        assert!(r.headers.get("www-authenticate").is_some());
        assert_eq!(body(&r)["error"]["type"], "authentication_error");
    }
}
