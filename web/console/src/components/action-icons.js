// What a rule (or the account's default) does to a call, as an inline SVG
// icon with its words: the icon's shape tells the actions apart without
// colour (a check, a barred circle, a raised hand), and the words carry
// the meaning for screen readers (the icons are aria-hidden).
import { html, svg } from 'lit';

const icon = (body) => svg`<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false"
  fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const allowIcon = icon(svg`<circle cx="12" cy="12" r="9"></circle><path d="m8 12.5 2.7 2.7L16.5 9"></path>`);
export const denyIcon = icon(svg`<circle cx="12" cy="12" r="9"></circle><path d="M5.6 5.6l12.8 12.8"></path>`);
export const approvalIcon = icon(
  svg`<path d="M8 11V5.5a1.5 1.5 0 0 1 3 0V10"></path><path d="M11 9.5V4.5a1.5 1.5 0 0 1 3 0V10"></path><path d="M14 9.5V6a1.5 1.5 0 0 1 3 0v7.5a6.5 6.5 0 0 1-6.5 6.5h-.3a6 6 0 0 1-4.6-2.2L3.4 15a1.5 1.5 0 0 1 2.2-2L8 15V11"></path>`,
);
export const defaultIcon = icon(svg`<circle cx="12" cy="12" r="9"></circle><path d="M8 12h8"></path>`);
export const gripIcon = svg`<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false" fill="currentColor">
  <circle cx="9" cy="6" r="1.6"></circle><circle cx="15" cy="6" r="1.6"></circle><circle cx="9" cy="12" r="1.6"></circle>
  <circle cx="15" cy="12" r="1.6"></circle><circle cx="9" cy="18" r="1.6"></circle><circle cx="15" cy="18" r="1.6"></circle></svg>`;

export const ACTIONS = ['allow', 'require_approval', 'deny'];

export const ACTION_LABELS = {
  allow: 'Allow',
  deny: 'Deny',
  require_approval: 'Require approval',
  default: 'Account default',
};

const ICONS = { allow: allowIcon, deny: denyIcon, require_approval: approvalIcon, default: defaultIcon };

/** The action with its icon; `label` overrides the words. */
export function actionView(action, label) {
  return html`<span class="action-icon action-${ICONS[action] ? action : 'default'}">${ICONS[action] || defaultIcon}<span>${label || ACTION_LABELS[action] || action}</span></span>`;
}
