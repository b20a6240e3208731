// <pl-rule-list .rules=… ?editable>: a tool's rules in the order they are
// evaluated, first match wins. Rules apply per scope (the account, an
// agent, a key: the narrowest scope with rules for the caller decides), so
// each scope is its own ordered list and a rule moves only within its own.
//
// Reordering, when editable:
// - with the mouse: drag a row by its handle (native HTML5 drag and drop;
//   the row is draggable only while its handle is held — set on the DOM
//   directly, not rendered — so text in the row can still be selected);
// - with the keyboard: the handle is a button; Alt+ArrowUp / Alt+ArrowDown
//   on it moves the rule, as do each row's "Move up" / "Move down";
// - each move is announced in an aria-live region, and focus stays on the
//   moved rule's handle.
// The element fires `reorder` ({ids: every rule id in the new order, moved,
// text: the move in words})
// and keeps showing the new order; the page saves it and calls
// announce(text) with the outcome (or resets .rules to undo).
// It also fires `edit-rule` and `delete-rule` ({rule}).
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { LightElement } from './light-element.js';
import { actionView, gripIcon } from './action-icons.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';

const scopeKey = (r) => (r.scope_kind === 'account' || !r.scope_kind ? 'account' : `${r.scope_kind}:${r.scope_id}`);

/** Rules grouped by scope, in the order given (the API's: scope, then priority). */
export function groupByScope(rules) {
  const groups = [];
  for (const r of rules) {
    const key = scopeKey(r);
    let g = groups.find((x) => x.key === key);
    if (!g) groups.push((g = { key, kind: r.scope_kind || 'account', id: r.scope_id, rules: [] }));
    g.rules.push(r);
  }
  return groups;
}

/** `ids` with `id` moved to `to` (an index in the list without it). */
export function moveId(ids, id, to) {
  const rest = ids.filter((x) => x !== id);
  const at = Math.max(0, Math.min(to, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

export function ruleLabel(rule, index) {
  return rule.name || `Rule ${index + 1}`;
}

class RuleList extends LightElement {
  static properties = {
    rules: { attribute: false },
    editable: { type: Boolean },
    workflowNames: { attribute: false },
    scopeNames: { attribute: false },
    dragId: { state: true },
    dropAt: { state: true },
    message: { state: true },
  };

  constructor() {
    super();
    this.rules = [];
    this.message = '';
  }

  announce(text) {
    // Cleared first so that the same words are read out again.
    this.message = '';
    requestAnimationFrame(() => {
      this.message = text;
    });
  }

  scopeTitle(g) {
    if (g.kind === 'account') return 'Every caller of the account';
    const name = this.scopeNames && this.scopeNames.get(g.id);
    return `${g.kind === 'agent' ? 'Agent' : 'API key'} ${name || g.id}`;
  }

  /** Moves `rule` within its scope to `to`; announces, refocuses, fires `reorder`. */
  move(rule, to) {
    const groups = groupByScope(this.rules);
    const g = groups.find((x) => x.key === scopeKey(rule));
    const ids = g.rules.map((r) => r.id);
    const from = ids.indexOf(rule.id);
    if (to < 0 || to >= ids.length || to === from) return;
    const order = moveId(ids, rule.id, to);
    const byId = new Map(this.rules.map((r) => [r.id, r]));
    g.rules = order.map((id) => byId.get(id));
    this.rules = groups.flatMap((x) => x.rules);
    const text = `${ruleLabel(rule, from)} moved to position ${to + 1} of ${ids.length}.`;
    this.announce(text);
    this.dispatchEvent(new CustomEvent('reorder', { detail: { ids: this.rules.map((r) => r.id), moved: rule, text } }));
    this.updateComplete.then(() => {
      const handle = this.querySelector(`[data-rule-id="${CSS.escape(rule.id)}"] .rule-handle`);
      if (handle) handle.focus();
    });
  }

  onHandleKey(e, rule, index) {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    this.move(rule, e.key === 'ArrowUp' ? index - 1 : index + 1);
  }

  // ---- mouse: native drag and drop ----

  /** The handle is held: its row may be dragged until the pointer is let go. */
  arm(e) {
    const row = e.currentTarget.closest('.rule-row');
    if (!row) return;
    this.armed = row.dataset.ruleId;
    row.setAttribute('draggable', 'true');
  }

  disarm() {
    this.armed = null;
    for (const row of this.querySelectorAll('.rule-row[draggable]')) row.removeAttribute('draggable');
  }

  onDragStart(e, rule) {
    if (this.armed !== rule.id) {
      e.preventDefault();
      return;
    }
    this.dragId = rule.id;
    e.dataTransfer.effectAllowed = 'move';
    // Firefox starts a drag only with data set.
    e.dataTransfer.setData('text/plain', rule.name || rule.id);
  }

  onDragOver(e, rule) {
    const dragged = this.rules.find((r) => r.id === this.dragId);
    if (!dragged || scopeKey(dragged) !== scopeKey(rule)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    const box = e.currentTarget.getBoundingClientRect();
    const after = e.clientY > box.top + box.height / 2;
    if (!this.dropAt || this.dropAt.id !== rule.id || this.dropAt.after !== after) this.dropAt = { id: rule.id, after };
  }

  onDrop(e, rule) {
    e.preventDefault();
    const dragged = this.rules.find((r) => r.id === this.dragId);
    const at = this.dropAt;
    this.endDrag();
    if (!dragged || !at || dragged.id === rule.id) return;
    const ids = groupByScope(this.rules)
      .find((g) => g.key === scopeKey(rule))
      .rules.map((r) => r.id)
      .filter((id) => id !== dragged.id);
    const target = ids.indexOf(rule.id);
    this.move(dragged, at.after ? target + 1 : target);
  }

  endDrag() {
    this.dragId = null;
    this.dropAt = null;
    this.disarm();
  }

  row(rule, index, count) {
    const label = ruleLabel(rule, index);
    const drop = this.dropAt && this.dropAt.id === rule.id && this.dragId !== rule.id ? (this.dropAt.after ? 'drop-after' : 'drop-before') : '';
    const workflow = rule.approval_policy_id ? (this.workflowNames && this.workflowNames.get(rule.approval_policy_id)) || rule.approval_policy_id : '';
    return html`<li
      class="rule-row ${this.dragId === rule.id ? 'dragging' : ''} ${drop} ${rule.enabled ? '' : 'disabled-rule'}"
      data-testid="rule-row"
      data-rule-id=${rule.id}
      @dragstart=${(e) => this.onDragStart(e, rule)}
      @dragover=${(e) => this.onDragOver(e, rule)}
      @drop=${(e) => this.onDrop(e, rule)}
      @dragend=${this.endDrag}
    >
      ${this.editable
        ? html`<button
            type="button"
            class="rule-handle"
            data-testid="rule-handle"
            aria-label="Reorder ${label}, position ${index + 1} of ${count}"
            aria-describedby="rule-reorder-help"
            @pointerdown=${this.arm}
            @pointerup=${this.disarm}
            @keydown=${(e) => this.onHandleKey(e, rule, index)}
          >${gripIcon}<span aria-hidden="true">${index + 1}</span></button>`
        : html`<span class="rule-handle" aria-hidden="true">${index + 1}</span>`}
      <div class="rule-body">
        <div class="rule-title">
          <strong class="break">${label}</strong>
          ${actionView(rule.action)}
          ${rule.enabled ? nothing : html`<sl-badge variant="neutral" pill>disabled</sl-badge>`}
          ${rule.shadow ? html`<sl-badge variant="neutral" pill>shadow</sl-badge>` : nothing}
        </div>
        ${rule.condition
          ? html`<pre class="rule-condition"><code>${rule.condition}</code></pre>`
          : html`<div class="muted small">No condition: every call.</div>`}
        ${workflow ? html`<div class="small">Workflow: ${workflow}</div>` : nothing}
        ${rule.denial_message ? html`<div class="small break">Message: ${rule.denial_message}</div>` : nothing}
        ${rule.description ? html`<div class="small muted break">${rule.description}</div>` : nothing}
      </div>
      ${this.editable
        ? html`<div class="rule-buttons">
            <sl-button size="small" ?disabled=${index === 0} @click=${() => this.move(rule, index - 1)}>Move up<span class="visually-hidden">: ${label}</span></sl-button>
            <sl-button size="small" ?disabled=${index === count - 1} @click=${() => this.move(rule, index + 1)}>Move down<span class="visually-hidden">: ${label}</span></sl-button>
            <sl-button size="small" data-testid="edit-rule" @click=${() => this.fire('edit-rule', rule)}>Edit<span class="visually-hidden">: ${label}</span></sl-button>
            <sl-button size="small" variant="danger" outline data-testid="delete-rule" @click=${() => this.fire('delete-rule', rule)}>Delete<span class="visually-hidden">: ${label}</span></sl-button>
          </div>`
        : nothing}
    </li>`;
  }

  fire(name, rule) {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, detail: { rule } }));
  }

  render() {
    const groups = groupByScope(this.rules || []);
    return html`${this.editable
        ? html`<p id="rule-reorder-help" class="hint muted small">
            Rules are tried from the top; the first that matches decides. Drag a rule by its handle, or focus the handle and press Alt+Arrow Up or Alt+Arrow Down, to move it.
          </p>`
        : html`<p class="hint muted small">Rules are tried from the top; the first that matches decides.</p>`}
      ${groups.map(
        (g) => html`<section class="rule-scope" aria-label="Rules for: ${this.scopeTitle(g)}">
          ${groups.length > 1 || g.kind !== 'account' ? html`<h3>${this.scopeTitle(g)}</h3>` : nothing}
          <ol class="rule-list">${repeat(g.rules, (r) => r.id, (r, i) => this.row(r, i, g.rules.length))}</ol>
        </section>`,
      )}
      <div class="visually-hidden" aria-live="polite" data-testid="reorder-status">${this.message}</div>`;
  }
}

customElements.define('pl-rule-list', RuleList);
