//! How many times one schema can be applied at one place in the
//! arguments, worked out before the schema is used. A validator applies
//! every subschema that reaches a value (through `anyOf`, `allOf`, `$ref`,
//! and for a child through `properties`, `patternProperties`, `items` …),
//! and none memoizes, so a 2 KB schema that reuses a definition twice per
//! level takes 2^levels applications: seconds at 20 levels, forever at 30.
//! This counts, for every value up to the arguments' depth bound, the most
//! subschemas that can reach one value, without looking at the arguments
//! (every property name and index is assumed to meet every subschema that
//! could apply to it), and refuses a schema past the bound.

use serde_json::Value;
use std::collections::HashMap;

/// Keywords whose subschemas apply to the value itself.
const HERE_ONE: &[&str] = &["not", "if", "then", "else"];
const HERE_MANY: &[&str] = &["allOf", "anyOf", "oneOf"];
const HERE_MAP: &[&str] = &["dependentSchemas", "dependencies"];
/// Keywords whose subschemas apply to any child (a property or an item).
const CHILD_ONE: &[&str] = &[
    "additionalProperties",
    "unevaluatedProperties",
    "propertyNames",
    "additionalItems",
    "unevaluatedItems",
    "contains",
];
const CHILD_MAP: &[&str] = &["patternProperties"];

pub struct Fanout<'s> {
    root: &'s Value,
    limit: u64,
    memo: HashMap<(*const Value, usize), u64>,
    /// Subschemas being counted at one value: a `$ref` back to one of them
    /// without going down into the value loops.
    here: Vec<(*const Value, usize)>,
}

impl<'s> Fanout<'s> {
    pub fn new(root: &'s Value, limit: u64) -> Self {
        Fanout {
            root,
            limit,
            memo: HashMap::new(),
            here: Vec::new(),
        }
    }

    /// The most subschemas of `root` that can reach one value at most
    /// `depth` levels into the arguments, or why it cannot be bounded.
    pub fn worst(&mut self, depth: usize) -> Result<u64, String> {
        let root = self.root;
        let n = self.count(root, depth)?;
        if n > self.limit {
            return Err(format!(
                "one value could be checked against more than {} subschemas",
                self.limit
            ));
        }
        Ok(n)
    }

    /// Applications of `schema` and what it reaches at one value, plus the
    /// most at any one child below it (`depth` levels left).
    fn count(&mut self, schema: &'s Value, depth: usize) -> Result<u64, String> {
        let Value::Object(m) = schema else {
            return Ok(1);
        };
        let key = (schema as *const Value, depth);
        if let Some(n) = self.memo.get(&key) {
            return Ok(*n);
        }
        // The same subschema at the same depth again: it was reached from
        // itself without going down into the value.
        if self.here.contains(&key) {
            return Err("a $ref loops back to itself without going into the arguments".into());
        }
        self.here.push(key);
        let counted = self.count_object(m, depth);
        self.here.pop();
        let n = counted?;
        self.memo.insert(key, n);
        Ok(n)
    }

    fn count_object(
        &mut self,
        m: &'s serde_json::Map<String, Value>,
        depth: usize,
    ) -> Result<u64, String> {
        // This schema and everything applied at the same value.
        let mut here = 1u64;
        let mut same: Vec<&'s Value> = Vec::new();
        for k in HERE_ONE {
            same.extend(m.get(*k));
        }
        for k in HERE_MANY {
            if let Some(Value::Array(items)) = m.get(*k) {
                same.extend(items);
            }
        }
        for k in HERE_MAP {
            if let Some(Value::Object(o)) = m.get(*k) {
                same.extend(o.values().filter(|v| v.is_object()));
            }
        }
        for r in ["$ref", "$dynamicRef", "$recursiveRef"] {
            if let Some(target) = m.get(r) {
                let target = target.as_str().ok_or("a $ref is not a string")?;
                same.push(self.resolve(target)?);
            }
        }
        // Children: the worst child gets every subschema that may apply
        // to any child, plus the worst named property or positioned item.
        let mut any_child: Vec<&'s Value> = Vec::new();
        for k in CHILD_ONE {
            any_child.extend(m.get(*k).filter(|v| v.is_object()));
        }
        for k in CHILD_MAP {
            if let Some(Value::Object(o)) = m.get(*k) {
                any_child.extend(o.values());
            }
        }
        let mut specific: Vec<&'s Value> = Vec::new();
        if let Some(Value::Object(props)) = m.get("properties") {
            specific.extend(props.values());
        }
        match m.get("items") {
            Some(Value::Array(items)) => specific.extend(items),
            Some(items @ Value::Object(_)) => any_child.push(items),
            _ => {}
        }
        if let Some(Value::Array(items)) = m.get("prefixItems") {
            specific.extend(items);
        }
        let mut child = 0u64;
        if depth > 0 {
            for s in &any_child {
                child = child.saturating_add(self.count(s, depth - 1)?);
            }
            let mut worst_specific = 0u64;
            for s in &specific {
                worst_specific = worst_specific.max(self.count(s, depth - 1)?);
            }
            child = child.saturating_add(worst_specific);
        }
        for s in same {
            here = here.saturating_add(self.count(s, depth)?);
            if here > self.limit {
                return Ok(here);
            }
        }
        Ok(here.max(child))
    }

    /// A reference within the schema: `#` or a JSON pointer from it. Others
    /// (anchors, other documents) cannot be bounded here.
    fn resolve(&self, target: &str) -> Result<&'s Value, String> {
        let Some(pointer) = target.strip_prefix('#') else {
            return Err(format!("a $ref to '{target}' leaves the schema"));
        };
        let pointer = crate::percent_decoded(pointer);
        self.root
            .pointer(&pointer)
            .ok_or_else(|| format!("a $ref to '{target}' is not a JSON pointer into the schema"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn worst(schema: Value) -> Result<u64, String> {
        Fanout::new(&schema, 1_000).worst(64)
    }

    /// Two references to the next definition per level: 2^levels.
    fn doubling(levels: usize, descend: bool) -> Value {
        let mut defs = serde_json::Map::new();
        for i in 0..levels {
            let next = format!("#/$defs/d{}", i + 1);
            let pair = json!({"anyOf": [{"$ref": next}, {"$ref": next}]});
            let def = if descend {
                json!({"properties": {"x": pair}})
            } else {
                pair
            };
            defs.insert(format!("d{i}"), def);
        }
        defs.insert(format!("d{levels}"), json!({"type": "string"}));
        json!({"$defs": defs, "$ref": "#/$defs/d0"})
    }

    #[test]
    fn exponential_reuse_is_refused_and_ordinary_schemas_pass() {
        assert!(worst(doubling(20, false)).is_err());
        assert!(worst(doubling(20, true)).is_err());
        assert!(worst(doubling(3, false)).is_ok());
        // A recursive tree, as pydantic writes one: linear in depth.
        let tree = json!({"$defs": {"Node": {"type": "object", "properties": {
            "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
            "parent": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]}}}},
            "$ref": "#/$defs/Node"});
        assert!(worst(tree).unwrap() < 200);
        // The same definition reached twice per level through recursion.
        let bad = json!({"$defs": {"a": {"properties": {"x": {"anyOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/a"}]}}}}, "$ref": "#/$defs/a"});
        assert!(worst(bad).is_err());
        assert!(worst(json!({"$ref": "#"})).is_err(), "loops at one value");
        assert!(
            worst(json!({"$ref": "#foo"})).is_err(),
            "anchors are not bounded"
        );
    }
}
