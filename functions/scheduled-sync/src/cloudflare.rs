//! The tracker sync as a Cloudflare Worker: run by its cron trigger, and
//! woken sooner by messages on the sync queue (the webhook ingest sends one
//! for each delivery it stores).

preloop_cloudflare::scheduled_entry!(crate::run, crate::consume);
