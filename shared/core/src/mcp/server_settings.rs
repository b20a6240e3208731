//! What makes an upstream server's settings valid, whether they arrive through
//! the API or in a policy file.

use crate::egress::EgressPolicy;
use crate::error::{Error, Result};

pub const MIN_TIMEOUT_MS: i64 = 100;
pub const MAX_TIMEOUT_MS: i64 = 600_000;

/// Server names become tool-name prefixes (`name__tool`), so they are kept
/// to characters every MCP client accepts, and may not contain the separator.
pub fn validate_name(name: &str) -> Result<()> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if name.is_empty()
        || name.len() > 64
        || !ok_chars
        || name.contains("__")
        || name.starts_with('_')
        || name.ends_with('_')
    {
        return Err(Error::bad_request(
            "name must be 1-64 characters of letters, digits, '-' and '_', without '__' and not starting or ending with '_'",
        ));
    }
    Ok(())
}

/// A server's prefix when set: empty (no prefix), or a name by the same
/// rules as server names.
pub fn validate_prefix(prefix: &str) -> Result<()> {
    if prefix.is_empty() {
        return Ok(());
    }
    validate_name(prefix).map_err(|_| {
        Error::bad_request(
            "prefix must be empty, or 1-64 characters of letters, digits, '-' and '_', without '__' and not starting or ending with '_'",
        )
    })
}

/// An upstream's URL as it is set: absolute http(s), without credentials,
/// on a network the egress policy allows (link-local and metadata never).
/// Offline (a policy file checked by the CLI) the deployment's policy is not
/// known; pass [`EgressPolicy::ANY_NETWORK`] to check everything else.
pub fn validate_url(url: &str, egress: &EgressPolicy) -> Result<()> {
    egress.check_url(url)
}

pub fn validate_timeout(t: i64) -> Result<i64> {
    if (MIN_TIMEOUT_MS..=MAX_TIMEOUT_MS).contains(&t) {
        Ok(t)
    } else {
        Err(Error::bad_request(format!(
            "timeout_ms must be between {MIN_TIMEOUT_MS} and {MAX_TIMEOUT_MS}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_urls() {
        assert!(validate_name("files-1").is_ok());
        assert!(validate_name("a_b").is_ok());
        for bad in ["", "a__b", "_a", "a_", "a b", "ä"] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
        let any = EgressPolicy::ANY_NETWORK;
        assert!(validate_url("http://127.0.0.1:9/mcp", &any).is_ok());
        assert!(validate_url("http://10.1.2.3/mcp", &any).is_ok());
        for bad in [
            "ftp://x",
            "http://",
            "http:///x",
            "http://a b",
            "http://u:p@x/",
            "http://169.254.169.254/",
        ] {
            assert!(validate_url(bad, &any).is_err(), "{bad}");
        }
        assert!(validate_timeout(99).is_err());
        assert_eq!(validate_timeout(100).ok(), Some(100));
    }
}
