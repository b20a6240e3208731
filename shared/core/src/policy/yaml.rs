//! YAML in and out for policy files.
//!
//! Reading keeps where every value and key starts, so that a type error, an
//! unknown field or a bad CEL expression can be reported at its line and
//! column. Writing is canonical: the same document always gives the same
//! bytes (fields in declaration order, strings double-quoted), which is what
//! makes `export` → `apply` → `export` byte-stable.

use serde::Serialize;
use serde_json::{Map, Number, Value as Json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub position: Position,
    pub message: String,
}

/// A parsed document with the position of each value and each mapping key,
/// by path (`tools[0].conditions[1].expression`).
#[derive(Debug, Default)]
pub struct Parsed {
    pub value: Json,
    pub values: HashMap<String, Position>,
    pub keys: HashMap<String, Position>,
}

impl Parsed {
    /// Where the value at `path` starts, or the nearest enclosing value.
    pub fn position(&self, path: &str) -> Position {
        let mut p = path.to_string();
        loop {
            if let Some(pos) = self.values.get(&p).or_else(|| self.keys.get(&p)) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p.truncate(i),
                None => {
                    return self
                        .values
                        .get("")
                        .copied()
                        .unwrap_or(Position { line: 1, column: 1 });
                }
            }
        }
    }
    /// Where the key of the entry at `path` is.
    pub fn key_position(&self, path: &str) -> Position {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.position(path))
    }
    /// Where the value at `path` starts (not its key).
    pub fn value_position(&self, path: &str) -> Option<Position> {
        self.values.get(path).copied()
    }
}

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

fn position(span: &Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Bounds on a policy file: its size, how deeply it nests, and how many
/// values it holds once aliases are expanded (an alias counts as a copy of
/// everything it names, so a "billion laughs" file is refused on its first
/// few lines instead of being expanded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YamlLimits {
    pub max_bytes: usize,
    pub max_depth: usize,
    pub max_nodes: usize,
}

impl Default for YamlLimits {
    fn default() -> Self {
        YamlLimits {
            max_bytes: 1 << 20,
            max_depth: 64,
            max_nodes: 100_000,
        }
    }
}

/// The deepest nesting any setting may allow: the reader recurses per
/// level, as does serde when the tree becomes the policy types.
pub const HARD_MAX_DEPTH: usize = 256;

static MAX_BYTES: AtomicUsize = AtomicUsize::new(1 << 20);
static MAX_DEPTH: AtomicUsize = AtomicUsize::new(64);
static MAX_NODES: AtomicUsize = AtomicUsize::new(100_000);

/// Sets this process's limits (from settings; depth clamped to
/// [`HARD_MAX_DEPTH`]).
pub fn configure(l: YamlLimits) {
    MAX_BYTES.store(l.max_bytes.max(1), Ordering::Relaxed);
    MAX_DEPTH.store(l.max_depth.clamp(1, HARD_MAX_DEPTH), Ordering::Relaxed);
    MAX_NODES.store(l.max_nodes.max(1), Ordering::Relaxed);
}

pub fn limits() -> YamlLimits {
    YamlLimits {
        max_bytes: MAX_BYTES.load(Ordering::Relaxed),
        max_depth: MAX_DEPTH.load(Ordering::Relaxed),
        max_nodes: MAX_NODES.load(Ordering::Relaxed),
    }
}

struct Reader<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    /// Anchored values with how many values each holds.
    anchors: HashMap<usize, (Json, usize)>,
    out: Parsed,
    limits: YamlLimits,
    /// Values read so far, aliases counted as what they expand to.
    nodes: usize,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), YamlError> {
        match self.parser.next_event() {
            Some(Ok(e)) => Ok(e),
            Some(Err(e)) => Err(YamlError {
                position: Position {
                    line: e.marker().line(),
                    column: e.marker().col() + 1,
                },
                message: e.info().to_string(),
            }),
            None => Err(YamlError {
                position: Position { line: 1, column: 1 },
                message: "unexpected end of the document".into(),
            }),
        }
    }

    fn count(&mut self, n: usize, at: Position) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError {
                position: at,
                message: format!(
                    "the file holds more than {} values (aliases expanded)",
                    self.limits.max_nodes
                ),
            });
        }
        Ok(())
    }

    fn node(
        &mut self,
        event: Event<'a>,
        span: Span,
        path: &str,
        depth: usize,
    ) -> Result<Json, YamlError> {
        let at = position(&span);
        if depth > self.limits.max_depth {
            return Err(YamlError {
                position: at,
                message: format!(
                    "the file nests more than {} levels deep",
                    self.limits.max_depth
                ),
            });
        }
        let before = self.nodes;
        if !matches!(event, Event::Alias(_)) {
            self.count(1, at)?;
        }
        self.out.values.insert(path.to_string(), at);
        let refuse_tag = |tag: &Option<std::borrow::Cow<'_, saphyr_parser::Tag>>| match tag {
            Some(t) if !t.is_yaml_core_schema() => Err(YamlError {
                position: at,
                message: format!("tag {t} is not supported"),
            }),
            _ => Ok(()),
        };
        let (value, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                refuse_tag(&tag)?;
                (scalar(&text, style), anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                refuse_tag(&tag)?;
                let mut items = Vec::new();
                loop {
                    let (e, s) = self.next()?;
                    if e == Event::SequenceEnd {
                        break;
                    }
                    let item_path = format!("{path}[{}]", items.len());
                    items.push(self.node(e, s, &item_path, depth + 1)?);
                }
                (Json::Array(items), anchor)
            }
            Event::MappingStart(anchor, tag) => {
                refuse_tag(&tag)?;
                let mut map = Map::new();
                loop {
                    let (e, s) = self.next()?;
                    let key = match e {
                        Event::MappingEnd => break,
                        Event::Scalar(text, _, _, _) => text.into_owned(),
                        _ => {
                            return Err(YamlError {
                                position: position(&s),
                                message: "mapping keys must be plain strings".into(),
                            });
                        }
                    };
                    let key_path = child(path, &key);
                    if map.contains_key(&key) {
                        return Err(YamlError {
                            position: position(&s),
                            message: format!("duplicate key '{key}'"),
                        });
                    }
                    self.out.keys.insert(key_path.clone(), position(&s));
                    let (ve, vs) = self.next()?;
                    let value = self.node(ve, vs, &key_path, depth + 1)?;
                    map.insert(key, value);
                }
                (Json::Object(map), anchor)
            }
            Event::Alias(id) => {
                let (value, size) = self.anchors.get(&id).cloned().ok_or(YamlError {
                    position: at,
                    message: "alias to an unknown anchor".into(),
                })?;
                self.count(size, at)?;
                (value, 0)
            }
            other => {
                return Err(YamlError {
                    position: at,
                    message: format!("unexpected {other:?}"),
                });
            }
        };
        if anchor > 0 {
            self.anchors
                .insert(anchor, (value.clone(), self.nodes - before));
        }
        Ok(value)
    }
}

/// YAML 1.2 core schema for plain scalars; anything quoted is a string.
fn scalar(text: &str, style: ScalarStyle) -> Json {
    if style != ScalarStyle::Plain {
        return Json::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Json::Null,
        "true" | "True" | "TRUE" => return Json::Bool(true),
        "false" | "False" | "FALSE" => return Json::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && let Ok(i) = text.parse::<i64>()
    {
        return Json::Number(i.into());
    }
    let radix = |prefix: &str, radix: u32| {
        text.strip_prefix(prefix)
            .and_then(|d| i64::from_str_radix(d, radix).ok())
    };
    if let Some(i) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return Json::Number(i.into());
    }
    let looks_numeric = digits
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'));
    if looks_numeric && let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
        return Json::Number(n);
    }
    Json::String(text.to_string())
}

/// Parses one YAML document.
pub fn parse(text: &str) -> Result<Parsed, YamlError> {
    parse_within(text, limits())
}

/// Parses one YAML document within explicit limits.
pub fn parse_within(text: &str, limits: YamlLimits) -> Result<Parsed, YamlError> {
    if text.len() > limits.max_bytes {
        return Err(YamlError {
            position: Position { line: 1, column: 1 },
            message: format!(
                "the file is {} bytes, more than the limit of {}",
                text.len(),
                limits.max_bytes
            ),
        });
    }
    let mut reader = Reader {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        out: Parsed::default(),
        limits,
        nodes: 0,
    };
    let mut value = None;
    loop {
        let (event, span) = reader.next()?;
        match event {
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            Event::DocumentStart(_) if value.is_some() => {
                return Err(YamlError {
                    position: position(&span),
                    message: "a policy file holds one YAML document".into(),
                });
            }
            Event::DocumentStart(_) => {
                let (e, s) = reader.next()?;
                value = Some(reader.node(e, s, "", 1)?);
            }
            Event::StreamEnd => break,
            other => {
                return Err(YamlError {
                    position: position(&span),
                    message: format!("unexpected {other:?}"),
                });
            }
        }
    }
    let mut out = reader.out;
    out.value = value.ok_or(YamlError {
        position: Position { line: 1, column: 1 },
        message: "the file is empty".into(),
    })?;
    Ok(out)
}

/// Writes a value as canonical YAML.
pub fn to_yaml<T: Serialize>(value: &T) -> crate::Result<String> {
    let node = value.serialize(tree::NodeSerializer)?;
    let mut out = String::new();
    match &node {
        tree::Node::Map(entries) => emit_map(entries, 0, &mut out),
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
    Ok(out)
}

fn is_scalar(n: &tree::Node) -> bool {
    !matches!(n, tree::Node::Map(_) | tree::Node::Seq(_))
}

fn inline(n: &tree::Node) -> String {
    use tree::Node;
    match n {
        Node::Null => "null".into(),
        Node::Bool(b) => b.to_string(),
        Node::Int(i) => i.to_string(),
        Node::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.1}"),
        Node::Float(f) => f.to_string(),
        Node::Str(s) => quote(s),
        Node::Seq(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Node::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", key(k), inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn key(k: &str) -> String {
    let plain = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(
            k.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { k.to_string() } else { quote(k) }
}

fn emit_map(entries: &[(String, tree::Node)], indent: usize, out: &mut String) {
    use tree::Node;
    for (k, v) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(&key(k));
        out.push(':');
        match v {
            Node::Map(m) if !m.is_empty() => {
                out.push('\n');
                emit_map(m, indent + 2, out);
            }
            Node::Seq(items) if !items.is_empty() && !items.iter().all(is_scalar) => {
                out.push('\n');
                emit_seq(items, indent + 2, out);
            }
            scalar_or_flow => {
                out.push(' ');
                out.push_str(&inline(scalar_or_flow));
                out.push('\n');
            }
        }
    }
}

fn emit_seq(items: &[tree::Node], indent: usize, out: &mut String) {
    use tree::Node;
    for item in items {
        match item {
            Node::Map(m) if !m.is_empty() => {
                // The first entry goes on the dash's line.
                let mut block = String::new();
                emit_map(m, indent + 2, &mut block);
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                out.push_str(&block[indent + 2..]);
            }
            Node::Seq(inner) if !inner.is_empty() && !inner.iter().all(is_scalar) => {
                out.push_str(&" ".repeat(indent));
                out.push_str("-\n");
                emit_seq(inner, indent + 2, out);
            }
            other => {
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                out.push_str(&inline(other));
                out.push('\n');
            }
        }
    }
}

/// A serde serializer into an ordered tree (serde_json's maps are sorted,
/// which would put `action` before `expression`).
mod tree {
    use crate::error::Error;
    use serde::ser::{self, Serialize};

    #[derive(Debug, Clone, PartialEq)]
    pub enum Node {
        Null,
        Bool(bool),
        Int(i128),
        Float(f64),
        Str(String),
        Seq(Vec<Node>),
        Map(Vec<(String, Node)>),
    }

    #[derive(Debug)]
    pub struct SerError(String);
    impl std::fmt::Display for SerError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }
    impl std::error::Error for SerError {}
    impl ser::Error for SerError {
        fn custom<T: std::fmt::Display>(msg: T) -> Self {
            SerError(msg.to_string())
        }
    }
    impl From<SerError> for Error {
        fn from(e: SerError) -> Self {
            Error::internal(format!("writing YAML: {}", e.0))
        }
    }

    type R = Result<Node, SerError>;

    pub struct NodeSerializer;

    pub struct SeqBuilder(Vec<Node>);
    pub struct MapBuilder {
        entries: Vec<(String, Node)>,
        key: Option<String>,
    }

    fn key_of(n: Node) -> Result<String, SerError> {
        match n {
            Node::Str(s) => Ok(s),
            Node::Int(i) => Ok(i.to_string()),
            Node::Bool(b) => Ok(b.to_string()),
            other => Err(SerError(format!("unsupported map key {other:?}"))),
        }
    }

    impl ser::Serializer for NodeSerializer {
        type Ok = Node;
        type Error = SerError;
        type SerializeSeq = SeqBuilder;
        type SerializeTuple = SeqBuilder;
        type SerializeTupleStruct = SeqBuilder;
        type SerializeTupleVariant = ser::Impossible<Node, SerError>;
        type SerializeMap = MapBuilder;
        type SerializeStruct = MapBuilder;
        type SerializeStructVariant = ser::Impossible<Node, SerError>;

        fn serialize_bool(self, v: bool) -> R {
            Ok(Node::Bool(v))
        }
        fn serialize_i8(self, v: i8) -> R {
            Ok(Node::Int(v.into()))
        }
        fn serialize_i16(self, v: i16) -> R {
            Ok(Node::Int(v.into()))
        }
        fn serialize_i32(self, v: i32) -> R {
            Ok(Node::Int(v.into()))
        }
        fn serialize_i64(self, v: i64) -> R {
            Ok(Node::Int(v.into()))
        }
        fn serialize_i128(self, v: i128) -> R {
            Ok(Node::Int(v))
        }
        fn serialize_u8(self, v: u8) -> R {
            Ok(Node::Int(v.into()))
        }
        fn serialize_u16(self, v: u16) -> R {
            Ok(Node::Int(v.into()))
        }
        fn serialize_u32(self, v: u32) -> R {
            Ok(Node::Int(v.into()))
        }
        fn serialize_u64(self, v: u64) -> R {
            Ok(Node::Int(v.into()))
        }
        fn serialize_f32(self, v: f32) -> R {
            Ok(Node::Float(v.into()))
        }
        fn serialize_f64(self, v: f64) -> R {
            Ok(Node::Float(v))
        }
        fn serialize_char(self, v: char) -> R {
            Ok(Node::Str(v.to_string()))
        }
        fn serialize_str(self, v: &str) -> R {
            Ok(Node::Str(v.to_string()))
        }
        fn serialize_bytes(self, _: &[u8]) -> R {
            Err(SerError("bytes are not supported".into()))
        }
        fn serialize_none(self) -> R {
            Ok(Node::Null)
        }
        fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> R {
            v.serialize(self)
        }
        fn serialize_unit(self) -> R {
            Ok(Node::Null)
        }
        fn serialize_unit_struct(self, _: &'static str) -> R {
            Ok(Node::Null)
        }
        fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
            Ok(Node::Str(variant.to_string()))
        }
        fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> R {
            v.serialize(self)
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
            v: &T,
        ) -> R {
            Ok(Node::Map(vec![(variant.to_string(), v.serialize(self)?)]))
        }
        fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, SerError> {
            Ok(SeqBuilder(Vec::with_capacity(len.unwrap_or(0))))
        }
        fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, SerError> {
            self.serialize_seq(Some(len))
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            len: usize,
        ) -> Result<SeqBuilder, SerError> {
            self.serialize_seq(Some(len))
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, SerError> {
            Err(SerError("tuple variants are not supported".into()))
        }
        fn serialize_map(self, _: Option<usize>) -> Result<MapBuilder, SerError> {
            Ok(MapBuilder {
                entries: Vec::new(),
                key: None,
            })
        }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<MapBuilder, SerError> {
            self.serialize_map(None)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, SerError> {
            Err(SerError("struct variants are not supported".into()))
        }
    }

    impl ser::SerializeSeq for SeqBuilder {
        type Ok = Node;
        type Error = SerError;
        fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), SerError> {
            self.0.push(v.serialize(NodeSerializer)?);
            Ok(())
        }
        fn end(self) -> R {
            Ok(Node::Seq(self.0))
        }
    }
    impl ser::SerializeTuple for SeqBuilder {
        type Ok = Node;
        type Error = SerError;
        fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), SerError> {
            ser::SerializeSeq::serialize_element(self, v)
        }
        fn end(self) -> R {
            ser::SerializeSeq::end(self)
        }
    }
    impl ser::SerializeTupleStruct for SeqBuilder {
        type Ok = Node;
        type Error = SerError;
        fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), SerError> {
            ser::SerializeSeq::serialize_element(self, v)
        }
        fn end(self) -> R {
            ser::SerializeSeq::end(self)
        }
    }
    impl ser::SerializeMap for MapBuilder {
        type Ok = Node;
        type Error = SerError;
        fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), SerError> {
            self.key = Some(key_of(k.serialize(NodeSerializer)?)?);
            Ok(())
        }
        fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), SerError> {
            let k = self
                .key
                .take()
                .ok_or_else(|| SerError("map value without a key".into()))?;
            self.entries.push((k, v.serialize(NodeSerializer)?));
            Ok(())
        }
        fn end(self) -> R {
            Ok(Node::Map(self.entries))
        }
    }
    impl ser::SerializeStruct for MapBuilder {
        type Ok = Node;
        type Error = SerError;
        fn serialize_field<T: ?Sized + Serialize>(
            &mut self,
            k: &'static str,
            v: &T,
        ) -> Result<(), SerError> {
            self.entries
                .push((k.to_string(), v.serialize(NodeSerializer)?));
            Ok(())
        }
        fn end(self) -> R {
            Ok(Node::Map(self.entries))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_values_and_positions() {
        let text = "version: \"1.0\"\ntools:\n  - name: bash\n    conditions:\n      - expression: args.x == 1\n        action: deny\n        n: 3\n        f: 1.5\n        b: true\n        z: ~\n";
        let p = parse(text).unwrap();
        assert_eq!(p.value["version"], json!("1.0"));
        assert_eq!(
            p.value["tools"][0]["conditions"][0],
            json!({"expression": "args.x == 1", "action": "deny", "n": 3, "f": 1.5, "b": true, "z": null})
        );
        assert_eq!(
            p.value_position("tools[0].conditions[0].expression"),
            Some(Position {
                line: 5,
                column: 21
            })
        );
        assert_eq!(
            p.position("tools[0].conditions[0].action"),
            Position {
                line: 6,
                column: 17
            }
        );
        // Unknown paths fall back to the nearest enclosing value.
        assert_eq!(
            p.position("tools[0].nope.deeper"),
            Position { line: 3, column: 5 }
        );
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("a: 1\nb: [1, 2\n").unwrap_err();
        assert!(e.position.line >= 2, "{e:?}");
        let e = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.position, Position { line: 2, column: 1 });
        assert!(e.message.contains("duplicate key 'a'"));
        assert_eq!(parse("").unwrap_err().message, "the file is empty");
        assert!(parse("a: 1\n---\nb: 2\n").is_err());
        assert!(parse("a: !custom 1\n").is_err());
    }

    #[test]
    fn anchors_and_aliases() {
        let p = parse("base: &b {x: 1}\nother: *b\n").unwrap();
        assert_eq!(p.value["other"], json!({"x": 1}));
    }

    #[test]
    fn bombs_and_depth_are_refused_at_their_limits() {
        let l = YamlLimits {
            max_bytes: 4096,
            max_depth: 10,
            max_nodes: 100,
        };
        // Ten levels read; eleven do not.
        let nested = |n: usize| {
            (0..n)
                .map(|i| format!("{}- ", "  ".repeat(i)))
                .collect::<Vec<_>>()
                .join("\n")
                + "x"
        };
        assert!(parse_within(&nested(9), l).is_ok());
        let e = parse_within(&nested(10), l).err().unwrap();
        assert!(e.message.contains("levels deep"), "{}", e.message);
        // Flow style too, and far past the limit, without overflowing.
        let flow = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
        assert!(
            parse_within(
                &flow,
                YamlLimits {
                    max_bytes: 1 << 20,
                    ..l
                }
            )
            .is_err()
        );
        let deep = nested(10_000);
        assert!(
            parse_within(
                &deep,
                YamlLimits {
                    max_bytes: 1 << 26,
                    ..l
                }
            )
            .is_err()
        );
        // Aliases count as what they expand to.
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        let e = parse_within(laughs, YamlLimits::default()).err().unwrap();
        assert!(e.message.contains("aliases expanded"), "{}", e.message);
        let few = "a: &a [x, x]\nb: [*a, *a]\n";
        assert_eq!(
            parse_within(few, l).unwrap().value["b"],
            json!([["x", "x"], ["x", "x"]])
        );
        // Size.
        assert!(parse_within(&format!("a: {}", "x".repeat(4090)), l).is_ok());
        let e = parse_within(&format!("a: {}", "x".repeat(4094)), l)
            .err()
            .unwrap();
        assert!(e.message.contains("bytes"), "{}", e.message);
    }

    #[test]
    fn written_yaml_reads_back_the_same() {
        #[derive(Serialize)]
        struct Doc {
            version: &'static str,
            tags: Vec<&'static str>,
            items: Vec<Json>,
            empty: Vec<i32>,
            odd: Json,
        }
        let doc = Doc {
            version: "1.0",
            tags: vec!["a", "b c"],
            items: vec![
                json!({"name": "x", "n": 1, "nested": {"k": "v"}, "list": [{"a": 1}]}),
                json!("plain"),
            ],
            empty: vec![],
            odd: json!({"true": "line\nbreak \"quoted\"", "with space": 2.0, "1x": null}),
        };
        let text = to_yaml(&doc).unwrap();
        assert!(text.starts_with("version: \"1.0\"\ntags: [\"a\", \"b c\"]\nitems:\n  - "));
        let back = parse(&text).unwrap().value;
        assert_eq!(back, serde_json::to_value(&doc).unwrap());
    }
}
