import { createSubscription } from '@urql/solid';
import { graphql } from '../generated';

const InfluencerEventsSubscription = graphql(`
  subscription InfluencerEvents($influencerId: ID!) {
    influencerEvents(influencerId: $influencerId) {
      __typename
      loraStatus
      influencer {
        id
        faceMode
        loraStatus
        hdModeUnlocked
      }
    }
  }
`);

/** The kinds of influencer event (CharacterSheetProgress and LoraTrainingProgress are frequent; the others move the status). */
export type InfluencerEventKind = 'LoraStatusChanged' | 'HdModeUnlocked' | 'LoraTrainingProgress' | 'CharacterSheetProgress';

/**
 * While a profile or the studio is open: follows the influencer's LoRA and calls `onChange` with
 * each event's kind so the route can re-read what it shows. The "HD mode unlocked" toast is the
 * shell's (it follows every influencer, on every route).
 */
export function followInfluencerEvents(influencerId: () => string, onChange: (kind: InfluencerEventKind) => void) {
  // The handler sees every event once (the result store merges equal results into one).
  createSubscription({ query: InfluencerEventsSubscription, variables: () => ({ influencerId: influencerId() }) }, (received: number | undefined, data) => {
    onChange(data.influencerEvents.__typename);
    return (received ?? 0) + 1;
  });
}
