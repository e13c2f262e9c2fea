import { Provider } from '@urql/solid';
import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../test/fake-api';
import { LoraPipelinePanel } from './lora-pipeline-panel';

const shot = (index: number, name: string, extra: { status?: string; replacements?: number; identityStatus?: string; identityScore?: number | null } = {}) => ({
  __typename: 'CharacterSheetShot',
  index,
  shot: name,
  status: extra.status ?? 'completed',
  replacements: extra.replacements ?? 0,
  error: null,
  asset:
    (extra.status ?? 'completed') === 'completed'
      ? {
          __typename: 'ImageAsset',
          id: `a-${index}`,
          thumbnailUrl: `http://files.test/${index}.webp`,
          identityScore: extra.identityScore ?? null,
          identityStatus: extra.identityStatus ?? 'PENDING',
        }
      : null,
});

const influencer = (status: string, lora: Record<string, unknown>) => ({
  __typename: 'Influencer',
  id: 'inf-1',
  loraStatus: status,
  lora: { __typename: 'InfluencerLora', status, stage: 'sheet', progress: 0, estimatedCompletionAt: null, error: null, sheet: null, training: null, ...lora },
});

function mount(data: ReturnType<typeof influencer>, handlers: Parameters<typeof fakeApi>[0] = {}) {
  const api = fakeApi({ IdentityCalibration: () => ({ identityCalibration: { __typename: 'IdentityCalibration', enabled: true, threshold: 0.5 } }), ...handlers });
  let retried = 0;
  render(() => (
    <Provider value={api.client}>
      <LoraPipelinePanel influencer={data as never} onRetried={() => retried++} />
    </Provider>
  ));
  return { api, retried: () => retried };
}

describe('LoraPipelinePanel', () => {
  it('shows each sheet shot with its score, "No face" for the back view, the replacements, and the ones still rendering', () => {
    mount(
      influencer('GENERATING_SHEETS', {
        sheet: {
          __typename: 'CharacterSheet',
          status: 'running',
          targetCount: 4,
          error: null,
          images: [
            shot(0, 'front_headshot', { identityStatus: 'MATCHED', identityScore: 0.86 }),
            shot(1, 'three_quarter_left', { identityStatus: 'MATCHED', identityScore: 0.71, replacements: 2 }),
            shot(2, 'back', { identityStatus: 'NO_FACE' }),
            shot(3, 'profile', { status: 'submitted' }),
          ],
        },
      }),
    );
    expect(screen.getByTestId('lora-sheet-count').textContent).toBe('Character sheet: 3 of 4 shots');
    const chips = Array.from(document.querySelectorAll('[data-testid=sheet-shot] .identity-chip')).map((c) => c.textContent);
    expect(chips).toEqual(['☺0.86', '☺0.71', 'No face']);
    expect(screen.getByTestId('sheet-shot-replaced').textContent).toBe('replaced ×2');
    expect(screen.getByText('Three quarter left')).toBeTruthy();
    expect(document.querySelector('[data-shot=profile]')!.textContent).toContain('Rendering…');
    expect(document.querySelector('[data-step=sheet]')!.getAttribute('aria-current')).toBe('step');
  });

  it('shows the training bar with the stage in words and the time left', () => {
    mount(
      influencer('TRAINING', {
        stage: 'training',
        estimatedCompletionAt: new Date(Date.now() + 185_000).toISOString(),
        training: { __typename: 'LoraTraining', status: 'running', stage: 'training', steps: 700, step: 210, error: null },
      }),
    );
    expect(screen.getByText('Training the face')).toBeTruthy();
    expect(screen.getByTestId('lora-training-steps').textContent).toBe('step 210 of 700');
    expect(screen.getByTestId('lora-eta').textContent).toContain('about 3 min left');
    expect(screen.getByRole('progressbar', { name: 'Training progress' }).getAttribute('aria-valuenow')).toBe('210');
  });

  it('on failure shows why, and Retry calls retrainLora once (disabled while it runs), showing a typed error', async () => {
    const { api, retried } = mount(influencer('FAILED', { error: 'Only 4 usable sheet images (6 needed).', sheet: null }), {
      RetrainLoraPanel: () => ({ retrainLora: { __typename: 'InvalidInput', message: 'The LoRA is already being trained.' } }),
    });
    expect(screen.getByRole('alert').textContent).toContain('Only 4 usable sheet images (6 needed).');
    const retry = screen.getByTestId('lora-retry') as HTMLButtonElement;
    fireEvent.click(retry);
    expect(retry.disabled).toBe(true);
    await waitFor(() => expect(screen.getByText('The LoRA is already being trained.')).toBeTruthy());
    expect(retry.disabled).toBe(false);
    expect(api.callsOf('RetrainLoraPanel')).toEqual([{ input: { influencerId: 'inf-1' } }]);
    expect(retried()).toBe(0);
  });
});
