//! `POST /api/v1/policy/conditions/validate`: a rule's CEL condition
//! checked the way saving the rule checks it (syntax, known variables, the
//! size, depth and cost bounds), for an editor to say at once where it is
//! wrong. An invalid condition is an answer, not an error: `valid: false`
//! with the message, line and column.

use preloop_core::http::Request;
use preloop_core::policy::condition;
use preloop_core::{Env, Result};
use serde::Deserialize;
use serde_json::{Value, json};

pub const PATH: &str = "/api/v1/policy/conditions/validate";

/// A condition is short; the bound on its length is enforced again inside.
const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidateRequest {
    condition: String,
}

pub async fn validate(request: &Request, env: &Env) -> Result<Value> {
    crate::caller(request, env, MAX_BODY_BYTES).await?;
    let input: ValidateRequest = request.json()?;
    Ok(match condition::compile(&input.condition) {
        Ok(_) => json!({"valid": true}),
        Err(e) if e.status() == 400 => {
            let detail = e.detail.clone().unwrap_or(Value::Null);
            json!({
                "valid": false,
                "message": e.message,
                "line": detail.get("line").cloned().unwrap_or(Value::Null),
                "column": detail.get("column").cloned().unwrap_or(Value::Null),
            })
        }
        Err(e) => return Err(e),
    })
}
