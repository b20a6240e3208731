//! The built-in issue tools at the edge: the proxy's Worker relays a call
//! its policy let through to the `trackers` Worker over a service binding
//! (the trackers' clients do not fit in the proxy's Worker), signed as
//! `preloop_core::trackers::tool_relay` says.

use async_trait::async_trait;
use preloop_core::Env;
use preloop_core::ports::{IssueToolCall, IssueTools};
use preloop_core::trackers::tool_relay::{self, Answer};
use serde_json::Value;

/// The service binding of the Workers that run built-in tools (the proxy).
pub const TRACKERS_BINDING: &str = "TRACKERS";

/// The most bytes of the trackers Worker's answer that are read.
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

pub struct ServiceIssueTools(worker::Fetcher);

impl ServiceIssueTools {
    pub fn bound(env: &worker::Env) -> Option<Self> {
        env.service(TRACKERS_BINDING).ok().map(ServiceIssueTools)
    }
}

#[async_trait(?Send)]
impl IssueTools for ServiceIssueTools {
    async fn run(&self, env: &Env, call: &IssueToolCall<'_>) -> Result<Value, String> {
        let (body, proof) =
            tool_relay::signed(env.cipher(), env.now_ms(), call).map_err(|e| e.message)?;
        let url = format!("https://trackers.internal{}", tool_relay::PATH);
        let bytes =
            crate::service::post_json(&self.0, "trackers", &url, body, &proof, MAX_ANSWER_BYTES)
                .await?;
        match serde_json::from_slice(&bytes) {
            Ok(Answer::Result(result)) => Ok(result),
            Ok(Answer::Error(why)) => Err(why),
            Err(e) => Err(format!("the trackers Worker's answer: {e}")),
        }
    }
}
