// <pl-approval-workflows .users=… .teams=…>: approval workflows — who
// decides a call sent for approval (people and teams; nobody named: the
// account's admins), how many distinct approvals it takes, how long they
// have, who is asked next when nobody answers, where they are notified,
// whether the agent waits or comes back (async), the justification asked
// of the agent, four eyes, and which workflow is the default.
//
// GET/POST /api/v1/approval-policies, PATCH/DELETE
// /api/v1/approval-policies/{id} (fields: functions/api/src/
// approval_policies.rs PolicyInput; limits: shared/core/src/approval).
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement } from './light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { confirmThenDelete } from './dialogs.js';
import { formValues, nameOf, seconds } from './admin-kit.js';
import './error-message.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';

const CHANNELS = ['email', 'slack', 'mattermost', 'webhook', 'push'];
const UNITS = { s: 1, min: 60, h: 3600, d: 86_400 };
/** The most workflows listed (an account has a handful). */
const SHOWN = 100;

/** Seconds as the largest unit that divides them: 600 → [10, 'min']. */
export function splitDuration(total) {
  for (const [unit, n] of [['d', 86_400], ['h', 3600], ['min', 60]]) if (total >= n && total % n === 0) return [total / n, unit];
  return [total, 's'];
}

function durationField(id, label, total, hint) {
  const [n, unit] = splitDuration(total);
  return html`<fieldset class="field">
    <legend>${label}</legend>
    <div class="row">
      <input id=${id} name="${id}_n" type="number" min="1" step="1" required .value=${String(n)} aria-label="${label}: amount" style="max-width: 7rem" />
      <select name="${id}_unit" aria-label="${label}: unit" style="max-width: 8rem">
        ${Object.keys(UNITS).map((u) => html`<option value=${u} ?selected=${u === unit}>${u}</option>`)}
      </select>
    </div>
    ${hint ? html`<p class="hint">${hint}</p>` : nothing}
  </fieldset>`;
}

class ApprovalWorkflows extends LightElement {
  static properties = {
    users: { attribute: false },
    teams: { attribute: false },
    workflows: { state: true },
    editing: { state: true },
    escalate: { state: true },
    error: { state: true },
    formError: { state: true },
    saving: { state: true },
    notice: { state: true },
    formKey: { state: true },
  };

  constructor() {
    super();
    this.workflows = null;
    this.formKey = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.workflows = (await api('/api/v1/approval-policies')).approval_policies || [];
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  names() {
    return new Map([...(this.users || []).map((u) => [u.id, u.name || u.email]), ...(this.teams || []).map((t) => [t.id, `team ${t.name}`])]);
  }

  async openForm(w) {
    this.editing = w || null;
    this.escalate = !!(w && w.escalation);
    this.formError = null;
    this.formKey++;
    await this.updateComplete;
    this.querySelector('#workflow-dialog').show();
  }

  body(v) {
    const dur = (id) => Number(v[`${id}_n`]) * UNITS[v[`${id}_unit`]];
    return {
      name: v.name,
      description: v.description || null,
      approver_user_ids: v.approver_users || [],
      approver_team_ids: v.approver_teams || [],
      approvals_required: Number(v.approvals_required),
      timeout_seconds: dur('timeout'),
      escalation: this.escalate
        ? { after_seconds: dur('escalate_after'), user_ids: v.escalation_users || [], team_ids: v.escalation_teams || [] }
        : null,
      notification_channels: v.channels || [],
      async_approval: v.async_approval,
      justification: v.justification || null,
      is_default: v.is_default,
      require_different_person: v.require_different_person,
    };
  }

  async save(e) {
    e.preventDefault();
    const form = e.target;
    if (!form.reportValidity()) return;
    this.saving = true;
    this.formError = null;
    try {
      const body = this.body(formValues(form));
      const w = this.editing;
      const saved = w
        ? await api(`/api/v1/approval-policies/${encodeURIComponent(w.id)}`, { method: 'PATCH', body })
        : await api('/api/v1/approval-policies', { method: 'POST', body });
      this.querySelector('#workflow-dialog').hide();
      this.notice = `Saved the workflow ${saved.name}.`;
      this.load();
    } catch (err) {
      this.formError = err;
    } finally {
      this.saving = false;
    }
  }

  removeWorkflow(w) {
    return confirmThenDelete(this, {
      label: `Remove the workflow ${w.name}?`,
      message: html`<p>Rules that name it can no longer send calls to it.</p>`,
      confirmLabel: 'Remove',
      path: `/api/v1/approval-policies/${encodeURIComponent(w.id)}`,
      done: () => {
        this.notice = `Removed the workflow ${w.name}.`;
        this.load();
      },
      failed: (err) => (this.error = err),
      focus: '.status-text',
    });
  }

  checks(name, list, chosen, label) {
    return html`<fieldset class="field">
      <legend>${label}</legend>
      ${list.length
        ? html`<div class="check-grid scroll">${list.map(
            (x) => html`<label class="check"><input type="checkbox" name=${name} value=${x.id} ?checked=${chosen.includes(x.id)} />${x.label}</label>`,
          )}</div>`
        : html`<p class="hint">None in the account.</p>`}
    </fieldset>`;
  }

  formView() {
    const w = this.editing;
    const users = (this.users || []).filter((u) => !u.disabled_at).map((u) => ({ id: u.id, label: u.name || u.email }));
    const teams = (this.teams || []).map((t) => ({ id: t.id, label: t.name }));
    const esc = (w && w.escalation) || { after_seconds: 300, user_ids: [], team_ids: [] };
    return html`<form class="stack" @submit=${this.save} novalidate>
      <div class="form-grid">
        <div class="field">
          <label for="wf-name">Name</label>
          <input id="wf-name" name="name" autofocus required maxlength="128" .value=${w ? w.name : ''} data-testid="workflow-name" />
        </div>
        <div class="field">
          <label for="wf-quorum">Approvals needed</label>
          <input id="wf-quorum" name="approvals_required" type="number" min="1" max="10" required .value=${String(w ? w.approvals_required : 1)} aria-describedby="wf-quorum-hint" />
          <p class="hint" id="wf-quorum-hint">Distinct people, 1 to 10.</p>
        </div>
        <div class="field wide">
          <label for="wf-description">Description <span class="muted">(optional)</span></label>
          <input id="wf-description" name="description" .value=${(w && w.description) || ''} />
        </div>
        <div class="wide">${this.checks('approver_users', users, (w && w.approver_user_ids) || [], 'Approvers: people')}</div>
        <div class="wide">${this.checks('approver_teams', teams, (w && w.approver_team_ids) || [], 'Approvers: teams')}</div>
        <p class="hint wide">Nobody ticked: the account's admins decide.</p>
        ${durationField('timeout', 'Time to decide', w ? w.timeout_seconds : 600, 'From 30 s to 30 days; then the request expires.')}
        <div class="field">
          <label for="wf-justification">Justification from the agent</label>
          <select id="wf-justification" name="justification">
            <option value="" ?selected=${!w || !w.justification}>Not asked</option>
            <option value="optional" ?selected=${w && w.justification === 'optional'}>Optional</option>
            <option value="required" ?selected=${w && w.justification === 'required'}>Required</option>
          </select>
        </div>
        <fieldset class="field wide">
          <legend>Notify through</legend>
          <div class="check-grid">${CHANNELS.map(
            (c) => html`<label class="check"><input type="checkbox" name="channels" value=${c} ?checked=${(w ? w.notification_channels : ['email']).includes(c)} />${c}</label>`,
          )}</div>
        </fieldset>
        <div class="field wide">
          <label class="check"><input type="checkbox" name="async_approval" .checked=${!!(w && w.async_approval)} />Asynchronous: the agent gets a request id at once and checks back, instead of waiting</label>
          <label class="check"><input type="checkbox" name="require_different_person" .checked=${!!(w && w.require_different_person)} />Four eyes: the person behind the calling key cannot approve</label>
          <label class="check"><input type="checkbox" name="is_default" .checked=${!!(w && w.is_default)} />The account's default workflow</label>
          <label class="check"><input type="checkbox" .checked=${this.escalate} @change=${(e) => (this.escalate = e.target.checked)} />Escalate when nobody answers in time</label>
        </div>
        ${this.escalate
          ? html`${durationField('escalate_after', 'Escalate after', esc.after_seconds, 'Less than the time to decide.')}
              <div class="wide">${this.checks('escalation_users', users, esc.user_ids, 'Escalate to: people')}</div>
              <div class="wide">${this.checks('escalation_teams', teams, esc.team_ids, 'Escalate to: teams')}</div>`
          : nothing}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${() => this.querySelector('#workflow-dialog').hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-workflow" ?loading=${this.saving}>${w ? 'Save' : 'Create the workflow'}</sl-button>
      </div>
    </form>`;
  }

  row(w, names) {
    const who = [...w.approver_user_ids, ...w.approver_team_ids].map((id) => nameOf(names, id));
    return html`<tr data-testid="workflow-row" data-workflow=${w.name}>
      <td data-label="Name" class="break"><div><strong>${w.name}</strong>${w.is_default ? html` <sl-badge variant="primary" pill>default</sl-badge>` : nothing}
        ${w.description ? html`<div class="small muted">${w.description}</div>` : nothing}</div></td>
      <td data-label="Approvers" class="break">${who.length ? who.join(', ') : html`<span class="muted">the account's admins</span>`}</td>
      <td data-label="Needs">${w.approvals_required}${w.require_different_person ? ', four eyes' : ''}</td>
      <td data-label="Time"><div>${seconds(w.timeout_seconds)}${w.escalation ? html`<div class="small muted">escalates after ${seconds(w.escalation.after_seconds)}</div>` : nothing}</div></td>
      <td data-label="Notifies">${w.notification_channels.join(', ') || '—'}</td>
      <td data-label="Mode"><div>${w.async_approval ? 'asynchronous' : 'agent waits'}${w.justification ? html`<div class="small muted">justification ${w.justification}</div>` : nothing}</div></td>
      <td data-label="Actions" class="actions-col">
        ${can('policies.write')
          ? html`<div class="cell-actions">
              <sl-button size="small" @click=${() => this.openForm(w)}>Edit<span class="visually-hidden"> ${w.name}</span></sl-button>
              <sl-button size="small" variant="danger" outline @click=${() => this.removeWorkflow(w)}>Remove<span class="visually-hidden"> ${w.name}</span></sl-button>
            </div>`
          : nothing}
      </td>
    </tr>`;
  }

  render() {
    const list = (this.workflows || []).slice(0, SHOWN);
    const names = this.names();
    return html`<div class="stack">
      <div class="section-head">
        <p class="muted">Rules that require approval send calls to a workflow: theirs, their tool's, else the default.</p>
        <span class="row-gap"></span>
        ${can('policies.write') ? html`<sl-button variant="primary" size="small" data-testid="create-workflow" @click=${() => this.openForm(null)}>Create a workflow</sl-button>` : nothing}
      </div>
      <p role="status" class="status-text" tabindex="-1">${this.notice || ''}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.workflows === null
        ? nothing
        : list.length
          ? html`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Approval workflows</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Approvers</th><th scope="col">Needs</th><th scope="col">Time</th><th scope="col">Notifies</th><th scope="col">Mode</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${list.map((w) => this.row(w, names))}</tbody>
            </table></div>`
          : html`<p class="empty">No workflow yet: calls that need approval go to the account's admins.</p>`}
      <sl-dialog id="workflow-dialog" class="form-dialog wide" label=${this.editing ? `Edit ${this.editing.name}` : 'Create a workflow'}
        @sl-after-hide=${(e) => e.target === e.currentTarget && this.formKey++}>
        ${keyed(this.formKey, this.formView())}
      </sl-dialog>
    </div>`;
  }
}

customElements.define('pl-approval-workflows', ApprovalWorkflows);
