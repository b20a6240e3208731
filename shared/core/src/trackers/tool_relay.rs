//! The built-in issue tools across a Worker boundary. At the edge the
//! trackers' clients do not fit in the proxy's Worker, so the proxy, once
//! its policy has let a call through, sends it to the trackers Worker over
//! a service binding. That Worker also serves public routes, so the call
//! carries its own proof: a MAC over the path, the time and the body, keyed
//! from the deployment's secret key (which both Workers hold), and it is
//! refused when older than a minute.

use crate::error::{Error, ErrorKind, Result};
use crate::http::Request;
use crate::ports::IssueToolCall;
use crate::secrets::Cipher;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where the trackers Worker takes relayed calls (no public route has it).
pub const PATH: &str = "/internal/issue-tools/run";
/// The headers the proof travels in.
pub const TIMESTAMP_HEADER: &str = "x-preloop-timestamp";
pub const SIGNATURE_HEADER: &str = "x-preloop-signature";
/// How far a relayed call's time may be from the receiver's clock.
const MAX_SKEW_MS: i64 = 60_000;
/// The largest relayed call taken (a tool's text arguments are bounded far
/// below this).
pub const MAX_BODY: usize = 1024 * 1024;

/// A call as it is relayed.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relayed {
    pub account_id: String,
    pub actor: String,
    pub tool: String,
    pub arguments: Value,
}

impl Relayed {
    pub fn call(&self) -> IssueToolCall<'_> {
        IssueToolCall {
            account_id: &self.account_id,
            actor: &self.actor,
            tool: &self.tool,
            arguments: &self.arguments,
        }
    }
}

/// The trackers Worker's answer: the tool's result, or why it could not be
/// run at all.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Result(Value),
    Error(String),
}

fn signed_message(timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(PATH.len() + timestamp.len() + body.len() + 2);
    m.extend_from_slice(PATH.as_bytes());
    m.push(b'\n');
    m.extend_from_slice(timestamp.as_bytes());
    m.push(b'\n');
    m.extend_from_slice(body);
    m
}

/// The body of a relayed call and its two proof headers.
pub fn signed(
    cipher: &Cipher,
    now_ms: i64,
    call: &IssueToolCall<'_>,
) -> Result<(String, [(&'static str, String); 2])> {
    let relayed = Relayed {
        account_id: call.account_id.to_string(),
        actor: call.actor.to_string(),
        tool: call.tool.to_string(),
        arguments: call.arguments.clone(),
    };
    let body = serde_json::to_string(&relayed).map_err(|e| Error::internal(e.to_string()))?;
    let timestamp = now_ms.to_string();
    let mac = cipher.internal_mac(&signed_message(&timestamp, body.as_bytes()));
    Ok((
        body,
        [
            (TIMESTAMP_HEADER, timestamp),
            (SIGNATURE_HEADER, hex::encode(mac)),
        ],
    ))
}

/// The relayed call in `request`, once its proof holds.
pub fn verified(cipher: &Cipher, now_ms: i64, request: &Request) -> Result<Relayed> {
    let refused = || Error::unauthorized("not a relayed call of this deployment");
    if request.body.len() > MAX_BODY {
        return Err(Error::new(
            ErrorKind::PayloadTooLarge,
            format!("a relayed call is at most {MAX_BODY} bytes"),
        ));
    }
    let timestamp = request.headers.get(TIMESTAMP_HEADER).ok_or_else(refused)?;
    let at: i64 = timestamp.parse().map_err(|_| refused())?;
    if (now_ms - at).abs() > MAX_SKEW_MS {
        return Err(refused());
    }
    let mac = request
        .headers
        .get(SIGNATURE_HEADER)
        .and_then(|h| hex::decode(h.trim()).ok())
        .ok_or_else(refused)?;
    if !cipher.internal_mac_matches(&signed_message(timestamp, &request.body), &mac) {
        return Err(refused());
    }
    serde_json::from_slice(&request.body)
        .map_err(|_| Error::bad_request("a relayed call is not one this deployment sends"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(body: &str, headers: &[(&str, String)]) -> Request {
        headers
            .iter()
            .fold(Request::new("POST", PATH), |r, (k, v)| r.with_header(k, v))
            .with_body(body.to_string())
    }

    #[test]
    fn a_signed_call_is_taken_and_any_change_refused() {
        let ours = Cipher::new(&[7; 32]);
        let now = 1_000_000;
        let arguments = json!({"issue": "o/r#1"});
        let call = IssueToolCall {
            account_id: "acc",
            actor: "key:ops",
            tool: "get_issue",
            arguments: &arguments,
        };
        let (body, headers) = signed(&ours, now, &call).unwrap();
        let taken = verified(&ours, now + 500, &request(&body, &headers)).unwrap();
        assert_eq!(
            (taken.account_id.as_str(), taken.tool.as_str()),
            ("acc", "get_issue")
        );

        // Another account in the same body: the MAC no longer matches.
        let forged = body.replace("\"acc\"", "\"other\"");
        let e = verified(&ours, now, &request(&forged, &headers)).unwrap_err();
        assert_eq!(e.status(), 401);
        // No proof, or a proof made with another deployment's key.
        assert!(verified(&ours, now, &request(&body, &[])).is_err());
        let (_, theirs) = signed(&Cipher::new(&[9; 32]), now, &call).unwrap();
        assert!(verified(&ours, now, &request(&body, &theirs)).is_err());
        // Replayed after a minute.
        assert!(verified(&ours, now + 61_000, &request(&body, &headers)).is_err());
    }
}
