import{$ as e,Z as t,c as n,d as r,h as i,i as a,m as o,n as s,u as c}from"./index-Dwui5pez.js";import{d as l,n as u,o as d,r as f,u as p}from"./dialogs-C5RI8Bzs.js";/* empty css                    */var m=25,h=[`agent`,`viewer`,`auditor`,`admin`,`owner`],g=class extends o{static properties={keys:{state:!0},agents:{state:!0},rolePermissions:{state:!0},users:{state:!0},error:{state:!0},showRevoked:{state:!0},keyPage:{state:!0},agentPage:{state:!0},openAgent:{state:!0},dialog:{state:!0},keyRole:{state:!0},formError:{state:!0},saving:{state:!0},formKey:{state:!0},notice:{state:!0},rowError:{state:!0}};constructor(){super(),this.showRevoked=!1,this.keyPage=0,this.agentPage=0,this.users=new Map,this.keyRole=`agent`,this.formKey=0,this.dialog=null}connectedCallback(){super.connectedCallback(),this.load()}async load(){let e=[],t=(t,n)=>r(t).then(e=>e[n]||[]).catch(t=>(e.push(t),null)),[i,a,o,s]=await Promise.all([n(`keys.read`)?t(`/api/v1/api-keys`,`api_keys`):null,n(`agents.read`)?t(`/api/v1/agents`,`agents`):null,t(`/api/v1/roles`,`roles`),n(`members.read`)?t(`/api/v1/users`,`users`):null]);this.keys=i,this.agents=a,this.rolePermissions=new Map((o||[]).map(e=>[e.role,e.permissions])),this.users=new Map((s||[]).map(e=>[e.id,e.name||e.email])),this.error=e[0]||null}ownerOf(e){if(e.agent_id){let t=(this.agents||[]).find(t=>t.id===e.agent_id);return`Agent ${t?t.name:e.agent_id}`}return e.user_id?`Person ${this.users.get(e.user_id)||e.user_id}`:`The account`}revoke(t,n=`#keys-heading`){return u(this,{label:`Revoke ${t.name}?`,message:e`<p>Calls with the key <code>${t.prefix}…</code> (${this.ownerOf(t)}) are refused from now on. This cannot be undone.</p>`,confirmLabel:`Revoke the key`,path:`/api/v1/api-keys/${encodeURIComponent(t.id)}`,done:()=>{this.keys=this.keys.map(e=>e.id===t.id?{...e,revoked_at:Date.now()}:e),this.notice=`Revoked ${t.name}.`,this.rowError=null},failed:e=>this.rowError=e,focus:n})}removeAgent(t){return u(this,{label:`Remove the agent ${t.name}?`,message:e`<p>The agent and the rules scoped to it are removed; its keys stop working.</p>`,confirmLabel:`Remove the agent`,path:`/api/v1/agents/${encodeURIComponent(t.id)}`,done:()=>{this.notice=`Removed the agent ${t.name}.`,this.rowError=null,this.load()},failed:e=>this.rowError=e,focus:`#agents-heading`})}async openForm(e){this.dialog=e,this.keyRole=`agent`,this.formError=null,this.formKey++,await this.updateComplete,this.querySelector(`#keys-dialog`).show()}async save(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=d(t),i=this.dialog;this.saving=!0,this.formError=null;try{if(i.kind===`agent`){let e={name:n.name,description:n.description||null};n.owner&&(e.owner_user_id=n.owner);let t=await r(`/api/v1/agents`,{method:`POST`,body:e});this.querySelector(`#keys-dialog`).hide(),this.notice=`Added the agent ${t.name}. Give it a key to connect it.`}else{let e={name:n.name};i.kind===`key`&&(e.role=n.role,n.scopes&&n.scopes.length&&(e.scopes=n.scopes));let t=i.kind===`agent-key`?`/api/v1/agents/${encodeURIComponent(i.agent.id)}/keys`:`/api/v1/api-keys`,a=await r(t,{method:`POST`,body:e});await this.querySelector(`#keys-dialog`).hide(),await f({label:`The new key ${a.name}`,value:a.key,testid:`new-key-value`,note:`Give it to the ${i.kind===`agent-key`?`agent ${i.agent.name}`:`client`} as its bearer token.`}),this.notice=`Created the key ${a.name} (${a.prefix}…).`}this.load()}catch(e){this.formError=e}finally{this.saving=!1}}formView(){let n=this.dialog;if(!n)return t;let r=c().me&&c().me.role,a=h.filter(e=>this.rolePermissions&&this.rolePermissions.has(e)&&(e!==`owner`||r===`owner`)),o=this.rolePermissions&&this.rolePermissions.get(this.keyRole)||[];return e`<form class="stack" @submit=${this.save} autocomplete="off">
      <div class="form-grid">
        <div class="field">
          <label for="key-name">Name</label>
          <input id="key-name" name="name" autofocus required maxlength="128" data-testid=${n.kind===`agent`?`agent-name`:`key-name`} />
        </div>
        ${n.kind===`key`?e`<div class="field">
                <label for="key-role">Role</label>
                <select id="key-role" name="role" data-testid="key-role" @change=${e=>this.keyRole=e.target.value}>
                  ${a.map(t=>e`<option value=${t} ?selected=${t===this.keyRole}>${t}</option>`)}
                </select>
              </div>
              <fieldset class="field wide">
                <legend>Narrow it to some of the role's permissions <span class="muted">(optional)</span></legend>
                <p class="hint">None ticked: everything the ${this.keyRole} role may do.</p>
                <div class="check-grid">
                  ${i(this.keyRole,o.map(t=>e`<label class="check"><input type="checkbox" name="scopes" value=${t} /><code>${t}</code></label>`))}
                </div>
              </fieldset>`:t}
        ${n.kind===`agent`?e`<div class="field wide">
                <label for="agent-description">Description <span class="muted">(optional)</span></label>
                <input id="agent-description" name="description" />
              </div>
              ${this.users.size?e`<div class="field">
                    <label for="agent-owner">Responsible person <span class="muted">(optional)</span></label>
                    <select id="agent-owner" name="owner" aria-describedby="agent-owner-hint">
                      <option value="">Nobody</option>
                      ${[...this.users].map(([t,n])=>e`<option value=${t}>${n}</option>`)}
                    </select>
                    <p class="hint" id="agent-owner-hint">Under a four-eyes workflow they cannot approve the agent's calls.</p>
                  </div>`:t}`:t}
        ${n.kind===`agent-key`?e`<p class="wide">A key with the agent role that acts as <strong>${n.agent.name}</strong>.</p>`:t}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${()=>this.querySelector(`#keys-dialog`).hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid=${n.kind===`agent`?`save-agent`:`save-key`} ?loading=${this.saving}>
          ${n.kind===`agent`?`Add the agent`:`Create the key`}
        </sl-button>
      </div>
    </form>`}keyRow(r){return e`<tr data-testid="key-row" data-key-id=${r.id} data-revoked=${r.revoked_at?`true`:`false`}>
      <td data-label="Name" class="break"><strong>${r.name}</strong></td>
      <td data-label="Key"><code>${r.prefix}…</code></td>
      <td data-label="Role">${r.role}</td>
      <td data-label="Belongs to" class="break">${this.ownerOf(r)}</td>
      <td data-label="Scopes" class="break small">${r.scopes?r.scopes.split(` `).join(`, `):e`<span class="muted">all of its role</span>`}</td>
      <td data-label="Created">${s(r.created_at)}</td>
      <td data-label="State">${r.revoked_at?e`<sl-badge variant="neutral">revoked ${s(r.revoked_at)}</sl-badge>`:e`<sl-badge variant="success">active</sl-badge>`}</td>
      <td data-label="Actions" class="actions-col">
        ${n(`keys.write`)&&!r.revoked_at?e`<sl-button size="small" variant="danger" outline data-testid="revoke-key" @click=${()=>this.revoke(r)}>Revoke<span class="visually-hidden"> ${r.name}</span></sl-button>`:t}
      </td>
    </tr>`}keysSection(){if(!this.keys)return t;let r=this.keys.filter(e=>this.showRevoked||!e.revoked_at).sort((e,t)=>t.created_at-e.created_at),{rows:i,page:o,pages:s}=p(r,this.keyPage,m),c=this.keys.filter(e=>e.revoked_at).length;return e`<section class="card stack" aria-labelledby="keys-heading">
      <div class="section-head">
        <h2 id="keys-heading" tabindex="-1">API keys</h2>
        <span class="muted small">${a(this.keys.length-c,`active key`)}</span>
        <span class="row-gap"></span>
        ${n(`keys.write`)?e`<sl-button variant="primary" size="small" data-testid="create-key" @click=${()=>this.openForm({kind:`key`})}>Create a key</sl-button>`:t}
      </div>
      ${c?e`<label class="check"><input type="checkbox" .checked=${this.showRevoked} @change=${e=>{this.showRevoked=e.target.checked,this.keyPage=0}} />Show the ${a(c,`revoked key`)}</label>`:t}
      ${i.length?e`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">API keys, newest first</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Role</th><th scope="col">Belongs to</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${i.map(e=>this.keyRow(e))}</tbody>
          </table></div>`:e`<p class="empty">No key yet.</p>`}
      ${l({page:o,pages:s,label:`Key pages`,onPage:e=>this.keyPage=e})}
    </section>`}agentRow(r){let i=(this.keys||[]).filter(e=>e.agent_id===r.id&&!e.revoked_at),a=this.openAgent===r.id;return e`<tr data-testid="agent-row" data-agent=${r.name}>
        <td data-label="Name" class="break"><div><strong>${r.name}</strong>${r.description?e`<div class="small muted">${r.description}</div>`:t}</div></td>
        <td data-label="Responsible">${r.owner_user_id?this.users.get(r.owner_user_id)||r.owner_user_id:`—`}</td>
        <td data-label="Active keys">${this.keys?i.length:`—`}</td>
        <td data-label="Created">${s(r.created_at)}</td>
        <td data-label="Actions" class="actions-col"><div class="cell-actions">
          ${this.keys?e`<sl-button size="small" aria-expanded=${a?`true`:`false`} @click=${()=>this.openAgent=a?null:r.id}>
                ${a?`Hide keys`:`Keys`}<span class="visually-hidden"> of ${r.name}</span></sl-button>`:t}
          ${n(`keys.write`)?e`<sl-button size="small" data-testid="agent-new-key" @click=${()=>this.openForm({kind:`agent-key`,agent:r})}>New key<span class="visually-hidden"> for ${r.name}</span></sl-button>`:t}
          ${n(`agents.write`)?e`<sl-button size="small" variant="danger" outline data-testid="remove-agent" @click=${()=>this.removeAgent(r)}>Remove<span class="visually-hidden"> ${r.name}</span></sl-button>`:t}
        </div></td>
      </tr>
      ${a?e`<tr class="detail-row"><td colspan="5" class="full-row">
            ${i.length?e`<ul class="plain-list">${i.map(r=>e`<li><strong>${r.name}</strong> <code>${r.prefix}…</code> · created ${s(r.created_at)}
                  ${n(`keys.write`)?e` <sl-button size="small" variant="danger" outline data-testid="revoke-key" @click=${()=>this.revoke(r,`#agents-heading`)}>Revoke<span class="visually-hidden"> ${r.name}</span></sl-button>`:t}</li>`)}</ul>`:e`<p class="muted">No active key.</p>`}
          </td></tr>`:t}`}agentsSection(){if(!this.agents)return t;let{rows:r,page:i,pages:a}=p(this.agents,this.agentPage,m);return e`<section class="card stack" aria-labelledby="agents-heading">
      <div class="section-head">
        <h2 id="agents-heading" tabindex="-1">Managed agents</h2>
        <span class="row-gap"></span>
        ${n(`agents.write`)?e`<sl-button variant="primary" size="small" data-testid="create-agent" @click=${()=>this.openForm({kind:`agent`})}>Add an agent</sl-button>`:t}
      </div>
      ${r.length?e`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">Managed agents</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Responsible</th><th scope="col">Active keys</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${r.map(e=>this.agentRow(e))}</tbody>
          </table></div>`:e`<p class="empty">No managed agent yet.</p>`}
      ${l({page:i,pages:a,label:`Agent pages`,onPage:e=>this.agentPage=e})}
    </section>`}render(){let n=this.dialog,r=n?n.kind===`agent`?`Add an agent`:n.kind===`agent-key`?`A new key for ${n.agent.name}`:`Create an API key`:``;return e`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Agents and keys</h1>
        ${this.keys===void 0&&!this.error?e`<sl-spinner label="Loading"></sl-spinner>`:t}
      </div>
      <p role="status" class="status-text">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      <pl-error .error=${this.rowError}></pl-error>
      ${this.keysSection()}
      ${this.agentsSection()}
      <sl-dialog id="keys-dialog" class="form-dialog" label=${r} @sl-after-hide=${e=>e.target===e.currentTarget&&this.formKey++}>
        ${i(this.formKey,this.formView())}
      </sl-dialog>
    </div>`}};customElements.define(`pl-keys-page`,g);