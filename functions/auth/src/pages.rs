//! The few pages this function serves (a link's form, the OAuth consent
//! page): plain HTML, no script, never framed, nothing sent on to another
//! site (the address may carry a token).

use preloop_core::http::Response;

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub fn html(status: u16, title: &str, body: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}}\
         label{{display:block;margin:.8rem 0}}input{{display:block;width:100%;padding:.4rem;font:inherit}}\
         button{{padding:.5rem 1.2rem;font:inherit}}</style></head><body><h1>{title}</h1>{body}</body></html>"
    );
    Response::text(status, "text/html; charset=utf-8", page)
        // The token is in the address: it goes nowhere else, and the page is
        // never framed.
        .with_header("referrer-policy", "no-referrer")
        .with_header("x-frame-options", "DENY")
        .with_header(
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        )
}
