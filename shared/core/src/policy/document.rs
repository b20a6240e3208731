//! The policy file: an account's whole access configuration as one document
//! that teams keep beside their code. `version: "1.0"`.
//!
//! Fields at their default value are left out when a document is written, so
//! an export shows what was configured and nothing else. Field order here is
//! the order they are written in.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

pub const FORMAT_VERSION: &str = "1.0";

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_true(b: &bool) -> bool {
    *b
}
fn yes() -> bool {
    true
}

/// A Preloop policy file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Preloop policy")]
pub struct PolicyDocument {
    /// The format version; "1.0".
    pub version: String,
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    #[serde(default, skip_serializing_if = "Defaults::is_empty")]
    pub defaults: Defaults,
    /// Who approves the calls that rules send for approval.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approval_workflows: Vec<WorkflowDoc>,
    /// Upstream MCP servers whose tools are offered through Preloop.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mcp_servers: Vec<ServerDoc>,
    /// Per-tool settings and their ordered rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<ToolDoc>,
    /// Cases the rules must decide as expected; `apply` refuses a file whose
    /// cases fail.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<TestCase>,
    /// Whether applying the file deletes the workflows, servers and tools it
    /// does not name (as `policy apply --prune` does). Absent: they are left
    /// in place and listed. An instruction to `apply`, not configuration:
    /// never exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prune: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Metadata {
    pub fn is_empty(&self) -> bool {
        self == &Metadata::default()
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// What happens to a call no rule decides: a tool without rules, or one
    /// whose rules all fail to match. Absent: deny.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionName>,
    /// Leave out of `tools/list` the tools only a deny default decides (no
    /// configuration, or no rules in the caller's scope). Absent: false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_default_denied: Option<bool>,
}

impl Defaults {
    pub fn is_empty(&self) -> bool {
        self.action.is_none() && self.hide_default_denied.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionName {
    Allow,
    Deny,
    RequireApproval,
}

impl From<ActionName> for super::Action {
    fn from(a: ActionName) -> Self {
        match a {
            ActionName::Allow => super::Action::Allow,
            ActionName::Deny => super::Action::Deny,
            ActionName::RequireApproval => super::Action::RequireApproval,
        }
    }
}

impl From<super::Action> for ActionName {
    fn from(a: super::Action) -> Self {
        match a {
            super::Action::Allow => ActionName::Allow,
            super::Action::Deny => ActionName::Deny,
            super::Action::RequireApproval => ActionName::RequireApproval,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JustificationMode {
    Required,
    Optional,
}

impl From<JustificationMode> for crate::approval::Justification {
    fn from(j: JustificationMode) -> Self {
        match j {
            JustificationMode::Required => crate::approval::Justification::Required,
            JustificationMode::Optional => crate::approval::Justification::Optional,
        }
    }
}

impl From<crate::approval::Justification> for JustificationMode {
    fn from(j: crate::approval::Justification) -> Self {
        match j {
            crate::approval::Justification::Required => JustificationMode::Required,
            crate::approval::Justification::Optional => JustificationMode::Optional,
        }
    }
}

/// People named by email, teams by name.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct People {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<String>,
}

impl People {
    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.teams.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationDoc {
    /// Seconds without a decision before the escalation approvers are asked.
    pub after_seconds: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<String>,
}

fn one() -> i64 {
    1
}
fn ten_minutes() -> i64 {
    600
}
fn email_only() -> Vec<String> {
    vec!["email".into()]
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkflowDoc {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who decides. None named: the account's admins.
    #[serde(default, skip_serializing_if = "People::is_empty")]
    pub approvers: People,
    /// Distinct people who must approve. Default 1.
    #[serde(default = "one")]
    pub required_approvals: i64,
    /// How long approvers have before the request expires. Default 600.
    #[serde(default = "ten_minutes")]
    pub timeout_seconds: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<EscalationDoc>,
    /// How approvers are told: email, slack, mattermost, webhook, push.
    /// Default: email.
    #[serde(default = "email_only")]
    pub notification_channels: Vec<String>,
    /// Answer the agent at once with a request to poll, instead of holding
    /// the call open until it is decided.
    #[serde(default, skip_serializing_if = "is_false")]
    pub async_approval: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<JustificationMode>,
    /// The workflow for `require_approval` rules that name none.
    #[serde(default, skip_serializing_if = "is_false")]
    pub default: bool,
    /// Four eyes: the person behind the calling key (its owner, or its
    /// agent's owner) cannot approve, through any key, link or team.
    #[serde(default, skip_serializing_if = "is_false")]
    pub require_different_person: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerDoc {
    /// The server's name, unique in the account; also the prefix of what it
    /// offers unless `prefix` says otherwise.
    pub name: String,
    /// Where an HTTP server answers; none for a stdio server.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// What a stdio server runs as (`transport: stdio`): a program, looked
    /// up on `PATH` unless it is a path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// A stdio server's environment. Values take secrets from the
    /// environment of whoever applies the file (`${VAR}`), like
    /// `auth_header`: they are stored encrypted, and an export shows them as
    /// the file wrote them, never what a variable held.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// Keep the environment already stored (one set through the API).
    #[serde(default, skip_serializing_if = "is_false")]
    pub keep_env: bool,
    /// The `Authorization` header sent upstream. `${VAR}` is replaced by the
    /// variable's value from the environment of whoever applies the file, so
    /// the secret itself never sits in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_header: Option<String>,
    /// Keep the header already stored (one set through the API, which an
    /// export cannot show).
    #[serde(default, skip_serializing_if = "is_false")]
    pub keep_auth_header: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// Upstream deadline in milliseconds. Default: the deployment's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<i64>,
    /// How the server is spoken to. Default: `streamable_http`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<crate::mcp::upstream::Transport>,
    /// What its tools and prompts (`<prefix>__<name>`) and resource URIs
    /// (`preloop://<prefix>/…`) carry; `""` for nothing (one server per
    /// account). Default: the server's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// What a scan does with a tool whose definition changed: `quarantine`
    /// it until a person approves (the default), or take the new one and
    /// say so (`notify`, `accept`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_change: Option<crate::mcp::integrity::OnChange>,
    /// Whether a poisoning finding quarantines its tool (the default) or
    /// only warns (`warn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_finding: Option<crate::mcp::integrity::OnFinding>,
    /// Pass tool results through the account's secret redaction.
    #[serde(default, skip_serializing_if = "is_false")]
    pub redact_results: bool,
}

fn mcp() -> String {
    "mcp".into()
}
fn is_mcp(s: &str) -> bool {
    s == "mcp"
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolDoc {
    /// The tool's name as agents see it (`server__tool` for upstream tools).
    pub name: String,
    /// Where the tool comes from. Default: mcp.
    #[serde(default = "mcp", skip_serializing_if = "is_mcp")]
    pub source: String,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The workflow this tool's `require_approval` rules use unless a rule
    /// names its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_workflow: Option<String>,
    /// Whether an agent must explain a call sent for approval (overrides the
    /// workflow's setting for this tool).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<JustificationMode>,
    /// Check a call's arguments against the tool's pinned input schema
    /// before policy. Turn off only for an upstream whose schema is wrong.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub validate_arguments: bool,
    /// Rules in evaluation order: within one scope the first that matches
    /// decides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<RuleDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// A handle for tests, traces and simulations; unique within the tool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A CEL condition over `args`, `tool`, `server`, `principal` and `now`.
    /// Absent: the rule matches every call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    pub action: ActionName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the agent is told when this rule stops a call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The workflow for this rule (require_approval only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_workflow: Option<String>,
    /// Applies only to calls made with this agent's keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// Applies only to calls made with this API key (by name, or id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    /// Evaluated and recorded, never enforced.
    #[serde(default, skip_serializing_if = "is_false")]
    pub shadow: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
}

/// One case of the `tests` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "TestPrincipal::is_empty")]
    pub principal: TestPrincipal,
    pub tool: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[schemars(with = "Map<String, Json>")]
    pub arguments: Map<String, Json>,
    pub expect: Expectation,
}

/// Who makes the call in a test case.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestPrincipal {
    /// The key's name (rules scoped to `api_key` with this name apply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    /// The agent the key belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// admin or agent. Default: agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl TestPrincipal {
    pub fn is_empty(&self) -> bool {
        self == &TestPrincipal::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub decision: ActionName,
    /// The deciding rule: its name, or `tool#N` for the tool's Nth rule;
    /// `default` when no rule decides. Absent: not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// The JSON Schema of the policy file, for editors and CI.
pub fn json_schema() -> Json {
    let schema = schemars::schema_for!(PolicyDocument);
    serde_json::to_value(&schema).unwrap_or(Json::Null)
}
