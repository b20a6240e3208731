import{A as e,B as t,M as n,N as r,V as i,X as a,Y as o,Z as s,a as c,f as l,j as u,k as d,l as f,m as p,o as m,p as h,r as g,z as _}from"./index-DHd_yd_J.js";import{i as v,n as y,r as b,t as x}from"./action-icons-CaQZ3051.js";import{a as S,i as C,r as w,t as T}from"./tool-catalog-BSmSLX_G.js";import{n as E}from"./admin-pages-Ccq0LGuG.js";import"./switch-BskVRloy.js";var D=(e,t,n)=>{let r=new Map;for(let i=t;i<=n;i++)r.set(e[i],i);return r},O=_(class extends t{constructor(e){if(super(e),e.type!==i.CHILD)throw Error(`repeat() can only be used in text expressions`)}dt(e,t,n){let r;n===void 0?n=t:t!==void 0&&(r=t);let i=[],a=[],o=0;for(let t of e)i[o]=r?r(t,o):o,a[o]=n(t,o),o++;return{values:a,keys:i}}render(e,t,n){return this.dt(e,t,n).values}update(t,[i,o,s]){let c=d(t),{values:l,keys:f}=this.dt(i,o,s);if(!Array.isArray(c))return this.ut=f,l;let p=this.ut??=[],m=[],h,g,_=0,v=c.length-1,y=0,b=l.length-1;for(;_<=v&&y<=b;)if(c[_]===null)_++;else if(c[v]===null)v--;else if(p[_]===f[y])m[y]=n(c[_],l[y]),_++,y++;else if(p[v]===f[b])m[b]=n(c[v],l[b]),v--,b--;else if(p[_]===f[b])m[b]=n(c[_],l[b]),r(t,m[b+1],c[_]),_++,b--;else if(p[v]===f[y])m[y]=n(c[v],l[y]),r(t,c[_],c[v]),v--,y++;else if(h===void 0&&(h=D(f,y,b),g=D(p,_,v)),h.has(p[_])){if(h.has(p[v])){let e=g.get(f[y]),i=e===void 0?null:c[e];if(i===null){let e=r(t,c[_]);n(e,l[y]),m[y]=e}else m[y]=n(i,l[y]),r(t,c[_],i),c[e]=null;y++}else e(c[v]),v--}else e(c[_]),_++;for(;y<=b;){let e=r(t,m[b+1]);n(e,l[y]),m[y++]=e}for(;_<=v;){let t=c[_++];t!==null&&e(t)}return this.ut=f,u(t,m),a}}),k=e=>e.scope_kind===`account`||!e.scope_kind?`account`:`${e.scope_kind}:${e.scope_id}`;function A(e){let t=[];for(let n of e){let e=k(n),r=t.find(t=>t.key===e);r||t.push(r={key:e,kind:n.scope_kind||`account`,id:n.scope_id,rules:[]}),r.rules.push(n)}return t}function j(e,t,n){let r=e.filter(e=>e!==t),i=Math.max(0,Math.min(n,r.length));return[...r.slice(0,i),t,...r.slice(i)]}function M(e,t){return e.name||`Rule ${t+1}`}var N=class extends l{static properties={rules:{attribute:!1},editable:{type:Boolean},workflowNames:{attribute:!1},scopeNames:{attribute:!1},dragId:{state:!0},dropAt:{state:!0},message:{state:!0}};constructor(){super(),this.rules=[],this.message=``}announce(e){this.message=``,requestAnimationFrame(()=>{this.message=e})}scopeTitle(e){if(e.kind===`account`)return`Every caller of the account`;let t=this.scopeNames&&this.scopeNames.get(e.id);return`${e.kind===`agent`?`Agent`:`API key`} ${t||e.id}`}move(e,t){let n=A(this.rules),r=n.find(t=>t.key===k(e)),i=r.rules.map(e=>e.id),a=i.indexOf(e.id);if(t<0||t>=i.length||t===a)return;let o=j(i,e.id,t),s=new Map(this.rules.map(e=>[e.id,e]));r.rules=o.map(e=>s.get(e)),this.rules=n.flatMap(e=>e.rules);let c=`${M(e,a)} moved to position ${t+1} of ${i.length}.`;this.announce(c),this.dispatchEvent(new CustomEvent(`reorder`,{detail:{ids:this.rules.map(e=>e.id),moved:e,text:c}})),this.updateComplete.then(()=>{let t=this.querySelector(`[data-rule-id="${CSS.escape(e.id)}"] .rule-handle`);t&&t.focus()})}onHandleKey(e,t,n){!e.altKey||e.key!==`ArrowUp`&&e.key!==`ArrowDown`||(e.preventDefault(),this.move(t,e.key===`ArrowUp`?n-1:n+1))}arm(e){let t=e.currentTarget.closest(`.rule-row`);t&&(this.armed=t.dataset.ruleId,t.setAttribute(`draggable`,`true`))}disarm(){this.armed=null;for(let e of this.querySelectorAll(`.rule-row[draggable]`))e.removeAttribute(`draggable`)}onDragStart(e,t){this.armed===t.id?(this.dragId=t.id,e.dataTransfer.effectAllowed=`move`,e.dataTransfer.setData(`text/plain`,t.name||t.id)):e.preventDefault()}onDragOver(e,t){let n=this.rules.find(e=>e.id===this.dragId);if(!n||k(n)!==k(t))return;e.preventDefault(),e.dataTransfer.dropEffect=`move`;let r=e.currentTarget.getBoundingClientRect(),i=e.clientY>r.top+r.height/2;this.dropAt&&this.dropAt.id===t.id&&this.dropAt.after===i||(this.dropAt={id:t.id,after:i})}onDrop(e,t){e.preventDefault();let n=this.rules.find(e=>e.id===this.dragId),r=this.dropAt;if(this.endDrag(),!n||!r||n.id===t.id)return;let i=A(this.rules).find(e=>e.key===k(t)).rules.map(e=>e.id).filter(e=>e!==n.id).indexOf(t.id);this.move(n,r.after?i+1:i)}endDrag(){this.dragId=null,this.dropAt=null,this.disarm()}row(e,t,n){let r=M(e,t),i=this.dropAt&&this.dropAt.id===e.id&&this.dragId!==e.id?this.dropAt.after?`drop-after`:`drop-before`:``,a=e.approval_policy_id?this.workflowNames&&this.workflowNames.get(e.approval_policy_id)||e.approval_policy_id:``;return s`<li
      class="rule-row ${this.dragId===e.id?`dragging`:``} ${i} ${e.enabled?``:`disabled-rule`}"
      data-testid="rule-row"
      data-rule-id=${e.id}
      @dragstart=${t=>this.onDragStart(t,e)}
      @dragover=${t=>this.onDragOver(t,e)}
      @drop=${t=>this.onDrop(t,e)}
      @dragend=${this.endDrag}
    >
      ${this.editable?s`<button
            type="button"
            class="rule-handle"
            data-testid="rule-handle"
            aria-label="Reorder ${r}, position ${t+1} of ${n}"
            aria-describedby="rule-reorder-help"
            @pointerdown=${this.arm}
            @pointerup=${this.disarm}
            @keydown=${n=>this.onHandleKey(n,e,t)}
          >${v}<span aria-hidden="true">${t+1}</span></button>`:s`<span class="rule-handle" aria-hidden="true">${t+1}</span>`}
      <div class="rule-body">
        <div class="rule-title">
          <strong class="break">${r}</strong>
          ${b(e.action)}
          ${e.enabled?o:s`<sl-badge variant="neutral" pill>disabled</sl-badge>`}
          ${e.shadow?s`<sl-badge variant="neutral" pill>shadow</sl-badge>`:o}
        </div>
        ${e.condition?s`<pre class="rule-condition"><code>${e.condition}</code></pre>`:s`<div class="muted small">No condition: every call.</div>`}
        ${a?s`<div class="small">Workflow: ${a}</div>`:o}
        ${e.denial_message?s`<div class="small break">Message: ${e.denial_message}</div>`:o}
        ${e.description?s`<div class="small muted break">${e.description}</div>`:o}
      </div>
      ${this.editable?s`<div class="rule-buttons">
            <sl-button size="small" ?disabled=${t===0} @click=${()=>this.move(e,t-1)}>Move up<span class="visually-hidden">: ${r}</span></sl-button>
            <sl-button size="small" ?disabled=${t===n-1} @click=${()=>this.move(e,t+1)}>Move down<span class="visually-hidden">: ${r}</span></sl-button>
            <sl-button size="small" data-testid="edit-rule" @click=${()=>this.fire(`edit-rule`,e)}>Edit<span class="visually-hidden">: ${r}</span></sl-button>
            <sl-button size="small" variant="danger" outline data-testid="delete-rule" @click=${()=>this.fire(`delete-rule`,e)}>Delete<span class="visually-hidden">: ${r}</span></sl-button>
          </div>`:o}
    </li>`}fire(e,t){this.dispatchEvent(new CustomEvent(e,{bubbles:!0,detail:{rule:t}}))}render(){let e=A(this.rules||[]);return s`${this.editable?s`<p id="rule-reorder-help" class="hint muted small">
            Rules are tried from the top; the first that matches decides. Drag a rule by its handle, or focus the handle and press Alt+Arrow Up or Alt+Arrow Down, to move it.
          </p>`:s`<p class="hint muted small">Rules are tried from the top; the first that matches decides.</p>`}
      ${e.map(t=>s`<section class="rule-scope" aria-label="Rules for: ${this.scopeTitle(t)}">
          ${e.length>1||t.kind!==`account`?s`<h3>${this.scopeTitle(t)}</h3>`:o}
          <ol class="rule-list">${O(t.rules,e=>e.id,(e,n)=>this.row(e,n,t.rules.length))}</ol>
        </section>`)}
      <div class="visually-hidden" aria-live="polite" data-testid="reorder-status">${this.message}</div>`}};customElements.define(`pl-rule-list`,N);var P=250,F=0,I=24,L=12;function R(e,t,n){let r=(String(e).split(`
`)[t-1]||``).replace(/\t/g,` `),i=Math.max(1,Math.min(Number(n)||1,r.length+1))-1,a=Math.max(0,i-I),o=Math.min(r.length,i+L),s=a>0?`…`:``;return`${`${s}${r.slice(a,o)}${o<r.length?`…`:``}`}\n${` `.repeat(s.length+i-a)}^`}var z=class extends l{static properties={value:{},label:{},check:{state:!0}};constructor(){super(),this.value=``,this.label=`Condition`,this.uid=`cond-${++F}`,this.seq=0,this.check={kind:`empty`}}connectedCallback(){super.connectedCallback(),this.value&&this.value.trim()&&this.validate()}disconnectedCallback(){super.disconnectedCallback(),clearTimeout(this.timer),this.seq++}get valid(){return this.check.kind!==`invalid`}emit(){this.dispatchEvent(new CustomEvent(`condition-change`,{bubbles:!0,detail:{value:this.value,valid:this.valid}}))}onInput(e){this.value=e.target.value,clearTimeout(this.timer),this.value.trim()?(this.check={kind:`pending`},this.timer=setTimeout(()=>this.validate(),P)):(this.seq++,this.check={kind:`empty`}),this.emit()}async validate(){let e=this.value,t=++this.seq;this.check={kind:`checking`};try{let n=await f(`/api/v1/policy/conditions/validate`,{method:`POST`,body:{condition:e}});if(t!==this.seq)return;this.check=n&&n.valid?{kind:`valid`}:{kind:`invalid`,message:n&&n.message||`Invalid condition.`,line:n&&n.line,column:n&&n.column}}catch(e){if(t!==this.seq)return;this.check={kind:`error`,message:`The condition could not be checked: ${e.message}`}}this.emit()}statusText(){let e=this.check;switch(e.kind){case`empty`:return`No condition: the rule applies to every call of the tool.`;case`pending`:case`checking`:return`Checking…`;case`valid`:return`The condition is valid.`;case`invalid`:{let t=e.line&&RegExp(`line ${e.line}, column`,`i`).test(e.message);return`${e.line&&!t?`Line ${e.line}, column ${e.column||1}: `:``}${e.message}`}default:return e.message||``}}render(){let e=this.uid,t=this.check,n=t.kind===`invalid`;return s`<div class="field">
      <label for=${e}>${this.label}</label>
      <p class="hint" id="${e}-hint">
        A CEL expression over <code>args</code>, <code>tool</code>, <code>server</code>, <code>principal</code> and <code>now</code>,
        for example <code>args.amount &gt; 1000 &amp;&amp; args.currency == "EUR"</code>.
      </p>
      <textarea
        id=${e}
        class="code"
        rows="3"
        spellcheck="false"
        autocapitalize="off"
        autocomplete="off"
        data-testid="condition-input"
        aria-describedby="${e}-hint ${e}-status"
        aria-invalid=${n?`true`:`false`}
        .value=${this.value||``}
        @input=${this.onInput}
      ></textarea>
      ${n&&t.line?s`<pre class="condition-marker" aria-hidden="true" data-testid="condition-marker">${R(this.value,t.line,t.column)}</pre>`:o}
      <p
        id="${e}-status"
        class="condition-status ${t.kind}"
        role="status"
        data-testid="condition-status"
        data-state=${t.kind}
      >${this.statusText()}</p>
    </div>`}};customElements.define(`pl-condition-editor`,z);function B(e){let t=e.scope_kind||`account`;return{name:e.name||null,action:e.action,condition:e.condition&&e.condition.trim()?e.condition:null,approval_policy_id:e.action===`require_approval`&&e.approval_policy_id?e.approval_policy_id:null,denial_message:e.denial_message||null,description:e.description||null,scope_kind:t,scope_id:t===`account`?null:e.scope_id||null,enabled:!!e.enabled,shadow:!!e.shadow}}var V=class extends l{static properties={workflows:{attribute:!1},agents:{attribute:!1},keys:{attribute:!1},submit:{attribute:!1},draft:{state:!0},error:{state:!0},busy:{state:!0},conditionValid:{state:!0}};constructor(){super(),this.opened=0,this.draft=null,this.conditionValid=!0}open(e){this.editing=e||null,this.draft={name:e&&e.name||``,action:e&&e.action||`require_approval`,condition:e&&e.condition||``,approval_policy_id:e&&e.approval_policy_id||``,denial_message:e&&e.denial_message||``,description:e&&e.description||``,scope_kind:e&&e.scope_kind||`account`,scope_id:e&&e.scope_id||``,enabled:!e||e.enabled,shadow:e?e.shadow:!1},this.error=null,this.conditionValid=!0,this.opened++,this.updateComplete.then(()=>this.querySelector(`sl-dialog`).show())}set(e,t){this.draft={...this.draft,[e]:t}}async save(e){if(e.preventDefault(),this.conditionValid){this.busy=!0,this.error=null;try{await this.submit(B(this.draft),this.editing),this.querySelector(`sl-dialog`).hide()}catch(e){this.error=e}finally{this.busy=!1}}}scopeTargets(){let e=this.draft;if(e.scope_kind===`account`)return o;let t=e.scope_kind===`agent`?this.agents:(this.keys||[]).filter(e=>!e.revoked_at),n=e.scope_kind===`agent`?`Agent`:`API key`,r=`rule-scope-id-${this.opened}`;return t?s`<div class="field">
      <label for=${r}>${n}</label>
      <select id=${r} required .value=${e.scope_id} @change=${e=>this.set(`scope_id`,e.target.value)}>
        <option value="">Choose…</option>
        ${t.map(t=>s`<option value=${t.id} ?selected=${t.id===e.scope_id}>${t.name}${t.prefix?` (${t.prefix}…)`:``}</option>`)}
      </select>
    </div>`:s`<div class="field">
        <label for=${r}>${n} ID</label>
        <input id=${r} class="code" required .value=${e.scope_id} @input=${e=>this.set(`scope_id`,e.target.value.trim())} />
      </div>`}form(){let e=this.draft;if(!e)return o;let t=this.opened,n=e.action!==`allow`;return s`<form class="stack" @submit=${this.save} novalidate>
      <div class="form-grid">
        <div class="field">
          <label for="rule-action-${t}">Action</label>
          <select id="rule-action-${t}" data-testid="rule-action" autofocus .value=${e.action} @change=${e=>this.set(`action`,e.target.value)}>
            ${x.map(t=>s`<option value=${t} ?selected=${t===e.action}>${y[t]}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="rule-name-${t}">Name <span class="muted">(optional)</span></label>
          <input id="rule-name-${t}" data-testid="rule-name" maxlength="128" .value=${e.name} @input=${e=>this.set(`name`,e.target.value.trim())} />
        </div>
        <div class="wide">
          ${h(t,s`<pl-condition-editor
              label="Condition"
              .value=${e.condition}
              @condition-change=${e=>{this.draft={...this.draft,condition:e.detail.value},this.conditionValid=e.detail.valid}}
            ></pl-condition-editor>`)}
        </div>
        ${e.action===`require_approval`?s`<div class="field wide">
              <label for="rule-workflow-${t}">Approval workflow</label>
              <select id="rule-workflow-${t}" .value=${e.approval_policy_id} @change=${e=>this.set(`approval_policy_id`,e.target.value)}>
                <option value="">The tool's workflow, else the account's default</option>
                ${(this.workflows||[]).map(t=>s`<option value=${t.id} ?selected=${t.id===e.approval_policy_id}>${t.name}${t.is_default?` (default)`:``}</option>`)}
              </select>
            </div>`:o}
        ${n?s`<div class="field wide">
              <label for="rule-message-${t}">Message to the agent</label>
              <textarea id="rule-message-${t}" rows="2" .value=${e.denial_message} @input=${e=>this.set(`denial_message`,e.target.value)}></textarea>
              <p class="hint">What the agent is told when its call is ${e.action===`deny`?`refused`:`held for approval`}.</p>
            </div>`:o}
        <div class="field wide">
          <label for="rule-description-${t}">Description <span class="muted">(shown to approvers)</span></label>
          <input id="rule-description-${t}" .value=${e.description} @input=${e=>this.set(`description`,e.target.value)} />
        </div>
        <div class="field">
          <label for="rule-scope-${t}">Applies to</label>
          <select id="rule-scope-${t}" .value=${e.scope_kind} @change=${e=>this.draft={...this.draft,scope_kind:e.target.value,scope_id:``}}>
            <option value="account" ?selected=${e.scope_kind===`account`}>Every caller of the account</option>
            <option value="agent" ?selected=${e.scope_kind===`agent`}>One managed agent</option>
            <option value="api_key" ?selected=${e.scope_kind===`api_key`}>One API key</option>
          </select>
        </div>
        ${this.scopeTargets()}
        <div class="field wide">
          <label class="check"><input type="checkbox" .checked=${e.enabled} @change=${e=>this.set(`enabled`,e.target.checked)} />Enabled</label>
          <label class="check"><input type="checkbox" .checked=${e.shadow} @change=${e=>this.set(`shadow`,e.target.checked)} />Shadow: evaluate and record what it would decide, never enforce</label>
        </div>
      </div>
      <pl-error .error=${this.error}></pl-error>
      <div class="form-actions">
        <sl-button @click=${()=>this.querySelector(`sl-dialog`).hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-rule" ?loading=${this.busy} ?disabled=${!this.conditionValid}>
          ${this.editing?`Save the rule`:`Add the rule`}
        </sl-button>
      </div>
    </form>`}render(){return s`<sl-dialog class="form-dialog wide" label=${this.editing?`Edit the rule`:`Add a rule`}>${this.form()}</sl-dialog>`}};customElements.define(`pl-rule-dialog`,V);function H(e){if(!String(e).trim())return{value:{}};try{let t=JSON.parse(e);return typeof t!=`object`||!t||Array.isArray(t)?{error:`The arguments must be a JSON object, like {"path": "/tmp"}.`}:{value:t}}catch(e){return{error:`Not valid JSON: ${e.message}`}}}var U=class extends l{static properties={tool:{},sample:{},keys:{attribute:!1},asKey:{state:!0},text:{state:!0},jsonError:{state:!0},result:{state:!0},error:{state:!0},busy:{state:!0}};willUpdate(e){(e.has(`tool`)||e.has(`sample`)&&this.text===void 0)&&(this.text=this.sample||`{}`,this.result=null,this.error=null,this.jsonError=``)}onInput(e){this.text=e.target.value,this.jsonError=H(this.text).error||``}async run(e){e.preventDefault();let t=H(this.text);if(this.jsonError=t.error||``,t.error)this.querySelector(`textarea`).focus();else{this.busy=!0,this.error=null;try{let e={tool:this.tool,arguments:t.value};this.asKey&&(e.api_key_id=this.asKey),this.result=await f(`/api/v1/policy/check`,{method:`POST`,body:e})}catch(e){this.result=null,this.error=e}finally{this.busy=!1}}}resultView(e){let t=e.matched_rule;return s`<div class="try-result stack" data-testid="try-result" data-decision=${e.decision}>
      <h3 id="try-result-heading" class="visually-hidden">Result</h3>
      <p class="decision-line">Decision: ${b(e.decision)}</p>
      <dl class="facts">
        <dt>Why</dt><dd>${e.reason}</dd>
        ${e.message?s`<dt>Message to the agent</dt><dd class="prewrap">${e.message}</dd>`:o}
        <dt>Decided by</dt>
        <dd data-testid="try-matched-rule">
          ${t?s`${t.name||`an unnamed rule`} <code class="small">${t.id}</code>${t.condition?s`<pre class="rule-condition"><code>${t.condition}</code></pre>`:s` (no condition)`}`:s`the account's default action (${e.default_action})`}
        </dd>
        ${e.also_matched&&e.also_matched.length?s`<dt>Also matched</dt><dd>${e.also_matched.map(e=>e.name||e.id).join(`, `)} (later in the order, so they did not decide)</dd>`:o}
        <dt>Evaluated as</dt><dd>${e.principal?`${e.principal.role} credential${e.principal.agent_id?` of agent ${e.principal.agent_id}`:``}`:``}${e.policy_version===void 0?``:`, policy version ${e.policy_version}`}</dd>
      </dl>
      <section aria-labelledby="try-trace-heading">
        <h3 id="try-trace-heading">Why this rule won</h3>
        <pl-decision-trace .trace=${e.trace} rule-id=${t?t.id:``}></pl-decision-trace>
      </section>
    </div>`}render(){return s`<form class="stack" @submit=${this.run} novalidate>
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
      ${this.keys&&this.keys.length?s`<div class="field" style="max-width: 28rem">
            <label for="try-as">Decide as</label>
            <select id="try-as" data-testid="try-as" @change=${e=>this.asKey=e.target.value}>
              <option value="">Your own credential</option>
              ${this.keys.slice(0,200).map(e=>s`<option value=${e.id} ?selected=${e.id===this.asKey}>The key ${e.name} (${e.prefix}…, ${e.role})</option>`)}
            </select>
          </div>`:o}
      <div class="row">
        <sl-button type="submit" variant="primary" data-testid="try-run" ?loading=${this.busy}>Check the decision</sl-button>
      </div>
      <pl-error .error=${this.error}></pl-error>
      ${this.result?this.resultView(this.result):o}
    </form>`}};customElements.define(`pl-try-policy`,U);function W(e){let t=e&&e.properties||{},n=(e&&Array.isArray(e.required)&&e.required.length?e.required:Object.keys(t)).slice(0,8),r={number:0,integer:0,boolean:!1,array:[],object:{}},i={};for(let e of n){let n=t[e]&&t[e].type;i[e]=n in r?r[n]:``}return JSON.stringify(i,null,2)}var G=e=>e.catch(()=>null),K=class extends l{static properties={toolName:{},config:{state:!0},loaded:{state:!0},error:{state:!0},configError:{state:!0},rulesError:{state:!0},source:{state:!0},workflows:{state:!0},agents:{state:!0},keys:{state:!0},defaultAction:{state:!0}};constructor(){super(),this.config=null,this.loaded=!1}get writable(){return m(`policies.write`)}willUpdate(e){e.has(`toolName`)&&this.load()}async load(){let e=this.toolName;try{let[t,n,r,i,a,o]=await Promise.all([f(`/api/v1/tool-configurations`).then(e=>e.tool_configurations||[]),G(f(`/api/v1/settings`)),G(f(`/api/v1/approval-policies`).then(e=>e.approval_policies||[])),m(`servers.read`)?G(f(`/api/v1/mcp-servers`).then(e=>e.mcp_servers||[])):null,m(`agents.read`)?G(f(`/api/v1/agents`).then(e=>e.agents||[])):null,m(`keys.read`)?G(f(`/api/v1/api-keys`).then(e=>e.api_keys||[])):null]);if(e!==this.toolName)return;this.config=t.find(t=>t.tool_name===e)||null,this.defaultAction=n&&n.default_action||`deny`,this.workflows=r||[],this.agents=a||void 0,this.keys=o||void 0,this.source=await this.findSource(e,i||[]),this.error=null}catch(e){this.error=e}finally{this.loaded=!0}}async findSource(e,t){let n=T.find(t=>t.name===e);if(n)return{kind:`builtin`,tool:n};let r=C(t,e);if(!r)return{kind:`none`};let i=await G(f(`/api/v1/mcp-servers/${encodeURIComponent(r.server.id)}/tools`).then(e=>e.tools||[]));return{kind:`server`,server:r.server,tool:(i||[]).find(e=>e.name===r.own)||null}}async reloadConfig(){this.config&&=await f(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}`)}async patchConfig(e,t){this.configError=null;try{this.config=await f(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}`,{method:`PATCH`,body:e})}catch(e){this.configError=e,t&&t.target&&(t.target.checked=!t.target.checked),this.config={...this.config}}}removeConfig(){return E(this,{label:`Remove the configuration?`,message:s`<p>All ${g(this.config.rules.length,`rule`)} and settings of <code>${this.toolName}</code> are removed. Its calls then get the account's default action (${this.defaultAction}).</p>`,confirmLabel:`Remove`,path:`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}`,done:()=>{this.config=null,this.configError=null},failed:e=>this.configError=e,focus:`#config-heading`})}submitRule=async(e,t)=>{this.rulesError=null,t?(await f(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules/${encodeURIComponent(t.id)}`,{method:`PATCH`,body:e}),await this.reloadConfig()):this.config?(await f(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules`,{method:`POST`,body:e}),await this.reloadConfig()):this.config=await f(`/api/v1/tool-configurations`,{method:`POST`,body:{tool_name:this.toolName,tool_source:this.source&&this.source.kind===`builtin`?`builtin`:`mcp`,rules:[e]}})};deleteRule(e){return E(this,{label:`Delete the rule?`,message:s`<p>The rule <strong>${e.name||e.id}</strong> (${e.action}${e.condition?s`, when <code>${e.condition}</code>`:``}) is deleted.</p>`,confirmLabel:`Delete`,path:`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules/${encodeURIComponent(e.id)}`,done:async()=>{this.rulesError=null,await this.reloadConfig()},failed:e=>this.rulesError=e,focus:`#rules-heading`})}async reorder(e){let t=e.currentTarget;try{let n=await f(`/api/v1/tool-configurations/${encodeURIComponent(this.config.id)}/rules/reorder`,{method:`POST`,body:{rule_ids:e.detail.ids}});this.config={...this.config,rules:n.rules},this.rulesError=null,t.announce(`${e.detail.text} The new order is saved.`)}catch(e){this.rulesError=e,t.announce(`The new order could not be saved, so it is back as it was: ${e.message}`),await this.reloadConfig().catch(()=>{})}}openRule(e){this.querySelector(`pl-rule-dialog`).open(e)}sourceLine(){let e=this.source;return e?e.kind===`builtin`?s`<p>Built into Preloop.</p>`:e.kind===`none`?s`<p class="muted">No scanned server offers a tool by this name.</p>`:s`<p>From the server <strong>${e.server.name}</strong>${e.tool&&e.tool.name!==this.toolName?s`, where it is <code>${e.tool.name}</code>`:o}.</p>`:o}configSection(){let e=this.config;if(this.source&&this.source.kind===`builtin`&&!e)return s`<p data-testid="builtin-note">
        Preloop answers this tool itself, before any rule: rules do not apply to it. The kill switch and rate limits do.
      </p>`;if(!e)return s`<p>
        Not configured: every call gets the account's default action, ${b(this.defaultAction)}.
        ${this.writable?`Adding a rule configures the tool.`:``}
      </p>`;let t=this.writable,n=(this.workflows||[]).find(t=>t.id===e.approval_policy_id);return t?s`<div class="stack">
      <div class="switches">
        <sl-switch data-testid="tool-enabled" ?checked=${e.is_enabled} @sl-change=${e=>this.patchConfig({is_enabled:e.target.checked},e)}>Enabled</sl-switch>
        <sl-switch data-testid="tool-validate" ?checked=${e.validate_arguments} @sl-change=${e=>this.patchConfig({validate_arguments:e.target.checked},e)}>
          Check arguments against the input schema
        </sl-switch>
      </div>
      <div class="form-grid">
        <div class="field">
          <label for="tool-justification">Justification from the agent</label>
          <select id="tool-justification" data-testid="tool-justification" .value=${p(e.justification||``)} @change=${e=>this.patchConfig({justification:e.target.value||null})}>
            <option value="" ?selected=${!e.justification}>As its approval workflow says</option>
            <option value="required" ?selected=${e.justification===`required`}>Required</option>
            <option value="optional" ?selected=${e.justification===`optional`}>Optional</option>
          </select>
        </div>
        <div class="field">
          <label for="tool-workflow">Approval workflow of its rules</label>
          <select id="tool-workflow" .value=${p(e.approval_policy_id||``)} @change=${e=>this.patchConfig({approval_policy_id:e.target.value||null})}>
            <option value="" ?selected=${!e.approval_policy_id}>The account's default</option>
            ${(this.workflows||[]).map(t=>s`<option value=${t.id} ?selected=${t.id===e.approval_policy_id}>${t.name}</option>`)}
          </select>
        </div>
      </div>
      <div><sl-button size="small" variant="danger" outline @click=${this.removeConfig}>Remove the configuration</sl-button></div>
    </div>`:s`<dl class="facts">
        <dt>Enabled</dt><dd>${e.is_enabled?`Yes`:`No: every call is refused`}</dd>
        <dt>Arguments checked</dt><dd>${e.validate_arguments?`Against the tool’s input schema`:`No`}</dd>
        <dt>Justification</dt><dd>${e.justification||`As its workflow says`}</dd>
        <dt>Approval workflow</dt><dd>${n?n.name:`The account’s default`}</dd>
      </dl>`}rulesSection(){let e=this.config&&this.config.rules||[],t=S(this.config,this.defaultAction);return s`<section class="card stack" aria-labelledby="rules-heading">
      <div class="section-head">
        <h2 id="rules-heading" tabindex="-1">Rules</h2>
        <span class="row-gap"></span>
        ${this.writable?s`<sl-button variant="primary" size="small" data-testid="add-rule" @click=${()=>this.openRule(null)}>Add a rule</sl-button>`:o}
      </div>
      <pl-error .error=${this.rulesError}></pl-error>
      ${e.length?s`<pl-rule-list
            .rules=${e}
            ?editable=${this.writable}
            .workflowNames=${new Map((this.workflows||[]).map(e=>[e.id,e.name]))}
            .scopeNames=${new Map([...this.agents||[],...this.keys||[]].map(e=>[e.id,e.name]))}
            @reorder=${this.reorder}
            @edit-rule=${e=>this.openRule(e.detail.rule)}
            @delete-rule=${e=>this.deleteRule(e.detail.rule)}
          ></pl-rule-list>`:s`<p class="muted">No rules.</p>`}
      <p class="muted small" data-testid="tool-fallback">
        ${t.disabled?s`The tool is disabled: every call is refused, whatever its rules.`:t.category==="default"?s`Calls no rule decides get the account's default: ${b(this.defaultAction)}.`:s`Calls the conditional rules above it do not catch reach an account-wide rule without a condition: ${b(t.action)}.`}
      </p>
    </section>`}render(){let e=this.source&&this.source.tool;return s`<div class="page">
      <p><a href=${c(`/tools`)}>← All tools</a></p>
      <div class="page-head">
        <h1 tabindex="-1" class="break"><code>${this.toolName}</code></h1>
        ${this.loaded?o:s`<sl-spinner label="Loading"></sl-spinner>`}
      </div>
      <pl-error .error=${this.error}></pl-error>
      ${this.loaded&&!this.error?s`${this.sourceLine()}
            ${e&&(e.title||e.description)?s`<p class="prewrap">${e.title?s`<strong>${e.title}.</strong> `:o}${e.description||``}</p>`:o}
            <section class="card stack" aria-labelledby="config-heading">
              <h2 id="config-heading" tabindex="-1">Configuration</h2>
              <pl-error .error=${this.configError}></pl-error>
              ${this.configSection()}
            </section>
            ${this.source&&this.source.kind===`builtin`&&!this.config?o:this.rulesSection()}
            ${this.source&&this.source.kind===`builtin`?o:s`<section class="card stack" aria-labelledby="try-heading">
              <h2 id="try-heading">Try it</h2>
              <p class="muted small">What the rules in force decide for a call with these arguments, made with your credential. Nothing is called or recorded.</p>
              <pl-try-policy
                tool=${this.toolName}
                .sample=${W(e&&(e.input_schema||e.inputSchema))}
                .keys=${(this.keys||[]).filter(e=>!e.revoked_at)}
              ></pl-try-policy>
            </section>`}
            <pl-rule-dialog .workflows=${this.workflows} .agents=${this.agents} .keys=${this.keys} .submit=${this.submitRule}></pl-rule-dialog>`:o}
    </div>`}};customElements.define(`pl-tool-page`,K);var q=100,J=[`all`,`allow`,`require_approval`,`deny`,`default`],Y=class extends l{static properties={catalog:{state:!0},error:{state:!0},filter:{state:!0},search:{state:!0},expanded:{state:!0}};constructor(){super(),this.catalog=null,this.filter=`all`,this.search=``,this.expanded=new Set}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{this.catalog=await w(),this.error=this.catalog.errors[0]||null}catch(e){this.error=e}}tree(){let e=this.catalog,t=new Map(e.configs.map(e=>[e.tool_name,e])),n=new Set,r=(r,i,a=!1)=>{n.add(r);let o=t.get(r)||null;return{name:r,tool:i,config:o,summary:a?{category:`builtin`}:S(o,e.defaultAction)}},i=e.sources.map(e=>({key:`server:${e.server.id}`,title:e.server.name,server:e.server,error:e.error,tools:e.tools.map(e=>r(e.exposed,e))}));i.push({key:`builtin`,title:`Built into Preloop`,tools:T.map(e=>r(e.name,e,!0))});let a=e.configs.filter(e=>!n.has(e.tool_name)).map(e=>r(e.tool_name,null));return a.length&&i.push({key:`other`,title:`Configured, not offered by a scanned server`,tools:a}),i}shows(e){return this.filter!==`all`&&e.summary.category!==this.filter?!1:!this.search||e.name.toLowerCase().includes(this.search.toLowerCase())}chips(e){let t=t=>t===`all`?e.length:e.filter(e=>e.summary.category===t).length;return s`<ul class="filter-chips" aria-label="Filter tools by what their rules do">
      ${J.map(e=>s`<li>
          <button type="button" class="chip" aria-pressed=${this.filter===e?`true`:`false`} data-testid="filter-${e}" @click=${()=>this.filter=e}>
            ${e===`all`?s`<span>All</span>`:b(e,y[e])}
            <span class="count">${t(e)}</span>
          </button>
        </li>`)}
    </ul>`}row(e){let t=e.summary;if(t.category===`builtin`)return s`<li class="tool-row" data-testid="tool-row" data-tool=${e.name} data-action="builtin">
        <a href=${c(`/tools/${encodeURIComponent(e.name)}`)}>${e.name}</a>
        <span class="tool-meta small muted">Not subject to rules</span>
        ${e.tool.title?s`<p class="tool-desc">${e.tool.title}</p>`:o}
      </li>`;let n=t.category==="default"?`Default (${y[t.action]||t.action})`:t.disabled?`Deny (tool disabled)`:y[t.action],r=e.tool&&(e.tool.title||e.tool.description);return s`<li class="tool-row" data-testid="tool-row" data-tool=${e.name} data-action=${t.category}>
      <a href=${c(`/tools/${encodeURIComponent(e.name)}`)}>${e.name}</a>
      <span class="tool-meta">
        ${b(t.category==="default"?`default`:t.action,n)}
        ${t.conditional?s`<span class="small muted">${g(t.conditional,`conditional rule`)} first</span>`:o}
        ${e.tool&&e.tool.quarantine?s`<sl-badge variant="warning" pill>held for review</sl-badge>`:o}
      </span>
      ${r?s`<p class="tool-desc" title=${r}>${r}</p>`:o}
    </li>`}source(e){let t=e.tools.filter(e=>this.shows(e)),n=this.filter!==`all`||this.search;if(n&&!t.length)return o;let r=this.expanded.has(e.key)?t:t.slice(0,q),i=e.server;return s`<li class="tool-source" data-testid="tool-source" data-source=${e.key}>
      <details open>
        <summary>
          <span class="break">${e.title}</span>
          <span class="muted small">${g(t.length,`tool`)}${n?` shown`:``}</span>
          ${i&&!i.enabled?s`<sl-badge variant="neutral" pill>disabled</sl-badge>`:o}
          ${i&&i.last_scan_error?s`<sl-badge variant="danger" pill>last scan failed</sl-badge>`:o}
          ${i&&!i.last_scan_at?s`<sl-badge variant="neutral" pill>never scanned</sl-badge>`:o}
        </summary>
        ${e.error?s`<pl-error .error=${e.error}></pl-error>`:o}
        ${r.length?s`<ul class="tool-list">${r.map(e=>this.row(e))}</ul>`:s`<p class="muted small tool-row">${i?s`No tools. <a href=${c(`/servers`)}>Scan the server</a> to list them.`:`None.`}</p>`}
        ${t.length>r.length?s`<div class="tool-row"><sl-button size="small" @click=${()=>this.expanded=new Set([...this.expanded,e.key])}>Show all ${t.length}</sl-button></div>`:o}
      </details>
    </li>`}render(){let e=this.catalog,t=e?this.tree():[],n=t.flatMap(e=>e.tools);return s`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Tools</h1>
        ${!e&&!this.error?s`<sl-spinner label="Loading"></sl-spinner>`:o}
      </div>
      <pl-error .error=${this.error}></pl-error>
      ${e?s`<p class="muted">
              Each tool's rules decide its calls; a call no rule decides gets the account's default action,
              ${b(e.defaultAction)} (<a href=${c(`/settings`)}>settings</a>).
            </p>
            <div class="card stack">
              ${this.chips(n)}
              <div class="field">
                <label for="tool-search">Filter by name</label>
                <input id="tool-search" type="search" autocomplete="off" spellcheck="false" .value=${this.search} @input=${e=>this.search=e.target.value.trim()} />
              </div>
            </div>
            <ul class="tool-tree" aria-label="Tools by source">${t.map(e=>this.source(e))}</ul>
            ${n.filter(e=>this.shows(e)).length===0?s`<p class="empty">No tool matches.</p>`:o}
            ${e.moreServers?s`<p class="muted">${g(e.moreServers,`more server`)} not listed: only the first 50 are read.</p>`:o}`:o}
    </div>`}};customElements.define(`pl-tools-page`,Y);