//! Applying a policy document: check it, run its tests, compare it with what
//! is stored, and write every change in one batch (all or nothing) together
//! with a new numbered revision. Rollback applies an earlier revision's
//! document the same way.

use super::diff::{self, Change, FieldChange, Op};
use super::document::{PolicyDocument, RuleDoc, ServerDoc};
use super::export::{self, State};
use super::load::{self, expand, problems_error};
use super::testing;
use super::{Action, Rule, Scope};
use crate::approval::{self, ApprovalPolicy, Escalation};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::mcp::upstream::{StdioCommand, Transport};
use crate::store::policies::{self, ConfigFields, RuleFields};
use crate::store::policy_revisions::{self, Revision};
use crate::store::servers::{self, McpServer, ServerFields};
use crate::store::sql::Statement;
use crate::store::{accounts, agents, approval_policies, people};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

pub struct Request<'a> {
    pub text: &'a str,
    /// Values for the document's `${VAR}` references.
    pub variables: HashMap<String, String>,
    pub dry_run: bool,
    /// For a rollback: the revision being restored.
    pub rollback_of: Option<i64>,
    pub applied_by: &'a str,
    /// Delete the workflows, servers and tools the file does not name
    /// (also when the file says `prune: true`); else they stay, listed in
    /// [`Outcome::kept`].
    pub prune: bool,
}

#[derive(Debug, Serialize)]
pub struct Outcome {
    pub dry_run: bool,
    /// Whether a new revision was written.
    pub applied: bool,
    /// The revision now in force (the new one when applied).
    pub version: Option<i64>,
    pub changes: Vec<Change>,
    pub tests_passed: usize,
    /// New or changed servers are scanned once applied: how each went.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scans: Vec<ScanOutcome>,
    /// What is in force but not in the file, left in place because the
    /// apply did not prune.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<Kept>,
}

/// An entry in force that a file without `prune` leaves alone.
#[derive(Debug, Serialize, PartialEq)]
pub struct Kept {
    /// approval_workflow, mcp_server, tool
    pub kind: String,
    pub name: String,
}

/// Adds to `desired` what `current` has and it does not name, so that
/// nothing is deleted; returns what was added.
fn keep_unnamed(current: &PolicyDocument, desired: &mut PolicyDocument) -> Vec<Kept> {
    let mut kept = Vec::new();
    keep(
        &current.approval_workflows,
        &mut desired.approval_workflows,
        |w| &w.name,
        "approval_workflow",
        &mut kept,
    );
    keep(
        &current.mcp_servers,
        &mut desired.mcp_servers,
        |s| &s.name,
        "mcp_server",
        &mut kept,
    );
    keep(
        &current.tools,
        &mut desired.tools,
        |t| &t.name,
        "tool",
        &mut kept,
    );
    kept
}

/// [`keep_unnamed`] for one kind of entry.
fn keep<T: Clone>(
    current: &[T],
    desired: &mut Vec<T>,
    name: fn(&T) -> &String,
    kind: &str,
    kept: &mut Vec<Kept>,
) {
    for entry in current {
        if !desired.iter().any(|d| name(d) == name(entry)) {
            desired.push(entry.clone());
            kept.push(Kept {
                kind: kind.into(),
                name: name(entry).clone(),
            });
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ScanOutcome {
    pub server: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Scans the servers an apply created or changed. A server that cannot be
/// reached does not undo the apply: its error is recorded and reported.
async fn scan_changed(env: &Env, account_id: &str, changes: &[Change]) -> Vec<ScanOutcome> {
    let mut out = Vec::new();
    for c in changes
        .iter()
        .filter(|c| c.kind == "mcp_server" && c.op != Op::Delete)
    {
        let server = match servers::get_by_name(env.sql(), account_id, &c.name).await {
            Ok(Some(s)) if s.enabled => s,
            _ => continue,
        };
        env.upstream_sessions.forget(&server.id);
        let (tools, error) = match crate::mcp::scan::scan(env, &server).await {
            Ok(t) => (Some(t.len()), None),
            Err(e) => (None, Some(e.message)),
        };
        out.push(ScanOutcome {
            server: c.name.clone(),
            tools,
            error,
        });
    }
    out
}

/// Reads what a document is compared against.
pub async fn load_state(env: &Env, account_id: &str) -> Result<State> {
    let sql = env.sql();
    // The version is read first: any change after this read bumps it, so an
    // apply planned on this state and guarded by it cannot write over one.
    let (default_action, policy_version) = accounts::settings(sql, account_id).await?;
    let last = policy_revisions::latest(sql, account_id).await?;
    Ok(State {
        policy_version,
        revision: last.as_ref().map(|r| r.number),
        default_action: Some(Action::parse(&default_action)?),
        hide_default_denied: accounts::hides_default_denied(sql, account_id).await?,
        configs: policies::list(sql, account_id).await?,
        workflows: approval_policies::list(sql, account_id).await?,
        servers: servers::list(sql, account_id).await?,
        users: people::list_users(sql, account_id).await?,
        teams: people::list_teams(sql, account_id).await?,
        agents: agents::list(sql, account_id).await?,
        keys: accounts::list_keys(sql, account_id).await?,
        last_document: last.and_then(|r| load::load(&r.document).ok()),
    })
}

/// The current configuration as canonical YAML.
pub async fn export_yaml(env: &Env, account_id: &str) -> Result<String> {
    let state = load_state(env, account_id).await?;
    super::yaml::to_yaml(&export::export(&state, default_timeout(env)))
}

fn default_timeout(env: &Env) -> i64 {
    i64::try_from(env.config.upstream_timeout_ms).unwrap_or(30_000)
}

/// Checks, tests, compares and (unless a dry run) applies a document.
pub async fn apply(env: &Env, account_id: &str, req: Request<'_>) -> Result<Outcome> {
    let doc = load::load(req.text).map_err(|p| problems_error(&p))?;
    let results = testing::run(&doc, env.now_ms());
    let failed: Vec<&testing::CaseResult> = results.iter().filter(|r| !r.passed).collect();
    if let Some(first) = failed.first() {
        return Err(Error::bad_request(format!(
            "the policy's tests fail ({} of {}), so it was not applied: {}",
            failed.len(),
            results.len(),
            testing::explain_failure(first).trim_end()
        ))
        .with_detail(serde_json::json!({ "failed_tests": failed })));
    }
    let state = load_state(env, account_id).await?;
    let (policy_version, in_force) = (state.policy_version, state.revision);
    let prune = req.prune || doc.prune == Some(true);
    let current = export::export(&state, default_timeout(env));
    let mut desired = export::normalize(doc, default_timeout(env));
    let kept = if prune {
        Vec::new()
    } else {
        let kept = keep_unnamed(&current, &mut desired);
        // In the canonical order, as the revision stores it.
        desired = export::normalize(desired, default_timeout(env));
        kept
    };
    let mut changes = diff::diff(&current, &desired);
    let mut writer = Writer {
        env,
        account_id,
        state: &state,
        variables: &req.variables,
        statements: Vec::new(),
        problems: Vec::new(),
        now: env.now_ms(),
        workflow_ids: HashMap::new(),
    };
    writer.plan(&current, &desired, &mut changes);
    if !writer.problems.is_empty() {
        return Err(Error::bad_request(format!(
            "the policy cannot be applied here: {}",
            writer.problems.join("; ")
        ))
        .with_detail(serde_json::json!({ "problems": writer.problems })));
    }
    if req.dry_run || changes.is_empty() {
        return Ok(Outcome {
            dry_run: req.dry_run,
            applied: false,
            version: in_force,
            changes,
            tests_passed: results.len(),
            scans: Vec::new(),
            kept,
        });
    }
    let number = in_force.unwrap_or(0) + 1;
    let secrets = referenced_values(&desired, &req.variables);
    let count = |op: Op| changes.iter().filter(|c| c.op == op).count();
    let revision = Revision {
        number,
        kind: if req.rollback_of.is_some() {
            "rollback".into()
        } else {
            "apply".into()
        },
        source_number: req.rollback_of,
        applied_by: Some(req.applied_by.to_string()),
        summary: serde_json::json!({
            "name": desired.metadata.name,
            "created": count(Op::Create),
            "updated": count(Op::Update),
            "deleted": count(Op::Delete),
        }),
        created_at: writer.now,
        document: super::yaml::to_yaml(&desired)?,
        secrets_enc: if secrets.is_empty() {
            None
        } else {
            Some(env.cipher().seal(
                env.random(),
                &serde_json::to_string(&secrets).unwrap_or_default(),
            )?)
        },
    };
    let mut statements = vec![policy_revisions::insert_guarded(
        account_id,
        &revision,
        policy_version,
    )];
    statements.append(&mut writer.statements);
    statements.push(crate::store::bump_policy_version(account_id));
    if let Err(e) = env.sql().batch(&statements).await {
        let (_, now_version) = accounts::settings(env.sql(), account_id).await?;
        if now_version != policy_version
            || policy_revisions::latest(env.sql(), account_id)
                .await?
                .map(|r| r.number)
                != in_force
        {
            return Err(Error::conflict(
                "the policy changed while this one was being applied; nothing was applied, run it again",
            ));
        }
        return Err(e);
    }
    let scans = scan_changed(env, account_id, &changes).await;
    Ok(Outcome {
        dry_run: false,
        applied: true,
        version: Some(number),
        changes,
        tests_passed: results.len(),
        scans,
        kept,
    })
}

/// Restores an earlier revision's document (and the secret values it was
/// applied with, unless `variables` gives new ones) as a new revision,
/// deleting what that version did not have.
pub async fn rollback(
    env: &Env,
    account_id: &str,
    number: i64,
    mut variables: HashMap<String, String>,
    dry_run: bool,
    applied_by: &str,
) -> Result<Outcome> {
    let old = policy_revisions::get(env.sql(), account_id, number).await?;
    if let Some(sealed) = &old.secrets_enc {
        let stored: HashMap<String, String> = serde_json::from_str(&env.cipher().open(sealed)?)
            .map_err(|e| Error::internal(format!("revision secrets unreadable: {e}")))?;
        for (k, v) in stored {
            variables.entry(k).or_insert(v);
        }
    }
    apply(
        env,
        account_id,
        Request {
            text: &old.document,
            variables,
            dry_run,
            rollback_of: Some(number),
            applied_by,
            // A rollback restores that version exactly.
            prune: true,
        },
    )
    .await
}

/// Records that a server's secret changes where a diff of the files cannot
/// see it. The value itself is never shown, only that it changes.
fn note_secret_change(changes: &mut Vec<Change>, server: &str, field: &str) {
    let change = FieldChange {
        field: field.into(),
        from: "(secret)".into(),
        to: "(new secret value)".into(),
    };
    match changes
        .iter_mut()
        .find(|c| c.kind == "mcp_server" && c.name == server)
    {
        Some(c) => {
            if !c.fields.iter().any(|f| f.field == field) {
                c.fields.push(change)
            }
        }
        None => changes.push(Change {
            op: Op::Update,
            kind: "mcp_server".into(),
            name: server.into(),
            fields: vec![change],
        }),
    }
}

/// The values of the variables the document refers to.
fn referenced_values(
    doc: &PolicyDocument,
    variables: &HashMap<String, String>,
) -> HashMap<String, String> {
    load::server_references(doc)
        .into_iter()
        .filter_map(|(_, name)| variables.get(&name).map(|v| (name, v.clone())))
        .collect()
}

struct Writer<'a> {
    env: &'a Env,
    account_id: &'a str,
    state: &'a State,
    variables: &'a HashMap<String, String>,
    statements: Vec<Statement>,
    problems: Vec<String>,
    now: i64,
    workflow_ids: HashMap<String, String>,
}

impl Writer<'_> {
    /// A stdio server's environment as the file gives it: sealed, as the
    /// file wrote it, and whether a value differs from the stored one (a
    /// change a diff of the files cannot see). `None` after a problem.
    #[allow(clippy::type_complexity)]
    fn environment(
        &mut self,
        s: &ServerDoc,
        existing: Option<&McpServer>,
    ) -> Option<(
        Option<String>,
        Option<BTreeMap<String, Option<String>>>,
        bool,
    )> {
        if s.keep_env {
            return match existing.filter(|x| x.env_enc.is_some()) {
                Some(x) => Some((x.env_enc.clone(), x.env_template.clone(), false)),
                None => {
                    self.problems.push(format!(
                        "server '{}': keep_env, but no environment is stored to keep",
                        s.name
                    ));
                    None
                }
            };
        }
        if s.env.is_empty() {
            return Some((None, None, false));
        }
        let mut values = BTreeMap::new();
        for (name, template) in &s.env {
            match expand(template, self.variables) {
                Ok(v) => {
                    values.insert(name.clone(), v);
                }
                Err(e) => {
                    self.problems
                        .push(format!("server '{}': env {name}: {e}", s.name));
                    return None;
                }
            }
        }
        if let Err(e) = crate::mcp::upstream::stdio::validate_env(&values) {
            self.problems
                .push(format!("server '{}': env: {}", s.name, e.message));
            return None;
        }
        let template = Some(
            s.env
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .collect(),
        );
        let stored = existing.and_then(|x| {
            crate::mcp::upstream::stdio::open_env(self.env, x.env_enc.as_deref()).ok()
        });
        if stored.as_ref() == Some(&values) {
            return Some((existing.and_then(|x| x.env_enc.clone()), template, false));
        }
        match crate::mcp::upstream::stdio::seal_env(self.env, &values) {
            Ok(enc) => Some((enc, template, existing.is_some())),
            Err(e) => {
                self.problems.push(e.message);
                None
            }
        }
    }

    fn changed(changes: &[Change], kind: &str, name: &str) -> bool {
        changes.iter().any(|c| c.kind == kind && c.name == name)
    }

    fn plan(
        &mut self,
        current: &PolicyDocument,
        desired: &PolicyDocument,
        changes: &mut Vec<Change>,
    ) {
        let state = self.state;
        // Workflows first: tools and rules refer to them.
        for w in &desired.approval_workflows {
            let existing = state.workflows.iter().find(|x| x.name == w.name);
            let id = existing
                .map(|x| x.id.clone())
                .unwrap_or_else(|| self.env.new_id());
            self.workflow_ids.insert(w.name.clone(), id.clone());
            if existing.is_some() && !Self::changed(changes, "approval_workflow", &w.name) {
                continue;
            }
            let mut policy = load::workflow_policy(w);
            policy.id = id;
            policy.created_at = existing.map(|x| x.created_at).unwrap_or(self.now);
            policy.updated_at = self.now;
            if let Err(e) = self.resolve_people(&mut policy) {
                self.problems
                    .push(format!("approval workflow '{}': {}", w.name, e.message));
                continue;
            }
            if existing.is_some() {
                let (mut s, _) = approval_policies::update_statements(self.account_id, &policy);
                self.statements.append(&mut s);
            } else {
                self.statements
                    .append(&mut approval_policies::create_statements(
                        self.account_id,
                        &policy,
                    ));
            }
        }
        for w in &state.workflows {
            self.workflow_ids
                .entry(w.name.clone())
                .or_insert_with(|| w.id.clone());
        }

        self.servers(desired, changes);

        for t in &desired.tools {
            let existing = state.configs.iter().find(|c| c.tool_name == t.name);
            let config_id = existing
                .map(|c| c.id.clone())
                .unwrap_or_else(|| self.env.new_id());
            let fields = ConfigFields {
                tool_name: t.name.clone(),
                tool_source: t.source.clone(),
                is_enabled: t.enabled,
                description: t.description.clone(),
                approval_policy_id: t
                    .approval_workflow
                    .as_ref()
                    .and_then(|w| self.workflow_id(w)),
                justification: t.justification.map(Into::into),
                validate_arguments: t.validate_arguments,
            };
            match existing {
                None => self.statements.push(policies::insert_config(
                    self.account_id,
                    &config_id,
                    &fields,
                    self.now,
                )),
                Some(_) if Self::changed(changes, "tool", &t.name) => self.statements.push(
                    policies::update_config(self.account_id, &config_id, &fields, self.now),
                ),
                Some(_) => {}
            }
            let tool_rules_changed = changes
                .iter()
                .any(|c| c.kind == "rule" && rule_change_of(&c.name, &t.name));
            if existing.is_some() && !tool_rules_changed {
                continue;
            }
            // The stored rules in canonical order, beside their documents.
            let mut stored: Vec<(RuleDoc, &Rule)> = existing
                .map(|c| {
                    c.rules
                        .iter()
                        .map(|r| (export::rule_doc(state, r), r))
                        .collect()
                })
                .unwrap_or_default();
            stored.sort_by_key(|(d, _)| export::doc_scope(d));
            let stored_docs: Vec<RuleDoc> = stored.iter().map(|(d, _)| d.clone()).collect();
            let matched = diff::match_rules(&stored_docs, &t.conditions);
            let mut place: HashMap<Scope, i64> = HashMap::new();
            for (r, m) in t.conditions.iter().zip(&matched) {
                let n = place.entry(export::doc_scope(r)).or_default();
                *n += 1;
                let Some(f) = self.rule_fields(r, *n * 10, &t.name) else {
                    continue;
                };
                match m.and_then(|j| stored.get(j)) {
                    Some((_, old)) => self.statements.push(policies::update_rule_statement(
                        self.account_id,
                        &config_id,
                        &old.id,
                        &f,
                        self.now,
                    )),
                    None => self.statements.push(policies::insert_rule(
                        &self.env.new_id(),
                        &config_id,
                        &f,
                        self.now,
                    )),
                }
            }
            for (j, (_, old)) in stored.iter().enumerate() {
                if !matched.contains(&Some(j)) {
                    self.statements.push(policies::delete_rule_statement(
                        self.account_id,
                        &config_id,
                        &old.id,
                    ));
                }
            }
        }
        for c in &state.configs {
            if !desired.tools.iter().any(|t| t.name == c.tool_name) {
                self.statements
                    .extend(policies::delete_config(self.account_id, &c.id));
            }
        }
        // Workflows go last: nothing may point at them any more.
        for w in &state.workflows {
            if !desired.approval_workflows.iter().any(|d| d.name == w.name) {
                self.statements
                    .extend(approval_policies::delete_statements(self.account_id, &w.id));
            }
        }
        if current.defaults != desired.defaults {
            let action: Action = desired
                .defaults
                .action
                .map(Into::into)
                .unwrap_or(Action::Deny);
            self.statements.push(Statement::new(
                "UPDATE accounts SET default_action = $2, hide_default_denied = $3 WHERE id = $1",
                vec![
                    self.account_id.into(),
                    action.as_str().into(),
                    crate::store::Value::Bool(
                        desired.defaults.hide_default_denied.unwrap_or(false),
                    ),
                ],
            ));
        }
    }

    fn servers(&mut self, desired: &PolicyDocument, changes: &mut Vec<Change>) {
        let state = self.state;
        for s in &desired.mcp_servers {
            let existing = state.servers.iter().find(|x| x.name == s.name);
            let stdio = s.transport == Some(Transport::Stdio);
            let reachable = if stdio {
                crate::mcp::upstream::stdio::check_host(self.env)
            } else {
                self.env.config.egress.check_url(&s.url)
            };
            if let Err(e) = reachable {
                let field = if stdio { "transport" } else { "url" };
                self.problems
                    .push(format!("server '{}': {field}: {}", s.name, e.message));
                continue;
            }
            let Some((env_enc, env_template, env_changed)) = self.environment(s, existing) else {
                continue;
            };
            if env_changed {
                note_secret_change(changes, &s.name, "env");
            }
            let (enc, template, secret_changed) = match (&s.auth_header, s.keep_auth_header) {
                (_, true) => match existing.and_then(|x| x.auth_header_enc.clone()) {
                    Some(enc) => (
                        Some(enc),
                        existing.and_then(|x| x.auth_header_template.clone()),
                        false,
                    ),
                    None => {
                        self.problems.push(format!(
                            "server '{}': keep_auth_header, but no header is stored to keep",
                            s.name
                        ));
                        continue;
                    }
                },
                (Some(t), false) => {
                    let value = match expand(t, self.variables).and_then(|v| {
                        crate::text::check_header_value("auth_header", &v)
                            .map(|_| v)
                            .map_err(|e| e.message)
                    }) {
                        Ok(v) => v,
                        Err(e) => {
                            self.problems
                                .push(format!("server '{}': auth_header: {e}", s.name));
                            continue;
                        }
                    };
                    let stored = existing
                        .and_then(|x| x.auth_header_enc.as_deref())
                        .and_then(|enc| self.env.cipher().open(enc).ok());
                    if stored.as_deref() == Some(value.as_str()) {
                        (
                            existing.and_then(|x| x.auth_header_enc.clone()),
                            Some(t.clone()),
                            false,
                        )
                    } else {
                        match self.env.cipher().seal(self.env.random(), &value) {
                            Ok(enc) => (Some(enc), Some(t.clone()), existing.is_some()),
                            Err(e) => {
                                self.problems.push(e.message);
                                continue;
                            }
                        }
                    }
                }
                (None, false) => (None, None, false),
            };
            if secret_changed {
                note_secret_change(changes, &s.name, "auth_header");
            }
            let fields = ServerFields {
                name: s.name.clone(),
                url: s.url.clone(),
                auth_header_enc: enc,
                auth_header_template: template,
                enabled: s.enabled,
                timeout_ms: s.timeout_ms.unwrap_or_else(|| default_timeout(self.env)),
                transport: s.transport.unwrap_or_default(),
                prefix: s.prefix.clone(),
                on_change: s.on_change.unwrap_or_default(),
                on_finding: s.on_finding.unwrap_or_default(),
                redact_results: s.redact_results,
                command: s
                    .command
                    .clone()
                    .filter(|_| stdio)
                    .map(|command| StdioCommand {
                        command,
                        args: s.args.clone(),
                    }),
                env_enc,
                env_template,
            };
            match existing {
                None => self.statements.push(servers::create_statement(
                    self.account_id,
                    &self.env.new_id(),
                    &fields,
                    self.now,
                )),
                Some(x) if Self::changed(changes, "mcp_server", &s.name) => self.statements.push(
                    servers::update_statement(self.account_id, &x.id, &fields, self.now),
                ),
                Some(_) => {}
            }
        }
        for x in &state.servers {
            if !desired.mcp_servers.iter().any(|s| s.name == x.name) {
                self.statements
                    .extend(servers::delete_statements(self.account_id, &x.id));
            }
        }
    }

    fn workflow_id(&mut self, name: &str) -> Option<String> {
        let id = self.workflow_ids.get(name).cloned();
        if id.is_none() {
            self.problems
                .push(format!("no approval workflow named '{name}'"));
        }
        id
    }

    fn rule_fields(&mut self, r: &RuleDoc, priority: i64, tool: &str) -> Option<RuleFields> {
        let scope = match (&r.agent, &r.api_key) {
            (None, None) => Ok(Scope::Account),
            (Some(a), None) => self.state.agent_id(a).map(|id| Scope::Agent(id.into())),
            (_, Some(k)) => self.state.key_id(k).map(|id| Scope::ApiKey(id.into())),
        };
        let scope = match scope {
            Ok(s) => s,
            Err(e) => {
                self.problems.push(format!("tool '{tool}': {e}"));
                return None;
            }
        };
        let approval_policy_id = match &r.approval_workflow {
            Some(w) => Some(self.workflow_id(w)?),
            None => None,
        };
        Some(RuleFields {
            priority,
            action: r.action.into(),
            condition: r.expression.clone(),
            denial_message: r.message.clone(),
            description: r.description.clone(),
            enabled: r.enabled,
            approval_policy_id,
            name: r.name.clone(),
            scope,
            shadow: r.shadow,
        })
    }

    /// Approvers by email and team name → ids, then the store-side checks.
    fn resolve_people(&self, p: &mut ApprovalPolicy) -> Result<()> {
        let state = self.state;
        let user = |email: &String| -> Result<String> {
            state
                .users
                .iter()
                .find(|u| &u.email == email || &u.id == email)
                .map(|u| u.id.clone())
                .ok_or_else(|| Error::bad_request(format!("no user with email {email}")))
        };
        let team = |name: &String| -> Result<String> {
            state
                .teams
                .iter()
                .find(|t| &t.name == name || &t.id == name)
                .map(|t| t.id.clone())
                .ok_or_else(|| Error::bad_request(format!("no team named {name}")))
        };
        p.approver_user_ids = p
            .approver_user_ids
            .iter()
            .map(user)
            .collect::<Result<_>>()?;
        p.approver_team_ids = p
            .approver_team_ids
            .iter()
            .map(team)
            .collect::<Result<_>>()?;
        if let Some(e) = &p.escalation {
            p.escalation = Some(Escalation {
                after_seconds: e.after_seconds,
                user_ids: e.user_ids.iter().map(user).collect::<Result<_>>()?,
                team_ids: e.team_ids.iter().map(team).collect::<Result<_>>()?,
            });
        }
        approval::validate(p)?;
        approval::check_people(p, &state.users, &state.teams)
    }
}

/// Whether a rule change's name (`tool: name`, `tool#N`) belongs to `tool`.
fn rule_change_of(change_name: &str, tool: &str) -> bool {
    change_name
        .strip_prefix(tool)
        .is_some_and(|rest| rest.starts_with(": ") || rest.starts_with('#'))
}
