//! Sending what the outbox holds: one attempt per due delivery, claimed so
//! that only one sender on any instance makes it, with exponential backoff
//! (and jitter) between attempts and the outcome recorded either way.

use super::account_mail::AccountMail;
use super::announce::open_settings;
use super::budget::BudgetNotice;
use super::channel::{ChannelSettings, EmailSettings, PushProxy};
use super::integrity::IntegrityNotice;
use super::message::Notification;
use super::notice::Notice;
use super::signature;
use crate::env::Env;
use crate::error::Result;
use crate::http::Headers;
use crate::ports::{Mail, OutboundError, OutboundRequest};
use crate::store::notifications::{self, Delivery, Outcome};
use bytes::Bytes;
use serde_json::Value;

/// Attempts per notification before it is marked `failed`.
pub const MAX_ATTEMPTS: i64 = 8;
/// The longest wait between two attempts.
const MAX_BACKOFF_MS: i64 = 10 * 60 * 1000;
/// How long a claimed attempt may take before another sender may retry it.
const CLAIM_MS: i64 = 60_000;
const SEND_TIMEOUT_MS: u64 = 15_000;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub delivered: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// Why an attempt did not deliver.
struct Failure {
    error: String,
    status: Option<u16>,
    /// Worth trying again (timeouts, 5xx, 429); a 4xx will not fix itself.
    retry: bool,
}

impl Failure {
    fn permanent(error: impl Into<String>) -> Self {
        Failure {
            error: error.into(),
            status: None,
            retry: false,
        }
    }
}

/// Sends every delivery that is due now.
pub async fn deliver_due(env: &Env) -> Result<Report> {
    let mut report = Report::default();
    let now = env.now_ms();
    for id in notifications::due(env.sql(), now, 100).await? {
        let Some(d) = notifications::claim(env.sql(), &id, now, now + CLAIM_MS).await? else {
            continue;
        };
        let outcome = attempt(env, &d).await;
        let done = env.now_ms();
        match outcome {
            Ok(status) => {
                notifications::finish(env.sql(), &d.id, Outcome::Delivered { status }, done)
                    .await?;
                report.delivered += 1;
            }
            Err(f) => {
                let retry_at = (f.retry && d.attempts < MAX_ATTEMPTS)
                    .then(|| done + backoff_ms(env, d.attempts));
                if retry_at.is_some() {
                    report.retrying += 1;
                } else {
                    report.failed += 1;
                }
                tracing::warn!(delivery = %d.id, kind = %d.kind, attempt = d.attempts, error = %f.error, "notification not delivered");
                notifications::finish(
                    env.sql(),
                    &d.id,
                    Outcome::Failed {
                        error: &f.error,
                        status: f.status,
                        retry_at,
                    },
                    done,
                )
                .await?;
            }
        }
    }
    Ok(report)
}

fn backoff_ms(env: &Env, attempts: i64) -> i64 {
    let mut r = [0u8; 2];
    env.random().fill(&mut r);
    backoff(
        env.config.notify_retry_base_ms,
        attempts,
        u16::from_le_bytes(r),
    )
}

/// `base · 2^(attempt-1)`, capped, plus up to a quarter of jitter (`noise`
/// out of `u16::MAX`) so that a recovering receiver is not hit by every retry
/// at once.
fn backoff(base_ms: i64, attempts: i64, noise: u16) -> i64 {
    let exp = (attempts - 1).clamp(0, 20) as u32;
    let delay = base_ms
        .max(1)
        .saturating_mul(1_i64 << exp)
        .min(MAX_BACKOFF_MS);
    delay + delay / 4 * i64::from(noise) / i64::from(u16::MAX)
}

async fn attempt(env: &Env, d: &Delivery) -> std::result::Result<Option<u16>, Failure> {
    let plain = env
        .cipher()
        .open(&d.payload_enc)
        .map_err(|_| Failure::permanent("the payload cannot be opened with this key"))?;
    let payload: Value = serde_json::from_str(&plain)
        .map_err(|_| Failure::permanent("the payload is not a notification"))?;
    if AccountMail::is(&payload) {
        let mail: AccountMail = serde_json::from_value(payload)
            .map_err(|_| Failure::permanent("the payload is not an account mail"))?;
        let ChannelSettings::Email(email) = settings_for(env, d).await? else {
            return Err(Failure::permanent("account mail goes by email only"));
        };
        let out = Mail {
            from: email.from.clone(),
            to: vec![mail.to],
            subject: mail.subject,
            text: mail.text,
            html: None,
        };
        return deliver_mail(env, &email, &out).await;
    }
    if IntegrityNotice::is(&payload) {
        let notice: IntegrityNotice = serde_json::from_value(payload)
            .map_err(|_| Failure::permanent("the payload is not an integrity notice"))?;
        return send_notice(env, d, &notice).await;
    }
    if BudgetNotice::is(&payload) {
        let notice: BudgetNotice = serde_json::from_value(payload)
            .map_err(|_| Failure::permanent("the payload is not a budget notice"))?;
        return send_notice(env, d, &notice).await;
    }
    let note: Notification = serde_json::from_value(payload)
        .map_err(|_| Failure::permanent("the payload is not a notification"))?;
    let settings = settings_for(env, d).await?;
    match settings {
        ChannelSettings::Email(email) => send_email(env, &email, &note).await,
        ChannelSettings::Slack(w) => {
            post_json(env, &w.webhook_url, Headers::new(), &note.slack_body()).await
        }
        ChannelSettings::Mattermost(w) => {
            post_json(
                env,
                &w.webhook_url,
                Headers::new(),
                &note.mattermost_body(w.channel.as_deref()),
            )
            .await
        }
        ChannelSettings::Webhook(w) => {
            let body = serde_json::to_value(&note).unwrap_or(Value::Null);
            post_signed(env, d, &w, body, &note.event).await
        }
        ChannelSettings::Push(p) => send_push(env, &p, &note).await,
    }
}

/// One attempt at a channel's test ([`super::test_send`]), outside the
/// outbox: the delivery it builds is never stored.
pub(super) async fn attempt_test(
    env: &Env,
    account_id: &str,
    channel: &notifications::StoredChannel,
    notice: &super::test_send::TestNotice,
    mail_to: Option<&str>,
) -> super::test_send::Tried {
    let d = Delivery {
        id: env.new_id(),
        account_id: account_id.to_string(),
        request_id: None,
        channel_id: Some(channel.id.clone()),
        kind: channel.kind.clone(),
        recipient: None,
        payload_enc: String::new(),
        status: "test".into(),
        attempts: 0,
        next_attempt_at: 0,
        last_error: None,
        last_status: None,
        created_at: env.now_ms(),
        delivered_at: None,
    };
    let sent = match (settings_for(env, &d).await, mail_to) {
        (Ok(ChannelSettings::Email(email)), Some(to)) => {
            let mail = Mail {
                from: email.from.clone(),
                to: vec![to.to_string()],
                subject: notice.subject(),
                text: notice.lines().join("\n"),
                html: None,
            };
            deliver_mail(env, &email, &mail).await
        }
        (Ok(_), _) => send_notice(env, &d, notice).await,
        (Err(e), _) => Err(e),
    };
    match sent {
        Ok(status) => super::test_send::Tried {
            delivered: true,
            status,
            error: None,
        },
        Err(f) => super::test_send::Tried {
            delivered: false,
            status: f.status,
            error: Some(f.error),
        },
    }
}

/// A notice, on the channels that take one.
async fn send_notice<N: Notice>(
    env: &Env,
    d: &Delivery,
    notice: &N,
) -> std::result::Result<Option<u16>, Failure> {
    match settings_for(env, d).await? {
        ChannelSettings::Slack(w) => {
            post_json(env, &w.webhook_url, Headers::new(), &notice.slack_body()).await
        }
        ChannelSettings::Mattermost(w) => {
            let body = notice.mattermost_body(w.channel.as_deref());
            post_json(env, &w.webhook_url, Headers::new(), &body).await
        }
        ChannelSettings::Webhook(w) => {
            let body = serde_json::to_value(notice).unwrap_or(Value::Null);
            post_signed(env, d, &w, body, notice.event()).await
        }
        _ => Err(Failure::permanent(
            "notices go to slack, mattermost and webhook channels",
        )),
    }
}

/// A webhook's body, with its delivery id, signed.
async fn post_signed(
    env: &Env,
    d: &Delivery,
    w: &super::channel::SignedWebhook,
    mut body: Value,
    event: &str,
) -> std::result::Result<Option<u16>, Failure> {
    body["delivery_id"] = Value::String(d.id.clone());
    let bytes = body.to_string();
    let mut headers = Headers::new();
    headers.insert(
        signature::HEADER,
        signature::sign(&w.secret, env.now_ms() / 1000, bytes.as_bytes()),
    );
    headers.insert("x-preloop-event", event.to_string());
    headers.insert("x-preloop-delivery", d.id.clone());
    post_raw(env, &w.url, headers, Bytes::from(bytes)).await
}

async fn settings_for(env: &Env, d: &Delivery) -> std::result::Result<ChannelSettings, Failure> {
    match &d.channel_id {
        Some(id) => {
            let channel = notifications::get_channel(env.sql(), &d.account_id, id)
                .await
                .map_err(|e| match e.kind {
                    crate::ErrorKind::NotFound => Failure::permanent("the channel was deleted"),
                    _ => Failure {
                        error: "the store could not be read".into(),
                        status: None,
                        retry: true,
                    },
                })?;
            open_settings(env, &d.kind, &channel.config_enc)
                .map_err(|e| Failure::permanent(format!("channel settings: {}", e.message)))
        }
        None if d.kind == "push" => {
            match (&env.config.push_proxy_url, &env.config.push_proxy_api_key) {
                (Some(url), key) => Ok(ChannelSettings::Push(PushProxy {
                    url: url.clone(),
                    api_key: key.clone().unwrap_or_default(),
                })),
                (None, _) => Err(Failure::permanent("PUSH_PROXY_URL is not set")),
            }
        }
        None => Err(Failure::permanent(format!("no {} channel", d.kind))),
    }
}

async fn send_email(
    env: &Env,
    email: &EmailSettings,
    note: &Notification,
) -> std::result::Result<Option<u16>, Failure> {
    let Some(link) = note.approvers.first() else {
        return Err(Failure::permanent("no recipient"));
    };
    let mail = Mail {
        from: email.from.clone(),
        to: vec![link.email.clone()],
        subject: note.subject(),
        text: note.email_text(link),
        html: None,
    };
    deliver_mail(env, email, &mail).await
}

/// Hands `mail` to the channel's transport: SMTP (natively) or its HTTP
/// mail API.
async fn deliver_mail(
    env: &Env,
    email: &EmailSettings,
    mail: &Mail,
) -> std::result::Result<Option<u16>, Failure> {
    if let Some(smtp) = &email.smtp {
        let mailer = env.mailer().ok_or_else(|| {
            Failure::permanent("this host cannot send SMTP; give the channel an http_api")
        })?;
        return mailer
            .send(smtp, mail)
            .await
            .map(|_| None)
            .map_err(|e| Failure {
                error: format!("SMTP: {e}"),
                status: None,
                retry: true,
            });
    }
    let Some(api) = &email.http_api else {
        return Err(Failure::permanent("the email channel has no transport"));
    };
    let mut headers = Headers::new();
    headers.insert("authorization", format!("Bearer {}", api.api_key));
    let body = serde_json::json!({
        "from": mail.from, "to": mail.to, "subject": mail.subject, "text": mail.text,
    });
    post_json(env, &api.url, headers, &body).await
}

async fn send_push(
    env: &Env,
    p: &PushProxy,
    note: &Notification,
) -> std::result::Result<Option<u16>, Failure> {
    let Some(link) = note.approvers.first() else {
        return Err(Failure::permanent("no recipient"));
    };
    let mut headers = Headers::new();
    if !p.api_key.is_empty() {
        headers.insert("authorization", format!("Bearer {}", p.api_key));
    }
    post_json(env, &p.url, headers, &note.push_body(link)).await
}

async fn post_json(
    env: &Env,
    url: &str,
    headers: Headers,
    body: &Value,
) -> std::result::Result<Option<u16>, Failure> {
    post_raw(env, url, headers, Bytes::from(body.to_string())).await
}

async fn post_raw(
    env: &Env,
    url: &str,
    mut headers: Headers,
    body: Bytes,
) -> std::result::Result<Option<u16>, Failure> {
    headers.insert("content-type", "application/json");
    headers.insert("user-agent", concat!("preloop/", env!("CARGO_PKG_VERSION")));
    let response = env
        .http()
        .send(OutboundRequest {
            method: "POST".into(),
            url: url.to_string(),
            headers,
            body,
            timeout_ms: SEND_TIMEOUT_MS,
        })
        .await
        .map_err(|e| Failure {
            // The error text never carries the URL (it may hold a token).
            error: match e {
                OutboundError::Timeout => "timed out".to_string(),
                other => other.to_string(),
            },
            status: None,
            retry: true,
        })?;
    let status = response.status;
    // Drain a little so the connection can be reused; the content is not needed.
    let _ = response.read_all(64 * 1024).await;
    if (200..300).contains(&status) {
        Ok(Some(status))
    } else {
        Err(Failure {
            error: format!("the receiver answered HTTP {status}"),
            status: Some(status),
            retry: status == 429 || status >= 500 || status == 408,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        assert_eq!(backoff(5_000, 1, 0), 5_000);
        assert_eq!(backoff(5_000, 2, 0), 10_000);
        assert_eq!(backoff(5_000, 4, 0), 40_000);
        assert_eq!(backoff(5_000, 30, 0), MAX_BACKOFF_MS);
        assert_eq!(backoff(5_000, 1, u16::MAX), 6_250);
        assert!(backoff(0, 1, 0) >= 1);
    }
}
