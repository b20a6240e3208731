// <pl-live-indicator>: whether the live stream is open, in the header.
// Colour is never the only signal: the state is also written out.
import { html } from 'lit';
import { LightElement } from './light-element.js';
import { onLiveStatus } from '../live.js';

const LABELS = {
  off: 'Offline',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

class LiveIndicator extends LightElement {
  static properties = { status: { state: true }, error: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.stop = onLiveStatus((status, error) => {
      this.status = status;
      this.error = error;
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.stop) this.stop();
  }

  render() {
    const status = this.status || 'off';
    const title = this.error ? `Live updates: ${LABELS[status]} (${this.error})` : `Live updates: ${LABELS[status]}`;
    return html`<span class="live live-${status}" role="status" title=${title} data-testid="live-status" data-status=${status}>
      <span class="live-dot" aria-hidden="true"></span>
      <span class="live-text"><span class="visually-hidden">Live updates: </span>${LABELS[status]}</span>
    </span>`;
  }
}

customElements.define('pl-live-indicator', LiveIndicator);
