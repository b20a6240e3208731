//! A compiled fast path for the CEL conditions rules actually use.
//!
//! The interpreter spends most of a decision converting the call's arguments
//! into its own values. Conditions built from comparisons, `&&`/`||`/`!`,
//! `in`, field and index access, `has()`, `size()`, the ternary and string
//! predicates are instead compiled into a tree evaluated directly against the
//! call's JSON. Anything else (arithmetic, macros, timestamps, conversions)
//! returns `None` from [`compile`] and the rule runs on the interpreter.
//!
//! The two must agree: `tests::agrees_with_the_interpreter` checks a corpus of
//! expressions and inputs, including errors, against `cel` itself.

use super::bounds::{BYTES_PER_UNIT, Budget, compile_pattern};
use crate::auth::Principal;
use cel::common::ast::{Expr, IdedExpr, LiteralValue, operators};
use regex_lite::Regex;
use serde_json::Value as Json;
use std::cmp::Ordering;

/// A compiled condition.
#[derive(Debug)]
pub enum Fast {
    Lit(Lit),
    Var(Var),
    Select(Box<Fast>, String),
    Has(Box<Fast>, String),
    Index(Box<Fast>, Box<Fast>),
    And(Box<Fast>, Box<Fast>),
    Or(Box<Fast>, Box<Fast>),
    Not(Box<Fast>),
    Cond(Box<Fast>, Box<Fast>, Box<Fast>),
    Cmp(Cmp, Box<Fast>, Box<Fast>),
    In(Box<Fast>, Box<Fast>),
    List(Vec<Fast>),
    Size(Box<Fast>),
    Str(StrOp, Box<Fast>, Box<Fast>),
    /// The pattern and its weight (cost units per 16 bytes of input).
    Matches(Box<Fast>, Regex, u64),
}

#[derive(Debug, Clone)]
pub enum Lit {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Double(f64),
    Str(String),
}

#[derive(Debug, Clone, Copy)]
pub enum Var {
    Args,
    Tool,
    Server,
    Principal,
}

#[derive(Debug, Clone, Copy)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy)]
pub enum StrOp {
    Contains,
    StartsWith,
    EndsWith,
}

/// What a condition sees of one call.
pub struct Facts<'a> {
    pub args: &'a Json,
    pub tool: &'a str,
    pub server: Option<&'a str>,
    pub principal: &'a Principal,
    /// What the decision may still spend; evaluation stops when it is gone.
    pub budget: &'a Budget,
}

/// A value during evaluation; JSON objects and arrays are borrowed, never copied.
#[derive(Debug, Clone)]
enum V<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Double(f64),
    Str(&'a str),
    Json(&'a Json),
    List(Vec<V<'a>>),
    Principal(&'a Principal),
}

type R<'a> = Result<V<'a>, String>;

pub fn compile(e: &IdedExpr) -> Option<Fast> {
    Some(match &e.expr {
        Expr::Literal(l) => Fast::Lit(match l {
            LiteralValue::Boolean(b) => Lit::Bool(*b.inner()),
            LiteralValue::Int(i) => Lit::Int(*i.inner()),
            LiteralValue::UInt(u) => Lit::UInt(*u.inner()),
            LiteralValue::Double(d) => Lit::Double(*d.inner()),
            LiteralValue::String(s) => Lit::Str(s.inner().to_string()),
            LiteralValue::Null => Lit::Null,
            LiteralValue::Bytes(_) => return None,
        }),
        Expr::Ident(name) => Fast::Var(match name.as_str() {
            "args" => Var::Args,
            "tool" => Var::Tool,
            "server" => Var::Server,
            "principal" => Var::Principal,
            _ => return None,
        }),
        Expr::Select(s) if s.test => Fast::Has(Box::new(compile(&s.operand)?), s.field.clone()),
        Expr::Select(s) => Fast::Select(Box::new(compile(&s.operand)?), s.field.clone()),
        Expr::List(l) if l.optional_indices.is_empty() => {
            Fast::List(l.elements.iter().map(compile).collect::<Option<_>>()?)
        }
        Expr::Call(c) => {
            let arg = |i: usize| c.args.get(i).and_then(compile).map(Box::new);
            let target = || c.target.as_deref().and_then(compile).map(Box::new);
            match (c.func_name.as_str(), c.target.is_some(), c.args.len()) {
                (operators::LOGICAL_AND, false, 2) => Fast::And(arg(0)?, arg(1)?),
                (operators::LOGICAL_OR, false, 2) => Fast::Or(arg(0)?, arg(1)?),
                (operators::LOGICAL_NOT, false, 1) => Fast::Not(arg(0)?),
                (operators::CONDITIONAL, false, 3) => Fast::Cond(arg(0)?, arg(1)?, arg(2)?),
                (operators::EQUALS, false, 2) => Fast::Cmp(Cmp::Eq, arg(0)?, arg(1)?),
                (operators::NOT_EQUALS, false, 2) => Fast::Cmp(Cmp::Ne, arg(0)?, arg(1)?),
                (operators::LESS, false, 2) => Fast::Cmp(Cmp::Lt, arg(0)?, arg(1)?),
                (operators::LESS_EQUALS, false, 2) => Fast::Cmp(Cmp::Le, arg(0)?, arg(1)?),
                (operators::GREATER, false, 2) => Fast::Cmp(Cmp::Gt, arg(0)?, arg(1)?),
                (operators::GREATER_EQUALS, false, 2) => Fast::Cmp(Cmp::Ge, arg(0)?, arg(1)?),
                (operators::IN, false, 2) => Fast::In(arg(0)?, arg(1)?),
                (operators::INDEX, false, 2) => Fast::Index(arg(0)?, arg(1)?),
                ("size", false, 1) => Fast::Size(arg(0)?),
                ("size", true, 0) => Fast::Size(target()?),
                ("contains", true, 1) => Fast::Str(StrOp::Contains, target()?, arg(0)?),
                ("startsWith", true, 1) => Fast::Str(StrOp::StartsWith, target()?, arg(0)?),
                ("endsWith", true, 1) => Fast::Str(StrOp::EndsWith, target()?, arg(0)?),
                ("matches", true, 1) => match c.args.first().map(|a| &a.expr) {
                    // Only a literal pattern: it is compiled here, once.
                    Some(Expr::Literal(LiteralValue::String(p))) => {
                        let (re, weight) = compile_pattern(p.inner()).ok()?;
                        Fast::Matches(target()?, re, weight)
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// Evaluates a compiled condition: `Ok(bool)` when it yields a boolean.
pub fn eval_bool(f: &Fast, facts: &Facts<'_>) -> Result<bool, String> {
    match eval(f, facts)? {
        V::Bool(b) => Ok(b),
        other => Err(format!(
            "condition returned {}, not a boolean",
            type_name(&other)
        )),
    }
}

fn from_json(j: &Json) -> V<'_> {
    match j {
        Json::Null => V::Null,
        Json::Bool(b) => V::Bool(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => V::Int(i),
            (None, Some(u)) => V::UInt(u),
            _ => V::Double(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => V::Str(s),
        Json::Array(_) | Json::Object(_) => V::Json(j),
    }
}

fn type_name(v: &V<'_>) -> &'static str {
    match v {
        V::Null => "null",
        V::Bool(_) => "bool",
        V::Int(_) => "int",
        V::UInt(_) => "uint",
        V::Double(_) => "double",
        V::Str(_) => "string",
        V::Json(Json::Array(_)) | V::List(_) => "list",
        V::Json(_) | V::Principal(_) => "map",
    }
}

/// Cost units for scanning `bytes` bytes `weight` times.
fn scan(facts: &Facts<'_>, bytes: usize, weight: u64) -> Result<(), String> {
    facts
        .budget
        .charge(1 + (bytes as u64).saturating_mul(weight) / BYTES_PER_UNIT)
}

fn eval<'a>(f: &'a Fast, facts: &Facts<'a>) -> R<'a> {
    facts.budget.charge(1)?;
    Ok(match f {
        Fast::Lit(l) => match l {
            Lit::Null => V::Null,
            Lit::Bool(b) => V::Bool(*b),
            Lit::Int(i) => V::Int(*i),
            Lit::UInt(u) => V::UInt(*u),
            Lit::Double(d) => V::Double(*d),
            Lit::Str(s) => V::Str(s),
        },
        Fast::Var(v) => match v {
            Var::Args => from_json(facts.args),
            Var::Tool => V::Str(facts.tool),
            Var::Server => facts.server.map(V::Str).unwrap_or(V::Null),
            Var::Principal => V::Principal(facts.principal),
        },
        Fast::Select(operand, field) => select(eval(operand, facts)?, field)?,
        Fast::Has(operand, field) => match eval(operand, facts)? {
            V::Json(Json::Object(m)) => V::Bool(m.contains_key(field)),
            V::Principal(_) => V::Bool(principal_field(facts.principal, field).is_some()),
            other => return Err(format!("has() on {}", type_name(&other))),
        },
        Fast::Index(operand, index) => index_into(eval(operand, facts)?, eval(index, facts)?)?,
        Fast::And(a, b) => logic(eval(a, facts), || eval(b, facts), false)?,
        Fast::Or(a, b) => logic(eval(a, facts), || eval(b, facts), true)?,
        Fast::Not(a) => match eval(a, facts)? {
            V::Bool(b) => V::Bool(!b),
            other => return Err(format!("no such overload: !{}", type_name(&other))),
        },
        Fast::Cond(c, t, e) => match eval(c, facts)? {
            V::Bool(true) => eval(t, facts)?,
            V::Bool(false) => eval(e, facts)?,
            other => return Err(format!("ternary condition is {}", type_name(&other))),
        },
        Fast::Cmp(op, a, b) => {
            let (a, b) = (eval(a, facts)?, eval(b, facts)?);
            scan(facts, extent(&a).max(extent(&b)), 1)?;
            match op {
                Cmp::Eq => V::Bool(equal(&a, &b)),
                Cmp::Ne => V::Bool(!equal(&a, &b)),
                _ => {
                    let ord = order(&a, &b)?;
                    V::Bool(match op {
                        Cmp::Lt => ord == Ordering::Less,
                        Cmp::Le => ord != Ordering::Greater,
                        Cmp::Gt => ord == Ordering::Greater,
                        _ => ord != Ordering::Less,
                    })
                }
            }
        }
        Fast::In(needle, haystack) => {
            let (needle, haystack) = (eval(needle, facts)?, eval(haystack, facts)?);
            scan(facts, extent(&haystack), BYTES_PER_UNIT)?;
            V::Bool(match &haystack {
                V::List(items) => items.iter().any(|i| equal(&needle, i)),
                V::Json(Json::Array(items)) => items.iter().any(|i| equal(&needle, &from_json(i))),
                V::Json(Json::Object(m)) => match needle {
                    V::Str(k) => m.contains_key(k),
                    _ => false,
                },
                other => return Err(format!("'in' on {}", type_name(other))),
            })
        }
        Fast::List(items) => V::List(
            items
                .iter()
                .map(|i| eval(i, facts))
                .collect::<Result<_, _>>()?,
        ),
        Fast::Size(x) => V::Int(match eval(x, facts)? {
            V::Str(s) => {
                scan(facts, s.len(), 1)?;
                s.chars().count() as i64
            }
            V::List(l) => l.len() as i64,
            V::Json(Json::Array(a)) => a.len() as i64,
            V::Json(Json::Object(m)) => m.len() as i64,
            other => return Err(format!("size() of {}", type_name(&other))),
        }),
        Fast::Str(op, s, arg) => match (eval(s, facts)?, eval(arg, facts)?) {
            (V::Str(s), V::Str(a)) => {
                scan(facts, s.len(), 1)?;
                V::Bool(match op {
                    StrOp::Contains => s.contains(a),
                    StrOp::StartsWith => s.starts_with(a),
                    StrOp::EndsWith => s.ends_with(a),
                })
            }
            (s, a) => {
                return Err(format!(
                    "no such overload for {}({})",
                    type_name(&s),
                    type_name(&a)
                ));
            }
        },
        Fast::Matches(s, re, weight) => match eval(s, facts)? {
            V::Str(s) => {
                scan(facts, s.len(), *weight)?;
                V::Bool(re.is_match(s))
            }
            other => return Err(format!("matches() on {}", type_name(&other))),
        },
    })
}

/// How much a comparison may have to look at: bytes of a string, items of
/// a list or map (each charged as a whole scan unit).
fn extent(v: &V<'_>) -> usize {
    match v {
        V::Str(s) => s.len(),
        V::List(l) => l.len() * BYTES_PER_UNIT as usize,
        V::Json(Json::Array(a)) => a.len() * BYTES_PER_UNIT as usize,
        V::Json(Json::Object(m)) => m.len() * BYTES_PER_UNIT as usize,
        _ => 0,
    }
}

/// `&&` (`short == false`) and `||` (`short == true`) as CEL defines them: a
/// side that decides the result wins even when the other side is an error.
fn logic<'a>(left: R<'a>, right: impl FnOnce() -> R<'a>, short: bool) -> R<'a> {
    let left = match left {
        Ok(V::Bool(b)) => Ok(b),
        Ok(other) => Err(format!("no such overload for {}", type_name(&other))),
        Err(e) => Err(e),
    };
    if left == Ok(short) {
        return Ok(V::Bool(short));
    }
    let right = match right()? {
        V::Bool(b) => b,
        other => return Err(format!("no such overload for {}", type_name(&other))),
    };
    match left {
        Ok(_) => Ok(V::Bool(right)),
        Err(_) if right == short => Ok(V::Bool(short)),
        Err(e) => Err(e),
    }
}

fn principal_field<'a>(p: &'a Principal, field: &str) -> Option<&'a str> {
    match field {
        "account" => Some(&p.account_id),
        "key" => Some(&p.api_key_id),
        "key_name" => Some(&p.key_name),
        "role" => Some(p.role.as_str()),
        "agent" => p.agent_name.as_deref(),
        _ => None,
    }
}

fn select<'a>(v: V<'a>, field: &str) -> R<'a> {
    match v {
        V::Json(Json::Object(m)) => m
            .get(field)
            .map(from_json)
            .ok_or_else(|| format!("no such key: {field}")),
        V::Principal(p) => principal_field(p, field)
            .map(V::Str)
            .ok_or_else(|| format!("no such key: {field}")),
        other => Err(format!(
            "cannot select '{field}' from {}",
            type_name(&other)
        )),
    }
}

fn index_into<'a>(v: V<'a>, i: V<'a>) -> R<'a> {
    match (v, i) {
        (v @ (V::Json(Json::Object(_)) | V::Principal(_)), V::Str(k)) => select(v, k),
        (v @ (V::Json(Json::Object(_)) | V::Principal(_)), _) => {
            Err(format!("no such key in {}", type_name(&v)))
        }
        (V::Json(Json::Array(a)), idx) => {
            let n = list_index(&idx)?;
            a.get(n)
                .map(from_json)
                .ok_or_else(|| format!("index out of bounds: {n}"))
        }
        (V::List(l), idx) => {
            let n = list_index(&idx)?;
            l.get(n)
                .cloned()
                .ok_or_else(|| format!("index out of bounds: {n}"))
        }
        (v, _) => Err(format!("cannot index {}", type_name(&v))),
    }
}

fn list_index(idx: &V<'_>) -> Result<usize, String> {
    match idx {
        V::Int(i) if *i >= 0 => Ok(*i as usize),
        V::UInt(u) => usize::try_from(*u).map_err(|_| "index out of range".to_string()),
        V::Int(i) => Err(format!("index out of bounds: {i}")),
        other => Err(format!(
            "list index must be an int, not {}",
            type_name(other)
        )),
    }
}

fn num(v: &V<'_>) -> Option<f64> {
    match v {
        V::Int(i) => Some(*i as f64),
        V::UInt(u) => Some(*u as f64),
        V::Double(d) => Some(*d),
        _ => None,
    }
}

fn equal(a: &V<'_>, b: &V<'_>) -> bool {
    match (a, b) {
        (V::Null, V::Null) => true,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Int(x), V::Int(y)) => x == y,
        (V::UInt(x), V::UInt(y)) => x == y,
        (V::Int(i), V::UInt(u)) | (V::UInt(u), V::Int(i)) => {
            u64::try_from(*i).is_ok_and(|i| i == *u)
        }
        (V::Double(_), _) | (_, V::Double(_)) => {
            matches!((num(a), num(b)), (Some(x), Some(y)) if x == y)
        }
        (V::Str(x), V::Str(y)) => x == y,
        (V::Principal(x), V::Principal(y)) => std::ptr::eq(*x, *y),
        _ => match (as_list(a), as_list(b)) {
            (Some(x), Some(y)) => x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| equal(p, q)),
            _ => match (a, b) {
                (V::Json(Json::Object(x)), V::Json(Json::Object(y))) => {
                    x.len() == y.len()
                        && x.iter().all(|(k, v)| {
                            y.get(k)
                                .is_some_and(|w| equal(&from_json(v), &from_json(w)))
                        })
                }
                _ => false,
            },
        },
    }
}

fn as_list<'a>(v: &V<'a>) -> Option<Vec<V<'a>>> {
    match v {
        V::List(l) => Some(l.clone()),
        V::Json(Json::Array(a)) => Some(a.iter().map(from_json).collect()),
        _ => None,
    }
}

fn order(a: &V<'_>, b: &V<'_>) -> Result<Ordering, String> {
    match (a, b) {
        (V::Int(x), V::Int(y)) => Ok(x.cmp(y)),
        (V::UInt(x), V::UInt(y)) => Ok(x.cmp(y)),
        (V::Int(i), V::UInt(u)) => Ok(if *i < 0 {
            Ordering::Less
        } else {
            (*i as u64).cmp(u)
        }),
        (V::UInt(u), V::Int(i)) => Ok(if *i < 0 {
            Ordering::Greater
        } else {
            u.cmp(&(*i as u64))
        }),
        (V::Str(x), V::Str(y)) => Ok(x.cmp(y)),
        (V::Bool(x), V::Bool(y)) => Ok(x.cmp(y)),
        _ => match (num(a), num(b)) {
            (Some(x), Some(y)) => x
                .partial_cmp(&y)
                .ok_or_else(|| "NaN is not ordered".to_string()),
            _ => Err(format!(
                "no such overload: {} < {}",
                type_name(a),
                type_name(b)
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::condition::compile as compile_cel;
    use crate::policy::engine::{CallFacts, build_context};
    use cel::Value as CelValue;
    use serde_json::json;

    const EXPRESSIONS: &[&str] = &[
        "args.env == 'prod'",
        "args.env != 'prod'",
        "args.n > 10",
        "args.n >= 10",
        "args.n < 10.5",
        "args.n == 10.0",
        "args.n == 10u",
        "args.big > 10",
        "args.big == 18446744073709551615u",
        "args.neg < 0u",
        "args.neg == -5",
        "args.f > 1",
        "args.f == 1.5",
        "args.missing == 'x'",
        "has(args.env)",
        "has(args.nested.x)",
        "has(args.list)",
        "args.nested.x == 1",
        "args.nested['x'] == 1",
        "args['env'] == 'prod'",
        "args.list[0] == 'a'",
        "args.list[5] == 'a'",
        "args.list[-1] == 'a'",
        "args.list[1u] == 'b'",
        "'a' in args.list",
        "'z' in args.list",
        "'env' in args",
        "1 in args.list",
        "args.env in ['prod', 'staging']",
        "args.n in [1, 3, 10]",
        "size(args.list) == 3",
        "args.name.size() > 3",
        "size(args.env) == 4",
        "size(args.uni) == 2",
        "size(args) > 2",
        "args.cmd.contains('rm -rf')",
        "args.cmd.startsWith('kubectl')",
        "args.cmd.endsWith('restart')",
        "args.cmd.matches('^kub.*restart$')",
        "args.cmd.matches('rm')",
        "args.cmd.matches('^\\\\w+ rollout')",
        "matches(args.cmd, 'restart$')",
        "args.n.matches('1')",
        "args.n.contains('x')",
        "!(args.env == 'prod')",
        "!args.flag",
        "args.missing == 'x' || args.env == 'prod'",
        "args.env == 'prod' || args.missing == 'x'",
        "args.missing == 'x' && false",
        "args.missing == 'x' && true",
        "false && args.missing == 'x'",
        "true || args.missing == 'x'",
        "args.missing == 'x' || args.other == 'y'",
        "args.env == 'prod' ? args.n > 1 : false",
        "args.flag ? 'a' == 'a' : args.missing",
        "tool == 'srv__deploy'",
        "tool.startsWith('srv__')",
        "server == 'srv'",
        "principal.role == 'agent'",
        "principal.key_name == 'ci'",
        "principal.agent == 'runner'",
        "has(principal.agent)",
        "principal.nope == 'x'",
        "principal['role'] == 'agent'",
        "has(principal.role)",
        "args.list == ['a', 'b', 'c']",
        "args.list != []",
        "args.nested == args.nested",
        "args.n == 'x'",
        "args.n < 'x'",
        "args.nullv == null",
        "null == args.env",
        "args.flag == true",
        "args.env > 'abc'",
        "args.n",
        "args.env",
        "args.list",
        "1 == 1.0",
        "1u == 1",
        "2 > 1.5",
        "-1 < 1u",
        "args.flag && args.env == 'prod'",
        "args.env == 'prod' && args.n > 5 && args.cmd.contains('kubectl') && 'a' in args.list",
    ];

    fn inputs() -> Vec<Json> {
        vec![
            json!({"env": "prod", "n": 10, "f": 1.5, "big": 18446744073709551615u64, "neg": -5,
                   "list": ["a", "b", "c"], "nested": {"x": 1}, "name": "alice", "uni": "é😀",
                   "cmd": "kubectl rollout restart", "flag": true, "nullv": null}),
            json!({"env": "staging", "n": 3, "list": [], "nested": {}, "cmd": "rm -rf /", "flag": false, "f": 0.5}),
            json!({}),
            json!({"env": 5, "n": "ten", "list": {"a": 1}, "nested": [1], "cmd": 3, "flag": "yes", "name": 7}),
        ]
    }

    fn outcome_fast(f: &Fast, facts: &Facts<'_>) -> String {
        match eval(f, facts) {
            Ok(V::Bool(b)) => b.to_string(),
            Ok(_) => "non-bool".into(),
            Err(_) => "error".into(),
        }
    }

    fn outcome_cel(p: &cel::Program, facts: &CallFacts<'_>) -> String {
        let ctx = build_context(facts);
        match p.execute(&ctx) {
            Ok(CelValue::Bool(b)) => b.to_string(),
            Ok(_) => "non-bool".into(),
            Err(_) => "error".into(),
        }
    }

    #[test]
    fn agrees_with_the_interpreter() {
        let principal = crate::auth::test_principal();
        let mut mismatches = Vec::new();
        let mut compiled = 0;
        for expr in EXPRESSIONS {
            let program = compile_cel(expr).unwrap_or_else(|e| panic!("{expr}: {}", e.message));
            let Some(fast) = compile(program.expression()) else {
                continue;
            };
            compiled += 1;
            for args in inputs() {
                let call = CallFacts {
                    tool: "srv__deploy",
                    server: Some("srv"),
                    args: &args,
                    principal: &principal,
                    now_ms: 0,
                };
                let budget = Budget::new(crate::policy::bounds::DEFAULT_BUDGET);
                let facts = Facts {
                    args: &args,
                    tool: "srv__deploy",
                    server: Some("srv"),
                    principal: &principal,
                    budget: &budget,
                };
                let (ours, theirs) = (outcome_fast(&fast, &facts), outcome_cel(&program, &call));
                if ours != theirs {
                    mismatches.push(format!("{expr} with {args}: fast {ours}, cel {theirs}"));
                }
            }
        }
        assert!(
            mismatches.is_empty(),
            "{} mismatches:\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
        assert!(
            compiled >= EXPRESSIONS.len() - 2,
            "only {compiled} of {} compiled",
            EXPRESSIONS.len()
        );
    }

    #[test]
    fn unsupported_expressions_fall_back() {
        for expr in [
            "args.n + 1 > 2",
            "args.list.exists(x, x == 'a')",
            "now > timestamp('2020-01-01T00:00:00Z')",
            "int(args.s) > 1",
        ] {
            let program = compile_cel(expr).unwrap_or_else(|e| panic!("{expr}: {}", e.message));
            assert!(
                compile(program.expression()).is_none(),
                "{expr} should fall back"
            );
        }
    }
}
