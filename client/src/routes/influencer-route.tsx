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
import { InfluencerEditor } from '../influencers/influencer-editor';
import { LoraPipelinePanel } from '../lora/lora-pipeline-panel';
import { PackHistory } from '../influencers/pack-history';
import type { UpdateInfluencerInput } from '../generated/graphql';
import { navigate } from '../router/router';

const UpdateInfluencerMutation = graphql(`
  mutation UpdateInfluencer($input: UpdateInfluencerInput!) {
    updateInfluencer(input: $input) {
      __typename
      ... on UpdateInfluencerPayload {
        influencer {
          id
          name
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const DeleteInfluencerMutation = graphql(`
  mutation DeleteInfluencer($input: DeleteInfluencerInput!) {
    deleteInfluencer(input: $input) {
      __typename
      ... on DeleteInfluencerPayload {
        deletedInfluencerId
        deletedAssetCount
      }
      ... on Error {
        message
      }
    }
  }
`);

const InfluencerQuery = graphql(`
  query InfluencerProfile($id: ID!, $historyAfter: String) {
    influencer(id: $id) {
      id
      name
      age
      ethnicity
      hairColor
      hairStyle
      eyeColor
      bodyType
      defaultOutfit
      nsfwEnabled
      assetCount
      packCount
      baseImage {
        id
      }
      generationJobs(first: 10, after: $historyAfter) {
        nodes {
          id
          ...PackHistory_job
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      ...InfluencerProfile_influencer
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
        category
        nsfwOnly
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

/** The HD mode pipeline alone, re-read on every influencer event (sheet shots and training steps are frequent). */
const InfluencerLoraQuery = graphql(`
  query InfluencerLoraPipeline($id: ID!) {
    influencer(id: $id) {
      id
      ...LoraPipeline_influencer
    }
  }
`);

/** An influencer's profile: who they are, their face mode and LoRA, recent images, and the studio. */
export function InfluencerRoute(props: { influencerId: string }) {
  const [historyAfter, setHistoryAfter] = createSignal<string | null>(null);
  const [result, reexecute] = createQuery({
    query: InfluencerQuery,
    variables: () => ({ id: props.influencerId, historyAfter: historyAfter() }),
    requestPolicy: 'cache-and-network',
  });
  const [editing, setEditing] = createSignal(false);
  const [confirmDelete, setConfirmDelete] = createSignal(false);
  const [saving, save] = createMutation(UpdateInfluencerMutation);
  const [deleting, remove] = createMutation(DeleteInfluencerMutation);
  const label = (kind: 'scene' | 'environment' | 'outfit', id: string) => {
    const list = kind === 'scene' ? result.data?.presets.scenes : kind === 'environment' ? result.data?.presets.environments : result.data?.presets.outfits;
    return list?.find((x) => x.id === id)?.label ?? id;
  };
  const onSave = async (input: UpdateInfluencerInput) => {
    const r = await save({ input });
    const p = r.data?.updateInfluencer;
    if (p?.__typename !== 'UpdateInfluencerPayload') return toastError('Could not save the changes', p && 'message' in p ? p : r.error);
    toast('success', 'Changes saved');
    setEditing(false);
    reexecute({ requestPolicy: 'network-only' });
  };
  const onReplace = async (image: File) => {
    const r = await upload({ input: { influencerId: props.influencerId, image } });
    const payload = r.data?.setBaseImage;
    if (payload?.__typename !== 'SetBaseImagePayload') return toastError('The photo was not accepted', payload && 'message' in payload ? payload : r.error);
    toast('success', 'Base image replaced');
    setEditing(false);
    reexecute({ requestPolicy: 'network-only' });
    rereadPipeline();
  };
  const onDelete = async () => {
    const r = await remove({ input: { id: props.influencerId } });
    const p = r.data?.deleteInfluencer;
    if (p?.__typename !== 'DeleteInfluencerPayload') return toastError('Could not delete', p && 'message' in p ? p : r.error);
    toast('success', 'Influencer deleted', `${p.deletedAssetCount} images removed.`);
    navigate('/');
  };
  const [pipeline, reexecutePipeline] = createQuery({ query: InfluencerLoraQuery, variables: () => ({ id: props.influencerId }), requestPolicy: 'cache-and-network' });
  const rereadPipeline = () => reexecutePipeline({ requestPolicy: 'network-only' });
  followInfluencerEvents(
    () => props.influencerId,
    (kind) => {
      rereadPipeline();
      // The header's status badges and the history move with the status, not with every step.
      if (kind === 'LoraStatusChanged' || kind === 'HdModeUnlocked') reexecute({ requestPolicy: 'network-only' });
    },
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
    rereadPipeline();
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
              <div class="profile-actions">
                <button type="button" class="button" onClick={() => setEditing((v) => !v)} aria-expanded={editing()}>
                  Edit character
                </button>
                <Link href={`/metrics?influencer=${encodeURIComponent(props.influencerId)}`} class="button button--ghost">
                  Metrics
                </Link>
                <button type="button" class="button button--danger" onClick={() => setConfirmDelete(true)}>
                  Delete influencer
                </button>
              </div>
              <Show when={confirmDelete()}>
                <div class="confirm card" role="alertdialog" aria-label="Delete this influencer?">
                  <p>
                    <strong>Delete {influencer().name}?</strong> This removes {influencer().assetCount} images and {influencer().packCount} packs for good. It cannot be undone.
                  </p>
                  <div class="form-actions">
                    <button type="button" class="button button--danger" disabled={deleting.fetching} onClick={() => void onDelete()}>
                      {deleting.fetching ? 'Deleting…' : `Delete ${influencer().name}`}
                    </button>
                    <button type="button" class="button button--ghost" onClick={() => setConfirmDelete(false)}>
                      Keep
                    </button>
                  </div>
                </div>
              </Show>
              <Show when={editing()}>
                <InfluencerEditor
                  influencer={influencer()}
                  outfits={result.data!.presets.outfits}
                  busy={saving.fetching || uploading.fetching}
                  onSave={(input) => void onSave(input)}
                  onReplaceImage={(f) => void onReplace(f)}
                  onCancel={() => setEditing(false)}
                />
              </Show>
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
              <Show when={pipeline.data?.influencer}>
                {(withLora) => (
                  <LoraPipelinePanel
                    influencer={withLora()}
                    onRetried={() => {
                      rereadPipeline();
                      reexecute({ requestPolicy: 'network-only' });
                    }}
                  />
                )}
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
              <PackHistory
                influencerId={props.influencerId}
                jobs={influencer().generationJobs.nodes}
                label={label}
                hasMore={influencer().generationJobs.pageInfo.hasNextPage}
                onMore={() => setHistoryAfter(influencer().generationJobs.pageInfo.endCursor ?? null)}
              />
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
