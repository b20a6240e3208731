//! Transactions on a store that runs one statement at a time over the
//! request's one connection (Spin's Postgres and SQLite both do): the
//! dialect's `BEGIN`, each statement, then `COMMIT`, or `ROLLBACK` at the
//! first failure.

use async_trait::async_trait;
use preloop_core::error::Result;
use preloop_core::store::sql::{Statement, Value, split_statements};

#[async_trait(?Send)]
pub(crate) trait OneConnection {
    /// How this dialect opens a transaction that will write.
    const BEGIN: &'static str;

    /// Runs one statement; the rows it changed.
    async fn run_changes(&self, sql: &str, params: &[Value]) -> Result<u64>;

    /// `Sql::batch`: all statements or none; each one's changed rows.
    async fn batch_in_transaction(&self, statements: &[Statement]) -> Result<Vec<u64>> {
        let statements: Vec<(&str, &[Value])> = statements
            .iter()
            .map(|s| (s.sql.as_str(), s.params.as_slice()))
            .collect();
        self.transaction(&statements).await
    }

    /// `Sql::execute_script`: a migration's statements, all or none.
    async fn script_in_transaction(&self, script: &str) -> Result<()> {
        let parts = split_statements(script);
        let statements: Vec<(&str, &[Value])> =
            parts.iter().map(|s| (s.as_str(), &[][..])).collect();
        self.transaction(&statements).await.map(|_| ())
    }

    async fn transaction(&self, statements: &[(&str, &[Value])]) -> Result<Vec<u64>> {
        self.run_changes(Self::BEGIN, &[]).await?;
        let mut changes = Vec::with_capacity(statements.len());
        for (sql, params) in statements {
            match self.run_changes(sql, params).await {
                Ok(n) => changes.push(n),
                Err(e) => {
                    if let Err(rollback) = self.run_changes("ROLLBACK", &[]).await {
                        tracing::error!(error = %rollback.message, "rollback failed");
                    }
                    return Err(e);
                }
            }
        }
        self.run_changes("COMMIT", &[]).await?;
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use preloop_core::Error;
    use std::cell::RefCell;

    /// Records what it is asked to run and fails on `FAIL`.
    #[derive(Default)]
    struct Recorder(RefCell<Vec<String>>);

    #[async_trait(?Send)]
    impl OneConnection for Recorder {
        const BEGIN: &'static str = "BEGIN IMMEDIATE";
        async fn run_changes(&self, sql: &str, _params: &[Value]) -> Result<u64> {
            self.0.borrow_mut().push(sql.to_string());
            if sql == "FAIL" {
                return Err(Error::internal("store error"));
            }
            Ok(1)
        }
    }

    #[tokio::test]
    async fn all_or_nothing() {
        let db = Recorder::default();
        let ok = db
            .batch_in_transaction(&[Statement::new("A", vec![]), Statement::new("B", vec![])])
            .await;
        assert_eq!(ok.ok(), Some(vec![1, 1]));
        assert_eq!(*db.0.borrow(), ["BEGIN IMMEDIATE", "A", "B", "COMMIT"]);

        let db = Recorder::default();
        assert!(db.script_in_transaction("A; FAIL; B").await.is_err());
        assert_eq!(*db.0.borrow(), ["BEGIN IMMEDIATE", "A", "FAIL", "ROLLBACK"]);
    }
}
