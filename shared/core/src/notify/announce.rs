//! Announcing a request: mint each approver's link and queue one message per
//! channel (per person for email and push) in the outbox.

use super::channel::ChannelSettings;
use super::message::{ApproverLink, Notification, RequestFacts};
use crate::approval::ApprovalPolicy;
use crate::approval::flow::eligible;
use crate::approval::request::Stage;
use crate::env::Env;
use crate::error::Result;
use crate::http::percent_encode;
use crate::ports::QueueMessage;
use crate::store::approval_requests::StoredRequest;
use crate::store::notifications::{self, Delivery};
use crate::store::{approval_links, people};

/// Which round of asking this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// The request was just opened: its approvers are asked.
    Opened,
    /// Nobody decided in time: the escalation approvers are asked too.
    Escalated,
    /// The request was approved, declined, expired or cancelled: signed
    /// webhooks hear the outcome (people are not paged for it).
    Settled,
}

/// The prefix of approver tokens, so a leaked one is recognisable.
pub const TOKEN_PREFIX: &str = "pla_";

/// Mints a link to request `request_id` for `user_id` (an approver, or
/// [`approval_links::FOLLOWER`]: a link that shows the request and cannot
/// decide it) and returns its URL. Only the token's hash is kept.
pub async fn link(env: &Env, request_id: &str, user_id: &str) -> Result<String> {
    let token = format!("{TOKEN_PREFIX}{}", crate::ids::random_hex(env.random(), 32));
    approval_links::insert(
        env.sql(),
        &crate::auth::hash_key(&token),
        request_id,
        user_id,
        env.now_ms(),
    )
    .await?;
    Ok(format!(
        "{}/approval/{}?token={}",
        env.config.public_url.trim_end_matches('/'),
        percent_encode(request_id),
        token
    ))
}

/// Queues the notifications for `round` of `stored` and wakes the sender.
/// Returns how many messages were queued.
pub async fn announce(
    env: &Env,
    policy: &ApprovalPolicy,
    stored: &StoredRequest,
    round: Round,
) -> Result<usize> {
    let queued = queue_round(env, policy, stored, round).await?;
    if queued > 0 {
        env.wake(QueueMessage::NotificationsDue).await;
    }
    Ok(queued)
}

async fn queue_round(
    env: &Env,
    policy: &ApprovalPolicy,
    stored: &StoredRequest,
    round: Round,
) -> Result<usize> {
    if policy.notification_channels.is_empty() {
        return Ok(0);
    }
    let account = &stored.account_id;
    if round == Round::Settled {
        return announce_outcome(env, policy, stored).await;
    }
    let first = eligible(env, stored, policy, Stage::Approvers).await?;
    let asked: Vec<String> = match round {
        Round::Opened | Round::Settled => first,
        Round::Escalated => eligible(env, stored, policy, Stage::Escalation)
            .await?
            .into_iter()
            .filter(|u| !first.contains(u))
            .collect(),
    };
    let mut links = Vec::new();
    for user in people::list_users(env.sql(), account)
        .await?
        .into_iter()
        .filter(|u| asked.contains(&u.id))
    {
        links.push(ApproverLink {
            url: link(env, &stored.request.id, &user.id).await?,
            user_id: user.id,
            name: user.name,
            email: user.email,
        });
    }
    let note = Notification {
        event: match round {
            Round::Opened => "approval.requested",
            Round::Escalated => "approval.escalated",
            Round::Settled => "approval.settled",
        }
        .into(),
        request: facts(stored),
        approvers: links,
    };

    let channels = notifications::list_channels(env.sql(), account).await?;
    let mut kinds = policy.notification_channels.clone();
    kinds.dedup();
    let mut queued = 0;
    for kind in &kinds {
        let mut targets: Vec<Option<String>> = channels
            .iter()
            .filter(|c| c.enabled && &c.kind == kind)
            .map(|c| Some(c.id.clone()))
            .collect();
        // Push may be set up for the whole deployment rather than per account.
        if targets.is_empty() && kind == "push" && env.config.push_proxy_url.is_some() {
            targets.push(None);
        }
        if targets.is_empty() {
            // Recorded so that a missing channel shows up where people look.
            let failed = delivery(env, stored, None, kind, None, &note)?;
            notifications::enqueue(
                env.sql(),
                &Delivery {
                    status: "failed".into(),
                    last_error: Some(format!("no enabled {kind} channel is configured")),
                    ..failed
                },
            )
            .await?;
            continue;
        }
        for target in targets {
            if per_person(kind) {
                for link in &note.approvers {
                    let one = Notification {
                        approvers: vec![link.clone()],
                        ..note.clone()
                    };
                    let d = delivery(env, stored, target.clone(), kind, Some(&link.user_id), &one)?;
                    notifications::enqueue(env.sql(), &d).await?;
                    queued += 1;
                }
            } else {
                let d = delivery(env, stored, target, kind, None, &note)?;
                notifications::enqueue(env.sql(), &d).await?;
                queued += 1;
            }
        }
    }
    Ok(queued)
}

/// Queues `approval.<status>` for the webhook channels the workflow uses.
async fn announce_outcome(
    env: &Env,
    policy: &ApprovalPolicy,
    stored: &StoredRequest,
) -> Result<usize> {
    if !policy.notification_channels.iter().any(|k| k == "webhook") {
        return Ok(0);
    }
    let note = Notification {
        event: format!("approval.{}", stored.request.status.as_str()),
        request: facts(stored),
        approvers: Vec::new(),
    };
    let mut queued = 0;
    for channel in notifications::list_channels(env.sql(), &stored.account_id)
        .await?
        .into_iter()
        .filter(|c| c.enabled && c.kind == "webhook")
    {
        let d = delivery(env, stored, Some(channel.id), "webhook", None, &note)?;
        notifications::enqueue(env.sql(), &d).await?;
        queued += 1;
    }
    Ok(queued)
}

/// Email and push reach one person each; the others post to a shared place.
fn per_person(kind: &str) -> bool {
    matches!(kind, "email" | "push")
}

fn facts(stored: &StoredRequest) -> RequestFacts {
    RequestFacts {
        id: stored.request.id.clone(),
        tool: stored.tool.clone(),
        server: stored.server_name.clone(),
        arguments: stored.arguments.clone(),
        justification: stored.justification.clone(),
        requester: stored.principal.clone(),
        rule_id: stored.rule_id.clone(),
        approvals_required: stored.request.approvals_required,
        created_at: stored.request.created_at,
        expires_at: stored.request.expires_at,
    }
}

fn delivery(
    env: &Env,
    stored: &StoredRequest,
    channel_id: Option<String>,
    kind: &str,
    recipient: Option<&str>,
    note: &Notification,
) -> Result<Delivery> {
    let payload =
        serde_json::to_string(note).map_err(|_| crate::Error::internal("notification payload"))?;
    queued(
        env,
        &stored.account_id,
        Some(stored.request.id.clone()),
        channel_id,
        kind,
        recipient,
        &payload,
    )
}

/// An outbox row for `payload` (sealed), due now.
pub(crate) fn queued(
    env: &Env,
    account_id: &str,
    request_id: Option<String>,
    channel_id: Option<String>,
    kind: &str,
    recipient: Option<&str>,
    payload: &str,
) -> Result<Delivery> {
    let now = env.now_ms();
    Ok(Delivery {
        id: env.new_id(),
        account_id: account_id.to_string(),
        request_id,
        channel_id,
        kind: kind.to_string(),
        recipient: recipient.map(str::to_string),
        payload_enc: env.cipher().seal(env.random(), payload)?,
        status: "queued".into(),
        attempts: 0,
        next_attempt_at: now,
        last_error: None,
        last_status: None,
        created_at: now,
        delivered_at: None,
    })
}

/// Parses a stored channel's sealed settings.
pub(crate) fn open_settings(env: &Env, kind: &str, sealed: &str) -> Result<ChannelSettings> {
    let plain = env.cipher().open(sealed)?;
    let value: serde_json::Value = serde_json::from_str(&plain)
        .map_err(|_| crate::Error::internal("stored channel settings are not JSON"))?;
    ChannelSettings::parse(kind, &value)
}
