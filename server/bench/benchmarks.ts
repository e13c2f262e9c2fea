import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { readFile } from 'node:fs/promises';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { followPack, wsClient } from './client.js';
import { generate, percentile, round, scoresSettled, type Stack } from './harness.js';

const decodeId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
const pack = (influencerId: string, count: number, extra: Record<string, unknown> = {}) => ({
  influencerId,
  scene: 'professional_portrait',
  environment: 'studio',
  count,
  ...extra,
});

/**
 * Per image: mutation returned → client sees ImageCompleted, minus the GPU's execution time.
 * `packSize` 1 measures the pipeline alone; 5 adds the contention of five images finishing at
 * once on this machine's 2 cores (decode, thumbnail, store of each).
 */
export async function overhead(stack: Stack, influencerId: string, gpuLatencyMs: number, packSize = 1, packs = 30) {
  await stack.gpuConfig({ stepMs: gpuLatencyMs / 20, workers: 10 });
  const client = wsClient(stack);
  const samples: number[] = [];
  for (let i = 0; i < packs + 1; i++) {
    const t0 = performance.now();
    const jobId = await generate(stack, pack(influencerId, packSize));
    const tReturned = performance.now();
    void t0;
    const seen = new Map<number, number>();
    await followPack(client, jobId, (index, at) => seen.set(index, at - tReturned));
    const { rows } = await stack.db.query<{ index: number; gpu: number }>(
      `SELECT i.index, g."executionMs" AS gpu FROM "GenerationItem" i JOIN "GpuJob" g ON g."generationItemId" = i.id WHERE i."jobId" = $1`,
      [decodeId(jobId)],
    );
    if (i === 0) continue; // warm-up
    for (const r of rows) samples.push(seen.get(r.index)! - r.gpu);
  }
  await client.dispose();
  return { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), samples: samples.length };
}

/** Wall time of a 10-image pack ÷ a 1-image pack, GPU latency 2 s, 10 GPU workers. */
export async function pack10Ratio(stack: Stack, influencerId: string) {
  await stack.gpuConfig({ stepMs: 100, workers: 10 });
  const client = wsClient(stack);
  const time = async (count: number) => {
    const t0 = performance.now();
    const jobId = await generate(stack, pack(influencerId, count));
    await followPack(client, jobId, () => {});
    return performance.now() - t0;
  };
  const ones: number[] = [];
  const tens: number[] = [];
  for (let i = 0; i < 3; i++) {
    ones.push(await time(1));
    tens.push(await time(10));
  }
  await client.dispose();
  const one = percentile(ones, 50);
  const ten = percentile(tens, 50);
  return { ratio: round(ten / one, 3), single_ms: round(one), pack10_ms: round(ten) };
}

/** Completed images per second with an instant GPU, 1024×1024 outputs (decode, thumbnail, store, row, event). */
export async function throughput(stack: Stack, influencerId: string, images = 300) {
  await stack.gpuConfig({ stepMs: 0, workers: 32 });
  const client = wsClient(stack);
  const done: number[] = [];
  const t0 = performance.now();
  const jobIds: string[] = [];
  for (let i = 0; i < images / 10; i++) jobIds.push(await generate(stack, pack(influencerId, 10, { aspectRatio: 'SQUARE_1_1' })));
  await Promise.all(jobIds.map((id) => followPack(client, id, (_i, at) => done.push(at - t0), 10)));
  await client.dispose();
  done.sort((a, b) => a - b);
  const lo = Math.floor(done.length * 0.1);
  const hi = Math.floor(done.length * 0.9);
  const sustained = (hi - lo) / ((done[hi]! - done[lo]!) / 1000);
  return { images_per_s: round(sustained), total_s: round(done.at(-1)! / 1000, 2), images: done.length };
}

/** Median time-to-display of a completed image: a client polling every 2 s vs the subscription. */
export async function pushVsPoll(stack: Stack, influencerId: string) {
  await stack.gpuConfig({ stepMs: 37, workers: 2 }); // ~0.75 s per image, 2 at a time: staggered completions
  const client = wsClient(stack);
  const pushSeen = new Map<number, number>();
  const pollSeen = new Map<number, number>();
  const epochOffset = Date.now() - performance.now();
  const jobId = await generate(stack, pack(influencerId, 10));
  let polls = 0;
  const pollStart = performance.now();
  let finished = false;
  const poller = (async () => {
    while (!finished) {
      const data = await stack.gql<{ generationJob: { status: string; images: { index: number; status: string }[] } }>(
        `query($id: ID!) { generationJob(id: $id) { status images { index status } } }`,
        { id: jobId },
      );
      polls++;
      const at = performance.now();
      for (const img of data.generationJob.images) if (img.status === 'COMPLETED' && !pollSeen.has(img.index)) pollSeen.set(img.index, at);
      if (pollSeen.size === 10) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
  })();
  await followPack(client, jobId, (index, at) => pushSeen.set(index, at));
  await poller;
  finished = true;
  const pollMinutes = (performance.now() - pollStart) / 60_000;
  await client.dispose();
  const { rows } = await stack.db.query<{ index: number; completed: Date }>(`SELECT index, "completedAt" AS completed FROM "GenerationItem" WHERE "jobId" = $1`, [decodeId(jobId)]);
  const push: number[] = [];
  const poll: number[] = [];
  for (const r of rows) {
    const completedPerf = r.completed.getTime() - epochOffset;
    push.push(Math.max(0.1, pushSeen.get(r.index)! - completedPerf));
    poll.push(Math.max(0.1, pollSeen.get(r.index)! - completedPerf));
  }
  return {
    ratio: round(percentile(poll, 50) / percentile(push, 50)),
    push_ms_p50: round(percentile(push, 50)),
    poll_ms_p50: round(percentile(poll, 50)),
    // Polls after the first, per minute of polling (the first is free: it comes with the request).
    poll_queries_per_client_per_min: round((polls - 1) / pollMinutes),
  };
}

/** A 50-item gallery page (with thumbnails and lineage) over 100 000 assets. */
export async function gallery(stack: Stack, influencerId: string, total = 100_000) {
  const user = await stack.db.query<{ id: string }>(`SELECT id FROM "User" WHERE "isDemo" LIMIT 1`);
  const userId = user.rows[0]!.id;
  const infId = decodeId(influencerId);
  await stack.db.query(
    `INSERT INTO "ImageAsset" (id, "userId", "influencerId", kind, "storageBucket", "storageKey", "thumbnailKey", "mimeType", width, height, bytes, scene, environment, outfit, "createdAt")
     SELECT gen_random_uuid(), $1::uuid, $2::uuid, 'generated', (SELECT "storageBucket" FROM "ImageAsset" WHERE "userId" = $1::uuid LIMIT 1),
            $1::text || '/' || $2::text || '/bench-' || g || '.png', $1::text || '/' || $2::text || '/bench-' || g || '.thumb.webp',
            'image/png', 768, 1360, 1000000, 'beach_day', 'beach', 'bikini', now() - (g || ' seconds')::interval
     FROM generate_series(1, $3::int) g`,
    [userId, infId, total],
  );
  // Lineage: every 10th asset derives from the next one.
  await stack.db.query(
    `WITH a AS (SELECT id, row_number() OVER (ORDER BY "createdAt" DESC) AS n FROM "ImageAsset" WHERE "influencerId" = $1::uuid)
    UPDATE "ImageAsset" t SET "sourceAssetId" = b.id FROM a, a b WHERE t.id = a.id AND b.n = a.n + 1 AND a.n % 10 = 0`,
    [infId],
  );
  await stack.db.query('ANALYZE "ImageAsset"');
  const query = `query($f: AssetFilter, $first: Int, $after: String) { assets(filter: $f, first: $first, after: $after) {
    edges { cursor node { id kind width height url thumbnailUrl scene environment outfit createdAt source { id thumbnailUrl } derived { id } } }
    pageInfo { hasNextPage endCursor } } }`;
  const times: number[] = [];
  let after: string | null = null;
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    const data: { assets: { pageInfo: { endCursor: string } } } = await stack.gql(query, { f: { influencerId }, first: 50, after: i % 4 === 0 ? null : after });
    times.push(performance.now() - t0);
    after = data.assets.pageInfo.endCursor;
  }
  return { p50: round(percentile(times.slice(5), 50), 2), p99: round(percentile(times.slice(5), 99), 2), assets: total };
}

/** 1 000 concurrent graphql-ws subscribers each receive an event; delivery p99 and server RSS. */
export async function subscribers(stack: Stack, influencerId: string, n = 1000) {
  await stack.gpuConfig({ stepMs: 250, workers: 4 }); // 5 s: time to subscribe everyone first
  const rssBefore = await rssMb(stack.serverPid);
  const jobId = await generate(stack, pack(influencerId, 1));
  const clients = Array.from({ length: n }, () =>
    createClient({
      url: `${stack.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${stack.token}` },
      lazy: false,
      retryAttempts: 0,
    }),
  );
  const epochOffset = Date.now() - performance.now();
  const received: number[] = [];
  let subscribed = 0;
  const runs = clients.map(
    (c) =>
      new Promise<void>((resolve, reject) => {
        c.subscribe(
          { query: `subscription($jobId: ID!) { generationProgress(jobId: $jobId) { __typename sequence } }`, variables: { jobId } },
          {
            next: (r) => {
              const e = (r.data as { generationProgress: { __typename: string } }).generationProgress;
              if (e.__typename === 'GenerationSnapshot') subscribed++;
              if (e.__typename === 'ImageCompleted') received.push(performance.now());
            },
            error: reject,
            complete: resolve,
          },
        );
      }),
  );
  const deadline = performance.now() + 60_000;
  while (subscribed < n && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const rssWhileSubscribed = await rssMb(stack.serverPid);
  await Promise.all(runs);
  const rssAfter = await rssMb(stack.serverPid);
  const childRss = await childrenRssMb(stack.serverPid);
  const { rows } = await stack.db.query<{ completed: Date }>(`SELECT "completedAt" AS completed FROM "GenerationItem" WHERE "jobId" = $1`, [decodeId(jobId)]);
  const completedPerf = rows[0]!.completed.getTime() - epochOffset;
  const delivery = received.map((t) => t - completedPerf);
  await Promise.all(clients.map((c) => c.dispose()));
  return {
    delivery_ms_p50: round(percentile(delivery, 50)),
    delivery_ms_p99: round(percentile(delivery, 99)),
    subscribed,
    received: received.length,
    rss_mb: Math.max(rssWhileSubscribed, rssAfter),
    rss_before_mb: rssBefore,
    // the server's child processes (the face models when scoring is on): their memory, reported apart
    children_rss_mb: childRss,
  };
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

/** Total RSS of a process's direct children (0 when it has none). */
async function childrenRssMb(pid: number): Promise<number> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim().split(/\s+/).filter(Boolean);
  let total = 0;
  for (const child of children) total += await rssMb(Number(child)).catch(() => 0);
  return round(total);
}

/** GPU jobs one worker process keeps in flight (GPU latency 5 s, 200 GPU workers). */
export async function inflight(stack: Stack, influencerId: string) {
  await stack.gpuConfig({ stepMs: 250, workers: 200 });
  const client = wsClient(stack);
  const jobIds: string[] = [];
  for (let i = 0; i < 20; i++) jobIds.push(await generate(stack, pack(influencerId, 10)));
  await Promise.all(jobIds.map((id) => followPack(client, id, () => {})));
  await client.dispose();
  const stats = (await (await fetch(`${stack.gpuUrl.replace(/\/v2$/, '')}/_local/stats`, { headers: { authorization: `Bearer ${stack.gpuKey}` } })).json()) as {
    maxInProgress: number;
  };
  return { max_in_flight: stats.maxInProgress, worker_concurrency: 8 };
}

/**
 * Per edit of a 1024² image: `editImage` returned → the subscribed client has COMPLETED, minus
 * the GPU's execution time: mask processing, crop, the worker's round trips, the composite,
 * thumbnail, store and events. A 20 % mask, 20 edits after a warm-up, each started once the
 * previous edit's identity score has landed (a creator paints the next mask for seconds; the
 * score takes ~0.3 s of background CPU); then 20 more back to back, each started the moment the
 * previous one completed, while its score runs (`p50_back_to_back`).
 */
export async function editOverhead(stack: Stack, influencerId: string, edits = 20) {
  await stack.gpuConfig({ stepMs: 0, workers: 10 });
  const client = wsClient(stack);
  const jobId = await generate(stack, pack(influencerId, 1, { aspectRatio: 'SQUARE_1_1' }));
  await followPack(client, jobId, () => {}, 1);
  const { rows } = await stack.db.query<{ id: string }>(`SELECT a.id FROM "ImageAsset" a JOIN "GenerationItem" i ON i.id = a."generationItemId" WHERE i."jobId" = $1`, [
    decodeId(jobId),
  ]);
  const assetId = Buffer.from(`ImageAsset:${rows[0]!.id}`).toString('base64');
  const mask = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#000' } })
    .composite([{ input: { create: { width: 460, height: 460, channels: 3, background: '#fff' } }, left: 280, top: 200 }])
    .png()
    .toBuffer();
  const samples: number[] = [];
  const backToBack: number[] = [];
  for (let i = 0; i < 2 * edits + 1; i++) {
    if (i <= edits) await scoresSettled(stack, decodeId(influencerId));
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query: `mutation($input: EditImageInput!) { editImage(input: $input) { __typename ... on EditImagePayload { edit { id } } ... on Error { message } } }`,
        variables: { input: { assetId, prompt: `a red scarf ${i}`, mask: null } },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.input.mask'] }));
    form.set('0', new File([new Uint8Array(mask)], 'mask.png', { type: 'image/png' }));
    const t0 = performance.now();
    const res = await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${stack.token}`, 'x-graphql-yoga-csrf': '1' }, body: form });
    const body = (await res.json()) as { data?: { editImage: { edit?: { id: string }; message?: string } } };
    const editId = body.data?.editImage.edit?.id;
    if (!editId) throw new Error(`editImage: ${JSON.stringify(body)}`);
    let doneAt = 0;
    for await (const r of client.iterate<{ editProgress: { status: string } }>({
      query: `subscription($id: ID!) { editProgress(editJobId: $id) { status } }`,
      variables: { id: editId },
    })) {
      const status = r.data?.editProgress.status;
      if (status === 'COMPLETED' || status === 'FAILED') {
        if (status === 'FAILED') throw new Error('edit failed');
        doneAt = performance.now();
        break;
      }
    }
    const gpu = await stack.db.query<{ ms: number }>(`SELECT "gpuExecutionMs" AS ms FROM "EditJob" WHERE id = $1`, [decodeId(editId)]);
    // The mutation's own time counts: it validates and stores the mask.
    const overhead = doneAt - t0 - gpu.rows[0]!.ms;
    if (i > edits) backToBack.push(overhead);
    else if (i > 0) samples.push(overhead);
  }
  await client.dispose();
  return {
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    samples: samples.length,
    p50_back_to_back: round(percentile(backToBack, 50)),
    p99_back_to_back: round(percentile(backToBack, 99)),
    // in the order measured: a trend over a run shows a server still warming up
    samples_ms: samples.map((v) => round(v)),
    back_to_back_samples_ms: backToBack.map((v) => round(v)),
  };
}
