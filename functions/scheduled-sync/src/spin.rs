//! The tracker sync as a Spin component, with the built-in embedding
//! model. Spin has no cron trigger of its own, so a run is
//! `POST /internal/sync/run` with the admin key, from any cron (see README).

#[spin_sdk::http_service]
async fn entry(request: spin_sdk::http::Request) -> preloop_spin::SpinResponse {
    preloop_spin::serve(request, async |request, env| {
        let env = env
            .clone()
            .with_embedder(std::rc::Rc::new(preloop_embedder::Potion));
        crate::handle_run_request(request, &env).await
    })
    .await
}
