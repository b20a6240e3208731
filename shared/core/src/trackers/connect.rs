//! A stored tracker, connected: its token read from custody and the kind's
//! client made for it.

use super::github::Github;
use super::gitlab::Gitlab;
use super::jira::Jira;
use super::{Tracker, TrackerKind};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::store::trackers::{Tracker as StoredTracker, TrackerSettings};

/// The tracker's client, with its token revealed for this request only.
pub async fn connect<'a>(env: &'a Env, t: &StoredTracker) -> Result<Box<dyn Tracker + 'a>> {
    let (secrets, handle) = t
        .token_custody()
        .ok_or_else(|| Error::bad_request("this tracker has no token; set one"))?;
    let token = secrets.reveal(env, handle).await?;
    client(env, t.kind, &t.base_url, &token, &t.settings)
}

/// The client of a tracker kind at `base_url` with `token` (before the
/// tracker is saved, to check its credentials).
pub fn client<'a>(
    env: &'a Env,
    kind: TrackerKind,
    base_url: &str,
    token: &str,
    settings: &TrackerSettings,
) -> Result<Box<dyn Tracker + 'a>> {
    match kind {
        TrackerKind::Github => Ok(Box::new(Github::new(
            env,
            base_url,
            token,
            settings.page_size,
        ))),
        TrackerKind::Gitlab => Ok(Box::new(Gitlab::new(
            env,
            base_url,
            token,
            settings.page_size,
        ))),
        TrackerKind::Jira => Ok(Box::new(Jira::new(env, base_url, token, settings)?)),
    }
}

/// The tracker's webhook secret.
pub fn webhook_secret(env: &Env, t: &StoredTracker) -> Result<String> {
    env.cipher().open(&t.webhook_secret_enc)
}
