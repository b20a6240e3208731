//! The OpenAPI 3.1 document of every route in the catalog
//! ([`super::ROUTES`]), generated on request: paths, methods, path
//! parameters, security, the permissions each needs (`x-permissions`), and
//! the error shape every route shares. Served at `/openapi.json`.

use super::{Needs, Route, all};
use serde_json::{Map, Value, json};

fn operation_id(route: &Route) -> String {
    let mut id = route.method.to_ascii_lowercase();
    for part in route.path.trim_matches('/').split('/') {
        let word: String = part
            .trim_matches(|c| c == '{' || c == '}')
            .split(['-', '_', '.'])
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect();
        let by = if part.starts_with('{') { "By" } else { "" };
        id.push_str(by);
        id.push_str(&word);
    }
    id
}

fn parameters(route: &Route) -> Vec<Value> {
    let mut out: Vec<Value> = route
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    if route.needs == Needs::LinkToken {
        out.push(json!({"name": "token", "in": "query", "required": true,
            "description": "The approver's one-time link token", "schema": {"type": "string"}}));
    }
    out
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn operation(route: &Route) -> Value {
    let mut op = json!({
        "operationId": operation_id(route),
        "summary": route.summary,
        "tags": [route.tag],
        "x-function": route.function.as_str(),
    });
    let params = parameters(route);
    if !params.is_empty() {
        op["parameters"] = Value::Array(params);
    }
    let ok_status = match route.method {
        "DELETE" => "204",
        _ => "200",
    };
    let mut responses = Map::new();
    responses.insert(
        ok_status.into(),
        if ok_status == "204" {
            json!({"description": "Done"})
        } else {
            json!({"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}})
        },
    );
    responses.insert("400".into(), error_response("The request is not valid"));
    match route.needs {
        Needs::Nothing => {
            op["security"] = json!([]);
        }
        Needs::LinkToken => {
            op["security"] = json!([]);
            responses.insert(
                "404".into(),
                error_response("No such request, or the link is dead"),
            );
        }
        Needs::Credential => {
            responses.insert(
                "401".into(),
                error_response("Missing or invalid credentials"),
            );
        }
        Needs::AnyOf(list) => {
            let names: Vec<&str> = list.iter().map(|p| p.as_str()).collect();
            op["x-permissions"] = json!(names);
            op["description"] = json!(format!("Needs the permission {}.", names.join(" or ")));
            responses.insert(
                "401".into(),
                error_response("Missing or invalid credentials"),
            );
            responses.insert(
                "403".into(),
                error_response("The credential lacks the permission"),
            );
        }
    }
    if route.path.contains('{') {
        responses
            .entry("404")
            .or_insert_with(|| error_response("Not found"));
    }
    if matches!(route.method, "POST" | "PUT" | "PATCH") {
        op["requestBody"] = json!({"required": false, "content": {"application/json": {"schema": {"type": "object"}}}});
    }
    op["responses"] = Value::Object(responses);
    op
}

/// The document, with `server_url` as its one server.
pub fn document(server_url: &str) -> Value {
    let mut paths = Map::new();
    for route in all() {
        let item = paths
            .entry(route.path.to_string())
            .or_insert_with(|| json!({}));
        item[route.method.to_ascii_lowercase()] = operation(route);
    }
    let mut tags: Vec<&str> = all().map(|r| r.tag).collect();
    tags.dedup();
    let mut seen = Vec::new();
    tags.retain(|t| {
        let fresh = !seen.contains(t);
        seen.push(*t);
        fresh
    });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Preloop",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The safety layer between AI agents and the systems they touch: the MCP firewall, approvals, policy as code, the audit trail, and the management API.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "tags": tags.iter().map(|t| json!({"name": t})).collect::<Vec<_>>(),
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key (pl_…) or an access token from /api/v1/auth/token",
                },
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "detail": {"type": "object"},
                        },
                    }},
                },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_an_operation_with_a_unique_id() {
        let doc = document("http://127.0.0.1:8787");
        let mut ids = Vec::new();
        let mut count = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                count += 1;
                assert!(
                    super::super::all()
                        .any(|r| r.path == path && r.method == method.to_ascii_uppercase())
                );
                ids.push(op["operationId"].as_str().unwrap().to_string());
            }
        }
        assert_eq!(count, all().count());
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "operation ids repeat");
        let check = &doc["paths"]["/api/v1/mcp-servers/{id}"]["delete"];
        assert_eq!(check["x-permissions"], json!(["servers.write"]));
        assert_eq!(check["parameters"][0]["name"], "id");
        assert_eq!(
            doc["paths"]["/api/v1/auth/token"]["post"]["security"],
            json!([])
        );
    }
}
