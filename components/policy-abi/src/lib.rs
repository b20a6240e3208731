//! The bindings of `wit/preloop-policy.wit` (world `preloop:policy/policy`)
//! as wit-bindgen generates them: the traits the policy component
//! implements, and the `export!` macro that exposes it. Lifting and lowering
//! values across the component boundary is unsafe code by nature; it is
//! generated, and kept in this crate alone so that every crate with
//! Preloop's own code stays `forbid(unsafe_code)`.

#[allow(unsafe_code)]
mod generated {
    wit_bindgen::generate!({
        path: "../../wit/preloop-policy.wit",
        world: "policy",
        pub_export_macro: true,
        default_bindings_module: "preloop_policy_abi",
    });
}

pub use generated::*;
