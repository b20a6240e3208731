//! Channel kinds and their settings. Settings are checked when a channel is
//! saved, sealed at rest, and only summarised (never echoed) by the API:
//! webhook URLs of Slack and Mattermost are secrets in themselves.

use crate::error::{Error, Result};
use crate::ports::SmtpServer;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where an email channel hands its mail over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    pub from: String,
    #[serde(default)]
    pub smtp: Option<SmtpServer>,
    /// An HTTP mail API, for hosts that cannot speak SMTP (Workers): a JSON
    /// `POST {from, to, subject, text, html}` with `Authorization: Bearer`.
    #[serde(default)]
    pub http_api: Option<MailApi>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailApi {
    pub url: String,
    pub api_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomingWebhook {
    pub webhook_url: String,
    /// Mattermost only: post to this channel instead of the hook's default.
    #[serde(default)]
    pub channel: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedWebhook {
    pub url: String,
    /// The HMAC-SHA256 key for `X-Preloop-Signature`.
    pub secret: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushProxy {
    pub url: String,
    pub api_key: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChannelSettings {
    Email(EmailSettings),
    Slack(IncomingWebhook),
    Mattermost(IncomingWebhook),
    Webhook(SignedWebhook),
    Push(PushProxy),
}

/// An endpoint URL: absolute http(s), no credentials, never link-local or
/// metadata. The deployment's egress policy (loopback, private networks)
/// applies again when it is connected to.
fn http_url(field: &str, url: &str) -> Result<()> {
    crate::egress::EgressPolicy::ANY_NETWORK
        .check_url(url)
        .map_err(|e| Error::bad_request(format!("{field}: {}", e.message)))
}

impl ChannelSettings {
    /// Parses and checks the settings for a channel of `kind`.
    pub fn parse(kind: &str, config: &Value) -> Result<Self> {
        fn de<T: serde::de::DeserializeOwned>(kind: &str, v: &Value) -> Result<T> {
            serde_json::from_value(v.clone())
                .map_err(|e| Error::bad_request(format!("invalid {kind} channel config: {e}")))
        }
        let settings = match kind {
            "email" => ChannelSettings::Email(de(kind, config)?),
            "slack" => ChannelSettings::Slack(de(kind, config)?),
            "mattermost" => ChannelSettings::Mattermost(de(kind, config)?),
            "webhook" => ChannelSettings::Webhook(de(kind, config)?),
            "push" => ChannelSettings::Push(de(kind, config)?),
            other => {
                return Err(Error::bad_request(format!(
                    "unknown channel kind '{other}' (one of {})",
                    crate::approval::CHANNELS.join(", ")
                )));
            }
        };
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<()> {
        match self {
            ChannelSettings::Email(e) => {
                if !e.from.contains('@') {
                    return Err(Error::bad_request("email 'from' must be an address"));
                }
                if e.smtp.is_none() == e.http_api.is_none() {
                    return Err(Error::bad_request(
                        "an email channel needs exactly one of 'smtp' or 'http_api'",
                    ));
                }
                if let Some(s) = &e.smtp {
                    if s.host.trim().is_empty() {
                        return Err(Error::bad_request("smtp.host is required"));
                    }
                    if !matches!(s.security.as_str(), "starttls" | "tls" | "none") {
                        return Err(Error::bad_request(
                            "smtp.security must be starttls, tls or none",
                        ));
                    }
                }
                if let Some(api) = &e.http_api {
                    http_url("http_api.url", &api.url)?;
                    crate::text::check_header_value("http_api.api_key", &api.api_key)?;
                }
                Ok(())
            }
            ChannelSettings::Slack(w) | ChannelSettings::Mattermost(w) => {
                http_url("webhook_url", &w.webhook_url)
            }
            ChannelSettings::Webhook(w) => {
                http_url("url", &w.url)?;
                if w.secret.len() < 16 {
                    return Err(Error::bad_request(
                        "a webhook secret must be at least 16 characters",
                    ));
                }
                Ok(())
            }
            ChannelSettings::Push(p) => {
                http_url("url", &p.url)?;
                crate::text::check_header_value("api_key", &p.api_key)
            }
        }
    }

    pub fn to_json(&self) -> Value {
        let v = match self {
            ChannelSettings::Email(e) => serde_json::to_value(e),
            ChannelSettings::Slack(w) | ChannelSettings::Mattermost(w) => serde_json::to_value(w),
            ChannelSettings::Webhook(w) => serde_json::to_value(w),
            ChannelSettings::Push(p) => serde_json::to_value(p),
        };
        v.unwrap_or(Value::Null)
    }

    /// What the API shows: where it goes, never a secret or a full hook URL.
    pub fn summary(&self) -> String {
        match self {
            ChannelSettings::Email(e) => match (&e.smtp, &e.http_api) {
                (Some(s), _) => format!("from {} via SMTP {}:{}", e.from, s.host, s.port),
                (_, Some(a)) => format!("from {} via {}", e.from, host_of(&a.url)),
                _ => format!("from {}", e.from),
            },
            ChannelSettings::Slack(w) | ChannelSettings::Mattermost(w) => {
                format!("incoming webhook on {}", host_of(&w.webhook_url))
            }
            ChannelSettings::Webhook(w) => format!("signed POST to {}", host_of(&w.url)),
            ChannelSettings::Push(p) => format!("push proxy {}", host_of(&p.url)),
        }
    }
}

/// `https://hooks.slack.com/services/…` → `hooks.slack.com`.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Drop any userinfo: it is a credential.
    authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_checks_each_kind() {
        let slack = ChannelSettings::parse(
            "slack",
            &json!({"webhook_url": "https://hooks.slack.com/services/T/B/secret"}),
        )
        .unwrap();
        assert_eq!(slack.summary(), "incoming webhook on hooks.slack.com");
        assert!(!slack.summary().contains("secret"));
        assert!(ChannelSettings::parse("slack", &json!({"webhook_url": "ftp://x"})).is_err());
        assert!(
            ChannelSettings::parse("webhook", &json!({"url": "http://h/x", "secret": "short"}))
                .is_err()
        );
        assert!(ChannelSettings::parse("email", &json!({"from": "a@b"})).is_err());
        let email = ChannelSettings::parse(
            "email",
            &json!({"from": "preloop@example.com", "smtp": {"host": "mail", "password": "pw"}}),
        )
        .unwrap();
        assert_eq!(
            email.summary(),
            "from preloop@example.com via SMTP mail:587"
        );
        assert!(ChannelSettings::parse("pager", &json!({})).is_err());
        assert!(
            ChannelSettings::parse("push", &json!({"url": "http://p", "api_key": "k", "x": 1}))
                .is_err()
        );
        assert_eq!(
            host_of("https://user:pw@h.example:8443/a?b"),
            "h.example:8443"
        );
    }
}
