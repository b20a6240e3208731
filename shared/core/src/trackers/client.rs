//! What the trackers share on the wire: one authenticated connection to a
//! tracker's API that sends JSON, reads bounded answers, follows the
//! tracker's own pagination only within its origin, and turns refusals into
//! errors that say what happened without ever repeating the credentials.

use crate::env::Env;
use crate::error::{Error, ErrorKind, Result};
use crate::http::Headers;
use crate::ports::{OutboundError, OutboundRequest};
use bytes::Bytes;
use serde_json::Value;

/// The longest answer read from a tracker (a page of 100 issues with long
/// bodies is a few MB).
pub const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;
const TIMEOUT_MS: u64 = 30_000;
/// The longest tracker message repeated in an error.
const MAX_MESSAGE_CHARS: usize = 300;

/// A tracker's API, reached with one set of credentials.
pub struct Connection<'a> {
    pub env: &'a Env,
    /// The API's root, without a trailing slash.
    pub base_url: String,
    /// Sent with every request (authentication, the media type asked for).
    pub headers: Headers,
    /// The tracker's name in messages ("GitHub").
    pub name: &'static str,
}

/// A tracker's answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Headers,
    pub body: Value,
}

impl Connection<'_> {
    /// `path` is under the API's root, or a whole URL the tracker gave
    /// (a `Link` header's): such a URL must have the root's origin, so the
    /// credentials never go anywhere else.
    pub async fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Answer> {
        let url = self.url(path)?;
        self.env.config.egress.check_url(&url)?;
        let mut headers = self.headers.clone();
        headers.insert("user-agent", "preloop");
        let payload = match body {
            Some(b) => {
                headers.insert("content-type", "application/json; charset=utf-8");
                Bytes::from(serde_json::to_vec(b).map_err(|e| Error::internal(e.to_string()))?)
            }
            None => Bytes::new(),
        };
        let answer = self
            .env
            .http()
            .send(OutboundRequest {
                method: method.to_string(),
                url,
                headers,
                body: payload,
                timeout_ms: TIMEOUT_MS,
            })
            .await
            .map_err(|e| self.unreachable(&e))?;
        let status = answer.status;
        let headers = answer.headers.clone();
        let bytes = answer
            .read_all(MAX_ANSWER_BYTES)
            .await
            .map_err(|e| self.unreachable(&e))?;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        if (200..300).contains(&status) {
            return Ok(Answer {
                status,
                headers,
                body,
            });
        }
        Err(self.refusal(status, &headers, &body))
    }

    /// `GET first`, or `GET then` when the tracker has no `first` (a
    /// user's own namespace where an organization or group was looked for).
    pub async fn get_or(&self, first: &str, then: &str) -> Result<Answer> {
        match self.call("GET", first, None).await {
            Err(e) if e.kind == ErrorKind::NotFound => self.call("GET", then, None).await,
            other => other,
        }
    }

    fn url(&self, path: &str) -> Result<String> {
        if path.starts_with("http://") || path.starts_with("https://") {
            if origin(path) != origin(&self.base_url) {
                return Err(Error::upstream(format!(
                    "{} pointed to another host; not followed",
                    self.name
                )));
            }
            return Ok(path.to_string());
        }
        Ok(format!("{}{}", self.base_url, path))
    }

    fn unreachable(&self, e: &OutboundError) -> Error {
        match e {
            OutboundError::Timeout => Error::new(
                ErrorKind::UpstreamTimeout,
                format!("{} did not answer in time", self.name),
            ),
            other => Error::upstream(format!("{} could not be reached: {other}", self.name)),
        }
    }

    fn refusal(&self, status: u16, headers: &Headers, body: &Value) -> Error {
        let said = message_of(body);
        let said = if said.is_empty() {
            String::new()
        } else {
            format!(": {said}")
        };
        if let Some(seconds) = rate_limited(self.env.now_ms(), status, headers, body) {
            return Error::too_many_requests(
                format!("{} rate limit reached{said}", self.name),
                seconds,
            );
        }
        match status {
            401 => Error::upstream(format!("{} refused the credentials (401){said}", self.name))
                .with_detail(serde_json::json!({"tracker_status": 401})),
            403 => Error::upstream(format!(
                "{} refused this to the credentials (403){said}",
                self.name
            ))
            .with_detail(serde_json::json!({"tracker_status": 403})),
            404 => Error::not_found(format!("{} has no such thing (404){said}", self.name)),
            422 | 400 => Error::bad_request(format!(
                "{} refused the request ({status}){said}",
                self.name
            )),
            _ => Error::upstream(format!("{} answered {status}{said}", self.name))
                .with_detail(serde_json::json!({"tracker_status": status})),
        }
    }
}

/// What a tracker said in its error body (GitHub's and GitLab's `message`,
/// Jira's `errorMessages`), cut short.
fn message_of(body: &Value) -> String {
    let text = match body {
        Value::Object(o) => o
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| {
                o.get("errorMessages").and_then(Value::as_array).map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join("; ")
                })
            })
            .or_else(|| o.get("error").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default(),
        _ => String::new(),
    };
    super::clip(&text, MAX_MESSAGE_CHARS)
}

/// Seconds to wait, if the answer is a rate limit: a 429, or a 403 that
/// says so (GitHub's primary limit has `x-ratelimit-remaining: 0`, its
/// secondary limits a `retry-after` or a message).
pub fn rate_limited(now_ms: i64, status: u16, headers: &Headers, body: &Value) -> Option<u64> {
    let retry_after = headers
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let exhausted = headers.get("x-ratelimit-remaining").map(str::trim) == Some("0");
    let says = message_of(body).to_ascii_lowercase().contains("rate limit");
    if status != 429 && !(status == 403 && (exhausted || retry_after.is_some() || says)) {
        return None;
    }
    if let Some(s) = retry_after {
        return Some(s.max(1));
    }
    if let Some(reset) = headers
        .get("x-ratelimit-reset")
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return Some(((reset * 1000 - now_ms) / 1000).clamp(1, 3600) as u64);
    }
    // A secondary limit that names no time: GitHub asks for a minute.
    Some(60)
}

/// The `rel="next"` address of a `Link` header.
pub fn next_link(headers: &Headers) -> Option<String> {
    headers.get_all("link").find_map(|value| {
        value.split(',').find_map(|part| {
            let mut pieces = part.split(';');
            let target = pieces.next()?.trim();
            let is_next = pieces.any(|p| {
                let p = p.trim().replace(' ', "");
                p == "rel=\"next\"" || p == "rel=next"
            });
            (is_next && target.starts_with('<') && target.ends_with('>'))
                .then(|| target[1..target.len() - 1].to_string())
        })
    })
}

/// scheme://host:port of a URL.
fn origin(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority.to_ascii_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        let mut h = Headers::new();
        for (k, v) in pairs {
            h.append(k, *v);
        }
        h
    }

    #[test]
    fn the_next_page_is_read_from_link() {
        let h = headers(&[(
            "link",
            "<https://api.github.com/repositories/1000/issues?per_page=3&page=1>; rel=\"prev\", <https://api.github.com/repositories/1000/issues?per_page=3&page=3>; rel=\"next\"",
        )]);
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://api.github.com/repositories/1000/issues?per_page=3&page=3")
        );
        assert_eq!(
            next_link(&headers(&[("link", "<https://x/?page=1>; rel=\"first\"")])),
            None
        );
        assert_eq!(next_link(&Headers::new()), None);
    }

    #[test]
    fn rate_limits_are_told_from_other_refusals() {
        let now = 1_000_000;
        let primary = headers(&[
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "1300"),
        ]);
        assert_eq!(rate_limited(now, 403, &primary, &Value::Null), Some(300));
        let secondary = headers(&[("retry-after", "30")]);
        assert_eq!(rate_limited(now, 403, &secondary, &Value::Null), Some(30));
        let said = serde_json::json!({"message": "You have exceeded a secondary rate limit"});
        assert_eq!(rate_limited(now, 403, &Headers::new(), &said), Some(60));
        assert_eq!(
            rate_limited(now, 429, &Headers::new(), &Value::Null),
            Some(60)
        );
        let forbidden = serde_json::json!({"message": "Resource not accessible by integration"});
        assert_eq!(rate_limited(now, 403, &Headers::new(), &forbidden), None);
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        assert_eq!(
            origin("https://API.github.com/x?y"),
            "https://api.github.com"
        );
        assert_ne!(
            origin("https://api.github.com:444/x"),
            origin("https://api.github.com/x")
        );
    }
}
