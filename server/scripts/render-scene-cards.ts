import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { buildTextToImage, DEFAULT_MODEL_FILES } from '../src/providers/comfy/index.js';
import { SCENES } from '../src/domain/presets/index.js';
import { startLocalGpu } from '@content-studio/local-gpu';

// Renders one small picture per scene preset with the local GPU (the same renderer packs use) into
// client/public/scenes/<id>.webp, shown on the studio's scene cards. Run once when scenes change:
//   pnpm --filter @content-studio/server exec tsx scripts/render-scene-cards.ts
const out = path.resolve(import.meta.dirname, '../../client/public/scenes');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="100%" height="100%" fill="#345"/><ellipse cx="50%" cy="40%" rx="22%" ry="26%" fill="#5a3a26"/><ellipse cx="50%" cy="52%" rx="27%" ry="34%" fill="#e8b894"/><circle cx="40%" cy="47%" r="3.5%" fill="#1d2b53"/><circle cx="60%" cy="47%" r="3.5%" fill="#1d2b53"/><rect x="42%" y="66%" width="16%" height="3.5%" fill="#a8323e"/></svg>`;
const face = await sharp(Buffer.from(svg)).png().toBuffer();
const gpu = await startLocalGpu({ modelFiles: { ...DEFAULT_MODEL_FILES }, defaults: { stepMs: 0 } });
await mkdir(out, { recursive: true });
try {
  for (const [i, scene] of SCENES.entries()) {
    const workflow = buildTextToImage({
      engine: 'flux_dev',
      model: 'flux1-dev-fp8.safetensors',
      prompt: `Photo of a woman, ${scene.prompt}`,
      width: 1024,
      height: 768,
      steps: 20,
      seed: 1000 + i,
      faceReference: { imageName: 'f.png' },
    });
    const res = await fetch(`${gpu.url}/image/runsync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gpu.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { workflow, images: [{ name: 'f.png', image: face.toString('base64') }] } }),
    });
    const body = (await res.json()) as { output?: { images: { data: string }[] }; error?: string };
    if (!body.output) throw new Error(JSON.stringify(body));
    await writeFile(
      path.join(out, `${scene.id}.webp`),
      await sharp(Buffer.from(body.output.images[0]!.data, 'base64')).resize(240, 160, { fit: 'cover' }).webp({ quality: 70 }).toBuffer(),
    );
    console.log(`wrote ${scene.id}.webp`);
  }
} finally {
  await gpu.close();
}
