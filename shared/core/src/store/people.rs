//! Users, teams and team membership.

use super::sql::{Row, Sql, Statement, Value};
use crate::access::Role;
use crate::error::{Error, ErrorKind, Result};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Their role in the account (their teams may grant more).
    pub role: Role,
    /// Whether they have a password to sign in with.
    pub password_set: bool,
    /// Set when they may no longer sign in or use their keys.
    pub disabled_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Team {
    pub id: String,
    pub name: String,
    /// The role membership grants, if any.
    pub role: Option<Role>,
    pub member_ids: Vec<String>,
    pub created_at: i64,
}

const USER_COLUMNS: &str =
    "id, name, email, role, password_hash IS NOT NULL AS password_set, disabled_at, created_at";

fn user_from_row(r: &Row) -> Result<User> {
    Ok(User {
        id: r.str("id")?,
        name: r.str("name")?,
        email: r.str("email")?,
        role: Role::parse(&r.str("role")?)?,
        password_set: r.bool("password_set")?,
        disabled_at: r.opt_int("disabled_at")?,
        created_at: r.int("created_at")?,
    })
}

fn conflict(e: Error, what: String) -> Error {
    if e.kind == ErrorKind::Conflict {
        Error::conflict(what)
    } else {
        e
    }
}

pub async fn create_user(sql: &dyn Sql, account_id: &str, u: &User) -> Result<()> {
    sql.batch(&[create_user_statement(account_id, u, None)])
        .await
        .map_err(|e| conflict(e, format!("a user with email '{}' already exists", u.email)))?;
    Ok(())
}

/// Adds a person, with a password hash if they will sign in with one.
pub fn create_user_statement(account_id: &str, u: &User, password_hash: Option<&str>) -> Statement {
    Statement::new(
        "INSERT INTO users (id, account_id, name, email, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            u.id.as_str().into(),
            account_id.into(),
            u.name.as_str().into(),
            u.email.as_str().into(),
            u.role.as_str().into(),
            password_hash.map(str::to_string).into(),
            Value::Int(u.created_at),
        ],
    )
}

/// Sets a person's role.
pub fn set_role_statement(account_id: &str, id: &str, role: Role) -> Statement {
    Statement::new(
        "UPDATE users SET role = $3 WHERE id = $1 AND account_id = $2",
        vec![id.into(), account_id.into(), role.as_str().into()],
    )
}

/// Disables a person (`Some(when)`) or enables them again (`None`).
pub fn set_disabled_statement(account_id: &str, id: &str, at: Option<i64>) -> Statement {
    Statement::new(
        "UPDATE users SET disabled_at = $3 WHERE id = $1 AND account_id = $2",
        vec![id.into(), account_id.into(), at.into()],
    )
}

/// A person's permissions: their own role's, and those of the teams the
/// rows name (`team_role`, one row per team, as the principal lookups join
/// them).
pub(crate) fn with_team_roles(own: Role, rows: &[Row]) -> Result<crate::access::Permissions> {
    let mut held = own.permissions();
    for r in rows {
        if let Some(team) = r.opt_str("team_role")? {
            held = held.union(Role::parse(&team)?.permissions());
        }
    }
    Ok(held)
}

/// The roles a person holds: their own and their teams'. None when they
/// are disabled.
pub async fn roles_held(sql: &dyn Sql, account_id: &str, user_id: &str) -> Result<Vec<Role>> {
    let rows = sql
        .query(
            "SELECT u.role, u.disabled_at, t.role AS team_role FROM users u \
             LEFT JOIN team_members m ON m.user_id = u.id LEFT JOIN teams t ON t.id = m.team_id \
             WHERE u.id = $1 AND u.account_id = $2",
            &[user_id.into(), account_id.into()],
        )
        .await?;
    let mut held = Vec::new();
    for r in &rows {
        if r.opt_int("disabled_at")?.is_some() {
            return Ok(Vec::new());
        }
        for role in [Some(r.str("role")?), r.opt_str("team_role")?]
            .into_iter()
            .flatten()
        {
            let role = Role::parse(&role)?;
            if !held.contains(&role) {
                held.push(role);
            }
        }
    }
    Ok(held)
}

/// What a person may do: the permissions of every role they hold.
pub async fn held_permissions(
    sql: &dyn Sql,
    account_id: &str,
    user_id: &str,
) -> Result<crate::access::Permissions> {
    Ok(roles_held(sql, account_id, user_id)
        .await?
        .into_iter()
        .fold(crate::access::Permissions::NONE, |held, r| {
            held.union(r.permissions())
        }))
}

/// How many owners the account has (it must keep one).
pub async fn count_owners(sql: &dyn Sql, account_id: &str) -> Result<i64> {
    sql.query(
        "SELECT COUNT(*) AS n FROM users WHERE account_id = $1 AND role = 'owner' AND disabled_at IS NULL",
        &[account_id.into()],
    )
    .await?
    .first()
    .map(|r| r.int("n"))
    .unwrap_or(Ok(0))
}

pub async fn update_user(
    sql: &dyn Sql,
    account_id: &str,
    id: &str,
    name: &str,
    email: &str,
) -> Result<()> {
    let n = sql
        .execute(
            "UPDATE users SET name = $3, email = $4 WHERE id = $1 AND account_id = $2",
            &[id.into(), account_id.into(), name.into(), email.into()],
        )
        .await
        .map_err(|e| conflict(e, format!("a user with email '{email}' already exists")))?;
    if n == 0 {
        return Err(Error::not_found(format!("no user {id}")));
    }
    Ok(())
}

pub async fn get_user(sql: &dyn Sql, account_id: &str, id: &str) -> Result<User> {
    sql.query(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1 AND account_id = $2"),
        &[id.into(), account_id.into()],
    )
    .await?
    .first()
    .map(user_from_row)
    .transpose()?
    .ok_or_else(|| Error::not_found(format!("no user {id}")))
}

/// The account's person with this (lowercased) email, if any.
pub async fn find_by_email(sql: &dyn Sql, account_id: &str, email: &str) -> Result<Option<User>> {
    sql.query(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE account_id = $1 AND email = $2"),
        &[account_id.into(), email.into()],
    )
    .await?
    .first()
    .map(user_from_row)
    .transpose()
}

pub async fn list_users(sql: &dyn Sql, account_id: &str) -> Result<Vec<User>> {
    sql.query(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE account_id = $1 ORDER BY name, id"),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(user_from_row)
    .collect()
}

/// Deletes a user with their memberships and API keys.
pub async fn delete_user(sql: &dyn Sql, account_id: &str, id: &str) -> Result<()> {
    let owned = "(SELECT id FROM users WHERE id = $1 AND account_id = $2)";
    let counts = sql
        .batch(&[
            Statement::new(format!("DELETE FROM team_members WHERE user_id IN {owned}"), vec![id.into(), account_id.into()]),
            Statement::new(format!("DELETE FROM approval_policy_members WHERE member_kind = 'user' AND member_id IN {owned}"), vec![id.into(), account_id.into()]),
            Statement::new(format!("DELETE FROM api_keys WHERE user_id IN {owned}"), vec![id.into(), account_id.into()]),
            Statement::new(format!("UPDATE agents SET owner_user_id = NULL WHERE owner_user_id IN {owned}"), vec![id.into(), account_id.into()]),
            Statement::new("DELETE FROM users WHERE id = $1 AND account_id = $2", vec![id.into(), account_id.into()]),
        ])
        .await?;
    if counts.last().copied().unwrap_or(0) == 0 {
        return Err(Error::not_found(format!("no user {id}")));
    }
    Ok(())
}

/// The ids among `ids` that are not users of the account.
pub async fn missing_users(sql: &dyn Sql, account_id: &str, ids: &[String]) -> Result<Vec<String>> {
    let known: Vec<String> = list_users(sql, account_id)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    Ok(ids
        .iter()
        .filter(|id| !known.contains(id))
        .cloned()
        .collect())
}

/// Creates a team with its members; `also` (audit records) is written in
/// the same batch.
pub async fn create_team(
    sql: &dyn Sql,
    account_id: &str,
    t: &Team,
    also: Vec<Statement>,
) -> Result<()> {
    let mut statements = vec![Statement::new(
        "INSERT INTO teams (id, account_id, name, role, created_at) VALUES ($1, $2, $3, $4, $5)",
        vec![
            t.id.as_str().into(),
            account_id.into(),
            t.name.as_str().into(),
            t.role.map(|r| r.as_str().to_string()).into(),
            Value::Int(t.created_at),
        ],
    )];
    statements.extend(
        t.member_ids
            .iter()
            .map(|u| add_member_statement(&t.id, u, t.created_at)),
    );
    statements.extend(also);
    sql.batch(&statements)
        .await
        .map_err(|e| conflict(e, format!("a team named '{}' already exists", t.name)))?;
    Ok(())
}

fn add_member_statement(team_id: &str, user_id: &str, now: i64) -> Statement {
    Statement::new(
        "INSERT INTO team_members (team_id, user_id, created_at) VALUES ($1, $2, $3)",
        vec![team_id.into(), user_id.into(), Value::Int(now)],
    )
}

/// Renames a team and sets the role it grants.
pub fn update_team_statement(
    account_id: &str,
    id: &str,
    name: &str,
    role: Option<Role>,
) -> Statement {
    Statement::new(
        "UPDATE teams SET name = $3, role = $4 WHERE id = $1 AND account_id = $2",
        vec![
            id.into(),
            account_id.into(),
            name.into(),
            role.map(|r| r.as_str().to_string()).into(),
        ],
    )
}

/// Runs `batch`, which starts with [`update_team_statement`].
pub async fn update_team(sql: &dyn Sql, id: &str, name: &str, batch: &[Statement]) -> Result<()> {
    let counts = sql
        .batch(batch)
        .await
        .map_err(|e| conflict(e, format!("a team named '{name}' already exists")))?;
    if counts.first().copied().unwrap_or(0) == 0 {
        return Err(Error::not_found(format!("no team {id}")));
    }
    Ok(())
}

pub async fn list_teams(sql: &dyn Sql, account_id: &str) -> Result<Vec<Team>> {
    let rows = sql
        .query(
            "SELECT t.id, t.name, t.role, t.created_at, m.user_id FROM teams t LEFT JOIN team_members m ON m.team_id = t.id \
             WHERE t.account_id = $1 ORDER BY t.name, t.id, m.user_id",
            &[account_id.into()],
        )
        .await?;
    let mut teams: Vec<Team> = Vec::new();
    for r in &rows {
        let id = r.str("id")?;
        if teams.last().is_none_or(|t| t.id != id) {
            teams.push(Team {
                id,
                name: r.str("name")?,
                role: r.opt_str("role")?.map(|r| Role::parse(&r)).transpose()?,
                member_ids: Vec::new(),
                created_at: r.int("created_at")?,
            });
        }
        if let (Some(team), Some(user)) = (teams.last_mut(), r.opt_str("user_id")?) {
            team.member_ids.push(user);
        }
    }
    Ok(teams)
}

pub async fn get_team(sql: &dyn Sql, account_id: &str, id: &str) -> Result<Team> {
    list_teams(sql, account_id)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| Error::not_found(format!("no team {id}")))
}

/// Adds a member; `also` (its audit record) is written in the same batch.
pub async fn add_member(
    sql: &dyn Sql,
    account_id: &str,
    team_id: &str,
    user_id: &str,
    now: i64,
    also: Vec<Statement>,
) -> Result<()> {
    get_team(sql, account_id, team_id).await?;
    get_user(sql, account_id, user_id).await?;
    let mut batch = vec![add_member_statement(team_id, user_id, now)];
    batch.extend(also);
    sql.batch(&batch)
        .await
        .map_err(|e| conflict(e, format!("user {user_id} is already a member")))?;
    Ok(())
}

/// Removes a member; `also` (its audit record) is written in the same
/// batch.
pub async fn remove_member(
    sql: &dyn Sql,
    account_id: &str,
    team_id: &str,
    user_id: &str,
    also: Vec<Statement>,
) -> Result<()> {
    get_team(sql, account_id, team_id).await?;
    let mut batch = vec![Statement::new(
        "DELETE FROM team_members WHERE team_id = $1 AND user_id = $2",
        vec![team_id.into(), user_id.into()],
    )];
    batch.extend(also);
    let n = sql.batch(&batch).await?.first().copied().unwrap_or(0);
    if n == 0 {
        return Err(Error::not_found(format!(
            "user {user_id} is not a member of team {team_id}"
        )));
    }
    Ok(())
}

/// Deletes a team; `also` (its audit record) is written in the same batch.
pub async fn delete_team(
    sql: &dyn Sql,
    account_id: &str,
    id: &str,
    also: Vec<Statement>,
) -> Result<()> {
    let owned = "(SELECT id FROM teams WHERE id = $1 AND account_id = $2)";
    let mut batch = also;
    batch.extend([
        Statement::new(format!("DELETE FROM team_members WHERE team_id IN {owned}"), vec![id.into(), account_id.into()]),
        Statement::new(format!("DELETE FROM approval_policy_members WHERE member_kind = 'team' AND member_id IN {owned}"), vec![id.into(), account_id.into()]),
        Statement::new("DELETE FROM teams WHERE id = $1 AND account_id = $2", vec![id.into(), account_id.into()]),
    ]);
    let counts = sql.batch(&batch).await?;
    if counts.last().copied().unwrap_or(0) == 0 {
        return Err(Error::not_found(format!("no team {id}")));
    }
    Ok(())
}
