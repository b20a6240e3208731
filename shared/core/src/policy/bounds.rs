//! Bounds on conditions, so that no stored expression can crash or stall
//! the process that evaluates it.
//!
//! At write time (and again whenever a stored rule is compiled) a condition
//! is checked *before* it is parsed (length, bracket nesting, runs of unary
//! operators: the parser recurses on those) and after (depth and size of the
//! tree: evaluation recurses on it). Regex patterns must be string literals;
//! they are compiled then, under a size limit, and their compiled size is
//! their weight in the decision budget.
//!
//! At decision time every rule draws on one [`Budget`]: the compiled fast
//! path charges as it goes (a step per node, bytes scanned by string
//! functions, bytes times pattern weight for `matches`); a rule that needs
//! the interpreter is charged an upper bound of its cost, computed from its
//! tree and the sizes of the call's arguments, before it runs. Either way a
//! decision over budget stops at once and denies, saying why.

use crate::error::{Error, Result};
use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue, operators};
use serde_json::{Value as Json, json};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Write-time limits on one condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionLimits {
    /// Bytes of source.
    pub max_length: usize,
    /// Nesting: brackets and unary runs before parsing, tree depth after.
    pub max_depth: usize,
    /// Nodes of the parsed tree (macros expanded).
    pub max_nodes: usize,
}

/// The largest values a setting may raise the limits to: the parser and the
/// evaluator recurse, and these are what a 256 KiB stack is tested to hold.
pub const HARD_LIMITS: ConditionLimits = ConditionLimits {
    max_length: 16 * 1024,
    max_depth: 64,
    max_nodes: 1000,
};

impl Default for ConditionLimits {
    fn default() -> Self {
        ConditionLimits {
            max_length: 4096,
            max_depth: 32,
            max_nodes: 500,
        }
    }
}

/// Compiled size (bytes of regex-lite's program) a pattern may reach.
pub const MAX_PATTERN_BYTES: usize = 256 * 1024;

/// The default decision budget, in cost units (about 50 ns each).
pub const DEFAULT_BUDGET: u64 = 1_000_000;

static MAX_LENGTH: AtomicUsize = AtomicUsize::new(4096);
static MAX_DEPTH: AtomicUsize = AtomicUsize::new(32);
static MAX_NODES: AtomicUsize = AtomicUsize::new(500);
static BUDGET: AtomicU64 = AtomicU64::new(DEFAULT_BUDGET);

/// The limits in force in this process.
pub fn limits() -> ConditionLimits {
    ConditionLimits {
        max_length: MAX_LENGTH.load(Ordering::Relaxed),
        max_depth: MAX_DEPTH.load(Ordering::Relaxed),
        max_nodes: MAX_NODES.load(Ordering::Relaxed),
    }
}

/// Sets the process's limits from settings, clamped to [`HARD_LIMITS`].
/// Every host calls this with its configuration before serving.
pub fn configure(l: ConditionLimits, budget: u64) {
    MAX_LENGTH.store(
        l.max_length.clamp(1, HARD_LIMITS.max_length),
        Ordering::Relaxed,
    );
    MAX_DEPTH.store(
        l.max_depth.clamp(1, HARD_LIMITS.max_depth),
        Ordering::Relaxed,
    );
    MAX_NODES.store(
        l.max_nodes.clamp(1, HARD_LIMITS.max_nodes),
        Ordering::Relaxed,
    );
    BUDGET.store(budget.max(1), Ordering::Relaxed);
}

/// The cost budget of one decision in this process.
pub fn decision_budget() -> u64 {
    BUDGET.load(Ordering::Relaxed)
}

fn too_big(source: &str, what: String) -> Error {
    Error::bad_request(format!("condition is too complex: {what}")).with_detail(json!({
        "message": what,
        "expression": source.chars().take(200).collect::<String>(),
    }))
}

/// Checks the source before the parser sees it: its length, how deeply
/// brackets nest, the longest run of unary operators, and how many operator
/// characters it has. cel's parser recurses once per operator of a chain
/// (`a + b + c …`, `a.b.c …`, `a[0][0] …`), about 1.5 KiB of stack each in
/// a debug build, so half of `max_nodes` operators is what a 2 MiB stack
/// holds with room to spare at the hard limit.
pub fn check_source(source: &str, l: ConditionLimits) -> Result<()> {
    if source.len() > l.max_length {
        return Err(too_big(
            source,
            format!(
                "{} bytes, more than the limit of {}",
                source.len(),
                l.max_length
            ),
        ));
    }
    let bytes = source.as_bytes();
    let (mut depth, mut deepest, mut unary, mut longest_unary) = (0usize, 0usize, 0usize, 0usize);
    let mut operators = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\'' | b'"' => {
                // Skip a string literal (single or triple quoted) so brackets
                // inside it do not count.
                let triple = bytes.get(i..i + 3) == Some(&[b, b, b][..]);
                let close: &[u8] = if triple {
                    &bytes[i..i + 3]
                } else {
                    &bytes[i..i + 1]
                };
                i += close.len();
                while i < bytes.len() && !bytes[i..].starts_with(close) {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += close.len();
                unary = 0;
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
                unary = 0;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                unary = 0;
            }
            b'!' | b'-' => {
                unary += 1;
                longest_unary = longest_unary.max(unary);
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => unary = 0,
        }
        if b".[(+-*/%<>=!&|?:,".contains(&b) {
            operators += 1;
        }
        i += 1;
    }
    if operators > l.max_nodes / 2 {
        return Err(too_big(
            source,
            format!(
                "{operators} operators, more than the limit of {}",
                l.max_nodes / 2
            ),
        ));
    }
    if deepest > l.max_depth {
        return Err(too_big(
            source,
            format!(
                "brackets nest {deepest} deep, more than the limit of {}",
                l.max_depth
            ),
        ));
    }
    if longest_unary > l.max_depth {
        return Err(too_big(
            source,
            format!(
                "{longest_unary} unary operators in a row, more than the limit of {}",
                l.max_depth
            ),
        ));
    }
    Ok(())
}

/// What evaluation of a checked tree may cost, besides its inputs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    pub nodes: u64,
    /// How deeply comprehensions (`exists`, `all`, `map`, …) nest.
    pub loops: u32,
    /// `+` nodes: each may double a list or string.
    pub concatenations: u32,
    /// The heaviest literal pattern's weight (1 without `matches`).
    pub pattern_weight: u64,
}

/// Checks a parsed tree's depth and size without recursing, and that every
/// `matches` pattern is a literal that compiles within the size limit.
pub fn check_ast(source: &str, root: &IdedExpr, l: ConditionLimits) -> Result<Shape> {
    let mut shape = Shape {
        pattern_weight: 1,
        ..Shape::default()
    };
    // (node, depth, comprehension nesting)
    let mut stack: Vec<(&IdedExpr, usize, u32)> = vec![(root, 1, 0)];
    while let Some((e, depth, loops)) = stack.pop() {
        shape.nodes += 1;
        shape.loops = shape.loops.max(loops);
        if depth > l.max_depth {
            return Err(too_big(
                source,
                format!("the expression nests more than {} deep", l.max_depth),
            ));
        }
        if shape.nodes > l.max_nodes as u64 {
            return Err(too_big(
                source,
                format!("more than {} nodes (macros expanded)", l.max_nodes),
            ));
        }
        let d = depth + 1;
        match &e.expr {
            Expr::Call(c) => {
                if c.func_name == operators::ADD {
                    shape.concatenations += 1;
                }
                if c.func_name == "matches" {
                    let pattern = if c.target.is_some() {
                        c.args.first()
                    } else {
                        c.args.get(1)
                    };
                    match pattern.map(|p| &p.expr) {
                        Some(Expr::Literal(LiteralValue::String(p))) => {
                            shape.pattern_weight =
                                shape.pattern_weight.max(pattern_weight(p.inner())?);
                        }
                        _ => {
                            return Err(Error::bad_request(
                                "matches() takes a string literal as its pattern: a pattern computed at call time could take any time to run",
                            )
                            .with_detail(json!({"message": "non-literal regex pattern", "expression": source})));
                        }
                    }
                }
                stack.extend(c.target.iter().map(|t| (t.as_ref(), d, loops)));
                stack.extend(c.args.iter().map(|a| (a, d, loops)));
            }
            Expr::Comprehension(c) => {
                stack.push((&c.iter_range, d, loops));
                stack.push((&c.accu_init, d, loops));
                for part in [&c.loop_cond, &c.loop_step, &c.result] {
                    stack.push((part, d, loops + 1));
                }
            }
            Expr::Select(s) => stack.push((&s.operand, d, loops)),
            Expr::List(list) => stack.extend(list.elements.iter().map(|x| (x, d, loops))),
            Expr::Map(m) => {
                for entry in &m.entries {
                    match &entry.expr {
                        EntryExpr::MapEntry(me) => {
                            stack.push((&me.key, d, loops));
                            stack.push((&me.value, d, loops));
                        }
                        EntryExpr::StructField(f) => stack.push((&f.value, d, loops)),
                    }
                }
            }
            Expr::Struct(st) => {
                for entry in &st.entries {
                    if let EntryExpr::StructField(f) = &entry.expr {
                        stack.push((&f.value, d, loops));
                    }
                }
            }
            Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => {}
        }
    }
    Ok(shape)
}

/// Compiles a literal pattern under the size limit. Its weight is its
/// compiled size in units of 64 bytes (found by halving the limit): about
/// the number of states the matcher may have to step per byte of input.
pub fn compile_pattern(pattern: &str) -> Result<(regex_lite::Regex, u64)> {
    let build = |limit: usize| {
        regex_lite::RegexBuilder::new(pattern)
            .size_limit(limit)
            .nest_limit(32)
            .build()
    };
    let re = build(MAX_PATTERN_BYTES).map_err(|e| {
        Error::bad_request(format!(
            "'{}' is not a usable regex (or compiles to more than {} KiB): {e}",
            pattern.chars().take(100).collect::<String>(),
            MAX_PATTERN_BYTES / 1024
        ))
    })?;
    let (mut fits, mut fails) = (MAX_PATTERN_BYTES, 0usize);
    while fits - fails > 64 {
        let mid = fails + (fits - fails) / 2;
        if build(mid).is_ok() {
            fits = mid;
        } else {
            fails = mid;
        }
    }
    Ok((re, (fits / 64).max(1) as u64))
}

fn pattern_weight(pattern: &str) -> Result<u64> {
    compile_pattern(pattern).map(|(_, w)| w)
}

/// The cost units a decision may spend, shared by every rule it evaluates.
#[derive(Debug)]
pub struct Budget {
    left: Cell<u64>,
    limit: u64,
}

impl Budget {
    pub fn new(units: u64) -> Budget {
        Budget {
            left: Cell::new(units),
            limit: units,
        }
    }
    /// Spends `units`, or says the decision is over budget.
    pub fn charge(&self, units: u64) -> std::result::Result<(), String> {
        let left = self.left.get();
        if units > left {
            self.left.set(0);
            return Err(self.over());
        }
        self.left.set(left - units);
        Ok(())
    }
    pub fn over(&self) -> String {
        format!(
            "over the evaluation budget of {} cost units for one decision (PRELOOP_CEL_BUDGET)",
            self.limit
        )
    }
}

/// Bytes scanned per cost unit by string functions.
pub const BYTES_PER_UNIT: u64 = 16;
/// Cost units charged per node the interpreter evaluates (it is several
/// times slower per node than the fast path, which charges one).
pub const INTERPRETER_UNITS_PER_NODE: u64 = 4;

/// Sizes of a call's arguments that bound what a condition can do with them.
#[derive(Debug, Clone, Copy, Default)]
pub struct InputSize {
    /// The longest list or map.
    pub longest_container: u64,
    /// The longest string, in bytes.
    pub longest_string: u64,
}

impl InputSize {
    pub fn of(args: &Json) -> InputSize {
        let mut size = InputSize::default();
        let mut stack = vec![args];
        while let Some(v) = stack.pop() {
            match v {
                Json::String(s) => size.longest_string = size.longest_string.max(s.len() as u64),
                Json::Array(items) => {
                    size.longest_container = size.longest_container.max(items.len() as u64);
                    stack.extend(items);
                }
                Json::Object(m) => {
                    size.longest_container = size.longest_container.max(m.len() as u64);
                    for (k, v) in m {
                        size.longest_string = size.longest_string.max(k.len() as u64);
                        stack.push(v);
                    }
                }
                _ => {}
            }
        }
        size
    }
}

/// An upper bound of what the interpreter may spend on a condition of this
/// shape over inputs of this size: every node evaluated once per iteration
/// of every loop it sits in, each touching at most the longest string
/// (times the pattern weight when it matches). Saturates instead of
/// overflowing.
pub fn interpreter_cost(shape: &Shape, input: &InputSize) -> u64 {
    let concat = 1u64 << shape.concatenations.min(20);
    let range = input
        .longest_container
        .saturating_add(shape.nodes)
        .saturating_mul(concat)
        .saturating_add(1);
    let mut iterations = 1u64;
    for _ in 0..shape.loops {
        iterations = iterations.saturating_mul(range);
    }
    let per_node = 1 + input.longest_string.saturating_mul(concat) / BYTES_PER_UNIT;
    shape
        .nodes
        .saturating_mul(INTERPRETER_UNITS_PER_NODE)
        .saturating_mul(iterations)
        .saturating_mul(per_node)
        .saturating_mul(shape.pattern_weight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_checks_at_the_limit_and_past_it() {
        let l = ConditionLimits {
            max_length: 100,
            max_depth: 5,
            max_nodes: 50,
        };
        assert!(check_source(&"a".repeat(100), l).is_ok());
        assert!(check_source(&"a".repeat(101), l).is_err());
        assert!(check_source("(((((1)))))", l).is_ok());
        assert!(check_source("((((((1))))))", l).is_err());
        assert!(check_source("!!!!!true", l).is_ok());
        assert!(check_source("!!!!!!true", l).is_err());
        assert!(check_source("- - - - - - 1", l).is_err());
        // Brackets inside string literals do not nest.
        assert!(check_source("'(((((((((' == \"[[[[[[[[\"", l).is_ok());
        assert!(check_source("'''((((((((''' == r'\\''", l).is_ok());
    }

    /// The longest chains the hard limits let through parse, check and
    /// compile on a 2 MiB stack (a test thread's; serving threads have more).
    #[test]
    fn worst_cases_at_the_hard_limits_fit_the_stack() {
        let ops = HARD_LIMITS.max_nodes / 2;
        let cases = [
            format!("1{} > 0", " + 1".repeat(ops - 1)),
            format!("has(args{})", ".x".repeat(ops - 2)),
            format!("args{} == 1", "[0]".repeat((ops - 2) / 2)),
            format!("{}1 > 0", "true ? 1 : ".repeat((ops - 1) / 2)),
            format!(
                "{}true{}",
                "(".repeat(HARD_LIMITS.max_depth),
                ")".repeat(HARD_LIMITS.max_depth)
            ),
            format!("{}true", "!".repeat(HARD_LIMITS.max_depth)),
        ];
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                for case in cases {
                    assert!(check_source(&case, HARD_LIMITS).is_ok(), "{}", &case[..40]);
                    let parsed = crate::policy::condition::cel_env().compile(&case);
                    if let Ok(p) = parsed {
                        // Deeper than the depth limit: refused, without recursion.
                        let _ = check_ast(&case, p.expression(), HARD_LIMITS);
                    }
                }
                // One operator more is refused before parsing.
                let over = format!("1{} > 0", " + 1".repeat(ops));
                assert!(check_source(&over, HARD_LIMITS).is_err());
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn tree_depth_and_size_at_the_limit_and_past_it() {
        let l = ConditionLimits {
            max_length: 4096,
            max_depth: 6,
            max_nodes: 9,
        };
        let parse = |s: &str| crate::policy::condition::cel_env().compile(s).unwrap();
        // `a + b + c` nests one level per `+`: 1 + 1 + 1 + 1 + 1 is 5 deep, 9 nodes.
        let at = "1 + 1 + 1 + 1 + 1";
        assert!(check_ast(at, parse(at).expression(), l).is_ok());
        let deeper = "1 + 1 + 1 + 1 + 1 + 1";
        let e = check_ast(deeper, parse(deeper).expression(), l)
            .err()
            .unwrap();
        assert!(
            e.message.contains("nests") || e.message.contains("nodes"),
            "{}",
            e.message
        );
        let wide = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
        let e = check_ast(wide, parse(wide).expression(), l).err().unwrap();
        assert!(e.message.contains("nodes"), "{}", e.message);
    }

    #[test]
    fn budget_stops_and_says_so() {
        let b = Budget::new(10);
        assert!(b.charge(10).is_ok());
        let e = b.charge(1).err().unwrap_or_default();
        assert!(e.contains("budget"), "{e}");
    }

    #[test]
    fn pattern_weight_grows_with_repetition() {
        let small = pattern_weight("^a+$").unwrap();
        let big = pattern_weight("[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,255}").unwrap();
        assert!(small >= 1 && big > 50 * small, "{small} {big}");
        assert!(pattern_weight("((a{100}){100}){10}").is_err());
    }

    #[test]
    fn interpreter_cost_is_polynomial_in_loops() {
        let one = Shape {
            nodes: 10,
            loops: 1,
            concatenations: 0,
            pattern_weight: 1,
        };
        let two = Shape { loops: 2, ..one };
        let input = InputSize {
            longest_container: 2000,
            longest_string: 8,
        };
        assert!(interpreter_cost(&one, &input) < DEFAULT_BUDGET);
        assert!(interpreter_cost(&two, &input) > DEFAULT_BUDGET);
        let huge = Shape {
            loops: 40,
            concatenations: 64,
            ..one
        };
        assert_eq!(interpreter_cost(&huge, &input), u64::MAX);
    }
}
