// #/compliance: how ready a project's issues are by the definition of
// ready: the summary's headlines, each check's failing share as a bar, and
// the least ready issues with what to add.
//
// GET /api/v1/projects, GET /api/v1/projects/{id}/compliance.
import { html, nothing } from 'lit';
import { ProjectReportPage } from '../components/project-report-page.js';
import { percent, projectName, projectSelect, trackerTabs } from '../components/tracker-kit.js';
import { assessmentView, checkLabel, meter } from '../components/issue-views.js';

/** Issues listed as the least ready. */
const LEAST_READY = 10;

class CompliancePage extends ProjectReportPage {
  static reportName = 'compliance';

  summary(s) {
    return html`<section class="card stack tracker-section" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <dl class="stats">
        <div><dt>Issues</dt><dd>${s.issues}</dd></div>
        <div><dt>Ready</dt><dd data-testid="ready-count">${s.ready}</dd></div>
        <div><dt>Average score</dt><dd>${percent(s.average_score)}</dd></div>
      </dl>
      ${(s.headlines || []).length
        ? html`<ul class="headlines" data-testid="headlines">${s.headlines.map((h) => html`<li data-testid="headline">${h}</li>`)}</ul>`
        : html`<p class="muted">Nothing stands out.</p>`}
    </section>
    <section class="card stack tracker-section" aria-labelledby="checks-heading">
      <h2 id="checks-heading">Failing, by check</h2>
      <ul class="check-bars" data-testid="check-bars">
        ${(s.checks || []).map(
          (c) => html`<li>
            <span>${checkLabel(c.check)}</span>
            ${meter(c.failing_share)}
            ${c.applies_to
              ? html`<span class="small">${percent(c.failing_share)} failing <span class="muted">(${c.failing} of ${c.applies_to})</span></span>`
              : html`<span class="small muted">applies to none</span>`}
          </li>`,
        )}
      </ul>
    </section>`;
  }

  leastReady(issues) {
    const worst = [...issues].sort((a, b) => a.score - b.score).filter((a) => !a.ready).slice(0, LEAST_READY);
    return html`<section class="card stack tracker-section" aria-labelledby="least-heading">
      <h2 id="least-heading">Least ready issues</h2>
      ${worst.length
        ? html`<ul class="item-list" data-testid="least-ready">
            ${worst.map((a) => html`<li>${assessmentView(a, { link: { id: a.issue_id, key: a.issue_key } })}</li>`)}
          </ul>`
        : html`<p class="muted">Every issue is ready.</p>`}
    </section>`;
  }

  body() {
    if (this.projects && !this.projects.length) return html`<p class="empty" data-testid="empty">No project yet: add a tracker first.</p>`;
    if (this.report === false) {
      return html`<p class="empty" data-testid="empty">This server does not assess readiness yet.</p>`;
    }
    if (!this.report) return nothing;
    const s = this.report.summary || {};
    if (!s.issues) return html`<p class="empty" data-testid="empty">This project has no issue yet.</p>`;
    return html`${this.summary(s)} ${this.leastReady(this.report.issues || [])}`;
  }

  render() {
    const p = (this.projects || []).find((x) => x.id === this.project);
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Compliance${p ? html`<span class="visually-hidden">: ${projectName(p)}</span>` : nothing}</h1>
        ${this.loading || this.projects === null ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
      </div>
      ${trackerTabs('/compliance')}
      ${this.projects && this.projects.length
        ? html`<form class="card filters-row" aria-label="Project" @submit=${(e) => e.preventDefault()}>
            ${projectSelect({ id: 'compliance-project', projects: this.projects, value: this.project, any: '', onChange: (v) => this.choose(v) })}
          </form>`
        : nothing}
      <pl-error .error=${this.error}></pl-error>
      ${this.body()}
    </div>`;
  }
}

customElements.define('pl-compliance-page', CompliancePage);
