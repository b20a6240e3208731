//! This function as its own Cloudflare Worker.

#[worker::event(fetch)]
async fn fetch(
    request: worker::Request,
    env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<worker::Response> {
    preloop_cloudflare::serve(request, &env, async |request, env| {
        crate::handle(request, env).await
    })
    .await
}
