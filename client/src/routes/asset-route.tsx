import { createQuery, useClient } from '@urql/solid';
import { Match, Show, Switch, createEffect, on, onCleanup, onMount } from 'solid-js';
import { editCompleted } from '../edit/edit-draft';
import { AssetDetail, type PresetLabels } from '../gallery/asset-detail';
import { graphql } from '../generated';
import { createIdentityThreshold } from '../identity/identity-calibration';
import { SetAssetsLikedMutation } from '../library/asset-mutations';
import { gallerySession } from '../library/gallery-session';
import { neighbours } from '../library/selection';
import { Link } from '../router/link';
import { navigate } from '../router/router';
import { ErrorState } from '../ui/error-state';
import { toastError } from '../ui/toasts';

const AssetQuery = graphql(`
  query AssetDetail($id: ID!) {
    asset(id: $id) {
      id
      ...AssetDetail_asset
    }
    presets {
      scenes {
        id
        label
      }
      environments {
        id
        label
      }
      outfits {
        id
        label
      }
    }
  }
`);

/**
 * One asset: the full image, its metadata and its lineage. ← and → step through the gallery
 * the user came from (same filter, same order); Esc goes back to that grid.
 */
export function AssetRoute(props: { assetId: string }) {
  const client = useClient();
  const [result, reexecute] = createQuery({ query: AssetQuery, variables: () => ({ id: props.assetId }) });
  const threshold = createIdentityThreshold();
  const label = (list: ReadonlyArray<{ id: string; label: string }> | undefined, id: string | null | undefined) => (id ? (list?.find((x) => x.id === id)?.label ?? id) : '—');
  const labels: PresetLabels = {
    scene: (id) => label(result.data?.presets.scenes, id),
    environment: (id) => label(result.data?.presets.environments, id),
    outfit: (id) => label(result.data?.presets.outfits, id),
  };
  const around = () => neighbours(gallerySession().ids, props.assetId);
  const grid = () => `/gallery${gallerySession().search}`;
  const go = (id: string | null) => id && navigate(`/gallery/${encodeURIComponent(id)}`, { replace: true });
  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === 'ArrowLeft') go(around().previous);
      else if (e.key === 'ArrowRight') go(around().next);
      else if (e.key === 'Escape') navigate(grid());
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });
  // An edit of this image that completes adds to its lineage (derived): read the image again.
  createEffect(on(editCompleted, (done) => done?.sourceId === props.assetId && reexecute({ requestPolicy: 'network-only' }), { defer: true }));
  const like = async (liked: boolean) => {
    const r = await client.mutation(SetAssetsLikedMutation, { input: { assetIds: [props.assetId], liked } }).toPromise();
    if (r.data?.setAssetsLiked.__typename !== 'SetAssetsLikedPayload') return toastError('Could not change the favourite', r.error);
    reexecute({ requestPolicy: 'network-only' });
  };
  return (
    <section class="stack">
      <div class="asset-nav">
        <Link href={grid()} class="back-link">
          ← Gallery
        </Link>
        <Show when={gallerySession().ids.includes(props.assetId)}>
          <span class="asset-nav__steps">
            <button type="button" class="button button--small" disabled={!around().previous} onClick={() => go(around().previous)} aria-label="Previous image">
              ‹ Previous
            </button>
            <span class="muted" data-testid="asset-position">
              {gallerySession().ids.indexOf(props.assetId) + 1} of {gallerySession().ids.length}
            </span>
            <button type="button" class="button button--small" disabled={!around().next} onClick={() => go(around().next)} aria-label="Next image">
              Next ›
            </button>
          </span>
        </Show>
      </div>
      <Switch>
        <Match when={result.error && !result.data}>
          <ErrorState message={result.error!.message} />
        </Match>
        <Match when={!result.data}>
          <div class="card skeleton skeleton--profile" aria-busy="true" />
        </Match>
        <Match when={result.data?.asset}>{(asset) => <AssetDetail asset={asset()} labels={labels} threshold={threshold()} onLike={(l) => void like(l)} />}</Match>
        <Match when={true}>
          <ErrorState title="Image not found" message="It does not exist or belongs to someone else." />
        </Match>
      </Switch>
    </section>
  );
}
