// #/servers: the upstream MCP servers agents reach through Preloop — their
// state, last scan, tool count — and adding, changing, scanning and
// removing them. A server's auth header is a secret: it is typed into a
// password field, sent once, sealed by the server and never shown or
// prefilled again (the API says only whether one is set).
//
// GET/POST /api/v1/mcp-servers, PATCH/DELETE /api/v1/mcp-servers/{id},
// POST /api/v1/mcp-servers/{id}/scan ({count, tools}),
// GET /api/v1/mcp-servers/{id}/tools (counts, for the servers on the page
// shown: the server list carries no count).
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { formatTime, plural } from '../format.js';
import { href } from '../router.js';
import { confirmThenDelete } from '../components/dialogs.js';
import { formValues, lines, mapLimit, pageOf, pager } from '../components/admin-kit.js';
import { exposedName } from '../components/tool-catalog.js';
import '../components/error-message.js';
import '../components/admin-pages.css';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';

const PAGE_SIZE = 25;
/** Tools listed under a server before "and N more". */
const TOOLS_SHOWN = 200;
const TRANSPORTS = { streamable_http: 'Streamable HTTP', sse: 'HTTP + SSE (older servers)', stdio: 'Local process (stdio)' };

/** A server's state in words, and the badge variant for it. */
function status(s) {
  if (!s.enabled) return ['Disabled', 'neutral'];
  if (s.oauth === 'broken') return ['OAuth: connect again', 'danger'];
  if (s.oauth === 'pending') return ['OAuth: not connected', 'warning'];
  if (s.last_scan_error) return ['Last scan failed', 'danger'];
  if (!s.last_scan_at) return ['Never scanned', 'neutral'];
  return ['OK', 'success'];
}

class ServersPage extends LightElement {
  static properties = {
    servers: { state: true },
    counts: { state: true },
    tools: { state: true },
    open: { state: true },
    page: { state: true },
    error: { state: true },
    rowError: { state: true },
    busy: { state: true },
    editing: { state: true },
    transport: { state: true },
    formError: { state: true },
    saving: { state: true },
    notice: { state: true },
    formKey: { state: true },
  };

  constructor() {
    super();
    this.servers = null;
    this.counts = new Map();
    this.tools = new Map();
    this.open = new Set();
    this.page = 0;
    this.busy = new Set();
    this.rowError = new Map();
    this.transport = 'streamable_http';
    // A new form each time it opens (and after it closes): no value, and no
    // typed secret, outlives the dialog.
    this.formKey = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      const answer = await api('/api/v1/mcp-servers');
      this.servers = (answer.mcp_servers || []).sort((a, b) => a.name.localeCompare(b.name));
      this.error = null;
      this.countPage();
    } catch (err) {
      this.error = err;
    }
  }

  /** Tool counts for the servers on the page shown (one request each). */
  async countPage() {
    const { rows } = pageOf(this.servers, this.page, PAGE_SIZE);
    const missing = rows.filter((s) => !this.tools.has(s.id));
    const got = await mapLimit(missing, 4, (s) => api(`/api/v1/mcp-servers/${encodeURIComponent(s.id)}/tools`).then((a) => a.tools || []));
    const tools = new Map(this.tools);
    missing.forEach((s, i) => got[i].value && tools.set(s.id, got[i].value));
    this.tools = tools;
  }

  setBusy(id, on) {
    const next = new Set(this.busy);
    if (on) next.add(id);
    else next.delete(id);
    this.busy = next;
  }

  setRowError(id, err) {
    const next = new Map(this.rowError);
    if (err) next.set(id, err);
    else next.delete(id);
    this.rowError = next;
  }

  async scan(s) {
    this.setBusy(s.id, true);
    this.setRowError(s.id, null);
    try {
      const answer = await api(`/api/v1/mcp-servers/${encodeURIComponent(s.id)}/scan`, { method: 'POST' });
      this.tools = new Map(this.tools).set(s.id, answer.tools || []);
      this.open = new Set([...this.open, s.id]);
      this.notice = `Scanned ${s.name}: ${plural(answer.count ?? (answer.tools || []).length, 'tool')}.`;
    } catch (err) {
      this.setRowError(s.id, err);
      this.notice = '';
    } finally {
      this.setBusy(s.id, false);
      // Its last scan time and error changed either way.
      api(`/api/v1/mcp-servers/${encodeURIComponent(s.id)}`)
        .then((fresh) => (this.servers = this.servers.map((x) => (x.id === fresh.id ? fresh : x))))
        .catch(() => {});
    }
  }

  removeServer(s) {
    return confirmThenDelete(this, {
      label: `Remove ${s.name}?`,
      message: html`<p>Agents can no longer call the tools of <strong>${s.name}</strong>. Its tool configurations and rules stay, and apply again if a server offers the same names.</p>`,
      confirmLabel: 'Remove the server',
      path: `/api/v1/mcp-servers/${encodeURIComponent(s.id)}`,
      done: () => {
        this.servers = this.servers.filter((x) => x.id !== s.id);
        this.notice = `Removed ${s.name}.`;
      },
      failed: (err) => this.setRowError(s.id, err),
      focus: 'h1',
    });
  }

  toggleTools(s) {
    const next = new Set(this.open);
    if (next.has(s.id)) next.delete(s.id);
    else next.add(s.id);
    this.open = next;
  }

  async openForm(server) {
    this.editing = server || null;
    this.transport = server ? server.transport : 'streamable_http';
    this.formError = null;
    this.formKey++;
    await this.updateComplete;
    this.querySelector('#server-dialog').show();
  }

  /** The body for POST (new) or PATCH (change): only what the form holds. */
  body(v) {
    const stdio = v.transport === 'stdio';
    const out = { name: v.name, transport: v.transport };
    if (stdio) {
      out.command = v.command;
      out.args = lines(v.args);
      if (this.editing) out.url = '';
    } else {
      out.url = v.url;
    }
    if (!this.editing) {
      if (v.prefix) out.prefix = v.prefix;
      if (v.auth && !stdio) out.auth_header = v.auth;
    } else {
      out.enabled = v.enabled;
      if (v.remove_auth) out.auth_header = null;
      else if (v.auth && !stdio) out.auth_header = v.auth;
    }
    return out;
  }

  async save(e) {
    e.preventDefault();
    const form = e.target;
    if (!form.reportValidity()) return;
    const v = formValues(form);
    this.saving = true;
    this.formError = null;
    try {
      const body = this.body(v);
      const saved = this.editing
        ? await api(`/api/v1/mcp-servers/${encodeURIComponent(this.editing.id)}`, { method: 'PATCH', body })
        : await api('/api/v1/mcp-servers', { method: 'POST', body });
      this.querySelector('#server-dialog').hide();
      this.servers = [...this.servers.filter((x) => x.id !== saved.id), saved].sort((a, b) => a.name.localeCompare(b.name));
      this.notice = this.editing ? `Saved ${saved.name}.` : `Added ${saved.name}. Scan it to list its tools.`;
    } catch (err) {
      this.formError = err;
    } finally {
      this.saving = false;
    }
  }

  formView() {
    const s = this.editing;
    const stdio = this.transport === 'stdio';
    return html`<form class="stack" @submit=${this.save} autocomplete="off">
      <div class="form-grid">
        <div class="field">
          <label for="server-name">Name</label>
          <input id="server-name" name="name" data-testid="server-name" autofocus required maxlength="64" spellcheck="false" .value=${s ? s.name : ''} aria-describedby="server-name-hint" />
          <p class="hint" id="server-name-hint">Letters, digits, - and _; its tools are called <code>name__tool</code>.</p>
        </div>
        <div class="field">
          <label for="server-transport">Transport</label>
          <select id="server-transport" name="transport" @change=${(e) => (this.transport = e.target.value)}>
            ${Object.entries(TRANSPORTS).map(([k, label]) => html`<option value=${k} ?selected=${k === this.transport}>${label}</option>`)}
          </select>
        </div>
        ${stdio
          ? html`<div class="field">
                <label for="server-command">Command</label>
                <input id="server-command" name="command" class="code" required spellcheck="false" .value=${(s && s.command) || ''} />
              </div>
              <div class="field">
                <label for="server-args">Arguments, one per line</label>
                <textarea id="server-args" name="args" class="code" rows="3" spellcheck="false" .value=${((s && s.args) || []).join('\n')}></textarea>
              </div>`
          : html`<div class="field wide">
                <label for="server-url">URL</label>
                <input id="server-url" name="url" data-testid="server-url" type="url" required class="code" spellcheck="false" placeholder="https://mcp.example.com/mcp" .value=${s ? s.url : ''} />
              </div>
              <div class="field wide">
                <label for="server-auth">${s ? 'New auth header value' : 'Auth header value'} <span class="muted">(optional, secret)</span></label>
                <input id="server-auth" name="auth" data-testid="server-auth" type="password" autocomplete="new-password" spellcheck="false" aria-describedby="server-auth-hint" />
                <p class="hint" id="server-auth-hint">
                  Sent as the <code>Authorization</code> header, e.g. <code>Bearer …</code>. It is stored sealed and never shown again.
                  ${s ? (s.has_auth_header ? 'One is set: leave this empty to keep it.' : 'None is set.') : ''}
                </p>
                ${s && s.has_auth_header ? html`<label class="check"><input type="checkbox" name="remove_auth" />Remove the stored auth header</label>` : nothing}
              </div>`}
        ${s
          ? html`<div class="field"><label class="check"><input type="checkbox" name="enabled" .checked=${s.enabled} />Enabled</label></div>`
          : html`<div class="field">
              <label for="server-prefix">Tool name prefix <span class="muted">(optional)</span></label>
              <input id="server-prefix" name="prefix" spellcheck="false" aria-describedby="server-prefix-hint" />
              <p class="hint" id="server-prefix-hint">Empty: the server's name.</p>
            </div>`}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${() => this.querySelector('#server-dialog').hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-server" ?loading=${this.saving}>${s ? 'Save' : 'Add the server'}</sl-button>
      </div>
    </form>`;
  }

  toolsRow(s) {
    const tools = this.tools.get(s.id);
    return html`<tr class="detail-row">
      <td colspan="7" class="full-row">
        ${!tools
          ? html`<sl-spinner label="Loading tools"></sl-spinner>`
          : tools.length
            ? html`<ul class="chips" aria-label="Tools of ${s.name}">
                ${tools.slice(0, TOOLS_SHOWN).map((t) => html`<li><a href=${href(`/tools/${encodeURIComponent(exposedName(s, t.name))}`)}><code>${t.name}</code></a></li>`)}
              </ul>
              ${tools.length > TOOLS_SHOWN ? html`<p class="muted small">and ${tools.length - TOOLS_SHOWN} more (see <a href=${href('/tools')}>Tools</a>).</p>` : nothing}`
            : html`<p class="muted">No tools found at the last scan.</p>`}
      </td>
    </tr>`;
  }

  row(s) {
    const [text, variant] = status(s);
    const tools = this.tools.get(s.id);
    const w = can('servers.write');
    const err = this.rowError.get(s.id);
    return html`<tr data-testid="server-row" data-server=${s.name}>
        <td data-label="Name"><strong class="break">${s.name}</strong></td>
        <td data-label="Address" class="break"><code>${s.transport === 'stdio' ? [s.command, ...(s.args || [])].join(' ') : s.url}</code></td>
        <td data-label="Transport">${TRANSPORTS[s.transport] ? TRANSPORTS[s.transport].replace(/ \(.*\)$/, '') : s.transport}</td>
        <td data-label="Status"><div>
          <sl-badge variant=${variant} data-testid="server-status">${text}</sl-badge>
          ${s.last_scan_error ? html`<div class="small text-danger break">${s.last_scan_error}</div>` : nothing}
        </div></td>
        <td data-label="Last scan">${s.last_scan_at ? formatTime(s.last_scan_at) : '—'}</td>
        <td data-label="Tools" data-testid="server-tool-count">${tools ? tools.length : '…'}</td>
        <td data-label="Actions" class="actions-col">
          <div class="cell-actions">
            <sl-button size="small" aria-expanded=${this.open.has(s.id) ? 'true' : 'false'} @click=${() => this.toggleTools(s)}>
              ${this.open.has(s.id) ? 'Hide tools' : 'Show tools'}<span class="visually-hidden"> of ${s.name}</span>
            </sl-button>
            ${w
              ? html`<sl-button size="small" data-testid="scan-server" ?loading=${this.busy.has(s.id)} @click=${() => this.scan(s)}>Scan now<span class="visually-hidden">: ${s.name}</span></sl-button>
                  <sl-button size="small" data-testid="edit-server" @click=${() => this.openForm(s)}>Edit<span class="visually-hidden">: ${s.name}</span></sl-button>
                  <sl-button size="small" variant="danger" outline data-testid="remove-server" @click=${() => this.removeServer(s)}>Remove<span class="visually-hidden">: ${s.name}</span></sl-button>`
              : nothing}
          </div>
          ${err ? html`<pl-error .error=${err}></pl-error>` : nothing}
        </td>
      </tr>
      ${this.open.has(s.id) ? this.toolsRow(s) : nothing}`;
  }

  table() {
    const { rows, page, pages } = pageOf(this.servers, this.page, PAGE_SIZE);
    if (!rows.length) return html`<p class="empty">No server yet.${can('servers.write') ? ' Add one to put its tools behind Preloop.' : ''}</p>`;
    return html`<div class="table-wrap">
        <table class="data-table stack-on-mobile">
          <caption class="visually-hidden">Upstream MCP servers</caption>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Address</th><th scope="col">Transport</th><th scope="col">Status</th><th scope="col">Last scan</th><th scope="col">Tools</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>${rows.map((s) => this.row(s))}</tbody>
        </table>
      </div>
      ${pager({ page, pages, label: 'Server pages', onPage: (p) => { this.page = p; this.countPage(); } })}`;
  }

  render() {
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">MCP servers</h1>
        ${this.servers === null && !this.error ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
        <span class="row-gap"></span>
        ${can('servers.write') ? html`<sl-button variant="primary" data-testid="add-server" @click=${() => this.openForm(null)}>Add a server</sl-button>` : nothing}
      </div>
      <p role="status" class="status-text">${this.notice || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.servers ? this.table() : nothing}
      <sl-dialog id="server-dialog" class="form-dialog" label=${this.editing ? `Edit ${this.editing.name}` : 'Add a server'}
        @sl-after-hide=${(e) => e.target === e.currentTarget && this.formKey++}>
        ${keyed(this.formKey, this.formView())}
      </sl-dialog>
    </div>`;
  }
}

customElements.define('pl-servers-page', ServersPage);
