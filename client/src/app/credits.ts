import type { Client } from '@urql/core';
import { graphql } from '../generated';

/** The balance, shared by the header and the studio so one refresh updates both. */
export const CreditsQuery = graphql(`
  query Credits {
    viewer {
      id
      credits
    }
  }
`);

/** Re-reads the balance after credits moved (a pack reserved, charged or refunded). */
export function refreshCredits(client: Client) {
  return client.query(CreditsQuery, {}, { requestPolicy: 'network-only' }).toPromise();
}
