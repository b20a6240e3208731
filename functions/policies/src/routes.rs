//! `/api/v1/policies`: the whole configuration as a policy file. Export it,
//! validate or test a candidate, see what applying it would change, apply it
//! (all or nothing, as a new numbered version), list versions and roll back.
//!
//! A document is sent either as the raw file (`Content-Type:
//! application/yaml`) or as JSON `{"document": "...", "variables": {...}}`,
//! where `variables` are the values of the file's `${VAR}` references.

use crate::{Ctx, method_not_allowed, ok};
use preloop_core::http::Response;
use preloop_core::policy::apply::{self, Request as ApplyRequest};
use preloop_core::policy::{load, simulate, testing};
use preloop_core::store::policy_revisions;
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Envelope {
    document: String,
    #[serde(default)]
    variables: HashMap<String, String>,
    #[serde(default)]
    dry_run: bool,
    /// For apply and diff: delete what the file does not name.
    #[serde(default)]
    prune: bool,
    /// For simulate: how far back to replay, e.g. `24h`, `7d`, `90m`.
    #[serde(default)]
    since: Option<String>,
}

fn envelope(ctx: &Ctx<'_>) -> Result<Envelope> {
    let is_json = ctx
        .request
        .headers
        .get("content-type")
        .is_some_and(|t| t.starts_with("application/json"));
    if is_json {
        return ctx.body();
    }
    let text = std::str::from_utf8(&ctx.request.body)
        .map_err(|_| Error::bad_request("the policy file must be UTF-8"))?;
    if text.trim().is_empty() {
        return Err(Error::bad_request(
            "send the policy file as the body (application/yaml), or JSON {\"document\": ...}",
        ));
    }
    Ok(Envelope {
        document: text.to_string(),
        ..Envelope::default()
    })
}

fn dry_run_param(ctx: &Ctx<'_>) -> bool {
    flag_param(ctx, "dry_run")
}

fn flag_param(ctx: &Ctx<'_>, name: &str) -> bool {
    ctx.request
        .query_param(name)
        .is_some_and(|v| v != "false" && v != "0")
}

fn yaml(text: String) -> Result<Response> {
    Ok(Response::text(200, "application/yaml; charset=utf-8", text))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RollbackInput {
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    variables: HashMap<String, String>,
    #[serde(default)]
    dry_run: bool,
}

pub async fn route(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    let env = ctx.env;
    let account = ctx.account();
    let by = &ctx.principal.api_key_id;
    match (method, rest) {
        ("GET", ["export"]) => yaml(apply::export_yaml(env, account).await?),
        // The published file (a test holds it equal to what the code
        // generates); serving it as text keeps the schema generator out of
        // the edge bundle.
        ("GET", ["schema"]) => Ok(Response::text(
            200,
            "application/schema+json",
            include_str!("../../../web/schemas/preloop-policy-1.0.json"),
        )),
        ("POST", ["validate"]) => {
            let e = envelope(ctx)?;
            match load::load(&e.document) {
                Ok(doc) => {
                    let tests = testing::run(&doc, env.now_ms());
                    ok(&json!({"valid": true, "problems": [], "tests": tests}))
                }
                Err(problems) => ok(&json!({"valid": false, "problems": problems})),
            }
        }
        ("POST", ["apply"]) | ("POST", ["diff"]) => {
            let e = envelope(ctx)?;
            let dry_run = rest == ["diff"] || e.dry_run || dry_run_param(ctx);
            let outcome = apply::apply(
                env,
                account,
                ApplyRequest {
                    text: &e.document,
                    variables: e.variables,
                    dry_run,
                    rollback_of: None,
                    applied_by: by,
                    prune: e.prune || flag_param(ctx, "prune"),
                },
            )
            .await?;
            ok(&outcome)
        }
        ("POST", ["simulate"]) => {
            let e = envelope(ctx)?;
            let since = e
                .since
                .or_else(|| ctx.request.query_param("since"))
                .unwrap_or_else(|| "24h".into());
            let window = simulate::parse_duration(&since)?;
            ok(&simulate::simulate(env, account, &e.document, env.now_ms() - window).await?)
        }
        ("GET", ["history"]) | ("GET", ["versions"]) => {
            let limit = ctx
                .request
                .query_param("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(50_i64)
                .clamp(1, 500);
            ok(&json!({"versions": policy_revisions::list(env.sql(), account, limit).await?}))
        }
        ("GET", ["versions", n]) => {
            let number = parse_version(n)?;
            yaml(
                policy_revisions::get(env.sql(), account, number)
                    .await?
                    .document,
            )
        }
        ("POST", ["rollback"]) | ("POST", ["versions", _, "rollback"]) => {
            let input: RollbackInput = if ctx.request.body.is_empty() {
                RollbackInput::default()
            } else {
                ctx.body()?
            };
            let number = match (rest, input.version) {
                (["versions", n, _], _) => parse_version(n)?,
                (_, Some(n)) => n,
                (_, None) => return Err(Error::bad_request("name the version to roll back to")),
            };
            let dry_run = input.dry_run || dry_run_param(ctx);
            ok(&apply::rollback(env, account, number, input.variables, dry_run, by).await?)
        }
        (_, ["export" | "schema" | "history" | "versions"] | ["versions", _]) => {
            Err(method_not_allowed("GET"))
        }
        (_, ["validate" | "apply" | "diff" | "simulate" | "rollback"]) => {
            Err(method_not_allowed("POST"))
        }
        _ => Err(Error::not_found("no such route under /api/v1/policies")),
    }
}

fn parse_version(n: &str) -> Result<i64> {
    n.parse()
        .map_err(|_| Error::bad_request(format!("'{n}' is not a version number")))
}
