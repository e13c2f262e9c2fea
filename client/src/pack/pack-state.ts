import { graphql, useFragment, type FragmentType } from '../generated';
import type { GenerationStatus, PackState_ImageFragment } from '../generated/graphql';

/** What the pack reducer reads of an image; the tile reads the rest through its own fragment. */
export const PackStateImageFragment = graphql(`
  fragment PackState_image on GenerationImage {
    index
    status
    error
    ...PackTile_image
  }
`);

/** What the pack reducer reads of a pack (the whole pack: snapshots replace the state with it). */
export const PackStateJobFragment = graphql(`
  fragment PackState_job on GenerationJob {
    id
    status
    sequence
    error
    images {
      ...PackState_image
    }
  }
`);

export type PackImage = PackState_ImageFragment;

export interface PackState {
  jobId: string;
  /** Highest sequence applied; events at or below it are stale. */
  sequence: number;
  status: GenerationStatus;
  error: string | null;
  images: PackImage[];
}

/** A generationProgress event as the live pack selects it. */
export interface PackEvent {
  __typename: 'GenerationSnapshot' | 'ImageStarted' | 'ImageCompleted' | 'ImageFailed' | 'ImageRerendering' | 'ImageScored' | 'JobCompleted' | 'JobFailed';
  sequence: number;
  job: FragmentType<typeof PackStateJobFragment>;
  image?: FragmentType<typeof PackStateImageFragment>;
}

const FINAL: ReadonlySet<GenerationStatus> = new Set(['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED']);

export function isFinal(status: GenerationStatus) {
  return FINAL.has(status);
}

/** The state a whole pack describes (a snapshot, a final event, or a mutation's payload). */
export function fromJob(jobRef: FragmentType<typeof PackStateJobFragment>, sequence?: number): PackState {
  const job = useFragment(PackStateJobFragment, jobRef);
  const images = job.images.map((i) => useFragment(PackStateImageFragment, i));
  return {
    jobId: job.id,
    sequence: Math.max(sequence ?? job.sequence, job.sequence),
    status: job.status,
    error: job.error ?? null,
    images: [...images].sort((a, b) => a.index - b.index),
  };
}

/**
 * Applies one event. Events at or below the last applied sequence are ignored (a reconnect replays
 * a snapshot, the bus may deliver late); a snapshot or a final event replaces the state with the
 * pack it carries; an image event replaces that one image.
 */
export function applyPackEvent(state: PackState | null, event: PackEvent): PackState {
  const jobId = useFragment(PackStateJobFragment, event.job).id;
  if (state && state.jobId === jobId && event.sequence <= state.sequence) return state;
  if (!state || state.jobId !== jobId || event.__typename === 'GenerationSnapshot' || event.__typename === 'JobCompleted' || event.__typename === 'JobFailed' || !event.image) {
    return fromJob(event.job, event.sequence);
  }
  const image = useFragment(PackStateImageFragment, event.image);
  const job = useFragment(PackStateJobFragment, event.job);
  const images = state.images.some((i) => i.index === image.index)
    ? state.images.map((i) => (i.index === image.index ? image : i))
    : [...state.images, image].sort((a, b) => a.index - b.index);
  return {
    ...state,
    sequence: event.sequence,
    // The pack is read when the event is delivered and may already be final; the final event
    // (always the last) settles the pack's status, so until then it is still running.
    status: isFinal(job.status) ? 'RUNNING' : job.status,
    error: job.error ?? state.error,
    images,
  };
}

/** Applies a pack returned by a mutation (cancel, retry) when it is newer than the state. */
export function applyJob(state: PackState | null, jobRef: FragmentType<typeof PackStateJobFragment>): PackState {
  const next = fromJob(jobRef);
  if (state && state.jobId === next.jobId && next.sequence <= state.sequence) return state;
  return next;
}

export interface PackCounts {
  completed: number;
  failed: number;
  cancelled: number;
  pending: number;
  total: number;
}

/** Counts from the images shown, so the "3 of 5" always matches the tiles. */
export function packCounts(state: PackState): PackCounts {
  const counts: PackCounts = { completed: 0, failed: 0, cancelled: 0, pending: 0, total: state.images.length };
  for (const image of state.images) {
    if (image.status === 'COMPLETED') counts.completed++;
    else if (image.status === 'FAILED') counts.failed++;
    else if (image.status === 'CANCELLED') counts.cancelled++;
    else counts.pending++;
  }
  return counts;
}
