//! The console: the web app people run Preloop from, and its live channel.
//!
//! - `GET /` and `GET /assets/*`: the single-page app built from
//!   `web/console` ([`files`]), embedded in this function so that every
//!   host serves it the same way;
//! - `GET /api/v1/events`: the signed-in caller's account, as it happens,
//!   as server-sent events ([`events`]).

#[cfg(feature = "cloudflare")]
mod cloudflare;
#[cfg(feature = "spin")]
mod spin;

pub mod events;
pub mod files;

use preloop_core::Env;
use preloop_core::http::{Request, Response};

/// Whether this function serves `path`.
pub fn serves(path: &str) -> bool {
    path == events::PATH || files::serves(path)
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    if request.path == events::PATH {
        events::handle(request, env).await
    } else {
        files::handle(request)
    }
}
