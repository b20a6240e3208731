// Two one-off dialogs the configuration pages open from code:
//
// - confirmDialog({label, message, confirmLabel, danger}) → Promise<boolean>:
//   "are you sure" before removing or rolling back something (and
//   confirmThenDelete, the removal every page does with it);
// - showSecret({label, value, testid, note}) → Promise: a secret the API
//   shows once (a new API key, an invitation link), with a copy button and
//   a warning. The element is removed when the dialog closes, so the value
//   is gone from the page: it is never shown again.
//
// Each is an <sl-dialog> appended to <body> and removed after it hides:
// Shoelace traps focus inside while it is open and gives it back to the
// control that opened it when it closes. A secret's dialog does not close
// on a click beside it (one stray click would lose a key never shown
// again), and closes, forgetting the secret, when the session ends: it
// lives outside the page, so signing out would otherwise leave it open.
import { html, nothing } from 'lit';
import { LightElement } from './light-element.js';
import { copyText, focusAfterRemoval } from './admin-kit.js';
import { api } from '../api.js';
import { onAuthChange, session } from '../auth.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';

class OneOffDialog extends LightElement {
  static properties = {
    label: {},
    message: { attribute: false },
    confirmLabel: {},
    danger: { type: Boolean },
    secret: {},
    testid: {},
    note: { attribute: false },
    copied: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    if (this.secret === undefined) return;
    this.stopAuth = onAuthChange(() => {
      if (session().status !== 'signed-in') {
        this.secret = '';
        if (this.dialog) this.close(false);
      }
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.stopAuth) this.stopAuth();
  }

  firstUpdated() {
    this.dialog = this.querySelector('sl-dialog');
    this.dialog.show();
  }

  /** A secret's dialog closes with its buttons or Escape, not a click on the overlay. */
  onRequestClose(e) {
    if (e.target === this.dialog && this.secret !== undefined && e.detail && e.detail.source === 'overlay') e.preventDefault();
  }

  close(result) {
    this.result = result;
    this.dialog.hide();
  }

  onHidden(e) {
    // Shoelace components inside (none yet) would bubble their own sl-after-hide.
    if (e.target !== this.dialog) return;
    this.resolve(!!this.result);
    this.secret = '';
    this.remove();
  }

  async copy() {
    this.copied = (await copyText(this.secret)) ? 'Copied to the clipboard.' : 'Copying failed: select the text and copy it.';
  }

  body() {
    if (this.secret === undefined) {
      return html`<div class="stack">${this.message}</div>
        <div class="form-actions">
          <sl-button @click=${() => this.close(false)}>Cancel</sl-button>
          <sl-button variant=${this.danger ? 'danger' : 'primary'} data-testid="confirm" @click=${() => this.close(true)}>
            ${this.confirmLabel || 'Confirm'}
          </sl-button>
        </div>`;
    }
    return html`<div class="stack">
        <p class="warning-box" role="note">
          <strong>Copy it now.</strong> This is the only time it is shown: Preloop keeps only a hash of it and cannot show it again.
        </p>
        ${this.note ? html`<p>${this.note}</p>` : nothing}
        <code class="secret-value" data-testid=${this.testid || 'secret-value'}>${this.secret}</code>
        <div class="row wrap">
          <sl-button variant="primary" @click=${this.copy}>Copy</sl-button>
          <span role="status" class="status-text">${this.copied || ''}</span>
        </div>
      </div>
      <div class="form-actions">
        <sl-button @click=${() => this.close(true)}>I have copied it</sl-button>
      </div>`;
  }

  render() {
    return html`<sl-dialog label=${this.label} class="form-dialog" @sl-request-close=${this.onRequestClose} @sl-after-hide=${this.onHidden}>${this.body()}</sl-dialog>`;
  }
}

customElements.define('pl-one-off-dialog', OneOffDialog);

function open(props) {
  return new Promise((resolve) => {
    const el = document.createElement('pl-one-off-dialog');
    Object.assign(el, props, { resolve });
    document.body.append(el);
  });
}

/** Asks before doing something; resolves true when confirmed. */
export function confirmDialog({ label, message, confirmLabel = 'Confirm', danger = false }) {
  return open({ label, message, confirmLabel, danger, secret: undefined });
}

/**
 * The removal the configuration pages share: asks (a danger confirm), sends
 * `DELETE path`, then runs `done()` (what the page shows changes) and moves
 * focus to `focus` inside `host`, since the control that had it went with
 * its row. The API's refusal, or `done` failing, goes to `failed`.
 * Resolves whether it was removed.
 */
export async function confirmThenDelete(host, { label, message, confirmLabel, path, done, failed, focus }) {
  if (!(await confirmDialog({ label, message, confirmLabel, danger: true }))) return false;
  try {
    await api(path, { method: 'DELETE' });
    await done();
    focusAfterRemoval(host, focus);
    return true;
  } catch (err) {
    failed(err);
    return false;
  }
}

/** Shows a secret once; resolves when the dialog is closed. */
export function showSecret({ label, value, testid, note }) {
  return open({ label, secret: String(value || ''), testid, note });
}
