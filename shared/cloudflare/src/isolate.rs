//! What outlives a request in one isolate: settings, the compiled-policy
//! and upstream-session caches, and whether the store was prepared. All of
//! it is a cache: another isolate rebuilds it from the Worker's environment
//! and the store, so an isolate may die between any two requests.

use crate::settings::{Settings, StoreChoice};
use preloop_core::config::Config;
use preloop_core::mcp::upstream::UpstreamSessions;
use preloop_core::policy::cache::PolicyCache;
use preloop_core::secrets::Cipher;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

pub struct Isolate {
    pub store: StoreChoice,
    pub admin_key: Option<String>,
    pub config: Rc<Config>,
    pub cipher: Rc<Cipher>,
    pub policies: PolicyCache,
    pub upstream_sessions: UpstreamSessions,
    /// Migrations ran and the admin key exists (checked once per isolate).
    pub store_prepared: Cell<bool>,
}

thread_local! {
    static ISOLATE: RefCell<Option<Rc<Isolate>>> = const { RefCell::new(None) };
}

/// This isolate's state, read from the environment on its first request.
pub fn current(env: &worker::Env) -> Result<Rc<Isolate>, String> {
    if let Some(existing) = ISOLATE.with(|i| i.borrow().clone()) {
        return Ok(existing);
    }
    preloop_core::line_log::install(console);
    let Settings {
        config,
        cipher,
        admin_key,
        store,
    } = Settings::read(env)?;
    let isolate = Rc::new(Isolate {
        store,
        admin_key,
        config: Rc::new(config),
        cipher: Rc::new(cipher),
        policies: PolicyCache::default(),
        upstream_sessions: UpstreamSessions::default(),
        store_prepared: Cell::new(false),
    });
    ISOLATE.with(|i| *i.borrow_mut() = Some(isolate.clone()));
    Ok(isolate)
}

/// Log lines to the Worker's console (what `wrangler tail` shows).
fn console(level: &tracing::Level, line: &str) {
    if *level == tracing::Level::ERROR {
        worker::console_error!("{line}");
    } else {
        worker::console_warn!("{line}");
    }
}
