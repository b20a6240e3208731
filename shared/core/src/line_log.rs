//! The log where hosts have no `tracing` subscriber of their own: a Worker
//! (whose console is what `wrangler tail` and the dashboard show) and a
//! Spin component (whose stderr Spin keeps). Each event at `warn` or above
//! becomes one line, `LEVEL target: message key=value …`, handed to the
//! host's sink. Spans are not kept: at the edge a request is one task, and
//! its audit record is the account of it. What is logged never holds a
//! secret (the code's own rule: keys and tokens are not passed to
//! `tracing`).

use std::fmt::{Debug, Write};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber, span};

/// Where a line goes: the host's console or stderr.
pub type Sink = fn(&Level, &str);

struct LineLog {
    sink: Sink,
}

/// Makes `sink` the log of this process (or isolate), once; later calls
/// change nothing and cost nothing (a Spin host calls it per request).
pub fn install(sink: Sink) {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = tracing::subscriber::set_global_default(LineLog { sink });
    });
}

/// One event as its line.
fn line(event: &Event<'_>) -> String {
    let meta = event.metadata();
    let mut fields = Fields(String::new());
    event.record(&mut fields);
    format!("{} {}:{}", meta.level(), meta.target(), fields.0)
}

struct Fields(String);

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, value);
    }
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.put(field, format_args!("{value:?}"));
    }
}

impl Fields {
    fn put(&mut self, field: &Field, value: impl std::fmt::Display) {
        let _ = if field.name() == "message" {
            write!(self.0, " {value}")
        } else {
            write!(self.0, " {}={value}", field.name())
        };
    }
}

impl Subscriber for LineLog {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        // More verbose levels compare greater: WARN and ERROR pass.
        *metadata.level() <= Level::WARN
    }
    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }
    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}
    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
    fn event(&self, event: &Event<'_>) {
        (self.sink)(event.metadata().level(), &line(event));
    }
    fn enter(&self, _: &span::Id) {}
    fn exit(&self, _: &span::Id) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    thread_local! {
        static LINES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    fn keep(_: &Level, line: &str) {
        LINES.with(|l| l.borrow_mut().push(line.to_string()));
    }

    #[test]
    fn warnings_and_errors_become_lines_and_the_rest_is_dropped() {
        let log = LineLog { sink: keep };
        tracing::subscriber::with_default(log, || {
            tracing::info!("not kept");
            tracing::warn!(error = %"connection reset", attempt = 2, "store unavailable");
            tracing::error!("a ledger row was left pending");
        });
        let lines = LINES.with(|l| l.borrow().clone());
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with("WARN preloop_core::line_log::tests: store unavailable"),
            "{lines:?}"
        );
        assert!(
            lines[0].ends_with("error=connection reset attempt=2"),
            "{lines:?}"
        );
        assert!(lines[1].starts_with("ERROR "), "{lines:?}");
    }
}
