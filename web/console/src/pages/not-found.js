// Any address the console has no page for.
import { html } from 'lit';
import { LightElement } from '../components/light-element.js';
import { href } from '../router.js';

class NotFoundPage extends LightElement {
  render() {
    return html`<div class="narrow-page" data-testid="not-found">
      <h1 tabindex="-1">Page not found</h1>
      <p>There is no page at this address.</p>
      <p><a href=${href('/overview')}>Go to the overview</a></p>
    </div>`;
  }
}

customElements.define('pl-not-found-page', NotFoundPage);
