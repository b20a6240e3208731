//! The scheduled functions' Worker entries (the scheduler, the tracker
//! sync): a cron tick runs their work, and a queue batch wakes them sooner.

use preloop_core::Env;
use preloop_core::ports::QueueMessage;

/// A cron tick: the work, logged; an error is logged, never raised (the
/// `worker` glue would panic the isolate on one).
pub async fn tick<T: std::fmt::Debug>(
    worker_env: &worker::Env,
    work: impl AsyncFnOnce(&Env) -> preloop_core::Result<T>,
) {
    match crate::run(worker_env, work).await {
        Ok(tick) => tracing::info!(?tick, "scheduled run"),
        Err(e) => tracing::error!(error = %e.message, "scheduled run failed"),
    }
}

/// A queue batch: its messages handed to `consume`. A batch that fails is
/// retried by the queue; one whose messages are not ours is acknowledged
/// and dropped. Never returns an error, for the same reason.
pub async fn consume<T: std::fmt::Debug>(
    batch: worker::MessageBatch<serde_json::Value>,
    worker_env: &worker::Env,
    consume: impl AsyncFnOnce(&Env, &[QueueMessage]) -> preloop_core::Result<T>,
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
    match crate::run(worker_env, async |env| consume(env, &messages).await).await {
        Ok(tick) => {
            tracing::info!(?tick, "queued work done");
            batch.ack_all();
        }
        Err(e) => {
            tracing::error!(error = %e.message, "queued work failed; the queue retries it");
            batch.retry_all();
        }
    }
    Ok(())
}

/// A scheduled function's Worker entry: `scheduled` runs `$run` (`async
/// fn(&Env) -> Result<T>`), `queue` hands batches to `$consume` (`async
/// fn(&Env, &[QueueMessage]) -> Result<T>`).
#[macro_export]
macro_rules! scheduled_entry {
    ($run:path, $consume:path) => {
        #[worker::event(scheduled)]
        async fn scheduled(
            _event: worker::ScheduledEvent,
            env: worker::Env,
            _ctx: worker::ScheduleContext,
        ) {
            $crate::consumer::tick(&env, async |env| $run(env).await).await
        }

        #[worker::event(queue)]
        async fn queue(
            batch: worker::MessageBatch<serde_json::Value>,
            env: worker::Env,
            _ctx: worker::Context,
        ) -> worker::Result<()> {
            $crate::consumer::consume(batch, &env, async |env, messages| {
                $consume(env, messages).await
            })
            .await
        }
    };
}
