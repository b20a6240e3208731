//! How the names of many upstreams become one namespace, and back. Each
//! server has a prefix: its name unless set otherwise, or nothing.
//!
//! - Tools and prompts are `<prefix>__<name>`. Prefixes may not contain
//!   `__`, so the first `__` always splits a name unambiguously and two
//!   servers' entries can never collide.
//! - Resource URIs (and URI templates) are `preloop://<prefix>/<uri>`: the
//!   server's own URI, untouched, after a prefix that names the server. A
//!   template stays a template (`preloop://docs/file:///{path}` expands to
//!   exactly the URI it names), which an encoded URI would not.
//! - One server may go without a prefix (prefixes are unique per account):
//!   its names and URIs are its own. A name or URI that another server's
//!   prefix claims is that server's; the unprefixed server's entries that
//!   look like that are left out of lists rather than shown twice.
//! - Policy entries for what a server's resources and prompts do are
//!   `resources:<server>` and `prompts:<server>`, by the server's name. No
//!   tool can take these (every prefixed tool name has `__`, and server
//!   names have neither `__` nor `:`; an unprefixed server's tool named like
//!   an entry is left out), so they share the tools' configuration without
//!   colliding. Preloop's own tools keep their names; an unprefixed
//!   server's tool of the same name is left out.

use preloop_core::store::servers::McpServer;

pub const SEPARATOR: &str = "__";
/// Preloop's own tools ([`crate::approvals`]): names no upstream can take.
pub const STATUS_TOOL: &str = "get_approval_status";
pub const REQUEST_TOOL: &str = "request_approval";
const URI_SCHEME: &str = "preloop://";

pub fn exposed_name(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        return name.to_string();
    }
    format!("{prefix}{SEPARATOR}{name}")
}

pub fn split_name(name: &str) -> Option<(&str, &str)> {
    name.split_once(SEPARATOR)
        .filter(|(s, t)| !s.is_empty() && !t.is_empty())
}

/// The name on the server with `prefix` of what clients call `exposed`.
/// The server without a prefix exposes none of its names that have `__`
/// (or look like a policy entry, or are Preloop's own tools): they would
/// read as another server's, or as Preloop's.
pub fn own_name<'n>(prefix: &str, exposed: &'n str) -> Option<&'n str> {
    if prefix.is_empty() {
        let taken = exposed.contains(SEPARATOR)
            || is_entry(exposed)
            || exposed == STATUS_TOOL
            || exposed == REQUEST_TOOL
            || preloop_core::trackers::tools::is_issue_tool(exposed);
        return (!taken).then_some(exposed);
    }
    exposed
        .strip_prefix(prefix)?
        .strip_prefix(SEPARATOR)
        .filter(|own| !own.is_empty())
}

/// Whether `name` is a policy entry's name (`resources:…`, `prompts:…`).
pub fn is_entry(name: &str) -> bool {
    name.starts_with("resources:") || name.starts_with("prompts:")
}

/// The server of `servers` that owns the name clients call `exposed`, and
/// its own name there: the one whose prefix the name carries, or for a
/// name without `__`, the server without a prefix.
pub fn route_name<'s, 'n>(
    servers: &'s [McpServer],
    exposed: &'n str,
) -> Option<(&'s McpServer, &'n str)> {
    let prefix = split_name(exposed).map(|(p, _)| p).unwrap_or("");
    let server = servers.iter().find(|s| s.prefix() == prefix)?;
    own_name(prefix, exposed).map(|own| (server, own))
}

/// The same for a resource URI: `preloop://<prefix>/…` is the prefixed
/// server's, anything else the server without a prefix's.
pub fn route_uri<'s, 'u>(
    servers: &'s [McpServer],
    exposed: &'u str,
) -> Option<(&'s McpServer, &'u str)> {
    let (prefix, own) = if exposed.starts_with(URI_SCHEME) {
        split_uri(exposed)?
    } else {
        ("", exposed)
    };
    let server = servers.iter().find(|s| s.prefix() == prefix)?;
    Some((server, own))
}

pub fn exposed_uri(prefix: &str, uri: &str) -> String {
    if prefix.is_empty() {
        return uri.to_string();
    }
    format!("{URI_SCHEME}{prefix}/{uri}")
}

/// The prefix and the server's own URI, from a URI [`exposed_uri`] made
/// with a prefix.
pub fn split_uri(uri: &str) -> Option<(&str, &str)> {
    uri.strip_prefix(URI_SCHEME)?
        .split_once('/')
        .filter(|(s, u)| !s.is_empty() && !u.is_empty())
}

/// The policy entry that decides reads of a server's resources.
pub fn resources_entry(server: &str) -> String {
    format!("resources:{server}")
}

/// The policy entry that decides gets of a server's prompts.
pub fn prompts_entry(server: &str) -> String {
    format!("prompts:{server}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_on_first_separator() {
        assert_eq!(split_name("fs__read__file"), Some(("fs", "read__file")));
        assert_eq!(split_name("fs__"), None);
        assert_eq!(split_name("__x"), None);
        assert_eq!(split_name("plain"), None);
        assert_eq!(exposed_name("a", "b"), "a__b");
    }

    #[test]
    fn uris_keep_the_servers_own_uri_whole() {
        for uri in [
            "file:///etc/hosts",
            "https://x.y/a?b=c#d",
            "db://t/1/2",
            "x",
        ] {
            let exposed = exposed_uri("docs", uri);
            assert_eq!(split_uri(&exposed), Some(("docs", uri)));
        }
        assert_eq!(
            exposed_uri("docs", "file:///docs/{name}"),
            "preloop://docs/file:///docs/{name}"
        );
        for bad in [
            "file:///x",
            "preloop://",
            "preloop:///x",
            "preloop://docs",
            "preloop://docs/",
        ] {
            assert_eq!(split_uri(bad), None, "{bad}");
        }
        assert!(split_name(&resources_entry("docs")).is_none());
        assert!(split_name(&prompts_entry("docs")).is_none());
    }

    fn server(id: &str, name: &str, prefix: Option<&str>) -> McpServer {
        McpServer {
            id: id.into(),
            name: name.into(),
            url: "http://127.0.0.1:1/mcp".into(),
            has_auth_header: false,
            enabled: true,
            timeout_ms: 1000,
            created_at: 0,
            updated_at: 0,
            last_scan_at: None,
            last_scan_error: None,
            auth_header_template: None,
            capabilities: None,
            transport: Default::default(),
            prefix_set: prefix.map(str::to_string),
            command: None,
            env_names: Vec::new(),
            auth_header_enc: None,
            env_enc: None,
            env_template: None,
            oauth: None,
            on_change: Default::default(),
            on_finding: Default::default(),
            redact_results: false,
        }
    }

    #[test]
    fn names_route_by_prefix_and_the_bare_server_keeps_its_own() {
        let servers = [
            server("1", "docs", None),
            server("2", "plain", Some("")),
            server("3", "gh", Some("git")),
        ];
        let route =
            |n: &str| route_name(&servers, n).map(|(s, own)| (s.id.clone(), own.to_string()));
        assert_eq!(route("docs__review"), Some(("1".into(), "review".into())));
        assert_eq!(route("git__issues"), Some(("3".into(), "issues".into())));
        assert_eq!(route("issues"), Some(("2".into(), "issues".into())));
        // A prefix that is set replaces the name; an unknown one is nobody's.
        assert_eq!(route("gh__issues"), None);
        assert_eq!(route("nosuch__x"), None);
        // The bare server never exposes what reads as a prefix or an entry.
        assert_eq!(own_name("", "a__b"), None);
        assert_eq!(own_name("", "resources:docs"), None);
        assert_eq!(
            own_name("", STATUS_TOOL),
            None,
            "Preloop's own tools keep their names"
        );
        assert_eq!(own_name("", REQUEST_TOOL), None);
        assert_eq!(exposed_name("", "issues"), "issues");

        let uri = |u: &str| route_uri(&servers, u).map(|(s, own)| (s.id.clone(), own.to_string()));
        assert_eq!(
            uri("preloop://docs/file:///a"),
            Some(("1".into(), "file:///a".into()))
        );
        assert_eq!(uri("file:///a"), Some(("2".into(), "file:///a".into())));
        assert_eq!(uri("preloop://nosuch/file:///a"), None);
        assert_eq!(exposed_uri("", "file:///a"), "file:///a");
        assert_eq!(
            route_uri(&servers[..1], "file:///a").map(|(s, _)| s.id.clone()),
            None
        );
    }
}
