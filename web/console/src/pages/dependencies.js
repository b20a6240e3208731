// #/dependencies: how a project's issues depend on each other, as a list
// a screen reader can walk: each issue with its edges grouped by type
// (depends on, blocks, related…), marked when only the text mentions the
// other issue rather than the tracker recording the link. No graph
// library: a list says the same, and issues with no edge are counted.
//
// GET /api/v1/projects, GET /api/v1/projects/{id}/dependencies.
import { html, nothing } from 'lit';
import { ProjectReportPage } from '../components/project-report-page.js';
import { plural } from '../format.js';
import { groupEdges } from '../dependency-graph.js';
import { issueLink, projectName, projectSelect, stateBadge, trackerTabs } from '../components/tracker-kit.js';

class DependenciesPage extends ProjectReportPage {
  static reportName = 'dependencies';

  target({ node, edge }) {
    return html`<li>${node.id ? issueLink(node) : html`<code>${node.key}</code>`}${edge.source === 'text'
        ? html` <span class="muted small">(mentioned in the text)</span>`
        : nothing}</li>`;
  }

  body() {
    if (this.projects && !this.projects.length) return html`<p class="empty" data-testid="empty">No project yet: add a tracker first.</p>`;
    if (this.report === false) return html`<p class="empty" data-testid="empty">This server does not map dependencies yet.</p>`;
    if (!this.report) return nothing;
    const nodes = this.report.nodes || [];
    const edges = this.report.edges || [];
    if (!edges.length) return html`<p class="empty" data-testid="empty">No issue of this project depends on another.</p>`;
    const rows = groupEdges(nodes, edges);
    const alone = nodes.filter((n) => !rows.some((r) => r.node.id === n.id)).length;
    return html`<p class="muted">${plural(edges.length, 'link')} between ${plural(rows.length, 'issue')}${alone ? `; ${plural(alone, 'issue')} with none` : ''}.</p>
      <ul class="item-list" data-testid="dependency-graph">
        ${rows.map(
          (r) => html`<li>
            <div class="item-head">${r.node.id ? issueLink(r.node) : html`<code>${r.node.key}</code>`} ${r.node.state ? stateBadge(r.node) : nothing}</div>
            <dl class="edge-groups">
              ${[...r.groups.entries()].map(([label, targets]) => html`<dt>${label}</dt><dd><ul>${targets.map((t) => this.target(t))}</ul></dd>`)}
            </dl>
          </li>`,
        )}
      </ul>`;
  }

  render() {
    const p = (this.projects || []).find((x) => x.id === this.project);
    return html`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Dependencies${p ? html`<span class="visually-hidden">: ${projectName(p)}</span>` : nothing}</h1>
        ${this.loading || this.projects === null ? html`<sl-spinner label="Loading"></sl-spinner>` : nothing}
      </div>
      ${trackerTabs('/dependencies')}
      ${this.projects && this.projects.length
        ? html`<form class="card filters-row" aria-label="Project" @submit=${(e) => e.preventDefault()}>
            ${projectSelect({ id: 'deps-project', projects: this.projects, value: this.project, any: '', onChange: (v) => this.choose(v) })}
          </form>`
        : nothing}
      <pl-error .error=${this.error}></pl-error>
      ${this.body()}
    </div>`;
  }
}

customElements.define('pl-dependencies-page', DependenciesPage);
