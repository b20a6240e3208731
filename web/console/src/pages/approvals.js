// #/approvals: the queue of pending approval requests, most urgent first,
// kept current by the live stream's `approvals` topic; #/approvals?tab=past
// lists decided ones with their status.
//
// GET /api/v1/approval-requests?status=… (the API returns the newest 200;
// it has no pagination).
import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { subscribe } from '../live.js';
import { loadPeople } from '../people.js';
import { formatTime, plural, principalName, variantOf } from '../format.js';
import { debounce } from '../debounce.js';
import { href, navigate } from '../router.js';
import '../components/clock-text.js';
import '../components/error-message.js';

/** How many the API returns at most. */
const API_LIMIT = 200;
const PAST_STATUSES = ['approved', 'declined', 'expired', 'cancelled'];

/** Distinct people who approved. */
export function approvalsOf(request) {
  return (request.votes || []).filter((v) => v.approve).length;
}

/** "1 of 2" with a bar; the words carry the meaning, the bar is decoration. */
export function quorum(request) {
  const got = approvalsOf(request);
  const need = Math.max(1, Number(request.approvals_required) || 1);
  const pct = Math.min(100, Math.round((got / need) * 100));
  return html`<span class="quorum" data-testid="quorum">
    <span class="quorum-text">${got} of ${need}</span>
    <span class="quorum-track" aria-hidden="true"><span class="quorum-fill" style=${styleMap({ width: `${pct}%` })}></span></span>
  </span>`;
}

class ApprovalsPage extends LightElement {
  static properties = {
    query: { attribute: false },
    items: { state: true },
    error: { state: true },
    loading: { state: true },
    names: { state: true },
    queueMessage: { state: true },
  };

  constructor() {
    super();
    this.items = null;
    this.seq = 0;
    this.loadedKey = '';
    this.names = new Map();
    /** The pending count last loaded (null: none yet), to announce its changes. */
    this.pendingCount = null;
    this.queueMessage = '';
    // Events come in bursts (a vote, then the decision): one reload for a
    // burst, and at most a second after its first event however busy.
    this.reloadSoon = debounce(() => this.load(), 250, 1000);
  }

  get tab() {
    return this.query && this.query.get('tab') === 'past' ? 'past' : 'pending';
  }

  get status() {
    const s = this.query ? this.query.get('status') || '' : '';
    return PAST_STATUSES.includes(s) ? s : '';
  }

  connectedCallback() {
    super.connectedCallback();
    loadPeople().then((names) => {
      this.names = names;
    });
    // `approvals` carries every transition of a request. A held call's own
    // record (topic `audit`, decision require_approval) is heard too, where
    // the person may read it: it says the same thing a moment earlier.
    this.stopLive = subscribe(['approvals', 'audit'], (e) => {
      if (e.topic !== 'audit' || e.decision === 'require_approval') this.reloadSoon();
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive();
    this.reloadSoon.cancel();
  }

  willUpdate() {
    const key = `${this.tab}:${this.status}`;
    if (key !== this.loadedKey) {
      this.loadedKey = key;
      this.items = null;
      this.pendingCount = null;
      this.queueMessage = '';
      this.load();
    }
  }

  async load() {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const status = this.tab === 'pending' ? 'pending' : this.status;
      const answer = await api('/api/v1/approval-requests', { query: { status } });
      if (seq !== this.seq) return;
      let items = answer.approval_requests || [];
      if (this.tab === 'pending') {
        items = items.filter((r) => r.status === 'pending').sort((a, b) => a.expires_at - b.expires_at);
      } else {
        items = items.filter((r) => r.status !== 'pending');
      }
      this.items = items;
      if (this.tab === 'pending') this.announceQueue(items.length);
      this.capped = (answer.approval_requests || []).length >= API_LIMIT;
      this.error = null;
    } catch (err) {
      if (seq === this.seq) this.error = err;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  /** Says the queue's new length in the live region when it changes (not on the first load: the page is announced then). */
  announceQueue(count) {
    if (this.pendingCount !== null && count !== this.pendingCount) {
      this.queueMessage = `${plural(count, 'request')} waiting`;
    }
    this.pendingCount = count;
  }

  open(e, id) {
    // The row is a big target for the mouse; the link in it is the keyboard's.
    if (e.target.closest('a, button')) return;
    navigate(`/approvals/${encodeURIComponent(id)}`);
  }

  tabs() {
    const tab = (name, label) =>
      html`<li><a href=${href('/approvals', name === 'past' ? { tab: 'past' } : {})} aria-current=${this.tab === name ? 'page' : 'false'}>${label}</a></li>`;
    return html`<nav class="tabs" aria-label="Approval lists"><ul>${tab('pending', 'Pending')}${tab('past', 'Past')}</ul></nav>`;
  }

  pendingTable(items) {
    if (!items.length) return html`<p class="empty" data-testid="empty">No request is waiting for a decision.</p>`;
    return html`<div class="table-wrap">
      <table class="data-table stack-on-mobile">
        <caption class="visually-hidden">Pending approval requests, most urgent first</caption>
        <thead>
          <tr><th scope="col">Tool</th><th scope="col">Server</th><th scope="col">Requested by</th><th scope="col">Age</th><th scope="col">Time left</th><th scope="col">Approvals</th></tr>
        </thead>
        <tbody>
          ${items.map(
            (r) => html`<tr class="clickable" data-testid="approval-row" data-id=${r.id} @click=${(e) => this.open(e, r.id)}>
              <td data-label="Tool"><a href=${href(`/approvals/${encodeURIComponent(r.id)}`)}><code>${r.tool}</code></a>
                ${r.stage === 'escalation' ? html`<sl-badge variant="warning" pill>escalated</sl-badge>` : nothing}</td>
              <td data-label="Server">${r.server_name || '—'}</td>
              <td data-label="Requested by" title=${r.principal}>${principalName(r.principal, this.names)}</td>
              <td data-label="Age"><pl-time-ago .at=${r.created_at}></pl-time-ago></td>
              <td data-label="Time left"><pl-time-left .at=${r.expires_at} @expired=${() => this.reloadSoon()}></pl-time-left></td>
              <td data-label="Approvals">${quorum(r)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  pastTable(items) {
    if (!items.length) return html`<p class="empty" data-testid="empty">No decided request${this.status ? ` with status ${this.status}` : ''}.</p>`;
    return html`<div class="table-wrap">
      <table class="data-table stack-on-mobile">
        <caption class="visually-hidden">Decided approval requests, newest first</caption>
        <thead>
          <tr><th scope="col">Tool</th><th scope="col">Server</th><th scope="col">Requested by</th><th scope="col">Status</th><th scope="col">Decided</th><th scope="col">Approvals</th></tr>
        </thead>
        <tbody>
          ${items.map(
            (r) => html`<tr class="clickable" data-testid="approval-row" data-id=${r.id} @click=${(e) => this.open(e, r.id)}>
              <td data-label="Tool"><a href=${href(`/approvals/${encodeURIComponent(r.id)}`)}><code>${r.tool}</code></a></td>
              <td data-label="Server">${r.server_name || '—'}</td>
              <td data-label="Requested by" title=${r.principal}>${principalName(r.principal, this.names)}</td>
              <td data-label="Status"><sl-badge variant=${variantOf(r.status)} data-testid="approval-status">${r.status}</sl-badge></td>
              <td data-label="Decided">${formatTime(r.decided_at)}</td>
              <td data-label="Approvals">${quorum(r)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  statusFilter() {
    return html`<div class="toolbar">
      <sl-select
        label="Status"
        size="small"
        value=${this.status || 'any'}
        @sl-change=${(e) => navigate('/approvals', { tab: 'past', status: e.target.value === 'any' ? '' : e.target.value })}
      >
        <sl-option value="any">Any decided</sl-option>
        ${PAST_STATUSES.map((s) => html`<sl-option value=${s}>${s[0].toUpperCase()}${s.slice(1)}</sl-option>`)}
      </sl-select>
    </div>`;
  }

  render() {
    const items = this.items;
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Approvals</h1>
        ${this.loading ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
      </div>
      ${this.tabs()}
      ${this.tab === 'past' ? this.statusFilter() : html`<p class="muted">Requests waiting for a decision, most urgent first. The list updates as requests come and go.</p>`}
      <p role="status" class="visually-hidden" data-testid="queue-status">${this.queueMessage}</p>
      <pl-error .error=${this.error}></pl-error>
      ${items === null
        ? nothing
        : this.tab === 'pending'
          ? this.pendingTable(items)
          : this.pastTable(items)}
      ${items && this.capped ? html`<p class="muted">Only the newest ${API_LIMIT} requests are listed.</p>` : nothing}
    </div>`;
  }
}

customElements.define('pl-approvals-page', ApprovalsPage);
