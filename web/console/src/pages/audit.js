// #/audit: the audit trail, a page at a time, newest first, with filters
// (tool, decision, principal, outcome, time range) kept in the address so
// a view can be shared. A record opens in a side panel with its decision
// trace ("why this rule won") and its arguments.
//
// GET /api/v1/audit?tool&decision&principal&outcome&since&until&limit&cursor
//   (cursor pagination: the API gives `next_cursor`; "newer" goes back
//   through the cursors seen),
// GET /api/v1/audit?format=csv|jsonl&<the same filters>&cursor (a download
//   of up to 10,000 records, needs audit.export; `x-next-cursor` says more
//   match, and fetches the next part).
import { html, nothing } from 'lit';
import { LightElement } from '../components/light-element.js';
import { api, authorizedFetch, errorOf } from '../api.js';
import { can } from '../auth.js';
import { loadPeople } from '../people.js';
import { subscribe } from '../live.js';
import { decisionLabel, formatMs, formatTime, isoTime, principalName, variantOf } from '../format.js';
import { href, navigate } from '../router.js';
import { downloadIcon } from '../icons.js';
import '../components/decision-trace.js';
import '../components/error-message.js';
import '../components/json-tree.js';

const FILTERS = ['tool', 'decision', 'principal', 'outcome', 'since', 'until'];
const PAGE_SIZES = [25, 50, 100, 200];
const DEFAULT_PAGE_SIZE = 50;
/** Records in one download at most (the API's limit; the count is read from each file). */
const EXPORT_PART = 10_000;
const EXPORT_FORMATS = {
  csv: { label: 'CSV', accept: 'text/csv' },
  jsonl: { label: 'JSON Lines', accept: 'application/jsonl' },
};
const HOUR = 3_600_000;

/** epoch ms → the value of an <input type=datetime-local> (local time). */
function toLocalInput(ms) {
  if (!ms) return '';
  const d = new Date(Number(ms));
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** <input type=datetime-local>'s value → epoch ms ('' when empty or invalid). */
function fromLocalInput(value) {
  if (!value) return '';
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? String(ms) : '';
}

/** Saves `blob` as `name` through a temporary object URL, revoked once the download has started. */
function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** The file name a content-disposition header gives, else `fallback`. */
function fileNameOf(disposition, fallback) {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition || '');
  if (!m) return fallback;
  try {
    return decodeURIComponent(m[1]).replace(/[\\/]/g, '_');
  } catch {
    return m[1];
  }
}

/** `name` with `-part-N` before its extension, for the parts after the first. */
function partName(name, part) {
  if (part <= 1) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-part-${part}${name.slice(dot)}` : `${name}-part-${part}`;
}

/** How many records a download holds: JSON Lines' lines, or CSV's rows after the header (quoted line breaks do not count). */
function recordsIn(text, format) {
  let lines = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (ch === 34 && format === 'csv') quoted = !quoted;
    else if (ch === 10 && !quoted) lines += 1;
  }
  if (text.length && text.charCodeAt(text.length - 1) !== 10) lines += 1;
  return format === 'csv' ? Math.max(0, lines - 1) : lines;
}

class AuditPage extends LightElement {
  static properties = {
    query: { attribute: false },
    records: { state: true },
    loading: { state: true },
    error: { state: true },
    selected: { state: true },
    pageIndex: { state: true },
    next: { state: true },
    fresh: { state: true },
    exportStatus: { state: true },
    exportError: { state: true },
    exporting: { state: true },
    exportNext: { state: true },
    exportRefused: { state: true },
    names: { state: true },
  };

  constructor() {
    super();
    this.records = null;
    this.cursors = [null];
    this.pageIndex = 0;
    this.next = null;
    this.fresh = 0;
    this.loadedKey = null;
    this.seq = 0;
    this.names = new Map();
  }

  connectedCallback() {
    super.connectedCallback();
    loadPeople().then((names) => {
      this.names = names;
    });
    // New records are counted, not inserted: the page being read stays still.
    this.stopLive = subscribe(['audit', 'activity', 'approvals'], (e) => {
      if (e.kind === 'resync') this.fresh = Math.max(this.fresh, 1);
      else if (this.pageIndex === 0) this.fresh += 1;
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive();
  }

  filters() {
    const f = {};
    for (const k of FILTERS) {
      const v = this.query ? this.query.get(k) : null;
      if (v) f[k] = v;
    }
    return f;
  }

  pageSize() {
    const n = Number(this.query && this.query.get('limit'));
    return PAGE_SIZES.includes(n) ? n : DEFAULT_PAGE_SIZE;
  }

  willUpdate() {
    const key = JSON.stringify([this.filters(), this.pageSize()]);
    if (key !== this.loadedKey) {
      this.loadedKey = key;
      this.cursors = [null];
      this.pageIndex = 0;
      this.load();
    }
  }

  async load() {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const answer = await api('/api/v1/audit', {
        query: { ...this.filters(), limit: this.pageSize(), cursor: this.cursors[this.pageIndex] },
      });
      if (seq !== this.seq) return;
      this.records = answer.events || [];
      this.next = answer.next_cursor || null;
      this.error = null;
      if (this.pageIndex === 0) this.fresh = 0;
    } catch (err) {
      if (seq === this.seq) this.error = err;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  older() {
    if (!this.next) return;
    this.cursors = [...this.cursors.slice(0, this.pageIndex + 1), this.next];
    this.pageIndex += 1;
    this.load();
  }

  newer() {
    if (this.pageIndex === 0) return;
    this.pageIndex -= 1;
    this.load();
  }

  newest() {
    this.pageIndex = 0;
    this.load();
  }

  apply(e) {
    e.preventDefault();
    const form = e.target;
    const value = (name) => {
      const el = form.querySelector(`[name="${name}"]`);
      return el ? String(el.value || '').trim() : '';
    };
    const decision = value('decision');
    navigate('/audit', {
      tool: value('tool'),
      decision: decision === 'any' ? '' : decision,
      principal: value('principal'),
      outcome: value('outcome'),
      since: fromLocalInput(value('since')),
      until: fromLocalInput(value('until')),
      limit: this.pageSize() === DEFAULT_PAGE_SIZE ? '' : this.pageSize(),
    });
  }

  lastHours(hours) {
    navigate('/audit', { ...this.filters(), since: String(Date.now() - hours * HOUR), until: '', limit: this.query.get('limit') || '' });
  }

  setPageSize(e) {
    const n = Number(e.target.value);
    navigate('/audit', { ...this.filters(), limit: n === DEFAULT_PAGE_SIZE ? '' : n });
  }

  open(record, e) {
    if (e && e.target.closest('a')) return;
    this.opener = e ? e.target.closest('tr') : null;
    this.selected = record;
  }

  closed() {
    this.selected = null;
    // Back to the row the panel was opened from.
    const button = this.opener && this.opener.querySelector('button');
    if (button) button.focus();
  }

  /**
   * Downloads the records matching the filters as `format` (csv or jsonl),
   * 10,000 at most; `next` continues an earlier download from its cursor.
   */
  async exportRecords(format, next = null) {
    const filters = this.filters();
    const key = JSON.stringify(filters);
    const part = next ? next.part + 1 : 1;
    const { label, accept } = EXPORT_FORMATS[format];
    this.exporting = format;
    this.exportError = null;
    this.exportStatus = `Preparing the ${label} export…`;
    try {
      const query = new URLSearchParams({ ...filters, format });
      if (next) query.set('cursor', next.cursor);
      const response = await authorizedFetch(`/api/v1/audit?${query}`, { headers: { Accept: accept } });
      if (!response.ok) {
        const err = await errorOf(response);
        // The role lost the permission since sign-in: no export buttons.
        if (response.status === 403 && err.detail && err.detail.required_permission) this.exportRefused = true;
        throw err;
      }
      const cursor = response.headers.get('x-next-cursor');
      const blob = await response.blob();
      const name = partName(fileNameOf(response.headers.get('content-disposition'), `preloop-audit.${format}`), part);
      saveBlob(blob, name);
      const count = recordsIn(await blob.text(), format);
      const first = next ? next.exported : 0;
      const fmt = (n) => n.toLocaleString('en-US');
      if (cursor) {
        this.exportNext = { format, cursor, part, key, exported: first + count };
        this.exportStatus =
          part === 1
            ? `First ${fmt(count)} records exported as ${name}; more match — export the next part.`
            : `Records ${fmt(first + 1)}–${fmt(first + count)} exported as ${name} (part ${part}); more match — export the next part.`;
      } else {
        this.exportNext = null;
        this.exportStatus =
          part === 1
            ? `${count === 1 ? '1 record' : `${fmt(count)} records`} exported as ${name}.`
            : `Records ${fmt(first + 1)}–${fmt(first + count)} exported as ${name} (part ${part}, the last).`;
      }
    } catch (err) {
      this.exportStatus = '';
      this.exportError = err;
    } finally {
      this.exporting = '';
    }
  }

  filterForm() {
    const f = this.filters();
    const active = Object.keys(f).length > 0;
    return html`<form class="card filters" @submit=${this.apply} aria-labelledby="filters-heading">
      <h2 id="filters-heading" class="visually-hidden">Filters</h2>
      <div class="filter-grid">
        <sl-input name="tool" label="Tool" size="small" value=${f.tool || ''} placeholder="server__tool" spellcheck="false"></sl-input>
        <sl-select name="decision" label="Decision" size="small" value=${f.decision || 'any'}>
          <sl-option value="any">Any</sl-option>
          <sl-option value="allow">Allowed</sl-option>
          <sl-option value="deny">Denied</sl-option>
          <sl-option value="require_approval">Needs approval</sl-option>
        </sl-select>
        <sl-input name="outcome" label="Outcome" size="small" value=${f.outcome || ''} placeholder="ok, denied, tool_error…" spellcheck="false"></sl-input>
        <sl-input name="principal" label="Principal" size="small" value=${f.principal || ''} placeholder="key id or full label" spellcheck="false"></sl-input>
        <sl-input name="since" label="From" size="small" type="datetime-local" value=${toLocalInput(f.since)}></sl-input>
        <sl-input name="until" label="To" size="small" type="datetime-local" value=${toLocalInput(f.until)}></sl-input>
      </div>
      <div class="row wrap">
        <sl-button type="submit" variant="primary" size="small">Apply filters</sl-button>
        ${active ? html`<sl-button size="small" href=${href('/audit')}>Clear</sl-button>` : nothing}
        <span class="row-gap"></span>
        <span class="muted">Quick range:</span>
        <sl-button size="small" @click=${() => this.lastHours(1)}>Last hour</sl-button>
        <sl-button size="small" @click=${() => this.lastHours(24)}>Last 24 hours</sl-button>
        <sl-button size="small" @click=${() => this.lastHours(24 * 7)}>Last 7 days</sl-button>
      </div>
    </form>`;
  }

  table(records) {
    if (!records.length) return html`<p class="empty" data-testid="empty">No record matches.</p>`;
    return html`<div class="table-wrap">
      <table class="data-table stack-on-mobile">
        <caption class="visually-hidden">Audit records, newest first</caption>
        <thead>
          <tr><th scope="col">Time</th><th scope="col">Tool</th><th scope="col">Server</th><th scope="col">Principal</th><th scope="col">Decision</th><th scope="col">Outcome</th><th scope="col">Duration</th></tr>
        </thead>
        <tbody>
          ${records.map(
            (r) => html`<tr class="clickable ${this.selected && this.selected.id === r.id ? 'selected' : ''}" data-testid="audit-row" data-id=${r.id} @click=${(e) => this.open(r, e)}>
              <td data-label="Time"><time datetime=${isoTime(r.created_at)}>${formatTime(r.created_at)}</time></td>
              <td data-label="Tool"><button type="button" class="text-button" aria-haspopup="dialog"><code>${r.tool || '—'}</code></button></td>
              <td data-label="Server">${r.server_name || '—'}</td>
              <td data-label="Principal" title=${r.principal}>${principalName(r.principal, this.names) || '—'}</td>
              <td data-label="Decision"><sl-badge variant=${variantOf(r.decision)}>${decisionLabel(r.decision)}</sl-badge></td>
              <td data-label="Outcome">${r.outcome}</td>
              <td data-label="Duration">${formatMs(r.duration_ms)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  pager() {
    return html`<div class="row wrap pager">
      <sl-button size="small" ?disabled=${this.pageIndex === 0} @click=${this.newer}>← Newer</sl-button>
      <span aria-live="polite">Page ${this.pageIndex + 1}</span>
      <sl-button size="small" ?disabled=${!this.next} @click=${this.older}>Older →</sl-button>
      <span class="row-gap"></span>
      <sl-select label="Per page" size="small" class="inline-select" value=${String(this.pageSize())} @sl-change=${this.setPageSize}>
        ${PAGE_SIZES.map((n) => html`<sl-option value=${String(n)}>${n}</sl-option>`)}
      </sl-select>
    </div>`;
  }

  exports() {
    if (!can('audit.export') || this.exportRefused) {
      return this.exportError ? html`<pl-error .error=${this.exportError}></pl-error>` : nothing;
    }
    const next = this.exportNext && this.exportNext.key === JSON.stringify(this.filters()) ? this.exportNext : null;
    const active = Object.keys(this.filters()).length > 0;
    return html`<section class="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <p class="muted">
        The records ${active ? 'matching these filters' : 'of the whole trail'}, newest first, in files of up to
        ${EXPORT_PART.toLocaleString('en-US')} records.
      </p>
      <div class="row wrap">
        ${Object.entries(EXPORT_FORMATS).map(
          ([format, f]) => html`<sl-button
            size="small"
            data-testid=${`export-${format}`}
            ?loading=${this.exporting === format}
            ?disabled=${!!this.exporting}
            @click=${() => this.exportRecords(format)}
          >
            <span slot="prefix">${downloadIcon}</span>${f.label}
          </sl-button>`,
        )}
        ${next
          ? html`<sl-button size="small" variant="primary" data-testid="export-next" ?disabled=${!!this.exporting} ?loading=${this.exporting === next.format} @click=${() => this.exportRecords(next.format, next)}>
              <span slot="prefix">${downloadIcon}</span>Export the next part (${EXPORT_FORMATS[next.format].label}, part ${next.part + 1})
            </sl-button>`
          : nothing}
      </div>
      <p role="status" class="status-text export-status" data-testid="export-status">${this.exportStatus || ''}</p>
      <pl-error .error=${this.exportError}></pl-error>
    </section>`;
  }

  drawer() {
    const r = this.selected;
    return html`<sl-drawer
      label=${r ? `Audit record: ${r.tool || r.outcome}` : 'Audit record'}
      class="record-drawer"
      ?open=${!!r}
      @sl-after-hide=${(e) => e.target === e.currentTarget && this.closed()}
    >
      ${r
        ? html`<div class="stack" data-testid="audit-record">
            <dl class="facts">
              <dt>Time</dt><dd>${formatTime(r.created_at)}</dd>
              <dt>Tool</dt><dd><code>${r.tool || '—'}</code>${r.tool ? html` · <a href=${href('/audit', { tool: r.tool })}>all calls of this tool</a>` : nothing}</dd>
              <dt>Server</dt><dd>${r.server_name || '—'}</dd>
              <dt>Principal</dt><dd>${r.principal || '—'}${r.principal ? html` · <a href=${href('/audit', { principal: r.principal })}>all records of this principal</a>` : nothing}</dd>
              <dt>Decision</dt><dd><sl-badge variant=${variantOf(r.decision)}>${decisionLabel(r.decision)}</sl-badge></dd>
              <dt>Rule</dt><dd>${r.rule_id ? html`<code>${r.rule_id}</code>` : '—'}</dd>
              <dt>Reason</dt><dd>${r.reason || '—'}</dd>
              <dt>Outcome</dt><dd>${r.outcome}</dd>
              ${r.error ? html`<dt>Error</dt><dd class="prewrap">${r.error}</dd>` : nothing}
              <dt>Duration</dt><dd>${formatMs(r.duration_ms) || '—'}</dd>
              <dt>Request</dt><dd><code>${r.request_id}</code></dd>
              <dt>Record</dt><dd><code>${r.id}</code>${r.seq !== null && r.seq !== undefined ? html` · place ${r.seq} in the chain` : nothing}</dd>
            </dl>
            <section aria-labelledby="trace-heading">
              <h3 id="trace-heading">Why this rule won</h3>
              <pl-decision-trace .trace=${r.trace} rule-id=${r.rule_id || ''}></pl-decision-trace>
            </section>
            <section aria-labelledby="record-args-heading">
              <h3 id="record-args-heading">Arguments (redacted)</h3>
              <pl-json-tree .value=${r.arguments}></pl-json-tree>
            </section>
          </div>`
        : nothing}
    </sl-drawer>`;
  }

  render() {
    const records = this.records;
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Audit trail</h1>
        ${this.loading ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
      </div>
      ${this.filterForm()}
      ${this.fresh > 0
        ? html`<div class="notice row wrap" role="status">
            <span>${this.fresh === 1 ? 'A new record was written' : `${this.fresh} new records were written`} since this page loaded${Object.keys(this.filters()).length ? ' (not all may match the filters)' : ''}.</span>
            <sl-button size="small" @click=${this.newest}>Show the newest</sl-button>
          </div>`
        : nothing}
      <pl-error .error=${this.error}></pl-error>
      ${records === null ? nothing : this.table(records)}
      ${records && (records.length || this.pageIndex > 0) ? this.pager() : nothing}
      ${this.exports()}
      ${this.drawer()}
    </div>`;
  }
}

customElements.define('pl-audit-page', AuditPage);
