import{$ as e,Z as t,c as n,d as r,h as i,m as a,n as o,o as s,r as c,s as l}from"./index-Dwui5pez.js";import{c as u,i as d,n as f,o as p,p as m,s as h}from"./dialogs-C5RI8Bzs.js";import{a as g,d as _}from"./tracker-kit-L3I9pHlQ.js";var v={github:`GitHub`,gitlab:`GitLab`,jira:`Jira`},y={github:`https://api.github.com`,gitlab:`https://gitlab.com`,jira:`https://your-site.atlassian.net`},b={not_started:[`Not started`,`neutral`],backfill:[`Backfilling`,`primary`],catching_up:[`Catching up`,`primary`],up_to_date:[`Up to date`,`success`]},x={registered:[`Registered`,`success`],manual:[`Set up by hand`,`warning`],failed:[`Failed`,`danger`]};function S(e){return e.enabled?e.last_error?[`Sync failed`,`danger`]:e.last_sync_at?[`Syncing`,`success`]:[`Not synced yet`,`neutral`]:[`Disabled`,`neutral`]}var C=t=>t?e`<time datetime=${c(t)}>${o(t)}</time>`:`—`;function w(e,t,n=e.kind){let r={};t||(r.kind=n),e.name&&(r.name=e.name),(e.base_url||t)&&(r.base_url=e.base_url||void 0),e.token?r.token=e.token:e.token_ref&&(r.token_ref=e.token_ref),e.webhook_secret&&(r.webhook_secret=e.webhook_secret),r.scope={organizations:h(e.organizations),projects:h(e.projects),exclude:h(e.exclude)};let i={};return e.page_size&&(i.page_size=Number(e.page_size)),e.poll_interval_s&&(i.poll_interval_s=Number(e.poll_interval_s)),n===`jira`&&(e.edition&&(i.edition=e.edition),e.username&&(i.username=e.username)),r.settings=i,r.enabled=!!e.enabled,r}function T(e){if(!e)return`The tracker accepted the credentials.`;let t=[`Connected as ${e.login||`an unnamed account`}`];return e.scopes&&e.scopes.length&&t.push(`scopes: ${e.scopes.join(`, `)}`),e.rate_remaining!==null&&e.rate_remaining!==void 0&&t.push(`${e.rate_remaining} requests left this hour`),`${t.join(`; `)}.`}var E=class extends a{static properties={tracker:{attribute:!1},kind:{state:!0},edition:{state:!0},error:{state:!0},saving:{state:!0},testing:{state:!0},tested:{state:!0}};constructor(){super(),this.kind=`github`,this.edition=`cloud`}willUpdate(e){e.has(`tracker`)&&this.tracker&&(this.kind=this.tracker.kind,this.edition=this.tracker.settings&&this.tracker.settings.edition||`cloud`)}async test(){let e=this.querySelector(`form`),t=p(e);this.error=null,this.tested=``,this.testing=!0;try{let e;if(t.token||!this.tracker){if(!t.token)throw Error(`Type the token to test it (a Vault reference is tested when saved).`);let n=this.tracker?this.tracker.kind:t.kind,i=w(t,!1,n);e=await r(`/api/v1/trackers/test-connection`,{method:`POST`,body:{kind:n,base_url:i.base_url,token:t.token,settings:i.settings}})}else e=await r(`/api/v1/trackers/${encodeURIComponent(this.tracker.id)}/test-connection`,{method:`POST`});this.tested=T(e&&e.identity)}catch(e){this.error=e}finally{this.testing=!1}}async save(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=p(t);if(!this.tracker&&!n.token&&!n.token_ref)this.error=`A token (or a Vault reference to one) is needed.`;else{this.saving=!0,this.error=null;try{let e=w(n,!!this.tracker,this.tracker?this.tracker.kind:n.kind),t=this.tracker?await r(`/api/v1/trackers/${encodeURIComponent(this.tracker.id)}`,{method:`PUT`,body:e}):await r(`/api/v1/trackers`,{method:`POST`,body:e});this.dispatchEvent(new CustomEvent(`saved`,{detail:t,bubbles:!0}))}catch(e){this.error=e}finally{this.saving=!1}}}render(){let n=this.tracker,r=n&&n.scope||{},i=n&&n.settings||{},a=n?n.kind:this.kind;return e`<form class="stack" @submit=${e=>this.save(e)} autocomplete="off">
      <div class="form-grid">
        ${n?t:e`<div class="field">
              <label for="tracker-kind">Kind</label>
              <select id="tracker-kind" name="kind" data-testid="tracker-kind" @change=${e=>this.kind=e.target.value}>
                ${Object.entries(v).map(([t,n])=>e`<option value=${t} ?selected=${t===this.kind}>${n}</option>`)}
              </select>
            </div>`}
        <div class="field">
          <label for="tracker-name">Name <span class="muted">(optional)</span></label>
          <input id="tracker-name" name="name" data-testid="tracker-name" maxlength="100" spellcheck="false" .value=${n?n.name:``} />
        </div>
        <div class="field wide">
          <label for="tracker-url">Base URL ${a===`jira`?``:e`<span class="muted">(optional)</span>`}</label>
          <input id="tracker-url" name="base_url" data-testid="tracker-url" type="url" class="code" spellcheck="false" ?required=${a===`jira`}
            placeholder=${y[a]} .value=${n&&n.base_url||``} aria-describedby="tracker-url-hint" />
          <p class="hint" id="tracker-url-hint">${a===`jira`?`Your Jira site.`:`Empty: ${y[a]}. A self-hosted server's API address otherwise.`}</p>
        </div>
        ${a===`jira`?e`<div class="field">
                <label for="tracker-edition">Jira edition</label>
                <select id="tracker-edition" name="edition" @change=${e=>this.edition=e.target.value}>
                  <option value="cloud" ?selected=${this.edition===`cloud`}>Cloud</option>
                  <option value="server" ?selected=${this.edition===`server`}>Server or Data Center</option>
                </select>
              </div>
              <div class="field">
                <label for="tracker-username">Account email ${this.edition===`cloud`?``:e`<span class="muted">(Cloud only)</span>`}</label>
                <input id="tracker-username" name="username" type="email" spellcheck="false" ?required=${this.edition===`cloud`} .value=${i.username||``} />
              </div>`:t}
        <div class="field wide">
          <label for="tracker-token">${n?`New token`:`Token`} <span class="muted">(secret)</span></label>
          <input id="tracker-token" name="token" data-testid="tracker-token" type="password" autocomplete="new-password" spellcheck="false" aria-describedby="tracker-token-hint" />
          <p class="hint" id="tracker-token-hint">
            Stored sealed and never shown again.
            ${n?n.has_token?`One is set (ending ${n.token_hint||`…`}): leave this empty to keep it.`:`None is set.`:``}
          </p>
        </div>
        <div class="field wide">
          <label for="tracker-token-ref">Or a Vault reference to it <span class="muted">(optional)</span></label>
          <input id="tracker-token-ref" name="token_ref" class="code" spellcheck="false" placeholder="vault:secret/data/preloop/github#token" />
        </div>
        <div class="field wide">
          <label for="tracker-secret">Webhook secret <span class="muted">(optional, secret)</span></label>
          <input id="tracker-secret" name="webhook_secret" type="password" autocomplete="new-password" spellcheck="false" aria-describedby="tracker-secret-hint" />
          <p class="hint" id="tracker-secret-hint">Deliveries must be signed with it. Empty: Preloop makes one${n?` (or keeps the one it has)`:``}.</p>
        </div>
        <div class="field">
          <label for="tracker-orgs">Organizations, one per line</label>
          <textarea id="tracker-orgs" name="organizations" class="code" rows="3" spellcheck="false" .value=${(r.organizations||[]).join(`
`)}></textarea>
        </div>
        <div class="field">
          <label for="tracker-projects">Projects, one per line</label>
          <textarea id="tracker-projects" name="projects" data-testid="tracker-projects" class="code" rows="3" spellcheck="false" .value=${(r.projects||[]).join(`
`)}></textarea>
        </div>
        <div class="field">
          <label for="tracker-exclude">Leave out, one per line</label>
          <textarea id="tracker-exclude" name="exclude" class="code" rows="3" spellcheck="false" .value=${(r.exclude||[]).join(`
`)}></textarea>
        </div>
        <p class="hint wide">Empty lists take every organization and project the token reaches.</p>
        <div class="field">
          <label for="tracker-page-size">Page size</label>
          <input id="tracker-page-size" name="page_size" type="number" min="1" max="100" .value=${String(i.page_size||100)} />
        </div>
        <div class="field">
          <label for="tracker-poll">Poll interval (seconds)</label>
          <input id="tracker-poll" name="poll_interval_s" type="number" min="60" step="1" .value=${String(i.poll_interval_s||900)} aria-describedby="tracker-poll-hint" />
          <p class="hint" id="tracker-poll-hint">For projects whose webhooks are not heard.</p>
        </div>
        <div class="field"><label class="check"><input type="checkbox" name="enabled" .checked=${!n||n.enabled} />Enabled (syncs)</label></div>
      </div>
      <p role="status" class="status-text" data-testid="test-result">${this.tested||``}</p>
      <pl-error .error=${this.error}></pl-error>
      <div class="form-actions">
        <sl-button data-testid="test-connection" ?loading=${this.testing} @click=${()=>this.test()}>Test connection</sl-button>
        <span class="row-gap"></span>
        <sl-button @click=${()=>this.dispatchEvent(new CustomEvent(`cancel`,{bubbles:!0}))}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-tracker" ?loading=${this.saving}>${n?`Save`:`Add the tracker`}</sl-button>
      </div>
    </form>`}};customElements.define(`pl-tracker-form`,E);function D(t,n){return e`<sl-dialog id="tracker-dialog" class="form-dialog wide" label=${n} @sl-after-hide=${e=>e.target===e.currentTarget&&t.formKey++}>
    ${i(t.formKey,e`<pl-tracker-form .tracker=${t.editing||null} @cancel=${()=>t.querySelector(`#tracker-dialog`).hide()} @saved=${e=>t.saved(e.detail)}></pl-tracker-form>`)}
  </sl-dialog>`}var O=class extends a{static properties={trackers:{state:!0},details:{state:!0},error:{state:!0},rowError:{state:!0},busy:{state:!0},notice:{state:!0},formKey:{state:!0}};constructor(){super(),this.trackers=null,this.details=new Map,this.rowError=new Map,this.busy=new Set,this.formKey=0}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{let e=await r(`/api/v1/trackers`);this.trackers=(e.trackers||[]).sort((e,t)=>e.name.localeCompare(t.name)),this.error=null;let t=await u(this.trackers,4,e=>r(`/api/v1/trackers/${encodeURIComponent(e.id)}`)),n=new Map;this.trackers.forEach((e,r)=>t[r].value&&n.set(e.id,t[r].value)),this.details=n}catch(e){this.error=e}}setRow(e,t,n){let r=new Map(this[e]);n?r.set(t,n):r.delete(t),this[e]=r}async sync(e){this.busy=new Set([...this.busy,e.id]),this.setRow(`rowError`,e.id,null);try{await r(`/api/v1/trackers/${encodeURIComponent(e.id)}/sync`,{method:`POST`}),this.notice=`A sync of ${e.name} has started.`}catch(t){this.setRow(`rowError`,e.id,t)}finally{let t=new Set(this.busy);t.delete(e.id),this.busy=t}}removeTracker(t){return f(this,{label:`Remove ${t.name}?`,message:e`<p>Preloop stops syncing <strong>${t.name}</strong> and forgets its token, organizations, projects and synced issues. Nothing changes in the tracker itself.</p>`,confirmLabel:`Remove the tracker`,path:`/api/v1/trackers/${encodeURIComponent(t.id)}`,done:()=>{this.trackers=this.trackers.filter(e=>e.id!==t.id),this.notice=`Removed ${t.name}.`},failed:e=>this.setRow(`rowError`,t.id,e),focus:`h1`})}async add(){this.editing=null,this.formKey++,await this.updateComplete,this.querySelector(`#tracker-dialog`).show()}saved(e){this.querySelector(`#tracker-dialog`).hide(),g(!0).catch(()=>{}),this.notice=`Added ${e.name}${e.identity?`: ${T(e.identity)}`:`.`} Its first sync has started.`,this.load()}row(r){let[i,a]=S(r),o=this.details.get(r.id),c=this.rowError.get(r.id),l=n(`trackers.write`);return e`<tr data-testid="tracker-row" data-tracker=${r.name}>
      <td data-label="Name"><a href=${s(`/trackers/${encodeURIComponent(r.id)}`)}><strong>${r.name}</strong></a></td>
      <td data-label="Kind">${v[r.kind]||r.kind}</td>
      <td data-label="Address" class="break"><code>${r.base_url}</code></td>
      <td data-label="Status"><div>
        <sl-badge variant=${a} data-testid="tracker-status">${i}</sl-badge>
        ${r.last_error?e`<div class="small text-danger break" data-testid="tracker-error">${r.last_error}</div>`:t}
      </div></td>
      <td data-label="Last sync">${C(r.last_sync_at)}</td>
      <td data-label="Next sync">${r.enabled?C(r.next_sync_at):`—`}</td>
      <td data-label="Issues" data-testid="tracker-issues">${o?o.issues??`—`:`…`}</td>
      <td data-label="Actions" class="actions-col">
        <div class="cell-actions">
          ${l?e`<sl-button size="small" data-testid="sync-tracker" ?loading=${this.busy.has(r.id)} @click=${()=>this.sync(r)}>Sync now<span class="visually-hidden">: ${r.name}</span></sl-button>
                <sl-button size="small" variant="danger" outline data-testid="remove-tracker" @click=${()=>this.removeTracker(r)}>Remove<span class="visually-hidden">: ${r.name}</span></sl-button>`:t}
        </div>
        ${c?e`<pl-error .error=${c}></pl-error>`:t}
      </td>
    </tr>`}table(){return this.trackers.length?e`<div class="table-wrap">
      <table class="data-table stack-on-mobile">
        <caption class="visually-hidden">Issue trackers</caption>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Address</th><th scope="col">Status</th><th scope="col">Last sync</th><th scope="col">Next sync</th><th scope="col">Issues</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>${this.trackers.map(e=>this.row(e))}</tbody>
      </table>
    </div>`:e`<p class="empty" data-testid="empty">No tracker yet.${n(`trackers.write`)?` Add one to sync its issues.`:``}</p>`}render(){return e`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Issue trackers</h1>
        ${this.trackers===null&&!this.error?e`<sl-spinner label="Loading"></sl-spinner>`:t}
        <span class="row-gap"></span>
        ${n(`trackers.write`)?e`<sl-button variant="primary" data-testid="add-tracker" @click=${()=>this.add()}>Add a tracker</sl-button>`:t}
      </div>
      ${_(`/trackers`)}
      <p role="status" class="status-text" data-testid="notice">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.trackers?this.table():t}
      ${D(this,`Add a tracker`)}
    </div>`}};customElements.define(`pl-trackers-page`,O);var k=class extends a{static properties={trackerId:{},tracker:{state:!0},events:{state:!0},error:{state:!0},eventsError:{state:!0},notice:{state:!0},actionError:{state:!0},busy:{state:!0},formKey:{state:!0},adding:{state:!0},addError:{state:!0},copied:{state:!0}};constructor(){super(),this.tracker=null,this.events=null,this.busy=``,this.formKey=0}firstUpdated(){this.load()}get path(){return`/api/v1/trackers/${encodeURIComponent(this.trackerId)}`}async load(){try{this.tracker=await r(this.path),this.error=null}catch(e){this.error=e}try{this.events=(await r(`${this.path}/events`,{query:{limit:50}})).events||[],this.eventsError=null}catch(e){this.eventsError=e}}async act(e,t,n){this.busy=e,this.actionError=null,this.notice=``;try{let e=await t();this.notice=typeof n==`function`?n(e):n}catch(e){this.actionError=e}finally{this.busy=``}}sync(){return this.act(`sync`,()=>r(`${this.path}/sync`,{method:`POST`}),`A sync has started.`)}test(){return this.act(`test`,()=>r(`${this.path}/test-connection`,{method:`POST`}),e=>T(e&&e.identity))}removeTracker(){let t=this.tracker;return f(this,{label:`Remove ${t.name}?`,message:e`<p>Preloop stops syncing <strong>${t.name}</strong> and forgets its token, organizations, projects and synced issues. Nothing changes in the tracker itself.</p>`,confirmLabel:`Remove the tracker`,path:this.path,done:()=>l(`/trackers`),failed:e=>this.actionError=e,focus:`h1`})}async edit(){this.editing=this.tracker,this.formKey++,await this.updateComplete,this.querySelector(`#tracker-dialog`).show()}saved(e){this.querySelector(`#tracker-dialog`).hide(),this.notice=`Saved ${e.name}.`,this.load()}async setScope(e,t,n){this.actionError=null;try{await r(`/api/v1/${e}/${encodeURIComponent(t.id)}`,{method:`PUT`,body:{in_scope:n}}),this.notice=`${t.external_id||t.name} is ${n?`now synced`:`no longer synced`}.`,g(!0).catch(()=>{}),await this.load()}catch(e){this.actionError=e,this.requestUpdate()}}async addProject(e){e.preventDefault();let t=e.target.querySelector(`input`),n=t.value.trim();if(n){this.adding=!0,this.addError=null;try{let e=await r(`/api/v1/projects`,{method:`POST`,body:{tracker_id:this.tracker.id,external_id:n}});t.value=``,this.notice=`Added ${e.external_id||n}.`,g(!0).catch(()=>{}),await this.load()}catch(e){this.addError=e}finally{this.adding=!1}}}async copy(e){this.copied=await d(e)?`Copied the webhook address.`:`The browser refused: select the address and copy it.`}facts(n){let r=n.settings||{},i=n.scope||{},a=e=>e&&e.length?e.join(`, `):`all`;return e`<dl class="facts">
      <dt>Kind</dt><dd>${v[n.kind]||n.kind}${r.edition?` (${r.edition})`:``}</dd>
      <dt>Address</dt><dd><code>${n.base_url}</code></dd>
      <dt>Token</dt><dd>${n.has_token?`ending ${n.token_hint||`…`}${n.token_custody?`, ${n.token_custody}`:``}`:`none`}</dd>
      ${r.username?e`<dt>Account</dt><dd>${r.username}</dd>`:t}
      <dt>Scope</dt><dd>organizations: ${a(i.organizations)}; projects: ${a(i.projects)}${i.exclude&&i.exclude.length?`; leaving out ${i.exclude.join(`, `)}`:``}</dd>
      <dt>Polling</dt><dd>every ${m(r.poll_interval_s)}, ${r.page_size} issues a page</dd>
      <dt>Last sync</dt><dd>${C(n.last_sync_at)}</dd>
      <dt>Next sync</dt><dd>${n.enabled?C(n.next_sync_at):`disabled`}</dd>
      ${n.last_error?e`<dt>Last error</dt><dd class="text-danger prewrap">${n.last_error} ${n.last_error_at?e`(${C(n.last_error_at)})`:t}</dd>`:t}
      <dt>Issues</dt><dd data-testid="tracker-issue-count">${n.issues??`—`} · <a href=${s(`/issues`)}>browse issues</a></dd>
      <dt>Deliveries</dt><dd data-testid="deliveries">${this.deliveries(n.deliveries||{})}</dd>
    </dl>`}deliveries(e){let t=[[`pending`,`waiting`],[`done`,`done`],[`failed`,`failed`]].filter(([t])=>e[t]).map(([t,n])=>`${e[t]} ${n}`);return t.length?t.join(`, `):`no webhook delivery yet`}organizations(r){let i=r.organizations||[],a=n(`trackers.write`);return e`<section class="card stack tracker-section" aria-labelledby="orgs-heading">
      <h2 id="orgs-heading">Organizations</h2>
      ${i.length?e`<ul class="item-list">
            ${i.map(n=>{let r=n.webhook||{},[i,s]=x[r.status]||[`Not set up`,`neutral`];return e`<li data-testid="organization" data-org=${n.external_id}>
                <div class="item-head">
                  <strong class="break">${n.url?e`<a href=${n.url} rel="noreferrer noopener" target="_blank">${n.name||n.external_id}</a>`:n.name||n.external_id}</strong>
                  <span class="row-gap"></span>
                  <span class="badges">Webhook: <sl-badge variant=${s} data-testid="webhook-status" data-status=${r.status||`none`}>${i}</sl-badge></span>
                  ${a?e`<label class="check small"><input type="checkbox" data-testid="org-in-scope" .checked=${n.in_scope} @change=${e=>this.setScope(`organizations`,n,e.target.checked)} />Synced<span class="visually-hidden">: ${n.external_id}</span></label>`:e`<span class="small muted">${n.in_scope?`Synced`:`Not synced`}</span>`}
                </div>
                ${r.message?e`<p class="small ${r.status===`failed`?`text-danger`:``} prewrap" data-testid="webhook-message">${r.message}</p>`:t}
                ${r.status!==`registered`&&n.webhook_url?e`<div class="copy-row small">
                      <span>Webhook address:</span><code data-testid="webhook-url">${n.webhook_url}</code>
                      <sl-button size="small" @click=${()=>this.copy(n.webhook_url)}>Copy<span class="visually-hidden"> the webhook address of ${n.external_id}</span></sl-button>
                    </div>`:t}
                ${r.last_heard_at?e`<p class="small muted">Last heard ${o(r.last_heard_at)}.</p>`:t}
              </li>`})}
          </ul>
          <p role="status" class="status-text small">${this.copied||``}</p>`:e`<p class="muted">None found yet: the first sync lists them.</p>`}
    </section>`}projects(r){let i=r.projects||[],a=new Map((r.organizations||[]).map(e=>[e.id,e.name||e.external_id])),c=n(`trackers.write`);return e`<section class="card stack tracker-section" aria-labelledby="projects-heading">
      <h2 id="projects-heading">Projects</h2>
      ${i.length?e`<div class="table-wrap">
            <table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Projects of ${r.name}</caption>
              <thead><tr><th scope="col">Project</th><th scope="col">Organization</th><th scope="col">Synced</th><th scope="col">Sync</th><th scope="col">Last sync</th><th scope="col">Next sync</th><th scope="col"><span class="visually-hidden">Views</span></th></tr></thead>
              <tbody>
                ${i.map(n=>{let r=n.sync||{},[i,l]=b[r.phase]||[r.phase||`—`,`neutral`];return e`<tr data-testid="project-row" data-project=${n.external_id}>
                    <td data-label="Project"><strong class="break">${n.name||n.external_id}</strong></td>
                    <td data-label="Organization" class="break">${a.get(n.organization_id)||`—`}</td>
                    <td data-label="Synced">${c?e`<label class="check"><input type="checkbox" data-testid="project-in-scope" .checked=${n.in_scope} @change=${e=>this.setScope(`projects`,n,e.target.checked)} /><span class="visually-hidden">Sync ${n.external_id}</span><span aria-hidden="true">${n.in_scope?`Yes`:`No`}</span></label>`:n.in_scope?`Yes`:`No`}</td>
                    <td data-label="Sync"><div>
                      <sl-badge variant=${r.last_error?`danger`:l} data-testid="sync-phase" data-phase=${r.phase||``}>${i}</sl-badge>
                      ${r.synced_up_to?e`<div class="small muted">up to ${o(r.synced_up_to)}</div>`:t}
                      ${r.last_error?e`<div class="small text-danger break">${r.last_error}</div>`:t}
                    </div></td>
                    <td data-label="Last sync">${C(r.last_sync_at)}</td>
                    <td data-label="Next sync">${C(r.next_sync_at)}</td>
                    <td data-label="Views" class="actions-col"><div class="cell-actions">
                      <a href=${s(`/issues`,{project:n.id})}>Issues<span class="visually-hidden"> of ${n.external_id}</span></a>
                      <a href=${s(`/compliance`,{project:n.id})}>Compliance<span class="visually-hidden"> of ${n.external_id}</span></a>
                      <a href=${s(`/dependencies`,{project:n.id})}>Dependencies<span class="visually-hidden"> of ${n.external_id}</span></a>
                    </div></td>
                  </tr>`})}
              </tbody>
            </table>
          </div>`:e`<p class="muted">None yet.</p>`}
      ${c?e`<form class="row wrap" @submit=${e=>this.addProject(e)} aria-labelledby="add-project-label">
            <div class="field">
              <label id="add-project-label" for="add-project">Add a project by name</label>
              <input id="add-project" data-testid="add-project" class="code" required spellcheck="false" placeholder=${r.kind===`jira`?`KEY`:`owner/repository`} />
            </div>
            <sl-button type="submit" ?loading=${this.adding} class="align-end">Add</sl-button>
          </form>
          <pl-error .error=${this.addError}></pl-error>`:t}
    </section>`}eventList(){let n=this.events;return e`<section class="card stack tracker-section" aria-labelledby="events-heading">
      <h2 id="events-heading">Recent events</h2>
      <pl-error .error=${this.eventsError}></pl-error>
      ${n===null&&!this.eventsError?e`<sl-spinner label="Loading events"></sl-spinner>`:n&&n.length?e`<ul class="activity-list events-list" data-testid="tracker-events">
              ${n.map(n=>e`<li>
                  <time datetime=${c(n.occurred_at||n.created_at)}>${o(n.occurred_at||n.created_at)}</time>
                  <span class="activity-what"><code>${n.event}</code>${n.issue_key?e` · ${n.issue_key}`:t}${n.actor?e` · by ${n.actor}`:t}</span>
                </li>`)}
            </ul>`:e`<p class="muted">No event yet. Webhook deliveries and syncs record them.</p>`}
    </section>`}render(){let r=this.tracker,i=n(`trackers.write`),[a,o]=r?S(r):[``,`neutral`];return e`<div class="page">
      <p class="muted small"><a href=${s(`/trackers`)}>← Trackers</a></p>
      <div class="page-head">
        <h1 tabindex="-1">${r?r.name:`Tracker`}</h1>
        ${r?e`<sl-badge variant=${o} data-testid="tracker-status">${a}</sl-badge>`:t}
        ${!r&&!this.error?e`<sl-spinner label="Loading"></sl-spinner>`:t}
        <span class="row-gap"></span>
        ${r&&i?e`<sl-button size="small" ?loading=${this.busy===`test`} @click=${()=>this.test()}>Test connection</sl-button>
              <sl-button size="small" data-testid="sync-tracker" ?loading=${this.busy===`sync`} @click=${()=>this.sync()}>Sync now</sl-button>
              <sl-button size="small" @click=${()=>this.edit()}>Edit</sl-button>
              <sl-button size="small" variant="danger" outline @click=${()=>this.removeTracker()}>Remove</sl-button>`:t}
      </div>
      <p role="status" class="status-text" data-testid="notice">${this.notice||``}</p>
      <pl-error .error=${this.error||this.actionError}></pl-error>
      ${r?e`<section class="card" aria-label="About ${r.name}">${this.facts(r)}</section>
            ${this.organizations(r)} ${this.projects(r)} ${this.eventList()}
            ${D(this,`Edit ${r.name}`)}`:t}
    </div>`}};customElements.define(`pl-tracker-page`,k);