//! What an edge host keeps between the requests one instance of a function
//! serves (a Worker's isolate, a Spin component instance): the settings,
//! the compiled-policy and upstream-session caches, and whether the store
//! was prepared. All of it is a cache: another instance rebuilds it from
//! the settings and the store, so an instance may die between any two
//! requests, and none of it is shared between instances.

use crate::config::Config;
use crate::env::Env;
use crate::error::Result;
use crate::mcp::upstream::UpstreamSessions;
use crate::policy::cache::PolicyCache;
use crate::ports::{Clock, HttpClient, Random, Sql};
use crate::secrets::Cipher;
use std::cell::Cell;
use std::rc::Rc;

/// One instance's state; `S` is where the host's settings say the store is.
pub struct Instance<S> {
    pub store: S,
    admin_key: Option<String>,
    config: Rc<Config>,
    cipher: Rc<Cipher>,
    policies: PolicyCache,
    upstream_sessions: UpstreamSessions,
    /// Migrations ran and the admin key exists (checked once per instance).
    store_prepared: Cell<bool>,
}

impl<S> Instance<S> {
    pub fn new(store: S, admin_key: Option<String>, config: Config, cipher: Cipher) -> Self {
        Instance {
            store,
            admin_key,
            config: Rc::new(config),
            cipher: Rc::new(cipher),
            policies: PolicyCache::default(),
            upstream_sessions: UpstreamSessions::default(),
            store_prepared: Cell::new(false),
        }
    }

    /// A request's `Env` on `sql`, with this instance's caches.
    pub fn env(
        &self,
        sql: Rc<dyn Sql>,
        http: Rc<dyn HttpClient>,
        clock: Rc<dyn Clock>,
        random: Rc<dyn Random>,
    ) -> Env {
        let mut env = Env::new(
            sql,
            http,
            clock,
            random,
            self.cipher.clone(),
            self.config.clone(),
        );
        env.policies = self.policies.clone();
        env.upstream_sessions = self.upstream_sessions.clone();
        env
    }

    /// Migrates the store and registers the admin key, the first time a
    /// request of this instance gets here (two at once may both do it: both
    /// steps are idempotent).
    pub async fn prepare_store(&self, env: &Env) -> Result<()> {
        if self.store_prepared.get() {
            return Ok(());
        }
        crate::bootstrap::prepare_store(
            env.sql(),
            env.clock(),
            env.random(),
            self.admin_key.as_deref(),
        )
        .await?;
        self.store_prepared.set(true);
        Ok(())
    }
}
