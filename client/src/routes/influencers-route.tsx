import { createQuery } from '@urql/solid';
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import { graphql } from '../generated';
import { InfluencerCard } from '../influencers/influencer-card';
import { Link } from '../router/link';
import { ErrorState } from '../ui/error-state';

const InfluencersQuery = graphql(`
  query Influencers($first: Int!) {
    influencers(first: $first) {
      nodes {
        id
        ...InfluencerCard_influencer
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const PAGE = 48;

/** Your influencers, newest first, with the way to create one. */
export function InfluencersRoute() {
  const [first, setFirst] = createSignal(PAGE);
  const [result] = createQuery({ query: InfluencersQuery, variables: () => ({ first: first() }), requestPolicy: 'cache-and-network' });
  const nodes = () => result.data?.influencers.nodes ?? [];
  return (
    <section class="stack">
      <div class="page-header">
        <div>
          <h1>Influencers</h1>
          <p class="muted">Your recurring characters. Open one to generate new content in the Content Studio.</p>
        </div>
        <Link href="/influencers/new" class="button button--primary">
          + New influencer
        </Link>
      </div>
      <Switch>
        <Match when={result.error && !result.data}>
          <ErrorState message={result.error!.message} />
        </Match>
        <Match when={!result.data}>
          <div class="card-grid" aria-busy="true">
            <For each={[0, 1, 2]}>{() => <div class="card influencer-card skeleton" />}</For>
          </div>
        </Match>
        <Match when={nodes().length === 0}>
          <div class="empty-state card">
            <div class="empty-state__art" aria-hidden="true">✦</div>
            <h2>Create your first influencer</h2>
            <p class="muted">Describe their look, upload a face photo, and start generating consistent images in minutes.</p>
            <Link href="/influencers/new" class="button button--primary">
              Create an influencer
            </Link>
          </div>
        </Match>
        <Match when={true}>
          <div class="card-grid">
            <For each={nodes()}>{(influencer) => <InfluencerCard influencer={influencer} />}</For>
          </div>
          <Show when={result.data?.influencers.pageInfo.hasNextPage}>
            <button type="button" class="button" onClick={() => setFirst((n) => Math.min(n + PAGE, 100))} disabled={first() >= 100}>
              Show more
            </button>
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
