//! Runtime-free HTTP request and response types. Each host converts its own
//! (hyper, `worker`, spin-sdk) to and from these at the edge of the process, so
//! handlers are written once.

use crate::error::Error;
use bytes::Bytes;
use serde::Serialize;

/// Header names are stored lower-cased; lookups are case-insensitive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    pub fn new() -> Self {
        Headers(Vec::new())
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn insert(&mut self, name: &str, value: impl Into<String>) {
        self.0.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.0.push((name.to_ascii_lowercase(), value.into()));
    }
    pub fn append(&mut self, name: &str, value: impl Into<String>) {
        self.0.push((name.to_ascii_lowercase(), value.into()));
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: Headers,
    pub body: Bytes,
    /// The caller's network address as the host saw it (the peer natively,
    /// `CF-Connecting-IP` on Workers, `spin-client-addr` on Spin), for
    /// throttling sign-ins per address.
    pub client_addr: Option<String>,
}

impl Request {
    pub fn new(method: &str, path: &str) -> Self {
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (path.to_string(), None),
        };
        Request {
            method: method.to_ascii_uppercase(),
            path,
            query,
            headers: Headers::new(),
            body: Bytes::new(),
            client_addr: None,
        }
    }
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.append(name, value);
        self
    }
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Query parameters, percent-decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Some(q) = &self.query else {
            return Vec::new();
        };
        q.split('&')
            .filter(|s| !s.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect()
    }
    /// An `application/x-www-form-urlencoded` body's fields, decoded
    /// (`+` is a space there), in order. At most 64 fields are read.
    pub fn form_pairs(&self) -> Vec<(String, String)> {
        std::str::from_utf8(&self.body)
            .unwrap_or("")
            .split('&')
            .filter(|s| !s.is_empty())
            .take(64)
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (
                    percent_decode(&k.replace('+', " ")),
                    percent_decode(&v.replace('+', " ")),
                )
            })
            .collect()
    }
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body)
            .map_err(|e| Error::bad_request(format!("invalid JSON body: {e}")))
    }

    /// The media type of the body, without parameters, lower-cased
    /// (`application/json; charset=utf-8` → `application/json`). Compared
    /// exactly: `application/jsonp-evil` is not JSON.
    pub fn media_type(&self) -> Option<String> {
        self.headers.get("content-type").map(media_type_of)
    }

    /// The bearer token of the `Authorization` header, if any.
    pub fn bearer_token(&self) -> Option<&str> {
        let value = self.headers.get("authorization")?.trim();
        let (scheme, token) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim())
            .filter(|t| !t.is_empty())
    }
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A response body produced over time (a held-open MCP call streaming
/// progress). Hosts pull chunks and write each one as it comes; dropping it
/// (the client went away) stops the work behind it.
#[async_trait::async_trait(?Send)]
pub trait StreamingBody {
    async fn next_chunk(&mut self) -> Option<Bytes>;
    /// Whether the stream is work that must finish even if nobody listens
    /// (a call whose outcome must be recorded): hosts that can keep it
    /// running then do, and wait for it before stopping. A stream that only
    /// informs (a session's notifications) says no: it ends with its client
    /// and does not hold up a shutdown.
    fn outlives_client(&self) -> bool {
        true
    }
    /// Told, where the host can tell, that the client went away before the
    /// end (of a stream that does not outlive it): the last chance to
    /// record how it ended before it is dropped.
    async fn client_gone(&mut self) {}
}

/// Work a handler leaves for after its response (completing a call's audit
/// record): nothing the caller needs to read its answer.
pub type AfterResponse = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

pub struct Response {
    pub status: u16,
    pub headers: Headers,
    /// The whole body, or its first bytes when `stream` follows.
    pub body: Bytes,
    pub stream: Option<Box<dyn StreamingBody>>,
    /// Runs once the response is on its way where the host outlives it
    /// (natively, tracked by the drain); hosts that do not, run it before
    /// sending ([`Response::run_after`]). Either way it runs.
    pub after: Vec<AfterResponse>,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("streaming", &self.stream.is_some())
            .field("after", &self.after.len())
            .finish()
    }
}

impl Response {
    pub fn new(status: u16) -> Self {
        Response {
            status,
            headers: Headers::new(),
            body: Bytes::new(),
            stream: None,
            after: Vec::new(),
        }
    }
    /// Leaves `work` for after the response (see [`Response::after`]).
    pub fn with_after(mut self, work: impl IntoIterator<Item = AfterResponse>) -> Self {
        self.after.extend(work);
        self
    }
    /// Runs the work left for after the response, now: for hosts whose
    /// work ends with the response.
    pub async fn run_after(&mut self) {
        for work in std::mem::take(&mut self.after) {
            work.await;
        }
    }
    /// A response whose body is written as `stream` yields it.
    pub fn streaming(status: u16, content_type: &str, stream: Box<dyn StreamingBody>) -> Self {
        let mut r = Response::new(status);
        r.headers.insert("content-type", content_type);
        r.stream = Some(stream);
        r
    }
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Self {
        let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
        let mut r = Response::new(status);
        r.headers.insert("content-type", "application/json");
        r.body = body.into();
        r
    }
    pub fn text(status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        let mut r = Response::new(status);
        r.headers.insert("content-type", content_type);
        r.body = body.into();
        r
    }
    pub fn no_content() -> Self {
        Response::new(204)
    }
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.insert(name, value);
        self
    }
    /// The REST error response for `e`; 401s carry the `WWW-Authenticate` challenge.
    pub fn error(e: &Error) -> Self {
        Response::json(e.status(), &e.to_json()).with_error_headers(e)
    }

    /// The headers an error's status calls for: the challenge with a 401,
    /// `Retry-After` with a 429 or 503 that knows when.
    pub fn with_error_headers(self, e: &Error) -> Self {
        let r = if e.status() == 401 {
            self.with_header("www-authenticate", WWW_AUTHENTICATE)
        } else {
            self
        };
        match e.retry_after() {
            Some(s) => r.with_header("retry-after", s.to_string()),
            None => r,
        }
    }
}

/// The challenge sent with every 401.
pub const WWW_AUTHENTICATE: &str = "Bearer realm=\"preloop\", error=\"invalid_token\"";

/// Splits a path into its non-empty segments: `/api/v1/x/` → `["api","v1","x"]`.
pub fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The essence of a media type header value: before any `;`, trimmed,
/// lower-cased.
pub fn media_type_of(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_and_bearer() {
        let r = Request::new("get", "/a?x=1&y=a%20b&z=c+d")
            .with_header("Authorization", "Bearer  abc ");
        assert_eq!(r.method, "GET");
        assert_eq!(r.query_param("y").as_deref(), Some("a b"));
        assert_eq!(r.query_param("z").as_deref(), Some("c d"));
        assert_eq!(r.bearer_token(), Some("abc"));
        assert_eq!(r.headers.get("AUTHORIZATION"), Some("Bearer  abc "));
        let none = Request::new("GET", "/").with_header("authorization", "Basic xyz");
        assert_eq!(none.bearer_token(), None);
    }

    #[test]
    fn percent_round_trip() {
        let s = "a b/c?d=é";
        assert_eq!(percent_decode(&percent_encode(s)), s);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn error_response_has_challenge() {
        let r = Response::error(&Error::unauthorized("no key"));
        assert_eq!(r.status, 401);
        assert!(r.headers.get("www-authenticate").is_some());
    }
}
