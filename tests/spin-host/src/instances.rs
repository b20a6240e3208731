//! Instances as Spin's HTTP trigger keeps them for a `wasi:http@0.3`
//! component: wasmtime-wasi-http's `ProxyHandler` (the one Spin uses), so
//! an instance serves up to 128 requests, 16 at a time, and is dropped
//! after a second idle. `--max-instance-reuse-count 1` gives every request
//! a fresh instance, as Spin's flag of that name does.

use crate::state::{Grants, State};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use wasmtime::component::GuestTaskId;
use wasmtime::{Store, StoreContextMut};
use wasmtime_wasi_http::WasiHttpView as _;
use wasmtime_wasi_http::handler::{
    HandlerState, Instance, ProxyPre, ShouldAccept, WorkerExpiration, WorkerState, WorkerStatus,
};
use wasmtime_wasi_http::p3::bindings::ServicePre;

/// Spin's defaults for WASIp3 components (`crates/trigger-http/src/lib.rs`).
#[derive(Clone, Copy, Debug)]
pub struct Reuse {
    pub max_requests: usize,
    pub max_concurrent: usize,
    pub idle: Duration,
}

impl Default for Reuse {
    fn default() -> Reuse {
        Reuse {
            max_requests: 128,
            max_concurrent: 16,
            idle: Duration::from_secs(1),
        }
    }
}

/// One component's instances.
pub struct ComponentInstances {
    pub pre: ServicePre<State>,
    pub grants: Arc<Grants>,
    pub reuse: Reuse,
}

pub struct Expiry {
    idle: Duration,
    sleep: Pin<Box<tokio::time::Sleep>>,
}

impl WorkerExpiration for Expiry {
    fn poll(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        status: WorkerStatus,
        start: Instant,
    ) -> Poll<()> {
        let me = self.get_mut();
        // No request timeout, as in Spin by default: only idleness ends an
        // instance.
        if status != WorkerStatus::Idle {
            return Poll::Pending;
        }
        let Some(deadline) = start.checked_add(me.idle) else {
            return Poll::Pending;
        };
        let deadline = tokio::time::Instant::from_std(deadline);
        if me.sleep.deadline() != deadline {
            me.sleep.as_mut().reset(deadline);
        }
        me.sleep.as_mut().poll(cx)
    }
}

pub struct Worker {
    component: String,
    reuse: Reuse,
}

impl WorkerState for Worker {
    type StoreData = State;
    type RequestData = ();

    fn should_accept_request(&self, concurrent: usize, total: usize) -> ShouldAccept {
        if total >= self.reuse.max_requests {
            ShouldAccept::Never
        } else if concurrent >= self.reuse.max_concurrent {
            ShouldAccept::No
        } else {
            ShouldAccept::Yes
        }
    }

    fn on_request_start(
        &self,
        _: StoreContextMut<'_, State>,
        _: (),
        _: GuestTaskId,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + Sync + 'static>> {
        Box::pin(std::future::pending())
    }

    fn drop(&self, store: Store<State>, result: wasmtime::Result<()>) {
        if let Err(e) = result {
            eprintln!("[spin-host] {}: an instance failed: {e:?}", self.component);
        }
        drop(store);
    }
}

impl HandlerState for ComponentInstances {
    type StoreData = State;
    type WorkerExpiration = Expiry;
    type WorkerState = Worker;

    async fn instantiate(&self) -> wasmtime::Result<Instance<State, Expiry, Worker>> {
        let mut store = Store::new(self.pre.engine(), State::new(self.grants.clone()));
        let proxy = ProxyPre::P3(self.pre.clone())
            .instantiate_async(&mut store)
            .await?;
        Ok(Instance {
            store,
            proxy,
            view: |state: &mut State| state.http(),
            expiration: Expiry {
                idle: self.reuse.idle,
                sleep: Box::pin(tokio::time::sleep(Duration::from_secs(86_400))),
            },
            state: Worker {
                component: self.grants.component.clone(),
                reuse: self.reuse,
            },
        })
    }
}
