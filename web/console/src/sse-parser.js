// A parser for the text/event-stream format (the HTML standard's "event
// stream interpretation"), fed decoded text in whatever pieces the network
// gives: a line, or a `\r\n`, may be split between two pieces.
//
// EventSource cannot send an Authorization header, so live.js reads the
// stream with fetch and hands the text here.

/**
 * @param {(event: {type: string, data: string|null, id: string|undefined}) => void} onEvent
 *   called at each blank line that ends an event. `data` is null when the
 *   event had no data line: such an event dispatches nothing in a browser's
 *   EventSource, but its `id:` still moves the cursor, so it is reported.
 *   `id` is the last event id seen so far (it carries over between events,
 *   as in EventSource).
 * @param {(ms: number) => void} [onRetry] a `retry:` field.
 */
export function createSseParser(onEvent, onRetry = () => {}) {
  let pending = '';
  // The previous piece ended with '\r': a '\n' starting this one belongs to it.
  let afterCR = false;
  let data = [];
  let hasData = false;
  let type = '';
  let lastId;
  let sawField = false;

  function field(line) {
    if (line === '') {
      if (sawField) {
        onEvent({ type: type || 'message', data: hasData ? data.join('\n') : null, id: lastId });
      }
      data = [];
      hasData = false;
      type = '';
      sawField = false;
      return;
    }
    if (line.startsWith(':')) return; // a comment: keepalive
    const colon = line.indexOf(':');
    let name = line;
    let value = '';
    if (colon >= 0) {
      name = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
    }
    switch (name) {
      case 'data':
        data.push(value);
        hasData = true;
        sawField = true;
        break;
      case 'event':
        type = value;
        sawField = true;
        break;
      case 'id':
        if (!value.includes('\0')) {
          lastId = value;
          sawField = true;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) onRetry(Number(value));
        break;
      default:
        // Unknown fields are ignored.
        break;
    }
  }

  return {
    /** Feeds the next piece of text. */
    push(text) {
      let start = 0;
      if (afterCR && text.startsWith('\n')) start = 1;
      afterCR = false;
      let buf = pending + text.slice(start);
      pending = '';
      let from = 0;
      for (;;) {
        const cr = buf.indexOf('\r', from);
        const lf = buf.indexOf('\n', from);
        if (cr < 0 && lf < 0) break;
        let end;
        let next;
        if (cr >= 0 && (lf < 0 || cr < lf)) {
          end = cr;
          if (cr + 1 < buf.length) {
            next = buf[cr + 1] === '\n' ? cr + 2 : cr + 1;
          } else {
            // '\r' is the last character: a '\n' may come next.
            next = cr + 1;
            afterCR = true;
          }
        } else {
          end = lf;
          next = lf + 1;
        }
        field(buf.slice(from, end));
        from = next;
      }
      pending = buf.slice(from);
    },
    /** The stream ended: an unfinished event is dropped, as EventSource does. */
    end() {
      pending = '';
      data = [];
      hasData = false;
      type = '';
      sawField = false;
      afterCR = false;
    },
    lastEventId() {
      return lastId;
    },
  };
}
