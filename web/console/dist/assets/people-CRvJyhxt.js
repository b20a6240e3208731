import{$ as e,B as t,D as n,G as r,I as i,J as a,K as o,W as s,X as c,Y as ee,Z as l,c as u,d,g as f,h as p,i as m,m as h,n as g,q as _,tt as v,u as y,w as b,z as x}from"./index-Dwui5pez.js";import{a as S,d as C,l as w,n as T,o as E,p as D,r as O,t as k,u as A}from"./dialogs-C5RI8Bzs.js";import"./switch-DpSeOSnd.js";/* empty css                    */function j(e){return(t,n)=>{let r=typeof t==`function`?t:t[n];Object.assign(r,e)}}var M=25,N=[`owner`,`admin`,`approver`,`auditor`,`viewer`],P=class extends h{static properties={users:{attribute:!1},page:{state:!0},search:{state:!0},error:{state:!0},notice:{state:!0}};constructor(){super(),this.page=0,this.search=``}changed(){this.dispatchEvent(new CustomEvent(`people-changed`,{bubbles:!0}))}async patch(e,t,n){this.error=null;try{await d(`/api/v1/users/${encodeURIComponent(e.id)}`,{method:`PATCH`,body:t}),this.notice=n,this.changed()}catch(e){this.error=e,this.requestUpdate()}}async setDisabled(t,n){(!n||await k({label:`Disable ${t.name||t.email}?`,message:e`<p>They can no longer sign in; their sessions end and their keys stop working, until enabled again.</p>`,confirmLabel:`Disable`,danger:!0}))&&this.patch(t,{disabled:n},`${t.email} is ${n?`disabled`:`enabled again`}.`)}removeUser(t){return T(this,{label:`Remove ${t.name||t.email}?`,message:e`<p><strong>${t.email}</strong> leaves the account, with their keys and team memberships.</p>`,confirmLabel:`Remove`,path:`/api/v1/users/${encodeURIComponent(t.id)}`,done:()=>{this.notice=`Removed ${t.email}.`,this.changed()},failed:e=>this.error=e,focus:`.status-text`})}async resetLink(e){this.error=null;try{let t=await d(`/api/v1/users/${encodeURIComponent(e.id)}/password-reset`,{method:`POST`});await O({label:`A password-reset link for ${e.email}`,value:t.reset_url,testid:`reset-link`,note:t.emailed?`It was also mailed to ${e.email}.`:`It was not mailed (no email channel): pass it on yourself.`})}catch(e){this.error=e}}row(t){let n=y().me&&y().me.user&&y().me.user.id===t.id,r=u(`members.assign_role`);return e`<tr data-testid="user-row" data-email=${t.email}>
      <td data-label="Name" class="break"><div><strong>${t.name}</strong>${n?e` <span class="muted small">(you)</span>`:l}</div></td>
      <td data-label="Email" class="break">${t.email}</td>
      <td data-label="Role">
        ${r&&!n?e`<select class="input" aria-label="Role of ${t.email}" data-testid="user-role" .value=${f(t.role)} @change=${e=>this.patch(t,{role:e.target.value},`${t.email} is now ${e.target.value}.`)}>
              ${N.map(n=>e`<option value=${n} ?selected=${n===t.role}>${n}</option>`)}
            </select>`:t.role}
      </td>
      <td data-label="State">
        ${t.disabled_at?e`<sl-badge variant="neutral">disabled ${g(t.disabled_at)}</sl-badge>`:t.password_set?e`<sl-badge variant="success">active</sl-badge>`:e`<sl-badge variant="warning">no password yet</sl-badge>`}
      </td>
      <td data-label="Added">${g(t.created_at)}</td>
      <td data-label="Actions" class="actions-col"><div class="cell-actions">
        ${u(`members.invite`)&&!n?e`<sl-button size="small" @click=${()=>this.resetLink(t)}>Reset link<span class="visually-hidden"> for ${t.email}</span></sl-button>`:l}
        ${r&&!n?e`<sl-button size="small" @click=${()=>this.setDisabled(t,!t.disabled_at)}>${t.disabled_at?`Enable`:`Disable`}<span class="visually-hidden"> ${t.email}</span></sl-button>
              <sl-button size="small" variant="danger" outline data-testid="remove-user" @click=${()=>this.removeUser(t)}>Remove<span class="visually-hidden"> ${t.email}</span></sl-button>`:l}
      </div></td>
    </tr>`}render(){let t=this.search.toLowerCase(),n=(this.users||[]).filter(e=>!t||e.email.includes(t)||(e.name||``).toLowerCase().includes(t)),{rows:r,page:i,pages:a}=A(n,this.page,M);return e`<div class="stack">
      <div class="field">
        <label for="user-search">Find a person</label>
        <input id="user-search" type="search" autocomplete="off" .value=${this.search} @input=${e=>{this.search=e.target.value.trim(),this.page=0}} />
      </div>
      <p role="status" class="status-text" tabindex="-1">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${r.length?e`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">People of the account</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Added</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${r.map(e=>this.row(e))}</tbody>
          </table></div>`:e`<p class="empty">Nobody matches.</p>`}
      ${C({page:i,pages:a,label:`People pages`,onPage:e=>this.page=e})}
    </div>`}};customElements.define(`pl-people-users`,P);var te=[`admin`,`approver`,`auditor`,`viewer`],ne=20,F=50,re=class extends h{static properties={teams:{attribute:!1},users:{attribute:!1},page:{state:!0},error:{state:!0},notice:{state:!0},busy:{state:!0}};constructor(){super(),this.page=0}async call(e,t){this.error=null,this.busy=!0;try{return await e(),this.notice=t,this.dispatchEvent(new CustomEvent(`people-changed`,{bubbles:!0})),!0}catch(e){return this.error=e,!1}finally{this.busy=!1}}async create(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=E(t);await this.call(()=>d(`/api/v1/teams`,{method:`POST`,body:{name:n.name,role:n.role||null}}),`Created the team ${n.name}.`)&&t.reset()}async removeTeam(t){await k({label:`Remove the team ${t.name}?`,message:e`<p>Its ${m(t.member_ids.length,`member`)} lose what the team gave them${t.role?e` (the ${t.role} role)`:l}, and workflows stop naming it.</p>`,confirmLabel:`Remove the team`,danger:!0})&&await this.call(()=>d(`/api/v1/teams/${encodeURIComponent(t.id)}`,{method:`DELETE`}),`Removed the team ${t.name}.`)&&S(this,`.status-text`)}addMember(e,t){e.preventDefault();let n=e.target.elements.user.value;n&&this.call(()=>d(`/api/v1/teams/${encodeURIComponent(t.id)}/members`,{method:`POST`,body:{user_id:n}}),`Added ${this.name(n)} to ${t.name}.`)}async removeMember(e,t){await this.call(()=>d(`/api/v1/teams/${encodeURIComponent(e.id)}/members/${encodeURIComponent(t)}`,{method:`DELETE`}),`Took ${this.name(t)} out of ${e.name}.`)&&S(this,`.status-text`)}name(e){let t=(this.users||[]).find(t=>t.id===e);return t?t.name||t.email:e}team(t){let n=u(`members.assign_role`),r=(this.users||[]).filter(e=>!t.member_ids.includes(e.id));return e`<li class="card stack" data-testid="team-row" data-team=${t.name}>
      <div class="section-head">
        <h3 class="break">${t.name}</h3>
        <span class="muted small">${t.role?`grants ${t.role}`:`grants no role`} · ${m(t.member_ids.length,`member`)}</span>
        <span class="row-gap"></span>
        ${n?e`<sl-button size="small" variant="danger" outline @click=${()=>this.removeTeam(t)}>Remove<span class="visually-hidden"> the team ${t.name}</span></sl-button>`:l}
      </div>
      ${t.member_ids.length?e`<ul class="chips" aria-label="Members of ${t.name}">
            ${t.member_ids.slice(0,F).map(r=>e`<li>${this.name(r)}${n?e` <button type="button" class="text-button small" @click=${()=>this.removeMember(t,r)}>remove<span class="visually-hidden"> ${this.name(r)} from ${t.name}</span></button>`:l}</li>`)}
          </ul>
          ${t.member_ids.length>F?e`<p class="muted small">and ${t.member_ids.length-F} more</p>`:l}`:e`<p class="muted">No members.</p>`}
      ${n&&r.length?e`<form class="toolbar" @submit=${e=>this.addMember(e,t)}>
            <div class="field">
              <label for="add-${t.id}">Add a member</label>
              <select id="add-${t.id}" name="user">
                ${r.map(t=>e`<option value=${t.id}>${t.name||t.email}</option>`)}
              </select>
            </div>
            <sl-button type="submit" size="small" ?disabled=${this.busy}>Add<span class="visually-hidden"> to ${t.name}</span></sl-button>
          </form>`:l}
    </li>`}render(){let{rows:t,page:n,pages:r}=A(this.teams||[],this.page,ne);return e`<div class="stack">
      <p role="status" class="status-text" tabindex="-1">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${u(`members.assign_role`)?e`<form class="card toolbar" @submit=${this.create} aria-label="Create a team">
            <div class="field">
              <label for="team-name">New team's name</label>
              <input id="team-name" name="name" required maxlength="128" />
            </div>
            <div class="field">
              <label for="team-role">Role it grants</label>
              <select id="team-role" name="role">
                <option value="">None (for workflows only)</option>
                ${te.map(t=>e`<option value=${t}>${t}</option>`)}
              </select>
            </div>
            <sl-button type="submit" variant="primary" size="small" data-testid="create-team" ?disabled=${this.busy}>Create the team</sl-button>
          </form>`:l}
      ${t.length?e`<ul class="plain-list stack">${t.map(e=>this.team(e))}</ul>`:e`<p class="empty">No team yet.</p>`}
      ${C({page:n,pages:r,label:`Team pages`,onPage:e=>this.page=e})}
    </div>`}};customElements.define(`pl-people-teams`,re);var ie=25,ae=class extends h{static properties={invitations:{state:!0},page:{state:!0},error:{state:!0},formError:{state:!0},notice:{state:!0},busy:{state:!0}};constructor(){super(),this.page=0,this.invitations=null}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{this.invitations=(await d(`/api/v1/invitations`)).invitations||[],this.error=null}catch(e){this.error=e}}async invite(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=E(t);this.busy=!0,this.formError=null;try{let e={email:n.email,role:n.role};n.name&&(e.name=n.name);let r=await d(`/api/v1/invitations`,{method:`POST`,body:e});t.reset(),this.notice=`Invited ${r.invitation.email} as ${r.invitation.role}.`,this.load(),this.dispatchEvent(new CustomEvent(`people-changed`,{bubbles:!0})),await O({label:`The invitation link for ${r.invitation.email}`,value:r.invitation_url,testid:`invitation-link`,note:r.emailed?`It was also mailed to ${r.invitation.email}. It works once, until ${g(r.invitation.expires_at)}.`:`It was not mailed (the account has no email channel): pass it on yourself. It works once, until ${g(r.invitation.expires_at)}.`})}catch(e){this.formError=e}finally{this.busy=!1}}withdraw(t){return T(this,{label:`Withdraw the invitation of ${t.email}?`,message:e`<p>Its link stops working.</p>`,confirmLabel:`Withdraw`,path:`/api/v1/invitations/${encodeURIComponent(t.id)}`,done:()=>{this.notice=`Withdrew the invitation of ${t.email}.`,this.load()},failed:e=>this.error=e,focus:`.status-text`})}render(){let{rows:t,page:n,pages:r}=A(this.invitations||[],this.page,ie);return e`<div class="stack">
      ${u(`members.invite`)?e`<form class="card stack" @submit=${this.invite} aria-label="Invite someone">
            <div class="form-grid">
              <div class="field">
                <label for="invite-email">Email</label>
                <input id="invite-email" name="email" type="email" required autocomplete="off" data-testid="invite-email" />
              </div>
              <div class="field">
                <label for="invite-name">Name <span class="muted">(optional)</span></label>
                <input id="invite-name" name="name" maxlength="128" autocomplete="off" />
              </div>
              <div class="field">
                <label for="invite-role">Role</label>
                <select id="invite-role" name="role">
                  ${N.map(t=>e`<option value=${t} ?selected=${t===`approver`}>${t}</option>`)}
                </select>
              </div>
            </div>
            <pl-error .error=${this.formError}></pl-error>
            <div><sl-button type="submit" variant="primary" size="small" data-testid="invite" ?loading=${this.busy}>Invite</sl-button></div>
          </form>`:l}
      <p role="status" class="status-text" tabindex="-1">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.invitations===null?l:t.length?e`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Open invitations</caption>
              <thead><tr><th scope="col">Email</th><th scope="col">Sent</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${t.map(t=>e`<tr data-testid="invitation-row">
                  <td data-label="Email" class="break">${t.email}</td>
                  <td data-label="Sent">${g(t.created_at)}</td>
                  <td data-label="Expires">${g(t.expires_at)}</td>
                  <td data-label="Actions" class="actions-col">
                    ${u(`members.invite`)?e`<sl-button size="small" variant="danger" outline @click=${()=>this.withdraw(t)}>Withdraw<span class="visually-hidden"> the invitation of ${t.email}</span></sl-button>`:l}
                  </td>
                </tr>`)}</tbody>
            </table></div>`:e`<p class="empty">No open invitation.</p>`}
      ${C({page:n,pages:r,label:`Invitation pages`,onPage:e=>this.page=e})}
    </div>`}};customElements.define(`pl-people-invitations`,ae);var I=[`email`,`slack`,`mattermost`,`webhook`,`push`],L={s:1,min:60,h:3600,d:86400},R=100;function z(e){for(let[t,n]of[[`d`,86400],[`h`,3600],[`min`,60]])if(e>=n&&e%n===0)return[e/n,t];return[e,`s`]}function B(t,n,r,i){let[a,o]=z(r);return e`<fieldset class="field">
    <legend>${n}</legend>
    <div class="row">
      <input id=${t} name="${t}_n" type="number" min="1" step="1" required .value=${String(a)} aria-label="${n}: amount" style="max-width: 7rem" />
      <select name="${t}_unit" aria-label="${n}: unit" style="max-width: 8rem">
        ${Object.keys(L).map(t=>e`<option value=${t} ?selected=${t===o}>${t}</option>`)}
      </select>
    </div>
    ${i?e`<p class="hint">${i}</p>`:l}
  </fieldset>`}var V=class extends h{static properties={users:{attribute:!1},teams:{attribute:!1},workflows:{state:!0},editing:{state:!0},escalate:{state:!0},error:{state:!0},formError:{state:!0},saving:{state:!0},notice:{state:!0},formKey:{state:!0}};constructor(){super(),this.workflows=null,this.formKey=0}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{this.workflows=(await d(`/api/v1/approval-policies`)).approval_policies||[],this.error=null}catch(e){this.error=e}}names(){return new Map([...(this.users||[]).map(e=>[e.id,e.name||e.email]),...(this.teams||[]).map(e=>[e.id,`team ${e.name}`])])}async openForm(e){this.editing=e||null,this.escalate=!!(e&&e.escalation),this.formError=null,this.formKey++,await this.updateComplete,this.querySelector(`#workflow-dialog`).show()}body(e){let t=t=>Number(e[`${t}_n`])*L[e[`${t}_unit`]];return{name:e.name,description:e.description||null,approver_user_ids:e.approver_users||[],approver_team_ids:e.approver_teams||[],approvals_required:Number(e.approvals_required),timeout_seconds:t(`timeout`),escalation:this.escalate?{after_seconds:t(`escalate_after`),user_ids:e.escalation_users||[],team_ids:e.escalation_teams||[]}:null,notification_channels:e.channels||[],async_approval:e.async_approval,justification:e.justification||null,is_default:e.is_default,require_different_person:e.require_different_person}}async save(e){e.preventDefault();let t=e.target;if(t.reportValidity()){this.saving=!0,this.formError=null;try{let e=this.body(E(t)),n=this.editing,r=n?await d(`/api/v1/approval-policies/${encodeURIComponent(n.id)}`,{method:`PATCH`,body:e}):await d(`/api/v1/approval-policies`,{method:`POST`,body:e});this.querySelector(`#workflow-dialog`).hide(),this.notice=`Saved the workflow ${r.name}.`,this.load()}catch(e){this.formError=e}finally{this.saving=!1}}}removeWorkflow(t){return T(this,{label:`Remove the workflow ${t.name}?`,message:e`<p>Rules that name it can no longer send calls to it.</p>`,confirmLabel:`Remove`,path:`/api/v1/approval-policies/${encodeURIComponent(t.id)}`,done:()=>{this.notice=`Removed the workflow ${t.name}.`,this.load()},failed:e=>this.error=e,focus:`.status-text`})}checks(t,n,r,i){return e`<fieldset class="field">
      <legend>${i}</legend>
      ${n.length?e`<div class="check-grid scroll">${n.map(n=>e`<label class="check"><input type="checkbox" name=${t} value=${n.id} ?checked=${r.includes(n.id)} />${n.label}</label>`)}</div>`:e`<p class="hint">None in the account.</p>`}
    </fieldset>`}formView(){let t=this.editing,n=(this.users||[]).filter(e=>!e.disabled_at).map(e=>({id:e.id,label:e.name||e.email})),r=(this.teams||[]).map(e=>({id:e.id,label:e.name})),i=t&&t.escalation||{after_seconds:300,user_ids:[],team_ids:[]};return e`<form class="stack" @submit=${this.save} novalidate>
      <div class="form-grid">
        <div class="field">
          <label for="wf-name">Name</label>
          <input id="wf-name" name="name" autofocus required maxlength="128" .value=${t?t.name:``} data-testid="workflow-name" />
        </div>
        <div class="field">
          <label for="wf-quorum">Approvals needed</label>
          <input id="wf-quorum" name="approvals_required" type="number" min="1" max="10" required .value=${String(t?t.approvals_required:1)} aria-describedby="wf-quorum-hint" />
          <p class="hint" id="wf-quorum-hint">Distinct people, 1 to 10.</p>
        </div>
        <div class="field wide">
          <label for="wf-description">Description <span class="muted">(optional)</span></label>
          <input id="wf-description" name="description" .value=${t&&t.description||``} />
        </div>
        <div class="wide">${this.checks(`approver_users`,n,t&&t.approver_user_ids||[],`Approvers: people`)}</div>
        <div class="wide">${this.checks(`approver_teams`,r,t&&t.approver_team_ids||[],`Approvers: teams`)}</div>
        <p class="hint wide">Nobody ticked: the account's admins decide.</p>
        ${B(`timeout`,`Time to decide`,t?t.timeout_seconds:600,`From 30 s to 30 days; then the request expires.`)}
        <div class="field">
          <label for="wf-justification">Justification from the agent</label>
          <select id="wf-justification" name="justification">
            <option value="" ?selected=${!t||!t.justification}>Not asked</option>
            <option value="optional" ?selected=${t&&t.justification===`optional`}>Optional</option>
            <option value="required" ?selected=${t&&t.justification===`required`}>Required</option>
          </select>
        </div>
        <fieldset class="field wide">
          <legend>Notify through</legend>
          <div class="check-grid">${I.map(n=>e`<label class="check"><input type="checkbox" name="channels" value=${n} ?checked=${(t?t.notification_channels:[`email`]).includes(n)} />${n}</label>`)}</div>
        </fieldset>
        <div class="field wide">
          <label class="check"><input type="checkbox" name="async_approval" .checked=${!!(t&&t.async_approval)} />Asynchronous: the agent gets a request id at once and checks back, instead of waiting</label>
          <label class="check"><input type="checkbox" name="require_different_person" .checked=${!!(t&&t.require_different_person)} />Four eyes: the person behind the calling key cannot approve</label>
          <label class="check"><input type="checkbox" name="is_default" .checked=${!!(t&&t.is_default)} />The account's default workflow</label>
          <label class="check"><input type="checkbox" .checked=${this.escalate} @change=${e=>this.escalate=e.target.checked} />Escalate when nobody answers in time</label>
        </div>
        ${this.escalate?e`${B(`escalate_after`,`Escalate after`,i.after_seconds,`Less than the time to decide.`)}
              <div class="wide">${this.checks(`escalation_users`,n,i.user_ids,`Escalate to: people`)}</div>
              <div class="wide">${this.checks(`escalation_teams`,r,i.team_ids,`Escalate to: teams`)}</div>`:l}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${()=>this.querySelector(`#workflow-dialog`).hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-workflow" ?loading=${this.saving}>${t?`Save`:`Create the workflow`}</sl-button>
      </div>
    </form>`}row(t,n){let r=[...t.approver_user_ids,...t.approver_team_ids].map(e=>w(n,e));return e`<tr data-testid="workflow-row" data-workflow=${t.name}>
      <td data-label="Name" class="break"><div><strong>${t.name}</strong>${t.is_default?e` <sl-badge variant="primary" pill>default</sl-badge>`:l}
        ${t.description?e`<div class="small muted">${t.description}</div>`:l}</div></td>
      <td data-label="Approvers" class="break">${r.length?r.join(`, `):e`<span class="muted">the account's admins</span>`}</td>
      <td data-label="Needs">${t.approvals_required}${t.require_different_person?`, four eyes`:``}</td>
      <td data-label="Time"><div>${D(t.timeout_seconds)}${t.escalation?e`<div class="small muted">escalates after ${D(t.escalation.after_seconds)}</div>`:l}</div></td>
      <td data-label="Notifies">${t.notification_channels.join(`, `)||`—`}</td>
      <td data-label="Mode"><div>${t.async_approval?`asynchronous`:`agent waits`}${t.justification?e`<div class="small muted">justification ${t.justification}</div>`:l}</div></td>
      <td data-label="Actions" class="actions-col">
        ${u(`policies.write`)?e`<div class="cell-actions">
              <sl-button size="small" @click=${()=>this.openForm(t)}>Edit<span class="visually-hidden"> ${t.name}</span></sl-button>
              <sl-button size="small" variant="danger" outline @click=${()=>this.removeWorkflow(t)}>Remove<span class="visually-hidden"> ${t.name}</span></sl-button>
            </div>`:l}
      </td>
    </tr>`}render(){let t=(this.workflows||[]).slice(0,R),n=this.names();return e`<div class="stack">
      <div class="section-head">
        <p class="muted">Rules that require approval send calls to a workflow: theirs, their tool's, else the default.</p>
        <span class="row-gap"></span>
        ${u(`policies.write`)?e`<sl-button variant="primary" size="small" data-testid="create-workflow" @click=${()=>this.openForm(null)}>Create a workflow</sl-button>`:l}
      </div>
      <p role="status" class="status-text" tabindex="-1">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.workflows===null?l:t.length?e`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Approval workflows</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Approvers</th><th scope="col">Needs</th><th scope="col">Time</th><th scope="col">Notifies</th><th scope="col">Mode</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${t.map(e=>this.row(e,n))}</tbody>
            </table></div>`:e`<p class="empty">No workflow yet: calls that need approval go to the account's admins.</p>`}
      <sl-dialog id="workflow-dialog" class="form-dialog wide" label=${this.editing?`Edit ${this.editing.name}`:`Create a workflow`}
        @sl-after-hide=${e=>e.target===e.currentTarget&&this.formKey++}>
        ${p(this.formKey,this.formView())}
      </sl-dialog>
    </div>`}};customElements.define(`pl-approval-workflows`,V);var H={email:`Email`,slack:`Slack`,mattermost:`Mattermost`,webhook:`Signed webhook`,push:`Push proxy`},U=20;function W(e,t){switch(e){case`email`:return t.via===`http_api`?{from:t.from,http_api:{url:t.api_url,api_key:t.api_key}}:{from:t.from,smtp:{host:t.smtp_host,port:Number(t.smtp_port)||587,username:t.smtp_username||null,password:t.smtp_password||null,security:t.smtp_security||`starttls`}};case`slack`:return{webhook_url:t.webhook_url};case`mattermost`:return{webhook_url:t.webhook_url,channel:t.channel||null};case`webhook`:return{url:t.url,secret:t.secret};case`push`:return{url:t.url,api_key:t.api_key};default:return{}}}var G=(t,n,r={})=>e`<div class="field ${r.wide?`wide`:``}">
  <label for=${t}>${n}</label>
  <input id=${t} name=${r.name||t} type=${r.type||`text`} ?required=${!r.optional} ?autofocus=${!!r.autofocus} autocomplete="off" spellcheck="false"
    minlength=${r.minlength||0} placeholder=${r.placeholder||``} .value=${r.value||``} />
  ${r.hint?e`<p class="hint">${r.hint}</p>`:l}
</div>`,K=class extends h{static properties={channels:{state:!0},deliveries:{state:!0},kind:{state:!0},via:{state:!0},error:{state:!0},formError:{state:!0},saving:{state:!0},notice:{state:!0},formKey:{state:!0},testing:{state:!0}};constructor(){super(),this.channels=null,this.kind=`email`,this.via=`smtp`,this.formKey=0}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{let[e,t]=await Promise.all([d(`/api/v1/notification-channels`),d(`/api/v1/notification-deliveries`).catch(()=>null)]);this.channels=e.notification_channels||[],this.deliveries=t?(t.notification_deliveries||[]).slice(0,U):null,this.error=null}catch(e){this.error=e}}async openForm(){this.kind=`email`,this.via=`smtp`,this.formError=null,this.formKey++,await this.updateComplete,this.querySelector(`#channel-dialog`).show()}async save(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=E(t);this.saving=!0,this.formError=null;try{let e=await d(`/api/v1/notification-channels`,{method:`POST`,body:{kind:this.kind,name:n.name,config:W(this.kind,{...n,via:this.via}),enabled:!0}});this.querySelector(`#channel-dialog`).hide(),this.notice=`Added the channel ${e.name}: ${e.summary}.`,this.load()}catch(e){this.formError=e}finally{this.saving=!1}}async testSend(e){this.testing=e.id,this.error=null;try{let t=await d(`/api/v1/notification-channels/${encodeURIComponent(e.id)}/test`,{method:`POST`});this.notice=t.delivered?`Test sent to ${e.name}${t.status?` (HTTP ${t.status})`:``}.`:`The test to ${e.name} was not delivered: ${t.error||`no answer`}${t.status?` (HTTP ${t.status})`:``}.`}catch(e){this.error=e}finally{this.testing=null}}async setEnabled(e,t){try{let n=t.target.checked;await d(`/api/v1/notification-channels/${encodeURIComponent(e.id)}`,{method:`PATCH`,body:{enabled:n}}),this.channels=this.channels.map(t=>t.id===e.id?{...t,enabled:n}:t),this.notice=`${e.name} is ${n?`on`:`off`}.`,this.error=null}catch(e){t.target.checked=!t.target.checked,this.error=e}}removeChannel(t){return T(this,{label:`Remove the channel ${t.name}?`,message:e`<p>Notifications stop going to ${t.summary}.</p>`,confirmLabel:`Remove`,path:`/api/v1/notification-channels/${encodeURIComponent(t.id)}`,done:()=>{this.notice=`Removed the channel ${t.name}.`,this.load()},failed:e=>this.error=e,focus:`.status-text`})}kindFields(){switch(this.kind){case`email`:return e`${G(`ch-from`,`From address`,{name:`from`,type:`email`})}
          <fieldset class="field wide">
            <legend>Send through</legend>
            <div class="row wrap">
              <label class="check"><input type="radio" name="via_choice" value="smtp" .checked=${this.via===`smtp`} @change=${()=>this.via=`smtp`} />An SMTP server</label>
              <label class="check"><input type="radio" name="via_choice" value="http_api" .checked=${this.via===`http_api`} @change=${()=>this.via=`http_api`} />An HTTP mail API</label>
            </div>
          </fieldset>
          ${this.via===`smtp`?e`${G(`ch-smtp-host`,`SMTP host`,{name:`smtp_host`})}
                ${G(`ch-smtp-port`,`Port`,{name:`smtp_port`,type:`number`,value:`587`})}
                ${G(`ch-smtp-user`,`User name`,{name:`smtp_username`,optional:!0})}
                ${G(`ch-smtp-password`,`Password`,{name:`smtp_password`,type:`password`,optional:!0})}
                <div class="field">
                  <label for="ch-smtp-security">Security</label>
                  <select id="ch-smtp-security" name="smtp_security">
                    <option value="starttls">STARTTLS</option>
                    <option value="tls">TLS (usually port 465)</option>
                    <option value="none">None (a local relay only)</option>
                  </select>
                </div>`:e`${G(`ch-api-url`,`API URL`,{name:`api_url`,type:`url`,wide:!0})}
                ${G(`ch-api-key`,`API key`,{name:`api_key`,type:`password`,wide:!0})}`}`;case`slack`:case`mattermost`:return e`${G(`ch-hook`,`Incoming webhook URL`,{name:`webhook_url`,type:`password`,wide:!0,hint:`A secret in itself: it is stored sealed and shown only as its host.`})}
          ${this.kind===`mattermost`?G(`ch-channel`,`Channel`,{name:`channel`,optional:!0,hint:`Empty: the hook’s own channel.`}):l}`;case`webhook`:return e`${G(`ch-url`,`URL`,{name:`url`,type:`url`,wide:!0})}
          ${G(`ch-secret`,`Signing secret`,{name:`secret`,type:`password`,minlength:16,wide:!0,hint:`At least 16 characters; requests carry its HMAC-SHA256 in X-Preloop-Signature.`})}`;case`push`:return e`${G(`ch-url`,`Push proxy URL`,{name:`url`,type:`url`,wide:!0})}
          ${G(`ch-key`,`API key`,{name:`api_key`,type:`password`,wide:!0})}`;default:return l}}formView(){return e`<form class="stack" @submit=${this.save} autocomplete="off">
      <div class="form-grid">
        ${G(`ch-name`,`Name`,{name:`name`,autofocus:!0})}
        <div class="field">
          <label for="ch-kind">Kind</label>
          <select id="ch-kind" data-testid="channel-kind" @change=${e=>this.kind=e.target.value}>
            ${Object.entries(H).map(([t,n])=>e`<option value=${t} ?selected=${t===this.kind}>${n}</option>`)}
          </select>
        </div>
        ${this.kindFields()}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${()=>this.querySelector(`#channel-dialog`).hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-channel" ?loading=${this.saving}>Add the channel</sl-button>
      </div>
    </form>`}render(){let t=u(`settings.write`),n=new Map((this.channels||[]).map(e=>[e.id,e.name]));return e`<div class="stack">
      <div class="section-head">
        <p class="muted">"Send a test" tries a channel now (an email channel mails you); the deliveries below show what was sent, and how it went.</p>
        <span class="row-gap"></span>
        ${t?e`<sl-button variant="primary" size="small" data-testid="add-channel" @click=${this.openForm}>Add a channel</sl-button>`:l}
      </div>
      <p role="status" class="status-text" tabindex="-1">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.channels===null?l:this.channels.length?e`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Notification channels</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Where</th><th scope="col">On</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${this.channels.map(n=>e`<tr data-testid="channel-row">
                  <td data-label="Name" class="break"><strong>${n.name}</strong></td>
                  <td data-label="Kind">${H[n.kind]||n.kind}</td>
                  <td data-label="Where" class="break">${n.summary}</td>
                  <td data-label="On">
                    ${t?e`<sl-switch ?checked=${n.enabled} @sl-change=${e=>this.setEnabled(n,e)}>${n.enabled?`On`:`Off`}<span class="visually-hidden">: ${n.name}</span></sl-switch>`:n.enabled?`On`:`Off`}
                  </td>
                  <td data-label="Actions" class="actions-col">
                    ${t&&n.kind!==`push`?e`<sl-button size="small" data-testid="test-channel" ?loading=${this.testing===n.id} @click=${()=>this.testSend(n)}>Send a test<span class="visually-hidden"> to ${n.name}</span></sl-button>`:l}
                    ${t?e`<sl-button size="small" variant="danger" outline @click=${()=>this.removeChannel(n)}>Remove<span class="visually-hidden"> ${n.name}</span></sl-button>`:l}
                  </td>
                </tr>`)}</tbody>
            </table></div>`:e`<p class="empty">No channel yet: approvers are only notified through the console.</p>`}
      ${this.deliveries&&this.deliveries.length?e`<h3>Recent deliveries</h3>
            <div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">The ${U} newest notification deliveries</caption>
              <thead><tr><th scope="col">Time</th><th scope="col">Channel</th><th scope="col">To</th><th scope="col">State</th><th scope="col">Attempts</th></tr></thead>
              <tbody>${this.deliveries.map(t=>e`<tr>
                  <td data-label="Time">${g(t.created_at)}</td>
                  <td data-label="Channel">${n.get(t.channel_id)||H[t.kind]||t.kind}</td>
                  <td data-label="To" class="break">${t.recipient||`—`}</td>
                  <td data-label="State"><div>
                    <sl-badge variant=${t.status===`delivered`?`success`:t.status===`failed`?`danger`:`neutral`}>${t.status}</sl-badge>
                    ${t.last_error?e`<div class="small text-danger break">${t.last_error}</div>`:l}
                  </div></td>
                  <td data-label="Attempts">${t.attempts}</td>
                </tr>`)}</tbody>
            </table></div>`:l}
      <sl-dialog id="channel-dialog" class="form-dialog" label="Add a notification channel" @sl-after-hide=${e=>e.target===e.currentTarget&&this.formKey++}>
        ${p(this.formKey,this.formView())}
      </sl-dialog>
    </div>`}};customElements.define(`pl-notification-channels`,K);var q=v`
  :host {
    --indicator-color: var(--sl-color-primary-600);
    --track-color: var(--sl-color-neutral-200);
    --track-width: 2px;

    display: block;
  }

  .tab-group {
    display: flex;
    border-radius: 0;
  }

  .tab-group__tabs {
    display: flex;
    position: relative;
  }

  .tab-group__indicator {
    position: absolute;
    transition:
      var(--sl-transition-fast) translate ease,
      var(--sl-transition-fast) width ease;
  }

  .tab-group--has-scroll-controls .tab-group__nav-container {
    position: relative;
    padding: 0 var(--sl-spacing-x-large);
  }

  .tab-group--has-scroll-controls .tab-group__scroll-button--start--hidden,
  .tab-group--has-scroll-controls .tab-group__scroll-button--end--hidden {
    visibility: hidden;
  }

  .tab-group__body {
    display: block;
    overflow: auto;
  }

  .tab-group__scroll-button {
    display: flex;
    align-items: center;
    justify-content: center;
    position: absolute;
    top: 0;
    bottom: 0;
    width: var(--sl-spacing-x-large);
  }

  .tab-group__scroll-button--start {
    left: 0;
  }

  .tab-group__scroll-button--end {
    right: 0;
  }

  .tab-group--rtl .tab-group__scroll-button--start {
    left: auto;
    right: 0;
  }

  .tab-group--rtl .tab-group__scroll-button--end {
    left: 0;
    right: auto;
  }

  /*
   * Top
   */

  .tab-group--top {
    flex-direction: column;
  }

  .tab-group--top .tab-group__nav-container {
    order: 1;
  }

  .tab-group--top .tab-group__nav {
    display: flex;
    overflow-x: auto;

    /* Hide scrollbar in Firefox */
    scrollbar-width: none;
  }

  /* Hide scrollbar in Chrome/Safari */
  .tab-group--top .tab-group__nav::-webkit-scrollbar {
    width: 0;
    height: 0;
  }

  .tab-group--top .tab-group__tabs {
    flex: 1 1 auto;
    position: relative;
    flex-direction: row;
    border-bottom: solid var(--track-width) var(--track-color);
  }

  .tab-group--top .tab-group__indicator {
    bottom: calc(-1 * var(--track-width));
    border-bottom: solid var(--track-width) var(--indicator-color);
  }

  .tab-group--top .tab-group__body {
    order: 2;
  }

  .tab-group--top ::slotted(sl-tab-panel) {
    --padding: var(--sl-spacing-medium) 0;
  }

  /*
   * Bottom
   */

  .tab-group--bottom {
    flex-direction: column;
  }

  .tab-group--bottom .tab-group__nav-container {
    order: 2;
  }

  .tab-group--bottom .tab-group__nav {
    display: flex;
    overflow-x: auto;

    /* Hide scrollbar in Firefox */
    scrollbar-width: none;
  }

  /* Hide scrollbar in Chrome/Safari */
  .tab-group--bottom .tab-group__nav::-webkit-scrollbar {
    width: 0;
    height: 0;
  }

  .tab-group--bottom .tab-group__tabs {
    flex: 1 1 auto;
    position: relative;
    flex-direction: row;
    border-top: solid var(--track-width) var(--track-color);
  }

  .tab-group--bottom .tab-group__indicator {
    top: calc(-1 * var(--track-width));
    border-top: solid var(--track-width) var(--indicator-color);
  }

  .tab-group--bottom .tab-group__body {
    order: 1;
  }

  .tab-group--bottom ::slotted(sl-tab-panel) {
    --padding: var(--sl-spacing-medium) 0;
  }

  /*
   * Start
   */

  .tab-group--start {
    flex-direction: row;
  }

  .tab-group--start .tab-group__nav-container {
    order: 1;
  }

  .tab-group--start .tab-group__tabs {
    flex: 0 0 auto;
    flex-direction: column;
    border-inline-end: solid var(--track-width) var(--track-color);
  }

  .tab-group--start .tab-group__indicator {
    right: calc(-1 * var(--track-width));
    border-right: solid var(--track-width) var(--indicator-color);
  }

  .tab-group--start.tab-group--rtl .tab-group__indicator {
    right: auto;
    left: calc(-1 * var(--track-width));
  }

  .tab-group--start .tab-group__body {
    flex: 1 1 auto;
    order: 2;
  }

  .tab-group--start ::slotted(sl-tab-panel) {
    --padding: 0 var(--sl-spacing-medium);
  }

  /*
   * End
   */

  .tab-group--end {
    flex-direction: row;
  }

  .tab-group--end .tab-group__nav-container {
    order: 2;
  }

  .tab-group--end .tab-group__tabs {
    flex: 0 0 auto;
    flex-direction: column;
    border-left: solid var(--track-width) var(--track-color);
  }

  .tab-group--end .tab-group__indicator {
    left: calc(-1 * var(--track-width));
    border-inline-start: solid var(--track-width) var(--indicator-color);
  }

  .tab-group--end.tab-group--rtl .tab-group__indicator {
    right: calc(-1 * var(--track-width));
    left: auto;
  }

  .tab-group--end .tab-group__body {
    flex: 1 1 auto;
    order: 1;
  }

  .tab-group--end ::slotted(sl-tab-panel) {
    --padding: 0 var(--sl-spacing-medium);
  }
`,oe=v`
  :host {
    display: contents;
  }
`,J=class extends s{constructor(){super(...arguments),this.observedElements=[],this.disabled=!1}connectedCallback(){super.connectedCallback(),this.resizeObserver=new ResizeObserver(e=>{this.emit(`sl-resize`,{detail:{entries:e}})}),this.disabled||this.startObserver()}disconnectedCallback(){super.disconnectedCallback(),this.stopObserver()}handleSlotChange(){this.disabled||this.startObserver()}startObserver(){let e=this.shadowRoot.querySelector(`slot`);if(e!==null){let t=e.assignedElements({flatten:!0});this.observedElements.forEach(e=>this.resizeObserver.unobserve(e)),this.observedElements=[],t.forEach(e=>{this.resizeObserver.observe(e),this.observedElements.push(e)})}}stopObserver(){this.resizeObserver.disconnect()}handleDisabledChange(){this.disabled?this.stopObserver():this.startObserver()}render(){return e` <slot @slotchange=${this.handleSlotChange}></slot> `}};J.styles=[c,oe],a([_({type:Boolean,reflect:!0})],J.prototype,`disabled`,2),a([i(`disabled`,{waitUntilFirstUpdate:!0})],J.prototype,`handleDisabledChange`,1);var Y=class extends s{constructor(){super(...arguments),this.tabs=[],this.focusableTabs=[],this.panels=[],this.localize=new x(this),this.hasScrollControls=!1,this.shouldHideScrollStartButton=!1,this.shouldHideScrollEndButton=!1,this.placement=`top`,this.activation=`auto`,this.noScrollControls=!1,this.fixedScrollControls=!1,this.scrollOffset=1}connectedCallback(){let e=Promise.all([customElements.whenDefined(`sl-tab`),customElements.whenDefined(`sl-tab-panel`)]);super.connectedCallback(),this.resizeObserver=new ResizeObserver(()=>{this.repositionIndicator(),this.updateScrollControls()}),this.mutationObserver=new MutationObserver(e=>{let t=e.filter(({target:e})=>{if(e===this)return!0;if(e.closest(`sl-tab-group`)!==this)return!1;let t=e.tagName.toLowerCase();return t===`sl-tab`||t===`sl-tab-panel`});if(t.length!==0){if(t.some(e=>![`aria-labelledby`,`aria-controls`].includes(e.attributeName))&&setTimeout(()=>this.setAriaLabels()),t.some(e=>e.attributeName===`disabled`))this.syncTabsAndPanels();else if(t.some(e=>e.attributeName===`active`)){let e=t.filter(e=>e.attributeName===`active`&&e.target.tagName.toLowerCase()===`sl-tab`).map(e=>e.target).find(e=>e.active);e&&this.setActiveTab(e)}}}),this.updateComplete.then(()=>{this.syncTabsAndPanels(),this.mutationObserver.observe(this,{attributes:!0,attributeFilter:[`active`,`disabled`,`name`,`panel`],childList:!0,subtree:!0}),this.resizeObserver.observe(this.nav),e.then(()=>{new IntersectionObserver((e,t)=>{e[0].intersectionRatio>0&&(this.setAriaLabels(),this.setActiveTab(this.getActiveTab()??this.tabs[0],{emitEvents:!1}),t.unobserve(e[0].target))}).observe(this.tabGroup)})})}disconnectedCallback(){var e,t;super.disconnectedCallback(),(e=this.mutationObserver)==null||e.disconnect(),this.nav&&((t=this.resizeObserver)==null||t.unobserve(this.nav))}getAllTabs(){return this.shadowRoot.querySelector(`slot[name="nav"]`).assignedElements()}getAllPanels(){return[...this.body.assignedElements()].filter(e=>e.tagName.toLowerCase()===`sl-tab-panel`)}getActiveTab(){return this.tabs.find(e=>e.active)}handleClick(e){let t=e.target.closest(`sl-tab`);t?.closest(`sl-tab-group`)===this&&t!==null&&this.setActiveTab(t,{scrollBehavior:`smooth`})}handleKeyDown(e){let t=e.target.closest(`sl-tab`);if(t?.closest(`sl-tab-group`)===this&&([`Enter`,` `].includes(e.key)&&t!==null&&(this.setActiveTab(t,{scrollBehavior:`smooth`}),e.preventDefault()),[`ArrowLeft`,`ArrowRight`,`ArrowUp`,`ArrowDown`,`Home`,`End`].includes(e.key))){let t=this.tabs.find(e=>e.matches(`:focus`)),r=this.localize.dir()===`rtl`,i=null;if(t?.tagName.toLowerCase()===`sl-tab`){if(e.key===`Home`)i=this.focusableTabs[0];else if(e.key===`End`)i=this.focusableTabs[this.focusableTabs.length-1];else if([`top`,`bottom`].includes(this.placement)&&e.key===(r?`ArrowRight`:`ArrowLeft`)||[`start`,`end`].includes(this.placement)&&e.key===`ArrowUp`){let e=this.tabs.findIndex(e=>e===t);i=this.findNextFocusableTab(e,`backward`)}else if([`top`,`bottom`].includes(this.placement)&&e.key===(r?`ArrowLeft`:`ArrowRight`)||[`start`,`end`].includes(this.placement)&&e.key===`ArrowDown`){let e=this.tabs.findIndex(e=>e===t);i=this.findNextFocusableTab(e,`forward`)}if(!i)return;i.tabIndex=0,i.focus({preventScroll:!0}),this.activation===`auto`?this.setActiveTab(i,{scrollBehavior:`smooth`}):this.tabs.forEach(e=>{e.tabIndex=e===i?0:-1}),[`top`,`bottom`].includes(this.placement)&&n(i,this.nav,`horizontal`),e.preventDefault()}}}handleScrollToStart(){this.nav.scroll({left:this.localize.dir()===`rtl`?this.nav.scrollLeft+this.nav.clientWidth:this.nav.scrollLeft-this.nav.clientWidth,behavior:`smooth`})}handleScrollToEnd(){this.nav.scroll({left:this.localize.dir()===`rtl`?this.nav.scrollLeft-this.nav.clientWidth:this.nav.scrollLeft+this.nav.clientWidth,behavior:`smooth`})}setActiveTab(e,t){if(t=ee({emitEvents:!0,scrollBehavior:`auto`},t),e!==this.activeTab&&!e.disabled){let r=this.activeTab;this.activeTab=e,this.tabs.forEach(e=>{e.active=e===this.activeTab,e.tabIndex=e===this.activeTab?0:-1}),this.panels.forEach(e=>e.active=e.name===this.activeTab?.panel),this.syncIndicator(),[`top`,`bottom`].includes(this.placement)&&n(this.activeTab,this.nav,`horizontal`,t.scrollBehavior),t.emitEvents&&(r&&this.emit(`sl-tab-hide`,{detail:{name:r.panel}}),this.emit(`sl-tab-show`,{detail:{name:this.activeTab.panel}}))}}setAriaLabels(){this.tabs.forEach(e=>{let t=this.panels.find(t=>t.name===e.panel);t&&(e.setAttribute(`aria-controls`,t.getAttribute(`id`)),t.setAttribute(`aria-labelledby`,e.getAttribute(`id`)))})}repositionIndicator(){let e=this.getActiveTab();if(!e)return;let t=e.clientWidth,n=e.clientHeight,r=this.localize.dir()===`rtl`,i=this.getAllTabs(),a=i.slice(0,i.indexOf(e)).reduce((e,t)=>({left:e.left+t.clientWidth,top:e.top+t.clientHeight}),{left:0,top:0});switch(this.placement){case`top`:case`bottom`:this.indicator.style.width=`${t}px`,this.indicator.style.height=`auto`,this.indicator.style.translate=r?`${-1*a.left}px`:`${a.left}px`;break;case`start`:case`end`:this.indicator.style.width=`auto`,this.indicator.style.height=`${n}px`,this.indicator.style.translate=`0 ${a.top}px`}}syncTabsAndPanels(){this.tabs=this.getAllTabs(),this.focusableTabs=this.tabs.filter(e=>!e.disabled),this.panels=this.getAllPanels(),this.syncIndicator(),this.updateComplete.then(()=>this.updateScrollControls())}findNextFocusableTab(e,t){let n=null,r=t===`forward`?1:-1,i=e+r;for(;e<this.tabs.length;){if(n=this.tabs[i]||null,n===null){n=t===`forward`?this.focusableTabs[0]:this.focusableTabs[this.focusableTabs.length-1];break}if(!n.disabled)break;i+=r}return n}updateScrollButtons(){this.hasScrollControls&&!this.fixedScrollControls&&(this.shouldHideScrollStartButton=this.scrollFromStart()<=this.scrollOffset,this.shouldHideScrollEndButton=this.isScrolledToEnd())}isScrolledToEnd(){return this.scrollFromStart()+this.nav.clientWidth>=this.nav.scrollWidth-this.scrollOffset}scrollFromStart(){return this.localize.dir()===`rtl`?-this.nav.scrollLeft:this.nav.scrollLeft}updateScrollControls(){this.hasScrollControls=!this.noScrollControls&&[`top`,`bottom`].includes(this.placement)&&this.nav.scrollWidth>this.nav.clientWidth+1,this.updateScrollButtons()}syncIndicator(){this.getActiveTab()?(this.indicator.style.display=`block`,this.repositionIndicator()):this.indicator.style.display=`none`}show(e){let t=this.tabs.find(t=>t.panel===e);t&&this.setActiveTab(t,{scrollBehavior:`smooth`})}render(){let n=this.localize.dir()===`rtl`;return e`
      <div
        part="base"
        class=${t({"tab-group":!0,"tab-group--top":this.placement===`top`,"tab-group--bottom":this.placement===`bottom`,"tab-group--start":this.placement===`start`,"tab-group--end":this.placement===`end`,"tab-group--rtl":this.localize.dir()===`rtl`,"tab-group--has-scroll-controls":this.hasScrollControls})}
        @click=${this.handleClick}
        @keydown=${this.handleKeyDown}
      >
        <div class="tab-group__nav-container" part="nav">
          ${this.hasScrollControls?e`
                <sl-icon-button
                  part="scroll-button scroll-button--start"
                  exportparts="base:scroll-button__base"
                  class=${t({"tab-group__scroll-button":!0,"tab-group__scroll-button--start":!0,"tab-group__scroll-button--start--hidden":this.shouldHideScrollStartButton})}
                  name=${n?`chevron-right`:`chevron-left`}
                  library="system"
                  tabindex="-1"
                  aria-hidden="true"
                  label=${this.localize.term(`scrollToStart`)}
                  @click=${this.handleScrollToStart}
                ></sl-icon-button>
              `:``}

          <div class="tab-group__nav" @scrollend=${this.updateScrollButtons}>
            <div part="tabs" class="tab-group__tabs" role="tablist">
              <div part="active-tab-indicator" class="tab-group__indicator"></div>
              <sl-resize-observer @sl-resize=${this.syncIndicator}>
                <slot name="nav" @slotchange=${this.syncTabsAndPanels}></slot>
              </sl-resize-observer>
            </div>
          </div>

          ${this.hasScrollControls?e`
                <sl-icon-button
                  part="scroll-button scroll-button--end"
                  exportparts="base:scroll-button__base"
                  class=${t({"tab-group__scroll-button":!0,"tab-group__scroll-button--end":!0,"tab-group__scroll-button--end--hidden":this.shouldHideScrollEndButton})}
                  name=${n?`chevron-left`:`chevron-right`}
                  library="system"
                  tabindex="-1"
                  aria-hidden="true"
                  label=${this.localize.term(`scrollToEnd`)}
                  @click=${this.handleScrollToEnd}
                ></sl-icon-button>
              `:``}
        </div>

        <slot part="body" class="tab-group__body" @slotchange=${this.syncTabsAndPanels}></slot>
      </div>
    `}};Y.styles=[c,q],Y.dependencies={"sl-icon-button":b,"sl-resize-observer":J},a([r(`.tab-group`)],Y.prototype,`tabGroup`,2),a([r(`.tab-group__body`)],Y.prototype,`body`,2),a([r(`.tab-group__nav`)],Y.prototype,`nav`,2),a([r(`.tab-group__indicator`)],Y.prototype,`indicator`,2),a([o()],Y.prototype,`hasScrollControls`,2),a([o()],Y.prototype,`shouldHideScrollStartButton`,2),a([o()],Y.prototype,`shouldHideScrollEndButton`,2),a([_()],Y.prototype,`placement`,2),a([_()],Y.prototype,`activation`,2),a([_({attribute:`no-scroll-controls`,type:Boolean})],Y.prototype,`noScrollControls`,2),a([_({attribute:`fixed-scroll-controls`,type:Boolean})],Y.prototype,`fixedScrollControls`,2),a([j({passive:!0})],Y.prototype,`updateScrollButtons`,1),a([i(`noScrollControls`,{waitUntilFirstUpdate:!0})],Y.prototype,`updateScrollControls`,1),a([i(`placement`,{waitUntilFirstUpdate:!0})],Y.prototype,`syncIndicator`,1),Y.define(`sl-tab-group`);var se=(e,t)=>{let n=0;return function(...r){window.clearTimeout(n),n=window.setTimeout(()=>{e.call(this,...r)},t)}},X=(e,t,n)=>{let r=e[t];e[t]=function(...e){r.call(this,...e),n.call(this,r,...e)}};(()=>{if(typeof window<`u`&&!(`onscrollend`in window)){let e=new Set,t=new WeakMap,n=t=>{for(let n of t.changedTouches)e.add(n.identifier)},r=t=>{for(let n of t.changedTouches)e.delete(n.identifier)};document.addEventListener(`touchstart`,n,!0),document.addEventListener(`touchend`,r,!0),document.addEventListener(`touchcancel`,r,!0),X(EventTarget.prototype,`addEventListener`,function(n,r){if(r!==`scrollend`)return;let i=se(()=>{e.size?i():this.dispatchEvent(new Event(`scrollend`))},100);n.call(this,`scroll`,i,{passive:!0}),t.set(this,i)}),X(EventTarget.prototype,`removeEventListener`,function(e,n){if(n!==`scrollend`)return;let r=t.get(this);r&&e.call(this,`scroll`,r,{passive:!0})})}})();var ce=v`
  :host {
    display: inline-block;
  }

  .tab {
    display: inline-flex;
    align-items: center;
    font-family: var(--sl-font-sans);
    font-size: var(--sl-font-size-small);
    font-weight: var(--sl-font-weight-semibold);
    border-radius: var(--sl-border-radius-medium);
    color: var(--sl-color-neutral-600);
    padding: var(--sl-spacing-medium) var(--sl-spacing-large);
    white-space: nowrap;
    user-select: none;
    -webkit-user-select: none;
    cursor: pointer;
    transition:
      var(--transition-speed) box-shadow,
      var(--transition-speed) color;
  }

  .tab:hover:not(.tab--disabled) {
    color: var(--sl-color-primary-600);
  }

  :host(:focus) {
    outline: transparent;
  }

  :host(:focus-visible) {
    color: var(--sl-color-primary-600);
    outline: var(--sl-focus-ring);
    outline-offset: calc(-1 * var(--sl-focus-ring-width) - var(--sl-focus-ring-offset));
  }

  .tab.tab--active:not(.tab--disabled) {
    color: var(--sl-color-primary-600);
  }

  .tab.tab--closable {
    padding-inline-end: var(--sl-spacing-small);
  }

  .tab.tab--disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  .tab__close-button {
    font-size: var(--sl-font-size-small);
    margin-inline-start: var(--sl-spacing-small);
  }

  .tab__close-button::part(base) {
    padding: var(--sl-spacing-3x-small);
  }

  @media (forced-colors: active) {
    .tab.tab--active:not(.tab--disabled) {
      outline: solid 1px transparent;
      outline-offset: -3px;
    }
  }
`,le=0,Z=class extends s{constructor(){super(...arguments),this.localize=new x(this),this.attrId=++le,this.componentId=`sl-tab-${this.attrId}`,this.panel=``,this.active=!1,this.closable=!1,this.disabled=!1,this.tabIndex=0}connectedCallback(){super.connectedCallback(),this.setAttribute(`role`,`tab`)}handleCloseClick(e){e.stopPropagation(),this.emit(`sl-close`)}handleActiveChange(){this.setAttribute(`aria-selected`,this.active?`true`:`false`)}handleDisabledChange(){this.setAttribute(`aria-disabled`,this.disabled?`true`:`false`),this.tabIndex=this.disabled&&!this.active?-1:0}render(){return this.id=this.id.length>0?this.id:this.componentId,e`
      <div
        part="base"
        class=${t({tab:!0,"tab--active":this.active,"tab--closable":this.closable,"tab--disabled":this.disabled})}
      >
        <slot></slot>
        ${this.closable?e`
              <sl-icon-button
                part="close-button"
                exportparts="base:close-button__base"
                name="x-lg"
                library="system"
                label=${this.localize.term(`close`)}
                class="tab__close-button"
                @click=${this.handleCloseClick}
                tabindex="-1"
              ></sl-icon-button>
            `:``}
      </div>
    `}};Z.styles=[c,ce],Z.dependencies={"sl-icon-button":b},a([r(`.tab`)],Z.prototype,`tab`,2),a([_({reflect:!0})],Z.prototype,`panel`,2),a([_({type:Boolean,reflect:!0})],Z.prototype,`active`,2),a([_({type:Boolean,reflect:!0})],Z.prototype,`closable`,2),a([_({type:Boolean,reflect:!0})],Z.prototype,`disabled`,2),a([_({type:Number,reflect:!0})],Z.prototype,`tabIndex`,2),a([i(`active`)],Z.prototype,`handleActiveChange`,1),a([i(`disabled`)],Z.prototype,`handleDisabledChange`,1),Z.define(`sl-tab`);var ue=v`
  :host {
    --padding: 0;

    display: none;
  }

  :host([active]) {
    display: block;
  }

  .tab-panel {
    display: block;
    padding: var(--padding);
  }
`,Q=0,$=class extends s{constructor(){super(...arguments),this.attrId=++Q,this.componentId=`sl-tab-panel-${this.attrId}`,this.name=``,this.active=!1}connectedCallback(){super.connectedCallback(),this.id=this.id.length>0?this.id:this.componentId,this.setAttribute(`role`,`tabpanel`)}handleActiveChange(){this.setAttribute(`aria-hidden`,this.active?`false`:`true`)}render(){return e`
      <slot
        part="base"
        class=${t({"tab-panel":!0,"tab-panel--active":this.active})}
      ></slot>
    `}};$.styles=[c,ue],a([_({reflect:!0})],$.prototype,`name`,2),a([_({type:Boolean,reflect:!0})],$.prototype,`active`,2),a([i(`active`)],$.prototype,`handleActiveChange`,1),$.define(`sl-tab-panel`);var de=[{name:`users`,label:`People`,needs:`members.read`},{name:`teams`,label:`Teams`,needs:`members.read`},{name:`invitations`,label:`Invitations`,needs:`members.read`},{name:`workflows`,label:`Approval workflows`,needs:`policies.read`},{name:`channels`,label:`Notification channels`,needs:`approvals.read`}],fe=class extends h{static properties={query:{attribute:!1},tab:{state:!0},users:{state:!0},teams:{state:!0},error:{state:!0}};connectedCallback(){super.connectedCallback(),this.loadPeople()}willUpdate(e){if(this.tab===void 0||e.has(`query`)){let e=this.tabs(),t=this.query&&this.query.get(`tab`);this.tab=(e.find(e=>e.name===t)||e.find(e=>e.name===this.tab)||e[0]||{}).name}}tabs(){return de.filter(e=>u(e.needs))}async firstUpdated(){let e=this.querySelector(`sl-tab-group`);e&&await e.updateComplete;let t=this.querySelector(`sl-tab[active]`);t&&t.scrollIntoView({block:`nearest`,inline:`nearest`})}async loadPeople(){if(!u(`members.read`))this.users=[],this.teams=[];else try{let[e,t]=await Promise.all([d(`/api/v1/users`),d(`/api/v1/teams`)]);this.users=(e.users||[]).sort((e,t)=>(e.name||e.email).localeCompare(t.name||t.email)),this.teams=(t.teams||[]).sort((e,t)=>e.name.localeCompare(t.name)),this.error=null}catch(e){this.error=e}}panel(t){if(t!==this.tab)return l;switch(t){case`users`:return e`<pl-people-users .users=${this.users}></pl-people-users>`;case`teams`:return e`<pl-people-teams .teams=${this.teams} .users=${this.users}></pl-people-teams>`;case`invitations`:return e`<pl-people-invitations></pl-people-invitations>`;case`workflows`:return e`<pl-approval-workflows .users=${this.users} .teams=${this.teams}></pl-approval-workflows>`;case`channels`:return e`<pl-notification-channels></pl-notification-channels>`;default:return l}}render(){let t=this.tabs();return e`<div class="page" @people-changed=${this.loadPeople}>
      <h1 tabindex="-1">People and approvals</h1>
      <pl-error .error=${this.error}></pl-error>
      ${t.length?e`<sl-tab-group no-scroll-controls @sl-tab-show=${e=>this.tab=e.detail.name}>
            ${t.map(t=>e`<sl-tab slot="nav" panel=${t.name} ?active=${t.name===this.tab} data-testid="tab-${t.name}">${t.label}</sl-tab>`)}
            ${t.map(t=>e`<sl-tab-panel name=${t.name} ?active=${t.name===this.tab}>
                <h2>${t.label}</h2>
                ${this.panel(t.name)}
              </sl-tab-panel>`)}
          </sl-tab-group>`:e`<p class="empty">Your role cannot see people, workflows or channels.</p>`}
    </div>`}};customElements.define(`pl-people-page`,fe);