import{$ as e,A as t,B as n,C as r,E as i,G as a,I as o,J as s,L as c,O as l,S as u,T as d,W as f,X as p,Z as m,b as h,d as g,k as _,l as v,m as y,q as b,tt as x,u as S,w as C,x as w,y as T,z as E}from"./index-Dwui5pez.js";function D(e,t,n=`text/plain`){let r=URL.createObjectURL(new Blob([e],{type:n})),i=document.createElement(`a`);i.href=r,i.download=t,document.body.append(i),i.click(),i.remove(),setTimeout(()=>URL.revokeObjectURL(r),1e4)}async function O(e,t){await e.updateComplete;let n=e.querySelector(t);n&&n.focus()}async function k(e){try{return await navigator.clipboard.writeText(e),!0}catch{return!1}}async function A(e,t,n){let r=Array(e.length),i=0;async function a(){for(;i<e.length;){let t=i++;try{r[t]={value:await n(e[t])}}catch(e){r[t]={error:e}}}}return await Promise.all(Array.from({length:Math.min(t,e.length)},a)),r}function j(e,t,n){let r=Math.max(1,Math.ceil(e.length/n)),i=Math.min(Math.max(0,t),r-1);return{rows:e.slice(i*n,i*n+n),page:i,pages:r}}function M({page:t,pages:n,onPage:r,label:i}){return n<=1?m:e`<nav class="row wrap pager" aria-label=${i||`Pages`}>
    <sl-button size="small" ?disabled=${t===0} @click=${()=>r(t-1)}>← Previous</sl-button>
    <span aria-live="polite">Page ${t+1} of ${n}</span>
    <sl-button size="small" ?disabled=${t>=n-1} @click=${()=>r(t+1)}>Next →</sl-button>
  </nav>`}function N(e){let t={};for(let n of e.elements)n.name&&(n.type===`checkbox`?n.value&&n.value!==`on`?(t[n.name]=t[n.name]||[],n.checked&&t[n.name].push(n.value)):t[n.name]=n.checked:n.type===`radio`?n.checked&&(t[n.name]=n.value):n.type!==`file`&&`value`in n&&(t[n.name]=typeof n.value==`string`?n.value.trim():n.value));return t}function P(e){return String(e||``).split(`
`).map(e=>e.trim()).filter(Boolean)}function F(e){let t=Number(e)||0;return t%86400==0&&t>=86400?`${t/86400} d`:t>=86400?`${Math.floor(t/86400)} d ${Math.round(t%86400/3600)} h`:t%3600==0&&t>=3600?`${t/3600} h`:t>=3600?`${Math.floor(t/3600)} h ${Math.round(t%3600/60)} min`:t%60==0&&t>=60?`${t/60} min`:`${t} s`}function I(e,t){return e&&e.get(t)||t}var L=x`
  :host {
    --width: 31rem;
    --header-spacing: var(--sl-spacing-large);
    --body-spacing: var(--sl-spacing-large);
    --footer-spacing: var(--sl-spacing-large);

    display: contents;
  }

  .dialog {
    display: flex;
    align-items: center;
    justify-content: center;
    position: fixed;
    top: 0;
    right: 0;
    bottom: 0;
    left: 0;
    z-index: var(--sl-z-index-dialog);
  }

  .dialog__panel {
    display: flex;
    flex-direction: column;
    z-index: 2;
    width: var(--width);
    max-width: calc(100% - var(--sl-spacing-2x-large));
    max-height: calc(100% - var(--sl-spacing-2x-large));
    background-color: var(--sl-panel-background-color);
    border-radius: var(--sl-border-radius-medium);
    box-shadow: var(--sl-shadow-x-large);
  }

  .dialog__panel:focus {
    outline: none;
  }

  /* Ensure there's enough vertical padding for phones that don't update vh when chrome appears (e.g. iPhone) */
  @media screen and (max-width: 420px) {
    .dialog__panel {
      max-height: 80vh;
    }
  }

  .dialog--open .dialog__panel {
    display: flex;
    opacity: 1;
  }

  .dialog__header {
    flex: 0 0 auto;
    display: flex;
  }

  .dialog__title {
    flex: 1 1 auto;
    font: inherit;
    font-size: var(--sl-font-size-large);
    line-height: var(--sl-line-height-dense);
    padding: var(--header-spacing);
    margin: 0;
  }

  .dialog__header-actions {
    flex-shrink: 0;
    display: flex;
    flex-wrap: wrap;
    justify-content: end;
    gap: var(--sl-spacing-2x-small);
    padding: 0 var(--header-spacing);
  }

  .dialog__header-actions sl-icon-button,
  .dialog__header-actions ::slotted(sl-icon-button) {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    font-size: var(--sl-font-size-medium);
  }

  .dialog__body {
    flex: 1 1 auto;
    display: block;
    padding: var(--body-spacing);
    overflow: auto;
    -webkit-overflow-scrolling: touch;
  }

  .dialog__footer {
    flex: 0 0 auto;
    text-align: right;
    padding: var(--footer-spacing);
  }

  .dialog__footer ::slotted(sl-button:not(:first-of-type)) {
    margin-inline-start: var(--sl-spacing-x-small);
  }

  .dialog:not(.dialog--has-footer) .dialog__footer {
    display: none;
  }

  .dialog__overlay {
    position: fixed;
    top: 0;
    right: 0;
    bottom: 0;
    left: 0;
    background-color: var(--sl-overlay-background-color);
  }

  @media (forced-colors: active) {
    .dialog__panel {
      border: solid 1px var(--sl-color-neutral-0);
    }
  }
`,R=class extends f{constructor(){super(...arguments),this.hasSlotController=new c(this,`footer`),this.localize=new E(this),this.modal=new _(this),this.open=!1,this.label=``,this.noHeader=!1,this.handleDocumentKeyDown=e=>{e.key===`Escape`&&this.modal.isActive()&&this.open&&(e.stopPropagation(),this.requestClose(`keyboard`))}}firstUpdated(){this.dialog.hidden=!this.open,this.open&&(this.addOpenListeners(),this.modal.activate(),i(this))}disconnectedCallback(){super.disconnectedCallback(),this.modal.deactivate(),l(this),this.removeOpenListeners()}requestClose(e){if(this.emit(`sl-request-close`,{cancelable:!0,detail:{source:e}}).defaultPrevented){let e=u(this,`dialog.denyClose`,{dir:this.localize.dir()});T(this.panel,e.keyframes,e.options)}else this.hide()}addOpenListeners(){var e;`CloseWatcher`in window?((e=this.closeWatcher)==null||e.destroy(),this.closeWatcher=new CloseWatcher,this.closeWatcher.onclose=()=>this.requestClose(`keyboard`)):document.addEventListener(`keydown`,this.handleDocumentKeyDown)}removeOpenListeners(){var e;(e=this.closeWatcher)==null||e.destroy(),document.removeEventListener(`keydown`,this.handleDocumentKeyDown)}async handleOpenChange(){if(this.open){this.emit(`sl-show`),this.addOpenListeners(),this.originalTrigger=document.activeElement,this.modal.activate(),i(this);let e=this.querySelector(`[autofocus]`);e&&e.removeAttribute(`autofocus`),await Promise.all([h(this.dialog),h(this.overlay)]),this.dialog.hidden=!1,requestAnimationFrame(()=>{this.emit(`sl-initial-focus`,{cancelable:!0}).defaultPrevented||(e?e.focus({preventScroll:!0}):this.panel.focus({preventScroll:!0})),e&&e.setAttribute(`autofocus`,``)});let t=u(this,`dialog.show`,{dir:this.localize.dir()}),n=u(this,`dialog.overlay.show`,{dir:this.localize.dir()});await Promise.all([T(this.panel,t.keyframes,t.options),T(this.overlay,n.keyframes,n.options)]),this.emit(`sl-after-show`)}else{d(this),this.emit(`sl-hide`),this.removeOpenListeners(),this.modal.deactivate(),await Promise.all([h(this.dialog),h(this.overlay)]);let e=u(this,`dialog.hide`,{dir:this.localize.dir()}),t=u(this,`dialog.overlay.hide`,{dir:this.localize.dir()});await Promise.all([T(this.overlay,t.keyframes,t.options).then(()=>{this.overlay.hidden=!0}),T(this.panel,e.keyframes,e.options).then(()=>{this.panel.hidden=!0})]),this.dialog.hidden=!0,this.overlay.hidden=!1,this.panel.hidden=!1,l(this);let n=this.originalTrigger;typeof n?.focus==`function`&&setTimeout(()=>n.focus()),this.emit(`sl-after-hide`)}}async show(){if(!this.open)return this.open=!0,w(this,`sl-after-show`)}async hide(){if(this.open)return this.open=!1,w(this,`sl-after-hide`)}render(){return e`
      <div
        part="base"
        class=${n({dialog:!0,"dialog--open":this.open,"dialog--has-footer":this.hasSlotController.test(`footer`)})}
      >
        <div part="overlay" class="dialog__overlay" @click=${()=>this.requestClose(`overlay`)} tabindex="-1"></div>

        <div
          part="panel"
          class="dialog__panel"
          role="dialog"
          aria-modal="true"
          aria-hidden=${this.open?`false`:`true`}
          aria-label=${t(this.noHeader?this.label:void 0)}
          aria-labelledby=${t(this.noHeader?void 0:`title`)}
          tabindex="-1"
        >
          ${this.noHeader?``:e`
                <header part="header" class="dialog__header">
                  <h2 part="title" class="dialog__title" id="title">
                    <slot name="label"> ${this.label.length>0?this.label:`﻿`} </slot>
                  </h2>
                  <div part="header-actions" class="dialog__header-actions">
                    <slot name="header-actions"></slot>
                    <sl-icon-button
                      part="close-button"
                      exportparts="base:close-button__base"
                      class="dialog__close"
                      name="x-lg"
                      label=${this.localize.term(`close`)}
                      library="system"
                      @click="${()=>this.requestClose(`close-button`)}"
                    ></sl-icon-button>
                  </div>
                </header>
              `}
          ${``}
          <div part="body" class="dialog__body" tabindex="-1"><slot></slot></div>

          <footer part="footer" class="dialog__footer">
            <slot name="footer"></slot>
          </footer>
        </div>
      </div>
    `}};R.styles=[p,L],R.dependencies={"sl-icon-button":C},s([a(`.dialog`)],R.prototype,`dialog`,2),s([a(`.dialog__panel`)],R.prototype,`panel`,2),s([a(`.dialog__overlay`)],R.prototype,`overlay`,2),s([b({type:Boolean,reflect:!0})],R.prototype,`open`,2),s([b({reflect:!0})],R.prototype,`label`,2),s([b({attribute:`no-header`,type:Boolean,reflect:!0})],R.prototype,`noHeader`,2),s([o(`open`,{waitUntilFirstUpdate:!0})],R.prototype,`handleOpenChange`,1),r(`dialog.show`,{keyframes:[{opacity:0,scale:.8},{opacity:1,scale:1}],options:{duration:250,easing:`ease`}}),r(`dialog.hide`,{keyframes:[{opacity:1,scale:1},{opacity:0,scale:.8}],options:{duration:250,easing:`ease`}}),r(`dialog.denyClose`,{keyframes:[{scale:1},{scale:1.02},{scale:1}],options:{duration:250}}),r(`dialog.overlay.show`,{keyframes:[{opacity:0},{opacity:1}],options:{duration:250}}),r(`dialog.overlay.hide`,{keyframes:[{opacity:1},{opacity:0}],options:{duration:250}}),R.define(`sl-dialog`);var z=class extends y{static properties={label:{},message:{attribute:!1},confirmLabel:{},danger:{type:Boolean},secret:{},testid:{},note:{attribute:!1},copied:{state:!0}};connectedCallback(){super.connectedCallback(),this.secret!==void 0&&(this.stopAuth=v(()=>{S().status!==`signed-in`&&(this.secret=``,this.dialog&&this.close(!1))}))}disconnectedCallback(){super.disconnectedCallback(),this.stopAuth&&this.stopAuth()}firstUpdated(){this.dialog=this.querySelector(`sl-dialog`),this.dialog.show()}onRequestClose(e){e.target===this.dialog&&this.secret!==void 0&&e.detail&&e.detail.source===`overlay`&&e.preventDefault()}close(e){this.result=e,this.dialog.hide()}onHidden(e){e.target===this.dialog&&(this.resolve(!!this.result),this.secret=``,this.remove())}async copy(){this.copied=await k(this.secret)?`Copied to the clipboard.`:`Copying failed: select the text and copy it.`}body(){return this.secret===void 0?e`<div class="stack">${this.message}</div>
        <div class="form-actions">
          <sl-button @click=${()=>this.close(!1)}>Cancel</sl-button>
          <sl-button variant=${this.danger?`danger`:`primary`} data-testid="confirm" @click=${()=>this.close(!0)}>
            ${this.confirmLabel||`Confirm`}
          </sl-button>
        </div>`:e`<div class="stack">
        <p class="warning-box" role="note">
          <strong>Copy it now.</strong> This is the only time it is shown: Preloop keeps only a hash of it and cannot show it again.
        </p>
        ${this.note?e`<p>${this.note}</p>`:m}
        <code class="secret-value" data-testid=${this.testid||`secret-value`}>${this.secret}</code>
        <div class="row wrap">
          <sl-button variant="primary" @click=${this.copy}>Copy</sl-button>
          <span role="status" class="status-text">${this.copied||``}</span>
        </div>
      </div>
      <div class="form-actions">
        <sl-button @click=${()=>this.close(!0)}>I have copied it</sl-button>
      </div>`}render(){return e`<sl-dialog label=${this.label} class="form-dialog" @sl-request-close=${this.onRequestClose} @sl-after-hide=${this.onHidden}>${this.body()}</sl-dialog>`}};customElements.define(`pl-one-off-dialog`,z);function B(e){return new Promise(t=>{let n=document.createElement(`pl-one-off-dialog`);Object.assign(n,e,{resolve:t}),document.body.append(n)})}function V({label:e,message:t,confirmLabel:n=`Confirm`,danger:r=!1}){return B({label:e,message:t,confirmLabel:n,danger:r,secret:void 0})}async function H(e,{label:t,message:n,confirmLabel:r,path:i,done:a,failed:o,focus:s}){if(!await V({label:t,message:n,confirmLabel:r,danger:!0}))return!1;try{return await g(i,{method:`DELETE`}),await a(),O(e,s),!0}catch(e){return o(e),!1}}function U({label:e,value:t,testid:n,note:r}){return B({label:e,secret:String(t||``),testid:n,note:r})}export{O as a,A as c,M as d,D as f,k as i,I as l,H as n,N as o,F as p,U as r,P as s,V as t,j as u};