//! `preloop kill-switch on|off`: stop (or let through again) every tool
//! call and model request of the account, one managed agent or one key,
//! on every instance at once.

use crate::client::{Failure, Server};
use clap::{Args, Subcommand};
use serde_json::{Value, json};

#[derive(Args)]
pub struct KillSwitchArgs {
    #[command(subcommand)]
    command: KillSwitchCommand,
}

#[derive(Args, Clone)]
struct Target {
    /// Only this managed agent's keys (its id).
    #[arg(long, conflicts_with = "key")]
    agent: Option<String>,
    /// Only this API key (its id).
    #[arg(long)]
    key: Option<String>,
}

#[derive(Subcommand)]
enum KillSwitchCommand {
    /// Stop every call now; pending approval requests are cancelled.
    On {
        #[command(flatten)]
        target: Target,
        /// Why, shown to the agents that are refused and in the audit.
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        server: Server,
    },
    /// Let calls through again: everything is as it was before.
    Off {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        server: Server,
    },
    /// The switches that are on.
    Status {
        #[command(flatten)]
        server: Server,
    },
}

fn scope(target: &Target) -> Value {
    match (&target.agent, &target.key) {
        (Some(id), _) => json!({"scope": "agent", "id": id}),
        (None, Some(id)) => json!({"scope": "api_key", "id": id}),
        (None, None) => json!({"scope": "account"}),
    }
}

fn active_text(answer: &Value) -> String {
    let active = answer["active"].as_array().cloned().unwrap_or_default();
    if active.is_empty() {
        return "No kill switch is on.\n".into();
    }
    active
        .iter()
        .map(|a| {
            format!(
                "ON  {} {}{}\n",
                a["scope"].as_str().unwrap_or(""),
                a["id"].as_str().unwrap_or(""),
                a["reason"]
                    .as_str()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            )
        })
        .collect()
}

pub fn run(args: KillSwitchArgs) -> Result<(), Failure> {
    match args.command {
        KillSwitchCommand::On {
            target,
            reason,
            server,
        } => {
            let mut body = scope(&target);
            body["on"] = json!(true);
            body["reason"] = json!(reason);
            let answer = server.call("POST", "kill-switch", Some(body))?;
            server.print(&answer, || {
                format!(
                    "Kill switch on; {} pending approval request(s) cancelled.\n{}",
                    answer["cancelled_requests"],
                    active_text(&answer)
                )
            });
        }
        KillSwitchCommand::Off { target, server } => {
            let mut body = scope(&target);
            body["on"] = json!(false);
            let answer = server.call("POST", "kill-switch", Some(body))?;
            server.print(&answer, || {
                format!("Kill switch off.\n{}", active_text(&answer))
            });
        }
        KillSwitchCommand::Status { server } => {
            let answer = server.call("GET", "kill-switch", None)?;
            server.print(&answer, || active_text(&answer));
        }
    }
    Ok(())
}
