//! The argument check as a Worker of its own, for the edge: the proxy's
//! Worker asks it, through a service binding, whether a call's arguments
//! match the tool's pinned input schema. It holds no store and no secret:
//! it is sent the schema (keyed by the pinned definition's hash, so an
//! isolate keeps it compiled) and the arguments, and answers a
//! [`Verdict`]. Natively and on Spin the proxy checks in process
//! ([`preloop_schema::Checker`]); this Worker exists because the validator
//! does not fit in the proxy's 1 MiB.

#[cfg(feature = "cloudflare")]
mod cloudflare;

use preloop_core::ports::Verdict;
use serde::Deserialize;
use serde_json::Value;

/// A request larger than this is refused: a schema is bounded at 256 KiB
/// and a call's arguments by the proxy's body limit.
pub const MAX_REQUEST_BYTES: usize = 8 * 1024 * 1024;

#[derive(Deserialize)]
struct Ask {
    key: String,
    schema: Value,
    arguments: Value,
}

thread_local! {
    static CHECKER: preloop_schema::Checker = preloop_schema::Checker::default();
}

/// The status and JSON body answering one request's body.
pub fn answer(body: &[u8]) -> (u16, String) {
    if body.len() > MAX_REQUEST_BYTES {
        return (413, r#"{"error":"request too large"}"#.into());
    }
    let ask: Ask = match serde_json::from_slice(body) {
        Ok(a) => a,
        Err(e) => {
            return (
                400,
                serde_json::json!({"error": format!("not an argument check: {e}")}).to_string(),
            );
        }
    };
    let verdict: Verdict = CHECKER.with(|c| c.verdict(&ask.key, &ask.schema, &ask.arguments));
    match serde_json::to_string(&verdict) {
        Ok(text) => (200, text),
        // Never a verdict by default: the proxy refuses the call.
        Err(_) => (
            500,
            r#"{"error":"the verdict could not be written"}"#.into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_a_verdict_and_refuses_what_is_not_a_check() {
        let ask = json!({"key": "k", "schema": {"type": "object", "properties": {"n": {"type": "integer"}}}, "arguments": {"n": "x"}});
        let (status, body) = answer(ask.to_string().as_bytes());
        assert_eq!(status, 200);
        let verdict: Verdict = serde_json::from_str(&body).unwrap();
        assert!(matches!(verdict, Verdict::Invalid { path, .. } if path == "/n"));
        assert_eq!(answer(b"{").0, 400);
    }
}
