//! The approval flow over the store: opening a request for a call, applying
//! time to it, deciding it, and running the approved call exactly once. The
//! MCP proxy, the management API and the token-link page all go through here.

use super::ApprovalPolicy;
use super::request::{ApprovalRequest, Event, Stage, call_hash};
use crate::access::Permission;
use crate::auth::Principal;
use crate::env::Env;
use crate::error::{Error, ErrorKind, Result};
use crate::notify::{self, Round};
use crate::store::approval_requests::{self, StoredRequest};
use crate::store::audit::{self, AuditRecord};
use crate::store::{accounts, approval_policies, people};
use serde_json::Value;

/// What a call needs approval for.
pub struct Call<'a> {
    pub principal: &'a Principal,
    pub rule_id: Option<&'a str>,
    pub server_id: Option<&'a str>,
    pub server_name: Option<&'a str>,
    pub tool: &'a str,
    pub arguments: &'a Value,
    pub justification: Option<&'a str>,
}

/// The workflow a rule sends calls to: its own, else the account's default.
pub async fn workflow_for(
    env: &Env,
    account_id: &str,
    named: Option<&str>,
) -> Result<Option<ApprovalPolicy>> {
    let policies = approval_policies::list(env.sql(), account_id).await?;
    Ok(match named {
        Some(id) => policies.into_iter().find(|p| p.id == id),
        None => policies.into_iter().find(|p| p.is_default),
    })
}

/// Opens a pending request bound to exactly this call. The arguments are
/// sealed at rest (they run later, verbatim); approvers see a redacted copy.
pub async fn open(env: &Env, policy: &ApprovalPolicy, call: &Call<'_>) -> Result<StoredRequest> {
    let hash = call_hash(call.tool, call.server_name, call.arguments);
    let sealed = env
        .cipher()
        .seal(env.random(), &call.arguments.to_string())?;
    let stored = StoredRequest {
        request: ApprovalRequest::new(env.new_id(), policy, hash, env.now_ms()),
        account_id: call.principal.account_id.clone(),
        policy_id: policy.id.clone(),
        rule_id: call.rule_id.map(str::to_string),
        api_key_id: call.principal.api_key_id.clone(),
        principal: call.principal.audit_label(),
        server_id: call.server_id.map(str::to_string),
        server_name: call.server_name.map(str::to_string),
        tool: call.tool.to_string(),
        arguments_enc: sealed,
        arguments: crate::audit::audited_arguments(env, call.principal, call.arguments).await,
        justification: call.justification.map(crate::redact::redact_text),
        version: 1,
        execution: "none".into(),
        result: None,
    };
    approval_requests::create(
        env.sql(),
        &stored,
        env.new_id(),
        &call.principal.audit_label(),
    )
    .await?;
    announce_logged(env, policy, &stored, Round::Opened).await;
    Ok(stored)
}

/// Queues a round's notifications. A failure here is logged, not returned:
/// the request stands, and approvers can still find it in the API.
async fn announce_logged(env: &Env, policy: &ApprovalPolicy, stored: &StoredRequest, round: Round) {
    if let Err(e) = notify::announce(env, policy, stored, round).await {
        tracing::warn!(request = %stored.request.id, error = %e.message, "could not queue approval notifications");
    }
}

/// Loads a request with the passage of time applied (and saved): expiry and
/// escalation happen on every read, not only when the scheduler runs.
pub async fn load(env: &Env, account_id: &str, id: &str) -> Result<StoredRequest> {
    for _ in 0..5 {
        let mut stored = approval_requests::require(env.sql(), account_id, id).await?;
        let events = stored.request.tick(env.now_ms());
        if events.is_empty() {
            return Ok(stored);
        }
        if persist(env, &mut stored, &[], &events, None).await? {
            return Ok(stored);
        }
    }
    Err(too_busy())
}

/// The person behind the key that made the call (its owner, or its agent's
/// owner): under four eyes they may not decide it.
pub async fn requester(env: &Env, stored: &StoredRequest) -> Result<Option<String>> {
    accounts::person_behind_key(env.sql(), &stored.account_id, &stored.api_key_id).await
}

/// The people who may decide the request now: the approvers (the account's
/// admins when the workflow names nobody), and after
/// escalation the escalation approvers as well; under four eyes, never the
/// person behind the call, whichever way they are named.
pub async fn eligible(
    env: &Env,
    stored: &StoredRequest,
    policy: &ApprovalPolicy,
    stage: Stage,
) -> Result<Vec<String>> {
    let account_id = stored.account_id.as_str();
    let teams = people::list_teams(env.sql(), account_id).await?;
    let members = |team_ids: &[String]| -> Vec<String> {
        teams
            .iter()
            .filter(|t| team_ids.contains(&t.id))
            .flat_map(|t| t.member_ids.iter().cloned())
            .collect()
    };
    let mut out: Vec<String> = if policy.names_nobody() {
        accounts::admin_user_ids(env.sql(), account_id).await?
    } else {
        let mut named = policy.approver_user_ids.clone();
        named.extend(members(&policy.approver_team_ids));
        named
    };
    if let (Stage::Escalation, Some(e)) = (stage, &policy.escalation) {
        out.extend(e.user_ids.iter().cloned());
        out.extend(members(&e.team_ids));
    }
    out.sort();
    out.dedup();
    if policy.require_different_person
        && let Some(person) = requester(env, stored).await?
    {
        out.retain(|u| *u != person);
    }
    Ok(out)
}

/// Refuses (and audits the refusal) unless `approver` may decide request
/// `id` at all: only people decide, with credentials that cannot call
/// tools, so an agent holding one could not have made the call it decides,
/// and never with the credential that made the call. Returns the request.
pub async fn check_decider(env: &Env, approver: &Principal, id: &str) -> Result<StoredRequest> {
    let stored = load(env, &approver.account_id, id).await?;
    let actor = approver.audit_label();
    if !approver.permissions.has(Permission::ApprovalsDecide)
        || approver.permissions.has(Permission::ToolsCall)
    {
        return Err(refuse(
            env,
            &stored,
            &actor,
            &format!(
                "this credential cannot decide approval requests (role: {}): credentials that can call tools never decide; use a person's approver key, their sign-in, or their link",
                approver.role.as_str()
            ),
        )
        .await);
    }
    if approver.api_key_id == stored.api_key_id {
        return Err(refuse(
            env,
            &stored,
            &actor,
            "the key that made the call cannot decide it",
        )
        .await);
    }
    Ok(stored)
}

/// Records an approver's decision made with a credential (see
/// [`check_decider`]); the person must be one the request asks. Refusals
/// are audited.
pub async fn decide(
    env: &Env,
    approver: &Principal,
    id: &str,
    approve: bool,
    comment: Option<String>,
) -> Result<StoredRequest> {
    let stored = check_decider(env, approver, id).await?;
    let actor = approver.audit_label();
    let Some(user_id) = approver.user_id.as_deref() else {
        return Err(refuse(
            env,
            &stored,
            &actor,
            "only a person decides: this key belongs to no user",
        )
        .await);
    };
    decide_as(env, &approver.account_id, user_id, id, approve, comment).await
}

/// Records the decision of `user_id` (authenticated by an approver key or
/// their link). Refusals are audited.
pub async fn decide_as(
    env: &Env,
    account_id: &str,
    user_id: &str,
    id: &str,
    approve: bool,
    comment: Option<String>,
) -> Result<StoredRequest> {
    let actor = format!("user:{user_id}");
    for _ in 0..5 {
        let mut stored = load(env, account_id, id).await?;
        let policy = approval_policies::get(env.sql(), account_id, &stored.policy_id).await?;
        if policy.require_different_person
            && requester(env, &stored).await?.as_deref() == Some(user_id)
        {
            return Err(refuse(
                env,
                &stored,
                &actor,
                "four eyes: the person behind the call cannot approve it (workflow setting require_different_person)",
            )
            .await);
        }
        let who = eligible(env, &stored, &policy, stored.request.stage).await?;
        let before = stored.request.votes.len();
        let events =
            match stored
                .request
                .vote(user_id, approve, comment.clone(), &who, env.now_ms())
            {
                Ok(events) => events,
                Err(e) if e.kind == ErrorKind::Forbidden => {
                    return Err(refuse(env, &stored, &actor, &e.message).await);
                }
                Err(e) => return Err(e),
            };
        if events.is_empty() {
            return Ok(stored);
        }
        let new_votes = stored.request.votes[before..].to_vec();
        if persist(env, &mut stored, &new_votes, &events, Some(user_id)).await? {
            return Ok(stored);
        }
    }
    Err(too_busy())
}

/// Withdraws a pending request; `by` is who did it, for the event log.
pub async fn cancel(env: &Env, account_id: &str, id: &str, by: &str) -> Result<StoredRequest> {
    for _ in 0..5 {
        let mut stored = load(env, account_id, id).await?;
        let events = stored.request.cancel(by, env.now_ms())?;
        if persist(env, &mut stored, &[], &events, Some(by)).await? {
            return Ok(stored);
        }
    }
    Err(too_busy())
}

/// Saves a change made on `stored`; on success its version moves on with
/// the store's. `false` means another writer got there first: reload and retry.
async fn persist(
    env: &Env,
    stored: &mut StoredRequest,
    new_votes: &[super::request::Vote],
    events: &[super::request::Event],
    actor: Option<&str>,
) -> Result<bool> {
    let saved = approval_requests::save(
        env.sql(),
        stored,
        new_votes,
        events,
        actor,
        &|| env.new_id(),
        env.now_ms(),
    )
    .await?;
    if saved {
        stored.version += 1;
        // Only the writer that saved a change announces it: once.
        let escalated = events.iter().any(|e| matches!(e, Event::Escalated));
        let settled = stored.request.status != super::request::Status::Pending;
        if escalated || settled {
            // The change is saved; a workflow deleted meanwhile only means
            // nobody is told.
            match approval_policies::get(env.sql(), &stored.account_id, &stored.policy_id).await {
                Ok(policy) => {
                    if escalated && !settled {
                        announce_logged(env, &policy, stored, Round::Escalated).await;
                    }
                    if settled {
                        announce_logged(env, &policy, stored, Round::Settled).await;
                    }
                }
                Err(e) => {
                    tracing::warn!(request = %stored.request.id, error = %e.message, "no workflow to notify through")
                }
            }
        }
    }
    Ok(saved)
}

/// Audits a refused decision and returns the refusal. If the record cannot
/// be written the refusal stands; the error says the store failed.
async fn refuse(env: &Env, stored: &StoredRequest, actor: &str, why: &str) -> Error {
    let now = env.now_ms();
    let record = AuditRecord {
        request_id: stored.request.id.clone(),
        api_key_id: Some(stored.api_key_id.clone()),
        principal: actor.to_string(),
        server_id: stored.server_id.clone(),
        server_name: stored.server_name.clone(),
        tool: stored.tool.clone(),
        arguments: stored.arguments.clone(),
        decision: "require_approval".into(),
        rule_id: stored.rule_id.clone(),
        reason: format!(
            "approval request {}: decision by {actor} refused: {why}",
            stored.request.id
        ),
        outcome: "approval_refused".into(),
        error: Some(why.to_string()),
        instance_id: env.instance_id().map(str::to_string),
        ..AuditRecord::event(env.new_id(), &stored.account_id, now)
    };
    if let Err(e) = audit::insert(env.sql(), &record).await {
        return e;
    }
    Error::new(ErrorKind::Forbidden, why)
}

fn too_busy() -> Error {
    Error::unavailable("the approval request is changing too fast; try again")
}

/// The arguments that were approved, exactly as they were sealed, checked
/// against the hash the request was bound to when it was opened: arguments
/// changed after approval (in the store or anywhere else) are refused.
pub fn approved_arguments(env: &Env, stored: &StoredRequest) -> Result<Value> {
    let plain = env.cipher().open(&stored.arguments_enc)?;
    let arguments: Value = serde_json::from_str(&plain)
        .map_err(|_| Error::internal("stored arguments are not valid JSON"))?;
    if call_hash(&stored.tool, stored.server_name.as_deref(), &arguments)
        != stored.request.call_hash
    {
        return Err(Error::forbidden(
            "the arguments are not the ones that were approved; the call was refused",
        ));
    }
    Ok(arguments)
}
