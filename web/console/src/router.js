// Hash routing: `/#/approvals/<id>?tab=past`. The server serves only `/`
// and `/assets/*`, so every page of the console lives after the `#`.

/**
 * The route in `hash`: its path, its segments and its query.
 * `#/audit?tool=x` → {path: '/audit', segments: ['audit'], query}.
 */
export function parseHash(hash) {
  const raw = (hash || '').replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = (q >= 0 ? raw.slice(0, q) : raw) || '/';
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path: path.startsWith('/') ? path : `/${path}`, segments, query };
}

export function currentRoute() {
  return parseHash(location.hash);
}

/** `#/path?query` for a link; `query`'s empty values are left out. */
export function href(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') params.append(k, String(v));
  }
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

/** Goes to `path` (with `query`); `replace` keeps the back button where it was. */
export function navigate(path, query, { replace = false } = {}) {
  const target = href(path, query);
  if (replace) {
    history.replaceState(history.state, '', `${location.pathname}${location.search}${target}`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}

/** Calls `fn(route)` on every route change; returns the unsubscribe. */
export function onRouteChange(fn) {
  const handler = () => fn(currentRoute());
  window.addEventListener('hashchange', handler);
  return () => window.removeEventListener('hashchange', handler);
}
