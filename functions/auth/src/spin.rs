//! This function as a Spin component.

#[spin_sdk::http_service]
async fn entry(request: spin_sdk::http::Request) -> preloop_spin::SpinResponse {
    preloop_spin::serve(request, async |request, env| {
        crate::handle(request, env).await
    })
    .await
}
