// #/overview: the account at a glance — tool calls of the last 24 hours by
// decision (an hourly chart), the refusals among them, the busiest tools,
// pending approvals, recent activity as it happens, and model spend when
// the person may read usage.
//
// GET /api/v1/audit/stats?since&until&bucket_ms (counted by the server,
// tool calls only), refetched when the live stream says a call was
// audited (at most every STATS_REFRESH_MS) and when the hour turns;
// GET /api/v1/approval-requests?status=pending;
// GET /api/v1/usage/summary?from&by=model (card hidden on 403/404); and the
// live stream for every topic the person may hear.
import { html, nothing } from 'lit';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { loadPeople } from '../people.js';
import { subscribe } from '../live.js';
import { decisionLabel, formatTime, isoTime, plural, principalName, variantOf } from '../format.js';
import { href } from '../router.js';
import { fromStats, HOUR, statsWindow } from '../call-stats.js';
import { debounce } from '../debounce.js';
import '../components/bar-chart.js';
import '../components/error-message.js';

const RECENT = 12;
const BUSIEST = 5;
/** Live calls make the counts stale; they are fetched again at most this often. */
const STATS_REFRESH_MS = 2_000;
const SPEND_DAYS = 30;

const count = new Intl.NumberFormat();

const SERIES = [
  { key: 'allow', label: 'Allowed' },
  { key: 'deny', label: 'Denied' },
  { key: 'require_approval', label: 'Needed approval' },
];

/** The outcomes of calls that were stopped, as the summary names them. */
const REFUSALS = [
  { outcome: 'denied', label: 'Denied', hint: 'stopped by a rule' },
  { outcome: 'refused', label: 'Refused', hint: 'needed an approval that could not be asked' },
];

/** ` · 42% of all`, or `` when there is nothing to share. */
function share(n, total) {
  if (!total) return '';
  const pct = (n / total) * 100;
  return ` · ${pct > 0 && pct < 1 ? '<1' : Math.round(pct)}% of all`;
}

class OverviewPage extends LightElement {
  static properties = {
    pending: { state: true },
    pendingError: { state: true },
    chart: { state: true },
    chartError: { state: true },
    recent: { state: true },
    recentError: { state: true },
    spend: { state: true },
    spendError: { state: true },
    names: { state: true },
  };

  constructor() {
    super();
    this.recent = [];
    this.names = new Map();
    // One reload per burst of approval events, at most a second after its
    // first: steady traffic must not postpone it forever.
    this.pendingSoon = debounce(() => this.loadPending(), 300, 1000);
  }

  connectedCallback() {
    super.connectedCallback();
    const topics = [];
    if (can('approvals.read')) topics.push('approvals');
    if (can('audit.read')) topics.push('audit', 'activity');
    this.stopLive = subscribe(topics, (e) => this.onLive(e));
    loadPeople().then((names) => {
      this.names = names;
    });
    this.loadPending();
    this.loadChart();
    this.loadRecent();
    this.loadSpend();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive();
    this.pendingSoon.cancel();
    clearTimeout(this.statsTimer);
    clearTimeout(this.hourTimer);
    this.statsTimer = 0;
  }

  onLive(e) {
    if (e.kind === 'resync') {
      this.loadPending();
      this.loadChart();
      this.loadRecent();
      return;
    }
    this.recent = [e, ...this.recent.filter((x) => x.id !== e.id)].slice(0, RECENT);
    if (e.topic === 'approvals') this.pendingSoon();
    if (e.topic === 'audit') this.scheduleChart();
  }

  /** Fetches the counts again soon: at once if the last fetch is old enough, else when it is. */
  scheduleChart() {
    if (this.statsTimer || !this.isConnected) return;
    const wait = Math.max(0, (this.statsAt || 0) + STATS_REFRESH_MS - Date.now());
    this.statsTimer = setTimeout(() => {
      this.statsTimer = 0;
      this.loadChart();
    }, wait);
  }

  async loadPending() {
    if (!can('approvals.read')) return;
    try {
      const a = await api('/api/v1/approval-requests', { query: { status: 'pending' } });
      const list = (a.approval_requests || []).filter((r) => r.status === 'pending');
      this.pending = { count: list.length, capped: (a.approval_requests || []).length >= 200, soonest: list.reduce((m, r) => Math.min(m, r.expires_at), Infinity) };
      this.pendingError = null;
    } catch (err) {
      this.pendingError = err;
    }
  }

  async loadChart() {
    if (!can('audit.read') || !this.isConnected) return;
    const seq = (this.statsSeq = (this.statsSeq || 0) + 1);
    this.statsAt = Date.now();
    const range = statsWindow(this.statsAt);
    // When the hour turns, the chart moves on by one bar.
    clearTimeout(this.hourTimer);
    this.hourTimer = setTimeout(() => this.loadChart(), range.until - this.statsAt + 1_000);
    try {
      const stats = await api('/api/v1/audit/stats', { query: range });
      if (seq !== this.statsSeq) return;
      this.chart = fromStats(stats);
      this.chartError = null;
    } catch (err) {
      if (seq === this.statsSeq) this.chartError = err;
    }
  }

  async loadRecent() {
    if (!can('audit.read')) return;
    try {
      const a = await api('/api/v1/audit', { query: { limit: RECENT } });
      // The listing's records in the live events' shape.
      this.recent = (a.events || []).map((r) => ({
        id: r.id,
        at: r.completed_at || r.created_at,
        topic: r.outcome.startsWith('approval_') ? 'approvals' : r.tool.startsWith('preloop:') ? 'activity' : 'audit',
        tool: r.tool,
        server: r.server_name,
        decision: r.decision,
        outcome: r.outcome,
        principal: r.principal,
        request_id: r.request_id,
      }));
      this.recentError = null;
    } catch (err) {
      this.recentError = err;
    }
  }

  async loadSpend() {
    try {
      const from = Date.now() - SPEND_DAYS * 24 * HOUR;
      this.spend = await api('/api/v1/usage/summary', { query: { from, by: 'model' } });
      this.spendError = null;
    } catch (err) {
      // No permission, or no gateway on this deployment: no card.
      if (err.status === 403 || err.status === 404) this.spend = null;
      else this.spendError = err;
    }
  }

  pendingCard() {
    if (!can('approvals.read')) return nothing;
    const p = this.pending;
    return html`<section class="card stat-card" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Pending approvals</h2>
      <pl-error .error=${this.pendingError}></pl-error>
      ${p
        ? html`<p class="stat" data-testid="pending-count">${p.count}${p.capped ? '+' : ''}</p>
            <p class="muted">${p.count ? html`waiting for a decision` : 'Nothing is waiting.'}</p>
            <p><a href=${href('/approvals')}>Open the approval queue</a></p>`
        : html`<sl-spinner label="Loading"></sl-spinner>`}
    </section>`;
  }

  chartCard() {
    if (!can('audit.read')) return nothing;
    const c = this.chart;
    return html`<section class="card chart-card" aria-labelledby="calls-heading">
      <h2 id="calls-heading">Tool calls, last 24 hours</h2>
      <pl-error .error=${this.chartError}></pl-error>
      ${c
        ? html`${this.summary(c)}
            <pl-bar-chart .buckets=${c.buckets} .series=${SERIES} label="Tool calls by decision, last 24 hours"></pl-bar-chart>`
        : this.chartError
          ? nothing
          : html`<sl-spinner label="Loading"></sl-spinner>`}
    </section>`;
  }

  /** The day's calls, and how many were stopped (by outcome), each a way into the audit trail. */
  summary(c) {
    const since = String(c.since);
    return html`<ul class="call-summary" data-testid="call-summary">
      <li>
        <a href=${href('/audit', { since })}
          ><span class="call-summary-n" data-testid="calls-total">${count.format(c.total)}</span> ${c.total === 1 ? 'call' : 'calls'}</a
        >
      </li>
      ${REFUSALS.map((r) => {
        const n = c.outcomes.get(r.outcome) || 0;
        return html`<li>
          <a href=${href('/audit', { outcome: r.outcome, since })} class=${n ? 'text-danger' : ''}
            ><span class="call-summary-n" data-testid=${`${r.outcome}-count`}>${count.format(n)}</span> ${r.label.toLowerCase()}</a
          >
          <span class="muted call-summary-hint">${r.hint}</span>
        </li>`;
      })}
    </ul>`;
  }

  busiestCard() {
    if (!can('audit.read') || !this.chart) return nothing;
    const c = this.chart;
    const top = c.tools.slice(0, BUSIEST);
    return html`<section class="card" aria-labelledby="busiest-heading">
      <h2 id="busiest-heading">Busiest tools</h2>
      ${top.length
        ? html`<ol class="rank-list" data-testid="busiest-tools">
            ${top.map(
              (t) => html`<li>
                <a href=${href('/audit', { tool: t.tool, since: String(c.since) })}><code>${t.tool}</code></a>
                <span>${count.format(t.calls)} ${t.calls === 1 ? 'call' : 'calls'}${share(t.calls, c.total)}</span>
              </li>`,
            )}
          </ol>`
        : html`<p class="muted">No tool calls in the last 24 hours.</p>`}
    </section>`;
  }

  recentCard() {
    if (!can('audit.read') && !can('approvals.read')) return nothing;
    return html`<section class="card" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent activity</h2>
      <pl-error .error=${this.recentError}></pl-error>
      ${this.recent.length
        ? html`<ul class="activity-list" data-testid="recent-activity">
            ${this.recent.map(
              (e) => html`<li>
                <time datetime=${isoTime(e.at)}>${formatTime(e.at)}</time>
                <span class="activity-what">
                  ${e.topic === 'approvals' && e.request_id
                    ? html`<a href=${href(`/approvals/${encodeURIComponent(e.request_id)}`)}><code>${e.tool}</code></a>`
                    : html`<code>${e.tool || e.topic}</code>`}
                  ${e.topic === 'audit'
                    ? html`<sl-badge variant=${variantOf(e.decision)}>${decisionLabel(e.decision)}</sl-badge>`
                    : nothing}
                  <span class="muted">${(e.outcome || '').replace(/_/g, ' ')}</span>
                </span>
                <span class="muted activity-who" title=${e.principal || ''}>${principalName(e.principal, this.names)}</span>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">Nothing yet. New activity appears here as it happens.</p>`}
    </section>`;
  }

  spendCard() {
    const s = this.spend;
    if (!s && !this.spendError) return nothing;
    const groups = s ? [...(s.groups || [])].sort((a, b) => b.cost_nanousd - a.cost_nanousd).slice(0, 5) : [];
    return html`<section class="card" aria-labelledby="spend-heading">
      <h2 id="spend-heading">Model spend, last ${SPEND_DAYS} days</h2>
      <pl-error .error=${this.spendError}></pl-error>
      ${s
        ? html`<p class="stat">$${Number(s.total_cost_usd).toFixed(2)}</p>
            <p class="muted">${plural(s.total_requests, 'model request')}</p>
            ${groups.length
              ? html`<ol class="rank-list">
                  ${groups.map((g) => html`<li><code>${g.key || 'unnamed'}</code><span>$${Number(g.cost_usd).toFixed(2)} · ${plural(g.requests, 'request')}</span></li>`)}
                </ol>`
              : nothing}`
        : nothing}
    </section>`;
  }

  render() {
    const nothingToShow = !can('audit.read') && !can('approvals.read');
    return html`<div class="page">
      <h1 tabindex="-1">Overview</h1>
      ${nothingToShow ? html`<p>Your role does not let you read approvals or the audit trail.</p>` : nothing}
      <div class="overview-grid">
        ${this.chartCard()} ${this.pendingCard()} ${this.busiestCard()} ${this.spendCard()} ${this.recentCard()}
      </div>
    </div>`;
  }
}

customElements.define('pl-overview-page', OverviewPage);
