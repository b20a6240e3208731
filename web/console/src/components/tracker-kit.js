// What the issue-tracker pages (trackers, issues, duplicates, compliance,
// dependencies) share: their tab bar, the projects to choose from, an
// issue's link and state badge, and <pl-resolve-duplicate>, the three
// decisions on a suggested duplicate pair.
//
// GET /api/v1/projects, POST /api/v1/issues/{id}/duplicates.
import { html, nothing } from 'lit';
import { LightElement } from './light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { href } from '../router.js';
import './error-message.js';
import './admin-pages.css';
import './trackers.css';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';

const TABS = [
  ['/trackers', 'Trackers', 'trackers.read'],
  ['/issues', 'Issues', 'issues.read'],
  ['/duplicates', 'Duplicates', 'issues.read'],
  ['/compliance', 'Compliance', 'issues.read'],
  ['/dependencies', 'Dependencies', 'issues.read'],
];

/** The tracker pages' own navigation, `current` its path. */
export function trackerTabs(current) {
  return html`<nav class="tabs tracker-tabs" aria-label="Issue trackers">
    <ul>
      ${TABS.filter((t) => can(t[2])).map(
        ([path, label]) => html`<li><a href=${href(path)} aria-current=${current === path ? 'page' : 'false'}>${label}</a></li>`,
      )}
    </ul>
  </nav>`;
}

let projectsOnce = null;

/** Every project of every tracker, loaded once per page load (the pages reload it with `fresh`). */
export function loadProjects(fresh = false) {
  if (fresh || !projectsOnce) {
    projectsOnce = api('/api/v1/projects').then(
      (a) => (a.projects || []).sort((x, y) => (x.name || x.external_id).localeCompare(y.name || y.external_id)),
      (err) => {
        projectsOnce = null;
        throw err;
      },
    );
  }
  return projectsOnce;
}

/** A project's name as people read it. */
export function projectName(p) {
  return p ? p.external_id || p.name || p.id : '';
}

/**
 * A labelled <select> of projects. `any` is the label of the empty choice
 * (none: a project must be chosen).
 */
export function projectSelect({ id, projects, value, onChange, any = 'All projects' }) {
  return html`<div class="field">
    <label for=${id}>Project</label>
    <select id=${id} name="project" data-testid="project-select" @change=${(e) => onChange(e.target.value)}>
      ${any ? html`<option value="" ?selected=${!value}>${any}</option>` : nothing}
      ${(projects || []).map((p) => html`<option value=${p.id} ?selected=${p.id === value}>${projectName(p)}${p.in_scope ? '' : ' (not synced)'}</option>`)}
    </select>
  </div>`;
}

/** The project of the address, else the first synced one. */
export function chosenProject(query, projects) {
  const asked = query && query.get('project');
  if (asked) return asked;
  const p = projects.find((x) => x.in_scope) || projects[0];
  return p ? p.id : '';
}

/** Moves the address to another project without a navigation (focus stays on the select). */
export function rememberProject(page, id) {
  history.replaceState(history.state, '', `${location.pathname}${location.search}#/${page}${id ? `?project=${encodeURIComponent(id)}` : ''}`);
}

const KINDS = { issue: 'Issue', pull_request: 'Pull request', merge_request: 'Merge request' };

/** An issue's kind in words. */
export function kindLabel(kind) {
  return KINDS[kind] || kind || '';
}

/** An issue's state as a badge. */
export function stateBadge(issue) {
  if (!issue) return nothing;
  const s = String(issue.state || '');
  const variant = s === 'open' ? 'success' : s === 'closed' || s === 'merged' ? 'neutral' : 'primary';
  return html`<sl-badge variant=${variant} pill>${issue.status && issue.status !== s ? `${s} · ${issue.status}` : s || 'unknown'}</sl-badge>`;
}

/** A link to an issue's page: its key, then its title. */
export function issueLink(issue, { title = true } = {}) {
  if (!issue) return nothing;
  return html`<a href=${href(`/issues/${encodeURIComponent(issue.id)}`)} class="issue-link"
    ><code>${issue.key}</code>${title && issue.title ? html` <span>${issue.title}</span>` : nothing}</a
  >`;
}

/** A similarity (0..1) as a percentage. */
export function percent(x) {
  return x === null || x === undefined ? '' : `${Math.round(Number(x) * 100)}%`;
}

/** A 404 means the server does not have this route yet (or the thing is gone): pages show an empty state. */
export function isMissing(err) {
  return !!err && err.status === 404;
}

const RESOLUTIONS = [
  ['duplicate', 'Duplicate'],
  ['linked', 'Linked'],
  ['not_duplicate', 'Not a duplicate'],
];

/**
 * <pl-resolve-duplicate .issue .other>: decides whether `other` duplicates
 * `issue`, with an optional comment and whether to act in the tracker too
 * (close as duplicate, or link). Fires `resolved` with the API's answer.
 */
class ResolveDuplicate extends LightElement {
  static properties = {
    issue: { attribute: false },
    other: { attribute: false },
    busy: { state: true },
    error: { state: true },
    open: { state: true },
  };

  async decide(resolution) {
    const comment = this.querySelector('textarea');
    const inTracker = this.querySelector('input[type=checkbox]');
    this.busy = resolution;
    this.error = null;
    try {
      const body = { other_id: this.other.id, resolution, in_tracker: inTracker ? inTracker.checked : true };
      if (this.open && comment && comment.value.trim()) body.comment = comment.value.trim();
      const answer = await api(`/api/v1/issues/${encodeURIComponent(this.issue.id)}/duplicates`, { method: 'POST', body });
      this.dispatchEvent(new CustomEvent('resolved', { detail: { resolution, answer }, bubbles: true, composed: true }));
    } catch (err) {
      this.error = err;
    } finally {
      this.busy = '';
    }
  }

  render() {
    if (!can('issues.write')) return nothing;
    const key = this.other ? this.other.key : '';
    const id = `resolve-${this.issue.id}-${this.other.id}`;
    return html`<div class="resolve" data-testid="resolve">
      <div class="row wrap">
        ${RESOLUTIONS.map(
          ([r, label]) => html`<sl-button size="small" data-testid=${`resolve-${r}`} variant=${r === 'not_duplicate' ? 'default' : 'primary'} outline
            ?loading=${this.busy === r} ?disabled=${!!this.busy} @click=${() => this.decide(r)}>${label}<span class="visually-hidden">: ${key}</span></sl-button>`,
        )}
      </div>
      <div class="row wrap small">
        <label class="check"><input type="checkbox" checked data-testid="in-tracker" />Also in the tracker<span class="visually-hidden"> for ${key}</span></label>
        <button type="button" class="text-button" aria-expanded=${this.open ? 'true' : 'false'} aria-controls=${`${id}-more`} @click=${() => (this.open = !this.open)}>
          ${this.open ? 'No comment' : 'Add a comment'}<span class="visually-hidden"> on ${key}</span>
        </button>
      </div>
      <div id=${`${id}-more`} class="field" ?hidden=${!this.open}>
        <label for=${`${id}-comment`}>Comment on the decision <span class="muted">(optional)</span></label>
        <textarea id=${`${id}-comment`} rows="2" maxlength="4000"></textarea>
      </div>
      <pl-error .error=${this.error}></pl-error>
    </div>`;
  }
}

customElements.define('pl-resolve-duplicate', ResolveDuplicate);
