//! What a request may cost at most, for its budgets: every byte of its body
//! counted as a prompt token (no tokenizer makes more tokens than UTF-8
//! bytes of text) plus its output limit, at its model's prices. The
//! reservation itself is made with the ledger row ([`crate::meter`]).

use crate::meter::usd;
use crate::prices::Usage;
use crate::target::Target;
use preloop_core::Env;
use preloop_core::error::{Error, Result};
use preloop_core::notify::budget::{BudgetNotice, SOFT_LIMIT};
use preloop_core::notify::notice;
use preloop_core::store::budgets::{self, Budget, Exceeded};
use serde_json::{Map, Value, json};

/// The fields that limit a request's output, in the formats the gateway
/// speaks.
const OUTPUT_FIELDS: [&str; 3] = ["max_completion_tokens", "max_tokens", "max_output_tokens"];

/// The output limit a request asks for, and the field it is in.
fn asked_output(body: &Map<String, Value>) -> Option<(&'static str, i64)> {
    OUTPUT_FIELDS
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_i64).map(|v| (*k, v)))
}

/// The most the request can cost, in nano-dollars, when budgets apply
/// (`None` when none does). A request under a budget must have a price
/// and, if it makes output (`output_field` names where its format limits
/// it), an output limit: its own or its model's, the smaller, which is then
/// put on the request so the provider keeps to it.
pub fn most(
    target: &Target,
    body: &mut Map<String, Value>,
    output_field: Option<&'static str>,
) -> Result<Option<i64>> {
    if target.budgets.is_empty() {
        return Ok(None);
    }
    let priced = target.priced.as_ref().ok_or_else(|| {
        Error::bad_request("a model with no price cannot be used under a budget")
            .with_detail(json!({"code": "model_unpriced"}))
    })?;
    let output = match output_field {
        None => 0,
        Some(default_field) => {
            let asked = asked_output(body);
            let bound = match (asked.map(|(_, v)| v), target.model.max_output_tokens) {
                (Some(a), Some(limit)) => a.min(limit),
                (Some(a), None) => a,
                (None, Some(limit)) => limit,
                (None, None) => {
                    return Err(Error::bad_request(
                        "a budget applies: set max_tokens, or give the model its max_output_tokens",
                    )
                    .with_detail(json!({"code": "output_limit_required"})));
                }
            };
            if bound < 1 {
                return Err(Error::bad_request("max_tokens must be at least 1"));
            }
            if asked.map(|(_, v)| v) != Some(bound) {
                let field = asked.map_or(default_field, |(f, _)| f);
                body.insert(field.into(), json!(bound));
            }
            bound
        }
    };
    let prompt_bound =
        i64::try_from(serde_json::to_vec(body).map_or(0, |b| b.len())).unwrap_or(i64::MAX);
    Ok(Some(priced.cost_nanousd(&Usage {
        input: prompt_bound,
        output,
        ..Usage::default()
    })))
}

/// The refusal of a request that would pass a budget: 429, naming the
/// budget and what is left.
pub fn exceeded(e: &Exceeded, most: i64) -> Error {
    let b = &e.budget;
    Error::too_many_requests(
        format!(
            "budget exceeded: the {} budget of {} ({} USD {}) has {} USD left, and this request could cost up to {} USD",
            b.scope.as_str(),
            b.scope_id,
            usd(b.amount_nanousd),
            b.period.as_str(),
            usd(e.left_nanousd),
            usd(most)
        ),
        60,
    )
    .with_detail(json!({
        "code": "budget_exceeded",
        "budget_id": b.id,
        "left_usd": usd(e.left_nanousd),
        "retry_after": 60,
    }))
}

/// The warning an answer carries when budgets are past their soft limit
/// (what is now held counted), after the account is told on its channels,
/// once a period per budget.
pub async fn soft_limits(env: &Env, account_id: &str, list: &[Budget]) -> Result<Option<String>> {
    let now = env.now_ms();
    let past = budgets::past_soft_limit(env.sql(), list, now).await?;
    for p in past.iter().filter(|p| !p.noticed) {
        let b = &p.budget;
        let window = p.counters.window_start;
        if !budgets::claim_soft_notice(env.sql(), &b.id, window, now).await? {
            continue;
        }
        let notice = BudgetNotice {
            event: SOFT_LIMIT.into(),
            budget_id: b.id.clone(),
            scope: b.scope.as_str().into(),
            scope_id: b.scope_id.clone(),
            period: b.period.as_str().into(),
            window_start: window,
            soft_limit_pct: b.soft_limit_pct.unwrap_or(100),
            amount_usd: usd(b.amount_nanousd),
            used_usd: usd(p
                .counters
                .spent_nanousd
                .saturating_add(p.counters.reserved_nanousd)),
        };
        if let Err(e) = notice::queue(env, account_id, &[notice]).await {
            // Given back, so that a later request tells them.
            budgets::release_soft_notice(env.sql(), &b.id, window).await?;
            return Err(e);
        }
    }
    Ok((!past.is_empty()).then(|| {
        past.iter()
            .map(|p| {
                let b = &p.budget;
                format!(
                    "{} budget {} past {}%",
                    b.scope.as_str(),
                    b.id,
                    b.soft_limit_pct.unwrap_or(100)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }))
}
