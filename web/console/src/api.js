// The one way the console talks to Preloop's REST API.
//
// Every call carries the signed-in person's access token; a 401 is answered
// by refreshing the session once and trying again (the token may just have
// expired while the tab slept). Errors come back as ApiError carrying the
// API's own `{"error":{"code","message","detail"}}`, so pages show the
// server's words, not ours. auth.js plugs itself in with setAuthHooks (this
// module must not import it: auth.js uses this one to sign in).

/** An error answer of the API, or the network failing. */
export class ApiError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

let hooks = {
  accessToken: () => null,
  // Resolves true when a new access token is in place.
  refresh: async () => false,
};

/** auth.js: how to get the current token, and how to renew it. */
export function setAuthHooks(next) {
  hooks = { ...hooks, ...next };
}

/** `path` with `query`'s non-empty values appended. */
export function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.append(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The ApiError a failed response stands for (its body is read). */
export async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy's page, or nothing.
  }
  const e = body && typeof body === 'object' ? body.error : null;
  if (e && typeof e.message === 'string') {
    return new ApiError(response.status, e.code || 'error', e.message, e.detail);
  }
  return new ApiError(
    response.status,
    'http',
    `The server answered ${response.status} ${response.statusText || ''}`.trim(),
  );
}

function networkError() {
  return new ApiError(0, 'network', 'Could not reach Preloop. Check the connection and try again.');
}

/**
 * fetch with the bearer token, refreshing once on a 401. Returns the
 * Response whatever its status (callers that stream or download read it
 * themselves); throws ApiError only when the network fails.
 */
export async function authorizedFetch(path, init = {}, { auth = true } = {}) {
  const send = () => {
    const headers = new Headers(init.headers || {});
    const token = auth ? hooks.accessToken() : null;
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return fetch(path, { ...init, headers, credentials: 'same-origin', cache: 'no-store' });
  };
  let response;
  try {
    response = await send();
    if (response.status === 401 && auth && (await hooks.refresh())) {
      response = await send();
    }
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw networkError();
  }
  return response;
}

/**
 * A JSON call: `api('/api/v1/audit', {query: {limit: 50}})`. Resolves with
 * the parsed body (null for 204); rejects with ApiError.
 */
export async function api(path, { method = 'GET', body, query, auth = true, signal } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await authorizedFetch(withQuery(path, query), init, { auth });
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'http', 'The server sent an answer that is not JSON.');
  }
}
