import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, formatDuration, formatTimeLeft, principalName, toCsv } from '../src/format.js';
import { parseHash, href } from '../src/router.js';
import { winningStep } from '../src/trace.js';

test('principal labels', () => {
  assert.equal(principalName('key:01ABC:deploy-bot'), 'deploy-bot (key)');
  assert.equal(principalName('user:01U:ada@example.com'), 'ada@example.com');
  assert.equal(principalName('user:01U:ada@example.com via Claude'), 'ada@example.com via Claude');
  assert.equal(principalName('user:01U'), 'user:01U');
  assert.equal(principalName('user:01U', new Map([['01U', 'Ada']])), 'Ada');
  assert.equal(principalName('preloop:time'), 'preloop:time');
  assert.equal(principalName(''), '');
});

test('durations and time left', () => {
  assert.equal(formatDuration(9), '9s');
  assert.equal(formatDuration(65), '1m 05s');
  assert.equal(formatDuration(3 * 3600 + 120), '3h 02m');
  assert.equal(formatDuration(2 * 86400 + 3600), '2d 1h');
  assert.equal(formatTimeLeft(1000, 2000), 'expired');
  assert.equal(formatTimeLeft(62_000, 0), '1m 02s left');
});

test('CSV fields are quoted and defused against formulas', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('-1'), "'-1");
  assert.equal(csvField(null), '');
  assert.equal(csvField({ a: 1 }), '"{""a"":1}"');
  assert.equal(toCsv(['a', 'b'], [[1, 'x\ny']]), 'a,b\r\n1,"x\ny"\r\n');
});

test('hash routes', () => {
  const r = parseHash('#/approvals/01ABC?tab=past');
  assert.equal(r.path, '/approvals/01ABC');
  assert.deepEqual(r.segments, ['approvals', '01ABC']);
  assert.equal(r.query.get('tab'), 'past');
  assert.deepEqual(parseHash('').segments, []);
  assert.equal(parseHash('#/audit?tool=a%20b').query.get('tool'), 'a b');
  assert.equal(href('/audit', { tool: 'x y', decision: '', since: 5 }), '#/audit?tool=x+y&since=5');
});

test('the winning rule of a trace', () => {
  const trace = {
    rules: [
      { rule_id: 's', outcome: 'matched', shadow: true },
      { rule_id: 'a', outcome: 'no_match' },
      { rule_id: 'b', outcome: 'matched' },
      { rule_id: 'c', outcome: 'not_reached' },
    ],
  };
  assert.equal(winningStep(trace, 'b').rule_id, 'b');
  assert.equal(winningStep(trace, null).rule_id, 'b');
  assert.equal(winningStep({ rules: [] }, 'x'), null);
  assert.equal(winningStep(null, 'x'), null);
});
