// <pl-error .error=${err}>: an API error as the API worded it. Nothing when
// there is no error. role=alert so it is read out when it appears.
import { html, nothing } from 'lit';
import { LightElement } from './light-element.js';

class ErrorMessage extends LightElement {
  static properties = { error: { attribute: false } };

  render() {
    const e = this.error;
    if (!e) return nothing;
    const message = typeof e === 'string' ? e : e.message || 'Something went wrong.';
    return html`<div class="error-box" role="alert" data-testid="error">${message}</div>`;
  }
}

customElements.define('pl-error', ErrorMessage);
