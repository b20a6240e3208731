import{$ as e,Z as t,a as n,c as r,d as i,f as a,i as o,m as s,n as c,p as l,r as u}from"./index-Dwui5pez.js";import{f as d,t as f}from"./dialogs-C5RI8Bzs.js";import{r as p}from"./action-icons-CZXWb8UT.js";/* empty css                    */var m={create:`Added`,update:`Changed`,delete:`Removed`},h=[[`defaults`,`Defaults`],[`metadata`,`Metadata`],[`approval_workflow`,`Approval workflows`],[`mcp_server`,`MCP servers`],[`tool`,`Tools and their rules`],[`tests`,`Tests`]];function g(e){let t=String(e).replace(/ \[[^\]]*\]$/,``),n=/^(.*)#\d+$/.exec(t);if(n)return n[1];let r=t.indexOf(`: `);return r>0?t.slice(0,r):t}function _(e){if(e==null)return`none`;let t=JSON.stringify(e);return t.length>300?`${t.slice(0,300)}…`:t}function v(e){let t=new Map(h.map(([e])=>[e,[]])),n=new Map,r=e=>{if(!n.has(e)){let r={kind:`tool`,name:e,change:null,rules:[]};n.set(e,r),t.get(`tool`).push(r)}return n.get(e)};for(let n of e||[])n.kind===`tool`?r(n.name).change=n:n.kind===`rule`?r(g(n.name)).rules.push(n):(t.has(n.kind)||t.set(n.kind,[]),t.get(n.kind).push({kind:n.kind,name:n.name,change:n,rules:[]}));return[...t.entries()].filter(([,e])=>e.length)}function y(n){return!n||!n.fields||!n.fields.length?t:e`<ul class="diff-fields">
    ${n.fields.map(t=>e`<li><code>${t.field}</code>: <code>${_(t.from)}</code> → <code>${_(t.to)}</code></li>`)}
  </ul>`}function b(t,n){return e`<li class="diff-item diff-${t.op}" data-op=${t.op}>
    <span class="diff-op">${m[t.op]||t.op}</span> <span class="break">${n||t.name}</span>
    ${y(t)}
  </li>`}var x=class extends s{static properties={outcome:{attribute:!1}};entry(n){return n.kind===`tool`?e`<li class="diff-item ${n.change?`diff-${n.change.op}`:``}">
      ${n.change?e`<span class="diff-op">${m[n.change.op]} tool</span>`:e`<span class="diff-op">Rules of</span>`} <code class="break">${n.name}</code>
      ${y(n.change)}
      ${n.rules.length?e`<ul class="diff-sub" aria-label="Rules of ${n.name}">${n.rules.map(e=>b(e,e.name.slice(n.name.length).replace(/^: /,``)||e.name))}</ul>`:t}
    </li>`:b(n.change)}render(){let n=this.outcome;if(!n)return t;let r=n.changes||[],i=e=>r.filter(t=>t.op===e).length;return e`<div data-testid="policy-diff" class="stack">
      <p>
        ${r.length?`${o(r.length,`change`)}: ${i(`create`)} added, ${i(`update`)} changed, ${i(`delete`)} removed.`:`No changes: the file matches what is in force.`}
        ${n.tests_passed?` ${o(n.tests_passed,`test`)} of the file passed.`:``}
      </p>
      ${v(r).map(([t,n])=>e`<div class="diff-group">
          <h3>${(h.find(([e])=>e===t)||[t,t])[1]}</h3>
          <ul class="diff-list">${n.map(e=>this.entry(e))}</ul>
        </div>`)}
      ${n.kept&&n.kept.length?e`<p class="muted">Kept as they are (in force, not named by the file; apply with “remove what the file does not name” to delete them):
            ${n.kept.map(e=>`${e.name} (${e.kind.replace(`_`,` `)})`).join(`, `)}.</p>`:t}
      ${n.scans&&n.scans.length?e`<ul class="plain-list">${n.scans.map(t=>e`<li>Scanned ${t.server}: ${t.error?e`<span class="text-danger">${t.error}</span>`:o(t.tools||0,`tool`)}</li>`)}</ul>`:t}
    </div>`}};customElements.define(`pl-policy-diff`,x);var S=20,C=500,w=100,T={"1h":`the last hour`,"24h":`the last 24 hours`,"7d":`the last 7 days`,"30d":`the last 30 days`},E=1048576;function D(e){let t=[];for(let n of String(e).matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g))t.includes(n[1])||t.push(n[1]);return t}async function O(e){let t=await a(e,{headers:{Accept:`application/yaml`}});if(!t.ok)throw await l(t);return t.text()}function k(e){return e&&e.detail&&Array.isArray(e.detail.problems)&&e.detail.problems||[]}var A=class extends s{static properties={exported:{state:!0},exportError:{state:!0},exporting:{state:!0},text:{state:!0},fileError:{state:!0},prune:{state:!0},since:{state:!0},busy:{state:!0},result:{state:!0},error:{state:!0},problems:{state:!0},diffKey:{state:!0},history:{state:!0},historyLimit:{state:!0},historyError:{state:!0},shownVersion:{state:!0},versionText:{state:!0},notice:{state:!0}};constructor(){super(),this.text=``,this.prune=!1,this.since=`24h`,this.busy=``,this.result=null,this.problems=[],this.historyLimit=S,this.variables={}}connectedCallback(){super.connectedCallback(),this.loadHistory()}async loadHistory(){try{let e=await i(`/api/v1/policies/history`,{query:{limit:this.historyLimit}});this.history=e.versions||[],this.historyError=null}catch(e){this.historyError=e}}async exportPolicy(){this.exporting=!0,this.exportError=null;try{this.exported=await O(`/api/v1/policies/export`),d(this.exported,`preloop-policy-${u(Date.now()).slice(0,10)}.yaml`,`application/yaml`)}catch(e){this.exportError=e}finally{this.exporting=!1}}async readFile(e){let t=e.target.files&&e.target.files[0];this.fileError=``,t&&(t.size>E?this.fileError=`The file is larger than 1 MB: it is not a policy file.`:this.setText(await t.text()))}setText(e){this.text=e,this.result=null,this.problems=[],this.error=null}envelope(e={}){let t={};for(let e of D(this.text))this.variables[e]&&(t[e]=this.variables[e]);return{document:this.text,variables:t,prune:this.prune,...e}}get key(){return JSON.stringify([this.text,this.prune])}async run(e){if(!this.text.trim())this.error=`Choose a policy file or paste one first.`;else{this.busy=e,this.error=null,this.problems=[],this.notice=``;try{let t;t=e===`simulate`?{document:this.text,since:this.since}:e===`validate`?{document:this.text}:this.envelope();let n=await i(`/api/v1/policies/${e}`,{method:`POST`,body:t});this.result={kind:e,answer:n},e===`validate`&&!n.valid&&(this.problems=n.problems||[]),e===`diff`&&(this.diffKey=this.key),e===`apply`&&(this.diffKey=null,this.notice=n.applied?`Applied: version ${n.version} is in force.`:`Nothing to apply: no change.`,this.forgetVariables(),this.loadHistory())}catch(e){this.result=null,this.error=e,this.problems=k(e)}finally{this.busy=``}}}forgetVariables(){this.variables={};for(let e of this.querySelectorAll(`input[data-policy-variable]`))e.value=``}async apply(){let t=this.result&&this.result.kind===`diff`?this.result.answer.changes.length:0;await f({label:`Apply this policy?`,message:e`<p>${o(t,`change`)} will be made at once, as a new version. You can roll back to the current version later.</p>`,confirmLabel:`Apply`})&&this.run(`apply`)}goTo(e){let t=this.querySelector(`#import-text`),n=this.text.split(`
`).slice(0,Math.max(0,e-1)).reduce((e,t)=>e+t.length+1,0);t.focus(),t.setSelectionRange(n,n)}async showVersion(e){if(this.shownVersion===e.number)this.shownVersion=null;else{this.shownVersion=e.number,this.versionText=null;try{this.versionText=await O(`/api/v1/policies/versions/${e.number}`)}catch(e){this.versionText={error:e}}}}async rollback(t){this.historyError=null;try{let n=await i(`/api/v1/policies/versions/${t.number}/rollback`,{method:`POST`,body:{dry_run:!0}});if(!await f({label:`Roll back to version ${t.number}?`,message:e`<p>Its file becomes a new version in force. This changes:</p><pl-policy-diff .outcome=${n}></pl-policy-diff>`,confirmLabel:`Roll back`,danger:!0}))return;let r=await i(`/api/v1/policies/versions/${t.number}/rollback`,{method:`POST`,body:{}});this.notice=r.applied?`Rolled back to version ${t.number}: version ${r.version} is in force.`:`Nothing to change: the file of version ${t.number} is what is in force.`,this.loadHistory()}catch(e){this.historyError=e}}problemsView(){return this.problems.length?e`<div class="error-box" role="alert" data-testid="policy-problems">
      <strong>${o(this.problems.length,`problem`)} in the file:</strong>
      <ol class="problem-list">
        ${this.problems.map(n=>e`<li>
            <button type="button" class="text-button" @click=${()=>this.goTo(n.line)}>Line ${n.line}, column ${n.column}</button>${n.path?e` (<code>${n.path}</code>)`:t}: ${n.message}
          </li>`)}
      </ol>
    </div>`:t}validationView(n){if(!n.valid)return t;let r=(n.tests||[]).filter(e=>!e.passed);return e`<div data-testid="validation-result">
      <p class="ok-text">The file is valid.${n.tests&&n.tests.length?` ${n.tests.length-r.length} of ${o(n.tests.length,`test`)} passed.`:``}</p>
      ${r.length?e`<ul class="plain-list">${r.map(t=>e`<li class="error-box">Test ${t.name||`#${t.index+1}`} (<code>${t.tool}</code>): expected ${t.expected}, got ${t.got}.</li>`)}</ul>`:t}
    </div>`}simulationView(n){return e`<div class="stack" data-testid="simulation-result">
      <p>
        Replayed ${o(n.replayed,`recorded call`)} since ${c(n.since_ms)}:
        <strong>${n.changed} would be decided differently</strong>, ${n.unchanged} the same.
        ${n.truncated?`Only the newest calls of the window were replayed.`:``}
      </p>
      ${n.by_rule&&n.by_rule.length?e`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">Changed decisions by deciding rule</caption>
            <thead><tr><th scope="col">Rule</th><th scope="col">Calls changed</th><th scope="col">How</th></tr></thead>
            <tbody>${n.by_rule.map(t=>e`<tr>
              <td data-label="Rule" class="break"><code>${t.rule}</code></td>
              <td data-label="Calls changed">${t.changed}</td>
              <td data-label="How">${Object.entries(t.transitions||{}).map(([e,t])=>`${e}: ${t}`).join(`; `)}</td>
            </tr>`)}</tbody>
          </table></div>`:t}
      ${n.calls&&n.calls.length?e`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">Calls that would be decided differently</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">Tool</th><th scope="col">Caller</th><th scope="col">Recorded</th><th scope="col">With this file</th></tr></thead>
            <tbody>${n.calls.slice(0,w).map(t=>e`<tr data-testid="simulated-call">
              <td data-label="Time">${c(t.created_at)}</td>
              <td data-label="Tool" class="break"><code>${t.tool}</code></td>
              <td data-label="Caller" class="break">${t.principal}</td>
              <td data-label="Recorded"><div>${p(t.recorded.decision)} <span class="small muted">by ${t.recorded.rule}</span></div></td>
              <td data-label="With this file"><div>${p(t.simulated.decision)} <span class="small muted">by ${t.simulated.rule}</span></div></td>
            </tr>`)}</tbody>
          </table></div>
          ${n.calls.length>w?e`<p class="muted">The first ${w} of ${n.calls.length} changed calls are listed.</p>`:t}`:t}
    </div>`}resultView(){let n=this.result;if(!n)return t;switch(n.kind){case`validate`:return this.validationView(n.answer);case`diff`:case`apply`:return e`<pl-policy-diff .outcome=${n.answer}></pl-policy-diff>`;case`simulate`:return this.simulationView(n.answer);default:return t}}importSection(){let n=D(this.text),i=r(`policies.write`)&&this.diffKey===this.key&&this.result&&this.result.kind===`diff`&&this.result.answer.changes.length>0;return e`<section class="card stack" aria-labelledby="import-heading">
      <h2 id="import-heading">Change the policy</h2>
      <div class="form-grid">
        <div class="field">
          <label for="import-file">Policy file</label>
          <input id="import-file" type="file" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" data-testid="import-file" @change=${this.readFile} />
          ${this.fileError?e`<p class="text-danger small" role="alert">${this.fileError}</p>`:t}
        </div>
      </div>
      <div class="field">
        <label for="import-text">The file's text (or paste it here)</label>
        <textarea id="import-text" class="code" rows="14" spellcheck="false" autocapitalize="off" data-testid="import-text"
          .value=${this.text} @input=${e=>this.setText(e.target.value)}></textarea>
      </div>
      ${n.length?e`<fieldset class="field">
            <legend>Values of the file's variables</legend>
            <p class="hint">Secrets the file refers to as <code>\${NAME}</code> (a server's auth header). Sent with apply, never shown again; leave one empty to keep the value in force.</p>
            <div class="form-grid">
              ${n.map(t=>e`<div class="field">
                  <label for="var-${t}"><code>${t}</code></label>
                  <input id="var-${t}" type="password" autocomplete="off" data-policy-variable @input=${e=>this.variables={...this.variables,[t]:e.target.value}} />
                </div>`)}
            </div>
          </fieldset>`:t}
      <label class="check"><input type="checkbox" .checked=${this.prune} @change=${e=>this.prune=e.target.checked} />Remove what the file does not name (workflows, servers, tools)</label>
      <div class="toolbar">
        <sl-button data-testid="validate-policy" ?loading=${this.busy===`validate`} ?disabled=${!!this.busy} @click=${()=>this.run(`validate`)}>Validate</sl-button>
        <sl-button data-testid="show-diff" ?loading=${this.busy===`diff`} ?disabled=${!!this.busy} @click=${()=>this.run(`diff`)}>Show the changes</sl-button>
        ${r(`policies.write`)?e`<sl-button variant="primary" data-testid="apply-policy" ?loading=${this.busy===`apply`} ?disabled=${!i||!!this.busy} @click=${this.apply}>Apply</sl-button>`:t}
      </div>
      <div class="toolbar">
        <div class="field">
          <label for="simulate-since">Replay the recorded calls of</label>
          <select id="simulate-since" @change=${e=>this.since=e.target.value}>
            ${Object.entries(T).map(([t,n])=>e`<option value=${t} ?selected=${t===this.since}>${n}</option>`)}
          </select>
        </div>
        <sl-button data-testid="simulate" ?loading=${this.busy===`simulate`} ?disabled=${!!this.busy} @click=${()=>this.run(`simulate`)}>Simulate</sl-button>
      </div>
      ${r(`policies.write`)&&!i?e`<p class="muted small">Apply is possible once “Show the changes” has listed changes for this file.</p>`:t}
      <p role="status" class="status-text">${this.notice||``}</p>
      <pl-error .error=${this.problems.length?null:this.error}></pl-error>
      ${this.problemsView()}
      <div aria-live="polite">${this.resultView()}</div>
    </section>`}historySection(){let n=this.history;return e`<section class="card stack" aria-labelledby="history-heading">
      <h2 id="history-heading">Applied versions</h2>
      <pl-error .error=${this.historyError}></pl-error>
      ${n?n.length?e`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Applied policy versions, newest first</caption>
              <thead><tr><th scope="col">Version</th><th scope="col">Applied</th><th scope="col">How</th><th scope="col">Changes</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${n.map((e,t)=>this.historyRow(e,t===0))}</tbody>
            </table></div>
            ${n.length>=this.historyLimit&&this.historyLimit<C?e`<div><sl-button size="small" @click=${()=>{this.historyLimit+=S,this.loadHistory()}}>Show older versions</sl-button></div>`:t}`:e`<p class="muted">No version applied yet.</p>`:e`<sl-spinner label="Loading"></sl-spinner>`}
    </section>`}historyRow(n,i){let a=n.summary||{};return e`<tr data-testid="history-row" data-version=${n.number}>
        <td data-label="Version"><div><strong>${n.number}</strong>${i?e` <span class="muted small">(in force)</span>`:t}${a.name?e`<div class="small muted break">${a.name}</div>`:t}</div></td>
        <td data-label="Applied"><div>${c(n.created_at)}${n.applied_by?e`<div class="small muted">by key <code>${n.applied_by}</code></div>`:t}</div></td>
        <td data-label="How">${n.kind===`rollback`?`Rollback to ${n.source_number}`:`Apply`}</td>
        <td data-label="Changes">${a.created??0} added, ${a.updated??0} changed, ${a.deleted??0} removed</td>
        <td data-label="Actions" class="actions-col"><div class="cell-actions">
          <sl-button size="small" aria-expanded=${this.shownVersion===n.number?`true`:`false`} @click=${()=>this.showVersion(n)}>
            ${this.shownVersion===n.number?`Hide the file`:`Show the file`}<span class="visually-hidden"> of version ${n.number}</span>
          </sl-button>
          ${r(`policies.write`)&&!i?e`<sl-button size="small" data-testid="rollback" @click=${()=>this.rollback(n)}>Roll back<span class="visually-hidden"> to version ${n.number}</span></sl-button>`:t}
        </div></td>
      </tr>
      ${this.shownVersion===n.number?e`<tr class="detail-row"><td colspan="5" class="full-row">
            ${this.versionText===null?e`<sl-spinner label="Loading"></sl-spinner>`:this.versionText.error?e`<pl-error .error=${this.versionText.error}></pl-error>`:e`<pre class="code-block" role="region" tabindex="0" aria-label="The file of version ${n.number}">${this.versionText}</pre>`}
          </td></tr>`:t}`}render(){return e`<div class="page">
      <h1 tabindex="-1">Policy as code</h1>
      <p class="muted">Servers, tools, rules, approval workflows and defaults as one YAML file, versioned on every apply.</p>
      <section class="card stack" aria-labelledby="export-heading">
        <h2 id="export-heading">The policy in force</h2>
        <div class="row wrap">
          <sl-button data-testid="export-policy" ?loading=${this.exporting} @click=${this.exportPolicy}><span slot="prefix">${n}</span>Export as YAML</sl-button>
        </div>
        <pl-error .error=${this.exportError}></pl-error>
        ${this.exported===void 0?t:e`<pre class="code-block" data-testid="policy-yaml" role="region" tabindex="0" aria-label="The exported policy file">${this.exported}</pre>
              <div><sl-button size="small" @click=${()=>this.setText(this.exported)}>Edit a copy below</sl-button></div>`}
      </section>
      ${this.importSection()}
      ${this.historySection()}
    </div>`}};customElements.define(`pl-policies-page`,A);export{D as variableNames};