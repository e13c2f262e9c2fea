import { createQuery, useClient } from '@urql/solid';
import { Match, Show, Switch, batch, createEffect, createSignal, on } from 'solid-js';
import { AssetTile, AssetTileFragment } from '../gallery/asset-tile';
import { GalleryFilters } from '../gallery/gallery-filters';
import { SelectionBar } from '../gallery/selection-bar';
import { VirtualGrid } from '../gallery/virtual-grid';
import { graphql, useFragment, type FragmentType } from '../generated';
import { createIdentityThreshold } from '../identity/identity-calibration';
import { DeleteAssetsMutation, RestoreAssetsMutation, SetAssetsLikedMutation } from '../library/asset-mutations';
import { downloadSelection } from '../library/download';
import { setGallerySession } from '../library/gallery-session';
import { nextSelection } from '../library/selection';
import { toast, toastError } from '../ui/toasts';
import type { AssetFilter, AssetKind, IdentityStatus } from '../generated/graphql';
import { location, navigate, searchParam, withSearch } from '../router/router';
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

/** The tile data with a new star (fragment data is read-only; the copy replaces it in the list). */
const withLiked = (item: GalleryAsset, liked: boolean): GalleryAsset => ({ ...item, ...useFragment(AssetTileFragment, item), liked }) as GalleryAsset;

const PAGE_SIZE = 60;

/**
 * Your assets, newest first: filters in the address, pages fetched by cursor as you scroll, and
 * only the rows near the viewport rendered.
 */
export function GalleryRoute() {
  const client = useClient();
  const [options] = createQuery({ query: GalleryOptionsQuery });
  const threshold = createIdentityThreshold();
  const filters = () => ({
    scene: searchParam('scene') ?? '',
    environment: searchParam('environment') ?? '',
    kind: searchParam('kind') ?? '',
    influencer: searchParam('influencer') ?? '',
    liked: searchParam('liked') ?? '',
    face: searchParam('face') ?? '',
  });
  const filter = (): AssetFilter => {
    const f = filters();
    return {
      scene: f.scene || undefined,
      environment: f.environment || undefined,
      kind: (f.kind || undefined) as AssetKind | undefined,
      influencerId: f.influencer || undefined,
      liked: f.liked ? true : undefined,
      ...(f.face === 'strong' ? { minIdentityScore: 0.8 } : f.face ? { identityStatus: f.face as IdentityStatus } : {}),
    };
  };

  const [items, setItems] = createSignal<GalleryAsset[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [hasMore, setHasMore] = createSignal(true);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [selected, setSelected] = createSignal<Set<string>>(new Set());
  const [anchor, setAnchor] = createSignal<string | null>(null);
  let generation = 0;
  const ids = () => items().map((i) => i.id);
  const select = (id: string, shift: boolean) => {
    setSelected((s) => nextSelection(s, ids(), id, anchor(), shift));
    setAnchor(id);
  };
  const rememberGrid = () => setGallerySession({ search: location().search, ids: ids() });

  const like = async (assetIds: string[], liked: boolean) => {
    const r = await client.mutation(SetAssetsLikedMutation, { input: { assetIds, liked } }).toPromise();
    const p = r.data?.setAssetsLiked;
    if (p?.__typename !== 'SetAssetsLikedPayload') return toastError('Could not change the favourites', p && 'message' in p ? p : r.error);
    const changed = new Map(p.assets.map((a) => [a.id, a.liked]));
    // Under the favourites filter an un-starred image leaves the grid.
    setItems((list) =>
      list.flatMap((item) => (changed.has(item.id) && filters().liked && !changed.get(item.id) ? [] : [changed.has(item.id) ? withLiked(item, changed.get(item.id)!) : item])),
    );
  };
  const remove = async (assetIds: string[]) => {
    const r = await client.mutation(DeleteAssetsMutation, { input: { assetIds } }).toPromise();
    const p = r.data?.deleteAssets;
    if (p?.__typename !== 'DeleteAssetsPayload') return toastError('Could not delete', p && 'message' in p ? p : r.error);
    const gone = new Set(assetIds);
    batch(() => {
      setItems((list) => list.filter((i) => !gone.has(i.id)));
      setSelected(new Set<string>());
    });
    toast('info', `Deleted ${assetIds.length} image${assetIds.length === 1 ? '' : 's'}`, 'You can undo this for 24 hours.', {
      label: 'Undo',
      run: () => void undo(assetIds),
    });
  };
  const undo = async (assetIds: string[]) => {
    const r = await client.mutation(RestoreAssetsMutation, { input: { assetIds } }).toPromise();
    const p = r.data?.restoreAssets;
    if (p?.__typename !== 'RestoreAssetsPayload') return toastError('Could not restore', p && 'message' in p ? p : r.error);
    toast('success', `Restored ${p.assets.length} image${p.assets.length === 1 ? '' : 's'}`);
    reload();
  };

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

  const reload = () => {
    generation++;
    batch(() => {
      setItems([]);
      setCursor(null);
      setHasMore(true);
      setLoading(false);
      setError(null);
    });
    void loadMore();
  };

  createEffect(
    on(
      () => JSON.stringify(filters()),
      () => {
        setSelected(new Set<string>());
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
      <Show when={selected().size > 0}>
        <SelectionBar
          count={selected().size}
          onSelectAll={() => setSelected(new Set(ids()))}
          onClear={() => setSelected(new Set<string>())}
          onDownload={() => downloadSelection([...selected()])}
          onLike={() => void like([...selected()], true)}
          onDelete={() => void remove([...selected()])}
        />
      </Show>
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
            {(index) => (
              <AssetTile
                asset={items()[index]!}
                label={`Image ${index + 1}`}
                threshold={threshold()}
                selected={selected().has(items()[index]!.id)}
                onSelect={(shift) => select(items()[index]!.id, shift)}
                onLike={(liked) => void like([items()[index]!.id], liked)}
                onOpen={rememberGrid}
              />
            )}
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
