//! All SQL lives here: one repository module per aggregate, written once
//! where the dialects agree and branched on [`sql::Dialect`] where they don't.

pub mod accounts;
pub mod agents;
pub mod ai_models;
pub mod approval_links;
pub mod approval_policies;
pub mod approval_requests;
pub mod audit;
pub mod audit_chain;
pub mod budgets;
pub mod controls;
pub mod embeddings;
pub mod entries;
pub mod instances;
pub mod issue_duplicates;
pub mod issue_evaluations;
pub mod issues;
pub mod migrate;
pub mod model_access;
pub mod notifications;
pub mod oauth_clients;
pub mod people;
pub mod policies;
pub mod policy_revisions;
pub mod rate_windows;
pub mod server_oauth;
pub mod servers;
pub mod sessions;
pub mod sign_in;
pub mod sql;
pub mod sso;
pub mod tickets;
pub mod tools;
pub mod tracker_inbox;
pub mod trackers;
pub mod usage_ledger;

pub use sql::{Dialect, Row, Sql, Statement, Value};

/// The statement that invalidates every cached policy of an account.
pub(crate) fn bump_policy_version(account_id: &str) -> Statement {
    Statement::new(
        "UPDATE accounts SET policy_version = policy_version + 1 WHERE id = $1",
        vec![account_id.into()],
    )
}
