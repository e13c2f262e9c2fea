import { topicStream } from './event-stream.js';

/** Without an event for this long, a subscriber re-reads the state (covers a lost NOTIFY). */
const RECHECK_MS = 5_000;

export interface SequencedSource<M extends { sequence: number }> {
  events: EventTarget;
  topic: string;
  /** The state as it is now, from the database, as a message (and whether it is final). */
  snapshot: () => Promise<{ message: M; final: boolean }>;
  /** A snapshot-kind message may jump the sequence; anything else must come in order. */
  isSnapshot: (m: M) => boolean;
  isFinal: (m: M) => boolean;
  recheckMs?: number;
}

/**
 * The loop every sequenced subscription shares (packs, edits, influencers): listen first, then a
 * snapshot, then events in increasing `sequence`; older ones are dropped, and after silence or a
 * gap (the bus may have dropped a message) the database is read again. Ends after a final message.
 */
export async function* sequencedStream<M extends { sequence: number }>(src: SequencedSource<M>): AsyncGenerator<M> {
  const stream = topicStream<M>(src.events, src.topic);
  try {
    let { message, final } = await src.snapshot();
    let last = message.sequence;
    yield message;
    while (!final) {
      const next = await stream.next(src.recheckMs ?? RECHECK_MS);
      if (next && next.sequence <= last) continue;
      if (!next || (next.sequence > last + 1 && !src.isSnapshot(next))) {
        ({ message, final } = await src.snapshot());
        if (message.sequence > last) {
          last = message.sequence;
          yield message;
        }
        continue;
      }
      last = next.sequence;
      yield next;
      final = src.isFinal(next);
    }
  } finally {
    stream.close();
  }
}
