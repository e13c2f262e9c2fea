import { performance } from 'node:perf_hooks';
import { portrait } from '@content-studio/local-gpu/portraits';
import { wsClient } from './client.js';
import { createBareInfluencer, percentile, round, scoresSettled, setBaseImage, startStack, type Stack } from './harness.js';

const decodeId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

/** The stack a LoRA pipeline bench runs on: the pipeline on, a short training, a fast trainer. */
export const LORA_STACK_ENV = { LORA_PIPELINE: 'on', LORA_TRAINING_STEPS: '50' };
/** GPU latency: a sheet shot (20 steps) 500 ms, the training's 50 steps 1 s. */
const IMAGE_STEP_MS = 25;
const TRAINING_STEP_MS = 20;

const EVENTS = `subscription($influencerId: ID!) { influencerEvents(influencerId: $influencerId) { __typename loraStatus } }`;

interface Timeline {
  sheetRenderedAt: number;
  sheetScoredAt: number;
  shots: Array<{ shot: string; rendered: number; scored: number; status: string }>;
  sheetDoneAt: number;
  sheetGpuMs: number;
  trainingSubmittedAt: number;
  trainingDelayMs: number;
  trainingExecMs: number;
  trainingSettledAt: number;
}

/** When the pipeline's steps happened (ms since epoch, from the database) and the GPU time on its critical path. */
async function timeline(stack: Stack, influencerId: string): Promise<Timeline> {
  const ms = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;
  const sheet = await stack.db.query<{ done: number }>(`SELECT ${ms('"completedAt"')} AS done FROM "CharacterSheetJob" WHERE "influencerId" = $1`, [influencerId]);
  // The shots render concurrently: the one that settled last is the critical path, with every
  // render it took (a drifted face's re-render runs after its first render).
  const last = await stack.db.query<{ gpu: number }>(
    `SELECT g."executionMs" AS gpu FROM "CharacterSheetImage" i JOIN "CharacterSheetJob" s ON s.id = i."sheetJobId"
     JOIN "GpuJob" g ON g."characterSheetImageId" = i.id WHERE s."influencerId" = $1 ORDER BY i."completedAt" DESC LIMIT 1`,
    [influencerId],
  );
  const shots = await stack.db.query<{ shot: string; rendered: number; scored: number; status: string }>(
    `SELECT i.shot, ${ms('a."createdAt"')} AS rendered, ${ms('a."identityScoredAt"')} AS scored, a."identityStatus"::text AS status
     FROM "CharacterSheetImage" i JOIN "CharacterSheetJob" s ON s.id = i."sheetJobId" JOIN "ImageAsset" a ON a."characterSheetImageId" = i.id
     WHERE s."influencerId" = $1 ORDER BY rendered`,
    [influencerId],
  );
  const training = await stack.db.query<{ submitted: number; delay: number; exec: number; settled: number }>(
    `SELECT ${ms('a."submittedAt"')} AS submitted, g."delayMs" AS delay, g."executionMs" AS exec, ${ms('a."settledAt"')} AS settled
     FROM "LoraTrainingJob" t JOIN "GpuJob" g ON g."loraTrainingJobId" = t.id JOIN "GpuJobAttempt" a ON a.id = g."currentAttemptId" WHERE t."influencerId" = $1`,
    [influencerId],
  );
  const t = training.rows[0]!;
  return {
    sheetRenderedAt: Math.max(...shots.rows.map((r) => r.rendered)),
    sheetScoredAt: Math.max(...shots.rows.map((r) => r.scored)),
    shots: shots.rows,
    sheetDoneAt: sheet.rows[0]!.done,
    sheetGpuMs: last.rows[0]!.gpu,
    trainingSubmittedAt: t.submitted,
    trainingDelayMs: t.delay,
    trainingExecMs: t.exec,
    trainingSettledAt: t.settled,
  };
}

/** The image endpoint's /runsync jobs (only the LoRA probe uses /runsync) and their execution times. */
async function probeJobs(stack: Stack): Promise<Map<string, number>> {
  const res = await fetch(`${stack.gpuUrl.replace(/\/v2$/, '')}/_local/jobs/image`, { headers: { authorization: `Bearer ${stack.gpuKey}` } });
  const { jobs } = (await res.json()) as { jobs: Array<{ id: string; executionTime: number }> };
  return new Map(jobs.filter((j) => j.id.startsWith('sync-')).map((j) => [j.id, j.executionTime]));
}

/**
 * One pipeline: a subscribed client sets a base image and waits for HdModeUnlocked. Overhead =
 * that wall time minus the GPU's own time on the critical path: the last-settled sheet shot's
 * renders (the shots run concurrently, so the others do not add), the training's execution and
 * the probe's. Everything else — queueing, the scoring of the sheet, the zip, webhooks, the
 * download and checks of the file, the events — is ours.
 */
async function pipeline(stack: Stack, face: Buffer) {
  const influencerId = await createBareInfluencer(stack);
  const client = wsClient(stack);
  const probesBefore = await probeJobs(stack);
  try {
    let stop = () => {};
    const unlocked = new Promise<number>((resolve, reject) => {
      stop = client.subscribe<{ influencerEvents: { __typename: string; loraStatus: string } }>(
        { query: EVENTS, variables: { influencerId } },
        {
          next: (r) => {
            const e = r.data?.influencerEvents;
            if (e?.__typename === 'HdModeUnlocked') resolve(performance.now());
            if (e?.__typename === 'LoraStatusChanged' && e.loraStatus === 'FAILED') reject(new Error('the LoRA pipeline failed'));
          },
          error: reject,
          complete: () => reject(new Error('influencerEvents completed before HdModeUnlocked')),
        },
      );
    });
    await new Promise((r) => setTimeout(r, 300)); // let the subscription register
    const tSent = performance.now();
    await setBaseImage(stack, influencerId, face);
    const t0 = performance.now();
    const epoch0 = Date.now();
    const wall =
      (await unlocked.catch(async (e: Error) => {
        const { rows } = await stack.db.query<{ error: string }>(`SELECT "loraError" AS error FROM "Influencer" WHERE id = $1`, [decodeId(influencerId)]);
        throw new Error(`${e.message}: ${rows[0]?.error}`);
      })) - t0;
    stop();
    // The back view's score lands after HD mode (nothing waits for it): the next sample starts
    // once it has, on a quiet stack, so one pipeline's background work is not the next one's overhead.
    await scoresSettled(stack, decodeId(influencerId));
    const tl = await timeline(stack, decodeId(influencerId));
    const probes = [...(await probeJobs(stack))].filter(([id]) => !probesBefore.has(id)).map(([, ms]) => ms);
    const probeMs = probes.reduce((a, b) => a + b, 0);
    const gpu = tl.sheetGpuMs + tl.trainingExecMs + probeMs;
    const at = (epochMs: number) => round(epochMs - epoch0);
    return {
      overhead_ms: round(wall - gpu),
      wall_ms: round(wall),
      gpu_ms: round(gpu),
      upload_ms: round(t0 - tSent),
      sheet_gpu_ms: tl.sheetGpuMs,
      training_gpu_ms: tl.trainingExecMs,
      probe_gpu_ms: probeMs,
      probes: probes.length,
      // Ours, in order: the sheet beyond its renders (queue, store, scoring), sheet → training on the GPU,
      // the training's queue wait, result → stored and probed (webhook, download, sha256, probe), → client.
      sheet_overhead_ms: round(at(tl.sheetDoneAt) - tl.sheetGpuMs),
      // of which: base image set → last shot stored, → last shot scored, → sheet completed
      sheet_rendered_ms: at(tl.sheetRenderedAt),
      sheet_scored_ms: at(tl.sheetScoredAt),
      shots: tl.shots.map((r) => ({ ...r, rendered: at(r.rendered), scored: at(r.scored) })),
      sheet_to_training_submitted_ms: round(tl.trainingSubmittedAt - tl.sheetDoneAt),
      training_queue_ms: tl.trainingDelayMs,
      training_collect_ms: round(tl.trainingSettledAt - (tl.trainingSubmittedAt + tl.trainingDelayMs + tl.trainingExecMs) - probeMs),
      settled_to_client_ms: round(wall - at(tl.trainingSettledAt)),
    };
  } finally {
    await client.dispose();
  }
}

/**
 * `lora_pipeline_overhead_ms`: base image set → HdModeUnlocked at a subscribed client, minus the
 * GPU's own time, median of `runs` pipelines after a warm-up one, on a stack of its own.
 */
export async function loraPipelineOverhead(runs = 3) {
  const stack = await startStack(LORA_STACK_ENV);
  try {
    await stack.gpuConfig({ stepMs: IMAGE_STEP_MS, workers: 10 });
    await stack.gpuConfig({ stepMs: TRAINING_STEP_MS, workers: 2 }, 'lora-training');
    const face = await portrait(0);
    await pipeline(stack, face); // warm-up: the face models, the first sheet, JIT
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await pipeline(stack, face));
    const overheads = samples.map((s) => s.overhead_ms);
    const median = samples.find((s) => s.overhead_ms === percentile(overheads, 50))!;
    return { p50: percentile(overheads, 50), runs: samples.length, median_pipeline: median, samples: overheads };
  } catch (e) {
    throw new Error(`${String(e)}\n--- server output (tail) ---\n${stack.serverOutput().slice(-3000)}`, { cause: e });
  } finally {
    await stack.close();
  }
}
