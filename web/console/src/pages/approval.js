// #/approvals/<id>: one approval request — what the agent wants to do (tool,
// server, arguments, justification), who asked, under which rule, how many
// approvals it has and needs, how long is left, what happened to it so
// far — and the Approve / Decline buttons with an optional comment.
//
// GET /api/v1/approval-requests/{id} (the request with `events`),
// POST /api/v1/approval-requests/{id}/approve | /decline {comment?},
// GET /api/v1/users to put names to votes (when the person may read them).
// Reloads when the live stream reports a change to this request.
import { html, nothing } from 'lit';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { can, session } from '../auth.js';
import { loadPeople } from '../people.js';
import { subscribe } from '../live.js';
import { formatTime, principalName, variantOf } from '../format.js';
import { debounce } from '../debounce.js';
import { href } from '../router.js';
import { quorum } from './approvals.js';
import '../components/clock-text.js';
import '../components/error-message.js';
import '../components/json-tree.js';

const EVENT_LABELS = {
  created: 'Requested',
  voted: 'Voted',
  approved: 'Approved',
  declined: 'Declined',
  escalated: 'Escalated to the escalation approvers',
  expired: 'Expired',
  cancelled: 'Withdrawn',
};

/** The API's comment limit (functions/api/src/approval_requests.rs). */
const MAX_COMMENT = 2000;

class ApprovalPage extends LightElement {
  static properties = {
    requestId: {},
    request: { state: true },
    error: { state: true },
    decideError: { state: true },
    deciding: { state: true },
    announcement: { state: true },
    names: { state: true },
  };

  constructor() {
    super();
    this.names = new Map();
    // One reload per burst of events, at most a second after its first.
    this.reloadSoon = debounce(() => this.load(), 250, 1000);
  }

  connectedCallback() {
    super.connectedCallback();
    this.stopLive = subscribe(['approvals'], (e) => {
      if (e.kind === 'resync' || e.request_id === this.requestId) this.reloadSoon();
    });
    loadPeople().then((names) => {
      this.names = names;
    });
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive();
    this.reloadSoon.cancel();
  }

  async load() {
    try {
      this.request = await api(`/api/v1/approval-requests/${encodeURIComponent(this.requestId)}`);
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  async decide(approve) {
    const box = this.querySelector('[data-testid="comment"]');
    const comment = box ? box.value.trim() : '';
    this.decideError = null;
    this.announcement = '';
    this.deciding = approve ? 'approve' : 'decline';
    try {
      const body = comment ? { comment } : {};
      this.request = await api(
        `/api/v1/approval-requests/${encodeURIComponent(this.requestId)}/${approve ? 'approve' : 'decline'}`,
        { method: 'POST', body },
      );
      if (box) box.value = '';
      this.announcement =
        this.request.status === 'pending'
          ? 'Your approval is recorded; the request needs more approvals.'
          : `The request is ${this.request.status}.`;
      // The buttons are gone (decided, or this person has voted): focus
      // to the section's heading, the outcome is read from the status.
      this.updateComplete.then(() => {
        const heading = this.querySelector('#decide-heading');
        if (heading) heading.focus();
      });
    } catch (err) {
      this.decideError = err;
    } finally {
      this.deciding = '';
    }
  }

  who(userId) {
    return this.names.get(userId) || userId;
  }

  /** An event's actor: a bare user id (named when possible) or a principal label. */
  actor(actor) {
    return this.names.get(actor) || principalName(actor, this.names);
  }

  decision(r) {
    if (r.status !== 'pending') {
      return html`<p>This request is <strong>${r.status}</strong>${r.decided_at ? html` (${formatTime(r.decided_at)})` : nothing}.</p>`;
    }
    if (!can('approvals.decide')) {
      return html`<p class="muted">You can read this request but not decide it (your role lacks <code>approvals.decide</code>).</p>`;
    }
    const me = session().me;
    const mine = me && me.user ? (r.votes || []).find((v) => v.user_id === me.user.id) : null;
    if (mine) {
      // One person counts once; the API refuses a change of mind.
      return html`<p>You ${mine.approve ? 'approved' : 'declined'} this request (${formatTime(mine.at)}). It is waiting for other approvers.</p>`;
    }
    return html`<div class="stack">
      <sl-textarea
        label="Comment (optional)"
        help-text="Shown to the other approvers and kept in the audit trail."
        maxlength=${MAX_COMMENT}
        rows="3"
        resize="auto"
        data-testid="comment"
      ></sl-textarea>
      <div class="row">
        <sl-button variant="success" data-testid="approve" ?loading=${this.deciding === 'approve'} ?disabled=${!!this.deciding} @click=${() => this.decide(true)}>Approve</sl-button>
        <sl-button variant="danger" outline data-testid="decline" ?loading=${this.deciding === 'decline'} ?disabled=${!!this.deciding} @click=${() => this.decide(false)}>Decline</sl-button>
      </div>
    </div>`;
  }

  facts(r) {
    return html`<dl class="facts">
      <dt>Requested by</dt><dd title=${r.principal}>${principalName(r.principal, this.names)}</dd>
      <dt>Server</dt><dd>${r.server_name || '—'}</dd>
      <dt>Requested</dt><dd>${formatTime(r.created_at)} (<pl-time-ago .at=${r.created_at}></pl-time-ago>)</dd>
      ${r.status === 'pending'
        ? html`<dt>Time left</dt><dd data-testid="time-left"><pl-time-left .at=${r.expires_at} @expired=${() => this.reloadSoon()}></pl-time-left></dd>`
        : html`<dt>Decided</dt><dd>${formatTime(r.decided_at) || '—'}</dd>`}
      <dt>Approvals</dt><dd>${quorum(r)}</dd>
      <dt>Stage</dt><dd>${r.stage === 'escalation' ? 'Escalated' : 'First approvers'}</dd>
      <dt>Rule</dt><dd>${r.rule_id ? html`<code>${r.rule_id}</code>` : '—'}</dd>
      <dt>Approval workflow</dt><dd><code>${r.policy_id}</code></dd>
      ${r.execution && r.execution !== 'none' ? html`<dt>Execution</dt><dd>${r.execution}</dd>` : nothing}
    </dl>`;
  }

  votes(r) {
    const votes = r.votes || [];
    if (!votes.length) return html`<p class="muted">No votes yet.</p>`;
    return html`<ul class="plain-list">
      ${votes.map(
        (v) => html`<li>
          <sl-badge variant=${v.approve ? 'success' : 'danger'}>${v.approve ? 'approved' : 'declined'}</sl-badge>
          <strong>${this.who(v.user_id)}</strong> · ${formatTime(v.at)}
          ${v.comment ? html`<blockquote class="comment">${v.comment}</blockquote>` : nothing}
        </li>`,
      )}
    </ul>`;
  }

  transitions(r) {
    const events = r.events || [];
    if (!events.length) return html`<p class="muted">None recorded.</p>`;
    return html`<ol class="timeline" data-testid="transitions">
      ${events.map((e) => {
        const d = e.detail || {};
        return html`<li>
          <time datetime=${new Date(e.created_at).toISOString()}>${formatTime(e.created_at)}</time>
          <span class="timeline-what">${EVENT_LABELS[e.kind] || e.kind}${e.kind === 'voted' && 'approve' in d ? (d.approve ? ': approve' : ': decline') : ''}</span>
          ${e.actor ? html`<span class="muted" title=${e.actor}>by ${this.actor(e.actor)}</span>` : nothing}
          ${d.comment ? html`<blockquote class="comment">${d.comment}</blockquote>` : nothing}
        </li>`;
      })}
    </ol>`;
  }

  render() {
    const r = this.request;
    // One heading element whatever the state, so the focus the shell puts
    // on it survives the request arriving.
    return html`<div class="page">
      <p><a href=${href('/approvals')}>← All approvals</a></p>
      <div class="page-head">
        <h1 tabindex="-1">${r ? html`<code>${r.tool}</code>` : 'Approval request'}</h1>
        ${r ? html`<sl-badge variant=${variantOf(r.status)} data-testid="approval-status" data-status=${r.status}>${r.status}</sl-badge>` : nothing}
      </div>
      ${r ? this.body(r) : this.error ? html`<pl-error .error=${this.error}></pl-error>` : html`<sl-spinner label="Loading"></sl-spinner>`}
    </div>`;
  }

  body(r) {
    return html`
      <pl-error .error=${this.error}></pl-error>
      <div class="detail-grid">
        <section class="card" aria-labelledby="req-heading">
          <h2 id="req-heading">Request</h2>
          ${this.facts(r)}
        </section>
        <section class="card" aria-labelledby="decide-heading">
          <h2 id="decide-heading" tabindex="-1">Decision</h2>
          ${this.decision(r)}
          <p role="status" class="status-text">${this.announcement || ''}</p>
          <pl-error .error=${this.decideError}></pl-error>
        </section>
      </div>
      <section class="card" aria-labelledby="why-heading">
        <h2 id="why-heading">Justification</h2>
        ${r.justification ? html`<p class="prewrap">${r.justification}</p>` : html`<p class="muted">The agent gave none.</p>`}
      </section>
      <section class="card" aria-labelledby="args-heading">
        <h2 id="args-heading">Arguments</h2>
        <pl-json-tree .value=${r.arguments}></pl-json-tree>
      </section>
      <div class="detail-grid">
        <section class="card" aria-labelledby="votes-heading">
          <h2 id="votes-heading">Votes</h2>
          ${this.votes(r)}
        </section>
        <section class="card" aria-labelledby="events-heading">
          <h2 id="events-heading">Transitions</h2>
          ${this.transitions(r)}
        </section>
      </div>`;
  }
}

customElements.define('pl-approval-page', ApprovalPage);
