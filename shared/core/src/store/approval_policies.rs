//! Approval workflows and their approvers.

use super::bump_policy_version;
use super::sql::{Row, Sql, Statement, Value};
use crate::approval::{ApprovalPolicy, Escalation, Justification};
use crate::error::{Error, ErrorKind, Result};

const COLUMNS: &str = "id, name, description, approvals_required, timeout_seconds, escalation_delay_seconds, \
                       notification_channels, async_approval, justification, is_default, created_at, updated_at, require_different_person";

fn from_row(r: &Row) -> Result<ApprovalPolicy> {
    let channels = match r.json("notification_channels")? {
        serde_json::Value::Array(a) => a
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    Ok(ApprovalPolicy {
        id: r.str("id")?,
        name: r.str("name")?,
        description: r.opt_str("description")?,
        approver_user_ids: Vec::new(),
        approver_team_ids: Vec::new(),
        approvals_required: r.int("approvals_required")?,
        timeout_seconds: r.int("timeout_seconds")?,
        escalation: r
            .opt_int("escalation_delay_seconds")?
            .map(|after_seconds| Escalation {
                after_seconds,
                user_ids: Vec::new(),
                team_ids: Vec::new(),
            }),
        notification_channels: channels,
        async_approval: r.bool("async_approval")?,
        justification: r
            .opt_str("justification")?
            .as_deref()
            .map(Justification::parse)
            .transpose()?,
        is_default: r.bool("is_default")?,
        require_different_person: r.bool("require_different_person")?,
        created_at: r.int("created_at")?,
        updated_at: r.int("updated_at")?,
    })
}

pub async fn list(sql: &dyn Sql, account_id: &str) -> Result<Vec<ApprovalPolicy>> {
    let mut policies: Vec<ApprovalPolicy> = sql
        .query(
            &format!("SELECT {COLUMNS} FROM approval_policies WHERE account_id = $1 ORDER BY name"),
            &[account_id.into()],
        )
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_>>()?;
    let members = sql
        .query(
            "SELECT m.policy_id, m.stage, m.member_kind, m.member_id FROM approval_policy_members m \
             JOIN approval_policies p ON p.id = m.policy_id WHERE p.account_id = $1 ORDER BY m.member_id",
            &[account_id.into()],
        )
        .await?;
    for m in &members {
        let policy_id = m.str("policy_id")?;
        let Some(p) = policies.iter_mut().find(|p| p.id == policy_id) else {
            continue;
        };
        let id = m.str("member_id")?;
        match (m.str("stage")?.as_str(), m.str("member_kind")?.as_str()) {
            ("approver", "user") => p.approver_user_ids.push(id),
            ("approver", "team") => p.approver_team_ids.push(id),
            ("escalation", kind) => {
                if let Some(e) = p.escalation.as_mut() {
                    if kind == "user" {
                        e.user_ids.push(id)
                    } else {
                        e.team_ids.push(id)
                    }
                }
            }
            _ => {}
        }
    }
    Ok(policies)
}

pub async fn get(sql: &dyn Sql, account_id: &str, id: &str) -> Result<ApprovalPolicy> {
    list(sql, account_id)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| Error::not_found(format!("no approval policy {id}")))
}

fn member_statements(p: &ApprovalPolicy) -> Vec<Statement> {
    let insert = |stage: &str, kind: &str, id: &str| {
        Statement::new(
            "INSERT INTO approval_policy_members (policy_id, stage, member_kind, member_id) VALUES ($1, $2, $3, $4)",
            vec![p.id.as_str().into(), stage.into(), kind.into(), id.into()],
        )
    };
    let mut out: Vec<Statement> = Vec::new();
    out.extend(
        p.approver_user_ids
            .iter()
            .map(|u| insert("approver", "user", u)),
    );
    out.extend(
        p.approver_team_ids
            .iter()
            .map(|t| insert("approver", "team", t)),
    );
    if let Some(e) = &p.escalation {
        out.extend(e.user_ids.iter().map(|u| insert("escalation", "user", u)));
        out.extend(e.team_ids.iter().map(|t| insert("escalation", "team", t)));
    }
    out
}

fn values(account_id: &str, p: &ApprovalPolicy) -> Vec<Value> {
    vec![
        p.id.as_str().into(),
        account_id.into(),
        p.name.as_str().into(),
        p.description.clone().into(),
        Value::Int(p.approvals_required),
        Value::Int(p.timeout_seconds),
        p.escalation.as_ref().map(|e| e.after_seconds).into(),
        Value::Text(serde_json::Value::from(p.notification_channels.clone()).to_string()),
        Value::Bool(p.async_approval),
        p.justification.map(|j| j.as_str()).into(),
        Value::Bool(p.is_default),
        Value::Int(p.created_at),
        Value::Int(p.updated_at),
        Value::Bool(p.require_different_person),
    ]
}

/// Only one workflow per account is the default.
fn clear_default(account_id: &str, except: &str) -> Statement {
    Statement::new(
        "UPDATE approval_policies SET is_default = $3 WHERE account_id = $1 AND id <> $2",
        vec![account_id.into(), except.into(), Value::Bool(false)],
    )
}

fn conflict(e: Error, name: &str) -> Error {
    if e.kind == ErrorKind::Conflict {
        Error::conflict(format!("an approval policy named '{name}' already exists"))
    } else {
        e
    }
}

pub(crate) fn create_statements(account_id: &str, p: &ApprovalPolicy) -> Vec<Statement> {
    let mut statements = Vec::new();
    if p.is_default {
        statements.push(clear_default(account_id, &p.id));
    }
    statements.push(Statement::new(
        format!("INSERT INTO approval_policies ({COLUMNS_WITH_ACCOUNT}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"),
        values(account_id, p),
    ));
    statements.extend(member_statements(p));
    statements
}

pub async fn create(sql: &dyn Sql, account_id: &str, p: &ApprovalPolicy) -> Result<()> {
    let mut statements = create_statements(account_id, p);
    statements.push(bump_policy_version(account_id));
    sql.batch(&statements)
        .await
        .map_err(|e| conflict(e, &p.name))?;
    Ok(())
}

const COLUMNS_WITH_ACCOUNT: &str = "id, account_id, name, description, approvals_required, timeout_seconds, escalation_delay_seconds, \
                                    notification_channels, async_approval, justification, is_default, created_at, updated_at, require_different_person";

/// The statements of an update; the first one after any default-clearing is
/// the row's own (its count says whether the workflow exists).
pub(crate) fn update_statements(account_id: &str, p: &ApprovalPolicy) -> (Vec<Statement>, usize) {
    let mut statements = Vec::new();
    if p.is_default {
        statements.push(clear_default(account_id, &p.id));
    }
    statements.push(Statement::new(
        "UPDATE approval_policies SET name = $3, description = $4, approvals_required = $5, timeout_seconds = $6, \
         escalation_delay_seconds = $7, notification_channels = $8, async_approval = $9, justification = $10, \
         is_default = $11, updated_at = $12, require_different_person = $13 WHERE id = $1 AND account_id = $2",
        {
            // The insert's values without created_at.
            let mut v = values(account_id, p);
            v.remove(11);
            v
        },
    ));
    let own = statements.len() - 1;
    statements.push(Statement::new(
        "DELETE FROM approval_policy_members WHERE policy_id = $1",
        vec![p.id.as_str().into()],
    ));
    statements.extend(member_statements(p));
    (statements, own)
}

pub async fn update(sql: &dyn Sql, account_id: &str, p: &ApprovalPolicy) -> Result<()> {
    let (mut statements, own) = update_statements(account_id, p);
    statements.push(bump_policy_version(account_id));
    let counts = sql
        .batch(&statements)
        .await
        .map_err(|e| conflict(e, &p.name))?;
    if counts.get(own).copied().unwrap_or(0) == 0 {
        return Err(Error::not_found(format!("no approval policy {}", p.id)));
    }
    Ok(())
}

pub(crate) fn delete_statements(account_id: &str, id: &str) -> [Statement; 2] {
    [
        Statement::new(
            "DELETE FROM approval_policy_members WHERE policy_id = $1",
            vec![id.into()],
        ),
        Statement::new(
            "DELETE FROM approval_policies WHERE id = $1 AND account_id = $2",
            vec![id.into(), account_id.into()],
        ),
    ]
}

/// Deletes a workflow no rule refers to.
pub async fn delete(sql: &dyn Sql, account_id: &str, id: &str) -> Result<()> {
    get(sql, account_id, id).await?;
    let used = sql
        .query(
            "SELECT id FROM access_rules WHERE approval_policy_id = $1",
            &[id.into()],
        )
        .await?;
    if !used.is_empty() {
        return Err(Error::conflict(format!(
            "approval policy {id} is used by {} access rule(s); point them elsewhere first",
            used.len()
        )));
    }
    let [members, workflow] = delete_statements(account_id, id);
    sql.batch(&[members, workflow, bump_policy_version(account_id)])
        .await?;
    Ok(())
}
