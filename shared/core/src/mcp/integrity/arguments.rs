//! A call's arguments against its tool's pinned input schema, before
//! policy: through the host's [`crate::ports::ArgumentCheck`], except for
//! the schemas that accept any object (most tools without arguments).

use crate::env::Env;
use crate::ports::Verdict;
use crate::store::tools::ScannedTool;
use serde_json::Value;

/// What became of the check.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    Valid,
    /// The arguments do not match: refused with -32602.
    Invalid {
        path: String,
        message: String,
    },
    /// The schema cannot check anything, or the arguments are past the
    /// check's bounds: refused, saying so.
    Unusable(String),
    /// The checker could not be asked: refused (fail closed).
    Unavailable(String),
}

impl Checked {
    /// What the refusal says, naming the tool.
    pub fn refusal(&self, tool: &str) -> String {
        match self {
            Checked::Valid => String::new(),
            Checked::Invalid { path, message } => {
                let at = if path.is_empty() { "/" } else { path };
                format!("Invalid arguments for tool '{tool}': at {at}: {message}")
            }
            Checked::Unusable(why) => format!(
                "Tool '{tool}' was not called: {why}. An admin can turn argument validation off for this tool."
            ),
            Checked::Unavailable(why) => {
                format!("Tool '{tool}' was not called: its arguments could not be checked ({why})")
            }
        }
    }
}

/// Checks `arguments` against `tool`'s pinned input schema.
pub async fn check(env: &Env, tool: &ScannedTool, arguments: &Value) -> Checked {
    let schema = &tool.input_schema;
    if accepts_any_object(schema) && arguments.is_object() {
        return Checked::Valid;
    }
    let Some(checker) = env.argument_check() else {
        return Checked::Unavailable("this host has no argument checker".into());
    };
    // The `justification` Preloop adds to a tool's schema for approvers is
    // not the tool's: it is not held against the tool's own schema.
    let stripped;
    let arguments = match arguments.as_object() {
        Some(m) if m.contains_key("justification") && !declares(schema, "justification") => {
            let mut m = m.clone();
            m.remove("justification");
            stripped = Value::Object(m);
            &stripped
        }
        _ => arguments,
    };
    match checker.check(&tool.pin.hash, schema, arguments).await {
        Ok(Verdict::Valid) => Checked::Valid,
        Ok(Verdict::Invalid { path, message }) => Checked::Invalid { path, message },
        Ok(Verdict::Unusable { why }) => Checked::Unusable(why),
        Err(why) => Checked::Unavailable(why),
    }
}

/// `{}` or `{"type": "object"}`, with nothing else that constrains.
fn accepts_any_object(schema: &Value) -> bool {
    let Some(m) = schema.as_object() else {
        return false;
    };
    m.iter().all(|(k, v)| match k.as_str() {
        "type" => v == "object",
        "properties" => v.as_object().is_some_and(|p| p.is_empty()),
        "$schema" | "title" | "description" => true,
        _ => false,
    })
}

fn declares(schema: &Value, property: &str) -> bool {
    schema
        .get("properties")
        .and_then(|p| p.get(property))
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_schemas_that_constrain_nothing_skip_the_checker() {
        assert!(accepts_any_object(&json!({"type": "object"})));
        assert!(accepts_any_object(
            &json!({"type": "object", "properties": {}})
        ));
        assert!(!accepts_any_object(
            &json!({"type": "object", "additionalProperties": false})
        ));
        assert!(!accepts_any_object(
            &json!({"type": "object", "properties": {"a": {}}})
        ));
        assert!(!accepts_any_object(&json!({"type": "array"})));
    }
}
