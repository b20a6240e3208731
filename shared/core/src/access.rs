//! Roles and the permissions they grant: the one table every endpoint's
//! check reads ([`ROLE_PERMISSIONS`]), and the set arithmetic that narrows a
//! credential (an API key's scopes, an OAuth token's audience) below its
//! owner's roles. The README's table is printed from here
//! (`preloop roles --markdown`).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// What a credential may do, named `resource.action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Permission {
    ServersRead,
    ServersWrite,
    PoliciesRead,
    PoliciesWrite,
    ApprovalsRead,
    ApprovalsDecide,
    AuditRead,
    AuditExport,
    MembersRead,
    MembersInvite,
    MembersAssignRole,
    KeysRead,
    KeysWrite,
    AgentsRead,
    AgentsWrite,
    SettingsWrite,
    GatewayRead,
    GatewayWrite,
    UsageRead,
    ToolsCall,
    ModelsCall,
    TrackersRead,
    TrackersWrite,
    IssuesRead,
    IssuesWrite,
}

use Permission::*;

impl Permission {
    pub const ALL: [Permission; 25] = [
        ServersRead,
        ServersWrite,
        PoliciesRead,
        PoliciesWrite,
        ApprovalsRead,
        ApprovalsDecide,
        AuditRead,
        AuditExport,
        MembersRead,
        MembersInvite,
        MembersAssignRole,
        KeysRead,
        KeysWrite,
        AgentsRead,
        AgentsWrite,
        SettingsWrite,
        GatewayRead,
        GatewayWrite,
        UsageRead,
        ToolsCall,
        ModelsCall,
        TrackersRead,
        TrackersWrite,
        IssuesRead,
        IssuesWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServersRead => "servers.read",
            ServersWrite => "servers.write",
            PoliciesRead => "policies.read",
            PoliciesWrite => "policies.write",
            ApprovalsRead => "approvals.read",
            ApprovalsDecide => "approvals.decide",
            AuditRead => "audit.read",
            AuditExport => "audit.export",
            MembersRead => "members.read",
            MembersInvite => "members.invite",
            MembersAssignRole => "members.assign_role",
            KeysRead => "keys.read",
            KeysWrite => "keys.write",
            AgentsRead => "agents.read",
            AgentsWrite => "agents.write",
            SettingsWrite => "settings.write",
            GatewayRead => "gateway.read",
            GatewayWrite => "gateway.write",
            UsageRead => "usage.read",
            ToolsCall => "tools.call",
            ModelsCall => "models.call",
            TrackersRead => "trackers.read",
            TrackersWrite => "trackers.write",
            IssuesRead => "issues.read",
            IssuesWrite => "issues.write",
        }
    }

    pub fn parse(s: &str) -> Result<Permission> {
        Permission::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                Error::bad_request(format!(
                    "unknown permission '{}' (see GET /api/v1/roles)",
                    s.chars().take(64).collect::<String>()
                ))
            })
    }

    fn bit(self) -> u32 {
        1 << (self as u8)
    }
}

/// A set of permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Permissions(u32);

impl Permissions {
    pub const NONE: Permissions = Permissions(0);

    pub const fn of(list: &[Permission]) -> Permissions {
        let mut bits = 0;
        let mut i = 0;
        while i < list.len() {
            bits |= 1 << (list[i] as u8);
            i += 1;
        }
        Permissions(bits)
    }
    pub fn all() -> Permissions {
        Permissions::of(&Permission::ALL)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn has(self, p: Permission) -> bool {
        self.0 & p.bit() != 0
    }
    pub fn union(self, other: Permissions) -> Permissions {
        Permissions(self.0 | other.0)
    }
    pub fn intersect(self, other: Permissions) -> Permissions {
        Permissions(self.0 & other.0)
    }
    pub fn without(self, p: Permission) -> Permissions {
        Permissions(self.0 & !p.bit())
    }
    /// Less the permissions to call tools and models: what a person's
    /// browser session holds, and what handing out a machine's key does
    /// not need the giver to hold.
    pub fn without_calls(self) -> Permissions {
        self.without(ToolsCall).without(ModelsCall)
    }
    pub fn contains(self, other: Permissions) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL.into_iter().filter(move |p| self.has(*p))
    }
    /// Space-separated names, as scopes are written (OAuth's form).
    pub fn to_scope(self) -> String {
        self.iter()
            .map(Permission::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
    /// Reads space- or comma-separated permission names; unknown names are
    /// an error, not ignored (a typo must not widen or silently narrow).
    pub fn parse_scope(text: &str) -> Result<Permissions> {
        let mut set = Permissions::NONE;
        let names = text.split([' ', ',']).filter(|s| !s.is_empty());
        for (i, name) in names.enumerate() {
            if i >= Permission::ALL.len() * 2 {
                return Err(Error::bad_request("too many permission names"));
            }
            set = set.union(Permissions::of(&[Permission::parse(name)?]));
        }
        Ok(set)
    }
}

impl Serialize for Permissions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(Permission::as_str))
    }
}

/// A role: a named set of permissions from [`ROLE_PERMISSIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, and only owners make or unmake owners.
    Owner,
    /// Manages the account: servers, policies, people, keys, settings.
    Admin,
    /// Decides approval requests and reads what they concern. Cannot call
    /// tools, so an agent could not decide its own call with it.
    Approver,
    /// Reads and exports the audit trail and everything it refers to.
    Auditor,
    /// Reads the account's configuration and activity.
    Viewer,
    /// A machine's key: calls tools through the MCP endpoint, asks for
    /// policy decisions, and sends model requests through the gateway.
    Agent,
}

/// The one table: what each role may do.
pub const ROLE_PERMISSIONS: [(Role, Permissions); 6] = [
    (Role::Owner, Permissions::of(&Permission::ALL)),
    (Role::Admin, Permissions::of(&Permission::ALL)),
    (
        Role::Approver,
        Permissions::of(&[
            ServersRead,
            PoliciesRead,
            ApprovalsRead,
            ApprovalsDecide,
            AuditRead,
            MembersRead,
        ]),
    ),
    (
        Role::Auditor,
        Permissions::of(&[
            ServersRead,
            PoliciesRead,
            ApprovalsRead,
            AuditRead,
            AuditExport,
            MembersRead,
            KeysRead,
            AgentsRead,
            GatewayRead,
            UsageRead,
            TrackersRead,
            IssuesRead,
        ]),
    ),
    (
        Role::Viewer,
        Permissions::of(&[
            ServersRead,
            PoliciesRead,
            ApprovalsRead,
            AuditRead,
            MembersRead,
            AgentsRead,
            GatewayRead,
            UsageRead,
            TrackersRead,
            IssuesRead,
        ]),
    ),
    (Role::Agent, Permissions::of(&[ToolsCall, ModelsCall])),
];

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Owner,
        Role::Admin,
        Role::Approver,
        Role::Auditor,
        Role::Viewer,
        Role::Agent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Approver => "approver",
            Role::Auditor => "auditor",
            Role::Viewer => "viewer",
            Role::Agent => "agent",
        }
    }

    pub fn parse(s: &str) -> Result<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                Error::bad_request(format!(
                    "unknown role '{}' (owner, admin, approver, auditor, viewer or agent)",
                    s.chars().take(64).collect::<String>()
                ))
            })
    }

    pub fn permissions(self) -> Permissions {
        ROLE_PERMISSIONS
            .iter()
            .find(|(r, _)| *r == self)
            .map(|(_, p)| *p)
            .unwrap_or(Permissions::NONE)
    }

    /// Whether this role's credentials may call tools.
    pub fn calls_tools(self) -> bool {
        self.permissions().has(ToolsCall)
    }

    /// Roles people hold in an account (not `agent`: that is a machine's).
    pub fn for_people(self) -> bool {
        self != Role::Agent
    }
}

/// The role table as Markdown, for the README and `preloop roles`.
pub fn markdown_table() -> String {
    let mut out = String::from("| Permission |");
    for role in Role::ALL {
        out.push_str(&format!(" {} |", role.as_str()));
    }
    out.push_str("\n|---|");
    for _ in Role::ALL {
        out.push_str(":-:|");
    }
    out.push('\n');
    for p in Permission::ALL {
        out.push_str(&format!("| `{}` |", p.as_str()));
        for role in Role::ALL {
            out.push_str(if role.permissions().has(p) {
                " ✓ |"
            } else {
                "   |"
            });
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_resource_dot_action() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.as_str()).ok(), Some(p));
            assert_eq!(p.as_str().split('.').count(), 2, "{}", p.as_str());
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).ok(), Some(r));
        }
        assert!(Role::parse("root").is_err());
        assert!(Permission::parse("servers.delete").is_err());
    }

    #[test]
    fn the_table_keeps_its_promises() {
        // Only the admin roles manage; people who decide never call tools;
        // machines do nothing but call tools.
        for r in Role::ALL {
            let p = r.permissions();
            assert_eq!(
                p.has(SettingsWrite),
                matches!(r, Role::Owner | Role::Admin),
                "{r:?}"
            );
            assert!(!(p.has(ApprovalsDecide) && r == Role::Agent));
        }
        assert!(!Role::Approver.calls_tools());
        assert_eq!(
            Role::Agent.permissions(),
            Permissions::of(&[ToolsCall, ModelsCall])
        );
        assert!(Role::Auditor.permissions().has(AuditExport));
        assert!(!Role::Viewer.permissions().has(AuditExport));
        assert!(!Role::Viewer.permissions().has(KeysRead));
    }

    #[test]
    fn scopes_parse_strictly_and_sets_narrow() {
        let s = Permissions::parse_scope("servers.read audit.read,tools.call").unwrap();
        assert_eq!(s.to_scope(), "servers.read audit.read tools.call");
        assert!(Permissions::parse_scope("servers.read servers.rm").is_err());
        let narrowed = Role::Admin.permissions().intersect(s);
        assert!(Role::Admin.permissions().contains(narrowed));
        assert!(!Role::Viewer.permissions().contains(s));
        assert!(!s.without(ToolsCall).has(ToolsCall));
        let table = markdown_table();
        assert_eq!(table.lines().count(), 2 + Permission::ALL.len());
        assert!(table.contains("| `tools.call` |"));
    }
}
