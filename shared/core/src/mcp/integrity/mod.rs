//! Tool integrity: what an upstream says about its tools is pinned when it
//! is first seen or approved; a later change is noticed at every scan and
//! handled as the server's setting says; every definition is scanned for
//! text aimed at the model rather than at people (poisoning, shadowing);
//! and a call's arguments are checked against the pinned input schema.
//! See ARCHITECTURE.md "Tool integrity".

pub mod arguments;
pub mod definition;
pub mod diff;
pub mod findings;
pub mod reconcile;
pub mod rules;

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// What a scan does with a tool whose definition changed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum OnChange {
    /// Hold the tool back until a person approves the new definition.
    #[default]
    Quarantine,
    /// Take the new definition, and audit and log the change as a warning.
    Notify,
    /// Take the new definition (the change is still audited).
    Accept,
}

/// What a poisoning finding does to its tool.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum OnFinding {
    /// Hold the tool back until a person approves it as it is.
    #[default]
    Quarantine,
    /// List and call it; the finding is audited and shown.
    Warn,
}

/// Why a tool is held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quarantine {
    /// Its definition changed since it was pinned.
    Changed,
    /// The poisoning scan found something in it.
    Findings,
}

macro_rules! str_enum {
    ($t:ty, $what:literal, $($v:ident = $s:literal),+) => {
        impl $t {
            pub fn as_str(self) -> &'static str {
                match self { $(<$t>::$v => $s),+ }
            }
            pub fn parse(s: &str) -> Result<Self> {
                match s {
                    $($s => Ok(<$t>::$v),)+
                    other => Err(Error::bad_request(format!(
                        concat!("unknown ", $what, " '{}' (expected one of: ", $($s, " "),+, ")"),
                        other
                    ))),
                }
            }
        }
    };
}

str_enum!(
    OnChange,
    "on_change",
    Quarantine = "quarantine",
    Notify = "notify",
    Accept = "accept"
);
str_enum!(
    OnFinding,
    "on_finding",
    Quarantine = "quarantine",
    Warn = "warn"
);
str_enum!(
    Quarantine,
    "quarantine reason",
    Changed = "changed",
    Findings = "findings"
);

/// Where a pinned definition stands: its hash, and any hold, change or
/// finding waiting for a person. Tools, prompts and resource templates
/// carry one each.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Pin {
    /// The pinned definition's hash ([`definition::hash_value`]).
    pub hash: String,
    /// Why it is held back (hidden from lists, refused).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quarantine: Option<Quarantine>,
    /// The definition the upstream gives now, when it differs from the pin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_hash: Option<String>,
    /// What the poisoning scan found in the definition under review (the
    /// pending one if there is one, else the pinned one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<findings::Finding>,
    /// The definition a person approved as it is, findings and all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_hash: Option<String>,
    /// When the upstream's definition was last seen to change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed_at: Option<i64>,
}

/// What a scan pins: tools, prompts, resource templates.
pub trait Pinned: Clone {
    fn name(&self) -> &str;
    /// The definition as pinned and hashed.
    fn definition(&self) -> serde_json::Value;
    /// Takes the fields of `definition` (as [`Pinned::definition`] writes
    /// them) in place of its own.
    fn redefine(&mut self, definition: &serde_json::Value);
    fn pin(&self) -> &Pin;
    fn pin_mut(&mut self) -> &mut Pin;
    fn scanned_at(&self) -> i64;
    fn set_scanned_at(&mut self, at: i64);
}

/// A server's integrity settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settings {
    pub on_change: OnChange,
    pub on_finding: OnFinding,
}
