//! The argument check port at the edge: the `argument-check` Worker, asked
//! through a service binding (the JSON Schema validator does not fit in the
//! proxy's Worker). What it is sent and answers is
//! [`preloop_core::ports::Verdict`] as JSON.

use async_trait::async_trait;
use preloop_core::ports::{ArgumentCheck, Verdict};
use serde_json::{Value, json};

/// The service binding of the Workers that check arguments (the proxy).
pub const ARGUMENT_CHECK_BINDING: &str = "ARGUMENT_CHECK";

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
        let headers = worker::Headers::new();
        headers
            .set("content-type", "application/json")
            .map_err(|e| e.to_string())?;
        let mut init = worker::RequestInit::new();
        init.with_method(worker::Method::Post)
            .with_headers(headers)
            .with_body(Some(body.into()));
        // The host name is not looked up: a service binding reaches its
        // Worker whatever the URL says.
        let mut response = self
            .0
            .fetch("https://argument-check.internal/check", Some(init))
            .await
            .map_err(|e| format!("the argument-check Worker could not be reached: {e}"))?;
        if response.status_code() != 200 {
            return Err(format!(
                "the argument-check Worker answered {}",
                response.status_code()
            ));
        }
        let text = response.text().await.map_err(|e| e.to_string())?;
        serde_json::from_str(&text).map_err(|e| format!("the argument-check Worker's answer: {e}"))
    }
}
