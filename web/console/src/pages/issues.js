// #/issues and #/issues/<id>: the issues synced from the trackers.
//
// The list is filtered by project, state and kind, a page at a time; typing
// in the search box (debounced) asks the search instead, which finds issues
// by their words and by their meaning, and says which found each one. An
// issue's page shows its body, labels, links and comments (and adds one, in
// the tracker), the issues that may duplicate it (each decided: duplicate,
// linked, or not a duplicate, never suggested again), how ready it is by the
// project's definition of ready, and what it depends on.
//
// GET /api/v1/issues?project_id&state&kind&limit&cursor,
// GET /api/v1/issues/search?query&project_id&limit, GET /api/v1/issues/{id},
// GET/POST /api/v1/issues/{id}/comments, GET/POST /api/v1/issues/{id}/duplicates,
// GET /api/v1/issues/{id}/compliance, GET /api/v1/issues/{id}/dependencies.
import { html, nothing } from 'lit';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { debounce } from '../debounce.js';
import { formatTime, isoTime, plural } from '../format.js';
import { href } from '../router.js';
import { isMissing, issueLink, kindLabel, loadProjects, percent, projectName, projectSelect, stateBadge, trackerTabs } from '../components/tracker-kit.js';
import { assessmentView } from '../components/issue-views.js';

const PAGE_SIZE = 25;
const DUPLICATE_THRESHOLD = 0.75;
const RESOLVED = { duplicate: 'a duplicate', linked: 'linked', not_duplicate: 'not a duplicate' };

/** The filters of the address (`#/issues?project=…&state=…&kind=…&q=…`). */
function filtersOf(query) {
  const get = (k) => (query && query.get(k)) || '';
  return { project: get('project'), state: get('state'), kind: get('kind'), q: get('q') };
}

class IssuesPage extends LightElement {
  static properties = {
    query: { attribute: false },
    projects: { state: true },
    filters: { state: true },
    issues: { state: true },
    results: { state: true },
    next: { state: true },
    pageIndex: { state: true },
    loading: { state: true },
    error: { state: true },
  };

  constructor() {
    super();
    this.projects = [];
    this.issues = null;
    this.results = null;
    this.cursors = [null];
    this.pageIndex = 0;
    this.seq = 0;
    this.searchSoon = debounce(() => this.load(), 300, 1000);
  }

  // Not connectedCallback: a lazily loaded page's properties are in place
  // only from its first update.
  willUpdate() {
    if (this.filters) return;
    this.filters = filtersOf(this.query);
    loadProjects().then((p) => (this.projects = p), (err) => (this.error = err));
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.searchSoon.cancel();
  }

  /** The address follows the filters without a navigation (which would move focus off the search box). */
  remember() {
    const f = this.filters;
    const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v)).toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}#/issues${qs ? `?${qs}` : ''}`);
  }

  set(name, value) {
    this.filters = { ...this.filters, [name]: value };
    this.remember();
    this.cursors = [null];
    this.pageIndex = 0;
    if (name === 'q') this.searchSoon();
    else this.load();
  }

  async load() {
    const seq = ++this.seq;
    const f = this.filters;
    this.loading = true;
    try {
      if (f.q.trim()) {
        const answer = await api('/api/v1/issues/search', { query: { query: f.q.trim(), project_id: f.project, limit: 50 } });
        if (seq !== this.seq) return;
        this.results = (answer.results || []).filter(
          (r) => (!f.state || r.issue.state === f.state) && (!f.kind || r.issue.kind === f.kind),
        );
      } else {
        const answer = await api('/api/v1/issues', {
          query: { project_id: f.project, state: f.state, kind: f.kind, limit: PAGE_SIZE, cursor: this.cursors[this.pageIndex] },
        });
        if (seq !== this.seq) return;
        this.results = null;
        this.issues = answer.issues || [];
        this.next = answer.next_cursor || null;
      }
      this.error = null;
    } catch (err) {
      if (seq === this.seq) this.error = err;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  older() {
    this.cursors = [...this.cursors.slice(0, this.pageIndex + 1), this.next];
    this.pageIndex += 1;
    this.load();
  }

  newer() {
    this.pageIndex = Math.max(0, this.pageIndex - 1);
    this.load();
  }

  filterForm() {
    const f = this.filters;
    return html`<form class="card filters" role="search" aria-label="Issues" @submit=${(e) => {
      e.preventDefault();
      this.searchSoon.cancel();
      this.load();
    }}>
      <div class="filters-row">
        <div class="field search">
          <label for="issue-search">Search by words or meaning</label>
          <input id="issue-search" type="search" data-testid="issue-search" spellcheck="false" .value=${f.q}
            placeholder="e.g. login fails after password reset" @input=${(e) => this.set('q', e.target.value)} aria-describedby="issue-search-hint" />
          <p class="hint" id="issue-search-hint">Finds issues that share no word with the search, too: each result says what found it.</p>
        </div>
        ${projectSelect({ id: 'issue-project', projects: this.projects, value: f.project, onChange: (v) => this.set('project', v) })}
        <div class="field">
          <label for="issue-state">State</label>
          <select id="issue-state" @change=${(e) => this.set('state', e.target.value)}>
            ${[['', 'Any'], ['open', 'Open'], ['closed', 'Closed']].map(([v, l]) => html`<option value=${v} ?selected=${f.state === v}>${l}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="issue-kind">Kind</label>
          <select id="issue-kind" @change=${(e) => this.set('kind', e.target.value)}>
            ${[['', 'Any'], ['issue', 'Issues'], ['pull_request', 'Pull requests'], ['merge_request', 'Merge requests']].map(
              ([v, l]) => html`<option value=${v} ?selected=${f.kind === v}>${l}</option>`,
            )}
          </select>
        </div>
      </div>
    </form>`;
  }

  item(issue, result) {
    const p = this.projects.find((x) => x.id === issue.project_id);
    return html`<li data-testid="issue-row" data-key=${issue.key}>
      <div class="item-head">
        ${issueLink(issue)}
        <span class="row-gap"></span>
        ${result
          ? html`<span class="badges" data-testid="matched-by">
              ${(result.matched_by || []).map((m) => html`<sl-badge variant=${m === 'similarity' ? 'primary' : 'neutral'}>${m === 'similarity' ? 'meaning' : 'words'}</sl-badge>`)}
              ${result.similarity !== null && result.similarity !== undefined ? html`<span class="small" data-testid="similarity">${percent(Math.max(0, result.similarity))} similar</span>` : nothing}
            </span>`
          : nothing}
      </div>
      <div class="row wrap small muted">
        ${stateBadge(issue)}
        <span>${kindLabel(issue.kind)}</span>
        ${p ? html`<span>· ${projectName(p)}</span>` : nothing}
        ${issue.author ? html`<span>· by ${issue.author}</span>` : nothing}
        ${issue.remote_updated_at ? html`<span>· updated <time datetime=${isoTime(issue.remote_updated_at)}>${formatTime(issue.remote_updated_at)}</time></span>` : nothing}
        ${(issue.labels || []).length ? html`<span>· ${issue.labels.join(', ')}</span>` : nothing}
      </div>
    </li>`;
  }

  list() {
    if (this.results) {
      if (!this.results.length) return html`<p class="empty" data-testid="empty">No issue matches the search.</p>`;
      return html`<p class="muted small" aria-live="polite">${plural(this.results.length, 'result')}, best first.</p>
        <ul class="item-list" data-testid="search-results">${this.results.map((r) => this.item(r.issue, r))}</ul>`;
    }
    if (this.issues === null) return nothing;
    if (!this.issues.length) return html`<p class="empty" data-testid="empty">No issue${this.pageIndex ? ' on this page' : ' yet'}.</p>`;
    return html`<ul class="item-list">${this.issues.map((i) => this.item(i))}</ul>
      <nav class="row wrap pager" aria-label="Issue pages">
        <sl-button size="small" ?disabled=${this.pageIndex === 0} @click=${() => this.newer()}>← Newer</sl-button>
        <span aria-live="polite">Page ${this.pageIndex + 1}</span>
        <sl-button size="small" ?disabled=${!this.next} @click=${() => this.older()}>Older →</sl-button>
      </nav>`;
  }

  render() {
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Issues</h1>
        ${this.loading ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
      </div>
      ${trackerTabs('/issues')}
      ${this.filterForm()}
      <pl-error .error=${this.error}></pl-error>
      ${this.list()}
    </div>`;
  }
}

customElements.define('pl-issues-page', IssuesPage);

const DEP_GROUPS = [
  ['depends_on', 'Depends on'],
  ['blocks', 'Blocks'],
  ['related', 'Related'],
  ['mentioned_by', 'Mentioned by'],
];

class IssuePage extends LightElement {
  static properties = {
    issueId: {},
    issue: { state: true },
    error: { state: true },
    comments: { state: true },
    commentsError: { state: true },
    duplicates: { state: true },
    duplicatesError: { state: true },
    assessment: { state: true },
    assessmentError: { state: true },
    deps: { state: true },
    depsError: { state: true },
    posting: { state: true },
    postError: { state: true },
    notice: { state: true },
  };

  constructor() {
    super();
    this.issue = null;
  }

  firstUpdated() {
    this.load();
  }

  get path() {
    return `/api/v1/issues/${encodeURIComponent(this.issueId)}`;
  }

  /** One part of the page: its answer in `name`, its error in `nameError` (a 404 is "none"). */
  async loadPart(name, path, query, pick = (a) => a) {
    try {
      this[name] = pick(await api(path, { query }));
      this[`${name}Error`] = null;
    } catch (err) {
      this[name] = isMissing(err) ? false : null;
      this[`${name}Error`] = isMissing(err) ? null : err;
    }
  }

  async load() {
    try {
      this.issue = await api(this.path);
      this.error = null;
    } catch (err) {
      this.error = err;
      return;
    }
    await Promise.all([
      this.loadPart('comments', `${this.path}/comments`, undefined, (a) => a.comments || []),
      this.loadDuplicates(),
      this.loadPart('assessment', `${this.path}/compliance`),
      this.loadPart('deps', `${this.path}/dependencies`),
    ]);
  }

  loadDuplicates() {
    return this.loadPart('duplicates', `${this.path}/duplicates`, { threshold: DUPLICATE_THRESHOLD });
  }

  async addComment(e) {
    e.preventDefault();
    const area = e.target.querySelector('textarea');
    const body = area.value.trim();
    if (!body) return;
    this.posting = true;
    this.postError = null;
    try {
      const c = await api(`${this.path}/comments`, { method: 'POST', body: { body } });
      area.value = '';
      this.comments = [...(this.comments || []), c && c.body ? c : { id: `new-${Date.now()}`, body, author: 'you', remote_created_at: Date.now() }];
      this.notice = 'Comment added in the tracker.';
    } catch (err) {
      this.postError = err;
    } finally {
      this.posting = false;
    }
  }

  async resolved(other, resolution) {
    this.notice = `${other.key} marked ${RESOLVED[resolution] || resolution}.`;
    await this.loadDuplicates();
    await this.updateComplete;
    const target = this.querySelector('#duplicates-heading');
    if (target) target.focus();
  }

  details(i) {
    const links = i.links || [];
    return html`<dl class="facts">
      <dt>State</dt><dd>${stateBadge(i)}</dd>
      <dt>Kind</dt><dd>${kindLabel(i.kind)}</dd>
      ${i.priority ? html`<dt>Priority</dt><dd>${i.priority}</dd>` : nothing}
      <dt>Author</dt><dd>${i.author || '—'}</dd>
      <dt>Assignees</dt><dd>${(i.assignees || []).length ? i.assignees.join(', ') : '—'}</dd>
      <dt>Labels</dt><dd>${(i.labels || []).length ? html`<ul class="chips" aria-label="Labels">${i.labels.map((l) => html`<li>${l}</li>`)}</ul>` : '—'}</dd>
      <dt>Links</dt><dd>${links.length ? html`<ul class="plain-list">${links.map((l) => html`<li>${l.type}: <code>${l.key}</code></li>`)}</ul>` : '—'}</dd>
      <dt>Created</dt><dd>${formatTime(i.remote_created_at) || '—'}</dd>
      <dt>Updated</dt><dd>${formatTime(i.remote_updated_at) || '—'}</dd>
      ${i.url ? html`<dt>In the tracker</dt><dd><a href=${i.url} target="_blank" rel="noreferrer noopener" class="break">${i.url}</a></dd>` : nothing}
    </dl>`;
  }

  commentsView() {
    return html`<section class="card stack tracker-section" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      <pl-error .error=${this.commentsError}></pl-error>
      ${this.comments === undefined
        ? html`<sl-spinner label="Loading comments"></sl-spinner>`
        : this.comments && this.comments.length
          ? html`<ul class="plain-list" data-testid="comments">
              ${this.comments.map(
                (c) => html`<li><strong>${c.author || 'someone'}</strong> <span class="muted small">${formatTime(c.remote_created_at)}</span>
                  <p class="comment">${c.body}</p></li>`,
              )}
            </ul>`
          : html`<p class="muted">No comment.</p>`}
      ${can('issues.write')
        ? html`<form class="stack" @submit=${(e) => this.addComment(e)}>
            <div class="field">
              <label for="new-comment">Add a comment <span class="muted">(posted in the tracker)</span></label>
              <textarea id="new-comment" data-testid="new-comment" rows="3" required maxlength="65000"></textarea>
            </div>
            <pl-error .error=${this.postError}></pl-error>
            <div><sl-button type="submit" data-testid="post-comment" ?loading=${this.posting}>Comment</sl-button></div>
          </form>`
        : nothing}
    </section>`;
  }

  duplicatesView(i) {
    const d = this.duplicates;
    return html`<section class="card stack tracker-section" aria-labelledby="duplicates-heading">
      <h2 id="duplicates-heading" tabindex="-1">Possible duplicates</h2>
      <pl-error .error=${this.duplicatesError}></pl-error>
      ${d === undefined
        ? html`<sl-spinner label="Loading"></sl-spinner>`
        : !d
          ? html`<p class="muted">Not available.</p>`
          : html`${d.candidates && d.candidates.length
                ? html`<ul class="item-list" data-testid="duplicate-candidates">
                    ${d.candidates.map(
                      (c) => html`<li data-testid="duplicate-candidate" data-key=${c.issue.key}>
                        <div class="item-head">${issueLink(c.issue)}<span class="row-gap"></span><span class="small">${percent(c.similarity)} similar</span></div>
                        <pl-resolve-duplicate .issue=${i} .other=${c.issue} @resolved=${(e) => this.resolved(c.issue, e.detail.resolution)}></pl-resolve-duplicate>
                      </li>`,
                    )}
                  </ul>`
                : html`<p class="muted" data-testid="no-duplicates">No issue is ${percent(d.threshold ?? DUPLICATE_THRESHOLD)} or more similar.</p>`}
              ${d.decided && d.decided.length
                ? html`<h3>Decided</h3>
                    <ul class="plain-list small" data-testid="duplicates-decided">
                      ${d.decided.map((x) => {
                        const other = x.issue_id === i.id ? x.other_id : x.issue_id;
                        return html`<li><a href=${href(`/issues/${encodeURIComponent(other)}`)}>${other}</a>: ${RESOLVED[x.resolution] || x.resolution}
                          ${x.decided_by ? html`by ${x.decided_by}` : nothing} ${x.decided_at ? html`on ${formatTime(x.decided_at)}` : nothing}
                          ${x.comment ? html`<p class="comment">${x.comment}</p>` : nothing}</li>`;
                      })}
                    </ul>`
                : nothing}`}
    </section>`;
  }

  complianceView() {
    const a = this.assessment;
    return html`<section class="card stack tracker-section" aria-labelledby="ready-heading">
      <h2 id="ready-heading">Definition of ready</h2>
      <pl-error .error=${this.assessmentError}></pl-error>
      ${a === undefined ? html`<sl-spinner label="Loading"></sl-spinner>` : a ? assessmentView(a) : html`<p class="muted" data-testid="no-compliance">No assessment on this server yet.</p>`}
    </section>`;
  }

  depsView() {
    const d = this.deps;
    // Edges carry {key, issue, type, source}; "mentioned by" lists issues themselves.
    const item = (x) =>
      html`<li>${x.issue ? issueLink(x.issue) : x.id && x.title !== undefined ? issueLink(x) : html`<code>${x.key}</code>`}${x.type ? html` <span class="muted small">(${x.type.replace(/_/g, ' ')}${x.source === 'text' ? ', from the text' : ''})</span>` : nothing}</li>`;
    const groups = d ? DEP_GROUPS.filter(([k]) => (d[k] || []).length) : [];
    return html`<section class="card stack tracker-section" aria-labelledby="deps-heading">
      <h2 id="deps-heading">Dependencies</h2>
      <pl-error .error=${this.depsError}></pl-error>
      ${d === undefined
        ? html`<sl-spinner label="Loading"></sl-spinner>`
        : !d
          ? html`<p class="muted">Not available on this server yet.</p>`
          : html`${groups.length
                ? html`<dl class="edge-groups" data-testid="dependencies">
                    ${groups.map(([k, label]) => html`<dt>${label}</dt><dd><ul>${d[k].map(item)}</ul></dd>`)}
                  </dl>`
                : html`<p class="muted">No known dependency.</p>`}
              ${(d.suggested || []).length
                ? html`<h3>Suggested</h3>
                    <ul class="plain-list small">${d.suggested.map((s) => html`<li>${s.issue ? issueLink(s.issue) : html`<code>${s.key}</code>`}${s.reason ? html` — ${s.reason}` : nothing}</li>`)}</ul>`
                : nothing}`}
    </section>`;
  }

  render() {
    const i = this.issue;
    return html`<div class="page">
      <p class="muted small"><a href=${href('/issues', i ? { project: i.project_id } : {})}>← Issues</a></p>
      <div class="page-head">
        <h1 tabindex="-1">${i ? html`<code>${i.key}</code> ${i.title}` : 'Issue'}</h1>
        ${!i && !this.error ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
      </div>
      <p role="status" class="status-text" data-testid="notice">${this.notice || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      ${i
        ? html`<div class="issue-grid">
            <div class="stack">
              <section class="card stack tracker-section" aria-labelledby="body-heading">
                <h2 id="body-heading">Description</h2>
                ${i.body ? html`<div class="issue-body" data-testid="issue-body">${i.body}</div>` : html`<p class="muted">No description.</p>`}
              </section>
              ${this.duplicatesView(i)} ${this.commentsView()}
            </div>
            <div class="stack">
              <section class="card" aria-label="Details">${this.details(i)}</section>
              ${this.complianceView()} ${this.depsView()}
            </div>
          </div>`
        : nothing}
    </div>`;
  }
}

customElements.define('pl-issue-page', IssuePage);
