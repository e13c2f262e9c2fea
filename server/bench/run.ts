/**
 * Benchmarks of the real stack (embedded PostgreSQL, API + worker process, local GPU process,
 * graphql-ws clients). `pnpm bench -- --json` prints one JSON object; without --json a table.
 * `--only overhead,gallery` runs a subset; `lora` runs the LoRA pipeline on a stack of its own.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { editOverhead, gallery, inflight, overhead, pack10Ratio, pushVsPoll, subscribers, throughput } from './benchmarks.js';
import { createInfluencer, round, startStack } from './harness.js';
import { imagingLimit } from './imaging.js';
import { loraPipelineOverhead } from './lora-pipeline.js';
import { createLocalFaceAnalyzer } from '../src/providers/faces/index.js';
import { galleryStatements } from './statements.js';

// `pnpm bench -- --json` forwards the '--' itself: ignore it.
const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { json: { type: 'boolean', default: false }, only: { type: 'string' } } });
const only = values.only ? new Set(values.only.split(',')) : null;
const want = (name: string) => !only || only.has(name);
const log = (msg: string) => {
  if (!values.json) console.error(msg);
};

/** Up to `n` 1024² PNG originals the throughput run stored under DATA_DIR/storage. */
async function storedOriginals(dataDir: string, n: number): Promise<Buffer[]> {
  const files = (await readdir(path.join(dataDir, 'storage'), { recursive: true })).filter((f) => f.endsWith('.png') && !f.endsWith('.mask.png'));
  const found: Buffer[] = [];
  for (const f of files) {
    const bytes = await readFile(path.join(dataDir, 'storage', f));
    if ((await sharp(bytes).metadata()).width === 1024) found.push(bytes);
    if (found.length === n) break;
  }
  if (!found.length) throw new Error('no stored 1024² originals to measure the imaging limit on');
  return found;
}

const stack = await startStack();
const result: Record<string, unknown> = {};
const details: Record<string, unknown> = {};
try {
  const influencerId = await createInfluencer(stack);
  if (want('inflight')) {
    log('inflight…');
    const r = await inflight(stack, influencerId);
    result.inflight_gpu_jobs_per_worker = r.max_in_flight;
    details.inflight = r;
  }
  if (want('subscribers')) {
    log('1000 subscribers…');
    const r = await subscribers(stack, influencerId);
    result.subscribers_1000_delivery_ms_p99 = r.delivery_ms_p99;
    result.server_rss_mb = r.rss_mb;
    result.face_models_rss_mb = r.children_rss_mb;
    details.subscribers = r;
  }
  if (want('overhead')) {
    log('overhead…');
    const fast = await overhead(stack, influencerId, 0);
    const slow = await overhead(stack, influencerId, 1000);
    result.overhead_ms_p50 = Math.max(fast.p50, slow.p50);
    result.overhead_ms_p99 = Math.max(fast.p99, slow.p99);
    const burst = await overhead(stack, influencerId, 0, 5, 10);
    details.overhead = { gpu_0ms: fast, gpu_1000ms: slow, pack_of_5_gpu_0ms: burst };
  }
  if (want('edit')) {
    log('edit overhead…');
    const r = await editOverhead(stack, influencerId);
    result.edit_overhead_ms_p50 = r.p50;
    details.edit_overhead = r;
  }
  if (want('lora')) {
    // A stack of its own (the pipeline on): base image set → HdModeUnlocked, minus GPU time.
    log('LoRA pipeline overhead…');
    const r = await loraPipelineOverhead();
    result.lora_pipeline_overhead_ms = r.p50;
    details.lora_pipeline = r;
  }
  if (want('pack10')) {
    log('pack10…');
    const r = await pack10Ratio(stack, influencerId);
    result.pack10_ratio = r.ratio;
    details.pack10 = r;
  }
  // A second stack with identity scoring off, measured before the scoring stack's throughput run
  // (so that stack's score backlog cannot slow it): what scoring costs (completions/s with ÷
  // without), and the GPU-job lifecycle alone (a pack with scoring on ends after its last score).
  const off = want('throughput') || want('pack10') ? await startStack({ IDENTITY_SCORING: 'off' }) : null;
  let withoutScoring: number | null = null;
  try {
    if (off) {
      const offInfluencer = await createInfluencer(off);
      if (want('pack10')) {
        log('pack10, identity scoring off…');
        const r = await pack10Ratio(off, offInfluencer);
        result.pack10_ratio_scoring_off = r.ratio;
        details.pack10_scoring_off = r;
      }
      if (want('throughput')) {
        log('throughput, identity scoring off…');
        withoutScoring = (await throughput(off, offInfluencer)).images_per_s;
      }
    }
  } finally {
    await off?.close();
  }
  if (want('throughput') && withoutScoring !== null) {
    log('throughput…');
    const r = await throughput(stack, influencerId);
    result.throughput_with_scoring_ratio = round(r.images_per_s / withoutScoring, 3);
    details.throughput_without_scoring_images_per_s = withoutScoring;
    result.throughput_images_per_s = r.images_per_s;
    // The same images (the originals the run stored), at the worker's concurrency, in this run.
    const limit = await imagingLimit(await storedOriginals(stack.dataDir, 32), 160, stack.workerConcurrency);
    result.imaging_limit_images_per_s = limit.images_per_s;
    result.throughput_vs_imaging_limit = round(r.images_per_s / limit.images_per_s, 3);
    details.throughput = { ...r, imaging_limit: limit };
  }
  if (want('identity')) {
    // The instrument on this machine, per image, at normal priority (in the product it runs at
    // nice 19 on idle CPU): the generated images the throughput run stored, else fresh renders.
    log('identity score…');
    const analyzer = createLocalFaceAnalyzer({ nice: 0 });
    try {
      const images = await storedOriginals(stack.dataDir, 24);
      await analyzer.analyze(images[0]!);
      const ms: number[] = [];
      for (const img of images.slice(1)) ms.push((await analyzer.analyze(img)).ms);
      ms.sort((a, b) => a - b);
      result.identity_score_ms_p50 = round(ms[Math.floor(ms.length / 2)]!);
      const scored = await stack.db.query<{ status: string; n: string }>(
        `SELECT "identityStatus"::text AS status, count(*) AS n FROM "ImageAsset" WHERE kind = 'generated' GROUP BY 1`,
      );
      details.identity = {
        samples: ms.length,
        ms_p90: round(ms[Math.floor(ms.length * 0.9)]!),
        statuses_at_end: Object.fromEntries(scored.rows.map((r) => [r.status, Number(r.n)])),
      };
    } finally {
      await analyzer.close();
    }
  }
  if (want('push')) {
    log('push vs poll…');
    const r = await pushVsPoll(stack, influencerId);
    result.push_vs_poll_ratio = r.ratio;
    result.poll_queries_per_client_per_min = r.poll_queries_per_client_per_min;
    details.push_vs_poll = r;
  }
  if (want('gallery')) {
    log('gallery (100 000 assets)…');
    const r = await gallery(stack, influencerId);
    result.gallery_ms_p50 = r.p50;
    const pgUrl = (stack.db as unknown as { options: { connectionString: string } }).options.connectionString;
    const s = await galleryStatements(pgUrl, stack.token, influencerId);
    result.gallery_sql_statements = s.page50;
    details.gallery = { ...r, statements: s };
  }
} catch (e) {
  console.error(`benchmark failed: ${String(e)}\n--- server output (tail) ---\n${stack.serverOutput().slice(-4000)}`);
  process.exitCode = 1;
} finally {
  await stack.close();
}
result.details = details;
result.machine = { cores: (await import('node:os')).cpus().length, node: process.version };
if (values.json) console.log(JSON.stringify(result));
else console.table(Object.fromEntries(Object.entries(result).filter(([k]) => k !== 'details' && k !== 'machine')));
