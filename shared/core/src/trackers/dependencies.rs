//! The dependency graph: the links trackers keep themselves (Jira's issue
//! links, GitLab's related issues) and the references issue text makes
//! (`#12`, `group/project!3`, `PROJ-7`, URLs), typed by the words before
//! them ("blocked by #12" is a dependency, "see #12" a mention). A
//! dependency the text states but the tracker does not link is suggested
//! as a link to make.

use super::refs::{self, Ref};
use crate::env::Env;
use crate::error::Result;
use crate::store::issues::{self, Filter, Issue};
use serde::Serialize;
use std::collections::HashMap;

/// How one issue relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// This issue cannot be done before the other.
    DependsOn,
    /// The other cannot be done before this one.
    Blocks,
    DuplicateOf,
    /// Named, without saying how.
    Mentions,
}

#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// The other issue's key, as written or linked.
    pub key: String,
    /// The other issue, when it is synced.
    pub issue: Option<Issue>,
    #[serde(rename = "type")]
    pub relation: Relation,
    /// `tracker` (a link the tracker keeps) or `text` (a reference read).
    pub source: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub key: String,
    pub issue: Option<Issue>,
    #[serde(rename = "type")]
    pub relation: Relation,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dependencies {
    pub issue: Issue,
    pub depends_on: Vec<Edge>,
    pub blocks: Vec<Edge>,
    pub related: Vec<Edge>,
    /// Other synced issues whose text names this one.
    pub mentioned_by: Vec<Issue>,
    /// Dependencies the text states that the tracker does not link.
    pub suggested: Vec<Suggestion>,
}

/// How many characters before a reference are read for its meaning.
const CONTEXT_CHARS: usize = 40;

/// The relation the words just before a reference give it: the phrase
/// nearest to it within its clause.
fn relation_before(before: &str) -> Relation {
    let b = before.to_lowercase();
    let clause = b.rsplit(['.', ';', '\n']).next().unwrap_or("");
    const PHRASES: [(&str, Relation); 13] = [
        ("duplicate of", Relation::DuplicateOf),
        ("dupe of", Relation::DuplicateOf),
        ("blocked by", Relation::DependsOn),
        ("depends on", Relation::DependsOn),
        ("dependent on", Relation::DependsOn),
        ("requires", Relation::DependsOn),
        ("waiting on", Relation::DependsOn),
        ("waiting for", Relation::DependsOn),
        ("after ", Relation::DependsOn),
        ("blocks", Relation::Blocks),
        ("blocking", Relation::Blocks),
        ("prerequisite for", Relation::Blocks),
        ("needed by", Relation::Blocks),
    ];
    PHRASES
        .iter()
        .filter_map(|(p, r)| clause.rfind(p).map(|at| (at + p.len(), *r)))
        .max_by_key(|(end, _)| *end)
        .map(|(_, r)| r)
        .unwrap_or(Relation::Mentions)
}

/// Each reference in `text` with the relation its context gives it.
pub fn typed_refs(text: &str) -> Vec<(Ref, Relation)> {
    let found = refs::find_all(text);
    let mut out = Vec::new();
    for r in found {
        // The first place the reference is written, for its context.
        let written = match &r {
            Ref::Numbered {
                project,
                number,
                change,
            } => format!("{project}{}{number}", if *change { "!" } else { "#" }),
            Ref::Local { number, change } => format!("{}{number}", if *change { "!" } else { "#" }),
            Ref::Key { key } => key.clone(),
        };
        let at = text.find(&written).unwrap_or(0);
        let start = text[..at]
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS)
            .map(|(i, _)| i)
            .unwrap_or(0);
        out.push((r, relation_before(&text[start..at])));
    }
    out
}

/// The project part of a key (`owner/repo` of `owner/repo#12`).
fn project_of(key: &str) -> Option<&str> {
    key.rsplit_once(['#', '!']).map(|(p, _)| p)
}

fn relation_of_link(kind: &str) -> Relation {
    match kind {
        "blocks" => Relation::Blocks,
        "is_blocked_by" | "depends_on" => Relation::DependsOn,
        "duplicates" => Relation::DuplicateOf,
        _ => Relation::Mentions,
    }
}

/// An issue's dependencies, both ways, with the links to suggest.
pub async fn of_issue(env: &Env, account_id: &str, issue: Issue) -> Result<Dependencies> {
    let here = project_of(&issue.key).map(str::to_string);
    let mut edges: Vec<(String, Relation, &'static str)> = Vec::new();
    for link in &issue.links {
        edges.push((link.key.clone(), relation_of_link(&link.kind), "tracker"));
    }
    let mut suggested_keys: Vec<(String, Relation)> = Vec::new();
    for (r, relation) in typed_refs(&issue.body) {
        let Some(key) = r.key(here.as_deref()) else {
            continue;
        };
        if key == issue.key {
            continue;
        }
        let linked = issue.links.iter().any(|l| l.key == key);
        if !linked
            && matches!(
                relation,
                Relation::DependsOn | Relation::Blocks | Relation::DuplicateOf
            )
        {
            suggested_keys.push((key.clone(), relation));
        }
        if !edges.iter().any(|(k, _, _)| *k == key) {
            edges.push((key, relation, "text"));
        }
    }
    let mut known: HashMap<String, Issue> = HashMap::new();
    for (key, _, _) in edges.iter().take(200) {
        if let Some(found) = issues::by_key(env.sql(), account_id, key).await? {
            known.insert(key.clone(), found);
        }
    }
    let edge = |(key, relation, source): &(String, Relation, &'static str)| Edge {
        key: key.clone(),
        issue: known.get(key).cloned(),
        relation: *relation,
        source,
    };
    let pick = |want: &[Relation]| -> Vec<Edge> {
        edges
            .iter()
            .filter(|(_, r, _)| want.contains(r))
            .map(edge)
            .collect()
    };
    let mentioned_by = issues::mentioning(env.sql(), account_id, &issue, 50).await?;
    Ok(Dependencies {
        depends_on: pick(&[Relation::DependsOn]),
        blocks: pick(&[Relation::Blocks]),
        related: pick(&[Relation::Mentions, Relation::DuplicateOf]),
        suggested: suggested_keys
            .into_iter()
            .map(|(key, relation)| Suggestion {
                issue: known.get(&key).cloned(),
                reason: format!(
                    "the description says it {} {key}, but the tracker has no such link",
                    match relation {
                        Relation::DependsOn => "depends on",
                        Relation::Blocks => "blocks",
                        _ => "duplicates",
                    }
                ),
                key,
                relation,
            })
            .collect(),
        mentioned_by,
        issue,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    pub key: String,
    pub title: String,
    pub state: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GraphEdge {
    pub from: String,
    pub to: String,
    #[serde(rename = "type")]
    pub relation: Relation,
    pub source: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<GraphEdge>,
}

/// The graph of a project's issues (the most recently changed, at most
/// 1,000): edges between issues that are both synced.
pub async fn of_project(env: &Env, account_id: &str, project_id: &str) -> Result<Graph> {
    let all = issues::list(
        env.sql(),
        account_id,
        &Filter {
            project_id: Some(project_id.to_string()),
            ..Filter::default()
        },
        500,
    )
    .await?;
    let by_key: HashMap<&str, &Issue> = all.iter().map(|i| (i.key.as_str(), i)).collect();
    let mut edges = Vec::new();
    for issue in &all {
        let here = project_of(&issue.key);
        for link in &issue.links {
            if let Some(other) = by_key.get(link.key.as_str()) {
                edges.push(GraphEdge {
                    from: issue.id.clone(),
                    to: other.id.clone(),
                    relation: relation_of_link(&link.kind),
                    source: "tracker",
                });
            }
        }
        for (r, relation) in typed_refs(&issue.body) {
            let Some(key) = r.key(here) else { continue };
            if let Some(other) = by_key.get(key.as_str())
                && other.id != issue.id
                && !edges
                    .iter()
                    .any(|e: &GraphEdge| e.from == issue.id && e.to == other.id)
            {
                edges.push(GraphEdge {
                    from: issue.id.clone(),
                    to: other.id.clone(),
                    relation,
                    source: "text",
                });
            }
        }
    }
    let in_graph: std::collections::HashSet<&str> = edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .collect();
    let nodes = all
        .iter()
        .filter(|i| in_graph.contains(i.id.as_str()))
        .map(|i| Node {
            id: i.id.clone(),
            key: i.key.clone(),
            title: i.title.clone(),
            state: i.state.clone(),
        })
        .collect();
    Ok(Graph { nodes, edges })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_before_a_reference_type_it() {
        let typed = typed_refs(
            "This is blocked by #12. It blocks octo/x#3; see also PROJ-4. Duplicate of #9",
        );
        let relations: Vec<Relation> = typed.iter().map(|(_, r)| *r).collect();
        assert_eq!(
            relations,
            vec![
                Relation::DependsOn,
                Relation::Blocks,
                Relation::Mentions,
                Relation::DuplicateOf
            ]
        );
    }
}
