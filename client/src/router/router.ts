import { createSignal } from 'solid-js';

/** A tiny history router: the server falls back to index.html, so every path is a studio route. */
const [location, setLocation] = createSignal(read());

function read() {
  return { pathname: window.location.pathname, search: window.location.search };
}

window.addEventListener('popstate', () => setLocation(read()));

export { location };

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  setLocation(read());
  if (!options.replace) window.scrollTo({ top: 0 });
}

/** Params of `pattern` ("/influencers/:id") against the current path, or null when it does not match. */
export function match(pattern: string, pathname = location().pathname): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = decodeURIComponent(have[i]!);
    if (w.startsWith(':')) params[w.slice(1)] = h;
    else if (w !== h) return null;
  }
  return params;
}

/** One query-string value of the current location. */
export function searchParam(name: string): string | null {
  return new URLSearchParams(location().search).get(name);
}

/** The current path with some query-string values set (null removes one). */
export function withSearch(values: Record<string, string | null>): string {
  const params = new URLSearchParams(location().search);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === '') params.delete(k);
    else params.set(k, v);
  }
  const qs = params.toString();
  return `${location().pathname}${qs ? `?${qs}` : ''}`;
}
