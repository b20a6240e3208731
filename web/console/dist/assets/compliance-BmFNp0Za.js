import{$ as e,Z as t}from"./index-Dwui5pez.js";import{t as n}from"./project-report-page-Bepf-khr.js";import{c as r,d as i,o as a,s as o}from"./tracker-kit-L3I9pHlQ.js";import{n as s,r as c,t as l}from"./issue-views-CRQLFJka.js";var u=10,d=class extends n{static reportName=`compliance`;summary(t){return e`<section class="card stack tracker-section" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <dl class="stats">
        <div><dt>Issues</dt><dd>${t.issues}</dd></div>
        <div><dt>Ready</dt><dd data-testid="ready-count">${t.ready}</dd></div>
        <div><dt>Average score</dt><dd>${a(t.average_score)}</dd></div>
      </dl>
      ${(t.headlines||[]).length?e`<ul class="headlines" data-testid="headlines">${t.headlines.map(t=>e`<li data-testid="headline">${t}</li>`)}</ul>`:e`<p class="muted">Nothing stands out.</p>`}
    </section>
    <section class="card stack tracker-section" aria-labelledby="checks-heading">
      <h2 id="checks-heading">Failing, by check</h2>
      <ul class="check-bars" data-testid="check-bars">
        ${(t.checks||[]).map(t=>e`<li>
            <span>${s(t.check)}</span>
            ${c(t.failing_share)}
            ${t.applies_to?e`<span class="small">${a(t.failing_share)} failing <span class="muted">(${t.failing} of ${t.applies_to})</span></span>`:e`<span class="small muted">applies to none</span>`}
          </li>`)}
      </ul>
    </section>`}leastReady(t){let n=[...t].sort((e,t)=>e.score-t.score).filter(e=>!e.ready).slice(0,u);return e`<section class="card stack tracker-section" aria-labelledby="least-heading">
      <h2 id="least-heading">Least ready issues</h2>
      ${n.length?e`<ul class="item-list" data-testid="least-ready">
            ${n.map(t=>e`<li>${l(t,{link:{id:t.issue_id,key:t.issue_key}})}</li>`)}
          </ul>`:e`<p class="muted">Every issue is ready.</p>`}
    </section>`}body(){if(this.projects&&!this.projects.length)return e`<p class="empty" data-testid="empty">No project yet: add a tracker first.</p>`;if(this.report===!1)return e`<p class="empty" data-testid="empty">This server does not assess readiness yet.</p>`;if(!this.report)return t;let n=this.report.summary||{};return n.issues?e`${this.summary(n)} ${this.leastReady(this.report.issues||[])}`:e`<p class="empty" data-testid="empty">This project has no issue yet.</p>`}render(){let n=(this.projects||[]).find(e=>e.id===this.project);return e`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Compliance${n?e`<span class="visually-hidden">: ${o(n)}</span>`:t}</h1>
        ${this.loading||this.projects===null?e`<sl-spinner label="Loading"></sl-spinner>`:t}
      </div>
      ${i(`/compliance`)}
      ${this.projects&&this.projects.length?e`<form class="card filters-row" aria-label="Project" @submit=${e=>e.preventDefault()}>
            ${r({id:`compliance-project`,projects:this.projects,value:this.project,any:``,onChange:e=>this.choose(e)})}
          </form>`:t}
      <pl-error .error=${this.error}></pl-error>
      ${this.body()}
    </div>`}};customElements.define(`pl-compliance-page`,d);