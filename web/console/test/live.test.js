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

test('a stream that opens and closes at once with nothing is not retried every half second', async () => {
  setAuthHooks({ accessToken: () => 'tok', refresh: async () => false });
  const times = [];
  globalThis.fetch = async () => {
    times.push(Date.now());
    return stream([]);
  };
  startLive(['audit']);
  await new Promise((r) => setTimeout(r, 1700));
  stopLive();
  // 0.5 s, then 1 s (the open did not reset the backoff): three tries in 1.7 s.
  assert.equal(times.length, 3);
  assert.ok(times[2] - times[1] >= 900);
});

test('a quiet stream that stayed open 30 s earns the short wait again', async () => {
  setAuthHooks({ accessToken: () => 'tok', refresh: async () => false });
  const realNow = Date.now;
  const times = [];
  let close;
  globalThis.fetch = async () => {
    times.push(realNow());
    if (times.length === 1) return stream([]); // nothing: the wait doubles to 1 s
    if (times.length === 2) {
      const enc = new TextEncoder();
      return new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(enc.encode(': keepalive\n\n'));
            close = () => c.close();
          },
        }),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      );
    }
    return new Promise(() => {});
  };
  try {
    startLive(['audit']);
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(times.length, 2);
    // Half a minute passes on the open stream, then the server ends it.
    Date.now = () => realNow() + 31_000;
    close();
    await new Promise((r) => setTimeout(r, 800));
  } finally {
    Date.now = realNow;
    stopLive();
  }
  assert.equal(times.length, 3, 'reconnected after 0.5 s, not 2 s');
});

test('a 401 that survives the refresh stops the stream and asks the auth layer, once', async () => {
  let refreshes = 0;
  setAuthHooks({ accessToken: () => 'tok', refresh: async () => { refreshes += 1; return true; } });
  let requests = 0;
  globalThis.fetch = async () => {
    requests += 1;
    return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'invalid or expired token' } }), { status: 401 });
  };
  const rejected = [];
  let last = null;
  const off = onLiveStatus((s, e) => (last = [s, e]));
  startLive(['audit'], { unauthorized: async (m) => (rejected.push(m), false) });
  await new Promise((r) => setTimeout(r, 1200));
  off();
  stopLive();
  assert.equal(requests, 2, 'the first try and the one after the refresh');
  assert.equal(refreshes, 1);
  assert.deepEqual(rejected, ['invalid or expired token']);
  assert.deepEqual(last, ['off', 'invalid or expired token']);
});

test('a 401 while the auth layer says the session may stand backs off', async () => {
  setAuthHooks({ accessToken: () => 'tok', refresh: async () => false });
  const times = [];
  globalThis.fetch = async () => {
    times.push(Date.now());
    return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'expired' } }), { status: 401 });
  };
  startLive(['audit'], { unauthorized: async () => true });
  await new Promise((r) => setTimeout(r, 1700));
  stopLive();
  assert.equal(times.length, 3);
});

test('a 403 naming a permission reloads the session and asks for the topics still allowed', async () => {
  setAuthHooks({ accessToken: () => 'tok', refresh: async () => false });
  const urls = [];
  let allowed = ['approvals', 'audit'];
  globalThis.fetch = async (url) => {
    urls.push(url);
    if (url.includes('audit')) {
      return new Response(
        JSON.stringify({ error: { code: 'forbidden', message: 'missing audit.read', detail: { required_permission: 'audit.read' } } }),
        { status: 403 },
      );
    }
    return new Promise(() => {});
  };
  let reloads = 0;
  startLive(['approvals', 'audit'], {
    reloadSession: async () => {
      reloads += 1;
      allowed = ['approvals'];
      return true;
    },
    topics: () => allowed,
  });
  await new Promise((r) => setTimeout(r, 800));
  stopLive();
  assert.equal(reloads, 1);
  assert.deepEqual(urls, ['/api/v1/events?topics=approvals%2Caudit', '/api/v1/events?topics=approvals']);
});
