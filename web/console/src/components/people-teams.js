// <pl-people-teams .teams=… .users=…>: teams, the role each grants its
// members (never owner), their members; creating and removing teams and
// adding and removing members (members.assign_role). Fires
// `people-changed` after a change.
//
// POST /api/v1/teams {name, role}, PATCH /api/v1/teams/{id} {role},
// DELETE /api/v1/teams/{id}, POST /api/v1/teams/{id}/members {user_id},
// DELETE /api/v1/teams/{id}/members/{user_id}.
import { html, nothing } from 'lit';
import { LightElement } from './light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { plural } from '../format.js';
import { confirmDialog } from './dialogs.js';
import { focusAfterRemoval, formValues, pageOf, pager } from './admin-kit.js';
import './error-message.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';

const TEAM_ROLES = ['admin', 'approver', 'auditor', 'viewer'];
const PAGE_SIZE = 20;
/** Members listed per team before "and N more". */
const MEMBERS_SHOWN = 50;

class PeopleTeams extends LightElement {
  static properties = {
    teams: { attribute: false },
    users: { attribute: false },
    page: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.page = 0;
  }

  async call(fn, notice) {
    this.error = null;
    this.busy = true;
    try {
      await fn();
      this.notice = notice;
      this.dispatchEvent(new CustomEvent('people-changed', { bubbles: true }));
      return true;
    } catch (err) {
      this.error = err;
      return false;
    } finally {
      this.busy = false;
    }
  }

  async create(e) {
    e.preventDefault();
    const form = e.target;
    if (!form.reportValidity()) return;
    const v = formValues(form);
    const ok = await this.call(() => api('/api/v1/teams', { method: 'POST', body: { name: v.name, role: v.role || null } }), `Created the team ${v.name}.`);
    if (ok) form.reset();
  }

  async removeTeam(t) {
    const ok = await confirmDialog({
      label: `Remove the team ${t.name}?`,
      message: html`<p>Its ${plural(t.member_ids.length, 'member')} lose what the team gave them${t.role ? html` (the ${t.role} role)` : nothing}, and workflows stop naming it.</p>`,
      confirmLabel: 'Remove the team',
      danger: true,
    });
    if (ok && (await this.call(() => api(`/api/v1/teams/${encodeURIComponent(t.id)}`, { method: 'DELETE' }), `Removed the team ${t.name}.`))) {
      // The team's card and its button go: focus to what happened.
      focusAfterRemoval(this, '.status-text');
    }
  }

  addMember(e, t) {
    e.preventDefault();
    const id = e.target.elements.user.value;
    if (!id) return;
    this.call(() => api(`/api/v1/teams/${encodeURIComponent(t.id)}/members`, { method: 'POST', body: { user_id: id } }), `Added ${this.name(id)} to ${t.name}.`);
  }

  async removeMember(t, id) {
    const ok = await this.call(() => api(`/api/v1/teams/${encodeURIComponent(t.id)}/members/${encodeURIComponent(id)}`, { method: 'DELETE' }), `Took ${this.name(id)} out of ${t.name}.`);
    // The member's remove button goes with them.
    if (ok) focusAfterRemoval(this, '.status-text');
  }

  name(id) {
    const u = (this.users || []).find((x) => x.id === id);
    return u ? u.name || u.email : id;
  }

  team(t) {
    const w = can('members.assign_role');
    const others = (this.users || []).filter((u) => !t.member_ids.includes(u.id));
    return html`<li class="card stack" data-testid="team-row" data-team=${t.name}>
      <div class="section-head">
        <h3 class="break">${t.name}</h3>
        <span class="muted small">${t.role ? `grants ${t.role}` : 'grants no role'} · ${plural(t.member_ids.length, 'member')}</span>
        <span class="row-gap"></span>
        ${w ? html`<sl-button size="small" variant="danger" outline @click=${() => this.removeTeam(t)}>Remove<span class="visually-hidden"> the team ${t.name}</span></sl-button>` : nothing}
      </div>
      ${t.member_ids.length
        ? html`<ul class="chips" aria-label="Members of ${t.name}">
            ${t.member_ids.slice(0, MEMBERS_SHOWN).map(
              (id) => html`<li>${this.name(id)}${w
                ? html` <button type="button" class="text-button small" @click=${() => this.removeMember(t, id)}>remove<span class="visually-hidden"> ${this.name(id)} from ${t.name}</span></button>`
                : nothing}</li>`,
            )}
          </ul>
          ${t.member_ids.length > MEMBERS_SHOWN ? html`<p class="muted small">and ${t.member_ids.length - MEMBERS_SHOWN} more</p>` : nothing}`
        : html`<p class="muted">No members.</p>`}
      ${w && others.length
        ? html`<form class="toolbar" @submit=${(e) => this.addMember(e, t)}>
            <div class="field">
              <label for="add-${t.id}">Add a member</label>
              <select id="add-${t.id}" name="user">
                ${others.map((u) => html`<option value=${u.id}>${u.name || u.email}</option>`)}
              </select>
            </div>
            <sl-button type="submit" size="small" ?disabled=${this.busy}>Add<span class="visually-hidden"> to ${t.name}</span></sl-button>
          </form>`
        : nothing}
    </li>`;
  }

  render() {
    const { rows, page, pages } = pageOf(this.teams || [], this.page, PAGE_SIZE);
    return html`<div class="stack">
      <p role="status" class="status-text" tabindex="-1">${this.notice || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      ${can('members.assign_role')
        ? html`<form class="card toolbar" @submit=${this.create} aria-label="Create a team">
            <div class="field">
              <label for="team-name">New team's name</label>
              <input id="team-name" name="name" required maxlength="128" />
            </div>
            <div class="field">
              <label for="team-role">Role it grants</label>
              <select id="team-role" name="role">
                <option value="">None (for workflows only)</option>
                ${TEAM_ROLES.map((r) => html`<option value=${r}>${r}</option>`)}
              </select>
            </div>
            <sl-button type="submit" variant="primary" size="small" data-testid="create-team" ?disabled=${this.busy}>Create the team</sl-button>
          </form>`
        : nothing}
      ${rows.length ? html`<ul class="plain-list stack">${rows.map((t) => this.team(t))}</ul>` : html`<p class="empty">No team yet.</p>`}
      ${pager({ page, pages, label: 'Team pages', onPage: (p) => (this.page = p) })}
    </div>`;
  }
}

customElements.define('pl-people-teams', PeopleTeams);
