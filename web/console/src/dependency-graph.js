// A project's dependency graph ({nodes, edges} from the API) as lists to
// read: per issue, its edges grouped by what they say, the ones leaving it
// and the ones arriving at it (an issue another depends on is "needed by"
// it). Plain data in, plain data out: the dependencies page renders it.

const OUT = { depends_on: 'Depends on', blocks: 'Blocks', duplicate_of: 'Duplicate of', mentions: 'Mentions' };
const IN = { depends_on: 'Needed by', blocks: 'Blocked by', duplicate_of: 'Duplicated by', mentions: 'Mentioned by' };

/** An edge type in words, for the edges leaving an issue (`incoming` false) and arriving at it. */
export function typeLabel(type, incoming) {
  const t = String(type || 'mentions');
  const words = (incoming ? IN : OUT)[t];
  if (words) return words;
  const plain = t.replace(/_/g, ' ');
  return `${plain.charAt(0).toUpperCase()}${plain.slice(1)}${incoming ? ' (from)' : ''}`;
}

/** Per node, its edges grouped as [label, [{node, edge}]], leaving first. */
export function groupEdges(nodes, edges) {
  const byRef = new Map();
  for (const n of nodes) {
    byRef.set(n.id, n);
    if (n.key) byRef.set(n.key, n);
  }
  const node = (ref) => byRef.get(ref) || { id: null, key: String(ref) };
  const out = new Map();
  const add = (n, label, other, edge) => {
    const k = n.id || n.key;
    if (!out.has(k)) out.set(k, { node: n, groups: new Map() });
    const groups = out.get(k).groups;
    if (!groups.has(label)) groups.set(label, []);
    groups.get(label).push({ node: other, edge });
  };
  for (const e of edges) {
    const from = node(e.from);
    const to = node(e.to);
    add(from, typeLabel(e.type, false), to, e);
    add(to, typeLabel(e.type, true), from, e);
  }
  return [...out.values()].sort((a, b) => String(a.node.key).localeCompare(String(b.node.key), undefined, { numeric: true }));
}
