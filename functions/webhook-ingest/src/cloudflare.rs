//! This function as its own Cloudflare Worker.

preloop_cloudflare::fetch_entry!(crate::handle);
