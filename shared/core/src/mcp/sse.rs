//! Server-Sent Events: an incremental parser (for upstream answers) and the
//! writer for our own SSE responses.

/// One event: its `event:` type (default `message`) and joined `data:` lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub event: String,
    pub data: String,
    pub id: Option<String>,
}

/// Feeds bytes in as they arrive; yields complete events.
#[derive(Default)]
pub struct Parser {
    buf: Vec<u8>,
    /// How far `buf` is known to hold no blank line: each push looks only
    /// at what is new, so an event that never ends costs linear time, not
    /// a rescan of everything buffered on every chunk.
    scanned: usize,
}

impl Parser {
    pub fn push(&mut self, chunk: &[u8]) -> Vec<Event> {
        self.buf.extend_from_slice(chunk);
        let mut events = Vec::new();
        // A separator may straddle the old end: look back three bytes.
        let mut from = self.scanned.saturating_sub(3);
        while let Some((end, sep_len)) = find_blank_line(&self.buf, from) {
            let block: Vec<u8> = self.buf.drain(..end + sep_len).collect();
            if let Some(e) = parse_block(&String::from_utf8_lossy(&block[..end])) {
                events.push(e);
            }
            from = 0;
        }
        self.scanned = self.buf.len();
        events
    }

    /// Whatever is left when the stream ends (a last event without its blank line).
    pub fn finish(&mut self) -> Option<Event> {
        self.scanned = 0;
        let rest = std::mem::take(&mut self.buf);
        parse_block(&String::from_utf8_lossy(&rest))
    }
}

fn find_blank_line(buf: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while i < buf.len() {
        if buf[i..].starts_with(b"\r\n\r\n") {
            return Some((i, 4));
        }
        if buf[i..].starts_with(b"\n\n") || buf[i..].starts_with(b"\r\r") {
            return Some((i, 2));
        }
        i += 1;
    }
    None
}

fn parse_block(block: &str) -> Option<Event> {
    let mut event = String::from("message");
    let mut data: Vec<&str> = Vec::new();
    let mut id = None;
    for line in block.lines() {
        if line.starts_with(':') || line.is_empty() {
            continue;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => event = value.to_string(),
            "data" => data.push(value),
            "id" => id = Some(value.to_string()),
            _ => {}
        }
    }
    if data.is_empty() {
        return None;
    }
    Some(Event {
        event,
        data: data.join("\n"),
        id,
    })
}

/// One `message` event carrying a JSON-RPC message.
pub fn message_event(json: &serde_json::Value, id: Option<&str>) -> String {
    let mut out = String::from("event: message\n");
    if let Some(id) = id {
        out.push_str(&format!("id: {id}\n"));
    }
    for line in json.to_string().lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_split_events() {
        let mut p = Parser::default();
        assert!(p.push(b"event: message\ndata: {\"a\"").is_empty());
        let evs = p.push(b":1}\n\n: comment\n\ndata: x\r\ndata: y\r\n\r\nid: 7\ndata: z");
        assert_eq!(evs.len(), 2);
        assert_eq!(evs[0].data, "{\"a\":1}");
        assert_eq!(evs[1].data, "x\ny");
        let last = p.finish();
        assert_eq!(
            last.map(|e| (e.data, e.id)),
            Some(("z".into(), Some("7".into())))
        );
    }

    #[test]
    fn separators_split_across_pushes_are_found() {
        for sep in ["\n\n", "\r\n\r\n", "\r\r"] {
            let text = format!(
                "data: a{sep}event: e\ndata: c{sep}data: {}{sep}",
                "b".repeat(5000)
            );
            let mut p = Parser::default();
            let mut events = Vec::new();
            for byte in text.as_bytes() {
                events.extend(p.push(std::slice::from_ref(byte)));
            }
            let datas: Vec<&str> = events.iter().map(|e| e.data.as_str()).collect();
            assert_eq!(datas.len(), 3, "{sep:?}");
            assert_eq!(datas[0], "a");
            assert_eq!(events[1].event, "e");
            assert_eq!(datas[2].len(), 5000);
        }
    }

    #[test]
    fn writer_round_trips() {
        let v = serde_json::json!({"jsonrpc": "2.0", "id": 1, "result": {}});
        let mut p = Parser::default();
        let evs = p.push(message_event(&v, Some("1")).as_bytes());
        assert_eq!(evs.len(), 1);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&evs[0].data).ok(),
            Some(v)
        );
    }
}
