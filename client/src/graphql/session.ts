import { createSignal } from 'solid-js';

const KEY = 'content-studio.token';

/** The API token the studio signs in with (kept in localStorage so a reload stays signed in). */
const [token, setTokenSignal] = createSignal<string | null>(readStored());

function readStored(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export { token };

export function setToken(value: string | null) {
  try {
    if (value) localStorage.setItem(KEY, value);
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode: the token lives for this tab only.
  }
  setTokenSignal(value);
}

/**
 * Embedded mode hands the demo user's token to a studio opened on the same machine; elsewhere
 * the answer is null and the studio asks for an API token.
 */
export async function fetchStudioSession(): Promise<string | null> {
  try {
    const response = await fetch('/studio-session', { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as { token?: string | null };
    return typeof body.token === 'string' && body.token.startsWith('cs_') ? body.token : null;
  } catch {
    return null;
  }
}
