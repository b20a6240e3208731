// #/tools/<name>: one tool — where it comes from, its configuration
// (enabled, argument checking, justification, its approval workflow), its
// ordered rules (add, edit, delete, reorder by drag and drop or keyboard),
// and "Try it" against the rules in force.
//
// GET/POST /api/v1/tool-configurations (a tool is configured when its first
// rule is added: POST with tool_name and that rule), PATCH/DELETE
// /api/v1/tool-configurations/{id}, POST …/{id}/rules, PATCH/DELETE
// …/{id}/rules/{rule_id}, POST …/{id}/rules/reorder {rule_ids},
// GET /api/v1/approval-policies, /api/v1/agents and /api/v1/api-keys (names
// for scopes, when readable), GET /api/v1/mcp-servers and its tools (the
// tool's description and input schema, for sample arguments).
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { LightElement } from '../components/light-element.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { href } from '../router.js';
import { plural } from '../format.js';
import { actionView } from '../components/action-icons.js';
import { confirmThenDelete } from '../components/dialogs.js';
import { BUILTIN_TOOLS, serverOf, toolSummary } from '../components/tool-catalog.js';
import '../components/error-message.js';
import '../components/rule-list.js';
import '../components/rule-dialog.js';
import '../components/try-policy.js';
import '../components/admin-pages.css';
import '@shoelace-style/shoelace/dist/components/switch/switch.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';

/** Sample arguments from an input schema: its required properties, empty. */
export function sampleArguments(schema) {
  const props = (schema && schema.properties) || {};
  const keys = (schema && Array.isArray(schema.required) && schema.required.length ? schema.required : Object.keys(props)).slice(0, 8);
  const empty = { number: 0, integer: 0, boolean: false, array: [], object: {} };
  const out = {};
  for (const k of keys) {
    const type = props[k] && props[k].type;
    out[k] = type in empty ? empty[type] : '';
  }
  return JSON.stringify(out, null, 2);
}

const orNull = (p) => p.catch(() => null);

class ToolPage extends LightElement {
  static properties = {
    toolName: {},
    config: { state: true },
    loaded: { state: true },
    error: { state: true },
    configError: { state: true },
    rulesError: { state: true },
    source: { state: true },
    workflows: { state: true },
    agents: { state: true },
    keys: { state: true },
    defaultAction: { state: true },
  };

  constructor() {
    super();
    this.config = null;
    this.loaded = false;
  }

  get writable() {
    return can('policies.write');
  }

  willUpdate(changed) {
    if (changed.has('toolName')) this.load();
  }

  async load() {
    const name = this.toolName;
    try {
      const [configs, settings, workflows, servers, agents, keys] = await Promise.all([
        api('/api/v1/tool-configurations').then((a) => a.tool_configurations || []),
        orNull(api('/api/v1/settings')),
        orNull(api('/api/v1/approval-policies').then((a) => a.approval_policies || [])),
        can('servers.read') ? orNull(api('/api/v1/mcp-servers').then((a) => a.mcp_servers || [])) : null,
        can('agents.read') ? orNull(api('/api/v1/agents').then((a) => a.agents || [])) : null,
        can('keys.read') ? orNull(api('/api/v1/api-keys').then((a) => a.api_keys || [])) : null,
      ]);
      if (name !== this.toolName) return;
      this.config = configs.find((c) => c.tool_name === name) || null;
      this.defaultAction = (settings && settings.default_action) || 'deny';
      this.workflows = workflows || [];
      this.agents = agents || undefined;
      this.keys = keys || undefined;
      this.source = await this.findSource(name, servers || []);
      this.error = null;
    } catch (err) {
      this.error = err;
    } finally {
      this.loaded = true;
    }
  }

  /** Where the tool comes from, with its definition when it can be read. */
  async findSource(name, servers) {
    const builtin = BUILTIN_TOOLS.find((t) => t.name === name);
    if (builtin) return { kind: 'builtin', tool: builtin };
    const found = serverOf(servers, name);
    if (!found) return { kind: 'none' };
    const tools = await orNull(api(`/api/v1/mcp-servers/${encodeURIComponent(found.server.id)}/tools`).then((a) => a.tools || []));
    return { kind: 'server', server: found.server, tool: (tools || []).find((t) => t.name === found.own) || null };
  }

  /** The configuration afresh, after any change (the server orders its rules). */
  async reloadConfig() {
    if (!this.config) return;
    this.config = await api(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}`);
  }

  async patchConfig(fields, e) {
    this.configError = null;
    try {
      this.config = await api(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}`, { method: 'PATCH', body: fields });
    } catch (err) {
      this.configError = err;
      // Back to what is stored (selects follow this.config through live()).
      if (e && e.target) e.target.checked = !e.target.checked;
      this.config = { ...this.config };
    }
  }

  removeConfig() {
    return confirmThenDelete(this, {
      label: 'Remove the configuration?',
      message: html`<p>All ${plural(this.config.rules.length, 'rule')} and settings of <code>${this.toolName}</code> are removed. Its calls then get the account's default action (${this.defaultAction}).</p>`,
      confirmLabel: 'Remove',
      path: `/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}`,
      done: () => {
        this.config = null;
        this.configError = null;
      },
      failed: (err) => (this.configError = err),
      focus: '#config-heading',
    });
  }

  /** The rule dialog's submit: add (configuring the tool if it is not yet) or change. */
  submitRule = async (body, editing) => {
    this.rulesError = null;
    if (editing) {
      await api(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules/${encodeURIComponent(editing.id)}`, { method: 'PATCH', body });
      await this.reloadConfig();
    } else if (this.config) {
      await api(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules`, { method: 'POST', body });
      await this.reloadConfig();
    } else {
      this.config = await api('/api/v1/tool-configurations', {
        method: 'POST',
        body: { tool_name: this.toolName, tool_source: this.source && this.source.kind === 'builtin' ? 'builtin' : 'mcp', rules: [body] },
      });
    }
  };

  deleteRule(rule) {
    return confirmThenDelete(this, {
      label: 'Delete the rule?',
      message: html`<p>The rule <strong>${rule.name || rule.id}</strong> (${rule.action}${rule.condition ? html`, when <code>${rule.condition}</code>` : ''}) is deleted.</p>`,
      confirmLabel: 'Delete',
      path: `/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules/${encodeURIComponent(rule.id)}`,
      done: async () => {
        this.rulesError = null;
        await this.reloadConfig();
      },
      failed: (err) => (this.rulesError = err),
      focus: '#rules-heading',
    });
  }

  async reorder(e) {
    const list = e.currentTarget;
    try {
      const answer = await api(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules/reorder`, {
        method: 'POST',
        body: { rule_ids: e.detail.ids },
      });
      this.config = { ...this.config, rules: answer.rules };
      this.rulesError = null;
      list.announce(`${e.detail.text} The new order is saved.`);
    } catch (err) {
      this.rulesError = err;
      list.announce(`The new order could not be saved, so it is back as it was: ${err.message}`);
      await this.reloadConfig().catch(() => {});
    }
  }

  openRule(rule) {
    this.querySelector('pl-rule-dialog').open(rule);
  }

  sourceLine() {
    const s = this.source;
    if (!s) return nothing;
    if (s.kind === 'builtin') return html`<p>Built into Preloop.</p>`;
    if (s.kind === 'none') return html`<p class="muted">No scanned server offers a tool by this name.</p>`;
    return html`<p>From the server <strong>${s.server.name}</strong>${s.tool && s.tool.name !== this.toolName ? html`, where it is <code>${s.tool.name}</code>` : nothing}.</p>`;
  }

  configSection() {
    const c = this.config;
    if (this.source && this.source.kind === 'builtin' && !c) {
      return html`<p data-testid="builtin-note">
        Preloop answers this tool itself, before any rule: rules do not apply to it. The kill switch and rate limits do.
      </p>`;
    }
    if (!c) {
      return html`<p>
        Not configured: every call gets the account's default action, ${actionView(this.defaultAction)}.
        ${this.writable ? 'Adding a rule configures the tool.' : ''}
      </p>`;
    }
    const w = this.writable;
    const wf = (this.workflows || []).find((x) => x.id === c.approval_policy_id);
    if (!w) {
      return html`<dl class="facts">
        <dt>Enabled</dt><dd>${c.is_enabled ? 'Yes' : 'No: every call is refused'}</dd>
        <dt>Arguments checked</dt><dd>${c.validate_arguments ? 'Against the tool’s input schema' : 'No'}</dd>
        <dt>Justification</dt><dd>${c.justification || 'As its workflow says'}</dd>
        <dt>Approval workflow</dt><dd>${wf ? wf.name : 'The account’s default'}</dd>
      </dl>`;
    }
    return html`<div class="stack">
      <div class="switches">
        <sl-switch data-testid="tool-enabled" ?checked=${c.is_enabled} @sl-change=${(e) => this.patchConfig({ is_enabled: e.target.checked }, e)}>Enabled</sl-switch>
        <sl-switch data-testid="tool-validate" ?checked=${c.validate_arguments} @sl-change=${(e) => this.patchConfig({ validate_arguments: e.target.checked }, e)}>
          Check arguments against the input schema
        </sl-switch>
      </div>
      <div class="form-grid">
        <div class="field">
          <label for="tool-justification">Justification from the agent</label>
          <select id="tool-justification" data-testid="tool-justification" .value=${live(c.justification || '')} @change=${(e) => this.patchConfig({ justification: e.target.value || null })}>
            <option value="" ?selected=${!c.justification}>As its approval workflow says</option>
            <option value="required" ?selected=${c.justification === 'required'}>Required</option>
            <option value="optional" ?selected=${c.justification === 'optional'}>Optional</option>
          </select>
        </div>
        <div class="field">
          <label for="tool-workflow">Approval workflow of its rules</label>
          <select id="tool-workflow" .value=${live(c.approval_policy_id || '')} @change=${(e) => this.patchConfig({ approval_policy_id: e.target.value || null })}>
            <option value="" ?selected=${!c.approval_policy_id}>The account's default</option>
            ${(this.workflows || []).map((x) => html`<option value=${x.id} ?selected=${x.id === c.approval_policy_id}>${x.name}</option>`)}
          </select>
        </div>
      </div>
      <div><sl-button size="small" variant="danger" outline @click=${this.removeConfig}>Remove the configuration</sl-button></div>
    </div>`;
  }

  rulesSection() {
    const rules = (this.config && this.config.rules) || [];
    const summary = toolSummary(this.config, this.defaultAction);
    return html`<section class="card stack" aria-labelledby="rules-heading">
      <div class="section-head">
        <h2 id="rules-heading" tabindex="-1">Rules</h2>
        <span class="row-gap"></span>
        ${this.writable ? html`<sl-button variant="primary" size="small" data-testid="add-rule" @click=${() => this.openRule(null)}>Add a rule</sl-button>` : nothing}
      </div>
      <pl-error .error=${this.rulesError}></pl-error>
      ${rules.length
        ? html`<pl-rule-list
            .rules=${rules}
            ?editable=${this.writable}
            .workflowNames=${new Map((this.workflows || []).map((w) => [w.id, w.name]))}
            .scopeNames=${new Map([...(this.agents || []), ...(this.keys || [])].map((x) => [x.id, x.name]))}
            @reorder=${this.reorder}
            @edit-rule=${(e) => this.openRule(e.detail.rule)}
            @delete-rule=${(e) => this.deleteRule(e.detail.rule)}
          ></pl-rule-list>`
        : html`<p class="muted">No rules.</p>`}
      <p class="muted small" data-testid="tool-fallback">
        ${summary.disabled
          ? html`The tool is disabled: every call is refused, whatever its rules.`
          : summary.category === 'default'
            ? html`Calls no rule decides get the account's default: ${actionView(this.defaultAction)}.`
            : html`Calls the conditional rules above it do not catch reach an account-wide rule without a condition: ${actionView(summary.action)}.`}
      </p>
    </section>`;
  }

  render() {
    const t = this.source && this.source.tool;
    return html`<div class="page">
      <p><a href=${href('/tools')}>← All tools</a></p>
      <div class="page-head">
        <h1 tabindex="-1" class="break"><code>${this.toolName}</code></h1>
        ${this.loaded ? nothing : html`<sl-spinner label="Loading"></sl-spinner>`}
      </div>
      <pl-error .error=${this.error}></pl-error>
      ${this.loaded && !this.error
        ? html`${this.sourceLine()}
            ${t && (t.title || t.description) ? html`<p class="prewrap">${t.title ? html`<strong>${t.title}.</strong> ` : nothing}${t.description || ''}</p>` : nothing}
            <section class="card stack" aria-labelledby="config-heading">
              <h2 id="config-heading" tabindex="-1">Configuration</h2>
              <pl-error .error=${this.configError}></pl-error>
              ${this.configSection()}
            </section>
            ${this.source && this.source.kind === 'builtin' && !this.config ? nothing : this.rulesSection()}
            ${this.source && this.source.kind === 'builtin' ? nothing : html`<section class="card stack" aria-labelledby="try-heading">
              <h2 id="try-heading">Try it</h2>
              <p class="muted small">What the rules in force decide for a call with these arguments, made with your credential. Nothing is called or recorded.</p>
              <pl-try-policy
                tool=${this.toolName}
                .sample=${sampleArguments(t && (t.input_schema || t.inputSchema))}
                .keys=${(this.keys || []).filter((k) => !k.revoked_at)}
              ></pl-try-policy>
            </section>`}
            <pl-rule-dialog .workflows=${this.workflows} .agents=${this.agents} .keys=${this.keys} .submit=${this.submitRule}></pl-rule-dialog>`
        : nothing}
    </div>`;
  }
}

customElements.define('pl-tool-page', ToolPage);
