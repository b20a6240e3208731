// Small helpers the configuration pages share: saving and copying text,
// running requests a few at a time, client-side paging of lists the API
// returns whole, and reading a form of native controls.
import { html, nothing } from 'lit';

/** Saves `text` as a file called `name` through a temporary link. */
export function saveText(text, name, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Moves focus to `selector` inside `host` once it has drawn itself: after
 * an action removed the control that had focus (a row's Remove button),
 * which would otherwise drop keyboard and screen-reader users at the top
 * of the page. The target is a section heading or a status message, with
 * tabindex="-1".
 */
export async function focusAfterRemoval(host, selector) {
  await host.updateComplete;
  const target = host.querySelector(selector);
  if (target) target.focus();
}

/** Copies `text`; resolves false when the browser refuses. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * `fn(item)` for every item, at most `limit` at a time (a list of servers
 * each needing its own request must not open dozens of connections).
 * Resolves with `{value}` or `{error}` per item, in order.
 */
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { value: await fn(items[i]) };
      } catch (error) {
        out[i] = { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The page `page` (0-based) of `items`, `size` a page. */
export function pageOf(items, page, size) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { rows: items.slice(p * size, p * size + size), page: p, pages };
}

/** Previous / next buttons for a page of `pages`; nothing when one page holds all. */
export function pager({ page, pages, onPage, label }) {
  if (pages <= 1) return nothing;
  return html`<nav class="row wrap pager" aria-label=${label || 'Pages'}>
    <sl-button size="small" ?disabled=${page === 0} @click=${() => onPage(page - 1)}>← Previous</sl-button>
    <span aria-live="polite">Page ${page + 1} of ${pages}</span>
    <sl-button size="small" ?disabled=${page >= pages - 1} @click=${() => onPage(page + 1)}>Next →</sl-button>
  </nav>`;
}

/** A form's named native controls as trimmed strings (checkboxes as booleans). */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === 'checkbox') {
      if (el.value && el.value !== 'on') {
        out[el.name] = out[el.name] || [];
        if (el.checked) out[el.name].push(el.value);
      } else {
        out[el.name] = el.checked;
      }
    } else if (el.type === 'radio') {
      if (el.checked) out[el.name] = el.value;
    } else if (el.type !== 'file' && 'value' in el) {
      out[el.name] = typeof el.value === 'string' ? el.value.trim() : el.value;
    }
  }
  return out;
}

/** Lines of a textarea as a list of non-empty trimmed strings. */
export function lines(text) {
  return String(text || '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Seconds in words: 600 → "10 min", 90000 → "1 d 1 h". */
export function seconds(n) {
  const s = Number(n) || 0;
  if (s % 86_400 === 0 && s >= 86_400) return `${s / 86_400} d`;
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.round((s % 86_400) / 3600)} h`;
  if (s % 3600 === 0 && s >= 3600) return `${s / 3600} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  if (s % 60 === 0 && s >= 60) return `${s / 60} min`;
  return `${s} s`;
}

/** A label for an id: the name the map holds, else the id itself. */
export function nameOf(map, id) {
  return (map && map.get(id)) || id;
}
