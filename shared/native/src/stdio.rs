//! stdio MCP servers as child processes of `preloop serve`: the
//! [`Processes`] port. One process per server (a server belongs to one
//! account, so no process is ever shared between accounts), started on first
//! use with the MCP handshake, restarted with backoff when it dies, replaced
//! when its command or environment changes, stopped when its server goes.
//!
//! The processes live on a thread of their own with its own runtime: the
//! worker threads' runtimes are per thread and their futures are not `Send`,
//! while a process must outlive any one request and serve every thread. The
//! workers talk to it through channels, which any runtime can await.

use async_trait::async_trait;
use preloop_core::mcp::upstream::{Relay, relayable};
use preloop_core::ports::{OutboundError, ProcessNotes, ProcessSpec, Processes};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{ChildStdin, Command};
use tokio::sync::{broadcast, mpsc, oneshot};

/// The only variables of Preloop's own environment a server inherits:
/// enough to find programs and a home, never Preloop's secrets (its key,
/// its database URL).
const INHERITED: &[&str] = &[
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
];
/// How long a server may take to start and answer `initialize` (package
/// runners such as `npx` and `uvx` may download first).
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// A server that does not take a message from its stdin in this long is
/// stuck, and is restarted.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// Requests wait through a restart this short; past it they are answered
/// at once with the reason (a server in a crash loop).
const WAIT_THROUGH: Duration = Duration::from_secs(1);
/// A process up this long is healthy: its next death restarts it quickly.
const HEALTHY_AFTER: Duration = Duration::from_secs(10);
/// A stderr line is logged up to this many bytes, and at most this many
/// lines a second (a server that floods its stderr floods no log).
const MAX_STDERR_LINE: usize = 4096;
const MAX_STDERR_PER_SECOND: u32 = 50;

type Reply = oneshot::Sender<Result<Value, OutboundError>>;
/// What a server says to the caller of a request before it answers it:
/// progress and log messages, and requests of its own. Bounded: what a
/// server says past it while its caller is busy is dropped.
type Talk = mpsc::Sender<Value>;
const TALK_BUFFER: usize = 256;

enum Job {
    /// A request; the reply is the server's response message. `talk`,
    /// where the caller can be told things.
    Call {
        method: String,
        params: Value,
        reply: Reply,
        talk: Option<Talk>,
    },
    /// The capabilities the server's `initialize` answer declared.
    Capabilities { reply: Reply },
    /// A message for the server: the answer to a request of its own.
    Write { message: Value },
}

impl Job {
    fn fail(self, error: OutboundError) {
        match self {
            Job::Call { reply, .. } | Job::Capabilities { reply } => {
                let _ = reply.send(Err(error));
            }
            Job::Write { .. } => {}
        }
    }
}

/// A request the server has not answered yet.
struct Waiting {
    reply: Reply,
    talk: Option<Talk>,
    /// The caller's progress token. The server is given one of Preloop's
    /// for the request (callers sharing a process may use the same token),
    /// and its progress goes back under the caller's.
    token: Option<Value>,
}

/// The progress token the server is given for request `id`.
fn our_token(id: u64) -> Value {
    json!(format!("preloop-{id}"))
}

enum Order {
    Run {
        key: String,
        spec: ProcessSpec,
        job: Job,
    },
    Stop {
        key: String,
    },
}

/// What servers said outside any request: the keys of those that said a
/// list of theirs changed (until asked), and every such notification (and
/// resource update) for whoever listens ([`Processes::hear`]).
#[derive(Clone)]
struct Changed {
    keys: Arc<Mutex<HashSet<String>>>,
    said: broadcast::Sender<(String, Value)>,
}

/// Notifications kept for a listener that is behind; past it, the oldest
/// are lost to it (it hears that it lagged, and goes on).
const SAID_BUFFER: usize = 1024;

fn lock(changed: &Changed) -> std::sync::MutexGuard<'_, HashSet<String>> {
    // A set of names cannot be left inconsistent by a panic.
    changed
        .keys
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The handle every worker thread's `Env` holds.
#[derive(Clone)]
pub struct StdioHost {
    orders: mpsc::UnboundedSender<Order>,
    changed: Changed,
}

impl StdioHost {
    /// Starts the thread the processes live on. `max_message_bytes` bounds
    /// one message a server writes (a line without end is an error, not a
    /// proxy out of memory).
    pub fn start(max_message_bytes: usize) -> std::io::Result<Self> {
        let (orders, received) = mpsc::unbounded_channel();
        let changed = Changed {
            keys: Default::default(),
            said: broadcast::channel(SAID_BUFFER).0,
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let seen = changed.clone();
        std::thread::Builder::new()
            .name("preloop-stdio".into())
            .spawn(move || rt.block_on(supervise_all(received, max_message_bytes, seen)))?;
        Ok(StdioHost { orders, changed })
    }

    fn send(&self, key: &str, spec: &ProcessSpec, job: Job) -> Result<(), OutboundError> {
        self.orders
            .send(Order::Run {
                key: key.to_string(),
                spec: spec.clone(),
                job,
            })
            .map_err(|_| OutboundError::Connect("the stdio host has stopped".into()))
    }

    /// Runs `job` and waits for its reply, passing on to `relay` what the
    /// server says meanwhile (received on `heard`, when the job has a
    /// `talk`): notifications, and its own requests, whose answers go back.
    async fn ask(
        &self,
        key: &str,
        spec: &ProcessSpec,
        job: impl FnOnce(Reply) -> Job,
        timeout_ms: u64,
        mut heard: Option<mpsc::Receiver<Value>>,
        relay: Relay<'_>,
    ) -> Result<Value, OutboundError> {
        let (reply, mut answer) = oneshot::channel();
        self.send(key, spec, job(reply))?;
        let exchange = async {
            loop {
                // What the server said before it answered goes first: the
                // host routes its messages in order.
                let said = match heard.as_mut() {
                    Some(heard) => tokio::select! {
                        biased;
                        said = heard.recv() => said,
                        result = &mut answer => return result,
                    },
                    None => return (&mut answer).await,
                };
                let Some(said) = said else {
                    heard = None;
                    continue;
                };
                if said.get("id").is_some() {
                    let message = relay.answer(said).await;
                    // A host that stopped fails the reply too.
                    let _ = self.send(key, spec, Job::Write { message });
                } else if let Some(notes) = relay.notes
                    && relayable(&said)
                {
                    notes(said);
                }
            }
        };
        match tokio::time::timeout(Duration::from_millis(timeout_ms), exchange).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(OutboundError::Other(
                "the stdio server stopped before answering".into(),
            )),
            Err(_) => Err(OutboundError::Timeout),
        }
    }
}

#[async_trait(?Send)]
impl Processes for StdioHost {
    async fn request(
        &self,
        key: &str,
        spec: &ProcessSpec,
        method: &str,
        params: Value,
        timeout_ms: u64,
        relay: Relay<'_>,
    ) -> Result<Value, OutboundError> {
        let method = method.to_string();
        let (talk, heard) = match relay.notes.is_some() || relay.ask.is_some() {
            true => {
                let (talk, heard) = mpsc::channel(TALK_BUFFER);
                (Some(talk), Some(heard))
            }
            false => (None, None),
        };
        self.ask(
            key,
            spec,
            |reply| Job::Call {
                method,
                params,
                reply,
                talk,
            },
            timeout_ms,
            heard,
            relay,
        )
        .await
    }

    async fn capabilities(
        &self,
        key: &str,
        spec: &ProcessSpec,
        timeout_ms: u64,
    ) -> Result<Value, OutboundError> {
        let timeout_ms = timeout_ms.max(START_TIMEOUT.as_millis() as u64);
        self.ask(
            key,
            spec,
            |reply| Job::Capabilities { reply },
            timeout_ms,
            None,
            Relay::default(),
        )
        .await
    }

    fn stop(&self, key: &str) {
        let _ = self.orders.send(Order::Stop {
            key: key.to_string(),
        });
    }

    fn take_changed(&self) -> Vec<String> {
        lock(&self.changed).drain().collect()
    }

    fn hear(&self, key: &str) -> Box<dyn ProcessNotes> {
        Box::new(Hearing {
            key: key.to_string(),
            said: self.changed.said.subscribe(),
        })
    }
}

/// One process's notifications outside requests, for one listener.
struct Hearing {
    key: String,
    said: broadcast::Receiver<(String, Value)>,
}

#[async_trait(?Send)]
impl ProcessNotes for Hearing {
    async fn next(&mut self) -> Option<Value> {
        loop {
            match self.said.recv().await {
                Ok((key, note)) if key == self.key => return Some(note),
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}

/// Keeps one supervised process per key. Dropping a process's job sender
/// ends its supervisor, which kills it.
async fn supervise_all(
    mut orders: mpsc::UnboundedReceiver<Order>,
    max_message_bytes: usize,
    changed: Changed,
) {
    let mut running: HashMap<String, (ProcessSpec, mpsc::UnboundedSender<Job>)> = HashMap::new();
    while let Some(order) = orders.recv().await {
        match order {
            Order::Stop { key } => {
                running.remove(&key);
            }
            Order::Run { key, spec, job } => {
                let reuse = running
                    .get(&key)
                    .is_some_and(|(s, jobs)| *s == spec && !jobs.is_closed());
                if !reuse {
                    let (jobs, queue) = mpsc::unbounded_channel();
                    tokio::spawn(supervise(
                        key.clone(),
                        spec.clone(),
                        queue,
                        max_message_bytes,
                        changed.clone(),
                    ));
                    running.insert(key.clone(), (spec, jobs));
                }
                if let Some((_, jobs)) = running.get(&key)
                    && let Err(mpsc::error::SendError(job)) = jobs.send(job)
                {
                    job.fail(OutboundError::Other("the stdio server has stopped".into()));
                }
            }
        }
    }
}

enum Ended {
    /// Its server was deleted, changed or restarted on purpose.
    Stopped,
    /// It died, or broke the protocol: restart it.
    Failed(String),
}

/// Runs one server's process, restarting it with backoff whenever it dies.
async fn supervise(
    key: String,
    spec: ProcessSpec,
    mut jobs: mpsc::UnboundedReceiver<Job>,
    max_message_bytes: usize,
    changed: Changed,
) {
    let mut backoff = FIRST_BACKOFF;
    loop {
        let started = Instant::now();
        let why = match run_once(&key, &spec, &mut jobs, max_message_bytes, &changed).await {
            Ended::Stopped => return,
            Ended::Failed(why) => why,
        };
        if started.elapsed() > HEALTHY_AFTER {
            backoff = FIRST_BACKOFF;
        }
        tracing::warn!(server = %key, command = %spec.command, error = %why, retry_in_ms = backoff.as_millis() as u64, "stdio server stopped; restarting");
        let pause = tokio::time::sleep(backoff);
        tokio::pin!(pause);
        loop {
            tokio::select! {
                _ = &mut pause => break,
                job = jobs.recv(), if backoff > WAIT_THROUGH => match job {
                    None => return,
                    Some(job) => job.fail(OutboundError::Connect(format!(
                        "the stdio server is restarting (in at most {} s) after: {why}",
                        backoff.as_secs().max(1)
                    ))),
                },
            }
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// Starts the process, shakes hands, and serves requests until it dies or
/// is stopped.
async fn run_once(
    key: &str,
    spec: &ProcessSpec,
    jobs: &mut mpsc::UnboundedReceiver<Job>,
    max_message_bytes: usize,
    changed: &Changed,
) -> Ended {
    let mut command = Command::new(&spec.command);
    command.args(&spec.args).env_clear();
    for name in INHERITED {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    command
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => {
            let why = format!("could not start '{}': {e}", spec.command);
            fail_waiting(jobs, &why);
            return Ended::Failed(why);
        }
    };
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Ended::Failed("its pipes could not be opened".into());
    };
    tokio::spawn(log_stderr(key.to_string(), stderr));
    let (messages_tx, mut messages) = mpsc::channel(64);
    tokio::spawn(read_messages(stdout, max_message_bytes, messages_tx));

    let capabilities = tokio::select! {
        shaken = tokio::time::timeout(START_TIMEOUT, handshake(&mut stdin, &mut messages)) => match shaken {
            Ok(Ok(c)) => c,
            Ok(Err(why)) => {
                fail_waiting(jobs, &why);
                return Ended::Failed(why);
            }
            Err(_) => {
                let why = format!("it did not answer initialize within {} s", START_TIMEOUT.as_secs());
                fail_waiting(jobs, &why);
                return Ended::Failed(why);
            }
        },
        status = child.wait() => {
            let why = exited(status);
            fail_waiting(jobs, &why);
            return Ended::Failed(why);
        }
    };
    tracing::info!(server = %key, command = %spec.command, "stdio server started");

    let mut pending: HashMap<u64, Waiting> = HashMap::new();
    let mut next_id: u64 = 1;
    let ended = loop {
        tokio::select! {
            job = jobs.recv() => match job {
                None => break Ended::Stopped,
                Some(Job::Capabilities { reply }) => {
                    let _ = reply.send(Ok(capabilities.clone()));
                }
                Some(Job::Write { message }) => {
                    if let Err(why) = write(&mut stdin, &message).await {
                        break Ended::Failed(why);
                    }
                }
                Some(Job::Call { method, mut params, reply, talk }) => {
                    if let Err(why) = cancel_abandoned(&mut pending, &mut stdin).await {
                        let _ = reply.send(Err(OutboundError::Other(why.clone())));
                        break Ended::Failed(why);
                    }
                    let id = next_id;
                    next_id += 1;
                    let token = params.pointer("/_meta/progressToken").cloned();
                    if token.is_some() {
                        params["_meta"]["progressToken"] = our_token(id);
                    }
                    let message = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
                    if let Err(why) = write(&mut stdin, &message).await {
                        let _ = reply.send(Err(OutboundError::Other(why.clone())));
                        break Ended::Failed(why);
                    }
                    pending.insert(id, Waiting { reply, talk, token });
                }
            },
            message = messages.recv() => match message {
                None => break Ended::Failed("its output ended".into()),
                Some(Err(why)) => break Ended::Failed(why),
                Some(Ok(message)) => {
                    if let Err(why) = route(key, message, &mut pending, &mut stdin, changed).await {
                        break Ended::Failed(why);
                    }
                }
            },
            status = child.wait() => break Ended::Failed(exited(status)),
        }
    };
    let why = match &ended {
        Ended::Stopped => "it was stopped".to_string(),
        Ended::Failed(why) => why.clone(),
    };
    for (_, waiting) in pending.drain() {
        let _ = waiting.reply.send(Err(OutboundError::Other(format!(
            "the stdio server stopped before answering: {why}"
        ))));
    }
    // Closing stdin is how an MCP client ends a stdio session; the kill
    // (on drop) is for a server that ignores it.
    drop(stdin);
    if tokio::time::timeout(Duration::from_millis(500), child.wait())
        .await
        .is_err()
    {
        let _ = child.start_kill();
    }
    ended
}

fn exited(status: std::io::Result<std::process::ExitStatus>) -> String {
    match status {
        Ok(s) => format!("it exited ({s})"),
        Err(e) => format!("it could not be waited for: {e}"),
    }
}

/// Answers every queued request at once: the process could not start.
fn fail_waiting(jobs: &mut mpsc::UnboundedReceiver<Job>, why: &str) {
    while let Ok(job) = jobs.try_recv() {
        job.fail(OutboundError::Connect(format!(
            "the stdio server could not start: {why}"
        )));
    }
}

/// `initialize`, then `notifications/initialized`; the capabilities the
/// server declared.
async fn handshake(
    stdin: &mut ChildStdin,
    messages: &mut mpsc::Receiver<Result<Value, String>>,
) -> Result<Value, String> {
    let initialize = json!({
        "jsonrpc": "2.0",
        "id": 0,
        "method": "initialize",
        "params": preloop_core::mcp::upstream::initialize_params(),
    });
    write(stdin, &initialize).await?;
    loop {
        let message = messages
            .recv()
            .await
            .ok_or("its output ended before it answered initialize")??;
        if message.get("method").is_some() {
            if message.get("id").is_some() {
                refuse_request(stdin, &message).await?;
            }
            continue;
        }
        if message.get("id") != Some(&json!(0)) {
            continue;
        }
        if let Some(error) = message.get("error") {
            return Err(format!(
                "it refused initialize: {}",
                error.get("message").and_then(Value::as_str).unwrap_or("")
            ));
        }
        let capabilities = match message.get("result").and_then(|r| r.get("capabilities")) {
            Some(c @ Value::Object(_)) => c.clone(),
            _ => json!({}),
        };
        write(
            stdin,
            &json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        )
        .await?;
        return Ok(capabilities);
    }
}

/// A message from the server: a response goes to its waiting request;
/// progress to the request whose token it names; a log message or a
/// request of the server's own to the request in flight, when there is
/// exactly one that can be told (stdio names no related request, so with
/// several in flight it cannot be known whose it is: a request is then
/// refused, a log message dropped); a list change is noted for the
/// scheduled function to scan.
async fn route(
    key: &str,
    message: Value,
    pending: &mut HashMap<u64, Waiting>,
    stdin: &mut ChildStdin,
    changed: &Changed,
) -> Result<(), String> {
    if let Some(method) = message.get("method").and_then(Value::as_str) {
        let method = method.to_string();
        // The one request in flight, if it can be told: with several (even
        // one that cannot be told) it is not known whose a message is.
        let sole = || match (pending.len(), pending.values().next()) {
            (1, Some(w)) => w.talk.clone(),
            _ => None,
        };
        if message.get("id").is_some() {
            match sole() {
                Some(talk) if talk.try_send(message.clone()).is_ok() => {}
                _ => refuse_request(stdin, &message).await?,
            }
        } else if method.ends_with("/list_changed") || method == "notifications/resources/updated" {
            if method.ends_with("/list_changed") {
                lock(changed).insert(key.to_string());
            }
            // Nobody listening is no error.
            let _ = changed.said.send((key.to_string(), message));
        } else if method == "notifications/progress" {
            let token = message.pointer("/params/progressToken");
            let found = pending
                .iter()
                .find(|(id, w)| w.token.is_some() && token == Some(&our_token(**id)));
            if let Some((
                _,
                Waiting {
                    talk: Some(talk),
                    token: Some(theirs),
                    ..
                },
            )) = found
            {
                let mut message = message;
                message["params"]["progressToken"] = theirs.clone();
                let _ = talk.try_send(message);
            }
        } else if let Some(talk) = sole() {
            let _ = talk.try_send(message);
        } else {
            tracing::debug!(server = %key, method, "stdio server notification");
        }
        return Ok(());
    }
    if let Some(waiting) = message
        .get("id")
        .and_then(Value::as_u64)
        .and_then(|id| pending.remove(&id))
    {
        let _ = waiting.reply.send(Ok(message));
    }
    Ok(())
}

/// A server's own request that no caller can answer gets "method not
/// found".
async fn refuse_request(stdin: &mut ChildStdin, request: &Value) -> Result<(), String> {
    let answer = json!({
        "jsonrpc": "2.0",
        "id": request["id"],
        "error": {"code": -32601, "message": "Preloop does not answer requests from upstream servers"},
    });
    write(stdin, &answer).await
}

/// Requests whose callers gave up (timed out) are forgotten, and the server
/// is told to stop working on them.
async fn cancel_abandoned(
    pending: &mut HashMap<u64, Waiting>,
    stdin: &mut ChildStdin,
) -> Result<(), String> {
    let abandoned: Vec<u64> = pending
        .iter()
        .filter(|(_, waiting)| waiting.reply.is_closed())
        .map(|(id, _)| *id)
        .collect();
    for id in abandoned {
        pending.remove(&id);
        let cancel = json!({
            "jsonrpc": "2.0",
            "method": "notifications/cancelled",
            "params": {"requestId": id, "reason": "the caller stopped waiting"},
        });
        write(stdin, &cancel).await?;
    }
    Ok(())
}

/// One message, one line (the stdio transport's framing).
async fn write(stdin: &mut ChildStdin, message: &Value) -> Result<(), String> {
    let mut line = message.to_string();
    line.push('\n');
    match tokio::time::timeout(WRITE_TIMEOUT, stdin.write_all(line.as_bytes())).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("its stdin closed: {e}")),
        Err(_) => Err(format!(
            "it took no input for {} s",
            WRITE_TIMEOUT.as_secs()
        )),
    }
}

/// Reads one line of at most `max` bytes (without its newline). `Ok(None)`
/// at the end of the stream; a longer line is an error.
async fn read_line<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    line: &mut Vec<u8>,
    max: usize,
) -> Result<Option<()>, String> {
    line.clear();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let n = (&mut *reader)
        .take(limit)
        .read_until(b'\n', line)
        .await
        .map_err(|e| format!("its output could not be read: {e}"))?;
    if n == 0 {
        return Ok(None);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
    } else if line.len() > max {
        return Err(format!("it wrote a message over {max} bytes"));
    }
    Ok(Some(()))
}

/// The server's stdout, one JSON-RPC message per line, onto `out`. Lines
/// that are not JSON (a server that logs to stdout) are skipped.
async fn read_messages<R: AsyncRead + Unpin>(
    stdout: R,
    max: usize,
    out: mpsc::Sender<Result<Value, String>>,
) {
    let mut reader = BufReader::new(stdout);
    let mut line = Vec::new();
    loop {
        match read_line(&mut reader, &mut line, max).await {
            Ok(None) => return,
            Err(why) => {
                let _ = out.send(Err(why)).await;
                return;
            }
            Ok(Some(())) => {
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                // serde_json bounds nesting (128 levels): deep input is an
                // error here, not a stack overflow.
                match serde_json::from_slice::<Value>(&line) {
                    Ok(message) if message.is_object() => {
                        if out.send(Ok(message)).await.is_err() {
                            return;
                        }
                    }
                    _ => {
                        tracing::debug!("stdio server wrote a line that is not a JSON-RPC message")
                    }
                }
            }
        }
    }
}

/// The server's stderr, to the log: line by line, cut, redacted, and
/// rate-limited.
async fn log_stderr<R: AsyncRead + Unpin>(key: String, stderr: R) {
    let mut reader = BufReader::new(stderr);
    let mut line = Vec::new();
    let mut window = Instant::now();
    let mut in_window = 0u32;
    let mut dropped = 0u64;
    loop {
        line.clear();
        // Longer lines are cut, not refused: the rest is read and dropped.
        let limit = MAX_STDERR_LINE as u64;
        match (&mut reader).take(limit).read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if window.elapsed() >= Duration::from_secs(1) {
            if dropped > 0 {
                tracing::warn!(server = %key, dropped, "stdio server stderr: lines dropped (over {MAX_STDERR_PER_SECOND} a second)");
            }
            window = Instant::now();
            in_window = 0;
            dropped = 0;
        }
        in_window += 1;
        if in_window > MAX_STDERR_PER_SECOND {
            dropped += 1;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = preloop_core::redact::redact_text(text.trim_end());
        if !text.is_empty() {
            tracing::info!(target: "preloop::stdio", server = %key, "stderr: {text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lines_are_bounded() {
        let input: &[u8] = b"{\"a\":1}\n\n0123456789ABCDEF\nend";
        let mut reader = BufReader::new(input);
        let mut line = Vec::new();
        assert_eq!(read_line(&mut reader, &mut line, 10).await, Ok(Some(())));
        assert_eq!(line, b"{\"a\":1}");
        assert_eq!(read_line(&mut reader, &mut line, 10).await, Ok(Some(())));
        assert!(line.is_empty());
        let long = read_line(&mut reader, &mut line, 10).await;
        assert_eq!(long, Err("it wrote a message over 10 bytes".into()));
        let mut reader = BufReader::new(&b"end"[..]);
        assert_eq!(read_line(&mut reader, &mut line, 10).await, Ok(Some(())));
        assert_eq!(line, b"end");
        assert_eq!(read_line(&mut reader, &mut line, 10).await, Ok(None));
    }

    #[tokio::test]
    async fn messages_skip_what_is_not_json_rpc() {
        let input: &[u8] = b"starting up...\n[1,2]\n{\"id\":1,\"result\":{}}\n";
        let (tx, mut rx) = mpsc::channel(8);
        read_messages(input, 1024, tx).await;
        assert_eq!(rx.recv().await, Some(Ok(json!({"id": 1, "result": {}}))));
        assert_eq!(rx.recv().await, None);
    }
}
