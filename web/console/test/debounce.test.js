// The burst debounce of the pages' reloads: quiet bursts run once, steady
// traffic still runs by the maximum wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debounce } from '../src/debounce.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a burst runs once, after the last call', async () => {
  let runs = 0;
  const soon = debounce(() => (runs += 1), 50, 1000);
  soon();
  soon();
  soon();
  await sleep(100);
  assert.equal(runs, 1);
});

test('steady calls cannot postpone the run past the maximum wait', async () => {
  const at = [];
  const start = Date.now();
  const soon = debounce(() => at.push(Date.now() - start), 100, 300);
  const every = setInterval(soon, 40);
  await sleep(700);
  clearInterval(every);
  soon.cancel();
  assert.ok(at.length >= 2, `ran ${at.length} times`);
  assert.ok(at[0] <= 400, `first run at ${at[0]} ms`);
});
