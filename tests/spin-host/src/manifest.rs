//! The parts of a Spin manifest (version 2) this host runs: application
//! variables, HTTP triggers, and each component's source and grants.
//! Anything else in a component (key-value stores, AI models, `files`)
//! is refused at start-up rather than ignored.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub spin_manifest_version: u32,
    #[allow(dead_code)]
    pub application: toml::Value,
    #[serde(default)]
    pub variables: BTreeMap<String, ApplicationVariable>,
    #[serde(default)]
    pub trigger: Triggers,
    #[serde(default)]
    pub component: BTreeMap<String, ComponentDef>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Triggers {
    #[serde(default)]
    pub http: Vec<HttpTrigger>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpTrigger {
    pub route: String,
    pub component: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationVariable {
    pub default: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    #[allow(dead_code)]
    pub secret: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentDef {
    pub source: String,
    #[serde(default)]
    pub sqlite_databases: Vec<String>,
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    #[serde(default)]
    pub allowed_outbound_hosts: Vec<String>,
    /// How `spin build` builds it: not this host's concern.
    #[allow(dead_code)]
    pub build: Option<toml::Value>,
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let manifest: Manifest =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if manifest.spin_manifest_version != 2 {
            return Err(format!(
                "{}: spin_manifest_version {} (this host reads version 2)",
                path.display(),
                manifest.spin_manifest_version
            ));
        }
        for t in &manifest.trigger.http {
            if !manifest.component.contains_key(&t.component) {
                return Err(format!(
                    "route {} names the component {}, which spin.toml does not define",
                    t.route, t.component
                ));
            }
        }
        Ok(manifest)
    }
}
