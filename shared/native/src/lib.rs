//! Preloop's ports on a native host (tokio): the embedded SQLite store, the
//! Postgres store, outbound HTTP, mail, the system clock, OS randomness,
//! timers, the scheduler's wake-up (the queue port) and stdio MCP servers
//! as child processes. Nothing else lives
//! here; the server that mounts the functions is the CLI's.

pub mod clock;
pub mod http;
pub mod mail;
pub mod postgres;
pub mod queue;
pub mod random;
pub mod sqlite;
pub mod stdio;
pub mod timer;

pub use clock::SystemClock;
pub use http::ReqwestHttp;
pub use mail::SmtpMailer;
pub use postgres::PostgresSql;
pub use queue::SchedulerWake;
pub use random::OsRandom;
pub use sqlite::SqliteSql;
pub use stdio::StdioHost;
pub use timer::TokioTimer;
