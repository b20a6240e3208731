//! `preloop tools quarantined|review|approve`: the tools (and prompts and
//! resource templates) held back because their definition changed or the
//! poisoning scan found something in it, a readable diff of what changed,
//! and the approval that ends the hold.

use crate::client::{Failure, Server};
use clap::{Args, Subcommand};
use preloop_core::http::percent_encode;
use serde_json::Value;

#[derive(Args)]
pub struct ToolsArgs {
    #[command(subcommand)]
    command: ToolsCommand,
}

/// What is reviewed: a tool unless told otherwise.
#[derive(Args)]
struct What {
    /// The MCP server's name.
    mcp_server: String,
    /// The tool's (prompt's, template's) name on that server.
    name: String,
    /// `tool` (the default), `prompt` or `resource-template`.
    #[arg(long, default_value = "tool")]
    kind: String,
}

impl What {
    fn path(&self, server: &Server) -> Result<String, Failure> {
        let segment = match self.kind.as_str() {
            "tool" => "tools",
            "prompt" => "prompts",
            "resource-template" => "resource-templates",
            other => {
                return Err(Failure::new(format!(
                    "--kind is tool, prompt or resource-template, not '{other}'"
                )));
            }
        };
        let id = server_id(server, &self.mcp_server)?;
        Ok(format!(
            "mcp-servers/{id}/{segment}/{}",
            percent_encode(&self.name)
        ))
    }
}

#[derive(Subcommand)]
enum ToolsCommand {
    /// The account's quarantined tools.
    Quarantined {
        #[command(flatten)]
        server: Server,
    },
    /// One tool: what the scan found in it and, when it changed, the diff
    /// of its pinned and new definitions.
    Review {
        #[command(flatten)]
        what: What,
        #[command(flatten)]
        server: Server,
    },
    /// End a tool's quarantine: pin the definition you reviewed.
    Approve {
        #[command(flatten)]
        what: What,
        /// The hash `review` showed for the definition under review: a
        /// definition that changed again since is not approved unseen.
        #[arg(long)]
        hash: String,
        #[command(flatten)]
        server: Server,
    },
}

pub fn run(args: ToolsArgs) -> Result<(), Failure> {
    match args.command {
        ToolsCommand::Quarantined { server } => {
            let answer = server.call("GET", "quarantine", None)?;
            server.print(&answer, || quarantined_text(&answer));
        }
        ToolsCommand::Review { what, server } => {
            let answer = server.call("GET", &what.path(&server)?, None)?;
            server.print(&answer, || review_text(&answer));
        }
        ToolsCommand::Approve { what, hash, server } => {
            let path = format!("{}/approve", what.path(&server)?);
            let answer = server.call("POST", &path, Some(serde_json::json!({ "hash": hash })))?;
            server.print(&answer, || {
                format!(
                    "Approved: {} {} is pinned to {}.\n",
                    what.mcp_server,
                    what.name,
                    answer["item"]["hash"].as_str().unwrap_or("?")
                )
            });
        }
    }
    Ok(())
}

fn server_id(server: &Server, name: &str) -> Result<String, Failure> {
    let answer = server.call("GET", "mcp-servers", None)?;
    answer["mcp_servers"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["name"] == name)
        .and_then(|s| s["id"].as_str())
        .map(str::to_string)
        .ok_or_else(|| Failure::new(format!("no MCP server named '{name}'")))
}

fn quarantined_text(answer: &Value) -> String {
    let held = answer["quarantined"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if held.is_empty() {
        return "Nothing is quarantined.\n".into();
    }
    held.iter()
        .map(|t| {
            format!(
                "{} {} {}  {}  {}\n",
                t["kind"].as_str().unwrap_or(""),
                t["server"].as_str().unwrap_or(""),
                t["name"].as_str().unwrap_or(""),
                t["quarantine"].as_str().unwrap_or(""),
                t["pending_hash"]
                    .as_str()
                    .or(t["hash"].as_str())
                    .unwrap_or("")
            )
        })
        .collect()
}

fn review_text(answer: &Value) -> String {
    let tool = &answer["item"];
    let mut out = format!(
        "{}  pinned {}\n",
        tool["name"].as_str().unwrap_or(""),
        tool["hash"].as_str().unwrap_or("")
    );
    match tool["quarantine"].as_str() {
        Some(why) => out.push_str(&format!("quarantined: {why}\n")),
        None => out.push_str("not quarantined\n"),
    }
    if let Some(pending) = tool["pending_hash"].as_str() {
        out.push_str(&format!("changed to {pending}\n"));
    }
    for f in tool["findings"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "finding {} ({}) in {}: {}\n",
            f["rule"].as_str().unwrap_or(""),
            f["category"].as_str().unwrap_or(""),
            f["where"].as_str().unwrap_or(""),
            f["matched"].as_str().unwrap_or("")
        ));
    }
    match answer["diff"]["lines"].as_str() {
        Some(lines) => out.push_str(&format!("\n{lines}")),
        None if answer["diff"].is_object() => out
            .push_str("\n(too long to compare line by line; see --json for the changed fields)\n"),
        None => {}
    }
    let under_review = tool["pending_hash"].as_str().or(tool["hash"].as_str());
    if tool["quarantine"].is_string()
        && let Some(hash) = under_review
    {
        out.push_str(&format!(
            "\nTo approve: preloop tools approve <server> <name> --hash {hash}\n"
        ));
    }
    out
}
