import { createQuery, useClient } from '@urql/solid';
import { toastError } from '../ui/toasts';
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import { graphql } from '../generated';
import { InfluencerCard } from '../influencers/influencer-card';
import { Link } from '../router/link';
import { ErrorState } from '../ui/error-state';

const InfluencersQuery = graphql(`
  query Influencers($first: Int!, $after: String) {
    influencers(first: $first, after: $after) {
      nodes {
        id
        ...InfluencerCard_influencer
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PAGE = 48;

/** Your influencers, newest first, a page at a time by cursor ("Load more"), with the way to create one. */
export function InfluencersRoute() {
  const client = useClient();
  const [result] = createQuery({ query: InfluencersQuery, variables: () => ({ first: PAGE, after: null }), requestPolicy: 'cache-and-network' });
  const [more, setMore] = createSignal<NonNullable<typeof result.data>['influencers']['nodes'][number][]>([]);
  const [page, setPage] = createSignal<{ hasNextPage: boolean; endCursor?: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const nodes = () => [...(result.data?.influencers.nodes ?? []), ...more()];
  const pageInfo = () => page() ?? result.data?.influencers.pageInfo;
  const loadMore = async () => {
    setLoadingMore(true);
    const r = await client.query(InfluencersQuery, { first: PAGE, after: pageInfo()?.endCursor ?? null }, { requestPolicy: 'network-only' }).toPromise();
    setLoadingMore(false);
    if (!r.data) return toastError('Could not load more influencers', r.error);
    setMore((list) => [...list, ...r.data!.influencers.nodes]);
    setPage(r.data.influencers.pageInfo);
  };
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
            <div class="empty-state__art" aria-hidden="true">
              ✦
            </div>
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
          <Show when={pageInfo()?.hasNextPage}>
            <button type="button" class="button" onClick={() => void loadMore()} disabled={loadingMore()}>
              {loadingMore() ? 'Loading…' : 'Load more'}
            </button>
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
