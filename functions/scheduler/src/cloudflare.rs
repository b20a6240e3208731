//! The scheduled handler as a Cloudflare Worker: run by its cron trigger,
//! and woken sooner by messages on the Preloop queue.

preloop_cloudflare::scheduled_entry!(crate::run, crate::consume);
