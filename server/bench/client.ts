import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Stack } from './harness.js';

export function wsClient(stack: Stack): Client {
  return createClient({
    url: `${stack.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${stack.token}` },
    lazy: false,
    retryAttempts: 0,
  });
}

export interface ProgressEvent {
  __typename: string;
  sequence: number;
  job: { status: string; images: { index: number; status: string }[] };
  image?: { index: number };
}

export const PROGRESS = `subscription($jobId: ID!) { generationProgress(jobId: $jobId) { __typename sequence
  job { status images { index status } } ... on ImageCompleted { image { index } } } }`;

/**
 * Follows a pack; calls `onImage(index, t)` the first time each image is seen completed (in a
 * snapshot or an event) and resolves at the pack's last event — or, with `images`, once that many
 * are completed (a throughput run does not wait for the identity scores that end the pack).
 */
export async function followPack(client: Client, jobId: string, onImage: (index: number, at: number) => void, images?: number): Promise<void> {
  const seen = new Set<number>();
  for await (const r of client.iterate<{ generationProgress: ProgressEvent }>({ query: PROGRESS, variables: { jobId } })) {
    const at = performance.now();
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    const e = r.data!.generationProgress;
    for (const img of e.job.images) {
      if (img.status === 'COMPLETED' && !seen.has(img.index)) {
        seen.add(img.index);
        onImage(img.index, at);
      }
    }
    if (images !== undefined && seen.size >= images) return;
    if (e.__typename === 'JobCompleted' || e.__typename === 'JobFailed') return;
  }
}
