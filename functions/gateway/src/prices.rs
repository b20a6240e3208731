//! What a model costs: the price table Preloop ships (generated from
//! pydantic's genai-prices by `scripts/update-prices.py`, versioned by its
//! source's version and hash), or a model entry's own prices, which win.
//!
//! Rates are held as pico-dollars per token, integers, so a cost is exact
//! to the pico-dollar; the ledger stores nano-dollars, rounded up, so a
//! cost is never under-counted.

use preloop_core::store::ai_models::{ModelPrices, ProviderKind};
use preloop_core::{Error, Result};
use serde::Deserialize;
use std::sync::OnceLock;

const TABLE_JSON: &str = include_str!("../data/prices.json");

#[derive(Debug, Deserialize)]
struct Table {
    version: String,
    providers: Vec<ProviderPrices>,
}

#[derive(Debug, Deserialize)]
struct ProviderPrices {
    id: String,
    models: Vec<ModelEntry>,
}

#[derive(Debug, Deserialize)]
struct ModelEntry {
    id: String,
    /// How a model name matches this entry besides its exact id.
    #[serde(rename = "match")]
    matches: Option<Clause>,
    prices: TablePrices,
}

/// A match rule of the source's, lower-cased names compared.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Clause {
    Equals(String),
    StartsWith(String),
    EndsWith(String),
    Contains(String),
    Or(Vec<Clause>),
    And(Vec<Clause>),
}

impl Clause {
    fn matches(&self, name: &str) -> bool {
        match self {
            Clause::Equals(v) => name == v,
            Clause::StartsWith(v) => name.starts_with(v.as_str()),
            Clause::EndsWith(v) => name.ends_with(v.as_str()),
            Clause::Contains(v) => name.contains(v.as_str()),
            Clause::Or(list) => list.iter().any(|c| c.matches(name)),
            Clause::And(list) => list.iter().all(|c| c.matches(name)),
        }
    }
}

/// USD per million tokens: one rate, or a rate that changes once the
/// prompt is past a size (the whole request is then charged at it).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
enum Price {
    Flat(f64),
    Tiered { base: f64, tiers: Vec<Tier> },
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
struct Tier {
    start: i64,
    price: f64,
}

impl Price {
    fn per_mtok(&self, input_tokens: i64) -> f64 {
        match self {
            Price::Flat(p) => *p,
            Price::Tiered { base, tiers } => tiers
                .iter()
                .filter(|t| input_tokens > t.start)
                .max_by_key(|t| t.start)
                .map_or(*base, |t| t.price),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
struct TablePrices {
    input: Price,
    /// Absent for models that bill their input alone (embeddings).
    output: Option<Price>,
    cache_read: Option<Price>,
    cache_write: Option<Price>,
}

fn table() -> Option<&'static Table> {
    static TABLE: OnceLock<Option<Table>> = OnceLock::new();
    TABLE
        .get_or_init(|| match serde_json::from_str(TABLE_JSON) {
            Ok(t) => Some(t),
            Err(e) => {
                tracing::error!(error = %e, "the shipped price table does not parse");
                None
            }
        })
        .as_ref()
}

/// The shipped table's version, as ledger rows record it.
pub fn table_version() -> Option<&'static str> {
    table().map(|t| t.version.as_str())
}

/// The prices a model is charged at, and where they come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Priced {
    prices: TablePrices,
    /// The table's version, or `model:<id>@<updated_at>` for a model
    /// entry's own prices.
    pub version: String,
}

/// Tokens a provider reported for one request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// All prompt tokens, cached ones included.
    pub input: i64,
    pub output: i64,
    /// Of `input`, read from the provider's cache.
    pub cache_read: i64,
    /// Of `input`, written to the provider's cache.
    pub cache_write: i64,
}

/// Pico-dollars per token from USD per million tokens.
fn pico_per_token(per_mtok: f64) -> i128 {
    (per_mtok * 1_000_000.0).round() as i128
}

impl Priced {
    /// What `usage` costs, in nano-dollars, rounded up.
    pub fn cost_nanousd(&self, usage: &Usage) -> i64 {
        let p = &self.prices;
        let prompt = usage.input;
        let input_rate = pico_per_token(p.input.per_mtok(prompt));
        let rate = |price: &Option<Price>| {
            price
                .as_ref()
                .map_or(input_rate, |x| pico_per_token(x.per_mtok(prompt)))
        };
        let cache_read = usage.cache_read.clamp(0, prompt.max(0));
        let cache_write = usage.cache_write.clamp(0, prompt.max(0) - cache_read);
        let plain = prompt.max(0) - cache_read - cache_write;
        let pico = i128::from(plain) * input_rate
            + i128::from(cache_read) * rate(&p.cache_read)
            + i128::from(cache_write) * rate(&p.cache_write)
            + i128::from(usage.output.max(0))
                * p.output
                    .as_ref()
                    .map_or(0, |x| pico_per_token(x.per_mtok(prompt)));
        let nano = (pico + 999) / 1000;
        i64::try_from(nano).unwrap_or(i64::MAX)
    }

    /// The rates per million tokens for a prompt of `input_tokens`, to show.
    pub fn shown(&self, input_tokens: i64) -> serde_json::Value {
        let p = &self.prices;
        serde_json::json!({
            "input": p.input.per_mtok(input_tokens),
            "output": p.output.as_ref().map(|x| x.per_mtok(input_tokens)),
            "cache_read": p.cache_read.as_ref().map(|x| x.per_mtok(input_tokens)),
            "cache_write": p.cache_write.as_ref().map(|x| x.per_mtok(input_tokens)),
        })
    }
}

/// The providers of the table a provider kind's models are looked up in:
/// its own, or every one for an OpenAI-compatible server (which may serve
/// anyone's models).
fn providers_for(kind: ProviderKind) -> &'static [&'static str] {
    match kind {
        ProviderKind::Openai => &["openai"],
        ProviderKind::Anthropic => &["anthropic"],
        ProviderKind::OpenaiCompatible => &[],
    }
}

/// The table's prices for `upstream_model` at a provider of `kind`: an
/// exact id first, then the first entry whose rule matches.
pub fn lookup(kind: ProviderKind, upstream_model: &str) -> Option<Priced> {
    let table = table()?;
    let name = upstream_model.to_ascii_lowercase();
    let wanted = providers_for(kind);
    let providers = || {
        table
            .providers
            .iter()
            .filter(move |p| wanted.is_empty() || wanted.contains(&p.id.as_str()))
    };
    let found = providers()
        .flat_map(|p| p.models.iter())
        .find(|m| m.id == name)
        .or_else(|| {
            providers()
                .flat_map(|p| p.models.iter())
                .find(|m| m.matches.as_ref().is_some_and(|c| c.matches(&name)))
        })?;
    Some(Priced {
        prices: found.prices.clone(),
        version: table.version.clone(),
    })
}

/// A model entry's own prices, versioned by the entry and its last change.
pub fn from_entry(prices: &ModelPrices, model_id: &str, updated_at: i64) -> Result<Priced> {
    for v in [
        Some(prices.input),
        Some(prices.output),
        prices.cache_read,
        prices.cache_write,
    ]
    .into_iter()
    .flatten()
    {
        if !(v.is_finite() && (0.0..=1_000_000.0).contains(&v)) {
            return Err(Error::bad_request(
                "prices are USD per million tokens, from 0 to 1000000",
            ));
        }
    }
    Ok(Priced {
        prices: TablePrices {
            input: Price::Flat(prices.input),
            output: Some(Price::Flat(prices.output)),
            cache_read: prices.cache_read.map(Price::Flat),
            cache_write: prices.cache_write.map(Price::Flat),
        },
        version: format!("model:{model_id}@{updated_at}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses_and_names_its_source_version() {
        let version = table_version().unwrap();
        assert!(version.starts_with("genai-prices-"), "{version}");
    }

    #[test]
    fn models_are_found_by_id_and_by_rule_within_their_provider() {
        let exact = lookup(ProviderKind::Openai, "gpt-4o-mini").unwrap();
        let dated = lookup(ProviderKind::Openai, "GPT-4o-mini-2024-07-18").unwrap();
        assert_eq!(exact.prices, dated.prices);
        assert!(lookup(ProviderKind::Anthropic, "gpt-4o-mini").is_none());
        assert!(lookup(ProviderKind::Anthropic, "claude-sonnet-4-5-20250929").is_some());
        assert!(lookup(ProviderKind::OpenaiCompatible, "gpt-4o-mini").is_some());
        assert!(lookup(ProviderKind::Openai, "no-such-model-anywhere").is_none());
    }

    #[test]
    fn costs_are_exact_and_rounded_up_to_the_nano_dollar() {
        let priced = from_entry(
            &ModelPrices {
                input: 0.15,
                output: 0.6,
                cache_read: Some(0.075),
                cache_write: None,
            },
            "m",
            1,
        )
        .unwrap();
        // 1000 prompt tokens (400 of them cached) and 500 output, in
        // nano-dollars: 600 × 150 + 400 × 75 + 500 × 600.
        let usage = Usage {
            input: 1000,
            output: 500,
            cache_read: 400,
            cache_write: 0,
        };
        assert_eq!(priced.cost_nanousd(&usage), 90_000 + 30_000 + 300_000);
        // One token at 0.0015 USD per million is 1.5 nano-dollars: charged 2.
        let tiny = from_entry(
            &ModelPrices {
                input: 0.0015,
                output: 0.0,
                cache_read: None,
                cache_write: None,
            },
            "m",
            1,
        )
        .unwrap();
        let one = Usage {
            input: 1,
            ..Usage::default()
        };
        assert_eq!(tiny.cost_nanousd(&one), 2);
    }

    #[test]
    fn a_tiered_price_charges_the_whole_request_at_the_tier_past_its_start() {
        let p = Price::Tiered {
            base: 3.0,
            tiers: vec![Tier {
                start: 200_000,
                price: 6.0,
            }],
        };
        assert_eq!(p.per_mtok(200_000), 3.0);
        assert_eq!(p.per_mtok(200_001), 6.0);
    }

    #[test]
    fn entry_prices_out_of_range_are_refused() {
        let bad = ModelPrices {
            input: f64::NAN,
            output: 1.0,
            cache_read: None,
            cache_write: None,
        };
        assert!(from_entry(&bad, "m", 1).is_err());
    }
}
