//! This isolate's [`Instance`]: settings read from the Worker's environment
//! on its first request, then its caches (see `preloop_core::instance`).

use crate::settings::{Settings, StoreChoice};
use preloop_core::instance::Instance;
use std::cell::RefCell;
use std::rc::Rc;

pub type Isolate = Instance<StoreChoice>;

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
    let isolate = Rc::new(Instance::new(store, admin_key, config, cipher));
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
