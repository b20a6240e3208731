// <pl-decision-trace .trace=${record.trace} rule-id=…>: why a call was
// decided as it was. The trace (shared/core/src/policy/trace.rs) names the
// scope whose rules decided, every rule considered in order with what it
// did (matched, no_match, error, not_reached), a sentence saying why, and
// what a shadow rule would have done.
import { html, nothing } from 'lit';
import { LightElement } from './light-element.js';
import { decisionLabel, variantOf } from '../format.js';
import { winningStep } from '../trace.js';

const OUTCOMES = {
  matched: 'Matched',
  no_match: 'Did not match',
  error: 'Could not be evaluated',
  not_reached: 'Not reached (an earlier rule decided)',
};

function ruleName(step) {
  return step.name ? `${step.name}` : `rule ${step.rule_id}`;
}

class DecisionTrace extends LightElement {
  static properties = {
    trace: { attribute: false },
    ruleId: { attribute: 'rule-id' },
  };

  step(s, winner) {
    const won = winner === s;
    return html`<li class="trace-step trace-${s.outcome} ${won ? 'trace-winner' : ''}">
      <div class="trace-step-head">
        <strong>${ruleName(s)}</strong>
        <sl-badge variant=${variantOf(s.action)} pill>${decisionLabel(s.action)}</sl-badge>
        ${s.shadow ? html`<sl-badge variant="neutral" pill>shadow</sl-badge>` : nothing}
        ${won ? html`<sl-badge variant="primary" pill>decided the call</sl-badge>` : nothing}
      </div>
      <div class="trace-step-meta">
        priority ${s.priority} · scope ${s.scope}${s.name ? html` · id <code>${s.rule_id}</code>` : nothing}
      </div>
      ${s.condition
        ? html`<pre class="trace-condition"><code>${s.condition}</code></pre>`
        : html`<div class="muted">No condition: it applies to every call of the tool.</div>`}
      <div class="trace-outcome">${OUTCOMES[s.outcome] || s.outcome}${s.error ? html`: ${s.error}` : nothing}</div>
    </li>`;
  }

  render() {
    const t = this.trace;
    if (!t) return html`<p class="muted">No decision trace was recorded for this record.</p>`;
    const winner = winningStep(t, this.ruleId);
    const steps = t.rules || [];
    return html`<div class="trace">
      <p class="trace-why">${t.why}</p>
      ${t.scope ? html`<p>Rules of the scope <code>${t.scope}</code> decided.</p>` : nothing}
      ${steps.length
        ? html`<ol class="trace-steps" aria-label="Rules considered, in order">${steps.map((s) => this.step(s, winner))}</ol>`
        : html`<p class="muted">No rule was considered: the account's default decided.</p>`}
      ${t.shadow
        ? html`<p class="trace-note">
            Shadow rule <strong>${t.shadow.name || t.shadow.rule_id}</strong> would have decided
            “${decisionLabel(t.shadow.action)}”,
            ${t.shadow.changes_decision ? 'which would have changed the decision' : 'the same decision'}.
          </p>`
        : nothing}
      ${t.arguments_unchecked
        ? html`<p class="trace-note">The arguments were not checked against the tool's input schema: ${t.arguments_unchecked}</p>`
        : nothing}
      ${t.results_redacted ? html`<p class="trace-note">The tool's result was redacted before the agent saw it.</p>` : nothing}
    </div>`;
  }
}

customElements.define('pl-decision-trace', DecisionTrace);
