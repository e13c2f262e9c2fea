import { createMutation, useClient } from '@urql/solid';
import { refreshCredits } from '../app/credits';
import { graphql } from '../generated';
import { navigate } from '../router/router';
import { toast, toastError } from '../ui/toasts';

const UpgradePackToHdMutation = graphql(`
  mutation UpgradePackToHd($input: UpgradePackToHdInput!) {
    upgradePackToHd(input: $input) {
      __typename
      ... on UpgradePackToHdPayload {
        created
        job {
          id
          upgradedFrom {
            id
            hdUpgradeAvailable
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/** Where a pack opens: the studio of its influencer, with the pack in the output panel. */
export const packHref = (influencerId: string, jobId: string) => `/influencers/${encodeURIComponent(influencerId)}/studio/packs/${encodeURIComponent(jobId)}`;

/**
 * "Upgrade to HD": re-renders a finished face-reference pack with the LoRA and opens the HD pack
 * (its view pairs each original with its HD re-render). Typed errors (not finished, already HD, no
 * LoRA, not enough credits) are toasted in their own words.
 */
export function createUpgradeToHd() {
  const client = useClient();
  const [state, upgrade] = createMutation(UpgradePackToHdMutation);
  const run = async (influencerId: string, jobId: string) => {
    const r = await upgrade({ input: { jobId, idempotencyKey: crypto.randomUUID() } });
    const payload = r.data?.upgradePackToHd;
    void refreshCredits(client);
    if (payload?.__typename !== 'UpgradePackToHdPayload') return toastError('The HD upgrade did not start', payload && 'message' in payload ? payload : r.error);
    if (!payload.created) toast('info', 'This pack already has an HD version', 'Opening it.');
    navigate(packHref(influencerId, payload.job.id));
  };
  return [state, run] as const;
}
