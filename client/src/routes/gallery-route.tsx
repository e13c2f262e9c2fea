import { createQuery, useClient } from '@urql/solid';
import { Match, Show, Switch, batch, createEffect, createSignal, on } from 'solid-js';
import { AssetTile, AssetTileFragment } from '../gallery/asset-tile';
import { GalleryFilters } from '../gallery/gallery-filters';
import { VirtualGrid } from '../gallery/virtual-grid';
import { graphql, type FragmentType } from '../generated';
import type { AssetFilter, AssetKind } from '../generated/graphql';
import { navigate, searchParam, withSearch } from '../router/router';
import { ErrorState } from '../ui/error-state';

const GalleryOptionsQuery = graphql(`
  query GalleryOptions {
    presets {
      scenes {
        id
        label
      }
      environments {
        id
        label
      }
    }
    influencers(first: 100) {
      nodes {
        id
        name
      }
    }
  }
`);

const GalleryPageQuery = graphql(`
  query GalleryPage($filter: AssetFilter, $first: Int!, $after: String) {
    assets(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          ...AssetTile_asset
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type GalleryAsset = { id: string } & FragmentType<typeof AssetTileFragment>;

const PAGE_SIZE = 60;

/**
 * Your assets, newest first: filters in the address, pages fetched by cursor as you scroll, and
 * only the rows near the viewport rendered.
 */
export function GalleryRoute() {
  const client = useClient();
  const [options] = createQuery({ query: GalleryOptionsQuery });
  const filters = () => ({
    scene: searchParam('scene') ?? '',
    environment: searchParam('environment') ?? '',
    kind: searchParam('kind') ?? '',
    influencer: searchParam('influencer') ?? '',
  });
  const filter = (): AssetFilter => {
    const f = filters();
    return {
      scene: f.scene || undefined,
      environment: f.environment || undefined,
      kind: (f.kind || undefined) as AssetKind | undefined,
      influencerId: f.influencer || undefined,
    };
  };

  const [items, setItems] = createSignal<GalleryAsset[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [hasMore, setHasMore] = createSignal(true);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let generation = 0;

  const loadMore = async () => {
    if (loading() || !hasMore()) return;
    const mine = generation;
    setLoading(true);
    const result = await client.query(GalleryPageQuery, { filter: filter(), first: PAGE_SIZE, after: cursor() }, { requestPolicy: 'network-only' }).toPromise();
    if (mine !== generation) return; // the filters changed meanwhile
    batch(() => {
      setLoading(false);
      const page = result.data?.assets;
      if (!page) {
        setError(result.error?.message ?? 'Could not load the gallery.');
        setHasMore(false);
        return;
      }
      setItems((list) => [...list, ...page.edges.map((e) => e.node)]);
      setCursor(page.pageInfo.endCursor ?? null);
      setHasMore(page.pageInfo.hasNextPage);
    });
  };

  createEffect(
    on(
      () => JSON.stringify(filters()),
      () => {
        generation++;
        batch(() => {
          setItems([]);
          setCursor(null);
          setHasMore(true);
          setLoading(false);
          setError(null);
        });
        void loadMore();
      },
    ),
  );

  return (
    <section class="stack">
      <div class="page-header">
        <div>
          <h1>Gallery</h1>
          <p class="muted">Every image you generated or uploaded, newest first.</p>
        </div>
      </div>
      <GalleryFilters
        scenes={options.data?.presets.scenes ?? []}
        environments={options.data?.presets.environments ?? []}
        influencers={(options.data?.influencers.nodes ?? []).map((i) => ({ id: i.id, label: i.name }))}
        value={filters()}
        onChange={(name, value) => navigate(withSearch({ [name]: value || null }), { replace: true })}
      />
      <Switch>
        <Match when={error() && items().length === 0}>
          <ErrorState message={error()!} />
        </Match>
        <Match when={items().length === 0 && (loading() || hasMore())}>
          <div class="gallery-skeleton" aria-busy="true">
            <span />
            <span />
            <span />
            <span />
            <span />
            <span />
          </div>
        </Match>
        <Match when={items().length === 0}>
          <div class="empty-state card">
            <h2>No images here yet</h2>
            <p class="muted">
              <Show when={Object.values(filters()).some(Boolean)} fallback="Generate a pack in the Content Studio and it shows up here.">
                Nothing matches these filters.
              </Show>
            </p>
          </div>
        </Match>
        <Match when={true}>
          <p class="muted gallery-count" aria-live="polite">
            {items().length}
            {hasMore() ? '+' : ''} images
          </p>
          <VirtualGrid count={items().length} minTileWidth={180} tileAspect={4 / 3} gap={12} onEndVisible={() => void loadMore()}>
            {(index) => <AssetTile asset={items()[index]!} label={`Image ${index + 1}`} />}
          </VirtualGrid>
          <Show when={loading()}>
            <p class="muted gallery-loading" role="status">
              <span class="spinner spinner--small" aria-hidden="true" /> Loading more…
            </p>
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
