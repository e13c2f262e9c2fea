import { afterEach, describe, expect, it } from 'vitest';
import { decode, sleep, startTestGpu, t2i, webhookReceiver } from './support.js';
import type { LocalGpuOptions } from '../src/types.js';

type Gpu = Awaited<ReturnType<typeof startTestGpu>>;
let gpu: Gpu;
const open: Array<{ close(): Promise<void> }> = [];
async function start(o: LocalGpuOptions = {}) {
  gpu = await startTestGpu(o);
  open.push(gpu);
  return gpu;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

describe('job lifecycle', () => {
  it('runs a job IN_QUEUE → IN_PROGRESS (with progress) → COMPLETED with timings and worker-comfyui output', async () => {
    await start({ endpoints: { image: { workers: 1, stepMs: 40 } } });
    const submitted = await gpu.run('image', t2i({ steps: 5 }));
    expect(submitted).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}-u1$/), status: 'IN_QUEUE' });
    const running = await gpu.until('image', submitted.id, ['IN_PROGRESS', 'COMPLETED']);
    expect(running.status).toBe('IN_PROGRESS');
    expect(running.output).toMatchObject({ type: 'progress', max: 5, node: 'sampler' });
    const done = await gpu.until('image', submitted.id);
    expect(done).toMatchObject({ id: submitted.id, status: 'COMPLETED', workerId: expect.stringMatching(/^[a-z0-9]{14}$/) });
    expect(done.delayTime).toBeGreaterThanOrEqual(0);
    expect(done.executionTime).toBeGreaterThanOrEqual(200);
    expect(done.output.images).toHaveLength(1);
    expect(done.output.images[0]).toMatchObject({ filename: 'content-studio_00001_.png', type: 'base64' });
    const { info } = await decode(done.output.images[0].data);
    expect([info.width, info.height]).toEqual([256, 320]);
  });

  it('adds the cold start to delayTime of the first job of an idle worker only', async () => {
    await start({ endpoints: { image: { workers: 1, coldStartMs: 150, idleTimeoutMs: 10_000 } } });
    const first = await gpu.until('image', (await gpu.run('image', t2i())).id);
    const second = await gpu.until('image', (await gpu.run('image', t2i({ seed: 8 }))).id);
    expect(first.delayTime).toBeGreaterThanOrEqual(140);
    expect(second.delayTime).toBeLessThan(100);
  });

  it('never runs more than `workers` jobs at once; the rest wait IN_QUEUE in FIFO order', async () => {
    await start({ endpoints: { image: { workers: 2, stepMs: 10 } } });
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await gpu.run('image', t2i({ seed: i, steps: 5 }))).id);
    const health = (await gpu.call('GET', '/image/health')).body;
    expect(health.jobs.inProgress + health.jobs.inQueue).toBeGreaterThan(2);
    expect(health.workers.running).toBeLessThanOrEqual(2);
    const done = await Promise.all(ids.map((id) => gpu.until('image', id)));
    expect(done.every((d) => d.status === 'COMPLETED')).toBe(true);
    expect(gpu.stats().endpoints.image!.maxInProgress).toBe(2);
    expect(done[5]!.delayTime).toBeGreaterThan(done[0]!.delayTime);
  });

  it('answers /runsync with the finished job, or with the current status when the wait runs out', async () => {
    await start();
    const sync = await gpu.call('POST', '/image/runsync?wait=5000', { input: t2i() });
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ id: expect.stringMatching(/^sync-/), status: 'COMPLETED', output: { images: [expect.anything()] } });
    gpu.configure('paused', { workers: 0 });
    const started = Date.now();
    const waiting = await gpu.call('POST', '/paused/runsync?wait=10', { input: t2i() });
    expect(waiting.body.status).toBe('IN_QUEUE');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950); // wait is clamped to at least 1000 ms
  });
});

describe('policy and retention', () => {
  it('runs normal jobs before lowPriority ones and times out jobs whose ttl runs out', async () => {
    await start({ endpoints: { image: { workers: 0 } } });
    const low = await gpu.run('image', t2i({ seed: 1 }), { policy: { lowPriority: true } });
    const normal = await gpu.run('image', t2i({ seed: 2 }));
    const expiring = await gpu.run('image', t2i({ seed: 3 }), { policy: { ttl: 50 } });
    expect((await gpu.until('image', expiring.id)).status).toBe('TIMED_OUT');
    gpu.configure('image', { workers: 1 });
    const [l, n] = [await gpu.until('image', low.id), await gpu.until('image', normal.id)];
    expect(n.delayTime).toBeLessThan(l.delayTime);
  });

  it('forgets the oldest results first past maxRetainedOutputBytes', async () => {
    await start({ maxRetainedOutputBytes: 1 });
    const first = await gpu.until('image', (await gpu.run('image', t2i({ seed: 1 }))).id);
    const second = await gpu.until('image', (await gpu.run('image', t2i({ seed: 2 }))).id);
    expect((await gpu.call('GET', `/image/status/${first.id}`)).status).toBe(404);
    expect((await gpu.call('GET', `/image/status/${second.id}`)).status).toBe(200);
  });
});

describe('cancel, retry, purge, health', () => {
  it('cancels a queued and a running job, freeing the worker', async () => {
    await start({ endpoints: { image: { workers: 1, stepMs: 1000 } } });
    const running = await gpu.run('image', t2i({ steps: 100 }));
    const queued = await gpu.run('image', t2i({ seed: 2 }));
    await gpu.until('image', running.id, ['IN_PROGRESS']);
    expect((await gpu.call('POST', `/image/cancel/${queued.id}`)).body).toEqual({ id: queued.id, status: 'CANCELLED' });
    expect((await gpu.call('POST', `/image/cancel/${running.id}`)).body).toEqual({ id: running.id, status: 'CANCELLED' });
    expect((await gpu.status('image', queued.id)).executionTime).toBeUndefined();
    gpu.configure('image', { stepMs: 1 });
    expect((await gpu.until('image', (await gpu.run('image', t2i({ seed: 3 }))).id)).status).toBe('COMPLETED');
    expect(gpu.stats()).toMatchObject({ cancelled: 2, inProgress: 0, inQueue: 0 });
  });

  it('retries a FAILED job under the same id, and refuses to retry a COMPLETED one', async () => {
    await start({ endpoints: { image: { failures: [{ kind: 'transient', times: 1 }] } } });
    const { id } = await gpu.run('image', t2i());
    expect((await gpu.until('image', id)).status).toBe('FAILED');
    expect((await gpu.call('POST', `/image/retry/${id}`)).body).toEqual({ id, status: 'IN_QUEUE' });
    const done = await gpu.until('image', id);
    expect(done).toMatchObject({ id, status: 'COMPLETED' });
    expect(done.error).toBeUndefined();
    expect((await gpu.call('POST', `/image/retry/${id}`)).status).toBe(400);
    expect((await gpu.call('GET', '/image/health')).body.jobs).toMatchObject({ completed: 1, failed: 1, retried: 1 });
  });

  it('purges the queue: queued jobs end CANCELLED, running ones go on', async () => {
    await start({ endpoints: { image: { workers: 1, stepMs: 30 } } });
    const running = await gpu.run('image', t2i({ steps: 4 }));
    await gpu.until('image', running.id, ['IN_PROGRESS']);
    const queued = [await gpu.run('image', t2i({ seed: 1 })), await gpu.run('image', t2i({ seed: 2 }))];
    expect((await gpu.call('POST', '/image/purge-queue')).body).toEqual({ removed: 2, status: 'completed' });
    for (const q of queued) expect((await gpu.status('image', q.id)).status).toBe('CANCELLED');
    expect((await gpu.until('image', running.id)).status).toBe('COMPLETED');
  });

  it('reports health counts per endpoint', async () => {
    await start({ endpoints: { image: { workers: 1, stepMs: 1000 } } });
    const a = await gpu.run('image', t2i({ steps: 50 }));
    await gpu.run('image', t2i({ seed: 2 }));
    await gpu.until('image', a.id, ['IN_PROGRESS']);
    const health = (await gpu.call('GET', '/image/health')).body;
    expect(health).toEqual({
      jobs: { completed: 0, failed: 0, inProgress: 1, inQueue: 1, retried: 0 },
      workers: { idle: 0, running: 1, initializing: 0, ready: 0, throttled: 0, unhealthy: 0 },
    });
    expect((await gpu.call('GET', '/other/health')).body.jobs.inQueue).toBe(0);
  });
});

describe('webhooks', () => {
  it('POSTs the /status body when the job is final', async () => {
    await start();
    const hook = await webhookReceiver();
    open.push(hook);
    const { id } = await gpu.run('image', t2i(), { webhook: hook.url });
    const final = await gpu.until('image', id);
    await expect.poll(() => hook.received.length).toBe(1);
    expect(hook.received[0]!.body).toEqual(final);
  });

  it('retries twice, webhookRetryDelayMs apart, when the receiver fails', async () => {
    await start({ webhookRetryDelayMs: 80 });
    const hook = await webhookReceiver(2);
    open.push(hook);
    const { id } = await gpu.run('image', t2i(), { webhook: hook.url });
    await expect.poll(() => hook.received.length).toBe(3);
    expect(hook.received.map((r) => r.body.id)).toEqual([id, id, id]);
    expect(hook.received[1]!.at - hook.received[0]!.at).toBeGreaterThanOrEqual(70);
    expect(gpu.stats()).toMatchObject({ webhooksSent: 3, webhooksFailed: 2, webhooksDropped: 0 });
  });

  it('gives up after three failed attempts', async () => {
    await start({ webhookRetryDelayMs: 10 });
    const hook = await webhookReceiver(5);
    open.push(hook);
    await gpu.until('image', (await gpu.run('image', t2i(), { webhook: hook.url })).id);
    await expect.poll(() => gpu.stats().webhooksDropped).toBe(1);
    expect(hook.received).toHaveLength(3);
  });

  it('loses the next lostWebhooks webhooks of an endpoint, then delivers again', async () => {
    await start();
    const hook = await webhookReceiver();
    open.push(hook);
    gpu.configure('image', { lostWebhooks: 1 });
    const lost = await gpu.until('image', (await gpu.run('image', t2i(), { webhook: hook.url })).id);
    const delivered = await gpu.until('image', (await gpu.run('image', t2i({ seed: 9 }), { webhook: hook.url })).id);
    await expect.poll(() => hook.received.length).toBe(1);
    expect(hook.received[0]!.body.id).toBe(delivered.id);
    expect(hook.received.map((r) => r.body.id)).not.toContain(lost.id);
    expect(gpu.stats()).toMatchObject({ webhooksSent: 1, webhooksDropped: 1 });
  });
});

describe('HTTP contract', () => {
  it('401 without or with a wrong Bearer key, also on /_local', async () => {
    await start({ apiKey: 'k-123' });
    const bare = await fetch(`${gpu.url}/image/health`);
    expect(bare.status).toBe(401);
    expect((await gpu.call('GET', '/image/health', undefined, 'wrong')).status).toBe(401);
    expect((await fetch(gpu.url.replace('/v2', '/_local/stats'))).status).toBe(401);
  });

  it('404 for unknown jobs and for results past their TTL', async () => {
    await start({ resultTtlMs: 60 });
    expect((await gpu.call('GET', '/image/status/nope-u1')).status).toBe(404);
    expect((await gpu.call('POST', '/image/cancel/nope-u1')).status).toBe(404);
    const { id } = await gpu.run('image', t2i());
    await gpu.until('image', id);
    await sleep(80);
    expect((await gpu.call('GET', `/image/status/${id}`)).status).toBe(404);
  });

  it('429 per endpoint and route once the 10-s budget is spent, with Retry-After', async () => {
    await start({ rateLimit: { runPer10s: 2, statusPer10s: 3, cancelPer10s: 1 }, endpoints: { image: { workers: 0 } } });
    await gpu.run('image', t2i());
    const { id } = await gpu.run('image', t2i());
    const flooded = await gpu.call('POST', '/image/run', { input: t2i() });
    expect(flooded.status).toBe(429);
    expect(Number(flooded.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await gpu.call('POST', '/other/run', { input: t2i() })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await gpu.call('GET', `/image/status/${id}`)).status).toBe(200);
    expect((await gpu.call('GET', `/image/status/${id}`)).status).toBe(429);
    expect((await gpu.call('POST', `/image/cancel/${id}`)).status).toBe(200);
    expect((await gpu.call('POST', `/image/cancel/${id}`)).status).toBe(429);
  });

  it('413 past 10 MB on /run and 20 MB on /runsync; 400 without input', async () => {
    await start();
    const big = { input: { workflow: {}, pad: 'x'.repeat(11 * 1024 * 1024) } };
    expect((await gpu.call('POST', '/image/run', big)).status).toBe(413);
    expect((await gpu.call('POST', '/image/runsync?wait=1000', big)).status).toBe(200);
    expect((await gpu.call('POST', '/image/run', { nope: 1 })).status).toBe(400);
  });

  it('is configured at runtime over /_local/config and reports /_local/stats', async () => {
    await start();
    const base = gpu.url.replace('/v2', '');
    const local = (path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${gpu.apiKey}` }, body: body ? JSON.stringify(body) : undefined });
    const configured = await local('/_local/config/image', { workers: 0, failures: [{ kind: 'hang', times: 1 }] });
    expect(await configured.json()).toMatchObject({ workers: 0, failures: [{ kind: 'hang', times: 1 }] });
    expect((await local('/_local/config/image', { workers: -1 })).status).toBe(400);
    expect((await local('/_local/config/image', { colour: 'red' })).status).toBe(400);
    await gpu.run('image', t2i());
    expect(await (await local('/_local/stats')).json()).toMatchObject({ submitted: 1, inQueue: 1, endpoints: { image: { inQueue: 1 } } });
  });
});
