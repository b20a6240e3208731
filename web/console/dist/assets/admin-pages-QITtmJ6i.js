import{C as e,D as t,E as n,G as r,H as i,I as a,J as o,L as s,N as c,P as l,Q as u,S as d,T as f,V as p,W as m,X as h,_ as g,b as _,d as v,g as y,q as b,v as x,x as S,y as C}from"./index-DqQzH7fw.js";function w(e,t,n=`text/plain`){let r=URL.createObjectURL(new Blob([e],{type:n})),i=document.createElement(`a`);i.href=r,i.download=t,document.body.append(i),i.click(),i.remove(),setTimeout(()=>URL.revokeObjectURL(r),1e4)}async function T(e){try{return await navigator.clipboard.writeText(e),!0}catch{return!1}}async function E(e,t,n){let r=Array(e.length),i=0;async function a(){for(;i<e.length;){let t=i++;try{r[t]={value:await n(e[t])}}catch(e){r[t]={error:e}}}}return await Promise.all(Array.from({length:Math.min(t,e.length)},a)),r}function D(e,t,n){let r=Math.max(1,Math.ceil(e.length/n)),i=Math.min(Math.max(0,t),r-1);return{rows:e.slice(i*n,i*n+n),page:i,pages:r}}function O({page:e,pages:t,onPage:n,label:r}){return t<=1?o:h`<nav class="row wrap pager" aria-label=${r||`Pages`}>
    <sl-button size="small" ?disabled=${e===0} @click=${()=>n(e-1)}>← Previous</sl-button>
    <span aria-live="polite">Page ${e+1} of ${t}</span>
    <sl-button size="small" ?disabled=${e>=t-1} @click=${()=>n(e+1)}>Next →</sl-button>
  </nav>`}function k(e){let t={};for(let n of e.elements)n.name&&(n.type===`checkbox`?n.value&&n.value!==`on`?(t[n.name]=t[n.name]||[],n.checked&&t[n.name].push(n.value)):t[n.name]=n.checked:n.type===`radio`?n.checked&&(t[n.name]=n.value):n.type!==`file`&&`value`in n&&(t[n.name]=typeof n.value==`string`?n.value.trim():n.value));return t}function A(e){return String(e||``).split(`
`).map(e=>e.trim()).filter(Boolean)}function j(e){let t=Number(e)||0;return t%86400==0&&t>=86400?`${t/86400} d`:t>=86400?`${Math.floor(t/86400)} d ${Math.round(t%86400/3600)} h`:t%3600==0&&t>=3600?`${t/3600} h`:t>=3600?`${Math.floor(t/3600)} h ${Math.round(t%3600/60)} min`:t%60==0&&t>=60?`${t/60} min`:`${t} s`}function M(e,t){return e&&e.get(t)||t}var N=u`
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
`,P=class extends p{constructor(){super(...arguments),this.hasSlotController=new l(this,`footer`),this.localize=new a(this),this.modal=new n(this),this.open=!1,this.label=``,this.noHeader=!1,this.handleDocumentKeyDown=e=>{e.key===`Escape`&&this.modal.isActive()&&this.open&&(e.stopPropagation(),this.requestClose(`keyboard`))}}firstUpdated(){this.dialog.hidden=!this.open,this.open&&(this.addOpenListeners(),this.modal.activate(),e(this))}disconnectedCallback(){super.disconnectedCallback(),this.modal.deactivate(),f(this),this.removeOpenListeners()}requestClose(e){if(this.emit(`sl-request-close`,{cancelable:!0,detail:{source:e}}).defaultPrevented){let e=C(this,`dialog.denyClose`,{dir:this.localize.dir()});y(this.panel,e.keyframes,e.options)}else this.hide()}addOpenListeners(){var e;`CloseWatcher`in window?((e=this.closeWatcher)==null||e.destroy(),this.closeWatcher=new CloseWatcher,this.closeWatcher.onclose=()=>this.requestClose(`keyboard`)):document.addEventListener(`keydown`,this.handleDocumentKeyDown)}removeOpenListeners(){var e;(e=this.closeWatcher)==null||e.destroy(),document.removeEventListener(`keydown`,this.handleDocumentKeyDown)}async handleOpenChange(){if(this.open){this.emit(`sl-show`),this.addOpenListeners(),this.originalTrigger=document.activeElement,this.modal.activate(),e(this);let t=this.querySelector(`[autofocus]`);t&&t.removeAttribute(`autofocus`),await Promise.all([g(this.dialog),g(this.overlay)]),this.dialog.hidden=!1,requestAnimationFrame(()=>{this.emit(`sl-initial-focus`,{cancelable:!0}).defaultPrevented||(t?t.focus({preventScroll:!0}):this.panel.focus({preventScroll:!0})),t&&t.setAttribute(`autofocus`,``)});let n=C(this,`dialog.show`,{dir:this.localize.dir()}),r=C(this,`dialog.overlay.show`,{dir:this.localize.dir()});await Promise.all([y(this.panel,n.keyframes,n.options),y(this.overlay,r.keyframes,r.options)]),this.emit(`sl-after-show`)}else{d(this),this.emit(`sl-hide`),this.removeOpenListeners(),this.modal.deactivate(),await Promise.all([g(this.dialog),g(this.overlay)]);let e=C(this,`dialog.hide`,{dir:this.localize.dir()}),t=C(this,`dialog.overlay.hide`,{dir:this.localize.dir()});await Promise.all([y(this.overlay,t.keyframes,t.options).then(()=>{this.overlay.hidden=!0}),y(this.panel,e.keyframes,e.options).then(()=>{this.panel.hidden=!0})]),this.dialog.hidden=!0,this.overlay.hidden=!1,this.panel.hidden=!1,f(this);let n=this.originalTrigger;typeof n?.focus==`function`&&setTimeout(()=>n.focus()),this.emit(`sl-after-hide`)}}async show(){if(!this.open)return this.open=!0,x(this,`sl-after-show`)}async hide(){if(this.open)return this.open=!1,x(this,`sl-after-hide`)}render(){return h`
      <div
        part="base"
        class=${s({dialog:!0,"dialog--open":this.open,"dialog--has-footer":this.hasSlotController.test(`footer`)})}
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
          ${this.noHeader?``:h`
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
    `}};P.styles=[b,N],P.dependencies={"sl-icon-button":S},r([i(`.dialog`)],P.prototype,`dialog`,2),r([i(`.dialog__panel`)],P.prototype,`panel`,2),r([i(`.dialog__overlay`)],P.prototype,`overlay`,2),r([m({type:Boolean,reflect:!0})],P.prototype,`open`,2),r([m({reflect:!0})],P.prototype,`label`,2),r([m({attribute:`no-header`,type:Boolean,reflect:!0})],P.prototype,`noHeader`,2),r([c(`open`,{waitUntilFirstUpdate:!0})],P.prototype,`handleOpenChange`,1),_(`dialog.show`,{keyframes:[{opacity:0,scale:.8},{opacity:1,scale:1}],options:{duration:250,easing:`ease`}}),_(`dialog.hide`,{keyframes:[{opacity:1,scale:1},{opacity:0,scale:.8}],options:{duration:250,easing:`ease`}}),_(`dialog.denyClose`,{keyframes:[{scale:1},{scale:1.02},{scale:1}],options:{duration:250}}),_(`dialog.overlay.show`,{keyframes:[{opacity:0},{opacity:1}],options:{duration:250}}),_(`dialog.overlay.hide`,{keyframes:[{opacity:1},{opacity:0}],options:{duration:250}}),P.define(`sl-dialog`);var F=class extends v{static properties={label:{},message:{attribute:!1},confirmLabel:{},danger:{type:Boolean},secret:{},testid:{},note:{attribute:!1},copied:{state:!0}};firstUpdated(){this.dialog=this.querySelector(`sl-dialog`),this.dialog.show()}close(e){this.result=e,this.dialog.hide()}onHidden(e){e.target===this.dialog&&(this.resolve(!!this.result),this.secret=``,this.remove())}async copy(){this.copied=await T(this.secret)?`Copied to the clipboard.`:`Copying failed: select the text and copy it.`}body(){return this.secret===void 0?h`<div class="stack">${this.message}</div>
        <div class="form-actions">
          <sl-button @click=${()=>this.close(!1)}>Cancel</sl-button>
          <sl-button variant=${this.danger?`danger`:`primary`} data-testid="confirm" @click=${()=>this.close(!0)}>
            ${this.confirmLabel||`Confirm`}
          </sl-button>
        </div>`:h`<div class="stack">
        <p class="warning-box" role="note">
          <strong>Copy it now.</strong> This is the only time it is shown: Preloop keeps only a hash of it and cannot show it again.
        </p>
        ${this.note?h`<p>${this.note}</p>`:o}
        <code class="secret-value" data-testid=${this.testid||`secret-value`}>${this.secret}</code>
        <div class="row wrap">
          <sl-button variant="primary" @click=${this.copy}>Copy</sl-button>
          <span role="status" class="status-text">${this.copied||``}</span>
        </div>
      </div>
      <div class="form-actions">
        <sl-button @click=${()=>this.close(!0)}>I have copied it</sl-button>
      </div>`}render(){return h`<sl-dialog label=${this.label} class="form-dialog" @sl-after-hide=${this.onHidden}>${this.body()}</sl-dialog>`}};customElements.define(`pl-one-off-dialog`,F);function I(e){return new Promise(t=>{let n=document.createElement(`pl-one-off-dialog`);Object.assign(n,e,{resolve:t}),document.body.append(n)})}function L({label:e,message:t,confirmLabel:n=`Confirm`,danger:r=!1}){return I({label:e,message:t,confirmLabel:n,danger:r,secret:void 0})}function R({label:e,value:t,testid:n,note:r}){return I({label:e,secret:String(t||``),testid:n,note:r})}export{A as a,D as c,j as d,k as i,O as l,R as n,E as o,T as r,M as s,L as t,w as u};