import { Provider } from '@urql/solid';
import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { beforeEach, describe, expect, it } from 'vitest';
import { ToastRegion } from '../ui/toast-region';
import { fakeApi } from '../test/fake-api';
import { studioHandlers } from '../test/studio-fixtures';
import { StudioRoute } from './studio-route';

function mount(options: Parameters<typeof studioHandlers>[0]) {
  const api = fakeApi(studioHandlers(options));
  render(() => (
    <Provider value={api.client}>
      <StudioRoute influencerId="inf-1" packId={undefined} />
      <ToastRegion />
    </Provider>
  ));
  return api;
}

const cost = () => screen.getByTestId('cost-total').textContent;
const radio = (name: string | RegExp) => screen.getByRole('radio', { name }) as HTMLInputElement;
const generate = () => screen.getByRole('button', { name: /^Generate/ }) as HTMLButtonElement;
const events = (api: ReturnType<typeof fakeApi>) =>
  api.callsOf('TrackEvent').map((v) => {
    const input = v.input as { name: string; influencerId: string; properties: Record<string, unknown> };
    return [input.name, input.influencerId, input.properties];
  });

beforeEach(() => window.history.replaceState(null, '', '/influencers/inf-1/studio'));

describe('StudioRoute: cost', () => {
  it('shows the exact quote of the chosen options and follows every change', async () => {
    const api = mount({ balance: 100 });
    await waitFor(() => expect(cost()).toBe('5 credits'));
    expect(screen.getByText('5 images × 1 credit')).toBeTruthy();
    expect(screen.getByTestId('balance').textContent).toBe('100 credits → 95 after');

    fireEvent.click(radio(/^HQ/));
    await waitFor(() => expect(cost()).toBe('15 credits'));
    fireEvent.click(radio('10'));
    await waitFor(() => expect(cost()).toBe('30 credits'));
    fireEvent.click(radio(/^Draft/));
    await waitFor(() => expect(cost()).toBe('10 credits'));
    // Back to options quoted before: the cached quote must still be that quote.
    fireEvent.click(radio('5'));
    await waitFor(() => expect(cost()).toBe('5 credits'));
    fireEvent.click(radio(/^1:1/));
    await waitFor(() => expect(api.callsOf('StudioQuote').at(-1)).toEqual({ input: { aspectRatio: 'SQUARE_1_1', quality: 'DRAFT', count: 5 } }));
    expect(generate().disabled).toBe(false);
    expect(generate().textContent).toBe('Generate 5 images');
  });

  it('disables Generate with the reason when the balance does not cover the pack', async () => {
    mount({ balance: 12 });
    await waitFor(() => expect(cost()).toBe('5 credits'));
    expect(generate().disabled).toBe(false);
    fireEvent.click(radio(/^HQ/));
    await waitFor(() => expect(cost()).toBe('15 credits'));
    expect(generate().disabled).toBe(true);
    expect(screen.getByText('Not enough credits: this pack costs 15, you have 12.')).toBeTruthy();
    fireEvent.click(radio('1'));
    await waitFor(() => expect(generate().disabled).toBe(false));
    expect(screen.queryByText(/Not enough credits/)).toBeNull();
  });

  it('asks for a base image before the first pack', async () => {
    mount({ balance: 100, baseImage: false });
    await waitFor(() => expect(screen.getByText('Upload a base image for this influencer first.')).toBeTruthy());
    expect(generate().disabled).toBe(true);
  });
});

describe('StudioRoute: choices, analytics and Generate', () => {
  it('starts on the defaults and records studio_opened, scene, environment and outfit events', async () => {
    const api = mount({ balance: 100 });
    await waitFor(() => expect(radio(/Professional portrait/).checked).toBe(true));
    expect(radio(/^Studio/).checked).toBe(true);
    expect(radio(/^Keep current/).checked).toBe(true);
    expect(radio(/^9:16/).checked).toBe(true);
    expect(radio(/^Draft/).checked).toBe(true);
    expect(radio('5').checked).toBe(true);
    await waitFor(() => expect(events(api)).toEqual([['studio_opened', 'inf-1', { lora_status: 'pending' }]]));

    fireEvent.click(radio(/Fashion editorial/));
    fireEvent.click(radio(/Urban Street/));
    fireEvent.click(radio(/^Change/));
    // Picking the current outfit is no change; another one is.
    fireEvent.click(radio(/^White tee & jeans/));
    fireEvent.click(radio(/Leather jacket/));
    fireEvent.click(radio(/^Keep current/));
    expect(screen.getByTestId('pack-recipe').textContent).toBe('Fashion editorial · Urban Street · White tee & jeans · 9:16');
    await waitFor(() => expect(events(api)).toHaveLength(4));
    expect(events(api).slice(1)).toEqual([
      ['scene_selected', 'inf-1', { scene: 'fashion_editorial' }],
      ['environment_selected', 'inf-1', { environment: 'urban_street' }],
      ['outfit_changed', 'inf-1', { outfit: 'leather_jacket' }],
    ]);
  });

  it('generates with the chosen options, the outfit for this pack only, and opens the live pack', async () => {
    const api = mount({ balance: 100 });
    await waitFor(() => expect(cost()).toBe('5 credits'));
    fireEvent.click(radio(/Beach day/));
    fireEvent.click(radio(/^Change/));
    fireEvent.click(radio(/Bikini/));
    expect(screen.getByTestId('pack-recipe').textContent).toBe('Beach day · Studio · Bikini · 9:16');
    fireEvent.click(generate());
    await waitFor(() => expect(api.callsOf('GeneratePack')).toHaveLength(1));
    const { input } = api.callsOf('GeneratePack')[0] as { input: Record<string, unknown> };
    expect(input).toEqual({
      influencerId: 'inf-1',
      scene: 'beach_day',
      environment: 'studio',
      outfit: 'bikini',
      aspectRatio: 'PORTRAIT_9_16',
      quality: 'DRAFT',
      count: 5,
      nsfw: false,
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    await waitFor(() => expect(window.location.pathname).toBe('/influencers/inf-1/studio/packs/job-9'));
  });

  it('keeps the current outfit when "Change" has no pick yet, and sends no outfit', async () => {
    const api = mount({ balance: 100 });
    await waitFor(() => expect(cost()).toBe('5 credits'));
    fireEvent.click(radio(/^Change/));
    expect(screen.getByText('Pick an outfit; until then the current one is used.')).toBeTruthy();
    fireEvent.click(generate());
    await waitFor(() => expect(api.callsOf('GeneratePack')).toHaveLength(1));
    expect((api.callsOf('GeneratePack')[0] as { input: Record<string, unknown> }).input.outfit).toBeUndefined();
  });

  it('offers NSFW only when the influencer allows it, on by default, with the NSFW-only outfits', async () => {
    const api = mount({ balance: 100, nsfwEnabled: true });
    const nsfw = (await screen.findByRole('switch', { name: /NSFW/ })) as HTMLInputElement;
    expect(nsfw.checked).toBe(true);
    await waitFor(() => expect(cost()).toBe('5 credits'));
    fireEvent.click(radio(/^Change/));
    fireEvent.click(radio(/Lingerie/));
    // Switching NSFW off hides the NSFW-only outfit and drops it from the pack.
    fireEvent.click(nsfw);
    expect(nsfw.checked).toBe(false);
    expect(screen.queryByRole('radio', { name: /Lingerie/ })).toBeNull();
    fireEvent.click(generate());
    await waitFor(() => expect(api.callsOf('GeneratePack')).toHaveLength(1));
    const { input } = api.callsOf('GeneratePack')[0] as { input: Record<string, unknown> };
    expect(input.nsfw).toBe(false);
    expect(input.outfit).toBeUndefined();
  });

  it('keeps NSFW off and disabled, saying why, until the viewer confirms being an adult', async () => {
    const api = mount({ balance: 100, nsfwEnabled: true, adultConfirmed: false });
    await waitFor(() => expect(cost()).toBe('5 credits'));
    const nsfw = screen.getByRole('switch', { name: /NSFW/ }) as HTMLInputElement;
    expect(nsfw.checked).toBe(false);
    expect(nsfw.disabled).toBe(true);
    const hint = document.getElementById('studio-nsfw-hint')!;
    expect(hint.textContent).toMatch(/Confirm you are 18 or older in Settings/);
    expect(hint.querySelector('a')?.getAttribute('href')).toBe('/settings'); // the hint links to Settings
    fireEvent.click(generate());
    await waitFor(() => expect(api.callsOf('GeneratePack')).toHaveLength(1));
    expect((api.callsOf('GeneratePack')[0] as { input: { nsfw: boolean } }).input.nsfw).toBe(false);
  });

  it('shows no NSFW control for an influencer that does not allow it', async () => {
    mount({ balance: 100 });
    await waitFor(() => expect(cost()).toBe('5 credits'));
    expect(screen.queryByRole('switch', { name: /NSFW/ })).toBeNull();
    fireEvent.click(radio(/^Change/));
    expect(screen.queryByRole('radio', { name: /Lingerie/ })).toBeNull();
  });
});

describe('StudioRoute: HD mode', () => {
  it('shows the HD badge in the header as soon as HD mode unlocks, without a reload; progress events re-read nothing', async () => {
    const options: Parameters<typeof studioHandlers>[0] = { balance: 100 };
    const api = fakeApi(studioHandlers(options));
    render(() => (
      <Provider value={api.client}>
        <StudioRoute influencerId="inf-1" packId={undefined} />
      </Provider>
    ));
    await waitFor(() => expect(api.subscription('InfluencerEvents')).toBeDefined());
    expect(api.subscription('InfluencerEvents')!.variables).toEqual({ influencerId: 'inf-1' });
    await screen.findByText('Mia Laurent');
    expect(screen.queryByTestId('studio-hd-badge')).toBeNull();
    const studioReads = api.callsOf('Studio').length;
    const influencerNow = { __typename: 'Influencer', id: 'inf-1', faceMode: 'FACE_REF', loraStatus: 'TRAINING', hdModeUnlocked: false };
    api.subscription('InfluencerEvents')!.push({ influencerEvents: { __typename: 'LoraTrainingProgress', loraStatus: 'TRAINING', influencer: influencerNow } });
    await new Promise((r) => setTimeout(r, 50));
    expect(api.callsOf('Studio').length).toBe(studioReads);

    options.hd = true;
    api.subscription('InfluencerEvents')!.push({
      influencerEvents: { __typename: 'HdModeUnlocked', loraStatus: 'READY', influencer: { ...influencerNow, faceMode: 'LORA', loraStatus: 'READY', hdModeUnlocked: true } },
    });
    expect((await screen.findByTestId('studio-hd-badge')).textContent).toBe('HD');
    expect(api.callsOf('Studio').length).toBeGreaterThan(studioReads);
  });
});
