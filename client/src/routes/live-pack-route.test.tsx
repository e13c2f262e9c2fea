import { Provider } from '@urql/solid';
import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../test/fake-api';
import { image, job, statuses } from '../test/fixtures';
import { LivePackRoute } from './live-pack-route';

const event = (typename: string, sequence: number, j: ReturnType<typeof job>, img?: ReturnType<typeof image>) => ({
  generationProgress: { __typename: typename, sequence, job: j, ...(img ? { image: img } : {}) },
});

function mount(handlers: Parameters<typeof fakeApi>[0] = {}) {
  const api = fakeApi(handlers);
  let settled = 0;
  render(() => (
    <Provider value={api.client}>
      <LivePackRoute packId="job-1" influencerId="inf-1" hdModeUnlocked={false} onSettled={() => settled++} />
    </Provider>
  ));
  return { api, settled: () => settled };
}

const progress = () => screen.getByTestId('pack-progress').textContent;
const tiles = () => Array.from(document.querySelectorAll('.pack-tile')).map((t) => t.getAttribute('data-status'));

describe('LivePackRoute', () => {
  it('shows placeholders from the snapshot and fills them in as events arrive, ignoring stale ones', async () => {
    const { api, settled } = mount();
    await waitFor(() => expect(api.subscription('LivePack')).toBeDefined());
    const sub = api.subscription('LivePack')!;
    expect(sub.variables).toEqual({ jobId: 'job-1' });

    sub.push(event('GenerationSnapshot', 1, job(1, 'QUEUED', statuses('QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED'))));
    await waitFor(() => expect(progress()).toBe('0 of 5'));
    expect(tiles()).toEqual(['QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED']);

    sub.push(event('ImageCompleted', 2, job(2, 'RUNNING', []), image(2, 'COMPLETED')));
    sub.push(event('ImageCompleted', 3, job(3, 'RUNNING', []), image(0, 'COMPLETED')));
    await waitFor(() => expect(progress()).toBe('2 of 5'));
    // A duplicate of event 2 and a late snapshot change nothing.
    sub.push(event('ImageCompleted', 2, job(2, 'RUNNING', []), image(2, 'COMPLETED')));
    sub.push(event('GenerationSnapshot', 1, job(1, 'QUEUED', statuses('QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED'))));
    expect(progress()).toBe('2 of 5');
    expect(tiles()).toEqual(['COMPLETED', 'QUEUED', 'COMPLETED', 'QUEUED', 'QUEUED']);
    expect(screen.getByRole('img', { name: 'Image 3' }).getAttribute('src')).toBe('http://files.test/2.webp');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    expect(settled()).toBe(0);
  });

  it('replaces its state from the snapshot a reconnect delivers', async () => {
    const { api } = mount();
    await waitFor(() => expect(api.subscription('LivePack')).toBeDefined());
    const sub = api.subscription('LivePack')!;
    sub.push(event('GenerationSnapshot', 1, job(1, 'RUNNING', statuses('SUBMITTED', 'QUEUED', 'QUEUED'))));
    sub.push(event('ImageCompleted', 2, job(2, 'RUNNING', []), image(0, 'COMPLETED')));
    await waitFor(() => expect(progress()).toBe('1 of 3'));
    // The API restarted: graphql-ws re-subscribes on the same sink, which starts with a snapshot.
    sub.push(event('GenerationSnapshot', 7, job(7, 'RUNNING', statuses('COMPLETED', 'COMPLETED', 'SUBMITTED'))));
    await waitFor(() => expect(progress()).toBe('2 of 3'));
    expect(tiles()).toEqual(['COMPLETED', 'COMPLETED', 'SUBMITTED']);
    expect(screen.getByText('Rendering…')).toBeTruthy();
  });

  it('shows failed tiles with their error and retries them with a new subscription', async () => {
    const retried = job(7, 'QUEUED', [image(0, 'COMPLETED'), image(1, 'QUEUED')]);
    const { api, settled } = mount({ RetryPack: () => ({ retryFailedImages: { __typename: 'RetryFailedImagesPayload', job: retried } }) });
    await waitFor(() => expect(api.subscription('LivePack')).toBeDefined());
    const first = api.subscription('LivePack')!;
    const failedImage = image(1, 'FAILED', { error: 'The GPU job failed permanently.' });
    first.push(event('GenerationSnapshot', 4, job(4, 'RUNNING', [image(0, 'COMPLETED'), image(1, 'SUBMITTED')])));
    first.push(event('ImageFailed', 5, job(5, 'RUNNING', []), failedImage));
    first.push(event('JobCompleted', 6, job(6, 'PARTIAL', [image(0, 'COMPLETED'), failedImage])));
    first.complete();
    await waitFor(() => expect(screen.getByTestId('pack-status').textContent).toBe('Partly complete'));
    expect(progress()).toBe('1 of 2');
    expect(screen.getAllByText('The GPU job failed permanently.').length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(settled()).toBe(1);

    fireEvent.click(screen.getByRole('button', { name: 'Retry failed (1)' }));
    await waitFor(() => expect(api.callsOf('RetryPack')).toEqual([{ input: { jobId: 'job-1' } }]));
    // The retried pack (sequence 7) applies at once; a new subscription follows it.
    await waitFor(() => expect(screen.getByTestId('pack-status').textContent).toBe('Queued'));
    expect(tiles()).toEqual(['COMPLETED', 'QUEUED']);
    await waitFor(() => expect(api.subscriptions.filter((s) => s.operationName === 'LivePack')).toHaveLength(2));
    const second = api.subscription('LivePack')!;
    second.push(event('GenerationSnapshot', 7, job(7, 'QUEUED', [image(0, 'COMPLETED'), image(1, 'QUEUED')])));
    second.push(event('GenerationSnapshot', 8, job(8, 'RUNNING', [image(0, 'COMPLETED'), image(1, 'SUBMITTED')])));
    await waitFor(() => expect(screen.getByTestId('pack-status').textContent).toBe('Generating'));
    second.push(event('ImageCompleted', 9, job(9, 'RUNNING', []), image(1, 'COMPLETED')));
    second.push(event('JobCompleted', 10, job(10, 'COMPLETED', [image(0, 'COMPLETED'), image(1, 'COMPLETED')])));
    await waitFor(() => expect(screen.getByTestId('pack-status').textContent).toBe('Complete'));
    expect(progress()).toBe('2 of 2');
    expect(settled()).toBe(2);
  });

  it('cancels a running pack', async () => {
    const cancelled = job(3, 'CANCELLED', [image(0, 'CANCELLED'), image(1, 'CANCELLED')]);
    const { api } = mount({ CancelPack: () => ({ cancelGeneration: { __typename: 'CancelGenerationPayload', job: cancelled } }) });
    await waitFor(() => expect(api.subscription('LivePack')).toBeDefined());
    api.subscription('LivePack')!.push(event('GenerationSnapshot', 1, job(1, 'QUEUED', statuses('QUEUED', 'QUEUED'))));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.getByTestId('pack-status').textContent).toBe('Cancelled'));
    expect(api.callsOf('CancelPack')).toEqual([{ input: { jobId: 'job-1' } }]);
    expect(tiles()).toEqual(['CANCELLED', 'CANCELLED']);
  });

  it('shows score chips as images are scored, and a re-render of a drifted face until its new image arrives', async () => {
    const { api } = mount({ IdentityCalibration: () => ({ identityCalibration: { __typename: 'IdentityCalibration', enabled: true, threshold: 0.55 } }) });
    await waitFor(() => expect(api.subscription('LivePack')).toBeDefined());
    const sub = api.subscription('LivePack')!;
    sub.push(event('GenerationSnapshot', 1, job(1, 'RUNNING', statuses('SUBMITTED', 'SUBMITTED', 'SUBMITTED'))));
    sub.push(event('ImageCompleted', 2, job(2, 'RUNNING', []), image(0, 'COMPLETED')));
    const chip = (i: number) => document.querySelectorAll('.pack-tile')[i]!.querySelector('.identity-chip');
    await waitFor(() => expect(chip(0)?.textContent).toBe('scoring…'));

    sub.push(event('ImageScored', 3, job(3, 'RUNNING', []), image(0, 'COMPLETED', { identityScore: 0.86, identityStatus: 'MATCHED' })));
    await waitFor(() => expect(chip(0)?.getAttribute('data-band')).toBe('strong'));
    expect(chip(0)!.textContent).toContain('0.86');
    expect(chip(0)!.getAttribute('title')).toMatch(/match at ≥ 0\.55.*real face model/);

    // Image 2's face drifted (under this API's threshold of 0.55): it goes back to the queue with the reason.
    sub.push(event('ImageCompleted', 4, job(4, 'RUNNING', []), image(1, 'COMPLETED', { assetId: 'drifted' })));
    sub.push(event('ImageScored', 5, job(5, 'RUNNING', []), image(1, 'COMPLETED', { assetId: 'drifted', identityScore: 0.52, identityStatus: 'DRIFTED' })));
    await waitFor(() => expect(chip(1)?.getAttribute('data-band')).toBe('drift'));
    sub.push(event('ImageRerendering', 6, job(6, 'RUNNING', []), image(1, 'QUEUED', { rerenderReason: "face didn't match" })));
    await waitFor(() => expect(screen.getByTestId('rerendering').textContent).toBe("re-rendering: face didn't match"));
    expect(screen.getByRole('figure', { name: "Image 2: re-rendering, face didn't match" })).toBeTruthy();
    sub.push(event('ImageStarted', 7, job(7, 'RUNNING', []), image(1, 'SUBMITTED', { rerenderReason: "face didn't match" })));
    sub.push(event('ImageCompleted', 8, job(8, 'RUNNING', []), image(1, 'COMPLETED', { assetId: 'rerendered' })));
    await waitFor(() => expect(screen.queryByTestId('rerendering')).toBeNull());
    expect(screen.getByRole('img', { name: 'Image 2' }).getAttribute('src')).toBe('http://files.test/1.webp');
    expect(chip(1)!.textContent).toBe('scoring…');
    sub.push(event('ImageScored', 9, job(9, 'RUNNING', []), image(1, 'COMPLETED', { assetId: 'rerendered', identityScore: 0.7, identityStatus: 'MATCHED' })));
    await waitFor(() => expect(chip(1)?.getAttribute('data-band')).toBe('match'));

    // A back view has no face: no number, by design.
    sub.push(event('ImageCompleted', 10, job(10, 'RUNNING', []), image(2, 'COMPLETED', { identityStatus: 'NO_FACE' })));
    await waitFor(() => expect(chip(2)?.textContent).toBe('No face'));
  });
});

describe('LivePackRoute: HD', () => {
  const scored = (index: number, score: number, assetId: string) => image(index, 'COMPLETED', { assetId, identityScore: score, identityStatus: 'MATCHED' });
  const hdSide = (id: string, mode: 'FACE_REF' | 'LORA', images: ReturnType<typeof image>[]) => ({ __typename: 'GenerationJob', id, mode, images });

  it('offers "Upgrade to HD" on a finished face-reference pack once it is available, and opens the HD pack', async () => {
    let available = false;
    const { api } = mount({
      PackHd: () => ({
        generationJob: {
          ...hdSide('job-1', 'FACE_REF', [scored(0, 0.7, 'a-0')]),
          modeNote: 'Face reference: this character has no Z-Image LoRA yet.',
          hdUpgradeAvailable: available,
          upgradedFrom: null,
          hdUpgrade: null,
        },
      }),
      UpgradePackToHd: () => ({
        upgradePackToHd: {
          __typename: 'UpgradePackToHdPayload',
          created: true,
          job: { __typename: 'GenerationJob', id: 'job-hd', upgradedFrom: { __typename: 'GenerationJob', id: 'job-1', hdUpgradeAvailable: false } },
        },
      }),
      Credits: () => ({ viewer: { __typename: 'Viewer', id: 'me', credits: 10, adultConfirmed: true } }),
    });
    await waitFor(() => expect(api.subscription('LivePack')).toBeDefined());
    api.subscription('LivePack')!.push(event('JobCompleted', 3, job(3, 'COMPLETED', [scored(0, 0.7, 'a-0')])));
    await waitFor(() => expect(screen.getByTestId('pack-mode').textContent).toBe('Face reference'));
    expect(screen.getByTestId('pack-mode-note').textContent).toBe('Face reference: this character has no Z-Image LoRA yet.');
    expect(screen.queryByTestId('upgrade-to-hd')).toBeNull();
    // The LoRA becomes ready: the pack is read again (the studio passes hdModeUnlocked; here the settle re-read).
    available = true;
    api.subscription('LivePack')!.push(event('JobCompleted', 4, job(4, 'COMPLETED', [scored(0, 0.7, 'a-0')])));
    fireEvent.click(await screen.findByTestId('upgrade-to-hd'));
    await waitFor(() => expect(window.location.pathname).toBe('/influencers/inf-1/studio/packs/job-hd'));
    expect(api.callsOf('UpgradePackToHd')[0]).toMatchObject({ input: { jobId: 'job-1', idempotencyKey: expect.any(String) } });
  });

  it('pairs each original with its HD re-render, with scores, linking back to the original pack', async () => {
    const { api } = mount({
      PackHd: () => ({
        generationJob: {
          ...hdSide('job-1', 'LORA', [scored(0, 0.91, 'hd-0'), image(1, 'SUBMITTED')]),
          modeNote: null,
          hdUpgradeAvailable: false,
          upgradedFrom: hdSide('job-0', 'FACE_REF', [scored(0, 0.62, 'fr-0'), scored(1, 0.58, 'fr-1')]),
          hdUpgrade: null,
        },
      }),
    });
    await waitFor(() => expect(api.subscription('LivePack')).toBeDefined());
    api.subscription('LivePack')!.push(event('GenerationSnapshot', 1, job(1, 'RUNNING', [scored(0, 0.91, 'hd-0'), image(1, 'SUBMITTED')])));
    const pairs = await screen.findAllByTestId('hd-pair');
    expect(pairs).toHaveLength(2);
    expect(Array.from(pairs[0]!.querySelectorAll('.identity-chip')).map((c) => c.textContent)).toEqual(['☺0.62', '☺0.91']);
    expect(pairs[1]!.textContent).toContain('Rendering…');
    expect(screen.getByTestId('open-original-pack').getAttribute('href')).toBe('/influencers/inf-1/studio/packs/job-0');
    expect(screen.getByTestId('pack-mode').textContent).toBe('HD (LoRA)');
  });
});
