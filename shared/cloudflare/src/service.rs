//! One JSON call to another Worker of this deployment over a service
//! binding, shared by the ports that reach one (argument checks, built-in
//! issue tools).

/// `POST url` with a JSON `body` and `headers` through `fetcher`; the
/// answer's bytes when it is a 200 of at most `max_bytes`. `worker` names
/// the other Worker in errors.
pub async fn post_json(
    fetcher: &worker::Fetcher,
    worker: &str,
    url: &str,
    body: String,
    headers: &[(&str, String)],
    max_bytes: usize,
) -> Result<Vec<u8>, String> {
    let h = worker::Headers::new();
    h.set("content-type", "application/json")
        .map_err(|e| e.to_string())?;
    for (name, value) in headers {
        h.set(name, value).map_err(|e| e.to_string())?;
    }
    let mut init = worker::RequestInit::new();
    init.with_method(worker::Method::Post)
        .with_headers(h)
        .with_body(Some(body.into()));
    // The host name is not looked up: a service binding reaches its Worker
    // whatever the URL says.
    let mut response = fetcher
        .fetch(url, Some(init))
        .await
        .map_err(|e| format!("the {worker} Worker could not be reached: {e}"))?;
    if response.status_code() != 200 {
        return Err(format!(
            "the {worker} Worker answered {}",
            response.status_code()
        ));
    }
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    if bytes.len() > max_bytes {
        return Err(format!("the {worker} Worker's answer is too large"));
    }
    Ok(bytes)
}
