import type { Client } from '@urql/core';
import { graphql } from '../generated';

/** The balance (and adult confirmation), shared by the header and the studio so one refresh updates both. */
export const CreditsQuery = graphql(`
  query Credits {
    viewer {
      id
      credits
      adultConfirmed
    }
  }
`);

/** Re-reads the balance after credits moved (a pack reserved, charged or refunded). */
export function refreshCredits(client: Client) {
  return client.query(CreditsQuery, {}, { requestPolicy: 'network-only' }).toPromise();
}
