import{$ as e,Z as t,d as n,m as r,t as i}from"./index-Dwui5pez.js";import{a,c as o,d as s,o as c,r as l,u}from"./tracker-kit-L3I9pHlQ.js";var d=.75,f={duplicate:`marked a duplicate`,linked:`linked`,not_duplicate:`marked not a duplicate`},p=class extends r{static properties={query:{attribute:!1},projects:{state:!0},project:{state:!0},threshold:{state:!0},pairs:{state:!0},loading:{state:!0},error:{state:!0},notice:{state:!0}};constructor(){super(),this.projects=[],this.pairs=null,this.seq=0,this.soon=i(()=>this.load(),250,800)}willUpdate(){if(this.threshold!==void 0)return;let e=this.query;this.project=e&&e.get(`project`)||``;let t=Number(e&&e.get(`threshold`));this.threshold=t>0&&t<=1?t:d,a().then(e=>this.projects=e,e=>this.error=e),this.load()}disconnectedCallback(){super.disconnectedCallback(),this.soon.cancel()}remember(){let e=new URLSearchParams;this.project&&e.set(`project`,this.project),this.threshold!==d&&e.set(`threshold`,String(this.threshold));let t=e.toString();history.replaceState(history.state,``,`${location.pathname}${location.search}#/duplicates${t?`?${t}`:``}`)}async load(){let e=++this.seq;this.loading=!0;try{let t=await n(`/api/v1/issues/duplicates`,{query:{threshold:this.threshold,project_id:this.project,limit:50}});if(e!==this.seq)return;this.pairs=t.pairs||[],this.error=null}catch(t){e===this.seq&&(this.error=t)}finally{e===this.seq&&(this.loading=!1)}}async resolved(e,t){this.pairs=this.pairs.filter(t=>t!==e),this.notice=`${e.issue.key} and ${e.other.key}: ${f[t]||t}.`,await this.updateComplete;let n=this.querySelector(`#pairs-heading`);n&&n.focus()}pairView(t){return e`<li data-testid="duplicate-pair" data-keys=${`${t.issue.key} ${t.other.key}`}>
      <div class="item-head">
        <strong>${c(t.similarity)} similar</strong>
      </div>
      <ul class="plain-list">
        <li>${l(t.issue)} ${u(t.issue)}</li>
        <li>${l(t.other)} ${u(t.other)}</li>
      </ul>
      <pl-resolve-duplicate .issue=${t.issue} .other=${t.other} @resolved=${e=>this.resolved(t,e.detail.resolution)}></pl-resolve-duplicate>
    </li>`}render(){let n=this.pairs;return e`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Duplicates</h1>
        ${this.loading?e`<sl-spinner label="Loading"></sl-spinner>`:t}
      </div>
      ${s(`/duplicates`)}
      <form class="card filters-row" aria-label="Which pairs" @submit=${e=>e.preventDefault()}>
        ${o({id:`dup-project`,projects:this.projects,value:this.project,onChange:e=>{this.project=e,this.remember(),this.load()}})}
        <div class="field threshold">
          <label for="dup-threshold">Similar at least: <output for="dup-threshold" data-testid="threshold">${c(this.threshold)}</output></label>
          <input id="dup-threshold" type="range" min="0.5" max="1" step="0.01" .value=${String(this.threshold)}
            aria-valuetext=${`${c(this.threshold)} similar`}
            @input=${e=>{this.threshold=Number(e.target.value),this.remember(),this.soon()}} />
        </div>
      </form>
      <p role="status" class="status-text" data-testid="notice">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      <h2 id="pairs-heading" tabindex="-1">${n?`${n.length} pair${n.length===1?``:`s`}`:`Pairs`}</h2>
      ${n===null?t:n.length?e`<ul class="item-list" data-testid="duplicate-pairs">${n.map(e=>this.pairView(e))}</ul>`:e`<p class="empty" data-testid="empty">No pair is ${c(this.threshold)} or more similar.</p>`}
    </div>`}};customElements.define(`pl-duplicates-page`,p);