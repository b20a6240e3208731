//! The model gateway's configuration: an account's providers (with their
//! sealed API keys) and the models its callers name, each resolving to a
//! provider and that provider's model id.

use super::budgets::{Budget, callers_scopes_of, narrowest_first};
use super::sql::{Row, Sql, Statement, Value};
use crate::custody::{LocalEncrypted, Secrets, VaultKv2};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Who serves a model, and how Preloop speaks to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProviderKind {
    /// api.openai.com, or a base URL given.
    Openai,
    /// api.anthropic.com, or a base URL given.
    Anthropic,
    /// Anything that speaks OpenAI's wire format at a base URL.
    OpenaiCompatible,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Openai => "openai",
            ProviderKind::Anthropic => "anthropic",
            ProviderKind::OpenaiCompatible => "openai-compatible",
        }
    }
    pub fn parse(s: &str) -> Result<ProviderKind> {
        match s {
            "openai" => Ok(ProviderKind::Openai),
            "anthropic" => Ok(ProviderKind::Anthropic),
            "openai-compatible" => Ok(ProviderKind::OpenaiCompatible),
            _ => Err(Error::bad_request(
                "kind must be openai, anthropic or openai-compatible",
            )),
        }
    }
    /// The base URL a provider of this kind has when none is given.
    pub fn default_base_url(self) -> Option<&'static str> {
        match self {
            ProviderKind::Openai => Some("https://api.openai.com/v1"),
            ProviderKind::Anthropic => Some("https://api.anthropic.com/v1"),
            ProviderKind::OpenaiCompatible => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub kind: ProviderKind,
    pub base_url: String,
    /// Sealed with the deployment's key; never leaves the gateway.
    pub api_key_enc: Option<String>,
    /// Or where the key is kept (`vault:<mount>/data/<path>#<field>`).
    pub api_key_ref: Option<String>,
    /// The key's last four characters, to tell keys apart.
    pub key_hint: Option<String>,
    /// How long it has for a whole answer; `None`: the gateway's default.
    pub timeout_ms: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// USD per million tokens, as a model entry overrides the price table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ModelPrices {
    pub input: f64,
    pub output: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write: Option<f64>,
}

impl Provider {
    /// Where its key is kept, and the handle that backend reads it by.
    pub fn key_custody(&self) -> Option<(&'static dyn Secrets, &str)> {
        match (&self.api_key_enc, &self.api_key_ref) {
            (Some(sealed), _) => Some((&LocalEncrypted, sealed.as_str())),
            (None, Some(reference)) => Some((&VaultKv2, reference.as_str())),
            (None, None) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub id: String,
    pub account_id: String,
    /// What callers put in `model`.
    pub name: String,
    pub provider_id: String,
    pub upstream_model: String,
    pub context_window: Option<i64>,
    pub max_output_tokens: Option<i64>,
    /// `None`: the shipped price table's.
    pub prices: Option<ModelPrices>,
    /// Whether a request may go through with no known price (recorded as
    /// unpriced); refused otherwise.
    pub allow_unpriced: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const PROVIDER_COLUMNS: &str = "id, account_id, name, kind, base_url, api_key_enc, api_key_ref, key_hint, timeout_ms, created_at, updated_at";
const MODEL_COLUMNS: &str = "id, account_id, name, provider_id, upstream_model, context_window, max_output_tokens, prices, allow_unpriced, created_at, updated_at";

fn provider_from_row(r: &Row) -> Result<Provider> {
    Ok(Provider {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        name: r.str("name")?,
        kind: ProviderKind::parse(&r.str("kind")?)?,
        base_url: r.str("base_url")?,
        api_key_enc: r.opt_str("api_key_enc")?,
        api_key_ref: r.opt_str("api_key_ref")?,
        key_hint: r.opt_str("key_hint")?,
        timeout_ms: r.opt_int("timeout_ms")?,
        created_at: r.int("created_at")?,
        updated_at: r.int("updated_at")?,
    })
}

fn model_from_row(r: &Row) -> Result<Model> {
    Ok(Model {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        name: r.str("name")?,
        provider_id: r.str("provider_id")?,
        upstream_model: r.str("upstream_model")?,
        context_window: r.opt_int("context_window")?,
        max_output_tokens: r.opt_int("max_output_tokens")?,
        prices: r
            .opt_str("prices")?
            .map(|p| {
                serde_json::from_str(&p)
                    .map_err(|_| Error::internal("a stored model's prices do not parse"))
            })
            .transpose()?,
        allow_unpriced: r.bool("allow_unpriced")?,
        created_at: r.int("created_at")?,
        updated_at: r.int("updated_at")?,
    })
}

pub async fn providers(sql: &dyn Sql, account_id: &str) -> Result<Vec<Provider>> {
    sql.query(
        &format!("SELECT {PROVIDER_COLUMNS} FROM ai_providers WHERE account_id = $1 ORDER BY name"),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(provider_from_row)
    .collect()
}

pub async fn provider(sql: &dyn Sql, account_id: &str, id: &str) -> Result<Option<Provider>> {
    sql.query(
        &format!("SELECT {PROVIDER_COLUMNS} FROM ai_providers WHERE account_id = $1 AND id = $2"),
        &[account_id.into(), id.into()],
    )
    .await?
    .first()
    .map(provider_from_row)
    .transpose()
}

pub async fn insert_provider(sql: &dyn Sql, p: &Provider) -> Result<()> {
    sql.execute(
        &format!(
            "INSERT INTO ai_providers ({PROVIDER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ),
        &[
            p.id.as_str().into(),
            p.account_id.as_str().into(),
            p.name.as_str().into(),
            p.kind.as_str().into(),
            p.base_url.as_str().into(),
            p.api_key_enc.clone().into(),
            p.api_key_ref.clone().into(),
            p.key_hint.clone().into(),
            p.timeout_ms.into(),
            Value::Int(p.created_at),
            Value::Int(p.updated_at),
        ],
    )
    .await
    .map(|_| ())
}

/// Saves a provider's changed fields (all but its id, account, kind and
/// creation time); whether it existed.
pub async fn update_provider(sql: &dyn Sql, p: &Provider) -> Result<bool> {
    let changed = sql
        .execute(
            "UPDATE ai_providers SET name = $3, base_url = $4, api_key_enc = $5, api_key_ref = $6, \
             key_hint = $7, timeout_ms = $8, updated_at = $9 WHERE account_id = $1 AND id = $2",
            &[
                p.account_id.as_str().into(),
                p.id.as_str().into(),
                p.name.as_str().into(),
                p.base_url.as_str().into(),
                p.api_key_enc.clone().into(),
                p.api_key_ref.clone().into(),
                p.key_hint.clone().into(),
                p.timeout_ms.into(),
                Value::Int(p.updated_at),
            ],
        )
        .await?;
    Ok(changed > 0)
}

/// Removes a provider and the models it serves; whether it existed.
pub async fn delete_provider(sql: &dyn Sql, account_id: &str, id: &str) -> Result<bool> {
    let changed = sql
        .batch(&[
            Statement::new(
                "DELETE FROM ai_models WHERE account_id = $1 AND provider_id = $2",
                vec![account_id.into(), id.into()],
            ),
            Statement::new(
                "DELETE FROM ai_providers WHERE account_id = $1 AND id = $2",
                vec![account_id.into(), id.into()],
            ),
        ])
        .await?;
    Ok(changed.get(1).copied().unwrap_or(0) > 0)
}

pub async fn models(sql: &dyn Sql, account_id: &str) -> Result<Vec<Model>> {
    sql.query(
        &format!("SELECT {MODEL_COLUMNS} FROM ai_models WHERE account_id = $1 ORDER BY name"),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(model_from_row)
    .collect()
}

pub async fn model(sql: &dyn Sql, account_id: &str, id: &str) -> Result<Option<Model>> {
    sql.query(
        &format!("SELECT {MODEL_COLUMNS} FROM ai_models WHERE account_id = $1 AND id = $2"),
        &[account_id.into(), id.into()],
    )
    .await?
    .first()
    .map(model_from_row)
    .transpose()
}

/// A model as a caller names it, with what a request of it needs to know.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub model: Model,
    pub provider: Provider,
    /// The narrowest model list set for the caller (its key's, else its
    /// agent's, else its account's); `None`: no list applies.
    pub allowed: Option<Vec<String>>,
    /// The budgets that limit the caller, in budget-id order.
    pub budgets: Vec<Budget>,
}

/// Who is asking, for the lists and budgets that apply: a key, its agent,
/// and the flow and execution of a runtime token.
#[derive(Debug, Clone, Copy)]
pub struct Asker<'a> {
    pub api_key_id: &'a str,
    pub agent_id: Option<&'a str>,
    pub flow_id: Option<&'a str>,
    pub flow_execution_id: Option<&'a str>,
}

/// The query that resolves a model with everything a request of it needs:
/// `from` joins `ai_models m` (and whatever names the caller), `who` are
/// the caller's account, agent, key, flow and flow execution as SQL
/// expressions; the caller adds its `WHERE`. One row per budget that
/// applies, at least one.
fn resolve_query(extra: &str, from: &str, who: [&str; 5], filter: &str) -> String {
    let model_columns = MODEL_COLUMNS
        .split(", ")
        .map(|c| format!("m.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let budget_columns = super::budgets::COLUMNS
        .split(", ")
        .map(|c| format!("b.{c} AS b_{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {extra}{model_columns}, p.name AS p_name, p.kind AS p_kind, p.base_url AS p_base_url, \
         p.api_key_enc AS p_api_key_enc, p.api_key_ref AS p_api_key_ref, p.key_hint AS p_key_hint, \
         p.timeout_ms AS p_timeout_ms, p.created_at AS p_created_at, p.updated_at AS p_updated_at, \
         (SELECT a.models FROM model_access a WHERE a.account_id = {account} AND {access} \
          ORDER BY {narrowest} LIMIT 1) AS allowed_models, \
         {budget_columns} \
         FROM {from} JOIN ai_providers p ON p.id = m.provider_id AND p.account_id = m.account_id \
         LEFT JOIN budgets b ON b.account_id = m.account_id AND {budgets} \
         WHERE {filter} ORDER BY b.id",
        account = who[0],
        access = callers_scopes_of("a", who),
        narrowest = narrowest_first("a"),
        budgets = callers_scopes_of("b", who),
    )
}

/// Resolves a model as `api_key_id` (of `agent_id`, maybe) names it: the
/// model, its provider, the caller's model list and its budgets, in one
/// query, so the gateway's path makes one round trip for all of it.
pub async fn resolve(
    sql: &dyn Sql,
    account_id: &str,
    name: &str,
    asker: Asker<'_>,
) -> Result<Option<Resolved>> {
    let rows = sql
        .query(
            &resolve_query(
                "",
                "ai_models m",
                ["$1", "$2", "$3", "$4", "$5"],
                "m.account_id = $1 AND m.name = $6",
            ),
            &[
                account_id.into(),
                asker.agent_id.map(str::to_string).into(),
                asker.api_key_id.into(),
                asker.flow_id.map(str::to_string).into(),
                asker.flow_execution_id.map(str::to_string).into(),
                name.into(),
            ],
        )
        .await?;
    resolved(&rows)
}

/// [`resolve`] for the key whose hash is `key_hash`, whoever it turns out
/// to be: so it can run beside the key's own lookup (on Postgres, on
/// another connection at the same time) rather than after it. It checks
/// nothing about the key (revoked, expired, its rights): what it finds is
/// for a request that key's lookup lets through, and the key's id comes
/// with it to be matched with that lookup's.
pub async fn resolve_for_key(
    sql: &dyn Sql,
    key_hash: &str,
    name: &str,
) -> Result<Option<(String, Resolved)>> {
    let rows = sql
        .query(
            &resolve_query(
                "k.id AS k_id, ",
                "api_keys k JOIN ai_models m ON m.account_id = k.account_id AND m.name = $2",
                [
                    "k.account_id",
                    "k.agent_id",
                    "k.id",
                    "k.flow_id",
                    "k.flow_execution_id",
                ],
                "k.key_hash = $1",
            ),
            &[key_hash.into(), name.into()],
        )
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let key_id = first.str("k_id")?;
    Ok(resolved(&rows)?.map(|r| (key_id, r)))
}

fn resolved(rows: &[Row]) -> Result<Option<Resolved>> {
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let model = model_from_row(r)?;
    let provider = Provider {
        id: model.provider_id.clone(),
        account_id: model.account_id.clone(),
        name: r.str("p_name")?,
        kind: ProviderKind::parse(&r.str("p_kind")?)?,
        base_url: r.str("p_base_url")?,
        api_key_enc: r.opt_str("p_api_key_enc")?,
        api_key_ref: r.opt_str("p_api_key_ref")?,
        key_hint: r.opt_str("p_key_hint")?,
        timeout_ms: r.opt_int("p_timeout_ms")?,
        created_at: r.int("p_created_at")?,
        updated_at: r.int("p_updated_at")?,
    };
    let allowed = r
        .opt_str("allowed_models")?
        .map(|j| {
            serde_json::from_str(&j)
                .map_err(|_| Error::internal("a stored model list does not parse"))
        })
        .transpose()?;
    let mut budgets = Vec::new();
    for row in rows {
        if row.opt_str("b_id")?.is_some() {
            budgets.push(super::budgets::from_prefixed_row(row, "b_")?);
        }
    }
    Ok(Some(Resolved {
        model,
        provider,
        allowed,
        budgets,
    }))
}

/// A model's own prices as the store keeps them (JSON), if it has any.
fn stored_prices(m: &Model) -> Result<Option<String>> {
    m.prices
        .map(|p| serde_json::to_string(&p).map_err(|_| Error::internal("prices")))
        .transpose()
}

pub async fn insert_model(sql: &dyn Sql, m: &Model) -> Result<()> {
    let prices = stored_prices(m)?;
    sql.execute(
        &format!(
            "INSERT INTO ai_models ({MODEL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ),
        &[
            m.id.as_str().into(),
            m.account_id.as_str().into(),
            m.name.as_str().into(),
            m.provider_id.as_str().into(),
            m.upstream_model.as_str().into(),
            m.context_window.into(),
            m.max_output_tokens.into(),
            prices.into(),
            Value::Bool(m.allow_unpriced),
            Value::Int(m.created_at),
            Value::Int(m.updated_at),
        ],
    )
    .await
    .map(|_| ())
}

/// Saves a model's changed fields (all but its id, account and creation
/// time); whether it existed.
pub async fn update_model(sql: &dyn Sql, m: &Model) -> Result<bool> {
    let prices = stored_prices(m)?;
    let changed = sql
        .execute(
            "UPDATE ai_models SET name = $3, provider_id = $4, upstream_model = $5, context_window = $6, \
             max_output_tokens = $7, prices = $8, allow_unpriced = $9, updated_at = $10 \
             WHERE account_id = $1 AND id = $2",
            &[
                m.account_id.as_str().into(),
                m.id.as_str().into(),
                m.name.as_str().into(),
                m.provider_id.as_str().into(),
                m.upstream_model.as_str().into(),
                m.context_window.into(),
                m.max_output_tokens.into(),
                prices.into(),
                Value::Bool(m.allow_unpriced),
                Value::Int(m.updated_at),
            ],
        )
        .await?;
    Ok(changed > 0)
}

pub async fn delete_model(sql: &dyn Sql, account_id: &str, id: &str) -> Result<bool> {
    Ok(sql
        .execute(
            "DELETE FROM ai_models WHERE account_id = $1 AND id = $2",
            &[account_id.into(), id.into()],
        )
        .await?
        > 0)
}
