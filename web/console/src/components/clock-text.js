// <pl-time-left at=…> and <pl-time-ago at=…>: text that keeps itself
// current, once a second, with the exact time in a tooltip and in the
// <time> element's datetime.
import { html } from 'lit';
import { LightElement } from './light-element.js';
import { onTick } from '../clock.js';
import { formatAge, formatTime, formatTimeLeft, isoTime } from '../format.js';

class ClockText extends LightElement {
  static properties = { at: { type: Number } };

  connectedCallback() {
    super.connectedCallback();
    this.stop = onTick(() => this.requestUpdate());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.stop) this.stop();
  }

  text() {
    return '';
  }

  render() {
    if (!this.at) return html``;
    return html`<time datetime=${isoTime(this.at)} title=${formatTime(this.at)}>${this.text()}</time>`;
  }
}

class TimeLeft extends ClockText {
  text() {
    return formatTimeLeft(this.at);
  }

  willUpdate(changed) {
    if (changed.has('at')) this.fired = false;
  }

  updated() {
    if (this.at && this.at <= Date.now() && !this.fired) {
      // Once: the page reloads what it shows (the server expires it on read).
      this.fired = true;
      this.dispatchEvent(new CustomEvent('expired', { bubbles: true }));
    }
  }
}

class TimeAgo extends ClockText {
  text() {
    return formatAge(this.at);
  }
}

customElements.define('pl-time-left', TimeLeft);
customElements.define('pl-time-ago', TimeAgo);
