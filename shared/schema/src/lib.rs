//! Checks a tool call's arguments against the tool's pinned input schema
//! (JSON Schema, 2020-12 unless the schema names another draft) with the
//! `boon` validator. A schema comes from an upstream, so it is treated as
//! hostile: it is bounded in size and depth before it is compiled, may not
//! load anything (no `$ref` leaves the schema: no files, no network), and
//! its `pattern`s run on the `regex` crate, whose matching time is linear
//! in the input (no catastrophic backtracking). The arguments are bounded
//! too. Compiled schemas are kept per key (a pinned definition's hash).

mod fanout;

use boon::{Compiler, Schemas, UrlLoader};
use preloop_core::ports::{ArgumentCheck, Verdict};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error;
use std::rc::Rc;

/// A schema larger than this (as JSON text) is not compiled…
pub const MAX_SCHEMA_BYTES: usize = 256 * 1024;
/// …nor one nested deeper than this, or with more values than this.
pub const MAX_SCHEMA_DEPTH: usize = 64;
pub const MAX_SCHEMA_NODES: usize = 20_000;
/// Arguments nested deeper, or with more values, are not checked (the
/// validator's time grows with both; `uniqueItems` with their square).
pub const MAX_ARGUMENT_DEPTH: usize = 64;
pub const MAX_ARGUMENT_NODES: usize = 10_000;
/// One value of the arguments is checked against at most this many
/// subschemas (see [`fanout`]).
pub const MAX_APPLICATIONS: u64 = 1_000;
/// Compiled schemas kept; when full the cache starts over.
const MAX_COMPILED: usize = 512;

/// A compiled schema, or why it cannot be used.
type Compiled = Result<Rc<(Schemas, boon::SchemaIndex)>, String>;

/// Checks in process, keeping compiled schemas per key.
#[derive(Default)]
pub struct Checker {
    compiled: RefCell<HashMap<String, Compiled>>,
}

impl Checker {
    pub fn verdict(&self, key: &str, schema: &Value, arguments: &Value) -> Verdict {
        if let Err(why) = bounded(arguments, MAX_ARGUMENT_DEPTH, MAX_ARGUMENT_NODES) {
            return Verdict::Unusable {
                why: format!("the arguments are too large to check: {why}"),
            };
        }
        let compiled = self.compiled(key, schema);
        let (schemas, index) = match compiled.as_deref() {
            Ok(c) => c,
            Err(why) => return Verdict::Unusable { why: why.clone() },
        };
        match schemas.validate(arguments, *index) {
            Ok(()) => Verdict::Valid,
            Err(e) => {
                // The deepest first cause says what is wrong, and where.
                let mut leaf = &e;
                while let Some(cause) = leaf.causes.first() {
                    leaf = cause;
                }
                Verdict::Invalid {
                    path: leaf.instance_location.to_string(),
                    message: leaf.kind.to_string(),
                }
            }
        }
    }

    fn compiled(&self, key: &str, schema: &Value) -> Compiled {
        if let Some(c) = self.compiled.borrow().get(key) {
            return c.clone();
        }
        let c = compile(schema).map(Rc::new);
        let mut cache = self.compiled.borrow_mut();
        if cache.len() >= MAX_COMPILED {
            cache.clear();
        }
        cache.insert(key.to_string(), c.clone());
        c
    }
}

#[async_trait::async_trait(?Send)]
impl ArgumentCheck for Checker {
    async fn check(&self, key: &str, schema: &Value, arguments: &Value) -> Result<Verdict, String> {
        Ok(self.verdict(key, schema, arguments))
    }
}

/// Refuses every `$ref` outside the schema: an upstream's schema must not
/// make Preloop read a file or fetch a URL.
struct NoLoader;

impl UrlLoader for NoLoader {
    fn load(&self, url: &str) -> Result<Value, Box<dyn Error>> {
        Err(format!("'{url}' is outside the schema; nothing is loaded").into())
    }
}

const LOCATION: &str = "urn:preloop:tool-input-schema";

fn compile(schema: &Value) -> Result<(Schemas, boon::SchemaIndex), String> {
    let size = serde_json::to_vec(schema)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > MAX_SCHEMA_BYTES {
        return Err(format!(
            "the tool's input schema is {size} bytes; at most {MAX_SCHEMA_BYTES} are checked"
        ));
    }
    bounded(schema, MAX_SCHEMA_DEPTH, MAX_SCHEMA_NODES)
        .map_err(|why| format!("the tool's input schema is too large to check: {why}"))?;
    fanout::Fanout::new(schema, MAX_APPLICATIONS)
        .worst(MAX_ARGUMENT_DEPTH)
        .map_err(|why| {
            format!("the tool's input schema cannot be checked in bounded time: {why}")
        })?;
    let mut compiler = Compiler::new();
    compiler.set_default_draft(boon::Draft::V2020_12);
    compiler.use_loader(Box::new(NoLoader));
    let mut schemas = Schemas::new();
    let unusable = |e: boon::CompileError| {
        let text = e.to_string();
        format!(
            "the tool's input schema cannot be used: {}",
            text.chars().take(300).collect::<String>()
        )
    };
    compiler
        .add_resource(LOCATION, schema.clone())
        .map_err(unusable)?;
    let index = compiler.compile(LOCATION, &mut schemas).map_err(unusable)?;
    Ok((schemas, index))
}

/// A JSON pointer as written in a URI fragment (`%25` and the like).
fn percent_decoded(fragment: &str) -> String {
    preloop_core::http::percent_decode(fragment)
}

/// Whether `v` is within `depth` levels and `nodes` values, walked without
/// recursion (the value itself may be as deep as a parser allows).
fn bounded(v: &Value, depth: usize, nodes: usize) -> Result<(), String> {
    let mut stack = vec![(v, 1usize)];
    let mut seen = 0usize;
    while let Some((v, level)) = stack.pop() {
        seen += 1;
        if seen > nodes {
            return Err(format!("more than {nodes} values"));
        }
        if level > depth {
            return Err(format!("nested deeper than {depth} levels"));
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, level + 1))),
            Value::Object(m) => stack.extend(m.values().map(|i| (i, level + 1))),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::{Duration, Instant};

    fn check(schema: Value, args: Value) -> Verdict {
        Checker::default().verdict("k", &schema, &args)
    }

    #[test]
    fn valid_and_invalid_with_the_path_of_the_first_error() {
        let schema = json!({"type": "object", "properties": {"amount": {"type": "integer"}, "to": {"type": "string"}}, "required": ["amount", "to"]});
        assert_eq!(
            check(schema.clone(), json!({"amount": 5, "to": "bob"})),
            Verdict::Valid
        );
        match check(schema.clone(), json!({"amount": "ten", "to": "bob"})) {
            Verdict::Invalid { path, message } => {
                assert_eq!(path, "/amount");
                assert!(message.contains("integer"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(check(schema, json!({"amount": 5})), Verdict::Invalid { path, .. } if path.is_empty())
        );
    }

    #[test]
    fn a_catastrophic_pattern_is_matched_in_linear_time() {
        let schema = json!({"type": "object", "properties": {"code": {"type": "string", "pattern": "^(a+)+$"}}});
        let started = Instant::now();
        let attack = format!("{}!", "a".repeat(100_000));
        assert!(matches!(
            check(schema, json!({"code": attack})),
            Verdict::Invalid { .. }
        ));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn hostile_schemas_are_unusable_not_fatal() {
        let mut deep = json!({"type": "string"});
        for _ in 0..100 {
            deep = json!({"type": "object", "properties": {"v": deep}});
        }
        assert!(
            matches!(check(deep, json!({})), Verdict::Unusable { why } if why.contains("deeper"))
        );
        let huge: serde_json::Map<String, Value> = (0..30_000)
            .map(|i| (format!("p{i}"), json!({"type": "string"})))
            .collect();
        assert!(matches!(
            check(json!({"properties": huge}), json!({})),
            Verdict::Unusable { .. }
        ));
        // A reference that leaves the schema loads nothing.
        for target in ["file:///etc/passwd", "http://127.0.0.1:9/schema.json"] {
            let v = check(json!({"$ref": target}), json!({}));
            assert!(
                matches!(&v, Verdict::Unusable { why } if why.contains("leaves the schema")),
                "{v:?}"
            );
        }
        // A self-referencing schema is bounded by the arguments' depth.
        let cyclic = json!({"type": "object", "properties": {"a": {"$ref": "#"}}});
        let mut args = json!({});
        for _ in 0..100 {
            args = json!({"a": args});
        }
        assert!(
            matches!(check(cyclic, args), Verdict::Unusable { why } if why.contains("arguments"))
        );
        // A definition reused twice per level, 24 levels: 2^24 applications
        // if it were run; refused before.
        let mut defs = serde_json::Map::new();
        for i in 0..24 {
            let next = format!("#/$defs/d{}", i + 1);
            defs.insert(
                format!("d{i}"),
                json!({"anyOf": [{"$ref": next}, {"$ref": next}]}),
            );
        }
        defs.insert("d24".into(), json!({"type": "string"}));
        let started = Instant::now();
        let v = check(json!({"$defs": defs, "$ref": "#/$defs/d0"}), json!(5));
        assert!(
            matches!(&v, Verdict::Unusable { why } if why.contains("bounded time")),
            "{v:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(2));
        // Not a schema at all.
        assert!(matches!(
            check(json!({"type": 5}), json!({})),
            Verdict::Unusable { .. }
        ));
    }

    #[test]
    fn compiled_schemas_are_kept_by_key() {
        let c = Checker::default();
        let schema = json!({"type": "object", "properties": {"n": {"type": "integer"}}});
        assert_eq!(c.verdict("a", &schema, &json!({"n": 1})), Verdict::Valid);
        // Same key: the compiled schema is reused even if passed anew.
        assert_eq!(
            c.verdict("a", &json!({"type": "string"}), &json!({"n": 1})),
            Verdict::Valid
        );
        assert_eq!(c.compiled.borrow().len(), 1);
    }
}
