// <pl-try-policy tool=… .sample=… .keys=…>: "Try it". Sample arguments,
// as JSON, are checked here first (a JSON object), then POST
// /api/v1/policy/check {tool, arguments, api_key_id?} says what the rules
// in force decide for a call with them, as the signed-in credential or, when
// `keys` are given (the person may read keys), as one of the account's API
// keys — which is how rules scoped to an agent or a key are tried. Nothing
// is recorded and nothing is forwarded. The answer (functions/policy-check/src/lib.rs) names the
// decision, the rule that decided (in full), the other rules that also
// matched, and the trace: every rule considered, matched or not and why,
// shown by <pl-decision-trace> as "why this rule won".
import { html, nothing } from 'lit';
import { LightElement } from './light-element.js';
import { api } from '../api.js';
import { actionView } from './action-icons.js';
import './decision-trace.js';
import './error-message.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';

/** `text` as a JSON object, or `{error}` saying why it is not one. */
export function parseArguments(text) {
  if (!String(text).trim()) return { value: {} };
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { error: 'The arguments must be a JSON object, like {"path": "/tmp"}.' };
    }
    return { value };
  } catch (err) {
    return { error: `Not valid JSON: ${err.message}` };
  }
}

class TryPolicy extends LightElement {
  static properties = {
    tool: {},
    sample: {},
    keys: { attribute: false },
    asKey: { state: true },
    text: { state: true },
    jsonError: { state: true },
    result: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  willUpdate(changed) {
    if (changed.has('tool') || (changed.has('sample') && this.text === undefined)) {
      this.text = this.sample || '{}';
      this.result = null;
      this.error = null;
      this.jsonError = '';
    }
  }

  onInput(e) {
    this.text = e.target.value;
    this.jsonError = parseArguments(this.text).error || '';
  }

  async run(e) {
    e.preventDefault();
    const parsed = parseArguments(this.text);
    this.jsonError = parsed.error || '';
    if (parsed.error) {
      this.querySelector('textarea').focus();
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      const body = { tool: this.tool, arguments: parsed.value };
      if (this.asKey) body.api_key_id = this.asKey;
      this.result = await api('/api/v1/policy/check', { method: 'POST', body });
    } catch (err) {
      this.result = null;
      this.error = err;
    } finally {
      this.busy = false;
    }
  }

  resultView(r) {
    const rule = r.matched_rule;
    return html`<div class="try-result stack" data-testid="try-result" data-decision=${r.decision}>
      <h3 id="try-result-heading" class="visually-hidden">Result</h3>
      <p class="decision-line">Decision: ${actionView(r.decision)}</p>
      <dl class="facts">
        <dt>Why</dt><dd>${r.reason}</dd>
        ${r.message ? html`<dt>Message to the agent</dt><dd class="prewrap">${r.message}</dd>` : nothing}
        <dt>Decided by</dt>
        <dd data-testid="try-matched-rule">
          ${rule
            ? html`${rule.name || 'an unnamed rule'} <code class="small">${rule.id}</code>${rule.condition ? html`<pre class="rule-condition"><code>${rule.condition}</code></pre>` : html` (no condition)`}`
            : html`the account's default action (${r.default_action})`}
        </dd>
        ${r.also_matched && r.also_matched.length
          ? html`<dt>Also matched</dt><dd>${r.also_matched.map((m) => m.name || m.id).join(', ')} (later in the order, so they did not decide)</dd>`
          : nothing}
        <dt>Evaluated as</dt><dd>${r.principal ? `${r.principal.role} credential${r.principal.agent_id ? ` of agent ${r.principal.agent_id}` : ''}` : ''}${r.policy_version !== undefined ? `, policy version ${r.policy_version}` : ''}</dd>
      </dl>
      <section aria-labelledby="try-trace-heading">
        <h3 id="try-trace-heading">Why this rule won</h3>
        <pl-decision-trace .trace=${r.trace} rule-id=${rule ? rule.id : ''}></pl-decision-trace>
      </section>
    </div>`;
  }

  render() {
    return html`<form class="stack" @submit=${this.run} novalidate>
      <div class="field">
        <label for="try-arguments">Sample arguments (JSON)</label>
        <textarea
          id="try-arguments"
          class="code"
          rows="5"
          spellcheck="false"
          autocapitalize="off"
          data-testid="try-arguments"
          aria-invalid=${this.jsonError ? 'true' : 'false'}
          aria-describedby="try-arguments-status"
          .value=${this.text || ''}
          @input=${this.onInput}
        ></textarea>
        <p id="try-arguments-status" class="condition-status ${this.jsonError ? 'invalid' : ''}" role="status">${this.jsonError}</p>
      </div>
      ${this.keys && this.keys.length
        ? html`<div class="field" style="max-width: 28rem">
            <label for="try-as">Decide as</label>
            <select id="try-as" data-testid="try-as" @change=${(e) => (this.asKey = e.target.value)}>
              <option value="">Your own credential</option>
              ${this.keys.slice(0, 200).map((k) => html`<option value=${k.id} ?selected=${k.id === this.asKey}>The key ${k.name} (${k.prefix}…, ${k.role})</option>`)}
            </select>
          </div>`
        : nothing}
      <div class="row">
        <sl-button type="submit" variant="primary" data-testid="try-run" ?loading=${this.busy}>Check the decision</sl-button>
      </div>
      <pl-error .error=${this.error}></pl-error>
      ${this.result ? this.resultView(this.result) : nothing}
    </form>`;
  }
}

customElements.define('pl-try-policy', TryPolicy);
