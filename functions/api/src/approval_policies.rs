//! `/api/v1/approval-policies`: approval workflows. A workflow is checked
//! against the account's people when written: its approvers must exist, and
//! its quorum must be reachable by the distinct people it names.

use crate::{Ctx, Patch, created, method_not_allowed, ok};
use preloop_core::approval::{self, ApprovalPolicy, Escalation, Justification};
use preloop_core::http::Response;
use preloop_core::store::{approval_policies, people};
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

pub async fn route(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    let sql = ctx.env.sql();
    match (method, rest) {
        ("GET", []) => {
            ok(&json!({"approval_policies": approval_policies::list(sql, ctx.account()).await?}))
        }
        ("POST", []) => {
            let input: PolicyInput = ctx.body()?;
            let now = ctx.env.now_ms();
            let policy = input.merge(ApprovalPolicy {
                id: ctx.env.new_id(),
                name: String::new(),
                description: None,
                approver_user_ids: Vec::new(),
                approver_team_ids: Vec::new(),
                approvals_required: 1,
                timeout_seconds: 600,
                escalation: None,
                notification_channels: vec!["email".into()],
                async_approval: false,
                justification: None,
                is_default: false,
                require_different_person: false,
                created_at: now,
                updated_at: now,
            })?;
            check(ctx, &policy).await?;
            approval_policies::create(sql, ctx.account(), &policy).await?;
            created(&approval_policies::get(sql, ctx.account(), &policy.id).await?)
        }
        ("GET", [id]) => ok(&approval_policies::get(sql, ctx.account(), id).await?),
        ("PUT", [id]) | ("PATCH", [id]) => {
            let input: PolicyInput = ctx.body()?;
            let mut policy = input.merge(approval_policies::get(sql, ctx.account(), id).await?)?;
            policy.updated_at = ctx.env.now_ms();
            check(ctx, &policy).await?;
            approval_policies::update(sql, ctx.account(), &policy).await?;
            ok(&approval_policies::get(sql, ctx.account(), id).await?)
        }
        ("DELETE", [id]) => {
            approval_policies::delete(sql, ctx.account(), id).await?;
            Ok(Response::no_content())
        }
        (_, [] | [_]) => Err(method_not_allowed("GET, POST, PUT, DELETE")),
        _ => Err(Error::not_found(
            "no such route under /api/v1/approval-policies",
        )),
    }
}

/// Fields as the API takes them; absent fields keep their current value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyInput {
    name: Option<String>,
    #[serde(default)]
    description: Patch<String>,
    approver_user_ids: Option<Vec<String>>,
    approver_team_ids: Option<Vec<String>>,
    approvals_required: Option<i64>,
    timeout_seconds: Option<i64>,
    #[serde(default)]
    escalation: Patch<Escalation>,
    notification_channels: Option<Vec<String>>,
    async_approval: Option<bool>,
    #[serde(default)]
    justification: Patch<String>,
    is_default: Option<bool>,
    require_different_person: Option<bool>,
}

fn dedup(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids.dedup();
    ids
}

impl PolicyInput {
    fn merge(self, mut p: ApprovalPolicy) -> Result<ApprovalPolicy> {
        if let Some(n) = self.name {
            p.name = n;
        }
        p.description = self.description.apply(p.description);
        if let Some(u) = self.approver_user_ids {
            p.approver_user_ids = dedup(u);
        }
        if let Some(t) = self.approver_team_ids {
            p.approver_team_ids = dedup(t);
        }
        if let Some(n) = self.approvals_required {
            p.approvals_required = n;
        }
        if let Some(t) = self.timeout_seconds {
            p.timeout_seconds = t;
        }
        p.escalation = self.escalation.apply(p.escalation).map(|e| Escalation {
            user_ids: dedup(e.user_ids),
            team_ids: dedup(e.team_ids),
            ..e
        });
        if let Some(c) = self.notification_channels {
            p.notification_channels = dedup(c);
        }
        if let Some(a) = self.async_approval {
            p.async_approval = a;
        }
        p.justification = match self.justification {
            Patch::Keep => p.justification,
            Patch::Clear => None,
            Patch::Set(j) => Some(Justification::parse(&j)?),
        };
        if let Some(d) = self.is_default {
            p.is_default = d;
        }
        if let Some(r) = self.require_different_person {
            p.require_different_person = r;
        }
        Ok(p)
    }
}

/// Checks against the store: approvers exist and the quorum is reachable.
async fn check(ctx: &Ctx<'_>, p: &ApprovalPolicy) -> Result<()> {
    approval::validate(p)?;
    let users = people::list_users(ctx.env.sql(), ctx.account()).await?;
    let teams = people::list_teams(ctx.env.sql(), ctx.account()).await?;
    approval::check_people(p, &users, &teams)
}
