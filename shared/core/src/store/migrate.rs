//! The one migration runner, for both dialects. Migrations are embedded at
//! build time from `migrations/{postgres,sqlite}` and applied in order, each in
//! its own transaction together with its `schema_migrations` row, so a crash
//! mid-way never leaves a half-applied version recorded as done.

use super::sql::{Dialect, Sql, Value};
use crate::error::{Error, Result};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../../../../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "people_and_approval_policies",
        sql: include_str!("../../../../migrations/postgres/0002_people_and_approval_policies.sql"),
    },
    Migration {
        version: 3,
        name: "approval_requests",
        sql: include_str!("../../../../migrations/postgres/0003_approval_requests.sql"),
    },
    Migration {
        version: 4,
        name: "approval_links_and_notifications",
        sql: include_str!(
            "../../../../migrations/postgres/0004_approval_links_and_notifications.sql"
        ),
    },
    Migration {
        version: 5,
        name: "policy_as_code",
        sql: include_str!("../../../../migrations/postgres/0005_policy_as_code.sql"),
    },
    Migration {
        version: 6,
        name: "unbreakable",
        sql: include_str!("../../../../migrations/postgres/0006_unbreakable.sql"),
    },
    Migration {
        version: 7,
        name: "fast_path",
        sql: include_str!("../../../../migrations/postgres/0007_fast_path.sql"),
    },
    Migration {
        version: 8,
        name: "server_features",
        sql: include_str!("../../../../migrations/postgres/0008_server_features.sql"),
    },
    Migration {
        version: 9,
        name: "stdio_servers",
        sql: include_str!("../../../../migrations/postgres/0009_stdio_servers.sql"),
    },
    Migration {
        version: 10,
        name: "relay_and_reads",
        sql: include_str!("../../../../migrations/postgres/0010_relay_and_reads.sql"),
    },
    Migration {
        version: 11,
        name: "oauth_upstreams",
        sql: include_str!("../../../../migrations/postgres/0011_oauth_upstreams.sql"),
    },
    Migration {
        version: 12,
        name: "tool_integrity",
        sql: include_str!("../../../../migrations/postgres/0012_tool_integrity.sql"),
    },
    Migration {
        version: 13,
        name: "sign_in",
        sql: include_str!("../../../../migrations/postgres/0013_sign_in.sql"),
    },
    Migration {
        version: 14,
        name: "single_sign_on",
        sql: include_str!("../../../../migrations/postgres/0014_single_sign_on.sql"),
    },
    Migration {
        version: 15,
        name: "model_gateway",
        sql: include_str!("../../../../migrations/postgres/0015_model_gateway.sql"),
    },
    Migration {
        version: 16,
        name: "provider_timeouts_and_budget_notices",
        sql: include_str!(
            "../../../../migrations/postgres/0016_provider_timeouts_and_budget_notices.sql"
        ),
    },
    Migration {
        version: 17,
        name: "trackers",
        sql: include_str!("../../../../migrations/postgres/0017_trackers.sql"),
    },
    Migration {
        version: 18,
        name: "issue_evaluations",
        sql: include_str!("../../../../migrations/postgres/0018_issue_evaluations.sql"),
    },
];

pub const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../../../../migrations/sqlite/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "people_and_approval_policies",
        sql: include_str!("../../../../migrations/sqlite/0002_people_and_approval_policies.sql"),
    },
    Migration {
        version: 3,
        name: "approval_requests",
        sql: include_str!("../../../../migrations/sqlite/0003_approval_requests.sql"),
    },
    Migration {
        version: 4,
        name: "approval_links_and_notifications",
        sql: include_str!(
            "../../../../migrations/sqlite/0004_approval_links_and_notifications.sql"
        ),
    },
    Migration {
        version: 5,
        name: "policy_as_code",
        sql: include_str!("../../../../migrations/sqlite/0005_policy_as_code.sql"),
    },
    Migration {
        version: 6,
        name: "unbreakable",
        sql: include_str!("../../../../migrations/sqlite/0006_unbreakable.sql"),
    },
    Migration {
        version: 7,
        name: "fast_path",
        sql: include_str!("../../../../migrations/sqlite/0007_fast_path.sql"),
    },
    Migration {
        version: 8,
        name: "server_features",
        sql: include_str!("../../../../migrations/sqlite/0008_server_features.sql"),
    },
    Migration {
        version: 9,
        name: "stdio_servers",
        sql: include_str!("../../../../migrations/sqlite/0009_stdio_servers.sql"),
    },
    Migration {
        version: 10,
        name: "relay_and_reads",
        sql: include_str!("../../../../migrations/sqlite/0010_relay_and_reads.sql"),
    },
    Migration {
        version: 11,
        name: "oauth_upstreams",
        sql: include_str!("../../../../migrations/sqlite/0011_oauth_upstreams.sql"),
    },
    Migration {
        version: 12,
        name: "tool_integrity",
        sql: include_str!("../../../../migrations/sqlite/0012_tool_integrity.sql"),
    },
    Migration {
        version: 13,
        name: "sign_in",
        sql: include_str!("../../../../migrations/sqlite/0013_sign_in.sql"),
    },
    Migration {
        version: 14,
        name: "single_sign_on",
        sql: include_str!("../../../../migrations/sqlite/0014_single_sign_on.sql"),
    },
    Migration {
        version: 15,
        name: "model_gateway",
        sql: include_str!("../../../../migrations/sqlite/0015_model_gateway.sql"),
    },
    Migration {
        version: 16,
        name: "provider_timeouts_and_budget_notices",
        sql: include_str!(
            "../../../../migrations/sqlite/0016_provider_timeouts_and_budget_notices.sql"
        ),
    },
    Migration {
        version: 17,
        name: "trackers",
        sql: include_str!("../../../../migrations/sqlite/0017_trackers.sql"),
    },
    Migration {
        version: 18,
        name: "issue_evaluations",
        sql: include_str!("../../../../migrations/sqlite/0018_issue_evaluations.sql"),
    },
];

pub fn for_dialect(dialect: Dialect) -> &'static [Migration] {
    match dialect {
        Dialect::Postgres => POSTGRES,
        Dialect::Sqlite => SQLITE,
    }
}

/// Serialises schema changes and first-start bootstrap across instances
/// (Postgres): held until the transaction that takes it ends.
pub const LOCK: &str = "SELECT pg_advisory_xact_lock(7215461)";

/// Applies every migration not yet recorded. Returns the versions applied.
pub async fn run(sql: &dyn Sql) -> Result<Vec<i64>> {
    sql.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        &[],
    )
    .await?;
    let mut applied = Vec::new();
    for m in for_dialect(sql.dialect()) {
        let done = sql
            .query(
                "SELECT version FROM schema_migrations WHERE version = $1",
                &[Value::Int(m.version)],
            )
            .await?;
        if !done.is_empty() {
            continue;
        }
        // Postgres: serialise concurrent runners (several instances starting
        // at once) on an advisory lock held for the transaction; a runner that
        // loses the race finds the row already there and its insert fails the
        // whole transaction, which is then re-checked below.
        let lock = match sql.dialect() {
            Dialect::Postgres => format!("{LOCK};\n"),
            Dialect::Sqlite => String::new(),
        };
        let script = format!(
            "{lock}{}\n;INSERT INTO schema_migrations (version, name, applied_at) VALUES ({}, '{}', 0);",
            m.sql, m.version, m.name
        );
        if let Err(e) = sql.execute_script(&script).await {
            let now_done = sql
                .query(
                    "SELECT version FROM schema_migrations WHERE version = $1",
                    &[Value::Int(m.version)],
                )
                .await?;
            if now_done.is_empty() {
                return Err(Error::unavailable(format!(
                    "migration {} ({}) failed: {}",
                    m.version, m.name, e.message
                )));
            }
            continue;
        }
        applied.push(m.version);
    }
    Ok(applied)
}
