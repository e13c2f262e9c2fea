import { Provider } from '@urql/solid';
import { render, screen, waitFor } from '@solidjs/testing-library';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../test/fake-api';
import { ToastRegion } from '../ui/toast-region';
import { dismiss, toasts } from '../ui/toasts';
import { announceHdUnlocks } from './hd-unlock-toasts';

function Announcer() {
  announceHdUnlocks();
  return null;
}

function mount() {
  const api = fakeApi({ TrackEvent: () => ({ trackEvent: { __typename: 'TrackEventPayload' } }) });
  render(() => (
    <Provider value={api.client}>
      <Announcer />
      <ToastRegion />
    </Provider>
  ));
  return api;
}

const unlocked = (id: string, name: string, completedAt: string) => ({
  influencerEvents: {
    __typename: 'HdModeUnlocked',
    loraStatus: 'READY',
    influencer: {
      __typename: 'Influencer',
      id,
      name,
      faceMode: 'LORA',
      loraStatus: 'READY',
      hdModeUnlocked: true,
      lora: { __typename: 'InfluencerLora', training: { __typename: 'LoraTraining', completedAt } },
    },
  },
});

beforeEach(() => {
  window.localStorage.clear();
  for (const t of toasts()) dismiss(t.id);
});

describe('the shell announces HD mode', () => {
  it('follows every influencer, toasts once per unlock with a link to the studio, and records that it was shown', async () => {
    const api = mount();
    await waitFor(() => expect(api.subscription('ShellInfluencerEvents')).toBeDefined());
    expect(api.subscription('ShellInfluencerEvents')!.variables).toEqual({});
    api.subscription('ShellInfluencerEvents')!.push(unlocked('inf-1', 'Mia Laurent', '2026-12-03T12:00:00.000Z'));
    await screen.findByText('HD mode unlocked for Mia Laurent');
    expect(screen.getByRole('link', { name: 'Open the studio' }).getAttribute('href')).toBe('/influencers/inf-1/studio');
    await waitFor(() => expect(api.callsOf('TrackEvent')).toHaveLength(1));
    expect(api.callsOf('TrackEvent')[0]).toEqual({ input: { name: 'hd_mode_unlocked_notification', influencerId: 'inf-1', properties: { lora_status: 'ready' } } });

    // The same unlock again (a second tab, a replay): no second toast, no second event.
    api.subscription('ShellInfluencerEvents')!.push(unlocked('inf-1', 'Mia Laurent', '2026-12-03T12:00:00.000Z'));
    api.subscription('ShellInfluencerEvents')!.push(unlocked('inf-2', 'Noa Berg', '2026-12-03T12:05:00.000Z'));
    await screen.findByText('HD mode unlocked for Noa Berg');
    expect(screen.getAllByText(/^HD mode unlocked for Mia Laurent$/)).toHaveLength(1);
    await waitFor(() => expect(api.callsOf('TrackEvent')).toHaveLength(2));
  });

  it('does not announce an unlock this browser already showed (after a reload)', async () => {
    window.localStorage.setItem('content-studio.hd-unlocks-seen', JSON.stringify(['inf-1@2026-12-03T12:00:00.000Z']));
    const api = mount();
    await waitFor(() => expect(api.subscription('ShellInfluencerEvents')).toBeDefined());
    api.subscription('ShellInfluencerEvents')!.push(unlocked('inf-1', 'Mia Laurent', '2026-12-03T12:00:00.000Z'));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByText('HD mode unlocked for Mia Laurent')).toBeNull();
    expect(api.callsOf('TrackEvent')).toHaveLength(0);
  });
});
