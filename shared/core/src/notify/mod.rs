//! Notifications: telling approvers that a request waits for them, and
//! the account what happened to it ([`notice`]): a tool's definition
//! changed or was flagged ([`integrity`]), a budget passed its soft limit
//! ([`budget`]).
//!
//! Nothing is sent on the request path. Announcing a request writes one row
//! per message to the delivery outbox (`notification_deliveries`), each with
//! the approver links it carries, sealed; the scheduled handler (or a queue
//! consumer at the edge) sends due rows, retries failures with backoff, and
//! records every outcome. So a crash, a slow Slack or a dead SMTP server never
//! holds up an agent, and nothing is lost.

pub mod account_mail;
pub mod announce;
pub mod budget;
pub mod channel;
pub mod integrity;
pub mod message;
pub mod notice;
pub mod send;
pub mod signature;
pub mod test_send;

pub use announce::{Round, announce};
pub use send::deliver_due;
