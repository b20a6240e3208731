//! Issue quality against a "definition of ready": a deterministic scorer
//! that always works (each check says whether it applies, whether it
//! passed, and what would fix it), and the summary of a project
//! ("75% of issues lack acceptance criteria").
//!
//! With a model configured, an LLM evaluation can be asked as well (see
//! `trackers::compliance_model`); this scorer is what answers without one.

use super::refs;
use crate::store::issues::Issue;
use serde::Serialize;

/// The checks, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    ClearTitle,
    Description,
    AcceptanceCriteria,
    ReproductionSteps,
    Labels,
    Priority,
    LinkedDependencies,
}

impl Check {
    pub const ALL: [Check; 7] = [
        Check::ClearTitle,
        Check::Description,
        Check::AcceptanceCriteria,
        Check::ReproductionSteps,
        Check::Labels,
        Check::Priority,
        Check::LinkedDependencies,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Check::ClearTitle => "clear_title",
            Check::Description => "description",
            Check::AcceptanceCriteria => "acceptance_criteria",
            Check::ReproductionSteps => "reproduction_steps",
            Check::Labels => "labels",
            Check::Priority => "priority",
            Check::LinkedDependencies => "linked_dependencies",
        }
    }

    pub fn parse(s: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// What an issue that fails this check lacks, for summaries.
    pub fn lack(self) -> &'static str {
        match self {
            Check::ClearTitle => "a clear title",
            Check::Description => "a description",
            Check::AcceptanceCriteria => "acceptance criteria",
            Check::ReproductionSteps => "reproduction steps",
            Check::Labels => "labels",
            Check::Priority => "a priority",
            Check::LinkedDependencies => "linked dependencies",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub check: Check,
    /// Whether the check applies (reproduction steps only for bugs;
    /// dependencies only where the text says something depends).
    pub applies: bool,
    pub passed: bool,
    /// What would make it pass, when it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub issue_key: String,
    /// Passed checks out of those that apply, 0 to 1.
    pub score: f64,
    pub ready: bool,
    pub findings: Vec<Finding>,
    /// Which scorer answered: `rules` (this one), or a model's name.
    pub scorer: String,
}

/// Words that make a title say nothing on their own.
const VAGUE: [&str; 12] = [
    "bug", "issue", "problem", "fix", "help", "error", "broken", "todo", "update", "question",
    "stuff", "misc",
];

fn lower(issue: &Issue) -> (String, String) {
    (issue.title.to_lowercase(), issue.body.to_lowercase())
}

/// Whether the issue is a bug report (by its labels or its title).
pub fn is_bug(issue: &Issue) -> bool {
    let (title, _) = lower(issue);
    issue
        .labels
        .iter()
        .any(|l| l.to_lowercase().contains("bug") || l.to_lowercase() == "defect")
        || title.starts_with("bug")
        || title.contains("crash")
        || title.contains(" fails")
        || title.contains("error")
        || title.contains("broken")
}

fn clear_title(issue: &Issue) -> (bool, String) {
    let words: Vec<&str> = issue.title.split_whitespace().collect();
    let meaningful = words
        .iter()
        .filter(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            w.len() > 2 && !VAGUE.contains(&w.as_str())
        })
        .count();
    let ok = (3..=20).contains(&words.len()) && meaningful >= 2;
    (
        ok,
        "Say in the title what is wrong or wanted, and where: 3 to 20 words, e.g. \
         \"Sign-in page returns 500 when the password has a quote\"."
            .into(),
    )
}

fn has_acceptance_criteria(body: &str) -> bool {
    body.contains("acceptance criteria")
        || body.contains("definition of done")
        || body.contains("- [ ]")
        || body.contains("- [x]")
        || (body.contains("given ") && body.contains("when ") && body.contains("then "))
}

fn has_reproduction(body: &str) -> bool {
    let steps = body.contains("steps to reproduce")
        || body.contains("to reproduce")
        || body.contains("repro")
        || body
            .lines()
            .filter(|l| {
                let l = l.trim_start();
                l.starts_with("1.") || l.starts_with("2.") || l.starts_with("1)")
            })
            .count()
            >= 2;
    let expectation = body.contains("expected") || body.contains("actual");
    steps && expectation
}

/// Whether the text says it depends on something (so a link is owed).
fn speaks_of_dependencies(body: &str) -> bool {
    [
        "depends on",
        "blocked by",
        "blocks ",
        "requires ",
        "after #",
        "waiting on",
        "prerequisite",
    ]
    .iter()
    .any(|p| body.contains(p))
}

/// Scores one issue against the definition of ready.
pub fn assess(issue: &Issue) -> Assessment {
    let (_, body) = lower(issue);
    let bug = is_bug(issue);
    let mut findings = Vec::new();
    let (title_ok, title_fix) = clear_title(issue);
    findings.push(finding(Check::ClearTitle, true, title_ok, title_fix));
    findings.push(finding(
        Check::Description,
        true,
        issue.body.split_whitespace().count() >= 15,
        "Describe the problem or the need in a few sentences: who is affected, what happens, why it matters.".into(),
    ));
    findings.push(finding(
        Check::AcceptanceCriteria,
        !bug,
        has_acceptance_criteria(&body),
        "Add an \"Acceptance criteria\" section: a checklist (- [ ] …) of what must be true when this is done.".into(),
    ));
    findings.push(finding(
        Check::ReproductionSteps,
        bug,
        has_reproduction(&body),
        "Add \"Steps to reproduce\" as a numbered list, then \"Expected\" and \"Actual\" behaviour.".into(),
    ));
    findings.push(finding(
        Check::Labels,
        true,
        !issue.labels.is_empty(),
        "Label it (type and area, e.g. bug, frontend).".into(),
    ));
    findings.push(finding(
        Check::Priority,
        true,
        issue.priority.is_some(),
        "Set a priority (a priority label such as \"priority: high\", or the tracker's field)."
            .into(),
    ));
    let depends = speaks_of_dependencies(&body);
    let linked = !issue.links.is_empty() || !refs::find_all(&issue.body).is_empty();
    findings.push(finding(
        Check::LinkedDependencies,
        depends,
        linked,
        "The description mentions a dependency: link the issue it depends on (e.g. \"Blocked by #12\").".into(),
    ));
    scored(&issue.key, findings, "rules")
}

/// An assessment of `findings` (one per check, in [`Check::ALL`]'s order):
/// the score is the share of applicable checks passed, whoever judged them.
pub fn scored(issue_key: &str, findings: Vec<Finding>, scorer: &str) -> Assessment {
    let applicable: Vec<&Finding> = findings.iter().filter(|f| f.applies).collect();
    let passed = applicable.iter().filter(|f| f.passed).count();
    let score = if applicable.is_empty() {
        1.0
    } else {
        passed as f64 / applicable.len() as f64
    };
    Assessment {
        issue_key: issue_key.to_string(),
        score: (score * 100.0).round() / 100.0,
        ready: passed == applicable.len(),
        findings,
        scorer: scorer.to_string(),
    }
}

/// A check's finding: one that does not apply counts as passed, and only a
/// failed one carries its suggestion.
fn finding(check: Check, applies: bool, passed: bool, suggestion: String) -> Finding {
    Finding {
        check,
        applies,
        passed: passed || !applies,
        suggestion: (applies && !passed).then_some(suggestion),
    }
}

/// A project's (or any set's) summary: how many issues are ready, and for
/// each check the share of issues it applies to that fail it.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub issues: usize,
    pub ready: usize,
    pub average_score: f64,
    pub checks: Vec<CheckSummary>,
    /// The summary in words: "75% of issues lack acceptance criteria".
    pub headlines: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckSummary {
    pub check: Check,
    pub applies_to: usize,
    pub failing: usize,
    pub failing_share: f64,
}

pub fn summarise(assessments: &[Assessment]) -> Summary {
    let n = assessments.len();
    let checks: Vec<CheckSummary> = Check::ALL
        .into_iter()
        .map(|check| {
            let of = assessments
                .iter()
                .filter_map(|a| a.findings.iter().find(|f| f.check == check))
                .filter(|f| f.applies);
            let (applies_to, failing) =
                of.fold((0, 0), |(a, f), x| (a + 1, f + usize::from(!x.passed)));
            CheckSummary {
                check,
                applies_to,
                failing,
                failing_share: if applies_to == 0 {
                    0.0
                } else {
                    ((failing as f64 / applies_to as f64) * 100.0).round() / 100.0
                },
            }
        })
        .collect();
    let mut worst: Vec<&CheckSummary> = checks.iter().filter(|c| c.failing > 0).collect();
    worst.sort_by(|a, b| b.failing_share.total_cmp(&a.failing_share));
    let headlines = worst
        .iter()
        .take(3)
        .map(|c| {
            let what = match c.check {
                Check::ReproductionSteps => "bug reports",
                _ => "issues",
            };
            format!(
                "{}% of {what} lack {}",
                (c.failing_share * 100.0).round(),
                c.check.lack()
            )
        })
        .collect();
    Summary {
        issues: n,
        ready: assessments.iter().filter(|a| a.ready).count(),
        average_score: if n == 0 {
            0.0
        } else {
            ((assessments.iter().map(|a| a.score).sum::<f64>() / n as f64) * 100.0).round() / 100.0
        },
        checks,
        headlines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trackers::IssueKind;

    fn issue(title: &str, body: &str, labels: &[&str], priority: Option<&str>) -> Issue {
        Issue {
            id: "i".into(),
            account_id: "a".into(),
            tracker_id: "t".into(),
            project_id: "p".into(),
            external_id: "1".into(),
            key: "o/r#1".into(),
            number: Some(1),
            kind: IssueKind::Issue,
            title: title.into(),
            body: body.into(),
            state: "open".into(),
            status: None,
            priority: priority.map(str::to_string),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            assignees: vec![],
            author: None,
            url: None,
            links: vec![],
            remote_created_at: None,
            remote_updated_at: 1,
            created_at: 1,
            updated_at: 1,
        }
    }

    #[test]
    fn a_ready_story_and_a_bare_bug() {
        let story = issue(
            "Export the audit trail as CSV from the console",
            "Auditors need the trail in a spreadsheet to review it with finance every month.\n\n\
             Acceptance criteria\n- [ ] a Download CSV button\n- [ ] filters apply to the download",
            &["feature"],
            Some("high"),
        );
        let a = assess(&story);
        assert!(a.ready, "{a:?}");
        assert_eq!(a.score, 1.0);
        let bug = issue("Bug", "", &[], None);
        let b = assess(&bug);
        assert!(!b.ready);
        let failed: Vec<&str> = b
            .findings
            .iter()
            .filter(|f| !f.passed)
            .map(|f| f.check.as_str())
            .collect();
        assert_eq!(
            failed,
            [
                "clear_title",
                "description",
                "reproduction_steps",
                "labels",
                "priority"
            ]
        );
        assert!(
            b.findings
                .iter()
                .all(|f| f.passed || f.suggestion.is_some())
        );
        // Acceptance criteria are not asked of a bug; dependencies only
        // where the text speaks of one.
        assert!(!b.findings[2].applies && !b.findings[6].applies);
    }

    #[test]
    fn a_summary_says_what_most_issues_lack() {
        let all: Vec<Assessment> = (0..4)
            .map(|i| {
                let body = if i == 0 {
                    "Acceptance criteria: - [ ] it works"
                } else {
                    "words"
                };
                assess(&issue(
                    "Add a dark theme to the settings page",
                    body,
                    &["ui"],
                    Some("low"),
                ))
            })
            .collect();
        let s = summarise(&all);
        assert_eq!(s.issues, 4);
        assert!(
            s.headlines
                .iter()
                .any(|h| h == "75% of issues lack acceptance criteria"),
            "{:?}",
            s.headlines
        );
    }
}
