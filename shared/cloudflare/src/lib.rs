//! Preloop's ports on Cloudflare Workers, and nothing else: Postgres over a
//! Worker socket (through Hyperdrive when deployed), D1 as the SQLite-dialect
//! store, Fetch for outbound HTTP, a Queue to wake the sender, the
//! argument-check and trackers Workers through service bindings, the clock,
//! randomness and timers of the isolate, and settings from the Worker's
//! environment. [`Host`] puts them together for one request; each function's
//! entry shim is a few lines around it.

mod argument_check;
mod clock;
pub mod consumer;
mod d1;
mod fetch;
mod host;
mod isolate;
mod issue_tools;
mod postgres;
mod queue;
mod random;
mod service;
mod settings;
mod timer;

pub use argument_check::{ARGUMENT_CHECK_BINDING, ServiceArgumentCheck};
pub use clock::JsClock;
pub use d1::D1Sql;
pub use fetch::FetchHttp;
pub use host::{Host, run, serve, whole};
pub use issue_tools::{ServiceIssueTools, TRACKERS_BINDING};
pub use postgres::WorkerPostgres;
pub use queue::{CloudflareQueue, QUEUE_BINDING};
pub use random::JsRandom;
pub use settings::Settings;
pub use timer::JsTimer;

/// A function's Worker entry: a `fetch` handler that serves requests with
/// `handle` (`async fn(&Request, &Env) -> Response`) through [`serve`].
/// Each function's `src/cloudflare.rs` is this one line.
#[macro_export]
macro_rules! fetch_entry {
    ($handle:path) => {
        #[worker::event(fetch)]
        async fn fetch(
            request: worker::Request,
            env: worker::Env,
            _ctx: worker::Context,
        ) -> worker::Result<worker::Response> {
            $crate::serve(request, &env, async |request, env| {
                $handle(request, env).await
            })
            .await
        }
    };
}
