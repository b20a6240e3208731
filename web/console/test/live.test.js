// The live stream client against a scripted server: resuming with
// Last-Event-ID after the server ends a stream, topics, and resync on a gap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setAuthHooks } from '../src/api.js';
import { startLive, stopLive, subscribe, onLiveStatus } from '../src/live.js';

function stream(chunks) {
  const enc = new TextEncoder();
  return new Response(
    new ReadableStream({
      start(c) {
        for (const chunk of chunks) c.enqueue(enc.encode(chunk));
        c.close();
      },
    }),
    { status: 200, headers: { 'content-type': 'text/event-stream' } },
  );
}

test('events reach their topic, the stream resumes from the last id, a gap resyncs', async () => {
  setAuthHooks({ accessToken: () => 'tok', refresh: async () => false });
  const requests = [];
  const scripts = [
    ['retry: 500\n\n', 'id: 41\nevent: approvals\ndata: {"seq":41,"topic":"approvals","outcome":"approval_created","request_id":"R1"}\n\n', ': keepalive\n\nid: 42\n\n'],
    ['id: 42\nevent: system\ndata: {"topic":"system","kind":"gap","seq":42}\n\n', 'id: 43\nevent: audit\ndata: {"seq":43,"topic":"audit","tool":"fx__a"}\n\n'],
  ];
  globalThis.fetch = async (url, init) => {
    requests.push({ url, lastId: init.headers.get('Last-Event-ID'), auth: init.headers.get('Authorization') });
    const script = scripts.shift();
    if (!script) return new Promise(() => {}); // stays open
    return stream(script);
  };
  const approvals = [];
  const audit = [];
  const statuses = [];
  const offA = subscribe(['approvals'], (e) => approvals.push(e));
  const offB = subscribe(['audit'], (e) => audit.push(e));
  const offS = onLiveStatus((s) => statuses.push(s));
  startLive(['approvals', 'audit']);
  await new Promise((r) => setTimeout(r, 1500));
  stopLive();
  offA();
  offB();
  offS();
  assert.equal(requests[0].url, '/api/v1/events?topics=approvals%2Caudit');
  assert.equal(requests[0].auth, 'Bearer tok');
  assert.equal(requests[0].lastId, null);
  assert.equal(requests[1].lastId, '42', 'resumes after the id-only event');
  assert.equal(requests[2].lastId, '43');
  assert.deepEqual(
    approvals.map((e) => e.kind || e.request_id),
    ['R1', 'resync'],
  );
  assert.deepEqual(
    audit.map((e) => e.kind || e.tool),
    ['resync', 'fx__a'],
  );
  assert.equal(statuses[0], 'off');
  assert.ok(statuses.includes('live'));
  assert.equal(statuses.at(-1), 'off');
});

test('a refused stream backs off and says why', async () => {
  setAuthHooks({ accessToken: () => 'tok', refresh: async () => false });
  const times = [];
  globalThis.fetch = async () => {
    times.push(Date.now());
    return new Response(JSON.stringify({ error: { code: 'unavailable', message: 'busy' } }), { status: 503 });
  };
  let last = null;
  const off = onLiveStatus((s, e) => (last = [s, e]));
  startLive(['audit']);
  await new Promise((r) => setTimeout(r, 1700));
  assert.deepEqual(last, ['reconnecting', 'busy']);
  stopLive();
  off();
  // 0.5 s, then 1 s: three tries in 1.7 s.
  assert.equal(times.length, 3);
  assert.ok(times[2] - times[1] >= 900);
});
