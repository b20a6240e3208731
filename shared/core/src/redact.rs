//! Redaction of secrets from everything Preloop keeps or sends about a call:
//! audit records, the copy of the arguments approvers see, notifications.
//!
//! Two nets. **Keys**: the value of any field whose name looks secret is
//! replaced whole, at any depth; names are compared normalised (lower case,
//! without `-`, `_`, `.` and spaces), against a set of exact names (`pwd`,
//! `pin`, `auth`, …) and of words they may contain (`password`, `secret`,
//! `token`, `apikey`, `privatekey`, …). **Values**: inside every string,
//! credentials are found by their shape and replaced, keeping what says
//! what they were: `Authorization`-style schemes (`Bearer …`, `Basic …`),
//! user info in URLs, PEM private keys, `name=value` pairs with a secret
//! name, and the token formats of common services. The token formats follow
//! the rule set of gitleaks (its default `config/gitleaks.toml`: rules
//! `aws-access-token`, `github-pat`, `github-fine-grained-pat`,
//! `gitlab-pat`, `slack-*-token`, `slack-webhook-url`, `stripe-access-token`,
//! `openai-api-key`, `anthropic-api-key`, `gcp-api-key`, `jwt`,
//! `sendgrid-api-token`, `twilio-api-key`, `npm-access-token`,
//! `huggingface-access-token`, `private-key`), written for regex-lite.
//! Accounts add keys and patterns of their own ([`Redactor::with_extras`]).

use crate::error::{Error, Result};
use regex_lite::Regex;
use serde_json::Value;
use std::borrow::Cow;
use std::sync::OnceLock;

pub const REDACTED: &str = "[REDACTED]";

/// Normalised names that are secrets when they are the whole name.
const EXACT_KEYS: &[&str] = &[
    "pwd", "pass", "pin", "auth", "otp", "mfa", "totp", "cvv", "cvc", "ssn", "sig", "jwt", "dsn",
    "pat", "creds",
];

/// Words that make a normalised name secret wherever they appear in it.
const KEY_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "privkey",
    "secretkey",
    "signingkey",
    "encryptionkey",
    "masterkey",
    "authorization",
    "authkey",
    "bearer",
    "credential",
    "cookie",
    "session",
    "signature",
    "connectionstring",
    "cardnumber",
    "creditcard",
    "securitycode",
];

/// Names that contain a key word but count or describe, not hold, secrets
/// (a model call's token counts above all).
const NOT_SECRET: &[&str] = &[
    "tokentype",
    "tokenizer",
    "tokens",
    "maxtokens",
    "maxoutputtokens",
    "maxcompletiontokens",
    "inputtokens",
    "outputtokens",
    "totaltokens",
    "prompttokens",
    "completiontokens",
    "numtokens",
    "tokencount",
    "cachedtokens",
    "reasoningtokens",
    "sessionname",
    "sessiontimeout",
];

fn normalise(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a field name looks like it holds a secret.
pub fn is_secret_key(key: &str) -> bool {
    let k = normalise(key);
    if EXACT_KEYS.contains(&k.as_str()) {
        return true;
    }
    if NOT_SECRET.contains(&k.as_str()) {
        return false;
    }
    KEY_WORDS.iter().any(|w| k.contains(w))
}

/// A pattern, a cheap test that it may match, and what replaces a match.
struct Rule {
    re: Regex,
    /// Lower-cased substrings of which one must occur (empty: always run).
    hints: &'static [&'static str],
    replace: &'static str,
}

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let spec: &[(&str, &[&str], &str)] = &[
            // PEM private keys, whole block (or to the end when cut off).
            (
                r"-----BEGIN[A-Z0-9 _-]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END[A-Z0-9 _-]*PRIVATE KEY( BLOCK)?-----|$)",
                &["-----begin"],
                "[REDACTED PRIVATE KEY]",
            ),
            // Credentials in URLs: scheme://user:password@host, scheme://token@host.
            (
                r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@?#]+@",
                &["://"],
                "${1}[REDACTED]@",
            ),
            // Authorization schemes and the like.
            (
                r"(?i)\b(bearer|basic|digest|token|apikey|api-key)(\s+|:\s*)[A-Za-z0-9._~+/=-]{6,}",
                &["bearer", "basic", "digest", "token", "apikey", "api-key"],
                "${1}${2}[REDACTED]",
            ),
            // name=value and name: value with a secret-looking name.
            (
                r#"(?i)\b((?:[a-z0-9]*[_-])?(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth|session[_-]?id|sig|signature|credentials?))(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;"'}\[\]][^\s&,;"'}\]]*)"#,
                &["=", ":"],
                "${1}${2}[REDACTED]",
            ),
            // Service token formats (gitleaks' rules, see the module doc).
            // Distinctive prefixes match anywhere, so tokens glued to each
            // other or to words are all found in one pass.
            (
                concat!(
                    r"(?:(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}",
                    r"|gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}",
                    r"|glpat-[A-Za-z0-9_-]{20,}",
                    r"|xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,}",
                    r"|(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,}",
                    r"|sk-ant-[A-Za-z0-9_-]{20,}",
                    r"|AIza[0-9A-Za-z_-]{35}",
                    r"|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
                    r"|npm_[A-Za-z0-9]{36}",
                    r"|https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_+-]+)",
                ),
                &[],
                "[REDACTED]",
            ),
            // Short prefixes that occur inside ordinary words ("task-…")
            // only where a word starts.
            (
                concat!(
                    r"\b(?:sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}",
                    r"|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",
                    r"|SK[0-9a-fA-F]{32}|hf_[A-Za-z0-9]{30,}",
                    r"|pl_[0-9a-f]{64})",
                ),
                &[],
                "[REDACTED]",
            ),
        ];
        spec.iter()
            .filter_map(|(pattern, hints, replace)| {
                // The patterns are constants tested below; one that failed
                // to compile would be dropped, and its test would fail.
                Regex::new(pattern).ok().map(|re| Rule {
                    re,
                    hints,
                    replace,
                })
            })
            .collect()
    })
}

/// Shortest string the value patterns look at: every format they know is
/// longer than this.
const MIN_SCANNED: usize = 8;

/// Redacts with the built-in rules plus an account's own keys and patterns.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    keys: Vec<String>,
    patterns: Vec<Regex>,
}

/// At most this many extra keys and patterns per account.
pub const MAX_EXTRAS: usize = 100;

impl Redactor {
    /// The built-in rules only.
    pub fn standard() -> &'static Redactor {
        static STANDARD: OnceLock<Redactor> = OnceLock::new();
        STANDARD.get_or_init(Redactor::default)
    }

    /// The built-in rules and an account's own: more field names (compared
    /// normalised, as a whole name) and patterns whose matches are replaced.
    pub fn with_extras(keys: &[String], patterns: &[String]) -> Result<Redactor> {
        if keys.len() > MAX_EXTRAS || patterns.len() > MAX_EXTRAS {
            return Err(Error::bad_request(format!(
                "at most {MAX_EXTRAS} redaction keys and {MAX_EXTRAS} patterns"
            )));
        }
        let keys = keys
            .iter()
            .map(|k| {
                crate::text::check_name("redaction key", k, 128)?;
                Ok(normalise(k))
            })
            .collect::<Result<_>>()?;
        let patterns = patterns
            .iter()
            .map(|p| {
                if p.is_empty() {
                    return Err(Error::bad_request("a redaction pattern is empty"));
                }
                crate::policy::bounds::compile_pattern(p).map(|(re, _)| re)
            })
            .collect::<Result<_>>()?;
        Ok(Redactor { keys, patterns })
    }

    fn secret_key(&self, key: &str) -> bool {
        is_secret_key(key) || (!self.keys.is_empty() && self.keys.contains(&normalise(key)))
    }

    /// A copy of `value` with secret fields and secrets inside strings
    /// replaced, at any depth.
    pub fn value(&self, value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        let v = if self.secret_key(k) {
                            Value::String(REDACTED.into())
                        } else {
                            self.value(v)
                        };
                        // A map keyed by credentials hides them in its keys.
                        (self.text(k).into_owned(), v)
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.value(v)).collect()),
            Value::String(s) => match self.text(s) {
                Cow::Borrowed(_) => value.clone(),
                Cow::Owned(t) => Value::String(t),
            },
            other => other.clone(),
        }
    }

    /// Free text with the secrets found in it replaced.
    pub fn text<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if s.len() < MIN_SCANNED {
            return Cow::Borrowed(s);
        }
        let mut out = Cow::Borrowed(s);
        // One replacement can expose another secret (a token glued to
        // `password=…` hides its word boundary until the token is gone), so
        // the rules run again until nothing changes (found by fuzzing).
        for _ in 0..8 {
            let mut changed = false;
            let lower = out.to_ascii_lowercase();
            for rule in rules() {
                if !rule.hints.is_empty() && !rule.hints.iter().any(|h| lower.contains(h)) {
                    continue;
                }
                if let Cow::Owned(t) = rule.re.replace_all(&out, rule.replace)
                    && t != *out
                {
                    out = Cow::Owned(t);
                    changed = true;
                }
            }
            for re in &self.patterns {
                if let Cow::Owned(t) = re.replace_all(&out, REDACTED)
                    && t != *out
                {
                    out = Cow::Owned(t);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        out
    }
}

/// A copy of `value` with secrets replaced by the built-in rules.
pub fn redact(value: &Value) -> Value {
    Redactor::standard().value(value)
}

/// Text with secrets replaced by the built-in rules.
pub fn redact_text(s: &str) -> String {
    Redactor::standard().text(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Real-looking secrets (made up, in the formats services issue), each
    /// with the field name or surrounding text it typically comes in.
    pub(crate) fn corpus() -> Vec<(&'static str, String)> {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq98f0kyZxu1sVxDkzK3pWq\nQm9vbmxpZ2h0c29uYXRhbWJvdXJpbmU=\n-----END RSA PRIVATE KEY-----";
        vec![
            ("pwd", "hunter2hunter2".into()),
            ("bearer", "abcDEF123456ghiJKL".into()),
            ("auth", "s3cr3t-v4lue-99".into()),
            ("private-key", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".into()),
            ("access-key", "wJalrXUtnFEMIK7MDENGbPxRfiCYzzq".into()),
            ("pin", "482913".into()),
            ("X-Api-Key", "k-2938475610293847".into()),
            ("client.secret", "cs_9f8e7d6c5b4a3928".into()),
            ("sessionId", "sess_8d7f6e5d4c3b2a19".into()),
            ("note", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U".into()),
            ("header", "Basic dXNlcjpwYXNzd29yZDEyMw==".into()),
            ("url", "https://deploy:Sup3rS3cret@git.example.com/repo.git".into()),
            ("clone", "https://ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789@github.com/o/r".into()),
            ("key_file", pem.into()),
            ("cmd", "curl -H 'x: 1' https://api.example.com?token=tok_5f4dcc3b5aa765d61d8327deb882cf99&x=1".into()),
            ("text", "db password=correct-horse-battery-staple and more".into()),
            ("env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLQ".into()),
            ("gh", "ghp_1234567890abcdefghijklmnopqrstuvwxyz".into()),
            ("gh_fine", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef".into()),
            ("gl", "glpat-xYz123AbC456dEf789Gh".into()),
            ("slack", "xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx".into()),
            ("hook", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX".into()),
            ("stripe", "sk_live_51HqLyjWDarjtT1zdp7dcXyZ".into()),
            ("openai", "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD".into()),
            ("anthropic", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789".into()),
            ("google", "AIzaSyA1234567890abcdefghijklmnopqrstuv".into()),
            ("sendgrid", "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG".into()),
            ("npm", "npm_abcdefghijklmnopqrstuvwxyz0123456789".into()),
            ("preloop", format!("pl_{}", "ab12".repeat(16))),
            ("message", "use token: 9f8e7d6c5b4a39281706 to log in".into()),
        ]
    }

    /// The secret part of a corpus entry: what must not survive.
    fn secret_part(value: &str) -> Vec<String> {
        let strip = |s: &str| {
            s.trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_string()
        };
        value
            .split(|c: char| c.is_whitespace() || matches!(c, '=' | '@' | '&' | '?' | '/'))
            .filter(|w| w.len() >= 12 && w.chars().any(|c| c.is_ascii_digit()))
            .map(strip)
            .filter(|w| w.len() >= 12 && !w.starts_with("https") && !w.contains("example"))
            .collect()
    }

    #[test]
    fn no_secret_of_the_corpus_survives() {
        let corpus = corpus();
        let mut args = serde_json::Map::new();
        for (k, v) in &corpus {
            args.insert(k.to_string(), json!(v));
        }
        let nested = json!({"args": args, "list": [{"inner": Value::Object(args.clone())}]});
        let out = redact(&nested).to_string();
        for (k, v) in &corpus {
            for part in secret_part(v) {
                assert!(!out.contains(&part), "{k}: '{part}' survived in {out}");
            }
            if ["pwd", "pin", "auth", "bearer", "private-key", "access-key"].contains(k) {
                assert!(!out.contains(v.as_str()), "{k} survived");
            }
        }
        assert!(
            !out.contains("]]"),
            "a replacement was replaced again: {out}"
        );
        // What surrounds a secret stays readable.
        let r = redact_text("Authorization: Bearer abcdefghijklmnop");
        assert_eq!(r, "Authorization: Bearer [REDACTED]");
        assert_eq!(
            redact_text("https://user:pw1234@host.example/x"),
            "https://[REDACTED]@host.example/x"
        );
        assert!(redact_text(corpus[13].1.as_str()).contains("[REDACTED PRIVATE KEY]"));
    }

    #[test]
    fn a_secret_behind_another_is_found_too() {
        let r = redact_text("AKIAIOSFODNN7EXAMPLQpassword=hunter22");
        assert_eq!(r, "[REDACTED]password=[REDACTED]");
        assert_eq!(redact_text(&r), r);
        // Two keys glued together are both found.
        let r = redact_text("AKIAIOSFODNN7EXAMPLQAKIAIOSFODNN7EXAMPLE");
        assert_eq!(r, "[REDACTED][REDACTED]");
        assert_eq!(
            redact_text("task-manager-configuration-values"),
            "task-manager-configuration-values"
        );
    }

    #[test]
    fn ordinary_values_are_left_alone() {
        let v = json!({"path": "/srv/app", "environment": "production", "max_tokens": 512,
                       "input_tokens": 10, "token_type": "Bearer", "count": 3,
                       "url": "https://example.com/a?b=c", "sql": "SELECT 1", "time": "12:30:00"});
        assert_eq!(redact(&v), v);
        for k in [
            "Password",
            "API_KEY",
            "api-key",
            "x-auth-token",
            "PWD",
            "Pin",
            "client_secret",
            "privateKey",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "pinned",
            "author",
            "passenger",
            "keyboard",
            "max_tokens",
            "tokenizer",
            "input_tokens",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
        for k in ["access_tokens", "api_tokens", "refresh_tokens"] {
            assert!(is_secret_key(k), "{k}");
        }
        let keyed = redact(&json!({"ghp_1234567890abcdefghijklmnopqrstuvwxyz": 1}));
        assert_eq!(keyed, json!({"[REDACTED]": 1}));
    }

    #[test]
    fn accounts_add_keys_and_patterns() {
        let r = Redactor::with_extras(&["Employee-ID".into()], &["ACME-[0-9]{6}".into()]).unwrap();
        let out = r.value(&json!({"employee_id": "E1", "note": "ticket ACME-123456 done"}));
        assert_eq!(
            out,
            json!({"employee_id": REDACTED, "note": "ticket [REDACTED] done"})
        );
        assert!(Redactor::with_extras(&[], &["((a{100}){100}){10}".into()]).is_err());
        assert!(Redactor::with_extras(&["a\u{202E}b".into()], &[]).is_err());
    }

    #[test]
    fn every_rule_compiles() {
        assert_eq!(rules().len(), 6);
    }
}
