//! The HTTP trigger: an HTTP/1.1 server that routes each request as Spin
//! does and hands it to the component's instances (`instances`).

use crate::instances::ComponentInstances;
use crate::routes::{Matched, Router};
use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use wasmtime_wasi_http::handler::ProxyHandler;

pub struct App {
    pub router: Router,
    pub components: HashMap<String, ProxyHandler<ComponentInstances>>,
}

type Body = UnsyncBoxBody<Bytes, wasmtime_wasi_http::Error>;

fn plain(status: u16, message: &str) -> hyper::Response<Body> {
    let mut response = hyper::Response::new(
        Full::new(Bytes::from(message.to_string()))
            .map_err(|e| match e {})
            .boxed_unsync(),
    );
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response
}

pub async fn serve(app: Arc<App>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    loop {
        // A failed accept (out of file descriptors, a connection reset
        // before it was taken) is that connection's, not the server's.
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                eprintln!("[spin-host] accept: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let app = app.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                let app = app.clone();
                async move { Ok::<_, std::convert::Infallible>(dispatch(&app, peer, request).await) }
            });
            // A client that goes away mid-request is not the host's error.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The `spin-*` headers the trigger gives a component. Spin appends them
/// after the request's own headers, so a client that sends one of them
/// itself is seen first: a component must read the last value.
fn spin_headers(
    headers: &mut http::HeaderMap,
    matched: &Matched<'_>,
    full_url: &str,
    peer: SocketAddr,
) {
    let mut set = |name: String, value: &str| {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    };
    set("spin-full-url".into(), full_url);
    set("spin-path-info".into(), &matched.path_info);
    set("spin-matched-route".into(), &matched.route.raw);
    set("spin-base-path".into(), "/");
    set("spin-raw-component-route".into(), &matched.route.raw);
    set("spin-component-route".into(), &matched.route.base());
    set("spin-client-addr".into(), &peer.to_string());
    for (name, value) in &matched.params {
        set(
            format!(
                "spin-path-match-{}",
                name.to_ascii_lowercase().replace('_', "-")
            ),
            value,
        );
    }
}

async fn dispatch(
    app: &App,
    peer: SocketAddr,
    request: hyper::Request<hyper::body::Incoming>,
) -> hyper::Response<Body> {
    let path = request.uri().path().to_string();
    // Spin answers these itself, before any route.
    if path == "/.well-known/spin/health" {
        return plain(200, "OK");
    }
    if path.starts_with("/.well-known/spin/") {
        return plain(404, "");
    }
    let Some(matched) = app.router.route(&path) else {
        return plain(404, "");
    };
    let Some(component) = app.components.get(&matched.route.component) else {
        return plain(404, "");
    };
    let (mut parts, body) = request.into_parts();
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_string();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/")
        .to_string();
    let full_url = format!("http://{host}{path_and_query}");
    if let Ok(uri) = full_url.parse() {
        parts.uri = uri;
    }
    spin_headers(&mut parts.headers, &matched, &full_url, peer);
    let request = http::Request::from_parts(parts, body.map_err(wasmtime_wasi_http::Error::from));
    let request = request.map(BodyExt::boxed_unsync);
    match component.handle((), request).await {
        Ok(response) => response,
        Err(e) => {
            // Spin answers a trap or an error code with an empty 500.
            eprintln!("[spin-host] {}: {e:?}", matched.route.component);
            plain(500, "")
        }
    }
}
