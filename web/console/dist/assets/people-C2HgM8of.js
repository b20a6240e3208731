import{$ as e,G as t,H as n,J as r,K as i,L as a,P as o,R as s,S as c,T as l,U as u,W as d,Y as f,Z as p,c as m,f as h,l as g,m as _,o as v,p as y,q as ee,r as b,t as x}from"./index-DHd_yd_J.js";import{a as S,d as C,l as w,n as T,o as E,p as D,r as O,t as k,u as A}from"./admin-pages-Ccq0LGuG.js";import"./switch-BskVRloy.js";function j(e){return(t,n)=>{let r=typeof t==`function`?t:t[n];Object.assign(r,e)}}var M=25,N=[`owner`,`admin`,`approver`,`auditor`,`viewer`],P=class extends h{static properties={users:{attribute:!1},page:{state:!0},search:{state:!0},error:{state:!0},notice:{state:!0}};constructor(){super(),this.page=0,this.search=``}changed(){this.dispatchEvent(new CustomEvent(`people-changed`,{bubbles:!0}))}async patch(e,t,n){this.error=null;try{await g(`/api/v1/users/${encodeURIComponent(e.id)}`,{method:`PATCH`,body:t}),this.notice=n,this.changed()}catch(e){this.error=e,this.requestUpdate()}}async setDisabled(e,t){(!t||await k({label:`Disable ${e.name||e.email}?`,message:p`<p>They can no longer sign in; their sessions end and their keys stop working, until enabled again.</p>`,confirmLabel:`Disable`,danger:!0}))&&this.patch(e,{disabled:t},`${e.email} is ${t?`disabled`:`enabled again`}.`)}removeUser(e){return T(this,{label:`Remove ${e.name||e.email}?`,message:p`<p><strong>${e.email}</strong> leaves the account, with their keys and team memberships.</p>`,confirmLabel:`Remove`,path:`/api/v1/users/${encodeURIComponent(e.id)}`,done:()=>{this.notice=`Removed ${e.email}.`,this.changed()},failed:e=>this.error=e,focus:`.status-text`})}async resetLink(e){this.error=null;try{let t=await g(`/api/v1/users/${encodeURIComponent(e.id)}/password-reset`,{method:`POST`});await O({label:`A password-reset link for ${e.email}`,value:t.reset_url,testid:`reset-link`,note:t.emailed?`It was also mailed to ${e.email}.`:`It was not mailed (no email channel): pass it on yourself.`})}catch(e){this.error=e}}row(e){let t=m().me&&m().me.user&&m().me.user.id===e.id,n=v(`members.assign_role`);return p`<tr data-testid="user-row" data-email=${e.email}>
      <td data-label="Name" class="break"><div><strong>${e.name}</strong>${t?p` <span class="muted small">(you)</span>`:f}</div></td>
      <td data-label="Email" class="break">${e.email}</td>
      <td data-label="Role">
        ${n&&!t?p`<select class="input" aria-label="Role of ${e.email}" data-testid="user-role" .value=${_(e.role)} @change=${t=>this.patch(e,{role:t.target.value},`${e.email} is now ${t.target.value}.`)}>
              ${N.map(t=>p`<option value=${t} ?selected=${t===e.role}>${t}</option>`)}
            </select>`:e.role}
      </td>
      <td data-label="State">
        ${e.disabled_at?p`<sl-badge variant="neutral">disabled ${x(e.disabled_at)}</sl-badge>`:e.password_set?p`<sl-badge variant="success">active</sl-badge>`:p`<sl-badge variant="warning">no password yet</sl-badge>`}
      </td>
      <td data-label="Added">${x(e.created_at)}</td>
      <td data-label="Actions" class="actions-col"><div class="cell-actions">
        ${v(`members.invite`)&&!t?p`<sl-button size="small" @click=${()=>this.resetLink(e)}>Reset link<span class="visually-hidden"> for ${e.email}</span></sl-button>`:f}
        ${n&&!t?p`<sl-button size="small" @click=${()=>this.setDisabled(e,!e.disabled_at)}>${e.disabled_at?`Enable`:`Disable`}<span class="visually-hidden"> ${e.email}</span></sl-button>
              <sl-button size="small" variant="danger" outline data-testid="remove-user" @click=${()=>this.removeUser(e)}>Remove<span class="visually-hidden"> ${e.email}</span></sl-button>`:f}
      </div></td>
    </tr>`}render(){let e=this.search.toLowerCase(),t=(this.users||[]).filter(t=>!e||t.email.includes(e)||(t.name||``).toLowerCase().includes(e)),{rows:n,page:r,pages:i}=A(t,this.page,M);return p`<div class="stack">
      <div class="field">
        <label for="user-search">Find a person</label>
        <input id="user-search" type="search" autocomplete="off" .value=${this.search} @input=${e=>{this.search=e.target.value.trim(),this.page=0}} />
      </div>
      <p role="status" class="status-text" tabindex="-1">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${n.length?p`<div class="table-wrap"><table class="data-table stack-on-mobile">
            <caption class="visually-hidden">People of the account</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Added</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${n.map(e=>this.row(e))}</tbody>
          </table></div>`:p`<p class="empty">Nobody matches.</p>`}
      ${C({page:r,pages:i,label:`People pages`,onPage:e=>this.page=e})}
    </div>`}};customElements.define(`pl-people-users`,P);var te=[`admin`,`approver`,`auditor`,`viewer`],ne=20,F=50,re=class extends h{static properties={teams:{attribute:!1},users:{attribute:!1},page:{state:!0},error:{state:!0},notice:{state:!0},busy:{state:!0}};constructor(){super(),this.page=0}async call(e,t){this.error=null,this.busy=!0;try{return await e(),this.notice=t,this.dispatchEvent(new CustomEvent(`people-changed`,{bubbles:!0})),!0}catch(e){return this.error=e,!1}finally{this.busy=!1}}async create(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=E(t);await this.call(()=>g(`/api/v1/teams`,{method:`POST`,body:{name:n.name,role:n.role||null}}),`Created the team ${n.name}.`)&&t.reset()}async removeTeam(e){await k({label:`Remove the team ${e.name}?`,message:p`<p>Its ${b(e.member_ids.length,`member`)} lose what the team gave them${e.role?p` (the ${e.role} role)`:f}, and workflows stop naming it.</p>`,confirmLabel:`Remove the team`,danger:!0})&&await this.call(()=>g(`/api/v1/teams/${encodeURIComponent(e.id)}`,{method:`DELETE`}),`Removed the team ${e.name}.`)&&S(this,`.status-text`)}addMember(e,t){e.preventDefault();let n=e.target.elements.user.value;n&&this.call(()=>g(`/api/v1/teams/${encodeURIComponent(t.id)}/members`,{method:`POST`,body:{user_id:n}}),`Added ${this.name(n)} to ${t.name}.`)}async removeMember(e,t){await this.call(()=>g(`/api/v1/teams/${encodeURIComponent(e.id)}/members/${encodeURIComponent(t)}`,{method:`DELETE`}),`Took ${this.name(t)} out of ${e.name}.`)&&S(this,`.status-text`)}name(e){let t=(this.users||[]).find(t=>t.id===e);return t?t.name||t.email:e}team(e){let t=v(`members.assign_role`),n=(this.users||[]).filter(t=>!e.member_ids.includes(t.id));return p`<li class="card stack" data-testid="team-row" data-team=${e.name}>
      <div class="section-head">
        <h3 class="break">${e.name}</h3>
        <span class="muted small">${e.role?`grants ${e.role}`:`grants no role`} · ${b(e.member_ids.length,`member`)}</span>
        <span class="row-gap"></span>
        ${t?p`<sl-button size="small" variant="danger" outline @click=${()=>this.removeTeam(e)}>Remove<span class="visually-hidden"> the team ${e.name}</span></sl-button>`:f}
      </div>
      ${e.member_ids.length?p`<ul class="chips" aria-label="Members of ${e.name}">
            ${e.member_ids.slice(0,F).map(n=>p`<li>${this.name(n)}${t?p` <button type="button" class="text-button small" @click=${()=>this.removeMember(e,n)}>remove<span class="visually-hidden"> ${this.name(n)} from ${e.name}</span></button>`:f}</li>`)}
          </ul>
          ${e.member_ids.length>F?p`<p class="muted small">and ${e.member_ids.length-F} more</p>`:f}`:p`<p class="muted">No members.</p>`}
      ${t&&n.length?p`<form class="toolbar" @submit=${t=>this.addMember(t,e)}>
            <div class="field">
              <label for="add-${e.id}">Add a member</label>
              <select id="add-${e.id}" name="user">
                ${n.map(e=>p`<option value=${e.id}>${e.name||e.email}</option>`)}
              </select>
            </div>
            <sl-button type="submit" size="small" ?disabled=${this.busy}>Add<span class="visually-hidden"> to ${e.name}</span></sl-button>
          </form>`:f}
    </li>`}render(){let{rows:e,page:t,pages:n}=A(this.teams||[],this.page,ne);return p`<div class="stack">
      <p role="status" class="status-text" tabindex="-1">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${v(`members.assign_role`)?p`<form class="card toolbar" @submit=${this.create} aria-label="Create a team">
            <div class="field">
              <label for="team-name">New team's name</label>
              <input id="team-name" name="name" required maxlength="128" />
            </div>
            <div class="field">
              <label for="team-role">Role it grants</label>
              <select id="team-role" name="role">
                <option value="">None (for workflows only)</option>
                ${te.map(e=>p`<option value=${e}>${e}</option>`)}
              </select>
            </div>
            <sl-button type="submit" variant="primary" size="small" data-testid="create-team" ?disabled=${this.busy}>Create the team</sl-button>
          </form>`:f}
      ${e.length?p`<ul class="plain-list stack">${e.map(e=>this.team(e))}</ul>`:p`<p class="empty">No team yet.</p>`}
      ${C({page:t,pages:n,label:`Team pages`,onPage:e=>this.page=e})}
    </div>`}};customElements.define(`pl-people-teams`,re);var ie=25,ae=class extends h{static properties={invitations:{state:!0},page:{state:!0},error:{state:!0},formError:{state:!0},notice:{state:!0},busy:{state:!0}};constructor(){super(),this.page=0,this.invitations=null}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{this.invitations=(await g(`/api/v1/invitations`)).invitations||[],this.error=null}catch(e){this.error=e}}async invite(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=E(t);this.busy=!0,this.formError=null;try{let e={email:n.email,role:n.role};n.name&&(e.name=n.name);let r=await g(`/api/v1/invitations`,{method:`POST`,body:e});t.reset(),this.notice=`Invited ${r.invitation.email} as ${r.invitation.role}.`,this.load(),this.dispatchEvent(new CustomEvent(`people-changed`,{bubbles:!0})),await O({label:`The invitation link for ${r.invitation.email}`,value:r.invitation_url,testid:`invitation-link`,note:r.emailed?`It was also mailed to ${r.invitation.email}. It works once, until ${x(r.invitation.expires_at)}.`:`It was not mailed (the account has no email channel): pass it on yourself. It works once, until ${x(r.invitation.expires_at)}.`})}catch(e){this.formError=e}finally{this.busy=!1}}withdraw(e){return T(this,{label:`Withdraw the invitation of ${e.email}?`,message:p`<p>Its link stops working.</p>`,confirmLabel:`Withdraw`,path:`/api/v1/invitations/${encodeURIComponent(e.id)}`,done:()=>{this.notice=`Withdrew the invitation of ${e.email}.`,this.load()},failed:e=>this.error=e,focus:`.status-text`})}render(){let{rows:e,page:t,pages:n}=A(this.invitations||[],this.page,ie);return p`<div class="stack">
      ${v(`members.invite`)?p`<form class="card stack" @submit=${this.invite} aria-label="Invite someone">
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
                  ${N.map(e=>p`<option value=${e} ?selected=${e===`approver`}>${e}</option>`)}
                </select>
              </div>
            </div>
            <pl-error .error=${this.formError}></pl-error>
            <div><sl-button type="submit" variant="primary" size="small" data-testid="invite" ?loading=${this.busy}>Invite</sl-button></div>
          </form>`:f}
      <p role="status" class="status-text" tabindex="-1">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.invitations===null?f:e.length?p`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Open invitations</caption>
              <thead><tr><th scope="col">Email</th><th scope="col">Sent</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${e.map(e=>p`<tr data-testid="invitation-row">
                  <td data-label="Email" class="break">${e.email}</td>
                  <td data-label="Sent">${x(e.created_at)}</td>
                  <td data-label="Expires">${x(e.expires_at)}</td>
                  <td data-label="Actions" class="actions-col">
                    ${v(`members.invite`)?p`<sl-button size="small" variant="danger" outline @click=${()=>this.withdraw(e)}>Withdraw<span class="visually-hidden"> the invitation of ${e.email}</span></sl-button>`:f}
                  </td>
                </tr>`)}</tbody>
            </table></div>`:p`<p class="empty">No open invitation.</p>`}
      ${C({page:t,pages:n,label:`Invitation pages`,onPage:e=>this.page=e})}
    </div>`}};customElements.define(`pl-people-invitations`,ae);var I=[`email`,`slack`,`mattermost`,`webhook`,`push`],L={s:1,min:60,h:3600,d:86400},R=100;function z(e){for(let[t,n]of[[`d`,86400],[`h`,3600],[`min`,60]])if(e>=n&&e%n===0)return[e/n,t];return[e,`s`]}function B(e,t,n,r){let[i,a]=z(n);return p`<fieldset class="field">
    <legend>${t}</legend>
    <div class="row">
      <input id=${e} name="${e}_n" type="number" min="1" step="1" required .value=${String(i)} aria-label="${t}: amount" style="max-width: 7rem" />
      <select name="${e}_unit" aria-label="${t}: unit" style="max-width: 8rem">
        ${Object.keys(L).map(e=>p`<option value=${e} ?selected=${e===a}>${e}</option>`)}
      </select>
    </div>
    ${r?p`<p class="hint">${r}</p>`:f}
  </fieldset>`}var V=class extends h{static properties={users:{attribute:!1},teams:{attribute:!1},workflows:{state:!0},editing:{state:!0},escalate:{state:!0},error:{state:!0},formError:{state:!0},saving:{state:!0},notice:{state:!0},formKey:{state:!0}};constructor(){super(),this.workflows=null,this.formKey=0}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{this.workflows=(await g(`/api/v1/approval-policies`)).approval_policies||[],this.error=null}catch(e){this.error=e}}names(){return new Map([...(this.users||[]).map(e=>[e.id,e.name||e.email]),...(this.teams||[]).map(e=>[e.id,`team ${e.name}`])])}async openForm(e){this.editing=e||null,this.escalate=!!(e&&e.escalation),this.formError=null,this.formKey++,await this.updateComplete,this.querySelector(`#workflow-dialog`).show()}body(e){let t=t=>Number(e[`${t}_n`])*L[e[`${t}_unit`]];return{name:e.name,description:e.description||null,approver_user_ids:e.approver_users||[],approver_team_ids:e.approver_teams||[],approvals_required:Number(e.approvals_required),timeout_seconds:t(`timeout`),escalation:this.escalate?{after_seconds:t(`escalate_after`),user_ids:e.escalation_users||[],team_ids:e.escalation_teams||[]}:null,notification_channels:e.channels||[],async_approval:e.async_approval,justification:e.justification||null,is_default:e.is_default,require_different_person:e.require_different_person}}async save(e){e.preventDefault();let t=e.target;if(t.reportValidity()){this.saving=!0,this.formError=null;try{let e=this.body(E(t)),n=this.editing,r=n?await g(`/api/v1/approval-policies/${encodeURIComponent(n.id)}`,{method:`PATCH`,body:e}):await g(`/api/v1/approval-policies`,{method:`POST`,body:e});this.querySelector(`#workflow-dialog`).hide(),this.notice=`Saved the workflow ${r.name}.`,this.load()}catch(e){this.formError=e}finally{this.saving=!1}}}removeWorkflow(e){return T(this,{label:`Remove the workflow ${e.name}?`,message:p`<p>Rules that name it can no longer send calls to it.</p>`,confirmLabel:`Remove`,path:`/api/v1/approval-policies/${encodeURIComponent(e.id)}`,done:()=>{this.notice=`Removed the workflow ${e.name}.`,this.load()},failed:e=>this.error=e,focus:`.status-text`})}checks(e,t,n,r){return p`<fieldset class="field">
      <legend>${r}</legend>
      ${t.length?p`<div class="check-grid scroll">${t.map(t=>p`<label class="check"><input type="checkbox" name=${e} value=${t.id} ?checked=${n.includes(t.id)} />${t.label}</label>`)}</div>`:p`<p class="hint">None in the account.</p>`}
    </fieldset>`}formView(){let e=this.editing,t=(this.users||[]).filter(e=>!e.disabled_at).map(e=>({id:e.id,label:e.name||e.email})),n=(this.teams||[]).map(e=>({id:e.id,label:e.name})),r=e&&e.escalation||{after_seconds:300,user_ids:[],team_ids:[]};return p`<form class="stack" @submit=${this.save} novalidate>
      <div class="form-grid">
        <div class="field">
          <label for="wf-name">Name</label>
          <input id="wf-name" name="name" autofocus required maxlength="128" .value=${e?e.name:``} data-testid="workflow-name" />
        </div>
        <div class="field">
          <label for="wf-quorum">Approvals needed</label>
          <input id="wf-quorum" name="approvals_required" type="number" min="1" max="10" required .value=${String(e?e.approvals_required:1)} aria-describedby="wf-quorum-hint" />
          <p class="hint" id="wf-quorum-hint">Distinct people, 1 to 10.</p>
        </div>
        <div class="field wide">
          <label for="wf-description">Description <span class="muted">(optional)</span></label>
          <input id="wf-description" name="description" .value=${e&&e.description||``} />
        </div>
        <div class="wide">${this.checks(`approver_users`,t,e&&e.approver_user_ids||[],`Approvers: people`)}</div>
        <div class="wide">${this.checks(`approver_teams`,n,e&&e.approver_team_ids||[],`Approvers: teams`)}</div>
        <p class="hint wide">Nobody ticked: the account's admins decide.</p>
        ${B(`timeout`,`Time to decide`,e?e.timeout_seconds:600,`From 30 s to 30 days; then the request expires.`)}
        <div class="field">
          <label for="wf-justification">Justification from the agent</label>
          <select id="wf-justification" name="justification">
            <option value="" ?selected=${!e||!e.justification}>Not asked</option>
            <option value="optional" ?selected=${e&&e.justification===`optional`}>Optional</option>
            <option value="required" ?selected=${e&&e.justification===`required`}>Required</option>
          </select>
        </div>
        <fieldset class="field wide">
          <legend>Notify through</legend>
          <div class="check-grid">${I.map(t=>p`<label class="check"><input type="checkbox" name="channels" value=${t} ?checked=${(e?e.notification_channels:[`email`]).includes(t)} />${t}</label>`)}</div>
        </fieldset>
        <div class="field wide">
          <label class="check"><input type="checkbox" name="async_approval" .checked=${!!(e&&e.async_approval)} />Asynchronous: the agent gets a request id at once and checks back, instead of waiting</label>
          <label class="check"><input type="checkbox" name="require_different_person" .checked=${!!(e&&e.require_different_person)} />Four eyes: the person behind the calling key cannot approve</label>
          <label class="check"><input type="checkbox" name="is_default" .checked=${!!(e&&e.is_default)} />The account's default workflow</label>
          <label class="check"><input type="checkbox" .checked=${this.escalate} @change=${e=>this.escalate=e.target.checked} />Escalate when nobody answers in time</label>
        </div>
        ${this.escalate?p`${B(`escalate_after`,`Escalate after`,r.after_seconds,`Less than the time to decide.`)}
              <div class="wide">${this.checks(`escalation_users`,t,r.user_ids,`Escalate to: people`)}</div>
              <div class="wide">${this.checks(`escalation_teams`,n,r.team_ids,`Escalate to: teams`)}</div>`:f}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${()=>this.querySelector(`#workflow-dialog`).hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-workflow" ?loading=${this.saving}>${e?`Save`:`Create the workflow`}</sl-button>
      </div>
    </form>`}row(e,t){let n=[...e.approver_user_ids,...e.approver_team_ids].map(e=>w(t,e));return p`<tr data-testid="workflow-row" data-workflow=${e.name}>
      <td data-label="Name" class="break"><div><strong>${e.name}</strong>${e.is_default?p` <sl-badge variant="primary" pill>default</sl-badge>`:f}
        ${e.description?p`<div class="small muted">${e.description}</div>`:f}</div></td>
      <td data-label="Approvers" class="break">${n.length?n.join(`, `):p`<span class="muted">the account's admins</span>`}</td>
      <td data-label="Needs">${e.approvals_required}${e.require_different_person?`, four eyes`:``}</td>
      <td data-label="Time"><div>${D(e.timeout_seconds)}${e.escalation?p`<div class="small muted">escalates after ${D(e.escalation.after_seconds)}</div>`:f}</div></td>
      <td data-label="Notifies">${e.notification_channels.join(`, `)||`—`}</td>
      <td data-label="Mode"><div>${e.async_approval?`asynchronous`:`agent waits`}${e.justification?p`<div class="small muted">justification ${e.justification}</div>`:f}</div></td>
      <td data-label="Actions" class="actions-col">
        ${v(`policies.write`)?p`<div class="cell-actions">
              <sl-button size="small" @click=${()=>this.openForm(e)}>Edit<span class="visually-hidden"> ${e.name}</span></sl-button>
              <sl-button size="small" variant="danger" outline @click=${()=>this.removeWorkflow(e)}>Remove<span class="visually-hidden"> ${e.name}</span></sl-button>
            </div>`:f}
      </td>
    </tr>`}render(){let e=(this.workflows||[]).slice(0,R),t=this.names();return p`<div class="stack">
      <div class="section-head">
        <p class="muted">Rules that require approval send calls to a workflow: theirs, their tool's, else the default.</p>
        <span class="row-gap"></span>
        ${v(`policies.write`)?p`<sl-button variant="primary" size="small" data-testid="create-workflow" @click=${()=>this.openForm(null)}>Create a workflow</sl-button>`:f}
      </div>
      <p role="status" class="status-text" tabindex="-1">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.workflows===null?f:e.length?p`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Approval workflows</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Approvers</th><th scope="col">Needs</th><th scope="col">Time</th><th scope="col">Notifies</th><th scope="col">Mode</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${e.map(e=>this.row(e,t))}</tbody>
            </table></div>`:p`<p class="empty">No workflow yet: calls that need approval go to the account's admins.</p>`}
      <sl-dialog id="workflow-dialog" class="form-dialog wide" label=${this.editing?`Edit ${this.editing.name}`:`Create a workflow`}
        @sl-after-hide=${e=>e.target===e.currentTarget&&this.formKey++}>
        ${y(this.formKey,this.formView())}
      </sl-dialog>
    </div>`}};customElements.define(`pl-approval-workflows`,V);var H={email:`Email`,slack:`Slack`,mattermost:`Mattermost`,webhook:`Signed webhook`,push:`Push proxy`},U=20;function W(e,t){switch(e){case`email`:return t.via===`http_api`?{from:t.from,http_api:{url:t.api_url,api_key:t.api_key}}:{from:t.from,smtp:{host:t.smtp_host,port:Number(t.smtp_port)||587,username:t.smtp_username||null,password:t.smtp_password||null,security:t.smtp_security||`starttls`}};case`slack`:return{webhook_url:t.webhook_url};case`mattermost`:return{webhook_url:t.webhook_url,channel:t.channel||null};case`webhook`:return{url:t.url,secret:t.secret};case`push`:return{url:t.url,api_key:t.api_key};default:return{}}}var G=(e,t,n={})=>p`<div class="field ${n.wide?`wide`:``}">
  <label for=${e}>${t}</label>
  <input id=${e} name=${n.name||e} type=${n.type||`text`} ?required=${!n.optional} ?autofocus=${!!n.autofocus} autocomplete="off" spellcheck="false"
    minlength=${n.minlength||0} placeholder=${n.placeholder||``} .value=${n.value||``} />
  ${n.hint?p`<p class="hint">${n.hint}</p>`:f}
</div>`,K=class extends h{static properties={channels:{state:!0},deliveries:{state:!0},kind:{state:!0},via:{state:!0},error:{state:!0},formError:{state:!0},saving:{state:!0},notice:{state:!0},formKey:{state:!0},testing:{state:!0}};constructor(){super(),this.channels=null,this.kind=`email`,this.via=`smtp`,this.formKey=0}connectedCallback(){super.connectedCallback(),this.load()}async load(){try{let[e,t]=await Promise.all([g(`/api/v1/notification-channels`),g(`/api/v1/notification-deliveries`).catch(()=>null)]);this.channels=e.notification_channels||[],this.deliveries=t?(t.notification_deliveries||[]).slice(0,U):null,this.error=null}catch(e){this.error=e}}async openForm(){this.kind=`email`,this.via=`smtp`,this.formError=null,this.formKey++,await this.updateComplete,this.querySelector(`#channel-dialog`).show()}async save(e){e.preventDefault();let t=e.target;if(!t.reportValidity())return;let n=E(t);this.saving=!0,this.formError=null;try{let e=await g(`/api/v1/notification-channels`,{method:`POST`,body:{kind:this.kind,name:n.name,config:W(this.kind,{...n,via:this.via}),enabled:!0}});this.querySelector(`#channel-dialog`).hide(),this.notice=`Added the channel ${e.name}: ${e.summary}.`,this.load()}catch(e){this.formError=e}finally{this.saving=!1}}async testSend(e){this.testing=e.id,this.error=null;try{let t=await g(`/api/v1/notification-channels/${encodeURIComponent(e.id)}/test`,{method:`POST`});this.notice=t.delivered?`Test sent to ${e.name}${t.status?` (HTTP ${t.status})`:``}.`:`The test to ${e.name} was not delivered: ${t.error||`no answer`}${t.status?` (HTTP ${t.status})`:``}.`}catch(e){this.error=e}finally{this.testing=null}}async setEnabled(e,t){try{let n=t.target.checked;await g(`/api/v1/notification-channels/${encodeURIComponent(e.id)}`,{method:`PATCH`,body:{enabled:n}}),this.channels=this.channels.map(t=>t.id===e.id?{...t,enabled:n}:t),this.notice=`${e.name} is ${n?`on`:`off`}.`,this.error=null}catch(e){t.target.checked=!t.target.checked,this.error=e}}removeChannel(e){return T(this,{label:`Remove the channel ${e.name}?`,message:p`<p>Notifications stop going to ${e.summary}.</p>`,confirmLabel:`Remove`,path:`/api/v1/notification-channels/${encodeURIComponent(e.id)}`,done:()=>{this.notice=`Removed the channel ${e.name}.`,this.load()},failed:e=>this.error=e,focus:`.status-text`})}kindFields(){switch(this.kind){case`email`:return p`${G(`ch-from`,`From address`,{name:`from`,type:`email`})}
          <fieldset class="field wide">
            <legend>Send through</legend>
            <div class="row wrap">
              <label class="check"><input type="radio" name="via_choice" value="smtp" .checked=${this.via===`smtp`} @change=${()=>this.via=`smtp`} />An SMTP server</label>
              <label class="check"><input type="radio" name="via_choice" value="http_api" .checked=${this.via===`http_api`} @change=${()=>this.via=`http_api`} />An HTTP mail API</label>
            </div>
          </fieldset>
          ${this.via===`smtp`?p`${G(`ch-smtp-host`,`SMTP host`,{name:`smtp_host`})}
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
                </div>`:p`${G(`ch-api-url`,`API URL`,{name:`api_url`,type:`url`,wide:!0})}
                ${G(`ch-api-key`,`API key`,{name:`api_key`,type:`password`,wide:!0})}`}`;case`slack`:case`mattermost`:return p`${G(`ch-hook`,`Incoming webhook URL`,{name:`webhook_url`,type:`password`,wide:!0,hint:`A secret in itself: it is stored sealed and shown only as its host.`})}
          ${this.kind===`mattermost`?G(`ch-channel`,`Channel`,{name:`channel`,optional:!0,hint:`Empty: the hook’s own channel.`}):f}`;case`webhook`:return p`${G(`ch-url`,`URL`,{name:`url`,type:`url`,wide:!0})}
          ${G(`ch-secret`,`Signing secret`,{name:`secret`,type:`password`,minlength:16,wide:!0,hint:`At least 16 characters; requests carry its HMAC-SHA256 in X-Preloop-Signature.`})}`;case`push`:return p`${G(`ch-url`,`Push proxy URL`,{name:`url`,type:`url`,wide:!0})}
          ${G(`ch-key`,`API key`,{name:`api_key`,type:`password`,wide:!0})}`;default:return f}}formView(){return p`<form class="stack" @submit=${this.save} autocomplete="off">
      <div class="form-grid">
        ${G(`ch-name`,`Name`,{name:`name`,autofocus:!0})}
        <div class="field">
          <label for="ch-kind">Kind</label>
          <select id="ch-kind" data-testid="channel-kind" @change=${e=>this.kind=e.target.value}>
            ${Object.entries(H).map(([e,t])=>p`<option value=${e} ?selected=${e===this.kind}>${t}</option>`)}
          </select>
        </div>
        ${this.kindFields()}
      </div>
      <pl-error .error=${this.formError}></pl-error>
      <div class="form-actions">
        <sl-button @click=${()=>this.querySelector(`#channel-dialog`).hide()}>Cancel</sl-button>
        <sl-button type="submit" variant="primary" data-testid="save-channel" ?loading=${this.saving}>Add the channel</sl-button>
      </div>
    </form>`}render(){let e=v(`settings.write`),t=new Map((this.channels||[]).map(e=>[e.id,e.name]));return p`<div class="stack">
      <div class="section-head">
        <p class="muted">"Send a test" tries a channel now (an email channel mails you); the deliveries below show what was sent, and how it went.</p>
        <span class="row-gap"></span>
        ${e?p`<sl-button variant="primary" size="small" data-testid="add-channel" @click=${this.openForm}>Add a channel</sl-button>`:f}
      </div>
      <p role="status" class="status-text" tabindex="-1">${this.notice||``}</p>
      <pl-error .error=${this.error}></pl-error>
      ${this.channels===null?f:this.channels.length?p`<div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">Notification channels</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Where</th><th scope="col">On</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${this.channels.map(t=>p`<tr data-testid="channel-row">
                  <td data-label="Name" class="break"><strong>${t.name}</strong></td>
                  <td data-label="Kind">${H[t.kind]||t.kind}</td>
                  <td data-label="Where" class="break">${t.summary}</td>
                  <td data-label="On">
                    ${e?p`<sl-switch ?checked=${t.enabled} @sl-change=${e=>this.setEnabled(t,e)}>${t.enabled?`On`:`Off`}<span class="visually-hidden">: ${t.name}</span></sl-switch>`:t.enabled?`On`:`Off`}
                  </td>
                  <td data-label="Actions" class="actions-col">
                    ${e&&t.kind!==`push`?p`<sl-button size="small" data-testid="test-channel" ?loading=${this.testing===t.id} @click=${()=>this.testSend(t)}>Send a test<span class="visually-hidden"> to ${t.name}</span></sl-button>`:f}
                    ${e?p`<sl-button size="small" variant="danger" outline @click=${()=>this.removeChannel(t)}>Remove<span class="visually-hidden"> ${t.name}</span></sl-button>`:f}
                  </td>
                </tr>`)}</tbody>
            </table></div>`:p`<p class="empty">No channel yet: approvers are only notified through the console.</p>`}
      ${this.deliveries&&this.deliveries.length?p`<h3>Recent deliveries</h3>
            <div class="table-wrap"><table class="data-table stack-on-mobile">
              <caption class="visually-hidden">The ${U} newest notification deliveries</caption>
              <thead><tr><th scope="col">Time</th><th scope="col">Channel</th><th scope="col">To</th><th scope="col">State</th><th scope="col">Attempts</th></tr></thead>
              <tbody>${this.deliveries.map(e=>p`<tr>
                  <td data-label="Time">${x(e.created_at)}</td>
                  <td data-label="Channel">${t.get(e.channel_id)||H[e.kind]||e.kind}</td>
                  <td data-label="To" class="break">${e.recipient||`—`}</td>
                  <td data-label="State"><div>
                    <sl-badge variant=${e.status===`delivered`?`success`:e.status===`failed`?`danger`:`neutral`}>${e.status}</sl-badge>
                    ${e.last_error?p`<div class="small text-danger break">${e.last_error}</div>`:f}
                  </div></td>
                  <td data-label="Attempts">${e.attempts}</td>
                </tr>`)}</tbody>
            </table></div>`:f}
      <sl-dialog id="channel-dialog" class="form-dialog" label="Add a notification channel" @sl-after-hide=${e=>e.target===e.currentTarget&&this.formKey++}>
        ${y(this.formKey,this.formView())}
      </sl-dialog>
    </div>`}};customElements.define(`pl-notification-channels`,K);var q=e`
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
`,oe=e`
  :host {
    display: contents;
  }
`,J=class extends n{constructor(){super(...arguments),this.observedElements=[],this.disabled=!1}connectedCallback(){super.connectedCallback(),this.resizeObserver=new ResizeObserver(e=>{this.emit(`sl-resize`,{detail:{entries:e}})}),this.disabled||this.startObserver()}disconnectedCallback(){super.disconnectedCallback(),this.stopObserver()}handleSlotChange(){this.disabled||this.startObserver()}startObserver(){let e=this.shadowRoot.querySelector(`slot`);if(e!==null){let t=e.assignedElements({flatten:!0});this.observedElements.forEach(e=>this.resizeObserver.unobserve(e)),this.observedElements=[],t.forEach(e=>{this.resizeObserver.observe(e),this.observedElements.push(e)})}}stopObserver(){this.resizeObserver.disconnect()}handleDisabledChange(){this.disabled?this.stopObserver():this.startObserver()}render(){return p` <slot @slotchange=${this.handleSlotChange}></slot> `}};J.styles=[r,oe],i([t({type:Boolean,reflect:!0})],J.prototype,`disabled`,2),i([o(`disabled`,{waitUntilFirstUpdate:!0})],J.prototype,`handleDisabledChange`,1);var Y=class extends n{constructor(){super(...arguments),this.tabs=[],this.focusableTabs=[],this.panels=[],this.localize=new a(this),this.hasScrollControls=!1,this.shouldHideScrollStartButton=!1,this.shouldHideScrollEndButton=!1,this.placement=`top`,this.activation=`auto`,this.noScrollControls=!1,this.fixedScrollControls=!1,this.scrollOffset=1}connectedCallback(){let e=Promise.all([customElements.whenDefined(`sl-tab`),customElements.whenDefined(`sl-tab-panel`)]);super.connectedCallback(),this.resizeObserver=new ResizeObserver(()=>{this.repositionIndicator(),this.updateScrollControls()}),this.mutationObserver=new MutationObserver(e=>{let t=e.filter(({target:e})=>{if(e===this)return!0;if(e.closest(`sl-tab-group`)!==this)return!1;let t=e.tagName.toLowerCase();return t===`sl-tab`||t===`sl-tab-panel`});if(t.length!==0){if(t.some(e=>![`aria-labelledby`,`aria-controls`].includes(e.attributeName))&&setTimeout(()=>this.setAriaLabels()),t.some(e=>e.attributeName===`disabled`))this.syncTabsAndPanels();else if(t.some(e=>e.attributeName===`active`)){let e=t.filter(e=>e.attributeName===`active`&&e.target.tagName.toLowerCase()===`sl-tab`).map(e=>e.target).find(e=>e.active);e&&this.setActiveTab(e)}}}),this.updateComplete.then(()=>{this.syncTabsAndPanels(),this.mutationObserver.observe(this,{attributes:!0,attributeFilter:[`active`,`disabled`,`name`,`panel`],childList:!0,subtree:!0}),this.resizeObserver.observe(this.nav),e.then(()=>{new IntersectionObserver((e,t)=>{e[0].intersectionRatio>0&&(this.setAriaLabels(),this.setActiveTab(this.getActiveTab()??this.tabs[0],{emitEvents:!1}),t.unobserve(e[0].target))}).observe(this.tabGroup)})})}disconnectedCallback(){var e,t;super.disconnectedCallback(),(e=this.mutationObserver)==null||e.disconnect(),this.nav&&((t=this.resizeObserver)==null||t.unobserve(this.nav))}getAllTabs(){return this.shadowRoot.querySelector(`slot[name="nav"]`).assignedElements()}getAllPanels(){return[...this.body.assignedElements()].filter(e=>e.tagName.toLowerCase()===`sl-tab-panel`)}getActiveTab(){return this.tabs.find(e=>e.active)}handleClick(e){let t=e.target.closest(`sl-tab`);t?.closest(`sl-tab-group`)===this&&t!==null&&this.setActiveTab(t,{scrollBehavior:`smooth`})}handleKeyDown(e){let t=e.target.closest(`sl-tab`);if(t?.closest(`sl-tab-group`)===this&&([`Enter`,` `].includes(e.key)&&t!==null&&(this.setActiveTab(t,{scrollBehavior:`smooth`}),e.preventDefault()),[`ArrowLeft`,`ArrowRight`,`ArrowUp`,`ArrowDown`,`Home`,`End`].includes(e.key))){let t=this.tabs.find(e=>e.matches(`:focus`)),n=this.localize.dir()===`rtl`,r=null;if(t?.tagName.toLowerCase()===`sl-tab`){if(e.key===`Home`)r=this.focusableTabs[0];else if(e.key===`End`)r=this.focusableTabs[this.focusableTabs.length-1];else if([`top`,`bottom`].includes(this.placement)&&e.key===(n?`ArrowRight`:`ArrowLeft`)||[`start`,`end`].includes(this.placement)&&e.key===`ArrowUp`){let e=this.tabs.findIndex(e=>e===t);r=this.findNextFocusableTab(e,`backward`)}else if([`top`,`bottom`].includes(this.placement)&&e.key===(n?`ArrowLeft`:`ArrowRight`)||[`start`,`end`].includes(this.placement)&&e.key===`ArrowDown`){let e=this.tabs.findIndex(e=>e===t);r=this.findNextFocusableTab(e,`forward`)}if(!r)return;r.tabIndex=0,r.focus({preventScroll:!0}),this.activation===`auto`?this.setActiveTab(r,{scrollBehavior:`smooth`}):this.tabs.forEach(e=>{e.tabIndex=e===r?0:-1}),[`top`,`bottom`].includes(this.placement)&&l(r,this.nav,`horizontal`),e.preventDefault()}}}handleScrollToStart(){this.nav.scroll({left:this.localize.dir()===`rtl`?this.nav.scrollLeft+this.nav.clientWidth:this.nav.scrollLeft-this.nav.clientWidth,behavior:`smooth`})}handleScrollToEnd(){this.nav.scroll({left:this.localize.dir()===`rtl`?this.nav.scrollLeft-this.nav.clientWidth:this.nav.scrollLeft+this.nav.clientWidth,behavior:`smooth`})}setActiveTab(e,t){if(t=ee({emitEvents:!0,scrollBehavior:`auto`},t),e!==this.activeTab&&!e.disabled){let n=this.activeTab;this.activeTab=e,this.tabs.forEach(e=>{e.active=e===this.activeTab,e.tabIndex=e===this.activeTab?0:-1}),this.panels.forEach(e=>e.active=e.name===this.activeTab?.panel),this.syncIndicator(),[`top`,`bottom`].includes(this.placement)&&l(this.activeTab,this.nav,`horizontal`,t.scrollBehavior),t.emitEvents&&(n&&this.emit(`sl-tab-hide`,{detail:{name:n.panel}}),this.emit(`sl-tab-show`,{detail:{name:this.activeTab.panel}}))}}setAriaLabels(){this.tabs.forEach(e=>{let t=this.panels.find(t=>t.name===e.panel);t&&(e.setAttribute(`aria-controls`,t.getAttribute(`id`)),t.setAttribute(`aria-labelledby`,e.getAttribute(`id`)))})}repositionIndicator(){let e=this.getActiveTab();if(!e)return;let t=e.clientWidth,n=e.clientHeight,r=this.localize.dir()===`rtl`,i=this.getAllTabs(),a=i.slice(0,i.indexOf(e)).reduce((e,t)=>({left:e.left+t.clientWidth,top:e.top+t.clientHeight}),{left:0,top:0});switch(this.placement){case`top`:case`bottom`:this.indicator.style.width=`${t}px`,this.indicator.style.height=`auto`,this.indicator.style.translate=r?`${-1*a.left}px`:`${a.left}px`;break;case`start`:case`end`:this.indicator.style.width=`auto`,this.indicator.style.height=`${n}px`,this.indicator.style.translate=`0 ${a.top}px`}}syncTabsAndPanels(){this.tabs=this.getAllTabs(),this.focusableTabs=this.tabs.filter(e=>!e.disabled),this.panels=this.getAllPanels(),this.syncIndicator(),this.updateComplete.then(()=>this.updateScrollControls())}findNextFocusableTab(e,t){let n=null,r=t===`forward`?1:-1,i=e+r;for(;e<this.tabs.length;){if(n=this.tabs[i]||null,n===null){n=t===`forward`?this.focusableTabs[0]:this.focusableTabs[this.focusableTabs.length-1];break}if(!n.disabled)break;i+=r}return n}updateScrollButtons(){this.hasScrollControls&&!this.fixedScrollControls&&(this.shouldHideScrollStartButton=this.scrollFromStart()<=this.scrollOffset,this.shouldHideScrollEndButton=this.isScrolledToEnd())}isScrolledToEnd(){return this.scrollFromStart()+this.nav.clientWidth>=this.nav.scrollWidth-this.scrollOffset}scrollFromStart(){return this.localize.dir()===`rtl`?-this.nav.scrollLeft:this.nav.scrollLeft}updateScrollControls(){this.hasScrollControls=!this.noScrollControls&&[`top`,`bottom`].includes(this.placement)&&this.nav.scrollWidth>this.nav.clientWidth+1,this.updateScrollButtons()}syncIndicator(){this.getActiveTab()?(this.indicator.style.display=`block`,this.repositionIndicator()):this.indicator.style.display=`none`}show(e){let t=this.tabs.find(t=>t.panel===e);t&&this.setActiveTab(t,{scrollBehavior:`smooth`})}render(){let e=this.localize.dir()===`rtl`;return p`
      <div
        part="base"
        class=${s({"tab-group":!0,"tab-group--top":this.placement===`top`,"tab-group--bottom":this.placement===`bottom`,"tab-group--start":this.placement===`start`,"tab-group--end":this.placement===`end`,"tab-group--rtl":this.localize.dir()===`rtl`,"tab-group--has-scroll-controls":this.hasScrollControls})}
        @click=${this.handleClick}
        @keydown=${this.handleKeyDown}
      >
        <div class="tab-group__nav-container" part="nav">
          ${this.hasScrollControls?p`
                <sl-icon-button
                  part="scroll-button scroll-button--start"
                  exportparts="base:scroll-button__base"
                  class=${s({"tab-group__scroll-button":!0,"tab-group__scroll-button--start":!0,"tab-group__scroll-button--start--hidden":this.shouldHideScrollStartButton})}
                  name=${e?`chevron-right`:`chevron-left`}
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

          ${this.hasScrollControls?p`
                <sl-icon-button
                  part="scroll-button scroll-button--end"
                  exportparts="base:scroll-button__base"
                  class=${s({"tab-group__scroll-button":!0,"tab-group__scroll-button--end":!0,"tab-group__scroll-button--end--hidden":this.shouldHideScrollEndButton})}
                  name=${e?`chevron-left`:`chevron-right`}
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
    `}};Y.styles=[r,q],Y.dependencies={"sl-icon-button":c,"sl-resize-observer":J},i([u(`.tab-group`)],Y.prototype,`tabGroup`,2),i([u(`.tab-group__body`)],Y.prototype,`body`,2),i([u(`.tab-group__nav`)],Y.prototype,`nav`,2),i([u(`.tab-group__indicator`)],Y.prototype,`indicator`,2),i([d()],Y.prototype,`hasScrollControls`,2),i([d()],Y.prototype,`shouldHideScrollStartButton`,2),i([d()],Y.prototype,`shouldHideScrollEndButton`,2),i([t()],Y.prototype,`placement`,2),i([t()],Y.prototype,`activation`,2),i([t({attribute:`no-scroll-controls`,type:Boolean})],Y.prototype,`noScrollControls`,2),i([t({attribute:`fixed-scroll-controls`,type:Boolean})],Y.prototype,`fixedScrollControls`,2),i([j({passive:!0})],Y.prototype,`updateScrollButtons`,1),i([o(`noScrollControls`,{waitUntilFirstUpdate:!0})],Y.prototype,`updateScrollControls`,1),i([o(`placement`,{waitUntilFirstUpdate:!0})],Y.prototype,`syncIndicator`,1),Y.define(`sl-tab-group`);var se=(e,t)=>{let n=0;return function(...r){window.clearTimeout(n),n=window.setTimeout(()=>{e.call(this,...r)},t)}},X=(e,t,n)=>{let r=e[t];e[t]=function(...e){r.call(this,...e),n.call(this,r,...e)}};(()=>{if(typeof window<`u`&&!(`onscrollend`in window)){let e=new Set,t=new WeakMap,n=t=>{for(let n of t.changedTouches)e.add(n.identifier)},r=t=>{for(let n of t.changedTouches)e.delete(n.identifier)};document.addEventListener(`touchstart`,n,!0),document.addEventListener(`touchend`,r,!0),document.addEventListener(`touchcancel`,r,!0),X(EventTarget.prototype,`addEventListener`,function(n,r){if(r!==`scrollend`)return;let i=se(()=>{e.size?i():this.dispatchEvent(new Event(`scrollend`))},100);n.call(this,`scroll`,i,{passive:!0}),t.set(this,i)}),X(EventTarget.prototype,`removeEventListener`,function(e,n){if(n!==`scrollend`)return;let r=t.get(this);r&&e.call(this,`scroll`,r,{passive:!0})})}})();var ce=e`
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
`,le=0,Z=class extends n{constructor(){super(...arguments),this.localize=new a(this),this.attrId=++le,this.componentId=`sl-tab-${this.attrId}`,this.panel=``,this.active=!1,this.closable=!1,this.disabled=!1,this.tabIndex=0}connectedCallback(){super.connectedCallback(),this.setAttribute(`role`,`tab`)}handleCloseClick(e){e.stopPropagation(),this.emit(`sl-close`)}handleActiveChange(){this.setAttribute(`aria-selected`,this.active?`true`:`false`)}handleDisabledChange(){this.setAttribute(`aria-disabled`,this.disabled?`true`:`false`),this.tabIndex=this.disabled&&!this.active?-1:0}render(){return this.id=this.id.length>0?this.id:this.componentId,p`
      <div
        part="base"
        class=${s({tab:!0,"tab--active":this.active,"tab--closable":this.closable,"tab--disabled":this.disabled})}
      >
        <slot></slot>
        ${this.closable?p`
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
    `}};Z.styles=[r,ce],Z.dependencies={"sl-icon-button":c},i([u(`.tab`)],Z.prototype,`tab`,2),i([t({reflect:!0})],Z.prototype,`panel`,2),i([t({type:Boolean,reflect:!0})],Z.prototype,`active`,2),i([t({type:Boolean,reflect:!0})],Z.prototype,`closable`,2),i([t({type:Boolean,reflect:!0})],Z.prototype,`disabled`,2),i([t({type:Number,reflect:!0})],Z.prototype,`tabIndex`,2),i([o(`active`)],Z.prototype,`handleActiveChange`,1),i([o(`disabled`)],Z.prototype,`handleDisabledChange`,1),Z.define(`sl-tab`);var ue=e`
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
`,Q=0,$=class extends n{constructor(){super(...arguments),this.attrId=++Q,this.componentId=`sl-tab-panel-${this.attrId}`,this.name=``,this.active=!1}connectedCallback(){super.connectedCallback(),this.id=this.id.length>0?this.id:this.componentId,this.setAttribute(`role`,`tabpanel`)}handleActiveChange(){this.setAttribute(`aria-hidden`,this.active?`false`:`true`)}render(){return p`
      <slot
        part="base"
        class=${s({"tab-panel":!0,"tab-panel--active":this.active})}
      ></slot>
    `}};$.styles=[r,ue],i([t({reflect:!0})],$.prototype,`name`,2),i([t({type:Boolean,reflect:!0})],$.prototype,`active`,2),i([o(`active`)],$.prototype,`handleActiveChange`,1),$.define(`sl-tab-panel`);var de=[{name:`users`,label:`People`,needs:`members.read`},{name:`teams`,label:`Teams`,needs:`members.read`},{name:`invitations`,label:`Invitations`,needs:`members.read`},{name:`workflows`,label:`Approval workflows`,needs:`policies.read`},{name:`channels`,label:`Notification channels`,needs:`approvals.read`}],fe=class extends h{static properties={query:{attribute:!1},tab:{state:!0},users:{state:!0},teams:{state:!0},error:{state:!0}};connectedCallback(){super.connectedCallback(),this.loadPeople()}willUpdate(e){if(this.tab===void 0||e.has(`query`)){let e=this.tabs(),t=this.query&&this.query.get(`tab`);this.tab=(e.find(e=>e.name===t)||e.find(e=>e.name===this.tab)||e[0]||{}).name}}tabs(){return de.filter(e=>v(e.needs))}async firstUpdated(){let e=this.querySelector(`sl-tab-group`);e&&await e.updateComplete;let t=this.querySelector(`sl-tab[active]`);t&&t.scrollIntoView({block:`nearest`,inline:`nearest`})}async loadPeople(){if(!v(`members.read`))this.users=[],this.teams=[];else try{let[e,t]=await Promise.all([g(`/api/v1/users`),g(`/api/v1/teams`)]);this.users=(e.users||[]).sort((e,t)=>(e.name||e.email).localeCompare(t.name||t.email)),this.teams=(t.teams||[]).sort((e,t)=>e.name.localeCompare(t.name)),this.error=null}catch(e){this.error=e}}panel(e){if(e!==this.tab)return f;switch(e){case`users`:return p`<pl-people-users .users=${this.users}></pl-people-users>`;case`teams`:return p`<pl-people-teams .teams=${this.teams} .users=${this.users}></pl-people-teams>`;case`invitations`:return p`<pl-people-invitations></pl-people-invitations>`;case`workflows`:return p`<pl-approval-workflows .users=${this.users} .teams=${this.teams}></pl-approval-workflows>`;case`channels`:return p`<pl-notification-channels></pl-notification-channels>`;default:return f}}render(){let e=this.tabs();return p`<div class="page" @people-changed=${this.loadPeople}>
      <h1 tabindex="-1">People and approvals</h1>
      <pl-error .error=${this.error}></pl-error>
      ${e.length?p`<sl-tab-group no-scroll-controls @sl-tab-show=${e=>this.tab=e.detail.name}>
            ${e.map(e=>p`<sl-tab slot="nav" panel=${e.name} ?active=${e.name===this.tab} data-testid="tab-${e.name}">${e.label}</sl-tab>`)}
            ${e.map(e=>p`<sl-tab-panel name=${e.name} ?active=${e.name===this.tab}>
                <h2>${e.label}</h2>
                ${this.panel(e.name)}
              </sl-tab-panel>`)}
          </sl-tab-group>`:p`<p class="empty">Your role cannot see people, workflows or channels.</p>`}
    </div>`}};customElements.define(`pl-people-page`,fe);