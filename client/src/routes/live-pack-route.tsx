import { creatorError } from '../library/gpu-error';
import { downloadPack } from '../library/download';
import { createMutation, createQuery, createSubscription } from '@urql/solid';
import { Index, Match, Show, Switch, createEffect, createSignal, on } from 'solid-js';
import { graphql } from '../generated';
import { createIdentityThreshold } from '../identity/identity-calibration';
import { PackProgress } from '../pack/pack-progress';
import { applyJob, applyPackEvent, isFinal, packCounts, type PackState } from '../pack/pack-state';
import { PackTile } from '../pack/pack-tile';
import { HdComparison } from '../pack/hd-comparison';
import { createUpgradeToHd } from '../pack/upgrade-to-hd';
import { toast, toastError } from '../ui/toasts';

const LivePackSubscription = graphql(`
  subscription LivePack($jobId: ID!) {
    generationProgress(jobId: $jobId) {
      __typename
      sequence
      job {
        id
        width
        height
        ...PackState_job
      }
      ... on ImageStarted {
        image {
          ...PackState_image
        }
      }
      ... on ImageCompleted {
        image {
          ...PackState_image
        }
      }
      ... on ImageFailed {
        image {
          ...PackState_image
        }
      }
      ... on ImageScored {
        image {
          ...PackState_image
        }
      }
      ... on ImageRerendering {
        image {
          ...PackState_image
        }
      }
    }
  }
`);

const CancelMutation = graphql(`
  mutation CancelPack($input: CancelGenerationInput!) {
    cancelGeneration(input: $input) {
      __typename
      ... on CancelGenerationPayload {
        job {
          id
          ...PackState_job
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const RetryMutation = graphql(`
  mutation RetryPack($input: RetryFailedImagesInput!) {
    retryFailedImages(input: $input) {
      __typename
      ... on RetryFailedImagesPayload {
        job {
          id
          ...PackState_job
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/** A pack's HD side: its mode, whether it can be upgraded, and the pack it re-renders or that re-renders it. */
const PackHdQuery = graphql(`
  query PackHd($id: ID!) {
    generationJob(id: $id) {
      id
      mode
      modeNote
      hdUpgradeAvailable
      ...HdComparison_job
      upgradedFrom {
        id
        ...HdComparison_job
      }
      hdUpgrade {
        id
        ...HdComparison_job
      }
    }
  }
`);

/**
 * A pack as it happens, from the generationProgress subscription only (no polling): events apply
 * in sequence order, snapshots (first event, after a reconnect or a retry) replace the state.
 */
export function LivePackRoute(props: { packId: string; influencerId: string; hdModeUnlocked: boolean; onSettled?: () => void }) {
  const [pack, setPack] = createSignal<PackState | null>(null);
  const [hd, reexecuteHd] = createQuery({ query: PackHdQuery, variables: () => ({ id: props.packId }) });
  const rereadHd = () => reexecuteHd({ requestPolicy: 'network-only' });
  const hdJob = () => hd.data?.generationJob;
  const [size, setSize] = createSignal({ width: 768, height: 1360 });
  const [live, resubscribe] = createSubscription({ query: LivePackSubscription, variables: () => ({ jobId: props.packId }) }, (received: number | undefined, data) => {
    // Every event passes here once; the reducer decides what is stale. The urql store keeps only a
    // count: storing the event would let it merge later events into objects the pack state holds.
    const event = data.generationProgress;
    setSize({ width: event.job.width, height: event.job.height });
    setPack((state) => applyPackEvent(state, event));
    // An HD pack's side-by-side fills in as its images arrive; any pack's upgrade button needs it settled.
    if (
      event.__typename === 'JobCompleted' ||
      event.__typename === 'JobFailed' ||
      (hdJob()?.upgradedFrom && (event.__typename === 'ImageCompleted' || event.__typename === 'ImageScored'))
    )
      rereadHd();
    return (received ?? 0) + 1;
  });
  const threshold = createIdentityThreshold();
  const [cancelling, cancel] = createMutation(CancelMutation);
  const [retrying, retry] = createMutation(RetryMutation);

  const counts = () => {
    const p = pack();
    return p ? packCounts(p) : null;
  };
  const final = () => {
    const p = pack();
    return !!p && isFinal(p.status);
  };

  createEffect(on(final, (done) => done && props.onSettled?.(), { defer: true }));
  // HD mode unlocking while an old pack is open makes it upgradable.
  createEffect(on(() => props.hdModeUnlocked, rereadHd, { defer: true }));
  const [upgrading, upgradeToHd] = createUpgradeToHd();

  const onCancel = async () => {
    const r = await cancel({ input: { jobId: props.packId } });
    const payload = r.data?.cancelGeneration;
    if (payload?.__typename !== 'CancelGenerationPayload') return toastError('Could not cancel the pack', payload && 'message' in payload ? payload : r.error);
    setPack((state) => applyJob(state, payload.job));
    toast('info', 'Pack cancelled', 'Unfinished images were refunded.');
  };
  const onRetry = async () => {
    const r = await retry({ input: { jobId: props.packId } });
    const payload = r.data?.retryFailedImages;
    if (payload?.__typename !== 'RetryFailedImagesPayload') return toastError('Could not retry the failed images', payload && 'message' in payload ? payload : r.error);
    setPack((state) => applyJob(state, payload.job));
    // The previous subscription ended with the pack; follow the retry with a new one.
    resubscribe();
  };

  return (
    <div class="live-pack" data-testid="live-pack">
      <Switch>
        <Match when={live.error && !pack()}>
          <div class="output-empty" role="alert">
            <h2>Could not follow this pack</h2>
            <p class="muted">{live.error!.message.replace(/^\[(GraphQL|Network)\]\s*/, '')}</p>
          </div>
        </Match>
        <Match when={pack()}>
          {(state) => (
            <>
              <div class="live-pack__bar">
                <PackProgress status={state().status} counts={counts()!} />
                <Show when={hdJob()}>
                  {(job) => (
                    <span class={`badge ${job().mode === 'LORA' ? 'badge--hd' : 'badge--accent'}`} data-testid="pack-mode" data-mode={job().mode}>
                      {job().mode === 'LORA' ? 'HD (LoRA)' : 'Face reference'}
                    </span>
                  )}
                </Show>
                <div class="live-pack__actions">
                  <Show when={final() && hdJob()?.hdUpgradeAvailable}>
                    <button
                      type="button"
                      class="button button--primary"
                      data-testid="upgrade-to-hd"
                      disabled={upgrading.fetching}
                      onClick={() => void upgradeToHd(props.influencerId, props.packId)}
                    >
                      {upgrading.fetching ? 'Starting HD…' : 'Upgrade to HD'}
                    </button>
                  </Show>
                  <Show when={!final()}>
                    <button type="button" class="button button--ghost" onClick={() => void onCancel()} disabled={cancelling.fetching}>
                      {cancelling.fetching ? 'Cancelling…' : 'Cancel'}
                    </button>
                  </Show>
                  <Show when={final() && counts()!.completed > 0}>
                    <button type="button" class="button" onClick={() => downloadPack(props.packId)}>
                      Download pack
                    </button>
                  </Show>
                  <Show when={final() && counts()!.failed > 0}>
                    <button type="button" class="button" onClick={() => void onRetry()} disabled={retrying.fetching}>
                      {retrying.fetching ? 'Retrying…' : `Retry failed (${counts()!.failed})`}
                    </button>
                  </Show>
                </div>
              </div>
              <Show when={hdJob()?.modeNote}>
                {(note) => (
                  <p class="live-pack__note muted" data-testid="pack-mode-note">
                    {note()}
                  </p>
                )}
              </Show>
              <Show when={state().error && counts()!.failed > 0}>
                <div class="live-pack__error" role="alert">
                  <strong>{creatorError(state().error).title}</strong> — {creatorError(state().error).hint}
                  <details class="live-pack__technical">
                    <summary>Technical details</summary>
                    <code>{state().error}</code>
                  </details>
                </div>
              </Show>
              <div
                class="pack-grid"
                style={{
                  'grid-template-columns': `repeat(${Math.min(5, state().images.length)}, minmax(0, 1fr))`,
                  'max-width': `${Math.min(5, state().images.length) * 250}px`,
                }}
              >
                <Index each={state().images}>{(image) => <PackTile image={image()} width={size().width} height={size().height} threshold={threshold()} />}</Index>
              </div>
              <Show when={hdJob()?.upgradedFrom}>
                {(original) => <HdComparison influencerId={props.influencerId} original={original()} hd={hdJob()!} current="hd" threshold={threshold()} />}
              </Show>
              <Show when={!hdJob()?.upgradedFrom && hdJob()?.hdUpgrade}>
                {(upgrade) => <HdComparison influencerId={props.influencerId} original={hdJob()!} hd={upgrade()} current="original" threshold={threshold()} />}
              </Show>
            </>
          )}
        </Match>
        <Match when={true}>
          <div class="output-empty" aria-busy="true">
            <span class="spinner" aria-hidden="true" />
            <p class="muted">Connecting to the pack…</p>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
