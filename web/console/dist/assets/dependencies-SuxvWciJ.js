import{$ as e,Z as t,d as n,i as r,m as i}from"./index-B0gE11UR.js";import{a,c as o,d as s,l as c,n as l,r as u,s as d,t as f,u as p}from"./tracker-kit-DgZZbj0m.js";var m={depends_on:`Depends on`,blocks:`Blocks`,duplicate_of:`Duplicate of`,mentions:`Mentions`},h={depends_on:`Needed by`,blocks:`Blocked by`,duplicate_of:`Duplicated by`,mentions:`Mentioned by`};function g(e,t){let n=String(e||`mentions`),r=(t?h:m)[n];if(r)return r;let i=n.replace(/_/g,` `);return`${i.charAt(0).toUpperCase()}${i.slice(1)}${t?` (from)`:``}`}function _(e,t){let n=new Map;for(let t of e)n.set(t.id,t),t.key&&n.set(t.key,t);let r=e=>n.get(e)||{id:null,key:String(e)},i=new Map,a=(e,t,n,r)=>{let a=e.id||e.key;i.has(a)||i.set(a,{node:e,groups:new Map});let o=i.get(a).groups;o.has(t)||o.set(t,[]),o.get(t).push({node:n,edge:r})};for(let e of t){let t=r(e.from),n=r(e.to);a(t,g(e.type,!1),n,e),a(n,g(e.type,!0),t,e)}return[...i.values()].sort((e,t)=>String(e.node.key).localeCompare(String(t.node.key),void 0,{numeric:!0}))}var v=class extends i{static properties={query:{attribute:!1},projects:{state:!0},project:{state:!0},graph:{state:!0},loading:{state:!0},error:{state:!0}};constructor(){super(),this.projects=null,this.graph=null,this.seq=0}firstUpdated(){a().then(e=>{this.projects=e,this.choose(f(this.query,e),!1)},e=>this.error=e)}choose(e,t=!0){this.project=e,t&&c(`dependencies`,e),this.load()}async load(){let e=++this.seq;if(this.graph=null,this.project){this.loading=!0;try{let t=await n(`/api/v1/projects/${encodeURIComponent(this.project)}/dependencies`);if(e!==this.seq)return;this.graph=t,this.error=null}catch(t){if(e!==this.seq)return;this.graph=!l(t)&&null,this.error=l(t)?null:t}finally{e===this.seq&&(this.loading=!1)}}}target({node:n,edge:r}){return e`<li>${n.id?u(n):e`<code>${n.key}</code>`}${r.source===`text`?e` <span class="muted small">(mentioned in the text)</span>`:t}</li>`}body(){if(this.projects&&!this.projects.length)return e`<p class="empty" data-testid="empty">No project yet: add a tracker first.</p>`;if(this.graph===!1)return e`<p class="empty" data-testid="empty">This server does not map dependencies yet.</p>`;if(!this.graph)return t;let n=this.graph.nodes||[],i=this.graph.edges||[];if(!i.length)return e`<p class="empty" data-testid="empty">No issue of this project depends on another.</p>`;let a=_(n,i),o=n.filter(e=>!a.some(t=>t.node.id===e.id)).length;return e`<p class="muted">${r(i.length,`link`)} between ${r(a.length,`issue`)}${o?`; ${r(o,`issue`)} with none`:``}.</p>
      <ul class="item-list" data-testid="dependency-graph">
        ${a.map(n=>e`<li>
            <div class="item-head">${n.node.id?u(n.node):e`<code>${n.node.key}</code>`} ${n.node.state?p(n.node):t}</div>
            <dl class="edge-groups">
              ${[...n.groups.entries()].map(([t,n])=>e`<dt>${t}</dt><dd><ul>${n.map(e=>this.target(e))}</ul></dd>`)}
            </dl>
          </li>`)}
      </ul>`}render(){let n=(this.projects||[]).find(e=>e.id===this.project);return e`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Dependencies${n?e`<span class="visually-hidden">: ${d(n)}</span>`:t}</h1>
        ${this.loading||this.projects===null?e`<sl-spinner label="Loading"></sl-spinner>`:t}
      </div>
      ${s(`/dependencies`)}
      ${this.projects&&this.projects.length?e`<form class="card filters-row" aria-label="Project" @submit=${e=>e.preventDefault()}>
            ${o({id:`deps-project`,projects:this.projects,value:this.project,any:``,onChange:e=>this.choose(e)})}
          </form>`:t}
      <pl-error .error=${this.error}></pl-error>
      ${this.body()}
    </div>`}};customElements.define(`pl-dependencies-page`,v);