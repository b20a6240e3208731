// #/duplicates: issue pairs that look like duplicates across a project (or
// every project), above a similarity threshold set with a slider, each
// decided in place: a duplicate, linked, or not a duplicate (never
// suggested again).
//
// GET /api/v1/issues/duplicates?threshold&project_id&limit,
// POST /api/v1/issues/{id}/duplicates.
import { html, nothing } from 'lit';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { debounce } from '../debounce.js';
import { issueLink, loadProjects, percent, projectSelect, stateBadge, trackerTabs } from '../components/tracker-kit.js';

const DEFAULT_THRESHOLD = 0.75;
const RESOLVED = { duplicate: 'marked a duplicate', linked: 'linked', not_duplicate: 'marked not a duplicate' };

class DuplicatesPage extends LightElement {
  static properties = {
    query: { attribute: false },
    projects: { state: true },
    project: { state: true },
    threshold: { state: true },
    pairs: { state: true },
    loading: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  constructor() {
    super();
    this.projects = [];
    this.pairs = null;
    this.seq = 0;
    this.soon = debounce(() => this.load(), 250, 800);
  }

  // Not connectedCallback: a lazily loaded page's properties are in place
  // only from its first update.
  willUpdate() {
    if (this.threshold !== undefined) return;
    const q = this.query;
    this.project = (q && q.get('project')) || '';
    const t = Number(q && q.get('threshold'));
    this.threshold = t > 0 && t <= 1 ? t : DEFAULT_THRESHOLD;
    loadProjects().then((p) => (this.projects = p), (err) => (this.error = err));
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.soon.cancel();
  }

  remember() {
    const qs = new URLSearchParams();
    if (this.project) qs.set('project', this.project);
    if (this.threshold !== DEFAULT_THRESHOLD) qs.set('threshold', String(this.threshold));
    const s = qs.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}#/duplicates${s ? `?${s}` : ''}`);
  }

  async load() {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const answer = await api('/api/v1/issues/duplicates', { query: { threshold: this.threshold, project_id: this.project, limit: 50 } });
      if (seq !== this.seq) return;
      this.pairs = answer.pairs || [];
      this.error = null;
    } catch (err) {
      if (seq === this.seq) this.error = err;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  async resolved(pair, resolution) {
    this.pairs = this.pairs.filter((p) => p !== pair);
    this.notice = `${pair.issue.key} and ${pair.other.key}: ${RESOLVED[resolution] || resolution}.`;
    await this.updateComplete;
    const h = this.querySelector('#pairs-heading');
    if (h) h.focus();
  }

  pairView(pair) {
    return html`<li data-testid="duplicate-pair" data-keys=${`${pair.issue.key} ${pair.other.key}`}>
      <div class="item-head">
        <strong>${percent(pair.similarity)} similar</strong>
      </div>
      <ul class="plain-list">
        <li>${issueLink(pair.issue)} ${stateBadge(pair.issue)}</li>
        <li>${issueLink(pair.other)} ${stateBadge(pair.other)}</li>
      </ul>
      <pl-resolve-duplicate .issue=${pair.issue} .other=${pair.other} @resolved=${(e) => this.resolved(pair, e.detail.resolution)}></pl-resolve-duplicate>
    </li>`;
  }

  render() {
    const pairs = this.pairs;
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Duplicates</h1>
        ${this.loading ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
      </div>
      ${trackerTabs('/duplicates')}
      <form class="card filters-row" aria-label="Which pairs" @submit=${(e) => e.preventDefault()}>
        ${projectSelect({
          id: 'dup-project',
          projects: this.projects,
          value: this.project,
          onChange: (v) => {
            this.project = v;
            this.remember();
            this.load();
          },
        })}
        <div class="field threshold">
          <label for="dup-threshold">Similar at least: <output for="dup-threshold" data-testid="threshold">${percent(this.threshold)}</output></label>
          <input id="dup-threshold" type="range" min="0.5" max="1" step="0.01" .value=${String(this.threshold)}
            aria-valuetext=${`${percent(this.threshold)} similar`}
            @input=${(e) => {
              this.threshold = Number(e.target.value);
              this.remember();
              this.soon();
            }} />
        </div>
      </form>
      <p role="status" class="status-text" data-testid="notice">${this.notice || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      <h2 id="pairs-heading" tabindex="-1">${pairs ? `${pairs.length} pair${pairs.length === 1 ? '' : 's'}` : 'Pairs'}</h2>
      ${pairs === null
        ? nothing
        : pairs.length
          ? html`<ul class="item-list" data-testid="duplicate-pairs">${pairs.map((p) => this.pairView(p))}</ul>`
          : html`<p class="empty" data-testid="empty">No pair is ${percent(this.threshold)} or more similar.</p>`}
    </div>`;
  }
}

customElements.define('pl-duplicates-page', DuplicatesPage);
