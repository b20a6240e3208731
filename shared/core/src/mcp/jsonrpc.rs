//! JSON-RPC 2.0 messages as MCP uses them.

use serde_json::{Map, Value, json};

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const INVALID_PARAMS: i64 = -32602;
pub const INTERNAL_ERROR: i64 = -32603;
/// Server-defined codes (-32000 to -32099) for refusals that HTTP already
/// names: no or a bad credential (401), a credential without the right (403),
/// too many requests (429). Clients read the HTTP status; the code must not
/// claim an internal error.
pub const UNAUTHORIZED: i64 = -32001;
pub const FORBIDDEN: i64 = -32003;
pub const RATE_LIMITED: i64 = -32029;
/// The client cancelled the request (the code LSP gives it; the client
/// ignores the answer anyway).
pub const REQUEST_CANCELLED: i64 = -32800;
/// 2026-07-28: an HTTP routing header disagrees with the body.
pub const HEADER_MISMATCH: i64 = -32020;
/// 2026-07-28: the request's protocol version is not served here.
pub const UNSUPPORTED_PROTOCOL_VERSION: i64 = -32022;

/// One incoming message: a request (has `id`), a notification (no `id`) or a
/// response from the peer (has `result` or `error`).
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: Option<Value>,
    pub method: Option<String>,
    pub params: Value,
    pub is_response: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl RpcError {
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        RpcError {
            code,
            message: message.into(),
            data: None,
        }
    }
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }
    pub fn to_json(&self) -> Value {
        let mut e = json!({"code": self.code, "message": self.message});
        if let (Some(d), Some(obj)) = (&self.data, e.as_object_mut()) {
            obj.insert("data".into(), d.clone());
        }
        e
    }
}

impl From<&crate::Error> for RpcError {
    fn from(e: &crate::Error) -> Self {
        let r = RpcError::new(e.jsonrpc_code(), e.message.clone());
        match &e.detail {
            Some(d) => r.with_data(d.clone()),
            None => r,
        }
    }
}

impl Message {
    pub fn is_request(&self) -> bool {
        self.id.is_some() && self.method.is_some()
    }
    pub fn is_notification(&self) -> bool {
        self.id.is_none() && self.method.is_some()
    }
}

/// Parses one JSON-RPC message. `Err` carries the JSON-RPC error to answer
/// with, and the id when it could be read.
pub fn parse(body: &[u8]) -> Result<Message, (Option<Value>, RpcError)> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        (
            None,
            RpcError::new(PARSE_ERROR, format!("Parse error: {e}")),
        )
    })?;
    from_value(value)
}

pub fn from_value(value: Value) -> Result<Message, (Option<Value>, RpcError)> {
    let Value::Object(obj) = value else {
        let what = if value.is_array() {
            "JSON-RPC batches are not supported"
        } else {
            "a JSON-RPC message must be an object"
        };
        return Err((
            None,
            RpcError::new(INVALID_REQUEST, format!("Invalid Request: {what}")),
        ));
    };
    let id = obj.get("id").cloned();
    let invalid = |msg: &str| {
        (
            id.clone().filter(valid_id),
            RpcError::new(INVALID_REQUEST, format!("Invalid Request: {msg}")),
        )
    };
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(invalid("\"jsonrpc\" must be \"2.0\""));
    }
    if id.as_ref().is_some_and(|id| !valid_id(id)) {
        return Err(invalid("\"id\" must be a string or an integer"));
    }
    let is_response = obj.contains_key("result") || obj.contains_key("error");
    let method = match obj.get("method") {
        None if is_response => None,
        None => return Err(invalid("missing \"method\"")),
        Some(Value::String(m)) if !is_response => Some(m.clone()),
        Some(_) => return Err(invalid("\"method\" must be a string")),
    };
    let params = match obj.get("params") {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(p @ Value::Object(_)) => p.clone(),
        Some(_) => return Err(invalid("\"params\" must be an object")),
    };
    Ok(Message {
        id,
        method,
        params,
        is_response,
    })
}

fn valid_id(id: &Value) -> bool {
    id.is_string() || id.is_i64() || id.is_u64()
}

pub fn result(id: &Value, result: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "result": result})
}

pub fn error(id: Option<&Value>, error: &RpcError) -> Value {
    json!({"jsonrpc": "2.0", "id": id.cloned().unwrap_or(Value::Null), "error": error.to_json()})
}

pub fn request(id: &Value, method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

pub fn notification(method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "method": method, "params": params})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(body: &str) -> i64 {
        parse(body.as_bytes())
            .err()
            .map(|(_, e)| e.code)
            .unwrap_or(0)
    }

    #[test]
    fn classifies_bad_input() {
        assert_eq!(code("{nope"), PARSE_ERROR);
        assert_eq!(code("[]"), INVALID_REQUEST);
        assert_eq!(code("1"), INVALID_REQUEST);
        assert_eq!(
            code(r#"{"jsonrpc":"1.0","id":1,"method":"x"}"#),
            INVALID_REQUEST
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":{},"method":"x"}"#),
            INVALID_REQUEST
        );
        assert_eq!(code(r#"{"jsonrpc":"2.0","id":1}"#), INVALID_REQUEST);
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":1,"method":"x","params":[1]}"#),
            INVALID_REQUEST
        );
    }

    #[test]
    fn parses_requests_and_notifications() {
        let m = parse(br#"{"jsonrpc":"2.0","id":"a","method":"ping"}"#);
        assert!(m.as_ref().is_ok_and(Message::is_request));
        let n = parse(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
        assert!(n.as_ref().is_ok_and(Message::is_notification));
        let r = parse(br#"{"jsonrpc":"2.0","id":3,"result":{}}"#);
        assert!(r.is_ok_and(|m| m.is_response));
    }
}
