//! This function as a Spin component; it also answers `/healthz` for the
//! application.

#[spin_sdk::http_service]
async fn entry(request: spin_sdk::http::Request) -> preloop_spin::SpinResponse {
    preloop_spin::serve(request, async |request, env| {
        if request.path == crate::HEALTH_PATH {
            crate::health(env).await
        } else {
            crate::handle(request, env).await
        }
    })
    .await
}
