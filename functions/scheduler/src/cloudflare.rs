//! The scheduled handler as a Cloudflare Worker: a cron trigger runs it,
//! and so does each batch on the notification queue (a wake-up sent when
//! notifications were queued, so they go out without waiting for the
//! next tick).

async fn tick(env: &worker::Env, cause: &str) {
    match preloop_cloudflare::run(env, async |env| crate::run(env).await).await {
        Ok(tick) => tracing::info!(cause, ?tick, "scheduled run"),
        Err(e) => tracing::error!(cause, error = %e.message, "scheduled run failed"),
    }
}

#[worker::event(scheduled)]
async fn scheduled(_event: worker::ScheduledEvent, env: worker::Env, _ctx: worker::ScheduleContext) {
    tick(&env, "cron").await;
}

#[worker::event(queue)]
async fn queue(
    batch: worker::MessageBatch<serde_json::Value>,
    env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<()> {
    tick(&env, "queue").await;
    // The messages only say "look now"; the outbox holds the work.
    batch.ack_all();
    Ok(())
}
