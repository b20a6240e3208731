// <pl-json-tree .value=${anything}>: a JSON value as a collapsible tree.
//
// Keys and values come from tool calls, that is from agents: everything is
// rendered as text (lit escapes it), never as HTML. Objects and arrays are
// native <details> elements, so the tree opens and closes with the keyboard
// and screen readers announce it without extra ARIA.
import { html, nothing } from 'lit';
import { LightElement } from './light-element.js';

/** Entries shown per object or array; the rest are counted, not drawn. */
const MAX_ENTRIES = 500;
/** Levels open at first. */
const OPEN_DEPTH = 2;

function isContainer(v) {
  return v !== null && typeof v === 'object';
}

function summaryOf(v) {
  if (Array.isArray(v)) return v.length === 1 ? '1 item' : `${v.length} items`;
  const n = Object.keys(v).length;
  return n === 1 ? '1 key' : `${n} keys`;
}

function scalar(v) {
  if (v === null) return html`<span class="json-null">null</span>`;
  switch (typeof v) {
    case 'string':
      return html`<span class="json-string">"${v}"</span>`;
    case 'number':
      return html`<span class="json-number">${String(v)}</span>`;
    case 'boolean':
      return html`<span class="json-boolean">${String(v)}</span>`;
    default:
      return html`<span>${String(v)}</span>`;
  }
}

function entries(v) {
  const all = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
  return { shown: all.slice(0, MAX_ENTRIES), hidden: Math.max(0, all.length - MAX_ENTRIES) };
}

function children(v, depth) {
  const { shown, hidden } = entries(v);
  const isArray = Array.isArray(v);
  return html`<ul class="json-list">
    ${shown.map(([k, x]) => node(isArray ? `[${k}]` : k, x, depth))}
    ${hidden ? html`<li class="json-more">… ${hidden} more not shown</li>` : nothing}
  </ul>`;
}

function node(key, v, depth) {
  if (isContainer(v) && Object.keys(v).length > 0) {
    return html`<li>
      <details ?open=${depth < OPEN_DEPTH}>
        <summary><span class="json-key">${key}</span> <span class="json-meta">${summaryOf(v)}</span></summary>
        ${children(v, depth + 1)}
      </details>
    </li>`;
  }
  const empty = isContainer(v) ? html`<span class="json-meta">${Array.isArray(v) ? '[]' : '{}'}</span>` : scalar(v);
  return html`<li class="json-leaf"><span class="json-key">${key}:</span> ${empty}</li>`;
}

class JsonTree extends LightElement {
  static properties = {
    value: { attribute: false },
  };

  setAll(open) {
    for (const d of this.querySelectorAll('details')) d.open = open;
  }

  render() {
    const v = this.value;
    if (v === undefined) return nothing;
    if (!isContainer(v)) return html`<div class="json-tree">${scalar(v)}</div>`;
    if (Object.keys(v).length === 0) {
      return html`<div class="json-tree"><span class="json-meta">${Array.isArray(v) ? 'empty list' : 'no arguments'}</span></div>`;
    }
    return html`<div class="json-tree">
      <div class="json-tools">
        <button type="button" class="text-button" @click=${() => this.setAll(true)}>Expand all</button>
        <button type="button" class="text-button" @click=${() => this.setAll(false)}>Collapse all</button>
      </div>
      ${children(v, 0)}
    </div>`;
  }
}

customElements.define('pl-json-tree', JsonTree);
