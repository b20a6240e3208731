// The API client: bearer tokens, one refresh on a 401, the API's own error words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, ApiError, setAuthHooks } from '../src/api.js';

function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

test('a 401 refreshes once and retries with the new token', async () => {
  let token = 'old';
  let refreshes = 0;
  setAuthHooks({ accessToken: () => token, refresh: async () => { refreshes += 1; token = 'new'; return true; } });
  const seen = [];
  globalThis.fetch = async (url, init) => {
    const auth = init.headers.get('Authorization');
    seen.push(auth);
    return auth === 'Bearer new' ? json(200, { ok: true }) : json(401, { error: { code: 'unauthorized', message: 'expired' } });
  };
  assert.deepEqual(await api('/api/v1/x'), { ok: true });
  assert.deepEqual(seen, ['Bearer old', 'Bearer new']);
  assert.equal(refreshes, 1);
});

test('a 401 that survives the refresh is the API error, not a loop', async () => {
  let refreshes = 0;
  setAuthHooks({ accessToken: () => 't', refresh: async () => { refreshes += 1; return true; } });
  globalThis.fetch = async () => json(401, { error: { code: 'unauthorized', message: 'invalid or expired token' } });
  await assert.rejects(api('/api/v1/x'), (e) => e instanceof ApiError && e.status === 401 && e.message === 'invalid or expired token');
  assert.equal(refreshes, 1);
});

test("errors carry the API's message, code and detail", async () => {
  setAuthHooks({ accessToken: () => 't', refresh: async () => false });
  globalThis.fetch = async () =>
    json(403, { error: { code: 'forbidden', message: 'you are not an approver of this request', detail: { x: 1 } } });
  await assert.rejects(api('/api/v1/x', { method: 'POST', body: {} }), (e) => {
    assert.equal(e.message, 'you are not an approver of this request');
    assert.equal(e.code, 'forbidden');
    assert.deepEqual(e.detail, { x: 1 });
    return true;
  });
});

test('sign-in calls send no token; query values that are empty are left out', async () => {
  setAuthHooks({ accessToken: () => 'secret', refresh: async () => false });
  let seen;
  globalThis.fetch = async (url, init) => {
    seen = { url, auth: init.headers.get('Authorization'), body: init.body };
    return new Response(null, { status: 204 });
  };
  assert.equal(await api('/api/v1/auth/logout', { method: 'POST', body: { refresh_token: 'r' }, auth: false, query: { a: '', b: 0, c: null } }), null);
  assert.equal(seen.url, '/api/v1/auth/logout?b=0');
  assert.equal(seen.auth, null);
  assert.equal(seen.body, '{"refresh_token":"r"}');
});

test('the network failing is an ApiError with status 0', async () => {
  globalThis.fetch = async () => {
    throw new TypeError('fetch failed');
  };
  await assert.rejects(api('/api/v1/x'), (e) => e instanceof ApiError && e.status === 0);
});
