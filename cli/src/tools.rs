//! `preloop tools quarantined|review|approve`: the tools held back because
//! their definition changed or the poisoning scan found something in it,
//! a readable diff of what changed, and the approval that ends the hold.

use crate::client::{Failure, Server};
use clap::{Args, Subcommand};
use preloop_core::http::percent_encode;
use serde_json::Value;

#[derive(Args)]
pub struct ToolsArgs {
    #[command(subcommand)]
    command: ToolsCommand,
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
        /// The MCP server's name.
        mcp_server: String,
        /// The tool's name on that server.
        tool: String,
        #[command(flatten)]
        server: Server,
    },
    /// End a tool's quarantine: pin the definition you reviewed.
    Approve {
        mcp_server: String,
        tool: String,
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
        ToolsCommand::Review {
            mcp_server,
            tool,
            server,
        } => {
            let id = server_id(&server, &mcp_server)?;
            let answer = server.call(
                "GET",
                &format!("mcp-servers/{id}/tools/{}", percent_encode(&tool)),
                None,
            )?;
            server.print(&answer, || review_text(&answer));
        }
        ToolsCommand::Approve {
            mcp_server,
            tool,
            hash,
            server,
        } => {
            let id = server_id(&server, &mcp_server)?;
            let answer = server.call(
                "POST",
                &format!("mcp-servers/{id}/tools/{}/approve", percent_encode(&tool)),
                Some(serde_json::json!({ "hash": hash })),
            )?;
            server.print(&answer, || {
                format!(
                    "Approved: {mcp_server} {tool} is pinned to {}.\n",
                    answer["tool"]["hash"].as_str().unwrap_or("?")
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
    let tools = answer["tools"].as_array().cloned().unwrap_or_default();
    if tools.is_empty() {
        return "No tool is quarantined.\n".into();
    }
    tools
        .iter()
        .map(|t| {
            format!(
                "{} {}  {}  {}\n",
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
    let tool = &answer["tool"];
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
            "\nTo approve: preloop tools approve <server> <tool> --hash {hash}\n"
        ));
    }
    out
}
