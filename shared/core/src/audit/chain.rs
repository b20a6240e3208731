//! The tamper evidence of the audit trail, as pure functions.
//!
//! Every record gets, when it reaches its final outcome, a place in its
//! account's sequence (`seq`, 1, 2, 3, … with no gaps: given by a counter in
//! the same transaction) and a `content_hash`: SHA-256 of its fields in a
//! fixed order. The checkpointer then folds records, in `seq` order, into a
//! chain: `chain(n) = SHA-256("preloop-audit-chain-v1" ‖ chain(n-1) ‖ seq(n)
//! as 8 bytes big-endian ‖ content_hash(n))`, starting from a genesis value
//! per account, and signs the chain value at the end of each range it
//! covers. Changing a record changes its content hash; removing one leaves a
//! gap in `seq`; reordering changes the chain; a record added without going
//! through the counter has no `seq`. A signature over the chain value makes
//! rewriting the whole tail detectable without the key.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The fields of a final record that its content hash covers, in order.
/// `arguments` and `trace` are the exact text stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Content<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub request_id: &'a str,
    pub created_at: i64,
    pub api_key_id: Option<&'a str>,
    pub principal: &'a str,
    pub server_id: Option<&'a str>,
    pub server_name: Option<&'a str>,
    pub tool: &'a str,
    pub arguments: &'a str,
    pub decision: &'a str,
    pub rule_id: Option<&'a str>,
    pub reason: &'a str,
    pub outcome: &'a str,
    pub error: Option<&'a str>,
    pub duration_ms: Option<i64>,
    pub completed_at: Option<i64>,
    pub trace: Option<&'a str>,
    pub instance_id: Option<&'a str>,
}

impl Content<'_> {
    /// Hex SHA-256 of the fields as one JSON array (strings, integers and
    /// nulls only, so its serialisation is unambiguous), after a version tag.
    pub fn hash(&self) -> String {
        let fields: Value = json!([
            self.id,
            self.account_id,
            self.request_id,
            self.created_at,
            self.api_key_id,
            self.principal,
            self.server_id,
            self.server_name,
            self.tool,
            self.arguments,
            self.decision,
            self.rule_id,
            self.reason,
            self.outcome,
            self.error,
            self.duration_ms,
            self.completed_at,
            self.trace,
            self.instance_id,
        ]);
        let mut h = Sha256::new();
        h.update(b"preloop-audit-record-v1\n");
        h.update(fields.to_string().as_bytes());
        hex::encode(h.finalize())
    }
}

/// Where an account's chain starts.
pub fn genesis(account_id: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"preloop-audit-genesis-v1\n");
    h.update(account_id.as_bytes());
    hex::encode(h.finalize())
}

/// The chain value after appending one record.
pub fn link(previous: &str, seq: i64, content_hash: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"preloop-audit-chain-v1\n");
    h.update(previous.as_bytes());
    h.update(seq.to_be_bytes());
    h.update(content_hash.as_bytes());
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> Content<'static> {
        Content {
            id: "a1",
            account_id: "acc",
            request_id: "r1",
            created_at: 1,
            api_key_id: Some("k"),
            principal: "key:k:n",
            server_id: None,
            server_name: None,
            tool: "t",
            arguments: "{}",
            decision: "allow",
            rule_id: None,
            reason: "because",
            outcome: "ok",
            error: None,
            duration_ms: Some(3),
            completed_at: Some(4),
            trace: None,
            instance_id: None,
        }
    }

    #[test]
    fn every_field_and_position_counts() {
        let base = content().hash();
        assert_eq!(base, content().hash());
        let changed = [
            Content {
                reason: "because!",
                ..content()
            },
            Content {
                outcome: "tool_error",
                ..content()
            },
            Content {
                error: Some(""),
                ..content()
            },
            Content {
                duration_ms: None,
                ..content()
            },
            Content {
                arguments: "{ }",
                ..content()
            },
            // A value moved to the next field is not the same record.
            Content {
                server_id: Some("t"),
                tool: "",
                ..content()
            },
        ];
        for c in changed {
            assert_ne!(c.hash(), base, "{c:?}");
        }
        let g = genesis("acc");
        assert_ne!(g, genesis("acd"));
        let (a, b) = (link(&g, 1, "x"), link(&g, 2, "x"));
        assert_ne!(a, b);
        assert_ne!(link(&a, 2, "y"), link(&link(&g, 1, "y"), 2, "x"));
    }
}
