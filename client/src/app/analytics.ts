import type { Client } from '@urql/core';
import { graphql } from '../generated';

const TrackEventMutation = graphql(`
  mutation TrackEvent($input: TrackEventInput!) {
    trackEvent(input: $input) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export type StudioEvent = 'studio_opened' | 'scene_selected' | 'environment_selected' | 'outfit_changed' | 'hd_mode_unlocked_notification' | 'image_edit_opened';

/**
 * Records a studio analytics event; fire-and-forget, since analytics must never get in the way of
 * creating. The server adds `influencer_id` from `influencerId`.
 */
export function track(client: Client, name: StudioEvent, influencerId: string, properties: Record<string, string | number | boolean | null> = {}) {
  void client
    .mutation(TrackEventMutation, { input: { name, influencerId, properties } })
    .toPromise()
    .then((r) => {
      const payload = r.data?.trackEvent;
      if (r.error || (payload && payload.__typename !== 'TrackEventPayload')) console.warn('analytics event not recorded', name, r.error ?? payload);
    });
}
