//! `bench-upstream [PORT]`: serves the minimal MCP upstream on
//! 127.0.0.1:PORT (0 or none: any free port) at any path, and prints
//! `listening on PORT` once it accepts connections.

use std::io::Write;

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let port = listener.local_addr()?.port();
    let mut out = std::io::stdout();
    writeln!(out, "listening on {port}")?;
    out.flush()?;
    preloop_bench::upstream::serve(listener).await;
    Ok(())
}
