// The console's own elements render into the light DOM: one stylesheet
// (styles/app.css) styles every page, and tests and accessibility checkers
// see plain markup. Shoelace's components keep their shadow DOM.
import { LitElement } from 'lit';

export class LightElement extends LitElement {
  createRenderRoot() {
    return this;
  }
}
