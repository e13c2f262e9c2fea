import { createSubscription, useClient } from '@urql/solid';
import { track } from '../app/analytics';
import { graphql } from '../generated';
import { toast } from '../ui/toasts';

const InfluencerEventsSubscription = graphql(`
  subscription InfluencerEvents($influencerId: ID!) {
    influencerEvents(influencerId: $influencerId) {
      __typename
      loraStatus
      influencer {
        id
        name
        faceMode
        loraStatus
        hdModeUnlocked
      }
    }
  }
`);

/**
 * While a profile or the studio is open: follows the influencer's LoRA, toasts "HD mode unlocked"
 * and calls `onChange` so the route can re-read what it shows.
 */
export function followInfluencerEvents(influencerId: () => string, onChange: () => void) {
  const client = useClient();
  // The handler sees every event once (the result store merges equal results into one).
  createSubscription({ query: InfluencerEventsSubscription, variables: () => ({ influencerId: influencerId() }) }, (received: number | undefined, data) => {
    const event = data.influencerEvents;
    if (event.__typename === 'HdModeUnlocked') {
      toast('success', `HD mode unlocked for ${event.influencer.name}`, 'The character LoRA is trained: new packs use HD mode automatically.');
      track(client, 'hd_mode_unlocked_notification', influencerId(), { lora_status: event.loraStatus });
    }
    onChange();
    return (received ?? 0) + 1;
  });
}
