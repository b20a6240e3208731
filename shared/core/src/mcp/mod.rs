//! The Model Context Protocol: JSON-RPC framing, protocol versions, SSE, and
//! the client Preloop uses to reach upstream MCP servers. The server side of
//! the protocol (sessions, the Streamable HTTP endpoint) is the `mcp-proxy`
//! function's.

pub mod integrity;
pub mod jsonrpc;
pub mod oauth;
pub mod scan;
pub mod server_settings;
pub mod sse;
pub mod upstream;
pub mod versions;
