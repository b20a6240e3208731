// #/settings: the account's default action (what a call gets when no rule
// decides it), its secret redaction, the kill switch, and single sign-on.
//
// GET/PATCH /api/v1/settings {default_action, hide_default_denied,
// redaction: {keys, patterns}}; GET/POST /api/v1/kill-switch {scope, id,
// on, reason}; GET/PUT/DELETE /api/v1/auth/sso (the client secret is
// write-only: the API says whether one is set, never what it is).
// Whether new accounts may register is the deployment's setting
// (REGISTRATION_ENABLED): the API does not expose it.
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { formatTime } from '../format.js';
import { ACTIONS, ACTION_LABELS, actionView } from '../components/action-icons.js';
import { confirmDialog } from '../components/dialogs.js';
import { copyText, formValues, lines } from '../components/admin-kit.js';
import '../components/error-message.js';
import '../components/admin-pages.css';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';

const SSO_ROLES = ['admin', 'approver', 'auditor', 'viewer'];

class SettingsPage extends LightElement {
  static properties = {
    settings: { state: true },
    kills: { state: true },
    sso: { state: true },
    groupRoles: { state: true },
    errors: { state: true },
    busy: { state: true },
    notices: { state: true },
    ssoKey: { state: true },
  };

  constructor() {
    super();
    this.errors = {};
    this.notices = {};
    this.busy = '';
    this.sso = undefined;
    this.groupRoles = [];
    this.ssoKey = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  setError(part, err) {
    this.errors = { ...this.errors, [part]: err };
  }

  say(part, text) {
    this.notices = { ...this.notices, [part]: text };
  }

  async load() {
    const part = (name, p) => p.catch((err) => (this.setError(name, err), null));
    const [settings, kills, sso] = await Promise.all([
      part('settings', api('/api/v1/settings')),
      can('agents.read') ? part('kill', api('/api/v1/kill-switch')) : null,
      can('members.read')
        ? api('/api/v1/auth/sso').catch((err) => (err.status === 404 ? null : (this.setError('sso', err), null)))
        : undefined,
    ]);
    this.settings = settings;
    this.kills = kills ? kills.active || [] : null;
    this.setSso(sso);
  }

  setSso(sso) {
    this.sso = sso;
    this.groupRoles = sso ? sso.group_roles.map((g) => ({ ...g })) : [];
    this.ssoKey++;
  }

  /** Runs a save for `part`, showing its outcome beside it. */
  async save(part, fn, done) {
    this.busy = part;
    this.setError(part, null);
    this.say(part, '');
    try {
      // `fn` may word the outcome itself.
      const said = await fn();
      this.say(part, typeof said === 'string' ? said : done);
    } catch (err) {
      this.setError(part, err);
    } finally {
      this.busy = '';
    }
  }

  saveDefaults(e) {
    e.preventDefault();
    const v = formValues(e.target);
    this.save('settings', async () => {
      this.settings = await api('/api/v1/settings', { method: 'PATCH', body: { default_action: v.default_action, hide_default_denied: v.hide_default_denied } });
    }, 'Saved.');
  }

  saveRedaction(e) {
    e.preventDefault();
    const v = formValues(e.target);
    this.save('redaction', async () => {
      this.settings = await api('/api/v1/settings', { method: 'PATCH', body: { redaction: { keys: lines(v.keys), patterns: lines(v.patterns) } } });
    }, 'Saved.');
  }

  async setKill(scope, id, on, reason) {
    if (on) {
      const ok = await confirmDialog({
        label: 'Stop every tool call?',
        message: html`<p>Every call of every agent and key of the account is refused, and pending approval requests are cancelled, until the switch is turned off.</p>`,
        confirmLabel: 'Stop all tool calls',
        danger: true,
      });
      if (!ok) return;
    }
    this.save('kill', async () => {
      const body = { scope, on };
      if (id) body.id = id;
      if (reason) body.reason = reason;
      const answer = await api('/api/v1/kill-switch', { method: 'POST', body });
      this.kills = answer.active || [];
      if (on && answer.cancelled_requests) return `The kill switch is on: tool calls are refused, and ${answer.cancelled_requests} pending approval requests were cancelled.`;
      return null;
    }, on ? 'The kill switch is on: tool calls are refused.' : 'The kill switch is off.');
  }

  saveSso(e) {
    e.preventDefault();
    const form = e.target;
    if (!form.reportValidity()) return;
    const v = formValues(form);
    const body = {
      issuer: v.issuer,
      client_id: v.client_id,
      scopes: v.scopes || undefined,
      groups_claim: v.groups_claim || undefined,
      group_roles: this.groupRoles.filter((g) => g.group.trim()).map((g) => ({ group: g.group.trim(), role: g.role })),
      default_role: v.default_role || null,
      enabled: v.enabled,
    };
    // Absent keeps the stored secret; null makes a public client.
    if (v.public_client) body.client_secret = null;
    else if (v.client_secret) body.client_secret = v.client_secret;
    this.save('sso', async () => { this.setSso(await api('/api/v1/auth/sso', { method: 'PUT', body })); }, 'Saved: the provider answered.');
  }

  async removeSso() {
    const ok = await confirmDialog({
      label: 'Remove single sign-on?',
      message: html`<p>People can no longer sign in with ${this.sso.issuer}; those without a password must be sent a reset link.</p>`,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (ok) this.save('sso', async () => { await api('/api/v1/auth/sso', { method: 'DELETE' }); this.setSso(null); }, 'Single sign-on is removed.');
  }

  status(part) {
    return html`<p role="status" class="status-text">${this.notices[part] || ''}</p><pl-error .error=${this.errors[part]}></pl-error>`;
  }

  defaultsSection() {
    const s = this.settings;
    const w = can('settings.write');
    return html`<section class="card stack" aria-labelledby="defaults-heading">
      <h2 id="defaults-heading">Default action</h2>
      <p>What a call gets when no rule of its tool decides it: a tool without rules, or calls none of its rules match.</p>
      ${s
        ? w
          ? html`<form class="stack" @submit=${this.saveDefaults}>
              <div class="field" style="max-width: 22rem">
                <label for="default-action">Default action</label>
                <select id="default-action" name="default_action" data-testid="default-action">
                  ${ACTIONS.map((a) => html`<option value=${a} ?selected=${a === s.default_action}>${ACTION_LABELS[a]}</option>`)}
                </select>
              </div>
              <label class="check"><input type="checkbox" name="hide_default_denied" .checked=${s.hide_default_denied} />Leave tools the default denies out of agents' tool lists</label>
              <div><sl-button type="submit" variant="primary" size="small" ?loading=${this.busy === 'settings'}>Save</sl-button></div>
            </form>`
          : html`<p>${actionView(s.default_action)}${s.hide_default_denied ? ' · tools it denies are left out of tool lists' : ''}</p>`
        : nothing}
      ${this.status('settings')}
      ${s ? html`<p class="muted small">Policy version ${s.policy_version}.</p>` : nothing}
    </section>
    ${s && s.registration_enabled !== undefined
      ? html`<section class="card stack" aria-labelledby="registration-heading">
          <h2 id="registration-heading">Registration</h2>
          <p data-testid="registration">${s.registration_enabled
            ? 'Open: anyone can create an account of their own here (POST /api/v1/auth/register).'
            : 'Closed: people join an account by invitation.'}</p>
          <p class="muted small">Set for the whole deployment by <code>REGISTRATION_ENABLED</code>, not per account.</p>
        </section>`
      : nothing}`;
  }

  redactionSection() {
    const s = this.settings;
    if (!s) return nothing;
    const r = s.redaction || { keys: [], patterns: [] };
    const w = can('settings.write');
    return html`<section class="card stack" aria-labelledby="redaction-heading">
      <h2 id="redaction-heading">Redaction</h2>
      <p>Beyond the built-in rules: argument keys whose values are hidden in the audit trail and approval requests, and patterns (regular expressions) hidden wherever they appear.</p>
      <form class="stack" @submit=${this.saveRedaction}>
        <div class="form-grid">
          <div class="field">
            <label for="redact-keys">Keys, one per line</label>
            <textarea id="redact-keys" name="keys" class="code" rows="4" ?readonly=${!w} .value=${r.keys.join('\n')}></textarea>
          </div>
          <div class="field">
            <label for="redact-patterns">Patterns, one per line</label>
            <textarea id="redact-patterns" name="patterns" class="code" rows="4" ?readonly=${!w} .value=${r.patterns.join('\n')}></textarea>
          </div>
        </div>
        ${w ? html`<div><sl-button type="submit" variant="primary" size="small" ?loading=${this.busy === 'redaction'}>Save</sl-button></div>` : nothing}
      </form>
      ${this.status('redaction')}
    </section>`;
  }

  killSection() {
    if (this.kills === null && !this.errors.kill) return nothing;
    const kills = this.kills || [];
    const account = kills.find((k) => k.scope === 'account');
    const others = kills.filter((k) => k.scope !== 'account');
    const w = can('settings.write');
    return html`<section class="card stack" aria-labelledby="kill-heading">
      <h2 id="kill-heading">Kill switch</h2>
      <p data-testid="kill-state">
        ${account
          ? html`<sl-badge variant="danger">On</sl-badge> Since ${formatTime(account.since)}: every tool call is refused.${account.reason ? html` Reason: ${account.reason}` : nothing}`
          : html`<sl-badge variant="success">Off</sl-badge> Tool calls go through the rules.`}
      </p>
      ${w
        ? account
          ? html`<div><sl-button variant="primary" size="small" data-testid="kill-off" ?loading=${this.busy === 'kill'} @click=${() => this.setKill('account', null, false)}>Turn it off</sl-button></div>`
          : html`<form class="toolbar" @submit=${(e) => { e.preventDefault(); this.setKill('account', null, true, e.target.elements.reason.value.trim()); }}>
              <div class="field">
                <label for="kill-reason">Reason <span class="muted">(optional)</span></label>
                <input id="kill-reason" name="reason" maxlength="500" />
              </div>
              <sl-button type="submit" variant="danger" size="small" data-testid="kill-on" ?loading=${this.busy === 'kill'}>Stop all tool calls</sl-button>
            </form>`
        : nothing}
      ${others.length
        ? html`<h3>Stopped agents and keys</h3>
            <ul class="plain-list">${others.map(
              (k) => html`<li>${k.scope === 'agent' ? 'Agent' : 'API key'} <code>${k.id}</code> since ${formatTime(k.since)}${k.reason ? `: ${k.reason}` : ''}
                ${w ? html` <sl-button size="small" @click=${() => this.setKill(k.scope, k.id, false)}>Turn off<span class="visually-hidden"> for ${k.id}</span></sl-button>` : nothing}</li>`,
            )}</ul>`
        : nothing}
      ${this.status('kill')}
    </section>`;
  }

  setGroup(i, field, value) {
    this.groupRoles = this.groupRoles.map((g, j) => (j === i ? { ...g, [field]: value } : g));
  }

  groupTable(w) {
    return html`<fieldset class="field">
      <legend>Groups → roles</legend>
      <p class="hint">People get the role of the first of their groups listed here; otherwise the default role, or no access.</p>
      ${this.groupRoles.length
        ? html`<ol class="plain-list">
            ${this.groupRoles.map(
              (g, i) => html`<li class="row wrap">
                <input class="input" style="flex: 1 1 12rem; width: auto" aria-label="Group ${i + 1}" ?readonly=${!w} .value=${g.group} @input=${(e) => this.setGroup(i, 'group', e.target.value)} />
                <select class="input" style="flex: 0 1 10rem; width: auto" aria-label="Role of group ${i + 1}" ?disabled=${!w} @change=${(e) => this.setGroup(i, 'role', e.target.value)}>
                  ${SSO_ROLES.map((r) => html`<option value=${r} ?selected=${r === g.role}>${r}</option>`)}
                </select>
                ${w ? html`<sl-button size="small" @click=${() => (this.groupRoles = this.groupRoles.filter((_, j) => j !== i))}>Remove<span class="visually-hidden"> group line ${i + 1}</span></sl-button>` : nothing}
              </li>`,
            )}
          </ol>`
        : html`<p class="muted small">No line.</p>`}
      ${w && this.groupRoles.length < 100
        ? html`<div><sl-button size="small" @click=${() => (this.groupRoles = [...this.groupRoles, { group: '', role: 'viewer' }])}>Add a line</sl-button></div>`
        : nothing}
    </fieldset>`;
  }

  ssoForm() {
    const p = this.sso;
    const w = can('settings.write');
    return html`<form class="stack" @submit=${this.saveSso} autocomplete="off">
      <div class="form-grid">
        <div class="field wide">
          <label for="sso-issuer">Issuer (OpenID provider)</label>
          <input id="sso-issuer" name="issuer" type="url" required ?readonly=${!w} placeholder="https://login.example.com" .value=${p ? p.issuer : ''} />
        </div>
        <div class="field">
          <label for="sso-client">Client ID</label>
          <input id="sso-client" name="client_id" required ?readonly=${!w} .value=${p ? p.client_id : ''} />
        </div>
        ${w
          ? html`<div class="field">
              <label for="sso-secret">${p && p.client_secret_set ? 'New client secret' : 'Client secret'} <span class="muted">(secret)</span></label>
              <input id="sso-secret" name="client_secret" type="password" autocomplete="new-password" aria-describedby="sso-secret-hint" />
              <p class="hint" id="sso-secret-hint">${p && p.client_secret_set ? 'One is set: leave this empty to keep it.' : 'Empty for a public client.'} It is stored sealed and never shown.</p>
              ${p && p.client_secret_set ? html`<label class="check"><input type="checkbox" name="public_client" />Public client: forget the stored secret</label>` : nothing}
            </div>`
          : html`<p>${p && p.client_secret_set ? 'A client secret is set.' : 'No client secret (a public client).'}</p>`}
        <div class="field">
          <label for="sso-scopes">Scopes</label>
          <input id="sso-scopes" name="scopes" ?readonly=${!w} .value=${p ? p.scopes : 'email profile'} />
        </div>
        <div class="field">
          <label for="sso-claim">Groups claim</label>
          <input id="sso-claim" name="groups_claim" ?readonly=${!w} .value=${p ? p.groups_claim : 'groups'} />
        </div>
        <div class="wide">${this.groupTable(w)}</div>
        <div class="field">
          <label for="sso-default-role">Default role</label>
          <select id="sso-default-role" name="default_role" ?disabled=${!w}>
            <option value="" ?selected=${!p || !p.default_role}>None: refuse people in no listed group</option>
            ${SSO_ROLES.map((r) => html`<option value=${r} ?selected=${p && p.default_role === r}>${r}</option>`)}
          </select>
        </div>
        <div class="field">
          <label class="check"><input type="checkbox" name="enabled" ?disabled=${!w} .checked=${p ? p.enabled : true} />Enabled</label>
        </div>
      </div>
      ${w
        ? html`<div class="row wrap">
            <sl-button type="submit" variant="primary" size="small" data-testid="save-sso" ?loading=${this.busy === 'sso'}>Save</sl-button>
            ${p ? html`<sl-button size="small" variant="danger" outline @click=${this.removeSso}>Remove single sign-on</sl-button>` : nothing}
          </div>`
        : nothing}
    </form>`;
  }

  /** Single sign-on as read by someone who may not change it. */
  ssoFacts(p) {
    if (!p) return html`<p>Not set up.</p>`;
    return html`<dl class="facts">
      <dt>Issuer</dt><dd><code class="break">${p.issuer}</code></dd>
      <dt>Client ID</dt><dd><code class="break">${p.client_id}</code></dd>
      <dt>Client secret</dt><dd>${p.client_secret_set ? 'Set (never shown)' : 'None: a public client'}</dd>
      <dt>Scopes</dt><dd>${p.scopes}</dd>
      <dt>Groups claim</dt><dd>${p.groups_claim}</dd>
      <dt>Groups → roles</dt><dd>${p.group_roles.length ? p.group_roles.map((g) => `${g.group} → ${g.role}`).join(', ') : 'None'}</dd>
      <dt>Default role</dt><dd>${p.default_role || 'None: people in no listed group are refused'}</dd>
      <dt>Enabled</dt><dd>${p.enabled ? 'Yes' : 'No'}</dd>
    </dl>`;
  }

  ssoSection() {
    if (this.sso === undefined && !this.errors.sso) return nothing;
    const p = this.sso;
    if (!can('settings.write')) {
      return html`<section class="card stack" aria-labelledby="sso-heading">
        <h2 id="sso-heading">Single sign-on</h2>
        ${this.ssoFacts(p)}
        ${this.status('sso')}
      </section>`;
    }
    return html`<section class="card stack" aria-labelledby="sso-heading">
      <h2 id="sso-heading">Single sign-on</h2>
      ${p
        ? html`<dl class="facts">
            <dt>Redirect URI</dt><dd><code>${p.redirect_uri}</code> <button type="button" class="text-button small" @click=${() => copyText(p.redirect_uri).then((ok) => this.say('sso', ok ? 'Copied the redirect URI.' : ''))}>Copy<span class="visually-hidden"> the redirect URI</span></button></dd>
            <dt>Sign-in address</dt><dd><code class="break">${p.sign_in_url}</code></dd>
            <dt>Last changed</dt><dd>${formatTime(p.updated_at)}</dd>
          </dl>`
        : html`<p>Not set up. Register this deployment at your OpenID provider (its redirect URI is shown once saved), then enter the provider here: it is checked before it is saved.</p>`}
      ${keyed(this.ssoKey, this.ssoForm())}
      ${this.status('sso')}
    </section>`;
  }

  render() {
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Settings</h1>
        ${this.settings === undefined && !this.errors.settings ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
      </div>
      ${this.defaultsSection()}
      ${this.killSection()}
      ${this.redactionSection()}
      ${this.ssoSection()}
    </div>`;
  }
}

customElements.define('pl-settings-page', SettingsPage);
