import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRunpodClient, RunpodError, type RunpodClientOptions } from './index.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Reply = (res: http.ServerResponse, seen: Seen) => void | Promise<void>;

/** A loopback server speaking RunPod's REST shapes; each request consumes the next scripted reply. */
async function startScriptedRunpod() {
  const seen: Seen[] = [];
  const script: Reply[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
    seen.push(s);
    const reply = script.shift() ?? ((r) => json(r, 500, { error: 'unscripted request' }));
    await reply(res, s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v2`,
    seen,
    script,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
const ok =
  (body: unknown): Reply =>
  (res) =>
    json(res, 200, body);
const fail =
  (status: number, headers: Record<string, string> = {}, body: unknown = { error: 'nope' }): Reply =>
  (res) =>
    json(res, status, body, headers);
const slow =
  (ms: number): Reply =>
  (res) =>
    new Promise((r) =>
      setTimeout(() => {
        if (!res.destroyed) json(res, 200, { id: 'late', status: 'IN_QUEUE' });
        r();
      }, ms),
    );

const KEY = 'rpa_SECRET_KEY_123';
let rp: Awaited<ReturnType<typeof startScriptedRunpod>>;
let sleeps: number[];
const client = (o: Partial<RunpodClientOptions> = {}) =>
  createRunpodClient({
    baseUrl: rp.baseUrl,
    apiKey: KEY,
    maxRetries: 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...o,
  });
const caught = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a RunpodError');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(RunpodError);
      return e as RunpodError;
    },
  );

beforeEach(async () => {
  rp = await startScriptedRunpod();
  sleeps = [];
});
afterEach(() => rp.close());

describe('requests', () => {
  it('submits /run with input, webhook and policy, authenticated', async () => {
    rp.script.push(ok({ id: 'job-1', status: 'IN_QUEUE' }));
    const r = await client().run('ep1', { workflow: { a: 1 } }, { webhook: 'https://h/x?t=1', policy: { executionTimeout: 60_000, ttl: 120_000 } });
    expect(r).toEqual({ id: 'job-1', status: 'IN_QUEUE' });
    expect(rp.seen[0]).toMatchObject({ method: 'POST', url: '/v2/ep1/run' });
    expect(rp.seen[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(rp.seen[0]!.body)).toEqual({ input: { workflow: { a: 1 } }, webhook: 'https://h/x?t=1', policy: { executionTimeout: 60_000, ttl: 120_000 } });
  });

  it('parses status, cancel, retry, purge-queue and health on their paths', async () => {
    rp.script.push(
      ok({ id: 'j', status: 'COMPLETED', delayTime: 12, executionTime: 3400, output: { images: [] }, workerId: 'w1' }),
      ok({ id: 'j', status: 'CANCELLED' }),
      ok({ id: 'j', status: 'IN_QUEUE' }),
      ok({ removed: 2, status: 'completed' }),
      ok({ jobs: { completed: 1, failed: 0, inProgress: 2, inQueue: 3, retried: 0 }, workers: { idle: 1, running: 2 } }),
    );
    const c = client();
    expect(await c.status('ep1', 'j')).toEqual({ id: 'j', status: 'COMPLETED', delayTime: 12, executionTime: 3400, output: { images: [] }, workerId: 'w1' });
    expect((await c.cancel('ep1', 'j')).status).toBe('CANCELLED');
    expect(await c.retry('ep1', 'j')).toEqual({ id: 'j', status: 'IN_QUEUE' });
    expect(await c.purgeQueue('ep1')).toEqual({ removed: 2, status: 'completed' });
    expect((await c.health('ep1')).workers.running).toBe(2);
    expect(rp.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /v2/ep1/status/j',
      'POST /v2/ep1/cancel/j',
      'POST /v2/ep1/retry/j',
      'POST /v2/ep1/purge-queue',
      'GET /v2/ep1/health',
    ]);
  });

  it('runSync passes a clamped wait and returns the job', async () => {
    rp.script.push(ok({ id: 's', status: 'COMPLETED', output: { images: [{ filename: 'a.png', type: 'base64', data: 'AA==' }] } }));
    const j = await client().runSync('ep1', { x: 1 }, { waitMs: 500_000 });
    expect(rp.seen[0]!.url).toBe('/v2/ep1/runsync?wait=300000');
    expect(j.status).toBe('COMPLETED');
  });

  it('keeps an object-valued error as a string', async () => {
    rp.script.push(ok({ id: 'j', status: 'FAILED', error: { error_message: 'boom' } }));
    expect((await client().status('ep1', 'j')).error).toBe('{"error_message":"boom"}');
  });

  it('rejects an unexpected body as SERVER', async () => {
    rp.script.push(ok({ id: 'j', status: 'EXPLODED' }));
    expect((await caught(client().status('ep1', 'j'))).code).toBe('SERVER');
  });

  it('refuses oversized payloads before sending', async () => {
    const e = await caught(client().run('ep1', { blob: 'x'.repeat(10 * 1024 * 1024) }));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(rp.seen).toHaveLength(0);
  });
});

describe('backoff', () => {
  it('honours Retry-After seconds on 429', async () => {
    rp.script.push(fail(429, { 'retry-after': '2' }), ok({ id: 'j', status: 'IN_QUEUE' }));
    expect((await client().status('ep1', 'j')).id).toBe('j');
    expect(sleeps).toEqual([2000]);
  });

  it('honours a Retry-After HTTP date', async () => {
    rp.script.push(fail(429, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }), ok({ id: 'j', status: 'IN_QUEUE' }));
    await client().status('ep1', 'j');
    expect(sleeps[0]).toBeGreaterThan(20_000);
    expect(sleeps[0]).toBeLessThanOrEqual(30_000);
  });

  it('uses exponential backoff with full jitter without Retry-After', async () => {
    rp.script.push(fail(429), fail(429), fail(429), ok({ id: 'j', status: 'IN_QUEUE' }));
    await client({ maxDelayMs: 300 }).status('ep1', 'j');
    // random() = 0.5 of min(300, 100·2^n)
    expect(sleeps).toEqual([50, 100, 150]);
  });

  it('gives up with RATE_LIMITED after maxRetries', async () => {
    for (let i = 0; i < 5; i++) rp.script.push(fail(429));
    const e = await caught(client().status('ep1', 'j'));
    expect(e).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryable: true });
    expect(rp.seen).toHaveLength(4);
  });

  it('hands a long Retry-After back to the caller instead of sleeping', async () => {
    rp.script.push(fail(429, { 'retry-after': '3600' }));
    const e = await caught(client().status('ep1', 'j'));
    expect(e).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 3_600_000 });
    expect(sleeps).toEqual([]);
  });

  it('retries 5xx on idempotent calls until success', async () => {
    rp.script.push(fail(500), fail(502), ok({ id: 'j', status: 'IN_PROGRESS' }));
    expect((await client().status('ep1', 'j')).status).toBe('IN_PROGRESS');
    expect(rp.seen).toHaveLength(3);
  });

  it('never retries 404 and 401, and never echoes the key', async () => {
    rp.script.push(fail(404, {}, { error: 'job not found' }));
    expect(await caught(client().status('ep1', 'gone'))).toMatchObject({ code: 'NOT_FOUND', status: 404, retryable: false });
    rp.script.push(fail(401, {}, { error: `bad key Bearer ${KEY}` }));
    const e = await caught(client().status('ep1', 'j'));
    expect(e).toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
    expect(e.message).not.toContain(KEY);
    expect(rp.seen).toHaveLength(2);
  });

  it('times out slow responses and retries idempotent calls', async () => {
    rp.script.push(slow(2000), slow(2000));
    const e = await caught(client({ timeoutMs: 100, maxRetries: 1 }).status('ep1', 'j'));
    expect(e).toMatchObject({ code: 'TIMEOUT', maybeSubmitted: false });
    expect(rp.seen).toHaveLength(2);
  });
});

describe('/run retry policy', () => {
  it('does not repeat a submission that timed out after sending', async () => {
    rp.script.push(slow(2000), ok({ id: 'dup', status: 'IN_QUEUE' }));
    const e = await caught(client({ timeoutMs: 100 }).run('ep1', {}));
    expect(e).toMatchObject({ code: 'TIMEOUT', maybeSubmitted: true });
    expect(rp.seen).toHaveLength(1);
  });

  it('does not repeat a submission answered with 500', async () => {
    rp.script.push(fail(500), ok({ id: 'dup', status: 'IN_QUEUE' }));
    expect(await caught(client().run('ep1', {}))).toMatchObject({ code: 'SERVER', maybeSubmitted: true });
    expect(rp.seen).toHaveLength(1);
  });

  it('repeats a submission refused with 429, 503 or 408', async () => {
    rp.script.push(fail(429), fail(503), fail(408), ok({ id: 'j', status: 'IN_QUEUE' }));
    expect((await client().run('ep1', {})).id).toBe('j');
    expect(rp.seen).toHaveLength(4);
  });

  it('does not repeat a submission rejected with 400', async () => {
    rp.script.push(fail(400, {}, { error: 'input is required' }));
    expect(await caught(client().run('ep1', {}))).toMatchObject({ code: 'BAD_REQUEST', maybeSubmitted: false });
    expect(rp.seen).toHaveLength(1);
  });

  it('repeats a submission whose connection was refused', async () => {
    await rp.close();
    const e = await caught(client().run('ep1', {}));
    expect(e).toMatchObject({ code: 'NETWORK', maybeSubmitted: false });
    expect(sleeps).toHaveLength(3);
  });
});
