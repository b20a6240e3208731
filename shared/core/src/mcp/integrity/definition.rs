//! A tool's definition as it is pinned: every field an upstream gives that
//! a model reads or a call is shaped by (name, title, description, input
//! and output schema, annotations), in one canonical JSON text, and its
//! hash.

use crate::store::tools::ScannedTool;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// The definition as JSON: the fields the upstream gave, as MCP names them.
pub fn of(t: &ScannedTool) -> Value {
    let mut d = Map::new();
    d.insert("name".into(), json!(t.name));
    if let Some(title) = &t.title {
        d.insert("title".into(), json!(title));
    }
    if let Some(description) = &t.description {
        d.insert("description".into(), json!(description));
    }
    d.insert("inputSchema".into(), t.input_schema.clone());
    if let Some(o) = &t.output_schema {
        d.insert("outputSchema".into(), o.clone());
    }
    if let Some(a) = &t.annotations {
        d.insert("annotations".into(), a.clone());
    }
    Value::Object(d)
}

/// A tool of `server_id` with the definition `d` (as [`of`] writes it).
pub fn to_tool(server_id: &str, d: &Value) -> ScannedTool {
    let text = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_string);
    let json = |k: &str| d.get(k).filter(|v| !v.is_null()).cloned();
    ScannedTool {
        server_id: server_id.to_string(),
        name: text("name").unwrap_or_default(),
        title: text("title"),
        description: text("description"),
        input_schema: json("inputSchema").unwrap_or_else(|| json!({"type": "object"})),
        output_schema: json("outputSchema"),
        annotations: json("annotations"),
        ..ScannedTool::default()
    }
}

/// `sha256:<hex>` of the definition's canonical text: keys sorted at every
/// level, no whitespace, so the same definition hashes the same whatever
/// order its server wrote it in.
pub fn hash(t: &ScannedTool) -> String {
    hash_value(&of(t))
}

pub fn hash_value(v: &Value) -> String {
    let mut text = String::new();
    canonical(v, &mut text);
    format!("sha256:{}", hex::encode(Sha256::digest(text.as_bytes())))
}

/// Sorted explicitly rather than trusting the map type: a dependency that
/// turns on serde_json's `preserve_order` would otherwise change every hash.
/// Definitions come from parsed JSON, whose depth serde_json bounds (128).
fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(v) = m.get(k) {
                    canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(description: &str, schema: Value) -> ScannedTool {
        ScannedTool {
            name: "add".into(),
            description: Some(description.into()),
            input_schema: schema,
            ..ScannedTool::default()
        }
    }

    #[test]
    fn key_order_does_not_change_the_hash_and_content_does() {
        let a: Value = serde_json::from_str(
            r#"{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}}"#,
        )
        .unwrap();
        let b: Value = serde_json::from_str(
            r#"{"properties":{"b":{"type":"number"},"a":{"type":"number"}},"type":"object"}"#,
        )
        .unwrap();
        assert_eq!(hash(&tool("Adds", a.clone())), hash(&tool("Adds", b)));
        assert_ne!(
            hash(&tool("Adds", a.clone())),
            hash(&tool("Adds two", a.clone()))
        );
        let mut t = tool("Adds", a);
        let before = hash(&t);
        t.annotations = Some(json!({"destructiveHint": true}));
        assert_ne!(before, hash(&t));
    }
}
