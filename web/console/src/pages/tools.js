// #/tools: the account's tools in a tree by source — each upstream MCP
// server, Preloop's own tools (answered by Preloop before any rule: only
// the kill switch and rate limits apply to them), and configured names no
// scanned server offers (yet) — each with what its rules do to a call. Counts by action
// are filter chips; a name filters too. A tool opens at #/tools/<name>
// (<pl-tool-page>, ./tool.js, registered by this module as well).
//
// Data: see components/tool-catalog.js.
import { html, nothing } from 'lit';
import { LightElement } from '../components/light-element.js';
import { href } from '../router.js';
import { plural } from '../format.js';
import { ACTION_LABELS, actionView } from '../components/action-icons.js';
import { BUILTIN_TOOLS, loadCatalog, toolSummary } from '../components/tool-catalog.js';
import '../components/error-message.js';
import '../components/admin-pages.css';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import './tool.js';

/** Tools shown per source until "Show all" (a server may offer hundreds). */
const SHOWN = 100;
const FILTERS = ['all', 'allow', 'require_approval', 'deny', 'default'];

class ToolsPage extends LightElement {
  static properties = {
    catalog: { state: true },
    error: { state: true },
    filter: { state: true },
    search: { state: true },
    expanded: { state: true },
  };

  constructor() {
    super();
    this.catalog = null;
    this.filter = 'all';
    this.search = '';
    this.expanded = new Set();
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.catalog = await loadCatalog();
      this.error = this.catalog.errors[0] || null;
    } catch (err) {
      this.error = err;
    }
  }

  /** Every source with its tools, each tool with its configuration and summary. */
  tree() {
    const c = this.catalog;
    const byName = new Map(c.configs.map((x) => [x.tool_name, x]));
    const seen = new Set();
    const entry = (name, tool, builtin = false) => {
      seen.add(name);
      const config = byName.get(name) || null;
      return { name, tool, config, summary: builtin ? { category: 'builtin' } : toolSummary(config, c.defaultAction) };
    };
    const sources = c.sources.map((s) => ({
      key: `server:${s.server.id}`,
      title: s.server.name,
      server: s.server,
      error: s.error,
      tools: s.tools.map((t) => entry(t.exposed, t)),
    }));
    sources.push({ key: 'builtin', title: 'Built into Preloop', tools: BUILTIN_TOOLS.map((t) => entry(t.name, t, true)) });
    const other = c.configs.filter((x) => !seen.has(x.tool_name)).map((x) => entry(x.tool_name, null));
    if (other.length) sources.push({ key: 'other', title: 'Configured, not offered by a scanned server', tools: other });
    return sources;
  }

  shows(t) {
    if (this.filter !== 'all' && t.summary.category !== this.filter) return false;
    return !this.search || t.name.toLowerCase().includes(this.search.toLowerCase());
  }

  chips(all) {
    const count = (f) => (f === 'all' ? all.length : all.filter((t) => t.summary.category === f).length);
    return html`<ul class="filter-chips" aria-label="Filter tools by what their rules do">
      ${FILTERS.map(
        (f) => html`<li>
          <button type="button" class="chip" aria-pressed=${this.filter === f ? 'true' : 'false'} data-testid="filter-${f}" @click=${() => (this.filter = f)}>
            ${f === 'all' ? html`<span>All</span>` : actionView(f, ACTION_LABELS[f])}
            <span class="count">${count(f)}</span>
          </button>
        </li>`,
      )}
    </ul>`;
  }

  row(t) {
    const s = t.summary;
    if (s.category === 'builtin') {
      return html`<li class="tool-row" data-testid="tool-row" data-tool=${t.name} data-action="builtin">
        <a href=${href(`/tools/${encodeURIComponent(t.name)}`)}>${t.name}</a>
        <span class="tool-meta small muted">Not subject to rules</span>
        ${t.tool.title ? html`<p class="tool-desc">${t.tool.title}</p>` : nothing}
      </li>`;
    }
    const label = s.category === 'default' ? `Default (${ACTION_LABELS[s.action] || s.action})` : s.disabled ? 'Deny (tool disabled)' : ACTION_LABELS[s.action];
    const desc = t.tool && (t.tool.title || t.tool.description);
    return html`<li class="tool-row" data-testid="tool-row" data-tool=${t.name} data-action=${s.category}>
      <a href=${href(`/tools/${encodeURIComponent(t.name)}`)}>${t.name}</a>
      <span class="tool-meta">
        ${actionView(s.category === 'default' ? 'default' : s.action, label)}
        ${s.conditional ? html`<span class="small muted">${plural(s.conditional, 'conditional rule')} first</span>` : nothing}
        ${t.tool && t.tool.quarantine ? html`<sl-badge variant="warning" pill>held for review</sl-badge>` : nothing}
      </span>
      ${desc ? html`<p class="tool-desc" title=${desc}>${desc}</p>` : nothing}
    </li>`;
  }

  source(src) {
    const tools = src.tools.filter((t) => this.shows(t));
    const filtering = this.filter !== 'all' || this.search;
    if (filtering && !tools.length) return nothing;
    const open = this.expanded.has(src.key);
    const shown = open ? tools : tools.slice(0, SHOWN);
    const s = src.server;
    return html`<li class="tool-source" data-testid="tool-source" data-source=${src.key}>
      <details open>
        <summary>
          <span class="break">${src.title}</span>
          <span class="muted small">${plural(tools.length, 'tool')}${filtering ? ' shown' : ''}</span>
          ${s && !s.enabled ? html`<sl-badge variant="neutral" pill>disabled</sl-badge>` : nothing}
          ${s && s.last_scan_error ? html`<sl-badge variant="danger" pill>last scan failed</sl-badge>` : nothing}
          ${s && !s.last_scan_at ? html`<sl-badge variant="neutral" pill>never scanned</sl-badge>` : nothing}
        </summary>
        ${src.error ? html`<pl-error .error=${src.error}></pl-error>` : nothing}
        ${shown.length
          ? html`<ul class="tool-list">${shown.map((t) => this.row(t))}</ul>`
          : html`<p class="muted small tool-row">${s ? html`No tools. <a href=${href('/servers')}>Scan the server</a> to list them.` : 'None.'}</p>`}
        ${tools.length > shown.length
          ? html`<div class="tool-row"><sl-button size="small" @click=${() => (this.expanded = new Set([...this.expanded, src.key]))}>Show all ${tools.length}</sl-button></div>`
          : nothing}
      </details>
    </li>`;
  }

  render() {
    const c = this.catalog;
    const sources = c ? this.tree() : [];
    const all = sources.flatMap((s) => s.tools);
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Tools</h1>
        ${!c && !this.error ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
      </div>
      <pl-error .error=${this.error}></pl-error>
      ${c
        ? html`<p class="muted">
              Each tool's rules decide its calls; a call no rule decides gets the account's default action,
              ${actionView(c.defaultAction)} (<a href=${href('/settings')}>settings</a>).
            </p>
            <div class="card stack">
              ${this.chips(all)}
              <div class="field">
                <label for="tool-search">Filter by name</label>
                <input id="tool-search" type="search" autocomplete="off" spellcheck="false" .value=${this.search} @input=${(e) => (this.search = e.target.value.trim())} />
              </div>
            </div>
            <ul class="tool-tree" aria-label="Tools by source">${sources.map((s) => this.source(s))}</ul>
            ${all.filter((t) => this.shows(t)).length === 0 ? html`<p class="empty">No tool matches.</p>` : nothing}
            ${c.moreServers ? html`<p class="muted">${plural(c.moreServers, 'more server')} not listed: only the first 50 are read.</p>` : nothing}`
        : nothing}
    </div>`;
  }
}

customElements.define('pl-tools-page', ToolsPage);
