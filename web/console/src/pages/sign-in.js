// #/sign-in: email and password, single sign-on, and a password-reset link.
//
// POST /api/v1/auth/token signs in; single sign-on leaves for
// /auth/sso/start?account=… and comes back to /?sso_code=… (auth.js
// finishes it); POST /api/v1/auth/password-reset mails a reset link.
import { html, nothing } from 'lit';
import { LightElement } from '../components/light-element.js';
import { requestPasswordReset, signIn, singleSignOnUrl } from '../auth.js';
import '../components/error-message.js';

/** The last account id used for single sign-on: not a secret, saves typing. */
const SSO_ACCOUNT_KEY = 'preloop.sso.account';

function remembered() {
  try {
    return localStorage.getItem(SSO_ACCOUNT_KEY) || '';
  } catch {
    return '';
  }
}

class SignInPage extends LightElement {
  static properties = {
    next: {},
    reason: {},
    error: { state: true },
    busy: { state: true },
    resetMessage: { state: true },
    resetError: { state: true },
    resetBusy: { state: true },
  };

  field(form, name) {
    const el = form.querySelector(`[name="${name}"]`);
    return el ? String(el.value || '').trim() : '';
  }

  async submit(e) {
    e.preventDefault();
    const form = e.target;
    const email = this.field(form, 'email');
    const passwordEl = form.querySelector('[name="password"]');
    this.error = null;
    this.busy = true;
    try {
      await signIn(email, passwordEl.value);
      // The shell sees the session and moves on to `next`.
    } catch (err) {
      this.error = err;
      passwordEl.value = '';
      passwordEl.focus();
    } finally {
      this.busy = false;
    }
  }

  sso(e) {
    e.preventDefault();
    const account = this.field(e.target, 'account');
    if (!account) return;
    try {
      localStorage.setItem(SSO_ACCOUNT_KEY, account);
    } catch {
      // Not remembered; nothing else changes.
    }
    location.assign(singleSignOnUrl(account, this.next ? `#${this.next}` : ''));
  }

  async reset(e) {
    e.preventDefault();
    this.resetMessage = '';
    this.resetError = null;
    this.resetBusy = true;
    try {
      this.resetMessage = await requestPasswordReset(this.field(e.target, 'email'));
    } catch (err) {
      this.resetError = err;
    } finally {
      this.resetBusy = false;
    }
  }

  render() {
    return html`<div class="narrow-page">
      <h1 tabindex="-1">Sign in to Preloop</h1>
      ${this.reason ? html`<p class="notice" role="status">${this.reason}</p>` : nothing}
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
          <sl-input name="account" label="Account ID" value=${remembered()} required spellcheck="false" autocapitalize="off"></sl-input>
          <sl-button type="submit">Continue with single sign-on</sl-button>
        </form>
      </section>

      <details class="card disclosure">
        <summary>Forgot your password?</summary>
        <form class="stack" @submit=${this.reset}>
          <p>We will email a link to set a new one. Setting it signs you out everywhere.</p>
          <sl-input name="email" type="email" label="Email" autocomplete="email" required></sl-input>
          <sl-button type="submit" ?loading=${this.resetBusy}>Email me a reset link</sl-button>
          <p role="status" class="status-text">${this.resetMessage || ''}</p>
          <pl-error .error=${this.resetError}></pl-error>
        </form>
      </details>
    </div>`;
  }
}

customElements.define('pl-sign-in-page', SignInPage);
