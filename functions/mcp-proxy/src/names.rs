//! How the names of many upstreams become one namespace, and back.
//!
//! - Tools and prompts are `<server>__<name>`. Server names may not contain
//!   `__`, so the first `__` always splits a name unambiguously and two
//!   servers' entries can never collide.
//! - Resource URIs (and URI templates) are `preloop://<server>/<uri>`: the
//!   server's own URI, untouched, after a prefix that names the server. A
//!   template stays a template (`preloop://docs/file:///{path}` expands to
//!   exactly the URI it names), which an encoded URI would not.
//! - Policy entries for what a server's resources and prompts do are
//!   `resources:<server>` and `prompts:<server>`. No tool name can take
//!   these (every tool name has `__`, server names have neither `__` nor
//!   `:`), so they share the tools' configuration without colliding.

pub const SEPARATOR: &str = "__";
const URI_SCHEME: &str = "preloop://";

pub fn exposed_name(server: &str, name: &str) -> String {
    format!("{server}{SEPARATOR}{name}")
}

pub fn split_name(name: &str) -> Option<(&str, &str)> {
    name.split_once(SEPARATOR)
        .filter(|(s, t)| !s.is_empty() && !t.is_empty())
}

pub fn exposed_uri(server: &str, uri: &str) -> String {
    format!("{URI_SCHEME}{server}/{uri}")
}

/// The server and its own URI, from a URI [`exposed_uri`] made.
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
}
