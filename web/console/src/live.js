// The live stream, GET /api/v1/events: one connection per tab, which pages
// subscribe to by topic (approvals, audit, activity, system).
//
// The server ends every stream after a few minutes, and networks drop, so
// the reader reconnects by itself, resuming with Last-Event-ID from the last
// id seen, waiting 0.5 s doubling to 10 s between tries (back to 0.5 s after
// a stream that delivered an event or stayed open HEALTHY_MS: a server that
// accepts and hangs up at once is not hit every half second). It is read
// with fetch rather than EventSource because EventSource cannot send the
// Authorization header.
//
// A 403 naming a `required_permission` means the person's permissions
// changed: the session is read again and the topics recomputed from it. A
// 401 that a refresh did not cure ends the stream; the auth layer decides
// whether the session is over (no refresh after refresh).
//
// Events carry no arguments, only what happened and what to fetch: a
// subscriber refetches what it shows. When events may have been missed (the
// server says `gap` or `reset`, or the stream reopened without a cursor)
// every subscriber is sent `{topic: 'system', kind: 'resync'}` and reloads.

import { authorizedFetch, errorOf } from './api.js';
import { createSseParser } from './sse-parser.js';

const PATH = '/api/v1/events';
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
/** The server sends a keepalive every 15 s: three missed means the connection is dead. */
const SILENCE_MS = 45_000;
/** A stream open this long was a working one, even if quiet. */
const HEALTHY_MS = 30_000;

/** @type {Set<{topics: Set<string>, fn: Function}>} */
const subscribers = new Set();
const statusListeners = new Set();

let status = 'off'; // off | connecting | live | reconnecting
let lastError = '';
let running = false;
let generation = 0;
let controller = null;
let lastEventId = null;
let topics = [];
/** startLive's hooks: see there. */
let hooks = {};

function setStatus(next, error = '') {
  if (status === next && lastError === error) return;
  status = next;
  lastError = error;
  for (const fn of statusListeners) fn(status, lastError);
}

/** Calls `fn(status, error)` now and on every change; returns the unsubscribe. */
export function onLiveStatus(fn) {
  statusListeners.add(fn);
  fn(status, lastError);
  return () => statusListeners.delete(fn);
}

/**
 * Calls `fn(event)` for each event of `wanted` topics (a list), and with
 * `{topic: 'system', kind: 'resync'}` whenever events may have been
 * missed. Returns the unsubscribe.
 */
export function subscribe(wanted, fn) {
  const entry = { topics: new Set(wanted), fn };
  subscribers.add(entry);
  return () => subscribers.delete(entry);
}

function deliver(event) {
  for (const s of [...subscribers]) {
    if (event.kind === 'resync' || s.topics.has(event.topic)) {
      try {
        s.fn(event);
      } catch (err) {
        console.error('live subscriber failed', err);
      }
    }
  }
}

function resync() {
  deliver({ topic: 'system', kind: 'resync' });
}

function onEvent({ type, data, id }) {
  if (id !== undefined && id !== '') lastEventId = id;
  if (data === null) return; // only moves the cursor
  let body;
  try {
    body = JSON.parse(data);
  } catch {
    return;
  }
  const event = { ...body, topic: body.topic || type };
  if (event.topic === 'system' && (event.kind === 'gap' || event.kind === 'reset')) {
    resync();
    return;
  }
  deliver(event);
}

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/** Reads one open stream to its end (or until it goes silent), counting its events in `seen.events`. */
async function read(response, ctrl, seen) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser((e) => {
    if (e.data !== null) seen.events += 1;
    onEvent(e);
  });
  let watchdog = 0;
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => ctrl.abort(new DOMException('silent', 'TimeoutError')), SILENCE_MS);
  };
  arm();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      arm();
      parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    clearTimeout(watchdog);
    parser.end();
  }
}

/** Stops the loop of generation `gen` itself (the shell's stopLive may follow). */
function halt(gen, error) {
  if (gen !== generation) return;
  running = false;
  controller = null;
  setStatus('off', error);
}

async function loop(gen) {
  let delay = FIRST_DELAY_MS;
  let opened = false;
  // The server ends every stream after a few minutes: the reconnect that
  // follows a clean end is routine and keeps showing "live" unless it fails.
  let routine = false;
  while (running && gen === generation) {
    const ctrl = new AbortController();
    controller = ctrl;
    if (!routine) setStatus(opened ? 'reconnecting' : 'connecting', lastError);
    routine = false;
    let error = '';
    let ended = false;
    let openedAt = 0;
    const seen = { events: 0 };
    try {
      const headers = { Accept: 'text/event-stream' };
      if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
      const url = `${PATH}?topics=${encodeURIComponent(topics.join(','))}`;
      const response = await authorizedFetch(url, { headers, signal: ctrl.signal });
      // A refresh that failed inside may have signed out and stopped us.
      if (!running || gen !== generation) return;
      const type = response.headers.get('content-type') || '';
      if (response.status === 401) {
        // authorizedFetch already refreshed once and the token is still
        // refused: refreshing again would loop. The auth layer says
        // whether to wait (offline) or stop (signed out).
        error = (await errorOf(response)).message;
        const keep = hooks.unauthorized ? await hooks.unauthorized(error) : false;
        if (!running || gen !== generation) return;
        if (!keep) {
          halt(gen, error);
          return;
        }
      } else if (response.status === 403) {
        const err = await errorOf(response);
        error = err.message;
        if (err.detail && err.detail.required_permission && hooks.reloadSession) {
          // The person lost a permission a topic needs: read who they are
          // now and ask only for what they may hear (the shell may restart
          // us meanwhile, with the same fresh topics). Then on with backoff.
          const still = await hooks.reloadSession();
          if (!running || gen !== generation) return;
          const fresh = still && hooks.topics ? hooks.topics() : [];
          if (!fresh.length) {
            halt(gen, error);
            return;
          }
          topics = [...fresh];
        }
      } else if (!response.ok || !type.includes('text/event-stream')) {
        error = response.ok ? 'The server did not send an event stream.' : (await errorOf(response)).message;
      } else {
        const resumed = lastEventId !== null;
        openedAt = Date.now();
        setStatus('live');
        // Reopened with no cursor: whatever happened meanwhile is unknown.
        if (opened && !resumed) resync();
        opened = true;
        await read(response, ctrl, seen);
        ended = true;
      }
    } catch (err) {
      if (!running || gen !== generation) return;
      error = err && err.message && err.name !== 'AbortError' && err.name !== 'TimeoutError' ? err.message : '';
    }
    if (!running || gen !== generation) return;
    // Only a stream that worked (ended cleanly or went silent) earns the
    // short wait again; one that ended at once with nothing is no routine end.
    const healthy = openedAt > 0 && (seen.events > 0 || Date.now() - openedAt >= HEALTHY_MS);
    if (healthy) delay = FIRST_DELAY_MS;
    if (ended && healthy) routine = true;
    else setStatus('reconnecting', error);
    await sleep(delay, ctrl.signal);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

/**
 * Opens the stream for `wanted` topics (those the person may hear), unless
 * it is open for the same ones. `options`:
 * - `topics()`: the topics the person may hear now (after a 403);
 * - `reloadSession()`: reads the session again; resolves true if still signed in;
 * - `unauthorized(message)`: a 401 survived a refresh; resolves true to
 *   keep trying (with backoff), false when the session is over (the
 *   stream stops).
 */
export function startLive(wanted, options = {}) {
  hooks = options;
  const same = running && wanted.join(',') === topics.join(',');
  if (same) return;
  stopLive();
  if (wanted.length === 0) return;
  topics = [...wanted];
  running = true;
  generation += 1;
  loop(generation);
}

/** Closes the stream (on sign-out) and forgets where it was. */
export function stopLive() {
  running = false;
  generation += 1;
  if (controller) controller.abort();
  controller = null;
  lastEventId = null;
  setStatus('off');
}

export function liveStatus() {
  return status;
}
