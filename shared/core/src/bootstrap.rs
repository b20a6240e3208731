//! What every host does before serving: migrate the store and make sure an
//! account and an admin key exist. The native host does it at start-up; edge
//! hosts on an isolate's first request (they have no start-up hook that may
//! touch the store).

use crate::auth::{self, Role};
use crate::error::{Error, Result};
use crate::ports::{Clock, Random, Sql};
use crate::store::sql::{Dialect, Statement};
use crate::store::{accounts, migrate};

/// Shortest admin key a host accepts from its settings.
pub const MIN_ADMIN_KEY_LEN: usize = 16;

/// Migrates, then ensures an admin key. Returns a newly generated key, which
/// the caller shows once; nothing else ever shows it again. With `admin_key`
/// set, that key is registered (once) and nothing is generated.
pub async fn prepare_store(
    sql: &dyn Sql,
    clock: &dyn Clock,
    random: &dyn Random,
    admin_key: Option<&str>,
) -> Result<Option<String>> {
    migrate::run(sql).await?;
    ensure_admin(sql, clock, random, admin_key).await
}

/// Ensures an account and an admin key exist (see [`prepare_store`]).
pub async fn ensure_admin(
    sql: &dyn Sql,
    clock: &dyn Clock,
    random: &dyn Random,
    admin_key: Option<&str>,
) -> Result<Option<String>> {
    let now = clock.now_ms();
    let new_id = || crate::ids::new_id(clock, random);
    let account_id = match accounts::first_account_id(sql).await? {
        Some(id) => id,
        None => {
            // Several instances may start on an empty store at once: the
            // insert only happens while no account exists (serialised on
            // Postgres by the migration lock), and everyone then reads the
            // one that won.
            let mut statements = Vec::new();
            if sql.dialect() == Dialect::Postgres {
                statements.push(Statement::new(migrate::LOCK, vec![]));
            }
            statements.push(accounts::create_first_account_statement(
                &new_id(),
                "default",
                now,
            ));
            sql.batch(&statements).await?;
            accounts::first_account_id(sql)
                .await?
                .ok_or_else(|| Error::internal("bootstrap: no account after creating one"))?
        }
    };
    let (key, generated) = match admin_key {
        Some(k) if k.len() < MIN_ADMIN_KEY_LEN => {
            return Err(Error::bad_request(format!(
                "PRELOOP_ADMIN_KEY must be at least {MIN_ADMIN_KEY_LEN} characters"
            )));
        }
        Some(k) => (k.to_string(), false),
        None => {
            if !accounts::list_keys(sql, &account_id).await?.is_empty() {
                return Ok(None);
            }
            (auth::generate_key(random), true)
        }
    };
    let hash = auth::hash_key(&key);
    if accounts::key_hash_exists(sql, &hash).await? {
        return Ok(None);
    }
    let name = if generated {
        "admin"
    } else {
        "admin (PRELOOP_ADMIN_KEY)"
    };
    let created = sql
        .batch(&[accounts::create_key_statement(&accounts::NewKey {
            id: &new_id(),
            account_id: &account_id,
            name,
            key_hash: &hash,
            prefix: &auth::display_prefix(&key),
            role: Role::Admin,
            scopes: None,
            user_id: None,
            agent_id: None,
            expires_at: None,
            flow_id: None,
            flow_execution_id: None,
            now,
        })])
        .await;
    match created {
        Ok(_) => Ok(generated.then_some(key)),
        // Another instance registered the same key first: that is the goal.
        Err(e) if e.kind == crate::ErrorKind::Conflict && !generated => Ok(None),
        Err(e) => Err(e),
    }
}
