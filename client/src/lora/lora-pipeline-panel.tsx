import { createMutation } from '@urql/solid';
import { For, Show, createSignal, onCleanup } from 'solid-js';
import { graphql, useFragment, type FragmentType } from '../generated';
import { SIMULATED_SCORES_NOTE } from '../identity/identity-band';
import { createIdentityThreshold } from '../identity/identity-calibration';
import { toast, toastError } from '../ui/toasts';
import { formatEta, pipelineSteps, trainerStageText } from './pipeline';
import { SheetShotTile } from './sheet-shot-tile';

export const LoraPipelineFragment = graphql(`
  fragment LoraPipeline_influencer on Influencer {
    id
    loraStatus
    lora {
      status
      stage
      progress
      estimatedCompletionAt
      error
      sheet {
        status
        targetCount
        error
        images {
          index
          status
          asset {
            id
            identityStatus
          }
          ...SheetShotTile_shot
        }
      }
      training {
        status
        stage
        steps
        step
        error
      }
    }
  }
`);

const RetrainLoraMutation = graphql(`
  mutation RetrainLoraPanel($input: RetrainLoraInput!) {
    retrainLora(input: $input) {
      __typename
      ... on RetrainLoraPayload {
        influencer {
          id
          loraStatus
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/**
 * The HD mode pipeline on the profile: sheet → training → HD with the current step marked, the
 * sheet's shots with their identity scores as they arrive, the training's progress and ETA, and
 * on failure the reason with Retry. The route re-reads the fragment on every influencer event.
 */
export function LoraPipelinePanel(props: { influencer: FragmentType<typeof LoraPipelineFragment>; onRetried: () => void }) {
  const influencer = () => useFragment(LoraPipelineFragment, props.influencer);
  const lora = () => influencer().lora;
  const threshold = createIdentityThreshold();
  const steps = () => pipelineSteps({ status: lora().status, sheetStatus: lora().sheet?.status, trainingStatus: lora().training?.status });
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 5000);
  onCleanup(() => clearInterval(tick));
  const eta = () => formatEta(lora().estimatedCompletionAt, now());
  const sheetDone = () => lora().sheet?.images.filter((i) => i.status === 'completed' && i.asset?.identityStatus !== 'PENDING').length ?? 0;
  const [retrying, retrain] = createMutation(RetrainLoraMutation);
  const [retryError, setRetryError] = createSignal<string | null>(null);
  const failure = () => lora().error ?? lora().training?.error ?? lora().sheet?.error ?? 'The LoRA could not be made.';

  const onRetry = async () => {
    setRetryError(null);
    const r = await retrain({ input: { influencerId: influencer().id } });
    const payload = r.data?.retrainLora;
    if (payload?.__typename !== 'RetrainLoraPayload') {
      const error = payload && 'message' in payload ? payload : r.error;
      setRetryError(error?.message?.replace(/^\[(GraphQL|Network)\]\s*/, '') ?? 'Something went wrong.');
      return toastError('Could not restart the LoRA', error);
    }
    toast('info', 'LoRA restarted', 'The pipeline picks up from what is missing.');
    props.onRetried();
  };

  return (
    <section class="card stack lora-pipeline" aria-label="HD mode pipeline" data-testid="lora-pipeline" data-status={lora().status}>
      <div class="section-header">
        <h2 class="section-title">HD mode</h2>
        <Show when={lora().status === 'READY'}>
          <span class="badge badge--hd" data-testid="lora-ready">
            HD ready
          </span>
        </Show>
      </div>
      <ol class="lora-steps">
        <For each={steps()}>
          {(step) => (
            <li
              class={`lora-steps__step lora-steps__step--${step.state}`}
              data-step={step.key}
              data-state={step.state}
              aria-current={step.state === 'current' ? 'step' : undefined}
            >
              <span class="lora-steps__dot" aria-hidden="true" />
              {step.label}
            </li>
          )}
        </For>
      </ol>
      <Show when={lora().status === 'PENDING'}>
        <p class="muted">HD mode starts on its own once a base image is saved: a character sheet, then a LoRA trained on it.</p>
      </Show>
      <Show when={lora().status === 'FAILED'}>
        <div class="lora-pipeline__error" role="alert">
          <p>
            <strong>HD mode failed.</strong> {failure()} Face reference keeps working.
          </p>
          <button type="button" class="button" data-testid="lora-retry" disabled={retrying.fetching} onClick={() => void onRetry()}>
            {retrying.fetching ? 'Retrying…' : 'Retry'}
          </button>
          <Show when={retryError()}>
            <p class="field__error">{retryError()}</p>
          </Show>
        </div>
      </Show>
      <Show when={lora().status === 'TRAINING' && lora().training}>
        {(training) => (
          <div class="lora-training" data-testid="lora-training">
            <div class="lora-training__line">
              <strong>{trainerStageText(lora().stage)}</strong>
              <span class="muted" data-testid="lora-training-steps">
                step {training().step} of {training().steps}
              </span>
              <Show when={eta()}>
                <span class="muted" data-testid="lora-eta">
                  · {eta()}
                </span>
              </Show>
            </div>
            <div
              class="progress-bar"
              role="progressbar"
              aria-label="Training progress"
              aria-valuemin={0}
              aria-valuemax={training().steps}
              aria-valuenow={training().step}
              aria-valuetext={`step ${training().step} of ${training().steps}${eta() ? `, ${eta()}` : ''}`}
            >
              <span class="progress-bar__done" style={{ width: `${(100 * training().step) / Math.max(1, training().steps)}%` }} />
            </div>
          </div>
        )}
      </Show>
      <Show when={lora().sheet}>
        {(sheet) => (
          <div class="stack lora-sheet">
            <p class="muted" data-testid="lora-sheet-count">
              Character sheet: {sheetDone()} of {sheet().targetCount} shots
            </p>
            <div class="lora-sheet__grid">
              <For each={sheet().images}>{(shot) => <SheetShotTile shot={shot} threshold={threshold()} />}</For>
            </div>
            <p class="muted lora-sheet__note">
              On the local GPU the sheet and the training are simulated (a real .safetensors file in seconds); on RunPod a training takes about 20–30 minutes.{' '}
              {SIMULATED_SCORES_NOTE}
            </p>
          </div>
        )}
      </Show>
    </section>
  );
}
