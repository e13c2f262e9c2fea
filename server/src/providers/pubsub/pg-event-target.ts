import pg from 'pg';

/** The one NOTIFY channel all product events travel on. */
export const EVENT_CHANNEL = 'studio_events';

/** Max NOTIFY payload is 8000 bytes; events carry ids and counters only. */
const MAX_PAYLOAD = 7900;

export interface PgEventTarget extends EventTarget {
  /** Resolves once LISTEN is active (events published after this are received). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Encodes an event for pg_notify: `{ topic, detail }`. */
export function encodeEvent(topic: string, detail: unknown): string {
  const text = JSON.stringify({ topic, detail });
  if (Buffer.byteLength(text) > MAX_PAYLOAD) throw new Error(`event on ${topic} is too large for NOTIFY`);
  return text;
}

/**
 * An EventTarget over PostgreSQL LISTEN/NOTIFY, for Yoga's createPubSub: every process (API,
 * worker) sees every event, in commit order. Events published with pg_notify inside a transaction
 * are delivered only if it commits. The listening connection reconnects with backoff and
 * re-LISTENs after a database restart (subscribers re-read state on the next event).
 */
export function createPgEventTarget(connectionString: string, log: (msg: string) => void = () => {}): PgEventTarget {
  const target = new EventTarget() as PgEventTarget;
  const publisher = new pg.Pool({ connectionString, max: 2 });
  publisher.on('error', () => {});
  let client: pg.Client | null = null;
  let closed = false;
  let resolveReady!: () => void;
  target.ready = new Promise((r) => (resolveReady = r));

  const connect = async (attempt = 0): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString });
    c.on('notification', (msg) => {
      if (msg.channel !== EVENT_CHANNEL || !msg.payload) return;
      try {
        const { topic, detail } = JSON.parse(msg.payload) as { topic: string; detail: unknown };
        EventTarget.prototype.dispatchEvent.call(target, new CustomEvent(topic, { detail }));
      } catch {
        log('dropped a malformed event payload');
      }
    });
    c.on('error', () => {});
    c.on('end', () => {
      if (client === c) client = null;
      if (!closed) setTimeout(() => void connect(1), 250);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENT_CHANNEL}`);
      client = c;
      resolveReady();
    } catch (e) {
      await c.end().catch(() => {});
      if (closed) return;
      const delay = Math.min(5000, 100 * 2 ** attempt);
      log(`event listener: ${String(e)}; retrying in ${delay} ms`);
      setTimeout(() => void connect(attempt + 1), delay);
    }
  };
  void connect();

  // Yoga's pubsub publishes by dispatching; route that through NOTIFY so all processes see it.
  target.dispatchEvent = (event: Event) => {
    const detail = (event as CustomEvent).detail;
    publisher.query('SELECT pg_notify($1, $2)', [EVENT_CHANNEL, encodeEvent(event.type, detail)]).catch((e) => log(`publish failed: ${String(e)}`));
    return true;
  };
  target.close = async () => {
    closed = true;
    await client?.end().catch(() => {});
    await publisher.end().catch(() => {});
  };
  return target;
}
