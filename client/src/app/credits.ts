import type { Client } from '@urql/core';
import { graphql } from '../generated';

/** The balance (and adult confirmation), shared by the header and the studio so one refresh updates both. */
export const CreditsQuery = graphql(`
  query Credits {
    viewer {
      id
      credits
      adultConfirmed
    }
  }
`);

/** Re-reads the balance after credits moved (a pack reserved, charged or refunded). */
export function refreshCredits(client: Client) {
  return client.query(CreditsQuery, {}, { requestPolicy: 'network-only' }).toPromise();
}

/**
 * Keeps an open studio's balance true when credits move elsewhere (an admin's `grantCredits`, the
 * `pnpm credits grant` CLI, another tab): re-read when the window regains focus or becomes
 * visible, and once a minute while it is visible. Returns the disposer.
 */
export function keepCreditsFresh(refresh: () => void, o: { win?: Window; doc?: Document; everyMs?: number } = {}): () => void {
  const win = o.win ?? window;
  const doc = o.doc ?? document;
  const onFocus = () => refresh();
  const onVisibility = () => {
    if (doc.visibilityState === 'visible') refresh();
  };
  win.addEventListener('focus', onFocus);
  doc.addEventListener('visibilitychange', onVisibility);
  const timer = win.setInterval(() => {
    if (doc.visibilityState === 'visible') refresh();
  }, o.everyMs ?? 60_000);
  return () => {
    win.removeEventListener('focus', onFocus);
    doc.removeEventListener('visibilitychange', onVisibility);
    win.clearInterval(timer);
  };
}
