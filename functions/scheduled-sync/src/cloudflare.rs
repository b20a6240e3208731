//! The tracker sync as a Cloudflare Worker: run by its cron trigger, and
//! woken sooner by messages on the sync queue (the webhook ingest sends
//! one for each delivery it stores).

use preloop_core::ports::QueueMessage;

#[worker::event(scheduled)]
async fn scheduled(
    _event: worker::ScheduledEvent,
    env: worker::Env,
    _ctx: worker::ScheduleContext,
) {
    match preloop_cloudflare::run(&env, async |env| crate::run(env).await).await {
        Ok(tick) => tracing::info!(?tick, "sync run"),
        Err(e) => tracing::error!(error = %e.message, "sync run failed"),
    }
}

/// Never returns an error (the `worker` glue would panic the isolate): a
/// batch that fails is retried by the queue; one that is not ours is
/// acknowledged and dropped.
#[worker::event(queue)]
async fn queue(
    batch: worker::MessageBatch<serde_json::Value>,
    env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<()> {
    let messages: Vec<QueueMessage> = match batch.messages() {
        Ok(messages) => messages
            .iter()
            .filter_map(|m| serde_json::from_value(m.body().clone()).ok())
            .collect(),
        Err(e) => {
            tracing::error!(error = %e, "unreadable queue batch");
            batch.ack_all();
            return Ok(());
        }
    };
    match preloop_cloudflare::run(&env, async |env| crate::consume(env, &messages).await).await {
        Ok(tick) => {
            tracing::info!(?tick, "queued sync work done");
            batch.ack_all();
        }
        Err(e) => {
            tracing::error!(error = %e.message, "queued sync work failed; the queue retries it");
            batch.retry_all();
        }
    }
    Ok(())
}
