//! Redaction of secret-looking values before arguments reach the audit log.

use serde_json::Value;

const SECRET_MARKERS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "authorization",
    "credential",
    "private_key",
    "privatekey",
    "access_key",
    "accesskey",
    "cookie",
    "session_key",
    "signature",
];

pub const REDACTED: &str = "[REDACTED]";

pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    SECRET_MARKERS.iter().any(|m| k.contains(m))
}

/// A copy of `value` with the values of secret-looking keys replaced, at any depth.
pub fn redact(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_secret_key(k) {
                        Value::String(REDACTED.into())
                    } else {
                        redact(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn redacts_nested_secret_keys() {
        let v = json!({"user": "bob", "Password": "x", "nested": {"apiKey": "k", "list": [{"auth_token": 1}]}});
        let r = redact(&v);
        assert_eq!(r["user"], "bob");
        assert_eq!(r["Password"], REDACTED);
        assert_eq!(r["nested"]["apiKey"], REDACTED);
        assert_eq!(r["nested"]["list"][0]["auth_token"], REDACTED);
    }
}
