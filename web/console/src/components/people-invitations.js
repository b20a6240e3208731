// <pl-people-invitations>: inviting someone by email, and the invitations
// still open. The invitation link works once, for a week; it is mailed
// through the account's email channel and shown once here, to pass on when
// no channel mailed it.
//
// GET /api/v1/invitations, POST /api/v1/invitations {email, name, role}
// ({invitation, invitation_url, emailed}), DELETE /api/v1/invitations/{id}.
import { html, nothing } from 'lit';
import { LightElement } from './light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { formatTime } from '../format.js';
import { confirmThenDelete, showSecret } from './dialogs.js';
import { formValues, pageOf, pager } from './admin-kit.js';
import { PEOPLE_ROLES } from './people-users.js';
import './error-message.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';

const PAGE_SIZE = 25;

class PeopleInvitations extends LightElement {
  static properties = {
    invitations: { state: true },
    page: { state: true },
    error: { state: true },
    formError: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.page = 0;
    this.invitations = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.invitations = (await api('/api/v1/invitations')).invitations || [];
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  async invite(e) {
    e.preventDefault();
    const form = e.target;
    if (!form.reportValidity()) return;
    const v = formValues(form);
    this.busy = true;
    this.formError = null;
    try {
      const body = { email: v.email, role: v.role };
      if (v.name) body.name = v.name;
      const answer = await api('/api/v1/invitations', { method: 'POST', body });
      form.reset();
      this.notice = `Invited ${answer.invitation.email} as ${answer.invitation.role}.`;
      this.load();
      this.dispatchEvent(new CustomEvent('people-changed', { bubbles: true }));
      await showSecret({
        label: `The invitation link for ${answer.invitation.email}`,
        value: answer.invitation_url,
        testid: 'invitation-link',
        note: answer.emailed
          ? `It was also mailed to ${answer.invitation.email}. It works once, until ${formatTime(answer.invitation.expires_at)}.`
          : `It was not mailed (the account has no email channel): pass it on yourself. It works once, until ${formatTime(answer.invitation.expires_at)}.`,
      });
    } catch (err) {
      this.formError = err;
    } finally {
      this.busy = false;
    }
  }

  withdraw(i) {
    return confirmThenDelete(this, {
      label: `Withdraw the invitation of ${i.email}?`,
      message: html`<p>Its link stops working.</p>`,
      confirmLabel: 'Withdraw',
      path: `/api/v1/invitations/${encodeURIComponent(i.id)}`,
      done: () => {
        this.notice = `Withdrew the invitation of ${i.email}.`;
        this.load();
      },
      failed: (err) => (this.error = err),
      focus: '.status-text',
    });
  }

  render() {
    const { rows, page, pages } = pageOf(this.invitations || [], this.page, PAGE_SIZE);
    return html`<div class="stack">
      ${can('members.invite')
        ? html`<form class="card stack" @submit=${this.invite} aria-label="Invite someone">
            <div class="form-grid">
              <div class="field">
                <label for="invite-email">Email</label>
                <input id="invite-email" name="email" type="email" required autocomplete="off" data-testid="invite-email" />
              </div>
              <div class="field">
                <label for="invite-name">Name <span class="muted">(optional)</span></label>
                <input id="invite-name" name="name" maxlength="128" autocomplete="off" />
              </div>
              <div class="field">
                <label for="invite-role">Role</label>
                <select id="invite-role" name="role">
                  ${PEOPLE_ROLES.map((r) => html`<option value=${r} ?selected=${r === 'approver'}>${r}</option>`)}
                </select>
              </div>
            </div>
            <pl-error .error=${this.formError}></pl-error>
            <div><sl-button type="submit" variant="primary" size="small" data-testid="invite" ?loading=${this.busy}>Invite</sl-button></div>
          </form>`
        : nothing}
      <p role="status" class="status-text" tabindex="-1">${this.notice || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.invitations === null
        ? nothing
        : rows.length
          ? html`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Open invitations</caption>
              <thead><tr><th scope="col">Email</th><th scope="col">Sent</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${rows.map(
                (i) => html`<tr data-testid="invitation-row">
                  <td data-label="Email" class="break">${i.email}</td>
                  <td data-label="Sent">${formatTime(i.created_at)}</td>
                  <td data-label="Expires">${formatTime(i.expires_at)}</td>
                  <td data-label="Actions" class="actions-col">
                    ${can('members.invite') ? html`<sl-button size="small" variant="danger" outline @click=${() => this.withdraw(i)}>Withdraw<span class="visually-hidden"> the invitation of ${i.email}</span></sl-button>` : nothing}
                  </td>
                </tr>`,
              )}</tbody>
            </table></div>`
          : html`<p class="empty">No open invitation.</p>`}
      ${pager({ page, pages, label: 'Invitation pages', onPage: (p) => (this.page = p) })}
    </div>`;
  }
}

customElements.define('pl-people-invitations', PeopleInvitations);
