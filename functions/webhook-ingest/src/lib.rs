//! The webhook ingest: `POST /api/v1/private/webhooks/{tracker_type}/{organization_id}`.
//!
//! A delivery is checked against the tracker's webhook secret over the raw
//! body, in constant time, before anything in it is read; a bad or missing
//! signature is 401 and nothing is stored. A good one is stored once (by
//! the tracker's delivery id: a repeat is acknowledged and dropped) and
//! answered 202 at once. The work (normalised events, the issue index) is
//! done after the answer, by the scheduled sync, which the queue port
//! wakes; so a tracker's timeout (GitHub waits 10 s) is never at stake.

#[cfg(feature = "cloudflare")]
mod cloudflare;
#[cfg(feature = "spin")]
mod spin;

use preloop_core::error::ErrorKind;
use preloop_core::http::{Request, Response, segments};
use preloop_core::ports::QueueMessage;
use preloop_core::store::{tracker_inbox, trackers};
use preloop_core::trackers::{apply, connect, webhooks};
use preloop_core::{Env, Error, Result};
use serde_json::json;

pub const PREFIX: &str = "/api/v1/private/webhooks/";

/// Whether this function serves `path`.
pub fn serves(path: &str) -> bool {
    path.starts_with(PREFIX)
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    if request.method != "POST" {
        return Response::error(&Error::new(ErrorKind::MethodNotAllowed, "use POST"))
            .with_header("allow", "POST");
    }
    match ingest(request, env).await {
        Ok(response) => response,
        Err(e) => Response::error(&e),
    }
}

async fn ingest(request: &Request, env: &Env) -> Result<Response> {
    preloop_core::routes::find(
        preloop_core::routes::WEBHOOK_INGEST,
        &request.method,
        &request.path,
    )?;
    let (kind, organization_id) = match segments(&request.path).as_slice() {
        ["api", "v1", "private", "webhooks", kind, org] => (apply::kind_of_path(kind)?, *org),
        _ => return Err(Error::not_found("no such webhook")),
    };
    if request.body.len() > webhooks::MAX_DELIVERY_BYTES {
        return Err(Error::new(
            ErrorKind::PayloadTooLarge,
            format!(
                "a delivery is at most {} bytes",
                webhooks::MAX_DELIVERY_BYTES
            ),
        ));
    }
    // An unknown organization, another kind's address and a bad signature
    // all answer the same 401: the address says nothing to a prober.
    let refused = || Error::unauthorized("the webhook's signature does not match");
    if organization_id.len() > 64 {
        return Err(refused());
    }
    let organization = trackers::organization_by_id(env.sql(), organization_id)
        .await?
        .ok_or_else(refused)?;
    let tracker = trackers::by_id(env.sql(), &organization.tracker_id)
        .await?
        .filter(|t| t.kind == kind)
        .ok_or_else(refused)?;
    let secret = connect::webhook_secret(env, &tracker)?;
    webhooks::verify(kind, &request.headers, &request.body, &secret)?;
    let payload = std::str::from_utf8(&request.body)
        .map_err(|_| Error::bad_request("a delivery is UTF-8 JSON"))?;
    if serde_json::from_str::<serde::de::IgnoredAny>(payload).is_err() {
        return Err(Error::bad_request("a delivery is JSON"));
    }
    let (delivery_id, event) = webhooks::delivery_of(kind, &request.headers, &request.body);
    let stored = tracker_inbox::receive(
        env.sql(),
        &tracker_inbox::Received {
            id: &env.new_id(),
            account_id: &tracker.account_id,
            tracker_id: &tracker.id,
            organization_id: &organization.id,
            delivery_id: &delivery_id,
            event: &event,
            payload,
        },
        env.now_ms(),
    )
    .await?;
    if stored {
        env.wake(QueueMessage::TrackerWorkDue).await;
    }
    Ok(Response::json(
        202,
        &json!({"received": true, "duplicate": !stored, "delivery": delivery_id}),
    ))
}
