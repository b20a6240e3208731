//! Talking to a running Preloop's API from the command line: where it is,
//! the admin key, and errors worded for the terminal.

use clap::Args;
use serde_json::Value;

/// What went wrong, already worded for the terminal (empty: nothing more
/// to say), and the exit status.
pub struct Failure(pub String, pub u8);

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure(message.into(), 1)
    }
}

#[derive(Args, Clone)]
pub struct Server {
    /// Where Preloop answers.
    #[arg(long, env = "PRELOOP_URL", default_value = "http://127.0.0.1:8787")]
    pub url: String,
    /// An admin API key.
    #[arg(long, env = "PRELOOP_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Print the API's JSON answer instead of text.
    #[arg(long)]
    pub json: bool,
}

impl Server {
    fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<(u16, String), Failure> {
        let key = self.api_key.clone().ok_or_else(|| {
            Failure::new("an admin API key is needed: --api-key or PRELOOP_API_KEY")
        })?;
        let url = format!("{}/api/v1/{path}", self.url.trim_end_matches('/'));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::new(e.to_string()))?;
        runtime.block_on(async {
            let client = reqwest::Client::new();
            let mut req = match method {
                "GET" => client.get(&url),
                "PUT" => client.put(&url),
                _ => client.post(&url),
            }
            .bearer_auth(key);
            if let Some(b) = body {
                req = req
                    .header("content-type", "application/json")
                    .body(b.to_string());
            }
            let resp = req
                .send()
                .await
                .map_err(|e| Failure::new(format!("cannot reach Preloop at {}: {e}", self.url)))?;
            let status = resp.status().as_u16();
            let text = resp.text().await.map_err(|e| Failure::new(e.to_string()))?;
            Ok((status, text))
        })
    }

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Failure> {
        let (status, text) = self.request(method, path, body)?;
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        if status >= 400 {
            return Err(Failure::new(api_error(status, &value)));
        }
        Ok(value)
    }

    pub fn call_text(&self, method: &str, path: &str) -> Result<String, Failure> {
        let (status, text) = self.request(method, path, None)?;
        if status >= 400 {
            let value: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
            return Err(Failure::new(api_error(status, &value)));
        }
        Ok(text)
    }

    pub fn print(&self, answer: &Value, text: impl FnOnce() -> String) {
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(answer).unwrap_or_default()
            );
        } else {
            print!("{}", text());
        }
    }
}

/// An API error as one readable message, each problem of a rejected file on
/// its own line (a failing test's trace is already in the message).
fn api_error(status: u16, body: &Value) -> String {
    let err = &body["error"];
    let mut out = format!(
        "{} ({status})",
        err["message"].as_str().unwrap_or("request failed")
    );
    if let Some(problems) = err["detail"]["problems"].as_array() {
        for p in problems {
            match p.as_str() {
                Some(s) => out.push_str(&format!("\n  {s}")),
                None => out.push_str(&format!(
                    "\n  {}:{}: {}: {}",
                    p["line"],
                    p["column"],
                    p["path"].as_str().unwrap_or(""),
                    p["message"].as_str().unwrap_or("")
                )),
            }
        }
    }
    out
}
