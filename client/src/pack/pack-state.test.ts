import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '../generated';
import { image, job, statuses, type Img } from '../test/fixtures';
import { applyJob, applyPackEvent, packCounts, PackStateImageFragment, PackStateJobFragment, type PackEvent, type PackState } from './pack-state';

const imageRef = (i: Img) => makeFragmentData(i, PackStateImageFragment);
const jobRef = (j: ReturnType<typeof job>) => makeFragmentData({ ...j, images: j.images.map(imageRef) }, PackStateJobFragment);

const snapshot = (j: ReturnType<typeof job>, sequence = j.sequence): PackEvent => ({ __typename: 'GenerationSnapshot', sequence, job: jobRef(j) });
const completed = (sequence: number, i: Img, j: ReturnType<typeof job>): PackEvent => ({ __typename: 'ImageCompleted', sequence, image: imageRef(i), job: jobRef(j) });
const started = (sequence: number, i: Img, j: ReturnType<typeof job>): PackEvent => ({ __typename: 'ImageStarted', sequence, image: imageRef(i), job: jobRef(j) });
const failed = (sequence: number, i: Img, j: ReturnType<typeof job>): PackEvent => ({ __typename: 'ImageFailed', sequence, image: imageRef(i), job: jobRef(j) });

const progress = (s: PackState) => {
  const c = packCounts(s);
  return `${c.completed} of ${c.total}`;
};
const statusesOf = (s: PackState) => s.images.map((i) => i.status);

function apply(events: PackEvent[], from: PackState | null = null) {
  return events.reduce<PackState | null>((s, e) => applyPackEvent(s, e), from)!;
}

describe('applying generationProgress events', () => {
  it('starts from the snapshot and fills images in as events arrive', () => {
    const s0 = apply([snapshot(job(1, 'QUEUED', statuses('QUEUED', 'QUEUED', 'QUEUED')))]);
    expect(progress(s0)).toBe('0 of 3');
    expect(s0.status).toBe('QUEUED');

    const s1 = applyPackEvent(s0, completed(2, image(1, 'COMPLETED'), job(2, 'RUNNING', statuses('SUBMITTED', 'COMPLETED', 'QUEUED'))));
    expect(progress(s1)).toBe('1 of 3');
    expect(s1.status).toBe('RUNNING');
    // Only the image of the event changes; the others stay as the state had them.
    expect(statusesOf(s1)).toEqual(['QUEUED', 'COMPLETED', 'QUEUED']);
    expect(s1.sequence).toBe(2);
  });

  it('marks an image as rendering when ImageStarted arrives, touching no other image', () => {
    const s0 = apply([snapshot(job(1, 'QUEUED', statuses('QUEUED', 'QUEUED')))]);
    const s1 = applyPackEvent(s0, started(2, image(1, 'SUBMITTED'), job(2, 'RUNNING', statuses('SUBMITTED', 'SUBMITTED'))));
    expect(statusesOf(s1)).toEqual(['QUEUED', 'SUBMITTED']);
    expect(progress(s1)).toBe('0 of 2');
    expect(s1.sequence).toBe(2);
  });

  it('ignores events at or below the last applied sequence (duplicates, late and out-of-order ones)', () => {
    const start = apply([
      snapshot(job(3, 'RUNNING', statuses('COMPLETED', 'QUEUED', 'QUEUED'))),
      completed(5, image(2, 'COMPLETED'), job(5, 'RUNNING', statuses('COMPLETED', 'QUEUED', 'COMPLETED'))),
    ]);
    expect(progress(start)).toBe('2 of 3');

    // A late event 4 (image 1 failing) arrives after 5: it is stale and must not change anything.
    const late = applyPackEvent(start, failed(4, image(1, 'FAILED', { error: 'GPU out of memory' }), job(4, 'RUNNING', statuses('COMPLETED', 'FAILED', 'QUEUED'))));
    expect(late).toBe(start);
    // The same event delivered twice is applied once.
    const again = applyPackEvent(start, completed(5, image(2, 'COMPLETED'), job(5, 'RUNNING', statuses('COMPLETED', 'QUEUED', 'COMPLETED'))));
    expect(again).toBe(start);
    // An old snapshot (e.g. from a slow first subscription) is stale too.
    expect(applyPackEvent(start, snapshot(job(1, 'QUEUED', statuses('QUEUED', 'QUEUED', 'QUEUED'))))).toBe(start);
  });

  it('replaces the whole state from a newer snapshot (after a reconnect), dropping stale progress', () => {
    const before = apply([
      snapshot(job(1, 'RUNNING', statuses('QUEUED', 'SUBMITTED', 'QUEUED', 'QUEUED'))),
      completed(2, image(0, 'COMPLETED'), job(2, 'RUNNING', statuses('COMPLETED', 'SUBMITTED', 'QUEUED', 'QUEUED'))),
    ]);
    // Events 3–6 were lost while disconnected; the new subscription starts with a snapshot.
    const after = applyPackEvent(before, snapshot(job(6, 'RUNNING', statuses('COMPLETED', 'COMPLETED', 'FAILED', 'SUBMITTED'))));
    expect(statusesOf(after)).toEqual(['COMPLETED', 'COMPLETED', 'FAILED', 'SUBMITTED']);
    expect(progress(after)).toBe('2 of 4');
    expect(after.sequence).toBe(6);
    // An event from before the snapshot, delivered late, stays ignored.
    expect(applyPackEvent(after, completed(4, image(3, 'COMPLETED'), job(4, 'RUNNING', [])))).toBe(after);
  });

  it('takes the newest of the snapshot event and the pack it carries as the last applied sequence', () => {
    // The pack is read when the event is delivered: it may already include later events.
    const s = applyPackEvent(null, snapshot(job(4, 'RUNNING', statuses('COMPLETED', 'COMPLETED')), 2));
    expect(s.sequence).toBe(4);
    expect(applyPackEvent(s, completed(3, image(1, 'COMPLETED'), job(4, 'RUNNING', statuses('COMPLETED', 'COMPLETED'))))).toBe(s);
  });

  it('keeps the pack running until its final event, even when an image event reads the pack as finished', () => {
    const s0 = apply([snapshot(job(1, 'RUNNING', statuses('COMPLETED', 'QUEUED')))]);
    // Event 2 is delivered after the pack already completed (its job is read at delivery).
    const s1 = applyPackEvent(s0, completed(2, image(1, 'COMPLETED'), job(3, 'COMPLETED', statuses('COMPLETED', 'COMPLETED'))));
    expect(s1.status).toBe('RUNNING');
    const s2 = applyPackEvent(s1, { __typename: 'JobCompleted', sequence: 3, job: jobRef(job(3, 'COMPLETED', statuses('COMPLETED', 'COMPLETED'))) });
    expect(s2.status).toBe('COMPLETED');
    expect(progress(s2)).toBe('2 of 2');
  });

  it('shows failures with their error and counts them apart', () => {
    const s = apply([
      snapshot(job(1, 'RUNNING', statuses('QUEUED', 'QUEUED', 'QUEUED'))),
      completed(2, image(0, 'COMPLETED'), job(2, 'RUNNING', [])),
      failed(3, image(1, 'FAILED', { error: 'The GPU job failed permanently.' }), job(3, 'RUNNING', [])),
      failed(4, image(2, 'CANCELLED'), job(4, 'RUNNING', [])),
      {
        __typename: 'JobCompleted',
        sequence: 5,
        job: jobRef(job(5, 'PARTIAL', [image(0, 'COMPLETED'), image(1, 'FAILED', { error: 'The GPU job failed permanently.' }), image(2, 'CANCELLED')])),
      },
    ]);
    expect(packCounts(s)).toEqual({ completed: 1, failed: 1, cancelled: 1, pending: 0, total: 3 });
    expect(s.status).toBe('PARTIAL');
    expect(s.error).toBe('The GPU job failed permanently.');
    expect(s.images[1]!.error).toBe('The GPU job failed permanently.');
  });

  it('starts over for another pack', () => {
    const a = apply([snapshot(job(9, 'COMPLETED', statuses('COMPLETED'), 'job-a'))]);
    const b = applyPackEvent(a, snapshot(job(1, 'QUEUED', statuses('QUEUED', 'QUEUED'), 'job-b')));
    expect(b.jobId).toBe('job-b');
    expect(progress(b)).toBe('0 of 2');
  });

  it('applies a pack returned by a mutation only when it is newer', () => {
    const s = apply([snapshot(job(5, 'PARTIAL', statuses('COMPLETED', 'FAILED')))]);
    const retried = applyJob(s, jobRef(job(6, 'QUEUED', statuses('COMPLETED', 'QUEUED'))));
    expect(statusesOf(retried)).toEqual(['COMPLETED', 'QUEUED']);
    expect(retried.status).toBe('QUEUED');
    expect(applyJob(retried, jobRef(job(5, 'PARTIAL', statuses('COMPLETED', 'FAILED'))))).toBe(retried);
  });
});
