//! Preloop's core: the pure domain every function shares.
//!
//! Policy evaluation, the MCP protocol, audit records, who a request is
//! (API keys, access tokens, roles and permissions) and all SQL
//! live here, written against ports (traits) that each runtime adapter
//! implements: `shared/native` on tokio, and the edge adapters. Nothing here
//! touches a socket, a thread or a clock directly, so the crate compiles for
//! the host, `wasm32-unknown-unknown` and `wasm32-wasip2` alike.
//!
//! Futures are deliberately not `Send`: Workers' are not, and the native host
//! runs each request on a thread-local executor (see ARCHITECTURE.md).

pub mod access;
pub mod approval;
pub mod audit;
pub mod auth;
pub mod bootstrap;
pub mod config;
pub mod custody;
pub mod egress;
pub mod embed;
pub mod env;
pub mod error;
pub mod guards;
pub mod http;
pub mod ids;
pub mod instance;
pub mod line_log;
pub mod mcp;
pub mod model_api;
pub mod notify;
pub mod policy;
pub mod ports;
pub mod principal;
pub mod redact;
pub mod routes;
pub mod secrets;
pub mod store;
pub mod text;
pub mod timing;
pub mod trackers;

pub use env::Env;
pub use error::{Error, ErrorKind, Result};
