import { createQuery, useClient } from '@urql/solid';
import { Show, createEffect, onCleanup, onMount } from 'solid-js';
import { graphql } from '../generated';
import { connection } from '../graphql/client';
import { Link } from '../router/link';
import { location } from '../router/router';
import { CreditsQuery, keepCreditsFresh, refreshCredits } from './credits';
import { announceHdUnlocks } from './hd-unlock-toasts';
import { Routes } from './routes';

const ShellQuery = graphql(`
  query Shell {
    viewer {
      id
      displayName
      isDemo
    }
  }
`);

/** Navigation, balance and the live-connection banner around the current route. */
export function Shell(props: { onSignedOut: () => void }) {
  const [shell] = createQuery({ query: ShellQuery });
  const [credits] = createQuery({ query: CreditsQuery });
  // Credits can be granted from outside the studio (admin mutation, CLI): keep the chip true.
  const client = useClient();
  onMount(() => onCleanup(keepCreditsFresh(() => void refreshCredits(client))));
  // "HD mode unlocked" reaches the creator on every route, not only on the influencer's pages.
  announceHdUnlocks();
  createEffect(() => {
    const unauthorized = shell.error?.response?.status === 401 || (!shell.fetching && !shell.error && shell.data && !shell.data.viewer);
    if (unauthorized) props.onSignedOut();
  });
  const section = () => {
    const p = location().pathname;
    if (p.startsWith('/gallery')) return 'gallery';
    if (p.startsWith('/settings')) return 'settings';
    if (p.startsWith('/metrics')) return 'metrics';
    return 'influencers';
  };
  return (
    <div class="shell">
      <header class="topbar">
        <Link href="/" class="brand">
          <span class="brand__mark" aria-hidden="true" />
          <span class="brand__name">Content Studio</span>
        </Link>
        <nav class="topnav" aria-label="Main">
          <Link href="/" aria-current={section() === 'influencers' ? 'page' : undefined}>
            Influencers
          </Link>
          <Link href="/gallery" aria-current={section() === 'gallery' ? 'page' : undefined}>
            Gallery
          </Link>
          <Link href="/metrics" aria-current={section() === 'metrics' ? 'page' : undefined}>
            Metrics
          </Link>
          <Link href="/settings" aria-current={section() === 'settings' ? 'page' : undefined}>
            Settings
          </Link>
        </nav>
        <div class="topbar__end">
          <Show when={credits.data?.viewer}>
            {(viewer) => (
              <span class="credits-chip" title="Your credit balance">
                <span class="credits-chip__dot" aria-hidden="true" />
                <span data-testid="header-credits">{viewer().credits}</span>
                <span class="credits-chip__word">credits</span>
              </span>
            )}
          </Show>
          <Show when={shell.data?.viewer}>
            {(viewer) => (
              <span class="viewer-name" title={viewer().isDemo ? 'Embedded demo user' : undefined}>
                {viewer().displayName}
              </span>
            )}
          </Show>
        </div>
      </header>
      <Show when={connection() === 'reconnecting'}>
        <div class="connection-banner" role="status">
          <span class="spinner spinner--small" aria-hidden="true" /> Connection to the studio server lost — reconnecting…
        </div>
      </Show>
      <main class="page">
        <Routes />
      </main>
    </div>
  );
}
