//! This function as a Spin component, with the built-in issue tools run in
//! the component (and the embedding model their search needs).

#[spin_sdk::http_service]
async fn entry(request: spin_sdk::http::Request) -> preloop_spin::SpinResponse {
    preloop_spin::serve(request, async |request, env| {
        let env = env
            .clone()
            .with_issue_tools(std::rc::Rc::new(preloop_trackers::tools::InProcess))
            .with_embedder(std::rc::Rc::new(preloop_embedder::Potion));
        crate::handle(request, &env).await
    })
    .await
}
