import { createSubscription, useClient } from '@urql/solid';
import { onCleanup } from 'solid-js';
import { graphql } from '../generated';
import { toast } from '../ui/toasts';
import { track } from './analytics';
import { firstSightOfUnlock, unlockKey } from './hd-unlock-notice';

const AllInfluencerEventsSubscription = graphql(`
  subscription ShellInfluencerEvents {
    influencerEvents {
      __typename
      loraStatus
      influencer {
        id
        name
        faceMode
        loraStatus
        hdModeUnlocked
        lora {
          training {
            completedAt
          }
        }
      }
    }
  }
`);

/**
 * Follows every influencer of the creator from the shell: when HD mode unlocks, wherever the
 * creator is, one toast links to that influencer's studio — once per unlock (remembered across
 * reloads and tabs), shown when the page is visible, and tracked as hd_mode_unlocked_notification.
 */
export function announceHdUnlocks() {
  const client = useClient();
  const waiting: Array<() => void> = [];
  const onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    for (const show of waiting.splice(0)) show();
  };
  document.addEventListener('visibilitychange', onVisible);
  onCleanup(() => document.removeEventListener('visibilitychange', onVisible));

  createSubscription({ query: AllInfluencerEventsSubscription }, (received: number | undefined, data) => {
    const event = data.influencerEvents;
    if (event.__typename === 'HdModeUnlocked') {
      const influencer = event.influencer;
      const show = () => {
        if (!firstSightOfUnlock(unlockKey(influencer.id, influencer.lora.training?.completedAt))) return;
        toast('success', `HD mode unlocked for ${influencer.name}`, 'The character LoRA is trained: new packs use HD mode automatically.', {
          label: 'Open the studio',
          href: `/influencers/${encodeURIComponent(influencer.id)}/studio`,
        });
        track(client, 'hd_mode_unlocked_notification', influencer.id, { lora_status: event.loraStatus.toLowerCase() });
      };
      if (document.visibilityState === 'visible') show();
      else waiting.push(show);
    }
    return (received ?? 0) + 1;
  });
}
