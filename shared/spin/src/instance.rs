//! This component instance's [`Instance`]: settings read from Spin's
//! variables on its first request, then its caches (see
//! `preloop_core::instance`). Spin reuses an instance of a WASI 0.3
//! component for many requests, some of them at once (128 and 16 by
//! default), so these caches live as long as a Worker isolate's do.

use crate::settings::{Settings, StoreChoice};
use preloop_core::instance::Instance;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static INSTANCE: RefCell<Option<Rc<Instance<StoreChoice>>>> = const { RefCell::new(None) };
}

/// This instance's state, read from the variables on its first request.
pub async fn current() -> Result<Rc<Instance<StoreChoice>>, String> {
    if let Some(existing) = INSTANCE.with(|i| i.borrow().clone()) {
        return Ok(existing);
    }
    let Settings {
        config,
        cipher,
        admin_key,
        store,
    } = Settings::read().await?;
    // Requests that started together all read the settings; the first to
    // finish is kept, so they share one set of caches from here on.
    let read = Rc::new(Instance::new(store, admin_key, config, cipher));
    Ok(INSTANCE.with(|i| i.borrow_mut().get_or_insert(read).clone()))
}
