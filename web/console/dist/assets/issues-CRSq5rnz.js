import{$ as e,Z as t,c as n,d as r,i,m as a,n as o,o as s,r as c,t as l}from"./index-Dwui5pez.js";import{a as u,c as d,d as f,i as p,n as m,o as h,r as g,s as _,u as v}from"./tracker-kit-L3I9pHlQ.js";import{t as y}from"./issue-views-CRQLFJka.js";var b=25,x=.75,S={duplicate:`a duplicate`,linked:`linked`,not_duplicate:`not a duplicate`};function C(e){let t=t=>e&&e.get(t)||``;return{project:t(`project`),state:t(`state`),kind:t(`kind`),q:t(`q`)}}var w=class extends a{static properties={query:{attribute:!1},projects:{state:!0},filters:{state:!0},issues:{state:!0},results:{state:!0},next:{state:!0},pageIndex:{state:!0},loading:{state:!0},error:{state:!0}};constructor(){super(),this.projects=[],this.issues=null,this.results=null,this.cursors=[null],this.pageIndex=0,this.seq=0,this.searchSoon=l(()=>this.load(),300,1e3)}willUpdate(){this.filters||(this.filters=C(this.query),u().then(e=>this.projects=e,e=>this.error=e),this.load())}disconnectedCallback(){super.disconnectedCallback(),this.searchSoon.cancel()}remember(){let e=this.filters,t=new URLSearchParams(Object.entries(e).filter(([,e])=>e)).toString();history.replaceState(history.state,``,`${location.pathname}${location.search}#/issues${t?`?${t}`:``}`)}set(e,t){this.filters={...this.filters,[e]:t},this.remember(),this.cursors=[null],this.pageIndex=0,e===`q`?this.searchSoon():this.load()}async load(){let e=++this.seq,t=this.filters;this.loading=!0;try{if(t.q.trim()){let n=await r(`/api/v1/issues/search`,{query:{query:t.q.trim(),project_id:t.project,limit:50}});if(e!==this.seq)return;this.results=(n.results||[]).filter(e=>(!t.state||e.issue.state===t.state)&&(!t.kind||e.issue.kind===t.kind))}else{let n=await r(`/api/v1/issues`,{query:{project_id:t.project,state:t.state,kind:t.kind,limit:b,cursor:this.cursors[this.pageIndex]}});if(e!==this.seq)return;this.results=null,this.issues=n.issues||[],this.next=n.next_cursor||null}this.error=null}catch(t){e===this.seq&&(this.error=t)}finally{e===this.seq&&(this.loading=!1)}}older(){this.cursors=[...this.cursors.slice(0,this.pageIndex+1),this.next],this.pageIndex+=1,this.load()}newer(){this.pageIndex=Math.max(0,this.pageIndex-1),this.load()}filterForm(){let t=this.filters;return e`<form class="card filters" role="search" aria-label="Issues" @submit=${e=>{e.preventDefault(),this.searchSoon.cancel(),this.load()}}>
      <div class="filters-row">
        <div class="field search">
          <label for="issue-search">Search by words or meaning</label>
          <input id="issue-search" type="search" data-testid="issue-search" spellcheck="false" .value=${t.q}
            placeholder="e.g. login fails after password reset" @input=${e=>this.set(`q`,e.target.value)} aria-describedby="issue-search-hint" />
          <p class="hint" id="issue-search-hint">Finds issues that share no word with the search, too: each result says what found it.</p>
        </div>
        ${d({id:`issue-project`,projects:this.projects,value:t.project,onChange:e=>this.set(`project`,e)})}
        <div class="field">
          <label for="issue-state">State</label>
          <select id="issue-state" @change=${e=>this.set(`state`,e.target.value)}>
            ${[[``,`Any`],[`open`,`Open`],[`closed`,`Closed`]].map(([n,r])=>e`<option value=${n} ?selected=${t.state===n}>${r}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="issue-kind">Kind</label>
          <select id="issue-kind" @change=${e=>this.set(`kind`,e.target.value)}>
            ${[[``,`Any`],[`issue`,`Issues`],[`pull_request`,`Pull requests`],[`merge_request`,`Merge requests`]].map(([n,r])=>e`<option value=${n} ?selected=${t.kind===n}>${r}</option>`)}
          </select>
        </div>
      </div>
    </form>`}item(n,r){let i=this.projects.find(e=>e.id===n.project_id);return e`<li data-testid="issue-row" data-key=${n.key}>
      <div class="item-head">
        ${g(n)}
        <span class="row-gap"></span>
        ${r?e`<span class="badges" data-testid="matched-by">
              ${(r.matched_by||[]).map(t=>e`<sl-badge variant=${t===`similarity`?`primary`:`neutral`}>${t===`similarity`?`meaning`:`words`}</sl-badge>`)}
              ${r.similarity!==null&&r.similarity!==void 0?e`<span class="small" data-testid="similarity">${h(Math.max(0,r.similarity))} similar</span>`:t}
            </span>`:t}
      </div>
      <div class="row wrap small muted">
        ${v(n)}
        <span>${p(n.kind)}</span>
        ${i?e`<span>· ${_(i)}</span>`:t}
        ${n.author?e`<span>· by ${n.author}</span>`:t}
        ${n.remote_updated_at?e`<span>· updated <time datetime=${c(n.remote_updated_at)}>${o(n.remote_updated_at)}</time></span>`:t}
        ${(n.labels||[]).length?e`<span>· ${n.labels.join(`, `)}</span>`:t}
      </div>
    </li>`}list(){return this.results?this.results.length?e`<p class="muted small" aria-live="polite">${i(this.results.length,`result`)}, best first.</p>
        <ul class="item-list" data-testid="search-results">${this.results.map(e=>this.item(e.issue,e))}</ul>`:e`<p class="empty" data-testid="empty">No issue matches the search.</p>`:this.issues===null?t:this.issues.length?e`<ul class="item-list">${this.issues.map(e=>this.item(e))}</ul>
      <nav class="row wrap pager" aria-label="Issue pages">
        <sl-button size="small" ?disabled=${this.pageIndex===0} @click=${()=>this.newer()}>← Newer</sl-button>
        <span aria-live="polite">Page ${this.pageIndex+1}</span>
        <sl-button size="small" ?disabled=${!this.next} @click=${()=>this.older()}>Older →</sl-button>
      </nav>`:e`<p class="empty" data-testid="empty">No issue${this.pageIndex?` on this page`:` yet`}.</p>`}render(){return e`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Issues</h1>
        ${this.loading?e`<sl-spinner label="Loading"></sl-spinner>`:t}
      </div>
      ${f(`/issues`)}
      ${this.filterForm()}
      <pl-error .error=${this.error}></pl-error>
      ${this.list()}
    </div>`}};customElements.define(`pl-issues-page`,w);var T=[[`depends_on`,`Depends on`],[`blocks`,`Blocks`],[`related`,`Related`],[`mentioned_by`,`Mentioned by`]],E=class extends a{static properties={issueId:{},issue:{state:!0},error:{state:!0},comments:{state:!0},commentsError:{state:!0},duplicates:{state:!0},duplicatesError:{state:!0},assessment:{state:!0},assessmentError:{state:!0},deps:{state:!0},depsError:{state:!0},posting:{state:!0},postError:{state:!0},notice:{state:!0}};constructor(){super(),this.issue=null}firstUpdated(){this.load()}get path(){return`/api/v1/issues/${encodeURIComponent(this.issueId)}`}async loadPart(e,t,n,i=e=>e){try{this[e]=i(await r(t,{query:n})),this[`${e}Error`]=null}catch(t){this[e]=!m(t)&&null,this[`${e}Error`]=m(t)?null:t}}async load(){try{this.issue=await r(this.path),this.error=null}catch(e){this.error=e;return}await Promise.all([this.loadPart(`comments`,`${this.path}/comments`,void 0,e=>e.comments||[]),this.loadDuplicates(),this.loadPart(`assessment`,`${this.path}/compliance`),this.loadPart(`deps`,`${this.path}/dependencies`)])}loadDuplicates(){return this.loadPart(`duplicates`,`${this.path}/duplicates`,{threshold:x})}async addComment(e){e.preventDefault();let t=e.target.querySelector(`textarea`),n=t.value.trim();if(n){this.posting=!0,this.postError=null;try{let e=await r(`${this.path}/comments`,{method:`POST`,body:{body:n}});t.value=``,this.comments=[...this.comments||[],e&&e.body?e:{id:`new-${Date.now()}`,body:n,author:`you`,remote_created_at:Date.now()}],this.notice=`Comment added in the tracker.`}catch(e){this.postError=e}finally{this.posting=!1}}}async resolved(e,t){this.notice=`${e.key} marked ${S[t]||t}.`,await this.loadDuplicates(),await this.updateComplete;let n=this.querySelector(`#duplicates-heading`);n&&n.focus()}details(n){let r=n.links||[];return e`<dl class="facts">
      <dt>State</dt><dd>${v(n)}</dd>
      <dt>Kind</dt><dd>${p(n.kind)}</dd>
      ${n.priority?e`<dt>Priority</dt><dd>${n.priority}</dd>`:t}
      <dt>Author</dt><dd>${n.author||`—`}</dd>
      <dt>Assignees</dt><dd>${(n.assignees||[]).length?n.assignees.join(`, `):`—`}</dd>
      <dt>Labels</dt><dd>${(n.labels||[]).length?e`<ul class="chips" aria-label="Labels">${n.labels.map(t=>e`<li>${t}</li>`)}</ul>`:`—`}</dd>
      <dt>Links</dt><dd>${r.length?e`<ul class="plain-list">${r.map(t=>e`<li>${t.type}: <code>${t.key}</code></li>`)}</ul>`:`—`}</dd>
      <dt>Created</dt><dd>${o(n.remote_created_at)||`—`}</dd>
      <dt>Updated</dt><dd>${o(n.remote_updated_at)||`—`}</dd>
      ${n.url?e`<dt>In the tracker</dt><dd><a href=${n.url} target="_blank" rel="noreferrer noopener" class="break">${n.url}</a></dd>`:t}
    </dl>`}commentsView(){return e`<section class="card stack tracker-section" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      <pl-error .error=${this.commentsError}></pl-error>
      ${this.comments===void 0?e`<sl-spinner label="Loading comments"></sl-spinner>`:this.comments&&this.comments.length?e`<ul class="plain-list" data-testid="comments">
              ${this.comments.map(t=>e`<li><strong>${t.author||`someone`}</strong> <span class="muted small">${o(t.remote_created_at)}</span>
                  <p class="comment">${t.body}</p></li>`)}
            </ul>`:e`<p class="muted">No comment.</p>`}
      ${n(`issues.write`)?e`<form class="stack" @submit=${e=>this.addComment(e)}>
            <div class="field">
              <label for="new-comment">Add a comment <span class="muted">(posted in the tracker)</span></label>
              <textarea id="new-comment" data-testid="new-comment" rows="3" required maxlength="65000"></textarea>
            </div>
            <pl-error .error=${this.postError}></pl-error>
            <div><sl-button type="submit" data-testid="post-comment" ?loading=${this.posting}>Comment</sl-button></div>
          </form>`:t}
    </section>`}duplicatesView(n){let r=this.duplicates;return e`<section class="card stack tracker-section" aria-labelledby="duplicates-heading">
      <h2 id="duplicates-heading" tabindex="-1">Possible duplicates</h2>
      <pl-error .error=${this.duplicatesError}></pl-error>
      ${r===void 0?e`<sl-spinner label="Loading"></sl-spinner>`:r?e`${r.candidates&&r.candidates.length?e`<ul class="item-list" data-testid="duplicate-candidates">
                    ${r.candidates.map(t=>e`<li data-testid="duplicate-candidate" data-key=${t.issue.key}>
                        <div class="item-head">${g(t.issue)}<span class="row-gap"></span><span class="small">${h(t.similarity)} similar</span></div>
                        <pl-resolve-duplicate .issue=${n} .other=${t.issue} @resolved=${e=>this.resolved(t.issue,e.detail.resolution)}></pl-resolve-duplicate>
                      </li>`)}
                  </ul>`:e`<p class="muted" data-testid="no-duplicates">No issue is ${h(r.threshold??x)} or more similar.</p>`}
              ${r.decided&&r.decided.length?e`<h3>Decided</h3>
                    <ul class="plain-list small" data-testid="duplicates-decided">
                      ${r.decided.map(r=>{let i=r.issue_id===n.id?r.other_id:r.issue_id;return e`<li><a href=${s(`/issues/${encodeURIComponent(i)}`)}>${i}</a>: ${S[r.resolution]||r.resolution}
                          ${r.decided_by?e`by ${r.decided_by}`:t} ${r.decided_at?e`on ${o(r.decided_at)}`:t}
                          ${r.comment?e`<p class="comment">${r.comment}</p>`:t}</li>`})}
                    </ul>`:t}`:e`<p class="muted">Not available.</p>`}
    </section>`}complianceView(){let t=this.assessment;return e`<section class="card stack tracker-section" aria-labelledby="ready-heading">
      <h2 id="ready-heading">Definition of ready</h2>
      <pl-error .error=${this.assessmentError}></pl-error>
      ${t===void 0?e`<sl-spinner label="Loading"></sl-spinner>`:t?y(t):e`<p class="muted" data-testid="no-compliance">No assessment on this server yet.</p>`}
    </section>`}depsView(){let n=this.deps,r=n=>e`<li>${n.issue?g(n.issue):n.id&&n.title!==void 0?g(n):e`<code>${n.key}</code>`}${n.type?e` <span class="muted small">(${n.type.replace(/_/g,` `)}${n.source===`text`?`, from the text`:``})</span>`:t}</li>`,i=n?T.filter(([e])=>(n[e]||[]).length):[];return e`<section class="card stack tracker-section" aria-labelledby="deps-heading">
      <h2 id="deps-heading">Dependencies</h2>
      <pl-error .error=${this.depsError}></pl-error>
      ${n===void 0?e`<sl-spinner label="Loading"></sl-spinner>`:n?e`${i.length?e`<dl class="edge-groups" data-testid="dependencies">
                    ${i.map(([t,i])=>e`<dt>${i}</dt><dd><ul>${n[t].map(r)}</ul></dd>`)}
                  </dl>`:e`<p class="muted">No known dependency.</p>`}
              ${(n.suggested||[]).length?e`<h3>Suggested</h3>
                    <ul class="plain-list small">${n.suggested.map(n=>e`<li>${n.issue?g(n.issue):e`<code>${n.key}</code>`}${n.reason?e` — ${n.reason}`:t}</li>`)}</ul>`:t}`:e`<p class="muted">Not available on this server yet.</p>`}
    </section>`}render(){let n=this.issue;return e`<div class="page">
      <p class="muted small"><a href=${s(`/issues`,n?{project:n.project_id}:{})}>← Issues</a></p>
      <div class="page-head">
        <h1 tabindex="-1">${n?e`<code>${n.key}</code> ${n.title}`:`Issue`}</h1>
        ${!n&&!this.error?e`<sl-spinner label="Loading"></sl-spinner>`:t}
      </div>
      <p role="status" class="status-text" data-testid="notice">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${n?e`<div class="issue-grid">
            <div class="stack">
              <section class="card stack tracker-section" aria-labelledby="body-heading">
                <h2 id="body-heading">Description</h2>
                ${n.body?e`<div class="issue-body" data-testid="issue-body">${n.body}</div>`:e`<p class="muted">No description.</p>`}
              </section>
              ${this.duplicatesView(n)} ${this.commentsView()}
            </div>
            <div class="stack">
              <section class="card" aria-label="Details">${this.details(n)}</section>
              ${this.complianceView()} ${this.depsView()}
            </div>
          </div>`:t}
    </div>`}};customElements.define(`pl-issue-page`,E);