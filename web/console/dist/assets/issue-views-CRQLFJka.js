import{$ as e,Z as t}from"./index-Dwui5pez.js";import{o as n,r}from"./tracker-kit-L3I9pHlQ.js";var i={clear_title:`Clear title`,description:`Description`,acceptance_criteria:`Acceptance criteria`,reproduction_steps:`Reproduction steps`,labels:`Labels`,priority:`Priority`,linked_dependencies:`Linked dependencies`};function a(e){return i[e]||String(e||``).replace(/_/g,` `)}function o(t,n=!1){let r=Math.max(0,Math.min(1,Number(t)||0))*100;return e`<span class="meter ${n?`good`:``}" aria-hidden="true"><span style="width: ${r}%"></span></span>`}function s(i,{link:s=null}={}){let c=(i.findings||[]).filter(e=>e.applies);return e`<div class="stack" data-testid="assessment">
    <div class="row wrap">
      ${s?r(s):t}
      <sl-badge variant=${i.ready?`success`:`warning`} data-testid="ready">${i.ready?`Ready`:`Not ready`}</sl-badge>
      <span>Score ${n(i.score)}</span>
      ${o(i.score,i.ready)}
    </div>
    ${c.length?e`<ul class="findings">
          ${c.map(n=>e`<li class=${n.passed?`passed`:`failed`}>
              <span class="mark" aria-hidden="true">${n.passed?`✓`:`✗`}</span>
              <span>${a(n.check)}<span class="visually-hidden">: ${n.passed?`passed`:`missing`}</span></span>
              ${!n.passed&&n.suggestion?e`<span class="suggestion" data-testid="suggestion">${n.suggestion}</span>`:t}
            </li>`)}
        </ul>`:t}
  </div>`}export{a as n,o as r,s as t};