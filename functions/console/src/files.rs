//! The console's built files, served as they were built: `index.html` at
//! `/` (never cached, so a new build is picked up at once) and the
//! content-hashed `assets/*` (cached for good: a new build has new names).

use preloop_core::http::{Request, Response};
use preloop_core::routes;
use preloop_core::{Error, ErrorKind};

mod built {
    include!(concat!(env!("OUT_DIR"), "/files.rs"));
}

pub const INDEX_PATH: &str = "/";
pub const ASSETS_PREFIX: &str = "/assets/";

/// What the page may do: load its own scripts and styles, talk to this
/// origin, and nothing else (no inline script, never framed).
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

pub fn serves(path: &str) -> bool {
    path == INDEX_PATH || path.starts_with(ASSETS_PREFIX)
}

fn find(path: &str) -> Option<(&'static str, &'static [u8])> {
    built::FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, media, bytes)| (*media, *bytes))
}

pub fn handle(request: &Request) -> Response {
    if let Err(e) = routes::find(routes::CONSOLE, &request.method, &request.path) {
        return Response::error(&e);
    }
    let (path, cache) = if request.path == INDEX_PATH {
        ("/index.html", "no-cache")
    } else {
        (request.path.as_str(), "public, max-age=31536000, immutable")
    };
    let Some((media, bytes)) = find(path) else {
        return Response::error(&if built::FILES.is_empty() {
            Error::new(
                ErrorKind::Unavailable,
                "the console was not built into this binary: run scripts/build-console.sh, then build again",
            )
        } else {
            Error::not_found(format!("no console file {}", truncated(path)))
        });
    };
    let body = if request.method == "HEAD" {
        &[][..]
    } else {
        bytes
    };
    Response::text(200, media, bytes::Bytes::from_static(body))
        .with_header("cache-control", cache)
        .with_header("content-security-policy", CONTENT_SECURITY_POLICY)
        .with_header("x-content-type-options", "nosniff")
        .with_header("x-frame-options", "DENY")
        .with_header("referrer-policy", "same-origin")
}

fn truncated(path: &str) -> String {
    path.chars().take(200).collect()
}
