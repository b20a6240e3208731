//! `/oauth/authorize`: the consent page. It shows which client asks to call
//! tools as whom, the person signs in on it (email and password, throttled
//! like any sign-in; or by their account's single sign-on, which comes back
//! here with a one-time code) and allows or denies; allowing sends the browser back
//! to the client's exact redirect URI with a one-time code (and `iss`, RFC
//! 9207). A request whose client or redirect URI is not known exactly never
//! redirects anywhere: it is answered here, 401.

use super::{CODE_TTL_MS, SCOPE, clients, is_our_resource};
use crate::pages::{escape, html};
use preloop_core::access::Permission;
use preloop_core::auth::events::{self, AuthEvent};
use preloop_core::http::{Request, Response, percent_encode};
use preloop_core::store::oauth_clients::OAuthClient;
use preloop_core::store::people;
use preloop_core::store::tickets::{self, NewTicket, TicketKind};
use preloop_core::{Env, Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// What an authorization code was issued for, checked when it is
/// exchanged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub scope: String,
    /// The session the code started, once exchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

/// The request's parameters, from the query (GET) or the form (POST).
struct Params(Vec<(String, String)>);

impl Params {
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

/// Carried through the consent form unchanged.
const CARRIED: [&str; 8] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "code_challenge",
    "code_challenge_method",
    "scope",
    "resource",
];

/// Sends the browser back to the client with `fields` (and our issuer).
fn back_to(env: &Env, redirect_uri: &str, fields: &[(&str, &str)]) -> Response {
    let mut url = redirect_uri.to_string();
    let mut sep = if url.contains('?') { '&' } else { '?' };
    let iss = preloop_core::auth::issuer(env);
    for (k, v) in fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .chain([("iss", iss.as_str())].iter())
    {
        url.push(sep);
        url.push_str(k);
        url.push('=');
        url.push_str(&percent_encode(v));
        sep = '&';
    }
    Response::new(302)
        .with_header("location", url)
        .with_header("cache-control", "no-store")
        .with_header("referrer-policy", "no-referrer")
}

fn refused(status: u16, why: &str) -> Response {
    html(
        status,
        "Cannot authorize",
        &format!("<p>{}</p>", escape(why)),
    )
}

/// Checks the client and its redirect URI: what must hold before anything
/// may be sent to that URI.
async fn client_of(env: &Env, p: &Params) -> std::result::Result<OAuthClient, Response> {
    let client = clients::resolve(env, p.get("client_id"))
        .await
        .map_err(|e| refused(401, &e.message))?;
    if !client
        .redirect_uris
        .iter()
        .any(|u| u == p.get("redirect_uri"))
    {
        return Err(refused(
            401,
            "this redirect URI is not one the client registered (they must match exactly)",
        ));
    }
    Ok(client)
}

/// What else the request must be; an error here goes back to the client.
fn check_request(env: &Env, p: &Params) -> std::result::Result<(), (&'static str, String)> {
    if p.get("response_type") != "code" {
        return Err((
            "unsupported_response_type",
            "response_type must be code".into(),
        ));
    }
    let challenge = p.get("code_challenge");
    if p.get("code_challenge_method") != "S256" || challenge.len() != 43 {
        return Err((
            "invalid_request",
            "PKCE is required: code_challenge (S256, 43 characters) and code_challenge_method=S256"
                .into(),
        ));
    }
    let scope = p.get("scope");
    if !scope.is_empty() && scope.split(' ').any(|s| s != SCOPE && !s.is_empty()) {
        return Err(("invalid_scope", format!("the only scope here is {SCOPE}")));
    }
    let resource = p.get("resource");
    if !resource.is_empty() && !is_our_resource(env, resource) {
        return Err((
            "invalid_target",
            "resource must be this deployment's MCP endpoint".into(),
        ));
    }
    Ok(())
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    let posted = request.method == "POST";
    let p = Params(if posted {
        request.form_pairs()
    } else {
        request.query_pairs()
    });
    let client = match client_of(env, &p).await {
        Ok(c) => c,
        Err(page) => return page,
    };
    let redirect_uri = p.get("redirect_uri");
    let state = p.get("state");
    if let Err((code, why)) = check_request(env, &p) {
        return back_to(
            env,
            redirect_uri,
            &[
                ("error", code),
                ("error_description", &why),
                ("state", state),
            ],
        );
    }
    if !posted {
        return consent_page(env, &client, &p, None).await;
    }
    if p.get("decision") != "allow" {
        return back_to(
            env,
            redirect_uri,
            &[
                ("error", "access_denied"),
                ("error_description", "the person did not allow it"),
                ("state", state),
            ],
        );
    }
    match grant(request, env, &client, &p).await {
        Ok(code) => back_to(env, redirect_uri, &[("code", &code), ("state", state)]),
        // A wrong password shows the page again, saying so.
        Err(e) if e.status() == 401 || e.status() == 429 => {
            consent_page(env, &client, &p, Some(&e.message)).await
        }
        Err(e) => refused(e.status(), &e.message),
    }
}

/// The person consenting: signed in on the page with a password, or
/// earlier by single sign-on (whose one-time code the page carries).
struct Consenting {
    account_id: String,
    user_id: String,
    email: String,
}

async fn consenting(request: &Request, env: &Env, p: &Params) -> Result<Consenting> {
    if !p.get(SSO_CODE).is_empty() {
        let ticket = crate::sso::claim(env, p.get(SSO_CODE)).await?;
        return Ok(Consenting {
            account_id: ticket.account_id,
            user_id: ticket.user_id,
            email: ticket.email,
        });
    }
    let email = crate::grant::email(p.get("email"))?;
    let login = crate::tokens::check_password(request, env, &email, p.get("password")).await?;
    Ok(Consenting {
        account_id: login.account_id,
        user_id: login.user_id,
        email: login.email,
    })
}

/// Signs the person in and issues a code for the client.
async fn grant(request: &Request, env: &Env, client: &OAuthClient, p: &Params) -> Result<String> {
    let login = consenting(request, env, p).await?;
    let held = people::held_permissions(env.sql(), &login.account_id, &login.user_id).await?;
    if !held.has(Permission::ToolsCall) {
        return Err(Error::forbidden(
            "your role cannot call tools, so no client may call them as you: ask an admin of your account",
        ));
    }
    let code = format!("plo_{}", preloop_core::ids::random_hex(env.random(), 32));
    let now = env.now_ms();
    let data = serde_json::to_string(&CodeGrant {
        client_id: client.client_id.clone(),
        redirect_uri: p.get("redirect_uri").to_string(),
        code_challenge: p.get("code_challenge").to_string(),
        scope: SCOPE.into(),
        session_id: None,
    })
    .map_err(|e| Error::internal(e.to_string()))?;
    let mut batch = tickets::create_statements(&NewTicket {
        id: &env.new_id(),
        token_hash: &preloop_core::auth::hash_key(&code),
        kind: TicketKind::AuthorizationCode,
        account_id: &login.account_id,
        user_id: &login.user_id,
        created_by: None,
        now,
        expires_at: now + CODE_TTL_MS,
        data: Some(&data),
    });
    batch.extend(events::statements(
        env,
        &login.account_id,
        &format!("user:{}:{}", login.user_id, login.email),
        AuthEvent::ClientAuthorized,
        &format!("allowed {} to call tools as them", client.name),
        json!({"user_id": login.user_id, "email": login.email, "client_id": client.client_id, "client_name": client.name, "scope": SCOPE, "address": request.client_addr}),
    ));
    env.sql().batch(&batch).await?;
    Ok(code)
}

/// The one-time code a single sign-on hands back to this page.
const SSO_CODE: &str = "sso_code";

async fn consent_page(
    env: &Env,
    client: &OAuthClient,
    p: &Params,
    problem: Option<&str>,
) -> Response {
    let carried = |k: &&&str| !p.get(k).is_empty();
    let hidden: String = CARRIED
        .iter()
        .filter(carried)
        .map(|k| {
            format!(
                "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
                escape(p.get(k))
            )
        })
        .collect();
    let whence = p
        .get("redirect_uri")
        .split('/')
        .nth(2)
        .unwrap_or_else(|| p.get("redirect_uri"));
    // Signed in by single sign-on already: who, if the code is still live.
    let mut problem = problem.map(str::to_string);
    let sso_person = match p.get(SSO_CODE) {
        "" => None,
        code => match crate::sso::peek(env, code).await {
            Ok(Some(ticket)) => Some((code, ticket.email)),
            Ok(None) => {
                problem.get_or_insert_with(|| {
                    "that single sign-on is used or expired: sign in again".into()
                });
                None
            }
            Err(e) => {
                problem.get_or_insert(e.message);
                None
            }
        },
    };
    let problem = problem
        .map(|m| format!("<p role=\"alert\"><b>{}</b></p>", escape(&m)))
        .unwrap_or_default();
    let sign_in = match &sso_person {
        Some((code, email)) => format!(
            "<p>Signed in as <b>{}</b> by single sign-on.</p><input type=\"hidden\" name=\"{SSO_CODE}\" value=\"{}\">",
            escape(email),
            escape(code)
        ),
        None => format!(
            "<label>Email <input type=\"email\" name=\"email\" autocomplete=\"username\" required value=\"{}\"></label>\
             <label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>",
            escape(p.get("email"))
        ),
    };
    // Single sign-on comes back to this request, with its code.
    let sso_form = if sso_person.is_some() {
        String::new()
    } else {
        let query = CARRIED
            .iter()
            .filter(carried)
            .map(|k| format!("{k}={}", percent_encode(p.get(k))))
            .collect::<Vec<_>>()
            .join("&");
        format!(
            "<form method=\"get\" action=\"{}\"><p>Or sign in with your organization's single sign-on:</p>\
             <input type=\"hidden\" name=\"from\" value=\"consent\">\
             <input type=\"hidden\" name=\"return_to\" value=\"{}\">\
             <label>Account ID <input name=\"account\" required autocomplete=\"organization\"></label>\
             <button>Continue with single sign-on</button></form>",
            crate::sso::START_PATH,
            escape(&format!("{}?{query}", super::AUTHORIZE_PATH)),
        )
    };
    html(
        200,
        "Allow an MCP client",
        &format!(
            "<p><b>{}</b> (it will send you back to <code>{}</code>) asks to call tools through Preloop <b>as you</b>, \
             with your role's rights. Every call is still checked against the rules, and recorded as yours through it.</p>\
             {problem}<form method=\"post\">{hidden}{sign_in}\
             <button name=\"decision\" value=\"allow\">Allow</button> \
             <button name=\"decision\" value=\"deny\" formnovalidate>Deny</button></form>{sso_form}",
            escape(&client.name),
            escape(whence),
        ),
    )
}
