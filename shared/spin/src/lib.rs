//! Preloop's ports on Fermyon Spin, and nothing else: Spin's Postgres and
//! SQLite as the two store dialects, outbound HTTP, the component's clock,
//! randomness and timers (WASI 0.3), and settings from Spin variables.
//! [`serve`] puts them together for one request; each function's Spin
//! entry is a few lines around it.
//!
//! Spin reuses a component instance for many requests, so settings, the
//! compiled policies and upstream sessions are kept per instance
//! (`instance.rs`), as a Worker keeps them per isolate.

mod clock;
mod host;
mod instance;
mod outbound;
mod postgres;
mod random;
mod settings;
mod sqlite;
mod timer;
mod transaction;

pub use clock::WasiClock;
pub use host::{Body, SpinResponse, open, serve};
pub use outbound::SpinHttp;
pub use postgres::SpinPostgres;
pub use random::WasiRandom;
pub use settings::{Settings, StoreChoice, settings_read_besides_config, variable_name};
pub use sqlite::SpinSqlite;
pub use timer::WasiTimer;

/// A function's Spin entry: an HTTP component that serves requests with
/// `handle` (`async fn(&Request, &Env) -> Response`) through [`serve`].
/// Each function's `src/spin.rs` is this one line.
#[macro_export]
macro_rules! http_entry {
    ($handle:path) => {
        #[spin_sdk::http_service]
        async fn entry(request: spin_sdk::http::Request) -> $crate::SpinResponse {
            $crate::serve(request, async |request, env| $handle(request, env).await).await
        }
    };
}
