//! `POST /anthropic/v1/messages/count_tokens` to an Anthropic provider:
//! free at the provider, so its ledger row has the count and no cost.

use crate::anthropic_messages::Messages;
use crate::prices::Usage;
use crate::relay::{NoStream, StreamReader, Wire};
use crate::target::Target;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Headers, Request};
use preloop_core::store::ai_models::ProviderKind;
use serde_json::{Map, Value};

pub const PATH: &str = "/anthropic/v1/messages/count_tokens";

pub struct CountTokens;

impl Wire for CountTokens {
    fn endpoint(&self) -> &'static str {
        PATH
    }

    fn prepare(&self, target: &Target, body: &mut Map<String, Value>) -> Result<()> {
        if body.get("stream").is_some() {
            return Err(Error::bad_request("counting tokens is not streamed"));
        }
        Messages.prepare(target, body)
    }

    fn upstream_path(&self) -> &'static str {
        "/messages/count_tokens"
    }

    fn headers(&self, target: &Target, request: &Request) -> Headers {
        Messages.headers(target, request)
    }

    /// Counting costs nothing: no usage is billed.
    fn usage(&self, _answer: &Value) -> Option<Usage> {
        None
    }

    fn output_field(&self, _kind: ProviderKind) -> Option<&'static str> {
        None
    }

    fn reader(
        &self,
        _body: &Map<String, Value>,
        _model: &str,
        _now_ms: i64,
    ) -> Box<dyn StreamReader> {
        Box::new(NoStream)
    }
}
