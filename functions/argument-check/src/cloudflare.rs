//! This function as its own Cloudflare Worker. It has no route: only the
//! proxy's service binding reaches it.

#[worker::event(fetch)]
async fn fetch(
    mut request: worker::Request,
    _env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<worker::Response> {
    if request.method() != worker::Method::Post {
        return worker::Response::error("POST only", 405);
    }
    let body = request.bytes().await?;
    let (status, text) = crate::answer(&body);
    let headers = worker::Headers::new();
    headers.set("content-type", "application/json")?;
    Ok(worker::Response::ok(text)?
        .with_status(status)
        .with_headers(headers))
}
