//! Reading a policy file: the YAML, then the format, then what it means
//! (names unique, references resolved, CEL compiled, test cases pointing at
//! real rules). Every problem is reported at once, each with its line and
//! column, and nothing here needs the store: `preloop policy validate` runs
//! it offline.

use super::condition;
use super::document::{ActionName, FORMAT_VERSION, PolicyDocument, RuleDoc};
use super::yaml::{self, Parsed, Position};
use crate::approval::{self, ApprovalPolicy, Escalation};
use crate::mcp::server_settings;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One thing wrong with a policy file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Where in the document (`tools[0].conditions[1].expression`).
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}:{}: {}", self.line, self.column, self.message)
        } else {
            write!(
                f,
                "{}:{}: {}: {}",
                self.line, self.column, self.path, self.message
            )
        }
    }
}

/// Problems, each at its position, as one error for the API (400, with the
/// list in `detail.problems`).
pub fn problems_error(problems: &[Problem]) -> crate::Error {
    let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
    let more = match problems.len() {
        0 | 1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    crate::Error::bad_request(format!("invalid policy: {first}{more}"))
        .with_detail(serde_json::json!({ "problems": problems }))
}

/// Parses and checks a policy file.
pub fn load(text: &str) -> Result<PolicyDocument, Vec<Problem>> {
    let parsed = yaml::parse(text).map_err(|e| {
        vec![Problem {
            path: String::new(),
            line: e.position.line,
            column: e.position.column,
            message: e.message,
        }]
    })?;
    let document: PolicyDocument =
        serde_path_to_error::deserialize(&parsed.value).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            let message = e.inner().to_string();
            let at = path;
            let pos = match unknown_field(&message) {
                Some(_) => parsed.key_position(&at),
                None => parsed.position(&at),
            };
            vec![Problem {
                path: at,
                line: pos.line,
                column: pos.column,
                message,
            }]
        })?;
    let problems = check(&document, &Located { parsed, text });
    if problems.is_empty() {
        Ok(document)
    } else {
        Err(problems)
    }
}

fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

struct Located<'a> {
    parsed: Parsed,
    text: &'a str,
}

impl Located<'_> {
    fn problem(&self, path: &str, message: impl Into<String>) -> Problem {
        let pos = self.parsed.position(path);
        Problem {
            path: path.to_string(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
        }
    }

    /// Where a position inside a string value is in the file: exact for
    /// one-line and block (`|`, `>`) scalars.
    fn inside(&self, path: &str, line: usize, column: usize) -> Position {
        let Some(start) = self.parsed.value_position(path) else {
            return self.parsed.position(path);
        };
        let lines: Vec<&str> = self.text.lines().collect();
        let first = lines
            .get(start.line.saturating_sub(1))
            .and_then(|l| l.chars().nth(start.column.saturating_sub(1)));
        match first {
            Some('|') | Some('>') => {
                let content_line = start.line + line;
                // The block's indentation is set by its first line.
                let indent = lines
                    .get(start.line)
                    .map(|l| l.len() - l.trim_start().len())
                    .unwrap_or(0);
                Position {
                    line: content_line,
                    column: indent + column,
                }
            }
            Some('"') | Some('\'') if line == 1 => Position {
                line: start.line,
                column: start.column + column,
            },
            // Plain scalars, and block scalars whose span starts at their
            // content (the block's indentation is already removed).
            _ if line == 1 => Position {
                line: start.line,
                column: start.column + column - 1,
            },
            _ => Position {
                line: start.line + line - 1,
                column: start.column + column - 1,
            },
        }
    }
}

/// A string with `${NAME}` references, split into its literal text and its
/// (checked) variable names, in order.
enum Piece<'a> {
    Text(&'a str),
    Var(&'a str),
}

fn pieces(s: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push(Piece::Text(&rest[..i]));
        let after = &rest[i + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| "'${' without a closing '}'".to_string())?;
        let name = &after[..end];
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(format!(
                "'${{{name}}}' is not a variable reference (letters, digits and '_')"
            ));
        }
        out.push(Piece::Var(name));
        rest = &after[end + 1..];
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

/// The `${VAR}` references a document's servers make (in their header and
/// their environment), each with the server that makes it.
pub fn server_references(doc: &PolicyDocument) -> Vec<(&str, String)> {
    doc.mcp_servers
        .iter()
        .flat_map(|s| {
            s.auth_header
                .iter()
                .chain(s.env.values())
                .flat_map(|v| variable_refs(v).unwrap_or_default())
                .map(|name| (s.name.as_str(), name))
        })
        .collect()
}

/// `${NAME}` references in a string, in order. Errors name the problem.
pub fn variable_refs(s: &str) -> Result<Vec<String>, String> {
    Ok(pieces(s)?
        .into_iter()
        .filter_map(|p| match p {
            Piece::Var(name) => Some(name.to_string()),
            Piece::Text(_) => None,
        })
        .collect())
}

/// Replaces every `${NAME}` by its value; the error names the first missing one.
pub fn expand(s: &str, values: &HashMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    for piece in pieces(s)? {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Var(name) => out.push_str(
                values
                    .get(name)
                    .ok_or_else(|| format!("variable {name} is not set"))?,
            ),
        }
    }
    Ok(out)
}

fn duplicates<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(usize, &'a str)> {
    let mut seen = HashSet::new();
    names
        .enumerate()
        .filter(|(_, n)| !seen.insert(*n))
        .collect()
}

/// A workflow as the approval module checks it; people stay named as in the
/// file (the store resolves them on apply).
pub fn workflow_policy(w: &super::document::WorkflowDoc) -> ApprovalPolicy {
    ApprovalPolicy {
        id: String::new(),
        name: w.name.clone(),
        description: w.description.clone(),
        approver_user_ids: w.approvers.users.clone(),
        approver_team_ids: w.approvers.teams.clone(),
        approvals_required: w.required_approvals,
        timeout_seconds: w.timeout_seconds,
        escalation: w.escalation.as_ref().map(|e| Escalation {
            after_seconds: e.after_seconds,
            user_ids: e.users.clone(),
            team_ids: e.teams.clone(),
        }),
        notification_channels: w.notification_channels.clone(),
        async_approval: w.async_approval,
        justification: w.justification.map(Into::into),
        is_default: w.default,
        require_different_person: w.require_different_person,
        created_at: 0,
        updated_at: 0,
    }
}

fn check(doc: &PolicyDocument, at: &Located<'_>) -> Vec<Problem> {
    let mut out = Vec::new();
    if doc.version != FORMAT_VERSION {
        out.push(at.problem(
            "version",
            format!(
                "unsupported version '{}' (this Preloop reads \"{FORMAT_VERSION}\")",
                doc.version
            ),
        ));
    }

    let workflows: HashSet<&str> = doc
        .approval_workflows
        .iter()
        .map(|w| w.name.as_str())
        .collect();
    for (i, name) in duplicates(doc.approval_workflows.iter().map(|w| w.name.as_str())) {
        out.push(at.problem(
            &format!("approval_workflows[{i}].name"),
            format!("a workflow named '{name}' is already defined"),
        ));
    }
    for (i, w) in doc.approval_workflows.iter().enumerate() {
        if let Err(e) = approval::validate(&workflow_policy(w)) {
            out.push(at.problem(&format!("approval_workflows[{i}]"), e.message));
        }
    }
    if doc.approval_workflows.iter().filter(|w| w.default).count() > 1 {
        out.push(at.problem("approval_workflows", "only one workflow may be the default"));
    }

    for (i, name) in duplicates(doc.mcp_servers.iter().map(|s| s.name.as_str())) {
        out.push(at.problem(
            &format!("mcp_servers[{i}].name"),
            format!("a server named '{name}' is already defined"),
        ));
    }
    // Prefixes in force (a name unless set) are unique, as the store has them.
    let prefixes: Vec<&str> = doc
        .mcp_servers
        .iter()
        .map(|s| s.prefix.as_deref().unwrap_or(&s.name))
        .collect();
    let same_name = |i: usize| {
        doc.mcp_servers[..i]
            .iter()
            .any(|s| s.name == doc.mcp_servers[i].name)
    };
    for (i, prefix) in duplicates(prefixes.iter().copied()) {
        // Two servers of one name are said above already.
        if !same_name(i) {
            out.push(at.problem(
                &format!("mcp_servers[{i}].prefix"),
                format!("another server already uses the prefix '{prefix}'"),
            ));
        }
    }
    for (i, s) in doc.mcp_servers.iter().enumerate() {
        let p = format!("mcp_servers[{i}]");
        if let Err(e) = server_settings::validate_name(&s.name) {
            out.push(at.problem(&format!("{p}.name"), e.message));
        }
        if s.transport == Some(crate::mcp::upstream::Transport::Stdio) {
            let command = crate::mcp::upstream::StdioCommand {
                command: s.command.clone().unwrap_or_default(),
                args: s.args.clone(),
            };
            if let Err(e) = command.validate() {
                out.push(at.problem(&format!("{p}.command"), e.message));
            }
            if !s.url.is_empty() {
                out.push(at.problem(
                    &format!("{p}.url"),
                    "a stdio server has a command, not a url",
                ));
            }
            if s.keep_env && !s.env.is_empty() {
                out.push(at.problem(&format!("{p}.keep_env"), "give env or keep_env, not both"));
            }
            for (name, value) in &s.env {
                let one = std::collections::BTreeMap::from([(name.clone(), String::new())]);
                if let Err(e) = crate::mcp::upstream::stdio::validate_env(&one) {
                    out.push(at.problem(&format!("{p}.env.{name}"), e.message));
                }
                match variable_refs(value) {
                    Err(e) => out.push(at.problem(&format!("{p}.env.{name}"), e)),
                    Ok(refs) if refs.is_empty() && crate::redact::is_secret_key(name) => out.push(at.problem(
                        &format!("{p}.env.{name}"),
                        "a secret must come from the environment, e.g. \"${TOKEN}\"; a literal value would be exported in plain text",
                    )),
                    Ok(_) => {}
                }
            }
        } else {
            if let Err(e) =
                server_settings::validate_url(&s.url, &crate::egress::EgressPolicy::ANY_NETWORK)
            {
                out.push(at.problem(&format!("{p}.url"), e.message));
            }
            if s.command.is_some() || !s.args.is_empty() || !s.env.is_empty() || s.keep_env {
                out.push(at.problem(
                    &format!("{p}.transport"),
                    "command, args and env are for stdio servers: set transport: stdio",
                ));
            }
        }
        if let Some(t) = s.timeout_ms
            && let Err(e) = server_settings::validate_timeout(t)
        {
            out.push(at.problem(&format!("{p}.timeout_ms"), e.message));
        }
        if let Some(prefix) = &s.prefix
            && let Err(e) = server_settings::validate_prefix(prefix)
        {
            out.push(at.problem(&format!("{p}.prefix"), e.message));
        }
        if let Some(h) = &s.auth_header {
            if s.keep_auth_header {
                out.push(at.problem(
                    &format!("{p}.keep_auth_header"),
                    "give auth_header or keep_auth_header, not both",
                ));
            }
            match variable_refs(h) {
                Err(e) => out.push(at.problem(&format!("{p}.auth_header"), e)),
                // The file is exported and kept in history as written: a
                // literal credential would be stored and shown in plain text.
                Ok(refs) if refs.is_empty() => out.push(at.problem(
                    &format!("{p}.auth_header"),
                    "the header must take its secret from the environment, e.g. \"Bearer ${TOKEN}\"; a literal value would be stored and exported in plain text",
                )),
                Ok(_) => {}
            }
        }
    }

    for (i, name) in duplicates(doc.tools.iter().map(|t| t.name.as_str())) {
        out.push(at.problem(
            &format!("tools[{i}].name"),
            format!("tool '{name}' is already configured above; give each tool one entry"),
        ));
    }
    let known_workflow = |name: &Option<String>, path: String, out: &mut Vec<Problem>| {
        if let Some(n) = name
            && !workflows.contains(n.as_str())
        {
            out.push(at.problem(
                &path,
                format!("no approval workflow named '{n}' in this file"),
            ));
        }
    };
    for (i, t) in doc.tools.iter().enumerate() {
        let p = format!("tools[{i}]");
        if t.name.trim().is_empty() {
            out.push(at.problem(&format!("{p}.name"), "a tool needs a name"));
        }
        known_workflow(
            &t.approval_workflow,
            format!("{p}.approval_workflow"),
            &mut out,
        );
        for (j, name) in duplicates(t.conditions.iter().filter_map(|r| r.name.as_deref())) {
            out.push(at.problem(
                &format!("{p}.conditions[{j}].name"),
                format!("rule name '{name}' is used twice in this tool"),
            ));
        }
        for (j, r) in t.conditions.iter().enumerate() {
            check_rule(r, &format!("{p}.conditions[{j}]"), at, &mut out);
            known_workflow(
                &r.approval_workflow,
                format!("{p}.conditions[{j}].approval_workflow"),
                &mut out,
            );
        }
    }

    for (i, case) in doc.tests.iter().enumerate() {
        let p = format!("tests[{i}]");
        if let Some(role) = &case.principal.role
            && crate::auth::Role::parse(role).is_err()
        {
            out.push(at.problem(
                &format!("{p}.principal.role"),
                format!("unknown role '{role}' (admin or agent)"),
            ));
        }
        if let Some(rule) = &case.expect.rule
            && super::testing::find_rule(doc, &case.tool, rule).is_err()
        {
            out.push(at.problem(
                &format!("{p}.expect.rule"),
                format!(
                    "tool '{}' has no rule '{rule}' (a rule's name, '{}#N' for its Nth rule, or 'default')",
                    case.tool, case.tool
                ),
            ));
        }
    }
    out.sort_by_key(|p| (p.line, p.column));
    out
}

fn check_rule(r: &RuleDoc, p: &str, at: &Located<'_>, out: &mut Vec<Problem>) {
    if let Some(Err(e)) = r.name.as_deref().map(super::validate_rule_name) {
        out.push(at.problem(&format!("{p}.name"), e.message));
    }
    if let Some(expr) = &r.expression {
        let path = format!("{p}.expression");
        if let Err(e) = condition::compile(expr) {
            let detail = e.detail.unwrap_or_default();
            let line = detail["line"].as_u64().unwrap_or(1) as usize;
            let column = detail["column"].as_u64().unwrap_or(1) as usize;
            let pos = at.inside(&path, line.max(1), column.max(1));
            let message = detail["message"]
                .as_str()
                .map(|m| format!("invalid CEL: {m}"))
                .unwrap_or(e.message);
            out.push(Problem {
                path,
                line: pos.line,
                column: pos.column,
                message,
            });
        }
    }
    if r.approval_workflow.is_some() && r.action != ActionName::RequireApproval {
        out.push(at.problem(
            &format!("{p}.approval_workflow"),
            "approval_workflow only applies to rules whose action is require_approval",
        ));
    }
    if r.agent.is_some() && r.api_key.is_some() {
        out.push(at.problem(
            &format!("{p}.api_key"),
            "a rule is scoped to an agent or to an API key, not both",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seeds' example, as published beside the schema.
    const SEED: &str = include_str!("../../../../web/schemas/examples/production-safeguards.yaml");

    #[test]
    fn the_seed_example_loads() {
        let doc = load(SEED).unwrap();
        assert_eq!(doc.metadata.tags, vec!["security", "production"]);
        assert_eq!(
            doc.tools[0].conditions[0].action,
            ActionName::RequireApproval
        );
        assert!(doc.approval_workflows[0].async_approval);
    }

    fn first(text: &str) -> Problem {
        load(text).unwrap_err().remove(0)
    }

    #[test]
    fn cel_errors_point_into_the_file() {
        let text = SEED.replace(
            "args.command.contains('deploy') && args.command.contains('production')",
            "args.command.contains('deploy') &&",
        );
        let p = first(&text);
        assert_eq!(p.path, "tools[0].conditions[0].expression");
        assert_eq!(p.line, 17);
        assert!(p.column > 21, "{p}");
        assert!(p.message.starts_with("invalid CEL"), "{p}");

        // In a block scalar, on its second line.
        let text = SEED.replace(
            "- expression: \"args.command.contains('deploy') && args.command.contains('production')\"",
            "- expression: |\n          args.command == 'x' &&\n            nope.y",
        );
        let p = first(&text);
        assert_eq!((p.line, p.column), (19, 13), "{p}");
        assert!(p.message.contains("unknown variable 'nope'"), "{p}");
    }

    #[test]
    fn format_errors_point_at_the_field() {
        let p = first(&SEED.replace("action: require_approval", "action: maybe"));
        assert_eq!(p.path, "tools[0].conditions[0].action");
        assert_eq!((p.line, p.column), (18, 17));
        let p = first(&SEED.replace("    source: mcp\n", "    source: mcp\n    colour: red\n"));
        assert_eq!(p.path, "tools[0].colour");
        assert_eq!((p.line, p.column), (14, 5));
        assert!(p.message.contains("unknown field `colour`"));
        let p = first("version: \"1.0\"\ntools: [\n");
        assert_eq!(p.path, "");
        assert!(p.line >= 2);
    }

    #[test]
    fn meaning_errors_are_all_reported() {
        let text = SEED
            .replace(
                "approval_workflow: \"deploy-approval\"",
                "approval_workflow: \"nope\"",
            )
            .replace("version: \"1.0\"", "version: \"2.0\"");
        let problems = load(&text).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, vec!["version", "tools[0].approval_workflow"]);
    }

    #[test]
    fn literal_credentials_are_refused() {
        let text = format!(
            "{SEED}mcp_servers:\n  - name: gh\n    url: https://gh.example/mcp\n    auth_header: \"Bearer ghp_secret\"\n"
        );
        let p = first(&text);
        assert_eq!(p.path, "mcp_servers[0].auth_header");
        assert!(p.message.contains("from the environment"), "{p}");
        assert!(load(&text.replace("Bearer ghp_secret", "Bearer ${GH_TOKEN}")).is_ok());
    }

    #[test]
    fn variables() {
        assert_eq!(
            variable_refs("Bearer ${A_1} ${b}").unwrap(),
            vec!["A_1", "b"]
        );
        assert!(variable_refs("${").is_err());
        assert!(variable_refs("${1x}").is_err());
        let vals = HashMap::from([("T".to_string(), "s3cret".to_string())]);
        assert_eq!(expand("Bearer ${T}", &vals).unwrap(), "Bearer s3cret");
        assert_eq!(expand("${U}", &vals).unwrap_err(), "variable U is not set");
    }
}
