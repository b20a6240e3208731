// <pl-notification-channels>: where approval notifications go — email
// (SMTP or an HTTP mail API), Slack, Mattermost, a signed webhook, a push
// proxy — and what was sent lately. A channel's settings are secrets
// (webhook URLs included): typed into password fields, sealed by the
// server and never read back; the list shows the API's summary only.
//
// GET/POST /api/v1/notification-channels ({kind, name, config, enabled}),
// PATCH /api/v1/notification-channels/{id} {enabled}, DELETE …/{id},
// GET /api/v1/notification-deliveries (the newest 200; 20 are shown),
// POST …/{id}/test (sent at once, outside the outbox: its answer is shown).
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement } from './light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { formatTime } from '../format.js';
import { confirmThenDelete } from './dialogs.js';
import { formValues } from './admin-kit.js';
import './error-message.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/switch/switch.js';

const KINDS = { email: 'Email', slack: 'Slack', mattermost: 'Mattermost', webhook: 'Signed webhook', push: 'Push proxy' };
const DELIVERIES_SHOWN = 20;

/** The `config` object of a channel of `kind` from the form's values. */
export function channelConfig(kind, v) {
  switch (kind) {
    case 'email':
      return v.via === 'http_api'
        ? { from: v.from, http_api: { url: v.api_url, api_key: v.api_key } }
        : {
            from: v.from,
            smtp: {
              host: v.smtp_host,
              port: Number(v.smtp_port) || 587,
              username: v.smtp_username || null,
              password: v.smtp_password || null,
              security: v.smtp_security || 'starttls',
            },
          };
    case 'slack':
      return { webhook_url: v.webhook_url };
    case 'mattermost':
      return { webhook_url: v.webhook_url, channel: v.channel || null };
    case 'webhook':
      return { url: v.url, secret: v.secret };
    case 'push':
      return { url: v.url, api_key: v.api_key };
    default:
      return {};
  }
}

const field = (id, label, attrs = {}) => html`<div class="field ${attrs.wide ? 'wide' : ''}">
  <label for=${id}>${label}</label>
  <input id=${id} name=${attrs.name || id} type=${attrs.type || 'text'} ?required=${!attrs.optional} ?autofocus=${!!attrs.autofocus} autocomplete="off" spellcheck="false"
    minlength=${attrs.minlength || 0} placeholder=${attrs.placeholder || ''} .value=${attrs.value || ''} />
  ${attrs.hint ? html`<p class="hint">${attrs.hint}</p>` : nothing}
</div>`;

class NotificationChannels extends LightElement {
  static properties = {
    channels: { state: true },
    deliveries: { state: true },
    kind: { state: true },
    via: { state: true },
    error: { state: true },
    formError: { state: true },
    saving: { state: true },
    notice: { state: true },
    formKey: { state: true },
    testing: { state: true },
  };

  constructor() {
    super();
    this.channels = null;
    this.kind = 'email';
    this.via = 'smtp';
    this.formKey = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      const [c, d] = await Promise.all([
        api('/api/v1/notification-channels'),
        api('/api/v1/notification-deliveries').catch(() => null),
      ]);
      this.channels = c.notification_channels || [];
      this.deliveries = d ? (d.notification_deliveries || []).slice(0, DELIVERIES_SHOWN) : null;
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  async openForm() {
    this.kind = 'email';
    this.via = 'smtp';
    this.formError = null;
    this.formKey++;
    await this.updateComplete;
    this.querySelector('#channel-dialog').show();
  }

  async save(e) {
    e.preventDefault();
    const form = e.target;
    if (!form.reportValidity()) return;
    const v = formValues(form);
    this.saving = true;
    this.formError = null;
    try {
      const saved = await api('/api/v1/notification-channels', {
        method: 'POST',
        body: { kind: this.kind, name: v.name, config: channelConfig(this.kind, { ...v, via: this.via }), enabled: true },
      });
      this.querySelector('#channel-dialog').hide();
      this.notice = `Added the channel ${saved.name}: ${saved.summary}.`;
      this.load();
    } catch (err) {
      this.formError = err;
    } finally {
      this.saving = false;
    }
  }

  /** Sends a test message at once; the channel's answer is the notice. */
  async testSend(c) {
    this.testing = c.id;
    this.error = null;
    try {
      const t = await api(`/api/v1/notification-channels/${encodeURIComponent(c.id)}/test`, { method: 'POST' });
      this.notice = t.delivered
        ? `Test sent to ${c.name}${t.status ? ` (HTTP ${t.status})` : ''}.`
        : `The test to ${c.name} was not delivered: ${t.error || 'no answer'}${t.status ? ` (HTTP ${t.status})` : ''}.`;
    } catch (err) {
      this.error = err;
    } finally {
      this.testing = null;
    }
  }

  async setEnabled(c, e) {
    try {
      const on = e.target.checked;
      await api(`/api/v1/notification-channels/${encodeURIComponent(c.id)}`, { method: 'PATCH', body: { enabled: on } });
      this.channels = this.channels.map((x) => (x.id === c.id ? { ...x, enabled: on } : x));
      this.notice = `${c.name} is ${on ? 'on' : 'off'}.`;
      this.error = null;
    } catch (err) {
      e.target.checked = !e.target.checked;
      this.error = err;
    }
  }

  removeChannel(c) {
    return confirmThenDelete(this, {
      label: `Remove the channel ${c.name}?`,
      message: html`<p>Notifications stop going to ${c.summary}.</p>`,
      confirmLabel: 'Remove',
      path: `/api/v1/notification-channels/${encodeURIComponent(c.id)}`,
      done: () => {
        this.notice = `Removed the channel ${c.name}.`;
        this.load();
      },
      failed: (err) => (this.error = err),
      focus: '.status-text',
    });
  }

  kindFields() {
    switch (this.kind) {
      case 'email':
        return html`${field('ch-from', 'From address', { name: 'from', type: 'email' })}
          <fieldset class="field wide">
            <legend>Send through</legend>
            <div class="row wrap">
              <label class="check"><input type="radio" name="via_choice" value="smtp" .checked=${this.via === 'smtp'} @change=${() => (this.via = 'smtp')} />An SMTP server</label>
              <label class="check"><input type="radio" name="via_choice" value="http_api" .checked=${this.via === 'http_api'} @change=${() => (this.via = 'http_api')} />An HTTP mail API</label>
            </div>
          </fieldset>
          ${this.via === 'smtp'
            ? html`${field('ch-smtp-host', 'SMTP host', { name: 'smtp_host' })}
                ${field('ch-smtp-port', 'Port', { name: 'smtp_port', type: 'number', value: '587' })}
                ${field('ch-smtp-user', 'User name', { name: 'smtp_username', optional: true })}
                ${field('ch-smtp-password', 'Password', { name: 'smtp_password', type: 'password', optional: true })}
                <div class="field">
                  <label for="ch-smtp-security">Security</label>
                  <select id="ch-smtp-security" name="smtp_security">
                    <option value="starttls">STARTTLS</option>
                    <option value="tls">TLS (usually port 465)</option>
                    <option value="none">None (a local relay only)</option>
                  </select>
                </div>`
            : html`${field('ch-api-url', 'API URL', { name: 'api_url', type: 'url', wide: true })}
                ${field('ch-api-key', 'API key', { name: 'api_key', type: 'password', wide: true })}`}`;
      case 'slack':
      case 'mattermost':
        return html`${field('ch-hook', 'Incoming webhook URL', { name: 'webhook_url', type: 'password', wide: true, hint: 'A secret in itself: it is stored sealed and shown only as its host.' })}
          ${this.kind === 'mattermost' ? field('ch-channel', 'Channel', { name: 'channel', optional: true, hint: 'Empty: the hook’s own channel.' }) : nothing}`;
      case 'webhook':
        return html`${field('ch-url', 'URL', { name: 'url', type: 'url', wide: true })}
          ${field('ch-secret', 'Signing secret', { name: 'secret', type: 'password', minlength: 16, wide: true, hint: 'At least 16 characters; requests carry its HMAC-SHA256 in X-Preloop-Signature.' })}`;
      case 'push':
        return html`${field('ch-url', 'Push proxy URL', { name: 'url', type: 'url', wide: true })}
          ${field('ch-key', 'API key', { name: 'api_key', type: 'password', wide: true })}`;
      default:
        return nothing;
    }
  }

  formView() {
    return html`<form class="stack" @submit=${this.save} autocomplete="off">
      <div class="form-grid">
        ${field('ch-name', 'Name', { name: 'name', autofocus: true })}
        <div class="field">
          <label for="ch-kind">Kind</label>
          <select id="ch-kind" data-testid="channel-kind" @change=${(e) => (this.kind = e.target.value)}>
            ${Object.entries(KINDS).map(([k, label]) => html`<option value=${k} ?selected=${k === this.kind}>${label}</option>`)}
          </select>
        </div>
        ${this.kindFields()}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${() => this.querySelector('#channel-dialog').hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-channel" ?loading=${this.saving}>Add the channel</sl-button>
      </div>
    </form>`;
  }

  render() {
    const w = can('settings.write');
    const names = new Map((this.channels || []).map((c) => [c.id, c.name]));
    return html`<div class="stack">
      <div class="section-head">
        <p class="muted">"Send a test" tries a channel now (an email channel mails you); the deliveries below show what was sent, and how it went.</p>
        <span class="row-gap"></span>
        ${w ? html`<sl-button variant="primary" size="small" data-testid="add-channel" @click=${this.openForm}>Add a channel</sl-button>` : nothing}
      </div>
      <p role="status" class="status-text" tabindex="-1">${this.notice || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.channels === null
        ? nothing
        : this.channels.length
          ? html`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Notification channels</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Where</th><th scope="col">On</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${this.channels.map(
                (c) => html`<tr data-testid="channel-row">
                  <td data-label="Name" class="break"><strong>${c.name}</strong></td>
                  <td data-label="Kind">${KINDS[c.kind] || c.kind}</td>
                  <td data-label="Where" class="break">${c.summary}</td>
                  <td data-label="On">
                    ${w
                      ? html`<sl-switch ?checked=${c.enabled} @sl-change=${(e) => this.setEnabled(c, e)}>${c.enabled ? 'On' : 'Off'}<span class="visually-hidden">: ${c.name}</span></sl-switch>`
                      : c.enabled ? 'On' : 'Off'}
                  </td>
                  <td data-label="Actions" class="actions-col">
                    ${w && c.kind !== 'push'
                      ? html`<sl-button size="small" data-testid="test-channel" ?loading=${this.testing === c.id} @click=${() => this.testSend(c)}>Send a test<span class="visually-hidden"> to ${c.name}</span></sl-button>`
                      : nothing}
                    ${w ? html`<sl-button size="small" variant="danger" outline @click=${() => this.removeChannel(c)}>Remove<span class="visually-hidden"> ${c.name}</span></sl-button>` : nothing}
                  </td>
                </tr>`,
              )}</tbody>
            </table></div>`
          : html`<p class="empty">No channel yet: approvers are only notified through the console.</p>`}
      ${this.deliveries && this.deliveries.length
        ? html`<h3>Recent deliveries</h3>
            <div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">The ${DELIVERIES_SHOWN} newest notification deliveries</caption>
              <thead><tr><th scope="col">Time</th><th scope="col">Channel</th><th scope="col">To</th><th scope="col">State</th><th scope="col">Attempts</th></tr></thead>
              <tbody>${this.deliveries.map(
                (d) => html`<tr>
                  <td data-label="Time">${formatTime(d.created_at)}</td>
                  <td data-label="Channel">${names.get(d.channel_id) || KINDS[d.kind] || d.kind}</td>
                  <td data-label="To" class="break">${d.recipient || '—'}</td>
                  <td data-label="State"><div>
                    <sl-badge variant=${d.status === 'delivered' ? 'success' : d.status === 'failed' ? 'danger' : 'neutral'}>${d.status}</sl-badge>
                    ${d.last_error ? html`<div class="small text-danger break">${d.last_error}</div>` : nothing}
                  </div></td>
                  <td data-label="Attempts">${d.attempts}</td>
                </tr>`,
              )}</tbody>
            </table></div>`
        : nothing}
      <sl-dialog id="channel-dialog" class="form-dialog" label="Add a notification channel" @sl-after-hide=${(e) => e.target === e.currentTarget && this.formKey++}>
        ${keyed(this.formKey, this.formView())}
      </sl-dialog>
    </div>`;
  }
}

customElements.define('pl-notification-channels', NotificationChannels);
