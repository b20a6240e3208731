//! What is fuzzed: every parser and evaluator that takes input from agents,
//! upstreams, admins or the network. A target takes arbitrary bytes and
//! must return, without panicking, without overflowing the stack and in
//! bounded time; some also check a property of their answer.

use preloop_core::auth::{Principal, Role};
use preloop_core::mcp::{jsonrpc, sse};
use preloop_core::notify::signature;
use preloop_core::policy::engine::{CallFacts, PolicySnapshot};
use preloop_core::policy::{Action, Rule, ToolConfiguration, condition, load};
use serde_json::{Value, json};

pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]) -> Result<(), String>,
    /// Tokens mutations splice in: the grammar's words.
    pub dictionary: &'static [&'static str],
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "jsonrpc",
        run: jsonrpc_parse,
        dictionary: &[
            "{",
            "}",
            "[",
            "]",
            "\"jsonrpc\"",
            "\"2.0\"",
            "\"id\"",
            "\"method\"",
            "\"params\"",
            ":",
            ",",
            "null",
            "1e999",
            "\"\\u0000\"",
            "-0",
        ],
    },
    Target {
        name: "sse",
        run: sse_parse,
        dictionary: &[
            "data: ", "event: ", "id: ", "retry: ", "\n", "\r\n", "\r", ":", "\n\n", "message",
        ],
    },
    Target {
        name: "policy_yaml",
        run: policy_yaml,
        dictionary: &[
            "version: \"1.0\"\n",
            "tools:\n",
            "  - name: ",
            "    conditions:\n",
            "      - expression: ",
            "action: deny",
            "&a ",
            "*a",
            "[",
            "]",
            "{",
            "}",
            "- ",
            "\n",
            "!!binary",
            "'",
            "\"",
            "${X}",
            "approval_workflows:",
            "mcp_servers:",
        ],
    },
    Target {
        name: "cel_compile",
        run: cel_compile_and_decide,
        dictionary: &[
            "args",
            ".",
            "has(",
            ")",
            "(",
            "[",
            "]",
            "exists(x, ",
            "all(x, ",
            "matches('",
            "')",
            " && ",
            " || ",
            "!",
            "-",
            " + ",
            " == ",
            "size(",
            "'",
            "\"",
            "?",
            ":",
            "1",
            "1.5",
            "u",
            "principal.",
            "tool",
            "now",
            "timestamp(",
            "duration(",
            "in",
        ],
    },
    Target {
        name: "cel_decide",
        run: cel_decide_on_arguments,
        dictionary: &[
            "{",
            "}",
            "[",
            "]",
            "\"s\"",
            "\"l\"",
            "\"n\"",
            ":",
            ",",
            "\"a@b.c\"",
            "1",
            "-1",
            "1.5",
            "null",
            "true",
        ],
    },
    Target {
        name: "webhook_signature",
        run: webhook_signature,
        dictionary: &["t=", "v1=", ",", "1700000000", "\n"],
    },
    Target {
        name: "redaction",
        run: redaction,
        dictionary: &[
            "Bearer ",
            "Basic ",
            "https://",
            "@",
            ":",
            "password=",
            "token: ",
            "-----BEGIN RSA PRIVATE KEY-----",
            "-----END RSA PRIVATE KEY-----",
            "ghp_",
            "AKIA",
            "sk-ant-",
            "eyJ",
            ".",
        ],
    },
    Target {
        name: "egress_url",
        run: egress_url,
        dictionary: &[
            "http://",
            "https://",
            "[",
            "]",
            "::1",
            "169.254.169.254",
            "@",
            ":",
            "/",
            "0x",
            ".",
            "localhost",
            "%2e",
        ],
    },
    Target {
        name: "poisoning_scan",
        run: poisoning_scan,
        dictionary: &[
            "<IMPORTANT>",
            "</IMPORTANT>",
            "~/.ssh/id_rsa",
            "mcp.json",
            "send_email",
            "before using this tool",
            "\u{200b}",
            "\u{e0041}",
            "\\u200b",
            "{\"description\": \"",
            "\"properties\": {",
            "\"",
            " ",
            "\n",
        ],
    },
    Target {
        name: "tool_schema",
        run: tool_schema,
        dictionary: &[
            "{",
            "}",
            "[",
            "]",
            "\"type\"",
            "\"object\"",
            "\"string\"",
            "\"pattern\"",
            "\"^(a+)+$\"",
            "\"$ref\"",
            "\"#\"",
            "\"properties\"",
            "\"items\"",
            "\"uniqueItems\"",
            "\"allOf\"",
            "\"$defs\"",
            "\"file:///etc/passwd\"",
            ":",
            ",",
            "true",
            "1e308",
        ],
    },
];

fn text(input: &[u8]) -> String {
    String::from_utf8_lossy(input).into_owned()
}

fn jsonrpc_parse(input: &[u8]) -> Result<(), String> {
    let _ = jsonrpc::parse(input);
    Ok(())
}

/// The same bytes in one chunk and in a split chosen by the input must give
/// the same events: SSE framing cannot depend on how TCP cut the stream.
fn sse_parse(input: &[u8]) -> Result<(), String> {
    let whole = {
        let mut p = sse::Parser::default();
        let mut events = p.push(input);
        events.extend(p.finish());
        events
    };
    let cut = input
        .first()
        .map(|b| *b as usize % (input.len() + 1))
        .unwrap_or(0);
    let split = {
        let mut p = sse::Parser::default();
        let mut events = p.push(&input[..cut]);
        events.extend(p.push(&input[cut..]));
        events.extend(p.finish());
        events
    };
    if whole.len() != split.len() {
        return Err(format!(
            "{} events whole, {} split at {cut}",
            whole.len(),
            split.len()
        ));
    }
    Ok(())
}

fn policy_yaml(input: &[u8]) -> Result<(), String> {
    let _ = load::load(&text(input));
    Ok(())
}

fn principal() -> Principal {
    Principal {
        account_id: "acc".into(),
        api_key_id: "key".into(),
        key_name: "fuzz".into(),
        role: Role::Agent,
        permissions: Role::Agent.permissions(),
        credential: preloop_core::principal::Credential::ApiKey,
        user_id: None,
        agent_id: None,
        agent_name: None,
        policy_version: 1,
        default_action: "deny".into(),
        killed: None,
        rate_limit_per_minute: None,
        flow_id: None,
        flow_execution_id: None,
    }
}

fn snapshot(condition: &str) -> PolicySnapshot {
    PolicySnapshot::compile(
        1,
        Action::Deny,
        vec![ToolConfiguration {
            id: "tc".into(),
            tool_name: "srv__t".into(),
            tool_source: "mcp".into(),
            is_enabled: true,
            description: None,
            approval_policy_id: None,
            justification: None,
            validate_arguments: true,
            created_at: 0,
            updated_at: 0,
            rules: vec![Rule {
                id: "r".into(),
                tool_configuration_id: "tc".into(),
                name: None,
                scope_kind: "account".into(),
                scope_id: None,
                shadow: false,
                priority: 10,
                action: Action::Allow,
                condition: Some(condition.to_string()),
                denial_message: None,
                description: None,
                enabled: true,
                approval_policy_id: None,
                created_at: 0,
                updated_at: 0,
            }],
        }],
    )
}

fn decide(s: &PolicySnapshot, args: &Value) -> Action {
    let p = principal();
    s.decide(
        &CallFacts {
            tool: "srv__t",
            server: Some("srv"),
            args,
            principal: &p,
            now_ms: 1_700_000_000_000,
        },
        true,
    )
    .action
}

/// Any text as a condition: compiled within the bounds, or refused; when it
/// compiles, decided (with the budget) on a few argument shapes.
fn cel_compile_and_decide(input: &[u8]) -> Result<(), String> {
    let source = text(input);
    if condition::compile(&source).is_err() {
        return Ok(());
    }
    let s = snapshot(&source);
    for args in [
        json!({}),
        json!({"s": "abc", "n": 3, "l": [1, 2, 3], "m": {"k": "v"}}),
        json!({"s": "x".repeat(10_000), "l": (0..500).collect::<Vec<_>>()}),
    ] {
        decide(&s, &args);
    }
    Ok(())
}

/// Fixed conditions (fast path and interpreter), fuzzed arguments: the
/// decision is the same twice over, and a decision over budget denies.
fn cel_decide_on_arguments(input: &[u8]) -> Result<(), String> {
    thread_local! {
        static SNAPSHOTS: Vec<PolicySnapshot> = [
            "args.s.matches('[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,255}')",
            "has(args.l) && args.l.exists(a, args.l.exists(b, a == b))",
            "size(args.s) > 3 && args.s.startsWith('a') || 'x' in args.l",
            "args.n > 10 && args.n < 100 ? args.s.lowerAscii() == 'abc' : args.m.k == 'v'",
            "args.l.all(x, x > 0) && args.s.contains(string(args.n))",
        ]
        .iter()
        .map(|c| snapshot(c))
        .collect();
    }
    let args: Value = serde_json::from_slice(input).unwrap_or_else(|_| json!({"s": text(input)}));
    SNAPSHOTS.with(|snapshots| {
        for s in snapshots {
            let first = decide(s, &args);
            if decide(s, &args) != first {
                return Err("the same call was decided two ways".to_string());
            }
        }
        Ok(())
    })
}

/// Forged headers never verify; a header Preloop made always does.
fn webhook_signature(input: &[u8]) -> Result<(), String> {
    let secret = "fuzz-secret-0123456789";
    let cut = input.len() / 2;
    let (header, body) = (text(&input[..cut]), &input[cut..]);
    if signature::verify(secret, &header, body) {
        return Err(format!("a forged header verified: {header:?}"));
    }
    if !signature::verify(secret, &signature::sign(secret, 1_700_000_000, body), body) {
        return Err("a genuine signature did not verify".into());
    }
    Ok(())
}

/// Redaction never fails, and redacting redacted text changes nothing (a
/// replacement is never itself taken for a secret).
fn redaction(input: &[u8]) -> Result<(), String> {
    let t = text(input);
    let once = preloop_core::redact::redact_text(&t);
    let twice = preloop_core::redact::redact_text(&once);
    if twice != once {
        return Err(format!("not stable: {once:?} became {twice:?}"));
    }
    let _ = preloop_core::redact::redact(&json!({"v": t, "password": "x"}));
    Ok(())
}

/// A URL accepted with only loopback allowed is, as the HTTP client's URL
/// parser reads it, on an allowed address: the guard and the client agree
/// on what the host is.
fn egress_url(input: &[u8]) -> Result<(), String> {
    let raw = text(input);
    let policy = preloop_core::egress::EgressPolicy::default();
    if policy.check_url(&raw).is_err() {
        return Ok(());
    }
    let Ok(parsed) = url::Url::parse(&raw) else {
        return Ok(());
    };
    let ip = match parsed.host() {
        Some(url::Host::Ipv4(v4)) => std::net::IpAddr::V4(v4),
        Some(url::Host::Ipv6(v6)) => std::net::IpAddr::V6(v6),
        Some(url::Host::Domain(d)) => {
            if d.contains("metadata") {
                return Err(format!("accepted {raw:?}, a metadata host"));
            }
            return Ok(());
        }
        None => return Ok(()),
    };
    if policy.check_ip(ip).is_err() {
        return Err(format!("accepted {raw:?}, which the client reads as {ip}"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(format!("accepted {raw:?}, which carries credentials"));
    }
    Ok(())
}

/// The poisoning scan on any text, as a description and (when it parses)
/// as a schema: bounded findings, bounded matched text, no panic.
fn poisoning_scan(input: &[u8]) -> Result<(), String> {
    use preloop_core::mcp::integrity::findings;
    use preloop_core::store::tools::ScannedTool;
    let t = text(input);
    let tool = ScannedTool {
        name: "t".into(),
        description: Some(t.clone()),
        input_schema: serde_json::from_str(&t).unwrap_or_else(|_| json!({"type": "object"})),
        ..ScannedTool::default()
    };
    let found = findings::scan(&tool, &["send_email".into(), t.clone()], &[]);
    if found.len() > findings::MAX_FINDINGS {
        return Err(format!("{} findings", found.len()));
    }
    if let Some(f) = found
        .iter()
        .find(|f| f.matched.chars().count() > findings::MAX_MATCHED + 1)
    {
        return Err(format!("matched text too long: {}", f.matched.len()));
    }
    Ok(())
}

/// Any JSON as a tool's input schema, checked against arguments built from
/// the same input: a verdict, never a panic or a stall (the fuzzer's time
/// limit per input catches a stall).
fn tool_schema(input: &[u8]) -> Result<(), String> {
    use preloop_core::ports::Verdict;
    let Ok(schema) = serde_json::from_slice::<Value>(input) else {
        return Ok(());
    };
    let checker = preloop_schema::Checker::default();
    for arguments in [json!({}), json!({"code": text(input)}), schema.clone()] {
        match checker.verdict("k", &schema, &arguments) {
            Verdict::Valid | Verdict::Invalid { .. } | Verdict::Unusable { .. } => {}
        }
    }
    Ok(())
}
