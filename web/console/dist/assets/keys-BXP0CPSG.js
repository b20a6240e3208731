import{Y as e,Z as t,c as n,f as r,l as i,o as a,p as o,r as s,t as c}from"./index-DHd_yd_J.js";import{d as l,n as u,o as d,r as f,u as p}from"./admin-pages-Ccq0LGuG.js";var m=25,h=[`agent`,`viewer`,`auditor`,`admin`,`owner`],g=class extends r{static properties={keys:{state:!0},agents:{state:!0},rolePermissions:{state:!0},users:{state:!0},error:{state:!0},showRevoked:{state:!0},keyPage:{state:!0},agentPage:{state:!0},openAgent:{state:!0},dialog:{state:!0},keyRole:{state:!0},formError:{state:!0},saving:{state:!0},formKey:{state:!0},notice:{state:!0},rowError:{state:!0}};constructor(){super(),this.showRevoked=!1,this.keyPage=0,this.agentPage=0,this.users=new Map,this.keyRole=`agent`,this.formKey=0,this.dialog=null}connectedCallback(){super.connectedCallback(),this.load()}async load(){let e=[],t=(t,n)=>i(t).then(e=>e[n]||[]).catch(t=>(e.push(t),null)),[n,r,o,s]=await Promise.all([a(`keys.read`)?t(`/api/v1/api-keys`,`api_keys`):null,a(`agents.read`)?t(`/api/v1/agents`,`agents`):null,t(`/api/v1/roles`,`roles`),a(`members.read`)?t(`/api/v1/users`,`users`):null]);this.keys=n,this.agents=r,this.rolePermissions=new Map((o||[]).map(e=>[e.role,e.permissions])),this.users=new Map((s||[]).map(e=>[e.id,e.name||e.email])),this.error=e[0]||null}ownerOf(e){if(e.agent_id){let t=(this.agents||[]).find(t=>t.id===e.agent_id);return`Agent ${t?t.name:e.agent_id}`}return e.user_id?`Person ${this.users.get(e.user_id)||e.user_id}`:`The account`}revoke(e,n=`#keys-heading`){return u(this,{label:`Revoke ${e.name}?`,message:t`<p>Calls with the key <code>${e.prefix}…</code> (${this.ownerOf(e)}) are refused from now on. This cannot be undone.</p>`,confirmLabel:`Revoke the key`,path:`/api/v1/api-keys/${encodeURIComponent(e.id)}`,done:()=>{this.keys=this.keys.map(t=>t.id===e.id?{...t,revoked_at:Date.now()}:t),this.notice=`Revoked ${e.name}.`,this.rowError=null},failed:e=>this.rowError=e,focus:n})}removeAgent(e){return u(this,{label:`Remove the agent ${e.name}?`,message:t`<p>The agent and the rules scoped to it are removed; its keys stop working.</p>`,confirmLabel:`Remove the agent`,path:`/api/v1/agents/${encodeURIComponent(e.id)}`,done:()=>{this.notice=`Removed the agent ${e.name}.`,this.rowError=null,this.load()},failed:e=>this.rowError=e,focus:`#agents-heading`})}async openForm(e){this.dialog=e,this.keyRole=`agent`,this.formError=null,this.formKey++,await this.updateComplete,this.querySelector(`#keys-dialog`).show()}async save(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=d(t),r=this.dialog;this.saving=!0,this.formError=null;try{if(r.kind===`agent`){let e={name:n.name,description:n.description||null};n.owner&&(e.owner_user_id=n.owner);let t=await i(`/api/v1/agents`,{method:`POST`,body:e});this.querySelector(`#keys-dialog`).hide(),this.notice=`Added the agent ${t.name}. Give it a key to connect it.`}else{let e={name:n.name};r.kind===`key`&&(e.role=n.role,n.scopes&&n.scopes.length&&(e.scopes=n.scopes));let t=r.kind===`agent-key`?`/api/v1/agents/${encodeURIComponent(r.agent.id)}/keys`:`/api/v1/api-keys`,a=await i(t,{method:`POST`,body:e});await this.querySelector(`#keys-dialog`).hide(),await f({label:`The new key ${a.name}`,value:a.key,testid:`new-key-value`,note:`Give it to the ${r.kind===`agent-key`?`agent ${r.agent.name}`:`client`} as its bearer token.`}),this.notice=`Created the key ${a.name} (${a.prefix}…).`}this.load()}catch(e){this.formError=e}finally{this.saving=!1}}formView(){let r=this.dialog;if(!r)return e;let i=n().me&&n().me.role,a=h.filter(e=>this.rolePermissions&&this.rolePermissions.has(e)&&(e!==`owner`||i===`owner`)),s=this.rolePermissions&&this.rolePermissions.get(this.keyRole)||[];return t`<form class="stack" @submit=${this.save} autocomplete="off">
      <div class="form-grid">
        <div class="field">
          <label for="key-name">Name</label>
          <input id="key-name" name="name" autofocus required maxlength="128" data-testid=${r.kind===`agent`?`agent-name`:`key-name`} />
        </div>
        ${r.kind===`key`?t`<div class="field">
                <label for="key-role">Role</label>
                <select id="key-role" name="role" data-testid="key-role" @change=${e=>this.keyRole=e.target.value}>
                  ${a.map(e=>t`<option value=${e} ?selected=${e===this.keyRole}>${e}</option>`)}
                </select>
              </div>
              <fieldset class="field wide">
                <legend>Narrow it to some of the role's permissions <span class="muted">(optional)</span></legend>
                <p class="hint">None ticked: everything the ${this.keyRole} role may do.</p>
                <div class="check-grid">
                  ${o(this.keyRole,s.map(e=>t`<label class="check"><input type="checkbox" name="scopes" value=${e} /><code>${e}</code></label>`))}
                </div>
              </fieldset>`:e}
        ${r.kind===`agent`?t`<div class="field wide">
                <label for="agent-description">Description <span class="muted">(optional)</span></label>
                <input id="agent-description" name="description" />
              </div>
              ${this.users.size?t`<div class="field">
                    <label for="agent-owner">Responsible person <span class="muted">(optional)</span></label>
                    <select id="agent-owner" name="owner" aria-describedby="agent-owner-hint">
                      <option value="">Nobody</option>
                      ${[...this.users].map(([e,n])=>t`<option value=${e}>${n}</option>`)}
                    </select>
                    <p class="hint" id="agent-owner-hint">Under a four-eyes workflow they cannot approve the agent's calls.</p>
                  </div>`:e}`:e}
        ${r.kind===`agent-key`?t`<p class="wide">A key with the agent role that acts as <strong>${r.agent.name}</strong>.</p>`:e}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${()=>this.querySelector(`#keys-dialog`).hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid=${r.kind===`agent`?`save-agent`:`save-key`} ?loading=${this.saving}>
          ${r.kind===`agent`?`Add the agent`:`Create the key`}
        </sl-button>
      </div>
    </form>`}keyRow(n){return t`<tr data-testid="key-row" data-key-id=${n.id} data-revoked=${n.revoked_at?`true`:`false`}>
      <td data-label="Name" class="break"><strong>${n.name}</strong></td>
      <td data-label="Key"><code>${n.prefix}…</code></td>
      <td data-label="Role">${n.role}</td>
      <td data-label="Belongs to" class="break">${this.ownerOf(n)}</td>
      <td data-label="Scopes" class="break small">${n.scopes?n.scopes.split(` `).join(`, `):t`<span class="muted">all of its role</span>`}</td>
      <td data-label="Created">${c(n.created_at)}</td>
      <td data-label="State">${n.revoked_at?t`<sl-badge variant="neutral">revoked ${c(n.revoked_at)}</sl-badge>`:t`<sl-badge variant="success">active</sl-badge>`}</td>
      <td data-label="Actions" class="actions-col">
        ${a(`keys.write`)&&!n.revoked_at?t`<sl-button size="small" variant="danger" outline data-testid="revoke-key" @click=${()=>this.revoke(n)}>Revoke<span class="visually-hidden"> ${n.name}</span></sl-button>`:e}
      </td>
    </tr>`}keysSection(){if(!this.keys)return e;let n=this.keys.filter(e=>this.showRevoked||!e.revoked_at).sort((e,t)=>t.created_at-e.created_at),{rows:r,page:i,pages:o}=p(n,this.keyPage,m),c=this.keys.filter(e=>e.revoked_at).length;return t`<section class="card stack" aria-labelledby="keys-heading">
      <div class="section-head">
        <h2 id="keys-heading" tabindex="-1">API keys</h2>
        <span class="muted small">${s(this.keys.length-c,`active key`)}</span>
        <span class="row-gap"></span>
        ${a(`keys.write`)?t`<sl-button variant="primary" size="small" data-testid="create-key" @click=${()=>this.openForm({kind:`key`})}>Create a key</sl-button>`:e}
      </div>
      ${c?t`<label class="check"><input type="checkbox" .checked=${this.showRevoked} @change=${e=>{this.showRevoked=e.target.checked,this.keyPage=0}} />Show the ${s(c,`revoked key`)}</label>`:e}
      ${r.length?t`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">API keys, newest first</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Role</th><th scope="col">Belongs to</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${r.map(e=>this.keyRow(e))}</tbody>
          </table></div>`:t`<p class="empty">No key yet.</p>`}
      ${l({page:i,pages:o,label:`Key pages`,onPage:e=>this.keyPage=e})}
    </section>`}agentRow(n){let r=(this.keys||[]).filter(e=>e.agent_id===n.id&&!e.revoked_at),i=this.openAgent===n.id;return t`<tr data-testid="agent-row" data-agent=${n.name}>
        <td data-label="Name" class="break"><div><strong>${n.name}</strong>${n.description?t`<div class="small muted">${n.description}</div>`:e}</div></td>
        <td data-label="Responsible">${n.owner_user_id?this.users.get(n.owner_user_id)||n.owner_user_id:`—`}</td>
        <td data-label="Active keys">${this.keys?r.length:`—`}</td>
        <td data-label="Created">${c(n.created_at)}</td>
        <td data-label="Actions" class="actions-col"><div class="cell-actions">
          ${this.keys?t`<sl-button size="small" aria-expanded=${i?`true`:`false`} @click=${()=>this.openAgent=i?null:n.id}>
                ${i?`Hide keys`:`Keys`}<span class="visually-hidden"> of ${n.name}</span></sl-button>`:e}
          ${a(`keys.write`)?t`<sl-button size="small" data-testid="agent-new-key" @click=${()=>this.openForm({kind:`agent-key`,agent:n})}>New key<span class="visually-hidden"> for ${n.name}</span></sl-button>`:e}
          ${a(`agents.write`)?t`<sl-button size="small" variant="danger" outline data-testid="remove-agent" @click=${()=>this.removeAgent(n)}>Remove<span class="visually-hidden"> ${n.name}</span></sl-button>`:e}
        </div></td>
      </tr>
      ${i?t`<tr class="detail-row"><td colspan="5" class="full-row">
            ${r.length?t`<ul class="plain-list">${r.map(n=>t`<li><strong>${n.name}</strong> <code>${n.prefix}…</code> · created ${c(n.created_at)}
                  ${a(`keys.write`)?t` <sl-button size="small" variant="danger" outline data-testid="revoke-key" @click=${()=>this.revoke(n,`#agents-heading`)}>Revoke<span class="visually-hidden"> ${n.name}</span></sl-button>`:e}</li>`)}</ul>`:t`<p class="muted">No active key.</p>`}
          </td></tr>`:e}`}agentsSection(){if(!this.agents)return e;let{rows:n,page:r,pages:i}=p(this.agents,this.agentPage,m);return t`<section class="card stack" aria-labelledby="agents-heading">
      <div class="section-head">
        <h2 id="agents-heading" tabindex="-1">Managed agents</h2>
        <span class="row-gap"></span>
        ${a(`agents.write`)?t`<sl-button variant="primary" size="small" data-testid="create-agent" @click=${()=>this.openForm({kind:`agent`})}>Add an agent</sl-button>`:e}
      </div>
      ${n.length?t`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">Managed agents</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Responsible</th><th scope="col">Active keys</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${n.map(e=>this.agentRow(e))}</tbody>
          </table></div>`:t`<p class="empty">No managed agent yet.</p>`}
      ${l({page:r,pages:i,label:`Agent pages`,onPage:e=>this.agentPage=e})}
    </section>`}render(){let n=this.dialog,r=n?n.kind===`agent`?`Add an agent`:n.kind===`agent-key`?`A new key for ${n.agent.name}`:`Create an API key`:``;return t`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Agents and keys</h1>
        ${this.keys===void 0&&!this.error?t`<sl-spinner label="Loading"></sl-spinner>`:e}
      </div>
      <p role="status" class="status-text">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      <pl-error .error=${this.rowError}></pl-error>
      ${this.keysSection()}
      ${this.agentsSection()}
      <sl-dialog id="keys-dialog" class="form-dialog" label=${r} @sl-after-hide=${e=>e.target===e.currentTarget&&this.formKey++}>
        ${o(this.formKey,this.formView())}
      </sl-dialog>
    </div>`}};customElements.define(`pl-keys-page`,g);