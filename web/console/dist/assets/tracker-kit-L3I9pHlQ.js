import{$ as e,Z as t,c as n,d as r,m as i,o as a}from"./index-Dwui5pez.js";/* empty css                    */var o=[[`/trackers`,`Trackers`,`trackers.read`],[`/issues`,`Issues`,`issues.read`],[`/duplicates`,`Duplicates`,`issues.read`],[`/compliance`,`Compliance`,`issues.read`],[`/dependencies`,`Dependencies`,`issues.read`]];function s(t){return e`<nav class="tabs tracker-tabs" aria-label="Issue trackers">
    <ul>
      ${o.filter(e=>n(e[2])).map(([n,r])=>e`<li><a href=${a(n)} aria-current=${t===n?`page`:`false`}>${r}</a></li>`)}
    </ul>
  </nav>`}var c=null;function l(e=!1){return(e||!c)&&(c=r(`/api/v1/projects`).then(e=>(e.projects||[]).sort((e,t)=>(e.name||e.external_id).localeCompare(t.name||t.external_id)),e=>{throw c=null,e})),c}function u(e){return e?e.external_id||e.name||e.id:``}function d({id:n,projects:r,value:i,onChange:a,any:o=`All projects`}){return e`<div class="field">
    <label for=${n}>Project</label>
    <select id=${n} name="project" data-testid="project-select" @change=${e=>a(e.target.value)}>
      ${o?e`<option value="" ?selected=${!i}>${o}</option>`:t}
      ${(r||[]).map(t=>e`<option value=${t.id} ?selected=${t.id===i}>${u(t)}${t.in_scope?``:` (not synced)`}</option>`)}
    </select>
  </div>`}function f(e,t){let n=e&&e.get(`project`);if(n)return n;let r=t.find(e=>e.in_scope)||t[0];return r?r.id:``}function p(e,t){history.replaceState(history.state,``,`${location.pathname}${location.search}#/${e}${t?`?project=${encodeURIComponent(t)}`:``}`)}var m={issue:`Issue`,pull_request:`Pull request`,merge_request:`Merge request`};function h(e){return m[e]||e||``}function g(n){if(!n)return t;let r=String(n.state||``);return e`<sl-badge variant=${r===`open`?`success`:r===`closed`||r===`merged`?`neutral`:`primary`} pill>${n.status&&n.status!==r?`${r} · ${n.status}`:r||`unknown`}</sl-badge>`}function _(n,{title:r=!0}={}){return n?e`<a href=${a(`/issues/${encodeURIComponent(n.id)}`)} class="issue-link"
    ><code>${n.key}</code>${r&&n.title?e` <span>${n.title}</span>`:t}</a
  >`:t}function v(e){return e==null?``:`${Math.round(Number(e)*100)}%`}function y(e){return!!e&&e.status===404}var b=[[`duplicate`,`Duplicate`],[`linked`,`Linked`],[`not_duplicate`,`Not a duplicate`]],x=class extends i{static properties={issue:{attribute:!1},other:{attribute:!1},busy:{state:!0},error:{state:!0},open:{state:!0}};async decide(e){let t=this.querySelector(`textarea`),n=this.querySelector(`input[type=checkbox]`);this.busy=e,this.error=null;try{let i={other_id:this.other.id,resolution:e,in_tracker:!n||n.checked};this.open&&t&&t.value.trim()&&(i.comment=t.value.trim());let a=await r(`/api/v1/issues/${encodeURIComponent(this.issue.id)}/duplicates`,{method:`POST`,body:i});this.dispatchEvent(new CustomEvent(`resolved`,{detail:{resolution:e,answer:a},bubbles:!0,composed:!0}))}catch(e){this.error=e}finally{this.busy=``}}render(){if(!n(`issues.write`))return t;let r=this.other?this.other.key:``,i=`resolve-${this.issue.id}-${this.other.id}`;return e`<div class="resolve" data-testid="resolve">
      <div class="row wrap">
        ${b.map(([t,n])=>e`<sl-button size="small" data-testid=${`resolve-${t}`} variant=${t===`not_duplicate`?`default`:`primary`} outline
            ?loading=${this.busy===t} ?disabled=${!!this.busy} @click=${()=>this.decide(t)}>${n}<span class="visually-hidden">: ${r}</span></sl-button>`)}
      </div>
      <div class="row wrap small">
        <label class="check"><input type="checkbox" checked data-testid="in-tracker" />Also in the tracker<span class="visually-hidden"> for ${r}</span></label>
        <button type="button" class="text-button" aria-expanded=${this.open?`true`:`false`} aria-controls=${`${i}-more`} @click=${()=>this.open=!this.open}>
          ${this.open?`No comment`:`Add a comment`}<span class="visually-hidden"> on ${r}</span>
        </button>
      </div>
      <div id=${`${i}-more`} class="field" ?hidden=${!this.open}>
        <label for=${`${i}-comment`}>Comment on the decision <span class="muted">(optional)</span></label>
        <textarea id=${`${i}-comment`} rows="2" maxlength="4000"></textarea>
      </div>
      <pl-error .error=${this.error}></pl-error>
    </div>`}};customElements.define(`pl-resolve-duplicate`,x);export{l as a,d as c,s as d,h as i,p as l,y as n,v as o,_ as r,u as s,f as t,g as u};