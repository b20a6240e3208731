// #/trackers and #/trackers/<id>: the issue trackers Preloop syncs
// (GitHub, GitLab, Jira). The list shows each one's kind, sync status and
// issue count, and adds (after testing the connection), syncs and removes
// them. A tracker's page shows its organizations (with their webhook: a
// manual setup says what to do, with the address to copy), its projects
// (in scope or not, how far their sync is), deliveries and recent events.
// A token is a secret: typed into a password field, sent once, sealed by
// the server and never shown again (the API gives its last characters).
//
// GET/POST /api/v1/trackers, POST /api/v1/trackers/test-connection,
// GET/PUT/DELETE /api/v1/trackers/{id}, POST /api/v1/trackers/{id}/sync,
// POST /api/v1/trackers/{id}/test-connection, GET /api/v1/trackers/{id}/events,
// PUT /api/v1/organizations/{id}, PUT /api/v1/projects/{id}, POST /api/v1/projects.
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { formatTime, isoTime, plural } from '../format.js';
import { href, navigate } from '../router.js';
import { confirmThenDelete } from '../components/dialogs.js';
import { copyText, formValues, lines, mapLimit, seconds } from '../components/admin-kit.js';
import { loadProjects, trackerTabs } from '../components/tracker-kit.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';

const KINDS = { github: 'GitHub', gitlab: 'GitLab', jira: 'Jira' };
const BASE_URLS = { github: 'https://api.github.com', gitlab: 'https://gitlab.com', jira: 'https://your-site.atlassian.net' };
const PHASES = {
  not_started: ['Not started', 'neutral'],
  backfill: ['Backfilling', 'primary'],
  catching_up: ['Catching up', 'primary'],
  up_to_date: ['Up to date', 'success'],
};
const WEBHOOKS = {
  registered: ['Registered', 'success'],
  manual: ['Set up by hand', 'warning'],
  failed: ['Failed', 'danger'],
};

/** A tracker's state in words, and the badge variant for it. */
function status(t) {
  if (!t.enabled) return ['Disabled', 'neutral'];
  if (t.last_error) return ['Sync failed', 'danger'];
  if (!t.last_sync_at) return ['Not synced yet', 'neutral'];
  return ['Syncing', 'success'];
}

const time = (ms) => (ms ? html`<time datetime=${isoTime(ms)}>${formatTime(ms)}</time>` : '—');

/** The form's values as a body for POST (new) or PUT (change): only what was given. */
function trackerBody(v, editing, kind = v.kind) {
  const out = {};
  if (!editing) out.kind = kind;
  if (v.name) out.name = v.name;
  if (v.base_url || editing) out.base_url = v.base_url || undefined;
  if (v.token) out.token = v.token;
  else if (v.token_ref) out.token_ref = v.token_ref;
  if (v.webhook_secret) out.webhook_secret = v.webhook_secret;
  out.scope = { organizations: lines(v.organizations), projects: lines(v.projects), exclude: lines(v.exclude) };
  const settings = {};
  if (v.page_size) settings.page_size = Number(v.page_size);
  if (v.poll_interval_s) settings.poll_interval_s = Number(v.poll_interval_s);
  if (kind === 'jira') {
    if (v.edition) settings.edition = v.edition;
    if (v.username) settings.username = v.username;
  }
  out.settings = settings;
  out.enabled = !!v.enabled;
  return out;
}

/** What a successful connection test says. */
function identityText(identity) {
  if (!identity) return 'The tracker accepted the credentials.';
  const parts = [`Connected as ${identity.login || 'an unnamed account'}`];
  if (identity.scopes && identity.scopes.length) parts.push(`scopes: ${identity.scopes.join(', ')}`);
  if (identity.rate_remaining !== null && identity.rate_remaining !== undefined) parts.push(`${identity.rate_remaining} requests left this hour`);
  return `${parts.join('; ')}.`;
}

/**
 * <pl-tracker-form .tracker>: adding (no tracker) or changing a tracker, in
 * a dialog its page opens. Fires `saved` with the API's answer.
 */
class TrackerForm extends LightElement {
  static properties = {
    tracker: { attribute: false },
    kind: { state: true },
    edition: { state: true },
    error: { state: true },
    saving: { state: true },
    testing: { state: true },
    tested: { state: true },
  };

  constructor() {
    super();
    this.kind = 'github';
    this.edition = 'cloud';
  }

  willUpdate(changed) {
    if (changed.has('tracker') && this.tracker) {
      this.kind = this.tracker.kind;
      this.edition = (this.tracker.settings && this.tracker.settings.edition) || 'cloud';
    }
  }

  async test() {
    const form = this.querySelector('form');
    const v = formValues(form);
    this.error = null;
    this.tested = '';
    this.testing = true;
    try {
      let answer;
      if (v.token || !this.tracker) {
        if (!v.token) throw new Error('Type the token to test it (a Vault reference is tested when saved).');
        const kind = this.tracker ? this.tracker.kind : v.kind;
        const body = trackerBody(v, false, kind);
        answer = await api('/api/v1/trackers/test-connection', {
          method: 'POST',
          body: { kind, base_url: body.base_url, token: v.token, settings: body.settings },
        });
      } else {
        answer = await api(`/api/v1/trackers/${encodeURIComponent(this.tracker.id)}/test-connection`, { method: 'POST' });
      }
      this.tested = identityText(answer && answer.identity);
    } catch (err) {
      this.error = err;
    } finally {
      this.testing = false;
    }
  }

  async save(e) {
    e.preventDefault();
    const form = e.target;
    if (!form.reportValidity()) return;
    const v = formValues(form);
    if (!this.tracker && !v.token && !v.token_ref) {
      this.error = 'A token (or a Vault reference to one) is needed.';
      return;
    }
    this.saving = true;
    this.error = null;
    try {
      const body = trackerBody(v, !!this.tracker, this.tracker ? this.tracker.kind : v.kind);
      const saved = this.tracker
        ? await api(`/api/v1/trackers/${encodeURIComponent(this.tracker.id)}`, { method: 'PUT', body })
        : await api('/api/v1/trackers', { method: 'POST', body });
      this.dispatchEvent(new CustomEvent('saved', { detail: saved, bubbles: true }));
    } catch (err) {
      this.error = err;
    } finally {
      this.saving = false;
    }
  }

  render() {
    const t = this.tracker;
    const scope = (t && t.scope) || {};
    const settings = (t && t.settings) || {};
    const kind = t ? t.kind : this.kind;
    return html`<form class="stack" @submit=${(e) => this.save(e)} autocomplete="off">
      <div class="form-grid">
        ${t
          ? nothing
          : html`<div class="field">
              <label for="tracker-kind">Kind</label>
              <select id="tracker-kind" name="kind" data-testid="tracker-kind" @change=${(e) => (this.kind = e.target.value)}>
                ${Object.entries(KINDS).map(([k, label]) => html`<option value=${k} ?selected=${k === this.kind}>${label}</option>`)}
              </select>
            </div>`}
        <div class="field">
          <label for="tracker-name">Name <span class="muted">(optional)</span></label>
          <input id="tracker-name" name="name" data-testid="tracker-name" maxlength="100" spellcheck="false" .value=${t ? t.name : ''} />
        </div>
        <div class="field wide">
          <label for="tracker-url">Base URL ${kind === 'jira' ? '' : html`<span class="muted">(optional)</span>`}</label>
          <input id="tracker-url" name="base_url" data-testid="tracker-url" type="url" class="code" spellcheck="false" ?required=${kind === 'jira'}
            placeholder=${BASE_URLS[kind]} .value=${t ? t.base_url || '' : ''} aria-describedby="tracker-url-hint" />
          <p class="hint" id="tracker-url-hint">${kind === 'jira' ? 'Your Jira site.' : `Empty: ${BASE_URLS[kind]}. A self-hosted server's API address otherwise.`}</p>
        </div>
        ${kind === 'jira'
          ? html`<div class="field">
                <label for="tracker-edition">Jira edition</label>
                <select id="tracker-edition" name="edition" @change=${(e) => (this.edition = e.target.value)}>
                  <option value="cloud" ?selected=${this.edition === 'cloud'}>Cloud</option>
                  <option value="server" ?selected=${this.edition === 'server'}>Server or Data Center</option>
                </select>
              </div>
              <div class="field">
                <label for="tracker-username">Account email ${this.edition === 'cloud' ? '' : html`<span class="muted">(Cloud only)</span>`}</label>
                <input id="tracker-username" name="username" type="email" spellcheck="false" ?required=${this.edition === 'cloud'} .value=${settings.username || ''} />
              </div>`
          : nothing}
        <div class="field wide">
          <label for="tracker-token">${t ? 'New token' : 'Token'} <span class="muted">(secret)</span></label>
          <input id="tracker-token" name="token" data-testid="tracker-token" type="password" autocomplete="new-password" spellcheck="false" aria-describedby="tracker-token-hint" />
          <p class="hint" id="tracker-token-hint">
            Stored sealed and never shown again.
            ${t ? (t.has_token ? `One is set (ending ${t.token_hint || '…'}): leave this empty to keep it.` : 'None is set.') : ''}
          </p>
        </div>
        <div class="field wide">
          <label for="tracker-token-ref">Or a Vault reference to it <span class="muted">(optional)</span></label>
          <input id="tracker-token-ref" name="token_ref" class="code" spellcheck="false" placeholder="vault:secret/data/preloop/github#token" />
        </div>
        <div class="field wide">
          <label for="tracker-secret">Webhook secret <span class="muted">(optional, secret)</span></label>
          <input id="tracker-secret" name="webhook_secret" type="password" autocomplete="new-password" spellcheck="false" aria-describedby="tracker-secret-hint" />
          <p class="hint" id="tracker-secret-hint">Deliveries must be signed with it. Empty: Preloop makes one${t ? ' (or keeps the one it has)' : ''}.</p>
        </div>
        <div class="field">
          <label for="tracker-orgs">Organizations, one per line</label>
          <textarea id="tracker-orgs" name="organizations" class="code" rows="3" spellcheck="false" .value=${(scope.organizations || []).join('\n')}></textarea>
        </div>
        <div class="field">
          <label for="tracker-projects">Projects, one per line</label>
          <textarea id="tracker-projects" name="projects" data-testid="tracker-projects" class="code" rows="3" spellcheck="false" .value=${(scope.projects || []).join('\n')}></textarea>
        </div>
        <div class="field">
          <label for="tracker-exclude">Leave out, one per line</label>
          <textarea id="tracker-exclude" name="exclude" class="code" rows="3" spellcheck="false" .value=${(scope.exclude || []).join('\n')}></textarea>
        </div>
        <p class="hint wide">Empty lists take every organization and project the token reaches.</p>
        <div class="field">
          <label for="tracker-page-size">Page size</label>
          <input id="tracker-page-size" name="page_size" type="number" min="1" max="100" .value=${String(settings.page_size || 100)} />
        </div>
        <div class="field">
          <label for="tracker-poll">Poll interval (seconds)</label>
          <input id="tracker-poll" name="poll_interval_s" type="number" min="60" step="1" .value=${String(settings.poll_interval_s || 900)} aria-describedby="tracker-poll-hint" />
          <p class="hint" id="tracker-poll-hint">For projects whose webhooks are not heard.</p>
        </div>
        <div class="field"><label class="check"><input type="checkbox" name="enabled" .checked=${t ? t.enabled : true} />Enabled (syncs)</label></div>
      </div>
      <p role="status" class="status-text" data-testid="test-result">${this.tested || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      <div class="form-actions">
        <sl-button data-testid="test-connection" ?loading=${this.testing} @click=${() => this.test()}>Test connection</sl-button>
        <span class="row-gap"></span>
        <sl-button @click=${() => this.dispatchEvent(new CustomEvent('cancel', { bubbles: true }))}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-tracker" ?loading=${this.saving}>${t ? 'Save' : 'Add the tracker'}</sl-button>
      </div>
    </form>`;
  }
}

customElements.define('pl-tracker-form', TrackerForm);

/** A dialog around <pl-tracker-form>, a fresh form each time it opens. */
function formDialog(host, label) {
  return html`<sl-dialog id="tracker-dialog" class="form-dialog wide" label=${label} @sl-after-hide=${(e) => e.target === e.currentTarget && host.formKey++}>
    ${keyed(
      host.formKey,
      html`<pl-tracker-form .tracker=${host.editing || null} @cancel=${() => host.querySelector('#tracker-dialog').hide()} @saved=${(e) => host.saved(e.detail)}></pl-tracker-form>`,
    )}
  </sl-dialog>`;
}

class TrackersPage extends LightElement {
  static properties = {
    trackers: { state: true },
    details: { state: true },
    error: { state: true },
    rowError: { state: true },
    busy: { state: true },
    notice: { state: true },
    formKey: { state: true },
  };

  constructor() {
    super();
    this.trackers = null;
    this.details = new Map();
    this.rowError = new Map();
    this.busy = new Set();
    this.formKey = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      const answer = await api('/api/v1/trackers');
      this.trackers = (answer.trackers || []).sort((a, b) => a.name.localeCompare(b.name));
      this.error = null;
      // Issue counts are on each tracker's own page.
      const got = await mapLimit(this.trackers, 4, (t) => api(`/api/v1/trackers/${encodeURIComponent(t.id)}`));
      const details = new Map();
      this.trackers.forEach((t, i) => got[i].value && details.set(t.id, got[i].value));
      this.details = details;
    } catch (err) {
      this.error = err;
    }
  }

  setRow(map, id, value) {
    const next = new Map(this[map]);
    if (value) next.set(id, value);
    else next.delete(id);
    this[map] = next;
  }

  async sync(t) {
    this.busy = new Set([...this.busy, t.id]);
    this.setRow('rowError', t.id, null);
    try {
      await api(`/api/v1/trackers/${encodeURIComponent(t.id)}/sync`, { method: 'POST' });
      this.notice = `A sync of ${t.name} has started.`;
    } catch (err) {
      this.setRow('rowError', t.id, err);
    } finally {
      const next = new Set(this.busy);
      next.delete(t.id);
      this.busy = next;
    }
  }

  removeTracker(t) {
    return confirmThenDelete(this, {
      label: `Remove ${t.name}?`,
      message: html`<p>Preloop stops syncing <strong>${t.name}</strong> and forgets its token, organizations, projects and synced issues. Nothing changes in the tracker itself.</p>`,
      confirmLabel: 'Remove the tracker',
      path: `/api/v1/trackers/${encodeURIComponent(t.id)}`,
      done: () => {
        this.trackers = this.trackers.filter((x) => x.id !== t.id);
        this.notice = `Removed ${t.name}.`;
      },
      failed: (err) => this.setRow('rowError', t.id, err),
      focus: 'h1',
    });
  }

  async add() {
    this.editing = null;
    this.formKey++;
    await this.updateComplete;
    this.querySelector('#tracker-dialog').show();
  }

  saved(t) {
    this.querySelector('#tracker-dialog').hide();
    loadProjects(true).catch(() => {});
    this.notice = `Added ${t.name}${t.identity ? `: ${identityText(t.identity)}` : '.'} Its first sync has started.`;
    this.load();
  }

  row(t) {
    const [text, variant] = status(t);
    const d = this.details.get(t.id);
    const err = this.rowError.get(t.id);
    const w = can('trackers.write');
    return html`<tr data-testid="tracker-row" data-tracker=${t.name}>
      <td data-label="Name"><a href=${href(`/trackers/${encodeURIComponent(t.id)}`)}><strong>${t.name}</strong></a></td>
      <td data-label="Kind">${KINDS[t.kind] || t.kind}</td>
      <td data-label="Address" class="break"><code>${t.base_url}</code></td>
      <td data-label="Status"><div>
        <sl-badge variant=${variant} data-testid="tracker-status">${text}</sl-badge>
        ${t.last_error ? html`<div class="small text-danger break" data-testid="tracker-error">${t.last_error}</div>` : nothing}
      </div></td>
      <td data-label="Last sync">${time(t.last_sync_at)}</td>
      <td data-label="Next sync">${t.enabled ? time(t.next_sync_at) : '—'}</td>
      <td data-label="Issues" data-testid="tracker-issues">${d ? d.issues ?? '—' : '…'}</td>
      <td data-label="Actions" class="actions-col">
        <div class="cell-actions">
          ${w
            ? html`<sl-button size="small" data-testid="sync-tracker" ?loading=${this.busy.has(t.id)} @click=${() => this.sync(t)}>Sync now<span class="visually-hidden">: ${t.name}</span></sl-button>
                <sl-button size="small" variant="danger" outline data-testid="remove-tracker" @click=${() => this.removeTracker(t)}>Remove<span class="visually-hidden">: ${t.name}</span></sl-button>`
            : nothing}
        </div>
        ${err ? html`<pl-error .error=${err}></pl-error>` : nothing}
      </td>
    </tr>`;
  }

  table() {
    if (!this.trackers.length) {
      return html`<p class="empty" data-testid="empty">No tracker yet.${can('trackers.write') ? ' Add one to sync its issues.' : ''}</p>`;
    }
    return html`<div class="table-wrap">
      <table class="data-table stack-on-mobile">
        <caption class="visually-hidden">Issue trackers</caption>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Address</th><th scope="col">Status</th><th scope="col">Last sync</th><th scope="col">Next sync</th><th scope="col">Issues</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>${this.trackers.map((t) => this.row(t))}</tbody>
      </table>
    </div>`;
  }

  render() {
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Issue trackers</h1>
        ${this.trackers === null && !this.error ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
        <span class="row-gap"></span>
        ${can('trackers.write') ? html`<sl-button variant="primary" data-testid="add-tracker" @click=${() => this.add()}>Add a tracker</sl-button>` : nothing}
      </div>
      ${trackerTabs('/trackers')}
      <p role="status" class="status-text" data-testid="notice">${this.notice || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.trackers ? this.table() : nothing}
      ${formDialog(this, 'Add a tracker')}
    </div>`;
  }
}

customElements.define('pl-trackers-page', TrackersPage);

class TrackerPage extends LightElement {
  static properties = {
    trackerId: {},
    tracker: { state: true },
    events: { state: true },
    error: { state: true },
    eventsError: { state: true },
    notice: { state: true },
    actionError: { state: true },
    busy: { state: true },
    formKey: { state: true },
    adding: { state: true },
    addError: { state: true },
    copied: { state: true },
  };

  constructor() {
    super();
    this.tracker = null;
    this.events = null;
    this.busy = '';
    this.formKey = 0;
  }

  // Not connectedCallback: a lazily loaded page's properties are in place
  // only from its first update.
  firstUpdated() {
    this.load();
  }

  get path() {
    return `/api/v1/trackers/${encodeURIComponent(this.trackerId)}`;
  }

  async load() {
    try {
      this.tracker = await api(this.path);
      this.error = null;
    } catch (err) {
      this.error = err;
    }
    try {
      this.events = (await api(`${this.path}/events`, { query: { limit: 50 } })).events || [];
      this.eventsError = null;
    } catch (err) {
      this.eventsError = err;
    }
  }

  async act(name, fn, said) {
    this.busy = name;
    this.actionError = null;
    this.notice = '';
    try {
      const answer = await fn();
      this.notice = typeof said === 'function' ? said(answer) : said;
    } catch (err) {
      this.actionError = err;
    } finally {
      this.busy = '';
    }
  }

  sync() {
    return this.act('sync', () => api(`${this.path}/sync`, { method: 'POST' }), 'A sync has started.');
  }

  test() {
    return this.act('test', () => api(`${this.path}/test-connection`, { method: 'POST' }), (a) => identityText(a && a.identity));
  }

  removeTracker() {
    const t = this.tracker;
    return confirmThenDelete(this, {
      label: `Remove ${t.name}?`,
      message: html`<p>Preloop stops syncing <strong>${t.name}</strong> and forgets its token, organizations, projects and synced issues. Nothing changes in the tracker itself.</p>`,
      confirmLabel: 'Remove the tracker',
      path: this.path,
      done: () => navigate('/trackers'),
      failed: (err) => (this.actionError = err),
      focus: 'h1',
    });
  }

  async edit() {
    this.editing = this.tracker;
    this.formKey++;
    await this.updateComplete;
    this.querySelector('#tracker-dialog').show();
  }

  saved(t) {
    this.querySelector('#tracker-dialog').hide();
    this.notice = `Saved ${t.name}.`;
    this.load();
  }

  async setScope(kind, item, inScope) {
    this.actionError = null;
    try {
      await api(`/api/v1/${kind}/${encodeURIComponent(item.id)}`, { method: 'PUT', body: { in_scope: inScope } });
      this.notice = `${item.external_id || item.name} is ${inScope ? 'now synced' : 'no longer synced'}.`;
      loadProjects(true).catch(() => {});
      await this.load();
    } catch (err) {
      this.actionError = err;
      this.requestUpdate();
    }
  }

  async addProject(e) {
    e.preventDefault();
    const input = e.target.querySelector('input');
    const name = input.value.trim();
    if (!name) return;
    this.adding = true;
    this.addError = null;
    try {
      const p = await api('/api/v1/projects', { method: 'POST', body: { tracker_id: this.tracker.id, external_id: name } });
      input.value = '';
      this.notice = `Added ${p.external_id || name}.`;
      loadProjects(true).catch(() => {});
      await this.load();
    } catch (err) {
      this.addError = err;
    } finally {
      this.adding = false;
    }
  }

  async copy(text) {
    this.copied = (await copyText(text)) ? 'Copied the webhook address.' : 'The browser refused: select the address and copy it.';
  }

  facts(t) {
    const s = t.settings || {};
    const scope = t.scope || {};
    const list = (xs) => (xs && xs.length ? xs.join(', ') : 'all');
    return html`<dl class="facts">
      <dt>Kind</dt><dd>${KINDS[t.kind] || t.kind}${s.edition ? ` (${s.edition})` : ''}</dd>
      <dt>Address</dt><dd><code>${t.base_url}</code></dd>
      <dt>Token</dt><dd>${t.has_token ? `ending ${t.token_hint || '…'}${t.token_custody ? `, ${t.token_custody}` : ''}` : 'none'}</dd>
      ${s.username ? html`<dt>Account</dt><dd>${s.username}</dd>` : nothing}
      <dt>Scope</dt><dd>organizations: ${list(scope.organizations)}; projects: ${list(scope.projects)}${scope.exclude && scope.exclude.length ? `; leaving out ${scope.exclude.join(', ')}` : ''}</dd>
      <dt>Polling</dt><dd>every ${seconds(s.poll_interval_s)}, ${s.page_size} issues a page</dd>
      <dt>Last sync</dt><dd>${time(t.last_sync_at)}</dd>
      <dt>Next sync</dt><dd>${t.enabled ? time(t.next_sync_at) : 'disabled'}</dd>
      ${t.last_error ? html`<dt>Last error</dt><dd class="text-danger prewrap">${t.last_error} ${t.last_error_at ? html`(${time(t.last_error_at)})` : nothing}</dd>` : nothing}
      <dt>Issues</dt><dd data-testid="tracker-issue-count">${t.issues ?? '—'} · <a href=${href('/issues')}>browse issues</a></dd>
      <dt>Deliveries</dt><dd data-testid="deliveries">${this.deliveries(t.deliveries || {})}</dd>
    </dl>`;
  }

  deliveries(d) {
    const parts = [['pending', 'waiting'], ['done', 'done'], ['failed', 'failed']].filter(([k]) => d[k]).map(([k, w]) => `${d[k]} ${w}`);
    return parts.length ? parts.join(', ') : 'no webhook delivery yet';
  }

  organizations(t) {
    const orgs = t.organizations || [];
    const w = can('trackers.write');
    return html`<section class="card stack tracker-section" aria-labelledby="orgs-heading">
      <h2 id="orgs-heading">Organizations</h2>
      ${orgs.length
        ? html`<ul class="item-list">
            ${orgs.map((o) => {
              const hook = o.webhook || {};
              const [text, variant] = WEBHOOKS[hook.status] || ['Not set up', 'neutral'];
              return html`<li data-testid="organization" data-org=${o.external_id}>
                <div class="item-head">
                  <strong class="break">${o.url ? html`<a href=${o.url} rel="noreferrer noopener" target="_blank">${o.name || o.external_id}</a>` : o.name || o.external_id}</strong>
                  <span class="row-gap"></span>
                  <span class="badges">Webhook: <sl-badge variant=${variant} data-testid="webhook-status" data-status=${hook.status || 'none'}>${text}</sl-badge></span>
                  ${w
                    ? html`<label class="check small"><input type="checkbox" data-testid="org-in-scope" .checked=${o.in_scope} @change=${(e) => this.setScope('organizations', o, e.target.checked)} />Synced<span class="visually-hidden">: ${o.external_id}</span></label>`
                    : html`<span class="small muted">${o.in_scope ? 'Synced' : 'Not synced'}</span>`}
                </div>
                ${hook.message ? html`<p class="small ${hook.status === 'failed' ? 'text-danger' : ''} prewrap" data-testid="webhook-message">${hook.message}</p>` : nothing}
                ${hook.status !== 'registered' && o.webhook_url
                  ? html`<div class="copy-row small">
                      <span>Webhook address:</span><code data-testid="webhook-url">${o.webhook_url}</code>
                      <sl-button size="small" @click=${() => this.copy(o.webhook_url)}>Copy<span class="visually-hidden"> the webhook address of ${o.external_id}</span></sl-button>
                    </div>`
                  : nothing}
                ${hook.last_heard_at ? html`<p class="small muted">Last heard ${formatTime(hook.last_heard_at)}.</p>` : nothing}
              </li>`;
            })}
          </ul>
          <p role="status" class="status-text small">${this.copied || ''}</p>`
        : html`<p class="muted">None found yet: the first sync lists them.</p>`}
    </section>`;
  }

  projects(t) {
    const projects = t.projects || [];
    const orgs = new Map((t.organizations || []).map((o) => [o.id, o.name || o.external_id]));
    const w = can('trackers.write');
    return html`<section class="card stack tracker-section" aria-labelledby="projects-heading">
      <h2 id="projects-heading">Projects</h2>
      ${projects.length
        ? html`<div class="table-wrap">
            <table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Projects of ${t.name}</caption>
              <thead><tr><th scope="col">Project</th><th scope="col">Organization</th><th scope="col">Synced</th><th scope="col">Sync</th><th scope="col">Last sync</th><th scope="col">Next sync</th><th scope="col"><span class="visually-hidden">Views</span></th></tr></thead>
              <tbody>
                ${projects.map((p) => {
                  const sync = p.sync || {};
                  const [text, variant] = PHASES[sync.phase] || [sync.phase || '—', 'neutral'];
                  return html`<tr data-testid="project-row" data-project=${p.external_id}>
                    <td data-label="Project"><strong class="break">${p.name || p.external_id}</strong></td>
                    <td data-label="Organization" class="break">${orgs.get(p.organization_id) || '—'}</td>
                    <td data-label="Synced">${w
                      ? html`<label class="check"><input type="checkbox" data-testid="project-in-scope" .checked=${p.in_scope} @change=${(e) => this.setScope('projects', p, e.target.checked)} /><span class="visually-hidden">Sync ${p.external_id}</span><span aria-hidden="true">${p.in_scope ? 'Yes' : 'No'}</span></label>`
                      : p.in_scope ? 'Yes' : 'No'}</td>
                    <td data-label="Sync"><div>
                      <sl-badge variant=${sync.last_error ? 'danger' : variant} data-testid="sync-phase" data-phase=${sync.phase || ''}>${text}</sl-badge>
                      ${sync.synced_up_to ? html`<div class="small muted">up to ${formatTime(sync.synced_up_to)}</div>` : nothing}
                      ${sync.last_error ? html`<div class="small text-danger break">${sync.last_error}</div>` : nothing}
                    </div></td>
                    <td data-label="Last sync">${time(sync.last_sync_at)}</td>
                    <td data-label="Next sync">${time(sync.next_sync_at)}</td>
                    <td data-label="Views" class="actions-col"><div class="cell-actions">
                      <a href=${href('/issues', { project: p.id })}>Issues<span class="visually-hidden"> of ${p.external_id}</span></a>
                      <a href=${href('/compliance', { project: p.id })}>Compliance<span class="visually-hidden"> of ${p.external_id}</span></a>
                      <a href=${href('/dependencies', { project: p.id })}>Dependencies<span class="visually-hidden"> of ${p.external_id}</span></a>
                    </div></td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">None yet.</p>`}
      ${w
        ? html`<form class="row wrap" @submit=${(e) => this.addProject(e)} aria-labelledby="add-project-label">
            <div class="field">
              <label id="add-project-label" for="add-project">Add a project by name</label>
              <input id="add-project" data-testid="add-project" class="code" required spellcheck="false" placeholder=${t.kind === 'jira' ? 'KEY' : 'owner/repository'} />
            </div>
            <sl-button type="submit" ?loading=${this.adding} class="align-end">Add</sl-button>
          </form>
          <pl-error .error=${this.addError}></pl-error>`
        : nothing}
    </section>`;
  }

  eventList() {
    const events = this.events;
    return html`<section class="card stack tracker-section" aria-labelledby="events-heading">
      <h2 id="events-heading">Recent events</h2>
      <pl-error .error=${this.eventsError}></pl-error>
      ${events === null && !this.eventsError
        ? html`<sl-spinner label="Loading events"></sl-spinner>`
        : events && events.length
          ? html`<ul class="activity-list events-list" data-testid="tracker-events">
              ${events.map(
                (e) => html`<li>
                  <time datetime=${isoTime(e.occurred_at || e.created_at)}>${formatTime(e.occurred_at || e.created_at)}</time>
                  <span class="activity-what"><code>${e.event}</code>${e.issue_key ? html` · ${e.issue_key}` : nothing}${e.actor ? html` · by ${e.actor}` : nothing}</span>
                </li>`,
              )}
            </ul>`
          : html`<p class="muted">No event yet. Webhook deliveries and syncs record them.</p>`}
    </section>`;
  }

  render() {
    const t = this.tracker;
    const w = can('trackers.write');
    const [text, variant] = t ? status(t) : ['', 'neutral'];
    return html`<div class="page">
      <p class="muted small"><a href=${href('/trackers')}>← Trackers</a></p>
      <div class="page-head">
        <h1 tabindex="-1">${t ? t.name : 'Tracker'}</h1>
        ${t ? html`<sl-badge variant=${variant} data-testid="tracker-status">${text}</sl-badge>` : nothing}
        ${!t && !this.error ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
        <span class="row-gap"></span>
        ${t && w
          ? html`<sl-button size="small" ?loading=${this.busy === 'test'} @click=${() => this.test()}>Test connection</sl-button>
              <sl-button size="small" data-testid="sync-tracker" ?loading=${this.busy === 'sync'} @click=${() => this.sync()}>Sync now</sl-button>
              <sl-button size="small" @click=${() => this.edit()}>Edit</sl-button>
              <sl-button size="small" variant="danger" outline @click=${() => this.removeTracker()}>Remove</sl-button>`
          : nothing}
      </div>
      <p role="status" class="status-text" data-testid="notice">${this.notice || ''}</p>
      <pl-error .error=${this.error || this.actionError}></pl-error>
      ${t
        ? html`<section class="card" aria-label="About ${t.name}">${this.facts(t)}</section>
            ${this.organizations(t)} ${this.projects(t)} ${this.eventList()}
            ${formDialog(this, `Edit ${t.name}`)}`
        : nothing}
    </div>`;
  }
}

customElements.define('pl-tracker-page', TrackerPage);
