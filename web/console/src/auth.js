// The signed-in session: who the person is and the tokens that say so.
//
// The access token (a JWT, minutes long) lives only in memory. The refresh
// token is kept in localStorage under `preloop.refresh` so a reload or a new
// tab stays signed in. Refresh tokens are single-use and the server ends
// the whole session when one is used twice, so every refresh takes a
// cross-tab lock and reads the token afresh from storage inside it: two
// tabs never send the same one. Only a 400, 401 or 403 answer to a
// refresh ends the session; being offline, a 408, 429 or 5xx keeps the
// token and tries again later, backing off 5 s → 5 min.
//
// Single sign-on comes back to `/?sso_code=pls_…`; init() exchanges the
// code and takes it out of the address bar, but only when this tab started
// the sign-on minutes ago (a one-time marker in sessionStorage): a code in
// a link someone else sent would sign the tab into their account (login
// CSRF).

import { api, ApiError, setAuthHooks } from './api.js';

const REFRESH_KEY = 'preloop.refresh';
const LOCK_NAME = 'preloop.refresh';
/** Where to go after a single sign-on comes back (return_to is always /). */
const NEXT_KEY = 'preloop.sso.next';
/** When this tab left for single sign-on (epoch ms); the only proof that a returning code is ours. */
const PENDING_KEY = 'preloop.sso.pending';
/** A sign-on that took longer than this is started again. */
const PENDING_MAX_MS = 10 * 60_000;
/** A refresh that failed but may work later (offline, 408, 429, 5xx) is tried again after this, doubling. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 5 * 60_000;

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
/** The wait before the next try of a failing refresh; 0 while refreshes work. */
let retryDelay = 0;
/** The refresh token this tab last wrote: another value in storage was put there by another tab. */
let written = null;
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
  written = token || null;
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
  refreshTimer = setTimeout(timedRefresh, Math.max(1_000, ttl - early));
}

/** A refresh no call waits for; a signed-out tab whose refresh works signs in again. */
async function timedRefresh() {
  try {
    if ((await refresh()) && !state.me) await loadMe();
  } catch {
    // A refresh that may work later has armed its next try (refresh()).
  }
}

/** Tries the refresh again later, waiting longer each time it fails. */
function retryLater() {
  retryDelay = Math.min(Math.max(RETRY_FIRST_MS, retryDelay * 2), RETRY_MAX_MS);
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(timedRefresh, retryDelay);
}

/** Whether a refresh's failure ends the session: only the server refusing the token says so. */
function sessionIsDead(err) {
  return err instanceof ApiError && (err.status === 400 || err.status === 401 || err.status === 403);
}

/** Takes a token answer: `{access_token, refresh_token, expires_in}`. */
function accept(tokens) {
  state.access = tokens.access_token;
  state.expiresAt = Date.now() + Number(tokens.expires_in || 900) * 1000;
  storeRefresh(tokens.refresh_token);
  retryDelay = 0;
  schedule();
}

function clear(reason = '') {
  clearTimeout(refreshTimer);
  retryDelay = 0;
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

let reloading = null;

/**
 * Reads who the session is afresh (GET /auth/me), so that the name and
 * permissions shown are those of the token in use: after another tab
 * changed the stored session, or after the API refused something the
 * permissions shown allowed. When that fails, this tab signs out (here
 * only: the stored refresh token stays for a reload). Resolves true when
 * still signed in.
 */
export function reloadSession() {
  if (!reloading) {
    reloading = loadMe()
      .then(
        () => true,
        (err) => {
          clear(err.message);
          return false;
        },
      )
      .finally(() => {
        reloading = null;
      });
  }
  return reloading;
}

/**
 * A call was refused with 401 even after a refresh (the live stream).
 * While refreshes are failing for a while (offline), the session may
 * still stand: resolves true, try again later. Otherwise the session is
 * dead here: signed out with the API's words, resolves false.
 */
export async function sessionRejected(message) {
  if (state.status !== 'signed-in') return false;
  if (retryDelay > 0) return true;
  clear(message);
  return false;
}

/**
 * New tokens from the stored refresh token. Resolves true when signed in
 * afresh, false when there is no session any more (the person is signed
 * out, with the API's reason); rejects with ApiError when the refresh may
 * work later (network, 408, 429, 5xx: the session may still be good, and
 * the refresh is tried again by itself).
 */
export function refresh() {
  if (!refreshing) {
    // The stored token is not the one this tab last wrote: another tab
    // refreshed, or signed in anew (maybe as someone else).
    let foreign = false;
    refreshing = withLock(async () => {
      const token = storedRefresh();
      if (!token) {
        if (state.status !== 'signed-out') clear('');
        return false;
      }
      foreign = token !== written;
      try {
        accept(await api('/api/v1/auth/refresh', { method: 'POST', body: { refresh_token: token }, auth: false }));
        return true;
      } catch (err) {
        if (sessionIsDead(err)) {
          // Only drop the token if no other tab replaced it meanwhile.
          if (storedRefresh() === token) storeRefresh(null);
          clear(err.message);
          return false;
        }
        // Offline, rate-limited, the server failing: the token is kept
        // and tried again later.
        retryLater();
        throw err;
      }
    }).finally(() => {
      refreshing = null;
    });
    // The token in use may now be another person's: say who it is. Not
    // awaited inside the refresh, since /me may itself need one.
    refreshing.then(
      (ok) => {
        if (ok && foreign && state.me) reloadSession();
      },
      () => {},
    );
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
    else sessionStorage.removeItem(NEXT_KEY);
    // This tab starts it: the code that comes back may be exchanged.
    sessionStorage.setItem(PENDING_KEY, String(Date.now()));
  } catch {
    // Without storage the code cannot be told from a forged one: the
    // person signs in with a password instead.
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
 * Takes this tab's single sign-on marker (it works once): 'ok' when the
 * tab started a sign-on less than PENDING_MAX_MS ago, 'stale' when longer,
 * 'none' when it did not.
 */
function takeSsoMarker() {
  let started = null;
  try {
    started = sessionStorage.getItem(PENDING_KEY);
    sessionStorage.removeItem(PENDING_KEY);
  } catch {
    return 'none';
  }
  if (started === null) return 'none';
  const age = Date.now() - Number(started);
  return age >= 0 && age < PENDING_MAX_MS ? 'ok' : 'stale';
}

/**
 * Settles the session on load: a single sign-on's code this tab asked for,
 * else the stored refresh token. Resolves with the hash route to go to
 * after single sign-on, if any.
 */
export async function init() {
  window.addEventListener('storage', (e) => {
    // Storage events come only from other tabs.
    if (e.key !== REFRESH_KEY || state.status !== 'signed-in') return;
    if (e.newValue === null) {
      // Another tab signed out: so does this one.
      clear('');
    } else if (e.newValue !== written) {
      // Another tab refreshed or signed in anew, maybe as someone else:
      // show who the token in use belongs to (signed out if that fails).
      reloadSession();
    }
  });
  document.addEventListener('visibilitychange', () => {
    // Timers sleep in background tabs: catch up on waking.
    if (document.visibilityState === 'visible' && state.access && Date.now() > state.expiresAt - 30_000) {
      refresh().catch(() => {});
    }
  });
  const code = new URL(location.href).searchParams.get('sso_code');
  let refused = '';
  if (code) {
    dropCodeFromAddress();
    const marker = takeSsoMarker();
    let next = null;
    try {
      next = sessionStorage.getItem(NEXT_KEY);
      sessionStorage.removeItem(NEXT_KEY);
    } catch {
      // No storage: the default route.
    }
    if (marker === 'ok') {
      try {
        await exchangeSsoCode(code);
        return next;
      } catch (err) {
        clear(err.message);
        return null;
      }
    }
    // Not started here (a link from someone else), or too long ago: the
    // code is not exchanged. A session already stored is kept as it is.
    refused =
      marker === 'stale'
        ? 'This single sign-on took longer than 10 minutes: start single sign-on again.'
        : 'This sign-in link was not started in this browser: start single sign-on again.';
  }
  if (!storedRefresh()) {
    clear(refused);
    return null;
  }
  try {
    if (await refresh()) await loadMe();
  } catch (err) {
    // Offline or the server is down: say so on the sign-in page; the
    // stored token is kept, and tried again later (signing in then).
    clear(err.message);
    if (!sessionIsDead(err) && storedRefresh()) retryLater();
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
