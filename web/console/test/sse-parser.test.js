// The event-stream parser against the framings a network can produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSseParser } from '../src/sse-parser.js';

function parse(pieces) {
  const events = [];
  const retries = [];
  const p = createSseParser((e) => events.push(e), (ms) => retries.push(ms));
  for (const piece of pieces) p.push(piece);
  return { events, retries, parser: p };
}

/** Every way of cutting `text` in two. */
function everySplit(text) {
  return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
}

const STREAM =
  'retry: 500\r\n\r\n: keepalive\r\n\r\nid: 42\r\nevent: approvals\r\ndata: {"a":1,\r\ndata: "b":2}\r\n\r\nid: 43\r\n\r\n';

test('one event with multi-line data, whatever the chunking (CRLF split too)', () => {
  for (const pieces of everySplit(STREAM)) {
    const { events, retries } = parse(pieces);
    assert.deepEqual(retries, [500]);
    assert.equal(events.length, 2, JSON.stringify(pieces));
    assert.deepEqual(events[0], { type: 'approvals', data: '{"a":1,\n"b":2}', id: '42' });
    // An id alone moves the cursor and carries no data.
    assert.deepEqual(events[1], { type: 'message', data: null, id: '43' });
  }
});

test('byte by byte', () => {
  const { events } = parse([...STREAM]);
  assert.equal(events.length, 2);
  assert.equal(JSON.parse(events[0].data).b, 2);
});

test('LF only, CR only, and mixed line ends', () => {
  for (const nl of ['\n', '\r', '\r\n']) {
    const { events } = parse([`data: x${nl}data: y${nl}${nl}`]);
    assert.deepEqual(events, [{ type: 'message', data: 'x\ny', id: undefined }], JSON.stringify(nl));
  }
});

test('comments and blank lines alone dispatch nothing', () => {
  const { events } = parse([': hi\n\n\n\n: again\n\n']);
  assert.deepEqual(events, []);
});

test('the last id carries over to later events; an id with NUL is ignored', () => {
  const { events } = parse(['id: 7\ndata: a\n\ndata: b\n\nid: 8\u0000\ndata: c\n\n']);
  assert.deepEqual(
    events.map((e) => e.id),
    ['7', '7', '7'],
  );
});

test('field syntax: one leading space stripped, no colon means empty value', () => {
  const { events } = parse(['data:  two spaces\ndata\nevent:x\n\n']);
  assert.deepEqual(events, [{ type: 'x', data: ' two spaces\n', id: undefined }]);
});

test('an unfinished event at the end of the stream is dropped', () => {
  const { events, parser } = parse(['data: half']);
  parser.end();
  parser.push('\n\n');
  assert.deepEqual(events, []);
});

test('retry needs digits', () => {
  const { retries } = parse(['retry: 10s\nretry: 250\n\n']);
  assert.deepEqual(retries, [250]);
});
