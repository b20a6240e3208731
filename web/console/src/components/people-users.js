// <pl-people-users .users=… .roles=…>: the account's people, their role
// (changed in place by whoever may assign roles; the API refuses a role
// above one's own, and the last owner), disabling and removing them, and
// a password-reset link shown once. Fires `people-changed` after a change.
//
// PATCH /api/v1/users/{id} {role} | {disabled}, DELETE /api/v1/users/{id},
// POST /api/v1/users/{id}/password-reset ({reset_url, emailed}).
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { LightElement } from './light-element.js';
import { api } from '../api.js';
import { can, session } from '../auth.js';
import { formatTime } from '../format.js';
import { confirmDialog, confirmThenDelete, showSecret } from './dialogs.js';
import { pageOf, pager } from './admin-kit.js';
import './error-message.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';

const PAGE_SIZE = 25;
/** Roles a person may hold (agent is for machines' keys). */
export const PEOPLE_ROLES = ['owner', 'admin', 'approver', 'auditor', 'viewer'];

class PeopleUsers extends LightElement {
  static properties = {
    users: { attribute: false },
    page: { state: true },
    search: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  constructor() {
    super();
    this.page = 0;
    this.search = '';
  }

  changed() {
    this.dispatchEvent(new CustomEvent('people-changed', { bubbles: true }));
  }

  async patch(u, body, what) {
    this.error = null;
    try {
      await api(`/api/v1/users/${encodeURIComponent(u.id)}`, { method: 'PATCH', body });
      this.notice = what;
      this.changed();
    } catch (err) {
      this.error = err;
      // The select goes back to the stored role (live() compares with the DOM).
      this.requestUpdate();
    }
  }

  async setDisabled(u, disabled) {
    if (disabled) {
      const ok = await confirmDialog({
        label: `Disable ${u.name || u.email}?`,
        message: html`<p>They can no longer sign in; their sessions end and their keys stop working, until enabled again.</p>`,
        confirmLabel: 'Disable',
        danger: true,
      });
      if (!ok) return;
    }
    this.patch(u, { disabled }, `${u.email} is ${disabled ? 'disabled' : 'enabled again'}.`);
  }

  removeUser(u) {
    return confirmThenDelete(this, {
      label: `Remove ${u.name || u.email}?`,
      message: html`<p><strong>${u.email}</strong> leaves the account, with their keys and team memberships.</p>`,
      confirmLabel: 'Remove',
      path: `/api/v1/users/${encodeURIComponent(u.id)}`,
      done: () => {
        this.notice = `Removed ${u.email}.`;
        this.changed();
      },
      failed: (err) => (this.error = err),
      focus: '.status-text',
    });
  }

  async resetLink(u) {
    this.error = null;
    try {
      const answer = await api(`/api/v1/users/${encodeURIComponent(u.id)}/password-reset`, { method: 'POST' });
      await showSecret({
        label: `A password-reset link for ${u.email}`,
        value: answer.reset_url,
        testid: 'reset-link',
        note: answer.emailed ? `It was also mailed to ${u.email}.` : 'It was not mailed (no email channel): pass it on yourself.',
      });
    } catch (err) {
      this.error = err;
    }
  }

  row(u) {
    const me = session().me && session().me.user && session().me.user.id === u.id;
    const assign = can('members.assign_role');
    return html`<tr data-testid="user-row" data-email=${u.email}>
      <td data-label="Name" class="break"><div><strong>${u.name}</strong>${me ? html` <span class="muted small">(you)</span>` : nothing}</div></td>
      <td data-label="Email" class="break">${u.email}</td>
      <td data-label="Role">
        ${assign && !me
          ? html`<select class="input" aria-label="Role of ${u.email}" data-testid="user-role" .value=${live(u.role)} @change=${(e) => this.patch(u, { role: e.target.value }, `${u.email} is now ${e.target.value}.`)}>
              ${PEOPLE_ROLES.map((r) => html`<option value=${r} ?selected=${r === u.role}>${r}</option>`)}
            </select>`
          : u.role}
      </td>
      <td data-label="State">
        ${u.disabled_at
          ? html`<sl-badge variant="neutral">disabled ${formatTime(u.disabled_at)}</sl-badge>`
          : u.password_set
            ? html`<sl-badge variant="success">active</sl-badge>`
            : html`<sl-badge variant="warning">no password yet</sl-badge>`}
      </td>
      <td data-label="Added">${formatTime(u.created_at)}</td>
      <td data-label="Actions" class="actions-col"><div class="cell-actions">
        ${can('members.invite') && !me ? html`<sl-button size="small" @click=${() => this.resetLink(u)}>Reset link<span class="visually-hidden"> for ${u.email}</span></sl-button>` : nothing}
        ${assign && !me
          ? html`<sl-button size="small" @click=${() => this.setDisabled(u, !u.disabled_at)}>${u.disabled_at ? 'Enable' : 'Disable'}<span class="visually-hidden"> ${u.email}</span></sl-button>
              <sl-button size="small" variant="danger" outline data-testid="remove-user" @click=${() => this.removeUser(u)}>Remove<span class="visually-hidden"> ${u.email}</span></sl-button>`
          : nothing}
      </div></td>
    </tr>`;
  }

  render() {
    const q = this.search.toLowerCase();
    const list = (this.users || []).filter((u) => !q || u.email.includes(q) || (u.name || '').toLowerCase().includes(q));
    const { rows, page, pages } = pageOf(list, this.page, PAGE_SIZE);
    return html`<div class="stack">
      <div class="field">
        <label for="user-search">Find a person</label>
        <input id="user-search" type="search" autocomplete="off" .value=${this.search} @input=${(e) => { this.search = e.target.value.trim(); this.page = 0; }} />
      </div>
      <p role="status" class="status-text" tabindex="-1">${this.notice || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      ${rows.length
        ? html`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">People of the account</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Added</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${rows.map((u) => this.row(u))}</tbody>
          </table></div>`
        : html`<p class="empty">Nobody matches.</p>`}
      ${pager({ page, pages, label: 'People pages', onPage: (p) => (this.page = p) })}
    </div>`;
  }
}

customElements.define('pl-people-users', PeopleUsers);
