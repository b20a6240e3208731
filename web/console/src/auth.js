// The signed-in session: who the person is and the tokens that say so.
//
// The access token (a JWT, minutes long) lives only in memory. The refresh
// token is kept in localStorage under `preloop.refresh` so a reload or a new
// tab stays signed in. Refresh tokens are single-use and the server ends
// the whole session when one is used twice, so every refresh takes a
// cross-tab lock and reads the token afresh from storage inside it: two
// tabs never send the same one.
//
// Single sign-on comes back to `/?sso_code=pls_…`; init() exchanges the
// code and takes it out of the address bar.

import { api, ApiError, setAuthHooks } from './api.js';

const REFRESH_KEY = 'preloop.refresh';
const LOCK_NAME = 'preloop.refresh';
/** Where to go after a single sign-on comes back (return_to is always /). */
const NEXT_KEY = 'preloop.sso.next';

const state = {
  /** 'unknown' until init() settles, then 'signed-in' or 'signed-out'. */
  status: 'unknown',
  access: null,
  /** Epoch ms the access token expires at. */
  expiresAt: 0,
  /** GET /api/v1/auth/me */
  me: null,
  /** Why the person was signed out, in the API's words, if it was not their doing. */
  reason: '',
};

let refreshTimer = 0;
let refreshing = null;
const events = new EventTarget();

function emit() {
  events.dispatchEvent(new Event('change'));
}

/** Calls `fn` whenever the session changes; returns the unsubscribe. */
export function onAuthChange(fn) {
  events.addEventListener('change', fn);
  return () => events.removeEventListener('change', fn);
}

export function session() {
  return state;
}

export function accessToken() {
  return state.access;
}

/** Whether the signed-in person holds `permission` (the API still decides). */
export function can(permission) {
  return !!state.me && Array.isArray(state.me.permissions) && state.me.permissions.includes(permission);
}

function storedRefresh() {
  try {
    return localStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

function storeRefresh(token) {
  try {
    if (token) localStorage.setItem(REFRESH_KEY, token);
    else localStorage.removeItem(REFRESH_KEY);
  } catch {
    // Storage refused (private mode): the session lasts as long as the tab.
  }
}

/** Runs `fn` holding the cross-tab refresh lock where the browser has one. */
function withLock(fn) {
  if (navigator.locks && navigator.locks.request) {
    return navigator.locks.request(LOCK_NAME, fn);
  }
  return fn();
}

function schedule() {
  clearTimeout(refreshTimer);
  if (!state.access) return;
  const ttl = state.expiresAt - Date.now();
  // A minute early, or at four fifths of a short lifetime.
  const early = Math.min(60_000, ttl * 0.2);
  refreshTimer = setTimeout(() => {
    refresh().catch(() => {
      // Offline: the next API call's 401 (or the next wake-up) tries again.
    });
  }, Math.max(1_000, ttl - early));
}

/** Takes a token answer: `{access_token, refresh_token, expires_in}`. */
function accept(tokens) {
  state.access = tokens.access_token;
  state.expiresAt = Date.now() + Number(tokens.expires_in || 900) * 1000;
  storeRefresh(tokens.refresh_token);
  schedule();
}

function clear(reason = '') {
  clearTimeout(refreshTimer);
  state.access = null;
  state.expiresAt = 0;
  state.me = null;
  state.status = 'signed-out';
  state.reason = reason;
  emit();
}

async function loadMe() {
  state.me = await api('/api/v1/auth/me');
  state.status = 'signed-in';
  state.reason = '';
  emit();
  return state.me;
}

/**
 * New tokens from the stored refresh token. Resolves true when signed in
 * afresh, false when there is no session any more (the person is signed
 * out, with the API's reason); rejects with ApiError when the network
 * failed (the session may still be good).
 */
export function refresh() {
  if (!refreshing) {
    refreshing = withLock(async () => {
      const token = storedRefresh();
      if (!token) {
        if (state.status !== 'signed-out') clear('');
        return false;
      }
      try {
        accept(await api('/api/v1/auth/refresh', { method: 'POST', body: { refresh_token: token }, auth: false }));
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
          // Only drop the token if no other tab replaced it meanwhile.
          if (storedRefresh() === token) storeRefresh(null);
          clear(err.message);
          return false;
        }
        throw err;
      }
    }).finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

setAuthHooks({
  accessToken,
  refresh: () => refresh().catch(() => false),
});

/** Email and password. Rejects with ApiError (shown as it is). */
export async function signIn(email, password) {
  const tokens = await api('/api/v1/auth/token', { method: 'POST', body: { email, password }, auth: false });
  accept(tokens);
  return loadMe();
}

/** The address that starts single sign-on for `account`, coming back to `next` (a hash route). */
export function singleSignOnUrl(account, next) {
  try {
    if (next) sessionStorage.setItem(NEXT_KEY, next);
  } catch {
    // Without storage the person lands on the overview.
  }
  const q = new URLSearchParams({ account, return_to: '/' });
  return `/auth/sso/start?${q}`;
}

async function exchangeSsoCode(code) {
  const tokens = await api('/api/v1/auth/sso/exchange', { method: 'POST', body: { sso_code: code }, auth: false });
  accept(tokens);
  return loadMe();
}

/** Takes `sso_code` out of the address bar, keeping the rest. */
function dropCodeFromAddress() {
  const url = new URL(location.href);
  url.searchParams.delete('sso_code');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

/**
 * Settles the session on load: a single sign-on's code, else the stored
 * refresh token. Resolves with the hash route to go to after single
 * sign-on, if any.
 */
export async function init() {
  window.addEventListener('storage', (e) => {
    // Another tab signed out: so does this one.
    if (e.key === REFRESH_KEY && e.newValue === null && state.status === 'signed-in') clear('');
  });
  document.addEventListener('visibilitychange', () => {
    // Timers sleep in background tabs: catch up on waking.
    if (document.visibilityState === 'visible' && state.access && Date.now() > state.expiresAt - 30_000) {
      refresh().catch(() => {});
    }
  });
  const code = new URL(location.href).searchParams.get('sso_code');
  if (code) {
    dropCodeFromAddress();
    let next = null;
    try {
      next = sessionStorage.getItem(NEXT_KEY);
      sessionStorage.removeItem(NEXT_KEY);
    } catch {
      // No storage: the default route.
    }
    try {
      await exchangeSsoCode(code);
      return next;
    } catch (err) {
      clear(err.message);
      return null;
    }
  }
  if (!storedRefresh()) {
    clear('');
    return null;
  }
  try {
    if (await refresh()) await loadMe();
  } catch (err) {
    // Offline or the server is down: say so on the sign-in page; the
    // stored token is kept for the next try.
    clear(err.message);
  }
  return null;
}

/** Ends the session at the server, then here (here even if the server cannot be reached). */
export async function signOut() {
  const token = storedRefresh();
  storeRefresh(null);
  clear('');
  if (token) {
    try {
      await api('/api/v1/auth/logout', { method: 'POST', body: { refresh_token: token }, auth: false });
    } catch {
      // Nothing more to do: the token is gone from this browser.
    }
  }
}

/** Mails a password-reset link to `email`; resolves with the API's message. */
export async function requestPasswordReset(email) {
  const answer = await api('/api/v1/auth/password-reset', { method: 'POST', body: { email }, auth: false });
  return answer && answer.message ? answer.message : '';
}
