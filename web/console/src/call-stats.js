// The overview's counts of tool calls, from GET /api/v1/audit/stats: the
// window it asks for, and the answer made into what the chart and the
// cards show. The server counts tool calls only (no control-plane records,
// no approval transitions) and leaves out the buckets with no call; the
// chart wants every hour, so those are filled with zeros here.

export const HOUR = 3_600_000;

/** The chart's window at `now`: `hours` hourly buckets, the last one the current hour. */
export function statsWindow(now = Date.now(), hours = 24, bucketMs = HOUR) {
  const since = Math.floor(now / bucketMs) * bucketMs - (hours - 1) * bucketMs;
  return { since, until: since + hours * bucketMs, bucket_ms: bucketMs };
}

/**
 * The stats answer as `{buckets: [{start, counts: {decision: n}}], tools:
 * [{tool, calls}], total, byDecision, outcomes: Map}` — `buckets` has one
 * entry per bucket of [since, until), in order, those without calls empty.
 */
export function fromStats(stats) {
  const since = Number(stats.since);
  const until = Number(stats.until);
  const size = Number(stats.bucket_ms) || HOUR;
  const count = Math.max(0, Math.ceil((until - since) / size));
  const buckets = Array.from({ length: count }, (_, i) => ({ start: since + i * size, counts: {} }));
  const byDecision = {};
  let total = 0;
  for (const b of stats.buckets || []) {
    const n = Number(b.count) || 0;
    const i = Math.floor((Number(b.start) - since) / size);
    if (i >= 0 && i < count) {
      const c = buckets[i].counts;
      c[b.decision] = (c[b.decision] || 0) + n;
    }
    byDecision[b.decision] = (byDecision[b.decision] || 0) + n;
    total += n;
  }
  const outcomes = new Map((stats.outcomes || []).map((o) => [o.outcome, Number(o.count) || 0]));
  const tools = (stats.tools || []).map((t) => ({ tool: t.tool, calls: Number(t.count) || 0 }));
  return { since, until, bucketMs: size, buckets, tools, total, byDecision, outcomes };
}
