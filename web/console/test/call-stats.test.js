import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromStats, HOUR, statsWindow } from '../src/call-stats.js';

test('the window is 24 whole hours, the last one the current hour', () => {
  const now = 100 * HOUR + 1234;
  assert.deepEqual(statsWindow(now), { since: 77 * HOUR, until: 101 * HOUR, bucket_ms: HOUR });
});

test('the stats answer fills the empty hours and totals the decisions', () => {
  const since = 10 * HOUR;
  const c = fromStats({
    since,
    until: since + 24 * HOUR,
    bucket_ms: HOUR,
    buckets: [
      { start: since, decision: 'allow', count: 3 },
      { start: since + 2 * HOUR, decision: 'deny', count: 2 },
      { start: since + 2 * HOUR, decision: 'require_approval', count: 1 },
    ],
    outcomes: [
      { outcome: 'ok', count: 3 },
      { outcome: 'denied', count: 2 },
      { outcome: 'refused', count: 1 },
    ],
    tools: [{ tool: 'fx__echo', count: 3 }, { tool: 'fx__pay', count: 2 }],
  });
  assert.equal(c.buckets.length, 24);
  assert.equal(c.buckets[1].start, since + HOUR);
  assert.deepEqual(c.buckets[0].counts, { allow: 3 });
  assert.deepEqual(c.buckets[1].counts, {});
  assert.deepEqual(c.buckets[2].counts, { deny: 2, require_approval: 1 });
  assert.equal(c.total, 6);
  assert.deepEqual(c.byDecision, { allow: 3, deny: 2, require_approval: 1 });
  assert.equal(c.outcomes.get('refused'), 1);
  assert.equal(c.outcomes.get('missing'), undefined);
  assert.deepEqual(c.tools, [
    { tool: 'fx__echo', calls: 3 },
    { tool: 'fx__pay', calls: 2 },
  ]);
});

test('an empty answer is a day of empty hours', () => {
  const c = fromStats({ since: 0, until: 24 * HOUR, bucket_ms: HOUR, buckets: [], outcomes: [], tools: [] });
  assert.equal(c.buckets.length, 24);
  assert.equal(c.total, 0);
  assert.deepEqual(c.tools, []);
});
