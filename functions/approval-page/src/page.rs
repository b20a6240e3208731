//! The approver's page: server-rendered HTML with inline CSS, no scripts, a
//! viewport for phones, and every value escaped.

use preloop_core::http::Response;
use serde_json::Value;

pub use preloop_core::text::escape_html as escape;

const STYLE: &str = "body{font:16px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}\
main{max-width:40rem;margin:0 auto;padding:1rem}\
h1{font-size:1.35rem;margin:.5rem 0 1rem}\
dl{background:#fff;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem;box-shadow:0 1px 2px #0001}\
dt{font-size:.8rem;color:#5b6475;text-transform:uppercase;letter-spacing:.03em;margin-top:.6rem}\
dd{margin:.1rem 0 0;overflow-wrap:anywhere}\
pre{white-space:pre-wrap;word-break:break-word;background:#f0f2f5;padding:.5rem;border-radius:.35rem;margin:.2rem 0 0;font-size:.9rem}\
textarea{width:100%;box-sizing:border-box;min-height:5rem;font:inherit;padding:.5rem;border-radius:.35rem;border:1px solid #c4c9d4}\
.actions{display:flex;gap:.75rem;margin-top:.75rem}\
button{flex:1;font:inherit;font-weight:600;padding:.85rem;border:0;border-radius:.5rem;color:#fff;cursor:pointer}\
.approve{background:#1a7f37}.decline{background:#c62828}\
.note{color:#5b6475;font-size:.9rem}";

fn document(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<meta name=\"robots\" content=\"noindex\"><title>{t} · Preloop</title><style>{STYLE}</style></head>\
<body><main>{body}</main></body></html>",
        t = escape(title)
    )
}

fn html(status: u16, text: String) -> Response {
    Response::text(status, "text/html; charset=utf-8", text)
}

/// A short page with a headline and one paragraph.
pub fn message(status: u16, headline: &str, detail: &str) -> Response {
    html(
        status,
        document(
            headline,
            &format!("<h1>{}</h1><p>{}</p>", escape(headline), escape(detail)),
        ),
    )
}

fn duration(seconds: i64) -> String {
    let (d, h, m, s) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
        seconds % 60,
    );
    match (d, h, m) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, _) => format!("{m} min {s} s"),
        (0, _, _) => format!("{h} h {m} min"),
        _ => format!("{d} d {h} h"),
    }
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "—".into(),
        Some(other) => other.to_string(),
    }
}

/// The review page: for one approver, with the form that posts to
/// `action`; without one (`None`), for someone following the request.
pub fn review(facts: &Value, action: Option<&str>) -> Response {
    let args = serde_json::to_string_pretty(facts.get("arguments").unwrap_or(&Value::Null))
        .unwrap_or_default();
    let seconds = facts
        .get("seconds_left")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let approver = facts.get("approver").cloned().unwrap_or(Value::Null);
    let mut rows = vec![
        ("Tool", escape(&text(facts, "tool"))),
        ("Server", escape(&text(facts, "server"))),
        ("Arguments", format!("<pre>{}</pre>", escape(&args))),
    ];
    if let Some(j) = facts.get("justification").and_then(Value::as_str) {
        rows.push(("Justification", escape(j)));
    }
    rows.push(("Requested by", escape(&text(facts, "requester"))));
    rows.push(("Rule", escape(&text(facts, "rule"))));
    rows.push((
        "Approvals",
        format!(
            "{} of {}",
            text(facts, "approvals"),
            text(facts, "approvals_required")
        ),
    ));
    rows.push((
        "Time left",
        format!(
            "{} (expires {})",
            duration(seconds),
            escape(&preloop_core::notify::message::readable_time(
                facts.get("expires_at").and_then(Value::as_i64).unwrap_or(0)
            ))
        ),
    ));
    let list: String = rows
        .iter()
        .map(|(k, v)| format!("<dt>{k}</dt><dd>{v}</dd>"))
        .collect();
    let voted = match facts.get("your_vote").and_then(Value::as_str) {
        Some(v) => format!(
            "<p class=\"note\">You have already voted: {}. Waiting for others.</p>",
            escape(v)
        ),
        None => String::new(),
    };
    let tool = escape(&text(facts, "tool"));
    let Some(action) = action else {
        let body = format!(
            "<h1>{tool} is waiting for approval</h1>\
<p class=\"note\">This link follows the request; it cannot decide it. The people who can approve it have been asked, each with a link of their own. Once they decide, retry the call from your client.</p>\
<dl>{list}</dl>"
        );
        return html(
            200,
            document(
                &format!("Waiting for approval: {}", text(facts, "tool")),
                &body,
            ),
        );
    };
    let body = format!(
        "<h1>Approve {tool}?</h1>\
<p class=\"note\">For {name} &lt;{email}&gt;. This link is yours alone.</p>\
<dl>{list}</dl>{voted}\
<form method=\"post\" action=\"{action}\">\
<label for=\"comment\">Comment (optional, shown to the agent)</label>\
<textarea id=\"comment\" name=\"comment\" maxlength=\"2000\"></textarea>\
<div class=\"actions\"><button class=\"approve\" name=\"decision\" value=\"approve\">Approve</button>\
<button class=\"decline\" name=\"decision\" value=\"decline\">Decline</button></div></form>",
        name = escape(&text(&approver, "name")),
        email = escape(&text(&approver, "email")),
        action = escape(action),
    );
    html(
        200,
        document(&format!("Approve {}", text(facts, "tool")), &body),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn review_escapes_everything_and_has_the_form() {
        let facts = json!({
            "tool": "fx__deploy<script>", "server": "fx", "arguments": {"env": "\"prod\" & <b>"},
            "justification": "fix </dd>", "requester": "key:K:ci", "rule": null,
            "approvals": 0, "approvals_required": 2, "seconds_left": 125, "expires_at": 0,
            "approver": {"name": "Ann", "email": "ann@example.com"},
        });
        let r = review(&facts, Some("/approval/R1/decide?token=a&b"));
        let body = String::from_utf8(r.body.to_vec()).unwrap();
        assert!(!body.contains("<script>"));
        assert!(body.contains("fx__deploy&lt;script&gt;"));
        assert!(body.contains("&lt;b&gt;"));
        assert!(body.contains("fix &lt;/dd&gt;"));
        assert!(body.contains("action=\"/approval/R1/decide?token=a&amp;b\""));
        assert!(body.contains("2 min 5 s"));
        assert!(body.contains("name=\"viewport\""));
        assert_eq!(
            r.headers.get("content-type"),
            Some("text/html; charset=utf-8")
        );
    }

    #[test]
    fn a_followers_page_has_no_form() {
        let facts = json!({
            "tool": "fx__deploy", "server": "fx", "arguments": {}, "requester": "key:K:ci",
            "approvals": 0, "approvals_required": 1, "seconds_left": 60, "expires_at": 0,
            "approver": null,
        });
        let body = String::from_utf8(review(&facts, None).body.to_vec()).unwrap();
        assert!(body.contains("fx__deploy is waiting for approval"));
        assert!(!body.contains("<form"));
        assert!(!body.contains("/decide"));
    }
}
