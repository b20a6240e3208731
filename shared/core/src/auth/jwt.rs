//! Access tokens: short-lived JWTs signed with HS256 by the `jsonwebtoken`
//! crate, under keys from the settings (`PRELOOP_JWT_KEYS`), each with a
//! `kid`. The first key signs; every listed key verifies, so a new key put
//! first signs no one out: tokens signed with the one before stay valid
//! until they expire, and it can be dropped after that.
//!
//! Only HS256 is ever accepted. Signing goes through `jsonwebtoken`, whose
//! cryptography is our own provider ([`PROVIDER`]): HMAC-SHA256 and
//! nothing else, so the RSA and elliptic-curve code the crate could bring
//! is not in the build. Verifying is done here, in a few lines: the crate's
//! decoder parses every JOSE header field (JWKs, certificate chains), which
//! cost each Worker 30 KB gzipped, and every function verifies. The
//! algorithm is ours, never the token's: anything but HS256 (`none`,
//! HS384, RS256 with the secret as a "public key") is refused before a key
//! is looked at; the signature is compared in constant time; issuer,
//! audience and lifetime are checked against the host's clock. The tests
//! check tokens both ways against the crate's own decoder.

use crate::error::{Error, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::ErrorKind as JwtErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Access tokens live this long unless the settings say otherwise.
pub const DEFAULT_ACCESS_TTL_S: i64 = 15 * 60;
/// A token is not read past this size (headers are bounded anyway; this
/// keeps the base64 and JSON work of a hostile one small).
const MAX_TOKEN_BYTES: usize = 4096;
/// Clock skew tolerated between instances, in seconds.
const LEEWAY_S: i64 = 5;

/// One signing key. Its secret is never printed.
#[derive(Clone)]
pub struct SigningKey {
    pub kid: String,
    secret: Vec<u8>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({}, <secret>)", self.kid)
    }
}

impl SigningKey {
    /// A key from at least 32 bytes of secret.
    pub fn new(kid: &str, secret: Vec<u8>) -> std::result::Result<SigningKey, String> {
        let kid_ok = !kid.is_empty()
            && kid.len() <= 64
            && kid
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !kid_ok {
            return Err(format!(
                "a JWT key id must be 1-64 letters, digits, '-', '_' or '.', not {kid:?}"
            ));
        }
        if secret.len() < 32 {
            return Err(format!(
                "the JWT key '{kid}' must be at least 32 bytes (64 hex digits)"
            ));
        }
        Ok(SigningKey {
            kid: kid.to_string(),
            secret,
        })
    }
}

/// The keys access tokens are signed and verified with.
#[derive(Debug, Clone, Default)]
pub struct JwtKeys {
    keys: Vec<SigningKey>,
}

impl JwtKeys {
    /// Reads `kid:hex[,kid:hex…]`; the first key signs.
    pub fn parse(setting: &str) -> std::result::Result<JwtKeys, String> {
        let mut keys: Vec<SigningKey> = Vec::new();
        for part in setting.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (kid, secret) = part
                .split_once(':')
                .ok_or("PRELOOP_JWT_KEYS lists keys as kid:hex, separated by commas")?;
            let secret = hex::decode(secret.trim())
                .map_err(|_| format!("the JWT key '{kid}' is not hex"))?;
            if keys.iter().any(|k| k.kid == kid) {
                return Err(format!("the JWT key id '{kid}' is listed twice"));
            }
            keys.push(SigningKey::new(kid.trim(), secret)?);
        }
        Ok(JwtKeys { keys })
    }

    pub fn from_keys(keys: Vec<SigningKey>) -> JwtKeys {
        JwtKeys { keys }
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key id new tokens are signed with.
    pub fn current_kid(&self) -> Option<&str> {
        self.keys.first().map(|k| k.kid.as_str())
    }

    /// Signs `claims` with the first key.
    pub fn sign(&self, claims: &AccessClaims) -> Result<String> {
        install_provider();
        let key = self.keys.first().ok_or_else(not_configured)?;
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(key.kid.clone());
        let encoding = EncodingKey::from_secret(&key.secret)
            .map_err(|_| Error::internal("the JWT signing key could not be used"))?;
        jsonwebtoken::encode(&header, claims, &encoding)
            .map_err(|_| Error::internal("an access token could not be signed"))
    }

    /// Checks a token's signature (by its `kid`), algorithm, issuer,
    /// audience and lifetime at `now_s`, and returns its claims. Every
    /// failure is the same 401 to the caller; the log gets the reason.
    pub fn verify(
        &self,
        token: &str,
        issuer: &str,
        audience: &str,
        now_s: i64,
    ) -> Result<AccessClaims> {
        self.check(token, issuer, audience, now_s).map_err(|why| {
            tracing::debug!(why, "access token refused");
            Error::unauthorized("invalid or expired access token")
        })
    }

    fn check(
        &self,
        token: &str,
        issuer: &str,
        audience: &str,
        now_s: i64,
    ) -> std::result::Result<AccessClaims, &'static str> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err("too long");
        }
        let mut parts = token.split('.');
        let (Some(head), Some(body), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("not three parts");
        };
        let header: JoseHeader =
            serde_json::from_slice(&B64.decode(head).map_err(|_| "header is not base64url")?)
                .map_err(|_| "unreadable header")?;
        // The algorithm is ours, never the token's to choose; extensions we
        // do not know must not be ignored (RFC 7515 section 4.1.11).
        if header.alg != "HS256" {
            return Err("not HS256");
        }
        if header.crit.is_some() {
            return Err("critical extensions");
        }
        let kid = header.kid.ok_or("no kid")?;
        let key = self
            .keys
            .iter()
            .find(|k| k.kid == kid)
            .ok_or("unknown kid")?;
        let signature = B64
            .decode(signature)
            .map_err(|_| "signature is not base64url")?;
        let mut mac = HmacSha256::new_from_slice(&key.secret).map_err(|_| "key unusable")?;
        mac.update(head.as_bytes());
        mac.update(b".");
        mac.update(body.as_bytes());
        // Constant time.
        mac.verify_slice(&signature).map_err(|_| "bad signature")?;
        let claims: AccessClaims =
            serde_json::from_slice(&B64.decode(body).map_err(|_| "claims are not base64url")?)
                .map_err(|_| "unreadable claims")?;
        if claims.iss != issuer {
            return Err("another issuer");
        }
        if claims.aud != audience {
            return Err("another audience");
        }
        if claims.exp + LEEWAY_S <= now_s {
            return Err("expired");
        }
        if claims.iat > now_s + LEEWAY_S {
            return Err("issued in the future");
        }
        Ok(claims)
    }
}

/// The JOSE header fields a verifier must look at.
#[derive(Deserialize)]
struct JoseHeader {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default)]
    crit: Option<serde_json::Value>,
}

fn not_configured() -> Error {
    Error::unavailable(
        "sign-in is not configured here: set PRELOOP_JWT_KEYS (kid:hex of at least 32 bytes)",
    )
}

/// What an access token says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    /// The person.
    pub sub: String,
    /// What the token is for: the management API, or the MCP resource.
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    /// The sign-in session it was issued from (checked on every use, so
    /// signing out ends it at once).
    pub sid: String,
    /// The account.
    pub acc: String,
    /// The OAuth client acting for the person, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// Whether a bearer token is a JWT (three base64url parts) rather than an
/// API key.
pub fn looks_like_jwt(token: &str) -> bool {
    token.starts_with("eyJ") && token.bytes().filter(|b| *b == b'.').count() == 2
}

// --- jsonwebtoken's cryptography: HS256 only ------------------------------

type HmacSha256 = Hmac<Sha256>;

struct Hs256(HmacSha256);

impl signature::Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, msg: &[u8]) -> std::result::Result<Vec<u8>, signature::Error> {
        let mut mac = self.0.clone();
        mac.update(msg);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl signature::Verifier<Vec<u8>> for Hs256 {
    fn verify(&self, msg: &[u8], sig: &Vec<u8>) -> std::result::Result<(), signature::Error> {
        let mut mac = self.0.clone();
        mac.update(msg);
        // Constant time.
        mac.verify_slice(sig).map_err(|_| signature::Error::new())
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

fn hs256(alg: &Algorithm, secret: &[u8]) -> jsonwebtoken::errors::Result<Hs256> {
    if *alg != Algorithm::HS256 {
        return Err(JwtErrorKind::InvalidAlgorithm.into());
    }
    HmacSha256::new_from_slice(secret)
        .map(Hs256)
        .map_err(|_| JwtErrorKind::InvalidKeyFormat.into())
}

fn signer(alg: &Algorithm, key: &EncodingKey) -> jsonwebtoken::errors::Result<Box<dyn JwtSigner>> {
    Ok(Box::new(hs256(alg, key.as_bytes())?))
}

fn verifier(
    alg: &Algorithm,
    key: &DecodingKey,
) -> jsonwebtoken::errors::Result<Box<dyn JwtVerifier>> {
    Ok(Box::new(hs256(alg, key.try_get_as_bytes()?)?))
}

static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: signer,
    verifier_factory: verifier,
    key_utils: KeyUtils::new_unimplemented(),
};

fn install_provider() {
    // Installed once per process; later calls find it there.
    let _ = PROVIDER.install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISS: &str = "http://preloop.test";
    const AUD: &str = "http://preloop.test/api/v1";

    fn keys(spec: &str) -> JwtKeys {
        JwtKeys::parse(spec).unwrap()
    }
    fn claims(now: i64) -> AccessClaims {
        AccessClaims {
            iss: ISS.into(),
            sub: "usr_1".into(),
            aud: AUD.into(),
            exp: now + DEFAULT_ACCESS_TTL_S,
            iat: now,
            sid: "ses_1".into(),
            acc: "acc_1".into(),
            client_id: None,
            scope: None,
        }
    }
    const K1: &str = "k1:0101010101010101010101010101010101010101010101010101010101010101";
    const K2: &str = "k2:0202020202020202020202020202020202020202020202020202020202020202";

    #[test]
    fn a_token_verifies_under_its_key_and_after_a_rotation() {
        let old = keys(K1);
        let token = old.sign(&claims(1000)).unwrap();
        assert!(looks_like_jwt(&token));
        assert_eq!(old.verify(&token, ISS, AUD, 1001).unwrap(), claims(1000));
        // The new key signs; the old one still verifies what it signed.
        let rotated = keys(&format!("{K2},{K1}"));
        assert_eq!(rotated.current_kid(), Some("k2"));
        assert!(rotated.verify(&token, ISS, AUD, 1001).is_ok());
        let fresh = rotated.sign(&claims(1000)).unwrap();
        // Once the old key is dropped its tokens are refused; new ones are not.
        let later = keys(K2);
        assert!(later.verify(&token, ISS, AUD, 1001).is_err());
        assert!(later.verify(&fresh, ISS, AUD, 1001).is_ok());
    }

    #[test]
    fn expired_wrong_audience_issuer_and_forged_tokens_are_refused() {
        let k = keys(K1);
        let token = k.sign(&claims(1000)).unwrap();
        assert!(k.verify(&token, ISS, AUD, 1000 + 15 * 60 + 10).is_err());
        assert!(
            k.verify(&token, ISS, "http://preloop.test/mcp/v1", 1001)
                .is_err()
        );
        assert!(k.verify(&token, "http://elsewhere", AUD, 1001).is_err());
        // The same claims signed with a key of the same id but another secret.
        let forged = keys("k1:0303030303030303030303030303030303030303030303030303030303030303")
            .sign(&claims(1000))
            .unwrap();
        assert!(k.verify(&forged, ISS, AUD, 1001).is_err());
        // A changed payload under the original signature.
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        let mut c = claims(1000);
        c.sub = "usr_admin".into();
        parts[1] = B64.encode(serde_json::to_vec(&c).unwrap());
        assert!(k.verify(&parts.join("."), ISS, AUD, 1001).is_err());
    }

    #[test]
    fn none_other_algorithms_and_unknown_kids_are_refused() {
        let k = keys(K1);
        let body = B64.encode(serde_json::to_vec(&claims(1000)).unwrap());
        let unsigned = |header: &str| format!("{}.{body}.", B64.encode(header));
        for header in [
            r#"{"alg":"none","kid":"k1"}"#,
            r#"{"alg":"none"}"#,
            r#"{"alg":"HS384","kid":"k1"}"#,
            r#"{"alg":"RS256","kid":"k1"}"#,
            r#"{"alg":"HS256","kid":"k9"}"#,
            r#"{"alg":"HS256"}"#,
        ] {
            assert!(
                k.verify(&unsigned(header), ISS, AUD, 1001).is_err(),
                "{header}"
            );
        }
        // HS384 signed with the real secret (algorithm confusion): refused.
        let mut mac = <Hmac<sha2::Sha384>>::new_from_slice(&[1u8; 32]).unwrap();
        let head = B64.encode(r#"{"alg":"HS384","typ":"JWT","kid":"k1"}"#);
        mac.update(format!("{head}.{body}").as_bytes());
        let sig = B64.encode(mac.finalize().into_bytes());
        assert!(
            k.verify(&format!("{head}.{body}.{sig}"), ISS, AUD, 1001)
                .is_err()
        );
        assert!(k.verify(&"a".repeat(5000), ISS, AUD, 1001).is_err());
    }

    #[test]
    fn the_crates_own_decoder_agrees() {
        let k = keys(K1);
        let token = k.sign(&claims(1000)).unwrap();
        let mut validation = jsonwebtoken::Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.set_audience(&[AUD]);
        let decoded = jsonwebtoken::decode::<AccessClaims>(
            &token,
            &DecodingKey::from_secret(&[1u8; 32]).unwrap(),
            &validation,
        )
        .unwrap();
        assert_eq!(decoded.claims, claims(1000));
        assert_eq!(decoded.header.kid.as_deref(), Some("k1"));
        // A token the crate signs with the same key and claims verifies here.
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("k1".into());
        let theirs = jsonwebtoken::encode(
            &header,
            &claims(1000),
            &EncodingKey::from_secret(&[1u8; 32]).unwrap(),
        )
        .unwrap();
        assert_eq!(k.verify(&theirs, ISS, AUD, 1001).unwrap(), claims(1000));
        // With a critical extension it is refused.
        let crit = format!(
            "{}.{}",
            B64.encode(r#"{"alg":"HS256","kid":"k1","crit":["exp"]}"#),
            token.split('.').nth(1).unwrap()
        );
        let mut mac = HmacSha256::new_from_slice(&[1u8; 32]).unwrap();
        mac.update(crit.as_bytes());
        let signed = format!("{crit}.{}", B64.encode(mac.finalize().into_bytes()));
        assert!(k.verify(&signed, ISS, AUD, 1001).is_err());
    }

    #[test]
    fn settings_are_checked() {
        assert!(JwtKeys::parse("k1:00").is_err());
        assert!(JwtKeys::parse("nokid").is_err());
        assert!(JwtKeys::parse(&format!("{K1},{K1}")).is_err());
        assert!(
            JwtKeys::parse(
                "bad kid:0101010101010101010101010101010101010101010101010101010101010101"
            )
            .is_err()
        );
        assert!(JwtKeys::parse("").unwrap().is_empty());
        assert!(!format!("{:?}", keys(K1)).contains("0101"));
        assert!(JwtKeys::default().sign(&claims(1)).is_err());
    }
}
