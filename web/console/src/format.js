// Turning the API's values into words: times, durations, who did it.
// Everything here returns plain strings; lit escapes them when rendered.

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** An epoch-ms time as a local date and time ('' for none). */
export function formatTime(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(Number(ms))) return '';
  return dateTime.format(new Date(Number(ms)));
}

/** An epoch-ms time in ISO 8601 (UTC), for `<time datetime>` and files. */
export function isoTime(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(Number(ms))) return '';
  return new Date(Number(ms)).toISOString();
}

/** A span of seconds in its two largest units: `2d 3h`, `4m 05s`, `9s`. */
export function formatDuration(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

/** How long ago `ms` was, at `now`: `just now`, `5m ago`, `3h 02m ago`. */
export function formatAge(ms, now = Date.now()) {
  const seconds = (now - Number(ms)) / 1000;
  if (seconds < 5) return 'just now';
  return `${formatDuration(seconds)} ago`;
}

/** What is left until `ms`, at `now`: `4m 12s left`, or `expired`. */
export function formatTimeLeft(ms, now = Date.now()) {
  const seconds = (Number(ms) - now) / 1000;
  if (seconds <= 0) return 'expired';
  return `${formatDuration(seconds)} left`;
}

/** A call's duration in milliseconds. */
export function formatMs(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * A principal label as people read it. Labels are `key:<id>:<name>`,
 * `user:<id>:<email>`, `user:<id>:<email> via <client>`, or `user:<id>`
 * alone (named from `names`, a Map of user id → name, when it knows the
 * id); anything else is shown as it is.
 */
export function principalName(label, names) {
  if (!label) return '';
  const bare = /^user:([^:\s]+)$/.exec(label);
  if (bare) return (names && names.get(bare[1])) || label;
  const m = /^(key|user):([^:]*):(.*)$/.exec(label);
  if (!m) return label;
  const [, kind, , rest] = m;
  if (!rest) return label;
  return kind === 'key' ? `${rest} (key)` : rest;
}

/** A decision as words. */
export function decisionLabel(decision) {
  switch (decision) {
    case 'allow':
      return 'Allowed';
    case 'deny':
      return 'Denied';
    case 'require_approval':
      return 'Needs approval';
    default:
      return decision || '';
  }
}

/** The Shoelace badge variant for a decision or a request's status. */
export function variantOf(value) {
  switch (value) {
    case 'allow':
    case 'approved':
    case 'ok':
      return 'success';
    case 'deny':
    case 'declined':
    case 'denied':
    case 'refused':
      return 'danger';
    case 'require_approval':
    case 'pending':
      return 'warning';
    default:
      return 'neutral';
  }
}

/** `n` with its noun, singular or plural. */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One CSV field (RFC 4180), defused for spreadsheets: a value that starts
 * with = + - @ (or a tab or carriage return) would be read as a formula, so
 * it is prefixed with a quote.
 */
export function csvField(value) {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of fields as CSV text, header first, CRLF line ends. */
export function toCsv(header, rows) {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
