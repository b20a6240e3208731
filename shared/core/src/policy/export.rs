//! The account's configuration as a policy document, and the canonical form
//! both sides of a comparison are brought to. `export` always produces a
//! canonical document, so exporting, applying the result and exporting again
//! gives the same bytes.

use super::document::{
    Defaults, EscalationDoc, FORMAT_VERSION, People, PolicyDocument, RuleDoc, ServerDoc, ToolDoc,
    WorkflowDoc,
};
use super::{Action, Rule, Scope, ToolConfiguration};
use crate::approval::ApprovalPolicy;
use crate::store::accounts::ApiKey;
use crate::store::agents::Agent;
use crate::store::people::{Team, User};
use crate::store::servers::McpServer;

/// Everything a policy document describes, as stored, plus what its names
/// are resolved against.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub default_action: Option<Action>,
    pub hide_default_denied: bool,
    pub configs: Vec<ToolConfiguration>,
    pub workflows: Vec<ApprovalPolicy>,
    pub servers: Vec<McpServer>,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    pub agents: Vec<Agent>,
    pub keys: Vec<ApiKey>,
    /// The last applied document (for its metadata and tests, which are not
    /// configuration).
    pub last_document: Option<PolicyDocument>,
    /// The revision in force, if any was applied.
    pub revision: Option<i64>,
    /// The account's policy version when the state was read (before the
    /// rest of it).
    pub policy_version: i64,
}

/// How a file names the entity with id `id`: by `name`, or by the id when
/// no such entity exists (a dangling reference stays visible in the export).
fn name_or_id<T>(items: &[T], id: &str, id_of: fn(&T) -> &str, name: fn(&T) -> &str) -> String {
    items
        .iter()
        .find(|x| id_of(x) == id)
        .map_or_else(|| id.to_string(), |x| name(x).to_string())
}

impl State {
    fn user_ref(&self, id: &str) -> String {
        name_or_id(&self.users, id, |u| &u.id, |u| &u.email)
    }
    fn team_ref(&self, id: &str) -> String {
        name_or_id(&self.teams, id, |t| &t.id, |t| &t.name)
    }
    fn workflow_ref(&self, id: &str) -> String {
        name_or_id(&self.workflows, id, |w| &w.id, |w| &w.name)
    }
    pub fn agent_ref(&self, id: &str) -> String {
        name_or_id(&self.agents, id, |a| &a.id, |a| &a.name)
    }
    /// The agent a file names, by name or id.
    pub fn agent_id(&self, reference: &str) -> Result<&str, String> {
        self.agents
            .iter()
            .find(|a| a.name == reference || a.id == reference)
            .map(|a| a.id.as_str())
            .ok_or_else(|| format!("no agent named '{reference}'"))
    }
    /// The active key a file names: by id, or by a name no other active key
    /// has.
    pub fn key_id(&self, reference: &str) -> Result<&str, String> {
        let active = || self.keys.iter().filter(|k| k.revoked_at.is_none());
        if let Some(k) = active().find(|k| k.id == reference) {
            return Ok(&k.id);
        }
        let named: Vec<&ApiKey> = active().filter(|k| k.name == reference).collect();
        match named.as_slice() {
            [k] => Ok(&k.id),
            [] => Err(format!("no active API key named '{reference}'")),
            _ => Err(format!(
                "several API keys are named '{reference}'; use the key's id"
            )),
        }
    }
    /// A key by its name when no other active key has it, else by id.
    pub fn key_ref(&self, id: &str) -> String {
        let Some(key) = self.keys.iter().find(|k| k.id == id) else {
            return id.to_string();
        };
        let same_name = self
            .keys
            .iter()
            .filter(|k| k.revoked_at.is_none() && k.name == key.name)
            .count();
        if same_name == 1 && key.revoked_at.is_none() {
            key.name.clone()
        } else {
            id.to_string()
        }
    }
}

/// The stored configuration as a canonical document.
pub fn export(state: &State, default_timeout_ms: i64) -> PolicyDocument {
    let last = state.last_document.clone().unwrap_or_default();
    let doc = PolicyDocument {
        version: FORMAT_VERSION.into(),
        metadata: last.metadata,
        defaults: Defaults {
            action: state.default_action.map(Into::into),
            hide_default_denied: Some(state.hide_default_denied),
        },
        approval_workflows: state
            .workflows
            .iter()
            .map(|w| WorkflowDoc {
                name: w.name.clone(),
                description: w.description.clone(),
                approvers: People {
                    users: w
                        .approver_user_ids
                        .iter()
                        .map(|u| state.user_ref(u))
                        .collect(),
                    teams: w
                        .approver_team_ids
                        .iter()
                        .map(|t| state.team_ref(t))
                        .collect(),
                },
                required_approvals: w.approvals_required,
                timeout_seconds: w.timeout_seconds,
                escalation: w.escalation.as_ref().map(|e| EscalationDoc {
                    after_seconds: e.after_seconds,
                    users: e.user_ids.iter().map(|u| state.user_ref(u)).collect(),
                    teams: e.team_ids.iter().map(|t| state.team_ref(t)).collect(),
                }),
                notification_channels: w.notification_channels.clone(),
                async_approval: w.async_approval,
                justification: w.justification.map(Into::into),
                default: w.is_default,
                require_different_person: w.require_different_person,
            })
            .collect(),
        mcp_servers: state
            .servers
            .iter()
            .map(|s| ServerDoc {
                name: s.name.clone(),
                url: s.url.clone(),
                command: s.command.as_ref().map(|c| c.command.clone()),
                args: s
                    .command
                    .as_ref()
                    .map(|c| c.args.clone())
                    .unwrap_or_default(),
                // Only values a file gave as templates can be shown; an
                // environment with a value set through the API is kept.
                env: s
                    .env_template
                    .iter()
                    .flatten()
                    .map(|(k, v)| v.clone().map(|v| (k.clone(), v)))
                    .collect::<Option<_>>()
                    .unwrap_or_default(),
                keep_env: s
                    .env_template
                    .as_ref()
                    .is_some_and(|t| t.values().any(Option::is_none)),
                auth_header: s
                    .auth_header_template
                    .clone()
                    .filter(|_| s.auth_header_enc.is_some()),
                keep_auth_header: s.auth_header_enc.is_some() && s.auth_header_template.is_none(),
                enabled: s.enabled,
                timeout_ms: Some(s.timeout_ms),
                transport: (s.transport != crate::mcp::upstream::Transport::StreamableHttp)
                    .then_some(s.transport),
                prefix: s.prefix_set.clone(),
                on_change: (s.on_change != Default::default()).then_some(s.on_change),
                on_finding: (s.on_finding != Default::default()).then_some(s.on_finding),
                redact_results: s.redact_results,
            })
            .collect(),
        tools: state
            .configs
            .iter()
            .map(|c| ToolDoc {
                name: c.tool_name.clone(),
                source: c.tool_source.clone(),
                enabled: c.is_enabled,
                description: c.description.clone(),
                approval_workflow: c
                    .approval_policy_id
                    .as_deref()
                    .map(|w| state.workflow_ref(w)),
                justification: c.justification.map(Into::into),
                validate_arguments: c.validate_arguments,
                conditions: c.rules.iter().map(|r| rule_doc(state, r)).collect(),
            })
            .collect(),
        tests: last.tests,
        prune: None,
    };
    normalize(doc, default_timeout_ms)
}

/// One stored rule as the document writes it.
pub fn rule_doc(state: &State, r: &Rule) -> RuleDoc {
    let (agent, api_key) = match r.scope() {
        Scope::Account => (None, None),
        Scope::Agent(id) => (Some(state.agent_ref(&id)), None),
        Scope::ApiKey(id) => (None, Some(state.key_ref(&id))),
    };
    RuleDoc {
        name: r.name.clone(),
        expression: r.condition.clone().filter(|e| !e.trim().is_empty()),
        action: r.action.into(),
        description: r.description.clone(),
        message: r.denial_message.clone(),
        approval_workflow: r
            .approval_policy_id
            .as_deref()
            .map(|w| state.workflow_ref(w)),
        agent,
        api_key,
        shadow: r.shadow,
        enabled: r.enabled,
    }
}

/// A rule's scope as its file names it (agents and keys by name). Ordered as
/// rules go in a canonical tool: account rules, then each agent's, then each
/// key's.
pub fn doc_scope(r: &RuleDoc) -> Scope {
    match (&r.agent, &r.api_key) {
        (None, None) => Scope::Account,
        (Some(a), None) => Scope::Agent(a.clone()),
        (_, Some(k)) => Scope::ApiKey(k.clone()),
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// The canonical form: defaults left out, lists of names sorted, entries in
/// name order, each tool's rules grouped by scope (account, then agents,
/// then keys, each by name) keeping their order within a scope.
pub fn normalize(mut doc: PolicyDocument, default_timeout_ms: i64) -> PolicyDocument {
    if doc.defaults.action == Some(Action::Deny.into()) {
        doc.defaults.action = None;
    }
    if doc.defaults.hide_default_denied == Some(false) {
        doc.defaults.hide_default_denied = None;
    }
    doc.prune = None;
    for server in &mut doc.mcp_servers {
        if server.transport == Some(crate::mcp::upstream::Transport::StreamableHttp) {
            server.transport = None;
        }
        if server.prefix.as_deref() == Some(server.name.as_str()) {
            server.prefix = None;
        }
    }
    for w in &mut doc.approval_workflows {
        w.approvers.users = sorted(std::mem::take(&mut w.approvers.users));
        w.approvers.teams = sorted(std::mem::take(&mut w.approvers.teams));
        w.notification_channels = sorted(std::mem::take(&mut w.notification_channels));
        if let Some(e) = &mut w.escalation {
            e.users = sorted(std::mem::take(&mut e.users));
            e.teams = sorted(std::mem::take(&mut e.teams));
        }
        w.description = w.description.take().filter(|d| !d.is_empty());
    }
    doc.approval_workflows.sort_by(|a, b| a.name.cmp(&b.name));
    for s in &mut doc.mcp_servers {
        s.timeout_ms = Some(s.timeout_ms.unwrap_or(default_timeout_ms));
    }
    doc.mcp_servers.sort_by(|a, b| a.name.cmp(&b.name));
    for t in &mut doc.tools {
        t.conditions.sort_by_key(doc_scope);
        for r in &mut t.conditions {
            r.expression = r.expression.take().filter(|e| !e.trim().is_empty());
        }
    }
    doc.tools.sort_by(|a, b| a.name.cmp(&b.name));
    doc
}
