import{$ as e,Z as t,c as n,d as r,h as i,m as a,n as o}from"./index-Dwui5pez.js";import{n as s,r as c,t as l}from"./action-icons-CZXWb8UT.js";import{i as u,o as d,s as f,t as p}from"./dialogs-C5RI8Bzs.js";/* empty css                    */var m=[`admin`,`approver`,`auditor`,`viewer`],h=class extends a{static properties={settings:{state:!0},kills:{state:!0},sso:{state:!0},groupRoles:{state:!0},errors:{state:!0},busy:{state:!0},notices:{state:!0},ssoKey:{state:!0}};constructor(){super(),this.errors={},this.notices={},this.busy=``,this.sso=void 0,this.groupRoles=[],this.ssoKey=0}connectedCallback(){super.connectedCallback(),this.load()}setError(e,t){this.errors={...this.errors,[e]:t}}say(e,t){this.notices={...this.notices,[e]:t}}async load(){let e=(e,t)=>t.catch(t=>(this.setError(e,t),null)),[t,i,a]=await Promise.all([e(`settings`,r(`/api/v1/settings`)),n(`agents.read`)?e(`kill`,r(`/api/v1/kill-switch`)):null,n(`members.read`)?r(`/api/v1/auth/sso`).catch(e=>(e.status===404||this.setError(`sso`,e),null)):void 0]);this.settings=t,this.kills=i?i.active||[]:null,this.setSso(a)}setSso(e){this.sso=e,this.groupRoles=e?e.group_roles.map(e=>({...e})):[],this.ssoKey++}async save(e,t,n){this.busy=e,this.setError(e,null),this.say(e,``);try{let r=await t();this.say(e,typeof r==`string`?r:n)}catch(t){this.setError(e,t)}finally{this.busy=``}}saveDefaults(e){e.preventDefault();let t=d(e.target);this.save(`settings`,async()=>{this.settings=await r(`/api/v1/settings`,{method:`PATCH`,body:{default_action:t.default_action,hide_default_denied:t.hide_default_denied}})},`Saved.`)}saveRedaction(e){e.preventDefault();let t=d(e.target);this.save(`redaction`,async()=>{this.settings=await r(`/api/v1/settings`,{method:`PATCH`,body:{redaction:{keys:f(t.keys),patterns:f(t.patterns)}}})},`Saved.`)}async setKill(t,n,i,a){(!i||await p({label:`Stop every tool call?`,message:e`<p>Every call of every agent and key of the account is refused, and pending approval requests are cancelled, until the switch is turned off.</p>`,confirmLabel:`Stop all tool calls`,danger:!0}))&&this.save(`kill`,async()=>{let e={scope:t,on:i};n&&(e.id=n),a&&(e.reason=a);let o=await r(`/api/v1/kill-switch`,{method:`POST`,body:e});return this.kills=o.active||[],i&&o.cancelled_requests?`The kill switch is on: tool calls are refused, and ${o.cancelled_requests} pending approval requests were cancelled.`:null},i?`The kill switch is on: tool calls are refused.`:`The kill switch is off.`)}saveSso(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=d(t),i={issuer:n.issuer,client_id:n.client_id,scopes:n.scopes||void 0,groups_claim:n.groups_claim||void 0,group_roles:this.groupRoles.filter(e=>e.group.trim()).map(e=>({group:e.group.trim(),role:e.role})),default_role:n.default_role||null,enabled:n.enabled};n.public_client?i.client_secret=null:n.client_secret&&(i.client_secret=n.client_secret),this.save(`sso`,async()=>{this.setSso(await r(`/api/v1/auth/sso`,{method:`PUT`,body:i}))},`Saved: the provider answered.`)}async removeSso(){await p({label:`Remove single sign-on?`,message:e`<p>People can no longer sign in with ${this.sso.issuer}; those without a password must be sent a reset link.</p>`,confirmLabel:`Remove`,danger:!0})&&this.save(`sso`,async()=>{await r(`/api/v1/auth/sso`,{method:`DELETE`}),this.setSso(null)},`Single sign-on is removed.`)}status(t){return e`<p role="status" class="status-text">${this.notices[t]||``}</p><pl-error .error=${this.errors[t]}></pl-error>`}defaultsSection(){let r=this.settings,i=n(`settings.write`);return e`<section class="card stack" aria-labelledby="defaults-heading">
      <h2 id="defaults-heading">Default action</h2>
      <p>What a call gets when no rule of its tool decides it: a tool without rules, or calls none of its rules match.</p>
      ${r?i?e`<form class="stack" @submit=${this.saveDefaults}>
              <div class="field" style="max-width: 22rem">
                <label for="default-action">Default action</label>
                <select id="default-action" name="default_action" data-testid="default-action">
                  ${l.map(t=>e`<option value=${t} ?selected=${t===r.default_action}>${s[t]}</option>`)}
                </select>
              </div>
              <label class="check"><input type="checkbox" name="hide_default_denied" .checked=${r.hide_default_denied} />Leave tools the default denies out of agents' tool lists</label>
              <div><sl-button type="submit" variant="primary" size="small" ?loading=${this.busy===`settings`}>Save</sl-button></div>
            </form>`:e`<p>${c(r.default_action)}${r.hide_default_denied?` · tools it denies are left out of tool lists`:``}</p>`:t}
      ${this.status(`settings`)}
      ${r?e`<p class="muted small">Policy version ${r.policy_version}.</p>`:t}
    </section>
    ${r&&r.registration_enabled!==void 0?e`<section class="card stack" aria-labelledby="registration-heading">
          <h2 id="registration-heading">Registration</h2>
          <p data-testid="registration">${r.registration_enabled?`Open: anyone can create an account of their own here (POST /api/v1/auth/register).`:`Closed: people join an account by invitation.`}</p>
          <p class="muted small">Set for the whole deployment by <code>REGISTRATION_ENABLED</code>, not per account.</p>
        </section>`:t}`}redactionSection(){let r=this.settings;if(!r)return t;let i=r.redaction||{keys:[],patterns:[]},a=n(`settings.write`);return e`<section class="card stack" aria-labelledby="redaction-heading">
      <h2 id="redaction-heading">Redaction</h2>
      <p>Beyond the built-in rules: argument keys whose values are hidden in the audit trail and approval requests, and patterns (regular expressions) hidden wherever they appear.</p>
      <form class="stack" @submit=${this.saveRedaction}>
        <div class="form-grid">
          <div class="field">
            <label for="redact-keys">Keys, one per line</label>
            <textarea id="redact-keys" name="keys" class="code" rows="4" ?readonly=${!a} .value=${i.keys.join(`
`)}></textarea>
          </div>
          <div class="field">
            <label for="redact-patterns">Patterns, one per line</label>
            <textarea id="redact-patterns" name="patterns" class="code" rows="4" ?readonly=${!a} .value=${i.patterns.join(`
`)}></textarea>
          </div>
        </div>
        ${a?e`<div><sl-button type="submit" variant="primary" size="small" ?loading=${this.busy===`redaction`}>Save</sl-button></div>`:t}
      </form>
      ${this.status(`redaction`)}
    </section>`}killSection(){if(this.kills===null&&!this.errors.kill)return t;let r=this.kills||[],i=r.find(e=>e.scope===`account`),a=r.filter(e=>e.scope!==`account`),s=n(`settings.write`);return e`<section class="card stack" aria-labelledby="kill-heading">
      <h2 id="kill-heading">Kill switch</h2>
      <p data-testid="kill-state">
        ${i?e`<sl-badge variant="danger">On</sl-badge> Since ${o(i.since)}: every tool call is refused.${i.reason?e` Reason: ${i.reason}`:t}`:e`<sl-badge variant="success">Off</sl-badge> Tool calls go through the rules.`}
      </p>
      ${s?i?e`<div><sl-button variant="primary" size="small" data-testid="kill-off" ?loading=${this.busy===`kill`} @click=${()=>this.setKill(`account`,null,!1)}>Turn it off</sl-button></div>`:e`<form class="toolbar" @submit=${e=>{e.preventDefault(),this.setKill(`account`,null,!0,e.target.elements.reason.value.trim())}}>
              <div class="field">
                <label for="kill-reason">Reason <span class="muted">(optional)</span></label>
                <input id="kill-reason" name="reason" maxlength="500" />
              </div>
              <sl-button type="submit" variant="danger" size="small" data-testid="kill-on" ?loading=${this.busy===`kill`}>Stop all tool calls</sl-button>
            </form>`:t}
      ${a.length?e`<h3>Stopped agents and keys</h3>
            <ul class="plain-list">${a.map(n=>e`<li>${n.scope===`agent`?`Agent`:`API key`} <code>${n.id}</code> since ${o(n.since)}${n.reason?`: ${n.reason}`:``}
                ${s?e` <sl-button size="small" @click=${()=>this.setKill(n.scope,n.id,!1)}>Turn off<span class="visually-hidden"> for ${n.id}</span></sl-button>`:t}</li>`)}</ul>`:t}
      ${this.status(`kill`)}
    </section>`}setGroup(e,t,n){this.groupRoles=this.groupRoles.map((r,i)=>i===e?{...r,[t]:n}:r)}groupTable(n){return e`<fieldset class="field">
      <legend>Groups → roles</legend>
      <p class="hint">People get the role of the first of their groups listed here; otherwise the default role, or no access.</p>
      ${this.groupRoles.length?e`<ol class="plain-list">
            ${this.groupRoles.map((r,i)=>e`<li class="row wrap">
                <input class="input" style="flex: 1 1 12rem; width: auto" aria-label="Group ${i+1}" ?readonly=${!n} .value=${r.group} @input=${e=>this.setGroup(i,`group`,e.target.value)} />
                <select class="input" style="flex: 0 1 10rem; width: auto" aria-label="Role of group ${i+1}" ?disabled=${!n} @change=${e=>this.setGroup(i,`role`,e.target.value)}>
                  ${m.map(t=>e`<option value=${t} ?selected=${t===r.role}>${t}</option>`)}
                </select>
                ${n?e`<sl-button size="small" @click=${()=>this.groupRoles=this.groupRoles.filter((e,t)=>t!==i)}>Remove<span class="visually-hidden"> group line ${i+1}</span></sl-button>`:t}
              </li>`)}
          </ol>`:e`<p class="muted small">No line.</p>`}
      ${n&&this.groupRoles.length<100?e`<div><sl-button size="small" @click=${()=>this.groupRoles=[...this.groupRoles,{group:``,role:`viewer`}]}>Add a line</sl-button></div>`:t}
    </fieldset>`}ssoForm(){let r=this.sso,i=n(`settings.write`);return e`<form class="stack" @submit=${this.saveSso} autocomplete="off">
      <div class="form-grid">
        <div class="field wide">
          <label for="sso-issuer">Issuer (OpenID provider)</label>
          <input id="sso-issuer" name="issuer" type="url" required ?readonly=${!i} placeholder="https://login.example.com" .value=${r?r.issuer:``} />
        </div>
        <div class="field">
          <label for="sso-client">Client ID</label>
          <input id="sso-client" name="client_id" required ?readonly=${!i} .value=${r?r.client_id:``} />
        </div>
        ${i?e`<div class="field">
              <label for="sso-secret">${r&&r.client_secret_set?`New client secret`:`Client secret`} <span class="muted">(secret)</span></label>
              <input id="sso-secret" name="client_secret" type="password" autocomplete="new-password" aria-describedby="sso-secret-hint" />
              <p class="hint" id="sso-secret-hint">${r&&r.client_secret_set?`One is set: leave this empty to keep it.`:`Empty for a public client.`} It is stored sealed and never shown.</p>
              ${r&&r.client_secret_set?e`<label class="check"><input type="checkbox" name="public_client" />Public client: forget the stored secret</label>`:t}
            </div>`:e`<p>${r&&r.client_secret_set?`A client secret is set.`:`No client secret (a public client).`}</p>`}
        <div class="field">
          <label for="sso-scopes">Scopes</label>
          <input id="sso-scopes" name="scopes" ?readonly=${!i} .value=${r?r.scopes:`email profile`} />
        </div>
        <div class="field">
          <label for="sso-claim">Groups claim</label>
          <input id="sso-claim" name="groups_claim" ?readonly=${!i} .value=${r?r.groups_claim:`groups`} />
        </div>
        <div class="wide">${this.groupTable(i)}</div>
        <div class="field">
          <label for="sso-default-role">Default role</label>
          <select id="sso-default-role" name="default_role" ?disabled=${!i}>
            <option value="" ?selected=${!r||!r.default_role}>None: refuse people in no listed group</option>
            ${m.map(t=>e`<option value=${t} ?selected=${r&&r.default_role===t}>${t}</option>`)}
          </select>
        </div>
        <div class="field">
          <label class="check"><input type="checkbox" name="enabled" ?disabled=${!i} .checked=${!r||r.enabled} />Enabled</label>
        </div>
      </div>
      ${i?e`<div class="row wrap">
            <sl-button type="submit" variant="primary" size="small" data-testid="save-sso" ?loading=${this.busy===`sso`}>Save</sl-button>
            ${r?e`<sl-button size="small" variant="danger" outline @click=${this.removeSso}>Remove single sign-on</sl-button>`:t}
          </div>`:t}
    </form>`}ssoFacts(t){return t?e`<dl class="facts">
      <dt>Issuer</dt><dd><code class="break">${t.issuer}</code></dd>
      <dt>Client ID</dt><dd><code class="break">${t.client_id}</code></dd>
      <dt>Client secret</dt><dd>${t.client_secret_set?`Set (never shown)`:`None: a public client`}</dd>
      <dt>Scopes</dt><dd>${t.scopes}</dd>
      <dt>Groups claim</dt><dd>${t.groups_claim}</dd>
      <dt>Groups → roles</dt><dd>${t.group_roles.length?t.group_roles.map(e=>`${e.group} → ${e.role}`).join(`, `):`None`}</dd>
      <dt>Default role</dt><dd>${t.default_role||`None: people in no listed group are refused`}</dd>
      <dt>Enabled</dt><dd>${t.enabled?`Yes`:`No`}</dd>
    </dl>`:e`<p>Not set up.</p>`}ssoSection(){if(this.sso===void 0&&!this.errors.sso)return t;let r=this.sso;return n(`settings.write`)?e`<section class="card stack" aria-labelledby="sso-heading">
      <h2 id="sso-heading">Single sign-on</h2>
      ${r?e`<dl class="facts">
            <dt>Redirect URI</dt><dd><code>${r.redirect_uri}</code> <button type="button" class="text-button small" @click=${()=>u(r.redirect_uri).then(e=>this.say(`sso`,e?`Copied the redirect URI.`:``))}>Copy<span class="visually-hidden"> the redirect URI</span></button></dd>
            <dt>Sign-in address</dt><dd><code class="break">${r.sign_in_url}</code></dd>
            <dt>Last changed</dt><dd>${o(r.updated_at)}</dd>
          </dl>`:e`<p>Not set up. Register this deployment at your OpenID provider (its redirect URI is shown once saved), then enter the provider here: it is checked before it is saved.</p>`}
      ${i(this.ssoKey,this.ssoForm())}
      ${this.status(`sso`)}
    </section>`:e`<section class="card stack" aria-labelledby="sso-heading">
        <h2 id="sso-heading">Single sign-on</h2>
        ${this.ssoFacts(r)}
        ${this.status(`sso`)}
      </section>`}render(){return e`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Settings</h1>
        ${this.settings===void 0&&!this.errors.settings?e`<sl-spinner label="Loading"></sl-spinner>`:t}
      </div>
      ${this.defaultsSection()}
      ${this.killSection()}
      ${this.redactionSection()}
      ${this.ssoSection()}
    </div>`}};customElements.define(`pl-settings-page`,h);