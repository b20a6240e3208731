//! Budgets and their counters. A model request reserves its most possible
//! cost on every budget that applies before it goes out, and settles to
//! what it cost when it ends.
//!
//! Why this cannot be overspent by concurrent requests: each reservation is
//! one conditional `UPDATE … SET reserved = reserved + x WHERE spent +
//! reserved + x <= amount` per budget. Postgres re-checks that condition
//! on the row's newest version after taking its lock, SQLite (and D1)
//! run one writer at a time; so two requests can never both pass on the
//! same remainder. The updates of one request run in one transaction, in
//! budget-id order (no deadlock between two requests holding several);
//! if any fails, the ones that passed are released at once. Settling is
//! done once: the ledger row is claimed with a token first, and the
//! releases run only for the claimant.

use super::sql::{Row, Sql, Statement, Value};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Whose spending a budget limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Account,
    Agent,
    ApiKey,
    /// A flow's runtime tokens, by the flow id they were issued for.
    Flow,
    /// One flow execution's runtime tokens.
    FlowExecution,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Agent => "agent",
            Scope::ApiKey => "api_key",
            Scope::Flow => "flow",
            Scope::FlowExecution => "flow_execution",
        }
    }
    pub fn parse(s: &str) -> Result<Scope> {
        match s {
            "account" => Ok(Scope::Account),
            "agent" => Ok(Scope::Agent),
            "api_key" => Ok(Scope::ApiKey),
            "flow" => Ok(Scope::Flow),
            "flow_execution" => Ok(Scope::FlowExecution),
            _ => Err(Error::bad_request(
                "scope must be account, agent, api_key, flow or flow_execution",
            )),
        }
    }
}

/// The SQL condition that a row of `alias` (with `scope` and `scope_id`)
/// is the caller's: its account, agent, key, flow or flow execution, given
/// as the numbered parameters in that order from `first` (the account's).
pub(crate) fn callers_scopes(alias: &str, first: usize) -> String {
    let [account, agent, key, flow, execution] = [0, 1, 2, 3, 4].map(|i| format!("${}", first + i));
    callers_scopes_of(alias, [&account, &agent, &key, &flow, &execution])
}

/// [`callers_scopes`] with the caller given as SQL expressions (a key
/// row's columns, say), in the same order.
pub(crate) fn callers_scopes_of(alias: &str, who: [&str; 5]) -> String {
    let [account, agent, key, flow, execution] = who;
    format!(
        "(({alias}.scope = 'account' AND {alias}.scope_id = {account}) \
         OR ({alias}.scope = 'agent' AND {alias}.scope_id = {agent}) \
         OR ({alias}.scope = 'api_key' AND {alias}.scope_id = {key}) \
         OR ({alias}.scope = 'flow' AND {alias}.scope_id = {flow}) \
         OR ({alias}.scope = 'flow_execution' AND {alias}.scope_id = {execution}))"
    )
}

/// Orders rows of `alias` narrowest scope first (a key's, an execution's,
/// a flow's, an agent's, the account's).
pub(crate) fn narrowest_first(alias: &str) -> String {
    format!(
        "CASE {alias}.scope WHEN 'api_key' THEN 0 WHEN 'flow_execution' THEN 1 WHEN 'flow' THEN 2 \
         WHEN 'agent' THEN 3 ELSE 4 END"
    )
}

/// How often a budget starts again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Each UTC day.
    Daily,
    /// Each UTC calendar month.
    Monthly,
    /// Never.
    Total,
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Daily => "daily",
            Period::Monthly => "monthly",
            Period::Total => "total",
        }
    }
    pub fn parse(s: &str) -> Result<Period> {
        match s {
            "daily" => Ok(Period::Daily),
            "monthly" => Ok(Period::Monthly),
            "total" => Ok(Period::Total),
            _ => Err(Error::bad_request("period must be daily, monthly or total")),
        }
    }
    /// When the period holding `now_ms` began (UTC), in epoch milliseconds.
    pub fn window_start(self, now_ms: i64) -> i64 {
        const DAY: i64 = 86_400_000;
        match self {
            Period::Total => 0,
            Period::Daily => now_ms - now_ms.rem_euclid(DAY),
            Period::Monthly => {
                let days = now_ms.div_euclid(DAY);
                let (y, m, _) = civil_from_days(days);
                days_from_civil(y, m, 1) * DAY
            }
        }
    }
}

/// Howard Hinnant's civil-from-days: (year, month, day) of a day count.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The inverse: the day count of a civil date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Budget {
    pub id: String,
    pub account_id: String,
    pub scope: Scope,
    pub scope_id: String,
    pub amount_nanousd: i64,
    pub period: Period,
    /// Past this share of the amount, answers carry a warning.
    pub soft_limit_pct: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub(crate) const COLUMNS: &str = "id, account_id, scope, scope_id, amount_nanousd, period, soft_limit_pct, created_at, updated_at";

fn from_row(r: &Row) -> Result<Budget> {
    from_prefixed_row(r, "")
}

/// A budget from columns named with `prefix` (a joined query's `b_…`).
pub(crate) fn from_prefixed_row(r: &Row, prefix: &str) -> Result<Budget> {
    let c = |name: &str| format!("{prefix}{name}");
    Ok(Budget {
        id: r.str(&c("id"))?,
        account_id: r.str(&c("account_id"))?,
        scope: Scope::parse(&r.str(&c("scope"))?)?,
        scope_id: r.str(&c("scope_id"))?,
        amount_nanousd: r.int(&c("amount_nanousd"))?,
        period: Period::parse(&r.str(&c("period"))?)?,
        soft_limit_pct: r.opt_int(&c("soft_limit_pct"))?,
        created_at: r.int(&c("created_at"))?,
        updated_at: r.int(&c("updated_at"))?,
    })
}

pub async fn list(sql: &dyn Sql, account_id: &str) -> Result<Vec<Budget>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM budgets WHERE account_id = $1 ORDER BY created_at, id"),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

pub async fn get(sql: &dyn Sql, account_id: &str, id: &str) -> Result<Option<Budget>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM budgets WHERE account_id = $1 AND id = $2"),
        &[account_id.into(), id.into()],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()
}

pub async fn insert(sql: &dyn Sql, b: &Budget) -> Result<()> {
    sql.execute(
        &format!("INSERT INTO budgets ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"),
        &[
            b.id.as_str().into(),
            b.account_id.as_str().into(),
            b.scope.as_str().into(),
            b.scope_id.as_str().into(),
            Value::Int(b.amount_nanousd),
            b.period.as_str().into(),
            b.soft_limit_pct.into(),
            Value::Int(b.created_at),
            Value::Int(b.updated_at),
        ],
    )
    .await
    .map(|_| ())
}

pub async fn delete(sql: &dyn Sql, account_id: &str, id: &str) -> Result<bool> {
    let changed = sql
        .batch(&[
            Statement::new(
                "DELETE FROM budget_windows WHERE budget_id IN (SELECT id FROM budgets WHERE account_id = $1 AND id = $2)",
                vec![account_id.into(), id.into()],
            ),
            Statement::new(
                "DELETE FROM budgets WHERE account_id = $1 AND id = $2",
                vec![account_id.into(), id.into()],
            ),
        ])
        .await?;
    Ok(changed.get(1).copied().unwrap_or(0) > 0)
}

/// Whether the agent or key a budget names is the account's.
pub async fn scope_exists(
    sql: &dyn Sql,
    account_id: &str,
    scope: Scope,
    scope_id: &str,
) -> Result<bool> {
    let table = match scope {
        Scope::Account => return Ok(scope_id == account_id),
        // Flows are named by the runtime tokens issued for them: any id
        // of reasonable shape will do.
        Scope::Flow | Scope::FlowExecution => {
            return Ok(!scope_id.is_empty()
                && scope_id.len() <= 100
                && !scope_id.chars().any(char::is_control));
        }
        Scope::Agent => "agents",
        Scope::ApiKey => "api_keys",
    };
    Ok(!sql
        .query(
            &format!("SELECT 1 AS found FROM {table} WHERE account_id = $1 AND id = $2"),
            &[account_id.into(), scope_id.into()],
        )
        .await?
        .is_empty())
}

/// A budget's counters for the period holding `now_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counters {
    pub window_start: i64,
    pub spent_nanousd: i64,
    pub reserved_nanousd: i64,
}

pub async fn counters(sql: &dyn Sql, budget: &Budget, now_ms: i64) -> Result<Counters> {
    let window_start = budget.period.window_start(now_ms);
    let rows = sql
        .query(
            "SELECT spent_nanousd, reserved_nanousd FROM budget_windows WHERE budget_id = $1 AND window_start = $2",
            &[budget.id.as_str().into(), Value::Int(window_start)],
        )
        .await?;
    Ok(match rows.first() {
        Some(r) => Counters {
            window_start,
            spent_nanousd: r.int("spent_nanousd")?,
            reserved_nanousd: r.int("reserved_nanousd")?,
        },
        None => Counters {
            window_start,
            spent_nanousd: 0,
            reserved_nanousd: 0,
        },
    })
}

/// A budget whose period is past its soft limit, counting what is held.
#[derive(Debug, Clone, PartialEq)]
pub struct PastSoftLimit {
    pub budget: Budget,
    pub counters: Counters,
    /// Whether the account was told already, this period.
    pub noticed: bool,
}

/// The budgets of `list` (those with a soft limit) whose period holding
/// `now_ms` is at or past it, spent and reserved counted: one query.
pub async fn past_soft_limit(
    sql: &dyn Sql,
    list: &[Budget],
    now_ms: i64,
) -> Result<Vec<PastSoftLimit>> {
    let limited: Vec<&Budget> = list.iter().filter(|b| b.soft_limit_pct.is_some()).collect();
    if limited.is_empty() {
        return Ok(Vec::new());
    }
    let mut params = Vec::with_capacity(limited.len() * 2);
    let mut conditions = Vec::with_capacity(limited.len());
    for (i, b) in limited.iter().enumerate() {
        conditions.push(format!(
            "(budget_id = ${} AND window_start = ${})",
            i * 2 + 1,
            i * 2 + 2
        ));
        params.push(b.id.as_str().into());
        params.push(Value::Int(b.period.window_start(now_ms)));
    }
    let rows = sql
        .query(
            &format!(
                "SELECT budget_id, window_start, spent_nanousd, reserved_nanousd, soft_noticed_at \
                 FROM budget_windows WHERE {}",
                conditions.join(" OR ")
            ),
            &params,
        )
        .await?;
    let mut past = Vec::new();
    for r in &rows {
        let id = r.str("budget_id")?;
        let Some(b) = limited.iter().find(|b| b.id == id) else {
            continue;
        };
        let counters = Counters {
            window_start: r.int("window_start")?,
            spent_nanousd: r.int("spent_nanousd")?,
            reserved_nanousd: r.int("reserved_nanousd")?,
        };
        let pct = i128::from(b.soft_limit_pct.unwrap_or(100));
        let used = i128::from(counters.spent_nanousd) + i128::from(counters.reserved_nanousd);
        if used * 100 >= i128::from(b.amount_nanousd) * pct {
            past.push(PastSoftLimit {
                budget: (*b).clone(),
                counters,
                noticed: r.opt_int("soft_noticed_at")?.is_some(),
            });
        }
    }
    Ok(past)
}

/// Takes the right to tell the account that `budget_id`'s period starting
/// `window_start` passed its soft limit: `true` once per period, however
/// many requests ask at the same time.
pub async fn claim_soft_notice(
    sql: &dyn Sql,
    budget_id: &str,
    window_start: i64,
    now_ms: i64,
) -> Result<bool> {
    Ok(sql
        .execute(
            "UPDATE budget_windows SET soft_noticed_at = $3 \
             WHERE budget_id = $1 AND window_start = $2 AND soft_noticed_at IS NULL",
            &[
                budget_id.into(),
                Value::Int(window_start),
                Value::Int(now_ms),
            ],
        )
        .await?
        == 1)
}

/// Gives back a claim whose notice could not be queued.
pub async fn release_soft_notice(sql: &dyn Sql, budget_id: &str, window_start: i64) -> Result<()> {
    sql.execute(
        "UPDATE budget_windows SET soft_noticed_at = NULL WHERE budget_id = $1 AND window_start = $2",
        &[budget_id.into(), Value::Int(window_start)],
    )
    .await
    .map(|_| ())
}

/// What one request holds on one budget's period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    pub budget_id: String,
    pub window_start: i64,
    pub amount_nanousd: i64,
}

/// Why a reservation did not pass: the first budget it would have
/// exceeded, and what was left on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exceeded {
    pub budget: Budget,
    pub left_nanousd: i64,
}

fn release_statement(h: &Hold) -> Statement {
    Statement::new(
        "UPDATE budget_windows SET reserved_nanousd = reserved_nanousd - $3 \
         WHERE budget_id = $1 AND window_start = $2",
        vec![
            h.budget_id.as_str().into(),
            Value::Int(h.window_start),
            Value::Int(h.amount_nanousd),
        ],
    )
}

/// What reserving `amount` on each of `budgets` holds, for the period
/// holding `now_ms`.
pub fn holds_for(budgets: &[Budget], amount: i64, now_ms: i64) -> Vec<Hold> {
    budgets
        .iter()
        .map(|b| Hold {
            budget_id: b.id.clone(),
            window_start: b.period.window_start(now_ms),
            amount_nanousd: amount,
        })
        .collect()
}

/// Reserves `holds` (from [`holds_for`], in budget-id order) on `budgets`:
/// all of them, or none. `along` runs in the same transaction (the ledger
/// row that records the holds); if a budget would be passed, the holds
/// that were taken are given back with `undo` in one more transaction.
pub async fn reserve(
    sql: &dyn Sql,
    budgets: &[Budget],
    holds: &[Hold],
    along: Vec<Statement>,
    undo: Vec<Statement>,
    now_ms: i64,
) -> Result<std::result::Result<(), Exceeded>> {
    let mut statements = Vec::with_capacity(holds.len() * 2 + along.len());
    for h in holds {
        statements.push(Statement::new(
            "INSERT INTO budget_windows (budget_id, window_start, spent_nanousd, reserved_nanousd) \
             VALUES ($1, $2, 0, 0) ON CONFLICT (budget_id, window_start) DO NOTHING",
            vec![h.budget_id.as_str().into(), Value::Int(h.window_start)],
        ));
    }
    for (h, b) in holds.iter().zip(budgets) {
        statements.push(Statement::new(
            "UPDATE budget_windows SET reserved_nanousd = reserved_nanousd + $3 \
             WHERE budget_id = $1 AND window_start = $2 \
             AND spent_nanousd + reserved_nanousd + $3 <= $4",
            vec![
                h.budget_id.as_str().into(),
                Value::Int(h.window_start),
                Value::Int(h.amount_nanousd),
                Value::Int(b.amount_nanousd),
            ],
        ));
    }
    statements.extend(along);
    if statements.is_empty() {
        return Ok(Ok(()));
    }
    let changed = sql.batch(&statements).await?;
    let updates = changed.get(holds.len()..).unwrap_or(&[]);
    let passed: Vec<bool> = (0..holds.len())
        .map(|i| updates.get(i) == Some(&1))
        .collect();
    let Some(failed) = passed.iter().position(|p| !p) else {
        return Ok(Ok(()));
    };
    let mut releases: Vec<Statement> = holds
        .iter()
        .zip(&passed)
        .filter(|(_, p)| **p)
        .map(|(h, _)| release_statement(h))
        .collect();
    releases.extend(undo);
    if !releases.is_empty() {
        sql.batch(&releases).await?;
    }
    let Some(budget) = budgets.get(failed).cloned() else {
        return Err(crate::error::Error::internal(
            "a budget reservation without its budget",
        ));
    };
    let c = counters(sql, &budget, now_ms).await?;
    Ok(Err(Exceeded {
        left_nanousd: (budget.amount_nanousd - c.spent_nanousd - c.reserved_nanousd).max(0),
        budget,
    }))
}

/// The statements that turn holds into spending, for the settlement that
/// claimed ledger row `ledger_id` with `token` (see the module's doc).
pub fn settle_statements(
    holds: &[Hold],
    cost: i64,
    ledger_id: &str,
    token: &str,
) -> Vec<Statement> {
    holds
        .iter()
        .map(|h| {
            Statement::new(
                "UPDATE budget_windows SET reserved_nanousd = reserved_nanousd - $3, \
                 spent_nanousd = spent_nanousd + $4 WHERE budget_id = $1 AND window_start = $2 \
                 AND EXISTS (SELECT 1 FROM usage_ledger WHERE id = $5 AND settled_by = $6)",
                vec![
                    h.budget_id.as_str().into(),
                    Value::Int(h.window_start),
                    Value::Int(h.amount_nanousd),
                    Value::Int(cost),
                    ledger_id.into(),
                    token.into(),
                ],
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_at_utc_days_and_months() {
        // 2026-11-30T21:14:20Z
        let now = 1_796_073_260_000;
        assert_eq!(Period::Daily.window_start(now), 1_795_996_800_000);
        // 2026-11-01T00:00:00Z
        assert_eq!(Period::Monthly.window_start(now), 1_793_491_200_000);
        assert_eq!(Period::Total.window_start(now), 0);
        // 2024-02-29 is in February 2024.
        let leap = 1_709_208_000_000; // 2024-02-29T12:00:00Z
        assert_eq!(Period::Monthly.window_start(leap), 1_706_745_600_000);
    }
}
