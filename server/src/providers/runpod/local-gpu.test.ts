import { afterEach, expect, it } from 'vitest';
import { createRunpodClient, interpretJob, RunpodError } from './index.js';
import { startTestGpu, t2i } from '../../../local-gpu/test/support.js';

// The production RunPod client is the code the local GPU exists to exercise: its response
// schemas must accept every body the local GPU sends.

let gpu: Awaited<ReturnType<typeof startTestGpu>>;
afterEach(() => gpu.close());

it('serves the production RunPod client end to end', async () => {
  gpu = await startTestGpu({ endpoints: { image: { workers: 1 } } });
  const client = createRunpodClient({ baseUrl: gpu.url, apiKey: gpu.apiKey, maxRetries: 0 });
  const { id, status } = await client.run('image', t2i());
  expect(status).toBe('IN_QUEUE');
  const done = await gpu.until('image', id);
  expect(interpretJob(await client.status('image', id))).toMatchObject({ state: 'completed', output: { images: [{ type: 'base64' }] } });
  expect(done.status).toBe('COMPLETED');
  const sync = await client.runSync('image', t2i({ seed: 5 }), { waitMs: 5000 });
  expect(interpretJob(sync).state).toBe('completed');
  expect((await client.health('image')).jobs.completed).toBe(2);
  gpu.configure('image', { workers: 0 });
  const queued = await client.run('image', t2i({ seed: 6 }));
  expect((await client.cancel('image', queued.id)).status).toBe('CANCELLED');
  await client.run('image', t2i({ seed: 7 }));
  expect(await client.purgeQueue('image')).toEqual({ removed: 1, status: 'completed' });
  const notFound = await client.status('image', 'missing-u1').catch((e: unknown) => e);
  expect(notFound).toBeInstanceOf(RunpodError);
  expect((notFound as RunpodError).code).toBe('NOT_FOUND');
  const wrongKey = createRunpodClient({ baseUrl: gpu.url, apiKey: 'nope', maxRetries: 0 });
  expect(((await wrongKey.health('image').catch((e: unknown) => e)) as RunpodError).code).toBe('UNAUTHORIZED');
});

it('lets the client recognise injected transient and permanent failures, and retry the transient one', async () => {
  gpu = await startTestGpu({
    defaults: {
      failures: [
        { kind: 'transient', when: { seed: 1 }, times: 1 },
        { kind: 'permanent', when: { seed: 2 } },
      ],
    },
  });
  const client = createRunpodClient({ baseUrl: gpu.url, apiKey: gpu.apiKey, maxRetries: 0 });
  const transient = await client.run('image', t2i({ seed: 1 }));
  const permanent = await client.run('image', t2i({ seed: 2 }));
  expect(interpretJob((await gpu.until('image', transient.id)) as never).failure).toMatchObject({ permanent: false, message: expect.stringContaining('CUDA out of memory') });
  expect(interpretJob((await gpu.until('image', permanent.id)) as never).failure).toMatchObject({
    permanent: true,
    message: expect.stringContaining('Workflow validation failed'),
  });
  await client.retry('image', transient.id);
  expect((await gpu.until('image', transient.id)).status).toBe('COMPLETED');
});
