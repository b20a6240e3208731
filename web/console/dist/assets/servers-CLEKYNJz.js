import{$ as e,Z as t,c as n,d as r,h as i,i as a,m as o,n as s,o as c}from"./index-Dwui5pez.js";import{c as l,d as u,n as d,o as f,s as p,u as m}from"./dialogs-C5RI8Bzs.js";import{n as h}from"./tool-catalog-BSzERRb-.js";/* empty css                    */var g=25,_=200,v={streamable_http:`Streamable HTTP`,sse:`HTTP + SSE (older servers)`,stdio:`Local process (stdio)`};function y(e){return e.enabled?e.oauth===`broken`?[`OAuth: connect again`,`danger`]:e.oauth===`pending`?[`OAuth: not connected`,`warning`]:e.last_scan_error?[`Last scan failed`,`danger`]:e.last_scan_at?[`OK`,`success`]:[`Never scanned`,`neutral`]:[`Disabled`,`neutral`]}var b=class extends o{static properties={servers:{state:!0},counts:{state:!0},tools:{state:!0},open:{state:!0},page:{state:!0},error:{state:!0},rowError:{state:!0},busy:{state:!0},editing:{state:!0},transport:{state:!0},formError:{state:!0},saving:{state:!0},notice:{state:!0},formKey:{state:!0}};constructor(){super(),this.servers=null,this.counts=new Map,this.tools=new Map,this.open=new Set,this.page=0,this.busy=new Set,this.rowError=new Map,this.transport=`streamable_http`,this.formKey=0}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{let e=await r(`/api/v1/mcp-servers`);this.servers=(e.mcp_servers||[]).sort((e,t)=>e.name.localeCompare(t.name)),this.error=null,this.countPage()}catch(e){this.error=e}}async countPage(){let{rows:e}=m(this.servers,this.page,g),t=e.filter(e=>!this.tools.has(e.id)),n=await l(t,4,e=>r(`/api/v1/mcp-servers/${encodeURIComponent(e.id)}/tools`).then(e=>e.tools||[])),i=new Map(this.tools);t.forEach((e,t)=>n[t].value&&i.set(e.id,n[t].value)),this.tools=i}setBusy(e,t){let n=new Set(this.busy);t?n.add(e):n.delete(e),this.busy=n}setRowError(e,t){let n=new Map(this.rowError);t?n.set(e,t):n.delete(e),this.rowError=n}async scan(e){this.setBusy(e.id,!0),this.setRowError(e.id,null);try{let t=await r(`/api/v1/mcp-servers/${encodeURIComponent(e.id)}/scan`,{method:`POST`});this.tools=new Map(this.tools).set(e.id,t.tools||[]),this.open=new Set([...this.open,e.id]),this.notice=`Scanned ${e.name}: ${a(t.count??(t.tools||[]).length,`tool`)}.`}catch(t){this.setRowError(e.id,t),this.notice=``}finally{this.setBusy(e.id,!1),r(`/api/v1/mcp-servers/${encodeURIComponent(e.id)}`).then(e=>this.servers=this.servers.map(t=>t.id===e.id?e:t)).catch(()=>{})}}removeServer(t){return d(this,{label:`Remove ${t.name}?`,message:e`<p>Agents can no longer call the tools of <strong>${t.name}</strong>. Its tool configurations and rules stay, and apply again if a server offers the same names.</p>`,confirmLabel:`Remove the server`,path:`/api/v1/mcp-servers/${encodeURIComponent(t.id)}`,done:()=>{this.servers=this.servers.filter(e=>e.id!==t.id),this.notice=`Removed ${t.name}.`},failed:e=>this.setRowError(t.id,e),focus:`h1`})}toggleTools(e){let t=new Set(this.open);t.has(e.id)?t.delete(e.id):t.add(e.id),this.open=t}async openForm(e){this.editing=e||null,this.transport=e?e.transport:`streamable_http`,this.formError=null,this.formKey++,await this.updateComplete,this.querySelector(`#server-dialog`).show()}body(e){let t=e.transport===`stdio`,n={name:e.name,transport:e.transport};return t?(n.command=e.command,n.args=p(e.args),this.editing&&(n.url=``)):n.url=e.url,this.editing?(n.enabled=e.enabled,e.remove_auth?n.auth_header=null:e.auth&&!t&&(n.auth_header=e.auth)):(e.prefix&&(n.prefix=e.prefix),e.auth&&!t&&(n.auth_header=e.auth)),n}async save(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=f(t);this.saving=!0,this.formError=null;try{let e=this.body(n),t=this.editing?await r(`/api/v1/mcp-servers/${encodeURIComponent(this.editing.id)}`,{method:`PATCH`,body:e}):await r(`/api/v1/mcp-servers`,{method:`POST`,body:e});this.querySelector(`#server-dialog`).hide(),this.servers=[...this.servers.filter(e=>e.id!==t.id),t].sort((e,t)=>e.name.localeCompare(t.name)),this.notice=this.editing?`Saved ${t.name}.`:`Added ${t.name}. Scan it to list its tools.`}catch(e){this.formError=e}finally{this.saving=!1}}formView(){let n=this.editing,r=this.transport===`stdio`;return e`<form class="stack" @submit=${this.save} autocomplete="off">
      <div class="form-grid">
        <div class="field">
          <label for="server-name">Name</label>
          <input id="server-name" name="name" data-testid="server-name" autofocus required maxlength="64" spellcheck="false" .value=${n?n.name:``} aria-describedby="server-name-hint" />
          <p class="hint" id="server-name-hint">Letters, digits, - and _; its tools are called <code>name__tool</code>.</p>
        </div>
        <div class="field">
          <label for="server-transport">Transport</label>
          <select id="server-transport" name="transport" @change=${e=>this.transport=e.target.value}>
            ${Object.entries(v).map(([t,n])=>e`<option value=${t} ?selected=${t===this.transport}>${n}</option>`)}
          </select>
        </div>
        ${r?e`<div class="field">
                <label for="server-command">Command</label>
                <input id="server-command" name="command" class="code" required spellcheck="false" .value=${n&&n.command||``} />
              </div>
              <div class="field">
                <label for="server-args">Arguments, one per line</label>
                <textarea id="server-args" name="args" class="code" rows="3" spellcheck="false" .value=${(n&&n.args||[]).join(`
`)}></textarea>
              </div>`:e`<div class="field wide">
                <label for="server-url">URL</label>
                <input id="server-url" name="url" data-testid="server-url" type="url" required class="code" spellcheck="false" placeholder="https://mcp.example.com/mcp" .value=${n?n.url:``} />
              </div>
              <div class="field wide">
                <label for="server-auth">${n?`New auth header value`:`Auth header value`} <span class="muted">(optional, secret)</span></label>
                <input id="server-auth" name="auth" data-testid="server-auth" type="password" autocomplete="new-password" spellcheck="false" aria-describedby="server-auth-hint" />
                <p class="hint" id="server-auth-hint">
                  Sent as the <code>Authorization</code> header, e.g. <code>Bearer …</code>. It is stored sealed and never shown again.
                  ${n?n.has_auth_header?`One is set: leave this empty to keep it.`:`None is set.`:``}
                </p>
                ${n&&n.has_auth_header?e`<label class="check"><input type="checkbox" name="remove_auth" />Remove the stored auth header</label>`:t}
              </div>`}
        ${n?e`<div class="field"><label class="check"><input type="checkbox" name="enabled" .checked=${n.enabled} />Enabled</label></div>`:e`<div class="field">
              <label for="server-prefix">Tool name prefix <span class="muted">(optional)</span></label>
              <input id="server-prefix" name="prefix" spellcheck="false" aria-describedby="server-prefix-hint" />
              <p class="hint" id="server-prefix-hint">Empty: the server's name.</p>
            </div>`}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${()=>this.querySelector(`#server-dialog`).hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-server" ?loading=${this.saving}>${n?`Save`:`Add the server`}</sl-button>
      </div>
    </form>`}toolsRow(n){let r=this.tools.get(n.id);return e`<tr class="detail-row">
      <td colspan="7" class="full-row">
        ${r?r.length?e`<ul class="chips" aria-label="Tools of ${n.name}">
                ${r.slice(0,_).map(t=>e`<li><a href=${c(`/tools/${encodeURIComponent(h(n,t.name))}`)}><code>${t.name}</code></a></li>`)}
              </ul>
              ${r.length>_?e`<p class="muted small">and ${r.length-_} more (see <a href=${c(`/tools`)}>Tools</a>).</p>`:t}`:e`<p class="muted">No tools found at the last scan.</p>`:e`<sl-spinner label="Loading tools"></sl-spinner>`}
      </td>
    </tr>`}row(r){let[i,a]=y(r),o=this.tools.get(r.id),c=n(`servers.write`),l=this.rowError.get(r.id);return e`<tr data-testid="server-row" data-server=${r.name}>
        <td data-label="Name"><strong class="break">${r.name}</strong></td>
        <td data-label="Address" class="break"><code>${r.transport===`stdio`?[r.command,...r.args||[]].join(` `):r.url}</code></td>
        <td data-label="Transport">${v[r.transport]?v[r.transport].replace(/ \(.*\)$/,``):r.transport}</td>
        <td data-label="Status"><div>
          <sl-badge variant=${a} data-testid="server-status">${i}</sl-badge>
          ${r.last_scan_error?e`<div class="small text-danger break">${r.last_scan_error}</div>`:t}
        </div></td>
        <td data-label="Last scan">${r.last_scan_at?s(r.last_scan_at):`—`}</td>
        <td data-label="Tools" data-testid="server-tool-count">${o?o.length:`…`}</td>
        <td data-label="Actions" class="actions-col">
          <div class="cell-actions">
            <sl-button size="small" aria-expanded=${this.open.has(r.id)?`true`:`false`} @click=${()=>this.toggleTools(r)}>
              ${this.open.has(r.id)?`Hide tools`:`Show tools`}<span class="visually-hidden"> of ${r.name}</span>
            </sl-button>
            ${c?e`<sl-button size="small" data-testid="scan-server" ?loading=${this.busy.has(r.id)} @click=${()=>this.scan(r)}>Scan now<span class="visually-hidden">: ${r.name}</span></sl-button>
                  <sl-button size="small" data-testid="edit-server" @click=${()=>this.openForm(r)}>Edit<span class="visually-hidden">: ${r.name}</span></sl-button>
                  <sl-button size="small" variant="danger" outline data-testid="remove-server" @click=${()=>this.removeServer(r)}>Remove<span class="visually-hidden">: ${r.name}</span></sl-button>`:t}
          </div>
          ${l?e`<pl-error .error=${l}></pl-error>`:t}
        </td>
      </tr>
      ${this.open.has(r.id)?this.toolsRow(r):t}`}table(){let{rows:t,page:r,pages:i}=m(this.servers,this.page,g);return t.length?e`<div class="table-wrap">
        <table class="data-table stack-on-mobile">
          <caption class="visually-hidden">Upstream MCP servers</caption>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Address</th><th scope="col">Transport</th><th scope="col">Status</th><th scope="col">Last scan</th><th scope="col">Tools</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>${t.map(e=>this.row(e))}</tbody>
        </table>
      </div>
      ${u({page:r,pages:i,label:`Server pages`,onPage:e=>{this.page=e,this.countPage()}})}`:e`<p class="empty">No server yet.${n(`servers.write`)?` Add one to put its tools behind Preloop.`:``}</p>`}render(){return e`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">MCP servers</h1>
        ${this.servers===null&&!this.error?e`<sl-spinner label="Loading"></sl-spinner>`:t}
        <span class="row-gap"></span>
        ${n(`servers.write`)?e`<sl-button variant="primary" data-testid="add-server" @click=${()=>this.openForm(null)}>Add a server</sl-button>`:t}
      </div>
      <p role="status" class="status-text">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.servers?this.table():t}
      <sl-dialog id="server-dialog" class="form-dialog" label=${this.editing?`Edit ${this.editing.name}`:`Add a server`}
        @sl-after-hide=${e=>e.target===e.currentTarget&&this.formKey++}>
        ${i(this.formKey,this.formView())}
      </sl-dialog>
    </div>`}};customElements.define(`pl-servers-page`,b);