import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupEdges, typeLabel } from '../src/dependency-graph.js';

test('edge types read both ways', () => {
  assert.equal(typeLabel('depends_on', false), 'Depends on');
  assert.equal(typeLabel('depends_on', true), 'Needed by');
  assert.equal(typeLabel('blocks', true), 'Blocked by');
  assert.equal(typeLabel('relates_to', false), 'Relates to');
  assert.equal(typeLabel('relates_to', true), 'Relates to (from)');
});

test('each issue lists its edges, leaving and arriving, grouped by type', () => {
  const nodes = [
    { id: 'a', key: 'o/r#2', title: 'A' },
    { id: 'b', key: 'o/r#10', title: 'B' },
    { id: 'c', key: 'o/r#3', title: 'C' },
  ];
  const edges = [
    { from: 'a', to: 'b', type: 'depends_on', source: 'text' },
    { from: 'c', to: 'b', type: 'depends_on', source: 'tracker' },
    { from: 'a', to: 'o/r#99', type: 'mentions', source: 'text' },
  ];
  const rows = groupEdges(nodes, edges);
  // Sorted by key, numbers as numbers.
  assert.deepEqual(rows.map((r) => r.node.key), ['o/r#2', 'o/r#3', 'o/r#10', 'o/r#99']);
  const b = rows.find((r) => r.node.id === 'b');
  assert.deepEqual([...b.groups.keys()], ['Needed by']);
  assert.deepEqual(b.groups.get('Needed by').map((t) => t.node.id), ['a', 'c']);
  const a = rows.find((r) => r.node.id === 'a');
  assert.deepEqual([...a.groups.keys()], ['Depends on', 'Mentions']);
  // An issue that is not synced is named by its key alone.
  assert.equal(a.groups.get('Mentions')[0].node.id, null);
});
