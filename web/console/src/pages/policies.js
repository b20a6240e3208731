// #/policies: the whole configuration as one YAML file (policy as code).
// Export it; bring a changed file (a file or pasted), validate it (problems
// with line and column, and the file's own tests), see what applying it
// would change, replay recorded calls against it, and apply it; list the
// applied versions and roll back to one.
//
// The policies routes take the raw file (application/yaml) or JSON
// {document, variables, prune, since}; JSON is sent here, with the values
// of the file's ${VAR} references (secrets such as a server's auth header,
// typed into password fields). Apply needs no base version: it compares the
// file with what is in force when it runs (shown first by diff).
//
// GET /api/v1/policies/export (YAML), POST /api/v1/policies/validate,
// /diff, /simulate, /apply, GET /api/v1/policies/history?limit=,
// GET /api/v1/policies/versions/{n} (YAML),
// POST /api/v1/policies/versions/{n}/rollback {dry_run}.
import { html, nothing } from 'lit';
import { LightElement } from '../components/light-element.js';
import { api, authorizedFetch, errorOf } from '../api.js';
import { can } from '../auth.js';
import { formatTime, isoTime, plural } from '../format.js';
import { downloadIcon } from '../icons.js';
import { confirmDialog } from '../components/dialogs.js';
import { saveText } from '../components/admin-kit.js';
import { actionView } from '../components/action-icons.js';
import '../components/error-message.js';
import '../components/policy-diff.js';
import '../components/admin-pages.css';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';

const HISTORY_PAGE = 20;
const HISTORY_MAX = 500;
/** Changed calls listed from a simulation (the API returns them all). */
const CALLS_SHOWN = 100;
const WINDOWS = { '1h': 'the last hour', '24h': 'the last 24 hours', '7d': 'the last 7 days', '30d': 'the last 30 days' };
/** A file bigger than this is not read into the page. */
const MAX_FILE_BYTES = 1024 * 1024;

/** The ${NAME} references of a document, each once, in order. */
export function variableNames(text) {
  const names = [];
  for (const m of String(text).matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/** GET a YAML route as text. */
async function getYaml(path) {
  const response = await authorizedFetch(path, { headers: { Accept: 'application/yaml' } });
  if (!response.ok) throw await errorOf(response);
  return response.text();
}

/** The problems of a failed check: the API's list, or none. */
function problemsOf(err) {
  return (err && err.detail && Array.isArray(err.detail.problems) && err.detail.problems) || [];
}

class PoliciesPage extends LightElement {
  static properties = {
    exported: { state: true },
    exportError: { state: true },
    exporting: { state: true },
    text: { state: true },
    fileError: { state: true },
    prune: { state: true },
    since: { state: true },
    busy: { state: true },
    result: { state: true },
    error: { state: true },
    problems: { state: true },
    diffKey: { state: true },
    history: { state: true },
    historyLimit: { state: true },
    historyError: { state: true },
    shownVersion: { state: true },
    versionText: { state: true },
    notice: { state: true },
  };

  constructor() {
    super();
    this.text = '';
    this.prune = false;
    this.since = '24h';
    this.busy = '';
    this.result = null;
    this.problems = [];
    this.historyLimit = HISTORY_PAGE;
    this.variables = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.loadHistory();
  }

  async loadHistory() {
    try {
      const answer = await api('/api/v1/policies/history', { query: { limit: this.historyLimit } });
      this.history = answer.versions || [];
      this.historyError = null;
    } catch (err) {
      this.historyError = err;
    }
  }

  async exportPolicy() {
    this.exporting = true;
    this.exportError = null;
    try {
      this.exported = await getYaml('/api/v1/policies/export');
      saveText(this.exported, `preloop-policy-${isoTime(Date.now()).slice(0, 10)}.yaml`, 'application/yaml');
    } catch (err) {
      this.exportError = err;
    } finally {
      this.exporting = false;
    }
  }

  async readFile(e) {
    const file = e.target.files && e.target.files[0];
    this.fileError = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      this.fileError = 'The file is larger than 1 MB: it is not a policy file.';
      return;
    }
    this.setText(await file.text());
  }

  setText(text) {
    this.text = text;
    this.result = null;
    this.problems = [];
    this.error = null;
  }

  /** The JSON envelope the routes take. */
  envelope(extra = {}) {
    const variables = {};
    for (const name of variableNames(this.text)) if (this.variables[name]) variables[name] = this.variables[name];
    return { document: this.text, variables, prune: this.prune, ...extra };
  }

  get key() {
    return JSON.stringify([this.text, this.prune]);
  }

  /** Runs one of validate, diff, simulate, apply; the answer goes to `result`. */
  async run(kind) {
    if (!this.text.trim()) {
      this.error = 'Choose a policy file or paste one first.';
      return;
    }
    this.busy = kind;
    this.error = null;
    this.problems = [];
    this.notice = '';
    try {
      let body;
      if (kind === 'simulate') body = { document: this.text, since: this.since };
      else if (kind === 'validate') body = { document: this.text };
      else body = this.envelope();
      const answer = await api(`/api/v1/policies/${kind}`, { method: 'POST', body });
      this.result = { kind, answer };
      if (kind === 'validate' && !answer.valid) this.problems = answer.problems || [];
      if (kind === 'diff') this.diffKey = this.key;
      if (kind === 'apply') {
        this.diffKey = null;
        this.notice = answer.applied ? `Applied: version ${answer.version} is in force.` : 'Nothing to apply: no change.';
        this.forgetVariables();
        this.loadHistory();
      }
    } catch (err) {
      this.result = null;
      this.error = err;
      this.problems = problemsOf(err);
    } finally {
      this.busy = '';
    }
  }

  /** The ${VAR} secrets have been sent: they are not kept in the page (nor in its fields) any longer. */
  forgetVariables() {
    this.variables = {};
    for (const input of this.querySelectorAll('input[data-policy-variable]')) input.value = '';
  }

  async apply() {
    const changes = this.result && this.result.kind === 'diff' ? this.result.answer.changes.length : 0;
    const ok = await confirmDialog({
      label: 'Apply this policy?',
      message: html`<p>${plural(changes, 'change')} will be made at once, as a new version. You can roll back to the current version later.</p>`,
      confirmLabel: 'Apply',
    });
    if (ok) this.run('apply');
  }

  /** Puts the caret at the start of `line` in the pasted file. */
  goTo(line) {
    const area = this.querySelector('#import-text');
    const offset = this.text.split('\n').slice(0, Math.max(0, line - 1)).reduce((n, l) => n + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(offset, offset);
  }

  async showVersion(v) {
    if (this.shownVersion === v.number) {
      this.shownVersion = null;
      return;
    }
    this.shownVersion = v.number;
    this.versionText = null;
    try {
      this.versionText = await getYaml(`/api/v1/policies/versions/${v.number}`);
    } catch (err) {
      this.versionText = { error: err };
    }
  }

  async rollback(v) {
    this.historyError = null;
    try {
      const preview = await api(`/api/v1/policies/versions/${v.number}/rollback`, { method: 'POST', body: { dry_run: true } });
      const ok = await confirmDialog({
        label: `Roll back to version ${v.number}?`,
        message: html`<p>Its file becomes a new version in force. This changes:</p><pl-policy-diff .outcome=${preview}></pl-policy-diff>`,
        confirmLabel: 'Roll back',
        danger: true,
      });
      if (!ok) return;
      const done = await api(`/api/v1/policies/versions/${v.number}/rollback`, { method: 'POST', body: {} });
      this.notice = done.applied
        ? `Rolled back to version ${v.number}: version ${done.version} is in force.`
        : `Nothing to change: the file of version ${v.number} is what is in force.`;
      this.loadHistory();
    } catch (err) {
      this.historyError = err;
    }
  }

  problemsView() {
    if (!this.problems.length) return nothing;
    return html`<div class="error-box" role="alert" data-testid="policy-problems">
      <strong>${plural(this.problems.length, 'problem')} in the file:</strong>
      <ol class="problem-list">
        ${this.problems.map(
          (p) => html`<li>
            <button type="button" class="text-button" @click=${() => this.goTo(p.line)}>Line ${p.line}, column ${p.column}</button>${p.path ? html` (<code>${p.path}</code>)` : nothing}: ${p.message}
          </li>`,
        )}
      </ol>
    </div>`;
  }

  validationView(a) {
    if (!a.valid) return nothing;
    const failed = (a.tests || []).filter((t) => !t.passed);
    return html`<div data-testid="validation-result">
      <p class="ok-text">The file is valid.${a.tests && a.tests.length ? ` ${a.tests.length - failed.length} of ${plural(a.tests.length, 'test')} passed.` : ''}</p>
      ${failed.length
        ? html`<ul class="plain-list">${failed.map(
            (t) => html`<li class="error-box">Test ${t.name || `#${t.index + 1}`} (<code>${t.tool}</code>): expected ${t.expected}, got ${t.got}.</li>`,
          )}</ul>`
        : nothing}
    </div>`;
  }

  simulationView(s) {
    return html`<div class="stack" data-testid="simulation-result">
      <p>
        Replayed ${plural(s.replayed, 'recorded call')} since ${formatTime(s.since_ms)}:
        <strong>${s.changed} would be decided differently</strong>, ${s.unchanged} the same.
        ${s.truncated ? 'Only the newest calls of the window were replayed.' : ''}
      </p>
      ${s.by_rule && s.by_rule.length
        ? html`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">Changed decisions by deciding rule</caption>
            <thead><tr><th scope="col">Rule</th><th scope="col">Calls changed</th><th scope="col">How</th></tr></thead>
            <tbody>${s.by_rule.map((r) => html`<tr>
              <td data-label="Rule" class="break"><code>${r.rule}</code></td>
              <td data-label="Calls changed">${r.changed}</td>
              <td data-label="How">${Object.entries(r.transitions || {}).map(([t, n]) => `${t}: ${n}`).join('; ')}</td>
            </tr>`)}</tbody>
          </table></div>`
        : nothing}
      ${s.calls && s.calls.length
        ? html`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">Calls that would be decided differently</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">Tool</th><th scope="col">Caller</th><th scope="col">Recorded</th><th scope="col">With this file</th></tr></thead>
            <tbody>${s.calls.slice(0, CALLS_SHOWN).map((c) => html`<tr data-testid="simulated-call">
              <td data-label="Time">${formatTime(c.created_at)}</td>
              <td data-label="Tool" class="break"><code>${c.tool}</code></td>
              <td data-label="Caller" class="break">${c.principal}</td>
              <td data-label="Recorded"><div>${actionView(c.recorded.decision)} <span class="small muted">by ${c.recorded.rule}</span></div></td>
              <td data-label="With this file"><div>${actionView(c.simulated.decision)} <span class="small muted">by ${c.simulated.rule}</span></div></td>
            </tr>`)}</tbody>
          </table></div>
          ${s.calls.length > CALLS_SHOWN ? html`<p class="muted">The first ${CALLS_SHOWN} of ${s.calls.length} changed calls are listed.</p>` : nothing}`
        : nothing}
    </div>`;
  }

  resultView() {
    const r = this.result;
    if (!r) return nothing;
    switch (r.kind) {
      case 'validate':
        return this.validationView(r.answer);
      case 'diff':
      case 'apply':
        return html`<pl-policy-diff .outcome=${r.answer}></pl-policy-diff>`;
      case 'simulate':
        return this.simulationView(r.answer);
      default:
        return nothing;
    }
  }

  importSection() {
    const names = variableNames(this.text);
    const canApply = can('policies.write') && this.diffKey === this.key && this.result && this.result.kind === 'diff' && this.result.answer.changes.length > 0;
    return html`<section class="card stack" aria-labelledby="import-heading">
      <h2 id="import-heading">Change the policy</h2>
      <div class="form-grid">
        <div class="field">
          <label for="import-file">Policy file</label>
          <input id="import-file" type="file" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" data-testid="import-file" @change=${this.readFile} />
          ${this.fileError ? html`<p class="text-danger small" role="alert">${this.fileError}</p>` : nothing}
        </div>
      </div>
      <div class="field">
        <label for="import-text">The file's text (or paste it here)</label>
        <textarea id="import-text" class="code" rows="14" spellcheck="false" autocapitalize="off" data-testid="import-text"
          .value=${this.text} @input=${(e) => this.setText(e.target.value)}></textarea>
      </div>
      ${names.length
        ? html`<fieldset class="field">
            <legend>Values of the file's variables</legend>
            <p class="hint">Secrets the file refers to as <code>\${NAME}</code> (a server's auth header). Sent with apply, never shown again; leave one empty to keep the value in force.</p>
            <div class="form-grid">
              ${names.map(
                (n) => html`<div class="field">
                  <label for="var-${n}"><code>${n}</code></label>
                  <input id="var-${n}" type="password" autocomplete="off" data-policy-variable @input=${(e) => (this.variables = { ...this.variables, [n]: e.target.value })} />
                </div>`,
              )}
            </div>
          </fieldset>`
        : nothing}
      <label class="check"><input type="checkbox" .checked=${this.prune} @change=${(e) => (this.prune = e.target.checked)} />Remove what the file does not name (workflows, servers, tools)</label>
      <div class="toolbar">
        <sl-button data-testid="validate-policy" ?loading=${this.busy === 'validate'} ?disabled=${!!this.busy} @click=${() => this.run('validate')}>Validate</sl-button>
        <sl-button data-testid="show-diff" ?loading=${this.busy === 'diff'} ?disabled=${!!this.busy} @click=${() => this.run('diff')}>Show the changes</sl-button>
        ${can('policies.write')
          ? html`<sl-button variant="primary" data-testid="apply-policy" ?loading=${this.busy === 'apply'} ?disabled=${!canApply || !!this.busy} @click=${this.apply}>Apply</sl-button>`
          : nothing}
      </div>
      <div class="toolbar">
        <div class="field">
          <label for="simulate-since">Replay the recorded calls of</label>
          <select id="simulate-since" @change=${(e) => (this.since = e.target.value)}>
            ${Object.entries(WINDOWS).map(([k, label]) => html`<option value=${k} ?selected=${k === this.since}>${label}</option>`)}
          </select>
        </div>
        <sl-button data-testid="simulate" ?loading=${this.busy === 'simulate'} ?disabled=${!!this.busy} @click=${() => this.run('simulate')}>Simulate</sl-button>
      </div>
      ${can('policies.write') && !canApply ? html`<p class="muted small">Apply is possible once “Show the changes” has listed changes for this file.</p>` : nothing}
      <p role="status" class="status-text">${this.notice || ''}</p>
      <pl-error .error=${this.problems.length ? null : this.error}></pl-error>
      ${this.problemsView()}
      <div aria-live="polite">${this.resultView()}</div>
    </section>`;
  }

  historySection() {
    const h = this.history;
    return html`<section class="card stack" aria-labelledby="history-heading">
      <h2 id="history-heading">Applied versions</h2>
      <pl-error .error=${this.historyError}></pl-error>
      ${!h
        ? html`<sl-spinner label="Loading"></sl-spinner>`
        : !h.length
          ? html`<p class="muted">No version applied yet.</p>`
          : html`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Applied policy versions, newest first</caption>
              <thead><tr><th scope="col">Version</th><th scope="col">Applied</th><th scope="col">How</th><th scope="col">Changes</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${h.map((v, i) => this.historyRow(v, i === 0))}</tbody>
            </table></div>
            ${h.length >= this.historyLimit && this.historyLimit < HISTORY_MAX
              ? html`<div><sl-button size="small" @click=${() => { this.historyLimit += HISTORY_PAGE; this.loadHistory(); }}>Show older versions</sl-button></div>`
              : nothing}`}
    </section>`;
  }

  historyRow(v, current) {
    const s = v.summary || {};
    return html`<tr data-testid="history-row" data-version=${v.number}>
        <td data-label="Version"><div><strong>${v.number}</strong>${current ? html` <span class="muted small">(in force)</span>` : nothing}${s.name ? html`<div class="small muted break">${s.name}</div>` : nothing}</div></td>
        <td data-label="Applied"><div>${formatTime(v.created_at)}${v.applied_by ? html`<div class="small muted">by key <code>${v.applied_by}</code></div>` : nothing}</div></td>
        <td data-label="How">${v.kind === 'rollback' ? `Rollback to ${v.source_number}` : 'Apply'}</td>
        <td data-label="Changes">${s.created ?? 0} added, ${s.updated ?? 0} changed, ${s.deleted ?? 0} removed</td>
        <td data-label="Actions" class="actions-col"><div class="cell-actions">
          <sl-button size="small" aria-expanded=${this.shownVersion === v.number ? 'true' : 'false'} @click=${() => this.showVersion(v)}>
            ${this.shownVersion === v.number ? 'Hide the file' : 'Show the file'}<span class="visually-hidden"> of version ${v.number}</span>
          </sl-button>
          ${can('policies.write') && !current
            ? html`<sl-button size="small" data-testid="rollback" @click=${() => this.rollback(v)}>Roll back<span class="visually-hidden"> to version ${v.number}</span></sl-button>`
            : nothing}
        </div></td>
      </tr>
      ${this.shownVersion === v.number
        ? html`<tr class="detail-row"><td colspan="5" class="full-row">
            ${this.versionText === null
              ? html`<sl-spinner label="Loading"></sl-spinner>`
              : this.versionText.error
                ? html`<pl-error .error=${this.versionText.error}></pl-error>`
                : html`<pre class="code-block" role="region" tabindex="0" aria-label="The file of version ${v.number}">${this.versionText}</pre>`}
          </td></tr>`
        : nothing}`;
  }

  render() {
    return html`<div class="page">
      <h1 tabindex="-1">Policy as code</h1>
      <p class="muted">Servers, tools, rules, approval workflows and defaults as one YAML file, versioned on every apply.</p>
      <section class="card stack" aria-labelledby="export-heading">
        <h2 id="export-heading">The policy in force</h2>
        <div class="row wrap">
          <sl-button data-testid="export-policy" ?loading=${this.exporting} @click=${this.exportPolicy}><span slot="prefix">${downloadIcon}</span>Export as YAML</sl-button>
        </div>
        <pl-error .error=${this.exportError}></pl-error>
        ${this.exported !== undefined
          ? html`<pre class="code-block" data-testid="policy-yaml" role="region" tabindex="0" aria-label="The exported policy file">${this.exported}</pre>
              <div><sl-button size="small" @click=${() => this.setText(this.exported)}>Edit a copy below</sl-button></div>`
          : nothing}
      </section>
      ${this.importSection()}
      ${this.historySection()}
    </div>`;
  }
}

customElements.define('pl-policies-page', PoliciesPage);
