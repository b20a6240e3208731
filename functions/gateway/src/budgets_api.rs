//! `/api/v1/budgets`: what an account, agent or API key may spend on
//! models per day, month or in total, with what the current period has
//! spent and what requests on their way hold.

use crate::meter::usd;
use crate::scope;
use preloop_core::Env;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Request, Response};
use preloop_core::store::budgets::{self, Budget, Period};
use serde::Deserialize;
use serde_json::{Value, json};

/// The largest budget: a billion dollars, in nano-dollars, fits an i64
/// with room for what is spent on top of it.
const MAX_AMOUNT_USD: f64 = 1_000_000_000.0;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewBudget {
    scope: String,
    #[serde(default)]
    scope_id: Option<String>,
    amount_usd: f64,
    period: String,
    #[serde(default)]
    soft_limit_pct: Option<i64>,
}

async fn shown(env: &Env, b: &Budget) -> Result<Value> {
    let c = budgets::counters(env.sql(), b, env.now_ms()).await?;
    Ok(json!({
        "id": b.id,
        "scope": b.scope.as_str(),
        "scope_id": b.scope_id,
        "amount_usd": usd(b.amount_nanousd),
        "amount_nanousd": b.amount_nanousd,
        "period": b.period.as_str(),
        "soft_limit_pct": b.soft_limit_pct,
        "window_start": c.window_start,
        "spent_nanousd": c.spent_nanousd,
        "reserved_nanousd": c.reserved_nanousd,
        "spent_usd": usd(c.spent_nanousd),
        "reserved_usd": usd(c.reserved_nanousd),
        "left_usd": usd((b.amount_nanousd - c.spent_nanousd - c.reserved_nanousd).max(0)),
        "created_at": b.created_at,
    }))
}

pub async fn handle(
    env: &Env,
    account: &str,
    request: &Request,
    rest: &[&str],
) -> Result<Response> {
    match (request.method.as_str(), rest) {
        ("GET", []) => {
            let mut out = Vec::new();
            for b in budgets::list(env.sql(), account).await? {
                out.push(shown(env, &b).await?);
            }
            Ok(Response::json(200, &json!({"budgets": out})))
        }
        ("POST", []) => create(env, account, request).await,
        ("GET", [id]) => {
            let b = budgets::get(env.sql(), account, id)
                .await?
                .ok_or_else(|| Error::not_found("no such budget"))?;
            Ok(Response::json(200, &shown(env, &b).await?))
        }
        ("DELETE", [id]) => {
            scope::removed(budgets::delete(env.sql(), account, id).await?, "budget")
        }
        _ => Err(Error::not_found("no such route")),
    }
}

async fn create(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let body: NewBudget = request.json()?;
    let (scope, scope_id) = scope::resolve(env, account, &body.scope, body.scope_id).await?;
    let period = Period::parse(&body.period)?;
    if !(body.amount_usd.is_finite() && (0.0..=MAX_AMOUNT_USD).contains(&body.amount_usd)) {
        return Err(Error::bad_request(
            "amount_usd must be from 0 to 1000000000",
        ));
    }
    if body.soft_limit_pct.is_some_and(|p| !(1..=100).contains(&p)) {
        return Err(Error::bad_request("soft_limit_pct must be from 1 to 100"));
    }
    let now = env.now_ms();
    let budget = Budget {
        id: env.new_id(),
        account_id: account.to_string(),
        scope,
        scope_id,
        amount_nanousd: (body.amount_usd * 1e9).round() as i64,
        period,
        soft_limit_pct: body.soft_limit_pct,
        created_at: now,
        updated_at: now,
    };
    budgets::insert(env.sql(), &budget).await.map_err(|e| {
        if e.status() == 409 {
            Error::conflict("this scope already has a budget for this period")
        } else {
            e
        }
    })?;
    Ok(Response::json(201, &shown(env, &budget).await?))
}
