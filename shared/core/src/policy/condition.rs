//! CEL conditions: compiling (once, with a position on failure), and turning a
//! call's JSON arguments into CEL values.
//!
//! JSON is converted by hand rather than through serde: serde would make every
//! non-negative integer a `uint`, and `args.amount > 1000` (an `int` literal)
//! would then fail to compare.

use crate::error::{Error, Result};
use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use cel::objects::{Key, Map};
use cel::{Env as CelEnv, Program, Value as CelValue};
use serde_json::{Value as Json, json};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The variables a condition may use.
pub const VARIABLES: &[&str] = &["args", "tool", "server", "principal", "now"];

/// The CEL environment: the standard library plus the strings extension,
/// built once per process.
pub fn cel_env() -> Arc<CelEnv> {
    static ENV: OnceLock<Arc<CelEnv>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = CelEnv::stdlib();
        // The extension only fails if registered twice; a bare stdlib
        // without it is still a correct (smaller) language.
        let _ = env.add_extension(cel::extensions::strings);
        Arc::new(env)
    })
    .clone()
}

/// Compiles a condition, refusing syntax errors and unknown variables with a
/// 400 whose detail says where the expression fails.
pub fn compile(source: &str) -> Result<Program> {
    if source.trim().is_empty() {
        return Err(Error::bad_request(
            "condition is empty; omit it to match every call",
        ));
    }
    let program = cel_env().compile(source).map_err(|errors| {
        let first = errors.errors.first();
        let (line, column) = first.map(|e| (e.pos.0, e.pos.1)).unwrap_or((1, 1));
        let msg = first
            .map(|e| e.msg.clone())
            .unwrap_or_else(|| "syntax error".into());
        Error::bad_request(format!(
            "invalid CEL condition at line {line}, column {column}: {msg}"
        ))
        .with_detail(json!({"line": line, "column": column, "message": msg, "expression": source}))
    })?;
    let refs = program.references();
    let mut bound = Vec::new();
    macro_variables(program.expression(), &mut bound);
    let unknown: Vec<&str> = refs
        .variables()
        .into_iter()
        .filter(|v| !VARIABLES.contains(v) && !bound.iter().any(|b| b == v))
        .collect();
    if let Some(first) = unknown.first() {
        let offset = source.find(first).unwrap_or(0);
        let (line, column) = line_column(source, offset);
        return Err(Error::bad_request(format!(
            "invalid CEL condition at line {line}, column {column}: unknown variable '{first}' (use {})",
            VARIABLES.join(", ")
        ))
        .with_detail(json!({"line": line, "column": column, "message": format!("unknown variable '{first}'"), "expression": source})));
    }
    Ok(program)
}

/// Variables a macro binds (`x` in `args.items.exists(x, x > 1)`): they are
/// references too, but not free ones.
fn macro_variables(e: &IdedExpr, out: &mut Vec<String>) {
    match &e.expr {
        Expr::Comprehension(c) => {
            out.push(c.iter_var.clone());
            out.extend(c.iter_var2.clone());
            out.push(c.accu_var.clone());
            for part in [
                &c.iter_range,
                &c.accu_init,
                &c.loop_cond,
                &c.loop_step,
                &c.result,
            ] {
                macro_variables(part, out);
            }
        }
        Expr::Call(c) => {
            c.target.iter().for_each(|t| macro_variables(t, out));
            c.args.iter().for_each(|a| macro_variables(a, out));
        }
        Expr::Select(s) => macro_variables(&s.operand, out),
        Expr::List(l) => l.elements.iter().for_each(|x| macro_variables(x, out)),
        Expr::Map(m) => m.entries.iter().for_each(|entry| match &entry.expr {
            EntryExpr::MapEntry(me) => {
                macro_variables(&me.key, out);
                macro_variables(&me.value, out);
            }
            EntryExpr::StructField(f) => macro_variables(&f.value, out),
        }),
        Expr::Struct(st) => st.entries.iter().for_each(|entry| {
            if let EntryExpr::StructField(f) = &entry.expr {
                macro_variables(&f.value, out);
            }
        }),
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => {}
    }
}

fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

pub fn json_to_cel(value: &Json) -> CelValue {
    match value {
        Json::Null => CelValue::Null,
        Json::Bool(b) => CelValue::Bool(*b),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                CelValue::Int(i)
            } else if let Some(u) = n.as_u64() {
                CelValue::UInt(u)
            } else {
                CelValue::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Json::String(s) => CelValue::String(Arc::new(s.clone())),
        Json::Array(items) => CelValue::List(Arc::new(items.iter().map(json_to_cel).collect())),
        Json::Object(map) => {
            let m: HashMap<Key, CelValue> = map
                .iter()
                .map(|(k, v)| (Key::String(Arc::new(k.clone())), json_to_cel(v)))
                .collect();
            CelValue::Map(Map { map: Arc::new(m) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compile_errors_have_positions() {
        let e = compile("args.x ==").err().map(|e| e.detail);
        let detail = e.flatten().unwrap_or_default();
        assert_eq!(detail["line"], 1);
        assert!(detail["column"].as_i64().unwrap_or(0) >= 1);

        let e = compile("args.a == 1 &&\n  foo.b").err();
        let detail = e.and_then(|e| e.detail).unwrap_or_default();
        assert_eq!(detail["line"], 2);
        assert_eq!(detail["column"], 3);
        assert!(compile("").is_err());
        assert!(compile("args.env == 'prod' && tool.startsWith('db')").is_ok());
        // Variables bound by macros are not free variables.
        assert!(compile("args.items.exists(x, x > 1) && args.items.all(i, i < 10)").is_ok());
        assert!(compile("args.items.exists(x, y > 1)").is_err());
    }

    #[test]
    fn integers_stay_ints() {
        assert_eq!(json_to_cel(&json!(5)), CelValue::Int(5));
        assert_eq!(json_to_cel(&json!(u64::MAX)), CelValue::UInt(u64::MAX));
        assert_eq!(json_to_cel(&json!(1.5)), CelValue::Float(1.5));
    }
}
