// <preloop-app>: the shell. Header (product, navigation, live indicator,
// user menu), the page of the current route in <main>, and the rules that
// tie them: signed-out people see the sign-in page, the live stream runs
// only while signed in, focus moves to the new page's heading on
// navigation.
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement } from './components/light-element.js';
import { can, init, onAuthChange, reloadSession, session, sessionRejected, signOut } from './auth.js';
import { startLive, stopLive } from './live.js';
import { currentRoute, href, navigate, onRouteChange } from './router.js';
import { menuIcon, closeIcon, logoIcon } from './icons.js';

import './components/live-indicator.js';
import './pages/sign-in.js';
import './pages/profile.js';
import './pages/overview.js';
import './pages/approvals.js';
import './pages/approval.js';
import './pages/audit.js';
import './pages/not-found.js';

/** The navigation: each link shown to people who may read what it leads to. */
const NAV = [
  { path: '/overview', label: 'Overview', needs: null },
  { path: '/approvals', label: 'Approvals', needs: 'approvals.read' },
  { path: '/tools', label: 'Tools', needs: 'policies.read' },
  { path: '/servers', label: 'MCP servers', needs: 'servers.read' },
  { path: '/audit', label: 'Audit', needs: 'audit.read' },
  // The issue-tracker group: its pages share a tab bar of their own.
  { path: '/trackers', label: 'Trackers', needs: 'trackers.read', group: ['/issues', '/duplicates', '/compliance', '/dependencies'] },
  { path: '/policies', label: 'Policies', needs: 'policies.read' },
  { path: '/keys', label: 'Agents & keys', needs: 'agents.read' },
  { path: '/people', label: 'People', needs: 'members.read' },
  { path: '/settings', label: 'Settings', needs: 'policies.read' },
];

/**
 * Pages that configure rather than watch load on first visit: an
 * approver on a phone downloads only what deciding needs.
 */
const LAZY = {
  tools: () => import('./pages/tools.js'),
  servers: () => import('./pages/servers.js'),
  policies: () => import('./pages/policies.js'),
  keys: () => import('./pages/keys.js'),
  people: () => import('./pages/people.js'),
  settings: () => import('./pages/settings.js'),
  trackers: () => import('./pages/trackers.js'),
  issues: () => import('./pages/issues.js'),
  duplicates: () => import('./pages/duplicates.js'),
  compliance: () => import('./pages/compliance.js'),
  dependencies: () => import('./pages/dependencies.js'),
};
const loaded = new Set();

/** The routes that need no session. */
const PUBLIC = new Set(['sign-in']);

/** The topics of the live stream this person may hear (read afresh on every call: permissions change). */
function liveTopics() {
  const topics = [];
  if (can('approvals.read')) topics.push('approvals');
  if (can('audit.read')) topics.push('audit', 'activity');
  return topics;
}

/** What the live stream needs of the session: see startLive. */
const LIVE_HOOKS = { topics: liveTopics, reloadSession, unauthorized: sessionRejected };

/** Whom the session stands for: a stream opened for someone else is not kept. */
function identity(me) {
  if (!me) return '';
  if (me.user) return `${me.account_id}:user:${me.user.id}`;
  return me.credential ? `${me.account_id}:credential:${me.credential.id}` : '';
}

class PreloopApp extends LightElement {
  static properties = {
    route: { state: true },
    navOpen: { state: true },
  };

  constructor() {
    super();
    this.route = currentRoute();
    this.navOpen = false;
    this.focusPage = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this.stopRoute = onRouteChange((route) => {
      this.route = route;
      this.navOpen = false;
      this.focusPage = true;
      this.guard();
    });
    this.stopAuth = onAuthChange(() => this.authChanged());
    init().then((next) => {
      if (next && next.startsWith('#/') && session().status === 'signed-in') {
        // Back where single sign-on started, in place of the overview.
        history.replaceState(history.state, '', `${location.pathname}${location.search}${next}`);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      }
      this.guard();
      this.requestUpdate();
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopRoute();
    this.stopAuth();
  }

  authChanged() {
    if (session().status === 'signed-in') {
      // Another tab may have signed in as someone else: a new stream, not
      // the old one's cursor.
      const who = identity(session().me);
      if (who !== this.liveWho) stopLive();
      this.liveWho = who;
      startLive(liveTopics(), LIVE_HOOKS);
    } else {
      this.liveWho = '';
      stopLive();
    }
    this.guard();
    this.requestUpdate();
  }

  /** Sends signed-out people to sign in (and back afterwards), and signed-in ones away from it. */
  guard() {
    const { status } = session();
    const name = this.route.segments[0] || '';
    if (status === 'signed-out' && !PUBLIC.has(name)) {
      const qs = this.route.query.toString();
      const next = name ? `${this.route.path}${qs ? `?${qs}` : ''}` : '';
      navigate('/sign-in', { next }, { replace: true });
    } else if (status === 'signed-in' && (name === 'sign-in' || name === '')) {
      const next = this.route.query.get('next');
      const safe = next && next.startsWith('/') && !next.startsWith('/sign-in') ? next : '/overview';
      history.replaceState(history.state, '', `${location.pathname}${location.search}#${safe}`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
  }

  async signOut() {
    stopLive();
    await signOut();
    navigate('/sign-in', {}, { replace: true });
  }

  onMenuSelect(e) {
    const value = e.detail.item.value;
    if (value === 'profile') navigate('/profile');
    if (value === 'sign-out') this.signOut();
  }

  skipToMain(e) {
    // The hash is the router's: move focus without touching it.
    e.preventDefault();
    const main = this.querySelector('main');
    if (main) main.focus();
  }

  page() {
    const { status } = session();
    const [name, id, ...rest] = this.route.segments;
    if (status === 'unknown') {
      return { title: 'Loading', view: html`<div class="page-loading"><sl-spinner label="Loading"></sl-spinner></div>` };
    }
    if (status === 'signed-out' || name === 'sign-in') {
      return {
        title: 'Sign in',
        view: html`<pl-sign-in-page .next=${this.route.query.get('next') || ''} .reason=${session().reason}></pl-sign-in-page>`,
      };
    }
    const query = this.route.query;
    if (LAZY[name] && !loaded.has(name)) {
      loaded.add(name);
      // Rendered again once defined, so that the page's heading takes focus.
      LAZY[name]().then(
        () => {
          this.focusPage = true;
          this.requestUpdate();
        },
        () => loaded.delete(name),
      );
    }
    switch (name) {
      case 'overview':
        if (id === undefined) return { title: 'Overview', view: html`<pl-overview-page></pl-overview-page>` };
        break;
      case 'profile':
        if (id === undefined) return { title: 'Profile', view: html`<pl-profile-page @sign-out=${() => this.signOut()}></pl-profile-page>` };
        break;
      case 'approvals':
        if (id === undefined) {
          return { title: 'Approvals', view: html`<pl-approvals-page .query=${query}></pl-approvals-page>` };
        }
        if (rest.length === 0) {
          return { title: 'Approval request', view: html`<pl-approval-page .requestId=${id}></pl-approval-page>` };
        }
        break;
      case 'audit':
        if (id === undefined) return { title: 'Audit', view: html`<pl-audit-page .query=${query}></pl-audit-page>` };
        break;
      case 'tools':
        if (id === undefined) return { title: 'Tools', view: html`<pl-tools-page></pl-tools-page>` };
        if (rest.length === 0) return { title: `Tool ${id}`, view: html`<pl-tool-page .toolName=${id}></pl-tool-page>` };
        break;
      case 'servers':
        if (id === undefined) return { title: 'MCP servers', view: html`<pl-servers-page></pl-servers-page>` };
        break;
      case 'policies':
        if (id === undefined) return { title: 'Policy as code', view: html`<pl-policies-page></pl-policies-page>` };
        break;
      case 'keys':
        if (id === undefined) return { title: 'Agents and keys', view: html`<pl-keys-page></pl-keys-page>` };
        break;
      case 'people':
        if (id === undefined) return { title: 'People', view: html`<pl-people-page .query=${query}></pl-people-page>` };
        break;
      case 'settings':
        if (id === undefined) return { title: 'Settings', view: html`<pl-settings-page></pl-settings-page>` };
        break;
      case 'trackers':
        if (id === undefined) return { title: 'Issue trackers', view: html`<pl-trackers-page></pl-trackers-page>` };
        if (rest.length === 0) return { title: 'Tracker', view: html`<pl-tracker-page .trackerId=${id}></pl-tracker-page>` };
        break;
      case 'issues':
        if (id === undefined) return { title: 'Issues', view: html`<pl-issues-page .query=${query}></pl-issues-page>` };
        if (rest.length === 0) return { title: 'Issue', view: html`<pl-issue-page .issueId=${id}></pl-issue-page>` };
        break;
      case 'duplicates':
        if (id === undefined) return { title: 'Duplicates', view: html`<pl-duplicates-page .query=${query}></pl-duplicates-page>` };
        break;
      case 'compliance':
        if (id === undefined) return { title: 'Compliance', view: html`<pl-compliance-page .query=${query}></pl-compliance-page>` };
        break;
      case 'dependencies':
        if (id === undefined) return { title: 'Dependencies', view: html`<pl-dependencies-page .query=${query}></pl-dependencies-page>` };
        break;
      default:
        break;
    }
    return { title: 'Not found', view: html`<pl-not-found-page></pl-not-found-page>` };
  }

  header() {
    const { status, me } = session();
    const signedIn = status === 'signed-in';
    const current = `/${this.route.segments[0] || ''}`;
    const who = me ? (me.user && (me.user.name || me.user.email)) || (me.credential && me.credential.name) || 'Signed in' : '';
    return html`<header class="app-header">
      <div class="header-inner">
        <a class="brand" href=${signedIn ? '#/overview' : '#/sign-in'}>${logoIcon}<span>Preloop</span></a>
        ${signedIn
          ? html`<button
                type="button"
                class="nav-toggle"
                aria-expanded=${this.navOpen ? 'true' : 'false'}
                aria-controls="primary-nav"
                @click=${() => (this.navOpen = !this.navOpen)}
              >
                ${this.navOpen ? closeIcon : menuIcon}<span>Menu</span>
              </button>
              <nav id="primary-nav" aria-label="Main" class=${this.navOpen ? 'open' : ''}>
                <ul>
                  ${NAV.filter((n) => !n.needs || can(n.needs)).map(
                    (n) => html`<li>
                      <a href=${href(n.path)} aria-current=${current === n.path ? 'page' : n.group && n.group.includes(current) ? 'true' : 'false'}>${n.label}</a>
                    </li>`,
                  )}
                </ul>
              </nav>
              <div class="header-end">
                <pl-live-indicator></pl-live-indicator>
                <sl-dropdown placement="bottom-end" distance="4">
                  <sl-button slot="trigger" size="small" caret data-testid="user-menu">
                    <span class="user-name">${who}</span>
                  </sl-button>
                  <sl-menu @sl-select=${this.onMenuSelect}>
                    <sl-menu-item value="profile">Profile</sl-menu-item>
                    <sl-menu-item value="sign-out" data-testid="sign-out">Sign out</sl-menu-item>
                  </sl-menu>
                </sl-dropdown>
              </div>`
          : nothing}
      </div>
    </header>`;
  }

  render() {
    const { title, view } = this.page();
    document.title = `${title} · Preloop`;
    return html`<a class="skip-link" href="#main" @click=${this.skipToMain}>Skip to main content</a>
      ${this.header()}
      <main id="main" tabindex="-1">${keyed(this.route.path, view)}</main>`;
  }

  async updated() {
    if (!this.focusPage) return;
    this.focusPage = false;
    // The page renders itself after the shell: wait for it, then take
    // focus to its heading so a screen reader announces the new page.
    const page = this.querySelector('main > *');
    if (page && page.updateComplete) await page.updateComplete;
    // A page that asks for a field first (sign-in) gets it.
    const target = this.querySelector('main [autofocus]') || this.querySelector('main h1');
    if (target) target.focus();
  }
}

customElements.define('preloop-app', PreloopApp);
