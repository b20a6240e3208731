//! `/docs`: the API reference as one readable HTML page, generated from the
//! route catalog and the role table (no script, nothing fetched).

use super::{Needs, all};
use crate::access::{Permission, Role};

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn needs(n: Needs) -> String {
    match n {
        Needs::Nothing => "none".into(),
        Needs::LinkToken => "the link's token".into(),
        Needs::Credential => "any credential".into(),
        Needs::AnyOf(list) => list
            .iter()
            .map(|p| format!("<code>{}</code>", p.as_str()))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

pub fn page() -> String {
    let mut out = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Preloop API reference</title><style>\
         body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}\
         table{border-collapse:collapse;width:100%;margin:.5rem 0 2rem}td,th{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}\
         code{font:13px ui-monospace,monospace}.m{font-weight:600;width:4rem}</style></head><body>\
         <h1>Preloop API reference</h1><p>Send <code>Authorization: Bearer &lt;API key or access token&gt;</code>. \
         The machine-readable document is <a href=\"/openapi.json\">/openapi.json</a> (OpenAPI 3.1).</p>",
    );
    let mut tags: Vec<&str> = Vec::new();
    for r in all() {
        if !tags.contains(&r.tag) {
            tags.push(r.tag);
        }
    }
    for tag in tags {
        out.push_str(&format!(
            "<h2 id=\"{0}\">{0}</h2><table><tr><th>Method</th><th>Path</th><th>Needs</th><th></th></tr>",
            escape(tag)
        ));
        for r in all().filter(|r| r.tag == tag) {
            out.push_str(&format!(
                "<tr><td class=\"m\">{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                r.method,
                escape(r.path),
                needs(r.needs),
                escape(r.summary)
            ));
        }
        out.push_str("</table>");
    }
    out.push_str("<h2 id=\"roles\">Roles</h2><table><tr><th>Permission</th>");
    for role in Role::ALL {
        out.push_str(&format!("<th>{}</th>", role.as_str()));
    }
    out.push_str("</tr>");
    for p in Permission::ALL {
        out.push_str(&format!("<tr><td><code>{}</code></td>", p.as_str()));
        for role in Role::ALL {
            out.push_str(if role.permissions().has(p) {
                "<td>✓</td>"
            } else {
                "<td></td>"
            });
        }
        out.push_str("</tr>");
    }
    out.push_str("</table></body></html>");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_lists_every_route_escaped() {
        let page = super::page();
        for r in super::all() {
            assert!(page.contains(&super::escape(r.path)), "{}", r.path);
        }
        assert!(!page.contains("<script"));
    }
}
