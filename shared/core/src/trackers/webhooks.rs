//! Webhooks from trackers: checking that a delivery is the tracker's
//! (over the raw body, in constant time, before anything in it is read),
//! naming the delivery so a repeat is recognised, and reading it into
//! normalised events and the issue and comment it carries.

use super::events::Event;
use super::{RemoteComment, RemoteIssue, TrackerKind, github, gitlab, jira};
use crate::error::{Error, Result};
use crate::http::Headers;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The largest delivery accepted (GitHub caps payloads at 25 MB, but an
/// issue event is a few KB; the biggest real ones are pushes, not asked
/// for).
pub const MAX_DELIVERY_BYTES: usize = 2 * 1024 * 1024;

/// Checks a delivery against the tracker's webhook secret. Every failure
/// is the same 401, so a caller learns nothing about which part was wrong.
pub fn verify(kind: TrackerKind, headers: &Headers, body: &[u8], secret: &str) -> Result<()> {
    let refused = || Error::unauthorized("the webhook's signature does not match");
    match kind {
        TrackerKind::Github | TrackerKind::Jira => {
            // GitHub: X-Hub-Signature-256; Jira (webhooks with a secret):
            // X-Hub-Signature. Both `sha256=<hex>` over the raw body.
            let header = match kind {
                TrackerKind::Github => headers.get("x-hub-signature-256"),
                _ => headers
                    .get("x-hub-signature")
                    .or_else(|| headers.get("x-hub-signature-256")),
            };
            let hex_sig = header
                .and_then(|h| h.trim().strip_prefix("sha256="))
                .ok_or_else(refused)?;
            let signature = hex::decode(hex_sig).map_err(|_| refused())?;
            let mut mac =
                Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|_| refused())?;
            mac.update(body);
            mac.verify_slice(&signature).map_err(|_| refused())
        }
        TrackerKind::Gitlab => {
            let token = headers.get("x-gitlab-token").ok_or_else(refused)?;
            // Compared as digests, so the time taken says nothing about
            // how much of the token was right.
            if constant_time_eq(
                &Sha256::digest(token.as_bytes()),
                &Sha256::digest(secret.as_bytes()),
            ) {
                Ok(())
            } else {
                Err(refused())
            }
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The delivery's own id (so a repeat is stored once) and the tracker's
/// name for its event.
pub fn delivery_of(kind: TrackerKind, headers: &Headers, body: &[u8]) -> (String, String) {
    let (id, event) = match kind {
        TrackerKind::Github => (
            headers.get("x-github-delivery"),
            headers.get("x-github-event"),
        ),
        TrackerKind::Gitlab => (
            headers
                .get("x-gitlab-event-uuid")
                .or_else(|| headers.get("idempotency-key")),
            headers.get("x-gitlab-event"),
        ),
        TrackerKind::Jira => (headers.get("x-atlassian-webhook-identifier"), None),
    };
    let id = id
        .map(|s| super::clip(s.trim(), 128))
        .filter(|s| !s.is_empty())
        // A tracker that names no delivery: the same bytes are the same
        // delivery.
        .unwrap_or_else(|| format!("sha256:{}", hex::encode(Sha256::digest(body))));
    let event = event
        .map(|s| super::clip(s.trim(), 64))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            serde_json::from_slice::<Value>(body)
                .ok()
                .and_then(|v| {
                    v.get("webhookEvent")
                        .or_else(|| v.get("object_kind"))
                        .and_then(Value::as_str)
                        .map(|s| super::clip(s, 64))
                })
                .unwrap_or_else(|| "unknown".to_string())
        });
    (id, event)
}

/// What a delivery says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    /// The project it is about (owner/repo, group/project, the Jira key).
    pub project: Option<String>,
    /// The issue as the delivery has it, to store if newer.
    pub issue: Option<RemoteIssue>,
    /// An issue the tracker deleted (its external id).
    pub deleted_issue: Option<String>,
    /// A comment, with its issue's external id.
    pub comment: Option<(String, RemoteComment)>,
    pub events: Vec<Event>,
}

/// Reads a verified delivery. An event Preloop does not follow reads as
/// nothing (no events), which is not an error.
pub fn read(kind: TrackerKind, event: &str, payload: &Value) -> Result<Reading> {
    match kind {
        TrackerKind::Github => github::read_webhook(event, payload),
        TrackerKind::Gitlab => gitlab::read_webhook(event, payload),
        TrackerKind::Jira => jira::read_webhook(event, payload),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(secret: &str, body: &[u8]) -> Headers {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body);
        let mut h = Headers::new();
        h.insert(
            "x-hub-signature-256",
            format!("sha256={}", hex::encode(mac.finalize().into_bytes())),
        );
        h
    }

    #[test]
    fn github_signatures_are_checked_over_the_raw_body() {
        let body = br#"{"action":"opened"}"#;
        let h = signed("s3cret", body);
        assert!(verify(TrackerKind::Github, &h, body, "s3cret").is_ok());
        assert!(verify(TrackerKind::Github, &h, body, "other").is_err());
        assert!(verify(TrackerKind::Github, &h, br#"{"action":"closed"}"#, "s3cret").is_err());
        assert!(verify(TrackerKind::Github, &Headers::new(), body, "s3cret").is_err());
        let mut garbled = Headers::new();
        garbled.insert("x-hub-signature-256", "sha256=zz");
        assert!(verify(TrackerKind::Github, &garbled, body, "s3cret").is_err());
    }

    #[test]
    fn gitlab_tokens_must_match_exactly() {
        let mut h = Headers::new();
        h.insert("x-gitlab-token", "tok");
        assert!(verify(TrackerKind::Gitlab, &h, b"{}", "tok").is_ok());
        assert!(verify(TrackerKind::Gitlab, &h, b"{}", "tok2").is_err());
    }

    #[test]
    fn a_delivery_without_an_id_is_named_by_its_bytes() {
        let (a, _) = delivery_of(
            TrackerKind::Jira,
            &Headers::new(),
            b"{\"webhookEvent\":\"x\"}",
        );
        let (b, event) = delivery_of(
            TrackerKind::Jira,
            &Headers::new(),
            b"{\"webhookEvent\":\"x\"}",
        );
        assert_eq!(a, b);
        assert_eq!(event, "x");
        assert!(a.starts_with("sha256:"));
    }
}
