// #/people: people, teams, invitations, approval workflows and
// notification channels, one tab each (#/people?tab=teams opens a tab).
// Only the open tab is drawn, so only its data is loaded. People and teams
// are loaded here once and handed to the tabs that name them (workflows
// name approvers); a tab that changes them fires `people-changed`.
//
// GET /api/v1/users, GET /api/v1/teams; the tabs' own routes are listed in
// their components.
import { html, nothing } from 'lit';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import '../components/error-message.js';
import '../components/people-users.js';
import '../components/people-teams.js';
import '../components/people-invitations.js';
import '../components/approval-workflows.js';
import '../components/notification-channels.js';
import '../components/admin-pages.css';
import '@shoelace-style/shoelace/dist/components/tab-group/tab-group.js';
import '@shoelace-style/shoelace/dist/components/tab/tab.js';
import '@shoelace-style/shoelace/dist/components/tab-panel/tab-panel.js';

const TABS = [
  { name: 'users', label: 'People', needs: 'members.read' },
  { name: 'teams', label: 'Teams', needs: 'members.read' },
  { name: 'invitations', label: 'Invitations', needs: 'members.read' },
  { name: 'workflows', label: 'Approval workflows', needs: 'policies.read' },
  { name: 'channels', label: 'Notification channels', needs: 'approvals.read' },
];

class PeoplePage extends LightElement {
  static properties = {
    query: { attribute: false },
    tab: { state: true },
    users: { state: true },
    teams: { state: true },
    error: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    this.loadPeople();
  }

  // The tab the address asks for is read here, not when connected: a page
  // loaded on first visit gets its properties only at its first update.
  willUpdate(changed) {
    if (this.tab === undefined || changed.has('query')) {
      const tabs = this.tabs();
      const asked = this.query && this.query.get('tab');
      this.tab = (tabs.find((t) => t.name === asked) || tabs.find((t) => t.name === this.tab) || tabs[0] || {}).name;
    }
  }

  tabs() {
    return TABS.filter((t) => can(t.needs));
  }

  async firstUpdated() {
    // A tab asked for by the address may be off a phone's screen: show it.
    const group = this.querySelector('sl-tab-group');
    if (group) await group.updateComplete;
    const active = this.querySelector('sl-tab[active]');
    if (active) active.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  async loadPeople() {
    if (!can('members.read')) {
      this.users = [];
      this.teams = [];
      return;
    }
    try {
      const [u, t] = await Promise.all([api('/api/v1/users'), api('/api/v1/teams')]);
      this.users = (u.users || []).sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email));
      this.teams = (t.teams || []).sort((a, b) => a.name.localeCompare(b.name));
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  panel(name) {
    if (name !== this.tab) return nothing;
    switch (name) {
      case 'users':
        return html`<pl-people-users .users=${this.users}></pl-people-users>`;
      case 'teams':
        return html`<pl-people-teams .teams=${this.teams} .users=${this.users}></pl-people-teams>`;
      case 'invitations':
        return html`<pl-people-invitations></pl-people-invitations>`;
      case 'workflows':
        return html`<pl-approval-workflows .users=${this.users} .teams=${this.teams}></pl-approval-workflows>`;
      case 'channels':
        return html`<pl-notification-channels></pl-notification-channels>`;
      default:
        return nothing;
    }
  }

  render() {
    const tabs = this.tabs();
    return html`<div class="page" @people-changed=${this.loadPeople}>
      <h1 tabindex="-1">People and approvals</h1>
      <pl-error .error=${this.error}></pl-error>
      ${tabs.length
        ? // Shoelace's scroll buttons are focusable inside aria-hidden (an axe
          // violation): the tab strip scrolls by itself, and arrow keys move along it.
          html`<sl-tab-group no-scroll-controls @sl-tab-show=${(e) => (this.tab = e.detail.name)}>
            ${tabs.map((t) => html`<sl-tab slot="nav" panel=${t.name} ?active=${t.name === this.tab} data-testid="tab-${t.name}">${t.label}</sl-tab>`)}
            ${tabs.map(
              (t) => html`<sl-tab-panel name=${t.name} ?active=${t.name === this.tab}>
                <h2>${t.label}</h2>
                ${this.panel(t.name)}
              </sl-tab-panel>`,
            )}
          </sl-tab-group>`
        : html`<p class="empty">Your role cannot see people, workflows or channels.</p>`}
    </div>`;
  }
}

customElements.define('pl-people-page', PeoplePage);
