//! A request's hold on its budgets: the most it could cost (every byte of
//! its body counted as a prompt token, which no tokenizer exceeds for text,
//! plus its output limit) reserved on every budget that applies before it
//! goes out, or a 429 naming the budget and what is left.

use crate::meter::usd;
use crate::prices::Usage;
use crate::target::Target;
use preloop_core::Env;
use preloop_core::auth::Principal;
use preloop_core::error::{Error, Result};
use preloop_core::store::ai_models::ProviderKind;
use preloop_core::store::budgets::{self, Hold};
use serde_json::{Map, Value, json};

/// What a request holds, and the warnings its answer carries.
#[derive(Debug, Default)]
pub struct Reservation {
    pub holds: Vec<Hold>,
    /// Budgets past their soft limit, for the `x-preloop-budget-warning`
    /// header.
    pub warning: Option<String>,
}

/// The output limit a request asks for, in the fields OpenAI's chat API
/// knows.
fn asked_output(body: &Map<String, Value>) -> Option<i64> {
    ["max_completion_tokens", "max_tokens"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_i64))
}

/// Reserves the request's most possible cost on every budget of the
/// caller. With no budget, nothing is held. A request under a budget must
/// have an output limit (its own or its model's, which is then put on it)
/// and a price.
pub async fn reserve(
    env: &Env,
    principal: &Principal,
    target: &Target,
    body: &mut Map<String, Value>,
) -> Result<Reservation> {
    let budgets = budgets::applicable(
        env.sql(),
        &principal.account_id,
        principal.agent_id.as_deref(),
        &principal.api_key_id,
    )
    .await?;
    if budgets.is_empty() {
        return Ok(Reservation::default());
    }
    let priced = target.priced.as_ref().ok_or_else(|| {
        Error::bad_request("a model with no price cannot be used under a budget")
            .with_detail(json!({"code": "model_unpriced"}))
    })?;
    let output = match (asked_output(body), target.model.max_output_tokens) {
        (Some(asked), Some(limit)) => asked.min(limit),
        (Some(asked), None) => asked,
        (None, Some(limit)) => {
            // The limit goes on the request, so the provider keeps to it.
            let field = if target.provider.kind == ProviderKind::Openai {
                "max_completion_tokens"
            } else {
                "max_tokens"
            };
            body.insert(field.into(), json!(limit));
            limit
        }
        (None, None) => {
            return Err(Error::bad_request(
                "a budget applies: set max_tokens, or give the model its max_output_tokens",
            )
            .with_detail(json!({"code": "output_limit_required"})));
        }
    };
    if output < 1 {
        return Err(Error::bad_request("max_tokens must be at least 1"));
    }
    let prompt_bound =
        i64::try_from(serde_json::to_vec(body).map_or(0, |b| b.len())).unwrap_or(i64::MAX);
    let most = priced.cost_nanousd(&Usage {
        input: prompt_bound,
        output,
        ..Usage::default()
    });
    let now = env.now_ms();
    match budgets::reserve(env.sql(), &budgets, most, now).await? {
        Ok(holds) => {
            let warning = warnings(env, &budgets, now).await?;
            Ok(Reservation { holds, warning })
        }
        Err(exceeded) => {
            let b = &exceeded.budget;
            Err(Error::too_many_requests(
                format!(
                    "budget exceeded: the {} budget of {} ({} USD {}) has {} USD left, and this request could cost up to {} USD",
                    b.scope.as_str(),
                    b.scope_id,
                    usd(b.amount_nanousd),
                    b.period.as_str(),
                    usd(exceeded.left_nanousd),
                    usd(most)
                ),
                60,
            )
            .with_detail(json!({
                "code": "budget_exceeded",
                "budget_id": b.id,
                "left_usd": usd(exceeded.left_nanousd),
                "retry_after": 60,
            })))
        }
    }
}

/// The budgets past their soft limit, counting what is now held.
async fn warnings(env: &Env, list: &[budgets::Budget], now: i64) -> Result<Option<String>> {
    let mut past = Vec::new();
    for b in list {
        let Some(pct) = b.soft_limit_pct else {
            continue;
        };
        let c = budgets::counters(env.sql(), b, now).await?;
        let used = i128::from(c.spent_nanousd) + i128::from(c.reserved_nanousd);
        if used * 100 >= i128::from(b.amount_nanousd) * i128::from(pct) {
            past.push(format!("{} budget {} past {pct}%", b.scope.as_str(), b.id));
        }
    }
    Ok((!past.is_empty()).then(|| past.join("; ")))
}
