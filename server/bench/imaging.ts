/**
 * Micro-benchmark: decodeGenerated + makeThumbnail on 1024×1024 PNGs, the per-image work of
 * completing a generation. Prints JSON {decode_thumb_ms_p50, per_s}.
 *   npx tsx bench/imaging.ts [--images 120] [--parallel 4]
 * p50 is the latency of one image processed alone; per_s is throughput with `parallel` in flight.
 */
import os from 'node:os';
import { decodeGenerated } from '../src/providers/imaging/decode.js';
import { syntheticImage } from '../test/helpers/synthetic-image.js';
import { makeThumbnail } from '../src/providers/imaging/thumbnail.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg('images', 120);
const parallel = arg('parallel', 4);

// Distinct sources, and each run gets a fresh copy so no thumbnail is served from a previous run.
const sources = await Promise.all(Array.from({ length: 8 }, (_, i) => syntheticImage(1024, 1024, { seed: i + 1 })));
const work = async (i: number) => {
  const g = await decodeGenerated(Buffer.from(sources[i % sources.length]!));
  await makeThumbnail(g.buffer);
};

for (let i = 0; i < 8; i++) await work(i); // warm-up

const latencies: number[] = [];
for (let i = 0; i < 40; i++) {
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

console.log(
  JSON.stringify({
    decode_thumb_ms_p50: Number(latencies[Math.floor(latencies.length / 2)]!.toFixed(2)),
    per_s: Number((total / seconds).toFixed(1)),
    images: total,
    parallel,
    cores: os.availableParallelism(),
    png_bytes: sources[0]!.length,
  }),
);
