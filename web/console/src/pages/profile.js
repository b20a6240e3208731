// #/profile: who the signed-in person is (GET /api/v1/auth/me), their role
// and permissions, and the ways to a new password: changed here with the
// current one (POST /api/v1/auth/password, only for a console session;
// the person's other sessions end), or set through a link mailed to them
// (POST /api/v1/auth/password-reset, which ends every session).
import { html, nothing } from 'lit';
import { LightElement } from '../components/light-element.js';
import { accessToken, requestPasswordReset, session } from '../auth.js';
import { api, authorizedFetch, errorOf } from '../api.js';
import { formatTime } from '../format.js';
import '../components/error-message.js';

const CREDENTIALS = {
  session: 'A console session',
  api_key: 'An API key',
  oauth: 'An OAuth client',
};

class ProfilePage extends LightElement {
  static properties = {
    me: { state: true },
    error: { state: true },
    resetMessage: { state: true },
    resetError: { state: true },
    resetBusy: { state: true },
    changeBusy: { state: true },
    changeError: { state: true },
    changed: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    this.me = session().me;
    // Fresh, in case a role changed since sign-in.
    api('/api/v1/auth/me')
      .then((me) => {
        this.me = me;
      })
      .catch((err) => {
        this.error = err;
      });
  }

  async reset() {
    this.resetBusy = true;
    this.resetMessage = '';
    this.resetError = null;
    try {
      this.resetMessage = await requestPasswordReset(this.me.user.email);
    } catch (err) {
      this.resetError = err;
    } finally {
      this.resetBusy = false;
    }
  }

  /**
   * POST /api/v1/auth/password. Not through api(): that answers any 401 by
   * refreshing the session and sending the request again, and here a 401
   * mostly means a wrong current password — sent twice, it would count as
   * two failed sign-ins. So a 401 is retried only when the access token
   * had gone stale (GET /auth/me renews it, and the token changes).
   */
  async sendPasswordChange(body) {
    const send = () =>
      authorizedFetch(
        '/api/v1/auth/password',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${accessToken()}` },
          body: JSON.stringify(body),
        },
        { auth: false },
      );
    let response = await send();
    if (response.status === 401) {
      const before = accessToken();
      let renewed = false;
      try {
        await api('/api/v1/auth/me');
        renewed = accessToken() !== before;
      } catch {
        // The session is over: the 401 stands.
      }
      if (renewed) response = await send();
    }
    if (!response.ok) throw await errorOf(response);
  }

  async changePassword(e) {
    e.preventDefault();
    const form = e.target;
    const current = form.querySelector('[name="current_password"]');
    const next = form.querySelector('[name="new_password"]');
    const again = form.querySelector('[name="new_password_again"]');
    this.changed = false;
    this.changeError = null;
    if (next.value !== again.value) {
      again.setCustomValidity('The two new passwords differ.');
      this.changeError = 'The two new passwords differ: type the new one again.';
      again.focus();
      return;
    }
    this.changeBusy = true;
    try {
      await this.sendPasswordChange({ current_password: current.value, new_password: next.value });
      form.reset();
      for (const el of [current, next, again]) el.value = '';
      this.changed = true;
    } catch (err) {
      this.changeError =
        err.status === 401 ? `Your current password was not accepted (${err.message}).` : err.status === 429 ? `Too many tries: ${err.message}` : err;
      (err.status === 401 ? current : err.status === 400 ? next : current).focus();
    } finally {
      this.changeBusy = false;
    }
  }

  /** Typing again clears the "differ" mark. */
  passwordInput(e) {
    if (e.target.name === 'new_password_again' || e.target.name === 'new_password') {
      const again = this.querySelector('[name="new_password_again"]');
      if (again) again.setCustomValidity('');
    }
  }

  passwordSection(me) {
    const user = me.user;
    const canChange = me.credential && me.credential.kind === 'session' && user.password_set !== false;
    return html`<section class="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      ${canChange
        ? html`<form class="stack password-form" @submit=${this.changePassword} @sl-input=${this.passwordInput} data-testid="password-form">
            <p>Changing your password signs you out of every other browser and device; this one stays signed in.</p>
            <input type="email" name="username" autocomplete="username" .value=${user.email} hidden readonly />
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
            <p role="status" class="status-text">${this.changed
              ? html`<span data-testid="password-changed">Password changed; your other sessions were signed out.</span>`
              : nothing}</p>
          </form>`
        : html`<p>
            ${user.password_set
              ? 'You are signed in with a credential that cannot change the password here.'
              : 'You sign in without a password (single sign-on or an invitation not yet accepted).'}
          </p>`}
      <div class="reset-link">
        <h3>${canChange ? 'Forgot your current password?' : 'Set a password'}</h3>
        <p>We will email a link to ${user.email} to set a new one. Setting it signs you out everywhere.</p>
        <div class="row">
          <sl-button @click=${this.reset} ?loading=${this.resetBusy}>Email me a password-reset link</sl-button>
        </div>
        <p role="status" class="status-text">${this.resetMessage || ''}</p>
        <pl-error .error=${this.resetError}></pl-error>
      </div>
    </section>`;
  }

  render() {
    return html`<div class="narrow-page wide">
      <h1 tabindex="-1">Profile</h1>
      <pl-error .error=${this.error}></pl-error>
      ${this.me ? this.details(this.me) : nothing}
    </div>`;
  }

  details(me) {
    const user = me.user;
    const permissions = [...(me.permissions || [])].sort();
    return html`<section class="card" aria-labelledby="who-heading">
        <h2 id="who-heading">${user ? user.name || user.email : (me.credential && me.credential.name) || 'This credential'}</h2>
        <dl class="facts">
          ${user
            ? html`<dt>Email</dt><dd data-testid="profile-email">${user.email}</dd>
                <dt>Member since</dt><dd>${formatTime(user.created_at)}</dd>`
            : nothing}
          <dt>Role</dt><dd data-testid="profile-role">${me.role}</dd>
          <dt>Account ID</dt><dd><code>${me.account_id}</code></dd>
          <dt>Signed in with</dt><dd>${CREDENTIALS[me.credential && me.credential.kind] || (me.credential && me.credential.kind) || ''}</dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="perm-heading">
        <h2 id="perm-heading">Permissions</h2>
        <p>What your role (and your teams) let you do here. The server checks each request.</p>
        ${permissions.length
          ? html`<ul class="chips" data-testid="permissions">${permissions.map((p) => html`<li><code>${p}</code></li>`)}</ul>`
          : html`<p class="muted">None.</p>`}
      </section>

      ${user ? this.passwordSection(me) : nothing}

      <div class="row">
        <sl-button variant="default" @click=${() => this.dispatchEvent(new CustomEvent('sign-out', { bubbles: true }))}>Sign out</sl-button>
      </div>`;
  }
}

customElements.define('pl-profile-page', ProfilePage);
