//! Single sign-on: an account's OpenID provider, the provider identities
//! linked to people, and sign-ins on their way through the provider.

use super::sql::{Row, Sql, Statement, Value};
use crate::access::Role;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// One line of the group → role table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRole {
    pub group: String,
    pub role: Role,
}

/// An account's provider, as stored (the client secret sealed).
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub account_id: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret_enc: Option<String>,
    /// Asked for besides `openid`, space-separated.
    pub scopes: String,
    pub groups_claim: String,
    /// First match wins.
    pub group_roles: Vec<GroupRole>,
    /// For people in none of the groups; `None` refuses them.
    pub default_role: Option<Role>,
    pub enabled: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "account_id, issuer, client_id, client_secret_enc, scopes, groups_claim, group_roles, default_role, enabled, created_at, updated_at";

fn from_row(r: &Row) -> Result<Provider> {
    Ok(Provider {
        account_id: r.str("account_id")?,
        issuer: r.str("issuer")?,
        client_id: r.str("client_id")?,
        client_secret_enc: r.opt_str("client_secret_enc")?,
        scopes: r.str("scopes")?,
        groups_claim: r.str("groups_claim")?,
        group_roles: serde_json::from_str(&r.str("group_roles")?)
            .map_err(|_| Error::internal("a stored group → role table does not parse"))?,
        default_role: r
            .opt_str("default_role")?
            .as_deref()
            .map(Role::parse)
            .transpose()?,
        enabled: r.bool("enabled")?,
        created_at: r.int("created_at")?,
        updated_at: r.int("updated_at")?,
    })
}

pub async fn get(sql: &dyn Sql, account_id: &str) -> Result<Option<Provider>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM sso_providers WHERE account_id = $1"),
        &[account_id.into()],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()
}

/// Sets the account's provider (creating or replacing it).
pub fn put_statement(p: &Provider) -> Statement {
    Statement::new(
        format!(
            "INSERT INTO sso_providers ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (account_id) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id, \
             client_secret_enc = excluded.client_secret_enc, scopes = excluded.scopes, groups_claim = excluded.groups_claim, \
             group_roles = excluded.group_roles, default_role = excluded.default_role, enabled = excluded.enabled, \
             updated_at = excluded.updated_at"
        ),
        vec![
            p.account_id.as_str().into(),
            p.issuer.as_str().into(),
            p.client_id.as_str().into(),
            p.client_secret_enc.clone().into(),
            p.scopes.as_str().into(),
            p.groups_claim.as_str().into(),
            Value::Text(serde_json::to_string(&p.group_roles).unwrap_or_else(|_| "[]".into())),
            p.default_role.map(|r| r.as_str().to_string()).into(),
            Value::Bool(p.enabled),
            Value::Int(p.created_at),
            Value::Int(p.updated_at),
        ],
    )
}

/// Removes the account's provider and what it linked (people stay).
pub fn delete_statements(account_id: &str) -> Vec<Statement> {
    vec![
        Statement::new(
            "DELETE FROM sso_identities WHERE account_id = $1",
            vec![account_id.into()],
        ),
        Statement::new(
            "DELETE FROM sso_flows WHERE account_id = $1",
            vec![account_id.into()],
        ),
        Statement::new(
            "DELETE FROM sso_providers WHERE account_id = $1",
            vec![account_id.into()],
        ),
    ]
}

/// The person a provider's subject is linked to.
pub async fn linked_user(
    sql: &dyn Sql,
    account_id: &str,
    issuer: &str,
    subject: &str,
) -> Result<Option<String>> {
    sql.query(
        "SELECT user_id FROM sso_identities WHERE account_id = $1 AND issuer = $2 AND subject = $3",
        &[account_id.into(), issuer.into(), subject.into()],
    )
    .await?
    .first()
    .map(|r| r.str("user_id"))
    .transpose()
}

/// Links a subject to a person, or notes another sign-in of a linked one.
pub fn link_statement(
    account_id: &str,
    issuer: &str,
    subject: &str,
    user_id: &str,
    now: i64,
) -> Statement {
    Statement::new(
        "INSERT INTO sso_identities (account_id, issuer, subject, user_id, created_at, last_sign_in_at) \
         VALUES ($1, $2, $3, $4, $5, $5) \
         ON CONFLICT (account_id, issuer, subject) DO UPDATE SET last_sign_in_at = excluded.last_sign_in_at",
        vec![
            account_id.into(),
            issuer.into(),
            subject.into(),
            user_id.into(),
            Value::Int(now),
        ],
    )
}

/// A sign-in on its way through the provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub state_hash: String,
    pub account_id: String,
    pub verifier_enc: String,
    pub nonce: String,
    pub return_to: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Starts a flow; flows of the account that expired go with it.
pub fn start_statements(f: &Flow) -> Vec<Statement> {
    vec![
        Statement::new(
            "DELETE FROM sso_flows WHERE account_id = $1 AND expires_at < $2",
            vec![f.account_id.as_str().into(), Value::Int(f.created_at)],
        ),
        Statement::new(
            "INSERT INTO sso_flows (state_hash, account_id, verifier_enc, nonce, return_to, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            vec![
                f.state_hash.as_str().into(),
                f.account_id.as_str().into(),
                f.verifier_enc.as_str().into(),
                f.nonce.as_str().into(),
                f.return_to.as_str().into(),
                Value::Int(f.created_at),
                Value::Int(f.expires_at),
            ],
        ),
    ]
}

/// Takes a flow by its state's hash: returned to the one caller that
/// deleted it, and only while it is live.
pub async fn take(sql: &dyn Sql, state_hash: &str, now: i64) -> Result<Option<Flow>> {
    let rows = sql
        .query(
            "SELECT state_hash, account_id, verifier_enc, nonce, return_to, created_at, expires_at \
             FROM sso_flows WHERE state_hash = $1",
            &[state_hash.into()],
        )
        .await?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let flow = Flow {
        state_hash: r.str("state_hash")?,
        account_id: r.str("account_id")?,
        verifier_enc: r.str("verifier_enc")?,
        nonce: r.str("nonce")?,
        return_to: r.str("return_to")?,
        created_at: r.int("created_at")?,
        expires_at: r.int("expires_at")?,
    };
    let deleted = sql
        .execute(
            "DELETE FROM sso_flows WHERE state_hash = $1",
            &[state_hash.into()],
        )
        .await?;
    Ok((deleted == 1 && flow.expires_at > now).then_some(flow))
}
