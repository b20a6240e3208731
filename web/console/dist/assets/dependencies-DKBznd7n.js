import{$ as e,Z as t,i as n}from"./index-Dwui5pez.js";import{t as r}from"./project-report-page-Bepf-khr.js";import{c as i,d as a,r as o,s,u as c}from"./tracker-kit-L3I9pHlQ.js";var l={depends_on:`Depends on`,blocks:`Blocks`,duplicate_of:`Duplicate of`,mentions:`Mentions`},u={depends_on:`Needed by`,blocks:`Blocked by`,duplicate_of:`Duplicated by`,mentions:`Mentioned by`};function d(e,t){let n=String(e||`mentions`),r=(t?u:l)[n];if(r)return r;let i=n.replace(/_/g,` `);return`${i.charAt(0).toUpperCase()}${i.slice(1)}${t?` (from)`:``}`}function f(e,t){let n=new Map;for(let t of e)n.set(t.id,t),t.key&&n.set(t.key,t);let r=e=>n.get(e)||{id:null,key:String(e)},i=new Map,a=(e,t,n,r)=>{let a=e.id||e.key;i.has(a)||i.set(a,{node:e,groups:new Map});let o=i.get(a).groups;o.has(t)||o.set(t,[]),o.get(t).push({node:n,edge:r})};for(let e of t){let t=r(e.from),n=r(e.to);a(t,d(e.type,!1),n,e),a(n,d(e.type,!0),t,e)}return[...i.values()].sort((e,t)=>String(e.node.key).localeCompare(String(t.node.key),void 0,{numeric:!0}))}var p=class extends r{static reportName=`dependencies`;target({node:n,edge:r}){return e`<li>${n.id?o(n):e`<code>${n.key}</code>`}${r.source===`text`?e` <span class="muted small">(mentioned in the text)</span>`:t}</li>`}body(){if(this.projects&&!this.projects.length)return e`<p class="empty" data-testid="empty">No project yet: add a tracker first.</p>`;if(this.report===!1)return e`<p class="empty" data-testid="empty">This server does not map dependencies yet.</p>`;if(!this.report)return t;let r=this.report.nodes||[],i=this.report.edges||[];if(!i.length)return e`<p class="empty" data-testid="empty">No issue of this project depends on another.</p>`;let a=f(r,i),s=r.filter(e=>!a.some(t=>t.node.id===e.id)).length;return e`<p class="muted">${n(i.length,`link`)} between ${n(a.length,`issue`)}${s?`; ${n(s,`issue`)} with none`:``}.</p>
      <ul class="item-list" data-testid="dependency-graph">
        ${a.map(n=>e`<li>
            <div class="item-head">${n.node.id?o(n.node):e`<code>${n.node.key}</code>`} ${n.node.state?c(n.node):t}</div>
            <dl class="edge-groups">
              ${[...n.groups.entries()].map(([t,n])=>e`<dt>${t}</dt><dd><ul>${n.map(e=>this.target(e))}</ul></dd>`)}
            </dl>
          </li>`)}
      </ul>`}render(){let n=(this.projects||[]).find(e=>e.id===this.project);return e`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Dependencies${n?e`<span class="visually-hidden">: ${s(n)}</span>`:t}</h1>
        ${this.loading||this.projects===null?e`<sl-spinner label="Loading"></sl-spinner>`:t}
      </div>
      ${a(`/dependencies`)}
      ${this.projects&&this.projects.length?e`<form class="card filters-row" aria-label="Project" @submit=${e=>e.preventDefault()}>
            ${i({id:`deps-project`,projects:this.projects,value:this.project,any:``,onChange:e=>this.choose(e)})}
          </form>`:t}
      <pl-error .error=${this.error}></pl-error>
      ${this.body()}
    </div>`}};customElements.define(`pl-dependencies-page`,p);