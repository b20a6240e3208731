//! Server-sent events as a provider streams them: bytes cut into whole
//! events as they arrive (an event ends at a blank line), so each can be
//! read, kept or dropped, and passed on at once.

use bytes::Bytes;

/// The longest event the gateway holds while waiting for its end.
pub const MAX_EVENT_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Default)]
pub struct Splitter {
    pending: Vec<u8>,
    /// How far `pending` is known to hold no boundary, so a long event
    /// arriving in many chunks is scanned once.
    scanned: usize,
}

/// Where the first event boundary in `buf` at or after `from` ends.
fn boundary(buf: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 1 < buf.len() {
        if buf[i] == b'\n' {
            if buf[i + 1] == b'\n' {
                return Some(i + 2);
            }
            if buf[i + 1] == b'\r' && buf.get(i + 2) == Some(&b'\n') {
                return Some(i + 3);
            }
        }
        i += 1;
    }
    None
}

impl Splitter {
    /// The events `chunk` completes, each with its terminating blank line.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<Bytes>, String> {
        self.pending.extend_from_slice(chunk);
        let mut events = Vec::new();
        while let Some(end) = boundary(&self.pending, self.scanned) {
            let rest = self.pending.split_off(end);
            events.push(Bytes::from(std::mem::replace(&mut self.pending, rest)));
            self.scanned = 0;
        }
        // A boundary's three bytes may straddle this chunk and the next.
        self.scanned = self.pending.len().saturating_sub(3);
        if self.pending.len() > MAX_EVENT_BYTES {
            return Err(format!(
                "the provider sent an event longer than {MAX_EVENT_BYTES} bytes"
            ));
        }
        Ok(events)
    }

    /// What is left when the stream ends: an event without its blank line.
    pub fn finish(&mut self) -> Option<Bytes> {
        let rest = std::mem::take(&mut self.pending);
        self.scanned = 0;
        (!rest.iter().all(u8::is_ascii_whitespace)).then(|| Bytes::from(rest))
    }
}

/// An event's `data` lines, joined as the SSE rules join them.
pub fn data(event: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(event).ok()?;
    let mut out: Option<String> = None;
    for line in text.lines() {
        if let Some(value) = line.strip_prefix("data:") {
            let value = value.strip_prefix(' ').unwrap_or(value);
            match &mut out {
                Some(s) => {
                    s.push('\n');
                    s.push_str(value);
                }
                None => out = Some(value.to_string()),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_cut_at_blank_lines_across_chunks() {
        let mut s = Splitter::default();
        assert!(s.push(b"data: {\"a\"").unwrap().is_empty());
        let out = s.push(b":1}\n\ndata: [DO").unwrap();
        assert_eq!(out, vec![Bytes::from_static(b"data: {\"a\":1}\n\n")]);
        let out = s.push(b"NE]\r\n\r\n").unwrap();
        assert_eq!(data(&out[0]).as_deref(), Some("[DONE]"));
        assert!(s.finish().is_none());
    }

    #[test]
    fn multi_line_data_is_joined() {
        let e = b"event: message_delta\ndata: {\"a\":\ndata: 1}\n\n";
        assert_eq!(data(e).as_deref(), Some("{\"a\":\n1}"));
    }

    #[test]
    fn an_endless_event_is_refused() {
        let mut s = Splitter::default();
        let big = vec![b'x'; MAX_EVENT_BYTES + 1];
        assert!(s.push(&big).is_err());
    }
}
