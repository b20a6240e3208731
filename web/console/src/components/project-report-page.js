// A page that shows one report about a chosen project (compliance,
// dependencies): the project list, the choice remembered per page, and the
// report fetched from GET /api/v1/projects/{id}/<report>, the latest
// choice's answer winning. `report` is false where the server has no such
// report (an older server), null while there is none to show.
import { LightElement } from './light-element.js';
import { api } from '../api.js';
import { chosenProject, isMissing, loadProjects, rememberProject } from './tracker-kit.js';

export class ProjectReportPage extends LightElement {
  static properties = {
    query: { attribute: false },
    projects: { state: true },
    project: { state: true },
    report: { state: true },
    loading: { state: true },
    error: { state: true },
  };

  /** The report's name: its address under the project, and the page's. */
  static reportName = '';

  constructor() {
    super();
    this.projects = null;
    this.report = null;
    this.seq = 0;
  }

  // Not connectedCallback: a lazily loaded page's properties are in place
  // only from its first update.
  firstUpdated() {
    loadProjects().then(
      (p) => {
        this.projects = p;
        this.choose(chosenProject(this.query, p), false);
      },
      (err) => (this.error = err),
    );
  }

  choose(id, remember = true) {
    this.project = id;
    if (remember) rememberProject(this.constructor.reportName, id);
    this.load();
  }

  async load() {
    const seq = ++this.seq;
    this.report = null;
    if (!this.project) return;
    this.loading = true;
    try {
      const name = this.constructor.reportName;
      const answer = await api(`/api/v1/projects/${encodeURIComponent(this.project)}/${name}`);
      if (seq !== this.seq) return;
      this.report = answer;
      this.error = null;
    } catch (err) {
      if (seq !== this.seq) return;
      this.report = isMissing(err) ? false : null;
      this.error = isMissing(err) ? null : err;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }
}
