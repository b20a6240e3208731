//! What applying a document would change, entity by entity, computed on two
//! canonical documents (the current export and the candidate).

use super::Scope;
use super::document::{PolicyDocument, RuleDoc};
use super::export::doc_scope;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Create,
    Update,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub from: Json,
    pub to: Json,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub op: Op,
    /// defaults, approval_workflow, mcp_server, tool, rule, metadata, tests
    pub kind: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
}

fn fields_of<T: Serialize>(v: &T) -> serde_json::Map<String, Json> {
    match serde_json::to_value(v) {
        Ok(Json::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// Field-by-field differences (fields left out count as their defaults'
/// absence), skipping the listed ones.
fn field_changes<T: Serialize>(from: &T, to: &T, skip: &[&str]) -> Vec<FieldChange> {
    let a = fields_of(from);
    let b = fields_of(to);
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !skip.contains(&k.as_str()))
        .filter_map(|k| {
            let x = a.get(k).cloned().unwrap_or(Json::Null);
            let y = b.get(k).cloned().unwrap_or(Json::Null);
            (x != y).then(|| FieldChange {
                field: k.clone(),
                from: x,
                to: y,
            })
        })
        .collect()
}

/// A rule's identity within its tool: its scope and name, or for an unnamed
/// rule its scope and place among the scope's unnamed rules.
fn identities(rules: &[RuleDoc]) -> Vec<(Scope, String)> {
    let mut unnamed: HashMap<Scope, usize> = HashMap::new();
    rules
        .iter()
        .map(|r| {
            let scope = doc_scope(r);
            let id = match &r.name {
                Some(n) => format!("name:{n}"),
                None => {
                    let k = unnamed.entry(scope.clone()).or_default();
                    *k += 1;
                    format!("#{k}")
                }
            };
            (scope, id)
        })
        .collect()
}

/// For each desired rule, the index of the current rule it updates (if any).
pub fn match_rules(current: &[RuleDoc], desired: &[RuleDoc]) -> Vec<Option<usize>> {
    let cur = identities(current);
    identities(desired)
        .into_iter()
        .map(|id| cur.iter().position(|c| *c == id))
        .collect()
}

/// How a rule is named in a change: `tool: name` or `tool#N`, with its scope.
pub fn rule_label(tool: &str, index: usize, r: &RuleDoc) -> String {
    let base = match &r.name {
        Some(n) => format!("{tool}: {n}"),
        None => format!("{tool}#{}", index + 1),
    };
    match doc_scope(r) {
        Scope::Account => base,
        Scope::Agent(name) => format!("{base} [agent:{name}]"),
        Scope::ApiKey(name) => format!("{base} [api_key:{name}]"),
    }
}

fn by_name<'a, T>(items: &'a [T], name: impl Fn(&T) -> &str) -> HashMap<&'a str, &'a T>
where
    T: 'a,
{
    items.iter().map(|i| (name(i), i)).collect()
}

fn entities<T: Serialize + PartialEq>(
    kind: &'static str,
    current: &[T],
    desired: &[T],
    name: impl Fn(&T) -> &str + Copy,
    skip: &[&str],
    out: &mut Vec<Change>,
) {
    let cur = by_name(current, name);
    let want = by_name(desired, name);
    for d in desired {
        match cur.get(name(d)) {
            None => out.push(Change {
                op: Op::Create,
                kind: kind.into(),
                name: name(d).to_string(),
                fields: Vec::new(),
            }),
            Some(c) => {
                let fields = field_changes(*c, d, skip);
                if !fields.is_empty() {
                    out.push(Change {
                        op: Op::Update,
                        kind: kind.into(),
                        name: name(d).to_string(),
                        fields,
                    });
                }
            }
        }
    }
    for c in current {
        if !want.contains_key(name(c)) {
            out.push(Change {
                op: Op::Delete,
                kind: kind.into(),
                name: name(c).to_string(),
                fields: Vec::new(),
            });
        }
    }
}

/// Every change from `current` to `desired` (both canonical).
pub fn diff(current: &PolicyDocument, desired: &PolicyDocument) -> Vec<Change> {
    let mut out = Vec::new();
    if current.defaults != desired.defaults {
        out.push(Change {
            op: Op::Update,
            kind: "defaults".into(),
            name: "defaults".into(),
            fields: field_changes(&current.defaults, &desired.defaults, &[]),
        });
    }
    entities(
        "approval_workflow",
        &current.approval_workflows,
        &desired.approval_workflows,
        |w| &w.name,
        &[],
        &mut out,
    );
    entities(
        "mcp_server",
        &current.mcp_servers,
        &desired.mcp_servers,
        |s| &s.name,
        &[],
        &mut out,
    );
    entities(
        "tool",
        &current.tools,
        &desired.tools,
        |t| &t.name,
        &["conditions"],
        &mut out,
    );
    let empty = Vec::new();
    for t in &desired.tools {
        let current_rules = current
            .tools
            .iter()
            .find(|c| c.name == t.name)
            .map(|c| &c.conditions)
            .unwrap_or(&empty);
        rules(&t.name, current_rules, &t.conditions, &mut out);
    }
    for c in &current.tools {
        if !desired.tools.iter().any(|t| t.name == c.name) {
            rules(&c.name, &c.conditions, &empty, &mut out);
        }
    }
    if current.metadata != desired.metadata {
        out.push(Change {
            op: Op::Update,
            kind: "metadata".into(),
            name: "metadata".into(),
            fields: field_changes(&current.metadata, &desired.metadata, &[]),
        });
    }
    if current.tests != desired.tests {
        out.push(Change {
            op: Op::Update,
            kind: "tests".into(),
            name: format!("{} → {} cases", current.tests.len(), desired.tests.len()),
            fields: Vec::new(),
        });
    }
    out
}

fn rules(tool: &str, current: &[RuleDoc], desired: &[RuleDoc], out: &mut Vec<Change>) {
    let matched = match_rules(current, desired);
    for (i, (d, m)) in desired.iter().zip(&matched).enumerate() {
        let label = rule_label(tool, i, d);
        match m {
            None => out.push(Change {
                op: Op::Create,
                kind: "rule".into(),
                name: label,
                fields: Vec::new(),
            }),
            Some(j) => {
                let mut fields = current
                    .get(*j)
                    .map(|c| field_changes(c, d, &[]))
                    .unwrap_or_default();
                // Order within a scope is what matters.
                let before = position_in_scope(current, *j);
                let after = position_in_scope(desired, i);
                if before != after {
                    fields.push(FieldChange {
                        field: "position".into(),
                        from: before.into(),
                        to: after.into(),
                    });
                }
                if !fields.is_empty() {
                    out.push(Change {
                        op: Op::Update,
                        kind: "rule".into(),
                        name: label,
                        fields,
                    });
                }
            }
        }
    }
    for (j, c) in current.iter().enumerate() {
        if !matched.contains(&Some(j)) {
            out.push(Change {
                op: Op::Delete,
                kind: "rule".into(),
                name: rule_label(tool, j, c),
                fields: Vec::new(),
            });
        }
    }
}

/// 1-based place of rule `i` among the rules of its scope.
fn position_in_scope(rules: &[RuleDoc], i: usize) -> usize {
    let Some(r) = rules.get(i) else { return 0 };
    let scope = doc_scope(r);
    rules[..i].iter().filter(|x| doc_scope(x) == scope).count() + 1
}

/// Changes as people read them, one line per entity and one per field.
pub fn render(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "No changes.\n".into();
    }
    let mut out = String::new();
    for c in changes {
        let sign = match c.op {
            Op::Create => '+',
            Op::Update => '~',
            Op::Delete => '-',
        };
        out.push_str(&format!("{sign} {} {}\n", c.kind, c.name));
        for f in &c.fields {
            out.push_str(&format!("    {}: {} → {}\n", f.field, f.from, f.to));
        }
    }
    let count = |op: Op| changes.iter().filter(|c| c.op == op).count();
    out.push_str(&format!(
        "{} to create, {} to change, {} to delete\n",
        count(Op::Create),
        count(Op::Update),
        count(Op::Delete)
    ));
    out
}
