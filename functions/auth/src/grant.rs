//! What a sign-in request carries, read from JSON or from the OAuth form
//! (`application/x-www-form-urlencoded`, as RFC 6749 clients send it).

use preloop_core::http::Request;
use preloop_core::store::sign_in;
use preloop_core::{Env, Error, Result};
use serde_json::Value;

/// The fields of the request, whichever way they came. Unknown fields are
/// ignored (OAuth clients send `scope`, `client_id`); values that are not
/// strings are refused.
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn read(request: &Request) -> Result<Fields> {
        if request.body.is_empty() {
            return Ok(Fields(Vec::new()));
        }
        match request.media_type().as_deref() {
            Some("application/x-www-form-urlencoded") => Ok(Fields(request.form_pairs())),
            Some("application/json") | None => {
                let body: serde_json::Map<String, Value> = request.json()?;
                let mut fields = Vec::new();
                for (k, v) in body {
                    match v {
                        Value::String(s) => fields.push((k, s)),
                        Value::Null => {}
                        _ => {
                            return Err(Error::bad_request(format!(
                                "'{}' must be a string",
                                k.chars().take(40).collect::<String>()
                            )));
                        }
                    }
                }
                Ok(Fields(fields))
            }
            Some(other) => Err(Error::bad_request(format!(
                "send JSON or a form, not {}",
                other.chars().take(60).collect::<String>()
            ))),
        }
    }

    /// Fields already split (a query string's).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Fields {
        Fields(pairs)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn require(&self, name: &str) -> Result<&str> {
        self.get(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| Error::bad_request(format!("'{name}' is required")))
    }
}

/// An email as we keep it: trimmed, lowercased, and plausibly an address.
pub fn email(raw: &str) -> Result<String> {
    let email = raw.trim().to_ascii_lowercase();
    let ok = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if !ok {
        return Err(Error::bad_request("that is not an email address"));
    }
    Ok(email)
}

/// Counts one `what` (a registration, a started sign-in: each leaves rows
/// in the store) against the caller's address, refusing with `too_many`
/// once `max` were made within the throttling window.
pub async fn throttle_address(
    request: &Request,
    env: &Env,
    what: &str,
    max: i64,
    too_many: &str,
) -> Result<()> {
    let Some(addr) = &request.client_addr else {
        return Ok(());
    };
    let key = format!("{what}:{addr}");
    let now = env.now_ms();
    if sign_in::locked_until(env.sql(), &[&key], now)
        .await?
        .is_some()
    {
        return Err(Error::too_many_requests(
            too_many,
            (sign_in::WINDOW_MS / 1000) as u64,
        ));
    }
    sign_in::record_failure(env.sql(), &key, max, now).await?;
    Ok(())
}
