//! The scheduled handler as a Cloudflare Worker, run by its cron trigger.

#[worker::event(scheduled)]
async fn scheduled(
    _event: worker::ScheduledEvent,
    env: worker::Env,
    _ctx: worker::ScheduleContext,
) {
    match preloop_cloudflare::run(&env, async |env| crate::run(env).await).await {
        Ok(tick) => tracing::info!(?tick, "scheduled run"),
        Err(e) => tracing::error!(error = %e.message, "scheduled run failed"),
    }
}
