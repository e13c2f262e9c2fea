import { GenerateDoc, JobDoc, ProgressDoc } from '../api/generation-documents.js';
import type { TestApp } from './app.js';
import { executeOk } from './graphql.js';
import { collect, wsClient } from './subscriptions.js';

/** True for the last event of a pack. */
export const isEnd = (r: { data?: { generationProgress: { __typename: string } } | null }) => ['JobCompleted', 'JobFailed'].includes(r.data?.generationProgress.__typename ?? '');

/** Starts a pack through the API; fails the test on a typed error. */
export async function startPack(app: TestApp, token: string, input: Record<string, unknown>) {
  const r = await executeOk(app.yoga, GenerateDoc, { input: input as never }, { token });
  if (r.generateImages.__typename !== 'GenerateImagesPayload') throw new Error(JSON.stringify(r.generateImages));
  return r.generateImages;
}

/** Follows a pack over graphql-ws until its last event. */
export async function followPack(app: TestApp, token: string, jobId: string) {
  const client = wsClient(app.url, token);
  try {
    return await collect(client, ProgressDoc, { jobId }, isEnd);
  } finally {
    await client.dispose();
  }
}

/** Starts a pack, follows it to the end, and reads the finished job. */
export async function runPack(app: TestApp, token: string, input: Record<string, unknown>) {
  const started = await startPack(app, token, input);
  const events = await followPack(app, token, started.job.id);
  const job = (await executeOk(app.yoga, JobDoc, { id: started.job.id }, { token })).generationJob!;
  return { started, events, job };
}
