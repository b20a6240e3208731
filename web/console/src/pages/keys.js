// #/keys: API keys and managed agents. A new key is shown once, in a
// dialog, right after it is created (the API keeps only its hash); lists
// show a key's prefix only. Agents are enrolled runtimes: rules can be
// scoped to one, and its keys act as it.
//
// GET/POST /api/v1/api-keys, DELETE /api/v1/api-keys/{id} (revoke),
// GET /api/v1/roles (each role's permissions, for a key's scopes),
// GET/POST /api/v1/agents, DELETE /api/v1/agents/{id},
// POST /api/v1/agents/{id}/keys, GET /api/v1/users (owners' names).
// The API returns these lists whole; they are paged here.
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { can, session } from '../auth.js';
import { formatTime, plural } from '../format.js';
import { confirmThenDelete, showSecret } from '../components/dialogs.js';
import { formValues, pageOf, pager } from '../components/admin-kit.js';
import '../components/error-message.js';
import '../components/admin-pages.css';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';

const PAGE_SIZE = 25;
/** Roles an account key may have (approver keys belong to a person: POST /users/{id}/api-keys). */
const KEY_ROLES = ['agent', 'viewer', 'auditor', 'admin', 'owner'];

class KeysPage extends LightElement {
  static properties = {
    keys: { state: true },
    agents: { state: true },
    rolePermissions: { state: true },
    users: { state: true },
    error: { state: true },
    showRevoked: { state: true },
    keyPage: { state: true },
    agentPage: { state: true },
    openAgent: { state: true },
    dialog: { state: true },
    keyRole: { state: true },
    formError: { state: true },
    saving: { state: true },
    formKey: { state: true },
    notice: { state: true },
    rowError: { state: true },
  };

  constructor() {
    super();
    this.showRevoked = false;
    this.keyPage = 0;
    this.agentPage = 0;
    this.users = new Map();
    this.keyRole = 'agent';
    this.formKey = 0;
    this.dialog = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    const errors = [];
    const get = (path, field) => api(path).then((a) => a[field] || []).catch((e) => (errors.push(e), null));
    const [keys, agents, roles, users] = await Promise.all([
      can('keys.read') ? get('/api/v1/api-keys', 'api_keys') : null,
      can('agents.read') ? get('/api/v1/agents', 'agents') : null,
      get('/api/v1/roles', 'roles'),
      can('members.read') ? get('/api/v1/users', 'users') : null,
    ]);
    this.keys = keys;
    this.agents = agents;
    this.rolePermissions = new Map((roles || []).map((r) => [r.role, r.permissions]));
    this.users = new Map((users || []).map((u) => [u.id, u.name || u.email]));
    this.error = errors[0] || null;
  }

  ownerOf(k) {
    if (k.agent_id) {
      const a = (this.agents || []).find((x) => x.id === k.agent_id);
      return `Agent ${a ? a.name : k.agent_id}`;
    }
    if (k.user_id) return `Person ${this.users.get(k.user_id) || k.user_id}`;
    return 'The account';
  }

  /** Revokes `k`; its button goes, so focus goes to the heading of `section` (the keys, or the agents whose key it was). */
  revoke(k, section = '#keys-heading') {
    return confirmThenDelete(this, {
      label: `Revoke ${k.name}?`,
      message: html`<p>Calls with the key <code>${k.prefix}…</code> (${this.ownerOf(k)}) are refused from now on. This cannot be undone.</p>`,
      confirmLabel: 'Revoke the key',
      path: `/api/v1/api-keys/${encodeURIComponent(k.id)}`,
      done: () => {
        this.keys = this.keys.map((x) => (x.id === k.id ? { ...x, revoked_at: Date.now() } : x));
        this.notice = `Revoked ${k.name}.`;
        this.rowError = null;
      },
      failed: (err) => (this.rowError = err),
      focus: section,
    });
  }

  removeAgent(a) {
    return confirmThenDelete(this, {
      label: `Remove the agent ${a.name}?`,
      message: html`<p>The agent and the rules scoped to it are removed; its keys stop working.</p>`,
      confirmLabel: 'Remove the agent',
      path: `/api/v1/agents/${encodeURIComponent(a.id)}`,
      done: () => {
        this.notice = `Removed the agent ${a.name}.`;
        this.rowError = null;
        this.load();
      },
      failed: (err) => (this.rowError = err),
      focus: '#agents-heading',
    });
  }

  /** Opens a form: `{kind: 'key' | 'agent' | 'agent-key', agent?}`. */
  async openForm(dialog) {
    this.dialog = dialog;
    this.keyRole = 'agent';
    this.formError = null;
    this.formKey++;
    await this.updateComplete;
    this.querySelector('#keys-dialog').show();
  }

  async save(e) {
    e.preventDefault();
    const form = e.target;
    if (!form.reportValidity()) return;
    const v = formValues(form);
    const d = this.dialog;
    this.saving = true;
    this.formError = null;
    try {
      if (d.kind === 'agent') {
        const body = { name: v.name, description: v.description || null };
        if (v.owner) body.owner_user_id = v.owner;
        const agent = await api('/api/v1/agents', { method: 'POST', body });
        this.querySelector('#keys-dialog').hide();
        this.notice = `Added the agent ${agent.name}. Give it a key to connect it.`;
      } else {
        const body = { name: v.name };
        if (d.kind === 'key') {
          body.role = v.role;
          if (v.scopes && v.scopes.length) body.scopes = v.scopes;
        }
        const path = d.kind === 'agent-key' ? `/api/v1/agents/${encodeURIComponent(d.agent.id)}/keys` : '/api/v1/api-keys';
        const created = await api(path, { method: 'POST', body });
        // Closed first: the key's own dialog then takes the focus, and gives it back.
        await this.querySelector('#keys-dialog').hide();
        await showSecret({
          label: `The new key ${created.name}`,
          value: created.key,
          testid: 'new-key-value',
          note: `Give it to the ${d.kind === 'agent-key' ? `agent ${d.agent.name}` : 'client'} as its bearer token.`,
        });
        this.notice = `Created the key ${created.name} (${created.prefix}…).`;
      }
      this.load();
    } catch (err) {
      this.formError = err;
    } finally {
      this.saving = false;
    }
  }

  formView() {
    const d = this.dialog;
    if (!d) return nothing;
    const mine = session().me && session().me.role;
    const roles = KEY_ROLES.filter((r) => this.rolePermissions && this.rolePermissions.has(r) && (r !== 'owner' || mine === 'owner'));
    const perms = (this.rolePermissions && this.rolePermissions.get(this.keyRole)) || [];
    return html`<form class="stack" @submit=${this.save} autocomplete="off">
      <div class="form-grid">
        <div class="field">
          <label for="key-name">Name</label>
          <input id="key-name" name="name" autofocus required maxlength="128" data-testid=${d.kind === 'agent' ? 'agent-name' : 'key-name'} />
        </div>
        ${d.kind === 'key'
          ? html`<div class="field">
                <label for="key-role">Role</label>
                <select id="key-role" name="role" data-testid="key-role" @change=${(e) => (this.keyRole = e.target.value)}>
                  ${roles.map((r) => html`<option value=${r} ?selected=${r === this.keyRole}>${r}</option>`)}
                </select>
              </div>
              <fieldset class="field wide">
                <legend>Narrow it to some of the role's permissions <span class="muted">(optional)</span></legend>
                <p class="hint">None ticked: everything the ${this.keyRole} role may do.</p>
                <div class="check-grid">
                  ${keyed(this.keyRole, perms.map((p) => html`<label class="check"><input type="checkbox" name="scopes" value=${p} /><code>${p}</code></label>`))}
                </div>
              </fieldset>`
          : nothing}
        ${d.kind === 'agent'
          ? html`<div class="field wide">
                <label for="agent-description">Description <span class="muted">(optional)</span></label>
                <input id="agent-description" name="description" />
              </div>
              ${this.users.size
                ? html`<div class="field">
                    <label for="agent-owner">Responsible person <span class="muted">(optional)</span></label>
                    <select id="agent-owner" name="owner" aria-describedby="agent-owner-hint">
                      <option value="">Nobody</option>
                      ${[...this.users].map(([id, name]) => html`<option value=${id}>${name}</option>`)}
                    </select>
                    <p class="hint" id="agent-owner-hint">Under a four-eyes workflow they cannot approve the agent's calls.</p>
                  </div>`
                : nothing}`
          : nothing}
        ${d.kind === 'agent-key' ? html`<p class="wide">A key with the agent role that acts as <strong>${d.agent.name}</strong>.</p>` : nothing}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${() => this.querySelector('#keys-dialog').hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid=${d.kind === 'agent' ? 'save-agent' : 'save-key'} ?loading=${this.saving}>
          ${d.kind === 'agent' ? 'Add the agent' : 'Create the key'}
        </sl-button>
      </div>
    </form>`;
  }

  keyRow(k) {
    return html`<tr data-testid="key-row" data-key-id=${k.id} data-revoked=${k.revoked_at ? 'true' : 'false'}>
      <td data-label="Name" class="break"><strong>${k.name}</strong></td>
      <td data-label="Key"><code>${k.prefix}…</code></td>
      <td data-label="Role">${k.role}</td>
      <td data-label="Belongs to" class="break">${this.ownerOf(k)}</td>
      <td data-label="Scopes" class="break small">${k.scopes ? k.scopes.split(' ').join(', ') : html`<span class="muted">all of its role</span>`}</td>
      <td data-label="Created">${formatTime(k.created_at)}</td>
      <td data-label="State">${k.revoked_at ? html`<sl-badge variant="neutral">revoked ${formatTime(k.revoked_at)}</sl-badge>` : html`<sl-badge variant="success">active</sl-badge>`}</td>
      <td data-label="Actions" class="actions-col">
        ${can('keys.write') && !k.revoked_at
          ? html`<sl-button size="small" variant="danger" outline data-testid="revoke-key" @click=${() => this.revoke(k)}>Revoke<span class="visually-hidden"> ${k.name}</span></sl-button>`
          : nothing}
      </td>
    </tr>`;
  }

  keysSection() {
    if (!this.keys) return nothing;
    const list = this.keys.filter((k) => this.showRevoked || !k.revoked_at).sort((a, b) => b.created_at - a.created_at);
    const { rows, page, pages } = pageOf(list, this.keyPage, PAGE_SIZE);
    const revoked = this.keys.filter((k) => k.revoked_at).length;
    return html`<section class="card stack" aria-labelledby="keys-heading">
      <div class="section-head">
        <h2 id="keys-heading" tabindex="-1">API keys</h2>
        <span class="muted small">${plural(this.keys.length - revoked, 'active key')}</span>
        <span class="row-gap"></span>
        ${can('keys.write') ? html`<sl-button variant="primary" size="small" data-testid="create-key" @click=${() => this.openForm({ kind: 'key' })}>Create a key</sl-button>` : nothing}
      </div>
      ${revoked
        ? html`<label class="check"><input type="checkbox" .checked=${this.showRevoked} @change=${(e) => { this.showRevoked = e.target.checked; this.keyPage = 0; }} />Show the ${plural(revoked, 'revoked key')}</label>`
        : nothing}
      ${rows.length
        ? html`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">API keys, newest first</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Role</th><th scope="col">Belongs to</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${rows.map((k) => this.keyRow(k))}</tbody>
          </table></div>`
        : html`<p class="empty">No key yet.</p>`}
      ${pager({ page, pages, label: 'Key pages', onPage: (p) => (this.keyPage = p) })}
    </section>`;
  }

  agentRow(a) {
    const keys = (this.keys || []).filter((k) => k.agent_id === a.id && !k.revoked_at);
    const open = this.openAgent === a.id;
    return html`<tr data-testid="agent-row" data-agent=${a.name}>
        <td data-label="Name" class="break"><div><strong>${a.name}</strong>${a.description ? html`<div class="small muted">${a.description}</div>` : nothing}</div></td>
        <td data-label="Responsible">${a.owner_user_id ? this.users.get(a.owner_user_id) || a.owner_user_id : '—'}</td>
        <td data-label="Active keys">${this.keys ? keys.length : '—'}</td>
        <td data-label="Created">${formatTime(a.created_at)}</td>
        <td data-label="Actions" class="actions-col"><div class="cell-actions">
          ${this.keys
            ? html`<sl-button size="small" aria-expanded=${open ? 'true' : 'false'} @click=${() => (this.openAgent = open ? null : a.id)}>
                ${open ? 'Hide keys' : 'Keys'}<span class="visually-hidden"> of ${a.name}</span></sl-button>`
            : nothing}
          ${can('keys.write') ? html`<sl-button size="small" data-testid="agent-new-key" @click=${() => this.openForm({ kind: 'agent-key', agent: a })}>New key<span class="visually-hidden"> for ${a.name}</span></sl-button>` : nothing}
          ${can('agents.write') ? html`<sl-button size="small" variant="danger" outline data-testid="remove-agent" @click=${() => this.removeAgent(a)}>Remove<span class="visually-hidden"> ${a.name}</span></sl-button>` : nothing}
        </div></td>
      </tr>
      ${open
        ? html`<tr class="detail-row"><td colspan="5" class="full-row">
            ${keys.length
              ? html`<ul class="plain-list">${keys.map((k) => html`<li><strong>${k.name}</strong> <code>${k.prefix}…</code> · created ${formatTime(k.created_at)}
                  ${can('keys.write') ? html` <sl-button size="small" variant="danger" outline data-testid="revoke-key" @click=${() => this.revoke(k, '#agents-heading')}>Revoke<span class="visually-hidden"> ${k.name}</span></sl-button>` : nothing}</li>`)}</ul>`
              : html`<p class="muted">No active key.</p>`}
          </td></tr>`
        : nothing}`;
  }

  agentsSection() {
    if (!this.agents) return nothing;
    const { rows, page, pages } = pageOf(this.agents, this.agentPage, PAGE_SIZE);
    return html`<section class="card stack" aria-labelledby="agents-heading">
      <div class="section-head">
        <h2 id="agents-heading" tabindex="-1">Managed agents</h2>
        <span class="row-gap"></span>
        ${can('agents.write') ? html`<sl-button variant="primary" size="small" data-testid="create-agent" @click=${() => this.openForm({ kind: 'agent' })}>Add an agent</sl-button>` : nothing}
      </div>
      ${rows.length
        ? html`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">Managed agents</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Responsible</th><th scope="col">Active keys</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${rows.map((a) => this.agentRow(a))}</tbody>
          </table></div>`
        : html`<p class="empty">No managed agent yet.</p>`}
      ${pager({ page, pages, label: 'Agent pages', onPage: (p) => (this.agentPage = p) })}
    </section>`;
  }

  render() {
    const d = this.dialog;
    const title = !d ? '' : d.kind === 'agent' ? 'Add an agent' : d.kind === 'agent-key' ? `A new key for ${d.agent.name}` : 'Create an API key';
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Agents and keys</h1>
        ${this.keys === undefined && !this.error ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
      </div>
      <p role="status" class="status-text">${this.notice || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      <pl-error .error=${this.rowError}></pl-error>
      ${this.keysSection()}
      ${this.agentsSection()}
      <sl-dialog id="keys-dialog" class="form-dialog" label=${title} @sl-after-hide=${(e) => e.target === e.currentTarget && this.formKey++}>
        ${keyed(this.formKey, this.formView())}
      </sl-dialog>
    </div>`;
  }
}

customElements.define('pl-keys-page', KeysPage);
