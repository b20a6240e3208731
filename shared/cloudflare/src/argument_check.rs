//! The argument check port at the edge: the `argument-check` Worker, asked
//! through a service binding (the JSON Schema validator does not fit in the
//! proxy's Worker). What it is sent and answers is
//! [`preloop_core::ports::Verdict`] as JSON.

use async_trait::async_trait;
use preloop_core::ports::{ArgumentCheck, Verdict};
use serde_json::{Value, json};

/// The service binding of the Workers that check arguments (the proxy).
pub const ARGUMENT_CHECK_BINDING: &str = "ARGUMENT_CHECK";

/// The most bytes of a verdict that are read.
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

pub struct ServiceArgumentCheck(worker::Fetcher);

impl ServiceArgumentCheck {
    pub fn bound(env: &worker::Env) -> Option<Self> {
        env.service(ARGUMENT_CHECK_BINDING)
            .ok()
            .map(ServiceArgumentCheck)
    }
}

#[async_trait(?Send)]
impl ArgumentCheck for ServiceArgumentCheck {
    async fn check(&self, key: &str, schema: &Value, arguments: &Value) -> Result<Verdict, String> {
        let body = json!({"key": key, "schema": schema, "arguments": arguments}).to_string();
        let bytes = crate::service::post_json(
            &self.0,
            "argument-check",
            "https://argument-check.internal/check",
            body,
            &[],
            MAX_ANSWER_BYTES,
        )
        .await?;
        serde_json::from_slice(&bytes)
            .map_err(|e| format!("the argument-check Worker's answer: {e}"))
    }
}
