//! `/api/v1/tool-configurations`: per-tool settings and their ordered access
//! rules. CEL conditions are compiled on write, so a broken expression is
//! refused with a 400 that says where it fails instead of denying later.

use crate::{Ctx, Patch, created, method_not_allowed, ok};
use preloop_core::approval::Justification;
use preloop_core::http::Response;
use preloop_core::policy::condition;
use preloop_core::policy::{self, Action, Rule, Scope};
use preloop_core::store::policies::{self, ConfigFields, RuleFields};
use preloop_core::store::{accounts, agents, approval_policies};
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

pub async fn route(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    let sql = ctx.env.sql();
    match (method, rest) {
        ("GET", []) => {
            ok(&json!({"tool_configurations": policies::list(sql, ctx.account()).await?}))
        }
        ("POST", []) => create(ctx).await,
        ("GET", [id]) => ok(&policies::get(sql, ctx.account(), id).await?),
        ("PUT", [id]) | ("PATCH", [id]) => update(ctx, id).await,
        ("DELETE", [id]) => {
            policies::delete(sql, ctx.account(), id).await?;
            Ok(Response::no_content())
        }
        ("GET", [id, "rules"]) => {
            ok(&json!({"rules": policies::get(sql, ctx.account(), id).await?.rules}))
        }
        ("POST", [id, "rules"]) => add_rule(ctx, id).await,
        ("POST", [id, "rules", "reorder"]) | ("PUT", [id, "rules", "reorder"]) => {
            reorder(ctx, id).await
        }
        ("GET", [id, "rules", rule_id]) => ok(&find_rule(ctx, id, rule_id).await?),
        ("PUT", [id, "rules", rule_id]) | ("PATCH", [id, "rules", rule_id]) => {
            update_rule(ctx, id, rule_id).await
        }
        ("DELETE", [id, "rules", rule_id]) => {
            policies::delete_rule(sql, ctx.account(), id, rule_id).await?;
            Ok(Response::no_content())
        }
        (_, [] | [_] | [_, "rules"] | [_, "rules", _]) => {
            Err(method_not_allowed("GET, POST, PUT, DELETE"))
        }
        _ => Err(Error::not_found(
            "no such route under /api/v1/tool-configurations",
        )),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleInput {
    #[serde(default)]
    priority: Option<i64>,
    action: String,
    #[serde(default)]
    condition: Option<String>,
    #[serde(default)]
    denial_message: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    approval_policy_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    /// account (default), agent or api_key.
    #[serde(default)]
    scope_kind: Option<String>,
    #[serde(default)]
    scope_id: Option<String>,
    #[serde(default)]
    shadow: Option<bool>,
}

/// Validates a rule; `index` names it in errors about a list of rules.
fn rule_fields(
    input: RuleInput,
    default_priority: i64,
    index: Option<usize>,
) -> Result<RuleFields> {
    let at = |e: Error| match index {
        Some(i) => Error {
            message: format!("rules[{i}]: {}", e.message),
            ..e
        },
        None => e,
    };
    let action = Action::parse(&input.action).map_err(at)?;
    if input.approval_policy_id.is_some() && action != Action::RequireApproval {
        return Err(at(Error::bad_request(
            "approval_policy_id only applies to rules whose action is require_approval",
        )));
    }
    let condition = input.condition.filter(|c| !c.trim().is_empty());
    if let Some(c) = &condition {
        condition::compile(c).map_err(at)?;
    }
    let scope = Scope::parse(
        input.scope_kind.as_deref().unwrap_or("account"),
        input.scope_id,
    )
    .map_err(at)?;
    if let Some(n) = &input.name {
        policy::validate_rule_name(n).map_err(at)?;
    }
    Ok(RuleFields {
        name: input.name,
        scope,
        shadow: input.shadow.unwrap_or(false),
        priority: input.priority.unwrap_or(default_priority),
        action,
        condition,
        denial_message: input.denial_message,
        description: input.description,
        enabled: input.enabled.unwrap_or(true),
        approval_policy_id: input.approval_policy_id,
    })
}

/// Every workflow the rules (or their tool) name must be one of the
/// account's, and every agent or key they are scoped to.
async fn check_references(
    ctx: &Ctx<'_>,
    tool_workflow: Option<&str>,
    rules: &[&RuleFields],
) -> Result<()> {
    for r in rules {
        match &r.scope {
            Scope::Account => {}
            Scope::Agent(id) => {
                agents::get(ctx.env.sql(), ctx.account(), id).await?;
            }
            Scope::ApiKey(id) => {
                let keys = accounts::list_keys(ctx.env.sql(), ctx.account()).await?;
                if !keys.iter().any(|k| &k.id == id) {
                    return Err(Error::bad_request(format!("no API key {id}")));
                }
            }
        }
    }
    let named: Vec<&str> = rules
        .iter()
        .filter_map(|r| r.approval_policy_id.as_deref())
        .chain(tool_workflow)
        .collect();
    if named.is_empty() {
        return Ok(());
    }
    let known = approval_policies::list(ctx.env.sql(), ctx.account()).await?;
    match named.iter().find(|id| !known.iter().any(|p| p.id == **id)) {
        Some(missing) => Err(Error::bad_request(format!("no approval policy {missing}"))),
        None => Ok(()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateConfig {
    tool_name: String,
    #[serde(default)]
    tool_source: Option<String>,
    #[serde(default)]
    is_enabled: Option<bool>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    approval_policy_id: Option<String>,
    #[serde(default)]
    justification: Option<String>,
    #[serde(default)]
    validate_arguments: Option<bool>,
    #[serde(default)]
    rules: Vec<RuleInput>,
}

fn validate_tool_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.len() > 256 {
        return Err(Error::bad_request("tool_name must be 1-256 characters"));
    }
    Ok(())
}

fn validate_source(source: &str) -> Result<()> {
    match source {
        "mcp" | "builtin" | "http" => Ok(()),
        other => Err(Error::bad_request(format!(
            "unknown tool_source '{other}' (mcp, builtin or http)"
        ))),
    }
}

async fn create(ctx: &Ctx<'_>) -> Result<Response> {
    let input: CreateConfig = ctx.body()?;
    validate_tool_name(&input.tool_name)?;
    let tool_source = input.tool_source.unwrap_or_else(|| "mcp".into());
    validate_source(&tool_source)?;
    let mut rules = Vec::with_capacity(input.rules.len());
    for (i, r) in input.rules.into_iter().enumerate() {
        rules.push((
            ctx.env.new_id(),
            rule_fields(r, (i as i64 + 1) * 10, Some(i))?,
        ));
    }
    check_references(
        ctx,
        input.approval_policy_id.as_deref(),
        &rules.iter().map(|(_, r)| r).collect::<Vec<_>>(),
    )
    .await?;
    let id = ctx.env.new_id();
    let fields = ConfigFields {
        tool_name: input.tool_name,
        tool_source,
        is_enabled: input.is_enabled.unwrap_or(true),
        description: input.description,
        approval_policy_id: input.approval_policy_id,
        justification: input
            .justification
            .as_deref()
            .map(Justification::parse)
            .transpose()?,
        validate_arguments: input.validate_arguments.unwrap_or(true),
    };
    policies::create(
        ctx.env.sql(),
        ctx.account(),
        &id,
        &fields,
        &rules,
        ctx.env.now_ms(),
    )
    .await?;
    created(&policies::get(ctx.env.sql(), ctx.account(), &id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateConfig {
    #[serde(default)]
    tool_name: Option<String>,
    #[serde(default)]
    tool_source: Option<String>,
    #[serde(default)]
    is_enabled: Option<bool>,
    #[serde(default)]
    description: Patch<String>,
    #[serde(default)]
    approval_policy_id: Patch<String>,
    #[serde(default)]
    justification: Patch<String>,
    #[serde(default)]
    validate_arguments: Option<bool>,
}

async fn update(ctx: &Ctx<'_>, id: &str) -> Result<Response> {
    let input: UpdateConfig = ctx.body()?;
    let current = policies::get(ctx.env.sql(), ctx.account(), id).await?;
    let fields = ConfigFields {
        tool_name: input.tool_name.unwrap_or(current.tool_name),
        tool_source: input.tool_source.unwrap_or(current.tool_source),
        is_enabled: input.is_enabled.unwrap_or(current.is_enabled),
        description: input.description.apply(current.description),
        approval_policy_id: input.approval_policy_id.apply(current.approval_policy_id),
        justification: match input.justification {
            Patch::Keep => current.justification,
            Patch::Clear => None,
            Patch::Set(j) => Some(Justification::parse(&j)?),
        },
        validate_arguments: input
            .validate_arguments
            .unwrap_or(current.validate_arguments),
    };
    check_references(ctx, fields.approval_policy_id.as_deref(), &[]).await?;
    validate_tool_name(&fields.tool_name)?;
    validate_source(&fields.tool_source)?;
    policies::update(ctx.env.sql(), ctx.account(), id, &fields, ctx.env.now_ms()).await?;
    ok(&policies::get(ctx.env.sql(), ctx.account(), id).await?)
}

async fn find_rule(ctx: &Ctx<'_>, config_id: &str, rule_id: &str) -> Result<Rule> {
    policies::get(ctx.env.sql(), ctx.account(), config_id)
        .await?
        .rules
        .into_iter()
        .find(|r| r.id == rule_id)
        .ok_or_else(|| {
            Error::not_found(format!(
                "no rule {rule_id} in tool configuration {config_id}"
            ))
        })
}

async fn add_rule(ctx: &Ctx<'_>, config_id: &str) -> Result<Response> {
    let input: RuleInput = ctx.body()?;
    let config = policies::get(ctx.env.sql(), ctx.account(), config_id).await?;
    let next = config.rules.iter().map(|r| r.priority).max().unwrap_or(0) + 10;
    let fields = rule_fields(input, next, None)?;
    check_references(ctx, None, &[&fields]).await?;
    let rule_id = ctx.env.new_id();
    policies::add_rule(
        ctx.env.sql(),
        ctx.account(),
        config_id,
        &rule_id,
        &fields,
        ctx.env.now_ms(),
    )
    .await?;
    created(&find_rule(ctx, config_id, &rule_id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateRule {
    #[serde(default)]
    priority: Option<i64>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    condition: Patch<String>,
    #[serde(default)]
    denial_message: Patch<String>,
    #[serde(default)]
    description: Patch<String>,
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    approval_policy_id: Patch<String>,
    #[serde(default)]
    name: Patch<String>,
    #[serde(default)]
    scope_kind: Option<String>,
    #[serde(default)]
    scope_id: Patch<String>,
    #[serde(default)]
    shadow: Option<bool>,
}

async fn update_rule(ctx: &Ctx<'_>, config_id: &str, rule_id: &str) -> Result<Response> {
    let input: UpdateRule = ctx.body()?;
    let current = find_rule(ctx, config_id, rule_id).await?;
    let merged = RuleInput {
        priority: Some(input.priority.unwrap_or(current.priority)),
        action: input
            .action
            .unwrap_or_else(|| current.action.as_str().to_string()),
        condition: input.condition.apply(current.condition),
        denial_message: input.denial_message.apply(current.denial_message),
        description: input.description.apply(current.description),
        enabled: Some(input.enabled.unwrap_or(current.enabled)),
        approval_policy_id: input.approval_policy_id.apply(current.approval_policy_id),
        name: input.name.apply(current.name),
        scope_kind: Some(input.scope_kind.unwrap_or(current.scope_kind)),
        scope_id: input.scope_id.apply(current.scope_id),
        shadow: Some(input.shadow.unwrap_or(current.shadow)),
    };
    let fields = rule_fields(merged, current.priority, None)?;
    check_references(ctx, None, &[&fields]).await?;
    policies::update_rule(
        ctx.env.sql(),
        ctx.account(),
        config_id,
        rule_id,
        &fields,
        ctx.env.now_ms(),
    )
    .await?;
    ok(&find_rule(ctx, config_id, rule_id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reorder {
    rule_ids: Vec<String>,
}

async fn reorder(ctx: &Ctx<'_>, config_id: &str) -> Result<Response> {
    let input: Reorder = ctx.body()?;
    policies::reorder_rules(
        ctx.env.sql(),
        ctx.account(),
        config_id,
        &input.rule_ids,
        ctx.env.now_ms(),
    )
    .await?;
    ok(&json!({"rules": policies::get(ctx.env.sql(), ctx.account(), config_id).await?.rules}))
}
