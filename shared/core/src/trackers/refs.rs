//! How people and trackers name issues: `owner/repo#12`, `#12`,
//! `group/project!3` (a merge request), `PROJ-123`, and the trackers' own
//! web addresses. One reference is read by [`parse`]; every reference in a
//! text by [`find_all`] (the dependency graph is built from these).

use serde::Serialize;

/// What a reference names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Ref {
    /// `owner/repo#12`, `group/sub/project#12`, or a GitHub or GitLab
    /// issue or pull request URL.
    Numbered {
        project: String,
        number: i64,
        /// A GitLab merge request (`!3`, `/-/merge_requests/3`) or a
        /// GitHub pull request URL.
        change: bool,
    },
    /// `#12`: in the project of the text it is in.
    Local { number: i64, change: bool },
    /// A Jira key, `PROJ-123`.
    Key { key: String },
}

impl Ref {
    /// The key Preloop stores the issue under, given the project a local
    /// reference is relative to.
    pub fn key(&self, here: Option<&str>) -> Option<String> {
        match self {
            Ref::Numbered {
                project,
                number,
                change,
            } => Some(format!(
                "{project}{}{number}",
                if *change { "!" } else { "#" }
            )),
            Ref::Local { number, change } => {
                here.map(|p| format!("{p}{}{number}", if *change { "!" } else { "#" }))
            }
            Ref::Key { key } => Some(key.clone()),
        }
    }
}

/// The longest text searched for references.
const MAX_TEXT: usize = 200_000;
/// The most references taken from one text.
const MAX_REFS: usize = 200;

fn number(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| *n > 0)
}

fn is_path_part(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !s.starts_with('.')
}

fn is_project_path(s: &str) -> bool {
    let parts: Vec<&str> = s.split('/').collect();
    parts.len() >= 2 && parts.len() <= 10 && parts.iter().all(|p| is_path_part(p))
}

fn jira_key(s: &str) -> Option<String> {
    let (project, n) = s.split_once('-')?;
    let ok = project.len() >= 2
        && project.len() <= 20
        && project
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_uppercase())
        && project
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    (ok && number(n).is_some()).then(|| s.to_string())
}

/// A tracker URL's reference.
fn from_url(url: &str) -> Option<Ref> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let rest = rest.split(['?', '#']).next()?.trim_end_matches('/');
    let (_host, path) = rest.split_once('/')?;
    // Jira: …/browse/PROJ-1
    if let Some(key) = path.rsplit_once("browse/").map(|(_, k)| k) {
        return jira_key(key).map(|key| Ref::Key { key });
    }
    // GitLab: group/project/-/issues/12 or /-/merge_requests/3
    if let Some((project, tail)) = path.split_once("/-/") {
        let (what, n) = tail.split_once('/')?;
        let change = match what {
            "issues" => false,
            "merge_requests" => true,
            _ => return None,
        };
        return (is_project_path(project))
            .then_some(())
            .and_then(|_| number(n))
            .map(|number| Ref::Numbered {
                project: project.to_string(),
                number,
                change,
            });
    }
    // GitHub: owner/repo/issues/12 or owner/repo/pull/12 (and the API's
    // repos/owner/repo/issues/12)
    let path = path.strip_prefix("repos/").unwrap_or(path);
    let parts: Vec<&str> = path.split('/').collect();
    if let [owner, repo, what, n] = parts[..] {
        let change = match what {
            "issues" => false,
            "pull" | "pulls" => true,
            _ => return None,
        };
        if is_path_part(owner) && is_path_part(repo) {
            return number(n).map(|number| Ref::Numbered {
                project: format!("{owner}/{repo}"),
                number,
                change,
            });
        }
    }
    None
}

/// One reference, as a caller wrote it.
pub fn parse(s: &str) -> Option<Ref> {
    let s = s.trim();
    if s.len() > 2_048 {
        return None;
    }
    if s.starts_with("http://") || s.starts_with("https://") {
        return from_url(s);
    }
    for (sep, change) in [('#', false), ('!', true)] {
        if let Some((project, n)) = s.rsplit_once(sep) {
            if project.is_empty() {
                return number(n).map(|number| Ref::Local { number, change });
            }
            if is_project_path(project) {
                return number(n).map(|number| Ref::Numbered {
                    project: project.to_string(),
                    number,
                    change,
                });
            }
        }
    }
    jira_key(s).map(|key| Ref::Key { key })
}

/// Every reference in a text, in order, once each.
pub fn find_all(text: &str) -> Vec<Ref> {
    let text = super::clip(text, MAX_TEXT);
    let mut out: Vec<Ref> = Vec::new();
    let words = text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | ')' | '[' | ']' | '<' | '>' | ',' | ';' | '"' | '\'' | '`' | '*'
            )
    });
    for word in words {
        let word = word.trim_end_matches(['.', ':', '!', '?']);
        // `!3` alone is too often not a reference; a bare `#12` is.
        if word.is_empty() || (word.starts_with('!') && !word.contains('/')) {
            continue;
        }
        if let Some(r) = parse(word)
            && !out.contains(&r)
        {
            out.push(r);
            if out.len() >= MAX_REFS {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(project: &str, number: i64, change: bool) -> Ref {
        Ref::Numbered {
            project: project.into(),
            number,
            change,
        }
    }

    #[test]
    fn every_form_is_read() {
        assert_eq!(
            parse("octo/repo#12"),
            Some(numbered("octo/repo", 12, false))
        );
        assert_eq!(
            parse("group/sub/project!3"),
            Some(numbered("group/sub/project", 3, true))
        );
        assert_eq!(
            parse("#7"),
            Some(Ref::Local {
                number: 7,
                change: false
            })
        );
        assert_eq!(
            parse("PROJ-123"),
            Some(Ref::Key {
                key: "PROJ-123".into()
            })
        );
        assert_eq!(
            parse("https://github.com/octo/repo/issues/12"),
            Some(numbered("octo/repo", 12, false))
        );
        assert_eq!(
            parse("https://github.com/octo/repo/pull/5#discussion"),
            Some(numbered("octo/repo", 5, true))
        );
        assert_eq!(
            parse("https://gitlab.example.com/g/p/-/merge_requests/9"),
            Some(numbered("g/p", 9, true))
        );
        assert_eq!(
            parse("https://acme.atlassian.net/browse/OPS-42"),
            Some(Ref::Key {
                key: "OPS-42".into()
            })
        );
        for bad in [
            "",
            "#",
            "#0",
            "#abc",
            "a#1",
            "proj-1",
            "P-1x",
            "https://github.com/o/r",
            "../x#1",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn references_are_found_in_text() {
        let text = "Blocked by #12 and octo/other#3 (see OPS-42). Also https://github.com/octo/repo/pull/5, \
                    and !9 alone is not one; group/p!9 is. Again #12.";
        let found = find_all(text);
        assert_eq!(
            found,
            vec![
                Ref::Local {
                    number: 12,
                    change: false
                },
                numbered("octo/other", 3, false),
                Ref::Key {
                    key: "OPS-42".into()
                },
                numbered("octo/repo", 5, true),
                numbered("group/p", 9, true),
            ]
        );
        assert_eq!(
            found[0].key(Some("octo/repo")).as_deref(),
            Some("octo/repo#12")
        );
        assert_eq!(find_all(&"#1 ".repeat(10_000)).len(), 1);
    }
}
