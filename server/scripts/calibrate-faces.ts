import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { createLocalFaceAnalyzer } from '../src/providers/faces/index.js';
import { AUGMENTATIONS, collectDistances, equalErrorPoint, errorRates, quantile } from './face-calibration.js';

// pnpm calibrate:faces — runs the identity instrument over the shipped photographs, prints the
// two distance distributions and the equal-error threshold, and writes server/docs/
// identity-calibration.{json,png}. The threshold and slope in domain/identity/calibration.ts
// come from this output.
const analyzer = createLocalFaceAnalyzer({ nice: 0 });
const data = await collectDistances(analyzer);
await analyzer.close();
const { threshold, eer } = equalErrorPoint(data);
const summary = {
  instrument: analyzer.model,
  people: 20,
  augmentations: Object.keys(AUGMENTATIONS),
  samePairs: data.same.length,
  differentPairs: data.different.length,
  missed: data.missed,
  same: { p50: quantile(data.same, 0.5), p90: quantile(data.same, 0.9), max: Math.max(...data.same) },
  different: { min: Math.min(...data.different), p10: quantile(data.different, 0.1), p50: quantile(data.different, 0.5) },
  equalErrorThreshold: threshold,
  equalErrorRate: eer,
  at060: errorRates(data, 0.6),
  analysisMsP50: quantile(data.analysisMs, 0.5),
};
const docs = path.resolve(import.meta.dirname, '../docs');
await writeFile(path.join(docs, 'identity-calibration.json'), `${JSON.stringify({ ...summary, sameDistances: data.same, differentDistances: data.different }, null, 1)}\n`);
await sharp(Buffer.from(chart(data.same, data.different, threshold)))
  .png()
  .toFile(path.join(docs, 'identity-calibration.png'));
console.log(JSON.stringify(summary, null, 2));

/** Two histograms of descriptor distance on one axis, and the threshold. */
function chart(same: number[], different: number[], t: number): string {
  const W = 720;
  const H = 300;
  const x0 = 50;
  const bins = 36;
  const lo = 0;
  const hi = 0.9;
  const count = (xs: number[]) => {
    const c = new Array<number>(bins).fill(0);
    for (const x of xs) c[Math.min(bins - 1, Math.max(0, Math.floor(((x - lo) / (hi - lo)) * bins)))]!++;
    return c.map((n) => n / xs.length);
  };
  const s = count(same);
  const d = count(different);
  const top = Math.max(...s, ...d);
  const bw = (W - x0 - 20) / bins;
  const y = (f: number) => H - 40 - (f / top) * (H - 80);
  const bars = (c: number[], colour: string) =>
    c.map((f, i) => `<rect x="${x0 + i * bw + 1}" y="${y(f)}" width="${bw - 2}" height="${H - 40 - y(f)}" fill="${colour}" fill-opacity="0.6"/>`).join('');
  const tx = x0 + ((t - lo) / (hi - lo)) * (W - x0 - 20);
  const ticks = [0, 0.2, 0.4, 0.6, 0.8]
    .map((v) => `<text x="${x0 + ((v - lo) / (hi - lo)) * (W - x0 - 20)}" y="${H - 22}" font-size="12" text-anchor="middle">${v.toFixed(1)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${x0}" y="20" font-size="14">face-api descriptor distance: same person (${same.length} pairs) vs different people (${different.length} pairs)</text>
${bars(s, '#2a9d4a')}${bars(d, '#d1495b')}
<line x1="${x0}" y1="${H - 40}" x2="${W - 20}" y2="${H - 40}" stroke="#333"/>${ticks}
<line x1="${tx}" y1="30" x2="${tx}" y2="${H - 40}" stroke="#222" stroke-dasharray="4 3"/>
<text x="${tx + 4}" y="44" font-size="12">threshold ${t.toFixed(3)} (score 0.5)</text>
<rect x="${W - 190}" y="56" width="12" height="12" fill="#2a9d4a" fill-opacity="0.6"/><text x="${W - 172}" y="66" font-size="12">same person</text>
<rect x="${W - 190}" y="76" width="12" height="12" fill="#d1495b" fill-opacity="0.6"/><text x="${W - 172}" y="86" font-size="12">different people</text>
<text x="${W / 2}" y="${H - 5}" font-size="12" text-anchor="middle">euclidean distance (lower = more alike)</text>
</svg>`;
}
