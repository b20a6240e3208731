//! Tool configurations and their ordered access rules. Every write bumps the
//! account's policy version in the same transaction, which is what retires
//! every cached compiled policy of that account on every instance.

use super::bump_policy_version;
use super::sql::{Row, Sql, Statement, Value};
use crate::approval::Justification;
use crate::error::{Error, Result};
use crate::policy::{Action, Rule, Scope, ToolConfiguration};
use std::collections::HashMap;

const CONFIG_COLUMNS: &str = "id, tool_name, tool_source, is_enabled, description, approval_policy_id, justification, validate_arguments, created_at, updated_at";
const RULE_COLUMNS: &str = "r.id, r.tool_configuration_id, r.name, r.scope_kind, r.scope_id, r.shadow, r.priority, r.action, r.condition, r.denial_message, r.description, r.enabled, r.approval_policy_id, r.created_at, r.updated_at";

fn config_from_row(row: &Row) -> Result<ToolConfiguration> {
    Ok(ToolConfiguration {
        id: row.str("id")?,
        tool_name: row.str("tool_name")?,
        tool_source: row.str("tool_source")?,
        is_enabled: row.bool("is_enabled")?,
        description: row.opt_str("description")?,
        approval_policy_id: row.opt_str("approval_policy_id")?,
        justification: row
            .opt_str("justification")?
            .as_deref()
            .map(Justification::parse)
            .transpose()?,
        validate_arguments: row.bool("validate_arguments")?,
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
        rules: Vec::new(),
    })
}

fn rule_from_row(row: &Row) -> Result<Rule> {
    Ok(Rule {
        id: row.str("id")?,
        tool_configuration_id: row.str("tool_configuration_id")?,
        name: row.opt_str("name")?,
        scope_kind: row.str("scope_kind")?,
        scope_id: row.opt_str("scope_id")?,
        shadow: row.bool("shadow")?,
        priority: row.int("priority")?,
        action: Action::parse(&row.str("action")?)?,
        condition: row.opt_str("condition")?,
        denial_message: row.opt_str("denial_message")?,
        description: row.opt_str("description")?,
        enabled: row.bool("enabled")?,
        approval_policy_id: row.opt_str("approval_policy_id")?,
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
    })
}

/// Evaluation order: by scope (account, agents, keys), then priority.
fn sort_rules(rules: &mut [Rule]) {
    rules.sort_by_cached_key(|r| (r.scope(), r.priority, r.created_at, r.id.clone()));
}

/// Every tool configuration of the account, each with its rules in evaluation order.
pub async fn list(sql: &dyn Sql, account_id: &str) -> Result<Vec<ToolConfiguration>> {
    let mut configs: Vec<ToolConfiguration> = sql
        .query(
            &format!("SELECT {CONFIG_COLUMNS} FROM tool_configurations WHERE account_id = $1 ORDER BY tool_name"),
            &[account_id.into()],
        )
        .await?
        .iter()
        .map(config_from_row)
        .collect::<Result<_>>()?;
    let rows = sql
        .query(
            &format!(
                "SELECT {RULE_COLUMNS} FROM access_rules r JOIN tool_configurations c ON c.id = r.tool_configuration_id \
                 WHERE c.account_id = $1"
            ),
            &[account_id.into()],
        )
        .await?;
    let mut by_config: HashMap<String, Vec<Rule>> = HashMap::new();
    for row in &rows {
        let rule = rule_from_row(row)?;
        by_config
            .entry(rule.tool_configuration_id.clone())
            .or_default()
            .push(rule);
    }
    for c in &mut configs {
        c.rules = by_config.remove(&c.id).unwrap_or_default();
        sort_rules(&mut c.rules);
    }
    Ok(configs)
}

pub async fn get(sql: &dyn Sql, account_id: &str, id: &str) -> Result<ToolConfiguration> {
    let rows = sql
        .query(
            &format!(
                "SELECT {CONFIG_COLUMNS} FROM tool_configurations WHERE id = $1 AND account_id = $2"
            ),
            &[id.into(), account_id.into()],
        )
        .await?;
    let mut config = rows
        .first()
        .map(config_from_row)
        .transpose()?
        .ok_or_else(|| Error::not_found(format!("no tool configuration {id}")))?;
    config.rules = sql
        .query(
            &format!(
                "SELECT {RULE_COLUMNS} FROM access_rules r WHERE r.tool_configuration_id = $1"
            ),
            &[id.into()],
        )
        .await?
        .iter()
        .map(rule_from_row)
        .collect::<Result<_>>()?;
    sort_rules(&mut config.rules);
    Ok(config)
}

/// The writable fields of a rule.
#[derive(Debug, Clone)]
pub struct RuleFields {
    pub priority: i64,
    pub action: Action,
    pub condition: Option<String>,
    pub denial_message: Option<String>,
    pub description: Option<String>,
    pub enabled: bool,
    pub approval_policy_id: Option<String>,
    pub name: Option<String>,
    pub scope: Scope,
    pub shadow: bool,
}

/// The insert and the update bind a rule's fields in the same order, after
/// the values that identify the row (`$1…` for the insert, `$1…$3` for the
/// update).
fn rule_params(mut identity: Vec<Value>, f: &RuleFields, now: i64) -> Vec<Value> {
    identity.extend([
        Value::Int(f.priority),
        f.action.as_str().into(),
        f.condition.clone().into(),
        f.denial_message.clone().into(),
        f.description.clone().into(),
        Value::Bool(f.enabled),
        Value::Int(now),
        f.approval_policy_id.clone().into(),
        f.name.clone().into(),
        f.scope.kind().into(),
        f.scope.id().into(),
        Value::Bool(f.shadow),
    ]);
    identity
}

pub(crate) fn insert_rule(id: &str, config_id: &str, f: &RuleFields, now: i64) -> Statement {
    Statement::new(
        "INSERT INTO access_rules (id, tool_configuration_id, priority, action, condition, denial_message, description, enabled, approval_policy_id, created_at, updated_at, name, scope_kind, scope_id, shadow) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $9, $9, $11, $12, $13, $14)",
        rule_params(vec![id.into(), config_id.into()], f, now),
    )
}

pub struct ConfigFields {
    pub tool_name: String,
    pub tool_source: String,
    pub is_enabled: bool,
    pub description: Option<String>,
    pub approval_policy_id: Option<String>,
    pub justification: Option<Justification>,
    pub validate_arguments: bool,
}

/// The insert and the update bind the same values in the same places.
fn config_params(account_id: &str, id: &str, f: &ConfigFields, now: i64) -> Vec<Value> {
    vec![
        id.into(),
        account_id.into(),
        f.tool_name.as_str().into(),
        f.tool_source.as_str().into(),
        Value::Bool(f.is_enabled),
        f.description.clone().into(),
        Value::Int(now),
        f.approval_policy_id.clone().into(),
        f.justification.map(|j| j.as_str()).into(),
        Value::Bool(f.validate_arguments),
    ]
}

pub(crate) fn insert_config(account_id: &str, id: &str, f: &ConfigFields, now: i64) -> Statement {
    Statement::new(
        "INSERT INTO tool_configurations (id, account_id, tool_name, tool_source, is_enabled, description, created_at, updated_at, approval_policy_id, justification, validate_arguments) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10)",
        config_params(account_id, id, f, now),
    )
}

pub(crate) fn update_config(account_id: &str, id: &str, f: &ConfigFields, now: i64) -> Statement {
    Statement::new(
        "UPDATE tool_configurations SET tool_name = $3, tool_source = $4, is_enabled = $5, description = $6, updated_at = $7, \
         approval_policy_id = $8, justification = $9, validate_arguments = $10 WHERE id = $1 AND account_id = $2",
        config_params(account_id, id, f, now),
    )
}

pub(crate) fn update_rule_statement(
    account_id: &str,
    config_id: &str,
    rule_id: &str,
    f: &RuleFields,
    now: i64,
) -> Statement {
    Statement::new(
        format!(
            "UPDATE access_rules SET priority = $4, action = $5, condition = $6, denial_message = $7, description = $8, \
             enabled = $9, updated_at = $10, approval_policy_id = $11, name = $12, scope_kind = $13, scope_id = $14, shadow = $15 \
             WHERE {OWNED_RULE}"
        ),
        rule_params(
            vec![rule_id.into(), config_id.into(), account_id.into()],
            f,
            now,
        ),
    )
}

/// Deletes a configuration and its rules (statements for one batch).
pub(crate) fn delete_config(account_id: &str, id: &str) -> [Statement; 2] {
    [
        Statement::new(
            "DELETE FROM access_rules WHERE tool_configuration_id IN \
             (SELECT id FROM tool_configurations WHERE id = $1 AND account_id = $2)",
            vec![id.into(), account_id.into()],
        ),
        Statement::new(
            "DELETE FROM tool_configurations WHERE id = $1 AND account_id = $2",
            vec![id.into(), account_id.into()],
        ),
    ]
}

pub(crate) fn delete_rule_statement(account_id: &str, config_id: &str, rule_id: &str) -> Statement {
    Statement::new(
        format!("DELETE FROM access_rules WHERE {OWNED_RULE}"),
        vec![rule_id.into(), config_id.into(), account_id.into()],
    )
}

fn conflict_as(e: Error, tool: &str) -> Error {
    if e.kind == crate::error::ErrorKind::Conflict {
        Error::conflict(format!("tool '{tool}' already has a configuration"))
    } else {
        e
    }
}

/// Creates a configuration with its initial rules (ids supplied by the caller).
pub async fn create(
    sql: &dyn Sql,
    account_id: &str,
    id: &str,
    f: &ConfigFields,
    rules: &[(String, RuleFields)],
    now: i64,
) -> Result<()> {
    let mut statements = vec![insert_config(account_id, id, f, now)];
    statements.extend(rules.iter().map(|(rid, r)| insert_rule(rid, id, r, now)));
    statements.push(bump_policy_version(account_id));
    sql.batch(&statements)
        .await
        .map_err(|e| conflict_as(e, &f.tool_name))?;
    Ok(())
}

pub async fn update(
    sql: &dyn Sql,
    account_id: &str,
    id: &str,
    f: &ConfigFields,
    now: i64,
) -> Result<()> {
    let counts = sql
        .batch(&[
            update_config(account_id, id, f, now),
            bump_policy_version(account_id),
        ])
        .await
        .map_err(|e| conflict_as(e, &f.tool_name))?;
    if counts.first().copied().unwrap_or(0) == 0 {
        return Err(Error::not_found(format!("no tool configuration {id}")));
    }
    Ok(())
}

pub async fn delete(sql: &dyn Sql, account_id: &str, id: &str) -> Result<()> {
    let counts = sql
        .batch(&{
            let [rules, config] = delete_config(account_id, id);
            [rules, config, bump_policy_version(account_id)]
        })
        .await?;
    if counts.get(1).copied().unwrap_or(0) == 0 {
        return Err(Error::not_found(format!("no tool configuration {id}")));
    }
    Ok(())
}

pub async fn add_rule(
    sql: &dyn Sql,
    account_id: &str,
    config_id: &str,
    rule_id: &str,
    f: &RuleFields,
    now: i64,
) -> Result<()> {
    get(sql, account_id, config_id).await?;
    sql.batch(&[
        insert_rule(rule_id, config_id, f, now),
        bump_policy_version(account_id),
    ])
    .await?;
    Ok(())
}

const OWNED_RULE: &str = "id = $1 AND tool_configuration_id = $2 AND tool_configuration_id IN \
                          (SELECT id FROM tool_configurations WHERE account_id = $3)";

pub async fn update_rule(
    sql: &dyn Sql,
    account_id: &str,
    config_id: &str,
    rule_id: &str,
    f: &RuleFields,
    now: i64,
) -> Result<()> {
    let counts = sql
        .batch(&[
            update_rule_statement(account_id, config_id, rule_id, f, now),
            bump_policy_version(account_id),
        ])
        .await?;
    if counts.first().copied().unwrap_or(0) == 0 {
        return Err(Error::not_found(format!(
            "no rule {rule_id} in tool configuration {config_id}"
        )));
    }
    Ok(())
}

pub async fn delete_rule(
    sql: &dyn Sql,
    account_id: &str,
    config_id: &str,
    rule_id: &str,
) -> Result<()> {
    let counts = sql
        .batch(&[
            delete_rule_statement(account_id, config_id, rule_id),
            bump_policy_version(account_id),
        ])
        .await?;
    if counts.first().copied().unwrap_or(0) == 0 {
        return Err(Error::not_found(format!(
            "no rule {rule_id} in tool configuration {config_id}"
        )));
    }
    Ok(())
}

/// Gives the listed rules priorities 10, 20, 30… in the order given. The list
/// must name every rule of the configuration exactly once.
pub async fn reorder_rules(
    sql: &dyn Sql,
    account_id: &str,
    config_id: &str,
    order: &[String],
    now: i64,
) -> Result<()> {
    let config = get(sql, account_id, config_id).await?;
    let mut existing: Vec<&str> = config.rules.iter().map(|r| r.id.as_str()).collect();
    let mut given: Vec<&str> = order.iter().map(String::as_str).collect();
    existing.sort_unstable();
    given.sort_unstable();
    if existing != given {
        return Err(Error::bad_request(
            "rule_ids must list every rule of this tool configuration exactly once",
        ));
    }
    let mut statements: Vec<Statement> = order
        .iter()
        .enumerate()
        .map(|(i, rid)| {
            Statement::new(
                "UPDATE access_rules SET priority = $2, updated_at = $3 WHERE id = $1",
                vec![rid.into(), Value::Int((i as i64 + 1) * 10), Value::Int(now)],
            )
        })
        .collect();
    statements.push(bump_policy_version(account_id));
    sql.batch(&statements).await?;
    Ok(())
}

/// How a rule reads to an approver: its description, else its condition.
pub async fn describe_rule(
    sql: &dyn Sql,
    account_id: &str,
    rule_id: &str,
) -> Result<Option<String>> {
    let rows = sql
        .query(
            "SELECT r.description, r.condition, r.action FROM access_rules r \
             JOIN tool_configurations c ON c.id = r.tool_configuration_id WHERE r.id = $1 AND c.account_id = $2",
            &[rule_id.into(), account_id.into()],
        )
        .await?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    Ok(r.opt_str("description")?
        .or(r.opt_str("condition")?.map(|c| format!("when {c}")))
        .or(Some(r.str("action")?)))
}
