import { CreateInfluencerDoc, mia, SetBaseImageDoc } from '../api/generation-documents.js';
import { LoraDoc, LoraEventsDoc } from '../api/lora-documents.js';
import type { TestApp } from './app.js';
import { executeOk } from './graphql.js';
import { realFace } from './images.js';
import { collect, wsClient } from './subscriptions.js';
import { executeUpload } from './upload.js';

/** One influencerEvents result, as the LoRA tests read it. */
export type LoraEvent = {
  __typename: string;
  loraStatus: string;
  stage?: string;
  step?: number;
  total?: number;
  estimatedCompletionAt?: unknown;
  shotsDone?: number;
  targetCount?: number;
};

/** Creates an influencer (no base image yet) through the API; returns its global id. */
export async function createInfluencer(app: TestApp, token: string, name: string): Promise<string> {
  const created = await executeOk(app.yoga, CreateInfluencerDoc, { input: { ...mia, name } }, { token });
  if (created.createInfluencer.__typename !== 'CreateInfluencerPayload') throw new Error('create failed');
  return created.createInfluencer.influencer.id;
}

/** Sets a real face as the base image (with LORA_PIPELINE=on this starts the sheet). */
export async function uploadBase(app: TestApp, token: string, influencerId: string): Promise<void> {
  const up = await executeUpload(
    app.yoga,
    SetBaseImageDoc,
    { input: { influencerId, image: null as unknown as File } },
    { 'input.image': { bytes: await realFace(), name: 'face.png', type: 'image/png' } },
    token,
  );
  if (up.data?.setBaseImage.__typename !== 'SetBaseImagePayload') throw new Error(`upload failed: ${JSON.stringify(up)}`);
}

/** Subscribes (graphql-ws), runs `act`, and collects influencer events until `stop` says so. */
export async function eventsDuring(app: TestApp, token: string, influencerId: string, act: () => Promise<unknown>, stop: (e: LoraEvent) => boolean): Promise<LoraEvent[]> {
  const client = wsClient(app.url, token);
  try {
    const events = collect(client, LoraEventsDoc, { influencerId }, (r) => !!r.data && stop(r.data.influencerEvents as LoraEvent), 150_000);
    await new Promise((r) => setTimeout(r, 300)); // let the subscription register
    await act();
    return (await events).map((r) => r.data!.influencerEvents as LoraEvent);
  } finally {
    await client.dispose();
  }
}

/** The influencer's LoRA pipeline as the profile page reads it. */
export const readLora = async (app: TestApp, token: string, id: string) => (await executeOk(app.yoga, LoraDoc, { id }, { token })).influencer!;
