//! The `preloop` binary. `preloop serve` mounts every function (MCP proxy,
//! policy check, management API) in one native HTTP server, on the embedded
//! SQLite store by default or on Postgres when `DATABASE_URL` is set.
//! `preloop policy …` manages policy files against a running Preloop.

mod audit;
mod bootstrap;
mod client;
mod connections;
mod host_guard;
mod kill_switch;
mod policy;
mod router;
mod server;
mod settings;
mod tools;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "preloop",
    version,
    about = "Preloop: the safety layer between AI agents and the systems they touch"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run Preloop: the MCP firewall, the decision API and the management API.
    Serve(Box<settings::ServeArgs>),
    /// Apply database migrations and exit.
    Migrate(settings::StoreArgs),
    /// Policy as code: validate, test, diff, apply, export, history,
    /// rollback and simulate policy files.
    Policy(policy::PolicyArgs),
    /// Stop every tool call of the account, an agent or a key at once.
    KillSwitch(kill_switch::KillSwitchArgs),
    /// Verify the audit trail against its signed hash chain, or export it.
    Audit(audit::AuditArgs),
    /// Quarantined tools: review what changed and approve it.
    Tools(tools::ToolsArgs),
    /// Print the roles and the permissions each grants (Markdown), as the
    /// code has them.
    Roles,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Policy(args) => policy::run(args),
        Command::KillSwitch(args) => kill_switch::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Tools(args) => tools::run(args),
        Command::Roles => {
            print!("{}", preloop_core::access::markdown_table());
            Ok(())
        }
        Command::Serve(args) => return host(|| serve(*args)),
        Command::Migrate(args) => return host(|| server::migrate_only(args)),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(client::Failure(message, code)) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::from(code)
        }
    }
}

/// Runs a command of the native host, with its log on stderr.
fn host(run: impl FnOnce() -> Result<(), String>) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PRELOOP_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("preloop: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(mut args: settings::ServeArgs) -> Result<(), String> {
    // An empty variable means "not set", as it does for every other setting.
    args.admin_key = args.admin_key.take().filter(|k| !k.is_empty());
    args.secret_key = args.secret_key.take().filter(|k| !k.is_empty());
    args.store.database_url = args.store.database_url.take().filter(|u| !u.is_empty());
    args.public_url = args.public_url.take().filter(|u| !u.is_empty());
    args.push_proxy_url = args.push_proxy_url.take().filter(|u| !u.is_empty());
    server::serve(args)
}
