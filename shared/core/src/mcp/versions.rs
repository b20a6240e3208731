//! The MCP protocol generations Preloop speaks.

/// Versions negotiated with the `initialize` handshake (sessions).
pub const HANDSHAKE: &[&str] = &["2025-03-26", "2025-06-18", "2025-11-25"];
/// Stateless versions: every request carries its version in `_meta`.
pub const MODERN: &[&str] = &["2026-07-28"];
pub const LATEST_HANDSHAKE: &str = "2025-11-25";

pub const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
pub const META_CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
pub const META_CLIENT_INFO: &str = "io.modelcontextprotocol/clientInfo";

pub const HEADER_SESSION_ID: &str = "mcp-session-id";
pub const HEADER_PROTOCOL_VERSION: &str = "mcp-protocol-version";
pub const HEADER_METHOD: &str = "mcp-method";
pub const HEADER_NAME: &str = "mcp-name";

/// The version to answer an `initialize` asking for `requested`: the same if
/// we speak it, else our latest handshake version (the client then decides).
pub fn negotiate(requested: Option<&str>) -> &'static str {
    requested
        .and_then(|r| HANDSHAKE.iter().find(|v| **v == r).copied())
        .unwrap_or(LATEST_HANDSHAKE)
}

pub fn is_supported(version: &str) -> bool {
    HANDSHAKE.contains(&version) || MODERN.contains(&version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation() {
        assert_eq!(negotiate(Some("2025-03-26")), "2025-03-26");
        assert_eq!(negotiate(Some("1999-01-01")), LATEST_HANDSHAKE);
        assert_eq!(negotiate(None), LATEST_HANDSHAKE);
        assert!(is_supported("2026-07-28"));
        assert!(!is_supported("2024-01-01"));
    }
}
