//! Parts of Preloop's benchmarks that run outside Preloop, so that what is
//! measured is Preloop and not the harness: a minimal Streamable HTTP MCP
//! upstream (`upstream`, binary `bench-upstream`) whose own latency is small
//! and steady, and a load generator (`load`, binary `bench-load`) that keeps
//! many sequential clients busy on keep-alive connections and reports calls
//! per second with latency percentiles; and duplicate detection measured on
//! a labelled set of real issues (`duplicates`, binary `bench-duplicates`).
//!
//! They are driven by `scripts/bench` (see the README's "Performance").

#![forbid(unsafe_code)]

pub mod duplicates;
pub mod load;
pub mod upstream;
