const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/tools-CvlQGLvM.js","assets/action-icons-CZXWb8UT.js","assets/tool-catalog-BSzERRb-.js","assets/dialogs-C5RI8Bzs.js","assets/switch-DpSeOSnd.js","assets/admin-pages-CZhwXq00.css","assets/servers-CLEKYNJz.js","assets/policies-CL2Fgkv0.js","assets/keys-CeKFDNu8.js","assets/people-CRvJyhxt.js","assets/settings-CxfJsDAf.js","assets/trackers-tP04yF0Z.js","assets/tracker-kit-L3I9pHlQ.js","assets/tracker-kit-CEzg56Ka.css","assets/issues-CRSq5rnz.js","assets/issue-views-CRQLFJka.js","assets/duplicates-D0boGmC8.js","assets/compliance-BmFNp0Za.js","assets/project-report-page-Bepf-khr.js","assets/dependencies-DKBznd7n.js"])))=>i.map(i=>d[i]);
var e=globalThis,t=e.ShadowRoot&&(e.ShadyCSS===void 0||e.ShadyCSS.nativeShadow)&&`adoptedStyleSheets`in Document.prototype&&`replace`in CSSStyleSheet.prototype,n=Symbol(),r=new WeakMap,i=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==n)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,n=this.t;if(t&&e===void 0){let t=n!==void 0&&n.length===1;t&&(e=r.get(n)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),t&&r.set(n,e))}return e}toString(){return this.cssText}},a=e=>new i(typeof e==`string`?e:e+``,void 0,n),o=(e,...t)=>new i(e.length===1?e[0]:t.reduce((t,n,r)=>t+(e=>{if(!0===e._$cssResult$)return e.cssText;if(typeof e==`number`)return e;throw Error(`Value passed to 'css' function must be a 'css' function result: `+e+`. Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.`)})(n)+e[r+1],e[0]),e,n),s=(n,r)=>{if(t)n.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let t of r){let r=document.createElement(`style`),i=e.litNonce;i!==void 0&&r.setAttribute(`nonce`,i),r.textContent=t.cssText,n.appendChild(r)}},c=t?e=>e:e=>e instanceof CSSStyleSheet?(e=>{let t=``;for(let n of e.cssRules)t+=n.cssText;return a(t)})(e):e,{is:l,defineProperty:u,getOwnPropertyDescriptor:d,getOwnPropertyNames:f,getOwnPropertySymbols:p,getPrototypeOf:m}=Object,h=globalThis,g=h.trustedTypes,_=g?g.emptyScript:``,ee=h.reactiveElementPolyfillSupport,v=(e,t)=>e,y={toAttribute(e,t){switch(t){case Boolean:e=e?_:null;break;case Object:case Array:e=e==null?e:JSON.stringify(e)}return e},fromAttribute(e,t){let n=e;switch(t){case Boolean:n=e!==null;break;case Number:n=e===null?null:Number(e);break;case Object:case Array:try{n=JSON.parse(e)}catch{n=null}}return n}},b=(e,t)=>!l(e,t),te={attribute:!0,type:String,converter:y,reflect:!1,useDefault:!1,hasChanged:b};Symbol.metadata??=Symbol(`metadata`),h.litPropertyMetadata??=new WeakMap;var x=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=te){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),r=this.getPropertyDescriptor(e,n,t);r!==void 0&&u(this.prototype,e,r)}}static getPropertyDescriptor(e,t,n){let{get:r,set:i}=d(this.prototype,e)??{get(){return this[t]},set(e){this[t]=e}};return{get:r,set(t){let a=r?.call(this);i?.call(this,t),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??te}static _$Ei(){if(this.hasOwnProperty(v(`elementProperties`)))return;let e=m(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(v(`finalized`)))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(v(`properties`))){let e=this.properties,t=[...f(e),...p(e)];for(let n of t)this.createProperty(n,e[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[e,n]of t)this.elementProperties.set(e,n)}this._$Eh=new Map;for(let[e,t]of this.elementProperties){let n=this._$Eu(e,t);n!==void 0&&this._$Eh.set(n,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let e of n)t.unshift(c(e))}else e!==void 0&&t.push(c(e));return t}static _$Eu(e,t){let n=t.attribute;return!1===n?void 0:typeof n==`string`?n:typeof e==`string`?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return s(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),r=this.constructor._$Eu(e,n);if(r!==void 0&&!0===n.reflect){let i=(n.converter?.toAttribute===void 0?y:n.converter).toAttribute(t,n.type);this._$Em=e,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(e,t){let n=this.constructor,r=n._$Eh.get(e);if(r!==void 0&&this._$Em!==r){let e=n.getPropertyOptions(r),i=typeof e.converter==`function`?{fromAttribute:e.converter}:e.converter?.fromAttribute===void 0?y:e.converter;this._$Em=r;let a=i.fromAttribute(t,e.type);this[r]=a??this._$Ej?.get(r)??a,this._$Em=null}}requestUpdate(e,t,n,r=!1,i){if(e!==void 0){let a=this.constructor;if(!1===r&&(i=this[e]),n??=a.getPropertyOptions(e),!((n.hasChanged??b)(i,t)||n.useDefault&&n.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(a._$Eu(e,n))))return;this.C(e,t,n)}!1===this.isUpdatePending&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:r,wrapped:i},a){n&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,a??t??this[e]),!0!==i||a!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),!0===r&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[e,t]of this._$Ep)this[e]=t;this._$Ep=void 0}let e=this.constructor.elementProperties;if(e.size>0)for(let[t,n]of e){let{wrapped:e}=n,r=this[t];!0!==e||this._$AL.has(t)||r===void 0||this.C(t,void 0,n,r)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(e=>e.hostUpdate?.()),this.update(t)):this._$EM()}catch(t){throw e=!1,this._$EM(),t}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(e){}firstUpdated(e){}};x.elementStyles=[],x.shadowRootOptions={mode:`open`},x[v(`elementProperties`)]=new Map,x[v(`finalized`)]=new Map,ee?.({ReactiveElement:x}),(h.reactiveElementVersions??=[]).push(`2.1.2`);var ne=globalThis,re=e=>e,ie=ne.trustedTypes,ae=ie?ie.createPolicy(`lit-html`,{createHTML:e=>e}):void 0,oe=`$lit$`,S=`lit$${Math.random().toFixed(9).slice(2)}$`,se=`?`+S,ce=`<${se}>`,le=document,ue=()=>le.createComment(``),de=e=>e===null||typeof e!=`object`&&typeof e!=`function`,fe=Array.isArray,pe=e=>fe(e)||typeof e?.[Symbol.iterator]==`function`,me=`[ 	
\f\r]`,he=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,ge=/-->/g,_e=/>/g,ve=RegExp(`>|${me}(?:([^\\s"'>=/]+)(${me}*=${me}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`,`g`),ye=/'/g,be=/"/g,xe=/^(?:script|style|textarea|title)$/i,Se=e=>(t,...n)=>({_$litType$:e,strings:t,values:n}),C=Se(1),Ce=Se(2),w=Symbol.for(`lit-noChange`),T=Symbol.for(`lit-nothing`),we=new WeakMap,Te=le.createTreeWalker(le,129);function Ee(e,t){if(!fe(e)||!e.hasOwnProperty(`raw`))throw Error(`invalid template strings array`);return ae===void 0?t:ae.createHTML(t)}var De=(e,t)=>{let n=e.length-1,r=[],i,a=t===2?`<svg>`:t===3?`<math>`:``,o=he;for(let t=0;t<n;t++){let n=e[t],s,c,l=-1,u=0;for(;u<n.length&&(o.lastIndex=u,c=o.exec(n),c!==null);)u=o.lastIndex,o===he?c[1]===`!--`?o=ge:c[1]===void 0?c[2]===void 0?c[3]!==void 0&&(o=ve):(xe.test(c[2])&&(i=RegExp(`</`+c[2],`g`)),o=ve):o=_e:o===ve?c[0]===`>`?(o=i??he,l=-1):c[1]===void 0?l=-2:(l=o.lastIndex-c[2].length,s=c[1],o=c[3]===void 0?ve:c[3]===`"`?be:ye):o===be||o===ye?o=ve:o===ge||o===_e?o=he:(o=ve,i=void 0);let d=o===ve&&e[t+1].startsWith(`/>`)?` `:``;a+=o===he?n+ce:l>=0?(r.push(s),n.slice(0,l)+oe+n.slice(l)+S+d):n+S+(l===-2?t:d)}return[Ee(e,a+(e[n]||`<?>`)+(t===2?`</svg>`:t===3?`</math>`:``)),r]},Oe=class e{constructor({strings:t,_$litType$:n},r){let i;this.parts=[];let a=0,o=0,s=t.length-1,c=this.parts,[l,u]=De(t,n);if(this.el=e.createElement(l,r),Te.currentNode=this.el.content,n===2||n===3){let e=this.el.content.firstChild;e.replaceWith(...e.childNodes)}for(;(i=Te.nextNode())!==null&&c.length<s;){if(i.nodeType===1){if(i.hasAttributes())for(let e of i.getAttributeNames())if(e.endsWith(oe)){let t=u[o++],n=i.getAttribute(e).split(S),r=/([.?@])?(.*)/.exec(t);c.push({type:1,index:a,name:r[2],strings:n,ctor:r[1]===`.`?Ne:r[1]===`?`?Pe:r[1]===`@`?Fe:Me}),i.removeAttribute(e)}else e.startsWith(S)&&(c.push({type:6,index:a}),i.removeAttribute(e));if(xe.test(i.tagName)){let e=i.textContent.split(S),t=e.length-1;if(t>0){i.textContent=ie?ie.emptyScript:``;for(let n=0;n<t;n++)i.append(e[n],ue()),Te.nextNode(),c.push({type:2,index:++a});i.append(e[t],ue())}}}else if(i.nodeType===8){if(i.data===se)c.push({type:2,index:a});else{let e=-1;for(;(e=i.data.indexOf(S,e+1))!==-1;)c.push({type:7,index:a}),e+=S.length-1}}a++}}static createElement(e,t){let n=le.createElement(`template`);return n.innerHTML=e,n}};function ke(e,t,n=e,r){if(t===w)return t;let i=r===void 0?n._$Cl:n._$Co?.[r],a=de(t)?void 0:t._$litDirective$;return i?.constructor!==a&&(i?._$AO?.(!1),a===void 0?i=void 0:(i=new a(e),i._$AT(e,n,r)),r===void 0?n._$Cl=i:(n._$Co??=[])[r]=i),i!==void 0&&(t=ke(e,i._$AS(e,t.values),i,r)),t}var Ae=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,r=(e?.creationScope??le).importNode(t,!0);Te.currentNode=r;let i=Te.nextNode(),a=0,o=0,s=n[0];for(;s!==void 0;){if(a===s.index){let t;s.type===2?t=new je(i,i.nextSibling,this,e):s.type===1?t=new s.ctor(i,s.name,s.strings,this,e):s.type===6&&(t=new Ie(i,this,e)),this._$AV.push(t),s=n[++o]}a!==s?.index&&(i=Te.nextNode(),a++)}return Te.currentNode=le,r}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings===void 0?n._$AI(e[t]):(n._$AI(e,n,t),t+=n.strings.length-2)),t++}},je=class e{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,r){this.type=2,this._$AH=T,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=ke(this,e,t),de(e)?e===T||e==null||e===``?(this._$AH!==T&&this._$AR(),this._$AH=T):e!==this._$AH&&e!==w&&this._(e):e._$litType$===void 0?e.nodeType===void 0?pe(e)?this.k(e):this._(e):this.T(e):this.$(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==T&&de(this._$AH)?this._$AA.nextSibling.data=e:this.T(le.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,r=typeof n==`number`?this._$AC(e):(n.el===void 0&&(n.el=Oe.createElement(Ee(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===r)this._$AH.p(t);else{let e=new Ae(r,this),n=e.u(this.options);e.p(t),this.T(n),this._$AH=e}}_$AC(e){let t=we.get(e.strings);return t===void 0&&we.set(e.strings,t=new Oe(e)),t}k(t){fe(this._$AH)||(this._$AH=[],this._$AR());let n=this._$AH,r,i=0;for(let a of t)i===n.length?n.push(r=new e(this.O(ue()),this.O(ue()),this,this.options)):r=n[i],r._$AI(a),i++;i<n.length&&(this._$AR(r&&r._$AB.nextSibling,i),n.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let t=re(e).nextSibling;re(e).remove(),e=t}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},Me=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,r,i){this.type=1,this._$AH=T,this._$AN=void 0,this.element=e,this.name=t,this._$AM=r,this.options=i,n.length>2||n[0]!==``||n[1]!==``?(this._$AH=Array(n.length-1).fill(new String),this.strings=n):this._$AH=T}_$AI(e,t=this,n,r){let i=this.strings,a=!1;if(i===void 0)e=ke(this,e,t,0),a=!de(e)||e!==this._$AH&&e!==w,a&&(this._$AH=e);else{let r=e,o,s;for(e=i[0],o=0;o<i.length-1;o++)s=ke(this,r[n+o],t,o),s===w&&(s=this._$AH[o]),a||=!de(s)||s!==this._$AH[o],s===T?e=T:e!==T&&(e+=(s??``)+i[o+1]),this._$AH[o]=s}a&&!r&&this.j(e)}j(e){e===T?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??``)}},Ne=class extends Me{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===T?void 0:e}},Pe=class extends Me{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==T)}},Fe=class extends Me{constructor(e,t,n,r,i){super(e,t,n,r,i),this.type=5}_$AI(e,t=this){if((e=ke(this,e,t,0)??T)===w)return;let n=this._$AH,r=e===T&&n!==T||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,i=e!==T&&(n===T||r);r&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH==`function`?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},Ie=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){ke(this,e)}},Le={M:oe,P:S,A:se,C:1,L:De,R:Ae,D:pe,V:ke,I:je,H:Me,N:Pe,U:Fe,B:Ne,F:Ie};(0,ne.litHtmlPolyfillSupport)?.(Oe,je),(ne.litHtmlVersions??=[]).push(`3.3.3`);var Re=(e,t,n)=>{let r=n?.renderBefore??t,i=r._$litPart$;if(i===void 0){let e=n?.renderBefore??null;r._$litPart$=i=new je(t.insertBefore(ue(),e),e,void 0,n??{})}return i._$AI(e),i},ze=globalThis,Be=class extends x{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=Re(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return w}};Be._$litElement$=!0,Be.finalized=!0,ze.litElementHydrateSupport?.({LitElement:Be}),(0,ze.litElementPolyfillSupport)?.({LitElement:Be}),(ze.litElementVersions??=[]).push(`4.2.2`);var Ve=o`
  :host {
    display: inline-flex;
  }

  .badge {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    font-size: max(12px, 0.75em);
    font-weight: var(--sl-font-weight-semibold);
    letter-spacing: var(--sl-letter-spacing-normal);
    line-height: 1;
    border-radius: var(--sl-border-radius-small);
    border: solid 1px var(--sl-color-neutral-0);
    white-space: nowrap;
    padding: 0.35em 0.6em;
    user-select: none;
    -webkit-user-select: none;
    cursor: inherit;
  }

  /* Variant modifiers */
  .badge--primary {
    background-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
  }

  .badge--success {
    background-color: var(--sl-color-success-600);
    color: var(--sl-color-neutral-0);
  }

  .badge--neutral {
    background-color: var(--sl-color-neutral-600);
    color: var(--sl-color-neutral-0);
  }

  .badge--warning {
    background-color: var(--sl-color-warning-600);
    color: var(--sl-color-neutral-0);
  }

  .badge--danger {
    background-color: var(--sl-color-danger-600);
    color: var(--sl-color-neutral-0);
  }

  /* Pill modifier */
  .badge--pill {
    border-radius: var(--sl-border-radius-pill);
  }

  /* Pulse modifier */
  .badge--pulse {
    animation: pulse 1.5s infinite;
  }

  .badge--pulse.badge--primary {
    --pulse-color: var(--sl-color-primary-600);
  }

  .badge--pulse.badge--success {
    --pulse-color: var(--sl-color-success-600);
  }

  .badge--pulse.badge--neutral {
    --pulse-color: var(--sl-color-neutral-600);
  }

  .badge--pulse.badge--warning {
    --pulse-color: var(--sl-color-warning-600);
  }

  .badge--pulse.badge--danger {
    --pulse-color: var(--sl-color-danger-600);
  }

  @keyframes pulse {
    0% {
      box-shadow: 0 0 0 0 var(--pulse-color);
    }
    70% {
      box-shadow: 0 0 0 0.5rem transparent;
    }
    100% {
      box-shadow: 0 0 0 0 transparent;
    }
  }
`,E=o`
  :host {
    box-sizing: border-box;
  }

  :host *,
  :host *::before,
  :host *::after {
    box-sizing: inherit;
  }

  [hidden] {
    display: none !important;
  }
`,He=Object.defineProperty,Ue=Object.defineProperties,We=Object.getOwnPropertyDescriptor,Ge=Object.getOwnPropertyDescriptors,Ke=Object.getOwnPropertySymbols,qe=Object.prototype.hasOwnProperty,Je=Object.prototype.propertyIsEnumerable,Ye=(e,t)=>(t=Symbol[e])?t:Symbol.for(`Symbol.`+e),Xe=e=>{throw TypeError(e)},Ze=(e,t,n)=>t in e?He(e,t,{enumerable:!0,configurable:!0,writable:!0,value:n}):e[t]=n,Qe=(e,t)=>{for(var n in t||={})qe.call(t,n)&&Ze(e,n,t[n]);if(Ke)for(var n of Ke(t))Je.call(t,n)&&Ze(e,n,t[n]);return e},$e=(e,t)=>Ue(e,Ge(t)),D=(e,t,n,r)=>{for(var i=r>1?void 0:r?We(t,n):t,a=e.length-1,o;a>=0;a--)(o=e[a])&&(i=(r?o(t,n,i):o(i))||i);return r&&i&&He(t,n,i),i},et=(e,t,n)=>t.has(e)||Xe(`Cannot `+n),tt=(e,t,n)=>(et(e,t,`read from private field`),n?n.call(e):t.get(e)),nt=(e,t,n)=>t.has(e)?Xe(`Cannot add the same private member more than once`):t instanceof WeakSet?t.add(e):t.set(e,n),rt=(e,t,n,r)=>(et(e,t,`write to private field`),r?r.call(e,n):t.set(e,n),n),it=function(e,t){this[0]=e,this[1]=t},at=e=>{var t=e[Ye(`asyncIterator`)],n=!1,r,i={};return t==null?(t=e[Ye(`iterator`)](),r=e=>i[e]=n=>t[e](n)):(t=t.call(e),r=e=>i[e]=r=>{if(n){if(n=!1,e===`throw`)throw r;return r}return n=!0,{done:!1,value:new it(new Promise(n=>{var i=t[e](r);i instanceof Object||Xe(`Object expected`),n(i)}),1)}}),i[Ye(`iterator`)]=()=>i,r(`next`),`throw`in t?r(`throw`):i.throw=e=>{throw e},`return`in t&&r(`return`),i},ot={attribute:!0,type:String,converter:y,reflect:!1,hasChanged:b},st=(e=ot,t,n)=>{let{kind:r,metadata:i}=n,a=globalThis.litPropertyMetadata.get(i);if(a===void 0&&globalThis.litPropertyMetadata.set(i,a=new Map),r===`setter`&&((e=Object.create(e)).wrapped=!0),a.set(n.name,e),r===`accessor`){let{name:r}=n;return{set(n){let i=t.get.call(this);t.set.call(this,n),this.requestUpdate(r,i,e,!0,n)},init(t){return t!==void 0&&this.C(r,void 0,e,t),t}}}if(r===`setter`){let{name:r}=n;return function(n){let i=this[r];t.call(this,n),this.requestUpdate(r,i,e,!0,n)}}throw Error(`Unsupported decorator location: `+r)};function O(e){return(t,n)=>typeof n==`object`?st(e,t,n):((e,t,n)=>{let r=t.hasOwnProperty(n);return t.constructor.createProperty(n,e),r?Object.getOwnPropertyDescriptor(t,n):void 0})(e,t,n)}function k(e){return O({...e,state:!0,attribute:!1})}var ct=(e,t,n)=>(n.configurable=!0,n.enumerable=!0,Reflect.decorate&&typeof t!=`object`&&Object.defineProperty(e,t,n),n);function A(e,t){return(n,r,i)=>{let a=t=>t.renderRoot?.querySelector(e)??null;if(t){let{get:e,set:t}=typeof r==`object`?n:i??(()=>{let e=Symbol();return{get(){return this[e]},set(t){this[e]=t}}})();return ct(n,r,{get(){let n=e.call(this);return n===void 0&&(n=a(this),(n!==null||this.hasUpdated)&&t.call(this,n)),n}})}return ct(n,r,{get(){return a(this)}})}}var lt,j=class extends Be{constructor(){super(),nt(this,lt,!1),this.initialReflectedProperties=new Map,Object.entries(this.constructor.dependencies).forEach(([e,t])=>{this.constructor.define(e,t)})}emit(e,t){let n=new CustomEvent(e,Qe({bubbles:!0,cancelable:!1,composed:!0,detail:{}},t));return this.dispatchEvent(n),n}static define(e,t=this,n={}){let r=customElements.get(e);if(!r){try{customElements.define(e,t,n)}catch{customElements.define(e,class extends t{},n)}return}let i=` (unknown version)`,a=i;`version`in t&&t.version&&(i=` v`+t.version),`version`in r&&r.version&&(a=` v`+r.version),i&&a&&i===a||console.warn(`Attempted to register <${e}>${i}, but <${e}>${a} has already been registered.`)}attributeChangedCallback(e,t,n){tt(this,lt)||(this.constructor.elementProperties.forEach((e,t)=>{e.reflect&&this[t]!=null&&this.initialReflectedProperties.set(t,this[t])}),rt(this,lt,!0)),super.attributeChangedCallback(e,t,n)}willUpdate(e){super.willUpdate(e),this.initialReflectedProperties.forEach((t,n)=>{e.has(n)&&this[n]==null&&(this[n]=t)})}};lt=new WeakMap,j.version=`2.20.1`,j.dependencies={},D([O()],j.prototype,`dir`,2),D([O()],j.prototype,`lang`,2);var ut={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},dt=e=>(...t)=>({_$litDirective$:e,values:t}),ft=class{constructor(e){}get _$AU(){return this._$AM._$AU}_$AT(e,t,n){this._$Ct=e,this._$AM=t,this._$Ci=n}_$AS(e,t){return this.update(e,t)}update(e,t){return this.render(...t)}},M=dt(class extends ft{constructor(e){if(super(e),e.type!==ut.ATTRIBUTE||e.name!==`class`||e.strings?.length>2)throw Error("`classMap()` can only be used in the `class` attribute and must be the only part in the attribute.")}render(e){return` `+Object.keys(e).filter(t=>e[t]).join(` `)+` `}update(e,[t]){if(this.st===void 0){this.st=new Set,e.strings!==void 0&&(this.nt=new Set(e.strings.join(` `).split(/\s/).filter(e=>e!==``)));for(let e in t)t[e]&&!this.nt?.has(e)&&this.st.add(e);return this.render(t)}let n=e.element.classList;for(let e of this.st)e in t||(n.remove(e),this.st.delete(e));for(let e in t){let r=!!t[e];r===this.st.has(e)||this.nt?.has(e)||(r?(n.add(e),this.st.add(e)):(n.remove(e),this.st.delete(e)))}return w}}),pt=class extends j{constructor(){super(...arguments),this.variant=`primary`,this.pill=!1,this.pulse=!1}render(){return C`
      <span
        part="base"
        class=${M({badge:!0,"badge--primary":this.variant===`primary`,"badge--success":this.variant===`success`,"badge--neutral":this.variant===`neutral`,"badge--warning":this.variant===`warning`,"badge--danger":this.variant===`danger`,"badge--pill":this.pill,"badge--pulse":this.pulse})}
        role="status"
      >
        <slot></slot>
      </span>
    `}};pt.styles=[E,Ve],D([O({reflect:!0})],pt.prototype,`variant`,2),D([O({type:Boolean,reflect:!0})],pt.prototype,`pill`,2),D([O({type:Boolean,reflect:!0})],pt.prototype,`pulse`,2),pt.define(`sl-badge`);var mt=o`
  :host {
    --track-width: 2px;
    --track-color: rgb(128 128 128 / 25%);
    --indicator-color: var(--sl-color-primary-600);
    --speed: 2s;

    display: inline-flex;
    width: 1em;
    height: 1em;
    flex: none;
  }

  .spinner {
    flex: 1 1 auto;
    height: 100%;
    width: 100%;
  }

  .spinner__track,
  .spinner__indicator {
    fill: none;
    stroke-width: var(--track-width);
    r: calc(0.5em - var(--track-width) / 2);
    cx: 0.5em;
    cy: 0.5em;
    transform-origin: 50% 50%;
  }

  .spinner__track {
    stroke: var(--track-color);
    transform-origin: 0% 0%;
  }

  .spinner__indicator {
    stroke: var(--indicator-color);
    stroke-linecap: round;
    stroke-dasharray: 150% 75%;
    animation: spin var(--speed) linear infinite;
  }

  @keyframes spin {
    0% {
      transform: rotate(0deg);
      stroke-dasharray: 0.05em, 3em;
    }

    50% {
      transform: rotate(450deg);
      stroke-dasharray: 1.375em, 1.375em;
    }

    100% {
      transform: rotate(1080deg);
      stroke-dasharray: 0.05em, 3em;
    }
  }
`,ht=new Set,gt=new Map,_t,vt=`ltr`,yt=`en`,bt=typeof MutationObserver<`u`&&typeof document<`u`&&document.documentElement!==void 0;if(bt){let e=new MutationObserver(St);vt=document.documentElement.dir||`ltr`,yt=document.documentElement.lang||navigator.language,e.observe(document.documentElement,{attributes:!0,attributeFilter:[`dir`,`lang`]})}function xt(...e){e.map(e=>{let t=e.$code.toLowerCase();gt.has(t)?gt.set(t,Object.assign(Object.assign({},gt.get(t)),e)):gt.set(t,e),_t||=e}),St()}function St(){bt&&(vt=document.documentElement.dir||`ltr`,yt=document.documentElement.lang||navigator.language),[...ht.keys()].map(e=>{typeof e.requestUpdate==`function`&&e.requestUpdate()})}var Ct=class{constructor(e){this.host=e,this.host.addController(this)}hostConnected(){ht.add(this.host)}hostDisconnected(){ht.delete(this.host)}dir(){return`${this.host.dir||vt}`.toLowerCase()}lang(){let e=`${this.host.lang||yt}`.toLowerCase().replace(/_/g,`-`);try{return new Intl.Locale(e),e}catch{return _t?_t.$code.toLowerCase():`en`}}getTranslationData(e){let t;try{t=new Intl.Locale(e.replace(/_/g,`-`))}catch{return{locale:void 0,language:``,region:``,primary:void 0,secondary:void 0}}let n=t.language.toLowerCase(),r=t.region?.toLowerCase()??``,i=gt.get(`${n}-${r}`),a=gt.get(n);return{locale:t,language:n,region:r,primary:i,secondary:a}}exists(e,t){let{primary:n,secondary:r}=this.getTranslationData(t.lang??this.lang());return t=Object.assign({includeFallback:!1},t),!!(n&&n[e]||r&&r[e]||t.includeFallback&&_t&&_t[e])}term(e,...t){let{primary:n,secondary:r}=this.getTranslationData(this.lang()),i;if(n&&n[e])i=n[e];else if(r&&r[e])i=r[e];else if(_t&&_t[e])i=_t[e];else return console.error(`No translation found for: ${String(e)}`),String(e);return typeof i==`function`?i(...t):i}date(e,t){return e=new Date(e),new Intl.DateTimeFormat(this.lang(),t).format(e)}number(e,t){return e=Number(e),isNaN(e)?``:new Intl.NumberFormat(this.lang(),t).format(e)}relativeTime(e,t,n){return new Intl.RelativeTimeFormat(this.lang(),n).format(e,t)}},wt={$code:`en`,$name:`English`,$dir:`ltr`,carousel:`Carousel`,clearEntry:`Clear entry`,close:`Close`,copied:`Copied`,copy:`Copy`,currentValue:`Current value`,error:`Error`,goToSlide:(e,t)=>`Go to slide ${e} of ${t}`,hidePassword:`Hide password`,loading:`Loading`,nextSlide:`Next slide`,numOptionsSelected:e=>e===0?`No options selected`:e===1?`1 option selected`:`${e} options selected`,previousSlide:`Previous slide`,progress:`Progress`,remove:`Remove`,resize:`Resize`,scrollToEnd:`Scroll to end`,scrollToStart:`Scroll to start`,selectAColorFromTheScreen:`Select a color from the screen`,showPassword:`Show password`,slideNum:e=>`Slide ${e}`,toggleColorFormat:`Toggle color format`};xt(wt);var Tt=wt,Et=class extends Ct{};xt(Tt);var Dt=class extends j{constructor(){super(...arguments),this.localize=new Et(this)}render(){return C`
      <svg part="base" class="spinner" role="progressbar" aria-label=${this.localize.term(`loading`)}>
        <circle class="spinner__track"></circle>
        <circle class="spinner__indicator"></circle>
      </svg>
    `}};Dt.styles=[E,mt];var Ot=new WeakMap,kt=new WeakMap,At=new WeakMap,jt=new WeakSet,Mt=new WeakMap,Nt=class{constructor(e,t){this.handleFormData=e=>{let t=this.options.disabled(this.host),n=this.options.name(this.host),r=this.options.value(this.host),i=this.host.tagName.toLowerCase()===`sl-button`;this.host.isConnected&&!t&&!i&&typeof n==`string`&&n.length>0&&r!==void 0&&(Array.isArray(r)?r.forEach(t=>{e.formData.append(n,t.toString())}):e.formData.append(n,r.toString()))},this.handleFormSubmit=e=>{var t;let n=this.options.disabled(this.host),r=this.options.reportValidity;this.form&&!this.form.noValidate&&((t=Ot.get(this.form))==null||t.forEach(e=>{this.setUserInteracted(e,!0)})),this.form&&!this.form.noValidate&&!n&&!r(this.host)&&(e.preventDefault(),e.stopImmediatePropagation())},this.handleFormReset=()=>{this.options.setValue(this.host,this.options.defaultValue(this.host)),this.setUserInteracted(this.host,!1),Mt.set(this.host,[])},this.handleInteraction=e=>{let t=Mt.get(this.host);t.includes(e.type)||t.push(e.type),t.length===this.options.assumeInteractionOn.length&&this.setUserInteracted(this.host,!0)},this.checkFormValidity=()=>{if(this.form&&!this.form.noValidate){let e=this.form.querySelectorAll(`*`);for(let t of e)if(typeof t.checkValidity==`function`&&!t.checkValidity())return!1}return!0},this.reportFormValidity=()=>{if(this.form&&!this.form.noValidate){let e=this.form.querySelectorAll(`*`);for(let t of e)if(typeof t.reportValidity==`function`&&!t.reportValidity())return!1}return!0},(this.host=e).addController(this),this.options=Qe({form:e=>{let t=e.form;if(t){let n=e.getRootNode().querySelector(`#${t}`);if(n)return n}return e.closest(`form`)},name:e=>e.name,value:e=>e.value,defaultValue:e=>e.defaultValue,disabled:e=>e.disabled??!1,reportValidity:e=>typeof e.reportValidity!=`function`||e.reportValidity(),checkValidity:e=>typeof e.checkValidity!=`function`||e.checkValidity(),setValue:(e,t)=>e.value=t,assumeInteractionOn:[`sl-input`]},t)}hostConnected(){let e=this.options.form(this.host);e&&this.attachForm(e),Mt.set(this.host,[]),this.options.assumeInteractionOn.forEach(e=>{this.host.addEventListener(e,this.handleInteraction)})}hostDisconnected(){this.detachForm(),Mt.delete(this.host),this.options.assumeInteractionOn.forEach(e=>{this.host.removeEventListener(e,this.handleInteraction)})}hostUpdated(){let e=this.options.form(this.host);e||this.detachForm(),e&&this.form!==e&&(this.detachForm(),this.attachForm(e)),this.host.hasUpdated&&this.setValidity(this.host.validity.valid)}attachForm(e){e?(this.form=e,Ot.has(this.form)?Ot.get(this.form).add(this.host):Ot.set(this.form,new Set([this.host])),this.form.addEventListener(`formdata`,this.handleFormData),this.form.addEventListener(`submit`,this.handleFormSubmit),this.form.addEventListener(`reset`,this.handleFormReset),kt.has(this.form)||(kt.set(this.form,this.form.reportValidity),this.form.reportValidity=()=>this.reportFormValidity()),At.has(this.form)||(At.set(this.form,this.form.checkValidity),this.form.checkValidity=()=>this.checkFormValidity())):this.form=void 0}detachForm(){if(!this.form)return;let e=Ot.get(this.form);e&&(e.delete(this.host),e.size<=0&&(this.form.removeEventListener(`formdata`,this.handleFormData),this.form.removeEventListener(`submit`,this.handleFormSubmit),this.form.removeEventListener(`reset`,this.handleFormReset),kt.has(this.form)&&(this.form.reportValidity=kt.get(this.form),kt.delete(this.form)),At.has(this.form)&&(this.form.checkValidity=At.get(this.form),At.delete(this.form)),this.form=void 0))}setUserInteracted(e,t){t?jt.add(e):jt.delete(e),e.requestUpdate()}doAction(e,t){if(this.form){let n=document.createElement(`button`);n.type=e,n.style.position=`absolute`,n.style.width=`0`,n.style.height=`0`,n.style.clipPath=`inset(50%)`,n.style.overflow=`hidden`,n.style.whiteSpace=`nowrap`,t&&(n.name=t.name,n.value=t.value,[`formaction`,`formenctype`,`formmethod`,`formnovalidate`,`formtarget`].forEach(e=>{t.hasAttribute(e)&&n.setAttribute(e,t.getAttribute(e))})),this.form.append(n),n.click(),n.remove()}}getForm(){return this.form??null}reset(e){this.doAction(`reset`,e)}submit(e){this.doAction(`submit`,e)}setValidity(e){let t=this.host,n=!!jt.has(t),r=!!t.required;t.toggleAttribute(`data-required`,r),t.toggleAttribute(`data-optional`,!r),t.toggleAttribute(`data-invalid`,!e),t.toggleAttribute(`data-valid`,e),t.toggleAttribute(`data-user-invalid`,!e&&n),t.toggleAttribute(`data-user-valid`,e&&n)}updateValidity(){let e=this.host;this.setValidity(e.validity.valid)}emitInvalidEvent(e){let t=new CustomEvent(`sl-invalid`,{bubbles:!1,composed:!1,cancelable:!0,detail:{}});e||t.preventDefault(),this.host.dispatchEvent(t)||e?.preventDefault()}},Pt=Object.freeze({badInput:!1,customError:!1,patternMismatch:!1,rangeOverflow:!1,rangeUnderflow:!1,stepMismatch:!1,tooLong:!1,tooShort:!1,typeMismatch:!1,valid:!0,valueMissing:!1});Object.freeze($e(Qe({},Pt),{valid:!1,valueMissing:!0})),Object.freeze($e(Qe({},Pt),{valid:!1,customError:!0}));var Ft=o`
  :host {
    display: inline-block;
    position: relative;
    width: auto;
    cursor: pointer;
  }

  .button {
    display: inline-flex;
    align-items: stretch;
    justify-content: center;
    width: 100%;
    border-style: solid;
    border-width: var(--sl-input-border-width);
    font-family: var(--sl-input-font-family);
    font-weight: var(--sl-font-weight-semibold);
    text-decoration: none;
    user-select: none;
    -webkit-user-select: none;
    white-space: nowrap;
    vertical-align: middle;
    padding: 0;
    transition:
      var(--sl-transition-x-fast) background-color,
      var(--sl-transition-x-fast) color,
      var(--sl-transition-x-fast) border,
      var(--sl-transition-x-fast) box-shadow;
    cursor: inherit;
  }

  .button::-moz-focus-inner {
    border: 0;
  }

  .button:focus {
    outline: none;
  }

  .button:focus-visible {
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  .button--disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  /* When disabled, prevent mouse events from bubbling up from children */
  .button--disabled * {
    pointer-events: none;
  }

  .button__prefix,
  .button__suffix {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    pointer-events: none;
  }

  .button__label {
    display: inline-block;
  }

  .button__label::slotted(sl-icon) {
    vertical-align: -2px;
  }

  /*
   * Standard buttons
   */

  /* Default */
  .button--standard.button--default {
    background-color: var(--sl-color-neutral-0);
    border-color: var(--sl-input-border-color);
    color: var(--sl-color-neutral-700);
  }

  .button--standard.button--default:hover:not(.button--disabled) {
    background-color: var(--sl-color-primary-50);
    border-color: var(--sl-color-primary-300);
    color: var(--sl-color-primary-700);
  }

  .button--standard.button--default:active:not(.button--disabled) {
    background-color: var(--sl-color-primary-100);
    border-color: var(--sl-color-primary-400);
    color: var(--sl-color-primary-700);
  }

  /* Primary */
  .button--standard.button--primary {
    background-color: var(--sl-color-primary-600);
    border-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--primary:hover:not(.button--disabled) {
    background-color: var(--sl-color-primary-500);
    border-color: var(--sl-color-primary-500);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--primary:active:not(.button--disabled) {
    background-color: var(--sl-color-primary-600);
    border-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
  }

  /* Success */
  .button--standard.button--success {
    background-color: var(--sl-color-success-600);
    border-color: var(--sl-color-success-600);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--success:hover:not(.button--disabled) {
    background-color: var(--sl-color-success-500);
    border-color: var(--sl-color-success-500);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--success:active:not(.button--disabled) {
    background-color: var(--sl-color-success-600);
    border-color: var(--sl-color-success-600);
    color: var(--sl-color-neutral-0);
  }

  /* Neutral */
  .button--standard.button--neutral {
    background-color: var(--sl-color-neutral-600);
    border-color: var(--sl-color-neutral-600);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--neutral:hover:not(.button--disabled) {
    background-color: var(--sl-color-neutral-500);
    border-color: var(--sl-color-neutral-500);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--neutral:active:not(.button--disabled) {
    background-color: var(--sl-color-neutral-600);
    border-color: var(--sl-color-neutral-600);
    color: var(--sl-color-neutral-0);
  }

  /* Warning */
  .button--standard.button--warning {
    background-color: var(--sl-color-warning-600);
    border-color: var(--sl-color-warning-600);
    color: var(--sl-color-neutral-0);
  }
  .button--standard.button--warning:hover:not(.button--disabled) {
    background-color: var(--sl-color-warning-500);
    border-color: var(--sl-color-warning-500);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--warning:active:not(.button--disabled) {
    background-color: var(--sl-color-warning-600);
    border-color: var(--sl-color-warning-600);
    color: var(--sl-color-neutral-0);
  }

  /* Danger */
  .button--standard.button--danger {
    background-color: var(--sl-color-danger-600);
    border-color: var(--sl-color-danger-600);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--danger:hover:not(.button--disabled) {
    background-color: var(--sl-color-danger-500);
    border-color: var(--sl-color-danger-500);
    color: var(--sl-color-neutral-0);
  }

  .button--standard.button--danger:active:not(.button--disabled) {
    background-color: var(--sl-color-danger-600);
    border-color: var(--sl-color-danger-600);
    color: var(--sl-color-neutral-0);
  }

  /*
   * Outline buttons
   */

  .button--outline {
    background: none;
    border: solid 1px;
  }

  /* Default */
  .button--outline.button--default {
    border-color: var(--sl-input-border-color);
    color: var(--sl-color-neutral-700);
  }

  .button--outline.button--default:hover:not(.button--disabled),
  .button--outline.button--default.button--checked:not(.button--disabled) {
    border-color: var(--sl-color-primary-600);
    background-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--default:active:not(.button--disabled) {
    border-color: var(--sl-color-primary-700);
    background-color: var(--sl-color-primary-700);
    color: var(--sl-color-neutral-0);
  }

  /* Primary */
  .button--outline.button--primary {
    border-color: var(--sl-color-primary-600);
    color: var(--sl-color-primary-600);
  }

  .button--outline.button--primary:hover:not(.button--disabled),
  .button--outline.button--primary.button--checked:not(.button--disabled) {
    background-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--primary:active:not(.button--disabled) {
    border-color: var(--sl-color-primary-700);
    background-color: var(--sl-color-primary-700);
    color: var(--sl-color-neutral-0);
  }

  /* Success */
  .button--outline.button--success {
    border-color: var(--sl-color-success-600);
    color: var(--sl-color-success-600);
  }

  .button--outline.button--success:hover:not(.button--disabled),
  .button--outline.button--success.button--checked:not(.button--disabled) {
    background-color: var(--sl-color-success-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--success:active:not(.button--disabled) {
    border-color: var(--sl-color-success-700);
    background-color: var(--sl-color-success-700);
    color: var(--sl-color-neutral-0);
  }

  /* Neutral */
  .button--outline.button--neutral {
    border-color: var(--sl-color-neutral-600);
    color: var(--sl-color-neutral-600);
  }

  .button--outline.button--neutral:hover:not(.button--disabled),
  .button--outline.button--neutral.button--checked:not(.button--disabled) {
    background-color: var(--sl-color-neutral-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--neutral:active:not(.button--disabled) {
    border-color: var(--sl-color-neutral-700);
    background-color: var(--sl-color-neutral-700);
    color: var(--sl-color-neutral-0);
  }

  /* Warning */
  .button--outline.button--warning {
    border-color: var(--sl-color-warning-600);
    color: var(--sl-color-warning-600);
  }

  .button--outline.button--warning:hover:not(.button--disabled),
  .button--outline.button--warning.button--checked:not(.button--disabled) {
    background-color: var(--sl-color-warning-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--warning:active:not(.button--disabled) {
    border-color: var(--sl-color-warning-700);
    background-color: var(--sl-color-warning-700);
    color: var(--sl-color-neutral-0);
  }

  /* Danger */
  .button--outline.button--danger {
    border-color: var(--sl-color-danger-600);
    color: var(--sl-color-danger-600);
  }

  .button--outline.button--danger:hover:not(.button--disabled),
  .button--outline.button--danger.button--checked:not(.button--disabled) {
    background-color: var(--sl-color-danger-600);
    color: var(--sl-color-neutral-0);
  }

  .button--outline.button--danger:active:not(.button--disabled) {
    border-color: var(--sl-color-danger-700);
    background-color: var(--sl-color-danger-700);
    color: var(--sl-color-neutral-0);
  }

  @media (forced-colors: active) {
    .button.button--outline.button--checked:not(.button--disabled) {
      outline: solid 2px transparent;
    }
  }

  /*
   * Text buttons
   */

  .button--text {
    background-color: transparent;
    border-color: transparent;
    color: var(--sl-color-primary-600);
  }

  .button--text:hover:not(.button--disabled) {
    background-color: transparent;
    border-color: transparent;
    color: var(--sl-color-primary-500);
  }

  .button--text:focus-visible:not(.button--disabled) {
    background-color: transparent;
    border-color: transparent;
    color: var(--sl-color-primary-500);
  }

  .button--text:active:not(.button--disabled) {
    background-color: transparent;
    border-color: transparent;
    color: var(--sl-color-primary-700);
  }

  /*
   * Size modifiers
   */

  .button--small {
    height: auto;
    min-height: var(--sl-input-height-small);
    font-size: var(--sl-button-font-size-small);
    line-height: calc(var(--sl-input-height-small) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-small);
  }

  .button--medium {
    height: auto;
    min-height: var(--sl-input-height-medium);
    font-size: var(--sl-button-font-size-medium);
    line-height: calc(var(--sl-input-height-medium) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-medium);
  }

  .button--large {
    height: auto;
    min-height: var(--sl-input-height-large);
    font-size: var(--sl-button-font-size-large);
    line-height: calc(var(--sl-input-height-large) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-large);
  }

  /*
   * Pill modifier
   */

  .button--pill.button--small {
    border-radius: var(--sl-input-height-small);
  }

  .button--pill.button--medium {
    border-radius: var(--sl-input-height-medium);
  }

  .button--pill.button--large {
    border-radius: var(--sl-input-height-large);
  }

  /*
   * Circle modifier
   */

  .button--circle {
    padding-left: 0;
    padding-right: 0;
  }

  .button--circle.button--small {
    width: var(--sl-input-height-small);
    border-radius: 50%;
  }

  .button--circle.button--medium {
    width: var(--sl-input-height-medium);
    border-radius: 50%;
  }

  .button--circle.button--large {
    width: var(--sl-input-height-large);
    border-radius: 50%;
  }

  .button--circle .button__prefix,
  .button--circle .button__suffix,
  .button--circle .button__caret {
    display: none;
  }

  /*
   * Caret modifier
   */

  .button--caret .button__suffix {
    display: none;
  }

  .button--caret .button__caret {
    height: auto;
  }

  /*
   * Loading modifier
   */

  .button--loading {
    position: relative;
    cursor: wait;
  }

  .button--loading .button__prefix,
  .button--loading .button__label,
  .button--loading .button__suffix,
  .button--loading .button__caret {
    visibility: hidden;
  }

  .button--loading sl-spinner {
    --indicator-color: currentColor;
    position: absolute;
    font-size: 1em;
    height: 1em;
    width: 1em;
    top: calc(50% - 0.5em);
    left: calc(50% - 0.5em);
  }

  /*
   * Badges
   */

  .button ::slotted(sl-badge) {
    position: absolute;
    top: 0;
    right: 0;
    translate: 50% -50%;
    pointer-events: none;
  }

  .button--rtl ::slotted(sl-badge) {
    right: auto;
    left: 0;
    translate: -50% -50%;
  }

  /*
   * Button spacing
   */

  .button--has-label.button--small .button__label {
    padding: 0 var(--sl-spacing-small);
  }

  .button--has-label.button--medium .button__label {
    padding: 0 var(--sl-spacing-medium);
  }

  .button--has-label.button--large .button__label {
    padding: 0 var(--sl-spacing-large);
  }

  .button--has-prefix.button--small {
    padding-inline-start: var(--sl-spacing-x-small);
  }

  .button--has-prefix.button--small .button__label {
    padding-inline-start: var(--sl-spacing-x-small);
  }

  .button--has-prefix.button--medium {
    padding-inline-start: var(--sl-spacing-small);
  }

  .button--has-prefix.button--medium .button__label {
    padding-inline-start: var(--sl-spacing-small);
  }

  .button--has-prefix.button--large {
    padding-inline-start: var(--sl-spacing-small);
  }

  .button--has-prefix.button--large .button__label {
    padding-inline-start: var(--sl-spacing-small);
  }

  .button--has-suffix.button--small,
  .button--caret.button--small {
    padding-inline-end: var(--sl-spacing-x-small);
  }

  .button--has-suffix.button--small .button__label,
  .button--caret.button--small .button__label {
    padding-inline-end: var(--sl-spacing-x-small);
  }

  .button--has-suffix.button--medium,
  .button--caret.button--medium {
    padding-inline-end: var(--sl-spacing-small);
  }

  .button--has-suffix.button--medium .button__label,
  .button--caret.button--medium .button__label {
    padding-inline-end: var(--sl-spacing-small);
  }

  .button--has-suffix.button--large,
  .button--caret.button--large {
    padding-inline-end: var(--sl-spacing-small);
  }

  .button--has-suffix.button--large .button__label,
  .button--caret.button--large .button__label {
    padding-inline-end: var(--sl-spacing-small);
  }

  /*
   * Button groups support a variety of button types (e.g. buttons with tooltips, buttons as dropdown triggers, etc.).
   * This means buttons aren't always direct descendants of the button group, thus we can't target them with the
   * ::slotted selector. To work around this, the button group component does some magic to add these special classes to
   * buttons and we style them here instead.
   */

  :host([data-sl-button-group__button--first]:not([data-sl-button-group__button--last])) .button {
    border-start-end-radius: 0;
    border-end-end-radius: 0;
  }

  :host([data-sl-button-group__button--inner]) .button {
    border-radius: 0;
  }

  :host([data-sl-button-group__button--last]:not([data-sl-button-group__button--first])) .button {
    border-start-start-radius: 0;
    border-end-start-radius: 0;
  }

  /* All except the first */
  :host([data-sl-button-group__button]:not([data-sl-button-group__button--first])) {
    margin-inline-start: calc(-1 * var(--sl-input-border-width));
  }

  /* Add a visual separator between solid buttons */
  :host(
      [data-sl-button-group__button]:not(
          [data-sl-button-group__button--first],
          [data-sl-button-group__button--radio],
          [variant='default']
        ):not(:hover)
    )
    .button:after {
    content: '';
    position: absolute;
    top: 0;
    inset-inline-start: 0;
    bottom: 0;
    border-left: solid 1px rgb(128 128 128 / 33%);
    mix-blend-mode: multiply;
  }

  /* Bump hovered, focused, and checked buttons up so their focus ring isn't clipped */
  :host([data-sl-button-group__button--hover]) {
    z-index: 1;
  }

  /* Focus and checked are always on top */
  :host([data-sl-button-group__button--focus]),
  :host([data-sl-button-group__button][checked]) {
    z-index: 2;
  }
`,It=class{constructor(e,...t){this.slotNames=[],this.handleSlotChange=e=>{let t=e.target;(this.slotNames.includes(`[default]`)&&!t.name||t.name&&this.slotNames.includes(t.name))&&this.host.requestUpdate()},(this.host=e).addController(this),this.slotNames=t}hasDefaultSlot(){return[...this.host.childNodes].some(e=>{if(e.nodeType===e.TEXT_NODE&&e.textContent.trim()!==``)return!0;if(e.nodeType===e.ELEMENT_NODE){let t=e;if(t.tagName.toLowerCase()===`sl-visually-hidden`)return!1;if(!t.hasAttribute(`slot`))return!0}return!1})}hasNamedSlot(e){return this.host.querySelector(`:scope > [slot="${e}"]`)!==null}test(e){return e===`[default]`?this.hasDefaultSlot():this.hasNamedSlot(e)}hostConnected(){this.host.shadowRoot.addEventListener(`slotchange`,this.handleSlotChange)}hostDisconnected(){this.host.shadowRoot.removeEventListener(`slotchange`,this.handleSlotChange)}};function Lt(e){if(!e)return``;let t=e.assignedNodes({flatten:!0}),n=``;return[...t].forEach(e=>{e.nodeType===Node.TEXT_NODE&&(n+=e.textContent)}),n}var Rt=``;function zt(e){Rt=e}function Bt(e=``){if(!Rt){let e=[...document.getElementsByTagName(`script`)],t=e.find(e=>e.hasAttribute(`data-shoelace`));if(t)zt(t.getAttribute(`data-shoelace`));else{let t=e.find(e=>/shoelace(\.min)?\.js($|\?)/.test(e.src)||/shoelace-autoloader(\.min)?\.js($|\?)/.test(e.src)),n=``;t&&(n=t.getAttribute(`src`)),zt(n.split(`/`).slice(0,-1).join(`/`))}}return Rt.replace(/\/$/,``)+(e?`/${e.replace(/^\//,``)}`:``)}var Vt={name:`default`,resolver:e=>Bt(`assets/icons/${e}.svg`)},Ht={caret:`
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <polyline points="6 9 12 15 18 9"></polyline>
    </svg>
  `,check:`
    <svg part="checked-icon" class="checkbox__icon" viewBox="0 0 16 16">
      <g stroke="none" stroke-width="1" fill="none" fill-rule="evenodd" stroke-linecap="round">
        <g stroke="currentColor">
          <g transform="translate(3.428571, 3.428571)">
            <path d="M0,5.71428571 L3.42857143,9.14285714"></path>
            <path d="M9.14285714,0 L3.42857143,9.14285714"></path>
          </g>
        </g>
      </g>
    </svg>
  `,"chevron-down":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-chevron-down" viewBox="0 0 16 16">
      <path fill-rule="evenodd" d="M1.646 4.646a.5.5 0 0 1 .708 0L8 10.293l5.646-5.647a.5.5 0 0 1 .708.708l-6 6a.5.5 0 0 1-.708 0l-6-6a.5.5 0 0 1 0-.708z"/>
    </svg>
  `,"chevron-left":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-chevron-left" viewBox="0 0 16 16">
      <path fill-rule="evenodd" d="M11.354 1.646a.5.5 0 0 1 0 .708L5.707 8l5.647 5.646a.5.5 0 0 1-.708.708l-6-6a.5.5 0 0 1 0-.708l6-6a.5.5 0 0 1 .708 0z"/>
    </svg>
  `,"chevron-right":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-chevron-right" viewBox="0 0 16 16">
      <path fill-rule="evenodd" d="M4.646 1.646a.5.5 0 0 1 .708 0l6 6a.5.5 0 0 1 0 .708l-6 6a.5.5 0 0 1-.708-.708L10.293 8 4.646 2.354a.5.5 0 0 1 0-.708z"/>
    </svg>
  `,copy:`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-copy" viewBox="0 0 16 16">
      <path fill-rule="evenodd" d="M4 2a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V2Zm2-1a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V2a1 1 0 0 0-1-1H6ZM2 5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-1h1v1a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h1v1H2Z"/>
    </svg>
  `,eye:`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-eye" viewBox="0 0 16 16">
      <path d="M16 8s-3-5.5-8-5.5S0 8 0 8s3 5.5 8 5.5S16 8 16 8zM1.173 8a13.133 13.133 0 0 1 1.66-2.043C4.12 4.668 5.88 3.5 8 3.5c2.12 0 3.879 1.168 5.168 2.457A13.133 13.133 0 0 1 14.828 8c-.058.087-.122.183-.195.288-.335.48-.83 1.12-1.465 1.755C11.879 11.332 10.119 12.5 8 12.5c-2.12 0-3.879-1.168-5.168-2.457A13.134 13.134 0 0 1 1.172 8z"/>
      <path d="M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM4.5 8a3.5 3.5 0 1 1 7 0 3.5 3.5 0 0 1-7 0z"/>
    </svg>
  `,"eye-slash":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-eye-slash" viewBox="0 0 16 16">
      <path d="M13.359 11.238C15.06 9.72 16 8 16 8s-3-5.5-8-5.5a7.028 7.028 0 0 0-2.79.588l.77.771A5.944 5.944 0 0 1 8 3.5c2.12 0 3.879 1.168 5.168 2.457A13.134 13.134 0 0 1 14.828 8c-.058.087-.122.183-.195.288-.335.48-.83 1.12-1.465 1.755-.165.165-.337.328-.517.486l.708.709z"/>
      <path d="M11.297 9.176a3.5 3.5 0 0 0-4.474-4.474l.823.823a2.5 2.5 0 0 1 2.829 2.829l.822.822zm-2.943 1.299.822.822a3.5 3.5 0 0 1-4.474-4.474l.823.823a2.5 2.5 0 0 0 2.829 2.829z"/>
      <path d="M3.35 5.47c-.18.16-.353.322-.518.487A13.134 13.134 0 0 0 1.172 8l.195.288c.335.48.83 1.12 1.465 1.755C4.121 11.332 5.881 12.5 8 12.5c.716 0 1.39-.133 2.02-.36l.77.772A7.029 7.029 0 0 1 8 13.5C3 13.5 0 8 0 8s.939-1.721 2.641-3.238l.708.709zm10.296 8.884-12-12 .708-.708 12 12-.708.708z"/>
    </svg>
  `,eyedropper:`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-eyedropper" viewBox="0 0 16 16">
      <path d="M13.354.646a1.207 1.207 0 0 0-1.708 0L8.5 3.793l-.646-.647a.5.5 0 1 0-.708.708L8.293 5l-7.147 7.146A.5.5 0 0 0 1 12.5v1.793l-.854.853a.5.5 0 1 0 .708.707L1.707 15H3.5a.5.5 0 0 0 .354-.146L11 7.707l1.146 1.147a.5.5 0 0 0 .708-.708l-.647-.646 3.147-3.146a1.207 1.207 0 0 0 0-1.708l-2-2zM2 12.707l7-7L10.293 7l-7 7H2v-1.293z"></path>
    </svg>
  `,"grip-vertical":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-grip-vertical" viewBox="0 0 16 16">
      <path d="M7 2a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm3 0a1 1 0 1 1-2 0 1 1 0 0 1 2 0zM7 5a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm3 0a1 1 0 1 1-2 0 1 1 0 0 1 2 0zM7 8a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm3 0a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm-3 3a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm3 0a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm-3 3a1 1 0 1 1-2 0 1 1 0 0 1 2 0zm3 0a1 1 0 1 1-2 0 1 1 0 0 1 2 0z"></path>
    </svg>
  `,indeterminate:`
    <svg part="indeterminate-icon" class="checkbox__icon" viewBox="0 0 16 16">
      <g stroke="none" stroke-width="1" fill="none" fill-rule="evenodd" stroke-linecap="round">
        <g stroke="currentColor" stroke-width="2">
          <g transform="translate(2.285714, 6.857143)">
            <path d="M10.2857143,1.14285714 L1.14285714,1.14285714"></path>
          </g>
        </g>
      </g>
    </svg>
  `,"person-fill":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-person-fill" viewBox="0 0 16 16">
      <path d="M3 14s-1 0-1-1 1-4 6-4 6 3 6 4-1 1-1 1H3zm5-6a3 3 0 1 0 0-6 3 3 0 0 0 0 6z"/>
    </svg>
  `,"play-fill":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-play-fill" viewBox="0 0 16 16">
      <path d="m11.596 8.697-6.363 3.692c-.54.313-1.233-.066-1.233-.697V4.308c0-.63.692-1.01 1.233-.696l6.363 3.692a.802.802 0 0 1 0 1.393z"></path>
    </svg>
  `,"pause-fill":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-pause-fill" viewBox="0 0 16 16">
      <path d="M5.5 3.5A1.5 1.5 0 0 1 7 5v6a1.5 1.5 0 0 1-3 0V5a1.5 1.5 0 0 1 1.5-1.5zm5 0A1.5 1.5 0 0 1 12 5v6a1.5 1.5 0 0 1-3 0V5a1.5 1.5 0 0 1 1.5-1.5z"></path>
    </svg>
  `,radio:`
    <svg part="checked-icon" class="radio__icon" viewBox="0 0 16 16">
      <g stroke="none" stroke-width="1" fill="none" fill-rule="evenodd">
        <g fill="currentColor">
          <circle cx="8" cy="8" r="3.42857143"></circle>
        </g>
      </g>
    </svg>
  `,"star-fill":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-star-fill" viewBox="0 0 16 16">
      <path d="M3.612 15.443c-.386.198-.824-.149-.746-.592l.83-4.73L.173 6.765c-.329-.314-.158-.888.283-.95l4.898-.696L7.538.792c.197-.39.73-.39.927 0l2.184 4.327 4.898.696c.441.062.612.636.282.95l-3.522 3.356.83 4.73c.078.443-.36.79-.746.592L8 13.187l-4.389 2.256z"/>
    </svg>
  `,"x-lg":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-x-lg" viewBox="0 0 16 16">
      <path d="M2.146 2.854a.5.5 0 1 1 .708-.708L8 7.293l5.146-5.147a.5.5 0 0 1 .708.708L8.707 8l5.147 5.146a.5.5 0 0 1-.708.708L8 8.707l-5.146 5.147a.5.5 0 0 1-.708-.708L7.293 8 2.146 2.854Z"/>
    </svg>
  `,"x-circle-fill":`
    <svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" class="bi bi-x-circle-fill" viewBox="0 0 16 16">
      <path d="M16 8A8 8 0 1 1 0 8a8 8 0 0 1 16 0zM5.354 4.646a.5.5 0 1 0-.708.708L7.293 8l-2.647 2.646a.5.5 0 0 0 .708.708L8 8.707l2.646 2.647a.5.5 0 0 0 .708-.708L8.707 8l2.647-2.646a.5.5 0 0 0-.708-.708L8 7.293 5.354 4.646z"></path>
    </svg>
  `},Ut=[Vt,{name:`system`,resolver:e=>e in Ht?`data:image/svg+xml,${encodeURIComponent(Ht[e])}`:``}],Wt=[];function Gt(e){Wt.push(e)}function Kt(e){Wt=Wt.filter(t=>t!==e)}function qt(e){return Ut.find(t=>t.name===e)}var Jt=o`
  :host {
    display: inline-block;
    width: 1em;
    height: 1em;
    box-sizing: content-box !important;
  }

  svg {
    display: block;
    height: 100%;
    width: 100%;
  }
`;function N(e,t){let n=Qe({waitUntilFirstUpdate:!1},t);return(t,r)=>{let{update:i}=t,a=Array.isArray(e)?e:[e];t.update=function(e){a.forEach(t=>{let i=t;if(e.has(i)){let t=e.get(i),a=this[i];t!==a&&(!n.waitUntilFirstUpdate||this.hasUpdated)&&this[r](t,a)}}),i.call(this,e)}}}var{I:Yt}=Le,Xt=e=>e,Zt=(e,t)=>t===void 0?e?._$litType$!==void 0:e?._$litType$===t,Qt=e=>e.strings===void 0,$t=()=>document.createComment(``),en=(e,t,n)=>{let r=e._$AA.parentNode,i=t===void 0?e._$AB:t._$AA;if(n===void 0)n=new Yt(r.insertBefore($t(),i),r.insertBefore($t(),i),e,e.options);else{let t=n._$AB.nextSibling,a=n._$AM,o=a!==e;if(o){let t;n._$AQ?.(e),n._$AM=e,n._$AP!==void 0&&(t=e._$AU)!==a._$AU&&n._$AP(t)}if(t!==i||o){let e=n._$AA;for(;e!==t;){let t=Xt(e).nextSibling;Xt(r).insertBefore(e,i),e=t}}}return n},tn=(e,t,n=e)=>(e._$AI(t,n),e),nn={},rn=(e,t=nn)=>e._$AH=t,an=e=>e._$AH,on=e=>{e._$AR(),e._$AA.remove()},sn=Symbol(),cn=Symbol(),ln,un=new Map,P=class extends j{constructor(){super(...arguments),this.initialRender=!1,this.svg=null,this.label=``,this.library=`default`}async resolveIcon(e,t){let n;if(t?.spriteSheet)return this.svg=C`<svg part="svg">
        <use part="use" href="${e}"></use>
      </svg>`,this.svg;try{if(n=await fetch(e,{mode:`cors`}),!n.ok)return n.status===410?sn:cn}catch{return cn}try{let e=document.createElement(`div`);e.innerHTML=await n.text();let t=e.firstElementChild;if((t?.tagName)?.toLowerCase()!==`svg`)return sn;ln||=new DOMParser;let r=ln.parseFromString(t.outerHTML,`text/html`).body.querySelector(`svg`);return r?(r.part.add(`svg`),document.adoptNode(r)):sn}catch{return sn}}connectedCallback(){super.connectedCallback(),Gt(this)}firstUpdated(){this.initialRender=!0,this.setIcon()}disconnectedCallback(){super.disconnectedCallback(),Kt(this)}getIconSource(){let e=qt(this.library);return this.name&&e?{url:e.resolver(this.name),fromLibrary:!0}:{url:this.src,fromLibrary:!1}}handleLabelChange(){typeof this.label==`string`&&this.label.length>0?(this.setAttribute(`role`,`img`),this.setAttribute(`aria-label`,this.label),this.removeAttribute(`aria-hidden`)):(this.removeAttribute(`role`),this.removeAttribute(`aria-label`),this.setAttribute(`aria-hidden`,`true`))}async setIcon(){var e;let{url:t,fromLibrary:n}=this.getIconSource(),r=n?qt(this.library):void 0;if(!t){this.svg=null;return}let i=un.get(t);if(i||(i=this.resolveIcon(t,r),un.set(t,i)),!this.initialRender)return;let a=await i;if(a===cn&&un.delete(t),t===this.getIconSource().url){if(Zt(a)){if(this.svg=a,r){await this.updateComplete;let e=this.shadowRoot.querySelector(`[part='svg']`);typeof r.mutator==`function`&&e&&r.mutator(e)}}else switch(a){case cn:case sn:this.svg=null,this.emit(`sl-error`);break;default:this.svg=a.cloneNode(!0),(e=r?.mutator)==null||e.call(r,this.svg),this.emit(`sl-load`)}}}render(){return this.svg}};P.styles=[E,Jt],D([k()],P.prototype,`svg`,2),D([O({reflect:!0})],P.prototype,`name`,2),D([O()],P.prototype,`src`,2),D([O()],P.prototype,`label`,2),D([O({reflect:!0})],P.prototype,`library`,2),D([N(`label`)],P.prototype,`handleLabelChange`,1),D([N([`name`,`src`,`library`])],P.prototype,`setIcon`,1);var dn=Symbol.for(``),fn=e=>{if(e?.r===dn)return e?._$litStatic$},pn=(e,...t)=>({_$litStatic$:t.reduce((t,n,r)=>t+(e=>{if(e._$litStatic$!==void 0)return e._$litStatic$;throw Error(`Value passed to 'literal' function must be a 'literal' result: ${e}. Use 'unsafeStatic' to pass non-literal values, but\n            take care to ensure page security.`)})(n)+e[r+1],e[0]),r:dn}),mn=new Map,hn=(e=>(t,...n)=>{let r=n.length,i,a,o=[],s=[],c,l=0,u=!1;for(;l<r;){for(c=t[l];l<r&&(a=n[l],(i=fn(a))!==void 0);)c+=i+t[++l],u=!0;l!==r&&s.push(a),o.push(c),l++}if(l===r&&o.push(t[r]),u){let e=o.join(`$$lit$$`);(t=mn.get(e))===void 0&&(o.raw=o,mn.set(e,t=o)),n=s}return e(t,...n)})(C),F=e=>e??T,I=class extends j{constructor(){super(...arguments),this.formControlController=new Nt(this,{assumeInteractionOn:[`click`]}),this.hasSlotController=new It(this,`[default]`,`prefix`,`suffix`),this.localize=new Et(this),this.hasFocus=!1,this.invalid=!1,this.title=``,this.variant=`default`,this.size=`medium`,this.caret=!1,this.disabled=!1,this.loading=!1,this.outline=!1,this.pill=!1,this.circle=!1,this.type=`button`,this.name=``,this.value=``,this.href=``,this.rel=`noreferrer noopener`}get validity(){return this.isButton()?this.button.validity:Pt}get validationMessage(){return this.isButton()?this.button.validationMessage:``}firstUpdated(){this.isButton()&&this.formControlController.updateValidity()}handleBlur(){this.hasFocus=!1,this.emit(`sl-blur`)}handleFocus(){this.hasFocus=!0,this.emit(`sl-focus`)}handleClick(){this.type===`submit`&&this.formControlController.submit(this),this.type===`reset`&&this.formControlController.reset(this)}handleInvalid(e){this.formControlController.setValidity(!1),this.formControlController.emitInvalidEvent(e)}isButton(){return!this.href}isLink(){return!!this.href}handleDisabledChange(){this.isButton()&&this.formControlController.setValidity(this.disabled)}click(){this.button.click()}focus(e){this.button.focus(e)}blur(){this.button.blur()}checkValidity(){return!this.isButton()||this.button.checkValidity()}getForm(){return this.formControlController.getForm()}reportValidity(){return!this.isButton()||this.button.reportValidity()}setCustomValidity(e){this.isButton()&&(this.button.setCustomValidity(e),this.formControlController.updateValidity())}render(){let e=this.isLink(),t=e?pn`a`:pn`button`;return hn`
      <${t}
        part="base"
        class=${M({button:!0,"button--default":this.variant==="default","button--primary":this.variant===`primary`,"button--success":this.variant===`success`,"button--neutral":this.variant===`neutral`,"button--warning":this.variant===`warning`,"button--danger":this.variant===`danger`,"button--text":this.variant===`text`,"button--small":this.size===`small`,"button--medium":this.size===`medium`,"button--large":this.size===`large`,"button--caret":this.caret,"button--circle":this.circle,"button--disabled":this.disabled,"button--focused":this.hasFocus,"button--loading":this.loading,"button--standard":!this.outline,"button--outline":this.outline,"button--pill":this.pill,"button--rtl":this.localize.dir()===`rtl`,"button--has-label":this.hasSlotController.test(`[default]`),"button--has-prefix":this.hasSlotController.test(`prefix`),"button--has-suffix":this.hasSlotController.test(`suffix`)})}
        ?disabled=${F(e?void 0:this.disabled)}
        type=${F(e?void 0:this.type)}
        title=${this.title}
        name=${F(e?void 0:this.name)}
        value=${F(e?void 0:this.value)}
        href=${F(e&&!this.disabled?this.href:void 0)}
        target=${F(e?this.target:void 0)}
        download=${F(e?this.download:void 0)}
        rel=${F(e?this.rel:void 0)}
        role=${F(e?void 0:`button`)}
        aria-disabled=${this.disabled?`true`:`false`}
        tabindex=${this.disabled?`-1`:`0`}
        @blur=${this.handleBlur}
        @focus=${this.handleFocus}
        @invalid=${this.isButton()?this.handleInvalid:null}
        @click=${this.handleClick}
      >
        <slot name="prefix" part="prefix" class="button__prefix"></slot>
        <slot part="label" class="button__label"></slot>
        <slot name="suffix" part="suffix" class="button__suffix"></slot>
        ${this.caret?hn` <sl-icon part="caret" class="button__caret" library="system" name="caret"></sl-icon> `:``}
        ${this.loading?hn`<sl-spinner part="spinner"></sl-spinner>`:``}
      </${t}>
    `}};I.styles=[E,Ft],I.dependencies={"sl-icon":P,"sl-spinner":Dt},D([A(`.button`)],I.prototype,`button`,2),D([k()],I.prototype,`hasFocus`,2),D([k()],I.prototype,`invalid`,2),D([O()],I.prototype,`title`,2),D([O({reflect:!0})],I.prototype,`variant`,2),D([O({reflect:!0})],I.prototype,`size`,2),D([O({type:Boolean,reflect:!0})],I.prototype,`caret`,2),D([O({type:Boolean,reflect:!0})],I.prototype,`disabled`,2),D([O({type:Boolean,reflect:!0})],I.prototype,`loading`,2),D([O({type:Boolean,reflect:!0})],I.prototype,`outline`,2),D([O({type:Boolean,reflect:!0})],I.prototype,`pill`,2),D([O({type:Boolean,reflect:!0})],I.prototype,`circle`,2),D([O()],I.prototype,`type`,2),D([O()],I.prototype,`name`,2),D([O()],I.prototype,`value`,2),D([O()],I.prototype,`href`,2),D([O()],I.prototype,`target`,2),D([O()],I.prototype,`rel`,2),D([O()],I.prototype,`download`,2),D([O()],I.prototype,`form`,2),D([O({attribute:`formaction`})],I.prototype,`formAction`,2),D([O({attribute:`formenctype`})],I.prototype,`formEnctype`,2),D([O({attribute:`formmethod`})],I.prototype,`formMethod`,2),D([O({attribute:`formnovalidate`,type:Boolean})],I.prototype,`formNoValidate`,2),D([O({attribute:`formtarget`})],I.prototype,`formTarget`,2),D([N(`disabled`,{waitUntilFirstUpdate:!0})],I.prototype,`handleDisabledChange`,1),I.define(`sl-button`);var gn=o`
  :host {
    --size: 25rem;
    --header-spacing: var(--sl-spacing-large);
    --body-spacing: var(--sl-spacing-large);
    --footer-spacing: var(--sl-spacing-large);

    display: contents;
  }

  .drawer {
    top: 0;
    inset-inline-start: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
    overflow: hidden;
  }

  .drawer--contained {
    position: absolute;
    z-index: initial;
  }

  .drawer--fixed {
    position: fixed;
    z-index: var(--sl-z-index-drawer);
  }

  .drawer__panel {
    position: absolute;
    display: flex;
    flex-direction: column;
    z-index: 2;
    max-width: 100%;
    max-height: 100%;
    background-color: var(--sl-panel-background-color);
    box-shadow: var(--sl-shadow-x-large);
    overflow: auto;
    pointer-events: all;
  }

  .drawer__panel:focus {
    outline: none;
  }

  .drawer--top .drawer__panel {
    top: 0;
    inset-inline-end: auto;
    bottom: auto;
    inset-inline-start: 0;
    width: 100%;
    height: var(--size);
  }

  .drawer--end .drawer__panel {
    top: 0;
    inset-inline-end: 0;
    bottom: auto;
    inset-inline-start: auto;
    width: var(--size);
    height: 100%;
  }

  .drawer--bottom .drawer__panel {
    top: auto;
    inset-inline-end: auto;
    bottom: 0;
    inset-inline-start: 0;
    width: 100%;
    height: var(--size);
  }

  .drawer--start .drawer__panel {
    top: 0;
    inset-inline-end: auto;
    bottom: auto;
    inset-inline-start: 0;
    width: var(--size);
    height: 100%;
  }

  .drawer__header {
    display: flex;
  }

  .drawer__title {
    flex: 1 1 auto;
    font: inherit;
    font-size: var(--sl-font-size-large);
    line-height: var(--sl-line-height-dense);
    padding: var(--header-spacing);
    margin: 0;
  }

  .drawer__header-actions {
    flex-shrink: 0;
    display: flex;
    flex-wrap: wrap;
    justify-content: end;
    gap: var(--sl-spacing-2x-small);
    padding: 0 var(--header-spacing);
  }

  .drawer__header-actions sl-icon-button,
  .drawer__header-actions ::slotted(sl-icon-button) {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    font-size: var(--sl-font-size-medium);
  }

  .drawer__body {
    flex: 1 1 auto;
    display: block;
    padding: var(--body-spacing);
    overflow: auto;
    -webkit-overflow-scrolling: touch;
  }

  .drawer__footer {
    text-align: right;
    padding: var(--footer-spacing);
  }

  .drawer__footer ::slotted(sl-button:not(:last-of-type)) {
    margin-inline-end: var(--sl-spacing-x-small);
  }

  .drawer:not(.drawer--has-footer) .drawer__footer {
    display: none;
  }

  .drawer__overlay {
    display: block;
    position: fixed;
    top: 0;
    right: 0;
    bottom: 0;
    left: 0;
    background-color: var(--sl-overlay-background-color);
    pointer-events: all;
  }

  .drawer--contained .drawer__overlay {
    display: none;
  }

  @media (forced-colors: active) {
    .drawer__panel {
      border: solid 1px var(--sl-color-neutral-0);
    }
  }
`;function*_n(e=document.activeElement){e!=null&&(yield e,`shadowRoot`in e&&e.shadowRoot&&e.shadowRoot.mode!==`closed`&&(yield*at(_n(e.shadowRoot.activeElement))))}function vn(){return[..._n()].pop()}var yn=new WeakMap;function bn(e){let t=yn.get(e);return t||(t=window.getComputedStyle(e,null),yn.set(e,t)),t}function xn(e){if(typeof e.checkVisibility==`function`)return e.checkVisibility({checkOpacity:!1,checkVisibilityCSS:!0});let t=bn(e);return t.visibility!==`hidden`&&t.display!==`none`}function Sn(e){let{overflowY:t,overflowX:n}=bn(e);return t===`scroll`||n===`scroll`?!0:t!==`auto`||n!==`auto`?!1:e.scrollHeight>e.clientHeight&&t===`auto`||e.scrollWidth>e.clientWidth&&n===`auto`}function Cn(e){let t=e.tagName.toLowerCase(),n=Number(e.getAttribute(`tabindex`));if(e.hasAttribute(`tabindex`)&&(isNaN(n)||n<=-1)||e.hasAttribute(`disabled`)||e.closest(`[inert]`))return!1;if(t===`input`&&e.getAttribute(`type`)===`radio`){let t=e.getRootNode(),n=`input[type='radio'][name="${e.getAttribute(`name`)}"]`,r=t.querySelector(`${n}:checked`);return r?r===e:t.querySelector(n)===e}return xn(e)?(t===`audio`||t===`video`)&&e.hasAttribute(`controls`)||e.hasAttribute(`tabindex`)||e.hasAttribute(`contenteditable`)&&e.getAttribute(`contenteditable`)!==`false`||[`button`,`input`,`select`,`textarea`,`a`,`audio`,`video`,`summary`,`iframe`].includes(t)?!0:Sn(e):!1}function wn(e){let t=En(e);return{start:t[0]??null,end:t[t.length-1]??null}}function Tn(e,t){return e.getRootNode({composed:!0})?.host!==t}function En(e){let t=new WeakMap,n=[];function r(i){if(i instanceof Element){if(i.hasAttribute(`inert`)||i.closest(`[inert]`)||t.has(i))return;t.set(i,!0),!n.includes(i)&&Cn(i)&&n.push(i),i instanceof HTMLSlotElement&&Tn(i,e)&&i.assignedElements({flatten:!0}).forEach(e=>{r(e)}),i.shadowRoot!==null&&i.shadowRoot.mode===`open`&&r(i.shadowRoot)}for(let e of i.children)r(e)}return r(e),n.sort((e,t)=>{let n=Number(e.getAttribute(`tabindex`))||0;return(Number(t.getAttribute(`tabindex`))||0)-n})}var Dn=[],On=class{constructor(e){this.tabDirection=`forward`,this.handleFocusIn=()=>{this.isActive()&&this.checkFocus()},this.handleKeyDown=e=>{var t;if(e.key!==`Tab`||this.isExternalActivated||!this.isActive())return;let n=vn();if(this.previousFocus=n,this.previousFocus&&this.possiblyHasTabbableChildren(this.previousFocus))return;this.tabDirection=e.shiftKey?`backward`:`forward`;let r=En(this.element),i=r.findIndex(e=>e===n);this.previousFocus=this.currentFocus;let a=this.tabDirection===`forward`?1:-1;for(;;){i+a>=r.length?i=0:i+a<0?i=r.length-1:i+=a,this.previousFocus=this.currentFocus;let n=r[i];if(this.tabDirection===`backward`&&this.previousFocus&&this.possiblyHasTabbableChildren(this.previousFocus)||n&&this.possiblyHasTabbableChildren(n))return;e.preventDefault(),this.currentFocus=n,(t=this.currentFocus)==null||t.focus({preventScroll:!1});let o=[..._n()];if(o.includes(this.currentFocus)||!o.includes(this.previousFocus))break}setTimeout(()=>this.checkFocus())},this.handleKeyUp=()=>{this.tabDirection=`forward`},this.element=e,this.elementsWithTabbableControls=[`iframe`]}activate(){Dn.push(this.element),document.addEventListener(`focusin`,this.handleFocusIn),document.addEventListener(`keydown`,this.handleKeyDown),document.addEventListener(`keyup`,this.handleKeyUp)}deactivate(){Dn=Dn.filter(e=>e!==this.element),this.currentFocus=null,document.removeEventListener(`focusin`,this.handleFocusIn),document.removeEventListener(`keydown`,this.handleKeyDown),document.removeEventListener(`keyup`,this.handleKeyUp)}isActive(){return Dn[Dn.length-1]===this.element}activateExternal(){this.isExternalActivated=!0}deactivateExternal(){this.isExternalActivated=!1}checkFocus(){if(this.isActive()&&!this.isExternalActivated){let e=En(this.element);if(!this.element.matches(`:focus-within`)){let t=e[0],n=e[e.length-1],r=this.tabDirection===`forward`?t:n;typeof r?.focus==`function`&&(this.currentFocus=r,r.focus({preventScroll:!1}))}}}possiblyHasTabbableChildren(e){return this.elementsWithTabbableControls.includes(e.tagName.toLowerCase())||e.hasAttribute(`controls`)}};function kn(e,t){return{top:Math.round(e.getBoundingClientRect().top-t.getBoundingClientRect().top),left:Math.round(e.getBoundingClientRect().left-t.getBoundingClientRect().left)}}var An=new Set;function jn(){let e=document.documentElement.clientWidth;return Math.abs(window.innerWidth-e)}function Mn(){let e=Number(getComputedStyle(document.body).paddingRight.replace(/px/,``));return isNaN(e)||!e?0:e}function Nn(e){if(An.add(e),!document.documentElement.classList.contains(`sl-scroll-lock`)){let e=jn()+Mn(),t=getComputedStyle(document.documentElement).scrollbarGutter;t&&t!==`auto`||(t=`stable`),e<2&&(t=``),document.documentElement.style.setProperty(`--sl-scroll-lock-gutter`,t),document.documentElement.classList.add(`sl-scroll-lock`),document.documentElement.style.setProperty(`--sl-scroll-lock-size`,`${e}px`)}}function Pn(e){An.delete(e),An.size===0&&(document.documentElement.classList.remove(`sl-scroll-lock`),document.documentElement.style.removeProperty(`--sl-scroll-lock-size`))}function Fn(e,t,n=`vertical`,r=`smooth`){let i=kn(e,t),a=i.top+t.scrollTop,o=i.left+t.scrollLeft,s=t.scrollLeft,c=t.scrollLeft+t.offsetWidth,l=t.scrollTop,u=t.scrollTop+t.offsetHeight;(n===`horizontal`||n===`both`)&&(o<s?t.scrollTo({left:o,behavior:r}):o+e.clientWidth>c&&t.scrollTo({left:o-t.offsetWidth+e.clientWidth,behavior:r})),(n===`vertical`||n===`both`)&&(a<l?t.scrollTo({top:a,behavior:r}):a+e.clientHeight>u&&t.scrollTo({top:a-t.offsetHeight+e.clientHeight,behavior:r}))}var In=e=>{var t;let{activeElement:n}=document;n&&e.contains(n)&&((t=document.activeElement)==null||t.blur())},Ln=o`
  :host {
    display: inline-block;
    color: var(--sl-color-neutral-600);
  }

  .icon-button {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    background: none;
    border: none;
    border-radius: var(--sl-border-radius-medium);
    font-size: inherit;
    color: inherit;
    padding: var(--sl-spacing-x-small);
    cursor: pointer;
    transition: var(--sl-transition-x-fast) color;
    -webkit-appearance: none;
  }

  .icon-button:hover:not(.icon-button--disabled),
  .icon-button:focus-visible:not(.icon-button--disabled) {
    color: var(--sl-color-primary-600);
  }

  .icon-button:active:not(.icon-button--disabled) {
    color: var(--sl-color-primary-700);
  }

  .icon-button:focus {
    outline: none;
  }

  .icon-button--disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  .icon-button:focus-visible {
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  .icon-button__icon {
    pointer-events: none;
  }
`,L=class extends j{constructor(){super(...arguments),this.hasFocus=!1,this.label=``,this.disabled=!1}handleBlur(){this.hasFocus=!1,this.emit(`sl-blur`)}handleFocus(){this.hasFocus=!0,this.emit(`sl-focus`)}handleClick(e){this.disabled&&(e.preventDefault(),e.stopPropagation())}click(){this.button.click()}focus(e){this.button.focus(e)}blur(){this.button.blur()}render(){let e=!!this.href,t=e?pn`a`:pn`button`;return hn`
      <${t}
        part="base"
        class=${M({"icon-button":!0,"icon-button--disabled":!e&&this.disabled,"icon-button--focused":this.hasFocus})}
        ?disabled=${F(e?void 0:this.disabled)}
        type=${F(e?void 0:`button`)}
        href=${F(e?this.href:void 0)}
        target=${F(e?this.target:void 0)}
        download=${F(e?this.download:void 0)}
        rel=${F(e&&this.target?`noreferrer noopener`:void 0)}
        role=${F(e?void 0:`button`)}
        aria-disabled=${this.disabled?`true`:`false`}
        aria-label="${this.label}"
        tabindex=${this.disabled?`-1`:`0`}
        @blur=${this.handleBlur}
        @focus=${this.handleFocus}
        @click=${this.handleClick}
      >
        <sl-icon
          class="icon-button__icon"
          name=${F(this.name)}
          library=${F(this.library)}
          src=${F(this.src)}
          aria-hidden="true"
        ></sl-icon>
      </${t}>
    `}};L.styles=[E,Ln],L.dependencies={"sl-icon":P},D([A(`.icon-button`)],L.prototype,`button`,2),D([k()],L.prototype,`hasFocus`,2),D([O()],L.prototype,`name`,2),D([O()],L.prototype,`library`,2),D([O()],L.prototype,`src`,2),D([O()],L.prototype,`href`,2),D([O()],L.prototype,`target`,2),D([O()],L.prototype,`download`,2),D([O()],L.prototype,`label`,2),D([O({type:Boolean,reflect:!0})],L.prototype,`disabled`,2);var Rn=new Map,zn=new WeakMap;function Bn(e){return e??{keyframes:[],options:{duration:0}}}function Vn(e,t){return t.toLowerCase()===`rtl`?{keyframes:e.rtlKeyframes||e.keyframes,options:e.options}:e}function R(e,t){Rn.set(e,Bn(t))}function Hn(e,t,n){let r=zn.get(e);if(r?.[t])return Vn(r[t],n.dir);let i=Rn.get(t);return i?Vn(i,n.dir):{keyframes:[],options:{duration:0}}}function Un(e,t){return new Promise(n=>{function r(i){i.target===e&&(e.removeEventListener(t,r),n())}e.addEventListener(t,r)})}function Wn(e,t,n){return new Promise(r=>{if(n?.duration===1/0)throw Error(`Promise-based animations must be finite.`);let i=e.animate(t,$e(Qe({},n),{duration:Gn()?0:n.duration}));i.addEventListener(`cancel`,r,{once:!0}),i.addEventListener(`finish`,r,{once:!0})})}function Gn(){return window.matchMedia(`(prefers-reduced-motion: reduce)`).matches}function Kn(e){return Promise.all(e.getAnimations().map(e=>new Promise(t=>{e.cancel(),requestAnimationFrame(t)})))}function qn(e){return e.charAt(0).toUpperCase()+e.slice(1)}var z=class extends j{constructor(){super(...arguments),this.hasSlotController=new It(this,`footer`),this.localize=new Et(this),this.modal=new On(this),this.open=!1,this.label=``,this.placement=`end`,this.contained=!1,this.noHeader=!1,this.handleDocumentKeyDown=e=>{this.contained||e.key===`Escape`&&this.modal.isActive()&&this.open&&(e.stopImmediatePropagation(),this.requestClose(`keyboard`))}}firstUpdated(){this.drawer.hidden=!this.open,this.open&&(this.addOpenListeners(),this.contained||(this.modal.activate(),Nn(this)))}disconnectedCallback(){super.disconnectedCallback(),Pn(this),this.removeOpenListeners()}requestClose(e){if(this.emit(`sl-request-close`,{cancelable:!0,detail:{source:e}}).defaultPrevented){let e=Hn(this,`drawer.denyClose`,{dir:this.localize.dir()});Wn(this.panel,e.keyframes,e.options)}else this.hide()}addOpenListeners(){var e;`CloseWatcher`in window?((e=this.closeWatcher)==null||e.destroy(),this.contained||(this.closeWatcher=new CloseWatcher,this.closeWatcher.onclose=()=>this.requestClose(`keyboard`))):document.addEventListener(`keydown`,this.handleDocumentKeyDown)}removeOpenListeners(){var e;document.removeEventListener(`keydown`,this.handleDocumentKeyDown),(e=this.closeWatcher)==null||e.destroy()}async handleOpenChange(){if(this.open){this.emit(`sl-show`),this.addOpenListeners(),this.originalTrigger=document.activeElement,this.contained||(this.modal.activate(),Nn(this));let e=this.querySelector(`[autofocus]`);e&&e.removeAttribute(`autofocus`),await Promise.all([Kn(this.drawer),Kn(this.overlay)]),this.drawer.hidden=!1,requestAnimationFrame(()=>{this.emit(`sl-initial-focus`,{cancelable:!0}).defaultPrevented||(e?e.focus({preventScroll:!0}):this.panel.focus({preventScroll:!0})),e&&e.setAttribute(`autofocus`,``)});let t=Hn(this,`drawer.show${qn(this.placement)}`,{dir:this.localize.dir()}),n=Hn(this,`drawer.overlay.show`,{dir:this.localize.dir()});await Promise.all([Wn(this.panel,t.keyframes,t.options),Wn(this.overlay,n.keyframes,n.options)]),this.emit(`sl-after-show`)}else{In(this),this.emit(`sl-hide`),this.removeOpenListeners(),this.contained||(this.modal.deactivate(),Pn(this)),await Promise.all([Kn(this.drawer),Kn(this.overlay)]);let e=Hn(this,`drawer.hide${qn(this.placement)}`,{dir:this.localize.dir()}),t=Hn(this,`drawer.overlay.hide`,{dir:this.localize.dir()});await Promise.all([Wn(this.overlay,t.keyframes,t.options).then(()=>{this.overlay.hidden=!0}),Wn(this.panel,e.keyframes,e.options).then(()=>{this.panel.hidden=!0})]),this.drawer.hidden=!0,this.overlay.hidden=!1,this.panel.hidden=!1;let n=this.originalTrigger;typeof n?.focus==`function`&&setTimeout(()=>n.focus()),this.emit(`sl-after-hide`)}}handleNoModalChange(){this.open&&!this.contained&&(this.modal.activate(),Nn(this)),this.open&&this.contained&&(this.modal.deactivate(),Pn(this))}async show(){if(!this.open)return this.open=!0,Un(this,`sl-after-show`)}async hide(){if(this.open)return this.open=!1,Un(this,`sl-after-hide`)}render(){return C`
      <div
        part="base"
        class=${M({drawer:!0,"drawer--open":this.open,"drawer--top":this.placement===`top`,"drawer--end":this.placement===`end`,"drawer--bottom":this.placement===`bottom`,"drawer--start":this.placement===`start`,"drawer--contained":this.contained,"drawer--fixed":!this.contained,"drawer--rtl":this.localize.dir()===`rtl`,"drawer--has-footer":this.hasSlotController.test(`footer`)})}
      >
        <div part="overlay" class="drawer__overlay" @click=${()=>this.requestClose(`overlay`)} tabindex="-1"></div>

        <div
          part="panel"
          class="drawer__panel"
          role="dialog"
          aria-modal="true"
          aria-hidden=${this.open?`false`:`true`}
          aria-label=${F(this.noHeader?this.label:void 0)}
          aria-labelledby=${F(this.noHeader?void 0:`title`)}
          tabindex="0"
        >
          ${this.noHeader?``:C`
                <header part="header" class="drawer__header">
                  <h2 part="title" class="drawer__title" id="title">
                    <!-- If there's no label, use an invisible character to prevent the header from collapsing -->
                    <slot name="label"> ${this.label.length>0?this.label:`﻿`} </slot>
                  </h2>
                  <div part="header-actions" class="drawer__header-actions">
                    <slot name="header-actions"></slot>
                    <sl-icon-button
                      part="close-button"
                      exportparts="base:close-button__base"
                      class="drawer__close"
                      name="x-lg"
                      label=${this.localize.term(`close`)}
                      library="system"
                      @click=${()=>this.requestClose(`close-button`)}
                    ></sl-icon-button>
                  </div>
                </header>
              `}

          <slot part="body" class="drawer__body"></slot>

          <footer part="footer" class="drawer__footer">
            <slot name="footer"></slot>
          </footer>
        </div>
      </div>
    `}};z.styles=[E,gn],z.dependencies={"sl-icon-button":L},D([A(`.drawer`)],z.prototype,`drawer`,2),D([A(`.drawer__panel`)],z.prototype,`panel`,2),D([A(`.drawer__overlay`)],z.prototype,`overlay`,2),D([O({type:Boolean,reflect:!0})],z.prototype,`open`,2),D([O({reflect:!0})],z.prototype,`label`,2),D([O({reflect:!0})],z.prototype,`placement`,2),D([O({type:Boolean,reflect:!0})],z.prototype,`contained`,2),D([O({attribute:`no-header`,type:Boolean,reflect:!0})],z.prototype,`noHeader`,2),D([N(`open`,{waitUntilFirstUpdate:!0})],z.prototype,`handleOpenChange`,1),D([N(`contained`,{waitUntilFirstUpdate:!0})],z.prototype,`handleNoModalChange`,1),R(`drawer.showTop`,{keyframes:[{opacity:0,translate:`0 -100%`},{opacity:1,translate:`0 0`}],options:{duration:250,easing:`ease`}}),R(`drawer.hideTop`,{keyframes:[{opacity:1,translate:`0 0`},{opacity:0,translate:`0 -100%`}],options:{duration:250,easing:`ease`}}),R(`drawer.showEnd`,{keyframes:[{opacity:0,translate:`100%`},{opacity:1,translate:`0`}],rtlKeyframes:[{opacity:0,translate:`-100%`},{opacity:1,translate:`0`}],options:{duration:250,easing:`ease`}}),R(`drawer.hideEnd`,{keyframes:[{opacity:1,translate:`0`},{opacity:0,translate:`100%`}],rtlKeyframes:[{opacity:1,translate:`0`},{opacity:0,translate:`-100%`}],options:{duration:250,easing:`ease`}}),R(`drawer.showBottom`,{keyframes:[{opacity:0,translate:`0 100%`},{opacity:1,translate:`0 0`}],options:{duration:250,easing:`ease`}}),R(`drawer.hideBottom`,{keyframes:[{opacity:1,translate:`0 0`},{opacity:0,translate:`0 100%`}],options:{duration:250,easing:`ease`}}),R(`drawer.showStart`,{keyframes:[{opacity:0,translate:`-100%`},{opacity:1,translate:`0`}],rtlKeyframes:[{opacity:0,translate:`100%`},{opacity:1,translate:`0`}],options:{duration:250,easing:`ease`}}),R(`drawer.hideStart`,{keyframes:[{opacity:1,translate:`0`},{opacity:0,translate:`-100%`}],rtlKeyframes:[{opacity:1,translate:`0`},{opacity:0,translate:`100%`}],options:{duration:250,easing:`ease`}}),R(`drawer.denyClose`,{keyframes:[{scale:1},{scale:1.01},{scale:1}],options:{duration:250}}),R(`drawer.overlay.show`,{keyframes:[{opacity:0},{opacity:1}],options:{duration:250}}),R(`drawer.overlay.hide`,{keyframes:[{opacity:1},{opacity:0}],options:{duration:250}}),z.define(`sl-drawer`);var Jn=o`
  :host {
    display: inline-block;
  }

  .dropdown::part(popup) {
    z-index: var(--sl-z-index-dropdown);
  }

  .dropdown[data-current-placement^='top']::part(popup) {
    transform-origin: bottom;
  }

  .dropdown[data-current-placement^='bottom']::part(popup) {
    transform-origin: top;
  }

  .dropdown[data-current-placement^='left']::part(popup) {
    transform-origin: right;
  }

  .dropdown[data-current-placement^='right']::part(popup) {
    transform-origin: left;
  }

  .dropdown__trigger {
    display: block;
  }

  .dropdown__panel {
    font-family: var(--sl-font-sans);
    font-size: var(--sl-font-size-medium);
    font-weight: var(--sl-font-weight-normal);
    box-shadow: var(--sl-shadow-large);
    border-radius: var(--sl-border-radius-medium);
    pointer-events: none;
  }

  .dropdown--open .dropdown__panel {
    display: block;
    pointer-events: all;
  }

  /* When users slot a menu, make sure it conforms to the popup's auto-size */
  ::slotted(sl-menu) {
    max-width: var(--auto-size-available-width) !important;
    max-height: var(--auto-size-available-height) !important;
  }
`,Yn=o`
  :host {
    --arrow-color: var(--sl-color-neutral-1000);
    --arrow-size: 6px;

    /*
     * These properties are computed to account for the arrow's dimensions after being rotated 45º. The constant
     * 0.7071 is derived from sin(45), which is the diagonal size of the arrow's container after rotating.
     */
    --arrow-size-diagonal: calc(var(--arrow-size) * 0.7071);
    --arrow-padding-offset: calc(var(--arrow-size-diagonal) - var(--arrow-size));

    display: contents;
  }

  .popup {
    position: absolute;
    isolation: isolate;
    max-width: var(--auto-size-available-width, none);
    max-height: var(--auto-size-available-height, none);
  }

  .popup--fixed {
    position: fixed;
  }

  .popup:not(.popup--active) {
    display: none;
  }

  .popup__arrow {
    position: absolute;
    width: calc(var(--arrow-size-diagonal) * 2);
    height: calc(var(--arrow-size-diagonal) * 2);
    rotate: 45deg;
    background: var(--arrow-color);
    z-index: -1;
  }

  /* Hover bridge */
  .popup-hover-bridge:not(.popup-hover-bridge--visible) {
    display: none;
  }

  .popup-hover-bridge {
    position: fixed;
    z-index: calc(var(--sl-z-index-dropdown) - 1);
    top: 0;
    right: 0;
    bottom: 0;
    left: 0;
    clip-path: polygon(
      var(--hover-bridge-top-left-x, 0) var(--hover-bridge-top-left-y, 0),
      var(--hover-bridge-top-right-x, 0) var(--hover-bridge-top-right-y, 0),
      var(--hover-bridge-bottom-right-x, 0) var(--hover-bridge-bottom-right-y, 0),
      var(--hover-bridge-bottom-left-x, 0) var(--hover-bridge-bottom-left-y, 0)
    );
  }
`,Xn=Math.min,Zn=Math.max,Qn=Math.round,$n=Math.floor,er=e=>({x:e,y:e}),tr={left:`right`,right:`left`,bottom:`top`,top:`bottom`};function nr(e,t,n){return Zn(e,Xn(t,n))}function rr(e,t){return typeof e==`function`?e(t):e}function ir(e){return e.split(`-`)[0]}function ar(e){return e.split(`-`)[1]}function or(e){return e===`x`?`y`:`x`}function sr(e){return e===`y`?`height`:`width`}function cr(e){let t=e[0];return t===`t`||t===`b`?`y`:`x`}function lr(e){return or(cr(e))}function ur(e,t,n){n===void 0&&(n=!1);let r=ar(e),i=lr(e),a=sr(i),o=i===`x`?r===(n?`end`:`start`)?`right`:`left`:r===`start`?`bottom`:`top`;return t.reference[a]>t.floating[a]&&(o=yr(o)),[o,yr(o)]}function dr(e){let t=yr(e);return[fr(e),t,fr(t)]}function fr(e){return e.includes(`start`)?e.replace(`start`,`end`):e.replace(`end`,`start`)}var pr=[`left`,`right`],mr=[`right`,`left`],hr=[`top`,`bottom`],gr=[`bottom`,`top`];function _r(e,t,n){switch(e){case`top`:case`bottom`:return n?t?mr:pr:t?pr:mr;case`left`:case`right`:return t?hr:gr;default:return[]}}function vr(e,t,n,r){let i=ar(e),a=_r(ir(e),n===`start`,r);return i&&(a=a.map(e=>e+`-`+i),t&&(a=a.concat(a.map(fr)))),a}function yr(e){let t=ir(e);return tr[t]+e.slice(t.length)}function br(e){return{top:e.top??0,right:e.right??0,bottom:e.bottom??0,left:e.left??0}}function xr(e){return typeof e==`number`?{top:e,right:e,bottom:e,left:e}:br(e)}function Sr(e){let{x:t,y:n,width:r,height:i}=e;return{width:r,height:i,top:n,left:t,right:t+r,bottom:n+i,x:t,y:n}}function Cr(e,t,n){let{reference:r,floating:i}=e,a=cr(t),o=lr(t),s=sr(o),c=ir(t),l=a===`y`,u=r.x+r.width/2-i.width/2,d=r.y+r.height/2-i.height/2,f=r[s]/2-i[s]/2,p;switch(c){case`top`:p={x:u,y:r.y-i.height};break;case`bottom`:p={x:u,y:r.y+r.height};break;case`right`:p={x:r.x+r.width,y:d};break;case`left`:p={x:r.x-i.width,y:d};break;default:p={x:r.x,y:r.y}}let m=ar(t);return m&&(p[o]+=f*(m===`end`?1:-1)*(n&&l?-1:1)),p}async function wr(e,t){t===void 0&&(t={});let{x:n,y:r,platform:i,rects:a,elements:o,strategy:s}=e,{boundary:c=`clippingAncestors`,rootBoundary:l=`viewport`,elementContext:u=`floating`,altBoundary:d=!1,padding:f=0}=rr(t,e),p=xr(f),m=o[d?u===`floating`?`reference`:`floating`:u],h=Sr(await i.getClippingRect({element:await(i.isElement==null?void 0:i.isElement(m))??!0?m:m.contextElement||await(i.getDocumentElement==null?void 0:i.getDocumentElement(o.floating)),boundary:c,rootBoundary:l,strategy:s})),g=u===`floating`?{x:n,y:r,width:a.floating.width,height:a.floating.height}:a.reference,_=await(i.getOffsetParent==null?void 0:i.getOffsetParent(o.floating)),ee=await(i.isElement==null?void 0:i.isElement(_))&&await(i.getScale==null?void 0:i.getScale(_))||{x:1,y:1},v=Sr(i.convertOffsetParentRelativeRectToViewportRelativeRect?await i.convertOffsetParentRelativeRectToViewportRelativeRect({elements:o,rect:g,offsetParent:_,strategy:s}):g);return{top:(h.top-v.top+p.top)/ee.y,bottom:(v.bottom-h.bottom+p.bottom)/ee.y,left:(h.left-v.left+p.left)/ee.x,right:(v.right-h.right+p.right)/ee.x}}var Tr=50,Er=async(e,t,n)=>{let{placement:r=`bottom`,strategy:i=`absolute`,middleware:a=[],platform:o}=n,s=o.detectOverflow?o:{...o,detectOverflow:wr},c=await(o.isRTL==null?void 0:o.isRTL(t)),l=await o.getElementRects({reference:e,floating:t,strategy:i}),{x:u,y:d}=Cr(l,r,c),f=r,p=0,m={};for(let n=0;n<a.length;n++){let h=a[n];if(!h)continue;let{name:g,fn:_}=h,{x:ee,y:v,data:y,reset:b}=await _({x:u,y:d,initialPlacement:r,placement:f,strategy:i,middlewareData:m,rects:l,platform:s,elements:{reference:e,floating:t}});u=ee??u,d=v??d,m[g]={...m[g],...y},b&&p<Tr&&(p++,typeof b==`object`&&(b.placement&&(f=b.placement),b.rects&&(l=b.rects===!0?await o.getElementRects({reference:e,floating:t,strategy:i}):b.rects),{x:u,y:d}=Cr(l,f,c)),n=-1)}return{x:u,y:d,placement:f,strategy:i,middlewareData:m}},Dr=e=>({name:`arrow`,options:e,async fn(t){let{x:n,y:r,placement:i,rects:a,platform:o,elements:s,middlewareData:c}=t,{element:l,padding:u=0}=rr(e,t)||{};if(l==null)return{};let d=xr(u),f={x:n,y:r},p=lr(i),m=sr(p),h=await o.getDimensions(l),g=p===`y`,_=g?`top`:`left`,ee=g?`bottom`:`right`,v=g?`clientHeight`:`clientWidth`,y=a.reference[m]+a.reference[p]-f[p]-a.floating[m],b=f[p]-a.reference[p],te=await(o.getOffsetParent==null?void 0:o.getOffsetParent(l)),x=te?te[v]:0;x&&await(o.isElement==null?void 0:o.isElement(te))||(x=s.floating[v]||a.floating[m]);let ne=y/2-b/2,re=x/2-h[m]/2-1,ie=Xn(d[_],re),ae=Xn(d[ee],re),oe=x-h[m]-ae,S=x/2-h[m]/2+ne,se=nr(ie,S,oe),ce=!c.arrow&&ar(i)!=null&&S!==se&&a.reference[m]/2-(S<ie?ie:ae)-h[m]/2<0,le=ce?S<ie?S-ie:S-oe:0;return{[p]:f[p]+le,data:{[p]:se,centerOffset:S-se-le,...ce&&{alignmentOffset:le}},reset:ce}}}),Or=function(e){return e===void 0&&(e={}),{name:`flip`,options:e,async fn(t){var n;let{placement:r,middlewareData:i,rects:a,initialPlacement:o,platform:s,elements:c}=t,{mainAxis:l=!0,crossAxis:u=!0,fallbackPlacements:d,fallbackStrategy:f=`bestFit`,fallbackAxisSideDirection:p=`none`,flipAlignment:m=!0,...h}=rr(e,t);if((n=i.arrow)!=null&&n.alignmentOffset)return{};let g=ir(r),_=cr(o),ee=ir(o)===o,v=await(s.isRTL==null?void 0:s.isRTL(c.floating)),y=d||(ee||!m?[yr(o)]:dr(o)),b=p!==`none`;!d&&b&&y.push(...vr(o,m,p,v));let te=[o,...y],x=await s.detectOverflow(t,h),ne=[],re=i.flip?.overflows||[];if(l&&ne.push(x[g]),u){let e=ur(r,a,v);ne.push(x[e[0]],x[e[1]])}if(re=[...re,{placement:r,overflows:ne}],!ne.every(e=>e<=0)){let e=(i.flip?.index||0)+1,t=te[e];if(t&&(u!==`alignment`||_===cr(t)||re.every(e=>cr(e.placement)!==_||e.overflows[0]>0)))return{data:{index:e,overflows:re},reset:{placement:t}};let n=re.filter(e=>e.overflows[0]<=0).sort((e,t)=>e.overflows[1]-t.overflows[1])[0]?.placement;if(!n)switch(f){case`bestFit`:{let e=re.filter(e=>{if(b){let t=cr(e.placement);return t===_||t===`y`}return!0}).map(e=>[e.placement,e.overflows.filter(e=>e>0).reduce((e,t)=>e+t,0)]).sort((e,t)=>e[1]-t[1])[0]?.[0];e&&(n=e);break}case`initialPlacement`:n=o}if(r!==n)return{reset:{placement:n}}}return{}}}},kr=new Set([`left`,`top`]);async function Ar(e,t){let{placement:n,platform:r,elements:i}=e,a=await(r.isRTL==null?void 0:r.isRTL(i.floating)),o=ir(n),s=ar(n),c=cr(n)===`y`,l=kr.has(o)?-1:1,u=a&&c?-1:1,d=rr(t,e),{mainAxis:f,crossAxis:p,alignmentAxis:m}=typeof d==`number`?{mainAxis:d,crossAxis:0,alignmentAxis:null}:{mainAxis:d.mainAxis||0,crossAxis:d.crossAxis||0,alignmentAxis:d.alignmentAxis};return s&&typeof m==`number`&&(p=s===`end`?m*-1:m),c?{x:p*u,y:f*l}:{x:f*l,y:p*u}}var jr=function(e){return e===void 0&&(e=0),{name:`offset`,options:e,async fn(t){var n;let{x:r,y:i,placement:a,middlewareData:o}=t,s=await Ar(t,e);return a===o.offset?.placement&&(n=o.arrow)!=null&&n.alignmentOffset?{}:{x:r+s.x,y:i+s.y,data:{...s,placement:a}}}}},Mr=function(e){return e===void 0&&(e={}),{name:`shift`,options:e,async fn(t){let{x:n,y:r,placement:i,platform:a}=t,{mainAxis:o=!0,crossAxis:s=!1,limiter:c={fn:e=>{let{x:t,y:n}=e;return{x:t,y:n}}},...l}=rr(e,t),u={x:n,y:r},d=await a.detectOverflow(t,l),f=cr(i),p=or(f),m=u[p],h=u[f],g=(e,t)=>nr(t+d[e===`y`?`top`:`left`],t,t-d[e===`y`?`bottom`:`right`]);o&&(m=g(p,m)),s&&(h=g(f,h));let _=c.fn({...t,[p]:m,[f]:h});return{..._,data:{x:_.x-n,y:_.y-r,enabled:{[p]:o,[f]:s}}}}}},Nr=function(e){return e===void 0&&(e={}),{name:`size`,options:e,async fn(t){let{placement:n,rects:r,platform:i,elements:a}=t,{apply:o=()=>{},...s}=rr(e,t),c=await i.detectOverflow(t,s),l=ir(n),u=ar(n),d=cr(n)===`y`,{width:f,height:p}=r.floating,m,h;l===`top`||l===`bottom`?(m=l,h=u===(await(i.isRTL==null?void 0:i.isRTL(a.floating))?`start`:`end`)?`left`:`right`):(h=l,m=u===`end`?`top`:`bottom`);let g=p-c.top-c.bottom,_=f-c.left-c.right,ee=Xn(p-c[m],g),v=Xn(f-c[h],_),y=t.middlewareData.shift,b=!y,te=ee,x=v;y!=null&&y.enabled.x&&(x=_),y!=null&&y.enabled.y&&(te=g),b&&!u&&(d?x=f-2*Zn(c.left,c.right):te=p-2*Zn(c.top,c.bottom)),await o({...t,availableWidth:x,availableHeight:te});let ne=await i.getDimensions(a.floating);return f!==ne.width||p!==ne.height?{reset:{rects:!0}}:{}}}};function Pr(){return typeof window<`u`}function Fr(e){return Lr(e)?(e.nodeName||``).toLowerCase():`#document`}function B(e){var t;return(e==null||(t=e.ownerDocument)==null?void 0:t.defaultView)||window}function Ir(e){return((Lr(e)?e.ownerDocument:e.document)||window.document)?.documentElement}function Lr(e){return Pr()?e instanceof Node||e instanceof B(e).Node:!1}function Rr(e){return Pr()?e instanceof Element||e instanceof B(e).Element:!1}function zr(e){return Pr()?e instanceof HTMLElement||e instanceof B(e).HTMLElement:!1}function Br(e){return!Pr()||typeof ShadowRoot>`u`?!1:e instanceof ShadowRoot||e instanceof B(e).ShadowRoot}function Vr(e){let{overflow:t,overflowX:n,overflowY:r,display:i}=Qr(e);return/auto|scroll|overlay|hidden|clip/.test(t+r+n)&&i!==`inline`&&i!==`contents`}function Hr(e){return/^(table|td|th)$/.test(Fr(e))}function Ur(e){try{if(e.matches(`:popover-open`))return!0}catch{}try{return e.matches(`:modal`)}catch{return!1}}var Wr=/transform|translate|scale|rotate|perspective|filter/,Gr=/paint|layout|strict|content/,Kr=e=>!!e&&e!==`none`,qr;function Jr(e){let t=Rr(e)?Qr(e):e;return Kr(t.transform)||Kr(t.translate)||Kr(t.scale)||Kr(t.rotate)||Kr(t.perspective)||!Xr()&&(Kr(t.backdropFilter)||Kr(t.filter))||Wr.test(t.willChange||``)||Gr.test(t.contain||``)}function Yr(e){let t=ei(e);for(;zr(t)&&!Zr(t);){if(Jr(t))return t;if(Ur(t))return null;t=ei(t)}return null}function Xr(){return qr??=typeof CSS<`u`&&CSS.supports&&CSS.supports(`-webkit-backdrop-filter`,`none`),qr}function Zr(e){return/^(html|body|#document)$/.test(Fr(e))}function Qr(e){return B(e).getComputedStyle(e)}function $r(e){return Rr(e)?{scrollLeft:e.scrollLeft,scrollTop:e.scrollTop}:{scrollLeft:e.scrollX,scrollTop:e.scrollY}}function ei(e){if(Fr(e)===`html`)return e;let t=e.assignedSlot||e.parentNode||Br(e)&&e.host||Ir(e);return Br(t)?t.host:t}function ti(e){let t=ei(e);return Zr(t)?(e.ownerDocument||e).body:zr(t)&&Vr(t)?t:ti(t)}function ni(e,t,n){t===void 0&&(t=[]),n===void 0&&(n=!0);let r=ti(e),i=r===e.ownerDocument?.body,a=B(r);if(i){let e=ri(a);return t.concat(a,a.visualViewport||[],Vr(r)?r:[],e&&n?ni(e):[])}return t.concat(r,ni(r,[],n))}function ri(e){return e.parent&&Object.getPrototypeOf(e.parent)?e.frameElement:null}function ii(e){let t=Qr(e),n=parseFloat(t.width)||0,r=parseFloat(t.height)||0,i=zr(e),a=i?e.offsetWidth:n,o=i?e.offsetHeight:r,s=Qn(n)!==a||Qn(r)!==o;return s&&(n=a,r=o),{width:n,height:r,$:s}}function ai(e){return Rr(e)?e:e.contextElement}function oi(e){let t=ai(e);if(!zr(t))return er(1);let n=t.getBoundingClientRect(),{width:r,height:i,$:a}=ii(t),o=(a?Qn(n.width):n.width)/r,s=(a?Qn(n.height):n.height)/i;return o&&Number.isFinite(o)||(o=1),s&&Number.isFinite(s)||(s=1),{x:o,y:s}}var si=er(0);function ci(e){let t=B(e);return!Xr()||!t.visualViewport?si:{x:t.visualViewport.offsetLeft,y:t.visualViewport.offsetTop}}function li(e,t,n){return t===void 0&&(t=!1),!!n&&t&&n===B(e)}function ui(e,t,n,r){t===void 0&&(t=!1),n===void 0&&(n=!1);let i=e.getBoundingClientRect(),a=ai(e),o=er(1);t&&(r?Rr(r)&&(o=oi(r)):o=oi(e));let s=li(a,n,r)?ci(a):er(0),c=(i.left+s.x)/o.x,l=(i.top+s.y)/o.y,u=i.width/o.x,d=i.height/o.y;if(a&&r){let e=B(a),t=Rr(r)?B(r):r,n=e,i=ri(n);for(;i&&t!==n;){let e=oi(i),t=i.getBoundingClientRect(),r=Qr(i),a=t.left+(i.clientLeft+parseFloat(r.paddingLeft))*e.x,o=t.top+(i.clientTop+parseFloat(r.paddingTop))*e.y;c*=e.x,l*=e.y,u*=e.x,d*=e.y,c+=a,l+=o,n=B(i),i=ri(n)}}return Sr({width:u,height:d,x:c,y:l})}function di(e,t){let n=$r(e).scrollLeft;return t?t.left+n:ui(Ir(e)).left+n}function fi(e,t){let n=e.getBoundingClientRect();return{x:n.left+t.scrollLeft-di(e,n),y:n.top+t.scrollTop}}function pi(e){let{elements:t,rect:n,offsetParent:r,strategy:i}=e,a=i===`fixed`,o=Ir(r),s=t?Ur(t.floating):!1;if(r===o||s&&a)return n;let c={scrollLeft:0,scrollTop:0},l=er(1),u=er(0),d=zr(r);if((d||!a)&&((Fr(r)!==`body`||Vr(o))&&(c=$r(r)),d)){let e=ui(r);l=oi(r),u.x=e.x+r.clientLeft,u.y=e.y+r.clientTop}let f=o&&!d&&!a?fi(o,c):er(0);return{width:n.width*l.x,height:n.height*l.y,x:n.x*l.x-c.scrollLeft*l.x+u.x+f.x,y:n.y*l.y-c.scrollTop*l.y+u.y+f.y}}function mi(e){return e.getClientRects?Array.from(e.getClientRects()):[]}function hi(e){let t=$r(e),n=e.ownerDocument.body,r=Zn(e.scrollWidth,e.clientWidth,n.scrollWidth,n.clientWidth),i=Zn(e.scrollHeight,e.clientHeight,n.scrollHeight,n.clientHeight),a=-t.scrollLeft+di(e),o=-t.scrollTop;return Qr(n).direction===`rtl`&&(a+=Zn(e.clientWidth,n.clientWidth)-r),{width:r,height:i,x:a,y:o}}var gi=25;function _i(e,t,n){n===void 0&&(n=`viewport`);let r=n===`layoutViewport`,i=B(e),a=Ir(e),o=i.visualViewport,s=a.clientWidth,c=a.clientHeight,l=0,u=0;if(o){let e=!Xr()||t===`fixed`;r?e||(l=-o.offsetLeft,u=-o.offsetTop):(s=o.width,c=o.height,e&&(l=o.offsetLeft,u=o.offsetTop))}if(di(a)<=0){let e=a.ownerDocument,t=e.body,n=getComputedStyle(t),r=e.compatMode===`CSS1Compat`&&parseFloat(n.marginLeft)+parseFloat(n.marginRight)||0,i=Math.abs(a.clientWidth-t.clientWidth-r),o=getComputedStyle(a).scrollbarGutter===`stable both-edges`?i/2:i;o<=gi&&(s-=o)}return{width:s,height:c,x:l,y:u}}function vi(e,t){let n=ui(e,!0,t===`fixed`),r=n.top+e.clientTop,i=n.left+e.clientLeft,a=oi(e);return{width:e.clientWidth*a.x,height:e.clientHeight*a.y,x:i*a.x,y:r*a.y}}function yi(e,t,n){let r;if(t===`viewport`||t===`layoutViewport`)r=_i(e,n,t);else if(t===`document`)r=hi(Ir(e));else if(Rr(t))r=vi(t,n);else{let n=ci(e);r={x:t.x-n.x,y:t.y-n.y,width:t.width,height:t.height}}return Sr(r)}function bi(e,t){let n=t.get(e);if(n)return n;let r=ni(e,[],!1).filter(e=>Rr(e)&&Fr(e)!==`body`),i=null,a=Qr(e).position===`fixed`,o=a?ei(e):e;for(;Rr(o)&&!Zr(o);){let e=Qr(o),t=Jr(o),n=i?i.position:a?`fixed`:``;!t&&(n===`fixed`||n===`absolute`&&e.position===`static`)?r=r.filter(e=>e!==o):i=e,o=ei(o)}return t.set(e,r),r}function xi(e){let{element:t,boundary:n,rootBoundary:r,strategy:i}=e,a=[...n===`clippingAncestors`?Ur(t)?[]:bi(t,this._c):[].concat(n),r],o=yi(t,a[0],i),s=o.top,c=o.right,l=o.bottom,u=o.left;for(let e=1;e<a.length;e++){let n=yi(t,a[e],i);s=Zn(n.top,s),c=Xn(n.right,c),l=Xn(n.bottom,l),u=Zn(n.left,u)}return{width:c-u,height:l-s,x:u,y:s}}function Si(e){let{width:t,height:n}=ii(e);return{width:t,height:n}}function Ci(e,t,n){let r=zr(t),i=Ir(t),a=n===`fixed`,o=ui(e,!0,a,t),s={scrollLeft:0,scrollTop:0},c=er(0);if((r||!a)&&((Fr(t)!==`body`||Vr(i))&&(s=$r(t)),r)){let e=ui(t,!0,a,t);c.x=e.x+t.clientLeft,c.y=e.y+t.clientTop}!r&&i&&(c.x=di(i));let l=i&&!r&&!a?fi(i,s):er(0);return{x:o.left+s.scrollLeft-c.x-l.x,y:o.top+s.scrollTop-c.y-l.y,width:o.width,height:o.height}}function wi(e){return Qr(e).position===`static`}function Ti(e,t){if(!zr(e)||Qr(e).position===`fixed`)return null;if(t)return t(e);let n=e.offsetParent;return Ir(e)===n&&(n=n.ownerDocument.body),n}function Ei(e,t){let n=B(e);if(Ur(e))return n;if(!zr(e)){let t=ei(e);for(;t&&!Zr(t);){if(Rr(t)&&!wi(t))return t;t=ei(t)}return n}let r=Ti(e,t);for(;r&&Hr(r)&&wi(r);)r=Ti(r,t);return r&&Zr(r)&&wi(r)&&!Jr(r)?n:r||Yr(e)||n}var Di=async function(e){let t=this.getOffsetParent||Ei,n=await(0,this.getDimensions)(e.floating);return{reference:Ci(e.reference,await t(e.floating),e.strategy),floating:{x:0,y:0,width:n.width,height:n.height}}};function Oi(e){return Qr(e).direction===`rtl`}var ki={convertOffsetParentRelativeRectToViewportRelativeRect:pi,getDocumentElement:Ir,getClippingRect:xi,getOffsetParent:Ei,getElementRects:Di,getClientRects:mi,getDimensions:Si,getScale:oi,isElement:Rr,isRTL:Oi};function Ai(e,t){return e.x===t.x&&e.y===t.y&&e.width===t.width&&e.height===t.height}function ji(e,t,n){let r=null,i,a=Ir(e);function o(){var e;clearTimeout(i),(e=r)==null||e.disconnect(),r=null}function s(n,c){n===void 0&&(n=!1),c===void 0&&(c=1),o();let l=e.getBoundingClientRect(),{left:u,top:d,width:f,height:p}=l;if(n||t(),!f||!p)return;let m=$n(d),h=$n(a.clientWidth-(u+f)),g=$n(a.clientHeight-(d+p)),_=$n(u),ee={rootMargin:-m+`px `+-h+`px `+-g+`px `+-_+`px`,threshold:Zn(0,Xn(1,c))||1},v=!0;function y(t){let n=t[0].intersectionRatio;if(!Ai(l,e.getBoundingClientRect()))return s();if(n!==c){if(!v)return s();n?s(!1,n):i=setTimeout(()=>{s(!1,1e-7)},1e3)}v=!1}try{r=new IntersectionObserver(y,{...ee,root:a.ownerDocument})}catch{r=new IntersectionObserver(y,ee)}r.observe(e)}let c=B(e),l=()=>s(n);return c.addEventListener(`resize`,l),s(!0),()=>{c.removeEventListener(`resize`,l),o()}}function Mi(e,t,n,r){r===void 0&&(r={});let{ancestorScroll:i=!0,ancestorResize:a=!0,elementResize:o=typeof ResizeObserver==`function`,layoutShift:s=typeof IntersectionObserver==`function`,animationFrame:c=!1}=r,l=ai(e),u=i||a?[...l?ni(l):[],...t?ni(t):[]]:[];u.forEach(e=>{i&&e.addEventListener(`scroll`,n),a&&e.addEventListener(`resize`,n)});let d=l&&s?ji(l,n,a):null,f=-1,p=null;o&&(p=new ResizeObserver(e=>{let[r]=e;r&&r.target===l&&p&&t&&(p.unobserve(t),cancelAnimationFrame(f),f=requestAnimationFrame(()=>{var e;(e=p)==null||e.observe(t)})),n()}),l&&!c&&p.observe(l),t&&p.observe(t));let m,h=c?ui(e):null;c&&g();function g(){let t=ui(e);h&&!Ai(h,t)&&n(),h=t,m=requestAnimationFrame(g)}return n(),()=>{var e;u.forEach(e=>{i&&e.removeEventListener(`scroll`,n),a&&e.removeEventListener(`resize`,n)}),d?.(),(e=p)==null||e.disconnect(),p=null,c&&cancelAnimationFrame(m)}}var Ni=jr,Pi=Mr,Fi=Or,Ii=Nr,Li=Dr,Ri=(e,t,n)=>{let r=new Map,i=n??{},a={...ki,...i.platform,_c:r};return Er(e,t,{...i,platform:a})};function zi(e){return Vi(e)}function Bi(e){return e.assignedSlot?e.assignedSlot:e.parentNode instanceof ShadowRoot?e.parentNode.host:e.parentNode}function Vi(e){for(let t=e;t;t=Bi(t))if(t instanceof Element&&getComputedStyle(t).display===`none`)return null;for(let t=Bi(e);t;t=Bi(t)){if(!(t instanceof Element))continue;let e=getComputedStyle(t);if(e.display!==`contents`&&(e.position!==`static`||Jr(e)||t.tagName===`BODY`))return t}return null}function Hi(e){return typeof e==`object`&&!!e&&`getBoundingClientRect`in e&&(`contextElement`in e?e.contextElement instanceof Element:!0)}var V=class extends j{constructor(){super(...arguments),this.localize=new Et(this),this.active=!1,this.placement=`top`,this.strategy=`absolute`,this.distance=0,this.skidding=0,this.arrow=!1,this.arrowPlacement=`anchor`,this.arrowPadding=10,this.flip=!1,this.flipFallbackPlacements=``,this.flipFallbackStrategy=`best-fit`,this.flipPadding=0,this.shift=!1,this.shiftPadding=0,this.autoSizePadding=0,this.hoverBridge=!1,this.updateHoverBridge=()=>{if(this.hoverBridge&&this.anchorEl){let e=this.anchorEl.getBoundingClientRect(),t=this.popup.getBoundingClientRect(),n=this.placement.includes(`top`)||this.placement.includes(`bottom`),r=0,i=0,a=0,o=0,s=0,c=0,l=0,u=0;n?e.top<t.top?(r=e.left,i=e.bottom,a=e.right,o=e.bottom,s=t.left,c=t.top,l=t.right,u=t.top):(r=t.left,i=t.bottom,a=t.right,o=t.bottom,s=e.left,c=e.top,l=e.right,u=e.top):e.left<t.left?(r=e.right,i=e.top,a=t.left,o=t.top,s=e.right,c=e.bottom,l=t.left,u=t.bottom):(r=t.right,i=t.top,a=e.left,o=e.top,s=t.right,c=t.bottom,l=e.left,u=e.bottom),this.style.setProperty(`--hover-bridge-top-left-x`,`${r}px`),this.style.setProperty(`--hover-bridge-top-left-y`,`${i}px`),this.style.setProperty(`--hover-bridge-top-right-x`,`${a}px`),this.style.setProperty(`--hover-bridge-top-right-y`,`${o}px`),this.style.setProperty(`--hover-bridge-bottom-left-x`,`${s}px`),this.style.setProperty(`--hover-bridge-bottom-left-y`,`${c}px`),this.style.setProperty(`--hover-bridge-bottom-right-x`,`${l}px`),this.style.setProperty(`--hover-bridge-bottom-right-y`,`${u}px`)}}}async connectedCallback(){super.connectedCallback(),await this.updateComplete,this.start()}disconnectedCallback(){super.disconnectedCallback(),this.stop()}async updated(e){super.updated(e),e.has(`active`)&&(this.active?this.start():this.stop()),e.has(`anchor`)&&this.handleAnchorChange(),this.active&&(await this.updateComplete,this.reposition())}async handleAnchorChange(){if(await this.stop(),this.anchor&&typeof this.anchor==`string`){let e=this.getRootNode();this.anchorEl=e.getElementById(this.anchor)}else this.anchorEl=this.anchor instanceof Element||Hi(this.anchor)?this.anchor:this.querySelector(`[slot="anchor"]`);this.anchorEl instanceof HTMLSlotElement&&(this.anchorEl=this.anchorEl.assignedElements({flatten:!0})[0]),this.anchorEl&&this.active&&this.start()}start(){this.anchorEl&&this.active&&(this.cleanup=Mi(this.anchorEl,this.popup,()=>{this.reposition()}))}async stop(){return new Promise(e=>{this.cleanup?(this.cleanup(),this.cleanup=void 0,this.removeAttribute(`data-current-placement`),this.style.removeProperty(`--auto-size-available-width`),this.style.removeProperty(`--auto-size-available-height`),requestAnimationFrame(()=>e())):e()})}reposition(){if(!this.active||!this.anchorEl)return;let e=[Ni({mainAxis:this.distance,crossAxis:this.skidding})];this.sync?e.push(Ii({apply:({rects:e})=>{let t=this.sync===`width`||this.sync===`both`,n=this.sync===`height`||this.sync===`both`;this.popup.style.width=t?`${e.reference.width}px`:``,this.popup.style.height=n?`${e.reference.height}px`:``}})):(this.popup.style.width=``,this.popup.style.height=``),this.flip&&e.push(Fi({boundary:this.flipBoundary,fallbackPlacements:this.flipFallbackPlacements,fallbackStrategy:this.flipFallbackStrategy===`best-fit`?`bestFit`:`initialPlacement`,padding:this.flipPadding})),this.shift&&e.push(Pi({boundary:this.shiftBoundary,padding:this.shiftPadding})),this.autoSize?e.push(Ii({boundary:this.autoSizeBoundary,padding:this.autoSizePadding,apply:({availableWidth:e,availableHeight:t})=>{this.autoSize===`vertical`||this.autoSize===`both`?this.style.setProperty(`--auto-size-available-height`,`${t}px`):this.style.removeProperty(`--auto-size-available-height`),this.autoSize===`horizontal`||this.autoSize===`both`?this.style.setProperty(`--auto-size-available-width`,`${e}px`):this.style.removeProperty(`--auto-size-available-width`)}})):(this.style.removeProperty(`--auto-size-available-width`),this.style.removeProperty(`--auto-size-available-height`)),this.arrow&&e.push(Li({element:this.arrowEl,padding:this.arrowPadding}));let t=this.strategy===`absolute`?e=>ki.getOffsetParent(e,zi):ki.getOffsetParent;Ri(this.anchorEl,this.popup,{placement:this.placement,middleware:e,strategy:this.strategy,platform:$e(Qe({},ki),{getOffsetParent:t})}).then(({x:e,y:t,middlewareData:n,placement:r})=>{let i=this.localize.dir()===`rtl`,a={top:`bottom`,right:`left`,bottom:`top`,left:`right`}[r.split(`-`)[0]];if(this.setAttribute(`data-current-placement`,r),Object.assign(this.popup.style,{left:`${e}px`,top:`${t}px`}),this.arrow){let e=n.arrow.x,t=n.arrow.y,r=``,o=``,s=``,c=``;if(this.arrowPlacement===`start`){let n=typeof e==`number`?`calc(${this.arrowPadding}px - var(--arrow-padding-offset))`:``;r=typeof t==`number`?`calc(${this.arrowPadding}px - var(--arrow-padding-offset))`:``,o=i?n:``,c=i?``:n}else if(this.arrowPlacement===`end`){let n=typeof e==`number`?`calc(${this.arrowPadding}px - var(--arrow-padding-offset))`:``;o=i?``:n,c=i?n:``,s=typeof t==`number`?`calc(${this.arrowPadding}px - var(--arrow-padding-offset))`:``}else this.arrowPlacement===`center`?(c=typeof e==`number`?`calc(50% - var(--arrow-size-diagonal))`:``,r=typeof t==`number`?`calc(50% - var(--arrow-size-diagonal))`:``):(c=typeof e==`number`?`${e}px`:``,r=typeof t==`number`?`${t}px`:``);Object.assign(this.arrowEl.style,{top:r,right:o,bottom:s,left:c,[a]:`calc(var(--arrow-size-diagonal) * -1)`})}}),requestAnimationFrame(()=>this.updateHoverBridge()),this.emit(`sl-reposition`)}render(){return C`
      <slot name="anchor" @slotchange=${this.handleAnchorChange}></slot>

      <span
        part="hover-bridge"
        class=${M({"popup-hover-bridge":!0,"popup-hover-bridge--visible":this.hoverBridge&&this.active})}
      ></span>

      <div
        part="popup"
        class=${M({popup:!0,"popup--active":this.active,"popup--fixed":this.strategy===`fixed`,"popup--has-arrow":this.arrow})}
      >
        <slot></slot>
        ${this.arrow?C`<div part="arrow" class="popup__arrow" role="presentation"></div>`:``}
      </div>
    `}};V.styles=[E,Yn],D([A(`.popup`)],V.prototype,`popup`,2),D([A(`.popup__arrow`)],V.prototype,`arrowEl`,2),D([O()],V.prototype,`anchor`,2),D([O({type:Boolean,reflect:!0})],V.prototype,`active`,2),D([O({reflect:!0})],V.prototype,`placement`,2),D([O({reflect:!0})],V.prototype,`strategy`,2),D([O({type:Number})],V.prototype,`distance`,2),D([O({type:Number})],V.prototype,`skidding`,2),D([O({type:Boolean})],V.prototype,`arrow`,2),D([O({attribute:`arrow-placement`})],V.prototype,`arrowPlacement`,2),D([O({attribute:`arrow-padding`,type:Number})],V.prototype,`arrowPadding`,2),D([O({type:Boolean})],V.prototype,`flip`,2),D([O({attribute:`flip-fallback-placements`,converter:{fromAttribute:e=>e.split(` `).map(e=>e.trim()).filter(e=>e!==``),toAttribute:e=>e.join(` `)}})],V.prototype,`flipFallbackPlacements`,2),D([O({attribute:`flip-fallback-strategy`})],V.prototype,`flipFallbackStrategy`,2),D([O({type:Object})],V.prototype,`flipBoundary`,2),D([O({attribute:`flip-padding`,type:Number})],V.prototype,`flipPadding`,2),D([O({type:Boolean})],V.prototype,`shift`,2),D([O({type:Object})],V.prototype,`shiftBoundary`,2),D([O({attribute:`shift-padding`,type:Number})],V.prototype,`shiftPadding`,2),D([O({attribute:`auto-size`})],V.prototype,`autoSize`,2),D([O()],V.prototype,`sync`,2),D([O({type:Object})],V.prototype,`autoSizeBoundary`,2),D([O({attribute:`auto-size-padding`,type:Number})],V.prototype,`autoSizePadding`,2),D([O({attribute:`hover-bridge`,type:Boolean})],V.prototype,`hoverBridge`,2);var H=class extends j{constructor(){super(...arguments),this.localize=new Et(this),this.open=!1,this.placement=`bottom-start`,this.disabled=!1,this.stayOpenOnSelect=!1,this.distance=0,this.skidding=0,this.hoist=!1,this.sync=void 0,this.handleKeyDown=e=>{this.open&&e.key===`Escape`&&(e.stopPropagation(),this.hide(),this.focusOnTrigger())},this.handleDocumentKeyDown=e=>{if(e.key===`Escape`&&this.open&&!this.closeWatcher)e.stopPropagation(),this.focusOnTrigger(),this.hide();else if(e.key===`Tab`){if(this.open&&document.activeElement?.tagName.toLowerCase()===`sl-menu-item`){e.preventDefault(),this.hide(),this.focusOnTrigger();return}let t=(e,n)=>{if(!e)return null;let r=e.closest(n);if(r)return r;let i=e.getRootNode();return i instanceof ShadowRoot?t(i.host,n):null};setTimeout(()=>{let e=this.containingElement?.getRootNode()instanceof ShadowRoot?vn():document.activeElement;this.containingElement&&t(e,this.containingElement.tagName.toLowerCase())===this.containingElement||this.hide()})}},this.handleDocumentMouseDown=e=>{let t=e.composedPath();this.containingElement&&!t.includes(this.containingElement)&&this.hide()},this.handlePanelSelect=e=>{let t=e.target;!this.stayOpenOnSelect&&t.tagName.toLowerCase()===`sl-menu`&&(this.hide(),this.focusOnTrigger())}}connectedCallback(){super.connectedCallback(),this.containingElement||=this}firstUpdated(){this.panel.hidden=!this.open,this.open&&(this.addOpenListeners(),this.popup.active=!0)}disconnectedCallback(){super.disconnectedCallback(),this.removeOpenListeners(),this.hide()}focusOnTrigger(){let e=this.trigger.assignedElements({flatten:!0})[0];typeof e?.focus==`function`&&e.focus()}getMenu(){return this.panel.assignedElements({flatten:!0}).find(e=>e.tagName.toLowerCase()===`sl-menu`)}handleTriggerClick(){this.open?this.hide():(this.show(),this.focusOnTrigger())}async handleTriggerKeyDown(e){if([` `,`Enter`].includes(e.key)){e.preventDefault(),this.handleTriggerClick();return}let t=this.getMenu();if(t){let n=t.getAllItems(),r=n[0],i=n[n.length-1];[`ArrowDown`,`ArrowUp`,`Home`,`End`].includes(e.key)&&(e.preventDefault(),this.open||(this.show(),await this.updateComplete),n.length>0&&this.updateComplete.then(()=>{(e.key===`ArrowDown`||e.key===`Home`)&&(t.setCurrentItem(r),r.focus()),(e.key===`ArrowUp`||e.key===`End`)&&(t.setCurrentItem(i),i.focus())}))}}handleTriggerKeyUp(e){e.key===` `&&e.preventDefault()}handleTriggerSlotChange(){this.updateAccessibleTrigger()}updateAccessibleTrigger(){let e=this.trigger.assignedElements({flatten:!0}).find(e=>wn(e).start),t;if(e){switch(e.tagName.toLowerCase()){case`sl-button`:case`sl-icon-button`:t=e.button;break;default:t=e}t.setAttribute(`aria-haspopup`,`true`),t.setAttribute(`aria-expanded`,this.open?`true`:`false`)}}async show(){if(!this.open)return this.open=!0,Un(this,`sl-after-show`)}async hide(){if(this.open)return this.open=!1,Un(this,`sl-after-hide`)}reposition(){this.popup.reposition()}addOpenListeners(){var e;this.panel.addEventListener(`sl-select`,this.handlePanelSelect),`CloseWatcher`in window?((e=this.closeWatcher)==null||e.destroy(),this.closeWatcher=new CloseWatcher,this.closeWatcher.onclose=()=>{this.hide(),this.focusOnTrigger()}):this.panel.addEventListener(`keydown`,this.handleKeyDown),document.addEventListener(`keydown`,this.handleDocumentKeyDown),document.addEventListener(`mousedown`,this.handleDocumentMouseDown)}removeOpenListeners(){var e;this.panel&&(this.panel.removeEventListener(`sl-select`,this.handlePanelSelect),this.panel.removeEventListener(`keydown`,this.handleKeyDown)),document.removeEventListener(`keydown`,this.handleDocumentKeyDown),document.removeEventListener(`mousedown`,this.handleDocumentMouseDown),(e=this.closeWatcher)==null||e.destroy()}async handleOpenChange(){if(this.disabled)this.open=!1;else if(this.updateAccessibleTrigger(),this.open){this.emit(`sl-show`),this.addOpenListeners(),await Kn(this),this.panel.hidden=!1,this.popup.active=!0;let{keyframes:e,options:t}=Hn(this,`dropdown.show`,{dir:this.localize.dir()});await Wn(this.popup.popup,e,t),this.emit(`sl-after-show`)}else{this.emit(`sl-hide`),this.removeOpenListeners(),await Kn(this);let{keyframes:e,options:t}=Hn(this,`dropdown.hide`,{dir:this.localize.dir()});await Wn(this.popup.popup,e,t),this.panel.hidden=!0,this.popup.active=!1,this.emit(`sl-after-hide`)}}render(){return C`
      <sl-popup
        part="base"
        exportparts="popup:base__popup"
        id="dropdown"
        placement=${this.placement}
        distance=${this.distance}
        skidding=${this.skidding}
        strategy=${this.hoist?`fixed`:`absolute`}
        flip
        shift
        auto-size="vertical"
        auto-size-padding="10"
        sync=${F(this.sync?this.sync:void 0)}
        class=${M({dropdown:!0,"dropdown--open":this.open})}
      >
        <slot
          name="trigger"
          slot="anchor"
          part="trigger"
          class="dropdown__trigger"
          @click=${this.handleTriggerClick}
          @keydown=${this.handleTriggerKeyDown}
          @keyup=${this.handleTriggerKeyUp}
          @slotchange=${this.handleTriggerSlotChange}
        ></slot>

        <div aria-hidden=${this.open?`false`:`true`} aria-labelledby="dropdown">
          <slot part="panel" class="dropdown__panel"></slot>
        </div>
      </sl-popup>
    `}};H.styles=[E,Jn],H.dependencies={"sl-popup":V},D([A(`.dropdown`)],H.prototype,`popup`,2),D([A(`.dropdown__trigger`)],H.prototype,`trigger`,2),D([A(`.dropdown__panel`)],H.prototype,`panel`,2),D([O({type:Boolean,reflect:!0})],H.prototype,`open`,2),D([O({reflect:!0})],H.prototype,`placement`,2),D([O({type:Boolean,reflect:!0})],H.prototype,`disabled`,2),D([O({attribute:`stay-open-on-select`,type:Boolean,reflect:!0})],H.prototype,`stayOpenOnSelect`,2),D([O({attribute:!1})],H.prototype,`containingElement`,2),D([O({type:Number})],H.prototype,`distance`,2),D([O({type:Number})],H.prototype,`skidding`,2),D([O({type:Boolean})],H.prototype,`hoist`,2),D([O({reflect:!0})],H.prototype,`sync`,2),D([N(`open`,{waitUntilFirstUpdate:!0})],H.prototype,`handleOpenChange`,1),R(`dropdown.show`,{keyframes:[{opacity:0,scale:.9},{opacity:1,scale:1}],options:{duration:100,easing:`ease`}}),R(`dropdown.hide`,{keyframes:[{opacity:1,scale:1},{opacity:0,scale:.9}],options:{duration:100,easing:`ease`}}),H.define(`sl-dropdown`);var Ui=o`
  :host {
    display: block;
  }

  .input {
    flex: 1 1 auto;
    display: inline-flex;
    align-items: stretch;
    justify-content: start;
    position: relative;
    width: 100%;
    font-family: var(--sl-input-font-family);
    font-weight: var(--sl-input-font-weight);
    letter-spacing: var(--sl-input-letter-spacing);
    vertical-align: middle;
    overflow: hidden;
    cursor: text;
    transition:
      var(--sl-transition-fast) color,
      var(--sl-transition-fast) border,
      var(--sl-transition-fast) box-shadow,
      var(--sl-transition-fast) background-color;
  }

  /* Standard inputs */
  .input--standard {
    background-color: var(--sl-input-background-color);
    border: solid var(--sl-input-border-width) var(--sl-input-border-color);
  }

  .input--standard:hover:not(.input--disabled) {
    background-color: var(--sl-input-background-color-hover);
    border-color: var(--sl-input-border-color-hover);
  }

  .input--standard.input--focused:not(.input--disabled) {
    background-color: var(--sl-input-background-color-focus);
    border-color: var(--sl-input-border-color-focus);
    box-shadow: 0 0 0 var(--sl-focus-ring-width) var(--sl-input-focus-ring-color);
  }

  .input--standard.input--focused:not(.input--disabled) .input__control {
    color: var(--sl-input-color-focus);
  }

  .input--standard.input--disabled {
    background-color: var(--sl-input-background-color-disabled);
    border-color: var(--sl-input-border-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
  }

  .input--standard.input--disabled .input__control {
    color: var(--sl-input-color-disabled);
  }

  .input--standard.input--disabled .input__control::placeholder {
    color: var(--sl-input-placeholder-color-disabled);
  }

  /* Filled inputs */
  .input--filled {
    border: none;
    background-color: var(--sl-input-filled-background-color);
    color: var(--sl-input-color);
  }

  .input--filled:hover:not(.input--disabled) {
    background-color: var(--sl-input-filled-background-color-hover);
  }

  .input--filled.input--focused:not(.input--disabled) {
    background-color: var(--sl-input-filled-background-color-focus);
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  .input--filled.input--disabled {
    background-color: var(--sl-input-filled-background-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
  }

  .input__control {
    flex: 1 1 auto;
    font-family: inherit;
    font-size: inherit;
    font-weight: inherit;
    min-width: 0;
    height: 100%;
    color: var(--sl-input-color);
    border: none;
    background: inherit;
    box-shadow: none;
    padding: 0;
    margin: 0;
    cursor: inherit;
    -webkit-appearance: none;
  }

  .input__control::-webkit-search-decoration,
  .input__control::-webkit-search-cancel-button,
  .input__control::-webkit-search-results-button,
  .input__control::-webkit-search-results-decoration {
    -webkit-appearance: none;
  }

  .input__control:-webkit-autofill,
  .input__control:-webkit-autofill:hover,
  .input__control:-webkit-autofill:focus,
  .input__control:-webkit-autofill:active {
    box-shadow: 0 0 0 var(--sl-input-height-large) var(--sl-input-background-color-hover) inset !important;
    -webkit-text-fill-color: var(--sl-color-primary-500);
    caret-color: var(--sl-input-color);
  }

  .input--filled .input__control:-webkit-autofill,
  .input--filled .input__control:-webkit-autofill:hover,
  .input--filled .input__control:-webkit-autofill:focus,
  .input--filled .input__control:-webkit-autofill:active {
    box-shadow: 0 0 0 var(--sl-input-height-large) var(--sl-input-filled-background-color) inset !important;
  }

  .input__control::placeholder {
    color: var(--sl-input-placeholder-color);
    user-select: none;
    -webkit-user-select: none;
  }

  .input:hover:not(.input--disabled) .input__control {
    color: var(--sl-input-color-hover);
  }

  .input__control:focus {
    outline: none;
  }

  .input__prefix,
  .input__suffix {
    display: inline-flex;
    flex: 0 0 auto;
    align-items: center;
    cursor: default;
  }

  .input__prefix ::slotted(sl-icon),
  .input__suffix ::slotted(sl-icon) {
    color: var(--sl-input-icon-color);
  }

  /*
   * Size modifiers
   */

  .input--small {
    border-radius: var(--sl-input-border-radius-small);
    font-size: var(--sl-input-font-size-small);
    height: var(--sl-input-height-small);
  }

  .input--small .input__control {
    height: calc(var(--sl-input-height-small) - var(--sl-input-border-width) * 2);
    padding: 0 var(--sl-input-spacing-small);
  }

  .input--small .input__clear,
  .input--small .input__password-toggle {
    width: calc(1em + var(--sl-input-spacing-small) * 2);
  }

  .input--small .input__prefix ::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-small);
  }

  .input--small .input__suffix ::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-small);
  }

  .input--medium {
    border-radius: var(--sl-input-border-radius-medium);
    font-size: var(--sl-input-font-size-medium);
    height: var(--sl-input-height-medium);
  }

  .input--medium .input__control {
    height: calc(var(--sl-input-height-medium) - var(--sl-input-border-width) * 2);
    padding: 0 var(--sl-input-spacing-medium);
  }

  .input--medium .input__clear,
  .input--medium .input__password-toggle {
    width: calc(1em + var(--sl-input-spacing-medium) * 2);
  }

  .input--medium .input__prefix ::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-medium);
  }

  .input--medium .input__suffix ::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-medium);
  }

  .input--large {
    border-radius: var(--sl-input-border-radius-large);
    font-size: var(--sl-input-font-size-large);
    height: var(--sl-input-height-large);
  }

  .input--large .input__control {
    height: calc(var(--sl-input-height-large) - var(--sl-input-border-width) * 2);
    padding: 0 var(--sl-input-spacing-large);
  }

  .input--large .input__clear,
  .input--large .input__password-toggle {
    width: calc(1em + var(--sl-input-spacing-large) * 2);
  }

  .input--large .input__prefix ::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-large);
  }

  .input--large .input__suffix ::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-large);
  }

  /*
   * Pill modifier
   */

  .input--pill.input--small {
    border-radius: var(--sl-input-height-small);
  }

  .input--pill.input--medium {
    border-radius: var(--sl-input-height-medium);
  }

  .input--pill.input--large {
    border-radius: var(--sl-input-height-large);
  }

  /*
   * Clearable + Password Toggle
   */

  .input__clear,
  .input__password-toggle {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    font-size: inherit;
    color: var(--sl-input-icon-color);
    border: none;
    background: none;
    padding: 0;
    transition: var(--sl-transition-fast) color;
    cursor: pointer;
  }

  .input__clear:hover,
  .input__password-toggle:hover {
    color: var(--sl-input-icon-color-hover);
  }

  .input__clear:focus,
  .input__password-toggle:focus {
    outline: none;
  }

  /* Don't show the browser's password toggle in Edge */
  ::-ms-reveal {
    display: none;
  }

  /* Hide the built-in number spinner */
  .input--no-spin-buttons input[type='number']::-webkit-outer-spin-button,
  .input--no-spin-buttons input[type='number']::-webkit-inner-spin-button {
    -webkit-appearance: none;
    display: none;
  }

  .input--no-spin-buttons input[type='number'] {
    -moz-appearance: textfield;
  }
`,Wi=(e=`value`)=>(t,n)=>{let r=t.constructor,i=r.prototype.attributeChangedCallback;r.prototype.attributeChangedCallback=function(t,a,o){let s=r.getPropertyOptions(e);if(t===(typeof s.attribute==`string`?s.attribute:e)){let t=s.converter||y,r=(typeof t==`function`?t:t?.fromAttribute??y.fromAttribute)(o,s.type);this[e]!==r&&(this[n]=r)}i.call(this,t,a,o)}},Gi=o`
  .form-control .form-control__label {
    display: none;
  }

  .form-control .form-control__help-text {
    display: none;
  }

  /* Label */
  .form-control--has-label .form-control__label {
    display: inline-block;
    color: var(--sl-input-label-color);
    margin-bottom: var(--sl-spacing-3x-small);
  }

  .form-control--has-label.form-control--small .form-control__label {
    font-size: var(--sl-input-label-font-size-small);
  }

  .form-control--has-label.form-control--medium .form-control__label {
    font-size: var(--sl-input-label-font-size-medium);
  }

  .form-control--has-label.form-control--large .form-control__label {
    font-size: var(--sl-input-label-font-size-large);
  }

  :host([required]) .form-control--has-label .form-control__label::after {
    content: var(--sl-input-required-content);
    margin-inline-start: var(--sl-input-required-content-offset);
    color: var(--sl-input-required-content-color);
  }

  /* Help text */
  .form-control--has-help-text .form-control__help-text {
    display: block;
    color: var(--sl-input-help-text-color);
    margin-top: var(--sl-spacing-3x-small);
  }

  .form-control--has-help-text.form-control--small .form-control__help-text {
    font-size: var(--sl-input-help-text-font-size-small);
  }

  .form-control--has-help-text.form-control--medium .form-control__help-text {
    font-size: var(--sl-input-help-text-font-size-medium);
  }

  .form-control--has-help-text.form-control--large .form-control__help-text {
    font-size: var(--sl-input-help-text-font-size-large);
  }

  .form-control--has-help-text.form-control--radio-group .form-control__help-text {
    margin-top: var(--sl-spacing-2x-small);
  }
`,Ki=dt(class extends ft{constructor(e){if(super(e),e.type!==ut.PROPERTY&&e.type!==ut.ATTRIBUTE&&e.type!==ut.BOOLEAN_ATTRIBUTE)throw Error("The `live` directive is not allowed on child or event bindings");if(!Qt(e))throw Error("`live` bindings can only contain a single expression")}render(e){return e}update(e,[t]){if(t===w||t===T)return t;let n=e.element,r=e.name;if(e.type===ut.PROPERTY){if(t===n[r])return w}else if(e.type===ut.BOOLEAN_ATTRIBUTE){if(!!t===n.hasAttribute(r))return w}else if(e.type===ut.ATTRIBUTE&&n.getAttribute(r)===t+``)return w;return rn(e),t}}),U=class extends j{constructor(){super(...arguments),this.formControlController=new Nt(this,{assumeInteractionOn:[`sl-blur`,`sl-input`]}),this.hasSlotController=new It(this,`help-text`,`label`),this.localize=new Et(this),this.hasFocus=!1,this.title=``,this.__numberInput=Object.assign(document.createElement(`input`),{type:`number`}),this.__dateInput=Object.assign(document.createElement(`input`),{type:`date`}),this.type=`text`,this.name=``,this.value=``,this.defaultValue=``,this.size=`medium`,this.filled=!1,this.pill=!1,this.label=``,this.helpText=``,this.clearable=!1,this.disabled=!1,this.placeholder=``,this.readonly=!1,this.passwordToggle=!1,this.passwordVisible=!1,this.noSpinButtons=!1,this.form=``,this.required=!1,this.spellcheck=!0}get valueAsDate(){return this.__dateInput.type=this.type,this.__dateInput.value=this.value,this.input?.valueAsDate||this.__dateInput.valueAsDate}set valueAsDate(e){this.__dateInput.type=this.type,this.__dateInput.valueAsDate=e,this.value=this.__dateInput.value}get valueAsNumber(){return this.__numberInput.value=this.value,this.input?.valueAsNumber||this.__numberInput.valueAsNumber}set valueAsNumber(e){this.__numberInput.valueAsNumber=e,this.value=this.__numberInput.value}get validity(){return this.input.validity}get validationMessage(){return this.input.validationMessage}firstUpdated(){this.formControlController.updateValidity()}handleBlur(){this.hasFocus=!1,this.emit(`sl-blur`)}handleChange(){this.value=this.input.value,this.emit(`sl-change`)}handleClearClick(e){e.preventDefault(),this.value!==``&&(this.value=``,this.emit(`sl-clear`),this.emit(`sl-input`),this.emit(`sl-change`)),this.input.focus()}handleFocus(){this.hasFocus=!0,this.emit(`sl-focus`)}handleInput(){this.value=this.input.value,this.formControlController.updateValidity(),this.emit(`sl-input`)}handleInvalid(e){this.formControlController.setValidity(!1),this.formControlController.emitInvalidEvent(e)}handleKeyDown(e){let t=e.metaKey||e.ctrlKey||e.shiftKey||e.altKey;e.key===`Enter`&&!t&&setTimeout(()=>{!e.defaultPrevented&&!e.isComposing&&this.formControlController.submit()})}handlePasswordToggle(){this.passwordVisible=!this.passwordVisible}handleDisabledChange(){this.formControlController.setValidity(this.disabled)}handleStepChange(){this.input.step=String(this.step),this.formControlController.updateValidity()}async handleValueChange(){await this.updateComplete,this.formControlController.updateValidity()}focus(e){this.input.focus(e)}blur(){this.input.blur()}select(){this.input.select()}setSelectionRange(e,t,n=`none`){this.input.setSelectionRange(e,t,n)}setRangeText(e,t,n,r=`preserve`){let i=t??this.input.selectionStart,a=n??this.input.selectionEnd;this.input.setRangeText(e,i,a,r),this.value!==this.input.value&&(this.value=this.input.value)}showPicker(){`showPicker`in HTMLInputElement.prototype&&this.input.showPicker()}stepUp(){this.input.stepUp(),this.value!==this.input.value&&(this.value=this.input.value)}stepDown(){this.input.stepDown(),this.value!==this.input.value&&(this.value=this.input.value)}checkValidity(){return this.input.checkValidity()}getForm(){return this.formControlController.getForm()}reportValidity(){return this.input.reportValidity()}setCustomValidity(e){this.input.setCustomValidity(e),this.formControlController.updateValidity()}render(){let e=this.hasSlotController.test(`label`),t=this.hasSlotController.test(`help-text`),n=this.label?!0:!!e,r=this.helpText?!0:!!t,i=this.clearable&&!this.disabled&&!this.readonly&&(typeof this.value==`number`||this.value.length>0);return C`
      <div
        part="form-control"
        class=${M({"form-control":!0,"form-control--small":this.size===`small`,"form-control--medium":this.size===`medium`,"form-control--large":this.size===`large`,"form-control--has-label":n,"form-control--has-help-text":r})}
      >
        <label
          part="form-control-label"
          class="form-control__label"
          for="input"
          aria-hidden=${n?`false`:`true`}
        >
          <slot name="label">${this.label}</slot>
        </label>

        <div part="form-control-input" class="form-control-input">
          <div
            part="base"
            class=${M({input:!0,"input--small":this.size===`small`,"input--medium":this.size===`medium`,"input--large":this.size===`large`,"input--pill":this.pill,"input--standard":!this.filled,"input--filled":this.filled,"input--disabled":this.disabled,"input--focused":this.hasFocus,"input--empty":!this.value,"input--no-spin-buttons":this.noSpinButtons})}
          >
            <span part="prefix" class="input__prefix">
              <slot name="prefix"></slot>
            </span>

            <input
              part="input"
              id="input"
              class="input__control"
              type=${this.type===`password`&&this.passwordVisible?`text`:this.type}
              title=${this.title}
              name=${F(this.name)}
              ?disabled=${this.disabled}
              ?readonly=${this.readonly}
              ?required=${this.required}
              placeholder=${F(this.placeholder)}
              minlength=${F(this.minlength)}
              maxlength=${F(this.maxlength)}
              min=${F(this.min)}
              max=${F(this.max)}
              step=${F(this.step)}
              .value=${Ki(this.value)}
              autocapitalize=${F(this.autocapitalize)}
              autocomplete=${F(this.autocomplete)}
              autocorrect=${F(this.autocorrect)}
              ?autofocus=${this.autofocus}
              spellcheck=${this.spellcheck}
              pattern=${F(this.pattern)}
              enterkeyhint=${F(this.enterkeyhint)}
              inputmode=${F(this.inputmode)}
              aria-describedby="help-text"
              @change=${this.handleChange}
              @input=${this.handleInput}
              @invalid=${this.handleInvalid}
              @keydown=${this.handleKeyDown}
              @focus=${this.handleFocus}
              @blur=${this.handleBlur}
            />

            ${i?C`
                  <button
                    part="clear-button"
                    class="input__clear"
                    type="button"
                    aria-label=${this.localize.term(`clearEntry`)}
                    @click=${this.handleClearClick}
                    tabindex="-1"
                  >
                    <slot name="clear-icon">
                      <sl-icon name="x-circle-fill" library="system"></sl-icon>
                    </slot>
                  </button>
                `:``}
            ${this.passwordToggle&&!this.disabled?C`
                  <button
                    part="password-toggle-button"
                    class="input__password-toggle"
                    type="button"
                    aria-label=${this.localize.term(this.passwordVisible?`hidePassword`:`showPassword`)}
                    @click=${this.handlePasswordToggle}
                    tabindex="-1"
                  >
                    ${this.passwordVisible?C`
                          <slot name="show-password-icon">
                            <sl-icon name="eye-slash" library="system"></sl-icon>
                          </slot>
                        `:C`
                          <slot name="hide-password-icon">
                            <sl-icon name="eye" library="system"></sl-icon>
                          </slot>
                        `}
                  </button>
                `:``}

            <span part="suffix" class="input__suffix">
              <slot name="suffix"></slot>
            </span>
          </div>
        </div>

        <div
          part="form-control-help-text"
          id="help-text"
          class="form-control__help-text"
          aria-hidden=${r?`false`:`true`}
        >
          <slot name="help-text">${this.helpText}</slot>
        </div>
      </div>
    `}};U.styles=[E,Gi,Ui],U.dependencies={"sl-icon":P},D([A(`.input__control`)],U.prototype,`input`,2),D([k()],U.prototype,`hasFocus`,2),D([O()],U.prototype,`title`,2),D([O({reflect:!0})],U.prototype,`type`,2),D([O()],U.prototype,`name`,2),D([O()],U.prototype,`value`,2),D([Wi()],U.prototype,`defaultValue`,2),D([O({reflect:!0})],U.prototype,`size`,2),D([O({type:Boolean,reflect:!0})],U.prototype,`filled`,2),D([O({type:Boolean,reflect:!0})],U.prototype,`pill`,2),D([O()],U.prototype,`label`,2),D([O({attribute:`help-text`})],U.prototype,`helpText`,2),D([O({type:Boolean})],U.prototype,`clearable`,2),D([O({type:Boolean,reflect:!0})],U.prototype,`disabled`,2),D([O()],U.prototype,`placeholder`,2),D([O({type:Boolean,reflect:!0})],U.prototype,`readonly`,2),D([O({attribute:`password-toggle`,type:Boolean})],U.prototype,`passwordToggle`,2),D([O({attribute:`password-visible`,type:Boolean})],U.prototype,`passwordVisible`,2),D([O({attribute:`no-spin-buttons`,type:Boolean})],U.prototype,`noSpinButtons`,2),D([O({reflect:!0})],U.prototype,`form`,2),D([O({type:Boolean,reflect:!0})],U.prototype,`required`,2),D([O()],U.prototype,`pattern`,2),D([O({type:Number})],U.prototype,`minlength`,2),D([O({type:Number})],U.prototype,`maxlength`,2),D([O()],U.prototype,`min`,2),D([O()],U.prototype,`max`,2),D([O()],U.prototype,`step`,2),D([O()],U.prototype,`autocapitalize`,2),D([O()],U.prototype,`autocorrect`,2),D([O()],U.prototype,`autocomplete`,2),D([O({type:Boolean})],U.prototype,`autofocus`,2),D([O()],U.prototype,`enterkeyhint`,2),D([O({type:Boolean,converter:{fromAttribute:e=>!(!e||e===`false`),toAttribute:e=>e?`true`:`false`}})],U.prototype,`spellcheck`,2),D([O()],U.prototype,`inputmode`,2),D([N(`disabled`,{waitUntilFirstUpdate:!0})],U.prototype,`handleDisabledChange`,1),D([N(`step`,{waitUntilFirstUpdate:!0})],U.prototype,`handleStepChange`,1),D([N(`value`,{waitUntilFirstUpdate:!0})],U.prototype,`handleValueChange`,1),U.define(`sl-input`);var qi=o`
  :host {
    display: block;
    position: relative;
    background: var(--sl-panel-background-color);
    border: solid var(--sl-panel-border-width) var(--sl-panel-border-color);
    border-radius: var(--sl-border-radius-medium);
    padding: var(--sl-spacing-x-small) 0;
    overflow: auto;
    overscroll-behavior: none;
  }

  ::slotted(sl-divider) {
    --spacing: var(--sl-spacing-x-small);
  }
`,Ji=class extends j{connectedCallback(){super.connectedCallback(),this.setAttribute(`role`,`menu`)}handleClick(e){let t=[`menuitem`,`menuitemcheckbox`],n=e.composedPath(),r=n.find(e=>t.includes((e?.getAttribute)?.call(e,`role`)||``));if(!r||n.find(e=>(e?.getAttribute)?.call(e,`role`)===`menu`)!==this)return;let i=r;i.type===`checkbox`&&(i.checked=!i.checked),this.emit(`sl-select`,{detail:{item:i}})}handleKeyDown(e){if(e.key===`Enter`||e.key===` `){let t=this.getCurrentItem();e.preventDefault(),e.stopPropagation(),t?.click()}else if([`ArrowDown`,`ArrowUp`,`Home`,`End`].includes(e.key)){let t=this.getAllItems(),n=this.getCurrentItem(),r=n?t.indexOf(n):0;t.length>0&&(e.preventDefault(),e.stopPropagation(),e.key===`ArrowDown`?r++:e.key===`ArrowUp`?r--:e.key===`Home`?r=0:e.key===`End`&&(r=t.length-1),r<0&&(r=t.length-1),r>t.length-1&&(r=0),this.setCurrentItem(t[r]),t[r].focus())}}handleMouseDown(e){let t=e.target;this.isMenuItem(t)&&this.setCurrentItem(t)}handleSlotChange(){let e=this.getAllItems();e.length>0&&this.setCurrentItem(e[0])}isMenuItem(e){return e.tagName.toLowerCase()===`sl-menu-item`||[`menuitem`,`menuitemcheckbox`,`menuitemradio`].includes(e.getAttribute(`role`)??``)}getAllItems(){return[...this.defaultSlot.assignedElements({flatten:!0})].filter(e=>!(e.inert||!this.isMenuItem(e)))}getCurrentItem(){return this.getAllItems().find(e=>e.getAttribute(`tabindex`)===`0`)}setCurrentItem(e){this.getAllItems().forEach(t=>{t.setAttribute(`tabindex`,t===e?`0`:`-1`)})}render(){return C`
      <slot
        @slotchange=${this.handleSlotChange}
        @click=${this.handleClick}
        @keydown=${this.handleKeyDown}
        @mousedown=${this.handleMouseDown}
      ></slot>
    `}};Ji.styles=[E,qi],D([A(`slot`)],Ji.prototype,`defaultSlot`,2),Ji.define(`sl-menu`);var Yi=o`
  :host {
    --submenu-offset: -2px;

    display: block;
  }

  :host([inert]) {
    display: none;
  }

  .menu-item {
    position: relative;
    display: flex;
    align-items: stretch;
    font-family: var(--sl-font-sans);
    font-size: var(--sl-font-size-medium);
    font-weight: var(--sl-font-weight-normal);
    line-height: var(--sl-line-height-normal);
    letter-spacing: var(--sl-letter-spacing-normal);
    color: var(--sl-color-neutral-700);
    padding: var(--sl-spacing-2x-small) var(--sl-spacing-2x-small);
    transition: var(--sl-transition-fast) fill;
    user-select: none;
    -webkit-user-select: none;
    white-space: nowrap;
    cursor: pointer;
  }

  .menu-item.menu-item--disabled {
    outline: none;
    opacity: 0.5;
    cursor: not-allowed;
  }

  .menu-item.menu-item--loading {
    outline: none;
    cursor: wait;
  }

  .menu-item.menu-item--loading *:not(sl-spinner) {
    opacity: 0.5;
  }

  .menu-item--loading sl-spinner {
    --indicator-color: currentColor;
    --track-width: 1px;
    position: absolute;
    font-size: 0.75em;
    top: calc(50% - 0.5em);
    left: 0.65rem;
    opacity: 1;
  }

  .menu-item .menu-item__label {
    flex: 1 1 auto;
    display: inline-block;
    text-overflow: ellipsis;
    overflow: hidden;
  }

  .menu-item .menu-item__prefix {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
  }

  .menu-item .menu-item__prefix::slotted(*) {
    margin-inline-end: var(--sl-spacing-x-small);
  }

  .menu-item .menu-item__suffix {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
  }

  .menu-item .menu-item__suffix::slotted(*) {
    margin-inline-start: var(--sl-spacing-x-small);
  }

  /* Safe triangle */
  .menu-item--submenu-expanded::after {
    content: '';
    position: fixed;
    z-index: calc(var(--sl-z-index-dropdown) - 1);
    top: 0;
    right: 0;
    bottom: 0;
    left: 0;
    clip-path: polygon(
      var(--safe-triangle-cursor-x, 0) var(--safe-triangle-cursor-y, 0),
      var(--safe-triangle-submenu-start-x, 0) var(--safe-triangle-submenu-start-y, 0),
      var(--safe-triangle-submenu-end-x, 0) var(--safe-triangle-submenu-end-y, 0)
    );
  }

  :host(:focus-visible) {
    outline: none;
  }

  :host(:hover:not([aria-disabled='true'], :focus-visible)) .menu-item,
  .menu-item--submenu-expanded {
    background-color: var(--sl-color-neutral-100);
    color: var(--sl-color-neutral-1000);
  }

  :host(:focus-visible) .menu-item {
    outline: none;
    background-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
    opacity: 1;
  }

  .menu-item .menu-item__check,
  .menu-item .menu-item__chevron {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    justify-content: center;
    width: 1.5em;
    visibility: hidden;
  }

  .menu-item--checked .menu-item__check,
  .menu-item--has-submenu .menu-item__chevron {
    visibility: visible;
  }

  /* Add elevation and z-index to submenus */
  sl-popup::part(popup) {
    box-shadow: var(--sl-shadow-large);
    z-index: var(--sl-z-index-dropdown);
    margin-left: var(--submenu-offset);
  }

  .menu-item--rtl sl-popup::part(popup) {
    margin-left: calc(-1 * var(--submenu-offset));
  }

  @media (forced-colors: active) {
    :host(:hover:not([aria-disabled='true'])) .menu-item,
    :host(:focus-visible) .menu-item {
      outline: dashed 1px SelectedItem;
      outline-offset: -1px;
    }
  }

  ::slotted(sl-menu) {
    max-width: var(--auto-size-available-width) !important;
    max-height: var(--auto-size-available-height) !important;
  }
`,Xi=(e,t)=>{let n=e._$AN;if(n===void 0)return!1;for(let e of n)e._$AO?.(t,!1),Xi(e,t);return!0},Zi=e=>{let t,n;do{if((t=e._$AM)===void 0)break;n=t._$AN,n.delete(e),e=t}while(n?.size===0)},Qi=e=>{for(let t;t=e._$AM;e=t){let n=t._$AN;if(n===void 0)t._$AN=n=new Set;else if(n.has(e))break;n.add(e),ta(t)}};function $i(e){this._$AN===void 0?this._$AM=e:(Zi(this),this._$AM=e,Qi(this))}function ea(e,t=!1,n=0){let r=this._$AH,i=this._$AN;if(i!==void 0&&i.size!==0){if(t){if(Array.isArray(r))for(let e=n;e<r.length;e++)Xi(r[e],!1),Zi(r[e]);else r!=null&&(Xi(r,!1),Zi(r))}else Xi(this,e)}}var ta=e=>{e.type==ut.CHILD&&(e._$AP??=ea,e._$AQ??=$i)},na=class extends ft{constructor(){super(...arguments),this._$AN=void 0}_$AT(e,t,n){super._$AT(e,t,n),Qi(this),this.isConnected=e._$AU}_$AO(e,t=!0){e!==this.isConnected&&(this.isConnected=e,e?this.reconnected?.():this.disconnected?.()),t&&(Xi(this,e),Zi(this))}setValue(e){if(Qt(this._$Ct))this._$Ct._$AI(e,this);else{let t=[...this._$Ct._$AH];t[this._$Ci]=e,this._$Ct._$AI(t,this,0)}}disconnected(){}reconnected(){}},ra=()=>new ia,ia=class{},aa=new WeakMap,oa=dt(class extends na{render(e){return T}update(e,[t]){let n=t!==this.G;return n&&this.rt(void 0),(n||this.lt!==this.ct)&&(this.G=t,this.ht=e.options?.host,this.rt(this.ct=e.element)),T}rt(e){if(this.G!==void 0){if(this.isConnected||(e=void 0),typeof this.G==`function`){let t=this.ht??globalThis,n=aa.get(t);n===void 0&&(n=new WeakMap,aa.set(t,n)),n.get(this.G)!==void 0&&this.G.call(this.ht,void 0),n.set(this.G,e),e!==void 0&&this.G.call(this.ht,e)}else this.G.value=e}}get lt(){return typeof this.G==`function`?aa.get(this.ht??globalThis)?.get(this.G):this.G?.value}disconnected(){this.lt===this.ct&&this.rt(void 0)}reconnected(){this.rt(this.ct)}}),sa=class{constructor(e,t){this.popupRef=ra(),this.enableSubmenuTimer=-1,this.isConnected=!1,this.isPopupConnected=!1,this.skidding=0,this.submenuOpenDelay=100,this.handleMouseMove=e=>{this.host.style.setProperty(`--safe-triangle-cursor-x`,`${e.clientX}px`),this.host.style.setProperty(`--safe-triangle-cursor-y`,`${e.clientY}px`)},this.handleMouseOver=()=>{this.hasSlotController.test(`submenu`)&&this.enableSubmenu()},this.handleKeyDown=e=>{switch(e.key){case`Escape`:case`Tab`:this.disableSubmenu();break;case`ArrowLeft`:e.target!==this.host&&(e.preventDefault(),e.stopPropagation(),this.host.focus(),this.disableSubmenu());break;case`ArrowRight`:case`Enter`:case` `:this.handleSubmenuEntry(e)}},this.handleClick=e=>{e.target===this.host?(e.preventDefault(),e.stopPropagation()):e.target instanceof Element&&(e.target.tagName===`sl-menu-item`||e.target.role?.startsWith(`menuitem`))&&this.disableSubmenu()},this.handleFocusOut=e=>{e.relatedTarget&&e.relatedTarget instanceof Element&&this.host.contains(e.relatedTarget)||this.disableSubmenu()},this.handlePopupMouseover=e=>{e.stopPropagation()},this.handlePopupReposition=()=>{let e=this.host.renderRoot.querySelector(`slot[name='submenu']`)?.assignedElements({flatten:!0}).filter(e=>e.localName===`sl-menu`)[0],t=getComputedStyle(this.host).direction===`rtl`;if(!e)return;let{left:n,top:r,width:i,height:a}=e.getBoundingClientRect();this.host.style.setProperty(`--safe-triangle-submenu-start-x`,`${t?n+i:n}px`),this.host.style.setProperty(`--safe-triangle-submenu-start-y`,`${r}px`),this.host.style.setProperty(`--safe-triangle-submenu-end-x`,`${t?n+i:n}px`),this.host.style.setProperty(`--safe-triangle-submenu-end-y`,`${r+a}px`)},(this.host=e).addController(this),this.hasSlotController=t}hostConnected(){this.hasSlotController.test(`submenu`)&&!this.host.disabled&&this.addListeners()}hostDisconnected(){this.removeListeners()}hostUpdated(){this.hasSlotController.test(`submenu`)&&!this.host.disabled?(this.addListeners(),this.updateSkidding()):this.removeListeners()}addListeners(){this.isConnected||=(this.host.addEventListener(`mousemove`,this.handleMouseMove),this.host.addEventListener(`mouseover`,this.handleMouseOver),this.host.addEventListener(`keydown`,this.handleKeyDown),this.host.addEventListener(`click`,this.handleClick),this.host.addEventListener(`focusout`,this.handleFocusOut),!0),this.isPopupConnected||this.popupRef.value&&(this.popupRef.value.addEventListener(`mouseover`,this.handlePopupMouseover),this.popupRef.value.addEventListener(`sl-reposition`,this.handlePopupReposition),this.isPopupConnected=!0)}removeListeners(){this.isConnected&&=(this.host.removeEventListener(`mousemove`,this.handleMouseMove),this.host.removeEventListener(`mouseover`,this.handleMouseOver),this.host.removeEventListener(`keydown`,this.handleKeyDown),this.host.removeEventListener(`click`,this.handleClick),this.host.removeEventListener(`focusout`,this.handleFocusOut),!1),this.isPopupConnected&&this.popupRef.value&&(this.popupRef.value.removeEventListener(`mouseover`,this.handlePopupMouseover),this.popupRef.value.removeEventListener(`sl-reposition`,this.handlePopupReposition),this.isPopupConnected=!1)}handleSubmenuEntry(e){let t=this.host.renderRoot.querySelector(`slot[name='submenu']`);if(!t){console.error(`Cannot activate a submenu if no corresponding menuitem can be found.`,this);return}let n=null;for(let e of t.assignedElements())if(n=e.querySelectorAll(`sl-menu-item, [role^='menuitem']`),n.length!==0)break;if(n&&n.length!==0){n[0].setAttribute(`tabindex`,`0`);for(let e=1;e!==n.length;++e)n[e].setAttribute(`tabindex`,`-1`);this.popupRef.value&&(e.preventDefault(),e.stopPropagation(),this.popupRef.value.active?n[0]instanceof HTMLElement&&n[0].focus():(this.enableSubmenu(!1),this.host.updateComplete.then(()=>{n[0]instanceof HTMLElement&&n[0].focus()}),this.host.requestUpdate()))}}setSubmenuState(e){this.popupRef.value&&this.popupRef.value.active!==e&&(this.popupRef.value.active=e,this.host.requestUpdate())}enableSubmenu(e=!0){e?(window.clearTimeout(this.enableSubmenuTimer),this.enableSubmenuTimer=window.setTimeout(()=>{this.setSubmenuState(!0)},this.submenuOpenDelay)):this.setSubmenuState(!0)}disableSubmenu(){window.clearTimeout(this.enableSubmenuTimer),this.setSubmenuState(!1)}updateSkidding(){if(!this.host.parentElement?.computedStyleMap)return;let e=this.host.parentElement.computedStyleMap(),t=[`padding-top`,`border-top-width`,`margin-top`].reduce((t,n)=>{let r=e.get(n)??new CSSUnitValue(0,`px`);return t-(r instanceof CSSUnitValue?r:new CSSUnitValue(0,`px`)).to(`px`).value},0);this.skidding=t}isExpanded(){return this.popupRef.value?this.popupRef.value.active:!1}renderSubmenu(){let e=getComputedStyle(this.host).direction===`rtl`;return this.isConnected?C`
      <sl-popup
        ${oa(this.popupRef)}
        placement=${e?`left-start`:`right-start`}
        anchor="anchor"
        flip
        flip-fallback-strategy="best-fit"
        skidding="${this.skidding}"
        strategy="fixed"
        auto-size="vertical"
        auto-size-padding="10"
      >
        <slot name="submenu"></slot>
      </sl-popup>
    `:C` <slot name="submenu" hidden></slot> `}},W=class extends j{constructor(){super(...arguments),this.localize=new Et(this),this.type=`normal`,this.checked=!1,this.value=``,this.loading=!1,this.disabled=!1,this.hasSlotController=new It(this,`submenu`),this.submenuController=new sa(this,this.hasSlotController),this.handleHostClick=e=>{this.disabled&&(e.preventDefault(),e.stopImmediatePropagation())},this.handleMouseOver=e=>{this.focus(),e.stopPropagation()}}connectedCallback(){super.connectedCallback(),this.addEventListener(`click`,this.handleHostClick),this.addEventListener(`mouseover`,this.handleMouseOver)}disconnectedCallback(){super.disconnectedCallback(),this.removeEventListener(`click`,this.handleHostClick),this.removeEventListener(`mouseover`,this.handleMouseOver)}handleDefaultSlotChange(){let e=this.getTextLabel();this.cachedTextLabel===void 0?this.cachedTextLabel=e:e!==this.cachedTextLabel&&(this.cachedTextLabel=e,this.emit(`slotchange`,{bubbles:!0,composed:!1,cancelable:!1}))}handleCheckedChange(){this.checked&&this.type!==`checkbox`?(this.checked=!1,console.error(`The checked attribute can only be used on menu items with type="checkbox"`,this)):this.type===`checkbox`?this.setAttribute(`aria-checked`,this.checked?`true`:`false`):this.removeAttribute(`aria-checked`)}handleDisabledChange(){this.setAttribute(`aria-disabled`,this.disabled?`true`:`false`)}handleTypeChange(){this.type===`checkbox`?(this.setAttribute(`role`,`menuitemcheckbox`),this.setAttribute(`aria-checked`,this.checked?`true`:`false`)):(this.setAttribute(`role`,`menuitem`),this.removeAttribute(`aria-checked`))}getTextLabel(){return Lt(this.defaultSlot)}isSubmenu(){return this.hasSlotController.test(`submenu`)}render(){let e=this.localize.dir()===`rtl`,t=this.submenuController.isExpanded();return C`
      <div
        id="anchor"
        part="base"
        class=${M({"menu-item":!0,"menu-item--rtl":e,"menu-item--checked":this.checked,"menu-item--disabled":this.disabled,"menu-item--loading":this.loading,"menu-item--has-submenu":this.isSubmenu(),"menu-item--submenu-expanded":t})}
        ?aria-haspopup="${this.isSubmenu()}"
        ?aria-expanded="${!!t}"
      >
        <span part="checked-icon" class="menu-item__check">
          <sl-icon name="check" library="system" aria-hidden="true"></sl-icon>
        </span>

        <slot name="prefix" part="prefix" class="menu-item__prefix"></slot>

        <slot part="label" class="menu-item__label" @slotchange=${this.handleDefaultSlotChange}></slot>

        <slot name="suffix" part="suffix" class="menu-item__suffix"></slot>

        <span part="submenu-icon" class="menu-item__chevron">
          <sl-icon name=${e?`chevron-left`:`chevron-right`} library="system" aria-hidden="true"></sl-icon>
        </span>

        ${this.submenuController.renderSubmenu()}
        ${this.loading?C` <sl-spinner part="spinner" exportparts="base:spinner__base"></sl-spinner> `:``}
      </div>
    `}};W.styles=[E,Yi],W.dependencies={"sl-icon":P,"sl-popup":V,"sl-spinner":Dt},D([A(`slot:not([name])`)],W.prototype,`defaultSlot`,2),D([A(`.menu-item`)],W.prototype,`menuItem`,2),D([O()],W.prototype,`type`,2),D([O({type:Boolean,reflect:!0})],W.prototype,`checked`,2),D([O()],W.prototype,`value`,2),D([O({type:Boolean,reflect:!0})],W.prototype,`loading`,2),D([O({type:Boolean,reflect:!0})],W.prototype,`disabled`,2),D([N(`checked`)],W.prototype,`handleCheckedChange`,1),D([N(`disabled`)],W.prototype,`handleDisabledChange`,1),D([N(`type`)],W.prototype,`handleTypeChange`,1),W.define(`sl-menu-item`);var ca=o`
  :host {
    display: block;
    user-select: none;
    -webkit-user-select: none;
  }

  :host(:focus) {
    outline: none;
  }

  .option {
    position: relative;
    display: flex;
    align-items: center;
    font-family: var(--sl-font-sans);
    font-size: var(--sl-font-size-medium);
    font-weight: var(--sl-font-weight-normal);
    line-height: var(--sl-line-height-normal);
    letter-spacing: var(--sl-letter-spacing-normal);
    color: var(--sl-color-neutral-700);
    padding: var(--sl-spacing-x-small) var(--sl-spacing-medium) var(--sl-spacing-x-small) var(--sl-spacing-x-small);
    transition: var(--sl-transition-fast) fill;
    cursor: pointer;
  }

  .option--hover:not(.option--current):not(.option--disabled) {
    background-color: var(--sl-color-neutral-100);
    color: var(--sl-color-neutral-1000);
  }

  .option--current,
  .option--current.option--disabled {
    background-color: var(--sl-color-primary-600);
    color: var(--sl-color-neutral-0);
    opacity: 1;
  }

  .option--disabled {
    outline: none;
    opacity: 0.5;
    cursor: not-allowed;
  }

  .option__label {
    flex: 1 1 auto;
    display: inline-block;
    line-height: var(--sl-line-height-dense);
  }

  .option .option__check {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    justify-content: center;
    visibility: hidden;
    padding-inline-end: var(--sl-spacing-2x-small);
  }

  .option--selected .option__check {
    visibility: visible;
  }

  .option__prefix,
  .option__suffix {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
  }

  .option__prefix::slotted(*) {
    margin-inline-end: var(--sl-spacing-x-small);
  }

  .option__suffix::slotted(*) {
    margin-inline-start: var(--sl-spacing-x-small);
  }

  @media (forced-colors: active) {
    :host(:hover:not([aria-disabled='true'])) .option {
      outline: dashed 1px SelectedItem;
      outline-offset: -1px;
    }
  }
`,G=class extends j{constructor(){super(...arguments),this.localize=new Et(this),this.isInitialized=!1,this.current=!1,this.selected=!1,this.hasHover=!1,this.value=``,this.disabled=!1}connectedCallback(){super.connectedCallback(),this.setAttribute(`role`,`option`),this.setAttribute(`aria-selected`,`false`)}handleDefaultSlotChange(){this.isInitialized?customElements.whenDefined(`sl-select`).then(()=>{let e=this.closest(`sl-select`);e&&e.handleDefaultSlotChange()}):this.isInitialized=!0}handleMouseEnter(){this.hasHover=!0}handleMouseLeave(){this.hasHover=!1}handleDisabledChange(){this.setAttribute(`aria-disabled`,this.disabled?`true`:`false`)}handleSelectedChange(){this.setAttribute(`aria-selected`,this.selected?`true`:`false`)}handleValueChange(){typeof this.value!=`string`&&(this.value=String(this.value)),this.value.includes(` `)&&(console.error(`Option values cannot include a space. All spaces have been replaced with underscores.`,this),this.value=this.value.replace(/ /g,`_`))}getTextLabel(){let e=this.childNodes,t=``;return[...e].forEach(e=>{e.nodeType===Node.ELEMENT_NODE&&(e.hasAttribute(`slot`)||(t+=e.textContent)),e.nodeType===Node.TEXT_NODE&&(t+=e.textContent)}),t.trim()}render(){return C`
      <div
        part="base"
        class=${M({option:!0,"option--current":this.current,"option--disabled":this.disabled,"option--selected":this.selected,"option--hover":this.hasHover})}
        @mouseenter=${this.handleMouseEnter}
        @mouseleave=${this.handleMouseLeave}
      >
        <sl-icon part="checked-icon" class="option__check" name="check" library="system" aria-hidden="true"></sl-icon>
        <slot part="prefix" name="prefix" class="option__prefix"></slot>
        <slot part="label" class="option__label" @slotchange=${this.handleDefaultSlotChange}></slot>
        <slot part="suffix" name="suffix" class="option__suffix"></slot>
      </div>
    `}};G.styles=[E,ca],G.dependencies={"sl-icon":P},D([A(`.option__label`)],G.prototype,`defaultSlot`,2),D([k()],G.prototype,`current`,2),D([k()],G.prototype,`selected`,2),D([k()],G.prototype,`hasHover`,2),D([O({reflect:!0})],G.prototype,`value`,2),D([O({type:Boolean,reflect:!0})],G.prototype,`disabled`,2),D([N(`disabled`)],G.prototype,`handleDisabledChange`,1),D([N(`selected`)],G.prototype,`handleSelectedChange`,1),D([N(`value`)],G.prototype,`handleValueChange`,1),G.define(`sl-option`);var la=o`
  :host {
    display: inline-block;
  }

  .tag {
    display: flex;
    align-items: center;
    border: solid 1px;
    line-height: 1;
    white-space: nowrap;
    user-select: none;
    -webkit-user-select: none;
  }

  .tag__remove::part(base) {
    color: inherit;
    padding: 0;
  }

  /*
   * Variant modifiers
   */

  .tag--primary {
    background-color: var(--sl-color-primary-50);
    border-color: var(--sl-color-primary-200);
    color: var(--sl-color-primary-800);
  }

  .tag--primary:active > sl-icon-button {
    color: var(--sl-color-primary-600);
  }

  .tag--success {
    background-color: var(--sl-color-success-50);
    border-color: var(--sl-color-success-200);
    color: var(--sl-color-success-800);
  }

  .tag--success:active > sl-icon-button {
    color: var(--sl-color-success-600);
  }

  .tag--neutral {
    background-color: var(--sl-color-neutral-50);
    border-color: var(--sl-color-neutral-200);
    color: var(--sl-color-neutral-800);
  }

  .tag--neutral:active > sl-icon-button {
    color: var(--sl-color-neutral-600);
  }

  .tag--warning {
    background-color: var(--sl-color-warning-50);
    border-color: var(--sl-color-warning-200);
    color: var(--sl-color-warning-800);
  }

  .tag--warning:active > sl-icon-button {
    color: var(--sl-color-warning-600);
  }

  .tag--danger {
    background-color: var(--sl-color-danger-50);
    border-color: var(--sl-color-danger-200);
    color: var(--sl-color-danger-800);
  }

  .tag--danger:active > sl-icon-button {
    color: var(--sl-color-danger-600);
  }

  /*
   * Size modifiers
   */

  .tag--small {
    font-size: var(--sl-button-font-size-small);
    height: calc(var(--sl-input-height-small) * 0.8);
    line-height: calc(var(--sl-input-height-small) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-small);
    padding: 0 var(--sl-spacing-x-small);
  }

  .tag--medium {
    font-size: var(--sl-button-font-size-medium);
    height: calc(var(--sl-input-height-medium) * 0.8);
    line-height: calc(var(--sl-input-height-medium) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-medium);
    padding: 0 var(--sl-spacing-small);
  }

  .tag--large {
    font-size: var(--sl-button-font-size-large);
    height: calc(var(--sl-input-height-large) * 0.8);
    line-height: calc(var(--sl-input-height-large) - var(--sl-input-border-width) * 2);
    border-radius: var(--sl-input-border-radius-large);
    padding: 0 var(--sl-spacing-medium);
  }

  .tag__remove {
    margin-inline-start: var(--sl-spacing-x-small);
  }

  /*
   * Pill modifier
   */

  .tag--pill {
    border-radius: var(--sl-border-radius-pill);
  }
`,ua=class extends j{constructor(){super(...arguments),this.localize=new Et(this),this.variant=`neutral`,this.size=`medium`,this.pill=!1,this.removable=!1}handleRemoveClick(){this.emit(`sl-remove`)}render(){return C`
      <span
        part="base"
        class=${M({tag:!0,"tag--primary":this.variant===`primary`,"tag--success":this.variant===`success`,"tag--neutral":this.variant===`neutral`,"tag--warning":this.variant===`warning`,"tag--danger":this.variant===`danger`,"tag--text":this.variant===`text`,"tag--small":this.size===`small`,"tag--medium":this.size===`medium`,"tag--large":this.size===`large`,"tag--pill":this.pill,"tag--removable":this.removable})}
      >
        <slot part="content" class="tag__content"></slot>

        ${this.removable?C`
              <sl-icon-button
                part="remove-button"
                exportparts="base:remove-button__base"
                name="x-lg"
                library="system"
                label=${this.localize.term(`remove`)}
                class="tag__remove"
                @click=${this.handleRemoveClick}
                tabindex="-1"
              ></sl-icon-button>
            `:``}
      </span>
    `}};ua.styles=[E,la],ua.dependencies={"sl-icon-button":L},D([O({reflect:!0})],ua.prototype,`variant`,2),D([O({reflect:!0})],ua.prototype,`size`,2),D([O({type:Boolean,reflect:!0})],ua.prototype,`pill`,2),D([O({type:Boolean})],ua.prototype,`removable`,2);var da=o`
  :host {
    display: block;
  }

  /** The popup */
  .select {
    flex: 1 1 auto;
    display: inline-flex;
    width: 100%;
    position: relative;
    vertical-align: middle;
  }

  .select::part(popup) {
    z-index: var(--sl-z-index-dropdown);
  }

  .select[data-current-placement^='top']::part(popup) {
    transform-origin: bottom;
  }

  .select[data-current-placement^='bottom']::part(popup) {
    transform-origin: top;
  }

  /* Combobox */
  .select__combobox {
    flex: 1;
    display: flex;
    width: 100%;
    min-width: 0;
    position: relative;
    align-items: center;
    justify-content: start;
    font-family: var(--sl-input-font-family);
    font-weight: var(--sl-input-font-weight);
    letter-spacing: var(--sl-input-letter-spacing);
    vertical-align: middle;
    overflow: hidden;
    cursor: pointer;
    transition:
      var(--sl-transition-fast) color,
      var(--sl-transition-fast) border,
      var(--sl-transition-fast) box-shadow,
      var(--sl-transition-fast) background-color;
  }

  .select__display-input {
    position: relative;
    width: 100%;
    font: inherit;
    border: none;
    background: none;
    color: var(--sl-input-color);
    cursor: inherit;
    overflow: hidden;
    padding: 0;
    margin: 0;
    -webkit-appearance: none;
  }

  .select__display-input::placeholder {
    color: var(--sl-input-placeholder-color);
  }

  .select:not(.select--disabled):hover .select__display-input {
    color: var(--sl-input-color-hover);
  }

  .select__display-input:focus {
    outline: none;
  }

  /* Visually hide the display input when multiple is enabled */
  .select--multiple:not(.select--placeholder-visible) .select__display-input {
    position: absolute;
    z-index: -1;
    top: 0;
    left: 0;
    width: 100%;
    height: 100%;
    opacity: 0;
  }

  .select__value-input {
    position: absolute;
    top: 0;
    left: 0;
    width: 100%;
    height: 100%;
    padding: 0;
    margin: 0;
    opacity: 0;
    z-index: -1;
  }

  .select__tags {
    display: flex;
    flex: 1;
    align-items: center;
    flex-wrap: wrap;
    margin-inline-start: var(--sl-spacing-2x-small);
  }

  .select__tags::slotted(sl-tag) {
    cursor: pointer !important;
  }

  .select--disabled .select__tags,
  .select--disabled .select__tags::slotted(sl-tag) {
    cursor: not-allowed !important;
  }

  /* Standard selects */
  .select--standard .select__combobox {
    background-color: var(--sl-input-background-color);
    border: solid var(--sl-input-border-width) var(--sl-input-border-color);
  }

  .select--standard.select--disabled .select__combobox {
    background-color: var(--sl-input-background-color-disabled);
    border-color: var(--sl-input-border-color-disabled);
    color: var(--sl-input-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
    outline: none;
  }

  .select--standard:not(.select--disabled).select--open .select__combobox,
  .select--standard:not(.select--disabled).select--focused .select__combobox {
    background-color: var(--sl-input-background-color-focus);
    border-color: var(--sl-input-border-color-focus);
    box-shadow: 0 0 0 var(--sl-focus-ring-width) var(--sl-input-focus-ring-color);
  }

  /* Filled selects */
  .select--filled .select__combobox {
    border: none;
    background-color: var(--sl-input-filled-background-color);
    color: var(--sl-input-color);
  }

  .select--filled:hover:not(.select--disabled) .select__combobox {
    background-color: var(--sl-input-filled-background-color-hover);
  }

  .select--filled.select--disabled .select__combobox {
    background-color: var(--sl-input-filled-background-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
  }

  .select--filled:not(.select--disabled).select--open .select__combobox,
  .select--filled:not(.select--disabled).select--focused .select__combobox {
    background-color: var(--sl-input-filled-background-color-focus);
    outline: var(--sl-focus-ring);
  }

  /* Sizes */
  .select--small .select__combobox {
    border-radius: var(--sl-input-border-radius-small);
    font-size: var(--sl-input-font-size-small);
    min-height: var(--sl-input-height-small);
    padding-block: 0;
    padding-inline: var(--sl-input-spacing-small);
  }

  .select--small .select__clear {
    margin-inline-start: var(--sl-input-spacing-small);
  }

  .select--small .select__prefix::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-small);
  }

  .select--small.select--multiple:not(.select--placeholder-visible) .select__prefix::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-small);
  }

  .select--small.select--multiple:not(.select--placeholder-visible) .select__combobox {
    padding-block: 2px;
    padding-inline-start: 0;
  }

  .select--small .select__tags {
    gap: 2px;
  }

  .select--medium .select__combobox {
    border-radius: var(--sl-input-border-radius-medium);
    font-size: var(--sl-input-font-size-medium);
    min-height: var(--sl-input-height-medium);
    padding-block: 0;
    padding-inline: var(--sl-input-spacing-medium);
  }

  .select--medium .select__clear {
    margin-inline-start: var(--sl-input-spacing-medium);
  }

  .select--medium .select__prefix::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-medium);
  }

  .select--medium.select--multiple:not(.select--placeholder-visible) .select__prefix::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-medium);
  }

  .select--medium.select--multiple:not(.select--placeholder-visible) .select__combobox {
    padding-inline-start: 0;
    padding-block: 3px;
  }

  .select--medium .select__tags {
    gap: 3px;
  }

  .select--large .select__combobox {
    border-radius: var(--sl-input-border-radius-large);
    font-size: var(--sl-input-font-size-large);
    min-height: var(--sl-input-height-large);
    padding-block: 0;
    padding-inline: var(--sl-input-spacing-large);
  }

  .select--large .select__clear {
    margin-inline-start: var(--sl-input-spacing-large);
  }

  .select--large .select__prefix::slotted(*) {
    margin-inline-end: var(--sl-input-spacing-large);
  }

  .select--large.select--multiple:not(.select--placeholder-visible) .select__prefix::slotted(*) {
    margin-inline-start: var(--sl-input-spacing-large);
  }

  .select--large.select--multiple:not(.select--placeholder-visible) .select__combobox {
    padding-inline-start: 0;
    padding-block: 4px;
  }

  .select--large .select__tags {
    gap: 4px;
  }

  /* Pills */
  .select--pill.select--small .select__combobox {
    border-radius: var(--sl-input-height-small);
  }

  .select--pill.select--medium .select__combobox {
    border-radius: var(--sl-input-height-medium);
  }

  .select--pill.select--large .select__combobox {
    border-radius: var(--sl-input-height-large);
  }

  /* Prefix and Suffix */
  .select__prefix,
  .select__suffix {
    flex: 0;
    display: inline-flex;
    align-items: center;
    color: var(--sl-input-placeholder-color);
  }

  .select__suffix::slotted(*) {
    margin-inline-start: var(--sl-spacing-small);
  }

  /* Clear button */
  .select__clear {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    font-size: inherit;
    color: var(--sl-input-icon-color);
    border: none;
    background: none;
    padding: 0;
    transition: var(--sl-transition-fast) color;
    cursor: pointer;
  }

  .select__clear:hover {
    color: var(--sl-input-icon-color-hover);
  }

  .select__clear:focus {
    outline: none;
  }

  /* Expand icon */
  .select__expand-icon {
    flex: 0 0 auto;
    display: flex;
    align-items: center;
    transition: var(--sl-transition-medium) rotate ease;
    rotate: 0;
    margin-inline-start: var(--sl-spacing-small);
  }

  .select--open .select__expand-icon {
    rotate: -180deg;
  }

  /* Listbox */
  .select__listbox {
    display: block;
    position: relative;
    font-family: var(--sl-font-sans);
    font-size: var(--sl-font-size-medium);
    font-weight: var(--sl-font-weight-normal);
    box-shadow: var(--sl-shadow-large);
    background: var(--sl-panel-background-color);
    border: solid var(--sl-panel-border-width) var(--sl-panel-border-color);
    border-radius: var(--sl-border-radius-medium);
    padding-block: var(--sl-spacing-x-small);
    padding-inline: 0;
    overflow: auto;
    overscroll-behavior: none;

    /* Make sure it adheres to the popup's auto size */
    max-width: var(--auto-size-available-width);
    max-height: var(--auto-size-available-height);
  }

  .select__listbox ::slotted(sl-divider) {
    --spacing: var(--sl-spacing-x-small);
  }

  .select__listbox ::slotted(small) {
    display: block;
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-semibold);
    color: var(--sl-color-neutral-500);
    padding-block: var(--sl-spacing-2x-small);
    padding-inline: var(--sl-spacing-x-large);
  }
`,fa=class extends ft{constructor(e){if(super(e),this.it=T,e.type!==ut.CHILD)throw Error(this.constructor.directiveName+`() can only be used in child bindings`)}render(e){if(e===T||e==null)return this._t=void 0,this.it=e;if(e===w)return e;if(typeof e!=`string`)throw Error(this.constructor.directiveName+`() called with a non-string value`);if(e===this.it)return this._t;this.it=e;let t=[e];return t.raw=t,this._t={_$litType$:this.constructor.resultType,strings:t,values:[]}}};fa.directiveName=`unsafeHTML`,fa.resultType=1;var pa=dt(fa),K=class extends j{constructor(){super(...arguments),this.formControlController=new Nt(this,{assumeInteractionOn:[`sl-blur`,`sl-input`]}),this.hasSlotController=new It(this,`help-text`,`label`),this.localize=new Et(this),this.typeToSelectString=``,this.hasFocus=!1,this.displayLabel=``,this.selectedOptions=[],this.valueHasChanged=!1,this.name=``,this._value=``,this.defaultValue=``,this.size=`medium`,this.placeholder=``,this.multiple=!1,this.maxOptionsVisible=3,this.disabled=!1,this.clearable=!1,this.open=!1,this.hoist=!1,this.filled=!1,this.pill=!1,this.label=``,this.placement=`bottom`,this.helpText=``,this.form=``,this.required=!1,this.getTag=e=>C`
      <sl-tag
        part="tag"
        exportparts="
              base:tag__base,
              content:tag__content,
              remove-button:tag__remove-button,
              remove-button__base:tag__remove-button__base
            "
        ?pill=${this.pill}
        size=${this.size}
        removable
        @sl-remove=${t=>this.handleTagRemove(t,e)}
      >
        ${e.getTextLabel()}
      </sl-tag>
    `,this.handleDocumentFocusIn=e=>{let t=e.composedPath();this&&!t.includes(this)&&this.hide()},this.handleDocumentKeyDown=e=>{let t=e.target,n=t.closest(`.select__clear`)!==null,r=t.closest(`sl-icon-button`)!==null;if(!(n||r)){if(e.key===`Escape`&&this.open&&!this.closeWatcher&&(e.preventDefault(),e.stopPropagation(),this.hide(),this.displayInput.focus({preventScroll:!0})),e.key===`Enter`||e.key===` `&&this.typeToSelectString===``){if(e.preventDefault(),e.stopImmediatePropagation(),!this.open){this.show();return}this.currentOption&&!this.currentOption.disabled&&(this.valueHasChanged=!0,this.multiple?this.toggleOptionSelection(this.currentOption):this.setSelectedOptions(this.currentOption),this.updateComplete.then(()=>{this.emit(`sl-input`),this.emit(`sl-change`)}),this.multiple||(this.hide(),this.displayInput.focus({preventScroll:!0})))}else{if([`ArrowUp`,`ArrowDown`,`Home`,`End`].includes(e.key)){let t=this.getAllOptions(),n=t.indexOf(this.currentOption),r=Math.max(0,n);if(e.preventDefault(),!this.open&&(this.show(),this.currentOption))return;e.key===`ArrowDown`?(r=n+1,r>t.length-1&&(r=0)):e.key===`ArrowUp`?(r=n-1,r<0&&(r=t.length-1)):e.key===`Home`?r=0:e.key===`End`&&(r=t.length-1),this.setCurrentOption(t[r])}if(e.key&&e.key.length===1||e.key===`Backspace`){let t=this.getAllOptions();if(e.metaKey||e.ctrlKey||e.altKey)return;if(!this.open){if(e.key===`Backspace`)return;this.show()}e.stopPropagation(),e.preventDefault(),clearTimeout(this.typeToSelectTimeout),this.typeToSelectTimeout=window.setTimeout(()=>this.typeToSelectString=``,1e3),e.key===`Backspace`?this.typeToSelectString=this.typeToSelectString.slice(0,-1):this.typeToSelectString+=e.key.toLowerCase();for(let e of t)if(e.getTextLabel().toLowerCase().startsWith(this.typeToSelectString)){this.setCurrentOption(e);break}}}}},this.handleDocumentMouseDown=e=>{let t=e.composedPath();this&&!t.includes(this)&&this.hide()}}get value(){return this._value}set value(e){e=this.multiple?Array.isArray(e)?e:e.split(` `):Array.isArray(e)?e.join(` `):e,this._value!==e&&(this.valueHasChanged=!0,this._value=e)}get validity(){return this.valueInput.validity}get validationMessage(){return this.valueInput.validationMessage}connectedCallback(){super.connectedCallback(),setTimeout(()=>{this.handleDefaultSlotChange()}),this.open=!1}addOpenListeners(){var e;document.addEventListener(`focusin`,this.handleDocumentFocusIn),document.addEventListener(`keydown`,this.handleDocumentKeyDown),document.addEventListener(`mousedown`,this.handleDocumentMouseDown),this.getRootNode()!==document&&this.getRootNode().addEventListener(`focusin`,this.handleDocumentFocusIn),`CloseWatcher`in window&&((e=this.closeWatcher)==null||e.destroy(),this.closeWatcher=new CloseWatcher,this.closeWatcher.onclose=()=>{this.open&&(this.hide(),this.displayInput.focus({preventScroll:!0}))})}removeOpenListeners(){var e;document.removeEventListener(`focusin`,this.handleDocumentFocusIn),document.removeEventListener(`keydown`,this.handleDocumentKeyDown),document.removeEventListener(`mousedown`,this.handleDocumentMouseDown),this.getRootNode()!==document&&this.getRootNode().removeEventListener(`focusin`,this.handleDocumentFocusIn),(e=this.closeWatcher)==null||e.destroy()}handleFocus(){this.hasFocus=!0,this.displayInput.setSelectionRange(0,0),this.emit(`sl-focus`)}handleBlur(){this.hasFocus=!1,this.emit(`sl-blur`)}handleLabelClick(){this.displayInput.focus()}handleComboboxMouseDown(e){let t=e.composedPath().some(e=>e instanceof Element&&e.tagName.toLowerCase()===`sl-icon-button`);this.disabled||t||(e.preventDefault(),this.displayInput.focus({preventScroll:!0}),this.open=!this.open)}handleComboboxKeyDown(e){e.key!==`Tab`&&(e.stopPropagation(),this.handleDocumentKeyDown(e))}handleClearClick(e){e.stopPropagation(),this.valueHasChanged=!0,this.value!==``&&(this.setSelectedOptions([]),this.displayInput.focus({preventScroll:!0}),this.updateComplete.then(()=>{this.emit(`sl-clear`),this.emit(`sl-input`),this.emit(`sl-change`)}))}handleClearMouseDown(e){e.stopPropagation(),e.preventDefault()}handleOptionClick(e){let t=e.target.closest(`sl-option`),n=this.value;t&&!t.disabled&&(this.valueHasChanged=!0,this.multiple?this.toggleOptionSelection(t):this.setSelectedOptions(t),this.updateComplete.then(()=>this.displayInput.focus({preventScroll:!0})),this.value!==n&&this.updateComplete.then(()=>{this.emit(`sl-input`),this.emit(`sl-change`)}),this.multiple||(this.hide(),this.displayInput.focus({preventScroll:!0})))}handleDefaultSlotChange(){customElements.get(`sl-option`)||customElements.whenDefined(`sl-option`).then(()=>this.handleDefaultSlotChange());let e=this.getAllOptions(),t=this.valueHasChanged?this.value:this.defaultValue,n=Array.isArray(t)?t:[t],r=[];e.forEach(e=>r.push(e.value)),this.setSelectedOptions(e.filter(e=>n.includes(e.value)))}handleTagRemove(e,t){e.stopPropagation(),this.valueHasChanged=!0,this.disabled||(this.toggleOptionSelection(t,!1),this.updateComplete.then(()=>{this.emit(`sl-input`),this.emit(`sl-change`)}))}getAllOptions(){return[...this.querySelectorAll(`sl-option`)]}getFirstOption(){return this.querySelector(`sl-option`)}setCurrentOption(e){this.getAllOptions().forEach(e=>{e.current=!1,e.tabIndex=-1}),e&&(this.currentOption=e,e.current=!0,e.tabIndex=0,e.focus())}setSelectedOptions(e){let t=this.getAllOptions(),n=Array.isArray(e)?e:[e];t.forEach(e=>e.selected=!1),n.length&&n.forEach(e=>e.selected=!0),this.selectionChanged()}toggleOptionSelection(e,t){e.selected=t===!0||t===!1?t:!e.selected,this.selectionChanged()}selectionChanged(){let e=this.getAllOptions();this.selectedOptions=e.filter(e=>e.selected);let t=this.valueHasChanged;if(this.multiple)this.value=this.selectedOptions.map(e=>e.value),this.displayLabel=this.placeholder&&this.value.length===0?``:this.localize.term(`numOptionsSelected`,this.selectedOptions.length);else{let e=this.selectedOptions[0];this.value=e?.value??``,this.displayLabel=(e?.getTextLabel)?.call(e)??``}this.valueHasChanged=t,this.updateComplete.then(()=>{this.formControlController.updateValidity()})}get tags(){return this.selectedOptions.map((e,t)=>{if(t<this.maxOptionsVisible||this.maxOptionsVisible<=0){let n=this.getTag(e,t);return C`<div @sl-remove=${t=>this.handleTagRemove(t,e)}>
          ${typeof n==`string`?pa(n):n}
        </div>`}return t===this.maxOptionsVisible?C`<sl-tag size=${this.size}>+${this.selectedOptions.length-t}</sl-tag>`:C``})}handleInvalid(e){this.formControlController.setValidity(!1),this.formControlController.emitInvalidEvent(e)}handleDisabledChange(){this.disabled&&(this.open=!1,this.handleOpenChange())}attributeChangedCallback(e,t,n){if(super.attributeChangedCallback(e,t,n),e===`value`){let e=this.valueHasChanged;this.value=this.defaultValue,this.valueHasChanged=e}}handleValueChange(){if(!this.valueHasChanged){let e=this.valueHasChanged;this.value=this.defaultValue,this.valueHasChanged=e}let e=this.getAllOptions(),t=Array.isArray(this.value)?this.value:[this.value];this.setSelectedOptions(e.filter(e=>t.includes(e.value)))}async handleOpenChange(){if(this.open&&!this.disabled){this.setCurrentOption(this.selectedOptions[0]||this.getFirstOption()),this.emit(`sl-show`),this.addOpenListeners(),await Kn(this),this.listbox.hidden=!1,this.popup.active=!0,requestAnimationFrame(()=>{this.setCurrentOption(this.currentOption)});let{keyframes:e,options:t}=Hn(this,`select.show`,{dir:this.localize.dir()});await Wn(this.popup.popup,e,t),this.currentOption&&Fn(this.currentOption,this.listbox,`vertical`,`auto`),this.emit(`sl-after-show`)}else{this.emit(`sl-hide`),this.removeOpenListeners(),await Kn(this);let{keyframes:e,options:t}=Hn(this,`select.hide`,{dir:this.localize.dir()});await Wn(this.popup.popup,e,t),this.listbox.hidden=!0,this.popup.active=!1,this.emit(`sl-after-hide`)}}async show(){if(this.open||this.disabled)this.open=!1;else return this.open=!0,Un(this,`sl-after-show`)}async hide(){if(!this.open||this.disabled)this.open=!1;else return this.open=!1,Un(this,`sl-after-hide`)}checkValidity(){return this.valueInput.checkValidity()}getForm(){return this.formControlController.getForm()}reportValidity(){return this.valueInput.reportValidity()}setCustomValidity(e){this.valueInput.setCustomValidity(e),this.formControlController.updateValidity()}focus(e){this.displayInput.focus(e)}blur(){this.displayInput.blur()}render(){let e=this.hasSlotController.test(`label`),t=this.hasSlotController.test(`help-text`),n=this.label?!0:!!e,r=this.helpText?!0:!!t,i=this.clearable&&!this.disabled&&this.value.length>0,a=this.placeholder&&this.value&&this.value.length<=0;return C`
      <div
        part="form-control"
        class=${M({"form-control":!0,"form-control--small":this.size===`small`,"form-control--medium":this.size===`medium`,"form-control--large":this.size===`large`,"form-control--has-label":n,"form-control--has-help-text":r})}
      >
        <label
          id="label"
          part="form-control-label"
          class="form-control__label"
          aria-hidden=${n?`false`:`true`}
          @click=${this.handleLabelClick}
        >
          <slot name="label">${this.label}</slot>
        </label>

        <div part="form-control-input" class="form-control-input">
          <sl-popup
            class=${M({select:!0,"select--standard":!0,"select--filled":this.filled,"select--pill":this.pill,"select--open":this.open,"select--disabled":this.disabled,"select--multiple":this.multiple,"select--focused":this.hasFocus,"select--placeholder-visible":a,"select--top":this.placement===`top`,"select--bottom":this.placement===`bottom`,"select--small":this.size===`small`,"select--medium":this.size===`medium`,"select--large":this.size===`large`})}
            placement=${this.placement}
            strategy=${this.hoist?`fixed`:`absolute`}
            flip
            shift
            sync="width"
            auto-size="vertical"
            auto-size-padding="10"
          >
            <div
              part="combobox"
              class="select__combobox"
              slot="anchor"
              @keydown=${this.handleComboboxKeyDown}
              @mousedown=${this.handleComboboxMouseDown}
            >
              <slot part="prefix" name="prefix" class="select__prefix"></slot>

              <input
                part="display-input"
                class="select__display-input"
                type="text"
                placeholder=${this.placeholder}
                .disabled=${this.disabled}
                .value=${this.displayLabel}
                autocomplete="off"
                spellcheck="false"
                autocapitalize="off"
                readonly
                aria-controls="listbox"
                aria-expanded=${this.open?`true`:`false`}
                aria-haspopup="listbox"
                aria-labelledby="label"
                aria-disabled=${this.disabled?`true`:`false`}
                aria-describedby="help-text"
                role="combobox"
                tabindex="0"
                @focus=${this.handleFocus}
                @blur=${this.handleBlur}
              />

              ${this.multiple?C`<div part="tags" class="select__tags">${this.tags}</div>`:``}

              <input
                class="select__value-input"
                type="text"
                ?disabled=${this.disabled}
                ?required=${this.required}
                .value=${Array.isArray(this.value)?this.value.join(`, `):this.value}
                tabindex="-1"
                aria-hidden="true"
                @focus=${()=>this.focus()}
                @invalid=${this.handleInvalid}
              />

              ${i?C`
                    <button
                      part="clear-button"
                      class="select__clear"
                      type="button"
                      aria-label=${this.localize.term(`clearEntry`)}
                      @mousedown=${this.handleClearMouseDown}
                      @click=${this.handleClearClick}
                      tabindex="-1"
                    >
                      <slot name="clear-icon">
                        <sl-icon name="x-circle-fill" library="system"></sl-icon>
                      </slot>
                    </button>
                  `:``}

              <slot name="suffix" part="suffix" class="select__suffix"></slot>

              <slot name="expand-icon" part="expand-icon" class="select__expand-icon">
                <sl-icon library="system" name="chevron-down"></sl-icon>
              </slot>
            </div>

            <div
              id="listbox"
              role="listbox"
              aria-expanded=${this.open?`true`:`false`}
              aria-multiselectable=${this.multiple?`true`:`false`}
              aria-labelledby="label"
              part="listbox"
              class="select__listbox"
              tabindex="-1"
              @mouseup=${this.handleOptionClick}
              @slotchange=${this.handleDefaultSlotChange}
            >
              <slot></slot>
            </div>
          </sl-popup>
        </div>

        <div
          part="form-control-help-text"
          id="help-text"
          class="form-control__help-text"
          aria-hidden=${r?`false`:`true`}
        >
          <slot name="help-text">${this.helpText}</slot>
        </div>
      </div>
    `}};K.styles=[E,Gi,da],K.dependencies={"sl-icon":P,"sl-popup":V,"sl-tag":ua},D([A(`.select`)],K.prototype,`popup`,2),D([A(`.select__combobox`)],K.prototype,`combobox`,2),D([A(`.select__display-input`)],K.prototype,`displayInput`,2),D([A(`.select__value-input`)],K.prototype,`valueInput`,2),D([A(`.select__listbox`)],K.prototype,`listbox`,2),D([k()],K.prototype,`hasFocus`,2),D([k()],K.prototype,`displayLabel`,2),D([k()],K.prototype,`currentOption`,2),D([k()],K.prototype,`selectedOptions`,2),D([k()],K.prototype,`valueHasChanged`,2),D([O()],K.prototype,`name`,2),D([k()],K.prototype,`value`,1),D([O({attribute:`value`})],K.prototype,`defaultValue`,2),D([O({reflect:!0})],K.prototype,`size`,2),D([O()],K.prototype,`placeholder`,2),D([O({type:Boolean,reflect:!0})],K.prototype,`multiple`,2),D([O({attribute:`max-options-visible`,type:Number})],K.prototype,`maxOptionsVisible`,2),D([O({type:Boolean,reflect:!0})],K.prototype,`disabled`,2),D([O({type:Boolean})],K.prototype,`clearable`,2),D([O({type:Boolean,reflect:!0})],K.prototype,`open`,2),D([O({type:Boolean})],K.prototype,`hoist`,2),D([O({type:Boolean,reflect:!0})],K.prototype,`filled`,2),D([O({type:Boolean,reflect:!0})],K.prototype,`pill`,2),D([O()],K.prototype,`label`,2),D([O({reflect:!0})],K.prototype,`placement`,2),D([O({attribute:`help-text`})],K.prototype,`helpText`,2),D([O({reflect:!0})],K.prototype,`form`,2),D([O({type:Boolean,reflect:!0})],K.prototype,`required`,2),D([O()],K.prototype,`getTag`,2),D([N(`disabled`,{waitUntilFirstUpdate:!0})],K.prototype,`handleDisabledChange`,1),D([N([`defaultValue`,`value`],{waitUntilFirstUpdate:!0})],K.prototype,`handleValueChange`,1),D([N(`open`,{waitUntilFirstUpdate:!0})],K.prototype,`handleOpenChange`,1),R(`select.show`,{keyframes:[{opacity:0,scale:.9},{opacity:1,scale:1}],options:{duration:100,easing:`ease`}}),R(`select.hide`,{keyframes:[{opacity:1,scale:1},{opacity:0,scale:.9}],options:{duration:100,easing:`ease`}}),K.define(`sl-select`),Dt.define(`sl-spinner`);var ma=o`
  :host {
    display: block;
  }

  .textarea {
    display: grid;
    align-items: center;
    position: relative;
    width: 100%;
    font-family: var(--sl-input-font-family);
    font-weight: var(--sl-input-font-weight);
    line-height: var(--sl-line-height-normal);
    letter-spacing: var(--sl-input-letter-spacing);
    vertical-align: middle;
    transition:
      var(--sl-transition-fast) color,
      var(--sl-transition-fast) border,
      var(--sl-transition-fast) box-shadow,
      var(--sl-transition-fast) background-color;
    cursor: text;
  }

  /* Standard textareas */
  .textarea--standard {
    background-color: var(--sl-input-background-color);
    border: solid var(--sl-input-border-width) var(--sl-input-border-color);
  }

  .textarea--standard:hover:not(.textarea--disabled) {
    background-color: var(--sl-input-background-color-hover);
    border-color: var(--sl-input-border-color-hover);
  }
  .textarea--standard:hover:not(.textarea--disabled) .textarea__control {
    color: var(--sl-input-color-hover);
  }

  .textarea--standard.textarea--focused:not(.textarea--disabled) {
    background-color: var(--sl-input-background-color-focus);
    border-color: var(--sl-input-border-color-focus);
    color: var(--sl-input-color-focus);
    box-shadow: 0 0 0 var(--sl-focus-ring-width) var(--sl-input-focus-ring-color);
  }

  .textarea--standard.textarea--focused:not(.textarea--disabled) .textarea__control {
    color: var(--sl-input-color-focus);
  }

  .textarea--standard.textarea--disabled {
    background-color: var(--sl-input-background-color-disabled);
    border-color: var(--sl-input-border-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
  }

  .textarea__control,
  .textarea__size-adjuster {
    grid-area: 1 / 1 / 2 / 2;
  }

  .textarea__size-adjuster {
    visibility: hidden;
    pointer-events: none;
    opacity: 0;
  }

  .textarea--standard.textarea--disabled .textarea__control {
    color: var(--sl-input-color-disabled);
  }

  .textarea--standard.textarea--disabled .textarea__control::placeholder {
    color: var(--sl-input-placeholder-color-disabled);
  }

  /* Filled textareas */
  .textarea--filled {
    border: none;
    background-color: var(--sl-input-filled-background-color);
    color: var(--sl-input-color);
  }

  .textarea--filled:hover:not(.textarea--disabled) {
    background-color: var(--sl-input-filled-background-color-hover);
  }

  .textarea--filled.textarea--focused:not(.textarea--disabled) {
    background-color: var(--sl-input-filled-background-color-focus);
    outline: var(--sl-focus-ring);
    outline-offset: var(--sl-focus-ring-offset);
  }

  .textarea--filled.textarea--disabled {
    background-color: var(--sl-input-filled-background-color-disabled);
    opacity: 0.5;
    cursor: not-allowed;
  }

  .textarea__control {
    font-family: inherit;
    font-size: inherit;
    font-weight: inherit;
    line-height: 1.4;
    color: var(--sl-input-color);
    border: none;
    background: none;
    box-shadow: none;
    cursor: inherit;
    -webkit-appearance: none;
  }

  .textarea__control::-webkit-search-decoration,
  .textarea__control::-webkit-search-cancel-button,
  .textarea__control::-webkit-search-results-button,
  .textarea__control::-webkit-search-results-decoration {
    -webkit-appearance: none;
  }

  .textarea__control::placeholder {
    color: var(--sl-input-placeholder-color);
    user-select: none;
    -webkit-user-select: none;
  }

  .textarea__control:focus {
    outline: none;
  }

  /*
   * Size modifiers
   */

  .textarea--small {
    border-radius: var(--sl-input-border-radius-small);
    font-size: var(--sl-input-font-size-small);
  }

  .textarea--small .textarea__control {
    padding: 0.5em var(--sl-input-spacing-small);
  }

  .textarea--medium {
    border-radius: var(--sl-input-border-radius-medium);
    font-size: var(--sl-input-font-size-medium);
  }

  .textarea--medium .textarea__control {
    padding: 0.5em var(--sl-input-spacing-medium);
  }

  .textarea--large {
    border-radius: var(--sl-input-border-radius-large);
    font-size: var(--sl-input-font-size-large);
  }

  .textarea--large .textarea__control {
    padding: 0.5em var(--sl-input-spacing-large);
  }

  /*
   * Resize types
   */

  .textarea--resize-none .textarea__control {
    resize: none;
  }

  .textarea--resize-vertical .textarea__control {
    resize: vertical;
  }

  .textarea--resize-auto .textarea__control {
    height: auto;
    resize: none;
    overflow-y: hidden;
  }
`,q=class extends j{constructor(){super(...arguments),this.formControlController=new Nt(this,{assumeInteractionOn:[`sl-blur`,`sl-input`]}),this.hasSlotController=new It(this,`help-text`,`label`),this.hasFocus=!1,this.title=``,this.name=``,this.value=``,this.size=`medium`,this.filled=!1,this.label=``,this.helpText=``,this.placeholder=``,this.rows=4,this.resize=`vertical`,this.disabled=!1,this.readonly=!1,this.form=``,this.required=!1,this.spellcheck=!0,this.defaultValue=``}get validity(){return this.input.validity}get validationMessage(){return this.input.validationMessage}connectedCallback(){super.connectedCallback(),this.resizeObserver=new ResizeObserver(()=>this.setTextareaHeight()),this.updateComplete.then(()=>{this.setTextareaHeight(),this.resizeObserver.observe(this.input)})}firstUpdated(){this.formControlController.updateValidity()}disconnectedCallback(){var e;super.disconnectedCallback(),this.input&&((e=this.resizeObserver)==null||e.unobserve(this.input))}handleBlur(){this.hasFocus=!1,this.emit(`sl-blur`)}handleChange(){this.value=this.input.value,this.setTextareaHeight(),this.emit(`sl-change`)}handleFocus(){this.hasFocus=!0,this.emit(`sl-focus`)}handleInput(){this.value=this.input.value,this.emit(`sl-input`)}handleInvalid(e){this.formControlController.setValidity(!1),this.formControlController.emitInvalidEvent(e)}setTextareaHeight(){this.resize===`auto`?(this.sizeAdjuster.style.height=`${this.input.clientHeight}px`,this.input.style.height=`auto`,this.input.style.height=`${this.input.scrollHeight}px`):this.input.style.height=``}handleDisabledChange(){this.formControlController.setValidity(this.disabled)}handleRowsChange(){this.setTextareaHeight()}async handleValueChange(){await this.updateComplete,this.formControlController.updateValidity(),this.setTextareaHeight()}focus(e){this.input.focus(e)}blur(){this.input.blur()}select(){this.input.select()}scrollPosition(e){if(e)typeof e.top==`number`&&(this.input.scrollTop=e.top),typeof e.left==`number`&&(this.input.scrollLeft=e.left);else return{top:this.input.scrollTop,left:this.input.scrollTop}}setSelectionRange(e,t,n=`none`){this.input.setSelectionRange(e,t,n)}setRangeText(e,t,n,r=`preserve`){let i=t??this.input.selectionStart,a=n??this.input.selectionEnd;this.input.setRangeText(e,i,a,r),this.value!==this.input.value&&(this.value=this.input.value,this.setTextareaHeight())}checkValidity(){return this.input.checkValidity()}getForm(){return this.formControlController.getForm()}reportValidity(){return this.input.reportValidity()}setCustomValidity(e){this.input.setCustomValidity(e),this.formControlController.updateValidity()}render(){let e=this.hasSlotController.test(`label`),t=this.hasSlotController.test(`help-text`),n=this.label?!0:!!e,r=this.helpText?!0:!!t;return C`
      <div
        part="form-control"
        class=${M({"form-control":!0,"form-control--small":this.size===`small`,"form-control--medium":this.size===`medium`,"form-control--large":this.size===`large`,"form-control--has-label":n,"form-control--has-help-text":r})}
      >
        <label
          part="form-control-label"
          class="form-control__label"
          for="input"
          aria-hidden=${n?`false`:`true`}
        >
          <slot name="label">${this.label}</slot>
        </label>

        <div part="form-control-input" class="form-control-input">
          <div
            part="base"
            class=${M({textarea:!0,"textarea--small":this.size===`small`,"textarea--medium":this.size===`medium`,"textarea--large":this.size===`large`,"textarea--standard":!this.filled,"textarea--filled":this.filled,"textarea--disabled":this.disabled,"textarea--focused":this.hasFocus,"textarea--empty":!this.value,"textarea--resize-none":this.resize===`none`,"textarea--resize-vertical":this.resize===`vertical`,"textarea--resize-auto":this.resize===`auto`})}
          >
            <textarea
              part="textarea"
              id="input"
              class="textarea__control"
              title=${this.title}
              name=${F(this.name)}
              .value=${Ki(this.value)}
              ?disabled=${this.disabled}
              ?readonly=${this.readonly}
              ?required=${this.required}
              placeholder=${F(this.placeholder)}
              rows=${F(this.rows)}
              minlength=${F(this.minlength)}
              maxlength=${F(this.maxlength)}
              autocapitalize=${F(this.autocapitalize)}
              autocorrect=${F(this.autocorrect)}
              ?autofocus=${this.autofocus}
              spellcheck=${F(this.spellcheck)}
              enterkeyhint=${F(this.enterkeyhint)}
              inputmode=${F(this.inputmode)}
              aria-describedby="help-text"
              @change=${this.handleChange}
              @input=${this.handleInput}
              @invalid=${this.handleInvalid}
              @focus=${this.handleFocus}
              @blur=${this.handleBlur}
            ></textarea>
            <!-- This "adjuster" exists to prevent layout shifting. https://github.com/shoelace-style/shoelace/issues/2180 -->
            <div part="textarea-adjuster" class="textarea__size-adjuster" ?hidden=${this.resize!==`auto`}></div>
          </div>
        </div>

        <div
          part="form-control-help-text"
          id="help-text"
          class="form-control__help-text"
          aria-hidden=${r?`false`:`true`}
        >
          <slot name="help-text">${this.helpText}</slot>
        </div>
      </div>
    `}};q.styles=[E,Gi,ma],D([A(`.textarea__control`)],q.prototype,`input`,2),D([A(`.textarea__size-adjuster`)],q.prototype,`sizeAdjuster`,2),D([k()],q.prototype,`hasFocus`,2),D([O()],q.prototype,`title`,2),D([O()],q.prototype,`name`,2),D([O()],q.prototype,`value`,2),D([O({reflect:!0})],q.prototype,`size`,2),D([O({type:Boolean,reflect:!0})],q.prototype,`filled`,2),D([O()],q.prototype,`label`,2),D([O({attribute:`help-text`})],q.prototype,`helpText`,2),D([O()],q.prototype,`placeholder`,2),D([O({type:Number})],q.prototype,`rows`,2),D([O()],q.prototype,`resize`,2),D([O({type:Boolean,reflect:!0})],q.prototype,`disabled`,2),D([O({type:Boolean,reflect:!0})],q.prototype,`readonly`,2),D([O({reflect:!0})],q.prototype,`form`,2),D([O({type:Boolean,reflect:!0})],q.prototype,`required`,2),D([O({type:Number})],q.prototype,`minlength`,2),D([O({type:Number})],q.prototype,`maxlength`,2),D([O()],q.prototype,`autocapitalize`,2),D([O()],q.prototype,`autocorrect`,2),D([O()],q.prototype,`autocomplete`,2),D([O({type:Boolean})],q.prototype,`autofocus`,2),D([O()],q.prototype,`enterkeyhint`,2),D([O({type:Boolean,converter:{fromAttribute:e=>!(!e||e===`false`),toAttribute:e=>e?`true`:`false`}})],q.prototype,`spellcheck`,2),D([O()],q.prototype,`inputmode`,2),D([Wi()],q.prototype,`defaultValue`,2),D([N(`disabled`,{waitUntilFirstUpdate:!0})],q.prototype,`handleDisabledChange`,1),D([N(`rows`,{waitUntilFirstUpdate:!0})],q.prototype,`handleRowsChange`,1),D([N(`value`,{waitUntilFirstUpdate:!0})],q.prototype,`handleValueChange`,1),q.define(`sl-textarea`);var ha=dt(class extends ft{constructor(){super(...arguments),this.key=T}render(e,t){return this.key=e,t}update(e,[t,n]){return t!==this.key&&(rn(e),this.key=t),n}}),J=class extends Be{createRenderRoot(){return this}},ga=class extends Error{constructor(e,t,n,r){super(n),this.name=`ApiError`,this.status=e,this.code=t,this.detail=r}},_a={accessToken:()=>null,refresh:async()=>!1};function va(e){_a={..._a,...e}}function ya(e,t){if(!t)return e;let n=new URLSearchParams;for(let[e,r]of Object.entries(t))r!=null&&r!==``&&n.append(e,String(r));let r=n.toString();return r?`${e}?${r}`:e}async function ba(e){let t=null;try{t=await e.json()}catch{}let n=t&&typeof t==`object`?t.error:null;return n&&typeof n.message==`string`?new ga(e.status,n.code||`error`,n.message,n.detail):new ga(e.status,`http`,`The server answered ${e.status} ${e.statusText||``}`.trim())}function xa(){return new ga(0,`network`,`Could not reach Preloop. Check the connection and try again.`)}async function Sa(e,t={},{auth:n=!0}={}){let r=()=>{let r=new Headers(t.headers||{}),i=n?_a.accessToken():null;return i&&r.set(`Authorization`,`Bearer ${i}`),fetch(e,{...t,headers:r,credentials:`same-origin`,cache:`no-store`})},i;try{i=await r(),i.status===401&&n&&await _a.refresh()&&(i=await r())}catch(e){throw e&&e.name===`AbortError`?e:xa()}return i}async function Y(e,{method:t=`GET`,body:n,query:r,auth:i=!0,signal:a}={}){let o={Accept:`application/json`},s={method:t,headers:o,signal:a};n!==void 0&&(o[`Content-Type`]=`application/json`,s.body=JSON.stringify(n));let c=await Sa(ya(e,r),s,{auth:i});if(!c.ok)throw await ba(c);if(c.status===204)return null;let l=await c.text();if(!l)return null;try{return JSON.parse(l)}catch{throw new ga(c.status,`http`,`The server sent an answer that is not JSON.`)}}var Ca=`preloop.refresh`,wa=`preloop.refresh`,Ta=`preloop.sso.next`,Ea=`preloop.sso.pending`,Da=6e5,Oa=5e3,ka=3e5,X={status:`unknown`,access:null,expiresAt:0,me:null,reason:``},Aa=0,ja=null,Ma=0,Na=null,Pa=new EventTarget;function Fa(){Pa.dispatchEvent(new Event(`change`))}function Ia(e){return Pa.addEventListener(`change`,e),()=>Pa.removeEventListener(`change`,e)}function La(){return X}function Ra(){return X.access}function Z(e){return!!X.me&&Array.isArray(X.me.permissions)&&X.me.permissions.includes(e)}function za(){try{return localStorage.getItem(Ca)}catch{return null}}function Ba(e){Na=e||null;try{e?localStorage.setItem(Ca,e):localStorage.removeItem(Ca)}catch{}}function Va(e){return navigator.locks&&navigator.locks.request?navigator.locks.request(wa,e):e()}function Ha(){if(clearTimeout(Aa),!X.access)return;let e=X.expiresAt-Date.now(),t=Math.min(6e4,e*.2);Aa=setTimeout(Ua,Math.max(1e3,e-t))}async function Ua(){try{await Qa()&&!X.me&&await Ja()}catch{}}function Wa(){Ma=Math.min(Math.max(Oa,Ma*2),ka),clearTimeout(Aa),Aa=setTimeout(Ua,Ma)}function Ga(e){return e instanceof ga&&(e.status===400||e.status===401||e.status===403)}function Ka(e){X.access=e.access_token,X.expiresAt=Date.now()+Number(e.expires_in||900)*1e3,Ba(e.refresh_token),Ma=0,Ha()}function qa(e=``){clearTimeout(Aa),Ma=0,X.access=null,X.expiresAt=0,X.me=null,X.status=`signed-out`,X.reason=e,Fa()}async function Ja(){return X.me=await Y(`/api/v1/auth/me`),X.status=`signed-in`,X.reason=``,Fa(),X.me}var Ya=null;function Xa(){return Ya||=Ja().then(()=>!0,e=>(qa(e.message),!1)).finally(()=>{Ya=null}),Ya}async function Za(e){return X.status===`signed-in`?Ma>0||(qa(e),!1):!1}function Qa(){if(!ja){let e=!1;ja=Va(async()=>{let t=za();if(!t)return X.status!==`signed-out`&&qa(``),!1;e=t!==Na;try{return Ka(await Y(`/api/v1/auth/refresh`,{method:`POST`,body:{refresh_token:t},auth:!1})),!0}catch(e){if(Ga(e))return za()===t&&Ba(null),qa(e.message),!1;throw Wa(),e}}).finally(()=>{ja=null}),ja.then(t=>{t&&e&&X.me&&Xa()},()=>{})}return ja}va({accessToken:Ra,refresh:()=>Qa().catch(()=>!1)});async function $a(e,t){return Ka(await Y(`/api/v1/auth/token`,{method:`POST`,body:{email:e,password:t},auth:!1})),Ja()}function eo(e,t){try{t?sessionStorage.setItem(Ta,t):sessionStorage.removeItem(Ta),sessionStorage.setItem(Ea,String(Date.now()))}catch{}return`/auth/sso/start?${new URLSearchParams({account:e,return_to:`/`})}`}async function to(e){return Ka(await Y(`/api/v1/auth/sso/exchange`,{method:`POST`,body:{sso_code:e},auth:!1})),Ja()}function no(){let e=new URL(location.href);e.searchParams.delete(`sso_code`),history.replaceState(history.state,``,e.pathname+e.search+e.hash)}function ro(){let e=null;try{e=sessionStorage.getItem(Ea),sessionStorage.removeItem(Ea)}catch{return`none`}if(e===null)return`none`;let t=Date.now()-Number(e);return t>=0&&t<Da?`ok`:`stale`}async function io(){window.addEventListener(`storage`,e=>{e.key===Ca&&X.status===`signed-in`&&(e.newValue===null?qa(``):e.newValue!==Na&&Xa())}),document.addEventListener(`visibilitychange`,()=>{document.visibilityState===`visible`&&X.access&&Date.now()>X.expiresAt-3e4&&Qa().catch(()=>{})});let e=new URL(location.href).searchParams.get(`sso_code`),t=``;if(e){no();let n=ro(),r=null;try{r=sessionStorage.getItem(Ta),sessionStorage.removeItem(Ta)}catch{}if(n===`ok`)try{return await to(e),r}catch(e){return qa(e.message),null}t=n===`stale`?`This single sign-on took longer than 10 minutes: start single sign-on again.`:`This sign-in link was not started in this browser: start single sign-on again.`}if(!za())return qa(t),null;try{await Qa()&&await Ja()}catch(e){qa(e.message),!Ga(e)&&za()&&Wa()}return null}async function ao(){let e=za();if(Ba(null),qa(``),e)try{await Y(`/api/v1/auth/logout`,{method:`POST`,body:{refresh_token:e},auth:!1})}catch{}}async function oo(e){let t=await Y(`/api/v1/auth/password-reset`,{method:`POST`,body:{email:e},auth:!1});return t&&t.message?t.message:``}function so(e,t=()=>{}){let n=``,r=!1,i=[],a=!1,o=``,s,c=!1;function l(n){if(n===``){c&&e({type:o||`message`,data:a?i.join(`
`):null,id:s}),i=[],a=!1,o=``,c=!1;return}if(n.startsWith(`:`))return;let r=n.indexOf(`:`),l=n,u=``;switch(r>=0&&(l=n.slice(0,r),u=n.slice(r+1),u.startsWith(` `)&&(u=u.slice(1))),l){case`data`:i.push(u),a=!0,c=!0;break;case`event`:o=u,c=!0;break;case`id`:u.includes(`\0`)||(s=u,c=!0);break;case`retry`:/^\d+$/.test(u)&&t(Number(u))}}return{push(e){let t=0;r&&e.startsWith(`
`)&&(t=1),r=!1;let i=n+e.slice(t);n=``;let a=0;for(;;){let e=i.indexOf(`\r`,a),t=i.indexOf(`
`,a);if(e<0&&t<0)break;let n,o;e>=0&&(t<0||e<t)?(n=e,e+1<i.length?o=i[e+1]===`
`?e+2:e+1:(o=e+1,r=!0)):(n=t,o=t+1),l(i.slice(a,n)),a=o}n=i.slice(a)},end(){n=``,i=[],a=!1,o=``,c=!1,r=!1},lastEventId(){return s}}}var co=`/api/v1/events`,lo=500,uo=1e4,fo=45e3,po=3e4,mo=new Set,ho=new Set,go=`off`,_o=``,vo=!1,yo=0,bo=null,xo=null,So=[],Co={};function wo(e,t=``){if(go!==e||_o!==t){go=e,_o=t;for(let e of ho)e(go,_o)}}function To(e){return ho.add(e),e(go,_o),()=>ho.delete(e)}function Eo(e,t){let n={topics:new Set(e),fn:t};return mo.add(n),()=>mo.delete(n)}function Do(e){for(let t of[...mo])if(e.kind===`resync`||t.topics.has(e.topic))try{t.fn(e)}catch(e){console.error(`live subscriber failed`,e)}}function Oo(){Do({topic:`system`,kind:`resync`})}function ko({type:e,data:t,id:n}){if(n!==void 0&&n!==``&&(xo=n),t===null)return;let r;try{r=JSON.parse(t)}catch{return}let i={...r,topic:r.topic||e};i.topic===`system`&&(i.kind===`gap`||i.kind===`reset`)?Oo():Do(i)}var Ao=(e,t)=>new Promise(n=>{let r=setTimeout(n,e);t.addEventListener(`abort`,()=>{clearTimeout(r),n()})});async function jo(e,t,n){let r=e.body.getReader(),i=new TextDecoder,a=so(e=>{e.data!==null&&(n.events+=1),ko(e)}),o=0,s=()=>{clearTimeout(o),o=setTimeout(()=>t.abort(new DOMException(`silent`,`TimeoutError`)),fo)};s();try{for(;;){let{value:e,done:t}=await r.read();if(t)break;s(),a.push(i.decode(e,{stream:!0}))}}finally{clearTimeout(o),a.end()}}function Mo(e,t){e===yo&&(vo=!1,bo=null,wo(`off`,t))}async function No(e){let t=lo,n=!1,r=!1;for(;vo&&e===yo;){let i=new AbortController;bo=i,r||wo(n?`reconnecting`:`connecting`,_o),r=!1;let a=``,o=!1,s=0,c={events:0};try{let t={Accept:`text/event-stream`};xo!==null&&(t[`Last-Event-ID`]=xo);let r=await Sa(`${co}?topics=${encodeURIComponent(So.join(`,`))}`,{headers:t,signal:i.signal});if(!vo||e!==yo)return;let l=r.headers.get(`content-type`)||``;if(r.status===401){a=(await ba(r)).message;let t=Co.unauthorized?await Co.unauthorized(a):!1;if(!vo||e!==yo)return;if(!t){Mo(e,a);return}}else if(r.status===403){let t=await ba(r);if(a=t.message,t.detail&&t.detail.required_permission&&Co.reloadSession){let t=await Co.reloadSession();if(!vo||e!==yo)return;let n=t&&Co.topics?Co.topics():[];if(!n.length){Mo(e,a);return}So=[...n]}}else if(!r.ok||!l.includes(`text/event-stream`))a=r.ok?`The server did not send an event stream.`:(await ba(r)).message;else{let e=xo!==null;s=Date.now(),wo(`live`),n&&!e&&Oo(),n=!0,await jo(r,i,c),o=!0}}catch(t){if(!vo||e!==yo)return;a=t&&t.message&&t.name!==`AbortError`&&t.name!==`TimeoutError`?t.message:``}if(!vo||e!==yo)return;let l=s>0&&(c.events>0||Date.now()-s>=po);l&&(t=lo),o&&l?r=!0:wo(`reconnecting`,a),await Ao(t,i.signal),t=Math.min(t*2,uo)}}function Po(e,t={}){Co=t,vo&&e.join(`,`)===So.join(`,`)||(Fo(),e.length!==0&&(So=[...e],vo=!0,yo+=1,No(yo)))}function Fo(){vo=!1,yo+=1,bo&&bo.abort(),bo=null,xo=null,wo(`off`)}function Io(e){let t=(e||``).replace(/^#/,``),n=t.indexOf(`?`),r=(n>=0?t.slice(0,n):t)||`/`,i=new URLSearchParams(n>=0?t.slice(n+1):``),a=r.split(`/`).filter(Boolean).map(e=>{try{return decodeURIComponent(e)}catch{return e}});return{path:r.startsWith(`/`)?r:`/${r}`,segments:a,query:i}}function Lo(){return Io(location.hash)}function Q(e,t){let n=new URLSearchParams;for(let[e,r]of Object.entries(t||{}))r!=null&&r!==``&&n.append(e,String(r));let r=n.toString();return`#${e}${r?`?${r}`:``}`}function Ro(e,t,{replace:n=!1}={}){let r=Q(e,t);n?(history.replaceState(history.state,``,`${location.pathname}${location.search}${r}`),window.dispatchEvent(new HashChangeEvent(`hashchange`))):location.hash=r}function zo(e){let t=()=>e(Lo());return window.addEventListener(`hashchange`,t),()=>window.removeEventListener(`hashchange`,t)}var Bo=e=>Ce`<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"
  fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${e}</svg>`,Vo=Bo(Ce`<line x1="4" y1="6" x2="20" y2="6"></line><line x1="4" y1="12" x2="20" y2="12"></line><line x1="4" y1="18" x2="20" y2="18"></line>`),Ho=Bo(Ce`<line x1="6" y1="6" x2="18" y2="18"></line><line x1="18" y1="6" x2="6" y2="18"></line>`),Uo=Ce`<svg class="logo" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
  <path d="M12 2 3 6v6c0 5 3.8 9.4 9 10 5.2-.6 9-5 9-10V6l-9-4Z" fill="currentColor"></path>
  <path d="m8 12 3 3 5-6" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"></path></svg>`,Wo=Bo(Ce`<path d="M12 3v12"></path><path d="m7 10 5 5 5-5"></path><path d="M5 21h14"></path>`),Go={off:`Offline`,connecting:`Connecting…`,live:`Live`,reconnecting:`Reconnecting…`},Ko=class extends J{static properties={status:{state:!0},error:{state:!0}};connectedCallback(){super.connectedCallback(),this.stop=To((e,t)=>{this.status=e,this.error=t})}disconnectedCallback(){super.disconnectedCallback(),this.stop&&this.stop()}render(){let e=this.status||`off`;return C`<span class="live live-${e}" role="status" title=${this.error?`Live updates: ${Go[e]} (${this.error})`:`Live updates: ${Go[e]}`} data-testid="live-status" data-status=${e}>
      <span class="live-dot" aria-hidden="true"></span>
      <span class="live-text"><span class="visually-hidden">Live updates: </span>${Go[e]}</span>
    </span>`}};customElements.define(`pl-live-indicator`,Ko);var qo=class extends J{static properties={error:{attribute:!1}};render(){let e=this.error;return e?C`<div class="error-box" role="alert" data-testid="error">${typeof e==`string`?e:e.message||`Something went wrong.`}</div>`:T}};customElements.define(`pl-error`,qo);var Jo=`preloop.sso.account`;function Yo(){try{return localStorage.getItem(Jo)||``}catch{return``}}var Xo=class extends J{static properties={next:{},reason:{},error:{state:!0},busy:{state:!0},resetMessage:{state:!0},resetError:{state:!0},resetBusy:{state:!0}};field(e,t){let n=e.querySelector(`[name="${t}"]`);return n?String(n.value||``).trim():``}async submit(e){e.preventDefault();let t=e.target,n=this.field(t,`email`),r=t.querySelector(`[name="password"]`);this.error=null,this.busy=!0;try{await $a(n,r.value)}catch(e){this.error=e,r.value=``,r.focus()}finally{this.busy=!1}}sso(e){e.preventDefault();let t=this.field(e.target,`account`);if(t){try{localStorage.setItem(Jo,t)}catch{}location.assign(eo(t,this.next?`#${this.next}`:``))}}async reset(e){e.preventDefault(),this.resetMessage=``,this.resetError=null,this.resetBusy=!0;try{this.resetMessage=await oo(this.field(e.target,`email`))}catch(e){this.resetError=e}finally{this.resetBusy=!1}}render(){return C`<div class="narrow-page">
      <h1 tabindex="-1">Sign in to Preloop</h1>
      ${this.reason?C`<p class="notice" role="status">${this.reason}</p>`:T}
      <form class="stack" @submit=${this.submit} data-testid="sign-in-form">
        <sl-input name="email" type="email" label="Email" autocomplete="username" required autofocus></sl-input>
        <sl-input name="password" type="password" label="Password" autocomplete="current-password" password-toggle required></sl-input>
        <pl-error .error=${this.error}></pl-error>
        <sl-button type="submit" variant="primary" ?loading=${this.busy}>Sign in</sl-button>
      </form>

      <section class="card" aria-labelledby="sso-heading">
        <h2 id="sso-heading">Single sign-on</h2>
        <p>If your organisation signs in through its identity provider, enter your Preloop account ID (an admin can find it on their profile page).</p>
        <form class="stack" @submit=${this.sso}>
          <sl-input name="account" label="Account ID" value=${Yo()} required spellcheck="false" autocapitalize="off"></sl-input>
          <sl-button type="submit">Continue with single sign-on</sl-button>
        </form>
      </section>

      <details class="card disclosure">
        <summary>Forgot your password?</summary>
        <form class="stack" @submit=${this.reset}>
          <p>We will email a link to set a new one. Setting it signs you out everywhere.</p>
          <sl-input name="email" type="email" label="Email" autocomplete="email" required></sl-input>
          <sl-button type="submit" ?loading=${this.resetBusy}>Email me a reset link</sl-button>
          <p role="status" class="status-text">${this.resetMessage||``}</p>
          <pl-error .error=${this.resetError}></pl-error>
        </form>
      </details>
    </div>`}};customElements.define(`pl-sign-in-page`,Xo);var Zo=new Intl.DateTimeFormat(void 0,{year:`numeric`,month:`short`,day:`numeric`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`});function $(e){return e==null||!Number.isFinite(Number(e))?``:Zo.format(new Date(Number(e)))}function Qo(e){return e==null||!Number.isFinite(Number(e))?``:new Date(Number(e)).toISOString()}function $o(e){let t=Math.max(0,Math.floor(e)),n=Math.floor(t/86400),r=Math.floor(t%86400/3600),i=Math.floor(t%3600/60),a=t%60;return n>0?`${n}d ${r}h`:r>0?`${r}h ${String(i).padStart(2,`0`)}m`:i>0?`${i}m ${String(a).padStart(2,`0`)}s`:`${a}s`}function es(e,t=Date.now()){let n=(t-Number(e))/1e3;return n<5?`just now`:`${$o(n)} ago`}function ts(e,t=Date.now()){let n=(Number(e)-t)/1e3;return n<=0?`expired`:`${$o(n)} left`}function ns(e){return e==null?``:e<1e3?`${e} ms`:`${(e/1e3).toFixed(e<1e4?2:1)} s`}function rs(e,t){if(!e)return``;let n=/^user:([^:\s]+)$/.exec(e);if(n)return t&&t.get(n[1])||e;let r=/^(key|user):([^:]*):(.*)$/.exec(e);if(!r)return e;let[,i,,a]=r;return a?i===`key`?`${a} (key)`:a:e}function is(e){switch(e){case`allow`:return`Allowed`;case`deny`:return`Denied`;case`require_approval`:return`Needs approval`;default:return e||``}}function as(e){switch(e){case`allow`:case`approved`:case`ok`:return`success`;case`deny`:case`declined`:case`denied`:case`refused`:return`danger`;case`require_approval`:case`pending`:return`warning`;default:return`neutral`}}function os(e,t,n=`${t}s`){return`${e} ${e===1?t:n}`}var ss={session:`A console session`,api_key:`An API key`,oauth:`An OAuth client`},cs=class extends J{static properties={me:{state:!0},error:{state:!0},resetMessage:{state:!0},resetError:{state:!0},resetBusy:{state:!0},changeBusy:{state:!0},changeError:{state:!0},changed:{state:!0}};connectedCallback(){super.connectedCallback(),this.me=La().me,Y(`/api/v1/auth/me`).then(e=>{this.me=e}).catch(e=>{this.error=e})}async reset(){this.resetBusy=!0,this.resetMessage=``,this.resetError=null;try{this.resetMessage=await oo(this.me.user.email)}catch(e){this.resetError=e}finally{this.resetBusy=!1}}async sendPasswordChange(e){let t=()=>Sa(`/api/v1/auth/password`,{method:`POST`,headers:{"Content-Type":`application/json`,Accept:`application/json`,Authorization:`Bearer ${Ra()}`},body:JSON.stringify(e)},{auth:!1}),n=await t();if(n.status===401){let e=Ra(),r=!1;try{await Y(`/api/v1/auth/me`),r=Ra()!==e}catch{}r&&(n=await t())}if(!n.ok)throw await ba(n)}async changePassword(e){e.preventDefault();let t=e.target,n=t.querySelector(`[name="current_password"]`),r=t.querySelector(`[name="new_password"]`),i=t.querySelector(`[name="new_password_again"]`);if(this.changed=!1,this.changeError=null,r.value!==i.value)i.setCustomValidity(`The two new passwords differ.`),this.changeError=`The two new passwords differ: type the new one again.`,i.focus();else{this.changeBusy=!0;try{await this.sendPasswordChange({current_password:n.value,new_password:r.value}),t.reset();for(let e of[n,r,i])e.value=``;this.changed=!0}catch(e){this.changeError=e.status===401?`Your current password was not accepted (${e.message}).`:e.status===429?`Too many tries: ${e.message}`:e,(e.status===401?n:e.status===400?r:n).focus()}finally{this.changeBusy=!1}}}passwordInput(e){if(e.target.name===`new_password_again`||e.target.name===`new_password`){let e=this.querySelector(`[name="new_password_again"]`);e&&e.setCustomValidity(``)}}passwordSection(e){let t=e.user,n=e.credential&&e.credential.kind===`session`&&t.password_set!==!1;return C`<section class="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      ${n?C`<form class="stack password-form" @submit=${this.changePassword} @sl-input=${this.passwordInput} data-testid="password-form">
            <p>Changing your password signs you out of every other browser and device; this one stays signed in.</p>
            <input type="email" name="username" autocomplete="username" .value=${t.email} hidden readonly />
            <sl-input name="current_password" type="password" label="Current password" autocomplete="current-password"
              password-toggle required data-testid="current-password"></sl-input>
            <sl-input name="new_password" type="password" label="New password" autocomplete="new-password"
              password-toggle required data-testid="new-password"></sl-input>
            <sl-input name="new_password_again" type="password" label="New password again" autocomplete="new-password"
              password-toggle required data-testid="new-password-again"></sl-input>
            <pl-error .error=${this.changeError}></pl-error>
            <div class="row">
              <sl-button type="submit" variant="primary" ?loading=${this.changeBusy} data-testid="change-password">Change password</sl-button>
            </div>
            <p role="status" class="status-text">${this.changed?C`<span data-testid="password-changed">Password changed; your other sessions were signed out.</span>`:T}</p>
          </form>`:C`<p>
            ${t.password_set?`You are signed in with a credential that cannot change the password here.`:`You sign in without a password (single sign-on or an invitation not yet accepted).`}
          </p>`}
      <div class="reset-link">
        <h3>${n?`Forgot your current password?`:`Set a password`}</h3>
        <p>We will email a link to ${t.email} to set a new one. Setting it signs you out everywhere.</p>
        <div class="row">
          <sl-button @click=${this.reset} ?loading=${this.resetBusy}>Email me a password-reset link</sl-button>
        </div>
        <p role="status" class="status-text">${this.resetMessage||``}</p>
        <pl-error .error=${this.resetError}></pl-error>
      </div>
    </section>`}render(){return C`<div class="narrow-page wide">
      <h1 tabindex="-1">Profile</h1>
      <pl-error .error=${this.error}></pl-error>
      ${this.me?this.details(this.me):T}
    </div>`}details(e){let t=e.user,n=[...e.permissions||[]].sort();return C`<section class="card" aria-labelledby="who-heading">
        <h2 id="who-heading">${t?t.name||t.email:e.credential&&e.credential.name||`This credential`}</h2>
        <dl class="facts">
          ${t?C`<dt>Email</dt><dd data-testid="profile-email">${t.email}</dd>
                <dt>Member since</dt><dd>${$(t.created_at)}</dd>`:T}
          <dt>Role</dt><dd data-testid="profile-role">${e.role}</dd>
          <dt>Account ID</dt><dd><code>${e.account_id}</code></dd>
          <dt>Signed in with</dt><dd>${ss[e.credential&&e.credential.kind]||e.credential&&e.credential.kind||``}</dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="perm-heading">
        <h2 id="perm-heading">Permissions</h2>
        <p>What your role (and your teams) let you do here. The server checks each request.</p>
        ${n.length?C`<ul class="chips" data-testid="permissions">${n.map(e=>C`<li><code>${e}</code></li>`)}</ul>`:C`<p class="muted">None.</p>`}
      </section>

      ${t?this.passwordSection(e):T}

      <div class="row">
        <sl-button variant="default" @click=${()=>this.dispatchEvent(new CustomEvent(`sign-out`,{bubbles:!0}))}>Sign out</sl-button>
      </div>`}};customElements.define(`pl-profile-page`,cs);var ls=null;Ia(()=>{ls=null});function us(){return ls||=Z(`members.read`)?Y(`/api/v1/users`).then(e=>new Map((e.users||[]).map(e=>[e.id,e.name||e.email]))).catch(()=>new Map):Promise.resolve(new Map),ls}var ds=36e5;function fs(e=Date.now(),t=24,n=ds){let r=Math.floor(e/n)*n-(t-1)*n;return{since:r,until:r+t*n,bucket_ms:n}}function ps(e){let t=Number(e.since),n=Number(e.until),r=Number(e.bucket_ms)||36e5,i=Math.max(0,Math.ceil((n-t)/r)),a=Array.from({length:i},(e,n)=>({start:t+n*r,counts:{}})),o={},s=0;for(let n of e.buckets||[]){let e=Number(n.count)||0,c=Math.floor((Number(n.start)-t)/r);if(c>=0&&c<i){let t=a[c].counts;t[n.decision]=(t[n.decision]||0)+e}o[n.decision]=(o[n.decision]||0)+e,s+=e}let c=new Map((e.outcomes||[]).map(e=>[e.outcome,Number(e.count)||0]));return{since:t,until:n,bucketMs:r,buckets:a,tools:(e.tools||[]).map(e=>({tool:e.tool,calls:Number(e.count)||0})),total:s,byDecision:o,outcomes:c}}function ms(e,t,n){let r=0,i=0,a=()=>{r=0,i=0,e()},o=()=>{let e=Date.now();i||=e,clearTimeout(r),r=setTimeout(a,Math.max(0,Math.min(t,i+n-e)))};return o.cancel=()=>{clearTimeout(r),r=0,i=0},o}var hs=220,gs={top:12,right:8,bottom:28,left:40};function _s(e){if(e<=5)return 5;let t=10**Math.floor(Math.log10(e));for(let n of[1,2,2.5,5,10])if(n*t>=e)return n*t;return 10*t}var vs=new Intl.DateTimeFormat(void 0,{hour:`2-digit`,minute:`2-digit`}),ys=class extends J{static properties={buckets:{attribute:!1},series:{attribute:!1},label:{},width:{state:!0}};connectedCallback(){super.connectedCallback(),this.observer=new ResizeObserver(e=>{let t=Math.round(e[0].contentRect.width);t>0&&t!==this.width&&(this.width=t)}),this.observer.observe(this)}disconnectedCallback(){super.disconnectedCallback(),this.observer.disconnect()}render(){let e=Math.max(240,this.width||720),t=this.buckets||[],n=this.series||[];if(!t.length)return T;let r=t.map(e=>n.reduce((t,n)=>t+(e.counts[n.key]||0),0)),i=_s(Math.max(0,...r)),a=e-gs.left-gs.right,o=hs-gs.top-gs.bottom,s=a/t.length,c=Math.max(2,s*.72),l=e=>gs.top+o-e/i*o,u=[0,i/2,i],d=[3,4,6,8,12].find(e=>e*s>=70)||12,f=n.map(e=>t.reduce((t,n)=>t+(n.counts[e.key]||0),0));return C`<figure class="chart">
      <svg viewBox="0 0 ${e} ${hs}" width=${e} height=${hs} role="img" aria-label=${`${this.label||`Chart`}: ${n.map((e,t)=>`${f[t]} ${e.label.toLowerCase()}`).join(`, `)}.`} class="chart-svg">
        ${u.map(t=>Ce`<line class="chart-grid" x1=${gs.left} x2=${e-gs.right} y1=${l(t)} y2=${l(t)}></line>
            <text class="chart-axis" x=${gs.left-6} y=${l(t)+4} text-anchor="end">${t}</text>`)}
        ${t.map((e,t)=>{let r=0,i=gs.left+t*s+(s-c)/2;return Ce`<g>
            ${n.map(t=>{let n=e.counts[t.key]||0;if(!n)return T;let a=l(r+n),o=l(r)-a;return r+=n,Ce`<rect class="chart-bar chart-${t.key}" x=${i} y=${a} width=${c} height=${Math.max(1,o)}></rect>`})}
            ${t%d===0?Ce`<text class="chart-axis" x=${i+c/2} y=${212} text-anchor="middle">${vs.format(new Date(e.start))}</text>`:T}
          </g>`})}
      </svg>
      <figcaption class="chart-legend">
        ${n.map((e,t)=>C`<span class="legend-item"><span class="legend-swatch chart-${e.key}" aria-hidden="true"></span>${e.label}: ${f[t]}</span>`)}
      </figcaption>
      <table class="visually-hidden">
        <caption>${this.label||`Chart`}, by hour</caption>
        <thead><tr><th scope="col">Hour starting</th>${n.map(e=>C`<th scope="col">${e.label}</th>`)}</tr></thead>
        <tbody>
          ${t.map(e=>C`<tr><th scope="row">${vs.format(new Date(e.start))}</th>${n.map(t=>C`<td>${e.counts[t.key]||0}</td>`)}</tr>`)}
        </tbody>
      </table>
    </figure>`}};customElements.define(`pl-bar-chart`,ys);var bs=12,xs=5,Ss=2e3,Cs=30,ws=new Intl.NumberFormat,Ts=[{key:`allow`,label:`Allowed`},{key:`deny`,label:`Denied`},{key:`require_approval`,label:`Needed approval`}],Es=[{outcome:`denied`,label:`Denied`,hint:`stopped by a rule`},{outcome:`refused`,label:`Refused`,hint:`needed an approval that could not be asked`}];function Ds(e,t){if(!t)return``;let n=e/t*100;return` · ${n>0&&n<1?`<1`:Math.round(n)}% of all`}var Os=class extends J{static properties={pending:{state:!0},pendingError:{state:!0},chart:{state:!0},chartError:{state:!0},recent:{state:!0},recentError:{state:!0},spend:{state:!0},spendError:{state:!0},names:{state:!0}};constructor(){super(),this.recent=[],this.names=new Map,this.pendingSoon=ms(()=>this.loadPending(),300,1e3)}connectedCallback(){super.connectedCallback();let e=[];Z(`approvals.read`)&&e.push(`approvals`),Z(`audit.read`)&&e.push(`audit`,`activity`),this.stopLive=Eo(e,e=>this.onLive(e)),us().then(e=>{this.names=e}),this.loadPending(),this.loadChart(),this.loadRecent(),this.loadSpend()}disconnectedCallback(){super.disconnectedCallback(),this.stopLive(),this.pendingSoon.cancel(),clearTimeout(this.statsTimer),clearTimeout(this.hourTimer),this.statsTimer=0}onLive(e){e.kind===`resync`?(this.loadPending(),this.loadChart(),this.loadRecent()):(this.recent=[e,...this.recent.filter(t=>t.id!==e.id)].slice(0,bs),e.topic===`approvals`&&this.pendingSoon(),e.topic===`audit`&&this.scheduleChart())}scheduleChart(){if(this.statsTimer||!this.isConnected)return;let e=Math.max(0,(this.statsAt||0)+Ss-Date.now());this.statsTimer=setTimeout(()=>{this.statsTimer=0,this.loadChart()},e)}async loadPending(){if(Z(`approvals.read`))try{let e=await Y(`/api/v1/approval-requests`,{query:{status:`pending`}}),t=(e.approval_requests||[]).filter(e=>e.status===`pending`);this.pending={count:t.length,capped:(e.approval_requests||[]).length>=200,soonest:t.reduce((e,t)=>Math.min(e,t.expires_at),1/0)},this.pendingError=null}catch(e){this.pendingError=e}}async loadChart(){if(!Z(`audit.read`)||!this.isConnected)return;let e=this.statsSeq=(this.statsSeq||0)+1;this.statsAt=Date.now();let t=fs(this.statsAt);clearTimeout(this.hourTimer),this.hourTimer=setTimeout(()=>this.loadChart(),t.until-this.statsAt+1e3);try{let n=await Y(`/api/v1/audit/stats`,{query:t});if(e!==this.statsSeq)return;this.chart=ps(n),this.chartError=null}catch(t){e===this.statsSeq&&(this.chartError=t)}}async loadRecent(){if(Z(`audit.read`))try{let e=await Y(`/api/v1/audit`,{query:{limit:bs}});this.recent=(e.events||[]).map(e=>({id:e.id,at:e.completed_at||e.created_at,topic:e.outcome.startsWith(`approval_`)?`approvals`:e.tool.startsWith(`preloop:`)?`activity`:`audit`,tool:e.tool,server:e.server_name,decision:e.decision,outcome:e.outcome,principal:e.principal,request_id:e.request_id})),this.recentError=null}catch(e){this.recentError=e}}async loadSpend(){try{let e=Date.now()-720*ds;this.spend=await Y(`/api/v1/usage/summary`,{query:{from:e,by:`model`}}),this.spendError=null}catch(e){e.status===403||e.status===404?this.spend=null:this.spendError=e}}pendingCard(){if(!Z(`approvals.read`))return T;let e=this.pending;return C`<section class="card stat-card" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Pending approvals</h2>
      <pl-error .error=${this.pendingError}></pl-error>
      ${e?C`<p class="stat" data-testid="pending-count">${e.count}${e.capped?`+`:``}</p>
            <p class="muted">${e.count?C`waiting for a decision`:`Nothing is waiting.`}</p>
            <p><a href=${Q(`/approvals`)}>Open the approval queue</a></p>`:C`<sl-spinner label="Loading"></sl-spinner>`}
    </section>`}chartCard(){if(!Z(`audit.read`))return T;let e=this.chart;return C`<section class="card chart-card" aria-labelledby="calls-heading">
      <h2 id="calls-heading">Tool calls, last 24 hours</h2>
      <pl-error .error=${this.chartError}></pl-error>
      ${e?C`${this.summary(e)}
            <pl-bar-chart .buckets=${e.buckets} .series=${Ts} label="Tool calls by decision, last 24 hours"></pl-bar-chart>`:this.chartError?T:C`<sl-spinner label="Loading"></sl-spinner>`}
    </section>`}summary(e){let t=String(e.since);return C`<ul class="call-summary" data-testid="call-summary">
      <li>
        <a href=${Q(`/audit`,{since:t})}
          ><span class="call-summary-n" data-testid="calls-total">${ws.format(e.total)}</span> ${e.total===1?`call`:`calls`}</a
        >
      </li>
      ${Es.map(n=>{let r=e.outcomes.get(n.outcome)||0;return C`<li>
          <a href=${Q(`/audit`,{outcome:n.outcome,since:t})} class=${r?`text-danger`:``}
            ><span class="call-summary-n" data-testid=${`${n.outcome}-count`}>${ws.format(r)}</span> ${n.label.toLowerCase()}</a
          >
          <span class="muted call-summary-hint">${n.hint}</span>
        </li>`})}
    </ul>`}busiestCard(){if(!Z(`audit.read`)||!this.chart)return T;let e=this.chart,t=e.tools.slice(0,xs);return C`<section class="card" aria-labelledby="busiest-heading">
      <h2 id="busiest-heading">Busiest tools</h2>
      ${t.length?C`<ol class="rank-list" data-testid="busiest-tools">
            ${t.map(t=>C`<li>
                <a href=${Q(`/audit`,{tool:t.tool,since:String(e.since)})}><code>${t.tool}</code></a>
                <span>${ws.format(t.calls)} ${t.calls===1?`call`:`calls`}${Ds(t.calls,e.total)}</span>
              </li>`)}
          </ol>`:C`<p class="muted">No tool calls in the last 24 hours.</p>`}
    </section>`}recentCard(){return!Z(`audit.read`)&&!Z(`approvals.read`)?T:C`<section class="card" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent activity</h2>
      <pl-error .error=${this.recentError}></pl-error>
      ${this.recent.length?C`<ul class="activity-list" data-testid="recent-activity">
            ${this.recent.map(e=>C`<li>
                <time datetime=${Qo(e.at)}>${$(e.at)}</time>
                <span class="activity-what">
                  ${e.topic===`approvals`&&e.request_id?C`<a href=${Q(`/approvals/${encodeURIComponent(e.request_id)}`)}><code>${e.tool}</code></a>`:C`<code>${e.tool||e.topic}</code>`}
                  ${e.topic===`audit`?C`<sl-badge variant=${as(e.decision)}>${is(e.decision)}</sl-badge>`:T}
                  <span class="muted">${(e.outcome||``).replace(/_/g,` `)}</span>
                </span>
                <span class="muted activity-who" title=${e.principal||``}>${rs(e.principal,this.names)}</span>
              </li>`)}
          </ul>`:C`<p class="muted">Nothing yet. New activity appears here as it happens.</p>`}
    </section>`}spendCard(){let e=this.spend;if(!e&&!this.spendError)return T;let t=e?[...e.groups||[]].sort((e,t)=>t.cost_nanousd-e.cost_nanousd).slice(0,5):[];return C`<section class="card" aria-labelledby="spend-heading">
      <h2 id="spend-heading">Model spend, last ${Cs} days</h2>
      <pl-error .error=${this.spendError}></pl-error>
      ${e?C`<p class="stat">$${Number(e.total_cost_usd).toFixed(2)}</p>
            <p class="muted">${os(e.total_requests,`model request`)}</p>
            ${t.length?C`<ol class="rank-list">
                  ${t.map(e=>C`<li><code>${e.key||`unnamed`}</code><span>$${Number(e.cost_usd).toFixed(2)} · ${os(e.requests,`request`)}</span></li>`)}
                </ol>`:T}`:T}
    </section>`}render(){return C`<div class="page">
      <h1 tabindex="-1">Overview</h1>
      ${!Z(`audit.read`)&&!Z(`approvals.read`)?C`<p>Your role does not let you read approvals or the audit trail.</p>`:T}
      <div class="overview-grid">
        ${this.chartCard()} ${this.pendingCard()} ${this.busiestCard()} ${this.spendCard()} ${this.recentCard()}
      </div>
    </div>`}};customElements.define(`pl-overview-page`,Os);var ks=`important`,As=` !`+ks,js=dt(class extends ft{constructor(e){if(super(e),e.type!==ut.ATTRIBUTE||e.name!==`style`||e.strings?.length>2)throw Error("The `styleMap` directive must be used in the `style` attribute and must be the only part in the attribute.")}render(e){return Object.keys(e).reduce((t,n)=>{let r=e[n];return r==null?t:t+`${n=n.includes(`-`)?n:n.replace(/(?:^(webkit|moz|ms|o)|)(?=[A-Z])/g,`-$&`).toLowerCase()}:${r};`},``)}update(e,[t]){let{style:n}=e.element;if(this.ft===void 0)return this.ft=new Set(Object.keys(t)),this.render(t);for(let e of this.ft)t[e]??(this.ft.delete(e),e.includes(`-`)?n.removeProperty(e):n[e]=null);for(let e in t){let r=t[e];if(r!=null){this.ft.add(e);let t=typeof r==`string`&&r.endsWith(As);e.includes(`-`)||t?n.setProperty(e,t?r.slice(0,-11):r,t?ks:``):n[e]=r}}return w}}),Ms=new Set,Ns=0;function Ps(e){return Ms.add(e),Ns||=setInterval(()=>{let e=Date.now();for(let t of[...Ms])t(e)},1e3),()=>{Ms.delete(e),Ms.size===0&&Ns&&(clearInterval(Ns),Ns=0)}}var Fs=class extends J{static properties={at:{type:Number}};connectedCallback(){super.connectedCallback(),this.stop=Ps(()=>this.requestUpdate())}disconnectedCallback(){super.disconnectedCallback(),this.stop&&this.stop()}text(){return``}render(){return this.at?C`<time datetime=${Qo(this.at)} title=${$(this.at)}>${this.text()}</time>`:C``}},Is=class extends Fs{text(){return ts(this.at)}willUpdate(e){e.has(`at`)&&(this.fired=!1)}updated(){this.at&&this.at<=Date.now()&&!this.fired&&(this.fired=!0,this.dispatchEvent(new CustomEvent(`expired`,{bubbles:!0})))}},Ls=class extends Fs{text(){return es(this.at)}};customElements.define(`pl-time-left`,Is),customElements.define(`pl-time-ago`,Ls);var Rs=200,zs=[`approved`,`declined`,`expired`,`cancelled`];function Bs(e){return(e.votes||[]).filter(e=>e.approve).length}function Vs(e){let t=Bs(e),n=Math.max(1,Number(e.approvals_required)||1);return C`<span class="quorum" data-testid="quorum">
    <span class="quorum-text">${t} of ${n}</span>
    <span class="quorum-track" aria-hidden="true"><span class="quorum-fill" style=${js({width:`${Math.min(100,Math.round(t/n*100))}%`})}></span></span>
  </span>`}var Hs=class extends J{static properties={query:{attribute:!1},items:{state:!0},error:{state:!0},loading:{state:!0},names:{state:!0},queueMessage:{state:!0}};constructor(){super(),this.items=null,this.seq=0,this.loadedKey=``,this.names=new Map,this.pendingCount=null,this.queueMessage=``,this.reloadSoon=ms(()=>this.load(),250,1e3)}get tab(){return this.query&&this.query.get(`tab`)===`past`?`past`:`pending`}get status(){let e=this.query&&this.query.get(`status`)||``;return zs.includes(e)?e:``}connectedCallback(){super.connectedCallback(),us().then(e=>{this.names=e}),this.stopLive=Eo([`approvals`,`audit`],e=>{(e.topic!==`audit`||e.decision===`require_approval`)&&this.reloadSoon()})}disconnectedCallback(){super.disconnectedCallback(),this.stopLive(),this.reloadSoon.cancel()}willUpdate(){let e=`${this.tab}:${this.status}`;e!==this.loadedKey&&(this.loadedKey=e,this.items=null,this.pendingCount=null,this.queueMessage=``,this.load())}async load(){let e=++this.seq;this.loading=!0;try{let t=await Y(`/api/v1/approval-requests`,{query:{status:this.tab===`pending`?`pending`:this.status}});if(e!==this.seq)return;let n=t.approval_requests||[];n=this.tab===`pending`?n.filter(e=>e.status===`pending`).sort((e,t)=>e.expires_at-t.expires_at):n.filter(e=>e.status!==`pending`),this.items=n,this.tab===`pending`&&this.announceQueue(n.length),this.capped=(t.approval_requests||[]).length>=Rs,this.error=null}catch(t){e===this.seq&&(this.error=t)}finally{e===this.seq&&(this.loading=!1)}}announceQueue(e){this.pendingCount!==null&&e!==this.pendingCount&&(this.queueMessage=`${os(e,`request`)} waiting`),this.pendingCount=e}open(e,t){e.target.closest(`a, button`)||Ro(`/approvals/${encodeURIComponent(t)}`)}tabs(){let e=(e,t)=>C`<li><a href=${Q(`/approvals`,e===`past`?{tab:`past`}:{})} aria-current=${this.tab===e?`page`:`false`}>${t}</a></li>`;return C`<nav class="tabs" aria-label="Approval lists"><ul>${e(`pending`,`Pending`)}${e(`past`,`Past`)}</ul></nav>`}pendingTable(e){return e.length?C`<div class="table-wrap">
      <table class="data-table stack-on-mobile">
        <caption class="visually-hidden">Pending approval requests, most urgent first</caption>
        <thead>
          <tr><th scope="col">Tool</th><th scope="col">Server</th><th scope="col">Requested by</th><th scope="col">Age</th><th scope="col">Time left</th><th scope="col">Approvals</th></tr>
        </thead>
        <tbody>
          ${e.map(e=>C`<tr class="clickable" data-testid="approval-row" data-id=${e.id} @click=${t=>this.open(t,e.id)}>
              <td data-label="Tool"><a href=${Q(`/approvals/${encodeURIComponent(e.id)}`)}><code>${e.tool}</code></a>
                ${e.stage===`escalation`?C`<sl-badge variant="warning" pill>escalated</sl-badge>`:T}</td>
              <td data-label="Server">${e.server_name||`—`}</td>
              <td data-label="Requested by" title=${e.principal}>${rs(e.principal,this.names)}</td>
              <td data-label="Age"><pl-time-ago .at=${e.created_at}></pl-time-ago></td>
              <td data-label="Time left"><pl-time-left .at=${e.expires_at} @expired=${()=>this.reloadSoon()}></pl-time-left></td>
              <td data-label="Approvals">${Vs(e)}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`:C`<p class="empty" data-testid="empty">No request is waiting for a decision.</p>`}pastTable(e){return e.length?C`<div class="table-wrap">
      <table class="data-table stack-on-mobile">
        <caption class="visually-hidden">Decided approval requests, newest first</caption>
        <thead>
          <tr><th scope="col">Tool</th><th scope="col">Server</th><th scope="col">Requested by</th><th scope="col">Status</th><th scope="col">Decided</th><th scope="col">Approvals</th></tr>
        </thead>
        <tbody>
          ${e.map(e=>C`<tr class="clickable" data-testid="approval-row" data-id=${e.id} @click=${t=>this.open(t,e.id)}>
              <td data-label="Tool"><a href=${Q(`/approvals/${encodeURIComponent(e.id)}`)}><code>${e.tool}</code></a></td>
              <td data-label="Server">${e.server_name||`—`}</td>
              <td data-label="Requested by" title=${e.principal}>${rs(e.principal,this.names)}</td>
              <td data-label="Status"><sl-badge variant=${as(e.status)} data-testid="approval-status">${e.status}</sl-badge></td>
              <td data-label="Decided">${$(e.decided_at)}</td>
              <td data-label="Approvals">${Vs(e)}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`:C`<p class="empty" data-testid="empty">No decided request${this.status?` with status ${this.status}`:``}.</p>`}statusFilter(){return C`<div class="toolbar">
      <sl-select
        label="Status"
        size="small"
        value=${this.status||`any`}
        @sl-change=${e=>Ro(`/approvals`,{tab:`past`,status:e.target.value===`any`?``:e.target.value})}
      >
        <sl-option value="any">Any decided</sl-option>
        ${zs.map(e=>C`<sl-option value=${e}>${e[0].toUpperCase()}${e.slice(1)}</sl-option>`)}
      </sl-select>
    </div>`}render(){let e=this.items;return C`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Approvals</h1>
        ${this.loading?C`<sl-spinner label="Loading"></sl-spinner>`:T}
      </div>
      ${this.tabs()}
      ${this.tab===`past`?this.statusFilter():C`<p class="muted">Requests waiting for a decision, most urgent first. The list updates as requests come and go.</p>`}
      <p role="status" class="visually-hidden" data-testid="queue-status">${this.queueMessage}</p>
      <pl-error .error=${this.error}></pl-error>
      ${e===null?T:this.tab===`pending`?this.pendingTable(e):this.pastTable(e)}
      ${e&&this.capped?C`<p class="muted">Only the newest ${Rs} requests are listed.</p>`:T}
    </div>`}};customElements.define(`pl-approvals-page`,Hs);var Us=500,Ws=2;function Gs(e){return typeof e==`object`&&!!e}function Ks(e){if(Array.isArray(e))return e.length===1?`1 item`:`${e.length} items`;let t=Object.keys(e).length;return t===1?`1 key`:`${t} keys`}function qs(e){if(e===null)return C`<span class="json-null">null</span>`;switch(typeof e){case`string`:return C`<span class="json-string">"${e}"</span>`;case`number`:return C`<span class="json-number">${String(e)}</span>`;case`boolean`:return C`<span class="json-boolean">${String(e)}</span>`;default:return C`<span>${String(e)}</span>`}}function Js(e){let t=Array.isArray(e)?e.map((e,t)=>[String(t),e]):Object.entries(e);return{shown:t.slice(0,Us),hidden:Math.max(0,t.length-Us)}}function Ys(e,t){let{shown:n,hidden:r}=Js(e),i=Array.isArray(e);return C`<ul class="json-list">
    ${n.map(([e,n])=>Xs(i?`[${e}]`:e,n,t))}
    ${r?C`<li class="json-more">… ${r} more not shown</li>`:T}
  </ul>`}function Xs(e,t,n){return Gs(t)&&Object.keys(t).length>0?C`<li>
      <details ?open=${n<Ws}>
        <summary><span class="json-key">${e}</span> <span class="json-meta">${Ks(t)}</span></summary>
        ${Ys(t,n+1)}
      </details>
    </li>`:C`<li class="json-leaf"><span class="json-key">${e}:</span> ${Gs(t)?C`<span class="json-meta">${Array.isArray(t)?`[]`:`{}`}</span>`:qs(t)}</li>`}var Zs=class extends J{static properties={value:{attribute:!1}};setAll(e){for(let t of this.querySelectorAll(`details`))t.open=e}render(){let e=this.value;return e===void 0?T:Gs(e)?Object.keys(e).length===0?C`<div class="json-tree"><span class="json-meta">${Array.isArray(e)?`empty list`:`no arguments`}</span></div>`:C`<div class="json-tree">
      <div class="json-tools">
        <button type="button" class="text-button" @click=${()=>this.setAll(!0)}>Expand all</button>
        <button type="button" class="text-button" @click=${()=>this.setAll(!1)}>Collapse all</button>
      </div>
      ${Ys(e,0)}
    </div>`:C`<div class="json-tree">${qs(e)}</div>`}};customElements.define(`pl-json-tree`,Zs);var Qs={created:`Requested`,voted:`Voted`,approved:`Approved`,declined:`Declined`,escalated:`Escalated to the escalation approvers`,expired:`Expired`,cancelled:`Withdrawn`},$s=2e3,ec=class extends J{static properties={requestId:{},request:{state:!0},error:{state:!0},decideError:{state:!0},deciding:{state:!0},announcement:{state:!0},names:{state:!0}};constructor(){super(),this.names=new Map,this.reloadSoon=ms(()=>this.load(),250,1e3)}connectedCallback(){super.connectedCallback(),this.stopLive=Eo([`approvals`],e=>{(e.kind===`resync`||e.request_id===this.requestId)&&this.reloadSoon()}),us().then(e=>{this.names=e}),this.load()}disconnectedCallback(){super.disconnectedCallback(),this.stopLive(),this.reloadSoon.cancel()}async load(){try{this.request=await Y(`/api/v1/approval-requests/${encodeURIComponent(this.requestId)}`),this.error=null}catch(e){this.error=e}}async decide(e){let t=this.querySelector(`[data-testid="comment"]`),n=t?t.value.trim():``;this.decideError=null,this.announcement=``,this.deciding=e?`approve`:`decline`;try{let r=n?{comment:n}:{};this.request=await Y(`/api/v1/approval-requests/${encodeURIComponent(this.requestId)}/${e?`approve`:`decline`}`,{method:`POST`,body:r}),t&&(t.value=``),this.announcement=this.request.status===`pending`?`Your approval is recorded; the request needs more approvals.`:`The request is ${this.request.status}.`,this.updateComplete.then(()=>{let e=this.querySelector(`#decide-heading`);e&&e.focus()})}catch(e){this.decideError=e}finally{this.deciding=``}}who(e){return this.names.get(e)||e}actor(e){return this.names.get(e)||rs(e,this.names)}decision(e){if(e.status!==`pending`)return C`<p>This request is <strong>${e.status}</strong>${e.decided_at?C` (${$(e.decided_at)})`:T}.</p>`;if(!Z(`approvals.decide`))return C`<p class="muted">You can read this request but not decide it (your role lacks <code>approvals.decide</code>).</p>`;let t=La().me,n=t&&t.user?(e.votes||[]).find(e=>e.user_id===t.user.id):null;return n?C`<p>You ${n.approve?`approved`:`declined`} this request (${$(n.at)}). It is waiting for other approvers.</p>`:C`<div class="stack">
      <sl-textarea
        label="Comment (optional)"
        help-text="Shown to the other approvers and kept in the audit trail."
        maxlength=${$s}
        rows="3"
        resize="auto"
        data-testid="comment"
      ></sl-textarea>
      <div class="row">
        <sl-button variant="success" data-testid="approve" ?loading=${this.deciding===`approve`} ?disabled=${!!this.deciding} @click=${()=>this.decide(!0)}>Approve</sl-button>
        <sl-button variant="danger" outline data-testid="decline" ?loading=${this.deciding===`decline`} ?disabled=${!!this.deciding} @click=${()=>this.decide(!1)}>Decline</sl-button>
      </div>
    </div>`}facts(e){return C`<dl class="facts">
      <dt>Requested by</dt><dd title=${e.principal}>${rs(e.principal,this.names)}</dd>
      <dt>Server</dt><dd>${e.server_name||`—`}</dd>
      <dt>Requested</dt><dd>${$(e.created_at)} (<pl-time-ago .at=${e.created_at}></pl-time-ago>)</dd>
      ${e.status===`pending`?C`<dt>Time left</dt><dd data-testid="time-left"><pl-time-left .at=${e.expires_at} @expired=${()=>this.reloadSoon()}></pl-time-left></dd>`:C`<dt>Decided</dt><dd>${$(e.decided_at)||`—`}</dd>`}
      <dt>Approvals</dt><dd>${Vs(e)}</dd>
      <dt>Stage</dt><dd>${e.stage===`escalation`?`Escalated`:`First approvers`}</dd>
      <dt>Rule</dt><dd>${e.rule_id?C`<code>${e.rule_id}</code>`:`—`}</dd>
      <dt>Approval workflow</dt><dd><code>${e.policy_id}</code></dd>
      ${e.execution&&e.execution!==`none`?C`<dt>Execution</dt><dd>${e.execution}</dd>`:T}
    </dl>`}votes(e){let t=e.votes||[];return t.length?C`<ul class="plain-list">
      ${t.map(e=>C`<li>
          <sl-badge variant=${e.approve?`success`:`danger`}>${e.approve?`approved`:`declined`}</sl-badge>
          <strong>${this.who(e.user_id)}</strong> · ${$(e.at)}
          ${e.comment?C`<blockquote class="comment">${e.comment}</blockquote>`:T}
        </li>`)}
    </ul>`:C`<p class="muted">No votes yet.</p>`}transitions(e){let t=e.events||[];return t.length?C`<ol class="timeline" data-testid="transitions">
      ${t.map(e=>{let t=e.detail||{};return C`<li>
          <time datetime=${new Date(e.created_at).toISOString()}>${$(e.created_at)}</time>
          <span class="timeline-what">${Qs[e.kind]||e.kind}${e.kind===`voted`&&`approve`in t?t.approve?`: approve`:`: decline`:``}</span>
          ${e.actor?C`<span class="muted" title=${e.actor}>by ${this.actor(e.actor)}</span>`:T}
          ${t.comment?C`<blockquote class="comment">${t.comment}</blockquote>`:T}
        </li>`})}
    </ol>`:C`<p class="muted">None recorded.</p>`}render(){let e=this.request;return C`<div class="page">
      <p><a href=${Q(`/approvals`)}>← All approvals</a></p>
      <div class="page-head">
        <h1 tabindex="-1">${e?C`<code>${e.tool}</code>`:`Approval request`}</h1>
        ${e?C`<sl-badge variant=${as(e.status)} data-testid="approval-status" data-status=${e.status}>${e.status}</sl-badge>`:T}
      </div>
      ${e?this.body(e):this.error?C`<pl-error .error=${this.error}></pl-error>`:C`<sl-spinner label="Loading"></sl-spinner>`}
    </div>`}body(e){return C`
      <pl-error .error=${this.error}></pl-error>
      <div class="detail-grid">
        <section class="card" aria-labelledby="req-heading">
          <h2 id="req-heading">Request</h2>
          ${this.facts(e)}
        </section>
        <section class="card" aria-labelledby="decide-heading">
          <h2 id="decide-heading" tabindex="-1">Decision</h2>
          ${this.decision(e)}
          <p role="status" class="status-text">${this.announcement||``}</p>
          <pl-error .error=${this.decideError}></pl-error>
        </section>
      </div>
      <section class="card" aria-labelledby="why-heading">
        <h2 id="why-heading">Justification</h2>
        ${e.justification?C`<p class="prewrap">${e.justification}</p>`:C`<p class="muted">The agent gave none.</p>`}
      </section>
      <section class="card" aria-labelledby="args-heading">
        <h2 id="args-heading">Arguments</h2>
        <pl-json-tree .value=${e.arguments}></pl-json-tree>
      </section>
      <div class="detail-grid">
        <section class="card" aria-labelledby="votes-heading">
          <h2 id="votes-heading">Votes</h2>
          ${this.votes(e)}
        </section>
        <section class="card" aria-labelledby="events-heading">
          <h2 id="events-heading">Transitions</h2>
          ${this.transitions(e)}
        </section>
      </div>`}};customElements.define(`pl-approval-page`,ec);function tc(e,t){let n=e&&e.rules||[];return n.find(e=>t&&e.rule_id===t&&e.outcome===`matched`&&!e.shadow)||n.find(e=>e.outcome===`matched`&&!e.shadow)||null}var nc={matched:`Matched`,no_match:`Did not match`,error:`Could not be evaluated`,not_reached:`Not reached (an earlier rule decided)`};function rc(e){return e.name?`${e.name}`:`rule ${e.rule_id}`}var ic=class extends J{static properties={trace:{attribute:!1},ruleId:{attribute:`rule-id`}};step(e,t){let n=t===e;return C`<li class="trace-step trace-${e.outcome} ${n?`trace-winner`:``}">
      <div class="trace-step-head">
        <strong>${rc(e)}</strong>
        <sl-badge variant=${as(e.action)} pill>${is(e.action)}</sl-badge>
        ${e.shadow?C`<sl-badge variant="neutral" pill>shadow</sl-badge>`:T}
        ${n?C`<sl-badge variant="primary" pill>decided the call</sl-badge>`:T}
      </div>
      <div class="trace-step-meta">
        priority ${e.priority} · scope ${e.scope}${e.name?C` · id <code>${e.rule_id}</code>`:T}
      </div>
      ${e.condition?C`<pre class="trace-condition"><code>${e.condition}</code></pre>`:C`<div class="muted">No condition: it applies to every call of the tool.</div>`}
      <div class="trace-outcome">${nc[e.outcome]||e.outcome}${e.error?C`: ${e.error}`:T}</div>
    </li>`}render(){let e=this.trace;if(!e)return C`<p class="muted">No decision trace was recorded for this record.</p>`;let t=tc(e,this.ruleId),n=e.rules||[];return C`<div class="trace">
      <p class="trace-why">${e.why}</p>
      ${e.scope?C`<p>Rules of the scope <code>${e.scope}</code> decided.</p>`:T}
      ${n.length?C`<ol class="trace-steps" aria-label="Rules considered, in order">${n.map(e=>this.step(e,t))}</ol>`:C`<p class="muted">No rule was considered: the account's default decided.</p>`}
      ${e.shadow?C`<p class="trace-note">
            Shadow rule <strong>${e.shadow.name||e.shadow.rule_id}</strong> would have decided
            “${is(e.shadow.action)}”,
            ${e.shadow.changes_decision?`which would have changed the decision`:`the same decision`}.
          </p>`:T}
      ${e.arguments_unchecked?C`<p class="trace-note">The arguments were not checked against the tool's input schema: ${e.arguments_unchecked}</p>`:T}
      ${e.results_redacted?C`<p class="trace-note">The tool's result was redacted before the agent saw it.</p>`:T}
    </div>`}};customElements.define(`pl-decision-trace`,ic);var ac=[`tool`,`decision`,`principal`,`outcome`,`since`,`until`],oc=[25,50,100,200],sc=50,cc=1e4,lc={csv:{label:`CSV`,accept:`text/csv`},jsonl:{label:`JSON Lines`,accept:`application/jsonl`}},uc=36e5;function dc(e){if(!e)return``;let t=new Date(Number(e)),n=e=>String(e).padStart(2,`0`);return`${t.getFullYear()}-${n(t.getMonth()+1)}-${n(t.getDate())}T${n(t.getHours())}:${n(t.getMinutes())}`}function fc(e){if(!e)return``;let t=new Date(e).getTime();return Number.isFinite(t)?String(t):``}function pc(e,t){let n=URL.createObjectURL(e),r=document.createElement(`a`);r.href=n,r.download=t,r.hidden=!0,document.body.append(r),r.click(),r.remove(),setTimeout(()=>URL.revokeObjectURL(n),1e3)}function mc(e,t){let n=/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(e||``);if(!n)return t;try{return decodeURIComponent(n[1]).replace(/[\\/]/g,`_`)}catch{return n[1]}}function hc(e,t){if(t<=1)return e;let n=e.lastIndexOf(`.`);return n>0?`${e.slice(0,n)}-part-${t}${e.slice(n)}`:`${e}-part-${t}`}function gc(e,t){let n=0,r=!1;for(let i=0;i<e.length;i+=1){let a=e.charCodeAt(i);a===34&&t===`csv`?r=!r:a===10&&!r&&(n+=1)}return e.length&&e.charCodeAt(e.length-1)!==10&&(n+=1),t===`csv`?Math.max(0,n-1):n}var _c=class extends J{static properties={query:{attribute:!1},records:{state:!0},loading:{state:!0},error:{state:!0},selected:{state:!0},pageIndex:{state:!0},next:{state:!0},fresh:{state:!0},exportStatus:{state:!0},exportError:{state:!0},exporting:{state:!0},exportNext:{state:!0},exportRefused:{state:!0},names:{state:!0}};constructor(){super(),this.records=null,this.cursors=[null],this.pageIndex=0,this.next=null,this.fresh=0,this.loadedKey=null,this.seq=0,this.names=new Map}connectedCallback(){super.connectedCallback(),us().then(e=>{this.names=e}),this.stopLive=Eo([`audit`,`activity`,`approvals`],e=>{e.kind===`resync`?this.fresh=Math.max(this.fresh,1):this.pageIndex===0&&(this.fresh+=1)})}disconnectedCallback(){super.disconnectedCallback(),this.stopLive()}filters(){let e={};for(let t of ac){let n=this.query?this.query.get(t):null;n&&(e[t]=n)}return e}pageSize(){let e=Number(this.query&&this.query.get(`limit`));return oc.includes(e)?e:sc}willUpdate(){let e=JSON.stringify([this.filters(),this.pageSize()]);e!==this.loadedKey&&(this.loadedKey=e,this.cursors=[null],this.pageIndex=0,this.load())}async load(){let e=++this.seq;this.loading=!0;try{let t=await Y(`/api/v1/audit`,{query:{...this.filters(),limit:this.pageSize(),cursor:this.cursors[this.pageIndex]}});if(e!==this.seq)return;this.records=t.events||[],this.next=t.next_cursor||null,this.error=null,this.pageIndex===0&&(this.fresh=0)}catch(t){e===this.seq&&(this.error=t)}finally{e===this.seq&&(this.loading=!1)}}older(){this.next&&(this.cursors=[...this.cursors.slice(0,this.pageIndex+1),this.next],this.pageIndex+=1,this.load())}newer(){this.pageIndex!==0&&(--this.pageIndex,this.load())}newest(){this.pageIndex=0,this.load()}apply(e){e.preventDefault();let t=e.target,n=e=>{let n=t.querySelector(`[name="${e}"]`);return n?String(n.value||``).trim():``},r=n(`decision`);Ro(`/audit`,{tool:n(`tool`),decision:r===`any`?``:r,principal:n(`principal`),outcome:n(`outcome`),since:fc(n(`since`)),until:fc(n(`until`)),limit:this.pageSize()===sc?``:this.pageSize()})}lastHours(e){Ro(`/audit`,{...this.filters(),since:String(Date.now()-e*uc),until:``,limit:this.query.get(`limit`)||``})}setPageSize(e){let t=Number(e.target.value);Ro(`/audit`,{...this.filters(),limit:t===sc?``:t})}open(e,t){t&&t.target.closest(`a`)||(this.opener=t?t.target.closest(`tr`):null,this.selected=e)}closed(){this.selected=null;let e=this.opener&&this.opener.querySelector(`button`);e&&e.focus()}async exportRecords(e,t=null){let n=this.filters(),r=JSON.stringify(n),i=t?t.part+1:1,{label:a,accept:o}=lc[e];this.exporting=e,this.exportError=null,this.exportStatus=`Preparing the ${a} export…`;try{let a=new URLSearchParams({...n,format:e});t&&a.set(`cursor`,t.cursor);let s=await Sa(`/api/v1/audit?${a}`,{headers:{Accept:o}});if(!s.ok){let e=await ba(s);throw s.status===403&&e.detail&&e.detail.required_permission&&(this.exportRefused=!0),e}let c=s.headers.get(`x-next-cursor`),l=await s.blob(),u=hc(mc(s.headers.get(`content-disposition`),`preloop-audit.${e}`),i);pc(l,u);let d=gc(await l.text(),e),f=t?t.exported:0,p=e=>e.toLocaleString(`en-US`);c?(this.exportNext={format:e,cursor:c,part:i,key:r,exported:f+d},this.exportStatus=i===1?`First ${p(d)} records exported as ${u}; more match — export the next part.`:`Records ${p(f+1)}–${p(f+d)} exported as ${u} (part ${i}); more match — export the next part.`):(this.exportNext=null,this.exportStatus=i===1?`${d===1?`1 record`:`${p(d)} records`} exported as ${u}.`:`Records ${p(f+1)}–${p(f+d)} exported as ${u} (part ${i}, the last).`)}catch(e){this.exportStatus=``,this.exportError=e}finally{this.exporting=``}}filterForm(){let e=this.filters(),t=Object.keys(e).length>0;return C`<form class="card filters" @submit=${this.apply} aria-labelledby="filters-heading">
      <h2 id="filters-heading" class="visually-hidden">Filters</h2>
      <div class="filter-grid">
        <sl-input name="tool" label="Tool" size="small" value=${e.tool||``} placeholder="server__tool" spellcheck="false"></sl-input>
        <sl-select name="decision" label="Decision" size="small" value=${e.decision||`any`}>
          <sl-option value="any">Any</sl-option>
          <sl-option value="allow">Allowed</sl-option>
          <sl-option value="deny">Denied</sl-option>
          <sl-option value="require_approval">Needs approval</sl-option>
        </sl-select>
        <sl-input name="outcome" label="Outcome" size="small" value=${e.outcome||``} placeholder="ok, denied, tool_error…" spellcheck="false"></sl-input>
        <sl-input name="principal" label="Principal" size="small" value=${e.principal||``} placeholder="key id or full label" spellcheck="false"></sl-input>
        <sl-input name="since" label="From" size="small" type="datetime-local" value=${dc(e.since)}></sl-input>
        <sl-input name="until" label="To" size="small" type="datetime-local" value=${dc(e.until)}></sl-input>
      </div>
      <div class="row wrap">
        <sl-button type="submit" variant="primary" size="small">Apply filters</sl-button>
        ${t?C`<sl-button size="small" href=${Q(`/audit`)}>Clear</sl-button>`:T}
        <span class="row-gap"></span>
        <span class="muted">Quick range:</span>
        <sl-button size="small" @click=${()=>this.lastHours(1)}>Last hour</sl-button>
        <sl-button size="small" @click=${()=>this.lastHours(24)}>Last 24 hours</sl-button>
        <sl-button size="small" @click=${()=>this.lastHours(168)}>Last 7 days</sl-button>
      </div>
    </form>`}table(e){return e.length?C`<div class="table-wrap">
      <table class="data-table stack-on-mobile">
        <caption class="visually-hidden">Audit records, newest first</caption>
        <thead>
          <tr><th scope="col">Time</th><th scope="col">Tool</th><th scope="col">Server</th><th scope="col">Principal</th><th scope="col">Decision</th><th scope="col">Outcome</th><th scope="col">Duration</th></tr>
        </thead>
        <tbody>
          ${e.map(e=>C`<tr class="clickable ${this.selected&&this.selected.id===e.id?`selected`:``}" data-testid="audit-row" data-id=${e.id} @click=${t=>this.open(e,t)}>
              <td data-label="Time"><time datetime=${Qo(e.created_at)}>${$(e.created_at)}</time></td>
              <td data-label="Tool"><button type="button" class="text-button" aria-haspopup="dialog"><code>${e.tool||`—`}</code></button></td>
              <td data-label="Server">${e.server_name||`—`}</td>
              <td data-label="Principal" title=${e.principal}>${rs(e.principal,this.names)||`—`}</td>
              <td data-label="Decision"><sl-badge variant=${as(e.decision)}>${is(e.decision)}</sl-badge></td>
              <td data-label="Outcome">${e.outcome}</td>
              <td data-label="Duration">${ns(e.duration_ms)}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`:C`<p class="empty" data-testid="empty">No record matches.</p>`}pager(){return C`<div class="row wrap pager">
      <sl-button size="small" ?disabled=${this.pageIndex===0} @click=${this.newer}>← Newer</sl-button>
      <span aria-live="polite">Page ${this.pageIndex+1}</span>
      <sl-button size="small" ?disabled=${!this.next} @click=${this.older}>Older →</sl-button>
      <span class="row-gap"></span>
      <sl-select label="Per page" size="small" class="inline-select" value=${String(this.pageSize())} @sl-change=${this.setPageSize}>
        ${oc.map(e=>C`<sl-option value=${String(e)}>${e}</sl-option>`)}
      </sl-select>
    </div>`}exports(){if(!Z(`audit.export`)||this.exportRefused)return this.exportError?C`<pl-error .error=${this.exportError}></pl-error>`:T;let e=this.exportNext&&this.exportNext.key===JSON.stringify(this.filters())?this.exportNext:null;return C`<section class="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <p class="muted">
        The records ${Object.keys(this.filters()).length>0?`matching these filters`:`of the whole trail`}, newest first, in files of up to
        ${cc.toLocaleString(`en-US`)} records.
      </p>
      <div class="row wrap">
        ${Object.entries(lc).map(([e,t])=>C`<sl-button
            size="small"
            data-testid=${`export-${e}`}
            ?loading=${this.exporting===e}
            ?disabled=${!!this.exporting}
            @click=${()=>this.exportRecords(e)}
          >
            <span slot="prefix">${Wo}</span>${t.label}
          </sl-button>`)}
        ${e?C`<sl-button size="small" variant="primary" data-testid="export-next" ?disabled=${!!this.exporting} ?loading=${this.exporting===e.format} @click=${()=>this.exportRecords(e.format,e)}>
              <span slot="prefix">${Wo}</span>Export the next part (${lc[e.format].label}, part ${e.part+1})
            </sl-button>`:T}
      </div>
      <p role="status" class="status-text export-status" data-testid="export-status">${this.exportStatus||``}</p>
      <pl-error .error=${this.exportError}></pl-error>
    </section>`}drawer(){let e=this.selected;return C`<sl-drawer
      label=${e?`Audit record: ${e.tool||e.outcome}`:`Audit record`}
      class="record-drawer"
      ?open=${!!e}
      @sl-after-hide=${e=>e.target===e.currentTarget&&this.closed()}
    >
      ${e?C`<div class="stack" data-testid="audit-record">
            <dl class="facts">
              <dt>Time</dt><dd>${$(e.created_at)}</dd>
              <dt>Tool</dt><dd><code>${e.tool||`—`}</code>${e.tool?C` · <a href=${Q(`/audit`,{tool:e.tool})}>all calls of this tool</a>`:T}</dd>
              <dt>Server</dt><dd>${e.server_name||`—`}</dd>
              <dt>Principal</dt><dd>${e.principal||`—`}${e.principal?C` · <a href=${Q(`/audit`,{principal:e.principal})}>all records of this principal</a>`:T}</dd>
              <dt>Decision</dt><dd><sl-badge variant=${as(e.decision)}>${is(e.decision)}</sl-badge></dd>
              <dt>Rule</dt><dd>${e.rule_id?C`<code>${e.rule_id}</code>`:`—`}</dd>
              <dt>Reason</dt><dd>${e.reason||`—`}</dd>
              <dt>Outcome</dt><dd>${e.outcome}</dd>
              ${e.error?C`<dt>Error</dt><dd class="prewrap">${e.error}</dd>`:T}
              <dt>Duration</dt><dd>${ns(e.duration_ms)||`—`}</dd>
              <dt>Request</dt><dd><code>${e.request_id}</code></dd>
              <dt>Record</dt><dd><code>${e.id}</code>${e.seq!==null&&e.seq!==void 0?C` · place ${e.seq} in the chain`:T}</dd>
            </dl>
            <section aria-labelledby="trace-heading">
              <h3 id="trace-heading">Why this rule won</h3>
              <pl-decision-trace .trace=${e.trace} rule-id=${e.rule_id||``}></pl-decision-trace>
            </section>
            <section aria-labelledby="record-args-heading">
              <h3 id="record-args-heading">Arguments (redacted)</h3>
              <pl-json-tree .value=${e.arguments}></pl-json-tree>
            </section>
          </div>`:T}
    </sl-drawer>`}render(){let e=this.records;return C`<div class="page">
      <div class="page-head">
        <h1 tabindex="-1">Audit trail</h1>
        ${this.loading?C`<sl-spinner label="Loading"></sl-spinner>`:T}
      </div>
      ${this.filterForm()}
      ${this.fresh>0?C`<div class="notice row wrap" role="status">
            <span>${this.fresh===1?`A new record was written`:`${this.fresh} new records were written`} since this page loaded${Object.keys(this.filters()).length?` (not all may match the filters)`:``}.</span>
            <sl-button size="small" @click=${this.newest}>Show the newest</sl-button>
          </div>`:T}
      <pl-error .error=${this.error}></pl-error>
      ${e===null?T:this.table(e)}
      ${e&&(e.length||this.pageIndex>0)?this.pager():T}
      ${this.exports()}
      ${this.drawer()}
    </div>`}};customElements.define(`pl-audit-page`,_c);var vc=class extends J{render(){return C`<div class="narrow-page" data-testid="not-found">
      <h1 tabindex="-1">Page not found</h1>
      <p>There is no page at this address.</p>
      <p><a href=${Q(`/overview`)}>Go to the overview</a></p>
    </div>`}};customElements.define(`pl-not-found-page`,vc);var yc=(function(){let e=typeof document<`u`&&document.createElement(`link`).relList;return e&&e.supports&&e.supports(`modulepreload`)?`modulepreload`:`preload`})(),bc=function(e){return`/`+e},xc={},Sc={},Cc=function(e){return e.pathname.endsWith(`.css`)},wc=function(e,t,n){if(t in e)return e[t];let r=n();if(!r){e[t]=void 0;return}let i=r.then(()=>{e[t]=void 0},n=>{throw delete e[t],n});return e[t]=i,i},Tc=function(e,t,n){let r=Promise.resolve();if(t&&t.length>0){let e,i=document.querySelector(`meta[property=csp-nonce]`),a=i?.nonce||i?.getAttribute(`nonce`);function o(e){return Promise.all(e.map(e=>Promise.resolve(e).then(e=>({status:`fulfilled`,value:e}),e=>({status:`rejected`,reason:e}))))}function s(e){return import.meta.resolve?new URL(import.meta.resolve(e)):new URL(e,import.meta.url)}r=o(t.map(t=>{t=bc(t,n);let r=s(t),i=Cc(r);return wc(xc,r.href,()=>{if(e===void 0){e={all:new Set,styles:new Set};let t=document.getElementsByTagName(`link`);for(let n=t.length-1;n>=0;n--){let r=t[n];e.all.add(r.href),r.rel===`stylesheet`&&e.styles.add(r.href)}}let t=i?e.styles:e.all,n=i?Sc[r.href]:void 0;if(!n&&t.has(r.href))return;let o=document.createElement(`link`);if(o.rel=i?`stylesheet`:yc,i||(o.as=`script`),o.crossOrigin=``,o.href=r.href,a&&o.setAttribute(`nonce`,a),n&&delete Sc[r.href],n?.isConnected?n.replaceWith(o):document.head.appendChild(o),i)return new Promise((e,t)=>{let n=i=>{o.removeEventListener(`load`,n),o.removeEventListener(`error`,n),i.type===`error`?(Sc[r.href]=o,t(Error(`Unable to preload CSS for ${r}`))):e(i)};o.addEventListener(`load`,n),o.addEventListener(`error`,n)})})}).filter(e=>e!==void 0))}function i(e){let t=new Event(`vite:preloadError`,{cancelable:!0});if(t.payload=e,window.dispatchEvent(t),!t.defaultPrevented)throw e}return r.then(t=>{for(let e of t||[])e.status===`rejected`&&i(e.reason);return e().catch(i)})},Ec=[{path:`/overview`,label:`Overview`,needs:null},{path:`/approvals`,label:`Approvals`,needs:`approvals.read`},{path:`/tools`,label:`Tools`,needs:`policies.read`},{path:`/servers`,label:`MCP servers`,needs:`servers.read`},{path:`/audit`,label:`Audit`,needs:`audit.read`},{path:`/trackers`,label:`Trackers`,needs:`trackers.read`,group:[`/issues`,`/duplicates`,`/compliance`,`/dependencies`]},{path:`/policies`,label:`Policies`,needs:`policies.read`},{path:`/keys`,label:`Agents & keys`,needs:`agents.read`},{path:`/people`,label:`People`,needs:`members.read`},{path:`/settings`,label:`Settings`,needs:`policies.read`}],Dc={tools:()=>Tc(()=>import(`./tools-CvlQGLvM.js`),__vite__mapDeps([0,1,2,3,4,5])),servers:()=>Tc(()=>import(`./servers-CLEKYNJz.js`),__vite__mapDeps([6,3,2,5])),policies:()=>Tc(()=>import(`./policies-CL2Fgkv0.js`),__vite__mapDeps([7,3,1,5])),keys:()=>Tc(()=>import(`./keys-CeKFDNu8.js`),__vite__mapDeps([8,3,5])),people:()=>Tc(()=>import(`./people-CRvJyhxt.js`),__vite__mapDeps([9,3,4,5])),settings:()=>Tc(()=>import(`./settings-CxfJsDAf.js`),__vite__mapDeps([10,1,3,5])),trackers:()=>Tc(()=>import(`./trackers-tP04yF0Z.js`),__vite__mapDeps([11,3,12,13,5])),issues:()=>Tc(()=>import(`./issues-CRSq5rnz.js`),__vite__mapDeps([14,12,13,5,15])),duplicates:()=>Tc(()=>import(`./duplicates-D0boGmC8.js`),__vite__mapDeps([16,12,13,5])),compliance:()=>Tc(()=>import(`./compliance-BmFNp0Za.js`),__vite__mapDeps([17,18,12,13,5,15])),dependencies:()=>Tc(()=>import(`./dependencies-DKBznd7n.js`),__vite__mapDeps([19,18,12,13,5]))},Oc=new Set,kc=new Set([`sign-in`]);function Ac(){let e=[];return Z(`approvals.read`)&&e.push(`approvals`),Z(`audit.read`)&&e.push(`audit`,`activity`),e}var jc={topics:Ac,reloadSession:Xa,unauthorized:Za};function Mc(e){return e?e.user?`${e.account_id}:user:${e.user.id}`:e.credential?`${e.account_id}:credential:${e.credential.id}`:``:``}var Nc=class extends J{static properties={route:{state:!0},navOpen:{state:!0}};constructor(){super(),this.route=Lo(),this.navOpen=!1,this.focusPage=!1}connectedCallback(){super.connectedCallback(),this.stopRoute=zo(e=>{this.route=e,this.navOpen=!1,this.focusPage=!0,this.guard()}),this.stopAuth=Ia(()=>this.authChanged()),io().then(e=>{e&&e.startsWith(`#/`)&&La().status===`signed-in`&&(history.replaceState(history.state,``,`${location.pathname}${location.search}${e}`),window.dispatchEvent(new HashChangeEvent(`hashchange`))),this.guard(),this.requestUpdate()})}disconnectedCallback(){super.disconnectedCallback(),this.stopRoute(),this.stopAuth()}authChanged(){if(La().status===`signed-in`){let e=Mc(La().me);e!==this.liveWho&&Fo(),this.liveWho=e,Po(Ac(),jc)}else this.liveWho=``,Fo();this.guard(),this.requestUpdate()}guard(){let{status:e}=La(),t=this.route.segments[0]||``;if(e===`signed-out`&&!kc.has(t)){let e=this.route.query.toString();Ro(`/sign-in`,{next:t?`${this.route.path}${e?`?${e}`:``}`:``},{replace:!0})}else if(e===`signed-in`&&(t===`sign-in`||t===``)){let e=this.route.query.get(`next`),t=e&&e.startsWith(`/`)&&!e.startsWith(`/sign-in`)?e:`/overview`;history.replaceState(history.state,``,`${location.pathname}${location.search}#${t}`),window.dispatchEvent(new HashChangeEvent(`hashchange`))}}async signOut(){Fo(),await ao(),Ro(`/sign-in`,{},{replace:!0})}onMenuSelect(e){let t=e.detail.item.value;t===`profile`&&Ro(`/profile`),t===`sign-out`&&this.signOut()}skipToMain(e){e.preventDefault();let t=this.querySelector(`main`);t&&t.focus()}page(){let{status:e}=La(),[t,n,...r]=this.route.segments;if(e===`unknown`)return{title:`Loading`,view:C`<div class="page-loading"><sl-spinner label="Loading"></sl-spinner></div>`};if(e===`signed-out`||t===`sign-in`)return{title:`Sign in`,view:C`<pl-sign-in-page .next=${this.route.query.get(`next`)||``} .reason=${La().reason}></pl-sign-in-page>`};let i=this.route.query;switch(Dc[t]&&!Oc.has(t)&&(Oc.add(t),Dc[t]().then(()=>{this.focusPage=!0,this.requestUpdate()},()=>Oc.delete(t))),t){case`overview`:if(n===void 0)return{title:`Overview`,view:C`<pl-overview-page></pl-overview-page>`};break;case`profile`:if(n===void 0)return{title:`Profile`,view:C`<pl-profile-page @sign-out=${()=>this.signOut()}></pl-profile-page>`};break;case`approvals`:if(n===void 0)return{title:`Approvals`,view:C`<pl-approvals-page .query=${i}></pl-approvals-page>`};if(r.length===0)return{title:`Approval request`,view:C`<pl-approval-page .requestId=${n}></pl-approval-page>`};break;case`audit`:if(n===void 0)return{title:`Audit`,view:C`<pl-audit-page .query=${i}></pl-audit-page>`};break;case`tools`:if(n===void 0)return{title:`Tools`,view:C`<pl-tools-page></pl-tools-page>`};if(r.length===0)return{title:`Tool ${n}`,view:C`<pl-tool-page .toolName=${n}></pl-tool-page>`};break;case`servers`:if(n===void 0)return{title:`MCP servers`,view:C`<pl-servers-page></pl-servers-page>`};break;case`policies`:if(n===void 0)return{title:`Policy as code`,view:C`<pl-policies-page></pl-policies-page>`};break;case`keys`:if(n===void 0)return{title:`Agents and keys`,view:C`<pl-keys-page></pl-keys-page>`};break;case`people`:if(n===void 0)return{title:`People`,view:C`<pl-people-page .query=${i}></pl-people-page>`};break;case`settings`:if(n===void 0)return{title:`Settings`,view:C`<pl-settings-page></pl-settings-page>`};break;case`trackers`:if(n===void 0)return{title:`Issue trackers`,view:C`<pl-trackers-page></pl-trackers-page>`};if(r.length===0)return{title:`Tracker`,view:C`<pl-tracker-page .trackerId=${n}></pl-tracker-page>`};break;case`issues`:if(n===void 0)return{title:`Issues`,view:C`<pl-issues-page .query=${i}></pl-issues-page>`};if(r.length===0)return{title:`Issue`,view:C`<pl-issue-page .issueId=${n}></pl-issue-page>`};break;case`duplicates`:if(n===void 0)return{title:`Duplicates`,view:C`<pl-duplicates-page .query=${i}></pl-duplicates-page>`};break;case`compliance`:if(n===void 0)return{title:`Compliance`,view:C`<pl-compliance-page .query=${i}></pl-compliance-page>`};break;case`dependencies`:if(n===void 0)return{title:`Dependencies`,view:C`<pl-dependencies-page .query=${i}></pl-dependencies-page>`}}return{title:`Not found`,view:C`<pl-not-found-page></pl-not-found-page>`}}header(){let{status:e,me:t}=La(),n=e===`signed-in`,r=`/${this.route.segments[0]||``}`,i=t?t.user&&(t.user.name||t.user.email)||t.credential&&t.credential.name||`Signed in`:``;return C`<header class="app-header">
      <div class="header-inner">
        <a class="brand" href=${n?`#/overview`:`#/sign-in`}>${Uo}<span>Preloop</span></a>
        ${n?C`<button
                type="button"
                class="nav-toggle"
                aria-expanded=${this.navOpen?`true`:`false`}
                aria-controls="primary-nav"
                @click=${()=>this.navOpen=!this.navOpen}
              >
                ${this.navOpen?Ho:Vo}<span>Menu</span>
              </button>
              <nav id="primary-nav" aria-label="Main" class=${this.navOpen?`open`:``}>
                <ul>
                  ${Ec.filter(e=>!e.needs||Z(e.needs)).map(e=>C`<li>
                      <a href=${Q(e.path)} aria-current=${r===e.path?`page`:e.group&&e.group.includes(r)?`true`:`false`}>${e.label}</a>
                    </li>`)}
                </ul>
              </nav>
              <div class="header-end">
                <pl-live-indicator></pl-live-indicator>
                <sl-dropdown placement="bottom-end" distance="4">
                  <sl-button slot="trigger" size="small" caret data-testid="user-menu">
                    <span class="user-name">${i}</span>
                  </sl-button>
                  <sl-menu @sl-select=${this.onMenuSelect}>
                    <sl-menu-item value="profile">Profile</sl-menu-item>
                    <sl-menu-item value="sign-out" data-testid="sign-out">Sign out</sl-menu-item>
                  </sl-menu>
                </sl-dropdown>
              </div>`:T}
      </div>
    </header>`}render(){let{title:e,view:t}=this.page();return document.title=`${e} · Preloop`,C`<a class="skip-link" href="#main" @click=${this.skipToMain}>Skip to main content</a>
      ${this.header()}
      <main id="main" tabindex="-1">${ha(this.route.path,t)}</main>`}async updated(){if(!this.focusPage)return;this.focusPage=!1;let e=this.querySelector(`main > *`);e&&e.updateComplete&&await e.updateComplete;let t=this.querySelector(`main [autofocus]`)||this.querySelector(`main h1`);t&&t.focus()}};customElements.define(`preloop-app`,Nc);export{C as $,F as A,M as B,R as C,Fn as D,Nn as E,en as F,A as G,ft as H,N as I,D as J,k as K,It as L,on as M,rn as N,Pn as O,tn as P,w as Q,Nt as R,Hn as S,In as T,ut as U,dt as V,j as W,E as X,Qe as Y,T as Z,Gi as _,Wo as a,Kn as b,Z as c,Y as d,Ce as et,Sa as f,Ki as g,ha as h,os as i,an as j,On as k,Ia as l,J as m,$ as n,Q as o,ba as p,O as q,Qo as r,Ro as s,ms as t,o as tt,La as u,Wi as v,L as w,Un as x,Wn as y,Et as z};