/**
 * The per-image imaging limit: decodeGenerated + makeThumbnail alone (what completing an image
 * costs the CPU besides rows and events), over the given images with `parallel` in flight.
 * `pnpm bench` runs it on the same images and at the same concurrency as the throughput run, so
 * throughput ÷ this limit says how much of the machine the pipeline's own overhead leaves.
 * Standalone on synthetic 1024² PNGs: `npx tsx bench/imaging.ts [--images 120] [--parallel 8]`.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { decodeGenerated } from '../src/providers/imaging/decode.js';
import { makeThumbnail } from '../src/providers/imaging/thumbnail.js';
import { syntheticImage } from '../test/helpers/synthetic-image.js';

export async function imagingLimit(sources: Buffer[], total: number, parallel: number) {
  const work = async (i: number) => {
    const g = await decodeGenerated(Buffer.from(sources[i % sources.length]!));
    await makeThumbnail(g.buffer);
  };
  for (let i = 0; i < Math.min(8, sources.length); i++) await work(i); // warm-up
  const latencies: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await work(i);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < total) await work(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    images_per_s: Number((total / seconds).toFixed(1)),
    decode_thumb_ms_p50: Number(latencies[Math.floor(latencies.length / 2)]!.toFixed(2)),
    images: total,
    parallel,
    png_bytes: sources[0]!.length,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const sources = await Promise.all(Array.from({ length: 8 }, (_, i) => syntheticImage(1024, 1024, { seed: i + 1 })));
  console.log(JSON.stringify({ ...(await imagingLimit(sources, arg('images', 120), arg('parallel', 8))), cores: os.availableParallelism() }));
}
