// <pl-rule-dialog>: the form that adds or changes one access rule, in a
// dialog. It takes what the rule input of
// /api/v1/tool-configurations/{id}/rules accepts (functions/api/src/
// tool_configurations.rs, RuleInput): action, CEL condition, the approval
// workflow of a require_approval rule, the message the agent gets, a
// description for approvers, an optional name, the scope (the account, one
// agent or one API key), enabled and shadow. Priority is the rule's place
// in the list, changed by reordering.
//
// The page opens it with open(rule | null) and gives `.submit`, an async
// function taking the request body; its error (the API's) is shown here.
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement } from './light-element.js';
import { ACTIONS, ACTION_LABELS } from './action-icons.js';
import './condition-editor.js';
import './error-message.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';

/** The body POST and PATCH take: empty fields are null (PATCH clears them). */
export function ruleBody(v) {
  const scope = v.scope_kind || 'account';
  return {
    name: v.name || null,
    action: v.action,
    condition: v.condition && v.condition.trim() ? v.condition : null,
    approval_policy_id: v.action === 'require_approval' && v.approval_policy_id ? v.approval_policy_id : null,
    denial_message: v.denial_message || null,
    description: v.description || null,
    scope_kind: scope,
    scope_id: scope === 'account' ? null : v.scope_id || null,
    enabled: !!v.enabled,
    shadow: !!v.shadow,
  };
}

class RuleDialog extends LightElement {
  static properties = {
    workflows: { attribute: false },
    agents: { attribute: false },
    keys: { attribute: false },
    submit: { attribute: false },
    draft: { state: true },
    error: { state: true },
    busy: { state: true },
    conditionValid: { state: true },
  };

  constructor() {
    super();
    this.opened = 0;
    this.draft = null;
    this.conditionValid = true;
  }

  /** Opens the form for `rule` (a rule of the API), or for a new rule. */
  open(rule) {
    this.editing = rule || null;
    this.draft = {
      name: (rule && rule.name) || '',
      action: (rule && rule.action) || 'require_approval',
      condition: (rule && rule.condition) || '',
      approval_policy_id: (rule && rule.approval_policy_id) || '',
      denial_message: (rule && rule.denial_message) || '',
      description: (rule && rule.description) || '',
      scope_kind: (rule && rule.scope_kind) || 'account',
      scope_id: (rule && rule.scope_id) || '',
      enabled: rule ? rule.enabled : true,
      shadow: rule ? rule.shadow : false,
    };
    this.error = null;
    this.conditionValid = true;
    this.opened++;
    this.updateComplete.then(() => this.querySelector('sl-dialog').show());
  }

  set(field, value) {
    this.draft = { ...this.draft, [field]: value };
  }

  async save(e) {
    e.preventDefault();
    if (!this.conditionValid) return;
    this.busy = true;
    this.error = null;
    try {
      await this.submit(ruleBody(this.draft), this.editing);
      this.querySelector('sl-dialog').hide();
    } catch (err) {
      this.error = err;
    } finally {
      this.busy = false;
    }
  }

  scopeTargets() {
    const d = this.draft;
    if (d.scope_kind === 'account') return nothing;
    const list = d.scope_kind === 'agent' ? this.agents : (this.keys || []).filter((k) => !k.revoked_at);
    const label = d.scope_kind === 'agent' ? 'Agent' : 'API key';
    const id = `rule-scope-id-${this.opened}`;
    if (!list) {
      // The person cannot list agents or keys: the id is typed.
      return html`<div class="field">
        <label for=${id}>${label} ID</label>
        <input id=${id} class="code" required .value=${d.scope_id} @input=${(e) => this.set('scope_id', e.target.value.trim())} />
      </div>`;
    }
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} required .value=${d.scope_id} @change=${(e) => this.set('scope_id', e.target.value)}>
        <option value="">Choose…</option>
        ${list.map((x) => html`<option value=${x.id} ?selected=${x.id === d.scope_id}>${x.name}${x.prefix ? ` (${x.prefix}…)` : ''}</option>`)}
      </select>
    </div>`;
  }

  form() {
    const d = this.draft;
    if (!d) return nothing;
    const n = this.opened;
    const holds = d.action !== 'allow';
    return html`<form class="stack" @submit=${this.save} novalidate>
      <div class="form-grid">
        <div class="field">
          <label for="rule-action-${n}">Action</label>
          <select id="rule-action-${n}" data-testid="rule-action" autofocus .value=${d.action} @change=${(e) => this.set('action', e.target.value)}>
            ${ACTIONS.map((a) => html`<option value=${a} ?selected=${a === d.action}>${ACTION_LABELS[a]}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="rule-name-${n}">Name <span class="muted">(optional)</span></label>
          <input id="rule-name-${n}" data-testid="rule-name" maxlength="128" .value=${d.name} @input=${(e) => this.set('name', e.target.value.trim())} />
        </div>
        <div class="wide">
          ${keyed(
            n,
            html`<pl-condition-editor
              label="Condition"
              .value=${d.condition}
              @condition-change=${(e) => {
                this.draft = { ...this.draft, condition: e.detail.value };
                this.conditionValid = e.detail.valid;
              }}
            ></pl-condition-editor>`,
          )}
        </div>
        ${d.action === 'require_approval'
          ? html`<div class="field wide">
              <label for="rule-workflow-${n}">Approval workflow</label>
              <select id="rule-workflow-${n}" .value=${d.approval_policy_id} @change=${(e) => this.set('approval_policy_id', e.target.value)}>
                <option value="">The tool's workflow, else the account's default</option>
                ${(this.workflows || []).map(
                  (w) => html`<option value=${w.id} ?selected=${w.id === d.approval_policy_id}>${w.name}${w.is_default ? ' (default)' : ''}</option>`,
                )}
              </select>
            </div>`
          : nothing}
        ${holds
          ? html`<div class="field wide">
              <label for="rule-message-${n}">Message to the agent</label>
              <textarea id="rule-message-${n}" rows="2" .value=${d.denial_message} @input=${(e) => this.set('denial_message', e.target.value)}></textarea>
              <p class="hint">What the agent is told when its call is ${d.action === 'deny' ? 'refused' : 'held for approval'}.</p>
            </div>`
          : nothing}
        <div class="field wide">
          <label for="rule-description-${n}">Description <span class="muted">(shown to approvers)</span></label>
          <input id="rule-description-${n}" .value=${d.description} @input=${(e) => this.set('description', e.target.value)} />
        </div>
        <div class="field">
          <label for="rule-scope-${n}">Applies to</label>
          <select id="rule-scope-${n}" .value=${d.scope_kind} @change=${(e) => this.draft = { ...this.draft, scope_kind: e.target.value, scope_id: '' }}>
            <option value="account" ?selected=${d.scope_kind === 'account'}>Every caller of the account</option>
            <option value="agent" ?selected=${d.scope_kind === 'agent'}>One managed agent</option>
            <option value="api_key" ?selected=${d.scope_kind === 'api_key'}>One API key</option>
          </select>
        </div>
        ${this.scopeTargets()}
        <div class="field wide">
          <label class="check"><input type="checkbox" .checked=${d.enabled} @change=${(e) => this.set('enabled', e.target.checked)} />Enabled</label>
          <label class="check"><input type="checkbox" .checked=${d.shadow} @change=${(e) => this.set('shadow', e.target.checked)} />Shadow: evaluate and record what it would decide, never enforce</label>
        </div>
      </div>
      <pl-error .error=${this.error}></pl-error>
      <div class="form-actions">
        <sl-button @click=${() => this.querySelector('sl-dialog').hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-rule" ?loading=${this.busy} ?disabled=${!this.conditionValid}>
          ${this.editing ? 'Save the rule' : 'Add the rule'}
        </sl-button>
      </div>
    </form>`;
  }

  render() {
    return html`<sl-dialog class="form-dialog wide" label=${this.editing ? 'Edit the rule' : 'Add a rule'}>${this.form()}</sl-dialog>`;
  }
}

customElements.define('pl-rule-dialog', RuleDialog);
