//! CEL conditions: compiling (once, with a position on failure), and turning a
//! call's JSON arguments into CEL values.
//!
//! JSON is converted by hand rather than through serde: serde would make every
//! non-negative integer a `uint`, and `args.amount > 1000` (an `int` literal)
//! would then fail to compare.

use super::bounds::{self, Shape};
use crate::error::{Error, Result};
use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use cel::common::types::{CelBool, CelString};
use cel::objects::{Key, Map};
use cel::{Env as CelEnv, Program, Value as CelValue};
use serde_json::{Value as Json, json};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The variables a condition may use.
pub const VARIABLES: &[&str] = &["args", "tool", "server", "principal", "now"];

/// The CEL environment: the standard library, the strings extension and
/// `matches`, built once per process.
pub fn cel_env() -> Arc<CelEnv> {
    static ENV: OnceLock<Arc<CelEnv>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = CelEnv::stdlib();
        // The extensions only fail if registered twice; a bare stdlib
        // without them is still a correct (smaller) language, and a rule
        // calling a missing function fails closed when evaluated.
        let _ = env.add_extension(cel::extensions::strings);
        let _ = env.add_extension(regex_extension);
        Arc::new(env)
    })
    .clone()
}

/// `matches`, both as `matches(s, re)` and `s.matches(re)`, on regex-lite.
///
/// cel's own `matches` pulls in the full `regex` crate and its Unicode
/// tables, which alone would put a policy-engine Worker over Cloudflare's
/// 1 MiB bundle limit. regex-lite takes the same RE2-style syntax; classes
/// such as `\w` and `\d` are ASCII-only and `\p{..}` is refused with an
/// error.
fn regex_extension(env: &mut CelEnv) -> std::result::Result<(), cel::DeclarationError> {
    cel::add_overload!(env, fn matches: (CelString, CelString) -> Result<CelBool>, id = "matches")?;
    cel::add_member_overload!(env, fn matches: (CelString, CelString) -> Result<CelBool>)?;
    Ok(())
}

fn matches(
    this: &CelString<'_>,
    pattern: &CelString<'_>,
) -> std::result::Result<CelBool, cel::ExecutionError> {
    // Patterns are literals (checked when the condition is compiled), so a
    // few compiled ones per thread cover every rule; compiling is bounded by
    // the same size limit either way.
    thread_local! {
        static PATTERNS: RefCell<HashMap<String, regex_lite::Regex>> = RefCell::new(HashMap::new());
    }
    let cached = PATTERNS.with(|p| p.borrow().get(pattern.inner()).cloned());
    let re = match cached {
        Some(re) => re,
        None => {
            let re = bounds::compile_pattern(pattern.inner())
                .map(|(re, _)| re)
                .map_err(|err| cel::ExecutionError::FunctionError {
                    function: "matches".into(),
                    message: format!(
                        "'{}' is not a valid regex: {}",
                        pattern.inner(),
                        err.message
                    ),
                })?;
            PATTERNS.with(|p| {
                let mut p = p.borrow_mut();
                if p.len() >= 256 {
                    p.clear();
                }
                p.insert(pattern.inner().to_string(), re.clone());
            });
            re
        }
    };
    Ok(CelBool::from(re.is_match(this.inner())))
}

/// Compiles a condition, refusing syntax errors and unknown variables with a
/// 400 whose detail says where the expression fails.
pub fn compile(source: &str) -> Result<Program> {
    compile_bounded(source).map(|(program, _)| program)
}

/// Compiles a condition within the process's [`bounds`]: checked before
/// parsing (the parser recurses) and after (evaluation does). The shape
/// says what evaluating it may cost.
pub fn compile_bounded(source: &str) -> Result<(Program, Shape)> {
    if source.trim().is_empty() {
        return Err(Error::bad_request(
            "condition is empty; omit it to match every call",
        ));
    }
    let limits = bounds::limits();
    bounds::check_source(source, limits)?;
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
    let shape = bounds::check_ast(source, program.expression(), limits)?;
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
    Ok((program, shape))
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
    fn matches_is_available_in_both_forms() {
        let run = |source: &str| {
            let program = compile(source).map_err(|e| e.to_string())?;
            let mut ctx = cel::Context::with_env(cel_env());
            ctx.add_variable_from_value("args", json_to_cel(&json!({"cmd": "kubectl delete pod"})));
            program.execute(&ctx).map_err(|e| e.to_string())
        };
        assert_eq!(
            run("args.cmd.matches('^kubectl (delete|drain) ')"),
            Ok(CelValue::Bool(true))
        );
        assert_eq!(
            run("matches(args.cmd, 'apply$')"),
            Ok(CelValue::Bool(false))
        );
        // Patterns are compiled with the condition: a bad one, or one that
        // is not a literal, is refused then rather than failing each call.
        let bad = run("args.cmd.matches('(')").err().unwrap_or_default();
        assert!(bad.contains("not a usable regex"), "{bad}");
        let computed = run("args.cmd.matches(args.p)").err().unwrap_or_default();
        assert!(computed.contains("string literal"), "{computed}");
        let computed = run("matches(args.cmd, args.p + 'x')")
            .err()
            .unwrap_or_default();
        assert!(computed.contains("string literal"), "{computed}");
    }

    #[test]
    fn integers_stay_ints() {
        assert_eq!(json_to_cel(&json!(5)), CelValue::Int(5));
        assert_eq!(json_to_cel(&json!(u64::MAX)), CelValue::UInt(u64::MAX));
        assert_eq!(json_to_cel(&json!(1.5)), CelValue::Float(1.5));
    }
}
