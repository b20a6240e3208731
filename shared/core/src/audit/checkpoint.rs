//! Signed checkpoints of the audit chain, written by the scheduled function.
//!
//! At each interval, for every account whose chain grew, the records after
//! the last checkpoint are folded into the chain in `seq` order (each
//! record's recomputed content hash must equal the one stored when it
//! became final, else the checkpointer stops before it and says so), their
//! chain values are stored, and a checkpoint with the chain value at its
//! end is signed with the deployment's Ed25519 key. The key comes from
//! settings (`PRELOOP_AUDIT_SIGNING_KEY`, or natively a key file beside the
//! store) and is never written to the database; only its id and the
//! signatures are. Retention removes records only up to a checkpoint, and
//! leaves a signed `purge` checkpoint that carries the chain value there,
//! so what remains still verifies.

use super::chain;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::store::audit_chain::{self, StoredCheckpoint};
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier, VerifyingKey};
use serde_json::json;
use sha2::{Digest, Sha256};

/// Most records folded into one checkpoint (one transaction); a run writes
/// up to [`MAX_CHECKPOINTS_PER_RUN`] of them per account.
pub const MAX_RECORDS_PER_CHECKPOINT: usize = 500;
pub const MAX_CHECKPOINTS_PER_RUN: usize = 40;

/// The deployment's audit signing key.
pub struct Signer {
    key: SigningKey,
}

impl Signer {
    /// From 64 hex characters (the Ed25519 seed).
    pub fn from_hex(seed: &str) -> Result<Signer> {
        let bytes = hex::decode(seed.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| {
                Error::bad_request("PRELOOP_AUDIT_SIGNING_KEY must be 64 hex characters")
            })?;
        Ok(Signer {
            key: SigningKey::from_bytes(&bytes),
        })
    }
    pub fn public(&self) -> PublicKey {
        PublicKey(self.key.verifying_key())
    }
    fn sign(&self, message: &str) -> String {
        hex::encode(self.key.sign(message.as_bytes()).to_bytes())
    }
}

/// A key that checks checkpoint signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    pub fn from_hex(hex_key: &str) -> Result<PublicKey> {
        hex::decode(hex_key.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .and_then(|b| VerifyingKey::from_bytes(&b).ok())
            .map(PublicKey)
            .ok_or_else(|| Error::bad_request("an audit public key is 64 hex characters"))
    }
    pub fn to_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }
    /// Short name of the key, stored with each checkpoint it signs.
    pub fn id(&self) -> String {
        hex::encode(Sha256::digest(self.0.to_bytes()))[..16].to_string()
    }
    pub fn verifies(&self, checkpoint: &StoredCheckpoint) -> bool {
        let Some(signature) = hex::decode(&checkpoint.signature)
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
        else {
            return false;
        };
        self.0
            .verify(
                message(checkpoint).as_bytes(),
                &Signature::from_bytes(&signature),
            )
            .is_ok()
    }
}

/// What a checkpoint's signature covers: every field but the signature, as
/// one JSON object with its keys in a fixed order.
pub fn message(c: &StoredCheckpoint) -> String {
    json!([
        "preloop-audit-checkpoint-v1",
        c.id,
        c.account_id,
        c.seq_from,
        c.seq_to,
        c.prev_root,
        c.root,
        c.kind,
        c.created_at,
        c.key_id,
    ])
    .to_string()
}

/// The keys checkpoints are checked against: the signer's, and earlier
/// ones still trusted after a rotation (`PRELOOP_AUDIT_PUBLIC_KEYS`).
pub fn trusted_keys(env: &Env) -> Result<Vec<PublicKey>> {
    let mut keys = Vec::new();
    if let Some(seed) = env.config.audit_signing_key.as_deref() {
        keys.push(Signer::from_hex(seed)?.public());
    }
    for k in &env.config.audit_public_keys {
        keys.push(PublicKey::from_hex(k)?);
    }
    Ok(keys)
}

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub checkpoints: usize,
    pub records: usize,
    pub purged: usize,
}

/// Writes the checkpoints that are due, then applies retention. Without a
/// signing key nothing is checkpointed (and nothing purged).
pub async fn run(env: &Env) -> Result<Run> {
    let mut out = Run::default();
    let Some(seed) = env.config.audit_signing_key.as_deref() else {
        return Ok(out);
    };
    let signer = Signer::from_hex(seed)?;
    let keys = trusted_keys(env)?;
    let now = env.now_ms();
    let due_before = now - env.config.audit_checkpoint_ms as i64;
    for head in audit_chain::heads(env.sql()).await? {
        let last = audit_chain::last_checkpoint(env.sql(), &head.account_id).await?;
        // A checkpoint is continued only if it is genuinely ours: a forged
        // row must not steer what gets signed next.
        if let Some(c) = &last
            && !keys.iter().any(|k| k.id() == c.key_id && k.verifies(c))
        {
            tracing::error!(account = %head.account_id, checkpoint = %c.id, "audit chain: the last checkpoint's signature does not hold; not checkpointing this account");
            continue;
        }
        let done = last.as_ref().map(|c| c.seq_to).unwrap_or(0);
        if head.seq <= done || last.as_ref().is_some_and(|c| c.created_at > due_before) {
            continue;
        }
        let mut last = last;
        for _ in 0..MAX_CHECKPOINTS_PER_RUN {
            match checkpoint(env, &signer, &head, last.as_ref()).await? {
                Some((n, written)) => {
                    out.checkpoints += 1;
                    out.records += n;
                    let full = n == MAX_RECORDS_PER_CHECKPOINT;
                    last = Some(written);
                    if !full {
                        break;
                    }
                }
                None => break,
            }
        }
    }
    if let Some(days) = env.config.audit_retention_days {
        out.purged = purge(env, &signer, now - days as i64 * 86_400_000).await?;
    }
    Ok(out)
}

/// Folds the records after `last` into the chain and signs the result:
/// how many, and the checkpoint. `None` when there was nothing to do (or
/// another run got there first).
async fn checkpoint(
    env: &Env,
    signer: &Signer,
    head: &audit_chain::Head,
    last: Option<&StoredCheckpoint>,
) -> Result<Option<(usize, StoredCheckpoint)>> {
    let account_id = head.account_id.as_str();
    let (from, mut root) = match last {
        Some(c) => (c.seq_to + 1, c.root.clone()),
        None => (1, chain::genesis(account_id)),
    };
    let prev_root = root.clone();
    let rows =
        audit_chain::rows_from(env.sql(), account_id, from, MAX_RECORDS_PER_CHECKPOINT).await?;
    let mut links = Vec::new();
    let mut expected = from;
    for row in &rows {
        if row.seq != expected {
            tracing::error!(
                account = account_id,
                seq = expected,
                "audit chain: a record is missing; not checkpointing past it"
            );
            break;
        }
        let hash = row.content().hash();
        let hash_holds = match row.content_hash.as_deref() {
            Some(h) => h == hash,
            // Only records from before the chain existed lack a hash.
            None => row.seq <= head.legacy_through,
        };
        if !hash_holds {
            tracing::error!(account = account_id, record = %row.id, seq = row.seq, "audit chain: a record changed before its checkpoint; not checkpointing past it");
            break;
        }
        root = chain::link(&root, row.seq, &hash);
        // A record already chained differently means checkpoints were
        // removed and the trail rewritten: never sign over it.
        if row.chain_hash.as_deref().is_some_and(|h| h != root) {
            tracing::error!(account = account_id, record = %row.id, seq = row.seq, "audit chain: a record was chained differently before (checkpoints removed?); not checkpointing past it");
            break;
        }
        links.push((row.id.clone(), hash, root.clone()));
        expected += 1;
    }
    if links.is_empty() {
        return Ok(None);
    }
    let public = signer.public();
    let mut c = StoredCheckpoint {
        id: env.new_id(),
        account_id: account_id.to_string(),
        seq_from: from,
        seq_to: expected - 1,
        prev_root,
        root,
        kind: "periodic".into(),
        created_at: env.now_ms(),
        key_id: public.id(),
        signature: String::new(),
    };
    c.signature = signer.sign(&message(&c));
    let count = links.len();
    Ok(audit_chain::write_checkpoint(env.sql(), &c, &links)
        .await?
        .then_some((count, c)))
}

/// Removes records created before `before`, up to the last checkpoint that
/// covers only such records, and signs a `purge` checkpoint carrying the
/// chain value there. Returns the records removed.
async fn purge(env: &Env, signer: &Signer, before: i64) -> Result<usize> {
    let mut removed = 0;
    for head in audit_chain::heads(env.sql()).await? {
        let Some(upto) =
            audit_chain::purgeable_checkpoint(env.sql(), &head.account_id, before).await?
        else {
            continue;
        };
        // Only under a checkpoint of ours: a forged row must not decide
        // what is deleted.
        if !trusted_keys(env)?
            .iter()
            .any(|k| k.id() == upto.key_id && k.verifies(&upto))
        {
            tracing::error!(account = %head.account_id, checkpoint = %upto.id, "audit retention: the checkpoint's signature does not hold; nothing purged");
            continue;
        }
        let public = signer.public();
        let mut marker = StoredCheckpoint {
            id: env.new_id(),
            account_id: head.account_id.clone(),
            seq_from: 1,
            seq_to: upto.seq_to,
            prev_root: chain::genesis(&head.account_id),
            root: upto.root.clone(),
            kind: "purge".into(),
            created_at: env.now_ms(),
            key_id: public.id(),
            signature: String::new(),
        };
        marker.signature = signer.sign(&message(&marker));
        removed += audit_chain::purge_through(env.sql(), &marker).await? as usize;
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_cover_every_field() {
        let signer = Signer::from_hex(&"07".repeat(32)).unwrap();
        let public = signer.public();
        let mut c = StoredCheckpoint {
            id: "c1".into(),
            account_id: "acc".into(),
            seq_from: 1,
            seq_to: 10,
            prev_root: "p".into(),
            root: "r".into(),
            kind: "periodic".into(),
            created_at: 5,
            key_id: public.id(),
            signature: String::new(),
        };
        c.signature = signer.sign(&message(&c));
        assert!(public.verifies(&c));
        for tamper in [
            StoredCheckpoint {
                seq_to: 11,
                ..c.clone()
            },
            StoredCheckpoint {
                root: "s".into(),
                ..c.clone()
            },
            StoredCheckpoint {
                kind: "purge".into(),
                ..c.clone()
            },
        ] {
            assert!(!public.verifies(&tamper));
        }
        let other = Signer::from_hex(&"08".repeat(32)).unwrap().public();
        assert!(!other.verifies(&c));
        assert_eq!(PublicKey::from_hex(&public.to_hex()).unwrap(), public);
        assert!(Signer::from_hex("zz").is_err());
    }
}
