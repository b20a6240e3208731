import{$ as e,F as t,H as n,M as r,N as i,P as a,Q as o,U as s,V as c,Z as l,c as u,d,g as f,h as p,i as m,j as h,m as g,o as _}from"./index-Dwui5pez.js";import{i as v,n as y,r as b,t as x}from"./action-icons-CZXWb8UT.js";import{a as S,i as C,r as w,t as T}from"./tool-catalog-BSzERRb-.js";/* empty css                    */import{n as E}from"./dialogs-C5RI8Bzs.js";import"./switch-DpSeOSnd.js";var D=(e,t,n)=>{let r=new Map;for(let i=t;i<=n;i++)r.set(e[i],i);return r},O=c(class extends n{constructor(e){if(super(e),e.type!==s.CHILD)throw Error(`repeat() can only be used in text expressions`)}dt(e,t,n){let r;n===void 0?n=t:t!==void 0&&(r=t);let i=[],a=[],o=0;for(let t of e)i[o]=r?r(t,o):o,a[o]=n(t,o),o++;return{values:a,keys:i}}render(e,t,n){return this.dt(e,t,n).values}update(e,[n,s,c]){let l=h(e),{values:u,keys:d}=this.dt(n,s,c);if(!Array.isArray(l))return this.ut=d,u;let f=this.ut??=[],p=[],m,g,_=0,v=l.length-1,y=0,b=u.length-1;for(;_<=v&&y<=b;)if(l[_]===null)_++;else if(l[v]===null)v--;else if(f[_]===d[y])p[y]=a(l[_],u[y]),_++,y++;else if(f[v]===d[b])p[b]=a(l[v],u[b]),v--,b--;else if(f[_]===d[b])p[b]=a(l[_],u[b]),t(e,p[b+1],l[_]),_++,b--;else if(f[v]===d[y])p[y]=a(l[v],u[y]),t(e,l[_],l[v]),v--,y++;else if(m===void 0&&(m=D(d,y,b),g=D(f,_,v)),m.has(f[_])){if(m.has(f[v])){let n=g.get(d[y]),r=n===void 0?null:l[n];if(r===null){let n=t(e,l[_]);a(n,u[y]),p[y]=n}else p[y]=a(r,u[y]),t(e,l[_],r),l[n]=null;y++}else r(l[v]),v--}else r(l[_]),_++;for(;y<=b;){let n=t(e,p[b+1]);a(n,u[y]),p[y++]=n}for(;_<=v;){let e=l[_++];e!==null&&r(e)}return this.ut=d,i(e,p),o}}),k=e=>e.scope_kind===`account`||!e.scope_kind?`account`:`${e.scope_kind}:${e.scope_id}`;function A(e){let t=[];for(let n of e){let e=k(n),r=t.find(t=>t.key===e);r||t.push(r={key:e,kind:n.scope_kind||`account`,id:n.scope_id,rules:[]}),r.rules.push(n)}return t}function j(e,t,n){let r=e.filter(e=>e!==t),i=Math.max(0,Math.min(n,r.length));return[...r.slice(0,i),t,...r.slice(i)]}function M(e,t){return e.name||`Rule ${t+1}`}var N=class extends g{static properties={rules:{attribute:!1},editable:{type:Boolean},workflowNames:{attribute:!1},scopeNames:{attribute:!1},dragId:{state:!0},dropAt:{state:!0},message:{state:!0}};constructor(){super(),this.rules=[],this.message=``}announce(e){this.message=``,requestAnimationFrame(()=>{this.message=e})}scopeTitle(e){if(e.kind===`account`)return`Every caller of the account`;let t=this.scopeNames&&this.scopeNames.get(e.id);return`${e.kind===`agent`?`Agent`:`API key`} ${t||e.id}`}move(e,t){let n=A(this.rules),r=n.find(t=>t.key===k(e)),i=r.rules.map(e=>e.id),a=i.indexOf(e.id);if(t<0||t>=i.length||t===a)return;let o=j(i,e.id,t),s=new Map(this.rules.map(e=>[e.id,e]));r.rules=o.map(e=>s.get(e)),this.rules=n.flatMap(e=>e.rules);let c=`${M(e,a)} moved to position ${t+1} of ${i.length}.`;this.announce(c),this.dispatchEvent(new CustomEvent(`reorder`,{detail:{ids:this.rules.map(e=>e.id),moved:e,text:c}})),this.updateComplete.then(()=>{let t=this.querySelector(`[data-rule-id="${CSS.escape(e.id)}"] .rule-handle`);t&&t.focus()})}onHandleKey(e,t,n){!e.altKey||e.key!==`ArrowUp`&&e.key!==`ArrowDown`||(e.preventDefault(),this.move(t,e.key===`ArrowUp`?n-1:n+1))}arm(e){let t=e.currentTarget.closest(`.rule-row`);t&&(this.armed=t.dataset.ruleId,t.setAttribute(`draggable`,`true`))}disarm(){this.armed=null;for(let e of this.querySelectorAll(`.rule-row[draggable]`))e.removeAttribute(`draggable`)}onDragStart(e,t){this.armed===t.id?(this.dragId=t.id,e.dataTransfer.effectAllowed=`move`,e.dataTransfer.setData(`text/plain`,t.name||t.id)):e.preventDefault()}onDragOver(e,t){let n=this.rules.find(e=>e.id===this.dragId);if(!n||k(n)!==k(t))return;e.preventDefault(),e.dataTransfer.dropEffect=`move`;let r=e.currentTarget.getBoundingClientRect(),i=e.clientY>r.top+r.height/2;this.dropAt&&this.dropAt.id===t.id&&this.dropAt.after===i||(this.dropAt={id:t.id,after:i})}onDrop(e,t){e.preventDefault();let n=this.rules.find(e=>e.id===this.dragId),r=this.dropAt;if(this.endDrag(),!n||!r||n.id===t.id)return;let i=A(this.rules).find(e=>e.key===k(t)).rules.map(e=>e.id).filter(e=>e!==n.id).indexOf(t.id);this.move(n,r.after?i+1:i)}endDrag(){this.dragId=null,this.dropAt=null,this.disarm()}row(t,n,r){let i=M(t,n),a=this.dropAt&&this.dropAt.id===t.id&&this.dragId!==t.id?this.dropAt.after?`drop-after`:`drop-before`:``,o=t.approval_policy_id?this.workflowNames&&this.workflowNames.get(t.approval_policy_id)||t.approval_policy_id:``;return e`<li
      class="rule-row ${this.dragId===t.id?`dragging`:``} ${a} ${t.enabled?``:`disabled-rule`}"
      data-testid="rule-row"
      data-rule-id=${t.id}
      @dragstart=${e=>this.onDragStart(e,t)}
      @dragover=${e=>this.onDragOver(e,t)}
      @drop=${e=>this.onDrop(e,t)}
      @dragend=${this.endDrag}
    >
      ${this.editable?e`<button
            type="button"
            class="rule-handle"
            data-testid="rule-handle"
            aria-label="Reorder ${i}, position ${n+1} of ${r}"
            aria-describedby="rule-reorder-help"
            @pointerdown=${this.arm}
            @pointerup=${this.disarm}
            @keydown=${e=>this.onHandleKey(e,t,n)}
          >${v}<span aria-hidden="true">${n+1}</span></button>`:e`<span class="rule-handle" aria-hidden="true">${n+1}</span>`}
      <div class="rule-body">
        <div class="rule-title">
          <strong class="break">${i}</strong>
          ${b(t.action)}
          ${t.enabled?l:e`<sl-badge variant="neutral" pill>disabled</sl-badge>`}
          ${t.shadow?e`<sl-badge variant="neutral" pill>shadow</sl-badge>`:l}
        </div>
        ${t.condition?e`<pre class="rule-condition"><code>${t.condition}</code></pre>`:e`<div class="muted small">No condition: every call.</div>`}
        ${o?e`<div class="small">Workflow: ${o}</div>`:l}
        ${t.denial_message?e`<div class="small break">Message: ${t.denial_message}</div>`:l}
        ${t.description?e`<div class="small muted break">${t.description}</div>`:l}
      </div>
      ${this.editable?e`<div class="rule-buttons">
            <sl-button size="small" ?disabled=${n===0} @click=${()=>this.move(t,n-1)}>Move up<span class="visually-hidden">: ${i}</span></sl-button>
            <sl-button size="small" ?disabled=${n===r-1} @click=${()=>this.move(t,n+1)}>Move down<span class="visually-hidden">: ${i}</span></sl-button>
            <sl-button size="small" data-testid="edit-rule" @click=${()=>this.fire(`edit-rule`,t)}>Edit<span class="visually-hidden">: ${i}</span></sl-button>
            <sl-button size="small" variant="danger" outline data-testid="delete-rule" @click=${()=>this.fire(`delete-rule`,t)}>Delete<span class="visually-hidden">: ${i}</span></sl-button>
          </div>`:l}
    </li>`}fire(e,t){this.dispatchEvent(new CustomEvent(e,{bubbles:!0,detail:{rule:t}}))}render(){let t=A(this.rules||[]);return e`${this.editable?e`<p id="rule-reorder-help" class="hint muted small">
            Rules are tried from the top; the first that matches decides. Drag a rule by its handle, or focus the handle and press Alt+Arrow Up or Alt+Arrow Down, to move it.
          </p>`:e`<p class="hint muted small">Rules are tried from the top; the first that matches decides.</p>`}
      ${t.map(n=>e`<section class="rule-scope" aria-label="Rules for: ${this.scopeTitle(n)}">
          ${t.length>1||n.kind!==`account`?e`<h3>${this.scopeTitle(n)}</h3>`:l}
          <ol class="rule-list">${O(n.rules,e=>e.id,(e,t)=>this.row(e,t,n.rules.length))}</ol>
        </section>`)}
      <div class="visually-hidden" aria-live="polite" data-testid="reorder-status">${this.message}</div>`}};customElements.define(`pl-rule-list`,N);var P=250,F=0,I=24,L=12;function R(e,t,n){let r=(String(e).split(`
`)[t-1]||``).replace(/\t/g,` `),i=Math.max(1,Math.min(Number(n)||1,r.length+1))-1,a=Math.max(0,i-I),o=Math.min(r.length,i+L),s=a>0?`…`:``;return`${`${s}${r.slice(a,o)}${o<r.length?`…`:``}`}\n${` `.repeat(s.length+i-a)}^`}var z=class extends g{static properties={value:{},label:{},check:{state:!0}};constructor(){super(),this.value=``,this.label=`Condition`,this.uid=`cond-${++F}`,this.seq=0,this.check={kind:`empty`}}connectedCallback(){super.connectedCallback(),this.value&&this.value.trim()&&this.validate()}disconnectedCallback(){super.disconnectedCallback(),clearTimeout(this.timer),this.seq++}get valid(){return this.check.kind!==`invalid`}emit(){this.dispatchEvent(new CustomEvent(`condition-change`,{bubbles:!0,detail:{value:this.value,valid:this.valid}}))}onInput(e){this.value=e.target.value,clearTimeout(this.timer),this.value.trim()?(this.check={kind:`pending`},this.timer=setTimeout(()=>this.validate(),P)):(this.seq++,this.check={kind:`empty`}),this.emit()}async validate(){let e=this.value,t=++this.seq;this.check={kind:`checking`};try{let n=await d(`/api/v1/policy/conditions/validate`,{method:`POST`,body:{condition:e}});if(t!==this.seq)return;this.check=n&&n.valid?{kind:`valid`}:{kind:`invalid`,message:n&&n.message||`Invalid condition.`,line:n&&n.line,column:n&&n.column}}catch(e){if(t!==this.seq)return;this.check={kind:`error`,message:`The condition could not be checked: ${e.message}`}}this.emit()}statusText(){let e=this.check;switch(e.kind){case`empty`:return`No condition: the rule applies to every call of the tool.`;case`pending`:case`checking`:return`Checking…`;case`valid`:return`The condition is valid.`;case`invalid`:{let t=e.line&&RegExp(`line ${e.line}, column`,`i`).test(e.message);return`${e.line&&!t?`Line ${e.line}, column ${e.column||1}: `:``}${e.message}`}default:return e.message||``}}render(){let t=this.uid,n=this.check,r=n.kind===`invalid`;return e`<div class="field">
      <label for=${t}>${this.label}</label>
      <p class="hint" id="${t}-hint">
        A CEL expression over <code>args</code>, <code>tool</code>, <code>server</code>, <code>principal</code> and <code>now</code>,
        for example <code>args.amount &gt; 1000 &amp;&amp; args.currency == "EUR"</code>.
      </p>
      <textarea
        id=${t}
        class="code"
        rows="3"
        spellcheck="false"
        autocapitalize="off"
        autocomplete="off"
        data-testid="condition-input"
        aria-describedby="${t}-hint ${t}-status"
        aria-invalid=${r?`true`:`false`}
        .value=${this.value||``}
        @input=${this.onInput}
      ></textarea>
      ${r&&n.line?e`<pre class="condition-marker" aria-hidden="true" data-testid="condition-marker">${R(this.value,n.line,n.column)}</pre>`:l}
      <p
        id="${t}-status"
        class="condition-status ${n.kind}"
        role="status"
        data-testid="condition-status"
        data-state=${n.kind}
      >${this.statusText()}</p>
    </div>`}};customElements.define(`pl-condition-editor`,z);function B(e){let t=e.scope_kind||`account`;return{name:e.name||null,action:e.action,condition:e.condition&&e.condition.trim()?e.condition:null,approval_policy_id:e.action===`require_approval`&&e.approval_policy_id?e.approval_policy_id:null,denial_message:e.denial_message||null,description:e.description||null,scope_kind:t,scope_id:t===`account`?null:e.scope_id||null,enabled:!!e.enabled,shadow:!!e.shadow}}var V=class extends g{static properties={workflows:{attribute:!1},agents:{attribute:!1},keys:{attribute:!1},submit:{attribute:!1},draft:{state:!0},error:{state:!0},busy:{state:!0},conditionValid:{state:!0}};constructor(){super(),this.opened=0,this.draft=null,this.conditionValid=!0}open(e){this.editing=e||null,this.draft={name:e&&e.name||``,action:e&&e.action||`require_approval`,condition:e&&e.condition||``,approval_policy_id:e&&e.approval_policy_id||``,denial_message:e&&e.denial_message||``,description:e&&e.description||``,scope_kind:e&&e.scope_kind||`account`,scope_id:e&&e.scope_id||``,enabled:!e||e.enabled,shadow:e?e.shadow:!1},this.error=null,this.conditionValid=!0,this.opened++,this.updateComplete.then(()=>this.querySelector(`sl-dialog`).show())}set(e,t){this.draft={...this.draft,[e]:t}}async save(e){if(e.preventDefault(),this.conditionValid){this.busy=!0,this.error=null;try{await this.submit(B(this.draft),this.editing),this.querySelector(`sl-dialog`).hide()}catch(e){this.error=e}finally{this.busy=!1}}}scopeTargets(){let t=this.draft;if(t.scope_kind===`account`)return l;let n=t.scope_kind===`agent`?this.agents:(this.keys||[]).filter(e=>!e.revoked_at),r=t.scope_kind===`agent`?`Agent`:`API key`,i=`rule-scope-id-${this.opened}`;return n?e`<div class="field">
      <label for=${i}>${r}</label>
      <select id=${i} required .value=${t.scope_id} @change=${e=>this.set(`scope_id`,e.target.value)}>
        <option value="">Choose…</option>
        ${n.map(n=>e`<option value=${n.id} ?selected=${n.id===t.scope_id}>${n.name}${n.prefix?` (${n.prefix}…)`:``}</option>`)}
      </select>
    </div>`:e`<div class="field">
        <label for=${i}>${r} ID</label>
        <input id=${i} class="code" required .value=${t.scope_id} @input=${e=>this.set(`scope_id`,e.target.value.trim())} />
      </div>`}form(){let t=this.draft;if(!t)return l;let n=this.opened,r=t.action!==`allow`;return e`<form class="stack" @submit=${this.save} novalidate>
      <div class="form-grid">
        <div class="field">
          <label for="rule-action-${n}">Action</label>
          <select id="rule-action-${n}" data-testid="rule-action" autofocus .value=${t.action} @change=${e=>this.set(`action`,e.target.value)}>
            ${x.map(n=>e`<option value=${n} ?selected=${n===t.action}>${y[n]}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="rule-name-${n}">Name <span class="muted">(optional)</span></label>
          <input id="rule-name-${n}" data-testid="rule-name" maxlength="128" .value=${t.name} @input=${e=>this.set(`name`,e.target.value.trim())} />
        </div>
        <div class="wide">
          ${p(n,e`<pl-condition-editor
              label="Condition"
              .value=${t.condition}
              @condition-change=${e=>{this.draft={...this.draft,condition:e.detail.value},this.conditionValid=e.detail.valid}}
            ></pl-condition-editor>`)}
        </div>
        ${t.action===`require_approval`?e`<div class="field wide">
              <label for="rule-workflow-${n}">Approval workflow</label>
              <select id="rule-workflow-${n}" .value=${t.approval_policy_id} @change=${e=>this.set(`approval_policy_id`,e.target.value)}>
                <option value="">The tool's workflow, else the account's default</option>
                ${(this.workflows||[]).map(n=>e`<option value=${n.id} ?selected=${n.id===t.approval_policy_id}>${n.name}${n.is_default?` (default)`:``}</option>`)}
              </select>
            </div>`:l}
        ${r?e`<div class="field wide">
              <label for="rule-message-${n}">Message to the agent</label>
              <textarea id="rule-message-${n}" rows="2" .value=${t.denial_message} @input=${e=>this.set(`denial_message`,e.target.value)}></textarea>
              <p class="hint">What the agent is told when its call is ${t.action===`deny`?`refused`:`held for approval`}.</p>
            </div>`:l}
        <div class="field wide">
          <label for="rule-description-${n}">Description <span class="muted">(shown to approvers)</span></label>
          <input id="rule-description-${n}" .value=${t.description} @input=${e=>this.set(`description`,e.target.value)} />
        </div>
        <div class="field">
          <label for="rule-scope-${n}">Applies to</label>
          <select id="rule-scope-${n}" .value=${t.scope_kind} @change=${e=>this.draft={...this.draft,scope_kind:e.target.value,scope_id:``}}>
            <option value="account" ?selected=${t.scope_kind===`account`}>Every caller of the account</option>
            <option value="agent" ?selected=${t.scope_kind===`agent`}>One managed agent</option>
            <option value="api_key" ?selected=${t.scope_kind===`api_key`}>One API key</option>
          </select>
        </div>
        ${this.scopeTargets()}
        <div class="field wide">
          <label class="check"><input type="checkbox" .checked=${t.enabled} @change=${e=>this.set(`enabled`,e.target.checked)} />Enabled</label>
          <label class="check"><input type="checkbox" .checked=${t.shadow} @change=${e=>this.set(`shadow`,e.target.checked)} />Shadow: evaluate and record what it would decide, never enforce</label>
        </div>
      </div>
      <pl-error .error=${this.error}></pl-error>
      <div class="form-actions">
        <sl-button @click=${()=>this.querySelector(`sl-dialog`).hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-rule" ?loading=${this.busy} ?disabled=${!this.conditionValid}>
          ${this.editing?`Save the rule`:`Add the rule`}
        </sl-button>
      </div>
    </form>`}render(){return e`<sl-dialog class="form-dialog wide" label=${this.editing?`Edit the rule`:`Add a rule`}>${this.form()}</sl-dialog>`}};customElements.define(`pl-rule-dialog`,V);function H(e){if(!String(e).trim())return{value:{}};try{let t=JSON.parse(e);return typeof t!=`object`||!t||Array.isArray(t)?{error:`The arguments must be a JSON object, like {"path": "/tmp"}.`}:{value:t}}catch(e){return{error:`Not valid JSON: ${e.message}`}}}var U=class extends g{static properties={tool:{},sample:{},keys:{attribute:!1},asKey:{state:!0},text:{state:!0},jsonError:{state:!0},result:{state:!0},error:{state:!0},busy:{state:!0}};willUpdate(e){(e.has(`tool`)||e.has(`sample`)&&this.text===void 0)&&(this.text=this.sample||`{}`,this.result=null,this.error=null,this.jsonError=``)}onInput(e){this.text=e.target.value,this.jsonError=H(this.text).error||``}async run(e){e.preventDefault();let t=H(this.text);if(this.jsonError=t.error||``,t.error)this.querySelector(`textarea`).focus();else{this.busy=!0,this.error=null;try{let e={tool:this.tool,arguments:t.value};this.asKey&&(e.api_key_id=this.asKey),this.result=await d(`/api/v1/policy/check`,{method:`POST`,body:e})}catch(e){this.result=null,this.error=e}finally{this.busy=!1}}}resultView(t){let n=t.matched_rule;return e`<div class="try-result stack" data-testid="try-result" data-decision=${t.decision}>
      <h3 id="try-result-heading" class="visually-hidden">Result</h3>
      <p class="decision-line">Decision: ${b(t.decision)}</p>
      <dl class="facts">
        <dt>Why</dt><dd>${t.reason}</dd>
        ${t.message?e`<dt>Message to the agent</dt><dd class="prewrap">${t.message}</dd>`:l}
        <dt>Decided by</dt>
        <dd data-testid="try-matched-rule">
          ${n?e`${n.name||`an unnamed rule`} <code class="small">${n.id}</code>${n.condition?e`<pre class="rule-condition"><code>${n.condition}</code></pre>`:e` (no condition)`}`:e`the account's default action (${t.default_action})`}
        </dd>
        ${t.also_matched&&t.also_matched.length?e`<dt>Also matched</dt><dd>${t.also_matched.map(e=>e.name||e.id).join(`, `)} (later in the order, so they did not decide)</dd>`:l}
        <dt>Evaluated as</dt><dd>${t.principal?`${t.principal.role} credential${t.principal.agent_id?` of agent ${t.principal.agent_id}`:``}`:``}${t.policy_version===void 0?``:`, policy version ${t.policy_version}`}</dd>
      </dl>
      <section aria-labelledby="try-trace-heading">
        <h3 id="try-trace-heading">Why this rule won</h3>
        <pl-decision-trace .trace=${t.trace} rule-id=${n?n.id:``}></pl-decision-trace>
      </section>
    </div>`}render(){return e`<form class="stack" @submit=${this.run} novalidate>
      <div class="field">
        <label for="try-arguments">Sample arguments (JSON)</label>
        <textarea
          id="try-arguments"
          class="code"
          rows="5"
          spellcheck="false"
          autocapitalize="off"
          data-testid="try-arguments"
          aria-invalid=${this.jsonError?`true`:`false`}
          aria-describedby="try-arguments-status"
          .value=${this.text||``}
          @input=${this.onInput}
        ></textarea>
        <p id="try-arguments-status" class="condition-status ${this.jsonError?`invalid`:``}" role="status">${this.jsonError}</p>
      </div>
      ${this.keys&&this.keys.length?e`<div class="field" style="max-width: 28rem">
            <label for="try-as">Decide as</label>
            <select id="try-as" data-testid="try-as" @change=${e=>this.asKey=e.target.value}>
              <option value="">Your own credential</option>
              ${this.keys.slice(0,200).map(t=>e`<option value=${t.id} ?selected=${t.id===this.asKey}>The key ${t.name} (${t.prefix}…, ${t.role})</option>`)}
            </select>
          </div>`:l}
      <div class="row">
        <sl-button type="submit" variant="primary" data-testid="try-run" ?loading=${this.busy}>Check the decision</sl-button>
      </div>
      <pl-error .error=${this.error}></pl-error>
      ${this.result?this.resultView(this.result):l}
    </form>`}};customElements.define(`pl-try-policy`,U);function W(e){let t=e&&e.properties||{},n=(e&&Array.isArray(e.required)&&e.required.length?e.required:Object.keys(t)).slice(0,8),r={number:0,integer:0,boolean:!1,array:[],object:{}},i={};for(let e of n){let n=t[e]&&t[e].type;i[e]=n in r?r[n]:``}return JSON.stringify(i,null,2)}var G=e=>e.catch(()=>null),K=class extends g{static properties={toolName:{},config:{state:!0},loaded:{state:!0},error:{state:!0},configError:{state:!0},rulesError:{state:!0},source:{state:!0},workflows:{state:!0},agents:{state:!0},keys:{state:!0},defaultAction:{state:!0}};constructor(){super(),this.config=null,this.loaded=!1}get writable(){return u(`policies.write`)}willUpdate(e){e.has(`toolName`)&&this.load()}async load(){let e=this.toolName;try{let[t,n,r,i,a,o]=await Promise.all([d(`/api/v1/tool-configurations`).then(e=>e.tool_configurations||[]),G(d(`/api/v1/settings`)),G(d(`/api/v1/approval-policies`).then(e=>e.approval_policies||[])),u(`servers.read`)?G(d(`/api/v1/mcp-servers`).then(e=>e.mcp_servers||[])):null,u(`agents.read`)?G(d(`/api/v1/agents`).then(e=>e.agents||[])):null,u(`keys.read`)?G(d(`/api/v1/api-keys`).then(e=>e.api_keys||[])):null]);if(e!==this.toolName)return;this.config=t.find(t=>t.tool_name===e)||null,this.defaultAction=n&&n.default_action||`deny`,this.workflows=r||[],this.agents=a||void 0,this.keys=o||void 0,this.source=await this.findSource(e,i||[]),this.error=null}catch(e){this.error=e}finally{this.loaded=!0}}async findSource(e,t){let n=T.find(t=>t.name===e);if(n)return{kind:`builtin`,tool:n};let r=C(t,e);if(!r)return{kind:`none`};let i=await G(d(`/api/v1/mcp-servers/${encodeURIComponent(r.server.id)}/tools`).then(e=>e.tools||[]));return{kind:`server`,server:r.server,tool:(i||[]).find(e=>e.name===r.own)||null}}async reloadConfig(){this.config&&=await d(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}`)}async patchConfig(e,t){this.configError=null;try{this.config=await d(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}`,{method:`PATCH`,body:e})}catch(e){this.configError=e,t&&t.target&&(t.target.checked=!t.target.checked),this.config={...this.config}}}removeConfig(){return E(this,{label:`Remove the configuration?`,message:e`<p>All ${m(this.config.rules.length,`rule`)} and settings of <code>${this.toolName}</code> are removed. Its calls then get the account's default action (${this.defaultAction}).</p>`,confirmLabel:`Remove`,path:`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}`,done:()=>{this.config=null,this.configError=null},failed:e=>this.configError=e,focus:`#config-heading`})}submitRule=async(e,t)=>{this.rulesError=null,t?(await d(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules/${encodeURIComponent(t.id)}`,{method:`PATCH`,body:e}),await this.reloadConfig()):this.config?(await d(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules`,{method:`POST`,body:e}),await this.reloadConfig()):this.config=await d(`/api/v1/tool-configurations`,{method:`POST`,body:{tool_name:this.toolName,tool_source:this.source&&this.source.kind===`builtin`?`builtin`:`mcp`,rules:[e]}})};deleteRule(t){return E(this,{label:`Delete the rule?`,message:e`<p>The rule <strong>${t.name||t.id}</strong> (${t.action}${t.condition?e`, when <code>${t.condition}</code>`:``}) is deleted.</p>`,confirmLabel:`Delete`,path:`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules/${encodeURIComponent(t.id)}`,done:async()=>{this.rulesError=null,await this.reloadConfig()},failed:e=>this.rulesError=e,focus:`#rules-heading`})}async reorder(e){let t=e.currentTarget;try{let n=await d(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules/reorder`,{method:`POST`,body:{rule_ids:e.detail.ids}});this.config={...this.config,rules:n.rules},this.rulesError=null,t.announce(`${e.detail.text} The new order is saved.`)}catch(e){this.rulesError=e,t.announce(`The new order could not be saved, so it is back as it was: ${e.message}`),await this.reloadConfig().catch(()=>{})}}openRule(e){this.querySelector(`pl-rule-dialog`).open(e)}sourceLine(){let t=this.source;return t?t.kind===`builtin`?e`<p>Built into Preloop.</p>`:t.kind===`none`?e`<p class="muted">No scanned server offers a tool by this name.</p>`:e`<p>From the server <strong>${t.server.name}</strong>${t.tool&&t.tool.name!==this.toolName?e`, where it is <code>${t.tool.name}</code>`:l}.</p>`:l}configSection(){let t=this.config;if(this.source&&this.source.kind===`builtin`&&!t)return e`<p data-testid="builtin-note">
        Preloop answers this tool itself, before any rule: rules do not apply to it. The kill switch and rate limits do.
      </p>`;if(!t)return e`<p>
        Not configured: every call gets the account's default action, ${b(this.defaultAction)}.
        ${this.writable?`Adding a rule configures the tool.`:``}
      </p>`;let n=this.writable,r=(this.workflows||[]).find(e=>e.id===t.approval_policy_id);return n?e`<div class="stack">
      <div class="switches">
        <sl-switch data-testid="tool-enabled" ?checked=${t.is_enabled} @sl-change=${e=>this.patchConfig({is_enabled:e.target.checked},e)}>Enabled</sl-switch>
        <sl-switch data-testid="tool-validate" ?checked=${t.validate_arguments} @sl-change=${e=>this.patchConfig({validate_arguments:e.target.checked},e)}>
          Check arguments against the input schema
        </sl-switch>
      </div>
      <div class="form-grid">
        <div class="field">
          <label for="tool-justification">Justification from the agent</label>
          <select id="tool-justification" data-testid="tool-justification" .value=${f(t.justification||``)} @change=${e=>this.patchConfig({justification:e.target.value||null})}>
            <option value="" ?selected=${!t.justification}>As its approval workflow says</option>
            <option value="required" ?selected=${t.justification===`required`}>Required</option>
            <option value="optional" ?selected=${t.justification===`optional`}>Optional</option>
          </select>
        </div>
        <div class="field">
          <label for="tool-workflow">Approval workflow of its rules</label>
          <select id="tool-workflow" .value=${f(t.approval_policy_id||``)} @change=${e=>this.patchConfig({approval_policy_id:e.target.value||null})}>
            <option value="" ?selected=${!t.approval_policy_id}>The account's default</option>
            ${(this.workflows||[]).map(n=>e`<option value=${n.id} ?selected=${n.id===t.approval_policy_id}>${n.name}</option>`)}
          </select>
        </div>
      </div>
      <div><sl-button size="small" variant="danger" outline @click=${this.removeConfig}>Remove the configuration</sl-button></div>
    </div>`:e`<dl class="facts">
        <dt>Enabled</dt><dd>${t.is_enabled?`Yes`:`No: every call is refused`}</dd>
        <dt>Arguments checked</dt><dd>${t.validate_arguments?`Against the tool’s input schema`:`No`}</dd>
        <dt>Justification</dt><dd>${t.justification||`As its workflow says`}</dd>
        <dt>Approval workflow</dt><dd>${r?r.name:`The account’s default`}</dd>
      </dl>`}rulesSection(){let t=this.config&&this.config.rules||[],n=S(this.config,this.defaultAction);return e`<section class="card stack" aria-labelledby="rules-heading">
      <div class="section-head">
        <h2 id="rules-heading" tabindex="-1">Rules</h2>
        <span class="row-gap"></span>
        ${this.writable?e`<sl-button variant="primary" size="small" data-testid="add-rule" @click=${()=>this.openRule(null)}>Add a rule</sl-button>`:l}
      </div>
      <pl-error .error=${this.rulesError}></pl-error>
      ${t.length?e`<pl-rule-list
            .rules=${t}
            ?editable=${this.writable}
            .workflowNames=${new Map((this.workflows||[]).map(e=>[e.id,e.name]))}
            .scopeNames=${new Map([...this.agents||[],...this.keys||[]].map(e=>[e.id,e.name]))}
            @reorder=${this.reorder}
            @edit-rule=${e=>this.openRule(e.detail.rule)}
            @delete-rule=${e=>this.deleteRule(e.detail.rule)}
          ></pl-rule-list>`:e`<p class="muted">No rules.</p>`}
      <p class="muted small" data-testid="tool-fallback">
        ${n.disabled?e`The tool is disabled: every call is refused, whatever its rules.`:n.category==="default"?e`Calls no rule decides get the account's default: ${b(this.defaultAction)}.`:e`Calls the conditional rules above it do not catch reach an account-wide rule without a condition: ${b(n.action)}.`}
      </p>
    </section>`}render(){let t=this.source&&this.source.tool;return e`<div class="page">
      <p><a href=${_(`/tools`)}>← All tools</a></p>
      <div class="page-head">
        <h1 tabindex="-1" class="break"><code>${this.toolName}</code></h1>
        ${this.loaded?l:e`<sl-spinner label="Loading"></sl-spinner>`}
      </div>
      <pl-error .error=${this.error}></pl-error>
      ${this.loaded&&!this.error?e`${this.sourceLine()}
            ${t&&(t.title||t.description)?e`<p class="prewrap">${t.title?e`<strong>${t.title}.</strong> `:l}${t.description||``}</p>`:l}
            <section class="card stack" aria-labelledby="config-heading">
              <h2 id="config-heading" tabindex="-1">Configuration</h2>
              <pl-error .error=${this.configError}></pl-error>
              ${this.configSection()}
            </section>
            ${this.source&&this.source.kind===`builtin`&&!this.config?l:this.rulesSection()}
            ${this.source&&this.source.kind===`builtin`?l:e`<section class="card stack" aria-labelledby="try-heading">
              <h2 id="try-heading">Try it</h2>
              <p class="muted small">What the rules in force decide for a call with these arguments, made with your credential. Nothing is called or recorded.</p>
              <pl-try-policy
                tool=${this.toolName}
                .sample=${W(t&&(t.input_schema||t.inputSchema))}
                .keys=${(this.keys||[]).filter(e=>!e.revoked_at)}
              ></pl-try-policy>
            </section>`}
            <pl-rule-dialog .workflows=${this.workflows} .agents=${this.agents} .keys=${this.keys} .submit=${this.submitRule}></pl-rule-dialog>`:l}
    </div>`}};customElements.define(`pl-tool-page`,K);var q=100,J=[`all`,`allow`,`require_approval`,`deny`,`default`],Y=class extends g{static properties={catalog:{state:!0},error:{state:!0},filter:{state:!0},search:{state:!0},expanded:{state:!0}};constructor(){super(),this.catalog=null,this.filter=`all`,this.search=``,this.expanded=new Set}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{this.catalog=await w(),this.error=this.catalog.errors[0]||null}catch(e){this.error=e}}tree(){let e=this.catalog,t=new Map(e.configs.map(e=>[e.tool_name,e])),n=new Set,r=(r,i,a=!1)=>{n.add(r);let o=t.get(r)||null;return{name:r,tool:i,config:o,summary:a?{category:`builtin`}:S(o,e.defaultAction)}},i=e.sources.map(e=>({key:`server:${e.server.id}`,title:e.server.name,server:e.server,error:e.error,tools:e.tools.map(e=>r(e.exposed,e))}));i.push({key:`builtin`,title:`Built into Preloop`,tools:T.map(e=>r(e.name,e,!0))});let a=e.configs.filter(e=>!n.has(e.tool_name)).map(e=>r(e.tool_name,null));return a.length&&i.push({key:`other`,title:`Configured, not offered by a scanned server`,tools:a}),i}shows(e){return this.filter!==`all`&&e.summary.category!==this.filter?!1:!this.search||e.name.toLowerCase().includes(this.search.toLowerCase())}chips(t){let n=e=>e===`all`?t.length:t.filter(t=>t.summary.category===e).length;return e`<ul class="filter-chips" aria-label="Filter tools by what their rules do">
      ${J.map(t=>e`<li>
          <button type="button" class="chip" aria-pressed=${this.filter===t?`true`:`false`} data-testid="filter-${t}" @click=${()=>this.filter=t}>
            ${t===`all`?e`<span>All</span>`:b(t,y[t])}
            <span class="count">${n(t)}</span>
          </button>
        </li>`)}
    </ul>`}row(t){let n=t.summary;if(n.category===`builtin`)return e`<li class="tool-row" data-testid="tool-row" data-tool=${t.name} data-action="builtin">
        <a href=${_(`/tools/${encodeURIComponent(t.name)}`)}>${t.name}</a>
        <span class="tool-meta small muted">Not subject to rules</span>
        ${t.tool.title?e`<p class="tool-desc">${t.tool.title}</p>`:l}
      </li>`;let r=n.category==="default"?`Default (${y[n.action]||n.action})`:n.disabled?`Deny (tool disabled)`:y[n.action],i=t.tool&&(t.tool.title||t.tool.description);return e`<li class="tool-row" data-testid="tool-row" data-tool=${t.name} data-action=${n.category}>
      <a href=${_(`/tools/${encodeURIComponent(t.name)}`)}>${t.name}</a>
      <span class="tool-meta">
        ${b(n.category==="default"?`default`:n.action,r)}
        ${n.conditional?e`<span class="small muted">${m(n.conditional,`conditional rule`)} first</span>`:l}
        ${t.tool&&t.tool.quarantine?e`<sl-badge variant="warning" pill>held for review</sl-badge>`:l}
      </span>
      ${i?e`<p class="tool-desc" title=${i}>${i}</p>`:l}
    </li>`}source(t){let n=t.tools.filter(e=>this.shows(e)),r=this.filter!==`all`||this.search;if(r&&!n.length)return l;let i=this.expanded.has(t.key)?n:n.slice(0,q),a=t.server;return e`<li class="tool-source" data-testid="tool-source" data-source=${t.key}>
      <details open>
        <summary>
          <span class="break">${t.title}</span>
          <span class="muted small">${m(n.length,`tool`)}${r?` shown`:``}</span>
          ${a&&!a.enabled?e`<sl-badge variant="neutral" pill>disabled</sl-badge>`:l}
          ${a&&a.last_scan_error?e`<sl-badge variant="danger" pill>last scan failed</sl-badge>`:l}
          ${a&&!a.last_scan_at?e`<sl-badge variant="neutral" pill>never scanned</sl-badge>`:l}
        </summary>
        ${t.error?e`<pl-error .error=${t.error}></pl-error>`:l}
        ${i.length?e`<ul class="tool-list">${i.map(e=>this.row(e))}</ul>`:e`<p class="muted small tool-row">${a?e`No tools. <a href=${_(`/servers`)}>Scan the server</a> to list them.`:`None.`}</p>`}
        ${n.length>i.length?e`<div class="tool-row"><sl-button size="small" @click=${()=>this.expanded=new Set([...this.expanded,t.key])}>Show all ${n.length}</sl-button></div>`:l}
      </details>
    </li>`}render(){let t=this.catalog,n=t?this.tree():[],r=n.flatMap(e=>e.tools);return e`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Tools</h1>
        ${!t&&!this.error?e`<sl-spinner label="Loading"></sl-spinner>`:l}
      </div>
      <pl-error .error=${this.error}></pl-error>
      ${t?e`<p class="muted">
              Each tool's rules decide its calls; a call no rule decides gets the account's default action,
              ${b(t.defaultAction)} (<a href=${_(`/settings`)}>settings</a>).
            </p>
            <div class="card stack">
              ${this.chips(r)}
              <div class="field">
                <label for="tool-search">Filter by name</label>
                <input id="tool-search" type="search" autocomplete="off" spellcheck="false" .value=${this.search} @input=${e=>this.search=e.target.value.trim()} />
              </div>
            </div>
            <ul class="tool-tree" aria-label="Tools by source">${n.map(e=>this.source(e))}</ul>
            ${r.filter(e=>this.shows(e)).length===0?e`<p class="empty">No tool matches.</p>`:l}
            ${t.moreServers?e`<p class="muted">${m(t.moreServers,`more server`)} not listed: only the first 50 are read.</p>`:l}`:l}
    </div>`}};customElements.define(`pl-tools-page`,Y);