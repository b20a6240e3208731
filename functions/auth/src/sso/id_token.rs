//! Checking an ID token from the account's OpenID provider (OpenID Connect
//! Core 1.0, section 3.1.3.7): its signature against the provider's
//! published keys, then its issuer, audience, authorized party, lifetime
//! and nonce.
//!
//! The signature is checked even though the token comes straight from the
//! provider's token endpoint over TLS (where the specification lets a
//! client skip it): a deployment may reach its provider over plain HTTP on
//! a private network, and a token is then only as good as its signature.
//! Only RS256 is accepted, the algorithm every provider supports and the
//! default of OpenID Connect; `none`, HMAC (which would take a public key
//! as a shared secret) and anything else are refused before a key is
//! looked at.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BigUint, RsaPublicKey};
use serde_json::{Map, Value};
use sha2::Sha256;

/// A token is not read past this size.
const MAX_TOKEN_BYTES: usize = 16 * 1024;
/// Clock skew tolerated with the provider, in seconds.
const LEEWAY_S: i64 = 120;
/// The smallest RSA modulus accepted, in bits.
const MIN_RSA_BITS: usize = 2048;
/// The largest, in bits (verifying costs grow with it).
const MAX_RSA_BITS: usize = 8192;

/// Why an ID token was refused. Its text never holds the token.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused(pub String);

fn refused(why: impl Into<String>) -> Refused {
    Refused(why.into())
}

/// What the token must be.
pub struct Expect<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub now_s: i64,
}

/// The token's claims once every check has passed.
pub fn verify(
    token: &str,
    jwks: &Value,
    expect: &Expect<'_>,
) -> Result<Map<String, Value>, Refused> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(refused("the ID token is too large"));
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refused("the ID token is not a signed JWT"));
    };
    // What the signature covers: the header and payload as sent.
    let signed = &token[..header.len() + 1 + payload.len()];
    let header: Map<String, Value> = decode_json(header, "header")?;
    match header.get("alg").and_then(Value::as_str) {
        Some("RS256") => {}
        Some(other) => {
            return Err(refused(format!(
                "the ID token is signed with {}; only RS256 is accepted",
                other.chars().take(16).collect::<String>()
            )));
        }
        None => return Err(refused("the ID token names no algorithm")),
    }
    let kid = header.get("kid").and_then(Value::as_str);
    let key = key_for(jwks, kid)?;
    let signature = B64
        .decode(signature)
        .map_err(|_| refused("the ID token's signature is not base64url"))?;
    let signature = Signature::try_from(signature.as_slice())
        .map_err(|_| refused("the ID token's signature does not verify"))?;
    VerifyingKey::<Sha256>::new(key)
        .verify(signed.as_bytes(), &signature)
        .map_err(|_| refused("the ID token's signature does not verify"))?;
    let claims: Map<String, Value> = decode_json(payload, "claims")?;
    check_claims(&claims, expect)?;
    Ok(claims)
}

fn decode_json(part: &str, what: &str) -> Result<Map<String, Value>, Refused> {
    let bytes = B64
        .decode(part)
        .map_err(|_| refused(format!("the ID token's {what} is not base64url")))?;
    serde_json::from_slice(&bytes)
        .map_err(|_| refused(format!("the ID token's {what} is not a JSON object")))
}

/// The RSA signing key the header's `kid` names among the provider's keys
/// (with no `kid`, the provider must publish exactly one).
fn key_for(jwks: &Value, kid: Option<&str>) -> Result<RsaPublicKey, Refused> {
    let keys: Vec<&Value> = jwks
        .get("keys")
        .and_then(Value::as_array)
        .map(|keys| {
            keys.iter()
                .filter(|k| k.get("kty").and_then(Value::as_str) == Some("RSA"))
                .filter(|k| {
                    k.get("use")
                        .and_then(Value::as_str)
                        .is_none_or(|u| u == "sig")
                })
                .filter(|k| {
                    k.get("alg")
                        .and_then(Value::as_str)
                        .is_none_or(|a| a == "RS256")
                })
                .collect()
        })
        .unwrap_or_default();
    let key = match kid {
        Some(kid) => keys
            .iter()
            .find(|k| k.get("kid").and_then(Value::as_str) == Some(kid))
            .ok_or_else(|| {
                refused("the provider publishes no RS256 key with the ID token's kid")
            })?,
        None if keys.len() == 1 => &keys[0],
        None => {
            return Err(refused(
                "the ID token names no kid, and the provider has several keys",
            ));
        }
    };
    let number = |name: &str| {
        key.get(name)
            .and_then(Value::as_str)
            .and_then(|s| B64.decode(s).ok())
            .map(|b| BigUint::from_bytes_be(&b))
            .ok_or_else(|| refused(format!("the provider's key has no usable '{name}'")))
    };
    let n = number("n")?;
    if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&n.bits()) {
        return Err(refused(format!(
            "the provider's RSA key must be {MIN_RSA_BITS} to {MAX_RSA_BITS} bits"
        )));
    }
    RsaPublicKey::new(n, number("e")?).map_err(|_| refused("the provider's RSA key is not valid"))
}

/// Issuer, audience, authorized party, lifetime and nonce.
fn check_claims(claims: &Map<String, Value>, expect: &Expect<'_>) -> Result<(), Refused> {
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    if text("iss") != Some(expect.issuer) {
        return Err(refused("the ID token is from another issuer"));
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !audiences.contains(&expect.client_id) {
        return Err(refused("the ID token is for another client"));
    }
    match text("azp") {
        Some(azp) if azp != expect.client_id => {
            return Err(refused("the ID token was issued to another party"));
        }
        None if audiences.len() > 1 => {
            return Err(refused(
                "the ID token has several audiences and no authorized party",
            ));
        }
        _ => {}
    }
    let time = |name: &str| claims.get(name).and_then(Value::as_i64);
    match time("exp") {
        Some(exp) if exp + LEEWAY_S > expect.now_s => {}
        Some(_) => return Err(refused("the ID token has expired")),
        None => return Err(refused("the ID token has no expiry")),
    }
    if time("iat").is_some_and(|iat| iat > expect.now_s + LEEWAY_S) {
        return Err(refused("the ID token was issued in the future"));
    }
    if text("nonce") != Some(expect.nonce) {
        return Err(refused("the ID token's nonce is not this sign-in's"));
    }
    if text("sub").is_none_or(|s| s.is_empty() || s.len() > 255) {
        return Err(refused("the ID token has no usable subject"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // A 2048-bit key made once with `openssl genrsa 2048`, and a token it
    // signed (header {"alg":"RS256","kid":"k1"}), so the tests need no key
    // generation.
    const SIGNED: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwOi8vMTI3LjAuMC4xOjkvaWRwIiwiYXVkIjoicHJlbG9vcCIsImV4cCI6MTkwMDAwMDEwMCwiaWF0IjoxOTAwMDAwMDAwLCJub25jZSI6Im4tMFM2X1d6QTJNaiIsInN1YiI6ImFsaWNlIn0.eoib3CLr4JQ5U4ICWXx-zovUdlSJFNms1WAZK8NuPee_AOCW87wl_z6ZNpkfOJBR7CYU0Wg_frcVSMCtWWBsaNvdJXRjJm9DpGqzhbRpQrMv9HWbJJtBZiSCyKmun5bvbrIdK3VGRgaEUuw-bN-NVU2OwDrYkbNuXn5b3Tujktsz4ri-uB1dqDpMjcDH3F7dddH0ecGmAxsy9D7syG3ULOLhnGV3nHJE3AzA1EGf4uQOvBmczTsOLk-Lh-NvyJIrXtUnQknddJ2YiiiQv5iwsemIZ55wvqIdKjONJREniB6aV5yRwNhUu8Mg0ulwT9gVb8NG0-dxoSGmHEAm-pWJWQ";

    fn jwks() -> Value {
        json!({"keys": [
            {"kty": "RSA", "kid": "k0", "use": "enc", "n": "AQAB", "e": "AQAB"},
            {"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256", "e": "AQAB",
              "n": "02Bwm0RTwEoTuX3_JCgiwg6ublPjbeosmjzRYzolFzdXCT37nu4nNlIjd3LmWJ8I53Ae3T-RBsQ65Qvtm8L2AT2h3BocB6zmV6Iq0k-_OeoHfKviPohcPyBwVlhbwG84S2fi90kT8QlomxAxtUXkYwaF1alXULGQGFAzkopleYxfXzw4pfOgC-4mBXaWN46Y8TPd6z1YaNXs4mI6Q10qEn2QOThExbWfd0J7oSUMgOxed07ornN7SoVXNjQXtT3UaWmyr4eS5me8k3xIHDapUH1VyaN41mvC6TwOSym67LFKIpuxhXOqut1uzrP-7oruHdlG4ikVMOMeDdDF_pK1FQ"}
        ]})
    }

    fn expect() -> Expect<'static> {
        Expect {
            issuer: "http://127.0.0.1:9/idp",
            client_id: "preloop",
            nonce: "n-0S6_WzA2Mj",
            now_s: 1_900_000_000,
        }
    }

    #[test]
    fn a_token_signed_by_the_published_key_verifies() {
        let claims = verify(SIGNED, &jwks(), &expect()).unwrap();
        assert_eq!(claims["sub"], "alice");
    }

    #[test]
    fn a_changed_payload_or_signature_is_refused() {
        let parts: Vec<&str> = SIGNED.split('.').collect();
        let mut claims: Value = serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap();
        claims["sub"] = json!("mallory");
        let forged = format!(
            "{}.{}.{}",
            parts[0],
            B64.encode(claims.to_string()),
            parts[2]
        );
        assert!(
            verify(&forged, &jwks(), &expect())
                .unwrap_err()
                .0
                .contains("signature")
        );
        let mut sig = B64.decode(parts[2]).unwrap();
        sig[10] ^= 1;
        let forged = format!("{}.{}.{}", parts[0], parts[1], B64.encode(sig));
        assert!(
            verify(&forged, &jwks(), &expect())
                .unwrap_err()
                .0
                .contains("signature")
        );
    }

    #[test]
    fn other_algorithms_and_unknown_keys_are_refused() {
        let parts: Vec<&str> = SIGNED.split('.').collect();
        for alg in ["none", "HS256", "RS512"] {
            let header = B64.encode(json!({"alg": alg, "kid": "k1"}).to_string());
            let token = format!("{header}.{}.{}", parts[1], parts[2]);
            assert!(
                verify(&token, &jwks(), &expect())
                    .unwrap_err()
                    .0
                    .contains("only RS256"),
                "{alg}"
            );
        }
        let header = B64.encode(json!({"alg": "RS256", "kid": "other"}).to_string());
        let token = format!("{header}.{}.{}", parts[1], parts[2]);
        assert!(
            verify(&token, &jwks(), &expect())
                .unwrap_err()
                .0
                .contains("kid")
        );
        assert!(verify("a.b", &jwks(), &expect()).is_err());
        assert!(
            verify(&"a".repeat(MAX_TOKEN_BYTES + 1), &jwks(), &expect())
                .unwrap_err()
                .0
                .contains("too large")
        );
    }

    #[test]
    fn claims_are_checked_one_by_one() {
        let good = json!({"iss": "http://127.0.0.1:9/idp", "aud": "preloop", "exp": 1_900_000_100, "iat": 1_900_000_000, "nonce": "n-0S6_WzA2Mj", "sub": "alice"});
        let check = |patch: Value| {
            let mut c = good.clone();
            for (k, v) in patch.as_object().unwrap() {
                if v.is_null() {
                    c.as_object_mut().unwrap().remove(k);
                } else {
                    c[k] = v.clone();
                }
            }
            check_claims(c.as_object().unwrap(), &expect()).map_err(|e| e.0)
        };
        assert!(check(json!({})).is_ok());
        assert!(
            check(json!({"iss": "http://127.0.0.1:9/other"}))
                .unwrap_err()
                .contains("issuer")
        );
        assert!(
            check(json!({"aud": "someone-else"}))
                .unwrap_err()
                .contains("another client")
        );
        assert!(
            check(json!({"aud": ["preloop", "x"]}))
                .unwrap_err()
                .contains("authorized party")
        );
        assert!(check(json!({"aud": ["preloop", "x"], "azp": "preloop"})).is_ok());
        assert!(
            check(json!({"azp": "x"}))
                .unwrap_err()
                .contains("another party")
        );
        assert!(
            check(json!({"exp": 1_899_999_000}))
                .unwrap_err()
                .contains("expired")
        );
        assert!(
            check(json!({"exp": null}))
                .unwrap_err()
                .contains("no expiry")
        );
        assert!(
            check(json!({"iat": 1_900_001_000}))
                .unwrap_err()
                .contains("future")
        );
        assert!(
            check(json!({"nonce": "replayed"}))
                .unwrap_err()
                .contains("nonce")
        );
        assert!(check(json!({"nonce": null})).unwrap_err().contains("nonce"));
        assert!(check(json!({"sub": ""})).unwrap_err().contains("subject"));
    }
}
