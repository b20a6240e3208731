// Views of an issue's readiness the issue page and the compliance page
// share: a score as a labelled bar, a check's name in words, and one
// assessment (each check passed or failed, with what to add).
import { html, nothing } from 'lit';
import { issueLink, percent } from './tracker-kit.js';

const CHECKS = {
  clear_title: 'Clear title',
  description: 'Description',
  acceptance_criteria: 'Acceptance criteria',
  reproduction_steps: 'Reproduction steps',
  labels: 'Labels',
  priority: 'Priority',
  linked_dependencies: 'Linked dependencies',
};

/** A check's name in words. */
export function checkLabel(check) {
  return CHECKS[check] || String(check || '').replace(/_/g, ' ');
}

/** A share (0..1) as a bar; the number is said in text beside it, so the bar is decoration. */
export function meter(share, good = false) {
  const w = Math.max(0, Math.min(1, Number(share) || 0)) * 100;
  return html`<span class="meter ${good ? 'good' : ''}" aria-hidden="true"><span style="width: ${w}%"></span></span>`;
}

/** One assessment: score, ready or not, and each check that applies. */
export function assessmentView(a, { link = null } = {}) {
  const findings = (a.findings || []).filter((f) => f.applies);
  return html`<div class="stack" data-testid="assessment">
    <div class="row wrap">
      ${link ? issueLink(link) : nothing}
      <sl-badge variant=${a.ready ? 'success' : 'warning'} data-testid="ready">${a.ready ? 'Ready' : 'Not ready'}</sl-badge>
      <span>Score ${percent(a.score)}</span>
      ${meter(a.score, a.ready)}
    </div>
    ${findings.length
      ? html`<ul class="findings">
          ${findings.map(
            (f) => html`<li class=${f.passed ? 'passed' : 'failed'}>
              <span class="mark" aria-hidden="true">${f.passed ? '✓' : '✗'}</span>
              <span>${checkLabel(f.check)}<span class="visually-hidden">: ${f.passed ? 'passed' : 'missing'}</span></span>
              ${!f.passed && f.suggestion ? html`<span class="suggestion" data-testid="suggestion">${f.suggestion}</span>` : nothing}
            </li>`,
          )}
        </ul>`
      : nothing}
  </div>`;
}
