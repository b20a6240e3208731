// <pl-policy-diff .outcome=…>: what applying (or rolling back to) a policy
// file changes, readable: grouped by what changes (defaults, approval
// workflows, servers, each tool with its rules, tests), each entry added,
// changed or removed, with its fields' old and new values.
//
// The outcome is the answer of POST /api/v1/policies/diff, /apply or a
// rollback (shared/core/src/policy/apply.rs Outcome): `changes` are
// {op: create|update|delete, kind, name, fields: [{field, from, to}]}; a
// rule's name is `tool: rule-name` or `tool#N`, then ` [agent:x]` for a
// narrower scope (policy/diff.rs rule_label).
import { html, nothing } from 'lit';
import { LightElement } from './light-element.js';
import { plural } from '../format.js';

const OPS = { create: 'Added', update: 'Changed', delete: 'Removed' };
const KINDS = [
  ['defaults', 'Defaults'],
  ['metadata', 'Metadata'],
  ['approval_workflow', 'Approval workflows'],
  ['mcp_server', 'MCP servers'],
  ['tool', 'Tools and their rules'],
  ['tests', 'Tests'],
];

/** The tool a rule change's name belongs to. */
export function toolOfRule(name) {
  const bare = String(name).replace(/ \[[^\]]*\]$/, '');
  const numbered = /^(.*)#\d+$/.exec(bare);
  if (numbered) return numbered[1];
  const cut = bare.indexOf(': ');
  return cut > 0 ? bare.slice(0, cut) : bare;
}

/** A JSON value in one line (null as "none"), for old → new. */
export function shortValue(v) {
  if (v === null || v === undefined) return 'none';
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/** Changes grouped as the element shows them. */
export function groupChanges(changes) {
  const groups = new Map(KINDS.map(([k]) => [k, []]));
  const tools = new Map();
  const toolEntry = (name) => {
    if (!tools.has(name)) {
      const entry = { kind: 'tool', name, change: null, rules: [] };
      tools.set(name, entry);
      groups.get('tool').push(entry);
    }
    return tools.get(name);
  };
  for (const c of changes || []) {
    if (c.kind === 'tool') toolEntry(c.name).change = c;
    else if (c.kind === 'rule') toolEntry(toolOfRule(c.name)).rules.push(c);
    else {
      if (!groups.has(c.kind)) groups.set(c.kind, []);
      groups.get(c.kind).push({ kind: c.kind, name: c.name, change: c, rules: [] });
    }
  }
  return [...groups.entries()].filter(([, list]) => list.length);
}

function fields(c) {
  if (!c || !c.fields || !c.fields.length) return nothing;
  return html`<ul class="diff-fields">
    ${c.fields.map((f) => html`<li><code>${f.field}</code>: <code>${shortValue(f.from)}</code> → <code>${shortValue(f.to)}</code></li>`)}
  </ul>`;
}

function item(c, label) {
  return html`<li class="diff-item diff-${c.op}" data-op=${c.op}>
    <span class="diff-op">${OPS[c.op] || c.op}</span> <span class="break">${label || c.name}</span>
    ${fields(c)}
  </li>`;
}

class PolicyDiff extends LightElement {
  static properties = { outcome: { attribute: false } };

  entry(e) {
    if (e.kind !== 'tool') return item(e.change);
    return html`<li class="diff-item ${e.change ? `diff-${e.change.op}` : ''}">
      ${e.change ? html`<span class="diff-op">${OPS[e.change.op]} tool</span>` : html`<span class="diff-op">Rules of</span>`} <code class="break">${e.name}</code>
      ${fields(e.change)}
      ${e.rules.length ? html`<ul class="diff-sub" aria-label="Rules of ${e.name}">${e.rules.map((r) => item(r, r.name.slice(e.name.length).replace(/^: /, '') || r.name))}</ul>` : nothing}
    </li>`;
  }

  render() {
    const o = this.outcome;
    if (!o) return nothing;
    const changes = o.changes || [];
    const count = (op) => changes.filter((c) => c.op === op).length;
    return html`<div data-testid="policy-diff" class="stack">
      <p>
        ${changes.length
          ? `${plural(changes.length, 'change')}: ${count('create')} added, ${count('update')} changed, ${count('delete')} removed.`
          : 'No changes: the file matches what is in force.'}
        ${o.tests_passed ? ` ${plural(o.tests_passed, 'test')} of the file passed.` : ''}
      </p>
      ${groupChanges(changes).map(
        ([kind, list]) => html`<div class="diff-group">
          <h3>${(KINDS.find(([k]) => k === kind) || [kind, kind])[1]}</h3>
          <ul class="diff-list">${list.map((e) => this.entry(e))}</ul>
        </div>`,
      )}
      ${o.kept && o.kept.length
        ? html`<p class="muted">Kept as they are (in force, not named by the file; apply with “remove what the file does not name” to delete them):
            ${o.kept.map((k) => `${k.name} (${k.kind.replace('_', ' ')})`).join(', ')}.</p>`
        : nothing}
      ${o.scans && o.scans.length
        ? html`<ul class="plain-list">${o.scans.map((s) => html`<li>Scanned ${s.server}: ${s.error ? html`<span class="text-danger">${s.error}</span>` : plural(s.tools || 0, 'tool')}</li>`)}</ul>`
        : nothing}
    </div>`;
  }
}

customElements.define('pl-policy-diff', PolicyDiff);
