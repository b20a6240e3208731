// The live stream, GET /api/v1/events: one connection per tab, which pages
// subscribe to by topic (approvals, audit, activity, system).
//
// The server ends every stream after a few minutes, and networks drop, so
// the reader reconnects by itself, resuming with Last-Event-ID from the last
// id seen, waiting 0.5 s doubling to 10 s between tries (back to 0.5 s after
// a stream opens). It is read with fetch rather than EventSource because
// EventSource cannot send the Authorization header.
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

/** Reads one open stream to its end (or until it goes silent). */
async function read(response, ctrl) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser(onEvent);
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

async function loop(gen, refreshSession) {
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
    try {
      const headers = { Accept: 'text/event-stream' };
      if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
      const url = `${PATH}?topics=${encodeURIComponent(topics.join(','))}`;
      const response = await authorizedFetch(url, { headers, signal: ctrl.signal });
      const type = response.headers.get('content-type') || '';
      if (response.status === 401) {
        // authorizedFetch already tried a refresh; make sure the session stands.
        await refreshSession();
        error = (await errorOf(response)).message;
      } else if (!response.ok || !type.includes('text/event-stream')) {
        error = response.ok ? 'The server did not send an event stream.' : (await errorOf(response)).message;
      } else {
        const resumed = lastEventId !== null;
        setStatus('live');
        delay = FIRST_DELAY_MS;
        // Reopened with no cursor: whatever happened meanwhile is unknown.
        if (opened && !resumed) resync();
        opened = true;
        await read(response, ctrl);
        ended = true;
      }
    } catch (err) {
      if (!running || gen !== generation) return;
      error = err && err.message && err.name !== 'AbortError' && err.name !== 'TimeoutError' ? err.message : '';
    }
    if (!running || gen !== generation) return;
    if (ended) routine = true;
    else setStatus('reconnecting', error);
    await sleep(delay, ctrl.signal);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

/**
 * Opens the stream for `wanted` topics (those the person may hear), unless
 * it is open for the same ones. `refreshSession` renews the session after
 * a 401.
 */
export function startLive(wanted, refreshSession = async () => false) {
  const same = running && wanted.join(',') === topics.join(',');
  if (same) return;
  stopLive();
  if (wanted.length === 0) return;
  topics = [...wanted];
  running = true;
  generation += 1;
  loop(generation, refreshSession);
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
