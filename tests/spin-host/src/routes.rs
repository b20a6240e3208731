//! Spin's HTTP trigger routing (Spin's `crates/routes`, on routefinder):
//! which component a request goes to, and the `spin-*` headers it gets.
//! A route is literal segments, `:name` segments and an optional trailing
//! wildcard (`/...`). The request path's leading and trailing slashes are
//! ignored. Of the routes that match, the best is decided segment by
//! segment, a literal before a `:name` before the wildcard, then the route
//! with fewer segments; of two identical routes the later one is used. No
//! match is a 404 from the host.

use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
    Wildcard,
}

impl Segment {
    fn rank(&self) -> u8 {
        match self {
            Segment::Literal(_) => 2,
            Segment::Param(_) => 1,
            Segment::Wildcard => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The route as written in spin.toml.
    pub raw: String,
    segments: Vec<Segment>,
    pub component: String,
}

/// What a matched request is told about its route.
#[derive(Debug, PartialEq, Eq)]
pub struct Matched<'a> {
    pub route: &'a Route,
    /// The part of the path below a wildcard's base (`spin-path-info`),
    /// with the request's own trailing slash.
    pub path_info: String,
    /// `:name` segments and their values (`spin-path-match-<name>`).
    pub params: Vec<(String, String)>,
}

impl Route {
    pub fn parse(raw: &str, component: &str) -> Result<Route, String> {
        let absolute = if raw.starts_with('/') {
            raw.to_string()
        } else {
            format!("/{raw}")
        };
        let (base, wildcard) = match absolute.strip_suffix("/...") {
            Some(base) => (base, true),
            None => (absolute.as_str(), false),
        };
        let mut segments = base
            .trim_end_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| match s.strip_prefix(':') {
                Some("") => Err(format!("route {raw:?} has an unnamed :parameter")),
                Some(name) => Ok(Segment::Param(name.to_string())),
                None if s == "..." => Err(format!("route {raw:?}: ... only at the end")),
                None => Ok(Segment::Literal(s.to_string())),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if wildcard {
            segments.push(Segment::Wildcard);
        }
        Ok(Route {
            raw: raw.to_string(),
            segments,
            component: component.to_string(),
        })
    }

    /// The route without its trailing wildcard (`spin-component-route`).
    pub fn base(&self) -> String {
        self.raw
            .strip_suffix("/...")
            .unwrap_or(&self.raw)
            .to_string()
    }

    fn matches(&self, path: &str) -> Option<Matched<'_>> {
        let trimmed = path.trim_start_matches('/').trim_end_matches('/');
        let parts: Vec<&str> = if trimmed.is_empty() {
            Vec::new()
        } else {
            trimmed.split('/').collect()
        };
        let mut params = Vec::new();
        let mut consumed = 0;
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Wildcard => {
                    // Everything after the base, as the request wrote it.
                    let mut rest = path.trim_start_matches('/');
                    for _ in 0..consumed {
                        rest = rest.split_once('/').map_or("", |(_, r)| r);
                    }
                    let path_info = if rest.is_empty() && !path_below(path, consumed) {
                        String::new()
                    } else {
                        format!("/{rest}")
                    };
                    return Some(Matched {
                        route: self,
                        path_info,
                        params,
                    });
                }
                Segment::Literal(l) if parts.get(i) == Some(&l.as_str()) => {}
                Segment::Param(name) if parts.get(i).is_some_and(|p| !p.is_empty()) => {
                    params.push((name.clone(), parts[i].to_string()));
                }
                _ => return None,
            }
            consumed += 1;
        }
        (consumed == parts.len()).then(|| Matched {
            route: self,
            path_info: String::new(),
            params,
        })
    }

    /// Spin's (routefinder's) order: the better route is `Less`.
    fn precedence(&self, other: &Route) -> Ordering {
        for (a, b) in self.segments.iter().zip(&other.segments) {
            match b.rank().cmp(&a.rank()) {
                Ordering::Equal => {}
                unequal => return unequal,
            }
        }
        self.segments.len().cmp(&other.segments.len())
    }
}

/// Whether the request's path goes on past `n` segments (a trailing slash
/// counts: Spin gives `/x/` the path info `/`).
fn path_below(path: &str, n: usize) -> bool {
    let mut rest = path.trim_start_matches('/');
    for _ in 0..n {
        match rest.split_once('/') {
            Some((_, r)) => rest = r,
            None => return false,
        }
    }
    n > 0 || !rest.is_empty()
}

pub struct Router {
    routes: Vec<Route>,
}

impl Router {
    /// The routes in manifest order. A route written twice is served by its
    /// last declaration, as Spin does (with a warning).
    pub fn new(routes: Vec<Route>) -> Router {
        let mut kept: Vec<Route> = Vec::new();
        for r in routes {
            if let Some(i) = kept.iter().position(|k| k.segments == r.segments) {
                eprintln!(
                    "[spin-host] the route {} is declared more than once; {} serves it",
                    r.raw, r.component
                );
                kept.remove(i);
            }
            kept.push(r);
        }
        Router { routes: kept }
    }

    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    pub fn route(&self, path: &str) -> Option<Matched<'_>> {
        let mut best: Option<Matched<'_>> = None;
        for m in self.routes.iter().filter_map(|r| r.matches(path)) {
            if best
                .as_ref()
                .is_none_or(|b| m.route.precedence(b.route) == Ordering::Less)
            {
                best = Some(m);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router(routes: &[(&str, &str)]) -> Router {
        Router::new(
            routes
                .iter()
                .map(|(r, c)| Route::parse(r, c).unwrap())
                .collect(),
        )
    }

    fn to(r: &Router, path: &str) -> Option<(String, String)> {
        r.route(path)
            .map(|m| (m.route.component.clone(), m.path_info))
    }

    #[test]
    fn exact_beats_wildcard_and_the_longer_base_wins() {
        let r = router(&[
            ("/api/v1/...", "api"),
            ("/api/v1/policy/check", "policy-check"),
            ("/api/v1/audit/...", "audit"),
            ("/...", "fallback"),
            ("/foo/...", "foo-wild"),
            ("/foo", "foo"),
        ]);
        let c = |p: &str, comp: &str, info: &str| {
            assert_eq!(to(&r, p), Some((comp.to_string(), info.to_string())), "{p}")
        };
        c("/api/v1/policy/check", "policy-check", "");
        c("/api/v1/policy/check/", "policy-check", "");
        c("/api/v1/policy/check/x", "api", "/policy/check/x");
        c("/api/v1/audit", "audit", "");
        c("/api/v1/audit/", "audit", "/");
        c("/api/v1/audit/verify", "audit", "/verify");
        c("/api/v1/audit/a/b/", "audit", "/a/b/");
        c("/api/v1", "api", "");
        c("/api/v1x", "fallback", "/api/v1x");
        c("/foo", "foo", "");
        c("/foo/bar", "foo-wild", "/bar");
        c("/", "fallback", "");
        assert_eq!(r.routes()[0].base(), "/api/v1");
    }

    #[test]
    fn parameters_rank_between_literals_and_wildcards() {
        let r = router(&[
            ("/users/:id/keys", "keys"),
            ("/users/...", "users"),
            ("/users/me/keys", "mine"),
            ("/a/:y", "ay"),
            ("/:x/b", "xb"),
        ]);
        let m = r.route("/users/42/keys").unwrap();
        assert_eq!(m.route.component, "keys");
        assert_eq!(m.params, vec![("id".to_string(), "42".to_string())]);
        assert_eq!(to(&r, "/users/me/keys").unwrap().0, "mine");
        assert_eq!(to(&r, "/users/42").unwrap().0, "users");
        assert_eq!(to(&r, "/a/b").unwrap().0, "ay");
        assert!(r.route("/elsewhere").is_none());
    }

    #[test]
    fn the_last_of_two_identical_routes_serves() {
        let r = router(&[("/a/...", "x"), ("/a/...", "y")]);
        assert_eq!(to(&r, "/a/b").unwrap().0, "y");
        assert_eq!(r.routes().len(), 1);
    }
}
