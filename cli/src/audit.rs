//! `preloop audit verify|export`: check the audit trail against its signed
//! hash chain, on a running Preloop or, from an export file, anywhere.

use crate::client::{Failure, Server};
use clap::{Args, Subcommand};
use preloop_core::audit::checkpoint::PublicKey;
use preloop_core::audit::verify::{Report, Verifier};
use preloop_core::store::audit_chain::{ChainRow, StoredCheckpoint};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify the trail: on the server, or offline from an export file
    /// (`--file`) against a public key you trust (`--public-key`). Exits 3
    /// when something was removed, changed, reordered or inserted.
    Verify {
        /// An export (`preloop audit export`) to check here, without the server.
        #[arg(long, requires = "public_key")]
        file: Option<PathBuf>,
        /// The audit public key (64 hex) to check the export's signatures with.
        #[arg(long)]
        public_key: Vec<String>,
        #[command(flatten)]
        server: Server,
    },
    /// Write the trail with its checkpoints and public keys as JSON Lines.
    Export {
        /// Where to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        server: Server,
    },
}

pub fn run(args: AuditArgs) -> Result<(), Failure> {
    match args.command {
        AuditCommand::Verify {
            file: Some(file),
            public_key,
            server,
        } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::new(format!("{}: {e}", file.display())))?;
            let keys = public_key
                .iter()
                .map(|k| PublicKey::from_hex(k).map_err(|e| Failure::new(e.message)))
                .collect::<Result<Vec<_>, _>>()?;
            let report = verify_export(&text, &keys)?;
            finish(&server, &report)
        }
        AuditCommand::Verify { server, .. } => {
            let answer = server.call("GET", "audit/verify", None)?;
            let report: Report = serde_json::from_value(answer.clone())
                .map_err(|e| Failure::new(format!("unexpected answer: {e}")))?;
            finish(&server, &report)
        }
        AuditCommand::Export { output, server } => {
            let mut out: Box<dyn Write> = match &output {
                Some(path) => Box::new(
                    std::fs::File::create(path)
                        .map_err(|e| Failure::new(format!("{}: {e}", path.display())))?,
                ),
                None => Box::new(std::io::stdout()),
            };
            let mut after = 0i64;
            loop {
                let page = server.call_text("GET", &format!("audit/export?after_seq={after}"))?;
                // Every page repeats the header and checkpoints; keep the
                // first page's, and only the records of the others.
                for (i, line) in page.lines().enumerate() {
                    let keep = after == 0 || (i > 0 && line.contains("\"type\":\"record\""));
                    if keep {
                        writeln!(out, "{line}").map_err(|e| Failure::new(e.to_string()))?;
                    }
                }
                let header: Value = page
                    .lines()
                    .next()
                    .and_then(|l| serde_json::from_str(l).ok())
                    .unwrap_or_default();
                match header["next_after_seq"].as_i64() {
                    Some(next) => after = next,
                    None => break,
                }
            }
            Ok(())
        }
    }
}

/// Verifies an export with the keys given (never the keys the file names:
/// whoever could rewrite the trail could rewrite those too).
fn verify_export(text: &str, keys: &[PublicKey]) -> Result<Report, Failure> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Value = lines
        .next()
        .and_then(|l| serde_json::from_str(l).ok())
        .filter(|h: &Value| h["type"] == "preloop-audit-export")
        .ok_or_else(|| Failure::new("not a Preloop audit export"))?;
    let account = header["account_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let head = header["head"].as_i64().unwrap_or(0);
    let legacy_through = header["legacy_through"].as_i64().unwrap_or(0);
    let mut checkpoints: Vec<StoredCheckpoint> = Vec::new();
    let mut rows: Vec<ChainRow> = Vec::new();
    for (n, line) in lines.enumerate() {
        let bad = |e: serde_json::Error| Failure::new(format!("line {}: {e}", n + 2));
        let value: Value = serde_json::from_str(line).map_err(bad)?;
        match value["type"].as_str() {
            Some("checkpoint") => checkpoints.push(serde_json::from_value(value).map_err(bad)?),
            Some("record") => rows.push(serde_json::from_value(value).map_err(bad)?),
            _ => return Err(Failure::new(format!("line {}: unknown entry", n + 2))),
        }
    }
    rows.sort_by_key(|r| r.seq);
    let mut verifier = Verifier::new(&account, keys, checkpoints, head, legacy_through);
    for r in &rows {
        verifier.feed(r);
    }
    Ok(verifier.finish(&[]))
}

fn finish(server: &Server, report: &Report) -> Result<(), Failure> {
    let value = serde_json::to_value(report).unwrap_or_default();
    server.print(&value, || {
        let mut text = format!(
            "{} records checked, {} signed checkpoints; signed through seq {}, head at seq {}.\n",
            report.records, report.checkpoints, report.signed_through, report.head
        );
        if report.ok {
            text.push_str("OK: nothing was removed, changed, reordered or inserted.\n");
        }
        for p in &report.problems {
            text.push_str(&format!("{}: {}\n", p.kind.to_uppercase(), p.detail));
        }
        text
    });
    if report.ok {
        Ok(())
    } else {
        Err(Failure(String::new(), 3))
    }
}
