//! What one request's store holds, and the engine and linker every
//! component shares.

use crate::outbound::OutboundHooks;
use crate::postgres::Pools;
use crate::{sqlite, variables};
use std::path::Path;
use std::sync::Arc;
use wasmtime::component::{Component, HasData, Linker, ResourceTable};
use wasmtime::error::Context as _;
use wasmtime::{Cache, CacheConfig, Config, Engine};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

pub mod bindings {
    wasmtime::component::bindgen!({
        path: "wit",
        world: "preloop:spin-host/spin-imports",
        // A full resource table is the host's failure, not a guest error.
        imports: { "spin:postgres/postgres.[constructor]connection-builder": trappable },
        with: {
            "spin:sqlite/sqlite.connection": crate::sqlite::SqliteConnection,
            "spin:postgres/postgres.connection": crate::postgres::PgConnection,
            "spin:postgres/postgres.connection-builder": crate::postgres::PgConnectionBuilder,
        },
    });
}

/// A component's grants from `spin.toml`, fixed at start-up and shared by
/// every request to it.
pub struct Grants {
    pub component: String,
    pub variables: variables::ComponentVariables,
    pub sqlite: sqlite::SqliteGrant,
    pub outbound: Arc<crate::outbound::AllowedHosts>,
    /// The application's Postgres pools (its outbound list is `outbound`).
    pub postgres: Arc<Pools>,
}

/// One request's store data.
pub struct State {
    pub table: ResourceTable,
    pub wasi: WasiCtx,
    pub http: WasiHttpCtx,
    pub hooks: OutboundHooks,
    pub grants: Arc<Grants>,
}

impl State {
    pub fn new(grants: Arc<Grants>) -> State {
        State {
            table: ResourceTable::new(),
            // The guest's stdout and stderr are the host's: Preloop's
            // components log there, and the tests read the log.
            wasi: WasiCtxBuilder::new()
                .inherit_stdout()
                .inherit_stderr()
                .build(),
            http: WasiHttpCtx::new(),
            hooks: OutboundHooks::new(grants.component.clone(), grants.outbound.clone()),
            grants,
        }
    }
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for State {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.hooks,
        }
    }
}

/// The view the generated `spin:*` traits work on.
pub struct SpinView<'a> {
    pub table: &'a mut ResourceTable,
    pub grants: &'a Grants,
}

/// Selects [`SpinView`] for the generated bindings.
pub struct Spin;

impl HasData for Spin {
    type Data<'a> = SpinView<'a>;
}

fn spin_view(s: &mut State) -> SpinView<'_> {
    SpinView {
        table: &mut s.table,
        grants: &s.grants,
    }
}

/// The engine: the component model with its async ABI (spin-sdk 7's
/// imports and export are WASI 0.3), and wasmtime's own on-disk cache of
/// compiled components, so a component is compiled once per build of it
/// rather than at every start (over a minute each when unoptimised).
pub fn engine(cache_dir: &Path) -> wasmtime::Result<Engine> {
    let mut config = Config::new();
    config.wasm_component_model_async(true);
    let mut cache = CacheConfig::new();
    cache.with_directory(std::path::absolute(cache_dir).context("the cache directory")?);
    config.cache(Some(
        Cache::new(cache).context("the compiled-component cache")?,
    ));
    Engine::new(&config)
}

/// WASI 0.2 (Rust's std imports it), WASI 0.3, wasi:http 0.3 and the
/// `spin:*` interfaces, for every component alike.
pub fn linker(engine: &Engine) -> wasmtime::Result<Linker<State>> {
    let mut linker = Linker::<State>::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker).context("wasi 0.2")?;
    wasmtime_wasi::p3::add_to_linker(&mut linker).context("wasi 0.3")?;
    wasmtime_wasi_http::p3::add_to_linker(&mut linker).context("wasi:http 0.3")?;
    bindings::SpinImports::add_to_linker::<State, Spin>(&mut linker, spin_view)
        .context("the spin:* interfaces")?;
    Ok(linker)
}

/// Compiles a component, or loads it from the cache.
pub fn load(engine: &Engine, path: &Path) -> wasmtime::Result<Component> {
    Component::from_file(engine, path).with_context(|| format!("loading {}", path.display()))
}
