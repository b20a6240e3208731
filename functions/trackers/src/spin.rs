//! This function as a Spin component, with the built-in embedding model
//! (a Spin component has room for it; a Worker has not).

#[spin_sdk::http_service]
async fn entry(request: spin_sdk::http::Request) -> preloop_spin::SpinResponse {
    preloop_spin::serve(request, async |request, env| {
        let env = env
            .clone()
            .with_embedder(std::rc::Rc::new(preloop_embedder::Potion));
        crate::handle(request, &env).await
    })
    .await
}
