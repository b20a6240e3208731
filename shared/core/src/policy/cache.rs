//! The per-instance cache of compiled policies. Entries are keyed by account
//! and checked against the policy version the store bumps on every change, so
//! a stale entry is never used and a lost cache only costs one recompile.

use super::Action;
use super::engine::PolicySnapshot;
use crate::auth::Principal;
use crate::env::Env;
use crate::error::Result;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Cloning shares the cache: clones of one `Env` see the same entries.
#[derive(Clone, Default)]
pub struct PolicyCache {
    entries: Rc<RefCell<HashMap<String, Rc<PolicySnapshot>>>>,
}

impl PolicyCache {
    pub fn get(&self, account_id: &str, version: i64) -> Option<Rc<PolicySnapshot>> {
        self.entries
            .borrow()
            .get(account_id)
            .filter(|s| s.version == version)
            .cloned()
    }
    pub fn put(&self, account_id: &str, snapshot: Rc<PolicySnapshot>) {
        self.entries
            .borrow_mut()
            .insert(account_id.to_string(), snapshot);
    }
}

/// The compiled policy for the principal's account at its current version.
pub async fn snapshot_for(env: &Env, principal: &Principal) -> Result<Rc<PolicySnapshot>> {
    if let Some(s) = env
        .policies
        .get(&principal.account_id, principal.policy_version)
    {
        return Ok(s);
    }
    let configs = crate::store::policies::list(env.sql(), &principal.account_id).await?;
    // An unreadable default (should not happen: it is validated on write)
    // falls back to deny.
    let default_action = Action::parse(&principal.default_action).unwrap_or(Action::Deny);
    let mut compiled = PolicySnapshot::compile(principal.policy_version, default_action, configs);
    let (keys, patterns) =
        crate::store::accounts::redaction(env.sql(), &principal.account_id).await?;
    if !keys.is_empty() || !patterns.is_empty() {
        compiled.redactor = crate::redact::Redactor::with_extras(&keys, &patterns)?;
    }
    let snapshot = Rc::new(compiled);
    env.policies.put(&principal.account_id, snapshot.clone());
    Ok(snapshot)
}
