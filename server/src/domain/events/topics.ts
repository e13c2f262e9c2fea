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
  kind: 'lora_status_changed' | 'hd_mode_unlocked' | 'lora_training_progress';
  influencerId: string;
  loraStatus: string;
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
  edit: EditEventMessage;
}

export const topic = <C extends keyof Channels>(channel: C, id: string) => `${channel}:${id}`;

/** Publishes inside the transaction: delivered to every process only if it commits. */
export async function publishInTx<C extends keyof Channels>(tx: Tx, channel: C, id: string, message: Channels[C]): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${EVENT_CHANNEL}, ${encodeEvent(topic(channel, id), message)})`;
}
