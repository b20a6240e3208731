//! `spin:variables/variables@3.0.0`: application variables (`[variables]`)
//! resolved from the providers `spin up` has (`--variable name=value`, then
//! `SPIN_VARIABLE_<NAME>` in the environment, then the default), and each
//! component's own variables as templates over them (`"{{ name }}"`).
//! A component sees only the variables it declares.

use crate::manifest::Manifest;
use crate::state::bindings::spin::variables::variables as wit;
use crate::state::{Spin, SpinView, State};
use std::collections::{BTreeMap, HashMap};
use wasmtime::component::Accessor;

/// Spin's rule for a variable name: lower-case ASCII letters, digits and
/// single underscores, starting with a letter and not ending with an
/// underscore.
pub fn valid_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_lowercase()) {
        return Err(format!(
            "{name:?}: a variable name must start with a lower-case letter"
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(format!(
            "{name:?}: a variable name may hold only lower-case letters, digits and underscores"
        ));
    }
    if name.contains("__") || name.ends_with('_') {
        return Err(format!(
            "{name:?}: a variable name may not hold two underscores in a row or end with one"
        ));
    }
    Ok(())
}

/// The environment variable Spin's environment provider reads for a name.
pub fn environment_name(name: &str) -> String {
    format!("SPIN_VARIABLE_{}", name.to_ascii_uppercase())
}

/// Every application variable's value, from the providers in Spin's order.
pub fn resolve_application(
    manifest: &Manifest,
    given: &HashMap<String, String>,
    environment: &dyn Fn(&str) -> Option<String>,
) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for (name, def) in &manifest.variables {
        valid_name(name)?;
        let value = given
            .get(name)
            .cloned()
            .or_else(|| environment(&environment_name(name)))
            .or_else(|| def.default.clone());
        match value {
            Some(v) => {
                out.insert(name.clone(), v);
            }
            None if def.required => {
                return Err(format!(
                    "the required variable {name} has no value: pass --variable {name}=… or set {}",
                    environment_name(name)
                ));
            }
            None => {}
        }
    }
    for name in given.keys() {
        if !manifest.variables.contains_key(name) {
            return Err(format!(
                "--variable {name}: spin.toml declares no such variable"
            ));
        }
    }
    Ok(out)
}

/// Expands `{{ name }}` in a template over the application's variables.
pub fn expand(template: &str, application: &HashMap<String, String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .ok_or_else(|| format!("{template:?}: an unclosed {{{{"))?;
        let name = rest[start + 2..start + end].trim();
        let value = application
            .get(name)
            .ok_or_else(|| format!("{template:?} names {name}, which has no value"))?;
        out.push_str(value);
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A component's variables, resolved.
pub struct ComponentVariables(HashMap<String, String>);

impl ComponentVariables {
    pub fn resolve(
        declared: &BTreeMap<String, String>,
        application: &HashMap<String, String>,
    ) -> Result<ComponentVariables, String> {
        let mut out = HashMap::new();
        for (name, template) in declared {
            valid_name(name)?;
            out.insert(name.clone(), expand(template, application)?);
        }
        Ok(ComponentVariables(out))
    }

    pub fn get(&self, name: &str) -> Result<String, wit::Error> {
        valid_name(name).map_err(wit::Error::InvalidName)?;
        self.0
            .get(name)
            .cloned()
            .ok_or_else(|| wit::Error::Undefined(format!("no variable for {name:?}")))
    }
}

impl wit::Host for SpinView<'_> {}

impl wit::HostWithStore<State> for Spin {
    async fn get(accessor: &Accessor<State, Self>, name: String) -> Result<String, wit::Error> {
        accessor.with(|mut a| a.get().grants.variables.get(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_spins_rule() {
        assert!(valid_name("preloop_secret_key").is_ok());
        assert!(valid_name("a1").is_ok());
        for bad in ["", "Upper", "1a", "_a", "a-b", "a__b", "a_", "a.b"] {
            assert!(valid_name(bad).is_err(), "{bad}");
        }
        assert_eq!(
            environment_name("database_url"),
            "SPIN_VARIABLE_DATABASE_URL"
        );
    }

    #[test]
    fn templates_expand_and_unknown_names_are_errors() {
        let app = HashMap::from([("a".to_string(), "1".to_string())]);
        assert_eq!(expand("x{{ a }}y{{a}}", &app).as_deref(), Ok("x1y1"));
        assert!(expand("{{ b }}", &app).is_err());
        assert!(expand("{{ a", &app).is_err());
        let vars = ComponentVariables::resolve(
            &BTreeMap::from([("v".to_string(), "{{ a }}".to_string())]),
            &app,
        )
        .map_err(|e| e.to_string());
        let vars = vars.ok();
        let vars = vars.as_ref();
        assert_eq!(vars.and_then(|v| v.get("v").ok()).as_deref(), Some("1"));
        assert!(matches!(
            vars.map(|v| v.get("w")),
            Some(Err(wit::Error::Undefined(_)))
        ));
        assert!(matches!(
            vars.map(|v| v.get("W")),
            Some(Err(wit::Error::InvalidName(_)))
        ));
    }
}
