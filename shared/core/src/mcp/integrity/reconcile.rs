//! A scan against the pins: what each tool's row becomes, and what changed
//! (for the audit). Pure, so every path is tested here; the scan stores the
//! rows and the records together ([`crate::store::tools::apply_scan`]).

use super::findings::Finding;
use super::{OnChange, OnFinding, Pin, Pinned, Quarantine, Settings, definition};
use serde_json::{Value, json};

/// Something a scan noticed, for the audit trail.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Tools seen for the first time (pinned as they are).
    Added(Vec<String>),
    /// Tools the upstream no longer lists.
    Removed(Vec<String>),
    /// A tool's definition differs from its pin.
    Changed {
        tool: String,
        pinned: String,
        now: String,
        /// Whether the new definition was taken (`notify`, `accept`) or
        /// the tool held back (`quarantine`).
        taken: bool,
        findings: Vec<Finding>,
    },
    /// The poisoning scan found something in a definition.
    Flagged {
        tool: String,
        hash: String,
        findings: Vec<Finding>,
        quarantined: bool,
    },
    /// The upstream went back to the pinned definition; the hold for its
    /// change ends.
    Restored { tool: String, hash: String },
}

impl Event {
    /// The audit record's outcome.
    pub fn outcome(&self) -> &'static str {
        match self {
            Event::Added(_) => "added",
            Event::Removed(_) => "removed",
            Event::Changed { .. } => "changed",
            Event::Flagged { .. } => "flagged",
            Event::Restored { .. } => "restored",
        }
    }

    /// What the audit record's arguments show; `what` says what the
    /// event is about (`tool`, `prompt`, `resource_template`).
    pub fn details(&self, what: &str) -> Value {
        let mut d = match self {
            Event::Added(names) | Event::Removed(names) => json!({"names": names}),
            Event::Changed {
                tool,
                pinned,
                now,
                taken,
                findings,
            } => json!({
                "name": tool, "pinned_hash": pinned, "new_hash": now,
                "action": if *taken { "taken" } else { "quarantined" },
                "findings": findings,
            }),
            Event::Flagged {
                tool,
                hash,
                findings,
                quarantined,
            } => {
                json!({"name": tool, "hash": hash, "findings": findings, "quarantined": quarantined})
            }
            Event::Restored { tool, hash } => json!({"name": tool, "hash": hash}),
        };
        d["kind"] = json!(what);
        d
    }

    /// One sentence for the audit record's reason.
    pub fn reason(&self, what: &str) -> String {
        let what = what.replace('_', " ");
        match self {
            Event::Added(names) => format!("{} new {what}(s) pinned", names.len()),
            Event::Removed(names) => format!("{} {what}(s) no longer listed", names.len()),
            Event::Changed {
                tool, taken: false, ..
            } => format!(
                "{what} '{tool}' changed its definition: quarantined until a person approves it"
            ),
            Event::Changed { tool, .. } => {
                format!(
                    "{what} '{tool}' changed its definition: the new one is pinned (server setting)"
                )
            }
            Event::Flagged {
                tool,
                findings,
                quarantined,
                ..
            } => format!(
                "{what} '{tool}': {} poisoning finding(s){}",
                findings.len(),
                if *quarantined {
                    ", quarantined"
                } else {
                    " (warning)"
                }
            ),
            Event::Restored { tool, .. } => {
                format!("{what} '{tool}' is back to its pinned definition")
            }
        }
    }
}

/// The rows a scan leaves, and what it noticed. `pinned` is what the store
/// holds, `fresh` what the upstream lists now (scanned at `now`), `scan`
/// the poisoning scan.
pub fn reconcile<T: Pinned>(
    settings: Settings,
    pinned: &[T],
    fresh: Vec<T>,
    scan: impl Fn(&T) -> Vec<Finding>,
    now: i64,
) -> (Vec<T>, Vec<Event>) {
    let held = |findings: &[Finding], approved: Option<&str>, hash: &str| {
        (!findings.is_empty()
            && settings.on_finding == OnFinding::Quarantine
            && approved != Some(hash))
        .then_some(Quarantine::Findings)
    };
    let mut rows = Vec::with_capacity(fresh.len());
    let mut events = Vec::new();
    let mut added = Vec::new();
    for mut f in fresh {
        let hash = definition::hash_value(&f.definition());
        let Some(p) = pinned.iter().find(|p| p.name() == f.name()) else {
            let findings = scan(&f);
            let quarantine = held(&findings, None, &hash);
            added.push(f.name().to_string());
            if !findings.is_empty() {
                events.push(Event::Flagged {
                    tool: f.name().to_string(),
                    hash: hash.clone(),
                    findings: findings.clone(),
                    quarantined: quarantine.is_some(),
                });
            }
            *f.pin_mut() = Pin {
                hash,
                quarantine,
                findings,
                ..Pin::default()
            };
            rows.push(f);
            continue;
        };
        let mut row = p.clone();
        let (pin, name) = (p.pin(), p.name().to_string());
        row.set_scanned_at(f.scanned_at());
        if hash == pin.hash {
            // As pinned. A hold for a change ends; findings are looked for
            // again (the rules may have grown).
            if pin.pending_hash.is_some() {
                events.push(Event::Restored {
                    tool: name.clone(),
                    hash: hash.clone(),
                });
            }
            let findings = scan(p);
            let quarantine = held(&findings, pin.approved_hash.as_deref(), &hash);
            if quarantine.is_some() && pin.quarantine != Some(Quarantine::Findings) {
                events.push(Event::Flagged {
                    tool: name,
                    hash,
                    findings: findings.clone(),
                    quarantined: true,
                });
            }
            let r = row.pin_mut();
            r.pending = None;
            r.pending_hash = None;
            r.findings = findings;
            r.quarantine = quarantine;
            rows.push(row);
            continue;
        }
        let findings = scan(&f);
        if settings.on_change == OnChange::Quarantine {
            let r = row.pin_mut();
            if pin.pending_hash.as_deref() != Some(hash.as_str()) {
                events.push(Event::Changed {
                    tool: name,
                    pinned: pin.hash.clone(),
                    now: hash.clone(),
                    taken: false,
                    findings: findings.clone(),
                });
                r.changed_at = Some(now);
            }
            r.pending = Some(f.definition());
            r.pending_hash = Some(hash);
            r.findings = findings;
            r.quarantine = Some(Quarantine::Changed);
            rows.push(row);
            continue;
        }
        let quarantine = held(&findings, None, &hash);
        events.push(Event::Changed {
            tool: name,
            pinned: pin.hash.clone(),
            now: hash.clone(),
            taken: true,
            findings: findings.clone(),
        });
        *f.pin_mut() = Pin {
            hash,
            quarantine,
            findings,
            changed_at: Some(now),
            ..Pin::default()
        };
        rows.push(f);
    }
    let removed: Vec<String> = pinned
        .iter()
        .filter(|p| !rows.iter().any(|r| r.name() == p.name()))
        .map(|p| p.name().to_string())
        .collect();
    if !added.is_empty() {
        events.insert(0, Event::Added(added));
    }
    if !removed.is_empty() {
        events.push(Event::Removed(removed));
    }
    (rows, events)
}

#[cfg(test)]
mod tests {
    use super::super::findings::Category;
    use super::*;
    use crate::store::tools::ScannedTool;

    fn tool(name: &str, description: &str) -> ScannedTool {
        ScannedTool {
            server_id: "s1".into(),
            name: name.into(),
            description: Some(description.into()),
            input_schema: json!({"type": "object"}),
            ..ScannedTool::default()
        }
    }

    /// Flags any description that says "steal".
    fn scan(t: &ScannedTool) -> Vec<Finding> {
        if t.description.as_deref().unwrap_or("").contains("steal") {
            vec![Finding {
                rule: "test".into(),
                category: Category::Instruction,
                field: "description".into(),
                matched: "steal".into(),
            }]
        } else {
            Vec::new()
        }
    }

    fn settings(on_change: OnChange, on_finding: OnFinding) -> Settings {
        Settings {
            on_change,
            on_finding,
        }
    }

    #[test]
    fn first_scan_pins_and_flags() {
        let s = settings(OnChange::Quarantine, OnFinding::Quarantine);
        let (rows, events) = reconcile(
            s,
            &[],
            vec![tool("a", "adds"), tool("b", "steal keys")],
            scan,
            1,
        );
        assert_eq!(rows[0].pin.quarantine, None);
        assert_eq!(rows[0].pin.hash, definition::hash(&tool("a", "adds")));
        assert_eq!(rows[1].pin.quarantine, Some(Quarantine::Findings));
        assert_eq!(events[0], Event::Added(vec!["a".into(), "b".into()]));
        assert!(
            matches!(&events[1], Event::Flagged { tool, quarantined: true, .. } if tool == "b")
        );
        let warn = settings(OnChange::Quarantine, OnFinding::Warn);
        let (rows, _) = reconcile(warn, &[], vec![tool("b", "steal keys")], scan, 1);
        assert_eq!(rows[0].pin.quarantine, None);
        assert_eq!(rows[0].pin.findings.len(), 1);
    }

    #[test]
    fn a_change_is_held_once_and_released_by_a_revert() {
        let s = settings(OnChange::Quarantine, OnFinding::Quarantine);
        let (pins, _) = reconcile(s, &[], vec![tool("a", "adds")], scan, 1);
        let (rows, events) = reconcile(s, &pins, vec![tool("a", "adds, and more")], scan, 2);
        assert_eq!(rows[0].pin.quarantine, Some(Quarantine::Changed));
        assert_eq!(
            rows[0].description.as_deref(),
            Some("adds"),
            "the pin stays"
        );
        assert_eq!(
            rows[0].pin.pending.as_ref().unwrap()["description"],
            "adds, and more"
        );
        assert_eq!(rows[0].pin.changed_at, Some(2));
        assert!(matches!(&events[0], Event::Changed { taken: false, .. }));
        // The same change seen again is not a new event.
        let (again, events) = reconcile(s, &rows, vec![tool("a", "adds, and more")], scan, 3);
        assert!(events.is_empty(), "{events:?}");
        assert_eq!(again[0].pin.changed_at, Some(2));
        // Back to the pinned definition: the hold ends.
        let (back, events) = reconcile(s, &again, vec![tool("a", "adds")], scan, 4);
        assert_eq!(back[0].pin.quarantine, None);
        assert_eq!(back[0].pin.pending, None);
        assert!(matches!(&events[0], Event::Restored { .. }));
    }

    #[test]
    fn notify_and_accept_take_the_change_but_not_its_findings() {
        for on_change in [OnChange::Notify, OnChange::Accept] {
            let s = settings(on_change, OnFinding::Quarantine);
            let (pins, _) = reconcile(s, &[], vec![tool("a", "adds")], scan, 1);
            let (rows, events) = reconcile(s, &pins, vec![tool("a", "adds twice")], scan, 2);
            assert_eq!(rows[0].pin.quarantine, None);
            assert_eq!(rows[0].description.as_deref(), Some("adds twice"));
            assert!(matches!(&events[0], Event::Changed { taken: true, .. }));
            let (rows, _) = reconcile(s, &rows, vec![tool("a", "adds, then steal")], scan, 3);
            assert_eq!(rows[0].pin.quarantine, Some(Quarantine::Findings));
        }
    }

    #[test]
    fn an_approved_finding_stays_approved_until_the_definition_changes() {
        let s = settings(OnChange::Quarantine, OnFinding::Quarantine);
        let (mut pins, _) = reconcile(s, &[], vec![tool("b", "steal keys")], scan, 1);
        pins[0].pin.approved_hash = Some(pins[0].pin.hash.clone());
        pins[0].pin.quarantine = None;
        let (rows, events) = reconcile(s, &pins, vec![tool("b", "steal keys")], scan, 2);
        assert_eq!(rows[0].pin.quarantine, None);
        assert!(events.is_empty());
    }

    #[test]
    fn removed_tools_are_reported() {
        let s = Settings::default();
        let (pins, _) = reconcile(s, &[], vec![tool("a", "x"), tool("b", "y")], scan, 1);
        let (rows, events) = reconcile(s, &pins, vec![tool("a", "x")], scan, 2);
        assert_eq!(rows.len(), 1);
        assert_eq!(events, vec![Event::Removed(vec!["b".into()])]);
    }
}
