import { createMutation, createQuery } from '@urql/solid';
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import { AssetTile } from '../gallery/asset-tile';
import { graphql } from '../generated';
import { BaseImageInput } from '../influencers/base-image-input';
import { followInfluencerEvents } from '../influencers/influencer-events';
import { InfluencerProfile } from '../influencers/influencer-profile';
import { Link } from '../router/link';
import { ErrorState } from '../ui/error-state';
import { toast, toastError } from '../ui/toasts';
import { SetBaseImageMutation } from './new-influencer-route';

const InfluencerQuery = graphql(`
  query InfluencerProfile($id: ID!) {
    influencer(id: $id) {
      id
      name
      defaultOutfit
      baseImage {
        id
      }
      ...InfluencerProfile_influencer
    }
    presets {
      outfits {
        id
        label
      }
    }
    assets(filter: { influencerId: $id }, first: 12) {
      nodes {
        id
        ...AssetTile_asset
      }
    }
  }
`);

/** An influencer's profile: who they are, their face mode and LoRA, recent images, and the studio. */
export function InfluencerRoute(props: { influencerId: string }) {
  const [result, reexecute] = createQuery({ query: InfluencerQuery, variables: () => ({ id: props.influencerId }), requestPolicy: 'cache-and-network' });
  followInfluencerEvents(
    () => props.influencerId,
    () => reexecute({ requestPolicy: 'network-only' }),
  );
  const [uploading, upload] = createMutation(SetBaseImageMutation);
  const [file, setFile] = createSignal<File | null>(null);
  const outfitLabel = () => {
    const id = result.data?.influencer?.defaultOutfit;
    return result.data?.presets.outfits.find((o) => o.id === id)?.label ?? id ?? '';
  };
  const uploadFace = async () => {
    const image = file();
    if (!image) return;
    const r = await upload({ input: { influencerId: props.influencerId, image } });
    const payload = r.data?.setBaseImage;
    if (payload?.__typename !== 'SetBaseImagePayload') return toastError('The photo was not accepted', payload && 'message' in payload ? payload : r.error);
    toast('success', 'Base image saved');
    reexecute({ requestPolicy: 'network-only' });
  };
  return (
    <section class="stack">
      <Link href="/" class="back-link">
        ← Influencers
      </Link>
      <Switch>
        <Match when={result.error && !result.data}>
          <ErrorState message={result.error!.message} />
        </Match>
        <Match when={!result.data}>
          <div class="card skeleton skeleton--profile" aria-busy="true" />
        </Match>
        <Match when={!result.data?.influencer}>
          <ErrorState title="Influencer not found" message="It does not exist or belongs to someone else." />
        </Match>
        <Match when={result.data?.influencer}>
          {(influencer) => (
            <>
              <InfluencerProfile influencer={influencer()} outfitLabel={outfitLabel()} />
              <Show when={!influencer().baseImage}>
                <div class="card stack">
                  <h2 class="section-title">Upload a base image</h2>
                  <p class="muted">Face-reference mode needs a photo of the face before the first pack.</p>
                  <BaseImageInput file={file()} onChange={setFile} />
                  <button type="button" class="button button--primary" disabled={!file() || uploading.fetching} onClick={() => void uploadFace()}>
                    {uploading.fetching ? 'Uploading…' : 'Save base image'}
                  </button>
                </div>
              </Show>
              <div class="section-header">
                <h2>Recent images</h2>
                <Link href={`/gallery?influencer=${encodeURIComponent(props.influencerId)}`} class="text-link">
                  See all in the gallery →
                </Link>
              </div>
              <Show
                when={(result.data?.assets.nodes.length ?? 0) > 0}
                fallback={<p class="muted card empty-inline">No images yet. Open the Content Studio to generate a first pack.</p>}
              >
                <div class="thumb-strip">
                  <For each={result.data?.assets.nodes}>{(asset, i) => <AssetTile asset={asset} label={`Recent image ${i() + 1}`} />}</For>
                </div>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
