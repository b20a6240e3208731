// <pl-condition-editor label=… .value=…>: a rule's CEL condition in a
// labelled <textarea>, checked as it is typed (250 ms after the last key)
// by POST /api/v1/policy/conditions/validate, which compiles it exactly as
// saving the rule would. An invalid condition shows the API's message with
// its line and column, and a marker under the offending line.
//
// Fires `condition-change` ({value, valid}) on every edit and after every
// check; `valid` is false only when the API said so (a check that could
// not run does not block saving: saving checks again).
import { html, nothing } from 'lit';
import { LightElement } from './light-element.js';
import { api } from '../api.js';

const DEBOUNCE_MS = 250;
let ids = 0;

/** Characters of the offending line kept before and after the column. */
const BEFORE = 24;
const AFTER = 12;

/**
 * `source`'s `line` (1-based) with a caret under `column` (1-based). Only
 * a window around the column is kept, so the marker fits a phone's width.
 */
export function markerText(source, line, column) {
  const text = (String(source).split('\n')[line - 1] || '').replace(/\t/g, ' ');
  const col = Math.max(1, Math.min(Number(column) || 1, text.length + 1)) - 1;
  const start = Math.max(0, col - BEFORE);
  const end = Math.min(text.length, col + AFTER);
  const head = start > 0 ? '…' : '';
  const shown = `${head}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  return `${shown}\n${' '.repeat(head.length + col - start)}^`;
}

class ConditionEditor extends LightElement {
  static properties = {
    value: {},
    label: {},
    check: { state: true },
  };

  constructor() {
    super();
    this.value = '';
    this.label = 'Condition';
    this.uid = `cond-${++ids}`;
    this.seq = 0;
    this.check = { kind: 'empty' };
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.value && this.value.trim()) this.validate();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.seq++;
  }

  get valid() {
    return this.check.kind !== 'invalid';
  }

  emit() {
    this.dispatchEvent(new CustomEvent('condition-change', { bubbles: true, detail: { value: this.value, valid: this.valid } }));
  }

  onInput(e) {
    this.value = e.target.value;
    clearTimeout(this.timer);
    if (!this.value.trim()) {
      this.seq++;
      this.check = { kind: 'empty' };
    } else {
      this.check = { kind: 'pending' };
      this.timer = setTimeout(() => this.validate(), DEBOUNCE_MS);
    }
    this.emit();
  }

  async validate() {
    const condition = this.value;
    const seq = ++this.seq;
    this.check = { kind: 'checking' };
    try {
      const answer = await api('/api/v1/policy/conditions/validate', { method: 'POST', body: { condition } });
      if (seq !== this.seq) return;
      this.check = answer && answer.valid
        ? { kind: 'valid' }
        : { kind: 'invalid', message: (answer && answer.message) || 'Invalid condition.', line: answer && answer.line, column: answer && answer.column };
    } catch (err) {
      if (seq !== this.seq) return;
      this.check = { kind: 'error', message: `The condition could not be checked: ${err.message}` };
    }
    this.emit();
  }

  statusText() {
    const c = this.check;
    switch (c.kind) {
      case 'empty':
        return 'No condition: the rule applies to every call of the tool.';
      case 'pending':
      case 'checking':
        return 'Checking…';
      case 'valid':
        return 'The condition is valid.';
      case 'invalid': {
        // The API's message usually names the place already.
        const named = c.line && new RegExp(`line ${c.line}, column`, 'i').test(c.message);
        const where = c.line && !named ? `Line ${c.line}, column ${c.column || 1}: ` : '';
        return `${where}${c.message}`;
      }
      default:
        return c.message || '';
    }
  }

  render() {
    const id = this.uid;
    const c = this.check;
    const invalid = c.kind === 'invalid';
    return html`<div class="field">
      <label for=${id}>${this.label}</label>
      <p class="hint" id="${id}-hint">
        A CEL expression over <code>args</code>, <code>tool</code>, <code>server</code>, <code>principal</code> and <code>now</code>,
        for example <code>args.amount &gt; 1000 &amp;&amp; args.currency == "EUR"</code>.
      </p>
      <textarea
        id=${id}
        class="code"
        rows="3"
        spellcheck="false"
        autocapitalize="off"
        autocomplete="off"
        data-testid="condition-input"
        aria-describedby="${id}-hint ${id}-status"
        aria-invalid=${invalid ? 'true' : 'false'}
        .value=${this.value || ''}
        @input=${this.onInput}
      ></textarea>
      ${invalid && c.line
        ? html`<pre class="condition-marker" aria-hidden="true" data-testid="condition-marker">${markerText(this.value, c.line, c.column)}</pre>`
        : nothing}
      <p
        id="${id}-status"
        class="condition-status ${c.kind}"
        role="status"
        data-testid="condition-status"
        data-state=${c.kind}
      >${this.statusText()}</p>
    </div>`;
  }
}

customElements.define('pl-condition-editor', ConditionEditor);
