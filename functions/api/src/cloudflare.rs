//! This function as its own Cloudflare Worker; it also answers `/healthz`
//! for the deployment.

preloop_cloudflare::fetch_entry!(crate::handle_with_health);
