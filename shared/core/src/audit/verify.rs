//! Checking an account's audit trail against its chain and its signed
//! checkpoints, from the store or from an export, and saying where it first
//! went wrong: a record removed, changed, reordered or inserted, or a
//! checkpoint whose signature does not hold.

use super::chain;
use super::checkpoint::PublicKey;
use crate::store::audit_chain::{ChainRow, StoredCheckpoint};
use serde::{Deserialize, Serialize};

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `removed`, `changed`, `reordered`, `inserted` or `signature`.
    pub kind: String,
    pub seq: Option<i64>,
    pub record_id: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub ok: bool,
    pub account_id: String,
    /// Records checked.
    pub records: u64,
    /// Checkpoints whose signature and chain value were checked.
    pub checkpoints: u64,
    /// The last `seq` a verified signed checkpoint covers (records after it
    /// are checked by their hashes and places only).
    pub signed_through: i64,
    /// The account's counter: the last place given.
    pub head: i64,
    /// The first problem in chain order, then up to 19 more.
    pub problems: Vec<Finding>,
}

const MAX_FINDINGS: usize = 20;

/// Feeds records in chain order; see [`Verifier::feed`].
pub struct Verifier<'k> {
    keys: &'k [PublicKey],
    checkpoints: Vec<StoredCheckpoint>,
    next_checkpoint: usize,
    expected: i64,
    chain: String,
    /// After a missing or misplaced record the chain cannot be followed:
    /// later records are still checked against their own hashes.
    broken: bool,
    /// Places given before the chain existed: their records may lack a
    /// content hash until the first checkpoint computes it.
    legacy_through: i64,
    report: Report,
}

impl<'k> Verifier<'k> {
    /// Starts after the latest purge (records before it were removed by
    /// retention, under a signed marker) or at the beginning, and checks
    /// the checkpoints' signatures and that each continues the last.
    pub fn new(
        account_id: &str,
        keys: &'k [PublicKey],
        mut checkpoints: Vec<StoredCheckpoint>,
        head: i64,
        legacy_through: i64,
    ) -> Self {
        checkpoints.sort_by_key(|c| (c.seq_to, c.kind != "purge"));
        let mut v = Verifier {
            keys,
            checkpoints: Vec::new(),
            next_checkpoint: 0,
            expected: 1,
            chain: chain::genesis(account_id),
            broken: false,
            legacy_through,
            report: Report {
                ok: true,
                account_id: account_id.to_string(),
                records: 0,
                checkpoints: 0,
                signed_through: 0,
                head,
                problems: Vec::new(),
            },
        };
        if let Some(i) = checkpoints.iter().rposition(|c| c.kind == "purge") {
            let marker = checkpoints[i].clone();
            if v.signed(&marker) {
                v.expected = marker.seq_to + 1;
                v.chain = marker.root.clone();
                v.report.signed_through = marker.seq_to;
                v.report.checkpoints += 1;
            }
            checkpoints.retain(|c| c.seq_to > marker.seq_to);
        }
        let (mut to, mut root) = (v.expected - 1, v.chain.clone());
        for c in checkpoints {
            if !v.signed(&c) {
                continue;
            }
            if c.seq_from != to + 1 || c.prev_root != root {
                v.find(
                    "removed",
                    Some(c.seq_from),
                    None,
                    format!(
                        "checkpoint {} does not continue the one before it (expected seq {} after chain value {}…)",
                        c.id,
                        to + 1,
                        &root[..root.len().min(12)]
                    ),
                );
            }
            to = c.seq_to;
            root = c.root.clone();
            v.checkpoints.push(c);
        }
        v
    }

    fn signed(&mut self, c: &StoredCheckpoint) -> bool {
        let key = self.keys.iter().find(|k| k.id() == c.key_id);
        match key {
            Some(k) if k.verifies(c) => true,
            Some(_) => {
                self.find(
                    "signature",
                    Some(c.seq_to),
                    None,
                    format!(
                        "checkpoint {} (through seq {}) has an invalid signature",
                        c.id, c.seq_to
                    ),
                );
                false
            }
            None => {
                self.find(
                    "signature",
                    Some(c.seq_to),
                    None,
                    format!(
                        "checkpoint {} is signed by key {}, which is not trusted here",
                        c.id, c.key_id
                    ),
                );
                false
            }
        }
    }

    fn find(
        &mut self,
        kind: &'static str,
        seq: Option<i64>,
        record_id: Option<&str>,
        detail: String,
    ) {
        self.report.ok = false;
        if self.report.problems.len() < MAX_FINDINGS {
            self.report.problems.push(Finding {
                kind: kind.to_string(),
                seq,
                record_id: record_id.map(str::to_string),
                detail,
            });
        }
    }

    /// Checks the next record in `seq` order.
    pub fn feed(&mut self, row: &ChainRow) {
        if row.seq < self.expected {
            if row.seq > self.report.signed_through || self.report.signed_through == 0 {
                self.find(
                    "inserted",
                    Some(row.seq),
                    Some(&row.id),
                    format!("record {} repeats place {} in the chain", row.id, row.seq),
                );
            }
            return;
        }
        self.report.records += 1;
        if row.seq > self.expected {
            self.find(
                "removed",
                Some(self.expected),
                None,
                if row.seq == self.expected + 1 {
                    format!("the record at seq {} is missing", self.expected)
                } else {
                    format!(
                        "the records at seq {}..={} are missing",
                        self.expected,
                        row.seq - 1
                    )
                },
            );
            self.broken = true;
            self.skip_checkpoints_before(row.seq);
        }
        let hash = row.content().hash();
        let content_ok = match row.content_hash.as_deref() {
            Some(stored) => stored == hash,
            None => row.seq <= self.legacy_through,
        };
        if !content_ok {
            self.find(
                "changed",
                Some(row.seq),
                Some(&row.id),
                format!(
                    "record {} (seq {}) does not match the hash it was written with",
                    row.id, row.seq
                ),
            );
        }
        self.chain = chain::link(&self.chain, row.seq, &hash);
        if !self.broken
            && let Some(stored) = &row.chain_hash
            && *stored != self.chain
        {
            if content_ok {
                self.find("reordered", Some(row.seq), Some(&row.id), format!("record {} is not at the place the chain put it (seq {}): moved, or changed with its hash recomputed", row.id, row.seq));
            }
            self.broken = true;
        }
        if let Some(c) = self.checkpoints.get(self.next_checkpoint)
            && c.seq_to == row.seq
        {
            let c = c.clone();
            self.next_checkpoint += 1;
            if !self.broken && c.root != self.chain {
                self.find(
                    "changed",
                    Some(row.seq),
                    None,
                    format!(
                        "the records through seq {} do not match signed checkpoint {}",
                        row.seq, c.id
                    ),
                );
                self.broken = true;
            }
            if !self.broken {
                self.report.signed_through = c.seq_to;
                self.report.checkpoints += 1;
            }
        }
        self.expected = row.seq + 1;
    }

    /// The last place a verified signed checkpoint covers, so far.
    pub fn signed_through(&self) -> i64 {
        self.report.signed_through
    }

    /// Records that should be under a signed checkpoint by now and are not:
    /// checkpoints removed, or the checkpointer stopped.
    pub fn unsigned(&mut self, seq: i64, record_id: &str, detail: String) {
        self.find("removed", Some(seq), Some(record_id), detail);
    }

    /// A problem found outside the walk (by the caller, in the store).
    pub fn found(&mut self, kind: &'static str, seq: i64, record_id: &str, detail: String) {
        self.find(kind, Some(seq), Some(record_id), detail);
    }

    fn skip_checkpoints_before(&mut self, seq: i64) {
        while self
            .checkpoints
            .get(self.next_checkpoint)
            .is_some_and(|c| c.seq_to < seq)
        {
            self.next_checkpoint += 1;
        }
    }

    /// The report, given the final records found outside the chain.
    pub fn finish(mut self, unchained: &[String]) -> Report {
        let last = self.expected - 1;
        if let Some(c) = self.checkpoints.last()
            && c.seq_to > last
        {
            let detail = format!(
                "signed checkpoint {} covers seq {} but the trail ends at seq {last}",
                c.id, c.seq_to
            );
            self.find("removed", Some(last + 1), None, detail);
        } else if self.report.head > last {
            let detail = format!(
                "the chain's counter is at seq {} but the trail ends at seq {last}",
                self.report.head
            );
            self.find("removed", Some(last + 1), None, detail);
        }
        if last > self.report.head {
            let detail = format!(
                "records run to seq {last}, past the chain's counter ({})",
                self.report.head
            );
            self.find("inserted", Some(self.report.head + 1), None, detail);
        }
        for id in unchained {
            self.find(
                "inserted",
                None,
                Some(id),
                format!("record {id} is final but has no place in the chain"),
            );
        }
        self.report
    }
}
