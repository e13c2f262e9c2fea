import type { Tx } from '../../db/client.js';
import { EVENT_CHANNEL, encodeEvent } from '../../providers/pubsub/pg-event-target.js';

/** What a generation subscriber is told: ids and counters only; it re-reads the rows. */
export interface GenerationEventMessage {
  kind: 'image_started' | 'image_completed' | 'image_failed' | 'image_scored' | 'image_rerendering' | 'job_completed' | 'job_failed' | 'snapshot';
  jobId: string;
  itemId?: string;
  /** image_scored / image_rerendering: the render that was scored (a re-rendered image's drifted render is hidden) */
  assetId?: string;
  sequence: number;
}

/** What an influencer subscriber is told. */
export interface InfluencerEventMessage {
  kind: 'lora_status_changed' | 'hd_mode_unlocked' | 'lora_training_progress' | 'character_sheet_progress';
  influencerId: string;
  loraStatus: string;
  /** character_sheet_progress: sheet shots rendered (and scored, when scoring is on) of the target */
  shotsDone?: number;
  targetCount?: number;
  /** lora_training_progress: the trainer's stage and step, and when it should be done */
  stage?: string;
  step?: number;
  total?: number;
  estimatedCompletionAt?: string | null;
}

/** What an edit subscriber is told. */
export interface EditEventMessage {
  kind: 'edit_status_changed' | 'snapshot';
  editJobId: string;
  sequence: number;
  /** the edit's status when this was published (pending, running, completed, failed) */
  status: string;
}

/** The typed channel map: topic → message (subscribers re-read by id). */
export interface Channels {
  generation: GenerationEventMessage;
  influencer: InfluencerEventMessage;
  /** every influencer event of one user, keyed by the user id (the studio's global HD toast) */
  viewerInfluencers: InfluencerEventMessage;
  edit: EditEventMessage;
}

export const topic = <C extends keyof Channels>(channel: C, id: string) => `${channel}:${id}`;

/** Publishes inside the transaction: delivered to every process only if it commits. */
export async function publishInTx<C extends keyof Channels>(tx: Tx, channel: C, id: string, message: Channels[C]): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${EVENT_CHANNEL}, ${encodeEvent(topic(channel, id), message)})`;
}

/** Publishes an influencer event on its influencer's topic and on its owner's all-influencers topic. */
export async function publishInfluencerEventInTx(tx: Tx, userId: string, message: InfluencerEventMessage): Promise<void> {
  await publishInTx(tx, 'influencer', message.influencerId, message);
  await publishInTx(tx, 'viewerInfluencers', userId, message);
}
