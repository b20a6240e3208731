//! This function as its own Cloudflare Worker; it also answers `/healthz`
//! for the deployment.

#[worker::event(fetch)]
async fn fetch(
    request: worker::Request,
    env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<worker::Response> {
    preloop_cloudflare::serve(request, &env, async |request, env| {
        if request.path == crate::HEALTH_PATH {
            crate::health(env).await
        } else {
            crate::handle(request, env).await
        }
    })
    .await
}
