//! Every HTTP route Preloop serves, with what it needs: the one catalog
//! that each function's router checks a request against before it does
//! anything ([`find`]), that the OpenAPI document is generated from, and
//! that the tests call with every role.
//!
//! A function's own `match` still does the work; a route missing here is
//! refused before it is reached (404), and the tests call every route
//! listed here to show its function serves it.

use crate::access::Permission::{self, *};
use crate::error::{Error, ErrorKind, Result};

#[cfg(feature = "describe")]
pub mod docs;
#[cfg(feature = "describe")]
pub mod openapi;

/// What a route asks of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Nothing: it is how one signs in, or public metadata.
    Nothing,
    /// A one-time token in the request itself (an approver's link).
    LinkToken,
    /// Any valid credential.
    Credential,
    /// A credential with at least one of these permissions.
    AnyOf(&'static [Permission]),
}

/// Which function serves a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Api,
    Audit,
    Policies,
    PolicyCheck,
    ApprovalPage,
    McpProxy,
    Auth,
    Scheduler,
    Gateway,
    Console,
    Trackers,
    WebhookIngest,
    ScheduledSync,
}

impl Function {
    pub fn as_str(self) -> &'static str {
        match self {
            Function::Api => "api",
            Function::Audit => "audit",
            Function::Policies => "policies",
            Function::PolicyCheck => "policy-check",
            Function::ApprovalPage => "approval-page",
            Function::McpProxy => "mcp-proxy",
            Function::Auth => "auth",
            Function::Scheduler => "scheduler",
            Function::Gateway => "gateway",
            Function::Console => "console",
            Function::Trackers => "trackers",
            Function::WebhookIngest => "webhook-ingest",
            Function::ScheduledSync => "scheduled-sync",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: &'static str,
    /// `/api/v1/mcp-servers/{id}`: `{…}` is one path segment.
    pub path: &'static str,
    pub needs: Needs,
    pub function: Function,
    /// The OpenAPI tag: what the route is about.
    pub tag: &'static str,
    pub summary: &'static str,
}

/// A catalog entry. Its tag and summary are kept only where the feature
/// `describe` is on (the function that serves `/openapi.json` and `/docs`,
/// and the native host): elsewhere they are dropped at compile time, so
/// each Worker carries the table without the prose.
const fn r(
    method: &'static str,
    path: &'static str,
    needs: Needs,
    function: Function,
    tag: &'static str,
    summary: &'static str,
) -> Route {
    #[cfg(not(feature = "describe"))]
    let (tag, summary) = {
        let _ = (tag, summary);
        ("", "")
    };
    Route {
        method,
        path,
        needs,
        function,
        tag,
        summary,
    }
}

const fn p(list: &'static [Permission]) -> Needs {
    Needs::AnyOf(list)
}

use Function::{
    Api, ApprovalPage, Audit, Auth, Console, Gateway, McpProxy, Policies, PolicyCheck,
    ScheduledSync, Scheduler, Trackers, WebhookIngest,
};

const SERVERS_R: Needs = p(&[ServersRead]);
const SERVERS_W: Needs = p(&[ServersWrite]);
const POLICIES_R: Needs = p(&[PoliciesRead]);
const POLICIES_W: Needs = p(&[PoliciesWrite]);
const KEYS_R: Needs = p(&[KeysRead]);
const KEYS_W: Needs = p(&[KeysWrite]);
const AGENTS_R: Needs = p(&[AgentsRead]);
const AGENTS_W: Needs = p(&[AgentsWrite]);
const MEMBERS_R: Needs = p(&[MembersRead]);
const MEMBERS_I: Needs = p(&[MembersInvite]);
const MEMBERS_A: Needs = p(&[MembersAssignRole]);
const APPROVALS_R: Needs = p(&[ApprovalsRead]);
const APPROVALS_D: Needs = p(&[ApprovalsDecide]);
const AUDIT_R: Needs = p(&[AuditRead]);
const AUDIT_X: Needs = p(&[AuditExport]);
const SETTINGS_W: Needs = p(&[SettingsWrite]);
const GATEWAY_R: Needs = p(&[GatewayRead]);
const GATEWAY_W: Needs = p(&[GatewayWrite]);
const USAGE_R: Needs = p(&[UsageRead]);
const MODELS_CALL: Needs = p(&[ModelsCall]);
const TRACKERS_R: Needs = p(&[TrackersRead]);
const TRACKERS_W: Needs = p(&[TrackersWrite]);
const ISSUES_R: Needs = p(&[IssuesRead]);
const ISSUES_W: Needs = p(&[IssuesWrite]);

/// Signing in, and the public descriptions (`functions/auth`).
#[rustfmt::skip]
pub const AUTH: &[Route] = &[
    r("POST", "/api/v1/auth/token", Needs::Nothing, Auth, "auth", "Sign in with email and password (JSON, or the OAuth password form)"),
    r("POST", "/api/v1/auth/refresh", Needs::Nothing, Auth, "auth", "Exchange a refresh token for new tokens (the old one is used up)"),
    r("POST", "/api/v1/auth/logout", Needs::Nothing, Auth, "auth", "End the session a refresh token belongs to"),
    r("POST", "/api/v1/auth/register", Needs::Nothing, Auth, "auth", "Create an account and its owner (403 when REGISTRATION_ENABLED=false)"),
    r("GET", "/api/v1/auth/me", Needs::Credential, Auth, "auth", "Who the credential acts as, and what it may do"),
    r("POST", "/api/v1/auth/password", Needs::Credential, Auth, "auth", "Change your own password (the current one is checked; your other sessions end)"),
    r("POST", "/api/v1/auth/invitations/accept", Needs::Nothing, Auth, "auth", "Accept an invitation: set a password and sign in"),
    r("POST", "/api/v1/auth/password-reset", Needs::Nothing, Auth, "auth", "Mail a password-reset link to this email if it signs in (202 either way)"),
    r("POST", "/api/v1/auth/password-reset/confirm", Needs::Nothing, Auth, "auth", "Set a new password with a reset link's token; every session of the person ends"),
    r("POST", "/api/v1/auth/sso/exchange", Needs::Nothing, Auth, "auth", "Exchange the one-time code a single sign-on hands back for tokens"),
    r("GET", "/api/v1/auth/sso", MEMBERS_R, Auth, "auth", "The account's single sign-on: its OpenID provider and group → role table"),
    r("PUT", "/api/v1/auth/sso", SETTINGS_W, Auth, "auth", "Set the account's single sign-on (the provider is checked first)"),
    r("DELETE", "/api/v1/auth/sso", SETTINGS_W, Auth, "auth", "Remove the account's single sign-on"),
    r("GET", "/auth/sso/start", Needs::Nothing, Auth, "auth", "Start signing in with the account's OpenID provider (authorization code, PKCE S256)"),
    r("GET", "/auth/sso/callback", Needs::Nothing, Auth, "auth", "Where the OpenID provider sends the browser back (its state is the credential)"),
    r("GET", "/auth/invitation", Needs::LinkToken, Auth, "auth", "The invitation page: set a password"),
    r("POST", "/auth/invitation", Needs::LinkToken, Auth, "auth", "The invitation page's form"),
    r("GET", "/auth/reset-password", Needs::LinkToken, Auth, "auth", "The reset page: set a new password"),
    r("POST", "/auth/reset-password", Needs::LinkToken, Auth, "auth", "The reset page's form"),
    r("GET", "/.well-known/oauth-authorization-server", Needs::Nothing, Auth, "oauth", "The OAuth authorization server's metadata (RFC 8414)"),
    r("GET", "/.well-known/oauth-protected-resource", Needs::Nothing, Auth, "oauth", "The MCP endpoint as an OAuth protected resource (RFC 9728)"),
    r("GET", "/.well-known/oauth-protected-resource/mcp/v1", Needs::Nothing, Auth, "oauth", "The same, at the path-suffixed address"),
    r("GET", "/.well-known/oauth-protected-resource/mcp", Needs::Nothing, Auth, "oauth", "The same for the endpoint's other address, /mcp"),
    r("GET", "/oauth/authorize", Needs::Nothing, Auth, "oauth", "The consent page: a person signs in and allows an MCP client (authorization code, PKCE S256)"),
    r("POST", "/oauth/authorize", Needs::Nothing, Auth, "oauth", "The consent page's form"),
    r("POST", "/oauth/token", Needs::Nothing, Auth, "oauth", "Exchange a code (with its PKCE verifier) or a refresh token for tokens"),
    r("POST", "/oauth/register", Needs::Nothing, Auth, "oauth", "Register a public client (RFC 7591)"),
    r("POST", "/oauth/revoke", Needs::Nothing, Auth, "oauth", "Revoke a token's session (RFC 7009)"),
    r("GET", "/openapi.json", Needs::Nothing, Auth, "operations", "This API's OpenAPI 3.1 document"),
    r("GET", "/docs", Needs::Nothing, Auth, "operations", "This API's reference, as a page"),
];

/// The management API (`functions/api`).
#[rustfmt::skip]
pub const API: &[Route] = &[
    r("GET", "/api/v1/roles", Needs::Credential, Api, "people", "The roles and the permissions each grants"),
    r("GET", "/api/v1/mcp-servers", SERVERS_R, Api, "servers", "List upstream MCP servers"),
    r("POST", "/api/v1/mcp-servers", SERVERS_W, Api, "servers", "Add an upstream MCP server"),
    r("GET", "/api/v1/mcp-servers/{id}", SERVERS_R, Api, "servers", "Read a server"),
    r("PUT", "/api/v1/mcp-servers/{id}", SERVERS_W, Api, "servers", "Change a server"),
    r("PATCH", "/api/v1/mcp-servers/{id}", SERVERS_W, Api, "servers", "Change a server"),
    r("DELETE", "/api/v1/mcp-servers/{id}", SERVERS_W, Api, "servers", "Remove a server"),
    r("POST", "/api/v1/mcp-servers/{id}/scan", SERVERS_W, Api, "servers", "Scan a server's tools now"),
    r("POST", "/api/v1/mcp-servers/{id}/oauth", SERVERS_W, Api, "servers", "Start connecting a server that wants OAuth"),
    r("DELETE", "/api/v1/mcp-servers/{id}/oauth", SERVERS_W, Api, "servers", "Forget a server's OAuth connection"),
    r("GET", "/api/v1/mcp-servers/{id}/tools", SERVERS_R, Api, "servers", "A server's tools"),
    r("GET", "/api/v1/mcp-servers/{id}/{kind}/{name}", SERVERS_R, Api, "integrity", "A pinned definition and what changed (kind: tools, prompts, resource-templates)"),
    r("POST", "/api/v1/mcp-servers/{id}/{kind}/{name}/approve", SERVERS_W, Api, "integrity", "Approve the definition under review, by its hash"),
    r("GET", "/api/v1/quarantine", SERVERS_R, Api, "integrity", "Everything held back for review"),
    r("GET", "/api/v1/oauth/callback", Needs::Nothing, Api, "servers", "Where a server's authorization server sends the admin back (its state is the credential)"),
    r("GET", "/api/v1/tool-configurations", POLICIES_R, Api, "rules", "List tool configurations"),
    r("POST", "/api/v1/tool-configurations", POLICIES_W, Api, "rules", "Configure a tool"),
    r("GET", "/api/v1/tool-configurations/{id}", POLICIES_R, Api, "rules", "Read a tool configuration"),
    r("PUT", "/api/v1/tool-configurations/{id}", POLICIES_W, Api, "rules", "Change a tool configuration"),
    r("PATCH", "/api/v1/tool-configurations/{id}", POLICIES_W, Api, "rules", "Change a tool configuration"),
    r("DELETE", "/api/v1/tool-configurations/{id}", POLICIES_W, Api, "rules", "Remove a tool configuration"),
    r("GET", "/api/v1/tool-configurations/{id}/rules", POLICIES_R, Api, "rules", "A tool's ordered rules"),
    r("POST", "/api/v1/tool-configurations/{id}/rules", POLICIES_W, Api, "rules", "Add a rule"),
    r("POST", "/api/v1/tool-configurations/{id}/rules/reorder", POLICIES_W, Api, "rules", "Reorder a tool's rules"),
    r("PUT", "/api/v1/tool-configurations/{id}/rules/reorder", POLICIES_W, Api, "rules", "Reorder a tool's rules"),
    r("GET", "/api/v1/tool-configurations/{id}/rules/{rule_id}", POLICIES_R, Api, "rules", "Read a rule"),
    r("PUT", "/api/v1/tool-configurations/{id}/rules/{rule_id}", POLICIES_W, Api, "rules", "Change a rule"),
    r("PATCH", "/api/v1/tool-configurations/{id}/rules/{rule_id}", POLICIES_W, Api, "rules", "Change a rule"),
    r("DELETE", "/api/v1/tool-configurations/{id}/rules/{rule_id}", POLICIES_W, Api, "rules", "Remove a rule"),
    r("GET", "/api/v1/api-keys", KEYS_R, Api, "keys", "List API keys"),
    r("POST", "/api/v1/api-keys", KEYS_W, Api, "keys", "Create an API key (shown once)"),
    r("DELETE", "/api/v1/api-keys/{id}", KEYS_W, Api, "keys", "Revoke an API key"),
    r("GET", "/api/v1/agents", AGENTS_R, Api, "agents", "List managed agents"),
    r("POST", "/api/v1/agents", AGENTS_W, Api, "agents", "Create a managed agent"),
    r("GET", "/api/v1/agents/{id}", AGENTS_R, Api, "agents", "Read an agent"),
    r("PUT", "/api/v1/agents/{id}", AGENTS_W, Api, "agents", "Change an agent"),
    r("PATCH", "/api/v1/agents/{id}", AGENTS_W, Api, "agents", "Change an agent"),
    r("DELETE", "/api/v1/agents/{id}", AGENTS_W, Api, "agents", "Remove an agent"),
    r("GET", "/api/v1/agents/{id}/keys", KEYS_R, Api, "agents", "An agent's keys"),
    r("POST", "/api/v1/agents/{id}/keys", KEYS_W, Api, "agents", "Create a key for an agent (shown once)"),
    r("GET", "/api/v1/settings", POLICIES_R, Api, "settings", "Account settings"),
    r("PUT", "/api/v1/settings", SETTINGS_W, Api, "settings", "Change account settings"),
    r("PATCH", "/api/v1/settings", SETTINGS_W, Api, "settings", "Change account settings"),
    r("GET", "/api/v1/kill-switch", AGENTS_R, Api, "settings", "What the kill switch stops"),
    r("POST", "/api/v1/kill-switch", SETTINGS_W, Api, "settings", "Turn a kill switch on or off"),
    r("GET", "/api/v1/rate-limits", AGENTS_R, Api, "settings", "Rate limits"),
    r("PUT", "/api/v1/rate-limits", SETTINGS_W, Api, "settings", "Set a rate limit"),
    r("GET", "/api/v1/users", MEMBERS_R, Api, "people", "List people"),
    r("POST", "/api/v1/users", MEMBERS_I, Api, "people", "Add a person"),
    r("GET", "/api/v1/users/{id}", MEMBERS_R, Api, "people", "Read a person"),
    r("PUT", "/api/v1/users/{id}", MEMBERS_I, Api, "people", "Change a person (their role, or disabling them, needs members.assign_role)"),
    r("PATCH", "/api/v1/users/{id}", MEMBERS_I, Api, "people", "Change a person (their role, or disabling them, needs members.assign_role)"),
    r("DELETE", "/api/v1/users/{id}", MEMBERS_A, Api, "people", "Remove a person"),
    r("POST", "/api/v1/users/{id}/password-reset", MEMBERS_I, Api, "people", "A password-reset link for a person with no more rights than the caller (shown once, and mailed)"),
    r("GET", "/api/v1/users/{id}/api-keys", KEYS_R, Api, "people", "A person's keys"),
    r("POST", "/api/v1/users/{id}/api-keys", KEYS_W, Api, "people", "Create a key for a person (shown once)"),
    r("GET", "/api/v1/invitations", MEMBERS_R, Api, "people", "Open invitations"),
    r("POST", "/api/v1/invitations", MEMBERS_I, Api, "people", "Invite someone by email (the link works once, for a week; shown once, and mailed)"),
    r("DELETE", "/api/v1/invitations/{id}", MEMBERS_I, Api, "people", "Withdraw an invitation"),
    r("GET", "/api/v1/teams", MEMBERS_R, Api, "people", "List teams"),
    r("POST", "/api/v1/teams", MEMBERS_A, Api, "people", "Create a team"),
    r("GET", "/api/v1/teams/{id}", MEMBERS_R, Api, "people", "Read a team"),
    r("PUT", "/api/v1/teams/{id}", MEMBERS_A, Api, "people", "Change a team (its name, the role it grants)"),
    r("PATCH", "/api/v1/teams/{id}", MEMBERS_A, Api, "people", "Change a team (its name, the role it grants)"),
    r("DELETE", "/api/v1/teams/{id}", MEMBERS_A, Api, "people", "Remove a team"),
    r("POST", "/api/v1/teams/{id}/members", MEMBERS_A, Api, "people", "Add a member"),
    r("DELETE", "/api/v1/teams/{id}/members/{user_id}", MEMBERS_A, Api, "people", "Remove a member"),
    r("GET", "/api/v1/approval-policies", POLICIES_R, Api, "approvals", "List approval workflows"),
    r("POST", "/api/v1/approval-policies", POLICIES_W, Api, "approvals", "Create an approval workflow"),
    r("GET", "/api/v1/approval-policies/{id}", POLICIES_R, Api, "approvals", "Read an approval workflow"),
    r("PUT", "/api/v1/approval-policies/{id}", POLICIES_W, Api, "approvals", "Change an approval workflow"),
    r("PATCH", "/api/v1/approval-policies/{id}", POLICIES_W, Api, "approvals", "Change an approval workflow"),
    r("DELETE", "/api/v1/approval-policies/{id}", POLICIES_W, Api, "approvals", "Remove an approval workflow"),
    r("GET", "/api/v1/approval-requests", APPROVALS_R, Api, "approvals", "List approval requests"),
    r("GET", "/api/v1/approval-requests/{id}", APPROVALS_R, Api, "approvals", "Read an approval request and its transitions"),
    r("POST", "/api/v1/approval-requests/{id}/approve", APPROVALS_D, Api, "approvals", "Approve (a person who cannot call tools)"),
    r("POST", "/api/v1/approval-requests/{id}/decline", APPROVALS_D, Api, "approvals", "Decline"),
    r("POST", "/api/v1/approval-requests/{id}/decide", APPROVALS_D, Api, "approvals", "Approve or decline"),
    r("POST", "/api/v1/approval-requests/{id}/cancel", POLICIES_W, Api, "approvals", "Withdraw a request"),
    r("GET", "/api/v1/notification-channels", APPROVALS_R, Api, "approvals", "List notification channels"),
    r("POST", "/api/v1/notification-channels", SETTINGS_W, Api, "approvals", "Add a notification channel"),
    r("GET", "/api/v1/notification-channels/{id}", APPROVALS_R, Api, "approvals", "Read a channel"),
    r("PUT", "/api/v1/notification-channels/{id}", SETTINGS_W, Api, "approvals", "Change a channel"),
    r("PATCH", "/api/v1/notification-channels/{id}", SETTINGS_W, Api, "approvals", "Change a channel"),
    r("DELETE", "/api/v1/notification-channels/{id}", SETTINGS_W, Api, "approvals", "Remove a channel"),
    r("POST", "/api/v1/notification-channels/{id}/test", SETTINGS_W, Api, "approvals", "Send a test message to a channel now and say what it answered (email: to the person asking)"),
    r("GET", "/api/v1/notification-deliveries", APPROVALS_R, Api, "approvals", "Notification deliveries and their state"),
    r("GET", "/healthz", Needs::Nothing, Api, "operations", "Liveness and readiness"),
];

/// The audit trail (`functions/audit`).
#[rustfmt::skip]
pub const AUDIT: &[Route] = &[
    r("GET", "/api/v1/audit", AUDIT_R, Audit, "audit", "Audit records, filtered (format=csv or jsonl downloads them, with audit.export)"),
    r("GET", "/api/v1/audit/stats", AUDIT_R, Audit, "audit", "Calls counted over time (by decision), by outcome, and the busiest tools"),
    r("GET", "/api/v1/audit/verify", AUDIT_R, Audit, "audit", "Verify the chain against its signed checkpoints"),
    r("GET", "/api/v1/audit/checkpoints", AUDIT_R, Audit, "audit", "Signed checkpoints and the keys that sign them"),
    r("GET", "/api/v1/audit/export", AUDIT_X, Audit, "audit", "Export the trail as JSON Lines"),
];

/// Policy as code (`functions/policies`).
#[rustfmt::skip]
pub const POLICIES: &[Route] = &[
    r("GET", "/api/v1/policies/export", POLICIES_R, Policies, "policies", "The account's policy as a YAML file"),
    r("GET", "/api/v1/policies/schema", POLICIES_R, Policies, "policies", "The policy file's JSON Schema"),
    r("POST", "/api/v1/policies/validate", POLICIES_R, Policies, "policies", "Check a policy file"),
    r("POST", "/api/v1/policies/diff", POLICIES_R, Policies, "policies", "What applying a file would change"),
    r("POST", "/api/v1/policies/apply", POLICIES_W, Policies, "policies", "Apply a policy file"),
    r("POST", "/api/v1/policies/simulate", POLICIES_R, Policies, "policies", "Replay recorded calls against a candidate file"),
    r("GET", "/api/v1/policies/history", POLICIES_R, Policies, "policies", "Applied versions"),
    r("GET", "/api/v1/policies/versions", POLICIES_R, Policies, "policies", "Applied versions"),
    r("GET", "/api/v1/policies/versions/{version}", POLICIES_R, Policies, "policies", "One applied version's file"),
    r("POST", "/api/v1/policies/rollback", POLICIES_W, Policies, "policies", "Roll back to an applied version"),
    r("POST", "/api/v1/policies/versions/{version}/rollback", POLICIES_W, Policies, "policies", "Roll back to this version"),
];

/// The decision API (`functions/policy-check`).
#[rustfmt::skip]
pub const POLICY_CHECK: &[Route] = &[
    r("POST", "/api/v1/policy/check", p(&[ToolsCall, PoliciesRead]), PolicyCheck, "decisions", "What the rules decide for a call (callers of tools, and people trying rules)"),
    r("POST", "/api/v1/policy/conditions/validate", POLICIES_R, PolicyCheck, "decisions", "Check a rule's CEL condition: valid, or the message with its line and column"),
];

/// Approvers' links (`functions/approval-page`).
#[rustfmt::skip]
pub const APPROVAL_PAGE: &[Route] = &[
    r("GET", "/approval/{id}", Needs::LinkToken, ApprovalPage, "approvals", "An approver's page (its link's token)"),
    r("GET", "/approval/{id}/data", Needs::LinkToken, ApprovalPage, "approvals", "The page's data"),
    r("POST", "/approval/{id}/decide", Needs::LinkToken, ApprovalPage, "approvals", "Decide by link"),
];

/// The MCP endpoint (`functions/mcp-proxy`).
#[rustfmt::skip]
pub const MCP_PROXY: &[Route] = &[
    r("POST", "/mcp/v1", p(&[ToolsCall]), McpProxy, "mcp", "MCP Streamable HTTP: JSON-RPC requests"),
    r("GET", "/mcp/v1", p(&[ToolsCall]), McpProxy, "mcp", "MCP Streamable HTTP: the session's event stream"),
    r("DELETE", "/mcp/v1", p(&[ToolsCall]), McpProxy, "mcp", "MCP Streamable HTTP: end the session"),
];

/// The scheduled work, on hosts without a cron (`functions/scheduler`).
#[rustfmt::skip]
pub const SCHEDULER: &[Route] = &[
    r("POST", "/internal/scheduler/run", SETTINGS_W, Scheduler, "operations", "Run the scheduled work now (for hosts without a cron)"),
];

/// The model gateway (`functions/gateway`): the provider-compatible
/// endpoints callers send model requests to, and their configuration and
/// ledger.
#[rustfmt::skip]
pub const GATEWAY: &[Route] = &[
    r("GET", "/openai/v1/models", MODELS_CALL, Gateway, "gateway", "The models this credential may use (OpenAI's list format)"),
    r("POST", "/openai/v1/chat/completions", MODELS_CALL, Gateway, "gateway", "OpenAI chat completions, JSON or streamed, metered into the ledger"),
    r("POST", "/openai/v1/responses", MODELS_CALL, Gateway, "gateway", "OpenAI responses, JSON or streamed, metered into the ledger"),
    r("POST", "/openai/v1/embeddings", MODELS_CALL, Gateway, "gateway", "OpenAI embeddings, metered into the ledger"),
    r("GET", "/anthropic/v1/models", MODELS_CALL, Gateway, "gateway", "The models this credential may use (Anthropic's list format)"),
    r("POST", "/anthropic/v1/messages", MODELS_CALL, Gateway, "gateway", "Anthropic messages, JSON or streamed, metered into the ledger"),
    r("POST", "/anthropic/v1/messages/count_tokens", MODELS_CALL, Gateway, "gateway", "Count a message's input tokens at the provider (free; recorded with no cost)"),
    r("GET", "/api/v1/ai-providers", GATEWAY_R, Gateway, "gateway", "List model providers (keys shown by their last four characters)"),
    r("POST", "/api/v1/ai-providers", GATEWAY_W, Gateway, "gateway", "Add a model provider (its API key is sealed and never shown again)"),
    r("GET", "/api/v1/ai-providers/{id}", GATEWAY_R, Gateway, "gateway", "Read a model provider"),
    r("PATCH", "/api/v1/ai-providers/{id}", GATEWAY_W, Gateway, "gateway", "Change a model provider: rotate its key, its base URL, its timeout"),
    r("DELETE", "/api/v1/ai-providers/{id}", GATEWAY_W, Gateway, "gateway", "Remove a model provider and its models"),
    r("GET", "/api/v1/ai-models", GATEWAY_R, Gateway, "gateway", "List models: the names callers use and what they resolve to"),
    r("POST", "/api/v1/ai-models", GATEWAY_W, Gateway, "gateway", "Add a model (prices from the shipped table unless given)"),
    r("GET", "/api/v1/ai-models/{id}", GATEWAY_R, Gateway, "gateway", "Read a model, with the prices it is charged at"),
    r("PATCH", "/api/v1/ai-models/{id}", GATEWAY_W, Gateway, "gateway", "Change a model: its prices, limits, upstream id or provider"),
    r("DELETE", "/api/v1/ai-models/{id}", GATEWAY_W, Gateway, "gateway", "Remove a model"),
    r("GET", "/api/v1/usage/events", USAGE_R, Gateway, "gateway", "The usage ledger, newest first (cursor pagination)"),
    r("GET", "/api/v1/usage/summary", USAGE_R, Gateway, "gateway", "The ledger's totals by model, key, agent, provider or endpoint over a time range"),
    r("GET", "/api/v1/model-access", GATEWAY_R, Gateway, "gateway", "Which models the account, each agent and each key may use"),
    r("PUT", "/api/v1/model-access", GATEWAY_W, Gateway, "gateway", "Set the models a scope may use (the narrowest list set decides)"),
    r("DELETE", "/api/v1/model-access/{scope}/{scope_id}", GATEWAY_W, Gateway, "gateway", "Remove a scope's model list"),
    r("GET", "/api/v1/runtime-tokens", AGENTS_R, Gateway, "gateway", "Runtime tokens in force (never the tokens themselves)"),
    r("POST", "/api/v1/runtime-tokens", AGENTS_W, Gateway, "gateway", "Issue a runtime token for an agent's run, a flow or a flow execution (at most a day; shown once)"),
    r("DELETE", "/api/v1/runtime-tokens/{id}", AGENTS_W, Gateway, "gateway", "Revoke a runtime token"),
    r("GET", "/api/v1/flows/executions/{id}/gateway-events", USAGE_R, Gateway, "gateway", "A flow execution's model requests, from the ledger"),
    r("GET", "/api/v1/budgets", USAGE_R, Gateway, "gateway", "Budgets, with what their period has spent and what requests hold"),
    r("POST", "/api/v1/budgets", GATEWAY_W, Gateway, "gateway", "Set a budget for the account, an agent or an API key"),
    r("GET", "/api/v1/budgets/{id}", USAGE_R, Gateway, "gateway", "Read a budget and its counters"),
    r("DELETE", "/api/v1/budgets/{id}", GATEWAY_W, Gateway, "gateway", "Remove a budget"),
];

/// The console: its files and its live stream (`functions/console`).
#[rustfmt::skip]
pub const CONSOLE: &[Route] = &[
    r("GET", "/", Needs::Nothing, Console, "console", "The console, a single-page app (its pages are addressed after #)"),
    r("GET", "/assets/{file}", Needs::Nothing, Console, "console", "The console's scripts and styles (content-hashed names, cached for good)"),
    r("GET", "/api/v1/events", p(&[ApprovalsRead, AuditRead]), Console, "console", "The account's events as they happen (server-sent events; resume with Last-Event-ID; ?topics=approvals,audit,activity,system)"),
];

/// Issue trackers and what is synced from them (`functions/trackers`).
/// Fixed segments (`test-connection`, `search`) come before the `{id}`
/// they would otherwise match.
#[rustfmt::skip]
pub const TRACKERS: &[Route] = &[
    r("GET", "/api/v1/trackers", TRACKERS_R, Trackers, "trackers", "List trackers, with their sync status"),
    r("POST", "/api/v1/trackers", TRACKERS_W, Trackers, "trackers", "Connect a tracker (GitHub, GitLab, Jira): its credentials are checked, then its organizations and projects are listed and its webhooks registered"),
    r("POST", "/api/v1/trackers/test-connection", TRACKERS_W, Trackers, "trackers", "Check a tracker's credentials before connecting it"),
    r("GET", "/api/v1/trackers/{id}", TRACKERS_R, Trackers, "trackers", "A tracker: its last sync, its next, its errors, its organizations' webhooks and its projects' cursors"),
    r("PUT", "/api/v1/trackers/{id}", TRACKERS_W, Trackers, "trackers", "Change a tracker: name, address, credentials, webhook secret, scope, settings, enabled"),
    r("DELETE", "/api/v1/trackers/{id}", TRACKERS_W, Trackers, "trackers", "Disconnect a tracker and forget what was synced from it"),
    r("POST", "/api/v1/trackers/{id}/test-connection", TRACKERS_W, Trackers, "trackers", "Check a connected tracker's credentials"),
    r("POST", "/api/v1/trackers/{id}/sync", TRACKERS_W, Trackers, "trackers", "List the tracker's projects again and poll them now"),
    r("GET", "/api/v1/trackers/{id}/events", TRACKERS_R, Trackers, "trackers", "The tracker's normalised events, newest first"),
    r("GET", "/api/v1/organizations", TRACKERS_R, Trackers, "trackers", "Organizations (GitHub owners, GitLab groups, Jira sites) of the account's trackers"),
    r("GET", "/api/v1/organizations/{id}", TRACKERS_R, Trackers, "trackers", "An organization, with its webhook's state"),
    r("PUT", "/api/v1/organizations/{id}", TRACKERS_W, Trackers, "trackers", "Take an organization into the sync, or out of it"),
    r("GET", "/api/v1/organizations/{id}/projects", TRACKERS_R, Trackers, "trackers", "An organization's projects"),
    r("GET", "/api/v1/projects", TRACKERS_R, Trackers, "trackers", "Projects of the account's trackers, with where each sync stands"),
    r("POST", "/api/v1/projects", TRACKERS_W, Trackers, "trackers", "Add a project to a tracker's sync by its name (owner/repo, group/project, PROJ), for credentials that cannot list it"),
    r("GET", "/api/v1/projects/{id}", TRACKERS_R, Trackers, "trackers", "A project and its sync"),
    r("GET", "/api/v1/projects/{id}/compliance", ISSUES_R, Trackers, "issues", "How ready the project's open issues are: the share failing each check of the definition of ready, and each issue's score"),
    r("GET", "/api/v1/projects/{id}/dependencies", ISSUES_R, Trackers, "issues", "The dependency graph of the project's issues (tracker links and references in their text)"),
    r("PUT", "/api/v1/projects/{id}", TRACKERS_W, Trackers, "trackers", "Take a project into the sync, or out of it"),
    r("GET", "/api/v1/issues", ISSUES_R, Trackers, "issues", "Issues synced from the trackers, newest change first"),
    r("GET", "/api/v1/issues/search", ISSUES_R, Trackers, "issues", "Search issues by words and by meaning (?mode=hybrid, text or similarity)"),
    r("GET", "/api/v1/issues/duplicates", ISSUES_R, Trackers, "issues", "Pairs of open issues that look like duplicates, with their similarity (?threshold=, ?project_id=)"),
    r("POST", "/api/v1/issues", ISSUES_W, Trackers, "issues", "Create an issue in a project's tracker"),
    r("GET", "/api/v1/issues/{id}", ISSUES_R, Trackers, "issues", "An issue (by key: GET /api/v1/issues?key=owner/repo%2312)"),
    r("PUT", "/api/v1/issues/{id}", ISSUES_W, Trackers, "issues", "Change an issue in its tracker"),
    r("GET", "/api/v1/issues/{id}/duplicates", ISSUES_R, Trackers, "issues", "An issue's duplicate candidates, and what was decided about earlier ones"),
    r("POST", "/api/v1/issues/{id}/duplicates", ISSUES_W, Trackers, "issues", "Decide a candidate: duplicate (closed in the tracker, pointing at the other), linked, or not a duplicate (never suggested again)"),
    r("GET", "/api/v1/issues/{id}/compliance", ISSUES_R, Trackers, "issues", "An issue against the definition of ready, with what would make it ready"),
    r("GET", "/api/v1/issues/{id}/dependencies", ISSUES_R, Trackers, "issues", "What an issue depends on and blocks, who mentions it, and the links its text asks for"),
    r("GET", "/api/v1/issues/{id}/comments", ISSUES_R, Trackers, "issues", "An issue's comments"),
    r("POST", "/api/v1/issues/{id}/comments", ISSUES_W, Trackers, "issues", "Comment on an issue in its tracker"),
];

/// Trackers' webhooks (`functions/webhook-ingest`): checked by their
/// signature, not by a credential.
#[rustfmt::skip]
pub const WEBHOOK_INGEST: &[Route] = &[
    r("POST", "/api/v1/private/webhooks/{tracker_type}/{organization_id}", Needs::Nothing, WebhookIngest, "trackers", "A tracker's webhook delivery (signed with the tracker's webhook secret; stored once and acknowledged at once)"),
];

/// The tracker sync (`functions/scheduled-sync`), for hosts without a cron.
#[rustfmt::skip]
pub const SCHEDULED_SYNC: &[Route] = &[
    r("POST", "/internal/sync/run", SETTINGS_W, ScheduledSync, "operations", "Work webhook deliveries and poll due projects now (for hosts without a cron)"),
];

/// The catalog: every function's routes. A function checks requests
/// against its own table only, so each Worker carries just its own.
pub const ROUTES: &[&[Route]] = &[
    AUTH,
    API,
    AUDIT,
    POLICIES,
    POLICY_CHECK,
    APPROVAL_PAGE,
    MCP_PROXY,
    SCHEDULER,
    GATEWAY,
    CONSOLE,
    TRACKERS,
    WEBHOOK_INGEST,
    SCHEDULED_SYNC,
];

/// Every route, in catalog order.
pub fn all() -> impl Iterator<Item = &'static Route> {
    ROUTES.iter().flat_map(|t| t.iter())
}

fn matches(template: &str, path: &str) -> bool {
    if template.trim_matches('/').is_empty() {
        return path.trim_matches('/').is_empty();
    }
    let mut t = template.trim_matches('/').split('/');
    let mut p = path
        .trim_end_matches('/')
        .trim_start_matches('/')
        .split('/');
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(ts), Some(ps)) => {
                let param = ts.starts_with('{') && ts.ends_with('}');
                if ps.is_empty() || (!param && ts != ps) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// The route a request is for, among `table`'s: 404 if no route has its
/// path, 405 (naming the methods there are) if none has its method. `HEAD`
/// is `GET`'s.
pub fn find(table: &'static [Route], method: &str, path: &str) -> Result<&'static Route> {
    let method = if method == "HEAD" { "GET" } else { method };
    let mut allowed: Vec<&str> = Vec::new();
    for route in table.iter().filter(|r| matches(r.path, path)) {
        if route.method == method {
            return Ok(route);
        }
        if !allowed.contains(&route.method) {
            allowed.push(route.method);
        }
    }
    if allowed.is_empty() {
        return Err(Error::not_found(format!(
            "no route for {method} {}",
            path.chars().take(200).collect::<String>()
        )));
    }
    Err(Error::new(
        ErrorKind::MethodNotAllowed,
        format!("method not allowed here (allowed: {})", allowed.join(", ")),
    ))
}

impl Route {
    /// Whether a credential with `permissions` may use this route, saying
    /// why not. Routes that need nothing or a link's token pass.
    pub fn check(&self, principal: &crate::auth::Principal) -> Result<()> {
        match self.needs {
            Needs::Nothing | Needs::LinkToken | Needs::Credential => Ok(()),
            Needs::AnyOf(list) => {
                if list.iter().any(|p| principal.permissions.has(*p)) {
                    return Ok(());
                }
                match list {
                    [one] => principal.require(*one),
                    _ => Err(Error::forbidden(format!(
                        "this credential lacks the permission for this route: one of {} (role: {})",
                        list.iter()
                            .map(|p| p.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        principal.role.as_str()
                    ))
                    .with_detail(serde_json::json!({"required_permission": list[0].as_str()}))),
                }
            }
        }
    }
}

/// Finds the request's route in `table` and checks the principal against it.
pub fn authorize(
    table: &'static [Route],
    method: &str,
    path: &str,
    principal: &crate::auth::Principal,
) -> Result<&'static Route> {
    let route = find(table, method, path)?;
    route.check(principal)?;
    Ok(route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_by_segment() {
        let path = |m, p| find(API, m, p).map(|r| r.path);
        assert_eq!(
            path("GET", "/api/v1/mcp-servers/abc").unwrap(),
            "/api/v1/mcp-servers/{id}"
        );
        assert_eq!(
            path("GET", "/api/v1/mcp-servers/abc/").unwrap(),
            "/api/v1/mcp-servers/{id}"
        );
        assert_eq!(
            path("POST", "/api/v1/mcp-servers/a/tools/t/approve").unwrap(),
            "/api/v1/mcp-servers/{id}/{kind}/{name}/approve"
        );
        assert_eq!(
            find(APPROVAL_PAGE, "HEAD", "/approval/x").unwrap().function,
            Function::ApprovalPage
        );
        assert_eq!(
            path("GET", "/api/v1/mcp-servers//tools")
                .unwrap_err()
                .status(),
            404
        );
        assert_eq!(path("GET", "/api/v1/nothing").unwrap_err().status(), 404);
        // Another function's route is not this one's.
        assert_eq!(path("GET", "/api/v1/audit").unwrap_err().status(), 404);
        let e = path("PATCH", "/api/v1/api-keys").unwrap_err();
        assert_eq!(e.status(), 405);
        assert!(e.message.contains("GET, POST"), "{}", e.message);
    }

    #[test]
    fn every_route_is_listed_once_in_its_functions_table() {
        let every: Vec<&Route> = all().collect();
        for (i, a) in every.iter().enumerate() {
            for b in &every[i + 1..] {
                assert!(
                    !(a.method == b.method && a.path == b.path),
                    "{} {}",
                    a.method,
                    a.path
                );
            }
            assert!(a.path.starts_with('/'));
            if let Needs::AnyOf(list) = a.needs {
                assert!(!list.is_empty());
            }
        }
        for table in ROUTES {
            let function = table[0].function;
            assert!(table.iter().all(|r| r.function == function), "{function:?}");
            // No path of this table is another table's too.
            for r in *table {
                let concrete = r.path.replace(['{', '}'], "");
                for other in ROUTES.iter().filter(|t| t[0].function != function) {
                    assert!(
                        find(other, r.method, &concrete).is_err(),
                        "{} {} is in two tables",
                        r.method,
                        r.path
                    );
                }
            }
        }
    }
}
