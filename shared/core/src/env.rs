//! `Env`: the ports and per-instance caches a handler runs with. One `Env`
//! lives per isolate (Workers), per component instance (Spin) or per worker
//! thread (native); nothing in it is needed by another instance, so any
//! instance may die between two requests.

use crate::config::Config;
use crate::mcp::upstream::UpstreamSessions;
use crate::policy::cache::PolicyCache;
use crate::ports::{Clock, HttpClient, Mailer, Processes, Queue, QueueMessage, Random, Sql, Timer};
use crate::secrets::Cipher;
use std::rc::Rc;

/// Cheap to clone: every part is shared, so a clone is the same instance
/// (a held-open response keeps one after its handler has returned).
#[derive(Clone)]
pub struct Env {
    sql: Rc<dyn Sql>,
    http: Rc<dyn HttpClient>,
    clock: Rc<dyn Clock>,
    random: Rc<dyn Random>,
    cipher: Rc<Cipher>,
    mailer: Option<Rc<dyn Mailer>>,
    timer: Option<Rc<dyn Timer>>,
    queue: Option<Rc<dyn Queue>>,
    processes: Option<Rc<dyn Processes>>,
    arguments: Option<Rc<dyn crate::ports::ArgumentCheck>>,
    /// Who runs the built-in issue tools (see `ports::IssueTools`).
    issue_tools: Option<Rc<dyn crate::ports::IssueTools>>,
    /// The host's built-in embedding model, if it carries one.
    builtin_embedder: Option<Rc<dyn crate::embed::Embedder>>,
    /// This process, for hosts that outlive a request (natively): its
    /// records are closed `interrupted` if it dies with calls pending.
    instance_id: Option<Rc<str>>,
    pub config: Rc<Config>,
    /// Compiled policies, keyed by account and validated by policy version.
    pub policies: PolicyCache,
    /// Upstream MCP sessions; losing them only costs a new `initialize`.
    pub upstream_sessions: UpstreamSessions,
}

impl Env {
    pub fn new(
        sql: Rc<dyn Sql>,
        http: Rc<dyn HttpClient>,
        clock: Rc<dyn Clock>,
        random: Rc<dyn Random>,
        cipher: Rc<Cipher>,
        config: Rc<Config>,
    ) -> Self {
        // The condition bounds are process-wide (conditions are compiled
        // where no Env is at hand: policy files offline); every host builds
        // its Env from its settings before serving, so this is where they
        // take effect.
        crate::policy::bounds::configure(config.condition_limits, config.cel_budget);
        crate::policy::yaml::configure(config.policy_file_limits);
        Env {
            sql,
            http,
            clock,
            random,
            cipher,
            mailer: None,
            timer: None,
            queue: None,
            processes: None,
            arguments: None,
            builtin_embedder: None,
            issue_tools: None,
            instance_id: None,
            config,
            policies: PolicyCache::default(),
            upstream_sessions: UpstreamSessions::default(),
        }
    }
    /// Gives the functions a built-in embedding model (hosts that carry
    /// one: natively and on Spin).
    pub fn with_embedder(mut self, embedder: Rc<dyn crate::embed::Embedder>) -> Self {
        self.builtin_embedder = Some(embedder);
        self
    }
    /// The embedder issues and queries are embedded with: the configured
    /// endpoint, else the host's built-in model; `None`: search is by text
    /// alone.
    pub fn embedder(&self) -> Option<Rc<dyn crate::embed::Embedder>> {
        match &self.config.embeddings {
            Some(endpoint) => Some(Rc::new(crate::embed::openai::OpenAiCompatible::new(
                endpoint.clone(),
            ))),
            None => self.builtin_embedder.clone(),
        }
    }
    /// Gives the proxy the built-in issue tools.
    pub fn with_issue_tools(mut self, tools: Rc<dyn crate::ports::IssueTools>) -> Self {
        self.issue_tools = Some(tools);
        self
    }
    pub fn issue_tools(&self) -> Option<Rc<dyn crate::ports::IssueTools>> {
        self.issue_tools.clone()
    }
    /// Gives the functions an SMTP client (hosts that can open sockets).
    pub fn with_mailer(mut self, mailer: Rc<dyn Mailer>) -> Self {
        self.mailer = Some(mailer);
        self
    }
    pub fn mailer(&self) -> Option<&dyn Mailer> {
        self.mailer.as_deref()
    }
    /// Lets handlers wait (hosts where a request may stay open).
    pub fn with_timer(mut self, timer: Rc<dyn Timer>) -> Self {
        self.timer = Some(timer);
        self
    }
    pub fn timer(&self) -> Option<&dyn Timer> {
        self.timer.as_deref()
    }
    /// Lets functions wake the scheduler (hosts with a queue).
    pub fn with_queue(mut self, queue: Rc<dyn Queue>) -> Self {
        self.queue = Some(queue);
        self
    }
    /// Lets upstream MCP servers run as child processes (the native host).
    pub fn with_processes(mut self, processes: Rc<dyn Processes>) -> Self {
        self.processes = Some(processes);
        self
    }
    pub fn processes(&self) -> Option<&dyn Processes> {
        self.processes.as_deref()
    }
    /// Lets the proxy check calls' arguments against their tools' schemas
    /// (every host gives one; without it such calls are refused).
    pub fn with_argument_check(mut self, check: Rc<dyn crate::ports::ArgumentCheck>) -> Self {
        self.arguments = Some(check);
        self
    }
    pub fn argument_check(&self) -> Option<&dyn crate::ports::ArgumentCheck> {
        self.arguments.as_deref()
    }
    /// Names the instance (a native process) this Env belongs to.
    pub fn with_instance(mut self, id: &str) -> Self {
        self.instance_id = Some(Rc::from(id));
        self
    }
    pub fn instance_id(&self) -> Option<&str> {
        self.instance_id.as_deref()
    }
    /// Asks the consumer to do `message` now. Best effort: without a queue,
    /// or when sending fails (logged), the scheduled run does it.
    pub async fn wake(&self, message: QueueMessage) {
        if let Some(queue) = &self.queue
            && let Err(e) = queue.send(&message).await
        {
            tracing::warn!(?message, error = %e, "could not queue a wake-up; the next scheduled run will do the work");
        }
    }
    /// This instance with its store and upstream requests timed (for
    /// `Server-Timing`): the same caches and ports, behind counters.
    pub fn timed(&self) -> (Env, Rc<crate::timing::Timings>) {
        let timings = Rc::new(crate::timing::Timings::default());
        let mut env = self.clone();
        env.sql = Rc::new(crate::timing::TimedSql {
            inner: self.sql.clone(),
            clock: self.clock.clone(),
            timings: timings.clone(),
        });
        env.http = Rc::new(crate::timing::TimedHttp {
            inner: self.http.clone(),
            clock: self.clock.clone(),
            timings: timings.clone(),
        });
        (env, timings)
    }
    pub fn sql(&self) -> &dyn Sql {
        self.sql.as_ref()
    }
    pub fn http(&self) -> &dyn HttpClient {
        self.http.as_ref()
    }
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }
    pub fn random(&self) -> &dyn Random {
        self.random.as_ref()
    }
    pub fn cipher(&self) -> &Cipher {
        self.cipher.as_ref()
    }
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
    pub fn new_id(&self) -> String {
        crate::ids::new_id(self.clock.as_ref(), self.random.as_ref())
    }
}
