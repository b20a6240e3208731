//! Preloop's built-in issue tools as MCP clients see them: their names,
//! descriptions and input schemas, kept short (each schema is what every
//! request carries; `cargo run -p preloop-bench --bin bench-tool-schemas`
//! prints their size in tokens). They are listed only to accounts with a
//! tracker connected, and decided, approved and audited like any tool
//! (`functions/mcp-proxy`); `functions/trackers` runs them.

use serde_json::{Value, json};

pub const GET_ISSUE: &str = "get_issue";
pub const CREATE_ISSUE: &str = "create_issue";
pub const UPDATE_ISSUE: &str = "update_issue";
pub const ADD_COMMENT: &str = "add_comment";
pub const GET_PULL_REQUEST: &str = "get_pull_request";
pub const UPDATE_PULL_REQUEST: &str = "update_pull_request";
pub const GET_MERGE_REQUEST: &str = "get_merge_request";
pub const UPDATE_MERGE_REQUEST: &str = "update_merge_request";
pub const SEARCH: &str = "search";
pub const ESTIMATE_COMPLIANCE: &str = "estimate_compliance";
pub const IMPROVE_COMPLIANCE: &str = "improve_compliance";

/// Every built-in issue tool (`request_approval` is the proxy's own).
pub const NAMES: [&str; 11] = [
    GET_ISSUE,
    CREATE_ISSUE,
    UPDATE_ISSUE,
    ADD_COMMENT,
    GET_PULL_REQUEST,
    UPDATE_PULL_REQUEST,
    GET_MERGE_REQUEST,
    UPDATE_MERGE_REQUEST,
    SEARCH,
    ESTIMATE_COMPLIANCE,
    IMPROVE_COMPLIANCE,
];

pub fn is_issue_tool(name: &str) -> bool {
    NAMES.contains(&name)
}

/// Whether the tool only reads.
pub fn reads_only(name: &str) -> bool {
    matches!(
        name,
        GET_ISSUE
            | GET_PULL_REQUEST
            | GET_MERGE_REQUEST
            | SEARCH
            | ESTIMATE_COMPLIANCE
            | IMPROVE_COMPLIANCE
    )
}

const REF: &str = "URL, key (owner/repo#12, group/project#3, PROJ-7) or id";

fn string(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

fn strings() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn schema(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

/// A change's fields (issues, pull and merge requests alike).
fn change_fields(subject: &str) -> Value {
    json!({
        subject: string(REF),
        "title": {"type": "string"},
        "description": {"type": "string"},
        "status": string("open, closed, or a workflow status"),
        "labels": strings(),
        "assignees": strings(),
        "priority": {"type": "string"},
    })
}

/// The tool's input schema.
pub fn input_schema(name: &str) -> Value {
    match name {
        GET_ISSUE => schema(json!({"issue": string(REF)}), &["issue"]),
        CREATE_ISSUE => schema(
            json!({
                "project": string("owner/repo, group/project, Jira key, or project id"),
                "title": {"type": "string"},
                "description": {"type": "string"},
                "labels": strings(),
                "assignees": strings(),
                "priority": {"type": "string"},
            }),
            &["project", "title"],
        ),
        UPDATE_ISSUE => schema(change_fields("issue"), &["issue"]),
        ADD_COMMENT => schema(
            json!({"target": string("issue, pull or merge request"), "comment": {"type": "string"}}),
            &["target", "comment"],
        ),
        GET_PULL_REQUEST => schema(json!({"pull_request": string(REF)}), &["pull_request"]),
        UPDATE_PULL_REQUEST => schema(change_fields("pull_request"), &["pull_request"]),
        GET_MERGE_REQUEST => schema(json!({"merge_request": string(REF)}), &["merge_request"]),
        UPDATE_MERGE_REQUEST => schema(change_fields("merge_request"), &["merge_request"]),
        SEARCH => schema(
            json!({
                "query": {"type": "string"},
                "project": {"type": "string"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 50},
            }),
            &["query"],
        ),
        ESTIMATE_COMPLIANCE => schema(
            json!({
                "issues": {"type": "array", "items": string(REF), "maxItems": 100},
                "project": string("instead of issues: a project's open issues"),
            }),
            &[],
        ),
        IMPROVE_COMPLIANCE => schema(json!({"issue": string(REF)}), &["issue"]),
        _ => json!({"type": "object"}),
    }
}

fn description(name: &str) -> &'static str {
    match name {
        GET_ISSUE => "Get an issue with its comments.",
        CREATE_ISSUE => "Create an issue in a project.",
        UPDATE_ISSUE => {
            "Change an issue's title, description, status, labels, assignees or priority."
        }
        ADD_COMMENT => "Comment on an issue, pull request or merge request.",
        GET_PULL_REQUEST => "Get a GitHub pull request.",
        UPDATE_PULL_REQUEST => "Change a GitHub pull request.",
        GET_MERGE_REQUEST => "Get a GitLab merge request.",
        UPDATE_MERGE_REQUEST => "Change a GitLab merge request.",
        SEARCH => "Search issues by words and meaning.",
        ESTIMATE_COMPLIANCE => "Score issues against the definition of ready.",
        IMPROVE_COMPLIANCE => "Suggest how to make an issue ready.",
        _ => "",
    }
}

/// The tools as `tools/list` lists them.
pub fn definitions() -> Vec<Value> {
    NAMES
        .iter()
        .map(|name| {
            json!({
                "name": name,
                "description": description(name),
                "inputSchema": input_schema(name),
                "annotations": {"readOnlyHint": reads_only(name), "openWorldHint": true},
            })
        })
        .collect()
}
